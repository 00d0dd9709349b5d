// TermDictionary: Xapian's terms and frequencies from memory, and the same parsed queries.
#include "searcher/term_dictionary.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "searcher/answer.hpp"
#include "searcher/query_parser.hpp"
#include "searcher/searcher.hpp"
#include "tests/test_util.hpp"

using heritage::searcher::TermDictionary;
using heritage::test::TempDir;

namespace {

std::vector<std::string> xapian_scan(const Xapian::Database& db, const std::string& prefix) {
    return {db.allterms_begin(prefix), db.allterms_end(prefix)};
}

std::vector<std::string> dictionary_scan(const TermDictionary& d, const std::string& prefix,
                                         std::size_t limit = SIZE_MAX) {
    std::vector<std::string> out;
    d.scan(prefix, [&](const std::string& t) {
        if (out.size() == limit) return false;
        out.push_back(t);
        return true;
    });
    return out;
}

// The bundled corpus, indexed once for the tests below.
const std::string& corpus_db() {
    static TempDir tmp;
    static const std::string db = [] {
        auto report = heritage::test::index_into(tmp / "db", {HERITAGE_SOURCE_DIR "/corpus"});
        REQUIRE(report.passages > 50);
        return tmp / "db";
    }();
    return db;
}

}  // namespace

TEST_CASE("a term dictionary has every term with Xapian's frequency, and no other") {
    Xapian::Database db(corpus_db());
    auto d = TermDictionary::of(db);
    REQUIRE(d);
    std::size_t terms = 0;
    for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it, ++terms) {
        INFO(*it);
        CHECK(d->freq(*it) == it.get_termfreq());
        // Keys next to a term in byte order, which the index lacks.
        for (const std::string& absent : {*it + '\x01', (*it).substr(0, (*it).size() - 1) + '\x01'})
            if (!db.term_exists(absent)) CHECK_FALSE(d->contains(absent));
    }
    CHECK(d->size() == terms);
    CHECK(terms > 5000);
    CHECK(d->freq("røros") == db.get_termfreq("røros"));
    CHECK(d->freq("røros") > 10);
    CHECK_FALSE(d->contains(""));
    CHECK_FALSE(d->contains("\xff\xff"));
}

TEST_CASE("a term dictionary scans a prefix as Xapian's term iterator does") {
    Xapian::Database db(corpus_db());
    auto d = TermDictionary::of(db);
    REQUIRE(d);
    for (const std::string prefix :
         {"", "Z", "XV", "XC", "XVro", "kobber", "røros", "Zgård", "gruv", "\xff", "zzzzz"}) {
        INFO(prefix);
        CHECK(dictionary_scan(*d, prefix) == xapian_scan(db, prefix));
    }
    // The scan stops when told to.
    auto kobber = xapian_scan(db, "kobber");
    REQUIRE(kobber.size() > 3);
    CHECK(dictionary_scan(*d, "kobber", 3) ==
          std::vector<std::string>(kobber.begin(), kobber.begin() + 3));
}

TEST_CASE("a term dictionary is shared per revision, only for one local database of few terms") {
    TempDir tmp;
    auto write = [&](const std::string& name, const std::vector<std::string>& terms) {
        Xapian::WritableDatabase w(tmp / name, Xapian::DB_CREATE_OR_OPEN);
        Xapian::Document doc;
        for (const auto& t : terms) doc.add_term(t);
        w.add_document(doc);
        w.commit();
    };
    write("a", {"kobber", "gruve"});
    write("b", {"kopper"});
    auto first = TermDictionary::of(Xapian::Database(tmp / "a"));
    REQUIRE(first);
    CHECK(TermDictionary::of(Xapian::Database(tmp / "a")) == first);
    write("a", {"smelthytta"});  // a new revision
    auto second = TermDictionary::of(Xapian::Database(tmp / "a"));
    REQUIRE(second);
    CHECK(second != first);
    CHECK(second->size() == 3);
    CHECK(second->freq("smelthytta") == 1);
    CHECK(first->freq("smelthytta") == 0);  // the old revision's stays as it was

    Xapian::Database both(tmp / "a");
    both.add_database(Xapian::Database(tmp / "b"));
    CHECK_FALSE(TermDictionary::of(both));
    // Over the limit: none, whether or not a dictionary of that revision is held.
    CHECK_FALSE(TermDictionary::of(Xapian::Database(tmp / "a"), 2));
    CHECK(TermDictionary::of(Xapian::Database(tmp / "a"), 3) == second);
    CHECK_FALSE(TermDictionary::of(Xapian::Database(tmp / "b"), 0));
    CHECK(TermDictionary::of(Xapian::Database(tmp / "b"), 1));
}

