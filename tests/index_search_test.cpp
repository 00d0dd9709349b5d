// Indexing a small fixture and querying it: ranking, snippets, offsets, filters, query syntax,
// idempotent re-indexing, updates and deletion.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <set>

#include "indexer/packed_values.hpp"
#include "indexer/parallel_indexer.hpp"
#include "indexer/shards.hpp"
#include "searcher/answer.hpp"
#include "searcher/searcher.hpp"
#include "searcher/spelling_index.hpp"
#include "searcher/suggest.hpp"
#include "test_util.hpp"

using namespace heritage;
using heritage::test::TempDir;

namespace {

const std::string kMini = std::string(HERITAGE_FIXTURES) + "/mini";

std::vector<std::string> top_ids(searcher::Searcher& s, const std::string& q, int limit = 10) {
    searcher::SearchRequest r;
    r.query = q;
    r.limit = limit;
    std::vector<std::string> out;
    for (const auto& h : s.search(r).results)
        out.push_back(h.doc_id + "#" + std::to_string(h.passage));
    return out;
}

std::string first_id(searcher::Searcher& s, const std::string& q) {
    auto ids = top_ids(s, q, 1);
    return ids.empty() ? "" : ids[0];
}

// Rewrites documents of the index at dir into an older layout: those term indexes ("" for all),
// each changed by f, which says whether it changed it. Returns how many it changed.
template <class F>
std::size_t rewrite_documents(const std::string& dir, const std::string& term, F f) {
    Xapian::WritableDatabase db(dir);
    std::size_t changed = 0;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
        Xapian::Document d = db.get_document(*it);
        if (!f(d)) continue;
        db.replace_document(*it, d);
        ++changed;
    }
    db.commit();
    return changed;
}

const std::string kRecords = std::string(indexer::prefix::kKind) + "d";

// Indexes JSON Lines records (one JSON object each) into tmp/db.
void index_records(const TempDir& tmp, const std::vector<std::string>& records) {
    {
        std::ofstream out(tmp / "records.jsonl");
        for (const auto& r : records) out << r << "\n";
    }
    test::index_into(tmp / "db", {tmp / "records.jsonl"});
}

// The documents of every result (the first page) for q, optionally in one language.
std::set<std::string> doc_ids(searcher::Searcher& s, const std::string& q,
                              const std::string& lang = "") {
    searcher::SearchRequest r;
    r.query = q;
    r.lang = lang;
    std::set<std::string> out;
    for (const auto& h : s.search(r).results) out.insert(h.doc_id);
    return out;
}

// The description of the Xapian query the parser makes of q over the index in tmp.
std::string query_of(const TempDir& tmp, searcher::Searcher& s, const std::string& q) {
    Xapian::Database db(tmp / "db");
    searcher::QueryContext context{&db};
    return searcher::parse_query(q, s.analyzer(), {}, context).query.get_description();
}

}  // namespace

TEST_CASE("index the fixture: documents, passages, attribution") {
    TempDir tmp;
    std::ostringstream errors;
    auto report = test::index_into(tmp / "db", {kMini}, &errors);
    CHECK(errors.str().empty());
    CHECK(report.added == 5);
    CHECK(report.skipped == 0);
    CHECK(report.passages == 7);

    searcher::Searcher s(tmp / "db");
    searcher::SearchRequest r;
    r.query = "copper";
    auto res = s.search(r);
    REQUIRE(res.total == 4);
    for (const auto& h : res.results) {
        INFO(h.doc_id << "#" << h.passage);
        CHECK(h.snippet.find("<mark>") != std::string::npos);
        // start/end locate the passage in its document.
        auto rec = s.document(h.doc_id);
        REQUIRE(rec.is_object());
        std::string text = rec["text"];
        std::size_t b0 = indexer::byte_offset(text, h.start),
                    b1 = indexer::byte_offset(text, h.end);
        CHECK(text.substr(b0, b1 - b0) == h.text);
    }
    // Inline credits attribute the paragraphs they close; JSON Lines carries its own source.
    for (const auto& h : res.results) {
        if (h.doc_id == "mini/smelting" && h.passage == 0) CHECK(h.source == "Heritage Board");
        if (h.doc_id == "mini/smelting" && h.passage == 1) CHECK(h.source == "Town Archive");
        if (h.doc_id == "mini/j1") CHECK(h.source == "Wikipedia");
        if (h.doc_id == "sub/notes") CHECK(h.lang == "en");  // detected
    }
}

