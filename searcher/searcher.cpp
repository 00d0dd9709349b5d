// Search over passages: filters, BM25 ranking, snippets, and the JSON shape of results.
#include "searcher/searcher.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string_view>
#include <unordered_map>

#include "indexer/compounds.hpp"
#include "indexer/packed_values.hpp"
#include "indexer/thesaurus.hpp"
#include "searcher/explain.hpp"
#include "searcher/facet_table.hpp"
#include "searcher/query_parser.hpp"
#include "searcher/snippet.hpp"

namespace heritage::searcher {

namespace prefix = indexer::prefix;
namespace slot = indexer::slot;

void validate(const SearchRequest& r) {
    if (r.query.size() > kMaxQueryBytes)
        throw BadRequest("query_too_long",
                         "query is longer than " + std::to_string(kMaxQueryBytes) + " bytes");
    if (!indexer::is_valid_utf8(r.query))
        throw BadRequest("invalid_utf8", "query is not valid UTF-8");
    if (r.query.find('\0') != std::string::npos)
        throw BadRequest("invalid_query", "query contains a NUL character");
    if (r.limit < 0 || r.limit > kMaxLimit)
        throw BadRequest("bad_limit", "limit must be between 0 and " + std::to_string(kMaxLimit));
    if (r.offset < 0 || r.offset > kMaxOffset)
        throw BadRequest("bad_offset",
                         "offset must be between 0 and " + std::to_string(kMaxOffset));
    if (!r.lang.empty() && indexer::normalize_lang(r.lang).empty())
        throw BadRequest("bad_lang", "unknown lang \"" + r.lang + "\" (use en, nb or nn)");
    if (r.year_from && r.year_to && *r.year_from > *r.year_to)
        throw BadRequest("bad_year", "year_from is after year_to");
    for (const auto* s : {&r.source, &r.doc, &r.lang})
        if (!indexer::is_valid_utf8(*s))
            throw BadRequest("invalid_utf8", "parameter is not valid UTF-8");
}

namespace {

// Searches a searcher answers before it loads an index's facet values or terms into memory.
constexpr int kSearchesBeforeTable = 4;

// A block read twice with a revision it cannot have is damaged, not being rewritten: a writer
// commits once per run, so a retry after reopening reads a consistent revision.
Xapian::DatabaseCorruptError damaged() {
    return Xapian::DatabaseCorruptError("blocks of the index are damaged (run xapian-check)");
}

Xapian::Database open_database(const std::string& path) {
    try {
        return Xapian::Database(path);
    } catch (const Xapian::DatabaseModifiedError&) {
        try {
            return Xapian::Database(path);
        } catch (const Xapian::DatabaseModifiedError&) {
            throw damaged();
        }
    }
}

// Whether the index keeps the three facet keys in one value (slot::kFacets).
bool has_joined_facets(const Xapian::Database& db) {
    try {
        return db.get_value_freq(slot::kFacets) > 0;
    } catch (const Xapian::Error&) {  // a backend without value statistics
        return false;
    }
}

// The 20 most frequent values of a spy: by count, then value (as Xapian orders them).
std::vector<FacetValue> top_values(Xapian::ValueCountMatchSpy& spy) {
    std::vector<FacetValue> values;
    for (auto it = spy.top_values_begin(20); it != spy.top_values_end(20); ++it)
        if (!(*it).empty()) values.push_back({*it, it.get_termfreq(), {}});
    return values;
}

// The source, lang and doc facets from counts of joined "source\x1flang\x1fdoc" values,
// ordered as top_values() orders them. Values stay views into joined_counts' strings until
// they are among a facet's first 20: a long question matches passages of hundreds of
// documents, and a string and map node for each was a twentieth of such a search.
std::map<std::string, std::vector<FacetValue>> split_facets(
    const std::vector<std::pair<std::string_view, Xapian::doccount>>& joined_counts) {
    constexpr std::size_t kTop = 20;
    const char* const names[] = {"source", "lang", "doc"};
    std::unordered_map<std::string_view, Xapian::doccount> counts[3];
    for (const auto& [joined, n] : joined_counts) {
        std::size_t a = joined.find(slot::kFacetSeparator);
        std::size_t b = a == std::string::npos ? a : joined.find(slot::kFacetSeparator, a + 1);
        if (b == std::string::npos) continue;
        counts[0][joined.substr(0, a)] += n;
        counts[1][joined.substr(a + 1, b - a - 1)] += n;
        counts[2][joined.substr(b + 1)] += n;
    }
    std::map<std::string, std::vector<FacetValue>> facets;
    for (std::size_t f = 0; f < 3; ++f) {
        std::vector<std::pair<std::string_view, Xapian::doccount>> values;
        for (const auto& entry : counts[f])
            if (!entry.first.empty()) values.push_back(entry);
        // Most frequent first; equally frequent in byte order.
        auto before = [](const auto& x, const auto& y) {
            return x.second != y.second ? x.second > y.second : x.first < y.first;
        };
        std::size_t top = std::min(kTop, values.size());
        std::partial_sort(values.begin(), values.begin() + top, values.end(), before);
        auto& out = facets[names[f]];
        for (std::size_t i = 0; i < top; ++i)
            out.push_back({std::string(values[i].first), values[i].second, {}});
    }
    return facets;
}

// A document record's data with its text, as every index format gives it; null if broken.
nlohmann::json record_data(const Xapian::Document& record) {
    auto rec = nlohmann::json::parse(record.get_data(), nullptr, false);
    if (rec.is_discarded()) return nullptr;
    if (!rec.contains("text")) rec["text"] = indexer::record_text(record);  // format 6 on
    // Indexes built before restricted text was dropped from records still hold it.
    if (rec.value("access", "") == "restricted") rec["text"] = "";
    return rec;
}

}  // namespace

Searcher::Searcher(const std::string& db_path) : m_db(open_database(db_path)) {
    m_joined_facets = has_joined_facets(m_db);
    // The word lists (compounds, language evidence) load once per process, taking about a
    // second: here, when a server opens its first searcher, rather than in its first query.
    indexer::Lexicon::shared();
    load_synonyms();
}

void Searcher::load_synonyms() {
    // Synonyms live in the index (written by heritage-index from the thesaurus). A thesaurus's
    // few thousand keys are read into memory: each query word looks up several keys, and as
    // B-tree look-ups those cost about a twentieth of a search. An index without synonyms (a
    // remote one, or one built without a thesaurus) uses the thesaurus file directly.
    constexpr std::size_t kMaxKeysInMemory = 200000;
    m_synonyms.reset();
    try {
        std::map<std::string, std::set<std::string>> in_index;
        for (auto key = m_db.synonym_keys_begin(); key != m_db.synonym_keys_end(); ++key) {
            if (in_index.size() >= kMaxKeysInMemory) return;  // too many: look them up
            auto& values = in_index[*key];
            for (auto v = m_db.synonyms_begin(*key); v != m_db.synonyms_end(*key); ++v)
                values.insert(*v);
        }
        if (!in_index.empty()) {
            m_synonyms = std::move(in_index);
            return;
        }
    } catch (const Xapian::Error&) {  // a backend without synonyms
    }
    std::string path = indexer::default_thesaurus_path();
    std::error_code ec;
    if (!path.empty() && std::filesystem::exists(path, ec)) {
        try {
            m_synonyms = indexer::Thesaurus::load(path).synonyms(m_analyzer);
        } catch (const indexer::ThesaurusError&) {  // heritage-index reports a broken file
        }
    }
}

void Searcher::reopen() {
    if (!m_db.reopen()) return;
    m_joined_facets = has_joined_facets(m_db);
    m_facet_table.reset();
    m_faceted_searches = 0;
    m_spelling.reset();
    m_terms.reset();
    m_searches = 0;
    m_titles.clear();
    m_words.clear();
    m_texts.clear();
    m_freqs.clear();
    load_synonyms();
}

std::optional<Xapian::Document> Searcher::record(const std::string& id) {
    const std::string term = std::string(prefix::kDocId) + id;
    Xapian::PostingIterator it = m_db.postlist_begin(term);
    if (it == m_db.postlist_end(term)) return std::nullopt;
    // The id's posting list names the document: it need not be looked up to be checked.
    return m_db.get_document(*it, Xapian::DOC_ASSUME_VALID);
}

const std::string& Searcher::document_text(const std::string& id) {
    constexpr std::size_t kMaxTexts = 64;  // documents can be long: keep only a few
    auto cached = m_texts.find(id);
    if (cached != m_texts.end()) return cached->second;
    std::string text = with_retry([&] {
        auto rec = record(id);
        if (!rec) return std::string();
        // From index format 6 on, the text is a value, read without parsing JSON. No value is
        // also what older indexes have (and empty and restricted texts).
        std::string value = indexer::record_text(*rec);
        if (!value.empty()) return value;
        nlohmann::json data = record_data(*rec);
        return data.is_object() ? data.value("text", "") : "";
    });
    if (m_texts.size() >= kMaxTexts) m_texts.clear();
    return m_texts.emplace(id, std::move(text)).first->second;
}

Xapian::doccount Searcher::term_freq(const std::string& term) {
    if (m_terms) return m_terms->freq(term);
    return m_freqs.get(term, [this](const std::string& t) { return m_db.get_termfreq(t); });
}

std::string Searcher::title_of(const std::string& id) {
    constexpr std::size_t kMaxTitles = 10000;
    auto cached = m_titles.find(id);
    if (cached != m_titles.end()) return cached->second;
    std::string title;
    if (auto rec = record(id)) {
        title = rec->get_value(slot::kTitle);
        if (title.empty()) {  // before format 3, only the record's data has the title
            auto data = nlohmann::json::parse(rec->get_data(), nullptr, false);
            if (!data.is_discarded()) title = data.value("title", "");
        }
    }
    if (m_titles.size() >= kMaxTitles) m_titles.clear();
    m_titles.emplace(id, title);
    return title;
}

template <class F>
auto Searcher::with_retry(F f) -> decltype(f()) {
    try {
        return f();
    } catch (const Xapian::DatabaseModifiedError&) {
        // The writer committed twice while this reader was on an old revision, and the blocks
        // it was reading were reused. The latest revision is consistent: read that once more.
        try {
            reopen();
            return f();
        } catch (const Xapian::DatabaseModifiedError&) {
            throw damaged();
        }
    }
}

nlohmann::json Searcher::document(const std::string& id) {
    return with_retry([&]() -> nlohmann::json {
        auto rec = record(id);
        return rec ? record_data(*rec) : nlohmann::json(nullptr);
    });
}

SearchResponse Searcher::search(const SearchRequest& request) {
    return with_retry([&] { return search_once(request); });
}

namespace {

double ms_since(std::chrono::steady_clock::time_point& t) {
    auto now = std::chrono::steady_clock::now();
    double ms = std::chrono::duration<double, std::milli>(now - t).count();
    t = now;
    return ms;
}

}  // namespace

SearchResponse Searcher::search_once(const SearchRequest& request) {
    const auto t0 = std::chrono::steady_clock::now();
    validate(request);
    auto stage = std::chrono::steady_clock::now();
    SearchResponse response;
    response.query = request.query;
    response.offset = request.offset;

    std::string lang = indexer::normalize_lang(request.lang);
    std::vector<std::string> langs;
    if (!lang.empty()) langs.push_back(lang);
    // A searcher that keeps being asked looks the index's terms up in memory (TermDictionary),
    // which a question's parsing does by the dozen. A one-off query does not pay for loading a
    // large index's terms.
    if (m_searches < kSearchesBeforeTable && ++m_searches == kSearchesBeforeTable)
        m_terms = TermDictionary::of(m_db);
    QueryContext context{&m_db, m_synonyms ? &*m_synonyms : nullptr, &m_words, &m_spelling,
                         m_terms.get()};
    ParsedQuery parsed = parse_query(request.query, m_analyzer, langs, context);
    response.timings.parse_ms = ms_since(stage);
    response.did_you_mean = parsed.did_you_mean;
    if (parsed.query.empty() || parsed.query.get_type() == Xapian::Query::LEAF_MATCH_NOTHING)
        return response;

    Xapian::Query q = parsed.query;
    auto filter = [&q](const Xapian::Query& f) {
        q = Xapian::Query(Xapian::Query::OP_FILTER, q, f);
    };
    if (!lang.empty()) filter(Xapian::Query(std::string(prefix::kLang) + lang));
    if (!request.doc.empty()) filter(Xapian::Query(std::string(prefix::kDoc) + request.doc));
    if (!request.source.empty()) {
        std::string key;
        for (const auto& t : m_analyzer.tokenize(request.source))
            key += (key.empty() ? "" : " ") + t.word;
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
    // Facets count over the first few hundred matches: exact for small result sets, a fair
    // picture of the head for large ones, and cheap either way. An index of format 3 on keeps
    // all three keys in one value, so each match costs one value read rather than three; a
    // searcher that keeps being asked reads them from memory instead (FacetTable), once it has
    // answered kSearchesBeforeTable faceted searches: a one-off query does not pay for loading
    // a large index's table.
    if (request.facets && m_joined_facets && !m_facet_table &&
        ++m_faceted_searches == kSearchesBeforeTable)
        m_facet_table = FacetTable::of(m_db);
    std::optional<FacetSpy> by_key;
    Xapian::ValueCountMatchSpy by_all(slot::kFacets);
    Xapian::ValueCountMatchSpy by_source(slot::kSource), by_lang(slot::kLang), by_doc(slot::kDocId);
    if (request.facets && m_facet_table) {
        enquire.add_matchspy(&by_key.emplace(*m_facet_table));
    } else if (request.facets && m_joined_facets) {
        enquire.add_matchspy(&by_all);
    } else if (request.facets) {
        enquire.add_matchspy(&by_source);
        enquire.add_matchspy(&by_lang);
        enquire.add_matchspy(&by_doc);
    }
    // The spies need a sample beyond the page; without them Xapian may stop as soon as the
    // page is certain, which is what makes long questions over common words fast.
    int check_at_least = request.offset + request.limit + (request.facets ? 200 : 0);
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                         static_cast<Xapian::doccount>(request.limit),
                                         static_cast<Xapian::doccount>(check_at_least));
    response.total = mset.get_matches_estimated();
    if (request.facets) {
        if (by_key) {
            response.facets = split_facets(by_key->counts());
        } else if (m_joined_facets) {
            std::vector<std::pair<std::string, Xapian::doccount>> values;
            for (auto it = by_all.values_begin(); it != by_all.values_end(); ++it)
                values.emplace_back(*it, it.get_termfreq());
            response.facets = split_facets({values.begin(), values.end()});
        } else {
            response.facets = {{"source", top_values(by_source)},
                               {"lang", top_values(by_lang)},
                               {"doc", top_values(by_doc)}};
        }
        for (auto& v : response.facets["doc"]) v.label = title_of(v.value);
    }
    response.timings.match_ms = ms_since(stage);
    int rank = request.offset;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        auto data = nlohmann::json::parse(indexer::passage_data(it.get_document()), nullptr, false);
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
        h.restricted = data.value("access", "") == "restricted";
        h.text = h.restricted ? "" : data.value("text", "");
        h.start = data.value("start", std::size_t{0});
        h.end = data.value("end", std::size_t{0});
        h.tokens = std::make_shared<const std::vector<indexer::Token>>(m_analyzer.tokenize(h.text));
        h.snippet = make_snippet(h.text, *h.tokens, parsed.highlight_terms, m_analyzer, h.lang);
        if (request.explain) {
            std::vector<std::string> terms(enquire.get_matching_terms_begin(it),
                                           enquire.get_matching_terms_end(it));
            h.explain = explain_match(parsed, terms, h.text, h.lang, m_analyzer);
        }
        response.results.push_back(std::move(h));
    }
    response.expansions = std::move(parsed.expansions);
    response.explain = request.explain;
    response.timings.results_ms = ms_since(stage);  // `stage` is now the end
    response.took_ms = std::chrono::duration<double, std::milli>(stage - t0).count();
    return response;
}

