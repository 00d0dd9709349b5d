// Spelling suggestions ("did you mean") from the words of one index revision, in memory.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "searcher/packed_strings.hpp"

namespace heritage::searcher {

// "Did you mean" suggestions from an index's own words, held in memory. An index keeps no
// Xapian spelling data: writing its n-gram lists was a ninth of a bulk build's CPU time, and its
// words are already there as terms, with their frequencies. This builds the n-gram lists Xapian
// would and runs Xapian's selection over them, so it suggests exactly what
// get_spelling_suggestion would from spelling data of the same words and frequencies.
class SpellingIndex {
  public:
    // Words and their frequencies, in byte order (the order of an index's terms).
    using Words = std::vector<std::pair<std::string, Xapian::doccount>>;

    // The suggestions of db's current revision, from words_of(db). A local database's is shared
    // by every caller in the process that asks for the same revision (it lives as long as one
    // of them holds it); several shards or a remote one get one of their own. nullptr when db
    // has no such words.
    static std::shared_ptr<const SpellingIndex> of(const Xapian::Database& db);

    // REQUIRES: words in byte order, without duplicates.
    explicit SpellingIndex(const Words& words);

    // What get_spelling_suggestion(word, max_edit) answers from spelling data holding these
    // words with these frequencies: the most frequent word within the fewest edits (insertion,
    // deletion, substitution, transposition of neighbours; counted in code points) among those
    // sharing enough n-grams with `word`; "" when there is none, or `word` itself is more
    // frequent. REQUIRES: word is valid UTF-8.
    std::string suggest(std::string_view word, unsigned max_edit) const;

    std::size_t words() const { return m_freqs.size(); }

  private:
    std::string_view word(std::uint32_t id) const { return m_words[id]; }

    PackedStrings m_words;                  // word id -> word, in Xapian's (byte) order
    std::vector<Xapian::doccount> m_freqs;  // word id -> frequency
    std::vector<std::uint8_t> m_lengths;    // word id -> code points (255 for more)
    // n-gram key -> [begin, end) in m_ids, whose ids ascend (so words come in Xapian's order)
    std::unordered_map<std::uint32_t, std::pair<std::uint32_t, std::uint32_t>> m_lists;
    std::vector<std::uint32_t> m_ids;
};

// SpellingIndex::of(db), made on the first get() and kept: only a word the index lacks needs
// suggestions, and a one-off query without one does not pay for reading every word.
class SpellingOnDemand {
  public:
    // nullptr when db has no words to suggest. REQUIRES: the same database at the same revision
    // on every call since the last reset().
    const SpellingIndex* get(const Xapian::Database& db) {
        if (!m_index) m_index = SpellingIndex::of(db);
        return m_index->get();
    }
    bool made() const { return m_index && *m_index; }
    void reset() { m_index.reset(); }

  private:
    std::optional<std::shared_ptr<const SpellingIndex>> m_index;  // unset until get()
};

// The lengths, in code points, of the words an index suggests.
inline constexpr std::size_t kMinSuggestedLetters = 3;
inline constexpr std::size_t kMaxSuggestedLetters = 30;

// The words an index suggests: its unprefixed terms (the words of passages, headings and
// restricted documents' metadata) of kMinSuggestedLetters to kMaxSuggestedLetters code points
// that do not start with a digit, each with the number of documents holding it. Terms are read
// in key ranges, so prefixed terms (upper-case ASCII first) are never read, which matters over a
// remote backend.
SpellingIndex::Words words_of(const Xapian::Database& db);

// The code points of valid UTF-8 s, into out (emptied first).
void to_code_points(std::string_view s, std::vector<char32_t>& out);

// The edit distance Xapian's spelling suggestions use: insertions, deletions, substitutions and
// transpositions of adjacent code points, each counting one (no substring edited twice).
// Returns a value above `limit` whenever the distance is above it.
int edit_distance(const std::vector<char32_t>& a, const std::vector<char32_t>& b, int limit);

}  // namespace heritage::searcher