TEST_CASE("ranking, phrases, operators and fields") {
    TempDir tmp;
    test::index_into(tmp / "db", {kMini});
    searcher::Searcher s(tmp / "db");

    CHECK(first_id(s, "copper ore weighed") == "mini/j1#0");
    CHECK(first_id(s, "orgelet") == "mini/kirke#1");  // section heading text
    CHECK(first_id(s, "Bergstadens Ziir") == "mini/kirke#0");
    CHECK(top_ids(s, "kirkene").size() == 2);  // Norwegian stem of "kirken"
    CHECK(first_id(s, "\"copper ore was melted\"") == "mini/smelting#0");
    CHECK(top_ids(s, "\"ore copper\"").empty());   // phrase order matters
    CHECK(top_ids(s, "copper -ore").size() == 2);  // drops the two "ore" passages
    CHECK(top_ids(s, "copper NOT ore").size() == 2);
    CHECK(top_ids(s, "copper AND reindeer").empty());
    CHECK(top_ids(s, "copper OR reindeer").size() == 5);
    CHECK(top_ids(s, "+trondheim copper") == std::vector<std::string>{"mini/smelting#1"});
    CHECK(top_ids(s, "copper source:wikipedia") == std::vector<std::string>{"mini/j1#0"});
    CHECK(top_ids(s, "source:\"town archive\"") == std::vector<std::string>{"mini/smelting#1"});
    CHECK(top_ids(s, "title:reindeer") == std::vector<std::string>{"mini/j2#0"});
    CHECK(top_ids(s, "copper lang:nb").empty());
    CHECK(top_ids(s, "1784 doc:mini/kirke") == std::vector<std::string>{"mini/kirke#0"});
    CHECK(first_id(s, "3640") == "");  // not in this fixture: no false hits from variants
    CHECK(first_id(s, "1646") == "mini/smelting#0");
    // Stop words are dropped from questions, kept when they are all there is.
    CHECK(first_id(s, "where was the copper ore weighed?") == "mini/j1#0");
    CHECK_FALSE(top_ids(s, "the").empty());
}

TEST_CASE("malformed queries never fail") {
    TempDir tmp;
    test::index_into(tmp / "db", {kMini});
    searcher::Searcher s(tmp / "db");
    const char* queries[] = {"copper AND",
                             "OR copper",
                             "NOT",
                             "AND OR NOT",
                             "((copper",
                             "copper))",
                             "\"unbalanced copper",
                             "+",
                             "-",
                             "+-copper",
                             "title:",
                             "source:",
                             ":::",
                             "copper (AND) ore",
                             "lang:xx copper",
                             "\"\"",
                             "((((((((((((((((((((((((((((((((((((((((copper",
                             "-copper",
                             "- copper"};
    for (const char* q : queries) {
        INFO(q);
        searcher::SearchRequest r;
        r.query = q;
        CHECK_NOTHROW(s.search(r));
    }
    CHECK(first_id(s, "((copper") != "");
    CHECK(first_id(s, "copper AND") != "");
    CHECK(first_id(s, "\"unbalanced copper") == "");  // a phrase that is not in the text
    CHECK(top_ids(s, "-copper").size() == 3);         // everything but copper
    std::string deep(4000, '(');
    searcher::SearchRequest r;
    r.query = deep + "copper";
    CHECK_NOTHROW(s.search(r));
}

TEST_CASE("request validation") {
    TempDir tmp;
    test::index_into(tmp / "db", {kMini});
    searcher::Searcher s(tmp / "db");
    auto bad = [&](auto mutate, const std::string& code) {
        searcher::SearchRequest r;
        r.query = "copper";
        mutate(r);
        try {
            s.search(r);
            FAIL("no error for " << code);
        } catch (const searcher::BadRequest& e) {
            CHECK(e.code() == code);
        }
    };
    bad([](auto& r) { r.limit = -1; }, "bad_limit");
    bad([](auto& r) { r.limit = 1000; }, "bad_limit");
    bad([](auto& r) { r.offset = -5; }, "bad_offset");
    bad([](auto& r) { r.query = "caf\xC3"; }, "invalid_utf8");
    bad([](auto& r) { r.query = std::string(1 << 20, 'a'); }, "query_too_long");
    bad([](auto& r) { r.lang = "xx"; }, "bad_lang");
    bad(
        [](auto& r) {
            r.year_from = 1900;
            r.year_to = 1800;
        },
        "bad_year");
}

