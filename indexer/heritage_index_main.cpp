// heritage-index: indexes corpus files, text files and JSON Lines into a Xapian index.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "indexer/indexer.hpp"
#include "indexer/parallel_indexer.hpp"
#include "indexer/shards.hpp"

int main(int argc, char** argv) {
    CLI::App app{
        "Index heritage texts (corpus .md/.txt files, .jsonl, or - for JSON Lines on "
        "stdin) into a Xapian index.",
        "heritage-index"};
    std::string db;
    std::vector<std::string> paths;
    bool quiet = false;
    std::size_t shards = 0;
    // Writing is most of the work: one analysis thread per spare core keeps up with it.
    unsigned threads = std::max(1u, std::thread::hardware_concurrency()) - 1;
    if (threads == 0) threads = 1;
    app.set_version_flag("--version", std::string("heritage-index ") + HERITAGE_VERSION);
    // Usage errors are one line, like every other error.
    app.failure_message([](const CLI::App* a, const CLI::Error& e) {
        return a->get_name() + ": " + e.what() + " (see --help)\n";
    });
    app.add_option("--db", db, "Index folder (created if missing)")->required();
    app.add_option("paths", paths, "Files and folders to index (folders recursively)")->required();
    app.add_flag("-q,--quiet", quiet, "No progress line");
    app.add_option("--shards", shards,
                   "Split the index into N shards (DIR/shard-*, joined by the stub DIR/XAPIANDB); "
                   "default: as the index at DIR, else 1")
        ->check(CLI::Range(1, 64));
    app.add_option("--threads", threads,
                   "Analysis threads beside the writing thread(s); 0 does everything on one thread")
        ->capture_default_str()
        ->check(CLI::Range(0, 64));
    bool compact = true;
    app.add_flag("!--no-compact", compact, "Leave a new index as written (no compaction)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }

    // Xapian buffers this many changed documents per writer before writing them out (inside
    // the run's one transaction too). Its default, 10,000, measured slower here: the buffers'
    // maps outgrow the caches (bench/scale.py: a third less CPU, half the memory at 3,000).
    setenv("XAPIAN_FLUSH_THRESHOLD", "3000", 0);  // unless the user chose
    try {
        if (shards == 0) shards = std::max<std::size_t>(1, heritage::indexer::existing_shards(db));
        bool fresh = heritage::indexer::is_new_index(db);
        auto dirs = heritage::indexer::prepare_shards(db, shards);
        bool tty = !quiet && isatty(STDERR_FILENO);
        heritage::indexer::IndexReport r;
        {
            heritage::indexer::ParallelIndexer writer(dirs, threads);  // takes the lock
            auto progress = [&](const heritage::indexer::IndexReport& p) {
                if (tty)
                    std::fprintf(stderr, "\r%zu documents, %zu passages, %.1f MB read",
                                 p.documents(), p.passages, p.bytes / 1e6);
            };
            r = heritage::indexer::index_paths(writer, paths, std::cerr, progress);
        }
        // A new index written in bulk has half-empty blocks from Xapian's flushes: compacting
        // it costs seconds and makes it smaller and quicker to search.
        if (fresh && compact) {
            if (tty) std::fprintf(stderr, "\r\033[Kcompacting");
            for (const auto& dir : dirs) heritage::indexer::compact_in_place(dir);
        }
        if (tty) std::fprintf(stderr, "\r\033[K");
        std::printf(
            "indexed %zu documents (%zu added, %zu updated, %zu unchanged, %zu removed), "
            "%zu passages written, %zu skipped, %zu other files ignored, in %.2f s\n",
            r.documents(), r.added, r.updated, r.unchanged, r.removed, r.passages, r.skipped,
            r.ignored, r.seconds);
        if (r.skipped > 0) {
            std::fprintf(stderr, "heritage-index: %zu input%s skipped (see messages above)\n",
                         r.skipped, r.skipped == 1 ? "" : "s");
            return 1;
        }
        return 0;
    } catch (const Xapian::DatabaseLockError&) {
        std::fprintf(stderr, "heritage-index: index %s is locked by another writer\n", db.c_str());
    } catch (const Xapian::Error& e) {
        std::fprintf(stderr, "heritage-index: index %s: %s\n", db.c_str(),
                     e.get_description().c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "heritage-index: %s\n", e.what());
    }
    return 1;
}
