// Related words from Debian's mythes thesauri (LibreOffice's), as loose kin of question words.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace heritage::searcher {

// A mythes file that cannot be read as one; what() is "file:line: reason".
class RelatedWordsError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The one-word entries of a mythes thesaurus (th_en_US_v2.dat, th_nb_NO_v2.dat), looked up by
// the stem of the word they are listed under: "dop" -> "narkotika", "begin" -> "commence".
// A thesaurus lists kin, not only synonyms ("konge" -> "president"), so the answer reader
// takes them as weak evidence for a sentence and never for its confidence.
class RelatedWords {
  public:
    // Maps a mythes .dat file: a first line naming its encoding (UTF-8 or ISO8859-1), then
    // entries "word|N", each followed by N lines "(pos)|word|word|...". Only the headwords are
    // read here (the English file has 145,000 entries in 18 MB): keyed by their case-folded
    // stem in `lang` (indexer::stemmer_name). Throws RelatedWordsError for a file that cannot
    // be read or is not in that format.
    RelatedWords(const std::string& path, std::string_view lang);
    ~RelatedWords();
    RelatedWords(const RelatedWords&) = delete;
    RelatedWords& operator=(const RelatedWords&) = delete;

    // Process-wide and read on first use, for "en" (th_en_US_v2.dat) and Norwegian ("nb",
    // "nn", "no": th_nb_NO_v2.dat; Debian's Nynorsk file has a handful of entries) from
    // $HERITAGE_MYTHES_DIR, else /usr/share/mythes (packages mythes-en-us, mythes-no).
    // nullptr for other languages, or when the file is missing or broken (which is said once
    // on stderr): the reader then does without.
    static const RelatedWords* for_lang(std::string_view lang);

    // The words listed under the headwords whose stem is `stem`, case-folded, each once, in
    // the order listed, without the headwords themselves. Left out: entries of several words
    // (one word of a phrase says too little), antonyms and "(generic term)" entries ("build" ->
    // "create"); other tags are dropped ("make (similar term)" -> "make").
    std::vector<std::string> of_stem(const std::string& stem) const;

    std::size_t stems() const { return m_by_stem.size(); }  // distinct headword stems

  private:
    const char* m_text = nullptr;  // the file, mapped read-only
    std::size_t m_size = 0;
    bool m_latin1 = false;
    // Stem -> offsets of the "word|N" lines of the headwords with that stem.
    std::unordered_map<std::string, std::vector<std::uint32_t>> m_by_stem;
};

}  // namespace heritage::searcher
