// Answer candidates in a sentence: dates, numbers with units, names, phrases after cue words
// ("called", "because") and plain chunks, each with how well it fits the expected answer type.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/analyzer.hpp"
#include "searcher/answer_rules.hpp"

namespace heritage::searcher {

// One word of a sentence as the candidate finder sees it.
struct WordView {
    std::size_t start = 0, end = 0;  // code points in the passage text
    std::string_view word;           // normalized (Token::word)
    std::string_view surface;        // as written
    std::string_view gap;            // text between the previous word (or sentence start) and this
    bool numeric = false;            // the analyzer's number class
    bool capital = false;            // written with an upper-case first letter
    bool stop = false;               // a stop word of the sentence's language
    int qword = -1;                  // index of the question word it matches, or -1
    bool related = false;            // qword matched only as a synonym or related word
    bool qname = false;              // qword is capitalised in the question: part of a name
};

struct Candidate {
    std::size_t first = 0, last = 0;  // word indexes in the sentence, inclusive
    // What the span is: date, number, measure (number with unit), name (capitalised words or a
    // list of them), place (a place phrase, "on the roof"), thing (the phrase after "called",
    // a definition, a phrase ending in the focus noun), reason, manner, or any (a plain chunk).
    AnswerType kind = AnswerType::any;
    double fitness = 0;  // 0..1: how well the span's form fits the expected type
    // Follows the question's own naming phrase ("known as …"), is what the question's name
    // names ("The church, which is called X" for "What is X?"), or the area named after the
    // question's place ("the Røros region" for "Where does Røros lie?"), or defines the
    // question's words that open its sentence ("En galakse er et …" for "Hva er en galakse?").
    bool echoed = false;
    // The first word of the answer as shown, ≤ first: words that belong to the answer's phrase
    // but say nothing of where it sits, so placement does not weigh them ("the Scots", "between
    // 1621 and 1629").
    std::size_t shown_first = 0;
    // Names the doer of the question's own verb: "recorded by Bob Gallion" for "Who recorded
    // it?" (LanguageRules::agent_word); or what the verb was done to, where the question has it
    // in the passive: "the copper ore was melted" for "What was melted?" (QuestionInfo::
    // passive_verb).
    bool agent = false;
    // The last word of the answer as shown, ≥ last: a currency after an amount ("9000 dollar").
    std::size_t shown_last = 0;
    // A word of the class the question asks for ("gold" for "what colour", QuestionInfo::
    // answer_class), a measure of the dimension it asks for ("50 metres below" for "how
    // deep", QuestionInfo::dimension), or the end of a life it asks for ("1789" of "(1715–1789)"
    // for "died", QuestionInfo::life).
    bool member = false;
    // A person's pronoun ("he built a small church"): the answer is the one it stands for,
    // whom the reader looks for in the sentence before.
    bool pronoun = false;
    // Its words' first letters spell the abbreviation the question asks about (QuestionInfo::
    // abbreviation).
    bool spells = false;
};

// REQUIRES: words are one sentence's words in order; rules is the sentence language's table.
// `focus` is the question word index of the question's focus noun ("city" in "which city"),
// or -1; `question_words` how many question words WordView::qword indexes (0: unknown).
// Candidates never consist of question words alone; they may overlap each other.
std::vector<Candidate> find_candidates(const std::vector<WordView>& words,
                                       const QuestionInfo& question, int focus,
                                       std::size_t question_words, const LanguageRules& rules);

// Is a candidate of this kind what a question of the expected type asks for (a name for
// "who", an amount for "how many")? False for types without a form of their own ("what").
bool of_type(AnswerType kind, AnswerType expected);

// Does the text between two words end a phrase (clause punctuation, brackets, quotes, dashes,
// line breaks)?
bool breaks_phrase(std::string_view gap);

// Is the text between two words white space only (spaces, tabs, no-break and thin spaces)?
bool blank(std::string_view gap);

// "of", "av": a phrase that follows it belongs to the one before ("the capacity of the Tyne
// Tunnel", "the “silver-town” of Kongsberg").
bool of_word(std::string_view w);

// The word index one past the cue phrase ("as a result", words separated by one space) if
// it starts at word i, else 0.
std::size_t match_cue(const std::vector<WordView>& words, std::size_t i, std::string_view cue);

// Is the word a year written in digits (1000–2100)?
bool is_year(const WordView& w);

}  // namespace heritage::searcher
