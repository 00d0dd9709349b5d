// Admission control for heritage-server: a bounded pool that answers 503 instead of queueing
// forever.
#pragma once

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace heritage::web {

// An httplib TaskQueue of `threads` workers that admits at most `max_pending` connections at
// once, served or waiting for a worker. A connection beyond that is served at once on a short-lived
// thread of its own, with overloaded() true there: the server answers it 503 without doing any
// work. When even `threads` such rejections are in flight, the connection is served on the
// accepting thread, which stops accepting meanwhile (back-pressure into the kernel's listen queue).
// No connection is ever dropped unanswered, and a burst costs a bounded number of threads.
class BoundedTaskQueue : public httplib::TaskQueue {
  public:
    // REQUIRES: threads >= 1, max_pending >= 1.
    BoundedTaskQueue(int threads, int max_pending);
    ~BoundedTaskQueue() override;

    void enqueue(std::function<void()> fn) override;
    // Joins the workers and waits for rejections still being answered.
    void shutdown() override;

    // True on a thread serving a connection that was over the limit.
    static bool overloaded();

  private:
    void reject(std::function<void()> fn);

    httplib::ThreadPool m_pool;
    const int m_limit;  // connections admitted to m_pool, running or waiting
    const int m_max_rejecting;
    std::atomic<int> m_admitted{0};
    std::mutex m_mutex;
    std::condition_variable m_idle;
    int m_rejecting = 0;  // guarded by m_mutex
};

}  // namespace heritage::web
