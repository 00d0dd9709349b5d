// Bad input, table by table, each with its expected clear outcome: queries, options, corpus
// files, unreadable files, missing and corrupt indexes, and hostile HTTP requests. The programs
// exit non-zero with one clear line; the server answers a JSON error and goes on serving.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <future>
#include <nlohmann/json.hpp>
#include <set>

#include "searcher/searcher.hpp"
#include "test_server.hpp"
#include "test_util.hpp"

using namespace heritage;
using test::bin;
using test::run;
using test::shell_quote;
using test::TempDir;

namespace fs = std::filesystem;

namespace {

const std::string kMini = std::string(HERITAGE_FIXTURES) + "/mini";

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

std::size_t count_lines(const std::string& s) { return std::count(s.begin(), s.end(), '\n'); }

// A program's failure as the issue wants it: a normal non-zero exit (no crash: a signal would
// show as 128+n from the shell) and exactly one line on the stream checked.
void check_one_line_failure(const test::CommandResult& r, const std::string& message) {
    INFO("output: " << r.out);
    CHECK(r.status > 0);
    CHECK(r.status < 128);
    CHECK(count_lines(r.out) == 1);
    CHECK_THAT(r.out, Catch::Contains(message));
}

void write_file(const std::string& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
}

}  // namespace

TEST_CASE("bad queries are answered or rejected with a clear code") {
    TempDir tmp;
    test::index_into(tmp / "db", {kMini});
    searcher::Searcher s(tmp / "db");
    struct Row {
        std::string label;
        std::string query;
        std::string code;  // the BadRequest code expected, or "" for an answer...
        std::size_t min_total = 0, max_total = SIZE_MAX;  // ...with a total in this range
    };
    const std::string just_fits = repeat("copper ", searcher::kMaxQueryBytes / 7);
    const Row rows[] = {
        {"lone continuation byte",
         "\x80"
         "copper",
         "invalid_utf8"},
        {"overlong encoding of /", "\xC0\xAF", "invalid_utf8"},
        {"UTF-16 surrogate", "\xED\xA0\x80", "invalid_utf8"},
        {"past U+10FFFF", "\xF4\x90\x80\x80", "invalid_utf8"},
        {"truncated sequence at the end", "copper \xE2\x82", "invalid_utf8"},
        {"NUL byte", std::string("copper\0ore", 10), "invalid_query"},
        {"one byte over the limit", std::string(searcher::kMaxQueryBytes + 1, 'a'),
         "query_too_long"},
        {"exactly at the limit", just_fits, "", 4, 4},
        // Deeper than the parser's limit the parentheses are read as text: the word still counts.
        {"10,000 open parentheses", repeat("(", 10000) + "copper", "", 4, 4},
        {"10,000 nested pairs", repeat("(", 10000) + "copper" + repeat(")", 10000), "", 4, 4},
        {"10,000 closing parentheses first", repeat(")", 10000) + "copper", "", 4, 4},
        {"only parentheses", repeat("(", 5000) + repeat(")", 5000), "", 0, 0},
        {"2,000 nested NOT groups", repeat("NOT (", 2000) + "copper", "", 0, SIZE_MAX},
        // Operators alone make no query: their words are searched plainly ("and" is in the text).
        {"only operators", "AND OR NOT", "", 1},
        {"only signs and brackets", "+ - ( ) \" : ++ -- (( ))", "", 0, 0},
        {"only field names", "title: source: lang: doc: section:", "", 0, 0},
        // Stop words are kept when they are all there is.
        {"only English stop words", "the and of", "", 1},
        {"only Norwegian stop words", "og er i", "", 1},
        // An unbalanced quote runs to the end of the query.
        {"unbalanced opening quote", "\"copper ore was", "", 2, 2},
        {"unbalanced closing quote", "copper\"", "", 4, 4},
        {"three quotes", "\"\"\"copper", "", 4, 4},
        {"control characters", "\x01\x02 copper \x7f\x1b[31m", "", 4, 4},
        {"emoji, bidi and combining marks", "copper \xF0\x9F\x98\x80 \xE2\x80\xAE e\xCC\x81", "",
         4},
        {"one 30 KB word", std::string(30000, 'x'), "", 0, 0},
        {"2,500 two-word phrases", repeat("\"copper ore\" ", 2500), "", 2, 2},
        {"a 300-byte document id", "doc:" + std::string(300, 'x'), "", 0, 0},
        {"a 300-byte source", "copper source:" + std::string(300, 'x'), "", 0, 0},
        {"repeated field prefixes", "title:title:title:copper", "", 0, 0},
    };
    for (const auto& row : rows) {
        INFO(row.label);
        searcher::SearchRequest r;
        r.query = row.query;
        if (row.code.empty()) {
            searcher::SearchResponse res;
            REQUIRE_NOTHROW(res = s.search(r));
            CHECK(res.total >= row.min_total);
            CHECK(res.total <= row.max_total);
        } else {
            try {
                s.search(r);
                FAIL("accepted, expected " << row.code);
            } catch (const searcher::BadRequest& e) {
                CHECK(e.code() == row.code);
            }
        }
    }
}

