// Writes documents into a Xapian index: one record per document, one Xapian document per passage.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "indexer/analyzer.hpp"
#include "indexer/document.hpp"
#include "indexer/passages.hpp"
#include "indexer/thesaurus.hpp"

namespace heritage::indexer {

// Bumped whenever analysis or the index layout changes, so unchanged inputs are re-analysed.
inline constexpr int kIndexFormat = 11;

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

// A document made ready for the index without touching it: language, record and content hash
// (prepare), then its passages and record as Xapian documents (analyse). Built on any thread:
// the writer's thread sets the pace of a bulk build, so all it has left is Xapian's part.
struct PreparedDocument {
    Document doc;             // lang normalized; a detected one is set by analyse
    nlohmann::json record;    // the document's record; analyse adds origin, hash and passages
    std::string hash;         // content hash: equal hashes mean the indexed copy is current
    bool given_lang = false;  // lang came with the document (else detected, per passage too)
    bool analysed = false;    // passages and record_doc built
    std::vector<Xapian::Document> passages;
    Xapian::Document record_doc;  // the record as the index keeps it
};

// Owns a writable database. Changes become visible to readers only on commit(), atomically:
// a crash or kill before it leaves the previous revision intact.
class IndexWriter {
  public:
    // Opens or creates the index at db_dir. Throws Xapian::Error if it is locked or broken,
    // ThesaurusError if the thesaurus (default_thesaurus_path()) exists but is broken, or is
    // named by $HERITAGE_THESAURUS and missing. commit() writes its synonyms into the index.
    explicit IndexWriter(const std::string& db_dir, PassageOptions options = {});
    // An analysis-only writer with no database, for worker threads: prepare() and analyse().
    explicit IndexWriter(PassageOptions options);
    ~IndexWriter();

    enum class Outcome { added, updated, unchanged };
    // Adds doc, or replaces the document with the same id. When doc.lang is empty, detects the
    // language of the document, and of each passage where CLD2 is confident (a mixed document
    // gets passages of several languages). REQUIRES: validate_document(doc) passed.
    Outcome add(Document doc, std::size_t* passages_written = nullptr);
    // add() in steps, so analysis can run on other threads (each with its own IndexWriter):
    // prepare and analyse need no database; write analyses only if the document changed.
    PreparedDocument prepare(Document doc);
    void analyse(PreparedDocument& prepared);
    Outcome write(PreparedDocument prepared, std::size_t* passages_written = nullptr);
    // True if `db` holds this document with the same content hash (nothing to re-analyse).
    static bool is_current(const Xapian::Database& db, const PreparedDocument& prepared);
    // prepare() and analyse() on the writer's own thread, ahead of write(): analyse() only if
    // this index holds no document of that id yet (else write() compares the hashes first).
    PreparedDocument prepare_ahead(Document doc);
    // Removes a document record and its passages; false if there was none.
    bool remove(const std::string& id);
    // True if the index holds no document, written or not yet committed.
    bool empty() { return m_db.get_doccount() == 0; }
    // Ids of indexed documents whose origin is `origin` or lies below the folder `origin`;
    // their origins, in the same order, into `origins` if given.
    std::vector<std::string> ids_from(const std::string& origin, bool folder,
                                      std::vector<std::string>* origins = nullptr);
    void commit();

    Analyzer& analyzer() { return m_analyzer; }

  private:
    // Builds one passage's Xapian document. Touches no database, so analysis can run on other
    // threads than the writer's.
    Xapian::Document make_passage(const Document& doc, const Passage& p, std::size_t n,
                                  const std::string& lang);
    // The document's record as the index keeps it, once its passages are built. Takes the text
    // out of p.record.
    static Xapian::Document make_record(PreparedDocument& p);
    Xapian::WritableDatabase m_db;
    Analyzer m_analyzer;
    PassageOptions m_options;
    std::optional<Thesaurus> m_thesaurus;
};

// Indexes files and folders (recursively: .md/.markdown/.txt in the corpus format, .jsonl as
// JSON Lines, "-" as JSON Lines on stdin) in one transaction. Each rejected record or file is
// reported on `errors` as one line "file[:line]: reason" and counted in `skipped`. Documents that
// came from a given folder or file before but are no longer in it are removed.
// Throws only for failures of the index itself (e.g. locked), leaving it unchanged.
IndexReport index_paths(IndexWriter& writer, const std::vector<std::string>& paths,
                        std::ostream& errors, const ProgressFn& progress = {});

// FNV-1a, 64 bits: the same value on every machine and run (content hashes, shard choice).
std::uint64_t fnv1a(std::string_view s);

// Year in a free-text date ("1784", "1784-05-01", "May 1784"), if any.
std::optional<int> year_of(const std::string& date);

}  // namespace heritage::indexer
