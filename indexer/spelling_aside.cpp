// Spelling data written on a thread of its own, beside a new index.
#include "indexer/spelling_aside.hpp"

#include <pthread.h>

#include <algorithm>
#include <filesystem>
#include <utility>
#include <vector>

namespace heritage::indexer {

namespace {

// In a transaction: a database closed without commit keeps nothing (Xapian would otherwise
// commit what it has).
Xapian::WritableDatabase create_empty(const std::string& dir) {
    std::filesystem::remove_all(dir);
    Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OPEN);
    db.begin_transaction(true);
    return db;
}

}  // namespace

void add_spellings(Xapian::WritableDatabase& db, const SpellingBatch& words) {
    std::vector<const SpellingBatch::value_type*> sorted;
    sorted.reserve(words.size());
    for (const auto& entry : words) sorted.push_back(&entry);
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
    for (const auto* entry : sorted) db.add_spelling(entry->first, entry->second);
}

void add_counts(SpellingBatch& sum, SpellingBatch&& more) {
    if (sum.empty()) {
        sum = std::move(more);
        return;
    }
    for (const auto& [word, n] : more) sum[word] += n;
}

SpellingAside::SpellingAside(const std::string& dir, std::size_t batch_words)
    : m_db(create_empty(dir)), m_batch_words(batch_words), m_thread([this] { run(); }) {}

SpellingAside::~SpellingAside() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
    try {
        m_db.cancel_transaction();
    } catch (const Xapian::Error&) {  // a failed commit left none open
    }
}

void SpellingAside::add(SpellingBatch& batch) {
    if (batch.empty()) return;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_queue.push_back(std::move(batch));
    }
    batch.clear();  // a moved-from map is valid but unspecified
    m_wake.notify_one();
}

void SpellingAside::start_commit() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_commit = true;
    }
    m_wake.notify_one();
}

void SpellingAside::finish_commit() {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_done.wait(lock, [this] { return !m_commit; });
    if (m_error) std::rethrow_exception(std::exchange(m_error, nullptr));
}

void SpellingAside::run() {
    pthread_setname_np(pthread_self(), "index-spelling");  // for top, perf and bench/scale.py
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || m_commit || !m_queue.empty(); });
        if (m_stop) return;
        try {
            if (!m_queue.empty()) {
                SpellingBatch counts = std::move(m_queue.front());
                m_queue.pop_front();
                lock.unlock();
                add_counts(m_sum, std::move(counts));
                if (m_sum.size() >= m_batch_words) {
                    add_spellings(m_db, m_sum);
                    m_sum.clear();
                }
                lock.lock();
                continue;  // the queue first: a commit covers every batch queued before it
            }
            lock.unlock();
            add_spellings(m_db, m_sum);
            m_sum.clear();
            m_db.commit_transaction();
            m_db.begin_transaction(true);
            lock.lock();
        } catch (...) {
            if (!lock.owns_lock()) lock.lock();
            m_error = std::current_exception();
            m_queue.clear();
            m_sum.clear();
        }
        if (m_queue.empty() && m_commit) {
            m_commit = false;
            m_done.notify_all();
        }
    }
}

}  // namespace heritage::indexer
