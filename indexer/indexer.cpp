// Index writing: document records, passage documents and their terms, and folder re-indexing.
#include "indexer/indexer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace heritage::indexer {

namespace fs = std::filesystem;

namespace {

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

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

IndexWriter::IndexWriter(const std::string& db_dir, PassageOptions options)
    : m_db(db_dir, Xapian::DB_CREATE_OR_OPEN), m_options(options) {
    // Inside a transaction Xapian's automatic flushes write blocks but never a new revision.
    m_db.begin_transaction(true);
}

IndexWriter::~IndexWriter() {
    try {
        m_db.cancel_transaction();  // uncommitted work is dropped, never half-written
    } catch (const Xapian::Error&) {
    }
}

Xapian::Document IndexWriter::make_passage(const Document& doc, const Passage& p, std::size_t n,
                                           const std::string& lang) {
    Xapian::Document d;
    const bool restricted = doc.access == "restricted";
    // A restricted text's words are never indexed: a search could otherwise probe for them.
    for (const auto& t : m_analyzer.tokenize(restricted ? std::string() : p.text)) {
        if (t.word.size() > kMaxTermBytes) continue;
        d.add_posting(t.word, t.position);
        add_term(d, prefix::kStem, m_analyzer.stem(t.word, lang));
        for (const auto& v : t.variants) add_term(d, prefix::kVariant, v);
    }
    // Title and section words make the passage findable by them and count like body words, but
    // carry no positions so phrases never straddle them and the body.
    std::string heading = doc.title;
    if (p.section != doc.title) heading += "\n" + p.section;
    for (const auto& t : m_analyzer.tokenize(heading)) {
        add_term(d, prefix::kTitle, t.word);
        add_term(d, prefix::kTitleStem, m_analyzer.stem(t.word, lang));
        add_term(d, "", t.word);
        add_term(d, prefix::kStem, m_analyzer.stem(t.word, lang));
        for (const auto& v : t.variants) add_term(d, prefix::kVariant, v);
    }
    // A restricted text is found by its metadata instead (a public one by what it says).
    if (restricted) {
        for (const auto& [key, value] : doc.meta) {
            for (const auto& t : m_analyzer.tokenize(value)) {
                add_term(d, "", t.word);
                add_term(d, prefix::kStem, m_analyzer.stem(t.word, lang));
                for (const auto& v : t.variants) add_term(d, prefix::kVariant, v);
            }
        }
    }
    std::string source_key = lower_words_joined(m_analyzer, p.source);
    add_term(d, prefix::kSource, source_key);
    for (const auto& t : m_analyzer.tokenize(p.source)) add_term(d, prefix::kSourceWord, t.word);
    add_term(d, prefix::kLang, lang);
    add_term(d, prefix::kDoc, doc.id);
    add_term(d, prefix::kKind, "p");
    if (!doc.access.empty()) add_term(d, prefix::kAccess, doc.access);
    d.add_boolean_term(str(prefix::kPassageId, doc.id + "#" + std::to_string(n)));

    d.add_value(slot::kDocId, doc.id);
    d.add_value(slot::kSource, p.source);
    d.add_value(slot::kLang, lang);
    if (auto y = year_of(doc.date)) d.add_value(slot::kYear, Xapian::sortable_serialise(*y));

    nlohmann::json data = {{"doc_id", doc.id},   {"passage", n},        {"title", doc.title},
                           {"section", p.section}, {"source", p.source}, {"url", doc.url},
                           {"lang", lang},         {"text", restricted ? "" : p.text},
                           {"start", p.start},     {"end", p.end}};
    if (!doc.access.empty()) data["access"] = doc.access;
    d.set_data(data.dump());
    return d;
}

IndexWriter::Outcome IndexWriter::add(Document doc, std::size_t* passages_written) {
    if (passages_written) *passages_written = 0;
    std::string lang = normalize_lang(doc.lang);
    if (lang.empty()) lang = m_analyzer.detect_lang(doc.title + "\n" + doc.text);
    doc.lang = lang;

    nlohmann::json record = {{"id", doc.id},         {"title", doc.title}, {"lang", lang},
                             {"source", doc.source}, {"url", doc.url},     {"date", doc.date},
                             {"access", doc.access}, {"meta", doc.meta},   {"text", doc.text},
                             {"inline_credits", doc.inline_credits}};
    std::string hash = to_hex(fnv1a(record.dump() + "\n" + std::to_string(kIndexFormat)));

    const std::string id_term = str(prefix::kDocId, doc.id);
    Outcome outcome = Outcome::added;
    Xapian::PostingIterator it = m_db.postlist_begin(id_term);
    if (it != m_db.postlist_end(id_term)) {
        auto old = nlohmann::json::parse(m_db.get_document(*it).get_data(), nullptr, false);
        if (!old.is_discarded() && old.value("hash", "") == hash) {
            if (old.value("origin", "") != doc.origin) {  // moved file: same content
                old["origin"] = doc.origin;
                Xapian::Document d = m_db.get_document(*it);
                d.set_data(old.dump());
                m_db.replace_document(*it, d);
            }
            return Outcome::unchanged;
        }
        outcome = Outcome::updated;
        m_db.delete_document(str(prefix::kDoc, doc.id));
    }

    // A restricted document is one passage without text (its headings are body text too); its
    // record keeps no text either, so no endpoint can show what the index does not hold.
    auto passages = doc.access == "restricted"
                        ? std::vector<Passage>{{0, 0, "", doc.title, doc.source}}
                        : split_passages(doc, m_analyzer, m_options);
    if (doc.access == "restricted") record["text"] = "";
    for (std::size_t n = 0; n < passages.size(); ++n)
        m_db.add_document(make_passage(doc, passages[n], n, lang));

    record["origin"] = doc.origin;
    record["hash"] = hash;
    record["passages"] = passages.size();
    if (auto y = year_of(doc.date)) record["year"] = *y;
    Xapian::Document rec;
    rec.add_boolean_term(id_term);
    rec.add_boolean_term(str(prefix::kKind, "d"));
    rec.set_data(record.dump());
    m_db.replace_document(id_term, rec);
    if (passages_written) *passages_written = passages.size();
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
    const std::string kind = str(prefix::kKind, "d");
    const std::string below = origin + "/";
    for (auto it = m_db.postlist_begin(kind); it != m_db.postlist_end(kind); ++it) {
        auto rec = nlohmann::json::parse(m_db.get_document(*it).get_data(), nullptr, false);
        if (rec.is_discarded()) continue;
        std::string o = rec.value("origin", "");
        if (o == origin || (folder && o.rfind(below, 0) == 0)) {
            ids.push_back(rec.value("id", ""));
            if (origins) origins->push_back(std::move(o));
        }
    }
    return ids;
}

void IndexWriter::commit() {
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
    IndexWriter& writer;
    std::ostream& errors;
    const ProgressFn& progress;
    IndexReport report;
    std::map<std::string, std::string> seen;  // id -> where it was first read
    // Files and folders that could not be read, or not all of whose records were valid: what
    // was indexed from them before is kept, never taken for deleted.
    std::set<std::string> faulty_files;
    std::vector<std::string> faulty_folders;
    std::chrono::steady_clock::time_point last_progress = std::chrono::steady_clock::now();

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
        std::size_t n = 0;
        switch (writer.add(std::move(doc), &n)) {
            case IndexWriter::Outcome::added: ++report.added; break;
            case IndexWriter::Outcome::updated: ++report.updated; break;
            case IndexWriter::Outcome::unchanged: ++report.unchanged; break;
        }
        report.passages += n;
        auto now = std::chrono::steady_clock::now();
        if (progress && now - last_progress > std::chrono::milliseconds(200)) {
            last_progress = now;
            progress(report);
        }
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
            fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
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
    run.report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return run.report;
}

}  // namespace heritage::indexer
