// Every term of one index revision and its frequency, in memory, shared across searchers.
#include "searcher/term_dictionary.hpp"

#include "searcher/revision_cache.hpp"

namespace heritage::searcher {

std::shared_ptr<const TermDictionary> TermDictionary::of(const Xapian::Database& db,
                                                         std::size_t max_terms) {
    auto id = revision_id(db);
    if (!id) return nullptr;
    // A searcher asks once per revision (Searcher::search_once): an index with too many terms
    // is read that far once by each searcher, and not kept.
    auto d = shared_per_revision<TermDictionary>(*id, [&db, max_terms] {
        std::shared_ptr<TermDictionary> made(new TermDictionary());
        for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) {
            if (made->size() == max_terms) return std::shared_ptr<const TermDictionary>();
            made->m_terms.push_back(*it);
            made->m_freqs.push_back(it.get_termfreq());
        }
        made->m_terms.shrink_to_fit();
        return std::shared_ptr<const TermDictionary>(std::move(made));
    });
    return d && d->size() <= max_terms ? d : nullptr;
}

std::size_t TermDictionary::lower_bound(std::string_view t) const {
    std::size_t lo = 0, hi = m_terms.size();
    while (lo < hi) {
        std::size_t mid = lo + (hi - lo) / 2;
        if (m_terms[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

Xapian::doccount TermDictionary::freq(std::string_view t) const {
    std::size_t i = lower_bound(t);
    return i < m_terms.size() && m_terms[i] == t ? m_freqs[i] : 0;
}

}  // namespace heritage::searcher
