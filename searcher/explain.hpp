// Explanations of a match: which widenings of the query (variants, compounds, synonyms,
// corrections) a passage matched, and through which of its words.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "indexer/analyzer.hpp"
#include "searcher/query_parser.hpp"

namespace heritage::searcher {

// REQUIRES: text is valid UTF-8.
// For one passage (`text` in `lang`) that matched `matching_terms` of the query:
// {"matched": [{"word": "hytte", "kind": "compound", "form": "part of a compound",
//               "terms": ["XChytt"], "text": ["Smelthytta"]}, …],
//  "unmatched": ["words of the query this passage does not match"]}
// "text" lists the passage's words (as written) that carry the matched terms; it is empty
// when they are only in the title or section heading.
nlohmann::json explain_match(const ParsedQuery& parsed,
                             const std::vector<std::string>& matching_terms,
                             const std::string& text, const std::string& lang,
                             indexer::Analyzer& analyzer);

}  // namespace heritage::searcher
