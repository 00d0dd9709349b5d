// Thesaurus file parsing and synonym keys, and the query parser's widenings without an index.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <string>

#include "indexer/thesaurus.hpp"
#include "searcher/query_parser.hpp"

using heritage::indexer::Analyzer;
using heritage::indexer::Thesaurus;
using heritage::indexer::ThesaurusError;

namespace {
const char* kSample =
    "# a comment\n"
    "domain\tnb\tnn\ten\tse\tnote\n"
    "\n"
    "church\tkirke; kirkebygg\tkyrkje\tchurch\t\tfree text\n"
    "sami\treindrift\t-\treindeer husbandry; reindeer herding\tboazodoallu\n";

bool has_kind(const heritage::searcher::ParsedQuery& q, const std::string& kind,
              const std::string& form = "") {
    return std::any_of(q.expansions.begin(), q.expansions.end(), [&](const auto& e) {
        return e.kind == kind && (form.empty() || e.form == form);
    });
}
}  // namespace

TEST_CASE("thesaurus rows become synonyms in every direction, by stem and fold") {
    Analyzer a;
    auto th = Thesaurus::parse(kSample, "sample.tsv");
    REQUIRE(th.concepts().size() == 2);
    CHECK(th.concepts()[1].terms.size() == 4);
    auto syn = th.synonyms(a);
    // "kirkene" stems to "kirk" like "kirke": the stem key finds the English term.
    REQUIRE(syn.count("Zkirk"));
    CHECK(syn["Zkirk"].count("en:church"));
    CHECK(syn["Zkirk"].count("nn:kyrkje"));
    CHECK_FALSE(syn["Zkirk"].count("nb:kirke"));  // a term is no synonym of itself
    REQUIRE(syn.count("church"));
    CHECK(syn["church"].count("nb:kirke"));
    // Multi-word terms are keyed by their words; Sami has no stemmer, only the folded word.
    REQUIRE(syn.count("reindeer husbandry"));
    CHECK(syn["reindeer husbandry"].count("se:boazodoallu"));
    CHECK(syn.count("boazodoallu"));
    CHECK_FALSE(syn.count("Zboazodoallu"));
    // Query keys of an unknown-language word reach these keys.
    auto keys = heritage::indexer::query_keys(a, {"kirkene"});
    CHECK(std::find(keys.begin(), keys.end(), "Zkirk") != keys.end());
}

TEST_CASE("a word written with æ, ø or å finds the synonyms of that word, not of its folding") {
    Analyzer a;
    auto th = Thesaurus::parse(
        "domain\tnb\ten\n"
        "food\tost\tcheese\n"
        "direction\tøst\teast\n"
        "mining\tmalm\tore\n"
        "town\tRøros; Bergstaden\t-\n",
        "t.tsv");
    auto syn = th.synonyms(a);
    auto found = [&](const std::string& word) {
        std::set<std::string> values;
        for (const auto& key : heritage::indexer::query_keys(a, {word}))
            if (syn.count(key)) values.insert(syn[key].begin(), syn[key].end());
        return values;
    };
    using Values = std::set<std::string>;
    CHECK(found("øst") == Values{"en:east"});  // not "cheese"
    CHECK(found("øre").empty());               // an ear, not "ore"
    CHECK(found("ore") == Values{"nb:malm"});
    // Without the letters a word may stand for either spelling.
    CHECK(found("ost") == Values{"en:cheese", "en:east"});
    // A name with ø is found written either way.
    CHECK(found("røros").count("nb:Bergstaden"));
    CHECK(found("roros").count("nb:Bergstaden"));
}

TEST_CASE("a broken thesaurus is reported with its line") {
    auto fails = [](const std::string& content, const std::string& message) {
        try {
            Thesaurus::parse(content, "t.tsv");
        } catch (const ThesaurusError& e) {
            INFO(e.what());
            CHECK(std::string(e.what()).find(message) != std::string::npos);
            return;
        }
        FAIL("no error for: " << content);
    };
    fails("nb\ten\nkirke\tchurch\n", "t.tsv:1: the header must name a \"domain\" column");
    fails("domain\tnb\tEnglish\n", "t.tsv:1: column \"English\"");
    fails("domain\tnb\ten\nchurch\tkirke\n", "t.tsv:2: a row needs at least two terms");
    fails("domain\tnb\ten\nchurch\tkirke\tchurch\textra\n", "t.tsv:2: 4 cells");
    fails("domain\tnb\ten\nx\ta b c d e f\tg\n", "more than 5 words");
    fails("# only comments\n", "no header line");
    CHECK_THROWS_AS(Thesaurus::load("/nonexistent/thesaurus.tsv"), ThesaurusError);
}

