// In-process search latency of heritage-search: Searcher::search and the result JSON, as the
// server does per request (facets on, or off with --no-facets), for every query of a file;
// with --ask, searcher::ask and its JSON instead (no facets: an answer carries none).
// With --warm every query is asked once before the timed pass (the caches of a server that has
// seen them), else only the first 50. Prints one JSON line of percentiles.
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "bench/scale_stats.hpp"
#include "searcher/answer.hpp"
#include "searcher/searcher.hpp"

int main(int argc, char** argv) {
    std::string db, queries, lang;
    bool facets = true, warm = false, ask = false;
    std::size_t slowest = 0;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--no-facets") {
            facets = false;
        } else if (a == "--ask") {
            ask = true;
        } else if (a == "--warm") {
            warm = true;
        } else if (i + 1 < argc && a == "--db") {
            db = argv[++i];
        } else if (i + 1 < argc && a == "--queries") {
            queries = argv[++i];
        } else if (i + 1 < argc && a == "--slowest") {
            slowest = std::stoul(argv[++i]);
        } else if (i + 1 < argc && a == "--lang") {
            lang = argv[++i];
        } else {
            db.clear();
            break;
        }
    }
    if (db.empty() || queries.empty()) {
        std::fprintf(stderr,
                     "usage: scale_search --db DIR --queries FILE [--lang L] [--no-facets] [--ask] "
                     "[--warm] [--slowest N]\n");
        return 2;
    }
    try {
        heritage::searcher::Searcher searcher(db);
        heritage::bench::Latencies lat;
        std::size_t bytes_out = 0, failed = 0;
        auto lines = heritage::bench::read_lines(queries);
        auto one = [&](const std::string& q) {
            heritage::searcher::SearchRequest req;
            req.query = q;
            req.lang = lang;
            req.facets = facets;
            try {
                auto j = ask ? heritage::searcher::to_json(heritage::searcher::ask(searcher, req))
                             : heritage::searcher::to_json(searcher.search(req));
                bytes_out +=
                    j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).size();
            } catch (const heritage::searcher::BadRequest&) {
                ++failed;
            }
        };
        heritage::bench::warm_up(lines, one, warm ? lines.size() : 50);
        for (const auto& q : lines) lat.time([&] { one(q); });
        // The slowest queries by CPU time, to see what the tail is made of.
        std::vector<std::size_t> order(lines.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(),
                  [&](std::size_t a, std::size_t b) { return lat.cpu[a] > lat.cpu[b]; });
        for (std::size_t i = 0; i < std::min(slowest, order.size()); ++i)
            std::fprintf(stderr, "%8.3f ms cpu  %s\n", lat.cpu[order[i]], lines[order[i]].c_str());
        heritage::bench::print_latencies(std::string(ask      ? "ask"
                                                     : facets ? "search"
                                                              : "search_no_facets") +
                                             (warm ? "_warm" : ""),
                                         lat);
        std::fprintf(stderr, "scale_search: %zu bytes of results, %zu bad requests\n", bytes_out,
                     failed);
        return 0;
    } catch (const Xapian::Error& e) {  // not a std::exception
        std::fprintf(stderr, "scale_search: %s\n", e.get_description().c_str());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "scale_search: %s\n", e.what());
        return 1;
    }
}
