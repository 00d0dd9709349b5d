// The terms of one index revision with their frequencies, held in memory for query parsing.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "searcher/packed_strings.hpp"

namespace heritage::searcher {

// Parsing a question seen for the first time looks up whether each form of each word is in the
// index and scans the index's words that share a stem: 20 to 50 B-tree look-ups, each reading
// blocks with a system call. Asking also weighs each form by its frequency. This holds every
// term of a revision back to back (about 17 bytes a term) and answers from memory what Xapian
// would: over a NoReC index of 10 MB, searches took 5% less CPU time and answers 6% less.
class TermDictionary {
  public:
    // Beyond this many terms the dictionary would cost more memory than it is worth; look-ups
    // then go to the index.
    static constexpr std::size_t kMaxTerms = 1'000'000;

    // The dictionary of db's current revision, shared by every caller in the process that asks
    // for the same index at the same revision (it lives as long as one of them holds it).
    // nullptr when db is not one local database (several shards' or a remote one's terms are
    // looked up where they are) or has more than max_terms terms.
    static std::shared_ptr<const TermDictionary> of(const Xapian::Database& db,
                                                    std::size_t max_terms = kMaxTerms);

    // How many documents of the revision hold `term` (0 when none does), as
    // Database::get_termfreq answers.
    Xapian::doccount freq(std::string_view term) const;
    bool contains(std::string_view term) const { return freq(term) > 0; }

    // Calls f(term) for the terms that start with `prefix`, in Xapian's (byte) order, until f
    // returns false: what Database::allterms_begin(prefix) walks.
    template <class F>
    void scan(std::string_view prefix, F f) const {
        for (std::size_t i = lower_bound(prefix); i < m_terms.size(); ++i) {
            std::string_view t = m_terms[i];
            if (t.substr(0, prefix.size()) != prefix || !f(std::string(t))) return;
        }
    }

    std::size_t size() const { return m_terms.size(); }

  private:
    TermDictionary() = default;

    // The index of the first term not less than t.
    std::size_t lower_bound(std::string_view t) const;

    PackedStrings m_terms;                  // every term, in Xapian's order
    std::vector<Xapian::doccount> m_freqs;  // term index -> documents holding it
};

}  // namespace heritage::searcher