TEST_CASE("bad limits and offsets are rejected, the largest allowed page is empty") {
    TempDir tmp;
    test::index_into(tmp / "db", {kMini});
    searcher::Searcher s(tmp / "db");
    const std::pair<int, int> bad[] = {{INT32_MIN, 0},
                                       {INT32_MAX, 0},
                                       {10, INT32_MIN},
                                       {10, INT32_MAX},
                                       {searcher::kMaxLimit + 1, 0},
                                       {10, searcher::kMaxOffset + 1}};
    for (auto [limit, offset] : bad) {
        INFO(limit << " " << offset);
        searcher::SearchRequest r;
        r.query = "copper";
        r.limit = limit;
        r.offset = offset;
        CHECK_THROWS_AS(s.search(r), searcher::BadRequest);
    }
    searcher::SearchRequest r;
    r.query = "copper";
    r.limit = searcher::kMaxLimit;
    r.offset = searcher::kMaxOffset;
    auto res = s.search(r);
    CHECK(res.results.empty());
    CHECK(res.total == 4);
    r.limit = 0;
    r.offset = 0;
    CHECK(s.search(r).results.empty());
}

TEST_CASE("heritage-search: bad queries and options give one line and a non-zero exit") {
    TempDir tmp;
    REQUIRE(run(bin("heritage-index") + " -q --db " + tmp / "db" + " " + kMini).status == 0);
    const std::string search = bin("heritage-search") + " --db " + tmp / "db";
    struct Row {
        std::string args;
        std::string message;
    };
    const Row rows[] = {
        {"--limit 99999999999 copper", "--limit"},
        {"--limit abc copper", "--limit"},
        {"--limit 101 copper", "limit must be between 0 and 100"},
        {"--offset -1 copper", "offset must be between 0 and 10000"},
        {"--offset 10001 copper", "offset must be between 0 and 10000"},
        {"--limit 5 --limit 6 copper", "--limit"},
        {"--lang xx copper", "unknown lang"},
        {"--unknown-option copper", "--unknown-option"},
        {shell_quote(std::string(searcher::kMaxQueryBytes + 1, 'a')), "longer than"},
        {shell_quote("\xED\xA0\x80"), "not valid UTF-8"},
        {"copper --doc " + shell_quote("caf\xC3"), "not valid UTF-8"},
    };
    for (const auto& row : rows) {
        INFO(row.args.substr(0, 80));
        check_one_line_failure(run(search + " " + row.args + " 2>&1 >/dev/null"), row.message);
    }
    // Accepted: deep nesting parses; the query is echoed, results follow.
    auto deep =
        run(search + " --json " + shell_quote(repeat("(", 10000) + "copper" + repeat(")", 10000)));
    CHECK(deep.status == 0);
    CHECK(nlohmann::json::parse(deep.out)["total"] == 4);

    // Batch: a 1 MB line and a NUL byte each get an error line of their own; the rest is served.
    write_file(tmp / "queries",
               std::string(1 << 20, 'a') + "\n" + std::string("copper\0ore", 10) + "\ncopper\n");
    auto batch = run(search + " --batch < " + tmp / "queries");
    CHECK(batch.status == 1);
    REQUIRE(count_lines(batch.out) == 3);
    std::istringstream lines(batch.out);
    std::string line;
    std::getline(lines, line);
    CHECK(line ==
          "error: query is longer than " + std::to_string(searcher::kMaxQueryBytes) + " bytes");
    std::getline(lines, line);
    CHECK(line == "error: query contains a NUL character");
    std::getline(lines, line);
    CHECK_THAT(line, Catch::StartsWith("copper\t4\t"));
}

