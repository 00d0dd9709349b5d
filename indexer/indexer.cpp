// Index writing: document records, passage documents and their terms, and folder re-indexing.
#include "indexer/indexer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "indexer/packed_values.hpp"
#include "indexer/parallel_indexer.hpp"

namespace heritage::indexer {

namespace fs = std::filesystem;

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

namespace {

std::string to_hex(std::uint64_t v) {
    std::ostringstream os;
    os << std::hex << v;
    return os.str();
}

std::string lower_words_joined(Analyzer& analyzer, const std::string& s) {
    std::string out;
    for (auto& t : analyzer.tokenize(s)) {
        if (!out.empty()) out += ' ';
        out += t.word;
    }
    return out;
}

// The absolute, normalized path a file or folder is remembered by, without a trailing "/".
std::string origin_of(const fs::path& p) {
    std::error_code ec;
    std::string s = fs::weakly_canonical(fs::absolute(p), ec).string();
    if (ec) s = fs::absolute(p).lexically_normal().string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
}

std::string str(std::string_view a, std::string_view b) { return std::string(a) + std::string(b); }

// Xapian rejects terms over 245 bytes; such "words" (base64 blobs, URLs) are not searchable.
constexpr std::size_t kMaxTermBytes = 240;

void add_term(Xapian::Document& d, std::string_view prefix, const std::string& term,
              Xapian::termcount wdf = 1) {
    if (term.empty() || prefix.size() + term.size() > kMaxTermBytes) return;
    d.add_term(str(prefix, term), wdf);
}

}  // namespace

std::optional<int> year_of(const std::string& date) {
    static const std::regex re(R"((^|[^0-9])([0-9]{3,4})([^0-9]|$))");
    std::smatch m;
    if (std::regex_search(date, m, re)) return std::stoi(m[2].str());
    return std::nullopt;
}

IndexWriter::IndexWriter(PassageOptions options) : m_options(options) {}

IndexWriter::IndexWriter(const std::string& db_dir, PassageOptions options) : IndexWriter(options) {
    m_db = Xapian::WritableDatabase(db_dir, Xapian::DB_CREATE_OR_OPEN);
    std::string thesaurus = default_thesaurus_path();
    std::error_code ec;
    if (!thesaurus.empty() && (std::getenv("HERITAGE_THESAURUS") || fs::exists(thesaurus, ec)))
        m_thesaurus = Thesaurus::load(thesaurus);
    // Inside a transaction Xapian's automatic flushes write blocks but never a new revision.
    m_db.begin_transaction(true);
}

IndexWriter::~IndexWriter() {
    try {
        if (m_db.size() > 0) m_db.cancel_transaction();  // uncommitted work is dropped
    } catch (const Xapian::Error&) {
    }
}

Xapian::Document IndexWriter::make_passage(const Document& doc, const Passage& p, std::size_t n,
                                           const std::string& lang) {
    Xapian::Document d;
    const bool restricted = doc.access == "restricted";
    // The index keeps no Xapian spelling data: "did you mean" suggests its words (terms
    // without a prefix), with their frequencies (searcher::SpellingIndex).
    // A restricted text's words are never indexed: a search could otherwise probe for them.
    for (const auto& t : m_analyzer.tokenize(restricted ? std::string() : p.text)) {
        if (t.word.size() > kMaxTermBytes) continue;
        d.add_posting(t.word, t.position);
        for (const auto& term : m_analyzer.index_terms(t, lang)) add_term(d, "", term);
    }
    // Title and section words make the passage findable by them and count like body words, but
    // carry no positions so phrases never straddle them and the body.
    std::string heading = doc.title;
    if (p.section != doc.title) heading += "\n" + p.section;
    for (const auto& t : m_analyzer.tokenize(heading)) {
        add_term(d, prefix::kTitle, t.word);
        if (!Analyzer::index_terms_dropped(t.word, lang))
            add_term(d, prefix::kTitleStem, m_analyzer.stem(t.word, lang));
        add_term(d, "", t.word);
        for (const auto& term : m_analyzer.index_terms(t, lang)) add_term(d, "", term);
    }
    // A restricted text is found by its metadata instead (a public one by what it says).
    if (restricted) {
        for (const auto& [key, value] : doc.meta) {
            for (const auto& t : m_analyzer.tokenize(value)) {
                add_term(d, "", t.word);
                for (const auto& term : m_analyzer.index_terms(t, lang)) add_term(d, "", term);
            }
        }
    }
    // Every term costs the writer a posting: a passage carries only those searches read. Its
    // source's name is one term (a source: filter matches names by their words), and it is a
    // passage by not being a record (prefix::kKind "d").
    add_term(d, prefix::kSource, lower_words_joined(m_analyzer, p.source));
    // A passage of no language the analyzer knows says so: every passage has one language
    // term, which lets a search read the rarer side of a language filter (query_parser.cpp).
    if (lang.empty())
        d.add_term(std::string(prefix::kNoLang));
    else
        add_term(d, prefix::kLang, lang);
    add_term(d, prefix::kDoc, doc.id);
    if (!doc.access.empty()) add_term(d, prefix::kAccess, doc.access);

    // Every value slot costs the writer a value stream: only what searches read is written.
    d.add_value(slot::kDocId, doc.id);
    d.add_value(slot::kFacets,
                p.source + slot::kFacetSeparator + lang + slot::kFacetSeparator + doc.id);
    if (auto y = year_of(doc.date)) d.add_value(slot::kYear, Xapian::sortable_serialise(*y));

    nlohmann::json data = {{"doc_id", doc.id},   {"passage", n},
                           {"title", doc.title}, {"section", p.section},
                           {"source", p.source}, {"url", doc.url},
                           {"lang", lang},       {"text", restricted ? "" : p.text},
                           {"start", p.start},   {"end", p.end}};
    if (!doc.access.empty()) data["access"] = doc.access;
    d.add_value(slot::kPassage, pack_value(data.dump()));
    return d;
}

IndexWriter::Outcome IndexWriter::add(Document doc, std::size_t* passages_written) {
    return write(prepare(std::move(doc)), passages_written);
}

namespace {

// The language of a document without one, from its passages' evidence: the language of most of
// the text the detector was sure of, Bokmål or Nynorsk by the words only one of them uses. This
// is what detecting the whole text would say (on NoReC, for all but 1 of 3,463 reviews), at
// half the cost: the passages are detected anyway. Where the detector was sure of less than
// half the text, the whole text (with its title) is detected after all.
std::string document_lang(const Document& doc, const std::vector<Passage>& passages,
                          const std::vector<Analyzer::LangEvidence>& evidence, Analyzer& analyzer) {
    std::map<std::string, std::size_t> sure_bytes;  // "no" for both Norwegian standards
    std::size_t sure = 0, total = 0;
    int bokmal_words = 0, nynorsk_words = 0;
    for (std::size_t n = 0; n < passages.size(); ++n) {
        const auto& e = evidence[n];
        const std::size_t size = passages[n].text.size();
        total += size;
        bokmal_words += e.bokmal_words;
        nynorsk_words += e.nynorsk_words;
        if (!e.reliable) continue;
        sure += size;
        sure_bytes[e.code == "nb" || e.code == "nn" ? "no" : e.code] += size;
    }
    if (sure == 0 || 2 * sure < total) return analyzer.detect_lang(doc.title + "\n" + doc.text);
    auto most = std::max_element(sure_bytes.begin(), sure_bytes.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    if (most->first != "no") return most->first;
    return nynorsk_words > bokmal_words ? "nn" : "nb";
}

}  // namespace

PreparedDocument IndexWriter::prepare(Document doc) {
    PreparedDocument p;
    // A language not given is detected by analyse(), from the passages: the hash covers what
    // the language is detected from (and kIndexFormat, how).
    std::string lang = normalize_lang(doc.lang);
    const bool given_lang = !lang.empty();
    doc.lang = lang;
    p.record = {{"id", doc.id},         {"title", doc.title},
                {"lang", lang},         {"source", doc.source},
                {"url", doc.url},       {"date", doc.date},
                {"access", doc.access}, {"meta", doc.meta},
                {"text", doc.text},     {"inline_credits", doc.inline_credits}};
    p.hash = to_hex(fnv1a(p.record.dump() + "\n" + std::to_string(kIndexFormat)));
    p.given_lang = given_lang;
    // Its record keeps no text either, so no endpoint can show what the index does not hold.
    if (doc.access == "restricted") p.record["text"] = "";
    p.doc = std::move(doc);
    return p;
}

void IndexWriter::analyse(PreparedDocument& p) {
    // A restricted document is one passage without text (its headings are body text too).
    auto passages = p.doc.access == "restricted"
                        ? std::vector<Passage>{{0, 0, "", p.doc.title, p.doc.source}}
                        : split_passages(p.doc, m_analyzer, m_options);
    p.passages.clear();
    p.passages.reserve(passages.size());
    // A detected language is decided per passage where the detector is sure: mixed texts stem
    // each part in its own language. The others get the document's.
    std::vector<std::string> passage_langs(passages.size(), p.doc.lang);
    if (!p.given_lang) {
        std::vector<Analyzer::LangEvidence> evidence;
        evidence.reserve(passages.size());
        for (const auto& passage : passages)
            evidence.push_back(m_analyzer.lang_evidence(passage.text));
        p.doc.lang = document_lang(p.doc, passages, evidence, m_analyzer);
        p.record["lang"] = p.doc.lang;
        for (std::size_t n = 0; n < passages.size(); ++n)
            passage_langs[n] = evidence[n].reliable ? evidence[n].code : p.doc.lang;
    }
    for (std::size_t n = 0; n < passages.size(); ++n)
        p.passages.push_back(make_passage(p.doc, passages[n], n, passage_langs[n]));
    p.record_doc = make_record(p);
    p.analysed = true;
}

Xapian::Document IndexWriter::make_record(PreparedDocument& p) {
    const Document& doc = p.doc;
    nlohmann::json& record = p.record;
    record["origin"] = doc.origin;
    record["hash"] = p.hash;
    record["passages"] = p.passages.size();
    if (auto y = year_of(doc.date)) record["year"] = *y;
    Xapian::Document rec;
    rec.add_boolean_term(str(prefix::kDocId, doc.id));
    rec.add_boolean_term(str(prefix::kKind, "d"));
    rec.add_value(slot::kDocId, doc.id);
    rec.add_value(slot::kOrigin, doc.origin);
    rec.add_value(slot::kHash, p.hash);
    rec.add_value(slot::kTitle, doc.title);
    // The text is a value of its own, not a field of the JSON data: asking reads documents'
    // text around its passages, and parsing it out of the JSON took an eighth of an answer.
    // Compressed, it makes a NoReC index 6% smaller and an English Wikipedia one 9%.
    const std::string& text = record["text"].get_ref<const std::string&>();
    if (!text.empty()) rec.add_value(slot::kPackedText, pack_value(text));
    record.erase("text");
    rec.set_data(record.dump());
    return rec;
}

bool IndexWriter::is_current(const Xapian::Database& db, const PreparedDocument& p) {
    const std::string id_term = str(prefix::kDocId, p.doc.id);
    Xapian::PostingIterator it = db.postlist_begin(id_term);
    if (it == db.postlist_end(id_term)) return false;
    return db.get_document(*it).get_value(slot::kHash) == p.hash;
}

PreparedDocument IndexWriter::prepare_ahead(Document doc) {
    PreparedDocument p = prepare(std::move(doc));
    // term_exists only reads frequencies (see write()).
    if (!m_db.term_exists(str(prefix::kDocId, p.doc.id))) analyse(p);
    return p;
}

IndexWriter::Outcome IndexWriter::write(PreparedDocument p, std::size_t* passages_written) {
    if (passages_written) *passages_written = 0;
    const Document& doc = p.doc;
    const std::string id_term = str(prefix::kDocId, doc.id);
    Outcome outcome = Outcome::added;
    Xapian::docid record_id = 0;
    // term_exists only reads frequencies: opening a posting list on a writable database flushes
    // all its buffered positions (GlassWritableDatabase::open_post_list), which done for every
    // new document would undo Xapian's batching of position writes.
    if (m_db.term_exists(id_term)) {
        Xapian::PostingIterator it = m_db.postlist_begin(id_term);
        record_id = *it;
        Xapian::Document old = m_db.get_document(*it);  // values only: data is read lazily
        if (old.get_value(slot::kHash) == p.hash) {
            if (old.get_value(slot::kOrigin) != doc.origin) {  // moved file, same content
                auto rec = nlohmann::json::parse(old.get_data());
                rec["origin"] = doc.origin;
                old.set_data(rec.dump());
                old.add_value(slot::kOrigin, doc.origin);
                m_db.replace_document(*it, old);
            }
            return Outcome::unchanged;
        }
        outcome = Outcome::updated;
        m_db.delete_document(str(prefix::kDoc, doc.id));
    }

    if (!p.analysed) analyse(p);
    for (const auto& d : p.passages) m_db.add_document(d);
    if (record_id)
        m_db.replace_document(record_id, p.record_doc);
    else
        m_db.add_document(p.record_doc);
    if (passages_written) *passages_written = p.passages.size();
    return outcome;
}

bool IndexWriter::remove(const std::string& id) {
    const std::string id_term = str(prefix::kDocId, id);
    if (!m_db.term_exists(id_term)) return false;
    m_db.delete_document(id_term);
    m_db.delete_document(str(prefix::kDoc, id));
    return true;
}

std::vector<std::string> IndexWriter::ids_from(const std::string& origin, bool folder,
                                               std::vector<std::string>* origins) {
    std::vector<std::string> ids;
    const std::string below = origin + "/";
    // Only records carry an origin value; their data (the whole text) is never read here.
    for (auto it = m_db.valuestream_begin(slot::kOrigin); it != m_db.valuestream_end(slot::kOrigin);
         ++it) {
        const std::string o = *it;
        if (o == origin || (folder && o.rfind(below, 0) == 0)) {
            ids.push_back(m_db.get_document(it.get_docid()).get_value(slot::kDocId));
            if (origins) origins->push_back(o);
        }
    }
    return ids;
}

void IndexWriter::commit() {
    if (m_thesaurus) m_thesaurus->write_to(m_db, m_analyzer);
    m_db.set_metadata("heritage:indexed_at",
                      std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count()));
    m_db.commit_transaction();
    m_db.begin_transaction(true);
}

namespace {

bool is_text_file(const fs::path& p) {
    auto e = p.extension().string();
    return e == ".md" || e == ".markdown" || e == ".txt";
}

struct Run {
    ParallelIndexer& writer;
    std::ostream& errors;
    const ProgressFn& progress;
    IndexReport report;
    std::map<std::string, std::string> seen;  // id -> where it was first read
    // Files and folders that could not be read, or not all of whose records were valid: what
    // was indexed from them before is kept, never taken for deleted.
    std::set<std::string> faulty_files;
    std::vector<std::string> faulty_folders;
    std::chrono::steady_clock::time_point last_progress = std::chrono::steady_clock::now();
    IndexReport before = writer.counts();  // the writer's outcomes of earlier runs
    // An index empty at the start holds only documents this run read: none can have gone
    // missing. (Listing them would cost a bulk build a second of its serial end: Xapian writes
    // out its buffered changes before it reads a value stream.)
    const bool started_empty = writer.empty();

