// Spelling suggestions from an index's words, by Xapian's n-gram selection, in memory.
#include "searcher/spelling_index.hpp"

#include <unicode/utf8.h>

#include <algorithm>
#include <bit>
#include <cstdlib>

#include "indexer/analyzer.hpp"
#include "searcher/revision_cache.hpp"

namespace heritage::searcher {

namespace {

// An n-gram as Xapian's glass backend keys its spelling lists: a kind ('H'ead, 'T'ail,
// 'B'ookends, 'M'iddle) and two bytes of the word, or three for a middle. Packed in 32 bits.
std::uint32_t gram(char kind, char a, char b, char c = '\0') {
    auto u = [](char ch) { return static_cast<std::uint32_t>(static_cast<unsigned char>(ch)); };
    return u(kind) << 24 | u(a) << 16 | u(b) << 8 | u(c);
}

// The lists a word of the spelling data is on (GlassSpellingTable::toggle_word), each once,
// into `grams` (emptied first: one vector serves every word of a load). REQUIRES: w.size() >= 2.
void indexed_grams(std::string_view w, std::vector<std::uint32_t>& grams) {
    const std::size_t n = w.size();
    grams.assign({gram('H', w[0], w[1]), gram('T', w[n - 2], w[n - 1])});
    if (n <= 4) grams.push_back(gram('B', w[0], w[n - 1]));
    const std::size_t first_middle = grams.size();
    for (std::size_t i = 0; i + 3 <= n; ++i) {
        std::uint32_t g = gram('M', w[i], w[i + 1], w[i + 2]);
        if (std::find(grams.begin() + first_middle, grams.end(), g) == grams.end())
            grams.push_back(g);
    }
}

// The lists a suggestion for w reads (GlassSpellingTable::open_termlist): a middle that occurs
// twice is read twice, and so counts twice towards a word's score; short words add their
// transpositions. REQUIRES: w.size() >= 2.
std::vector<std::uint32_t> query_grams(std::string_view w) {
    const std::size_t n = w.size();
    std::vector<std::uint32_t> grams = {gram('H', w[0], w[1]), gram('T', w[n - 2], w[n - 1])};
    if (n <= 4) grams.push_back(gram('B', w[0], w[n - 1]));
    if (n == 2) {
        grams.push_back(gram('H', w[1], w[0]));
        grams.push_back(gram('T', w[1], w[0]));
    }
    for (std::size_t i = 0; i + 3 <= n; ++i) grams.push_back(gram('M', w[i], w[i + 1], w[i + 2]));
    if (n == 3) {
        grams.push_back(gram('M', w[1], w[0], w[2]));
        grams.push_back(gram('M', w[0], w[2], w[1]));
    }
    return grams;
}

// A lower bound of the edit distance from the difference of the two words' histograms of code
// points (modulo 64): an insertion or deletion changes the sum by one, a substitution by two.
int histogram_bound(const std::vector<char32_t>& a, const std::vector<char32_t>& b) {
    int counts[64] = {};
    for (char32_t c : a) ++counts[c % 64];
    for (char32_t c : b) --counts[c % 64];
    int total = 0;
    for (int c : counts) total += std::abs(c);
    return (total + 1) / 2;
}

}  // namespace

void to_code_points(std::string_view s, std::vector<char32_t>& out) {
    out.clear();
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
    const auto n = static_cast<std::int32_t>(s.size());
    for (std::int32_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(bytes, i, n, c);
        out.push_back(static_cast<char32_t>(c));
    }
}

int edit_distance(const std::vector<char32_t>& a, const std::vector<char32_t>& b, int limit) {
    const std::size_t n = a.size(), m = b.size();
    if (static_cast<int>(n > m ? n - m : m - n) > limit) return limit + 1;
    // Rows i-2, i-1 and i of the (n+1) x (m+1) table of distances between prefixes.
    std::vector<int> before(m + 1), prev(m + 1), row(m + 1);
    for (std::size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
    int prev_min = 0;
    for (std::size_t i = 1; i <= n; ++i) {
        row[0] = static_cast<int>(i);
        int row_min = row[0];
        for (std::size_t j = 1; j <= m; ++j) {
            int d = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d = std::min(d, before[j - 2] + 1);
            row[j] = d;
            row_min = std::min(row_min, d);
        }
        // A cell depends on the two rows above it, never by less than their values: once two
        // rows in a row exceed the limit, so does the answer.
        if (row_min > limit && prev_min > limit) return limit + 1;
        prev_min = row_min;
        std::swap(before, prev);
        std::swap(prev, row);
    }
    return prev[m];
}

SpellingIndex::Words words_of(const Xapian::Database& db) {
    // Words start with a lower-case ASCII letter or a UTF-8 lead byte; prefixes are upper-case
    // ASCII, and numbers start with a digit. (Lead bytes in order: the terms come in byte order.)
    std::vector<std::string> starts;
    for (char c = 'a'; c <= 'z'; ++c) starts.emplace_back(1, c);
    for (int b = 0xC2; b <= 0xF4; ++b) starts.emplace_back(1, static_cast<char>(b));
    SpellingIndex::Words words;
    for (const auto& start : starts) {
        for (auto it = db.allterms_begin(start); it != db.allterms_end(start); ++it) {
            const std::string& w = *it;
            std::size_t n = indexer::count_code_points(w);
            if (n >= kMinSuggestedLetters && n <= kMaxSuggestedLetters)
                words.emplace_back(w, it.get_termfreq());
        }
    }
    return words;
}

std::shared_ptr<const SpellingIndex> SpellingIndex::of(const Xapian::Database& db) {
    auto make = [&db]() -> std::shared_ptr<const SpellingIndex> {
        Words words = words_of(db);
        if (words.empty()) return nullptr;
        return std::make_shared<const SpellingIndex>(words);
    };
    auto id = revision_id(db);
    return id ? shared_per_revision<SpellingIndex>(*id, make) : make();
}

SpellingIndex::SpellingIndex(const Words& words) {
    for (const auto& [w, freq] : words) {
        if (w.size() < 2) continue;  // on no n-gram list: never suggested
        m_words.push_back(w);
        m_freqs.push_back(freq);
        m_lengths.push_back(
            static_cast<std::uint8_t>(std::min<std::size_t>(indexer::count_code_points(w), 255)));
    }
    m_words.shrink_to_fit();
    // Two passes over the words' n-grams: the first sizes each list, the second fills it in
    // word order. (A real vocabulary has far fewer distinct n-grams than words, 19,871 for NoReC
    // 50 MB's 240,608: a bucket per word is room enough.)
    m_lists.reserve(m_freqs.size());
    std::vector<std::uint32_t> grams;
    for (std::uint32_t id = 0; id < m_freqs.size(); ++id) {
        indexed_grams(word(id), grams);
        for (std::uint32_t g : grams) ++m_lists[g].second;
    }
    std::uint32_t total = 0;
    for (auto& [g, range] : m_lists) {
        std::uint32_t size = range.second;
        range = {total, total};
        total += size;
    }
    m_ids.resize(total);
    for (std::uint32_t id = 0; id < m_freqs.size(); ++id) {
        indexed_grams(word(id), grams);
        for (std::uint32_t g : grams) m_ids[m_lists[g].second++] = id;
    }
}

std::string SpellingIndex::suggest(std::string_view word_in, unsigned max_edit) const {
    // Database::get_spelling_suggestion, step by step, with the same order of candidates (word
    // order) and the same tests: its answer depends on both.
    if (word_in.size() <= 1 || max_edit == 0) return {};
    max_edit = std::min<unsigned>(max_edit, static_cast<unsigned>(word_in.size() - 1));

    // A word's score is how many of the lists read have it; `seen` marks the words with a
    // score, to visit them in word order without scanning every word.
    std::vector<std::uint8_t> score(m_freqs.size(), 0);
    std::vector<std::uint64_t> seen(m_freqs.size() / 64 + 1, 0);
    bool any = false;
    for (std::uint32_t g : query_grams(word_in)) {
        auto it = m_lists.find(g);
        if (it == m_lists.end()) continue;
        any = true;
        for (std::uint32_t i = it->second.first; i < it->second.second; ++i) {
            std::uint32_t id = m_ids[i];
            if (score[id] < 255) ++score[id];
            seen[id / 64] |= std::uint64_t{1} << (id % 64);
        }
    }
    if (!any) return {};

    std::vector<char32_t> target, candidate;
    to_code_points(word_in, target);
    constexpr unsigned kScoreSlack = 2;  // Xapian's TRIGRAM_SCORE_THRESHOLD
    unsigned best = 1;
    int edist_best = static_cast<int>(max_edit);
    Xapian::doccount freq_best = 0, freq_exact = 0;
    std::string_view result;
    const long target_length = static_cast<long>(target.size());
    for (std::size_t block = 0; block < seen.size(); ++block) {
        for (std::uint64_t bits = seen[block]; bits != 0; bits &= bits - 1) {
            auto id = static_cast<std::uint32_t>(block * 64 + std::countr_zero(bits));
            unsigned s = score[id];
            if (s + kScoreSlack < best) continue;
            best = std::max(best, s);
            if (std::labs(m_lengths[id] - target_length) > edist_best) continue;
            std::string_view term = word(id);
            to_code_points(term, candidate);
            if (histogram_bound(candidate, target) > edist_best) continue;
            int edist = edit_distance(candidate, target, edist_best);
            if (edist > edist_best) continue;
            Xapian::doccount freq = m_freqs[id];
            if (edist == 0) {  // the word itself: suggested against only if something is commoner
                freq_exact = freq;
                continue;
            }
            if (edist < edist_best || freq > freq_best) {
                result = term;
                edist_best = edist;
                freq_best = freq;
            }
        }
    }
    if (freq_best < freq_exact) return {};
    return std::string(result);
}

}  // namespace heritage::searcher