TEST_CASE("heritage-index: bad corpus files are reported one line each, the rest is indexed") {
    TempDir tmp;
    fs::create_directories(tmp / "in/sub");
    std::string binary;
    for (int i = 0; i < 4096; ++i) binary += static_cast<char>(0x80 + (i * 37) % 128);  // no NUL
    write_file(tmp / "in/photo.md", binary);
    write_file(tmp / "in/nul.txt", std::string("text\0more", 9));
    write_file(tmp / "in/latin1.txt", "Kj\xF8pmann i R\xF8ros\n");
    write_file(tmp / "in/empty.md", "");
    write_file(tmp / "in/empty.jsonl", "");
    write_file(tmp / "in/blank.md", "\n\n   \n");
    write_file(tmp / "in/good.md", "---\nid: dup\ntitle: Good\n---\nCopper from the good file.\n");
    write_file(tmp / "in/open-header.md", "---\nid: x\ntitle: never closed\n");
    write_file(tmp / "in/bad-header.md", "---\nthis line has no colon\n---\nCopper.\n");
    write_file(tmp / "in/bad-access.md", "---\naccess: secret\n---\nCopper.\n");
    write_file(tmp / "in/sub/records.jsonl",
               "{\"id\": \"r1\", \"text\": \"copper one\"}\n"  // 1 fine
               "{\"id\": [\"r2\"], \"text\": \"copper\"}\n"    // 2 id not a string
               "{\"id\": \"r3\", \"text\": 5}\n"               // 3 text not a string
               "{\"id\": 1.5, \"text\": \"copper\"}\n"         // 4 id a float
               "{\"id\": \"r5\", \"text\": \"copper\", \"title\": {\"a\": 1}}\n"  // 5 title object
               "[\"r6\", \"copper\"]\n"                                           // 6 not an object
               "\"r7\"\n"                                                         // 7 a string
               "null\n"                                                           // 8 null
               "{\"id\": \"\", \"text\": \"copper\"}\n"                           // 9 empty id
               "{\"id\": \"" +
                   std::string(300, 'i') +
                   "\", \"text\": \"x\"}\n"                                       // 10 long id
                   "{\"id\": \"a\\u0001b\", \"text\": \"copper\"}\n"              // 11 control char
                   "{\"id\": \"r12\", \"text\": \"copper\", \"lang\": \"xx\"}\n"  // 12 unknown lang
                   "{\"id\": \"r13\", \"text\": \"caf\xC3\"}\n"          // 13 invalid UTF-8
                   "{\"id\": \"dup\", \"text\": \"copper again\"}\n"     // 14 duplicate id
                   "{\"text\": \"no id\"}\n"                             // 15 missing id
                   "{\"id\": \"r16\", \"text\": \"copper sixteen\"}\n"   // 16 fine
                   "{\"id\": \"r17\", \"text\": \"x\", \"n\": 1e999}\n"  // 17 number overflow
                   "{\"id\": \"r18\", \"text\": \"cut off in the mi");   // 18 truncated
    auto r = run(bin("heritage-index") + " --db " + tmp / "db" + " " + tmp / "in" + " 2>" +
                 tmp / "errors");
    CHECK(r.status == 1);
    CHECK_THAT(r.out, Catch::Contains("indexed 5 documents (5 added"));  // good, r1, r16, 2 empty
    std::ifstream err_in(tmp / "errors");
    std::string errors((std::istreambuf_iterator<char>(err_in)), {});
    INFO(errors);
    const std::string in = tmp / "in";
    const std::string expected[] = {
        in + "/photo.md: not valid UTF-8",
        in + "/nul.txt: contains NUL bytes",
        in + "/latin1.txt: not valid UTF-8",
        in + "/open-header.md: header opened with --- is never closed",
        in + "/bad-header.md:2: header line is not \"key: value\"",
        in + "/bad-access.md: access must be \"public\" or \"restricted\"",
        in + "/sub/records.jsonl:2: field \"id\" must be a string",
        in + "/sub/records.jsonl:3: field \"text\" must be a string",
        in + "/sub/records.jsonl:4: field \"id\" must be a string",
        in + "/sub/records.jsonl:5: field \"title\" must be a string",
        in + "/sub/records.jsonl:6: record is not a JSON object",
        in + "/sub/records.jsonl:7: record is not a JSON object",
        in + "/sub/records.jsonl:8: record is not a JSON object",
        in + "/sub/records.jsonl:9: missing id",
        in + "/sub/records.jsonl:10: id longer than 200 bytes",
        in + "/sub/records.jsonl:11: id contains a control character",
        in + "/sub/records.jsonl:12: unsupported lang \"xx\"",
        in + "/sub/records.jsonl:13: not valid UTF-8",
        in + "/sub/records.jsonl:14: duplicate id \"dup\" (first at " + in + "/good.md)",
        in + "/sub/records.jsonl:15: missing required field \"id\"",
        in + "/sub/records.jsonl:17: invalid JSON: number overflow parsing '1e999'",
        in + "/sub/records.jsonl:18: invalid JSON",
        "heritage-index: 22 inputs skipped",
    };
    for (const auto& e : expected) CHECK_THAT(errors, Catch::Contains(e));
    CHECK(count_lines(errors) == std::size(expected));

    searcher::Searcher s(tmp / "db");
    searcher::SearchRequest q;
    q.query = "copper";
    std::set<std::string> ids;
    for (const auto& h : s.search(q).results) ids.insert(h.doc_id);
    CHECK(ids == std::set<std::string>{"dup", "r1", "r16"});
    CHECK(s.document("dup")["text"] == "Copper from the good file.");  // the first one wins
}