    void fail(const std::string& message) {
        errors << message << "\n";
        ++report.skipped;
    }

    // Remembers a file or folder that failed by its origin and by its place (a link now
    // pointing elsewhere, or nowhere, may have been indexed from that place as a plain file).
    void mark_faulty(const fs::path& path, bool folder) {
        std::string place = origin_of(path.parent_path()) + "/" + path.filename().string();
        if (folder) {
            faulty_folders.push_back(origin_of(path));
            faulty_folders.push_back(place);
        } else {
            faulty_files.insert(origin_of(path));
            faulty_files.insert(place);
        }
    }

    void fail(const std::string& message, const fs::path& path, bool folder = false) {
        fail(message);
        mark_faulty(path, folder);
    }

    void add(Document doc, const std::string& where) {
        auto [it, fresh] = seen.emplace(doc.id, where);
        if (!fresh) {
            fail(where + ": duplicate id \"" + doc.id + "\" (first at " + it->second + ")");
            return;
        }
        writer.add(std::move(doc));
        auto now = std::chrono::steady_clock::now();
        if (progress && now - last_progress > std::chrono::milliseconds(200)) {
            last_progress = now;
            progress(with_counts());
        }
    }

    // The report with the writer's outcomes so far (documents are written asynchronously).
    IndexReport with_counts() {
        IndexReport r = report;
        IndexReport c = writer.counts();
        r.added = c.added - before.added;
        r.updated = c.updated - before.updated;
        r.unchanged = c.unchanged - before.unchanged;
        r.passages = c.passages - before.passages;
        return r;
    }

