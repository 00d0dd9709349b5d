// The bundled corpus end to end: what a first-time user searches for finds the right passages,
// and questions asked of it alone (without the test fixtures) get the right answers.
#include <catch2/catch.hpp>

#include "searcher/answer.hpp"
#include "searcher/searcher.hpp"
#include "test_util.hpp"

using namespace heritage;

namespace {

struct Corpus {
    test::TempDir tmp;
    std::unique_ptr<searcher::Searcher> searcher;
    Corpus() {
        std::ostringstream errors;
        auto r =
            test::index_into(tmp / "db", {std::string(HERITAGE_SOURCE_DIR) + "/corpus"}, &errors);
        INFO(errors.str());
        REQUIRE(r.skipped == 0);
        searcher = std::make_unique<searcher::Searcher>(tmp / "db");
    }
    searcher::SearchResponse search(const std::string& q, int limit = 10) {
        searcher::SearchRequest r;
        r.query = q;
        r.limit = limit;
        return searcher->search(r);
    }
};

}  // namespace

TEST_CASE("copper ore: the Smelthytta and history passages, attributed") {
    Corpus c;
    auto r = c.search("copper ore", 2);
    REQUIRE(r.results.size() == 2);
    std::set<std::string> top = {r.results[0].doc_id, r.results[1].doc_id};
    CHECK(top == std::set<std::string>{"roros/smelthytta", "roros/history-and-culture"});
    for (const auto& h : r.results) {
        CHECK(h.source == "Visit Norway");
        CHECK(h.lang == "en");
        CHECK_THAT(h.snippet, Catch::Contains("<mark>copper</mark> <mark>ore</mark>"));
    }
    auto wiki = c.search("notoriety for copper mining");
    REQUIRE_FALSE(wiki.results.empty());
    CHECK(wiki.results[0].doc_id == "roros/about-roros");
    CHECK(wiki.results[0].source == "Wikipedia");
}

TEST_CASE("numbers and names as written") {
    Corpus c;
    struct Row {
        const char* query;
        const char* doc;
        const char* marked;
    };
    const Row rows[] = {
        {"3,640", "roros/about-roros", "<mark>3,640</mark>"},
        {"3640", "roros/about-roros", "<mark>3,640</mark>"},
        {"3.47", "roros/about-roros", "<mark>3.47</mark>"},
        {"1715-1789", "roros/hiort-engan-studiogalleri", "<mark>1715</mark>"},
        // lang:en: the Bokmål translations in corpus/roros-nb have these names as well.
        {"Bergstadens Ziir lang:en", "roros/bergstadens-ziir", "<mark>Bergstadens</mark>"},
        {"\"mountain cathedral\"", "roros/bergstadens-ziir",
         "<mark>mountain</mark> <mark>cathedral</mark>"},
        {"Olavsgruva lang:en", "roros/olavsgruva-mine", "<mark>Olavsgruva</mark>"},
        {"UNESCO", "roros/history-and-culture", "<mark>UNESCO’s</mark>"},
        {"café", "roros/hiort-engan-studiogalleri", "<mark>café</mark>"},
        {"Roros lang:en", "roros/about-roros", "<mark>Røros</mark>"},
    };
    for (const auto& row : rows) {
        INFO(row.query);
        auto r = c.search(row.query, 1);
        REQUIRE(r.results.size() == 1);
        CHECK(r.results[0].doc_id == row.doc);
        CHECK_THAT(r.results[0].snippet, Catch::Contains(row.marked));
    }
}

// Answers that the fixtures of answer_test.cpp would hide: there, other texts answer them.
TEST_CASE("questions asked of the bundled corpus alone") {
    Corpus c;
    struct Row {
        const char* question;
        const char* answer;
    };
    const Row rows[] = {
        // Not "bygget", of "Kirken, som kalles «Bergstadens Ziir», ble bygget …": that is the
        // name of another thing.
        {"Hva er Bergstaden?", "Røros"},
        // Not "bygget" nor "Kirken, som kalles": what the naming word gives the name to.
        {"Hva er Bergstadens Ziir?", "Kirken"},
        // Not "1715-1789" of the sentence naming "Peder Hiort" in full.
        {"What did Peder Hiort plant at Engan?", "a barouqe garden"},
        // Not "på UNESCOs", of "Midt i Røros-regionen ligger byen Røros, som … på UNESCOs …".
        {"Hvor ligger Røros?", "i Røros-regionen"},
        // Not "Det er også to", of "Det er også to kirker i byen: Røros kirke og Røros kapell":
        // the first name of a list ends in its noun too.
        {"Hva heter kirken i Røros?", "Røros kirke og Røros kapell"},
    };
    for (const auto& row : rows) {
        INFO(row.question);
        searcher::SearchRequest r;
        r.query = row.question;
        auto response = searcher::ask(*c.searcher, r);
        REQUIRE(response.answer);
        CHECK(response.answer->text == row.answer);
    }
}