TEST_CASE("the bundled thesaurus covers the field in several hundred concepts") {
    auto th = Thesaurus::load(heritage::indexer::default_thesaurus_path());
    CHECK(th.concepts().size() >= 300);
    std::set<std::string> domains, langs;
    for (const auto& c : th.concepts()) {
        domains.insert(c.domain);
        for (const auto& t : c.terms) langs.insert(t.lang);
    }
    for (const char* d : {"building", "trade", "mining", "farming", "church", "sami", "heritage",
                          "place", "fortification"})
        CHECK(domains.count(d));
    for (const char* l : {"nb", "nn", "en", "se"}) CHECK(langs.count(l));
}

TEST_CASE("query widening without an index: spellings, compounds, joins") {
    Analyzer a;
    auto q = heritage::searcher::parse_query("Roeros kobberverk multi-faceted", a);
    CHECK(has_kind(q, "exact", "roeros"));
    CHECK(has_kind(q, "variant", "roros"));
    CHECK(has_kind(q, "compound", "kobber + verk"));
    CHECK(has_kind(q, "compound", "part of a compound"));
    CHECK(has_kind(q, "variant", "multifaceted"));
    CHECK(q.highlight_terms.count("XVroros"));
    CHECK_FALSE(q.did_you_mean);  // spelling needs an index
    // Negated words are not widened into highlights or explanations.
    auto neg = heritage::searcher::parse_query("-kobberverk", a);
    CHECK(neg.expansions.empty());
}

TEST_CASE("a long compound of dictionary words is no typo, but a short split or a non-word is") {
    // An index whose words are bare terms: no stems or parts of the query words are in it, so
    // only a spelling correction could find anything.
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("heritage-typos-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    {
        Xapian::WritableDatabase w(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
        for (const char* word : {"vaksinemotstanderne", "akershus", "kruttsammensvergelsen"}) {
            Xapian::Document d;
            d.add_term(word);
            w.add_document(d);
        }
        w.commit();
    }
    Xapian::Database db(dir.string());
    Analyzer a;
    heritage::searcher::QueryContext context{&db};
    auto parse = [&](const std::string& text) {
        return heritage::searcher::parse_query(text, a, {"nb"}, context);
    };
    // "vaksine" + "motstanderen": a word of its own, two edits from another.
    CHECK_FALSE(has_kind(parse("vaksinemotstanderen"), "correction"));
    // "aker" + "huss" are words too, but a split this short is as likely a typo.
    CHECK(has_kind(parse("akershuss"), "correction", "akershus"));
    CHECK(has_kind(parse("kruttsammensvergelsn"), "correction", "kruttsammensvergelsen"));
    fs::remove_all(dir);
}

TEST_CASE("the bonus goes to the word as written where the index has other forms of it") {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("heritage-bonus-" + std::to_string(getpid()));
    fs::remove_all(dir);
    {
        Xapian::WritableDatabase w(dir.string(), Xapian::DB_CREATE_OR_OPEN);
        auto add = [&w](std::initializer_list<const char*> terms) {
            Xapian::Document d;
            for (const char* t : terms) d.add_term(t);
            w.add_document(d);
        };
        // "gårdene" also written folded (XV) and inflected ("gården", same stem); "malm" only
        // as itself and its stem.
        add({"gårdene", "Zgård", "XVgardene"});
        add({"gården", "Zgård", "XVgarden"});
        add({"gardene", "XVgardene"});
        add({"malm", "Zmalm"});
        w.commit();
    }
    Xapian::Database db(dir.string());
    Analyzer a;
    heritage::searcher::QueryContext context{&db};
    auto description = [&](const std::string& text) {
        return heritage::searcher::parse_query(text, a, {"nb"}, context).query.get_description();
    };
    struct Case {
        const char* query;
        const char* has;      // in the query's description
        const char* has_not;  // not in it
    };
    const Case cases[] = {
        // Other forms: the written form alone is read again, not its stem's long list.
        {"gårdene", "0.5 * gårdene", "0.5 * (gårdene SYNONYM Zgård)"},
        // Only the word and its stem: one group, scaled, read once.
        {"malm", "1.5 * (malm SYNONYM Zmalm)", "0.5 *"},
        // Not in the index as written: its stem and other forms, no bonus.
        {"gårdenes", "Zgård SYNONYM", "0.5 *"},
    };
    for (const auto& c : cases) {
        std::string d = description(c.query);
        INFO(c.query << ": " << d);
        CHECK(d.find(c.has) != std::string::npos);
        CHECK(d.find(c.has_not) == std::string::npos);
    }
    fs::remove_all(dir);
}