TEST_CASE("filters, pagination and facets") {
    TempDir tmp;
    test::index_into(tmp / "db", {kMini});
    searcher::Searcher s(tmp / "db");
    searcher::SearchRequest r;
    r.query = "copper";
    r.limit = 2;
    auto page1 = s.search(r);
    r.offset = 2;
    auto page2 = s.search(r);
    REQUIRE(page1.results.size() == 2);
    REQUIRE(page2.results.size() == 2);
    CHECK(page2.results[0].rank == 3);
    CHECK(page1.results[1].doc_id + std::to_string(page1.results[1].passage) !=
          page2.results[0].doc_id + std::to_string(page2.results[0].passage));
    CHECK(page1.facets["source"].size() == 3);  // the header-less text has no source

    r = {};
    r.query = "copper";
    r.source = "Town Archive";
    CHECK(s.search(r).total == 1);
    r.source.clear();
    r.year_from = 1600;
    r.year_to = 1699;
    auto dated = s.search(r);
    REQUIRE(dated.total == 2);
    CHECK(dated.results[0].doc_id == "mini/smelting");
    r.year_from.reset();
    r.year_to.reset();
    r.lang = "en";
    CHECK(s.search(r).total == 4);
    r.lang = "nb";
    CHECK(s.search(r).total == 0);
}

TEST_CASE("facets are the same from joined keys and from an index of format 2") {
    TempDir tmp;
    test::index_into(tmp / "db", {kMini});
    searcher::SearchRequest r;
    r.query = "copper kirke";
    auto joined = searcher::Searcher(tmp / "db").search(r);
    // Counts are exact for a result set this small: they add up to the total.
    for (const char* name : {"source", "lang", "doc"}) {
        std::size_t sum = 0;
        for (const auto& v : joined.facets[name]) sum += v.count;
        CHECK(sum + (std::string(name) == "source" ? 1 : 0) == joined.total);  // one without source
    }
    REQUIRE_FALSE(joined.facets["doc"].empty());
    bool kirke = false;
    for (const auto& v : joined.facets["doc"])
        if (v.value == "mini/kirke") kirke = v.label == "Røros kirke";
    CHECK(kirke);

    // What an index written before the joined slot and the records' title slot looks like.
    rewrite_documents(tmp / "db", "", [](Xapian::Document& d) {
        std::string keys = d.get_value(indexer::slot::kFacets);
        if (!keys.empty()) {  // a passage: source and lang had slots of their own
            auto a = keys.find(indexer::slot::kFacetSeparator);
            auto b = keys.find(indexer::slot::kFacetSeparator, a + 1);
            d.add_value(indexer::slot::kSource, keys.substr(0, a));
            d.add_value(indexer::slot::kLang, keys.substr(a + 1, b - a - 1));
        }
        d.add_value(indexer::slot::kFacets, "");  // an empty value is no value
        d.add_value(indexer::slot::kTitle, "");
        return true;
    });
    auto separate = searcher::Searcher(tmp / "db").search(r);
    CHECK(searcher::to_json(separate)["facets"] == searcher::to_json(joined)["facets"]);
}

TEST_CASE("documents and answers are the same from the text value and from an index of format 5") {
    TempDir tmp;
    test::index_into(tmp / "db", {kMini});
    const std::vector<std::string> ids = {"mini/kirke", "mini/smelting"};
    const std::vector<std::string> questions = {
        "Når ble Røros kirke bygget?", "Hvor gammelt er orgelet?", "Where did the copper go?"};
    auto read = [&](searcher::Searcher& s) {
        nlohmann::json out;
        for (const auto& id : ids) out["documents"].push_back(s.document(id));
        for (const auto& q : questions) {
            searcher::SearchRequest r;
            r.query = q;
            auto a = searcher::to_json(searcher::ask(s, r));
            a.erase("took_ms");
            out["answers"].push_back(a);
        }
        return out;
    };
    nlohmann::json now;
    {
        searcher::Searcher s(tmp / "db");
        now = read(s);
    }
    for (const auto& d : now["documents"]) CHECK_FALSE(d.value("text", "").empty());
    // What a record written before the text had a value of its own looks like.
    rewrite_documents(tmp / "db", kRecords, [](Xapian::Document& d) {
        auto data = nlohmann::json::parse(d.get_data());
        REQUIRE_FALSE(data.contains("text"));
        data["text"] = indexer::record_text(d);
        d.set_data(data.dump());
        d.remove_value(indexer::slot::kPackedText);
        return true;
    });
    searcher::Searcher old(tmp / "db");
    CHECK(read(old) == now);
}

