// Writes documents into a Xapian index: one record per document, one Xapian document per passage.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "indexer/analyzer.hpp"
#include "indexer/document.hpp"
#include "indexer/passages.hpp"

namespace heritage::indexer {

// Bumped whenever analysis or the index layout changes, so unchanged inputs are re-analysed.
inline constexpr int kIndexFormat = 1;

struct IndexReport {
    std::size_t added = 0;      // documents new to the index
    std::size_t updated = 0;    // documents whose content changed
    std::size_t unchanged = 0;  // documents already indexed exactly so
    std::size_t removed = 0;    // documents gone from a re-indexed folder or file
    std::size_t passages = 0;   // passages written (of added and updated documents)
    std::size_t skipped = 0;    // records or files rejected with an error
    std::size_t ignored = 0;    // files of other types in folders
    std::size_t bytes = 0;      // bytes of text read
    double seconds = 0;
    std::size_t documents() const { return added + updated + unchanged; }
};

// Called now and then while indexing (documents so far, passages so far).
using ProgressFn = std::function<void(const IndexReport&)>;

// Owns a writable database. Changes become visible to readers only on commit(), atomically:
// a crash or kill before it leaves the previous revision intact.
class IndexWriter {
public:
    // Opens or creates the index at db_dir. Throws Xapian::Error if it is locked or broken.
    explicit IndexWriter(const std::string& db_dir, PassageOptions options = {});
    ~IndexWriter();

    enum class Outcome { added, updated, unchanged };
    // Adds doc, or replaces the document with the same id. Detects the language when doc.lang
    // is empty. REQUIRES: validate_document(doc) passed.
    Outcome add(Document doc, std::size_t* passages_written = nullptr);
    // Removes a document record and its passages; false if there was none.
    bool remove(const std::string& id);
    // Ids of indexed documents whose origin is `origin` or lies below the folder `origin`;
    // their origins, in the same order, into `origins` if given.
    std::vector<std::string> ids_from(const std::string& origin, bool folder,
                                      std::vector<std::string>* origins = nullptr);
    void commit();

    Analyzer& analyzer() { return m_analyzer; }

private:
    Xapian::Document make_passage(const Document& doc, const Passage& p, std::size_t n,
                                  const std::string& lang);
    Xapian::WritableDatabase m_db;
    Analyzer m_analyzer;
    PassageOptions m_options;
};

// Indexes files and folders (recursively: .md/.markdown/.txt in the corpus format, .jsonl as
// JSON Lines, "-" as JSON Lines on stdin) in one transaction. Each rejected record or file is
// reported on `errors` as one line "file[:line]: reason" and counted in `skipped`. Documents that
// came from a given folder or file before but are no longer in it are removed.
// Throws only for failures of the index itself (e.g. locked), leaving it unchanged.
IndexReport index_paths(IndexWriter& writer, const std::vector<std::string>& paths,
                        std::ostream& errors, const ProgressFn& progress = {});

// Year in a free-text date ("1784", "1784-05-01", "May 1784"), if any.
std::optional<int> year_of(const std::string& date);

}  // namespace heritage::indexer
