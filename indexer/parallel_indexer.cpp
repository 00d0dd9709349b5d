// The indexing pipeline: a queue of documents, analysis workers, and one writer thread per shard.
#include "indexer/parallel_indexer.hpp"

#include <pthread.h>

#include <algorithm>
#include <iterator>
#include <optional>

#include "indexer/shards.hpp"

namespace heritage::indexer {

struct ParallelIndexer::Job {
    Document doc;
    const Lane* lane = nullptr;                // the lane that writes it
    std::optional<PreparedDocument> prepared;  // empty: the writer prepares it itself
    bool ready = false;                        // analysis finished (or not needed)
    std::exception_ptr error;
};

struct ParallelIndexer::Lane {
    IndexWriter* writer = nullptr;
    std::deque<std::shared_ptr<Job>> jobs;  // in input order
};

ParallelIndexer::ParallelIndexer(IndexWriter& writer) : m_writers{&writer} {}

ParallelIndexer::ParallelIndexer(const std::vector<std::string>& shard_dirs, unsigned threads,
                                 PassageOptions options)
    : m_dirs(shard_dirs), m_options(options) {
    for (const auto& dir : shard_dirs) {
        m_owned.push_back(std::make_unique<IndexWriter>(dir, options));
        m_writers.push_back(m_owned.back().get());
    }
    if (threads == 0 && m_writers.size() == 1) return;  // serial
    // Enough queued documents to keep every thread busy; few enough to bound memory.
    m_max_in_flight = 16 * (threads + m_writers.size());
    for (auto* w : m_writers) {
        m_lanes.push_back(std::make_unique<Lane>());
        m_lanes.back()->writer = w;
    }
    for (auto& lane : m_lanes) m_threads.emplace_back([this, l = lane.get()] { write_loop(*l); });
    for (unsigned i = 0; i < threads; ++i) m_threads.emplace_back([this, i] { analyse_loop(i); });
}

ParallelIndexer::~ParallelIndexer() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    for (auto& t : m_threads) t.join();
}

IndexWriter& ParallelIndexer::writer_for(const std::string& id) {
    return *m_writers[shard_of(id, m_writers.size())];
}

void ParallelIndexer::rethrow_failure() {
    if (m_failure) std::rethrow_exception(m_failure);
}

void ParallelIndexer::add(Document doc) {
    if (m_lanes.empty()) {
        std::size_t n = 0;
        auto outcome = writer_for(doc.id).add(std::move(doc), &n);
        switch (outcome) {
            case IndexWriter::Outcome::added:
                ++m_counts.added;
                break;
            case IndexWriter::Outcome::updated:
                ++m_counts.updated;
                break;
            case IndexWriter::Outcome::unchanged:
                ++m_counts.unchanged;
                break;
        }
        m_counts.passages += n;
        return;
    }
    auto job = std::make_shared<Job>();
    Lane& lane = *m_lanes[shard_of(doc.id, m_lanes.size())];
    job->doc = std::move(doc);
    job->lane = &lane;
    bool workers = m_threads.size() > m_lanes.size();
    job->ready = !workers;
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [&] { return m_in_flight < m_max_in_flight || m_failure; });
    rethrow_failure();
    ++m_in_flight;
    lane.jobs.push_back(job);
    if (workers) m_to_analyse.push_back(job);
    lock.unlock();
    m_changed.notify_all();
}

void ParallelIndexer::analyse_loop(std::size_t) {
    pthread_setname_np(pthread_self(), "index-analysis");  // for top, perf and bench/scale.py
    IndexWriter analysis(m_options);
    // Read-only views of the last committed revision of each shard: a document found there with
    // the same content hash is unchanged and needs no analysis. The writers decide for real.
    std::vector<std::optional<Xapian::Database>> snapshots(m_dirs.size());
    std::vector<bool> tried(m_dirs.size(), false);
    while (true) {
        std::shared_ptr<Job> job;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_changed.wait(lock, [&] { return m_stopping || !m_to_analyse.empty(); });
            if (m_stopping) return;
            job = std::move(m_to_analyse.front());
            m_to_analyse.pop_front();
        }
        try {
            std::size_t shard = shard_of(job->doc.id, m_dirs.size());
            PreparedDocument p = analysis.prepare(std::move(job->doc));
            if (!tried[shard]) {
                tried[shard] = true;
                try {
                    snapshots[shard].emplace(m_dirs[shard]);
                } catch (const Xapian::Error&) {  // a new index: nothing to compare with
                }
            }
            bool current = false;
            if (snapshots[shard]) {
                try {
                    current = IndexWriter::is_current(*snapshots[shard], p);
                } catch (const Xapian::Error&) {
                }
            }
            if (!current) analysis.analyse(p);
            job->prepared = std::move(p);
        } catch (...) {
            job->error = std::current_exception();
        }
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            job->ready = true;
        }
        m_changed.notify_all();
    }
}