TEST_CASE("hits, documents, answers and suggestions are the same from indexes of formats 8 and 7") {
    TempDir tmp;
    test::index_into(tmp / "db", {kMini});
    auto read = [](searcher::Searcher& s) {
        nlohmann::json out;
        for (const std::string q : {"Røros kirke", "smelting copper", "orgelet"}) {
            searcher::SearchRequest r;
            r.query = q;
            auto hits = searcher::to_json(s.search(r));
            auto answer = searcher::to_json(searcher::ask(s, r));
            hits.erase("took_ms");
            answer.erase("took_ms");
            out["search"].push_back(hits);
            out["answers"].push_back(answer);
        }
        for (const std::string id : {"mini/kirke", "mini/smelting"})
            out["documents"].push_back(s.document(id));
        out["suggest"] = searcher::to_json(searcher::suggest(s, "Rør", 5));
        return out;
    };
    nlohmann::json now;
    {
        searcher::Searcher s(tmp / "db");
        now = read(s);
    }
    REQUIRE(now["search"][0]["results"].size() > 0);
    // Before format 9 a record's text was value kText as written, with no kPackedText value.
    std::size_t records = rewrite_documents(tmp / "db", kRecords, [](Xapian::Document& d) {
        CHECK(d.get_value(indexer::slot::kText).empty());
        std::string packed = d.get_value(indexer::slot::kPackedText);
        if (packed.empty()) return false;
        d.add_value(indexer::slot::kText, indexer::unpack_value(packed));
        d.remove_value(indexer::slot::kPackedText);
        return true;
    });
    REQUIRE(records > 0);
    {
        searcher::Searcher format8(tmp / "db");
        CHECK(read(format8) == now);
    }
    // Before format 8 a passage's JSON was the Xapian document's data, with no kPassage value.
    std::size_t passages = rewrite_documents(tmp / "db", "", [](Xapian::Document& d) {
        std::string packed = d.get_value(indexer::slot::kPassage);
        if (packed.empty()) return false;
        CHECK(d.get_data().empty());
        d.set_data(indexer::unpack_value(packed));
        d.remove_value(indexer::slot::kPassage);
        return true;
    });
    REQUIRE(passages > 0);
    searcher::Searcher old(tmp / "db");
    CHECK(read(old) == now);
}

TEST_CASE("facets counted from memory equal those Xapian's spy reads from the index") {
    TempDir tmp;
    // More matches than the facets' sample of the head, over many documents and sources.
    {
        std::ofstream out(tmp / "gen.jsonl");
        for (int d = 0; d < 400; ++d)
            out << nlohmann::json{{"id", "gen-" + std::to_string(d)},
                                  {"title", "Report " + std::to_string(d)},
                                  {"source", "Archive " + std::to_string(d % 7)},
                                  {"lang", d % 3 ? "en" : "nb"},
                                  {"text", "The copper works by the river. " +
                                               std::string(d % 5, 'x') + " smelting " +
                                               std::to_string(d) + "."}}
                       .dump()
                << "\n";
    }
    test::index_into(tmp / "db", {tmp / "gen.jsonl"});
    // A stub joining the index with an empty one: same matches and weights, but two
    // sub-databases, where a spy sees each one's own docids and the table cannot serve.
    Xapian::WritableDatabase(tmp / "empty", Xapian::DB_CREATE).commit();
    std::ofstream(tmp / "two.stub")
        << "auto " << (tmp / "db") << "\nauto " << (tmp / "empty") << "\n";
    searcher::Searcher memory(tmp / "db"), spy(tmp / "two.stub");
    for (const std::string q : {"copper", "copper river", "smelting", "copper", "river", "works",
                                "copper smelting 7", "the river"}) {
        INFO("query: " << q);
        searcher::SearchRequest r;
        r.query = q;
        auto a = memory.search(r), b = spy.search(r);
        CHECK(a.total == b.total);
        CHECK(searcher::to_json(a)["facets"] == searcher::to_json(b)["facets"]);
        CHECK_FALSE(a.facets["doc"].empty());
    }
    CHECK(memory.facets_in_memory());
    CHECK_FALSE(spy.facets_in_memory());
    // A new revision drops the table until the searcher has been asked often enough again.
    {
        indexer::IndexWriter writer(tmp / "db");
        indexer::Document doc;
        doc.id = "late";
        doc.text = "Copper came late to the river.";
        doc.lang = "en";
        writer.add(doc);
        writer.commit();
    }
    memory.reopen();
    CHECK_FALSE(memory.facets_in_memory());
    searcher::SearchRequest r;
    r.query = "copper";
    for (int i = 0; i < 4; ++i) memory.search(r);
    CHECK(memory.facets_in_memory());
    r.query = "came";
    auto late = memory.search(r).facets["doc"];
    REQUIRE(late.size() == 1);
    CHECK(late[0].value == "late");

    // Sparse docids (many updates since the index was last compacted): no table, same facets.
    {
        Xapian::WritableDatabase db(tmp / "db");
        Xapian::PostingIterator passage =
            db.postlist_begin(std::string(indexer::prefix::kLang) + "en");
        db.replace_document(100000, db.get_document(*passage));
        db.commit();
    }
    searcher::Searcher sparse(tmp / "db");
    r.query = "copper";
    for (int i = 0; i < 5; ++i) sparse.search(r);
    CHECK_FALSE(sparse.facets_in_memory());
    CHECK_FALSE(sparse.search(r).facets["doc"].empty());
}

