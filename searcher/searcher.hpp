// The search path: request validation, query parsing, filters, ranking (BM25) and snippets.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "indexer/analyzer.hpp"
#include "indexer/recent_words.hpp"
#include "searcher/query_parser.hpp"

namespace heritage::searcher {

class FacetTable;

// A request the caller got wrong (bad parameter, invalid UTF-8, too long). The CLI prints it,
// the server answers 400 with `code`.
class BadRequest : public std::runtime_error {
  public:
    BadRequest(std::string code, const std::string& message)
        : std::runtime_error(message), m_code(std::move(code)) {}
    const std::string& code() const { return m_code; }

  private:
    std::string m_code;
};

// Long enough for any query a person writes or pastes (and for 10,000 nested parentheses,
// which parse and degrade), short enough that no query can make the parser work for long.
inline constexpr std::size_t kMaxQueryBytes = 32768;
inline constexpr int kMaxLimit = 100;
inline constexpr int kMaxOffset = 10000;

struct SearchRequest {
    std::string query;
    int limit = 10;      // 0..kMaxLimit
    int offset = 0;      // 0..kMaxOffset
    std::string lang;    // only passages in this language ("" = all)
    std::string source;  // only passages credited to this source (whole name, any case)
    std::string doc;     // only passages of this document id
    std::optional<int> year_from, year_to;  // only documents dated within (inclusive)
    bool explain = false;
    // Count matches per source, language and document (SearchResponse::facets). Match spies
    // look at every candidate: callers that show no facets save that time by turning it off.
    // Off, SearchResponse::total is Xapian's estimate from what the page needed.
    bool facets = true;
};

struct Hit {
    int rank = 0;  // 1-based, counting from the first result overall (offset + 1)
    std::string doc_id;
    int passage = 0;
    std::string title, section, source, url, lang;
    double score = 0;
    std::string snippet;             // HTML-escaped, matches in <mark>
    std::string text;                // the whole passage
    std::size_t start = 0, end = 0;  // code point offsets of the passage in its document
    bool restricted = false;  // access: restricted: found by title and metadata, no text shown
    nlohmann::json explain;   // null unless SearchRequest::explain: what matched and why
    // The analyzer's tokens of `text`, as the search made them for the snippet, or null: the
    // answer reader reads these rather than tokenizing the passage again. Not in the JSON.
    std::shared_ptr<const std::vector<indexer::Token>> tokens;
    // The analyzer's sentences of `text`, or null; set where ask widened the passage.
    std::shared_ptr<const std::vector<indexer::Sentence>> sentences;
};

// Counts of matching passages per value of a field, most frequent first.
struct FacetValue {
    std::string value;
    std::size_t count = 0;
    std::string label;  // what to show for an id value (a document's title), else ""
};

// Where a search's time went, in milliseconds: analysing and widening the query, Xapian's match
// (with facet counting), and the results' data and snippets. They add up to the response's
// took_ms, less validation. Not in the JSON: the server sends them as a Server-Timing header.
struct SearchTimings {
    double parse_ms = 0, match_ms = 0, results_ms = 0;
};

struct SearchResponse {
    std::string query;
    std::size_t total = 0;  // matching passages (exact up to a few hundred, estimated above)
    int offset = 0;
    std::vector<Hit> results;
    // Extensions of the contract shape (extra fields only):
    std::optional<std::string> did_you_mean;  // a better-matching respelling of the query
    std::map<std::string, std::vector<FacetValue>> facets;  // "source", "lang", "doc"
    double took_ms = 0;
    SearchTimings timings;
    // How each query word was widened (the parser's, in order). In the JSON only when explain
    // was asked for; the answer reader always uses it, to match its sentences with the same
    // synonyms the search used.
    std::vector<Expansion> expansions;
    bool explain = false;  // the request asked for explanations
};

// Not thread-safe: holds a Xapian::Database and an Analyzer. Use one per thread.
class Searcher {
  public:
    // Opens the index (a folder or a Xapian stub file). Throws Xapian::DatabaseOpeningError
    // when there is none.
    explicit Searcher(const std::string& db_path);

    // Throws BadRequest for invalid requests; never for any query text that is valid UTF-8
    // and not too long.
    SearchResponse search(const SearchRequest& request);

    // Picks up the latest committed revision of the index. Cheap when nothing changed.
    void reopen();

    // The whole record of document `id` (metadata, text, origin), or null if there is none.
    // A restricted document's record has an empty text.
    nlohmann::json document(const std::string& id);
    // The text of document `id` ("" if there is none or it is restricted), remembered for the
    // index revision: asking reads around passages of the same few documents again and again.
    const std::string& document_text(const std::string& id);

    // Whether facets are now counted from memory (FacetTable) rather than read from the index.
    bool facets_in_memory() const { return m_facet_table != nullptr; }
    // Whether spelling suggestions have been made from the index's words (SpellingIndex).
    bool spelling_in_memory() const { return m_spelling.made(); }
    // Whether the index's terms are now looked up in memory (TermDictionary).
    bool terms_in_memory() const { return m_terms != nullptr; }

    // How many documents of the open revision hold `term`, remembered: asking weighs every
    // form of each question word by it (a B-tree look-up each), and questions share words.
    Xapian::doccount term_freq(const std::string& term);

    Xapian::Database& database() { return m_db; }
    indexer::Analyzer& analyzer() { return m_analyzer; }

  private:
    SearchResponse search_once(const SearchRequest& request);
    // Runs f; if the index changed under it (Xapian::DatabaseModifiedError), reopens and runs
    // it once more.
    template <class F>
    auto with_retry(F f) -> decltype(f());

    // Sets m_synonyms for the open revision.
    void load_synonyms();

    // The record of document `id`, if the index has one.
    std::optional<Xapian::Document> record(const std::string& id);

    // The title of document `id` (from its record), or "".
    std::string title_of(const std::string& id);

    Xapian::Database m_db;
    bool m_joined_facets = false;  // the index has slot::kFacets
    // Facet values in memory, for this revision (see search_once), and how many faceted
    // searches this revision has answered.
    std::shared_ptr<const FacetTable> m_facet_table;
    int m_faceted_searches = 0;
    // Spelling suggestions for this revision, made on the first word the index lacks.
    SpellingOnDemand m_spelling;
    int m_searches = 0;
    // The index's terms in memory, for this revision, once it has answered kSearchesBeforeTable
    // searches (see search_once); unset for an index with too many.
    std::shared_ptr<const TermDictionary> m_terms;
    // Per revision of the index (reopen() clears them when it moves on): facet labels by
    // document id, and the expansions of query words (QueryContext::words).
    std::unordered_map<std::string, std::string> m_titles;
    WordCache m_words;
    std::unordered_map<std::string, std::string> m_texts;  // document_text(), by id
    indexer::RecentWords<Xapian::doccount> m_freqs{4096};  // term_freq()
    indexer::Analyzer m_analyzer;
    // The index's synonyms (or, for an index without any, the thesaurus file's), per revision;
    // unset when the index has too many to hold, and they are looked up there.
    std::optional<std::map<std::string, std::set<std::string>>> m_synonyms;
};

// Checks a request's fields; throws BadRequest naming the first bad one.
void validate(const SearchRequest& request);

// The JSON shape of a search result, shared by the CLI (--json) and the server.
nlohmann::json to_json(const Hit& hit);
nlohmann::json to_json(const SearchResponse& response);

}  // namespace heritage::searcher