TEST_CASE(
    "unreadable files are reported, never opened if not regular, and what they held is kept") {
    TempDir tmp;
    fs::create_directories(tmp / "in/folder");
    write_file(tmp / "in/a.md", "---\nid: a\n---\nCopper from a.\n");
    write_file(tmp / "in/b.md", "---\nid: b\n---\nCopper from b.\n");
    write_file(tmp / "in/c.jsonl", "{\"id\": \"c\", \"text\": \"copper from c\"}\n");
    write_file(tmp / "in/folder/d.md", "---\nid: d\n---\nCopper from d.\n");
    const std::string index = bin("heritage-index") + " --db " + tmp / "db" + " " + tmp / "in";
    REQUIRE(run(index + " 2>&1").status == 0);

    // a.md becomes a dangling link, b.md a FIFO (opening it would block the indexer forever),
    // c.jsonl a link to a file whose reads fail with EIO (as on a failing disk).
    fs::remove(tmp / "in/a.md");
    fs::create_symlink(tmp / "in/gone.md", tmp / "in/a.md");
    fs::remove(tmp / "in/b.md");
    REQUIRE(::mkfifo((tmp / "in/b.md").c_str(), 0644) == 0);
    fs::remove(tmp / "in/c.jsonl");
    fs::create_symlink("/proc/self/mem", tmp / "in/c.jsonl");
    auto r = run(index + " 2>&1 >/dev/null");
    CHECK(r.status == 1);
    CHECK_THAT(r.out, Catch::Contains(tmp / "in/a.md: not a regular file"));
    CHECK_THAT(r.out, Catch::Contains(tmp / "in/b.md: not a regular file"));
    CHECK_THAT(r.out, Catch::Contains(tmp / "in/c.jsonl: read error"));
    CHECK(count_lines(r.out) == 4);  // three files and the summary

    // Permission denied: chmod 000 stops anyone but root, so as root run the indexer as nobody.
    std::string as_user;
    if (::geteuid() == 0) {
        if (run("command -v setpriv >/dev/null").status == 0 &&
            run("setpriv --reuid=65534 --regid=65534 --clear-groups true").status == 0) {
            as_user = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
            fs::permissions(tmp.path(), fs::perms::all, fs::perm_options::add);
            run("chmod -R a+rwX " + shell_quote(tmp / "db") + " " + shell_quote(tmp / "in"));
        } else {
            WARN("running as root without setpriv: the chmod 000 case is not checked");
        }
    }
    if (::geteuid() != 0 || !as_user.empty()) {
        fs::permissions(tmp / "in/folder/d.md", fs::perms::none);
        auto denied = run(as_user + index + " 2>&1 >/dev/null");
        CHECK(denied.status == 1);
        CHECK_THAT(
            denied.out,
            Catch::Contains(tmp / "in/folder/d.md: cannot open for reading (Permission denied)"));
        fs::permissions(tmp / "in/folder/d.md", fs::perms::owner_read | fs::perms::owner_write);
        fs::permissions(tmp / "in/folder", fs::perms::none);
        auto folder = run(as_user + index + " 2>&1 >/dev/null");
        CHECK(folder.status == 1);
        CHECK_THAT(folder.out,
                   Catch::Contains(tmp / "in/folder: cannot read folder (Permission denied)"));
        fs::permissions(tmp / "in/folder", fs::perms::owner_all);
    }

    // Nothing was lost: every document is still found, by the previous content of its file.
    searcher::Searcher s(tmp / "db");
    searcher::SearchRequest q;
    q.query = "copper";
    std::set<std::string> ids;
    for (const auto& h : s.search(q).results) ids.insert(h.doc_id);
    CHECK(ids == std::set<std::string>{"a", "b", "c", "d"});

    // When a file is really gone, its document goes too.
    fs::remove(tmp / "in/a.md");
    fs::remove(tmp / "in/b.md");
    fs::remove(tmp / "in/c.jsonl");
    auto cleaned = run(index);
    CHECK(cleaned.status == 0);
    CHECK_THAT(cleaned.out, Catch::Contains("3 removed"));
}

