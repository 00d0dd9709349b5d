// Fuzz target: query parsing and the whole search over a tiny index. The first byte picks the
// request's options; the rest is the query. Only BadRequest may come out, and only for input the
// contract rejects; every answer must be valid, JSON-serialisable UTF-8.
#include "searcher/query_parser.hpp"
#include "searcher/searcher.hpp"
#include "tests/fuzz/fuzz_util.hpp"

using namespace heritage;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static searcher::Searcher searcher(fuzz::build_tiny_index());
    if (size == 0) return 0;
    const std::uint8_t options = data[0];
    std::string query(fuzz::as_text(data + 1, size - 1));

    if (indexer::is_valid_utf8(query)) {
        auto parsed = searcher::parse_query(
            query, searcher.analyzer(),
            options & 1 ? std::vector<std::string>{"nb"} : std::vector<std::string>{});
        FUZZ_CHECK(!parsed.query.get_description().empty());
        for (const auto& w : parsed.words) FUZZ_CHECK(indexer::is_valid_utf8(w));
    }

    searcher::SearchRequest r;
    r.query = query;
    r.limit = (options >> 1) & 7;
    r.offset = (options >> 4) & 3;
    if (options & 0x40) r.lang = options & 1 ? "nb" : "en";
    if (options & 0x80) r.source = "Wikipedia";
    try {
        auto res = searcher.search(r);
        FUZZ_CHECK(res.results.size() <= static_cast<std::size_t>(r.limit));
        int rank = r.offset;
        for (const auto& h : res.results) {
            FUZZ_CHECK(h.rank == ++rank);
            FUZZ_CHECK(indexer::is_valid_utf8(h.snippet));
            if (h.restricted) FUZZ_CHECK(h.snippet.empty() && h.text.empty());
        }
        // dump() throws on invalid UTF-8: the server's and the CLI's output must never fail.
        FUZZ_CHECK(!searcher::to_json(res).dump().empty());
    } catch (const searcher::BadRequest& e) {
        const bool rejectable = query.size() > searcher::kMaxQueryBytes ||
                                !indexer::is_valid_utf8(query) ||
                                query.find('\0') != std::string::npos;
        FUZZ_CHECK(rejectable);
    }
    return 0;
}
