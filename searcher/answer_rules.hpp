// Question classification for answers: the per-language tables of question phrases, focus nouns
// and answer cue words, and the function that reads a question's expected answer type from them.
#pragma once

#include <algorithm>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "indexer/analyzer.hpp"

namespace heritage::searcher {

// What kind of text a question asks for.
enum class AnswerType {
    any,      // no rule matched: any span near the question's words
    date,     // a year, a date, a range of years, a decade or century
    number,   // a count or amount ("30", "three", "32 000", "95 %")
    measure,  // a number with a unit ("4 km", "600 metres", "two years")
    person,   // a person's name
    place,    // a place name
    name,     // another proper name (a team, a company, a ship, a church)
    thing,    // a noun phrase or a definition
    reason,   // a cause ("because …", "fordi …")
    manner,   // a way ("by …", "ved å …")
};

std::string_view type_name(AnswerType type);

// What a measure measures, so "how deep" prefers "50 metres" to "300 years". `age` is asked
// by "how old" and answered in units of time ("26 years old"); `count` by "how many" and a
// noun that is no unit ("how many touchdowns", "population"), answered by no physical measure.
enum class Unit { none, length, area, time, weight, speed, temperature, money, share, age, count };

struct QuestionRule {
    std::string_view phrase;  // normalized words; "*" stands for the focus noun
    AnswerType type;
    Unit unit = Unit::none;  // for measures: what the answer's unit measures
    // For measures, words that may follow one to say it measures what is asked: "deep below
    // under" for "how deep" ("50 metres below the surface").
    std::string_view dimension = {};
};

// A set of words that answers "no" quickly. The span rules ask of each word of each sentence
// read whether it is in one set after another, and mostly it is not: a word whose length or
// first byte no member has is answered without hashing it (hashing was a fifth of the span
// finder's time).
class WordSet {
  public:
    WordSet() = default;
    WordSet(std::initializer_list<std::string_view> words) {
        for (auto w : words) insert(w);
    }
    void insert(std::string_view w) {
        m_words.insert(w);
        m_firsts.set(w.empty() ? 0 : static_cast<unsigned char>(w[0]));
        m_lengths |= length_bit(w);
    }
    std::size_t count(std::string_view w) const {
        if (!(m_lengths & length_bit(w)) ||
            !m_firsts.test(w.empty() ? 0 : static_cast<unsigned char>(w[0])))
            return 0;
        return m_words.count(w);
    }