TEST_CASE("a missing or corrupt index: one line from the programs, a JSON error from the server") {
    TempDir tmp;
    REQUIRE(run(bin("heritage-index") + " -q --db " + tmp / "good" + " " + kMini).status == 0);
    auto garble = [](const std::string& path, std::size_t step) {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        std::string data((std::istreambuf_iterator<char>(f)), {});
        for (std::size_t i = 0; i < data.size(); i += step)
            data[i] = static_cast<char>(data[i] ^ 0x5a);
        f.seekp(0);
        f.write(data.data(), static_cast<std::streamsize>(data.size()));
    };
    struct Row {
        std::string name;
        std::function<void(const std::string&)> damage;
        std::string message;  // what heritage-search says
        bool opens;           // Xapian opens it (the damage shows only when reading)
        bool indexable;       // heritage-index can write to it
    };
    const Row rows[] = {
        {"not an index: a text file",
         [](const std::string& db) {
             fs::remove_all(db);
             write_file(db, "hello\n");
         },
         "no index at", false, false},
        {"an empty folder",
         [](const std::string& db) {
             fs::remove_all(db);
             fs::create_directory(db);
         },
         "no index at", false, true},  // a new index is made in it
        {"truncated postlist table",
         [](const std::string& db) { fs::resize_file(db + "/postlist.glass", 100); }, "index ",
         true, false},
        {"garbled postlist table",
         [&](const std::string& db) { garble(db + "/postlist.glass", 7); }, "index ", true, false},
        {"garbled document data", [&](const std::string& db) { garble(db + "/docdata.glass", 3); },
         "index ", true, false},
        {"garbled version file", [&](const std::string& db) { garble(db + "/iamglass", 5); },
         "index ", false, false},
    };
    for (const auto& row : rows) {
        INFO(row.name);
        const std::string db = tmp / row.name;
        fs::copy(tmp / "good", db, fs::copy_options::recursive);
        row.damage(db);
        check_one_line_failure(
            run(bin("heritage-search") + " --db " + shell_quote(db) + " copper 2>&1 >/dev/null"),
            "heritage-search: " + row.message);
        if (!row.opens) {
            check_one_line_failure(run("timeout 20 " + bin("heritage-server") + " --port 0 --db " +
                                       shell_quote(db) + " 2>&1 >/dev/null"),
                                   "heritage-server: ");
        } else {
            // Over an index it can open, the server answers what it cannot read with a JSON
            // error, no path or Xapian message in it, and goes on serving.
            web::ServerOptions opt;
            opt.db = db;
            test::ServerThread server(opt);
            for (int i = 0; i < 2; ++i) {
                auto res = test::raw_http(server.port(), test::raw_get("/api/search?q=copper"));
                INFO(res.head << "\n" << res.body);
                CHECK(res.status >= 500);
                auto j = nlohmann::json::parse(res.body);
                CHECK(j["error"]["code"].is_string());
                CHECK(res.body.find(db) == std::string::npos);
                CHECK(res.body.find("Xapian") == std::string::npos);
            }
            CHECK(test::raw_http(server.port(), test::raw_get("/api/nothing")).status == 404);
        }
        auto index = run(bin("heritage-index") + " -q --db " + shell_quote(db) + " " + kMini +
                         " 2>&1 >/dev/null");
        if (row.indexable)
            CHECK(index.status == 0);
        else
            check_one_line_failure(index, "heritage-index: ");
    }
}

