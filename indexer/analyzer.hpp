// The text analyzer shared by indexer and searcher: ICU words with offsets, normalized terms,
// stems and variants. Documents and queries must both go through this class, or nothing matches.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace heritage::indexer {

// Term prefixes, after Xapian Omega's conventions (termprefixes.rst); X… are this project's.
namespace prefix {
inline constexpr std::string_view kStem = "Z";        // stemmed form, no positions
inline constexpr std::string_view kTitle = "S";       // title word as written
inline constexpr std::string_view kTitleStem = "ZS";  // stemmed title word
inline constexpr std::string_view kLang = "L";        // boolean: language code
inline constexpr std::string_view kDocId = "Q";       // unique: a document record
inline constexpr std::string_view kVariant = "XV";    // folded / joined / respelled forms
inline constexpr std::string_view kCompound = "XC";   // folded Norwegian stem of a compound part
inline constexpr std::string_view kDoc = "XDOC";      // boolean: passage belongs to document
inline constexpr std::string_view kSource = "XSRC";   // boolean: whole folded source name
// Before index format 4 only: a passage's "XPID" id#n, "XSW" source name words, "XKINDp".
inline constexpr std::string_view kKind = "XKIND";   // boolean: "d" a record (else a passage)
inline constexpr std::string_view kAccess = "XACC";  // boolean: access level
// Boolean: a passage of no language the analyzer knows (index format 11 on; before, it had no
// language term).
inline constexpr std::string_view kNoLang = "XNOLANG";
}  // namespace prefix

// Value slots of passage documents (P) and document records (R).
namespace slot {
inline constexpr Xapian::valueno kDocId = 0;   // P, R (P: a collapse key per document)
inline constexpr Xapian::valueno kSource = 1;  // P before format 3 (now inside kFacets)
inline constexpr Xapian::valueno kLang = 2;    // P before format 3 (now inside kFacets)
inline constexpr Xapian::valueno kYear = 3;    // P: Xapian::sortable_serialise(year)
inline constexpr Xapian::valueno kOrigin = 4;  // R: the file the document was read from
inline constexpr Xapian::valueno kHash = 5;    // R: content hash, to skip unchanged documents
// P: source, lang and doc id joined by kFacetSeparator: one value read per match for all three
// facets (index format 3 on; older indexes have only the separate slots).
inline constexpr Xapian::valueno kFacets = 6;
inline constexpr Xapian::valueno kTitle = 7;  // R: title, for facet labels (index format 3 on)
// R: the document's text in index formats 6-8 (before, only the record's JSON data has it).
inline constexpr Xapian::valueno kText = 8;
// P: the passage's JSON data, zstd-compressed (indexer/packed_values.hpp; index format 8 on, before
// it was the document's data).
inline constexpr Xapian::valueno kPassage = 9;
// R: the document's text, zstd-compressed (index format 9 on, which leaves kText empty).
inline constexpr Xapian::valueno kPackedText = 10;
inline constexpr char kFacetSeparator = '\x1f';
}  // namespace slot

// One word of a text. Offsets count Unicode code points of the analysed text (not bytes), so
// they can be used directly by JSON clients in Python or, for BMP text, JavaScript.
struct Token {
    std::string word;          // NFKC, case-folded, apostrophes normalized: the exact term
    std::size_t start = 0;     // code point offset of the first character
    std::size_t end = 0;       // code point offset one past the last character
    std::uint32_t position;    // 1-based word position, used for phrases
    bool numeric = false;      // ICU classified it as a number ("3,640", "1715")
    bool capitalized = false;  // written with an upper-case first letter (names, in any text)
    // Forms this token also answers to (indexed folded under prefix::kVariant, never
    // positional): hyphen-joined compounds ("multi-faceted" -> "multifaceted"), number ranges
    // ("1715-1789"), digits without grouping ("3640"), folded spellings ("roros").
    std::vector<std::string> variants;
};

struct Sentence {
    std::size_t start = 0;  // code points
    std::size_t end = 0;
};

// Languages the analyzer stems. Codes are ISO 639-1 as stored in the index.
// normalize_lang("no"), ("nob"), ("Norwegian") -> "nb"; unknown codes -> "" (analyse as any).
std::string normalize_lang(std::string_view lang);
// The Snowball stemmer name for a language code, or "" when there is none.
std::string stemmer_name(std::string_view lang);
// Every language the analyzer knows; a query of unknown language is stemmed for all of them.
const std::vector<std::string>& known_langs();

