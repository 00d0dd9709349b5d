// Snippet window selection and highlighting over the analyzer's tokens and offsets.
#include "searcher/snippet.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace heritage::searcher {

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 16);
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string make_snippet(const std::string& text, const std::vector<indexer::Token>& tokens,
                         const std::unordered_set<std::string>& terms, indexer::Analyzer& analyzer,
                         const std::string& lang, std::size_t max_chars) {
    // The query's compound keys. A word holds one only if one of its parts folds and stems to
    // it, and then the key is (barring rare pair folds across a seam) inside the word's own
    // fold: words without such a substring skip the dictionary split, which would otherwise
    // cost more than everything else here.
    std::vector<std::string_view> compound_keys;
    for (const auto& term : terms)
        if (term.rfind(indexer::prefix::kCompound, 0) == 0)
            compound_keys.push_back(
                std::string_view(term).substr(indexer::prefix::kCompound.size()));
    // The first letters of the query's stems: a Snowball stem keeps its word's first letter (it
    // rewrites suffixes only), so a word without variants whose letter starts none of them has
    // no index term to match, and is not stemmed: that would cost a quarter of this function on
    // English text.
    std::array<bool, 256> stem_initials{};
    for (const auto& term : terms)
        if (term.size() > indexer::prefix::kStem.size() &&
            term.rfind(indexer::prefix::kStem, 0) == 0)
            stem_initials[static_cast<unsigned char>(term[indexer::prefix::kStem.size()])] = true;
    std::vector<bool> hit(tokens.size(), false);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const auto& t = tokens[i];
        bool m = terms.count(t.word) > 0;
        if (!m && (!t.variants.empty() || stem_initials[static_cast<unsigned char>(t.word[0])]))
            for (const auto& term : analyzer.index_terms(t, lang, false))
                m = m || terms.count(term);
        if (m || compound_keys.empty() || !indexer::Analyzer::splits_compounds(t, lang)) {
            hit[i] = m;
            continue;
        }
        const std::string folded = analyzer.fold(t.word);
        if (std::any_of(compound_keys.begin(), compound_keys.end(), [&](std::string_view key) {
                return folded.size() > key.size() && folded.find(key) != std::string::npos;
            }))
            for (const auto& part : analyzer.compound_parts(t.word))
                m = m || terms.count(std::string(indexer::prefix::kCompound) +
                                     analyzer.compound_key(part));
        hit[i] = m;
    }
    std::size_t total = indexer::count_code_points(text);

    // Window: starts at a sentence start or a token start, spans at most max_chars.
    std::size_t best_start = 0, best_end = std::min(total, max_chars);
    if (total > max_chars) {
        std::vector<std::size_t> sentence_starts, starts;  // ascending
        for (const auto& s : analyzer.sentences(text)) sentence_starts.push_back(s.start);
        starts = sentence_starts;
        for (const auto& t : tokens) starts.push_back(t.start);
        std::sort(starts.begin(), starts.end());
        starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
        std::vector<std::size_t> hits;  // tokens, in text order
        for (std::size_t i = 0; i < tokens.size(); ++i)
            if (hit[i]) hits.push_back(i);
        double best_score = -1;
        for (std::size_t start : starts) {
            std::size_t end = std::min(total, start + max_chars);
            std::set<std::string_view> distinct;
            std::size_t count = 0;
            for (std::size_t i : hits) {
                if (tokens[i].start < start) continue;
                if (tokens[i].end > end) break;
                distinct.insert(tokens[i].word);
                ++count;
            }
            double score =
                distinct.size() * 10.0 + count +
                (std::binary_search(sentence_starts.begin(), sentence_starts.end(), start) ? 0.5
                                                                                           : 0);
            if (score > best_score) {
                best_score = score;
                best_start = start;
                best_end = end;
            }
        }
        // Do not cut a word at the end.
        for (const auto& t : tokens)
            if (t.start < best_end && t.end > best_end) best_end = t.start;
    }

    std::size_t b0 = indexer::byte_offset(text, best_start);
    std::string out;
    if (best_start > 0) out += "…";
    std::size_t pos_b = b0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const auto& t = tokens[i];
        if (!hit[i] || t.start < best_start || t.end > best_end) continue;
        std::size_t ts = indexer::byte_offset(text, t.start);
        std::size_t te = indexer::byte_offset(text, t.end);
        out += html_escape(std::string_view(text).substr(pos_b, ts - pos_b));
        out += "<mark>" + html_escape(std::string_view(text).substr(ts, te - ts)) + "</mark>";
        pos_b = te;
    }
    std::size_t be = indexer::byte_offset(text, best_end);
    out += html_escape(std::string_view(text).substr(pos_b, be - pos_b));
    while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
    if (best_end < total) out += "…";
    return out;
}

}  // namespace heritage::searcher
