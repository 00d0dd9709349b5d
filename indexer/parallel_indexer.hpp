// Indexing on several cores: documents are analysed on worker threads while each shard's
// IndexWriter writes on a thread of its own, in input order.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "indexer/indexer.hpp"

namespace heritage::indexer {

// Sends each document to shard shard_of(id, shards.size()) and keeps the analysis (ICU words,
// stems, passages, Xapian documents) off the writing threads, unless a writer would otherwise
// wait for it. With threads == 0 and one shard everything runs on the calling thread, exactly
// like IndexWriter::add.
// Not thread-safe itself: one thread calls add(), wait(), remove(), commit().
class ParallelIndexer {
  public:
    // Opens or creates one IndexWriter per folder in shard_dirs (see indexer/shards.hpp).
    // `threads` analysis threads run beside the writers (0: analyse on the writing thread).
    ParallelIndexer(const std::vector<std::string>& shard_dirs, unsigned threads,
                    PassageOptions options = {});
    // Serial indexing into an existing writer (no threads).
    explicit ParallelIndexer(IndexWriter& writer);
    // Stops the threads; what was not committed is dropped with the writers' transactions.
    ~ParallelIndexer();
    ParallelIndexer(const ParallelIndexer&) = delete;
    ParallelIndexer& operator=(const ParallelIndexer&) = delete;

    // Queues doc to be analysed and written. May return before it is written. Rethrows the
    // first failure of an earlier document's analysis or write (e.g. a Xapian error).
    // REQUIRES: no other document with the same id since the last commit().
    void add(Document doc);
    // Blocks until every queued document is written; rethrows the first failure.
    void wait();
    // Outcomes of the documents written so far (added, updated, unchanged, passages).
    IndexReport counts();

    // As IndexWriter's, over every shard; each waits for queued documents first.
    bool empty();
    std::vector<std::string> ids_from(const std::string& origin, bool folder,
                                      std::vector<std::string>* origins = nullptr);
    bool remove(const std::string& id);
    // Commits every shard, one after another: a crash in between leaves some shards at the
    // new revision and some at the old, each consistent in itself.
    void commit();

    std::size_t shards() const { return m_writers.size(); }

  private:
    struct Job;
    struct Lane;
    void analyse_loop(std::size_t worker);
    void write_loop(Lane& lane);
    // The newest job in m_to_analyse that `lane` writes, or m_to_analyse.end().
    // REQUIRES: m_mutex held
    std::deque<std::shared_ptr<Job>>::iterator newest_unstarted(const Lane& lane);
    void rethrow_failure();  // REQUIRES: m_mutex held
    IndexWriter& writer_for(const std::string& id);

    std::vector<std::unique_ptr<IndexWriter>> m_owned;
    std::vector<IndexWriter*> m_writers;
    std::vector<std::string> m_dirs;  // for the workers' read-only snapshots ("" = none)
    PassageOptions m_options;

    std::mutex m_mutex;
    std::condition_variable m_changed;  // any job, queue or counter changed
    std::deque<std::shared_ptr<Job>> m_to_analyse;
    std::vector<std::unique_ptr<Lane>> m_lanes;  // one per shard, when threaded
    std::size_t m_in_flight = 0;                 // added, not yet written
    std::size_t m_max_in_flight = 0;
    bool m_stopping = false;
    std::exception_ptr m_failure;
    IndexReport m_counts;
    std::vector<std::thread> m_threads;
};

// index_paths (indexer.hpp) over a ParallelIndexer: one index or shards, on several threads.
IndexReport index_paths(ParallelIndexer& indexer, const std::vector<std::string>& paths,
                        std::ostream& errors, const ProgressFn& progress = {});

}  // namespace heritage::indexer
