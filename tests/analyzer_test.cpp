// Analyzer tables: Norwegian letters, spaces, quotes, hyphens, numbers, offsets and sentences.
#include "indexer/analyzer.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "indexer/recent_words.hpp"

using heritage::indexer::Analyzer;

namespace {

std::vector<std::string> words(Analyzer& a, const std::string& text) {
    std::vector<std::string> out;
    for (auto& t : a.tokenize(text)) out.push_back(t.word);
    return out;
}

bool has_variant(Analyzer& a, const std::string& text, const std::string& variant) {
    for (auto& t : a.tokenize(text))
        for (auto& v : t.variants)
            if (v == variant) return true;
    return false;
}

using W = std::vector<std::string>;

}  // namespace

TEST_CASE("tokenize: words as written, NFKC and case folded") {
    struct Row {
        const char* text;
        W expected;
    };
    const Row rows[] = {
        {"Røros is a town", {"røros", "is", "a", "town"}},
        {"SØR-TRØNDELAG", {"sør", "trøndelag"}},
        {"Glåmos, Galåa og Ærø", {"glåmos", "galåa", "og", "ærø"}},
        {"non\u00a0breaking\u00a0space", {"non", "breaking", "space"}},  // NBSP separates
        {"“the mining town”", {"the", "mining", "town"}},                // curly quotes
        {"UNESCO’s list, Norway's churches", {"unesco", "list", "norway", "churches"}},
        {"Røros’ narrow streets", {"røros", "narrow", "streets"}},
        // ASCII words skip the ICU normalizer: the same lowering and apostrophe rules.
        {"ROROS Kobberverk's 'Old' Mine's", {"roros", "kobberverk", "old", "mine"}},
        {"Roros' rock'n'roll O'Brien's", {"roros", "rock'n'roll", "o'brien"}},
        {"Mixed ASCII and Ærø's", {"mixed", "ascii", "and", "ærø"}},
        {"ﬁre ＲＯＲＯＳ", {"fire", "roros"}},  // ligature, full width
        {"Straße", {"strasse"}},                // case folding
        {"café", {"café"}},
        {"e\u0301", {"é"}},  // composed by NFKC
        {"3,640 and 3.47 and 1,049", {"3,640", "and", "3.47", "and", "1,049"}},
        {"(1715-1789)", {"1715", "1789"}},
        {"multi-faceted", {"multi", "faceted"}},
        {"   ", {}},
        {"", {}},
        {"— – … !?", {}},
    };
    Analyzer a;
    for (const auto& row : rows) {
        INFO(row.text);
        CHECK(words(a, row.text) == row.expected);
    }
}

TEST_CASE("tokenize: offsets are code points into the original text") {
    Analyzer a;
    const std::string text = "I “Røros” bor 3,640 — ærlig.";
    auto tokens = a.tokenize(text);
    REQUIRE(tokens.size() == 5);
    CHECK(tokens[1].word == "røros");
    CHECK(tokens[1].start == 3);
    CHECK(tokens[1].end == 8);
    CHECK(tokens[3].start == 14);
    CHECK(tokens[3].end == 19);
    CHECK(tokens[4].word == "ærlig");
    CHECK(tokens[4].start == 22);
    for (std::size_t i = 0; i < tokens.size(); ++i) CHECK(tokens[i].position == i + 1);
}

TEST_CASE("tokenize: variants for hyphens, number ranges, grouped digits and folding") {
    struct Row {
        const char* text;
        const char* variant;
        bool expected;
    };
    const Row rows[] = {
        {"multi-faceted", "multifaceted", true},
        {"Sør-Trøndelag", "sørtrøndelag", true},
        {"1715-1789", "1715-1789", true},
        {"1646–1953", "1646-1953", true},  // en dash range reads as a hyphen range
        {"3,640", "3640", true},
        {"3.47", "347", false},  // a decimal is not a grouped number
        {"Røros", "roros", true},
        {"Bergstadens Ziir", "bergstadensziir", false},  // no hyphen, no join
        {"copper - ore", "copperore", false},            // spaced dash is not a hyphen
    };
    Analyzer a;
    for (const auto& row : rows) {
        INFO(row.text << " -> " << row.variant);
        CHECK(has_variant(a, row.text, row.variant) == row.expected);
    }
}

