// Completions by prefix over the index's term list, and title matches over title terms.
#include "searcher/suggest.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "indexer/analyzer.hpp"
#include "indexer/packed_values.hpp"
#include "indexer/stopwords.hpp"

namespace heritage::searcher {

namespace prefix = indexer::prefix;

namespace {

// Bounds the work per keystroke: a one-letter prefix in a large index has many thousand words.
constexpr std::size_t kMaxScannedTerms = 50000;
constexpr std::size_t kMaxTitleTerms = 20;
constexpr std::size_t kMaxPostingsPerTitleTerm = 50;

struct Candidate {
    std::string word;
    std::size_t count;
    bool stop;
};

// Index words under term prefix `pre` that start with `start`, best first.
std::vector<Candidate> words_starting(Xapian::Database& db, const std::string& pre,
                                      const std::string& start, std::size_t limit) {
    std::vector<Candidate> found;
    const std::string from = pre + start;
    std::size_t scanned = 0;
    for (auto it = db.allterms_begin(from); it != db.allterms_end(from); ++it) {
        if (++scanned > kMaxScannedTerms) break;
        std::string word = (*it).substr(pre.size());
        found.push_back({word, it.get_termfreq(), indexer::is_stop_word(word, "")});
    }
    auto better = [](const Candidate& a, const Candidate& b) {
        return std::tie(a.stop, b.count, a.word) < std::tie(b.stop, a.count, b.word);
    };
    std::size_t n = std::min(limit, found.size());
    std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(n), found.end(),
                      better);
    found.resize(n);
    return found;
}

// Index words whose ASCII fold starts with `typed` ("ror" -> "røros"): the words that begin with
// the same first letter, folded one by one (bounded like words_starting).
std::vector<Candidate> words_folding_to(Xapian::Database& db, indexer::Analyzer& analyzer,
                                        const std::string& typed, std::size_t limit) {
    std::vector<Candidate> found;
    if (typed.empty()) return found;
    const std::string from(1, typed[0]);
    std::size_t scanned = 0;
    for (auto it = db.allterms_begin(from); it != db.allterms_end(from); ++it) {
        if (++scanned > kMaxScannedTerms) break;
        const std::string word = *it;
        if (analyzer.fold(word).rfind(typed, 0) == 0)
            found.push_back({word, it.get_termfreq(), indexer::is_stop_word(word, "")});
    }
    auto better = [](const Candidate& a, const Candidate& b) {
        return std::tie(a.stop, b.count, a.word) < std::tie(b.stop, a.count, b.word);
    };
    std::sort(found.begin(), found.end(), better);
    if (found.size() > limit) found.resize(limit);
    return found;
}

}  // namespace

Suggestions suggest(Searcher& searcher, const std::string& query, int limit) {
    SearchRequest checked;  // the same limits on the text as a search
    checked.query = query;
    validate(checked);
    if (limit < 1 || limit > kMaxSuggestions)
        throw BadRequest("bad_limit",
                         "limit must be between 1 and " + std::to_string(kMaxSuggestions));

    Suggestions out;
    out.query = query;
    auto& analyzer = searcher.analyzer();
    auto& db = searcher.database();
    auto tokens = analyzer.tokenize(query);
    if (tokens.empty()) return out;

    // The last word is being typed when nothing follows it.
    std::string typed;
    std::size_t typed_from = query.size();
    if (tokens.back().end == indexer::count_code_points(query)) {
        typed = tokens.back().word;
        typed_from = indexer::byte_offset(query, tokens.back().start);
        tokens.pop_back();
    }
    std::vector<std::string> before;
    for (const auto& t : tokens) before.push_back(t.word);

    if (!typed.empty()) {
        auto words = words_starting(db, "", typed, static_cast<std::size_t>(limit));
        if (words.empty())
            words = words_folding_to(db, analyzer, typed, static_cast<std::size_t>(limit));
        for (auto& w : words)
            out.completions.push_back({query.substr(0, typed_from) + w.word, w.word, w.count});
    }

    // Titles: candidates from the title terms of the typed word (or the first earlier word),
    // checked against the title itself since title terms also hold section headings.
    const std::string key = typed.empty() ? before.front() : typed;
    std::vector<std::pair<std::size_t, std::string>> title_terms;
    const std::string title_from = std::string(prefix::kTitle) + key;
    for (auto it = db.allterms_begin(title_from); it != db.allterms_end(title_from); ++it) {
        if (title_terms.size() >= kMaxScannedTerms) break;
        if (typed.empty() && *it != title_from) break;  // a whole word: the exact term only
        title_terms.emplace_back(it.get_termfreq(), *it);
    }
    std::sort(title_terms.begin(), title_terms.end(), std::greater<>());
    if (title_terms.size() > kMaxTitleTerms) title_terms.resize(kMaxTitleTerms);

    std::set<std::string> seen;
    auto fits = [&](const std::string& title) {
        std::vector<std::string> words;
        for (const auto& t : analyzer.tokenize(title)) words.push_back(t.word);
        for (const auto& w : before)
            if (std::find(words.begin(), words.end(), w) == words.end()) return false;
        return typed.empty() || std::any_of(words.begin(), words.end(), [&](const std::string& w) {
                   return w.rfind(typed, 0) == 0;
               });
    };
    for (const auto& [freq, term] : title_terms) {
        std::size_t postings = 0;
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
            if (++postings > kMaxPostingsPerTitleTerm ||
                out.titles.size() >= static_cast<std::size_t>(limit))
                break;
            auto data =
                nlohmann::json::parse(indexer::passage_data(db.get_document(*it)), nullptr, false);
            if (data.is_discarded()) continue;
            std::string doc_id = data.value("doc_id", "");
            if (!seen.insert(doc_id).second) continue;
            std::string title = data.value("title", "");
            if (fits(title)) out.titles.push_back({title, doc_id});
        }
    }
    return out;
}

nlohmann::json to_json(const Suggestions& s) {
    nlohmann::json completions = nlohmann::json::array();
    for (const auto& c : s.completions)
        completions.push_back({{"query", c.query}, {"word", c.word}, {"count", c.count}});
    nlohmann::json titles = nlohmann::json::array();
    for (const auto& t : s.titles) titles.push_back({{"title", t.title}, {"doc_id", t.doc_id}});
    return {{"query", s.query}, {"completions", completions}, {"titles", titles}};
}

}  // namespace heritage::searcher