    // Returns false if a record was rejected or reading failed.
    bool read_jsonl(std::istream& in, const std::string& name, const std::string& origin) {
        std::string line;
        std::size_t line_no = 0;
        std::size_t skipped_before = report.skipped;
        while (std::getline(in, line)) {
            ++line_no;
            report.bytes += line.size() + 1;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.find_first_not_of(" \t") == std::string::npos) continue;
            std::string where = name + ":" + std::to_string(line_no);
            try {
                Document doc = parse_jsonl_record(line, where);
                doc.origin = origin;
                add(std::move(doc), where);
            } catch (const InputError& e) {
                fail(e.what());
            }
        }
        if (in.bad()) fail(name + ": read error after line " + std::to_string(line_no));
        return report.skipped == skipped_before;
    }

    void read_file(const fs::path& path, const std::string& default_id) {
        std::string name = path.string();
        std::string origin = origin_of(path);
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            fail(name + ": cannot open for reading (" + std::strerror(errno) + ")", path);
            return;
        }
        if (path.extension() == ".jsonl") {
            if (!read_jsonl(in, name, origin)) mark_faulty(path, false);
            return;
        }
        // istream::read turns a failing read (EIO) into badbit; `buf << in.rdbuf()` would not.
        std::string content;
        char chunk[1 << 16];
        while (in.read(chunk, sizeof chunk) || in.gcount() > 0) content.append(chunk, in.gcount());
        if (in.bad()) {
            fail(name + ": read error", path);
            return;
        }
        report.bytes += content.size();
        try {
            Document doc = parse_text_document(content, default_id, name);
            doc.origin = origin;
            add(std::move(doc), name);
        } catch (const InputError& e) {
            fail(e.what(), path);
        }
    }

