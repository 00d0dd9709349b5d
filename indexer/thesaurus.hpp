// The bilingual heritage thesaurus: reads the researcher-editable TSV file and turns its
// concepts into Xapian synonyms (key -> "lang:term") that the query parser expands.
#pragma once

#include <xapian.h>

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "indexer/analyzer.hpp"

namespace heritage::indexer {

// A thesaurus file that cannot be used; what() is "file:line: reason".
class ThesaurusError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct ThesaurusTerm {
    std::string lang;  // column name: "nb", "nn", "en", "se", …
    std::string text;  // as written in the file: "kirke", "reindeer husbandry"
};

struct Concept {
    std::string domain;  // "church", "mining", …
    std::vector<ThesaurusTerm> terms;
    std::size_t line = 0;
};

// File format (UTF-8, TAB-separated; see indexer/data/thesaurus.tsv):
//   # comment lines and blank lines are ignored
//   domain<TAB>nb<TAB>nn<TAB>en<TAB>se<TAB>note      <- header: names the columns, in any order
//   church<TAB>kirke; kirkebygg<TAB>kyrkje<TAB>church<TAB><TAB>
// "domain" is required; "note" is free text; every other column is a language (ISO 639 code)
// whose cells hold terms separated by ";" ("-" or empty for none). A term is one to five words;
// every term of a row is a synonym of every other term of that row, across languages.
class Thesaurus {
  public:
    // Throws ThesaurusError for a missing file, a bad header, a bad cell, or a row with fewer
    // than two terms.
    static Thesaurus load(const std::string& path);
    static Thesaurus parse(const std::string& content, const std::string& name);

    const std::vector<Concept>& concepts() const { return m_concepts; }

    // Synonym entries: lookup key -> values "lang:term". Keys are those query_keys() makes for
    // a term's words; a value is left out of a key that its own term produces.
    std::map<std::string, std::set<std::string>> synonyms(Analyzer& analyzer) const;

    // Replaces the database's synonyms with synonyms(), unless the metadata
    // "heritage:thesaurus" already records this thesaurus. Returns true if it wrote them.
    bool write_to(Xapian::WritableDatabase& db, Analyzer& analyzer) const;

    // A digest of the content, recorded in the index.
    const std::string& digest() const { return m_digest; }

  private:
    std::vector<Concept> m_concepts;
    std::string m_digest;
};

// Keys under which a thesaurus term of language `lang`, given as its normalized words, is
// found: the folded words joined by spaces, and "Z" + their folded stems joined by spaces
// (only for a language with a stemmer); for a term with æ, ø or å, also the same two keys
// unfolded ("kirkegård" and "Z" + its stem).
std::vector<std::string> term_keys(Analyzer& analyzer, const std::vector<std::string>& words,
                                   const std::string& lang);
// Keys to look up for query words (normalized) of unknown language, for every language with a
// stemmer. Words written with æ, ø or å are looked up unfolded only: "øst" must not find the
// synonyms of "ost" (cheese). Words without them are looked up folded, and so find terms
// written with or without those letters ("Roros" finds "Røros").
std::vector<std::string> query_keys(Analyzer& analyzer, const std::vector<std::string>& words);

// Splits a synonym value "lang:term" into its parts.
ThesaurusTerm parse_synonym_value(const std::string& value);

// $HERITAGE_THESAURUS if set (empty: none), else the thesaurus in the source tree.
std::string default_thesaurus_path();

}  // namespace heritage::indexer
