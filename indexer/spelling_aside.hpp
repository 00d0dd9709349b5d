// A new index's spelling data, written to a database of its own on a thread of its own.
#pragma once

#include <xapian.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

namespace heritage::indexer {

// Word -> occurrences, as IndexWriter counts them for the spelling data.
using SpellingBatch = std::unordered_map<std::string, Xapian::termcount>;

// Adds `words` to db's spelling data in word order: Xapian's look-ups of words already there then
// read neighbouring blocks, and its map of pending changes grows at one end.
void add_spellings(Xapian::WritableDatabase& db, const SpellingBatch& words);

// Adds the counts of `more` to `sum` (taking `more` whole when `sum` is empty).
void add_counts(SpellingBatch& sum, SpellingBatch&& more);

// Distinct words SpellingAside sums before it hands them to Xapian: the same word comes again in
// later batches, so each costs Xapian a look-up per batch, yet batches this size keep the
// thread busy from the first thousand documents on.
inline constexpr std::size_t kSpellingBatchWords = 16384;

// Xapian builds spelling data word by word (each new word goes on the lists of its n-grams),
// then writes those lists at commit: on the writer's thread that was a second or more of a bulk
// build's serial end. Here batches of counts go to a database beside the index as they come,
// on a thread of its own, and its commit runs alongside the index's. compact_in_place() with
// this database as an extra source then joins the two. The counts come a document at a time and
// are summed here too, off the index writer's thread, which sets the pace of a bulk build.
class SpellingAside {
  public:
    // Creates an empty database at dir (removing whatever was there) and starts the thread,
    // which gives Xapian the summed counts once they hold `batch_words` distinct words, and at
    // each commit. Throws Xapian::Error if it cannot.
    explicit SpellingAside(const std::string& dir, std::size_t batch_words = kSpellingBatchWords);
    // Stops the thread. Words not committed are dropped, as a writer's uncommitted changes are.
    ~SpellingAside();
    SpellingAside(const SpellingAside&) = delete;
    SpellingAside& operator=(const SpellingAside&) = delete;

    // Queues counts to add to the spelling data (taken from `batch`, which is left empty).
    void add(SpellingBatch& batch);
    // Adds everything queued and commits, in the background: finish_commit() waits for it.
    void start_commit();
    // Waits for the commit start_commit() asked for. Rethrows what the thread failed with, if
    // anything (the failure drops the batches queued with it).
    void finish_commit();

  private:
    void run();

    Xapian::WritableDatabase m_db;
    const std::size_t m_batch_words;
    SpellingBatch m_sum;  // counts taken from the queue, not yet given to Xapian (thread only)
    std::mutex m_mutex;
    std::condition_variable m_wake;  // the thread: work, a commit or stop
    std::condition_variable m_done;  // finish_commit(): the commit happened
    std::deque<SpellingBatch> m_queue;
    bool m_commit = false;  // asked for and not done yet
    bool m_stop = false;
    std::exception_ptr m_error;
    std::thread m_thread;  // last: started once the rest exists
};

}  // namespace heritage::indexer
