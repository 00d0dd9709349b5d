// The facet value of every passage of one index revision, in memory, shared across searchers.
#include "searcher/facet_table.hpp"

#include "indexer/analyzer.hpp"
#include "searcher/revision_cache.hpp"

namespace heritage::searcher {

FacetTable::FacetTable(const Xapian::Database& db) : m_keys(db.get_lastdocid() + 1, 0) {
    constexpr Xapian::valueno slot = indexer::slot::kFacets;
    std::unordered_map<std::string, std::uint32_t> keys;
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
        auto [entry, fresh] = keys.try_emplace(*it, static_cast<std::uint32_t>(m_values.size()));
        if (fresh) m_values.push_back(*it);
        m_keys[it.get_docid()] = entry->second;
    }
}

std::shared_ptr<const FacetTable> FacetTable::of(const Xapian::Database& db) {
    auto id = revision_id(db);
    if (!id) return nullptr;
    // Docids are not reused: an index updated many times since it was last compacted has far
    // more ids than documents, and a table by docid would cost more memory than it saves time.
    if (db.get_lastdocid() > 4 * static_cast<std::uint64_t>(db.get_doccount()) + 10000)
        return nullptr;
    return shared_per_revision<FacetTable>(
        *id, [&db] { return std::shared_ptr<const FacetTable>(new FacetTable(db)); });
}

std::vector<std::pair<std::string_view, Xapian::doccount>> FacetSpy::counts() const {
    std::vector<std::pair<std::string_view, Xapian::doccount>> out;
    out.reserve(m_counts.size());
    for (const auto& [key, count] : m_counts) out.emplace_back(m_table.value(key), count);
    return out;
}

}  // namespace heritage::searcher
