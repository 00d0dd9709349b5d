// Stop word lists (English and Norwegian, after Snowball's), used to drop filler from queries.
#pragma once

#include <string>
#include <string_view>

namespace heritage::indexer {

// Is word (normalized, case-folded) a stop word in lang ("en", "nb", "nn"; "" = any of them)?
bool is_stop_word(const std::string& word, std::string_view lang);

}  // namespace heritage::indexer