TEST_CASE("server: hostile requests get a 4xx JSON error and serving goes on") {
    TempDir tmp;
    test::index_into(tmp / "db", {kMini});
    fs::create_directories(tmp / "www/sub");
    write_file(tmp / "www/index.html", "<!doctype html><title>page</title>");
    write_file(tmp / "secret.txt", "SECRET-CONTENT");
    web::ServerOptions opt;
    opt.db = tmp / "db";
    opt.web_root = tmp / "www";
    test::ServerThread server(opt);

    struct Row {
        std::string label;
        std::string request;
        int status;
        std::string code;  // "" when any error code will do
    };
    const std::string big_body(1 << 20, 'x');
    const Row rows[] = {
        {"offset -1", test::raw_get("/api/search?q=copper&offset=-1"), 400, "bad_offset"},
        {"offset huge", test::raw_get("/api/search?q=copper&offset=99999999999"), 400,
         "bad_offset"},
        {"offset over the maximum", test::raw_get("/api/search?q=copper&offset=10001"), 400,
         "bad_offset"},
        {"limit 1e100", test::raw_get("/api/search?q=copper&limit=1e100"), 400, "bad_limit"},
        {"unknown parameter on health", test::raw_get("/api/health?verbose=1"), 400,
         "unknown_parameter"},
        {"NUL in the query", test::raw_get("/api/search?q=copper%00ore"), 400, "invalid_query"},
        {"invalid UTF-8 in source", test::raw_get("/api/search?q=copper&source=%FF"), 400,
         "invalid_utf8"},
        {"10,000 parentheses: longer than a request line may be",
         test::raw_get("/api/search?q=" + repeat("%28", 10000) + "copper"), 414, ""},
        {"1 MB query", test::raw_get("/api/search?q=" + std::string(1 << 20, 'a')), 414, ""},
        {"traversal /../", test::raw_get("/../secret.txt"), 404, "not_found"},
        {"traversal below a folder", test::raw_get("/sub/../../secret.txt"), 404, "not_found"},
        {"traversal %2e%2e/", test::raw_get("/%2e%2e/secret.txt"), 404, "not_found"},
        {"traversal %2E%2E%2F", test::raw_get("/%2E%2E%2Fsecret.txt"), 404, "not_found"},
        {"traversal ..%2f", test::raw_get("/sub/..%2f..%2fsecret.txt"), 404, "not_found"},
        {"traversal double-encoded", test::raw_get("/%252e%252e/secret.txt"), 404, "not_found"},
        {"traversal with a backslash", test::raw_get("/..\\secret.txt"), 404, "not_found"},
        {"absolute path", test::raw_get("//etc/passwd"), 404, "not_found"},
        {"huge header", test::raw_get("/api/health", "X-Big: " + std::string(100000, 'a') + "\r\n"),
         400, ""},
        {"huge body",
         "POST /api/search HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
         "Content-Length: " +
             std::to_string(big_body.size()) + "\r\n\r\n" + big_body,
         413, ""},
        {"not HTTP", std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15), 400,
         ""},
    };
    for (const auto& row : rows) {
        INFO(row.label);
        auto res = test::raw_http(server.port(), row.request);
        INFO(res.head << "\n\n" << res.body.substr(0, 300));
        CHECK(res.status == row.status);
        CHECK_THAT(res.head, Catch::Contains("Content-Type: application/json"));
        auto j = nlohmann::json::parse(res.body, nullptr, false);
        REQUIRE(j.is_object());
        CHECK(j["error"]["message"].is_string());
        if (!row.code.empty()) CHECK(j["error"]["code"] == row.code);
        CHECK(res.body.find("SECRET") == std::string::npos);
        CHECK(res.body.find(tmp.path().string()) == std::string::npos);
        CHECK(test::raw_http(server.port(), test::raw_get("/api/health")).status == 200);
    }
    // The page itself is served, with its headers.
    auto page = test::raw_http(server.port(), test::raw_get("/"));
    CHECK(page.status == 200);
    CHECK_THAT(page.body, Catch::Contains("<title>page</title>"));
    CHECK_THAT(page.head, Catch::Contains("X-Content-Type-Options: nosniff"));
}

