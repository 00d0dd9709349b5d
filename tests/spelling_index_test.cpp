// SpellingIndex: the suggestions Xapian's get_spelling_suggestion makes, from an index's words.
#include "searcher/spelling_index.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "indexer/analyzer.hpp"
#include "searcher/searcher.hpp"
#include "tests/test_util.hpp"

using heritage::searcher::edit_distance;
using heritage::searcher::SpellingIndex;
using heritage::test::TempDir;

namespace {

std::vector<char32_t> u32(const std::string& s) {
    std::vector<char32_t> out;
    heritage::searcher::to_code_points(s, out);
    return out;
}

// Xapian spelling data with the given words and frequencies, committed; and the same words for
// a SpellingIndex.
SpellingIndex::Words write_spelling(const std::string& dir,
                                    const std::map<std::string, int>& words) {
    Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OPEN);
    SpellingIndex::Words out;
    for (const auto& [w, f] : words) {
        db.add_spelling(w, f);
        out.emplace_back(w, f);
    }
    db.commit();
    return out;
}

// An index whose documents are its words: `words[w]` documents hold w.
void write_words(const std::string& dir, const std::map<std::string, int>& words) {
    Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OPEN);
    for (const auto& [w, n] : words) {
        for (int i = 0; i < n; ++i) {
            Xapian::Document d;
            d.add_term(w);
            d.add_term("Z" + w);  // a prefixed term: never a suggestion
            db.add_document(d);
        }
    }
    db.commit();
}

// The lower-case words of the bundled texts (English and Norwegian), with their counts.
std::map<std::string, int> corpus_words() {
    std::map<std::string, int> counts;
    namespace fs = std::filesystem;
    for (const auto& entry :
         fs::recursive_directory_iterator(std::string(HERITAGE_SOURCE_DIR) + "/corpus")) {
        if (!entry.is_regular_file()) continue;
        {
            std::ifstream in(entry.path());
            std::stringstream text;
            text << in.rdbuf();
            std::string word;
            auto flush = [&] {
                if (u32(word).size() >= 3) ++counts[word];
                word.clear();
            };
            for (char c : text.str()) {
                auto u = static_cast<unsigned char>(c);
                if (u >= 0x80 || std::isalpha(u))
                    word += static_cast<char>(u < 0x80 ? std::tolower(u) : u);
                else
                    flush();
            }
            flush();
        }
    }
    return counts;
}

}  // namespace

TEST_CASE("edit distance counts insertions, deletions, substitutions and adjacent swaps") {
    struct Case {
        const char* a;
        const char* b;
        int distance;
    };
    const Case cases[] = {
        {"roros", "roros", 0},  {"roros", "røros", 1},
        {"røros", "rørso", 1},  {"kobber", "kober", 1},
        {"kober", "kobber", 1}, {"abc", "acb", 1},
        {"ca", "abc", 3},       {"kitten", "sitting", 3},
        {"", "abc", 3},         {"smeltehytta", "smelthytta", 1},
        {"ziir", "zier", 1},    {"gruve", "gruva", 1},
    };
    for (const auto& c : cases) {
        INFO(c.a << " / " << c.b);
        CHECK(edit_distance(u32(c.a), u32(c.b), 10) == c.distance);
        CHECK(edit_distance(u32(c.b), u32(c.a), 10) == c.distance);
        // Under a lower limit the exact value is only promised up to the limit.
        for (int limit = 0; limit < c.distance; ++limit)
            CHECK(edit_distance(u32(c.a), u32(c.b), limit) > limit);
    }
}

TEST_CASE("suggestions are Xapian's, for chosen words and edits") {
    TempDir tmp;
    // Short words (bookends, transpositions), a repeated n-gram (banana), equal frequencies,
    // letters of two and three bytes, and a misspelling commoner than the right word.
    auto words = write_spelling(
        tmp / "db",
        {{"røros", 20},   {"roros", 2},        {"bergstaden", 9},  {"bergstad", 4}, {"ziir", 3},
         {"zier", 3},     {"kobberverket", 7}, {"kobberverk", 7},  {"banana", 2},   {"bandana", 2},
         {"ana", 5},      {"aan", 1},          {"nan", 1},         {"abc", 2},      {"bac", 1},
         {"ab", 1},       {"smeltehytta", 1},  {"smelthytta", 12}, {"gårder", 6},   {"gården", 6},
         {"vingelen", 5}, {"€uro", 1},         {"grue", 2},        {"gruve", 8}});
    Xapian::Database db(tmp / "db");
    auto index = std::make_shared<SpellingIndex>(words);
    CHECK(index->words() == 24);
    const char* probes[] = {
        "roros",      "røros",       "rørso",     "bergstadn", "bergstadens", "zir",
        "ziirr",      "kobbervrket", "koberverk", "banan",     "bananna",     "ana",
        "naa",        "acb",         "bca",       "ba",        "a",           "",
        "smeltehyta", "smelthytta",  "garder",    "gårdene",   "vingellen",   "€ur",
        "gruv",       "xyzzy",       "grvue",     "ziier",     "ab",          "abcd"};
    for (const char* p : probes) {
        for (unsigned max_edit : {0u, 1u, 2u, 3u}) {
            INFO(p << " within " << max_edit);
            CHECK(index->suggest(p, max_edit) == db.get_spelling_suggestion(p, max_edit));
        }
    }
    // What those come to, so the comparison above cannot pass by both being empty.
    CHECK(index->suggest("bergstadn", 2) == "bergstaden");
    CHECK(index->suggest("zir", 1) == "zier");       // equal frequencies: the first in order
    CHECK(index->suggest("rørso", 2) == "røros");    // a swap is one edit
    CHECK(index->suggest("smelthytta", 2).empty());  // the word itself is commonest
    CHECK(index->suggest("kobbervrket", 2) == "kobberverket");
    CHECK(index->suggest("xyzzy", 2).empty());
}