TEST_CASE("a function word of one language matches as written only in the other's passages") {
    TempDir tmp;
    index_records(
        tmp, {R"({"id": "pit", "lang": "en", "text": "The old mine by the lake was closed."})",
              R"({"id": "my", "lang": "nb", "text": "Dette er mine bøker om sjøen."})",
              R"({"id": "ice", "lang": "nb", "text": "Sjøen var dekket av is hele vinteren."})",
              R"({"id": "be", "lang": "en", "text": "The lake is deep and cold."})"});
    searcher::Searcher s(tmp / "db");
    // "mine" is "my" in Norwegian, "is" is English "is": those passages do not match.
    CHECK(doc_ids(s, "mine") == std::set<std::string>{"pit"});
    CHECK(doc_ids(s, "is") == std::set<std::string>{"ice"});
    CHECK(doc_ids(s, "lake mine") == std::set<std::string>{"pit", "be"});
    CHECK(doc_ids(s, "mine", "nb").empty());
}

TEST_CASE("a function word's passages are left out whichever language is the rarer") {
    // "by" is "by" in English and a town in Norwegian. With more Norwegian passages than
    // English ones, the English ones are the ones read (and left out), with those of no known
    // language (a German one).
    const std::vector<std::string> records = {
        R"({"id": "town", "lang": "nb", "text": "Røros er en by med gamle gårder."})",
        R"({"id": "farm", "lang": "nb", "text": "Gården ligger ved sjøen."})",
        R"({"id": "lake", "lang": "nb", "text": "Sjøen er dyp og kald om vinteren."})",
        R"({"id": "near", "lang": "en", "text": "The church stands by the old mine."})"};
    const std::string german =
        R"({"id": "de", "text": "Der alte Hafen by Nacht ist schön, und die Straßen der )"
        R"(Altstadt sind eng und dunkel, aber die Kirche steht noch in der Mitte der Stadt."})";
    for (bool with_german : {false, true}) {
        INFO("with a passage of no language: " << with_german);
        TempDir tmp;
        auto all = records;
        if (with_german) all.push_back(german);
        index_records(tmp, all);
        searcher::Searcher s(tmp / "db");
        CHECK(doc_ids(s, "by") == std::set<std::string>{"town"});
        CHECK(doc_ids(s, "by gården") == std::set<std::string>{"town", "farm"});
        const std::string query = query_of(tmp, s, "by");
        INFO(query);
        CHECK((query.find("AND_NOT (Len OR XNOLANG)") != std::string::npos) == with_german);
        CHECK((query.find("AND_NOT Len)") != std::string::npos) == !with_german);
        CHECK(query.find("Lnb") == std::string::npos);
    }
}

