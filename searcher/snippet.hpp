// Highlighted snippets: the best window of a passage, HTML-escaped, matches in <mark>.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_set>

#include "indexer/analyzer.hpp"

namespace heritage::searcher {

// HTML-escapes & < > " '.
std::string html_escape(std::string_view s);

// REQUIRES: text is valid UTF-8; tokens are analyzer.tokenize(text).
// Picks the window of at most max_chars code points (starting at a sentence or word start)
// holding the most distinct matched words, escapes it, wraps each word whose exact, stemmed
// (for lang) or variant term is in `terms` in <mark>…</mark>, and marks cuts with "…".
std::string make_snippet(const std::string& text, const std::vector<indexer::Token>& tokens,
                         const std::unordered_set<std::string>& terms, indexer::Analyzer& analyzer,
                         const std::string& lang, std::size_t max_chars = 220);

}  // namespace heritage::searcher