std::deque<std::shared_ptr<ParallelIndexer::Job>>::iterator ParallelIndexer::newest_unstarted(
    const Lane& lane) {
    auto it = std::find_if(m_to_analyse.rbegin(), m_to_analyse.rend(),
                           [&lane](const auto& job) { return job->lane == &lane; });
    return it == m_to_analyse.rend() ? m_to_analyse.end() : std::prev(it.base());
}

void ParallelIndexer::write_loop(Lane& lane) {
    pthread_setname_np(pthread_self(), "index-writer");  // for top, perf and bench/scale.py
    while (true) {
        std::shared_ptr<Job> job;
        bool skip = false;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_changed.wait(lock, [&] {
                return m_stopping ||
                       (!lane.jobs.empty() &&
                        (lane.jobs.front()->ready || newest_unstarted(lane) != m_to_analyse.end()));
            });
            if (m_stopping) return;
            if (!lane.jobs.front()->ready) {
                // The writer sets the pace of a bulk build, so it waits for analysis only at
                // the start (dictionaries loading, caches cold) and when a worker is held up:
                // then it analyses one of its own queued documents itself, the newest, which
                // the workers (taking the oldest first) reach last.
                auto newest = newest_unstarted(lane);
                job = std::move(*newest);
                m_to_analyse.erase(newest);
                lock.unlock();
                try {
                    job->prepared = lane.writer->prepare_ahead(std::move(job->doc));
                } catch (...) {
                    job->error = std::current_exception();
                }
                lock.lock();
                job->ready = true;
                continue;
            }
            job = std::move(lane.jobs.front());
            lane.jobs.pop_front();
            skip = static_cast<bool>(m_failure);  // after a failure the run is lost: drain
        }
        IndexReport done;
        std::exception_ptr error;
        if (!skip) {
            try {
                if (job->error) std::rethrow_exception(job->error);
                std::size_t n = 0;
                auto outcome = job->prepared ? lane.writer->write(std::move(*job->prepared), &n)
                                             : lane.writer->add(std::move(job->doc), &n);
                done.added = outcome == IndexWriter::Outcome::added;
                done.updated = outcome == IndexWriter::Outcome::updated;
                done.unchanged = outcome == IndexWriter::Outcome::unchanged;
                done.passages = n;
            } catch (...) {
                error = std::current_exception();
            }
        }
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            if (error && !m_failure) m_failure = error;
            m_counts.added += done.added;
            m_counts.updated += done.updated;
            m_counts.unchanged += done.unchanged;
            m_counts.passages += done.passages;
            --m_in_flight;
        }
        m_changed.notify_all();
    }
}

void ParallelIndexer::wait() {
    if (m_lanes.empty()) return;
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [&] { return m_in_flight == 0; });
    rethrow_failure();
}

IndexReport ParallelIndexer::counts() {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_counts;
}

bool ParallelIndexer::empty() {
    wait();
    for (auto* w : m_writers)
        if (!w->empty()) return false;
    return true;
}

std::vector<std::string> ParallelIndexer::ids_from(const std::string& origin, bool folder,
                                                   std::vector<std::string>* origins) {
    wait();
    std::vector<std::string> ids;
    for (auto* w : m_writers) {
        auto some = w->ids_from(origin, folder, origins);
        ids.insert(ids.end(), some.begin(), some.end());
    }
    return ids;
}

bool ParallelIndexer::remove(const std::string& id) {
    wait();
    return writer_for(id).remove(id);
}

void ParallelIndexer::commit() {
    wait();
    for (auto* w : m_writers) w->commit();
}

}  // namespace heritage::indexer