TEST_CASE("a word's synonyms are searched by the terms the index has that are not its own") {
    TempDir tmp;
    index_records(tmp, {R"({"id": "nb", "lang": "nb", "text": "Kirken er gammel."})",
                        R"({"id": "en", "lang": "en", "text": "The church is old."})"});
    searcher::Searcher s(tmp / "db");
    CHECK(doc_ids(s, "kirken") == std::set<std::string>{"nb", "en"});
    const std::string query = query_of(tmp, s, "kirken");
    INFO(query);
    auto count = [&query](const std::string& term) {
        std::size_t n = 0;
        for (auto at = query.find(term); at != std::string::npos; at = query.find(term, at + 1))
            ++n;
        return n;
    };
    CHECK(count("church") > 0);
    // The thesaurus row has "kyrkje" and "churches", which the index lacks.
    CHECK(count("kyrkje") == 0);
    CHECK(count("churches") == 0);
    // "Zkirk" in the word's own group and in the AND_NOT that keeps its synonyms to other
    // passages, not in the synonyms' group.
    CHECK(count("Zkirk ") + count("Zkirk)") == 2);
}

TEST_CASE("a stop word is found as written, not by a content word that shares its stem") {
    TempDir tmp;
    index_records(tmp, {R"({"id": "be", "lang": "nb", "text": "Det kan være kaldt om vinteren."})",
                        R"({"id": "weather", "lang": "nb", "text": "Været var kaldt og klart."})",
                        R"({"id": "both", "lang": "nb", "text": "Det kan være at været snur."})"});
    searcher::Searcher s(tmp / "db");
    // "vær" (weather) and "være" (to be) share the stem "vær"; only the content word has it.
    CHECK(doc_ids(s, "vær") == std::set<std::string>{"weather", "both"});
    // A query of stop words only still finds them, as written, and phrases of them. (Among
    // Norwegian passages: the English stem of "være" is "vær".)
    CHECK(doc_ids(s, "være", "nb") == std::set<std::string>{"be", "both"});
    CHECK(doc_ids(s, "\"kan være kaldt\"") == std::set<std::string>{"be"});
    searcher::SearchRequest r;
    r.query = "vær";
    for (const auto& hit : s.search(r).results) {
        INFO(hit.snippet);
        CHECK((hit.snippet.find("<mark>Været</mark>") != std::string::npos ||
               hit.snippet.find("<mark>været</mark>") != std::string::npos));
        CHECK(hit.snippet.find("<mark>være</mark>") == std::string::npos);
    }
}

TEST_CASE("snippets mark no stop word of a synonym's phrase, only its other words") {
    TempDir tmp;
    index_records(tmp, {R"({"id": "town", "lang": "en", "text": "The church was built to adorn )"
                        R"(the town. The mining town grew around the smelting hut."})"});
    searcher::Searcher s(tmp / "db");
    searcher::SearchRequest r;
    r.query = "bergstaden";  // the thesaurus: "the mining town"
    auto res = s.search(r);
    REQUIRE(res.results.size() == 1);
    const std::string& snippet = res.results[0].snippet;
    CHECK_THAT(snippet, Catch::Contains("<mark>mining</mark>"));
    CHECK_THAT(snippet,
               !Catch::Contains("<mark>The</mark>") && !Catch::Contains("<mark>the</mark>"));
}

TEST_CASE("an English question's words get no Norwegian forms from the vocabulary, a name's do") {
    TempDir tmp;
    index_records(
        tmp, {R"({"id": "bowl", "lang": "en", "text": "The bowl was made of copper."})",
              R"({"id": "bowler", "lang": "en", "text": "The bowler threw the ball."})",
              R"({"id": "farm", "lang": "en", "text": "They farmed at Hitterdalen for years."})"});
    searcher::Searcher s(tmp / "db");
    // "bowler" stems to "bowl" in Norwegian only: no reason to find it for an English question.
    CHECK(doc_ids(s, "What was the old bowl made of?") == std::set<std::string>{"bowl"});
    // A Norwegian name in English text has no English stems: its inflections come from the
    // vocabulary ("Hitterdal" -> "Hitterdalen").
    CHECK(doc_ids(s, "Hitterdal") == std::set<std::string>{"farm"});
}

TEST_CASE("snippets mark a compound by the part the query asked for") {
    TempDir tmp;
    std::ofstream(tmp / "c.jsonl")
        << R"({"id": "c", "lang": "nb", "text": "Vi så smeltehytta og malmplassen. )"
        << R"(Ved kobberverket sto hytta tom, og tomta var stille."})"
        << "\n";
    test::index_into(tmp / "db", {tmp / "c.jsonl"});
    searcher::Searcher s(tmp / "db");
    struct Case {
        std::string query;
        std::vector<std::string> marked;
        std::vector<std::string> plain;
    };
    for (const auto& c : std::vector<Case>{
             {"hytte",
              {"<mark>smeltehytta</mark>", "<mark>hytta</mark>"},
              {"malmplassen", "tomta"}},
             {"malm", {"<mark>malmplassen</mark>"}, {"smeltehytta", "kobberverket"}},
             {"verk", {"<mark>kobberverket</mark>"}, {"smeltehytta", "malmplassen"}},
         }) {
        INFO(c.query);
        searcher::SearchRequest r;
        r.query = c.query;
        r.lang = "nb";
        auto res = s.search(r);
        REQUIRE(res.results.size() == 1);
        for (const auto& m : c.marked) CHECK_THAT(res.results[0].snippet, Catch::Contains(m));
        for (const auto& p : c.plain)
            CHECK_FALSE(res.results[0].snippet.find("<mark>" + p) != std::string::npos);
    }
}

