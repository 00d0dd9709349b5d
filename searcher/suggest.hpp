// Search-as-you-type completions from the index's own vocabulary and document titles.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "searcher/searcher.hpp"

namespace heritage::searcher {

inline constexpr int kMaxSuggestions = 20;

struct WordCompletion {
    std::string query;  // the whole query with its last word completed
    std::string word;   // the completed word, as indexed (normalized)
    std::size_t count;  // passages holding the word
};

struct TitleMatch {
    std::string title;
    std::string doc_id;
};

struct Suggestions {
    std::string query;
    std::vector<WordCompletion> completions;  // most frequent words first
    std::vector<TitleMatch> titles;           // documents whose title fits the query
};

// Completes the last word of `query` (when it touches the end of the text) with index words
// that start with it, most frequent first, stop words last; when no word starts so, with the
// folded forms the index keeps ("ror" -> "roros"). Titles fit when they hold every earlier
// query word and a word starting with the last one. At most `limit` of each.
// Throws BadRequest for a query that is too long or not valid UTF-8, or a bad limit.
Suggestions suggest(Searcher& searcher, const std::string& query, int limit = 8);

nlohmann::json to_json(const Suggestions& s);

}  // namespace heritage::searcher