TEST_CASE("questions parse to the same query with the term dictionary as with the index") {
    Xapian::Database db(corpus_db());
    auto d = TermDictionary::of(db);
    REQUIRE(d);
    heritage::indexer::Analyzer analyzer;
    // Norwegian and English, names, compounds and their parts, folded letters, typos (spelling
    // corrections), a word the index has only as two (split), old spellings and a source filter.
    const char* questions[] = {
        "When was Bergstadens Ziir built?",
        "Hvor mange gårder er det i Vingelen?",
        "Hvem bygde Smelthytta på Røros?",
        "roros kobberverk",
        "kobbervrket smeltehyta",
        "gardene i Ålen",
        "Bergstadens Zier",
        "copper mine workers livestock",
        "reindeer husbandry mountain farms",
        "\"Olavsgruva\" -turister",
        "source:roros malm",
        "Hva het den første bergmesteren?",
        "What did the smelting hut produce?",
        "Hvorfor ble verket nedlagt i 1977?",
    };
    std::size_t widened = 0;
    for (const char* q : questions) {
        INFO(q);
        heritage::searcher::QueryContext from_index{&db};
        heritage::searcher::QueryContext from_memory{&db};
        from_memory.terms = d.get();
        auto a = heritage::searcher::parse_query(q, analyzer, {}, from_index);
        auto b = heritage::searcher::parse_query(q, analyzer, {}, from_memory);
        CHECK(a.query.get_description() == b.query.get_description());
        CHECK(a.did_you_mean == b.did_you_mean);
        CHECK(a.highlight_terms == b.highlight_terms);
        REQUIRE(a.expansions.size() == b.expansions.size());
        for (std::size_t i = 0; i < a.expansions.size(); ++i) {
            CHECK(a.expansions[i].kind == b.expansions[i].kind);
            CHECK(a.expansions[i].terms == b.expansions[i].terms);
            widened += a.expansions[i].kind != "exact";
        }
    }
    CHECK(widened > 20);  // the look-ups compared decided something
}

TEST_CASE("a searcher finds and answers the same before and after it loads the terms") {
    heritage::searcher::Searcher warm(corpus_db());
    heritage::searcher::SearchRequest r;
    r.query = "røros";
    for (int i = 0; i < 4; ++i) warm.search(r);
    REQUIRE(warm.terms_in_memory());
    int answered = 0;
    for (const char* q :
         {"When was Bergstadens Ziir built?", "Hvor mange gårder er det i Vingelen?",
          "kobbervrket smeltehyta", "Hvem bygde Smelthytta?"}) {
        INFO(q);
        heritage::searcher::Searcher cold(corpus_db());  // its first search reads the index
        r.query = q;
        auto a = cold.search(r);
        CHECK_FALSE(cold.terms_in_memory());
        auto b = warm.search(r);
        REQUIRE(a.results.size() == b.results.size());
        CHECK_FALSE(a.results.empty());
        for (std::size_t i = 0; i < a.results.size(); ++i) {
            CHECK(a.results[i].doc_id == b.results[i].doc_id);
            CHECK(a.results[i].passage == b.results[i].passage);
            CHECK(a.results[i].score == b.results[i].score);
        }
        auto answer = heritage::searcher::to_json(heritage::searcher::ask(cold, r))["answer"];
        CHECK(answer == heritage::searcher::to_json(heritage::searcher::ask(warm, r))["answer"]);
        answered += !answer.is_null();
    }
    CHECK(answered >= 1);
}