TEST_CASE("a spelling suggestion is remembered only for the index revision it came from") {
    TempDir tmp;
    std::ofstream(tmp / "a.jsonl") << R"({"id": "a", "text": "copper ore and slag"})"
                                   << "\n";
    test::index_into(tmp / "db", {tmp / "a.jsonl"});
    searcher::Searcher s(tmp / "db");
    searcher::SearchRequest r;
    r.query = "kobbervrket";
    CHECK_FALSE(s.search(r).did_you_mean);
    CHECK_FALSE(s.search(r).did_you_mean);  // the second time from the searcher's memory

    std::ofstream(tmp / "b.jsonl") << R"({"id": "b", "text": "Kobberverket eide gruvene"})"
                                   << "\n";
    test::index_into(tmp / "db", {tmp / "b.jsonl"});
    s.reopen();
    auto fixed = s.search(r);
    REQUIRE(fixed.did_you_mean);
    CHECK(*fixed.did_you_mean == "kobberverket");
    REQUIRE_FALSE(fixed.results.empty());
    CHECK(fixed.results[0].doc_id == "b");
}

TEST_CASE("spelling suggestions are the index's words, and leave with their documents") {
    TempDir tmp;
    // "kobberverket" in three passages of two documents; numbers and short words are no
    // suggestions.
    std::ofstream(tmp / "a.jsonl")
        << R"({"id": "a", "lang": "nb", "text": "Kobberverket eide gruvene i 1644. Kobberverket."})"
        << "\n"
        << R"({"id": "b", "lang": "nb", "text": "Kobberverket\n\nMer om kobberverket her."})"
        << "\n"
        << R"({"id": "c", "lang": "nb", "text": "Smeltehytta brant."})"
        << "\n";
    test::index_into(tmp / "db", {tmp / "a.jsonl"});
    auto words = [&tmp] {
        std::map<std::string, Xapian::doccount> out;
        for (const auto& [w, n] : searcher::words_of(Xapian::Database(tmp / "db"))) out[w] = n;
        return out;
    };
    auto before = words();
    CHECK(before["kobberverket"] == 3);
    CHECK(before["smeltehytta"] == 1);
    CHECK(before["gruvene"] == 1);
    CHECK_FALSE(before.count("1644"));
    CHECK_FALSE(before.count("om"));
    for (const auto& [w, n] : before) CHECK(w.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 0);
    auto suggest = [&tmp](const std::string& w) {
        auto index = searcher::SpellingIndex::of(Xapian::Database(tmp / "db"));
        return index ? index->suggest(w, 2) : std::string();
    };
    CHECK(suggest("smeltehyta") == "smeltehytta");

    {
        indexer::ParallelIndexer writer(indexer::prepare_shards(tmp / "db", 1), 1);
        CHECK(writer.remove("c"));
        writer.commit();
    }
    CHECK_FALSE(words().count("smeltehytta"));
    CHECK(suggest("smeltehyta").empty());
    CHECK(suggest("kobbervrket") == "kobberverket");
}

TEST_CASE("a passage's score and its source filter do not depend on its source's name length") {
    TempDir tmp;
    std::ofstream(tmp / "a.jsonl")
        << R"({"id": "short", "source": "Arkiv", "text": "Smeltehytta brant i 1975."})"
        << "\n"
        << R"({"id": "long", "source": "Bokmål translation (heritage-search) of “Smelthytta”, )"
        << R"(Visit Norway Regional Archive", "text": "Smeltehytta brant i 1975."})"
        << "\n";
    test::index_into(tmp / "db", {tmp / "a.jsonl"});
    searcher::Searcher s(tmp / "db");
    searcher::SearchRequest r;
    r.query = "smeltehytta brant";
    auto res = s.search(r);
    REQUIRE(res.results.size() == 2);
    CHECK(res.results[0].score == Approx(res.results[1].score));
    CHECK(top_ids(s, "brant source:arkiv") == std::vector<std::string>{"short#0"});
    CHECK(top_ids(s, "brant source:\"visit norway\"") == std::vector<std::string>{"long#0"});
    CHECK(top_ids(s, "brant source:\"norway visit\"") == std::vector<std::string>{"long#0"});
    CHECK(top_ids(s, "brant source:norwa").empty());
    CHECK(top_ids(s, "brant -source:arkiv") == std::vector<std::string>{"long#0"});
}

