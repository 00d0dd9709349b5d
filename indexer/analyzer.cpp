// ICU-based implementation of the shared text analyzer.
#include "indexer/analyzer.hpp"

#include <cld2/public/compact_lang_det.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <optional>
#include <stdexcept>
#include <unordered_set>

#include "indexer/compounds.hpp"
#include "indexer/recent_words.hpp"
#include "indexer/stopwords.hpp"

namespace heritage::indexer {

namespace {

bool is_hyphen(UChar32 c) {
    return c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2013;
}

bool is_apostrophe(UChar32 c) { return c == '\'' || c == 0x2019 || c == 0x02BC; }

bool all_digits_or_sep(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == ',' || c == '.';
    });
}

std::string to_utf8(const icu::UnicodeString& u) {
    std::string out;
    u.toUTF8String(out);
    return out;
}

}  // namespace

std::string normalize_lang(std::string_view lang) {
    std::string l;
    for (char c : lang) l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (l == "en" || l == "eng" || l == "english") return "en";
    if (l == "nb" || l == "no" || l == "nob" || l == "nor" || l == "norwegian" || l == "bokmål" ||
        l == "bokmal")
        return "nb";
    if (l == "nn" || l == "nno" || l == "nynorsk") return "nn";
    return "";
}

std::string stemmer_name(std::string_view lang) {
    if (lang == "en") return "english";
    if (lang == "nb" || lang == "nn") return "norwegian";
    return "";
}

const std::vector<std::string>& known_langs() {
    static const std::vector<std::string> langs = {"en", "nb", "nn"};
    return langs;
}

bool is_valid_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t n = s.size(), i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        std::uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n) return false;
        for (std::size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

std::size_t count_code_points(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

std::size_t byte_offset(std::string_view s, std::size_t cp) {
    std::size_t seen = 0, i = 0;
    // Whole blocks while the code point lies beyond them (answers deep in long documents
    // scanned them byte by byte): the compiler counts a block's code points in vector steps.
    constexpr std::size_t kBlock = 64;
    for (; i + kBlock <= s.size(); i += kBlock) {
        const std::size_t starts = count_code_points(s.substr(i, kBlock));
        if (seen + starts > cp) break;
        seen += starts;
    }
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (seen == cp) return i;
            ++seen;
        }
    }
    return s.size();
}