TEST_CASE("suggestions are Xapian's for thousands of misspellings of a real vocabulary") {
    TempDir tmp;
    auto words = corpus_words();
    REQUIRE(words.size() > 1000);
    auto index = std::make_shared<SpellingIndex>(write_spelling(tmp / "db", words));
    Xapian::Database db(tmp / "db");
    CHECK(index->words() == words.size());

    std::vector<std::string> vocabulary;
    for (const auto& [w, f] : words) vocabulary.push_back(w);
    std::mt19937 rng(7);
    const std::string letters = "abcdefghijklmnopqrstuvwxyz";
    const std::string nordic[] = {"æ", "ø", "å", "é"};
    int compared = 0, suggested = 0, mismatches = 0;
    while (compared < 6000) {
        std::string w = vocabulary[rng() % vocabulary.size()];
        for (unsigned e = 0, edits = 1 + rng() % 3; e < edits && w.size() > 2; ++e) {
            std::size_t at = rng() % (w.size() - 1);
            switch (rng() % 5) {
                case 0:
                    w.erase(at, 1);
                    break;
                case 1:
                    w[at] = letters[rng() % letters.size()];
                    break;
                case 2:
                    std::swap(w[at], w[at + 1]);
                    break;
                case 3:
                    w.insert(at, 1, letters[rng() % letters.size()]);
                    break;
                default:
                    w.insert(at, nordic[rng() % 4]);
            }
        }
        if (!heritage::indexer::is_valid_utf8(w)) continue;  // a byte edit may split a letter
        for (unsigned max_edit : {1u, 2u}) {
            std::string expected = db.get_spelling_suggestion(w, max_edit);
            std::string got = index->suggest(w, max_edit);
            if (got != expected && ++mismatches <= 10)
                FAIL_CHECK(w << " within " << max_edit << ": Xapian " << expected << ", ours "
                             << got);
            ++compared;
            suggested += !expected.empty();
        }
    }
    CHECK(mismatches == 0);
    CHECK(suggested > compared / 3);  // most misspellings are near some word
}

TEST_CASE("a spelling index holds an index's words, shared per revision of a local one") {
    TempDir tmp;
    write_words(tmp / "a", {{"kobber", 2}, {"ab", 3}, {"malmen", 1}});
    write_words(tmp / "b", {{"kopper", 4}});
    Xapian::Database a(tmp / "a");
    // Words of 3 to 30 letters, as often as documents hold them; no prefixed terms.
    CHECK(heritage::searcher::words_of(a) == SpellingIndex::Words{{"kobber", 2}, {"malmen", 1}});
    auto first = SpellingIndex::of(a);
    REQUIRE(first);
    CHECK(first->words() == 2);
    CHECK(first->suggest("kobbar", 1) == "kobber");
    CHECK(SpellingIndex::of(Xapian::Database(tmp / "a")) == first);
    write_words(tmp / "a", {{"gruve", 1}});  // a new revision
    auto second = SpellingIndex::of(Xapian::Database(tmp / "a"));
    REQUIRE(second);
    CHECK(second != first);
    CHECK(second->words() == 3);

    // Shards' words add up: the commoner spelling wins across them.
    Xapian::Database both(tmp / "a");
    both.add_database(Xapian::Database(tmp / "b"));
    auto merged = SpellingIndex::of(both);
    REQUIRE(merged);
    CHECK(merged->suggest("kobpar", 2) == "kopper");
    CHECK(SpellingIndex::of(both) != merged);  // its own, not shared
    // No words, nothing to hold.
    Xapian::WritableDatabase(tmp / "empty", Xapian::DB_CREATE_OR_OPEN).commit();
    CHECK_FALSE(SpellingIndex::of(Xapian::Database(tmp / "empty")));
}

TEST_CASE("a searcher suggests spellings from its first search on") {
    TempDir tmp;
    std::ofstream(tmp / "a.jsonl")
        << R"({"id": "a", "lang": "nb", "text": "Kobberverket eide gruvene ved Røros."})"
        << "\n"
        << R"({"id": "b", "lang": "en", "text": "The smelting hut burnt in 1975."})"
        << "\n";
    heritage::test::index_into(tmp / "db", {tmp / "a.jsonl"});
    heritage::searcher::SearchRequest r;
    const std::pair<const char*, const char*> cases[] = {
        {"kobbervrket", "kobberverket"}, {"smeltng hut", "smelting hut"}, {"gruvne", "gruvene"}};
    for (const auto& [query, expected] : cases) {
        INFO(query);
        heritage::searcher::Searcher cold(tmp / "db");
        r.query = "røros";
        cold.search(r);
        CHECK_FALSE(cold.spelling_in_memory());  // only a word the index lacks needs them
        r.query = query;
        auto first = cold.search(r);
        CHECK(cold.spelling_in_memory());
        REQUIRE(first.did_you_mean);
        CHECK(*first.did_you_mean == expected);
        CHECK(cold.search(r).did_you_mean == first.did_you_mean);
    }
}
