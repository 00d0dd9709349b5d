// Analyzer tables for variant tolerance: folding, Norwegian compound parts, index terms.
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>

#include "indexer/analyzer.hpp"
#include "indexer/compounds.hpp"

using heritage::indexer::Analyzer;
using heritage::indexer::Lexicon;
using Parts = std::vector<std::string>;

namespace {
bool has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}
}  // namespace

TEST_CASE("folding: å/aa, ø/oe/ö, æ/ae and other letters share a key") {
    Analyzer a;
    for (const char* w : {"røros", "roros", "roeros", "röros"}) CHECK(a.fold(w) == "roros");
    CHECK(a.fold("røraas") == "roras");
    CHECK(a.fold("blåfarveværket") == a.fold("blaafarvevaerket"));
    CHECK(a.fold("trøndelag") == "trondelag");
    CHECK(a.fold("gård") == "gard");
    CHECK(a.fold("café") == "cafe");
    CHECK(a.fold("παρθενών") == "parthenon");
    CHECK(a.fold("copper") == "copper");  // plain ASCII words are their own key
}

TEST_CASE("folding letter by letter agrees with ICU's transliteration of the whole word") {
    // Analyzer::fold asks ICU once per letter of the Latin blocks and joins the results: right
    // only while ICU folds each such letter the same whatever stands next to it. Every pair of
    // them is checked, between ASCII letters, against ICU's "Any-Latin; Latin-ASCII".
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> icu_fold(
        icu::Transliterator::createInstance("Any-Latin; Latin-ASCII", UTRANS_FORWARD, status));
    REQUIRE(U_SUCCESS(status));
    auto utf8 = [](const icu::UnicodeString& u) {
        std::string out;
        u.toUTF8String(out);
        return out;
    };
    Analyzer a;
    std::vector<std::string> letters;
    for (UChar32 c = 0xA0; c <= 0x24F; ++c)
        if (!u_isUUppercase(c) && !u_istitle(c)) letters.push_back(utf8(icu::UnicodeString(c)));
    REQUIRE(letters.size() > 200);
    std::size_t checked = 0;
    std::vector<std::string> wrong;
    for (const auto& x : letters) {
        for (const auto& y : letters) {
            const std::string word = "k" + x + y + "t";
            icu::UnicodeString u = icu::UnicodeString::fromUTF8(word);
            icu_fold->transliterate(u);
            // fold() of ICU's ASCII result only merges the digraphs ("aa", "oe") as fold() does.
            if (a.fold(word) != a.fold(utf8(u))) wrong.push_back(word);
            ++checked;
        }
    }
    INFO(checked << " words; first wrong: " << (wrong.empty() ? "-" : wrong.front()));
    CHECK(wrong.empty());
    // Words with other letters go to ICU whole.
    CHECK(a.fold("Øst") == "Ost");  // tokens come lower-cased; fold() keeps case
    CHECK(a.fold("москва") == "moskva");
}

TEST_CASE("Norwegian compounds split into dictionary words, linking s and e included") {
    Analyzer a;
    REQUIRE(Lexicon::shared().has_norwegian());
    CHECK(a.compound_parts("smelthytta") == Parts{"smelt", "hytta"});
    CHECK(a.compound_parts("kobberverket") == Parts{"kobber", "verket"});
    CHECK(a.compound_parts("kirketårn") == Parts{"kirke", "tårn"});
    CHECK(a.compound_parts("gårdsbruk") == Parts{"gård", "bruk"});    // linking s
    CHECK(a.compound_parts("olavsgruva") == Parts{"olav", "gruva"});  // a name first
    CHECK(a.compound_parts("gruvehistorie") == Parts{"gruve", "historie"});
    // An s begins the next part where it can ("spill", not "pill"), unless the part before
    // takes a linking s; a genitive part loses to the word it is a form of.
    CHECK(a.compound_parts("brettspill") == Parts{"brett", "spill"});
    CHECK(a.compound_parts("julestemningen") == Parts{"jule", "stemningen"});
    CHECK(a.compound_parts("nyhetsoppdatering") == Parts{"nyhet", "oppdatering"});
    CHECK(a.compound_parts("skuespillet") == Parts{"skue", "spillet"});
    // Parts are dictionary words, not Hunspell's compounds of them ("politietter").
    CHECK(a.compound_parts("politietterforsker") == Parts{"politi", "etterforsker"});
    // Not compounds: inflected words, short words, English words, numbers.
    for (const char* w : {"kirkene", "bygningene", "vingelen", "copperworks", "hus", "1715"})
        CHECK(a.compound_parts(w).empty());
    // Parts and the words that look for them share a key.
    CHECK(a.compound_key("hytta") == a.compound_key("hytte"));
}

