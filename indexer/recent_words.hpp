// RecentWords: a costly function's results for the words seen lately, in a fixed-size table.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace heritage::indexer {

// A direct-mapped table: each word has the one slot of its hash, and a word that lands on a
// taken slot replaces the word there. A look-up touches one slot, where an unordered_map of as
// many words touched three cache lines (bucket, node, key) and, clearing itself when full,
// cost ask on English Wikipedia 2.5 times as much time in stemming as this does. The slots
// (about 64 bytes each) are made on the first look-up, so a table never asked costs nothing.
// Not thread-safe.
template <class Value>
class RecentWords {
  public:
    // REQUIRES: slots is a power of two.
    explicit RecentWords(std::size_t slots) : m_size(slots) {}

    // f(word), from the table when the word's slot holds it. The reference holds until the
    // next call. REQUIRES: f(word) depends on nothing but the word (clear() when it does).
    template <class F>
    const Value& get(const std::string& word, F&& f) {
        if (m_slots.empty()) m_slots.resize(m_size);
        auto& slot = m_slots[std::hash<std::string>()(word) & (m_size - 1)];
        // The empty word is the key of a slot never filled: never taken as found.
        if (slot.word != word || word.empty()) {
            slot.value = f(word);
            slot.word = word;
        }
        return slot.value;
    }

    void clear() { m_slots = {}; }

  private:
    struct Slot {
        std::string word;
        Value value{};
    };
    std::size_t m_size;
    std::vector<Slot> m_slots;  // m_size of them, or none before the first look-up
};

}  // namespace heritage::indexer
