// Match explanations: maps the terms a passage matched back to the query's widenings.
#include "searcher/explain.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

namespace heritage::searcher {

namespace {
constexpr std::size_t kMaxWordsShown = 5;  // surface words listed per widening
}

nlohmann::json expansions_json(const ParsedQuery& parsed) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : parsed.expansions)
        out.push_back({{"word", e.word}, {"kind", e.kind}, {"form", e.form}, {"terms", e.terms}});
    return out;
}

nlohmann::json explain_match(const ParsedQuery& parsed,
                             const std::vector<std::string>& matching_terms,
                             const std::string& text, const std::string& lang,
                             indexer::Analyzer& analyzer) {
    std::unordered_set<std::string> matching(matching_terms.begin(), matching_terms.end());
    // The terms each word of the passage carries, as the indexer wrote them.
    struct Word {
        std::string surface;
        std::unordered_set<std::string> terms;
    };
    std::vector<Word> words;
    for (const auto& t : analyzer.tokenize(text)) {
        Word w;
        std::size_t b = indexer::byte_offset(text, t.start), e = indexer::byte_offset(text, t.end);
        w.surface = text.substr(b, e - b);
        w.terms.insert(t.word);
        for (auto& term : analyzer.index_terms(t, lang)) w.terms.insert(std::move(term));
        words.push_back(std::move(w));
    }

    nlohmann::json matched = nlohmann::json::array();
    std::set<std::string> matched_words;
    // Passage words already explained for a query word: a later, weaker widening that finds
    // only those (a stem after the exact word) adds nothing to the explanation.
    std::map<std::string, std::set<std::string>> shown;
    for (const auto& e : parsed.expansions) {
        std::vector<std::string> hit;
        for (const auto& term : e.terms)
            if (matching.count(term)) hit.push_back(term);
        if (hit.empty()) continue;
        matched_words.insert(e.word);
        for (std::size_t a = 0, b; a <= e.word.size(); a = b + 1) {  // words of a phrase or pair
            b = std::min(e.word.find(' ', a), e.word.size());
            matched_words.insert(e.word.substr(a, b - a));
        }
        std::vector<std::string> surface;
        for (const auto& w : words) {
            if (surface.size() >= kMaxWordsShown) break;
            bool carries = std::any_of(hit.begin(), hit.end(), [&w](const std::string& term) {
                return w.terms.count(term) > 0;
            });
            if (carries && std::find(surface.begin(), surface.end(), w.surface) == surface.end())
                surface.push_back(w.surface);
        }
        auto& seen = shown[e.word];
        bool adds = surface.empty() ||
                    std::any_of(surface.begin(), surface.end(),
                                [&seen](const std::string& s) { return !seen.count(s); });
        if (!adds) continue;
        seen.insert(surface.begin(), surface.end());
        matched.push_back({{"word", e.word},
                           {"kind", e.kind},
                           {"form", e.form},
                           {"terms", hit},
                           {"text", surface}});
    }
    nlohmann::json unmatched = nlohmann::json::array();
    for (const auto& w : parsed.words)
        if (!matched_words.count(w) &&
            std::find(unmatched.begin(), unmatched.end(), w) == unmatched.end())
            unmatched.push_back(w);
    return {{"matched", matched}, {"unmatched", unmatched}};
}

}  // namespace heritage::searcher
