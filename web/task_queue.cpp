// Bounded worker pool of heritage-server: see task_queue.hpp for the admission rules.
#include "web/task_queue.hpp"

#include <thread>
#include <utility>

namespace heritage::web {

namespace {
thread_local bool t_overloaded = false;
}

BoundedTaskQueue::BoundedTaskQueue(int threads, int max_pending)
    : m_pool(static_cast<std::size_t>(threads)), m_limit(max_pending), m_max_rejecting(threads) {}

BoundedTaskQueue::~BoundedTaskQueue() = default;

bool BoundedTaskQueue::overloaded() { return t_overloaded; }

void BoundedTaskQueue::enqueue(std::function<void()> fn) {
    if (m_admitted.fetch_add(1) >= m_limit) {
        m_admitted.fetch_sub(1);
        reject(std::move(fn));
        return;
    }
    m_pool.enqueue([this, fn = std::move(fn)] {
        fn();
        m_admitted.fetch_sub(1);
    });
}

void BoundedTaskQueue::reject(std::function<void()> fn) {
    bool own_thread = false;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        own_thread = m_rejecting < m_max_rejecting;
        if (own_thread) ++m_rejecting;
    }
    if (!own_thread) {  // back-pressure: answer here, on the accepting thread
        t_overloaded = true;
        fn();
        t_overloaded = false;
        return;
    }
    std::thread([this, fn = std::move(fn)] {
        t_overloaded = true;
        fn();
        std::lock_guard<std::mutex> lock(m_mutex);
        if (--m_rejecting == 0) m_idle.notify_all();
    }).detach();
}

void BoundedTaskQueue::shutdown() {
    m_pool.shutdown();
    std::unique_lock<std::mutex> lock(m_mutex);
    m_idle.wait(lock, [this] { return m_rejecting == 0; });
}

}  // namespace heritage::web