nlohmann::json to_json(const Hit& h) {
    nlohmann::json j = {{"rank", h.rank},       {"doc_id", h.doc_id},   {"passage", h.passage},
                        {"title", h.title},     {"section", h.section}, {"source", h.source},
                        {"url", h.url},         {"lang", h.lang},       {"score", h.score},
                        {"snippet", h.snippet}, {"text", h.text},       {"start", h.start},
                        {"end", h.end}};
    if (!h.explain.is_null()) j["explain"] = h.explain;
    if (h.restricted) j["access"] = "restricted";
    return j;
}

nlohmann::json to_json(const SearchResponse& r) {
    nlohmann::json results = nlohmann::json::array();
    for (const auto& h : r.results) results.push_back(to_json(h));
    nlohmann::json facets = nlohmann::json::object();
    for (const auto& [name, values] : r.facets) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& v : values) {
            list.push_back({{"value", v.value}, {"count", v.count}});
            if (!v.label.empty()) list.back()["label"] = v.label;
        }
        facets[name] = list;
    }
    nlohmann::json j = {{"query", r.query},   {"total", r.total}, {"offset", r.offset},
                        {"results", results}, {"facets", facets}, {"took_ms", r.took_ms}};
    j["did_you_mean"] = r.did_you_mean ? nlohmann::json(*r.did_you_mean) : nlohmann::json(nullptr);
    if (r.explain) {
        nlohmann::json expansions = nlohmann::json::array();
        for (const auto& e : r.expansions)
            expansions.push_back(
                {{"word", e.word}, {"kind", e.kind}, {"form", e.form}, {"terms", e.terms}});
        j["expansions"] = expansions;
    }
    return j;
}

}  // namespace heritage::searcher