TEST_CASE("Norwegian forms lead to the dictionary words they are forms of") {
    REQUIRE(Lexicon::shared().has_norwegian());
    auto& lexicon = Lexicon::shared();
    // Forms the stemmer leaves apart share a dictionary word.
    CHECK(has(lexicon.lemmas("går"), "gå"));
    CHECK(has(lexicon.lemmas("gå"), "gå"));
    CHECK(has(lexicon.lemmas("eier"), "eie"));
    CHECK(has(lexicon.lemmas("eid"), "eie"));
    CHECK(has(lexicon.lemmas("utgitt"), "utgi"));
    // Words no Norwegian dictionary knows, and words Latin-1 cannot spell, have none.
    CHECK(lexicon.lemmas("copperworks").empty());
    CHECK(lexicon.lemmas("παρθενών").empty());
    CHECK(lexicon.lemmas("").empty());
}

TEST_CASE("index terms: stems, folded stems and compound parts as the indexer writes them") {
    Analyzer a;
    auto tokens = a.tokenize("The melting hut Smelthytta stood in Røros and Sør-Trøndelag.");
    auto terms_of = [&](const std::string& word, const char* lang) {
        for (const auto& t : tokens)
            if (t.word == word) return a.index_terms(t, lang);
        return std::vector<std::string>{};
    };
    auto smelthytta = terms_of("smelthytta", "en");
    CHECK(has(smelthytta, "XC" + a.compound_key("hytta")));  // a name in English text
    CHECK(has(smelthytta, "XCsmelt"));
    CHECK(terms_of("melting", "en") == std::vector<std::string>{"Zmelt"});  // no parts, no fold
    auto roros = terms_of("røros", "en");
    CHECK(has(roros, "Zrøros"));
    CHECK(has(roros, "XVroros"));
    auto sor = terms_of("sør", "en");
    CHECK(has(sor, "XVsortrondelag"));  // the hyphen-joined form, folded
    // Compounds of lower-case words are split in Norwegian passages only.
    auto nb = a.tokenize("kobberverket");
    CHECK(has(a.index_terms(nb[0], "nb"), "XC" + a.compound_key("kobber")));
    CHECK_FALSE(has(a.index_terms(nb[0], "en"), "XC" + a.compound_key("kobber")));
}

TEST_CASE("index terms: a stop word of the passage's language has none but its word") {
    Analyzer a;
    auto terms_of = [&](const std::string& text, const char* lang) {
        return a.index_terms(a.tokenize(text).at(0), lang);
    };
    CHECK(terms_of("være", "nb").empty());
    CHECK(terms_of("være", "nn").empty());
    CHECK(terms_of("på", "nb").empty());  // no folded "pa" either
    CHECK(has(terms_of("vær", "nb"), "Zvær"));
    // Stop words of one language only: "mine" is "my" in Norwegian, "is" is ice.
    CHECK(terms_of("mine", "nb").empty());
    CHECK(has(terms_of("mine", "en"), "Zmine"));
    CHECK(terms_of("is", "en").empty());
    CHECK(has(terms_of("is", "nb"), "Zis"));
    // A passage of no known language has no stop words.
    CHECK(has(terms_of("på", ""), "XVpa"));
    CHECK(Analyzer::index_terms_dropped("the", "en"));
    CHECK_FALSE(Analyzer::index_terms_dropped("the", "de"));
}

TEST_CASE("word lists tell English from Norwegian words") {
    Analyzer a;
    CHECK(a.known_word("church", "en"));
    CHECK_FALSE(a.known_word("church", "nb"));
    CHECK(a.known_word("kirkene", "nb"));
    CHECK_FALSE(a.known_word("kirkene", "en"));
    CHECK(a.known_word("røros", "nb"));  // names, capitalized in the dictionary
}

TEST_CASE("language per text: Bokmål, Nynorsk and English") {
    Analyzer a;
    bool reliable = false;
    CHECK(a.detect_lang("Røros er en by og kommune i Trøndelag. Byen er kjent for kobberverket "
                        "og de gamle trehusene som står rundt gårdsrommene.",
                        &reliable) == "nb");
    CHECK(a.detect_lang("Røros is a town and municipality in Norway, known for its copper mines "
                        "and the old wooden houses around the courtyards.") == "en");
    CHECK(a.detect_lang("Kyrkja vart bygd i 1784, og ho er ei av dei viktigaste kyrkjene i "
                        "landet. Bygda har mange gamle gardar og stølar.") == "nn");
    // Function words in quotes, capitalised or after a dash count too.
    CHECK(a.detect_lang("«Ikkje gå dit», sa ho. Eg veit kva som er i skogen, men dei andre "
                        "veit det ikkje – FRÅ gamalt av har ingen gått der.") == "nn");
    CHECK(a.detect_lang("«Ikke gå dit», sa hun. Jeg vet hva som er i skogen, men de andre "
                        "vet det ikke – FRA gammelt av har ingen gått der.") == "nb");
}