TEST_CASE("re-indexing: idempotent, updates in place, removes what disappeared") {
    TempDir tmp;
    namespace fs = std::filesystem;
    fs::copy(kMini, tmp / "corpus", fs::copy_options::recursive);
    auto first = test::index_into(tmp / "db", {tmp / "corpus"});
    REQUIRE(first.added == 5);
    Xapian::doccount docs = Xapian::Database(tmp / "db").get_doccount();

    auto again = test::index_into(tmp / "db", {tmp / "corpus"});
    CHECK(again.added == 0);
    CHECK(again.unchanged == 5);
    CHECK(again.passages == 0);
    CHECK(Xapian::Database(tmp / "db").get_doccount() == docs);

    // Change one document to a single paragraph: its old second passage must go.
    {
        std::ofstream out(tmp / "corpus/smelting.md");
        out << "---\nid: mini/smelting\ntitle: The smelting works\nlang: en\n---\nOnly tin now.\n";
    }
    fs::remove(tmp / "corpus/sub/notes.txt");
    auto changed = test::index_into(tmp / "db", {tmp / "corpus"});
    CHECK(changed.updated == 1);
    CHECK(changed.unchanged == 3);
    CHECK(changed.removed == 1);

    searcher::Searcher s(tmp / "db");
    CHECK(top_ids(s, "trondheim").empty());
    CHECK(top_ids(s, "tin") == std::vector<std::string>{"mini/smelting#0"});
    CHECK(top_ids(s, "cattle").empty());
    CHECK(s.document("sub/notes").is_null());
    CHECK(Xapian::Database(tmp / "db").get_doccount() == docs - 1 /*passage*/ - 2 /*notes*/);

    // Indexing another path leaves documents from this folder alone.
    std::ofstream(tmp / "extra.jsonl") << R"({"id": "x1", "text": "tin and copper"})"
                                       << "\n";
    auto other = test::index_into(tmp / "db", {tmp / "extra.jsonl"});
    CHECK(other.added == 1);
    CHECK(other.removed == 0);
    CHECK(top_ids(s, "tin").size() == 1);  // the searcher sees the old revision until reopen
    CHECK(s.term_freq("tin") == 1);
    s.reopen();
    CHECK(top_ids(s, "tin").size() == 2);
    CHECK(s.term_freq("tin") == 2);  // remembered per revision
    CHECK(s.term_freq("copper") == s.database().get_termfreq("copper"));
}

TEST_CASE("bad records are skipped and reported with file and line") {
    TempDir tmp;
    {
        std::filesystem::create_directories(tmp / "in");
        std::ofstream out(tmp / "in/in.jsonl");
        out << R"({"id": "ok1", "text": "fine"})"
            << "\n"
            << R"({"id": "bad", "text": )"
            << "\n"
            << "\n"
            << R"({"id": "ok1", "text": "duplicate"})"
            << "\n"
            << R"({"id": "ok2", "text": "also fine"})"
            << "\n";
        std::ofstream(tmp / "in/binary.txt", std::ios::binary) << std::string("\x00\x01\x02", 3);
        std::ofstream(tmp / "in/empty.md");
        std::ofstream(tmp / "in/image.png") << "not text";
    }
    std::ostringstream errors;
    auto r = test::index_into(tmp / "db", {tmp / "in"}, &errors);
    CHECK(r.added == 3);  // ok1, ok2 and the empty document
    CHECK(r.skipped == 3);
    CHECK(r.ignored == 1);
    CHECK_THAT(errors.str(), Catch::Contains("in.jsonl:2: invalid JSON"));
    CHECK_THAT(errors.str(), Catch::Contains("in.jsonl:4: duplicate id \"ok1\""));
    CHECK_THAT(errors.str(), Catch::Contains("binary.txt: contains NUL bytes"));
}