TEST_CASE("server hardening: limits, security headers, clear codes for early errors") {
    TempDir tmp;
    test::index_into(tmp / "db", {kMini});
    fs::create_directories(tmp / "www");
    write_file(tmp / "www/index.html", "<!doctype html><title>page</title>");
    web::ServerOptions opt;
    opt.db = tmp / "db";
    opt.web_root = tmp / "www";
    const std::string secret_dir = tmp.path().string();
    test::ServerThread server(opt);
    const std::string page_csp = "Content-Security-Policy: default-src 'none'";
    auto page = test::raw_http(server.port(), test::raw_get("/"));
    CHECK(page.status == 200);
    CHECK_THAT(page.head, Catch::Contains(page_csp));
    CHECK_THAT(page.head, Catch::Contains("X-Content-Type-Options: nosniff"));
    struct Row {
        std::string request;
        int status;
        std::string code;
    };
    const Row rows[] = {
        {test::raw_get("/index.html%00.txt"), 400, "bad_path"},
        {test::raw_get("/api/search?q=" + std::string(9000, 'a')), 414, "uri_too_long"},
        {test::raw_get("/api/health", "X-Big: " + std::string(9000, 'a') + "\r\n"), 400,
         "bad_request"},
        {"POST /api/search HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: "
         "100000\r\n\r\n" +
             std::string(100000, 'x'),
         413, "body_too_large"},
    };
    for (const auto& row : rows) {
        auto res = test::raw_http(server.port(), row.request);
        INFO(res.head << "\n\n" << res.body);
        CHECK(res.status == row.status);
        auto j = nlohmann::json::parse(res.body, nullptr, false);
        CHECK((j.is_object() && j["error"]["code"] == row.code));
        CHECK(res.body.find(secret_dir) == std::string::npos);
    }
    // One worker, held by an idle keep-alive connection: the next connection is refused
    // at once with 503, not queued; once the first closes, it is served again.
    opt.threads = 1;
    opt.max_pending = 1;
    test::ServerThread small(opt);
    {
        httplib::Client held("127.0.0.1", small.port());
        held.set_keep_alive(true);
        auto first = held.Get("/api/health");
        REQUIRE(first);
        CHECK(first->status == 200);
        auto busy = test::raw_http(small.port(), test::raw_get("/api/health"));
        CHECK(busy.status == 503);
        CHECK_THAT(busy.head, Catch::Contains("Retry-After:"));
        CHECK_THAT(busy.body, Catch::Contains("\"busy\""));
    }
    bool served = false;
    for (int i = 0; i < 100 && !served; ++i) {
        served = test::raw_http(small.port(), test::raw_get("/api/health")).status == 200;
        if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(served);

    // Room for one waiting connection: it waits for the worker and is served, while a third
    // is refused.
    opt.max_pending = 2;
    test::ServerThread queued(opt);
    std::future<test::RawResponse> waiting;
    {
        httplib::Client held("127.0.0.1", queued.port());
        held.set_keep_alive(true);
        REQUIRE(held.Get("/api/health"));
        waiting = std::async(std::launch::async, [&] {
            return test::raw_http(queued.port(), test::raw_get("/api/health"));
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the second is queued
        CHECK(test::raw_http(queued.port(), test::raw_get("/api/health")).status == 503);
        CHECK(waiting.wait_for(std::chrono::milliseconds(0)) == std::future_status::timeout);
    }
    CHECK(waiting.get().status == 200);
}
