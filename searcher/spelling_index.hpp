// The spelling data of one index revision, in memory, for fast "did you mean" suggestions.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "searcher/packed_strings.hpp"

namespace heritage::searcher {

// Xapian's get_spelling_suggestion reads and merges, from the B-tree, the word lists of every
// n-gram of the word: for a long word that the index lacks, milliseconds, and most of the cost
// of a question seen for the first time. This holds the same n-gram lists as arrays of word
// numbers and runs the same selection over them, so it suggests exactly what Xapian would for
// the database it was built from, in a tenth of the time or less.
class SpellingIndex {
  public:
    // The index of db's current revision, shared by every caller in the process that asks for
    // the same index at the same revision (it lives as long as one of them holds it). nullptr
    // when db is not one local database (a remote shard has no spelling data; several shards'
    // n-gram lists add up in ways a merged copy would not reproduce) or has no spelling data.
    static std::shared_ptr<const SpellingIndex> of(const Xapian::Database& db);

    // What db.get_spelling_suggestion(word, max_edit) answers for the database this was built
    // from: the most frequent word within the fewest edits (insertion, deletion, substitution,
    // transposition of neighbours; counted in code points) among those sharing enough n-grams
    // with `word`; "" when there is none, or `word` itself is more frequent.
    // REQUIRES: word is valid UTF-8.
    std::string suggest(std::string_view word, unsigned max_edit) const;

    std::size_t words() const { return m_freqs.size(); }

  private:
    explicit SpellingIndex(const Xapian::Database& db);

    std::string_view word(std::uint32_t id) const { return m_words[id]; }

    PackedStrings m_words;                  // word id -> word, in Xapian's (byte) order
    std::vector<Xapian::doccount> m_freqs;  // word id -> frequency
    std::vector<std::uint8_t> m_lengths;    // word id -> code points (255 for more)
    // n-gram key -> [begin, end) in m_ids, whose ids ascend (so words come in Xapian's order)
    std::unordered_map<std::uint32_t, std::pair<std::uint32_t, std::uint32_t>> m_lists;
    std::vector<std::uint32_t> m_ids;
};

// The code points of valid UTF-8 s, into out (emptied first).
void to_code_points(std::string_view s, std::vector<char32_t>& out);

// The edit distance Xapian's spelling suggestions use: insertions, deletions, substitutions and
// transpositions of adjacent code points, each counting one (no substring edited twice).
// Returns a value above `limit` whenever the distance is above it.
int edit_distance(const std::vector<char32_t>& a, const std::vector<char32_t>& b, int limit);

}  // namespace heritage::searcher
