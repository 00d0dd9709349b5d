// In-process search latency of heritage-search: Searcher::search and the result JSON, as the
// server does per request (facets on, or off with --no-facets), for every query of a file;
// with --ask, searcher::ask and its JSON instead (no facets: an answer carries none).
// With --warm every query is asked once before the timed pass (the caches of a server that has
// seen them), else only the first 50. Prints one JSON line of percentiles (for searches, also of
// their stages: parsing, Xapian's match, the results).
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
        heritage::searcher::SearchTimings last;  // the last search's stages
        std::vector<heritage::searcher::SearchTimings> stages;
        auto one = [&](const std::string& q) {
            heritage::searcher::SearchRequest req;
            req.query = q;
            req.lang = lang;
            req.facets = facets;
            try {
                nlohmann::json j;
                if (ask) {
                    j = heritage::searcher::to_json(heritage::searcher::ask(searcher, req));
                } else {
                    auto found = searcher.search(req);
                    last = found.timings;
                    j = heritage::searcher::to_json(found);
                }
                bytes_out +=
                    j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).size();
            } catch (const heritage::searcher::BadRequest&) {
                last = {};
                ++failed;
            }
        };
        heritage::bench::warm_up(lines, one, warm ? lines.size() : 50);
        for (const auto& q : lines) {
            lat.time([&] { one(q); });
            stages.push_back(last);
        }
        // The slowest queries by CPU time, to see what the tail is made of.
        std::vector<std::size_t> order(lines.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(),
                  [&](std::size_t a, std::size_t b) { return lat.cpu[a] > lat.cpu[b]; });
        for (std::size_t i = 0; i < std::min(slowest, order.size()); ++i) {
            const auto& t = stages[order[i]];
            std::fprintf(stderr, "%8.3f ms cpu", lat.cpu[order[i]]);
            if (!ask)
                std::fprintf(stderr, " (parse %.3f, match %.3f, results %.3f)", t.parse_ms,
                             t.match_ms, t.results_ms);
            std::fprintf(stderr, "  %s\n", lines[order[i]].c_str());
        }
        // Where a search's time goes (Searcher's own stages, wall time; the JSON comes after).
        std::string extra;
        if (!ask) {
            auto add = [&](const char* name, double heritage::searcher::SearchTimings::*stage) {
                std::vector<double> v;
                for (const auto& t : stages) v.push_back(t.*stage);
                char buf[128];
                std::snprintf(buf, sizeof buf, ",\"%s_p50_ms\":%.3f,\"%s_p99_ms\":%.3f", name,
                              heritage::bench::percentile(v, 50), name,
                              heritage::bench::percentile(v, 99));
                extra += buf;
            };
            add("parse", &heritage::searcher::SearchTimings::parse_ms);
            add("match", &heritage::searcher::SearchTimings::match_ms);
            add("results", &heritage::searcher::SearchTimings::results_ms);
        }
        heritage::bench::print_latencies(std::string(ask      ? "ask"
                                                     : facets ? "search"
                                                              : "search_no_facets") +
                                             (warm ? "_warm" : ""),
                                         lat, extra);
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
