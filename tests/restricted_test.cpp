// Restricted texts (access: restricted): found by title and metadata, but their words are not
// in the index at all and no endpoint shows them: not the searcher, the CLI, /api/search, and,
// where this build has them, /api/doc, /api/ask and /api/suggest.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "indexer/packed_values.hpp"
#include "searcher/searcher.hpp"
#include "test_server.hpp"
#include "test_util.hpp"

using namespace heritage;
using test::bin;
using test::run;
using test::shell_quote;
using test::TempDir;

namespace {

// Words that occur only in restricted bodies (text, a heading, an inline credit): none may be
// findable or appear in any answer. (The year 1791 is secret too, but digits can occur in
// scores and timings: it is checked where it would be an answer.)
const std::vector<std::string> kSecrets = {"zanzibarite", "Zanzibarite",   "quokkablood",
                                           "zyxheading",  "marmaladeflux", "Sealed Scribe",
                                           "diarist"};

// A corpus of one public and two restricted documents (corpus format and JSON Lines).
struct Corpus {
    TempDir tmp;
    std::string db = tmp / "db";

    Corpus() {
        std::filesystem::create_directories(tmp / "in");
        std::ofstream(tmp / "in/diary.md") << "---\n"
                                              "id: diary-1\n"
                                              "title: The mine director's diary\n"
                                              "lang: en\n"
                                              "source: Private Archive\n"
                                              "access: restricted\n"
                                              "keeper: Bergstaden Foundation\n"
                                              "---\n"
                                              "The diarist wrote about zanzibarite and copper "
                                              "ore. The diary was written in 1791.\n\n"
                                              "# Zyxheading chapter\n"
                                              "Quokkablood in the smelting hut. Source by "
                                              "Sealed Scribe\n";
        std::ofstream(tmp / "in/public.md") << "---\nid: public-note\ntitle: Public note\nlang: "
                                               "en\n---\nCopper ore from the public note.\n";
        std::ofstream(tmp / "in/letters.jsonl")
            << R"({"id": "letter-1", "title": "A letter", "access": "restricted", "lang": "en",)"
            << R"( "text": "Copper and marmaladeflux.", "region": "Femunden"})"
            << "\n";
        auto r = run(bin("heritage-index") + " --db " + db + " " + tmp / "in" + " 2>&1");
        INFO(r.out);
        REQUIRE(r.status == 0);
    }
};

void check_no_secret(const std::string& text) {
    for (const auto& s : kSecrets) {
        INFO("leaked \"" << s << "\" in: " << text.substr(0, 2000));
        CHECK(text.find(s) == std::string::npos);
    }
}

// A response without the echo of the question asked (which may well name a secret word).
std::string answer_part(const std::string& body) {
    auto j = nlohmann::json::parse(body);
    j.erase("query");
    j.erase("question");
    return j.dump();
}

}  // namespace

TEST_CASE("restricted: the index holds no word of the text, as term or as data") {
    Corpus c;
    Xapian::Database db(c.db);
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
        std::string term = *t;
        for (const auto& s : kSecrets) {
            std::string lower = s;
            for (char& ch : lower)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            INFO(term);
            CHECK(term.find(lower) == std::string::npos);
        }
    }
    for (Xapian::docid id = 1; id <= db.get_lastdocid(); ++id) {
        try {
            Xapian::Document d = db.get_document(id);
            check_no_secret(d.get_data());
            check_no_secret(indexer::passage_data(d));
            check_no_secret(indexer::record_text(d));
            for (auto v = d.values_begin(); v != d.values_end(); ++v) check_no_secret(*v);
        } catch (const Xapian::DocNotFoundError&) {
        }
    }
    for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k)
        check_no_secret(db.get_metadata(*k));
}

TEST_CASE("restricted: found by title and metadata, text and snippet never shown") {
    Corpus c;
    searcher::Searcher s(c.db);
    auto search = [&](const std::string& q) {
        searcher::SearchRequest r;
        r.query = q;
        auto res = s.search(r);
        check_no_secret(answer_part(searcher::to_json(res).dump()));
        return res;
    };
    // The text's words find nothing, whatever the syntax.
    for (const char* q :
         {"zanzibarite", "quokkablood", "zyxheading", "marmaladeflux", "\"written in 1791\"",
          "diarist", "source:\"sealed scribe\"", "section:zyxheading", "1791"})
        CHECK(search(q).total == 0);
    // Title, metadata and source find it, without text.
    for (const char* q : {"director's diary", "title:diary", "Bergstaden Foundation",
                          "source:\"private archive\"", "doc:diary-1"}) {
        INFO(q);
        auto res = search(q);
        REQUIRE(res.results.size() == 1);
        const auto& h = res.results[0];
        CHECK(h.doc_id == "diary-1");
        CHECK(h.restricted);
        CHECK(h.text.empty());
        CHECK(h.snippet.empty());
        CHECK(searcher::to_json(h)["access"] == "restricted");
    }
    auto letter = search("Femunden");  // JSON Lines metadata
    REQUIRE(letter.results.size() == 1);
    CHECK(letter.results[0].doc_id == "letter-1");
    // A word both texts have finds only the public one.
    auto copper = search("copper");
    REQUIRE(copper.results.size() == 1);
    CHECK(copper.results[0].doc_id == "public-note");
    CHECK_FALSE(copper.results[0].restricted);
    CHECK_FALSE(searcher::to_json(copper.results[0]).contains("access"));
    // The record: metadata, no text.
    auto rec = s.document("diary-1");
    REQUIRE(rec.is_object());
    CHECK(rec["title"] == "The mine director's diary");
    CHECK(rec["text"] == "");
    check_no_secret(rec.dump());
}

