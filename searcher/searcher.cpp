// Search over passages: filters, BM25 ranking, snippets, and the JSON shape of results.
#include "searcher/searcher.hpp"

#include "searcher/query_parser.hpp"
#include "searcher/snippet.hpp"

namespace heritage::searcher {

namespace prefix = indexer::prefix;
namespace slot = indexer::slot;

void validate(const SearchRequest& r) {
    if (r.query.size() > kMaxQueryBytes)
        throw BadRequest("query_too_long", "query is longer than " +
                                               std::to_string(kMaxQueryBytes) + " bytes");
    if (!indexer::is_valid_utf8(r.query)) throw BadRequest("invalid_utf8", "query is not valid UTF-8");
    if (r.query.find('\0') != std::string::npos)
        throw BadRequest("invalid_query", "query contains a NUL character");
    if (r.limit < 0 || r.limit > kMaxLimit)
        throw BadRequest("bad_limit", "limit must be between 0 and " + std::to_string(kMaxLimit));
    if (r.offset < 0 || r.offset > kMaxOffset)
        throw BadRequest("bad_offset", "offset must be between 0 and " + std::to_string(kMaxOffset));
    if (!r.lang.empty() && indexer::normalize_lang(r.lang).empty())
        throw BadRequest("bad_lang", "unknown lang \"" + r.lang + "\" (use en, nb or nn)");
    if (r.year_from && r.year_to && *r.year_from > *r.year_to)
        throw BadRequest("bad_year", "year_from is after year_to");
    for (const auto* s : {&r.source, &r.doc, &r.lang})
        if (!indexer::is_valid_utf8(*s)) throw BadRequest("invalid_utf8", "parameter is not valid UTF-8");
}

Searcher::Searcher(const std::string& db_path) : m_db(db_path) {}

void Searcher::reopen() { m_db.reopen(); }

SearchResponse Searcher::search(const SearchRequest& request) {
    validate(request);
    SearchResponse response;
    response.query = request.query;
    response.offset = request.offset;

    std::string lang = indexer::normalize_lang(request.lang);
    std::vector<std::string> langs;
    if (!lang.empty()) langs.push_back(lang);
    ParsedQuery parsed = parse_query(request.query, m_analyzer, langs);
    if (parsed.query.empty() || parsed.query.get_type() == Xapian::Query::LEAF_MATCH_NOTHING)
        return response;

    Xapian::Query q = parsed.query;
    auto filter = [&q](const Xapian::Query& f) { q = Xapian::Query(Xapian::Query::OP_FILTER, q, f); };
    if (!lang.empty()) filter(Xapian::Query(std::string(prefix::kLang) + lang));
    if (!request.doc.empty()) filter(Xapian::Query(std::string(prefix::kDoc) + request.doc));
    if (!request.source.empty()) {
        std::string key;
        for (const auto& t : m_analyzer.tokenize(request.source)) key += (key.empty() ? "" : " ") + t.word;
        filter(Xapian::Query(std::string(prefix::kSource) + key));
    }
    if (request.year_from || request.year_to) {
        std::string lo = Xapian::sortable_serialise(request.year_from.value_or(-100000));
        std::string hi = Xapian::sortable_serialise(request.year_to.value_or(100000));
        filter(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot::kYear, lo, hi));
    }

    Xapian::Enquire enquire(m_db);
    enquire.set_query(q);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                         static_cast<Xapian::doccount>(request.limit),
                                         static_cast<Xapian::doccount>(request.offset + request.limit + 200));
    response.total = mset.get_matches_estimated();
    int rank = request.offset;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        auto data = nlohmann::json::parse(it.get_document().get_data(), nullptr, false);
        if (data.is_discarded()) continue;
        Hit h;
        h.rank = ++rank;
        h.doc_id = data.value("doc_id", "");
        h.passage = data.value("passage", 0);
        h.title = data.value("title", "");
        h.section = data.value("section", "");
        h.source = data.value("source", "");
        h.url = data.value("url", "");
        h.lang = data.value("lang", "");
        h.score = it.get_weight();
        h.text = data.value("text", "");
        h.start = data.value("start", std::size_t{0});
        h.end = data.value("end", std::size_t{0});
        h.snippet = make_snippet(h.text, parsed.highlight_terms, m_analyzer, h.lang);
        response.results.push_back(std::move(h));
    }
    return response;
}

nlohmann::json to_json(const Hit& h) {
    return {{"rank", h.rank},       {"doc_id", h.doc_id}, {"passage", h.passage},
            {"title", h.title},     {"section", h.section}, {"source", h.source},
            {"url", h.url},         {"lang", h.lang},     {"score", h.score},
            {"snippet", h.snippet}, {"text", h.text},     {"start", h.start},
            {"end", h.end}};
}

nlohmann::json to_json(const SearchResponse& r) {
    nlohmann::json results = nlohmann::json::array();
    for (const auto& h : r.results) results.push_back(to_json(h));
    return {{"query", r.query}, {"total", r.total}, {"offset", r.offset}, {"results", results}};
}

}  // namespace heritage::searcher
