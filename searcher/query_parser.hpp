// Turns a user's query string into a Xapian query through the shared analyzer.
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "indexer/analyzer.hpp"

namespace heritage::searcher {

// What a parsed query asks for, ready to run and to highlight with.
struct ParsedQuery {
    Xapian::Query query;  // MatchNothing when the query has no searchable words
    // Index terms that count as a match for highlighting (exact, stemmed and variant forms of
    // every word not under NOT or "-").
    std::unordered_set<std::string> highlight_terms;
    // Normalized words of the query that were searched for (stop words dropped), in order.
    std::vector<std::string> words;
    bool degraded = false;  // the syntax made no sense and the words were searched plainly
};

// Syntax: words, "phrases", +must, -not, AND, OR, NOT (upper case), parentheses, and fields
// title:, section:, source:, lang:, doc: (id: is a synonym of doc:). Words are OR-ed and ranked
// by BM25; source:, lang: and doc: filter. Stop words are dropped unless quoted, "+"-marked, or
// all there is. Never throws for any input string: nonsense degrades to a plain word search.
// REQUIRES: text is valid UTF-8.
// `langs` are the languages to stem for (empty = all known languages).
ParsedQuery parse_query(const std::string& text, indexer::Analyzer& analyzer,
                        const std::vector<std::string>& langs = {});

// Exact, stemmed and variant index terms one normalized word matches (for `langs`); the same
// set a document indexes for that word, so a query word and a document word agree.
std::vector<std::string> word_terms(const std::string& word, indexer::Analyzer& analyzer,
                                    const std::vector<std::string>& langs);

}  // namespace heritage::searcher
