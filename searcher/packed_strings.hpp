// Strings stored back to back in one buffer, read by position: the word lists held in memory.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace heritage::searcher {

// A vector of strings without a heap block or string header each: a few bytes of overhead per
// string, for lists of hundreds of thousands of index terms or spelling words.
// REQUIRES: less than 4 GiB of text in all.
class PackedStrings {
  public:
    void push_back(std::string_view s) {
        m_text += s;
        m_starts.push_back(static_cast<std::uint32_t>(m_text.size()));
    }
    std::string_view operator[](std::size_t i) const {
        return std::string_view(m_text).substr(m_starts[i], m_starts[i + 1] - m_starts[i]);
    }
    std::size_t size() const { return m_starts.size() - 1; }
    void shrink_to_fit() {
        m_text.shrink_to_fit();
        m_starts.shrink_to_fit();
    }

  private:
    std::string m_text;  // every string, in order
    // i -> start of string i in m_text; one more at the end
    std::vector<std::uint32_t> m_starts{0};
};

}  // namespace heritage::searcher