  private:
    static std::uint64_t length_bit(std::string_view w) {
        return std::uint64_t{1} << std::min<std::size_t>(w.size(), 63);
    }
    std::unordered_set<std::string_view> m_words;
    std::bitset<256> m_firsts;    // the first bytes of members
    std::uint64_t m_lengths = 0;  // bit n: a member of n bytes (63: of 63 or more)
};

// Word lists of one language. Words are written normalized (lower case, as the analyzer's
// Token::word); phrases are space-separated words.
struct LanguageRules {
    std::string_view lang;  // "en", or "no" for both Bokmål and Nynorsk
    // Question phrases and the type they ask for. When a "*" focus noun is in `focus`, the
    // noun decides the type ("which city" → place), else the phrase does.
    std::vector<QuestionRule> questions;
    // Focus nouns (singular and plural forms) and the type they ask for.
    std::vector<std::pair<std::string_view, AnswerType>> focus;
    std::vector<std::string_view> name_cues;     // "called X", "known as X"
    std::vector<std::string_view> reason_cues;   // "because X"
    std::vector<std::string_view> manner_cues;   // "by X"
    std::vector<std::string_view> time_cues;     // "during X", "i X": a time phrase
    std::vector<std::string_view> place_cues;    // "at X", "på X": a place phrase
    std::vector<std::string_view> list_phrases;  // "as well as", "så vel som": join a list
    // "Therefore", "Som en følge av dette": a sentence opening with one says what follows from
    // the sentence before, which holds the reason a why-question asks for.
    std::vector<std::string_view> consequence_openers;
    // The word that names the doer after a passive verb ("recorded by X", "tegnet av X").
    std::string_view agent_word;
    WordSet months;                                    // month and weekday names
    WordSet purpose_words;                             // "built to X": after the question's verb
    bool capital_months = false;                       // they are written capitalised
    WordSet number_words;                              // "three", "tre"
    WordSet scale_words;                               // "million", "prosent": they extend a number
    std::unordered_map<std::string_view, Unit> units;  // after a number they make a measure
    WordSet name_joiners;                              // lower-case words inside names ("of", "av")
    WordSet time_suffixes;                             // "-tallet": "1880-tallet" is a decade
    WordSet clock_words;                               // "klokken 23.40": a time of day
    WordSet day_articles;                              // "den 16. juni": part of the date
    WordSet after_words;                               // "etter 20 minutter": a time elapsed
    WordSet range_words;                               // "1646 to 1953", "1780 og 1784"
    WordSet when_words;  // "when", "da": opening a sentence, they open a clause naming a time
    // "per": an amount before it is a rate ("1 049 innbyggere per kvadratkilometer"); in a
    // question, the word or one holding a rate_stem asks for one ("befolkningstetthet").
    WordSet rate_words;
    std::vector<std::string_view> rate_stems;
    // A word opening a range of dates and the word joining it ("between", "and"; "from", "-"
    // for a dash): the answer shows the opener ("between 1621 and 1629").
    std::vector<std::pair<std::string_view, std::string_view>> range_openers;
    WordSet era_words;      // "BC", "AD", "fvt": before or after a year they belong to it
    WordSet century_words;  // "17th century", "17. århundre"
    WordSet list_words;     // "and", "og": they join the names of a list
    WordSet age_words;      // "age", "alder": a bare number after them is an age ("at age 39")
    WordSet old_words;      // "old", "gammel": after a time unit they make an age ("26 years old")
    WordSet articles;       // "the", "et": an answer may start with one
    // "It", "Han": a sentence opening with one speaks of what the sentence before named.
    WordSet pronouns;
    // "he", "hun": a person's pronoun as the subject, which may stand for the answer to "who".
    WordSet person_pronouns;
    // Articles a name or thing answer takes in when one stands right before it ("the Scots",
    // "the King"); empty where answers are not written with them.
    WordSet kept_articles;
    // A question opened by one of these verbs and offering options joined by a choice word
    // ("Were they high-voltage or low-voltage?") is answered by one of the options.
    WordSet choice_openers;
    WordSet choice_words;
    // Verbs a where-question is phrased with ("located", "ligger"): where the index lacks
    // them, they are no question words (a text says "Røros is a town in …").
    WordSet place_verbs;
    WordSet place_preps;   // "in", "i": a name after them is likely a place
    WordSet copulas;       // "is", "er": in "X is Y" one side defines the other
    WordSet relatives;     // "which", "som": they open a relative clause
    WordSet naming_words;  // in a question they ask for a name: "called", "heter"
    // "stand", "short", "står": before a later "for", they ask what an abbreviation stands for.
    WordSet stands_for_words;
    // The last word of a name that names no person: "Academy Award", "Røros kirke".
    WordSet thing_heads;
    WordSet numeral_words;  // a question with one asks for Roman numerals: "numeral"
    // Ordinals and the place they count: "første verdenskrig" is not "andre verdenskrig".
    std::unordered_map<std::string_view, int> ordinals;
    // Adverbs between a naming cue and the name: "kalles noen ganger Bergstaden".
    WordSet cue_adverbs;
    // In a question, they ask for the start or the end of a life: "born", "født"; "died", "døde".
    WordSet birth_words, death_words;
    // Focus nouns whose answer is one of a closed class of words: "what colour" -> "gold",
    // "hvilken posisjon" -> "keeper".
    struct WordClass {
        WordSet nouns;
        WordSet members;
        // Two-word phrases of a question that ask for the class too: {"built", "of"}.
        std::vector<std::pair<std::string_view, std::string_view>> cues = {};
    };
    std::vector<WordClass> word_classes;
    // In or right after the question phrase they ask for more than one: "hvilke"; and small
    // counts before a noun, "which two", "hvilke to". (English "who were" is a rule of its own.)
    WordSet plural_words;
    WordSet plural_counts;
    // Words before an amount or date that belong to the answer ("late 2008", "rundt 1400").
    WordSet modifiers;
    // Words before a cue that belong to its clause ("partly because", "blant annet fordi").
    WordSet hedges;
    // Lower-case nouns that end a name in this language's texts ("Ringsaker kirke", "Roskilde
    // kommune"); empty where they are written capitalised ("Newcastle City").
    WordSet name_heads;
    // Lower-case nouns of an area named after a place ("the Røros region", "Røros-regionen"):
    // with the question's own name, where it lies.
    WordSet region_heads;
    // Prepositions that open a date or place answer in this language's answers ("i 1948",
    // "på Tjuvholmen"); empty where answers are written without them (English).
    WordSet answer_preps;
    // Prepositions a question may end in ("famous for", "kjent for"): QuestionInfo::trailing_prep.
    WordSet trailing_preps;
    // Those of them that close a time phrase opened by another ("på slutten av 1950-tallet",
    // "i løpet av 1990"): the answer takes in the whole phrase.
    WordSet phrase_closers;
    // Abbreviations after which a full stop does not end a sentence ("St.", "bl.", "mill.").
    WordSet abbreviations;
    // Prepositions of several words ("på grunn av", "because of"): the noun in them says
    // nothing, and is no thesaurus kin of a question word ("grunne" is listed under "starte").
    std::vector<std::string_view> fixed_phrases;
    // Forms of one irregular verb, space-separated ("spend spent"): the stemmer does not join
    // them, and a question asks "how much did X spend" of a text saying "X spent".
    std::vector<std::string_view> word_forms;
};

// How answers of one expected type sit in their sentence: the weights of a candidate's score.
// Fitted with bench/qa_fit_placement.py on the even-numbered questions of NorQuAD (counted four
// times, being the smaller set) and SQuAD, and rounded. Positive weights favour the property.
// Distances are in words; "question words" are those of the sentence outside the candidate.
struct Placement {
    double form;       // × the candidate's form fitness (answer_spans.cpp)
    double distance;   // × log(1 + content words to the nearest question word, at most 30)
    double follows;    // the word right before the candidate is a question word
    double precedes;   // the word right after the candidate is a question word
    double length;     // × characters / 60
    double digits;     // the candidate holds a number
    double capitals;   // the candidate holds a capitalised word
    double proximity;  // × mean over the distinct question words of 1 / (1 + distance)
    double spread;     // × mean over the distinct question words of log(1 + distance, at most 30)
    double inside;     // × the share of the candidate's words that are question words
    double words;      // × log(1 + the candidate's words)
    double chunk;      // the candidate is a plain chunk (AnswerType::any)
    double typed;      // the candidate is of the asked-for form (of_type)
    double opening;    // the candidate starts the sentence
    double left;       // × the share of the distinct question words that come before it
    double alone;      // no question word outside the candidate
    // Where the candidate's edges fall: spans a reader gives as answers start and end at phrase
    // breaks and seldom start ("and the court", "to Germans") or end ("destruction of") with a
    // function word other than an article.
    double lead;     // it starts with a stop word that is not an article
    double tail;     // it ends with a stop word
    double article;  // it starts with an article
    double starts;   // it starts the sentence or right after a phrase break (breaks_phrase)
    double ends;     // it ends the sentence or right before a phrase break
    // What the candidate repeats of the question: the focus noun ("which stadium" → "Levi's
    // Stadium") or another question word ("Arthur Brisbane" for "what did Tesla tell Brisbane").
    double focus;  // it holds the question's focus noun
    double echo;   // it holds a question word other than the focus noun
};
const Placement& placement(AnswerType type);

// The words of a rule phrase, split at spaces (empty words skipped).
std::vector<std::string_view> split_words(std::string_view phrase);

// Both languages' tables, English first.
const std::vector<LanguageRules>& answer_rules();

// What a question asks for, read from its words.
struct QuestionInfo {
    AnswerType type = AnswerType::any;
    std::string lang;  // language of the matched rule ("en", "no"), "" when none matched
    // Token indexes of the question phrase ("how many", "hvem", "which year"): these words
    // are not searched for and are not expected near the answer.
    std::vector<std::size_t> phrase;
    std::string focus;       // the focus noun, if the phrase has one ("city" in "which city")
    Unit unit = Unit::none;  // for measures, what is measured
    // The words of QuestionRule::dimension of the matched rule.
    std::vector<std::string_view> dimension;
    bool definition = false;  // "what is X", "hvem var X": the answer is what X is
    // "Who was Peder Hiort?": a definition of names only, answered by what the one named was
    // ("church builder and theologian"), not by a name.
    bool describes_name = false;
    bool naming = false;  // the question asks what something is called ("called", "heter")
    bool plural = false;  // the focus noun is plural ("which churches"): a list may answer
    // "what colour", "what position", "built of": a word of this class answers (LanguageRules::
    // word_classes); null for other questions. Where a cue asked for it ("built of"), no other
    // word does (class_only).
    const WordSet* answer_class = nullptr;
    bool class_only = false;
    bool numerals = false;  // "which Roman numeral": a numeral alone may answer
    bool rate = false;      // the question asks for a rate ("per", "density")
    int life = 0;           // the question asks when someone was born (1) or died (-1)
    // A preposition ending a Norwegian question ("Hva sliter han med?"): the answer is shown
    // with it where the sentence has it right before the answer ("med en lårskade").
    std::string stranded;
    // The preposition ending the question ("What is Røros famous for?"): the phrase after a
    // question word and this preposition in the text answers.
    std::string trailing_prep;
    // The question's verb in the passive, right after "what" and an auxiliary ("melted" in
    // "What was melted at Smelthytta?", "bygget" in "Hva ble bygget i 1784?"): the phrase
    // before the same verb in a sentence answers ("the copper ore was melted"). Else empty.
    std::string passive_verb;
    // "Hva står VAR for?", "What does AFC stand for?": the letters of the abbreviation whose
    // words the question asks for, each as UTF-8 in the index's case-folded form ("v", "a",
    // "r"). Else empty.
    std::vector<std::string> abbreviation;
    // The options a choice question offers, each as its words ("high", "voltage"); the answer
    // is the one its sentence holds.
    std::vector<std::vector<std::string>> options;
};

// REQUIRES: tokens come from Analyzer::tokenize of the question.
// The earliest question phrase wins, the longest one at that position.
QuestionInfo classify_question(const std::vector<indexer::Token>& tokens,
                               indexer::Analyzer& analyzer);

}  // namespace heritage::searcher
