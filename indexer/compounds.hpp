// Norwegian compound splitting and word-list look-ups with Hunspell dictionaries (nb, nn, en).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

class Hunspell;

namespace heritage::indexer {

// ISO-8859-1 bytes (Hunspell's and mythes's Norwegian files) as UTF-8.
std::string latin1_to_utf8(std::string_view latin1);

// Process-wide, thread-safe (one mutex): the Hunspell dictionaries take ~1 s and ~60 MB to
// load, so they are loaded once, on first use, and shared by every Analyzer.
// Dictionaries are read from $HERITAGE_HUNSPELL_DIR, else /usr/share/hunspell (Debian's
// hunspell-no and hunspell-en-us). Missing dictionaries disable what needs them: no
// compounds without nb/nn, no English word evidence without en.
class Lexicon {
  public:
    static Lexicon& shared();
    ~Lexicon();
    Lexicon(const Lexicon&) = delete;
    Lexicon& operator=(const Lexicon&) = delete;

    // Parts of a normalized (case-folded) Norwegian compound, in order, without linking
    // letters: "smelthytta" -> {"smelt", "hytta"}, "gårdsbruk" -> {"gård", "bruk"}. Every part
    // is a word of the Bokmål or Nynorsk dictionary (the first may be a name: "olavsgruva" ->
    // {"olav", "gruva"}). Empty when the word is no compound of known words. Fewest parts win;
    // then linking s over genitive parts, and an s beginning the next part over a linking s
    // unless the part before takes one ("brett" + "spill", "nyhet" + s + "oppdatering"); then
    // the split whose shortest part is longest.
    std::vector<std::string> split(const std::string& word);

    // True if the normalized word is a form in the dictionary of `lang` ("en", "nb", "nn"),
    // as written or capitalized (names). A Norwegian compound counts only where the dictionary
    // lists it: Hunspell's own compounding is off (split() does that).
    bool knows(const std::string& word, std::string_view lang);

    // True if the dictionary of `lang` knows the normalized word only capitalized: a name
    // ("sweden", "oslo"), not a word capitalized where it stands.
    bool is_name(const std::string& word, std::string_view lang);

    // The dictionary words of which the normalized word is a Norwegian form, by the Bokmål
    // then the Nynorsk dictionary's affix rules: "går" -> {"går", "gåre", "gå"}, "eid" ->
    // {"eid", "eide", "eie"}. Empty where no Norwegian dictionary knows the word.
    std::vector<std::string> lemmas(const std::string& word);

    bool has_norwegian() const;
    bool has_english() const;

  private:
    Lexicon();
    struct Dict;
    bool part_ok(const std::string& latin1, bool first);
    // The dictionary of `lang`, with the word as it spells it (Latin-1 for Norwegian) as
    // written and capitalized; nullptr if there is no such dictionary or the word cannot be
    // spelled in it.
    Dict* dict_for(const std::string& word, std::string_view lang, std::string& written,
                   std::string& capitalized);
    bool knows_locked(const std::string& word, std::string_view lang);
    bool is_name_locked(const std::string& word, std::string_view lang);
    // REQUIRES: m_mutex held. The answer kept for key in m_known_cache, or look_up()'s, kept.
    bool cached(std::string key, const std::function<bool()>& look_up);
    std::vector<std::string> split_locked(const std::string& word);

    std::mutex m_mutex;
    std::vector<std::unique_ptr<Dict>> m_norwegian;  // nb, nn
    std::unique_ptr<Dict> m_english;
    // Hunspell look-ups cost 5-60 µs each; words and parts repeat, so results are kept.
    std::unordered_map<std::string, std::vector<std::string>> m_split_cache;
    std::unordered_map<std::string, bool> m_part_cache;   // "^" marks a first part
    std::unordered_map<std::string, bool> m_known_cache;  // "lang:word", names "^lang:word"
    std::unordered_map<std::string, std::vector<std::string>> m_lemma_cache;
};

}  // namespace heritage::indexer
