// What the index holds: whole documents with their passages, and statistics of the index.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "searcher/searcher.hpp"

namespace heritage::searcher {

// One passage of a document as the index stores it.
struct PassageInfo {
    int passage = 0;
    std::string section, source;
    std::size_t start = 0, end = 0;  // code point offsets in the document's text
    std::string text;
};

// The passages of document `id` in order (empty when there is none).
std::vector<PassageInfo> document_passages(Xapian::Database& db, const std::string& id);

// The whole document as the API shows it: id, title, lang, source, url, date, year, access,
// meta, text and passages; null when there is none. Where it was read from (a server path) and
// bookkeeping fields stay out.
nlohmann::json document_json(Searcher& searcher, const std::string& id);

struct IndexStats {
    std::size_t documents = 0, passages = 0;
    std::vector<FacetValue> languages;      // passages per language, most first
    std::optional<int> year_min, year_max;  // range of dated passages
    std::optional<long long> indexed_at;    // seconds since the epoch of the last commit
};

IndexStats index_stats(Xapian::Database& db);

// Documents (records) and passages in the index: every Xapian document that is no record is a
// passage.
Xapian::doccount record_count(const Xapian::Database& db);
Xapian::doccount passage_count(const Xapian::Database& db);

// {"documents", "passages", "languages", "years", "indexed_at", "index_age_seconds"}; the age
// is counted from `now` (seconds since the epoch).
nlohmann::json to_json(const IndexStats& stats, long long now);

}  // namespace heritage::searcher