    bool from_faulty(const std::string& origin) const {
        if (faulty_files.count(origin)) return true;
        for (const auto& f : faulty_folders)
            if (origin == f || origin.rfind(f + "/", 0) == 0) return true;
        return false;
    }

    void remove_missing(const std::string& origin, bool folder) {
        if (started_empty) return;
        std::vector<std::string> origins;
        auto ids = writer.ids_from(origin, folder, &origins);
        for (std::size_t i = 0; i < ids.size(); ++i)
            if (!seen.count(ids[i]) && !from_faulty(origins[i]) && writer.remove(ids[i]))
                ++report.removed;
    }
};

}  // namespace

IndexReport index_paths(IndexWriter& writer, const std::vector<std::string>& paths,
                        std::ostream& errors, const ProgressFn& progress) {
    ParallelIndexer serial(writer);
    return index_paths(serial, paths, errors, progress);
}

IndexReport index_paths(ParallelIndexer& writer, const std::vector<std::string>& paths,
                        std::ostream& errors, const ProgressFn& progress) {
    auto t0 = std::chrono::steady_clock::now();
    Run run{writer, errors, progress, {}, {}, {}, {}, {}};
    for (const auto& arg : paths) {
        if (arg == "-") {
            run.read_jsonl(std::cin, "<stdin>", "");
            continue;
        }
        fs::path root(arg);
        std::error_code ec;
        if (fs::is_directory(root, ec)) {
            std::vector<fs::path> files;
            fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied,
                                                ec),
                end;
            if (ec) {
                run.fail(arg + ": cannot read folder (" + ec.message() + ")");
                continue;
            }
            for (; it != end; it.increment(ec)) {
                if (ec) {
                    run.fail(arg + ": " + ec.message(), root, true);
                    break;
                }
                const auto name = it->path().filename().string();
                if (!name.empty() && name[0] == '.') {  // hidden files and folders
                    if (it->is_directory()) it.disable_recursion_pending();
                    continue;
                }
                bool wanted = is_text_file(it->path()) || it->path().extension() == ".jsonl";
                if (it->is_directory(ec)) {
                    // skip_permission_denied passes over folders it cannot open: say so.
                    if (::faccessat(AT_FDCWD, it->path().c_str(), R_OK | X_OK, AT_EACCESS) != 0)
                        run.fail(it->path().string() + ": cannot read folder (" +
                                     std::strerror(errno) + ")",
                                 it->path(), true);
                    continue;
                }
                if (!it->is_regular_file(ec)) {
                    // Never opened: a FIFO would block. A dangling link is a lost file.
                    if (wanted)
                        run.fail(it->path().string() +
                                     ": not a regular file (a broken link, pipe or device)",
                                 it->path());
                    continue;
                }
                if (wanted)
                    files.push_back(it->path());
                else
                    ++run.report.ignored;
            }
            std::sort(files.begin(), files.end());
            for (const auto& f : files) {
                auto rel = f.lexically_relative(root);
                run.read_file(f, rel.replace_extension().generic_string());
            }
            run.remove_missing(origin_of(root), true);
        } else if (fs::is_regular_file(root, ec)) {
            run.read_file(root, fs::path(root).filename().replace_extension().string());
            run.remove_missing(origin_of(root), false);
        } else if (fs::exists(root, ec)) {
            run.fail(arg + ": not a regular file or folder (use - to read standard input)");
        } else {
            run.fail(arg + ": no such file or folder");
        }
    }
    writer.commit();
    run.report = run.with_counts();
    run.report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return run.report;
}

}  // namespace heritage::indexer