TEST_CASE("stemming per language, numbers untouched") {
    Analyzer a;
    CHECK(a.stem("churches", "en") == "church");
    CHECK(a.stem("kirkene", "nb") == a.stem("kirke", "nb"));
    CHECK(a.stem("gårdene", "nn") == a.stem("gården", "nn"));
    CHECK(a.stem("1784", "en") == "1784");
    CHECK(a.stem("churches", "") == "churches");  // no stemmer for an unknown language
}

// Analyzer::stem remembers the stems it gave in a table of fixed size, where words that share a
// slot take turns: asked once or again, with the table filling or full, in each language, a
// stem is the Snowball stemmer's.
TEST_CASE("stemming gives the stemmer's stems while its cache fills and overflows") {
    Analyzer a;
    const std::vector<std::pair<std::string, Xapian::Stem>> langs = {
        {"en", Xapian::Stem("english")}, {"nb", Xapian::Stem("norwegian")}};
    const std::vector<std::string> endings = {"", "s", "ing", "ed", "ene", "er", "ness", "ly"};
    auto check = [&](int from, int to) {
        for (int n = from; n < to; ++n) {
            // Words of letters: "ab", n in base 26, an ending.
            std::string word = "ab";
            for (int k = n; k > 0; k /= 26) word += static_cast<char>('a' + k % 26);
            word += endings[static_cast<std::size_t>(n) % endings.size()];
            for (const auto& [lang, stemmer] : langs)
                if (a.stem(word, lang) != stemmer(word)) FAIL(lang << ": " << word);
        }
    };
    check(0, 1000);
    check(0, 1000);       // remembered
    check(0, 25000);      // more words than there are slots
    check(24000, 25000);  // mostly remembered, some replaced
    CHECK(a.stem("churches", "en") == "church");
}

TEST_CASE("RecentWords: f's value, computed again only for a word its slot lost") {
    int calls = 0;
    auto upper = [&calls](const std::string& w) {
        ++calls;
        std::string out = w;
        for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return out;
    };
    heritage::indexer::RecentWords<std::string> many(1024);
    CHECK(many.get("røros", upper) == "RøROS");
    CHECK(many.get("røros", upper) == "RøROS");
    CHECK(calls == 1);
    // A word never taken for the empty key of an unfilled slot.
    CHECK(many.get("", upper).empty());
    CHECK(many.get("", upper).empty());
    CHECK(calls == 3);
    many.clear();
    CHECK(many.get("røros", upper) == "RøROS");
    CHECK(calls == 4);

    // One slot: two words take turns, and each answer is still its own word's.
    calls = 0;
    heritage::indexer::RecentWords<std::string> one(1);
    for (int i = 0; i < 3; ++i) {
        CHECK(one.get("kirke", upper) == "KIRKE");
        CHECK(one.get("hytte", upper) == "HYTTE");
    }
    CHECK(calls == 6);
    CHECK(one.get("hytte", upper) == "HYTTE");
    CHECK(calls == 6);
}

TEST_CASE("sentences are trimmed spans in code points") {
    Analyzer a;
    const std::string text = "Røros ligger i Trøndelag. Byen er kjent for kobber!  Hvorfor? ";
    auto s = a.sentences(text);
    REQUIRE(s.size() == 3);
    CHECK(s[0].start == 0);
    CHECK(s[0].end == 25);
    CHECK(s[1].start == 26);
    CHECK(s[2].end == 61);
}