TEST_CASE("restricted: heritage-search --json and /api/search show no text") {
    Corpus c;
    for (const char* q : {"diary", "zanzibarite", "Bergstaden", "copper OR diary"}) {
        INFO(q);
        auto r = run(bin("heritage-search") + " --db " + c.db + " --json " + shell_quote(q));
        REQUIRE(r.status == 0);
        check_no_secret(answer_part(r.out));
        auto text = run(bin("heritage-search") + " --db " + c.db + " " + shell_quote(q));
        REQUIRE(text.status == 0);
        check_no_secret(text.out.substr(text.out.find('\n')));  // after the echo line
    }
    auto hit = nlohmann::json::parse(
        run(bin("heritage-search") + " --db " + c.db + " --json diary").out)["results"];
    REQUIRE(hit.size() == 1);
    CHECK(hit[0]["text"] == "");
    CHECK(hit[0]["snippet"] == "");

    web::ServerOptions opt;
    opt.db = c.db;
    test::ServerThread server(opt);
    auto client = server.client();
    for (const char* q : {"diary", "zanzibarite", "Bergstaden%20Foundation", "copper%20OR%20diary",
                          "title%3Adiary&explain=1"}) {
        INFO(q);
        auto res = client.Get((std::string("/api/search?q=") + q).c_str());
        REQUIRE(res);
        CHECK(res->status == 200);
        check_no_secret(answer_part(res->body));
    }
}

// /api/doc, /api/ask, /api/suggest and --ask come from other work; where this build does not
// have them the checks say so (WARN) and pass. Once they exist, they must hold.
TEST_CASE("restricted: /api/doc, /api/ask, /api/suggest and --ask show no text") {
    Corpus c;
    web::ServerOptions opt;
    opt.db = c.db;
    test::ServerThread server(opt);
    auto client = server.client();

    auto pub = client.Get("/api/doc/public-note");
    REQUIRE(pub);
    if (pub->status == 404) {
        WARN("no /api/doc in this build: its restricted check did not run");
    } else {
        CHECK(pub->status == 200);
        CHECK_THAT(pub->body, Catch::Contains("public note"));
        for (const char* id : {"/api/doc/diary-1", "/api/doc/letter-1"}) {
            auto res = client.Get(id);
            REQUIRE(res);
            INFO(id << " -> " << res->body);
            CHECK(res->status == 200);  // found: its metadata is public
            CHECK_THAT(res->body, Catch::Contains("restricted"));
            check_no_secret(res->body);
        }
    }

    for (const char* q :
         {"When%20was%20the%20diary%20written%3F", "What%20is%20zanzibarite%3F",
          "Who%20wrote%20the%20diary%3F", "What%20is%20in%20the%20smelting%20hut%3F"}) {
        auto res = client.Get((std::string("/api/ask?q=") + q).c_str());
        REQUIRE(res);
        if (res->status == 404) {
            WARN("no /api/ask in this build: its restricted check did not run");
            break;
        }
        INFO(q << " -> " << res->body);
        CHECK(res->status == 200);
        check_no_secret(answer_part(res->body));
        auto answer = nlohmann::json::parse(res->body).value("answer", nlohmann::json());
        CHECK(answer.dump().find("1791") == std::string::npos);
    }

    for (const char* q : {"zan", "quo", "zyx", "marm", "diar"}) {
        auto res = client.Get((std::string("/api/suggest?q=") + q).c_str());
        REQUIRE(res);
        if (res->status == 404) {
            WARN("no /api/suggest in this build: its restricted check did not run");
            break;
        }
        INFO(q << " -> " << res->body);
        CHECK(res->status == 200);
        check_no_secret(res->body);
    }

    if (run(bin("heritage-search") + " --help").out.find("--ask") == std::string::npos) {
        WARN("no heritage-search --ask in this build: its restricted check did not run");
    } else {
        for (const char* q : {"When was the diary written?", "What is zanzibarite?"}) {
            auto r =
                run(bin("heritage-search") + " --db " + c.db + " --json --ask " + shell_quote(q));
            INFO(q << " -> " << r.out);
            CHECK(r.status == 0);
            check_no_secret(answer_part(r.out));
        }
    }
}