// True if s is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool is_valid_utf8(std::string_view s);
// Number of code points in valid UTF-8 s.
std::size_t count_code_points(std::string_view s);
// Byte offset in valid UTF-8 s of code point offset cp (clamped to s.size()).
std::size_t byte_offset(std::string_view s, std::size_t cp);
// Appends s to v unless s is empty or already in v: the lists of terms and keys built from a
// word's forms are short, and keep the order the forms were made in.
void add_unique(std::vector<std::string>& v, std::string s);

// Not thread-safe: ICU iterators carry state. Use one Analyzer per thread; construction costs
// a few milliseconds, so keep it for the thread's lifetime rather than building one per call.
class Analyzer {
  public:
    Analyzer();
    ~Analyzer();
    Analyzer(const Analyzer&) = delete;
    Analyzer& operator=(const Analyzer&) = delete;

    // REQUIRES: text is valid UTF-8 (is_valid_utf8). Invalid bytes would be replaced by U+FFFD.
    // Words in order; punctuation and spaces are not tokens.
    std::vector<Token> tokenize(std::string_view text);

    // Sentence spans of text (ICU sentence rules), trimmed of surrounding white space.
    std::vector<Sentence> sentences(std::string_view text);

    // Normalized form of a single word as tokenize() would produce it (NFKC, case fold).
    std::string normalize_word(std::string_view word);

    // Stem of a normalized word in a language; the word itself when the language has no
    // stemmer. Numbers are never stemmed.
    std::string stem(const std::string& word, std::string_view lang);

    // Alternative spellings a normalized word also answers to: its fold when that differs
    // ("røros" -> "roros").
    std::vector<std::string> word_variants(const std::string& word);

    // The spelling-variant key of a normalized word: ICU Any-Latin/Latin-ASCII transliteration,
    // then the historical Norwegian digraphs aa -> a (å) and oe -> o (ø, ö). So "Røros",
    // "Roros", "Roeros" and "Röros" share "roros"; "Røraas" gives "roras"; æ and "ae" share "ae".
    std::string fold(const std::string& word);

    // Parts of a Norwegian compound ("smelthytta" -> {"smelt", "hytta"}), or empty. See Lexicon.
    std::vector<std::string> compound_parts(const std::string& word);
    // What a compound part, or a query word looking for one, is indexed as under
    // prefix::kCompound: its folded Norwegian stem ("hytta" and "hytte" -> "hytt").
    std::string compound_key(const std::string& part);

    // The terms a token adds to a passage in language `lang` besides its positional word:
    // Z + stem, XV + each variant folded, XC + compound keys (Norwegian passages; capitalized
    // words, i.e. names, in passages of other languages).
    // The indexer writes exactly these, and snippets and explanations recompute them.
    // None for a stop word of `lang` (index_terms_dropped).
    // With compounds = false, the XC terms are left out: the dictionary split is the costly
    // part, and callers looking for known keys can often tell without it.
    std::vector<std::string> index_terms(const Token& token, std::string_view lang,
                                         bool compounds = true);
    // Whether `word` is a stop word of `lang` (one of known_langs()), which index_terms() does
    // not widen, nor a search: a search drops stop words before it widens words, so their stems,
    // folds and compound keys (a sixth of a Norwegian index's postings) were read only where a
    // content word shares the stem, and matched it wrongly there ("vær", weather, and "være", to
    // be). Their word terms stay, with positions, for phrases and queries of stop words only.
    static bool index_terms_dropped(const std::string& word, std::string_view lang);
    // The stem term (Z + stem) index_terms() gives `word` in `lang`, or "" where it gives none
    // (index_terms_dropped): what a search looks up for the word's stem.
    std::string stem_term(const std::string& word, std::string_view lang);
    // Whether index_terms() looks for XC terms of `token` in `lang` at all.
    static bool splits_compounds(const Token& token, std::string_view lang);

    // True if a dictionary of `lang` ("en", "nb", "nn") has the normalized word.
    bool known_word(const std::string& word, std::string_view lang);

    // Detected language of a text ("en", "nb", "nn"), or "" when unsure. `reliable`, if given,
    // says whether CLD2 was confident (short texts rarely are).
    std::string detect_lang(std::string_view text, bool* reliable = nullptr);

    // What detect_lang() decides by, for texts whose parts are detected one by one: the
    // evidence of the parts adds up to that of the whole (see IndexWriter::analyse).
    struct LangEvidence {
        std::string code;  // detect_lang()'s answer
        bool reliable = false;
        // Words only Bokmål or only Nynorsk uses (in the first 16 KiB), counted in texts CLD2
        // finds Norwegian (else 0): such a text is "nn" if it has more Nynorsk words, else "nb".
        int bokmal_words = 0;
        int nynorsk_words = 0;
    };
    LangEvidence lang_evidence(std::string_view text);

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace heritage::indexer
