// The facet value (slot::kFacets) of every passage of one index revision, held in memory.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace heritage::searcher {

// Counting facets with Xapian's ValueCountMatchSpy reads one value per match from disk: about a
// seventh of a search over long questions. The table reads the whole value stream once (0.2 µs
// a passage) and answers by docid from memory.
class FacetTable {
  public:
    // The table of db's current revision, shared by every caller in the process that asks for
    // the same index at the same revision (it lives as long as one of them holds it). nullptr
    // when db is not one local database (a match spy sees a shard's own docids, not the
    // combined ones; a remote shard has no revision to share by), or when its docids are
    // sparse (see of()).
    static std::shared_ptr<const FacetTable> of(const Xapian::Database& db);

    // REQUIRES: built from the database that matched `did`. 0 for a document without a value.
    std::uint32_t key_of(Xapian::docid did) const { return did < m_keys.size() ? m_keys[did] : 0; }
    // The joined value of key ("" for 0).
    const std::string& value(std::uint32_t key) const { return m_values[key]; }

  private:
    explicit FacetTable(const Xapian::Database& db);

    std::vector<std::uint32_t> m_keys;      // by docid
    std::vector<std::string> m_values{""};  // by key
};

// Counts matches by facet key, as ValueCountMatchSpy counts by value. Local only: it cannot be
// sent to a remote shard (FacetTable::of gives no table for those).
class FacetSpy : public Xapian::MatchSpy {
  public:
    explicit FacetSpy(const FacetTable& table) : m_table(table) {}
    void operator()(const Xapian::Document& doc, double) override {
        ++m_counts[m_table.key_of(doc.get_docid())];
    }
    // Each value seen with its count, in no particular order. The views live as long as the
    // table.
    std::vector<std::pair<std::string_view, Xapian::doccount>> counts() const;

  private:
    const FacetTable& m_table;
    std::unordered_map<std::uint32_t, Xapian::doccount> m_counts;
};

}  // namespace heritage::searcher