void add_unique(std::vector<std::string>& v, std::string s) {
    if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

struct Analyzer::Impl {
    std::unique_ptr<icu::BreakIterator> words;
    std::unique_ptr<icu::BreakIterator> sentences;
    const icu::Normalizer2* nfkc_cf = nullptr;
    std::unique_ptr<icu::Transliterator> to_ascii;
    // A language's Snowball stemmer, and the stems it gave lately: texts repeat their words,
    // and a look-up costs a fraction of stemming (the reader of ask stems every word it reads).
    struct Stemmer {
        Xapian::Stem stem;
        RecentWords<std::string> stems{16384};  // 1 MB once used
    };
    std::map<std::string, Stemmer, std::less<>> stemmers;
    RecentWords<std::string> folds{16384};  // fold() of words not in ASCII

    Stemmer& stemmer(std::string_view lang) {
        auto it = stemmers.find(lang);
        if (it == stemmers.end()) {
            std::string name = stemmer_name(lang);
            it = stemmers.emplace(std::string(lang), Stemmer{}).first;
            if (!name.empty()) it->second.stem = Xapian::Stem(name);
        }
        return it->second;
    }

    // The word u[start, start + length), normalized.
    std::string normalize(const icu::UnicodeString& u, int32_t start, int32_t length) {
        // NFKC with case folding leaves ASCII as ASCII, upper case lowered: most words of most
        // texts take this path, at a fraction of the cost of the normalizer's, and without a
        // copy of the word.
        const char16_t* units = u.getBuffer();
        if (units && std::all_of(units + start, units + start + length,
                                 [](char16_t c) { return c < 0x80; })) {
            std::string out(static_cast<std::size_t>(length), ' ');
            for (int32_t i = 0; i < length; ++i) {
                char16_t c = units[start + i];
                out[static_cast<std::size_t>(i)] =
                    static_cast<char>(c >= u'A' && c <= u'Z' ? c + 32 : c);
            }
            return trim_apostrophes(std::move(out));
        }
        const icu::UnicodeString raw(u, start, length);
        UErrorCode status = U_ZERO_ERROR;
        icu::UnicodeString norm = nfkc_cf->normalize(raw, status);
        if (U_FAILURE(status)) norm = raw;
        // Apostrophe-like marks become ASCII.
        icu::UnicodeString out;
        for (int32_t i = 0; i < norm.length();) {
            UChar32 c = norm.char32At(i);
            out.append(is_apostrophe(c) ? UChar32('\'') : c);
            i += U16_LENGTH(c);
        }
        return trim_apostrophes(to_utf8(out));
    }

    std::string normalize(const icu::UnicodeString& word) {
        return normalize(word, 0, word.length());
    }

    // Possessive "'s" and leading or trailing apostrophes dropped, so "Norway’s" and "Røros’"
    // index as "norway" and "røros". REQUIRES: apostrophes already ASCII.
    static std::string trim_apostrophes(std::string w) {
        if (w.size() > 2 && w.compare(w.size() - 2, 2, "'s") == 0) w.resize(w.size() - 2);
        while (!w.empty() && w.back() == '\'') w.pop_back();
        std::size_t lead = w.find_first_not_of('\'');
        w.erase(0, lead == std::string::npos ? w.size() : lead);
        return w;
    }

    // Any-Latin; Latin-ASCII of a UTF-8 word.
    std::string icu_fold(const std::string& word) {
        icu::UnicodeString u = icu::UnicodeString::fromUTF8(word);
        to_ascii->transliterate(u);
        return to_utf8(u);
    }

    // The same, letter by letter for words of ASCII and of the Latin blocks' letters that are
    // not upper case (U+00A0-U+024F: æ, ø, å, é, ß, …): ICU folds each of those alone as it
    // does in any word (checked in pairs, tests/analyzer_variants_test.cpp), so it is asked once a
    // letter rather than once a word. Other words go to ICU whole.
    std::string ascii_fold(const std::string& word) {
        std::string out;
        out.reserve(word.size());
        const auto* bytes = reinterpret_cast<const uint8_t*>(word.data());
        const auto n = static_cast<int32_t>(word.size());
        for (int32_t i = 0; i < n;) {
            const int32_t at = i;
            UChar32 c;
            U8_NEXT(bytes, i, n, c);
            if (c >= 0 && c < 0x80) {
                out += static_cast<char>(c);
                continue;
            }
            if (c < kFirstLatin || c > kLastLatin || u_isUUppercase(c) || u_istitle(c))
                return icu_fold(word);
            auto& f = latin_folds[static_cast<std::size_t>(c - kFirstLatin)];
            if (!f)
                f = icu_fold(
                    word.substr(static_cast<std::size_t>(at), static_cast<std::size_t>(i - at)));
            out += *f;
        }
        return out;
    }
    static constexpr UChar32 kFirstLatin = 0xA0, kLastLatin = 0x24F;
    std::array<std::optional<std::string>, kLastLatin - kFirstLatin + 1> latin_folds;
};

Analyzer::Analyzer() : m_impl(std::make_unique<Impl>()) {
    UErrorCode status = U_ZERO_ERROR;
    m_impl->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    m_impl->sentences.reset(
        icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
    m_impl->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    m_impl->to_ascii.reset(
        icu::Transliterator::createInstance("Any-Latin; Latin-ASCII", UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !m_impl->words || !m_impl->sentences || !m_impl->to_ascii)
        throw std::runtime_error(std::string("ICU initialisation failed: ") + u_errorName(status));
}

Analyzer::~Analyzer() = default;

std::vector<Token> Analyzer::tokenize(std::string_view text) {
    std::vector<Token> tokens;
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    icu::BreakIterator& bi = *m_impl->words;
    bi.setText(u);

    std::uint32_t position = 0;
    std::size_t cp = 0;  // code point offset of u16 index `prev`
    int32_t prev = bi.first();
    // The last token, and what lies between it and the next one, decide hyphen joins.
    int32_t last_end16 = -1;
    for (int32_t next = bi.next(); next != icu::BreakIterator::DONE;
         prev = next, next = bi.next()) {
        std::size_t cp_len = static_cast<std::size_t>(u.countChar32(prev, next - prev));
        int32_t status = bi.getRuleStatus();
        if (status == UBRK_WORD_NONE) {
            cp += cp_len;
            continue;
        }
        std::string word = m_impl->normalize(u, prev, next - prev);
        if (word.empty()) {
            cp += cp_len;
            continue;
        }
        Token t;
        t.word = std::move(word);
        t.start = cp;
        t.end = cp + cp_len;
        t.position = ++position;
        t.numeric = status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT;
        const UChar32 first = u.char32At(prev);
        t.capitalized = u_isupper(first) || u_istitle(first);

        // A single hyphen between two words joins them: "multi-faceted", "Sør-Trøndelag",
        // "1715-1789". The joined form is a variant of the left part.
        if (!tokens.empty() && last_end16 >= 0 && prev - last_end16 == 1 &&
            is_hyphen(u.char32At(last_end16))) {
            Token& left = tokens.back();
            if (left.numeric && t.numeric)
                left.variants.push_back(left.word + "-" + t.word);
            else if (!left.numeric && !t.numeric)
                left.variants.push_back(left.word + t.word);
        }
        if (t.numeric && all_digits_or_sep(t.word) &&
            t.word.find_first_of(",.") != std::string::npos) {
            std::string digits;
            for (char c : t.word)
                if (c != ',' && c != '.') digits += c;
            // "3,640" also answers "3640"; a decimal "3.47" does not become "347".
            if (t.word.find('.') == std::string::npos || t.word.size() - t.word.find('.') == 4)
                t.variants.push_back(digits);
        }
        for (auto& v : word_variants(t.word)) t.variants.push_back(std::move(v));
        tokens.push_back(std::move(t));
        last_end16 = next;
        cp += cp_len;
    }
    return tokens;
}

std::vector<Sentence> Analyzer::sentences(std::string_view text) {
    std::vector<Sentence> out;
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    icu::BreakIterator& bi = *m_impl->sentences;
    bi.setText(u);
    std::size_t cp = 0;
    int32_t prev = bi.first();
    for (int32_t next = bi.next(); next != icu::BreakIterator::DONE;
         prev = next, next = bi.next()) {
        std::size_t len = static_cast<std::size_t>(u.countChar32(prev, next - prev));
        // Trim white space on both sides, in code points.
        int32_t a = prev, b = next;
        std::size_t s = cp, e = cp + len;
        while (a < b && u_isUWhiteSpace(u.char32At(a))) {
            a += U16_LENGTH(u.char32At(a));
            ++s;
        }
        while (b > a && u_isUWhiteSpace(u.char32At(b - 1))) {
            b -= U16_LENGTH(u.char32At(b - 1));
            --e;
        }
        if (e > s) out.push_back({s, e});
        cp += len;
    }
    return out;
}

std::string Analyzer::normalize_word(std::string_view word) {
    return m_impl->normalize(icu::UnicodeString::fromUTF8(
        icu::StringPiece(word.data(), static_cast<int32_t>(word.size()))));
}

std::string Analyzer::stem(const std::string& word, std::string_view lang) {
    if (word.empty() || (word[0] >= '0' && word[0] <= '9')) return word;
    Impl::Stemmer& s = m_impl->stemmer(lang);
    return s.stems.get(word, [&s](const std::string& w) { return s.stem(w); });
}

std::vector<std::string> Analyzer::word_variants(const std::string& word) {
    std::vector<std::string> out;
    std::string folded = fold(word);
    if (folded != word && !folded.empty()) out.push_back(folded);
    return out;
}

namespace {

// The historical Norwegian digraphs of an ASCII word, left to right: "aa" -> "a" (å), "oe" -> "o"
// (ø); "aaaa" is "aa", not "a".
std::string collapse_digraphs(const std::string& ascii) {
    std::string out;
    out.reserve(ascii.size());
    for (std::size_t i = 0; i < ascii.size(); ++i) {
        char c = ascii[i];
        out += c;
        if (i + 1 < ascii.size() &&
            ((c == 'a' && ascii[i + 1] == 'a') || (c == 'o' && ascii[i + 1] == 'e')))
            ++i;
    }
    return out;
}

}  // namespace

std::string Analyzer::fold(const std::string& word) {
    // An ASCII word needs no transliteration: folding it costs less than a cache lookup.
    if (std::all_of(word.begin(), word.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
        return collapse_digraphs(word);
    // ICU transliteration costs microseconds a word, and words repeat: keep recent results.
    return m_impl->folds.get(
        word, [this](const std::string& w) { return collapse_digraphs(m_impl->ascii_fold(w)); });
}

std::vector<std::string> Analyzer::compound_parts(const std::string& word) {
    return Lexicon::shared().split(word);
}

std::string Analyzer::compound_key(const std::string& part) { return fold(stem(part, "nb")); }

std::vector<std::string> Analyzer::index_terms(const Token& t, std::string_view lang,
                                               bool compounds) {
    std::vector<std::string> out;
    if (index_terms_dropped(t.word, lang)) return out;
    auto add = [&out](std::string_view prefix, const std::string& term) {
        if (!term.empty()) add_unique(out, std::string(prefix) + term);
    };
    add(prefix::kStem, stem(t.word, lang));
    for (const auto& v : t.variants) add(prefix::kVariant, fold(v));
    if (compounds && splits_compounds(t, lang))
        for (const auto& part : compound_parts(t.word)) add(prefix::kCompound, compound_key(part));
    return out;
}

bool Analyzer::index_terms_dropped(const std::string& word, std::string_view lang) {
    const auto& langs = known_langs();
    return std::find(langs.begin(), langs.end(), lang) != langs.end() && is_stop_word(word, lang);
}

std::string Analyzer::stem_term(const std::string& word, std::string_view lang) {
    if (index_terms_dropped(word, lang)) return {};
    return std::string(prefix::kStem) + stem(word, lang);
}

bool Analyzer::splits_compounds(const Token& t, std::string_view lang) {
    return !t.numeric && (lang == "nb" || lang == "nn" || t.capitalized);
}

bool Analyzer::known_word(const std::string& word, std::string_view lang) {
    return Lexicon::shared().knows(word, lang);
}

namespace {

// Counts the words of text (its first 16 KiB) that only Bokmål or only Nynorsk uses.
void count_written_standard_words(std::string_view text, int& bokmal_words, int& nynorsk_words) {
    // Frequent words that only one of the two written standards uses.
    static const std::unordered_set<std::string> nynorsk = {
        "ikkje", "eg",    "ho",     "dei",    "vart",  "kva",   "korleis", "frå",
        "òg",    "berre", "mykje",  "noko",   "nokon", "heile", "kyrkje",  "kyrkja",
        "desse", "sjølv", "korkje", "åt",     "ein",   "eit",   "vere",    "vore",
        "hjå",   "kvar",  "sidan",  "gardar", "vatn",  "berre"};
    static const std::unordered_set<std::string> bokmal = {
        "ikke", "jeg",  "hun",  "ble",   "hva",    "hvordan", "fra",  "også",   "bare", "mye",
        "noe",  "noen", "hele", "kirke", "kirken", "disse",   "selv", "hvor",   "hver", "siden",
        "en",   "et",   "være", "vært",  "hos",    "hvis",    "hvem", "gårder", "vann", "bare"};
    // Letters lower-cased code point by code point are enough to find these words, at a tenth
    // of what tokenize() costs (this runs on every passage of a text without a language).
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t n = static_cast<int32_t>(std::min<std::size_t>(text.size(), 1 << 14));
    std::string word;
    auto count = [&] {
        nynorsk_words += nynorsk.count(word) > 0;
        bokmal_words += bokmal.count(word) > 0;
        word.clear();
    };
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(bytes, i, n, c);
        if (c >= 0 && u_isalpha(c)) {
            char buf[U8_MAX_LENGTH];
            int32_t len = 0;
            U8_APPEND_UNSAFE(buf, len, u_tolower(c));
            word.append(buf, static_cast<std::size_t>(len));
        } else if (!word.empty()) {
            count();
        }
    }
    if (!word.empty()) count();
}

}  // namespace

Analyzer::LangEvidence Analyzer::lang_evidence(std::string_view text) {
    LangEvidence e;
    // CLD2 wants a bounded buffer; the first 64 KiB decide well enough. Its scanner reads a few
    // bytes past the length it is given (a fuzzed text ending at a page boundary crashed it), so
    // it gets a copy with spaces after the end.
    constexpr std::size_t kSlop = 16;
    std::size_t n = std::min<std::size_t>(text.size(), 1 << 16);
    std::string padded(text.substr(0, n));
    padded.append(kSlop, ' ');
    bool reliable = false;
    CLD2::Language lang = CLD2::DetectLanguage(padded.data(), static_cast<int>(n), true, &reliable);
    e.code = normalize_lang(CLD2::LanguageCode(lang));
    // Danish text is often Norwegian Bokmål to CLD2, and short Norwegian text is often Danish.
    if (e.code.empty() && (lang == CLD2::DANISH)) e.code = "nb";
    // CLD2 rarely tells Nynorsk from Bokmål; their function words do.
    if (e.code == "nb" || e.code == "nn") {
        count_written_standard_words(text, e.bokmal_words, e.nynorsk_words);
        e.code = e.nynorsk_words > e.bokmal_words ? "nn" : "nb";
    }
    e.reliable = reliable && !e.code.empty();
    return e;
}

std::string Analyzer::detect_lang(std::string_view text, bool* reliable_out) {
    LangEvidence e = lang_evidence(text);
    if (reliable_out) *reliable_out = e.reliable;
    return e.code;
}

}  // namespace heritage::indexer