TEST_CASE("language detection and codes") {
    Analyzer a;
    CHECK(a.detect_lang("The church was built in 1784 to the glory of God and to adorn the town, "
                        "and it is known as the mountain cathedral.") == "en");
    CHECK(a.detect_lang("Kirken ble bygget i 1784 til Guds ære og byens pryd, og den er kjent som "
                        "fjellkatedralen. Den er en av de viktigste kirkene i Norge.") == "nb");
    CHECK(heritage::indexer::normalize_lang("no") == "nb");
    CHECK(heritage::indexer::normalize_lang("NN") == "nn");
    CHECK(heritage::indexer::normalize_lang("fr").empty());
}

TEST_CASE("language detection reads nothing past the end of the text") {
    // CLD2 reads past the length it is given. A text that ends where readable memory ends (the
    // next page is unmapped here) crashed it: this one, found by fuzz_analyzer, in one of its
    // suffixes.
    const std::string text =
        "R\xc3\xb8ros{\xdc\x94le 12:%30 3.5e1 S\xc3\xb8r-je ae 12:%30$3.5e1 Sphrase\xc3\xb8"
        "aaaaaaaalteR\xc3\xb8ros{\xdc\x94l\x06"
        "e 12:%30 3.5e1 S\xc3\xb8r-je ae 12:d eros{\xdc\x94l";
    const long page = sysconf(_SC_PAGESIZE);
    void* map = mmap(nullptr, 2 * static_cast<std::size_t>(page), PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(map != MAP_FAILED);
    char* base = static_cast<char*>(map);
    REQUIRE(mprotect(base + page, static_cast<std::size_t>(page), PROT_NONE) == 0);
    char* at = base + page - text.size();
    std::memcpy(at, text.data(), text.size());
    Analyzer a;
    for (std::size_t cut = 0; cut < text.size(); ++cut)
        CHECK_NOTHROW(a.detect_lang(std::string_view(at + cut, text.size() - cut)));
    munmap(map, 2 * static_cast<std::size_t>(page));
}

TEST_CASE("UTF-8 validation and offsets helpers") {
    using heritage::indexer::is_valid_utf8;
    CHECK(is_valid_utf8("Røros — ærlig"));
    CHECK_FALSE(is_valid_utf8("\xC3"));              // truncated
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
    CHECK(heritage::indexer::count_code_points("Røros") == 5);
    CHECK(heritage::indexer::byte_offset("Røros", 2) == 3);
}

// byte_offset skips whole blocks of 64 bytes: every offset, in text of two blocks and more where
// code points of one to four bytes fall on each side of a block's edge (the text is read from
// twelve starts), is where a byte-by-byte walk finds it.
TEST_CASE("byte_offset agrees with a walk over the code points") {
    const std::string text = "Bergstadens Ziir, 1784 — kirken på Røros (€ 𝄞 ø): ærlig håndverk. " +
                             std::string(40, 'x') + "ÆØÅ 𝄞𝄞𝄞 ok";
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
    for (std::size_t from = 0; from < 12; ++from) {
        const std::string_view s = std::string_view(text).substr(starts[from]);
        for (std::size_t cp = 0; cp + from < starts.size() + 3; ++cp) {
            const std::size_t want =
                cp + from < starts.size() ? starts[cp + from] - starts[from] : s.size();
            INFO("from " << from << ", code point " << cp);
            CHECK(heritage::indexer::byte_offset(s, cp) == want);
        }
    }
}

// make_snippet stems only words whose first letter starts one of the query's stems: that holds
// only while every stem keeps its word's first letter. Checked over every word of the bundled
// corpus, in each stemming language.
TEST_CASE("a stem begins with its word's first letter") {
    Analyzer a;
    std::size_t checked = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(
             std::string(HERITAGE_FIXTURES) + "/../../corpus")) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        for (const auto& t : a.tokenize(text.str()))
            for (const char* lang : {"en", "nb", "nn"}) {
                std::string stem = a.stem(t.word, lang);
                INFO(t.word << " (" << lang << ") -> " << stem);
                REQUIRE_FALSE(stem.empty());
                CHECK(stem[0] == t.word[0]);
                ++checked;
            }
    }
    CHECK(checked > 10000);
}
