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

nlohmann::json explain_match(const ParsedQuery& parsed,
                             const std::vector<std::string>& matching_terms,
                             const std::string& text, const std::string& lang,
                             indexer::Analyzer& analyzer) {
    std::unordered_set<std::string> matching(matching_terms.begin(), matching_terms.end());
    // The terms each word of the passage carries, as the indexer wrote them.
    struct Word {
        std::string surface;
        std::string word;  // normalized, as phrases match it
        std::unordered_set<std::string> terms;
    };
    std::vector<Word> words;
    for (const auto& t : analyzer.tokenize(text)) {
        Word w;
        std::size_t b = indexer::byte_offset(text, t.start), e = indexer::byte_offset(text, t.end);
        w.surface = text.substr(b, e - b);
        w.word = t.word;
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
        std::vector<std::string> surface;
        auto add_surface = [&surface](const std::string& s) {
            if (surface.size() < kMaxWordsShown &&
                std::find(surface.begin(), surface.end(), s) == surface.end())
                surface.push_back(s);
        };
        if (!e.phrase.empty()) {
            // A phrase matched only where its words stand in a row (its terms alone may be
            // scattered over the passage).
            const std::size_t n = e.phrase.size();
            for (std::size_t i = 0; i + n <= words.size(); ++i) {
                bool row = true;
                for (std::size_t k = 0; k < n && row; ++k)
                    row = std::find(e.phrase[k].begin(), e.phrase[k].end(), words[i + k].word) !=
                          e.phrase[k].end();
                if (!row) continue;
                std::string span = words[i].surface;
                for (std::size_t k = 1; k < n; ++k) span += " " + words[i + k].surface;
                add_surface(span);
            }
            if (surface.empty()) continue;
        } else {
            for (const auto& w : words) {
                bool carries = std::any_of(hit.begin(), hit.end(), [&w](const std::string& term) {
                    return w.terms.count(term) > 0;
                });
                if (carries) add_surface(w.surface);
            }
        }
        matched_words.insert(e.word);
        for (std::size_t a = 0, b; a <= e.word.size(); a = b + 1) {  // words of a phrase or pair
            b = std::min(e.word.find(' ', a), e.word.size());
            matched_words.insert(e.word.substr(a, b - a));
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
