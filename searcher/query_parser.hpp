// Turns a user's query string into a Xapian query through the shared analyzer.
#pragma once

#include <xapian.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "indexer/analyzer.hpp"
#include "searcher/spelling_index.hpp"
#include "searcher/term_dictionary.hpp"

namespace heritage::searcher {

// One way a query word was widened, for ranking and for explaining a match.
struct Expansion {
    std::string word;  // the normalized query word (or "w1 w2" for a pair of words)
    // "exact" (as written, and its stems in the query's language), "language" (stems in the
    // other languages), "variant" (folded spellings, hyphen joins, Norwegian word forms the
    // index has), "compound" (a part finds the compound; the compound finds its parts),
    // "synonym" (thesaurus), "correction" (spelling, for a word the index lacks), "split"
    // (a word the index lacks, found as two words: "livestock" -> "live stocks").
    std::string kind;
    std::string form;  // what it was widened to: "roros", "en:copperworks", "bergstaden", …
    std::vector<std::string> terms;  // the index terms it searches
    // For a phrase ("mining town", "live stocks"): the words it needs in a row, each as the
    // forms that may stand there. Empty for single words.
    std::vector<std::vector<std::string>> phrase;
};

// What a parsed query asks for, ready to run and to highlight with.
struct ParsedQuery {
    Xapian::Query query;  // MatchNothing when the query has no searchable words
    // Index terms that count as a match for highlighting (every term searched for a word not
    // under NOT or "-").
    std::unordered_set<std::string> highlight_terms;
    // Normalized words of the query that were searched for (stop words dropped), in order.
    std::vector<std::string> words;
    bool degraded = false;  // the syntax made no sense and the words were searched plainly
    std::vector<Expansion> expansions;  // every widening of every searched word, in order
    // The query with each word the index lacks replaced by the index's spelling suggestion;
    // unset when no word needed one.
    std::optional<std::string> did_you_mean;
};

// What one plain word (not quoted, not negated) of a query was widened to.
struct WordExpansion {
    Xapian::Query query;
    std::vector<Expansion> expansions;  // as ParsedQuery::expansions has them
    std::string correction;             // the spelling suggestion it searched, or ""
};

// Plain words' expansions, by word and the languages of the parse: widening one word costs
// tens of index and dictionary look-ups (and a spelling suggestion, milliseconds for a long
// word), and a searcher's queries share many words. Its owner clears it when the database
// changes.
using WordCache = std::unordered_map<std::string, WordExpansion>;

// What the parser may consult beyond the analyzer. Without a database only analysis-based
// widening happens (folding, stems, compounds); with one, also the index's synonyms, spelling
// suggestions from its words, and vocabulary. `synonyms`, when set, replaces the database's
// synonyms (e.g. a thesaurus file loaded for a database without them, such as a remote one).
struct QueryContext {
    const Xapian::Database* db = nullptr;
    const std::map<std::string, std::set<std::string>>* synonyms = nullptr;
    WordCache* words = nullptr;  // if set, read and filled by the parser
    // If set, holds the spelling suggestions of db's current revision across queries. If unset,
    // the parser makes its own from db when it needs them, anew for each query nobody else holds
    // them for.
    SpellingOnDemand* spelling = nullptr;
    // If set, the index's terms and their frequencies are looked up in it rather than in db.
    // REQUIRES: built from db's current revision.
    const TermDictionary* terms = nullptr;
};

// Syntax: words, "phrases", +must, -not, AND, OR, NOT (upper case), parentheses, and fields
// title:, section:, source:, lang:, doc: (id: is a synonym of doc:). Words are OR-ed and ranked
// by BM25; source:, lang: and doc: filter. Stop words are dropped unless quoted, "+"-marked, or
// all there is. Never throws for any input string: nonsense degrades to a plain word search.
// Each plain word also matches, at lower weight, its folded spellings, compound parts,
// thesaurus synonyms and, when the index lacks it, a spelling correction (see Expansion).
// REQUIRES: text is valid UTF-8.
// `langs` are the languages of the passages searched (empty = all known languages): stems are
// made for those; the query words themselves may be in any language.
ParsedQuery parse_query(const std::string& text, indexer::Analyzer& analyzer,
                        const std::vector<std::string>& langs = {},
                        const QueryContext& context = {});

// Exact, stemmed and folded index terms one normalized word matches (for `langs`), without
// consulting an index: the terms a document indexes for the same word or its spellings.
std::vector<std::string> word_terms(const std::string& word, indexer::Analyzer& analyzer,
                                    const std::vector<std::string>& langs);

}  // namespace heritage::searcher
