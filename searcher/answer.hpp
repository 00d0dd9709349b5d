// Question answering: a short answer span, the sentence holding it and where it comes from,
// found by ranking the sentences of the best passages for a question.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "searcher/answer_rules.hpp"
#include "searcher/searcher.hpp"

namespace heritage::searcher {

struct Answer {
    std::string text;     // the short answer span, exactly as written
    std::string passage;  // the sentence (or two) holding it, at most kMaxAnswerPassage chars
    std::string doc_id, title, section, source, url;
    std::size_t start = 0, end = 0;  // code point offsets of `text` in its document
    double confidence = 0;           // 0..1; answers below AskOptions::min_confidence are dropped
};

inline constexpr std::size_t kMaxAnswerPassage = 300;  // code points

struct AskResponse {
    std::string question;
    std::optional<Answer> answer;  // none when nothing found answers the question
    std::vector<Hit> results;      // the search results for the question, as search returns them
    // Extensions of the contract shape:
    AnswerType expected = AnswerType::any;  // the answer type read from the question
    double took_ms = 0;
};

struct AskOptions {
    std::size_t passages = 5;      // top passages whose sentences are read for the answer
    double min_confidence = 0.25;  // below this there is no answer
    // Where the best answer in those passages is less sure than unsure_below, this many more
    // of the results are read: the answer often sits in a passage ranked a little lower.
    std::size_t more_passages = 3;
    double unsure_below = 0.6;
    // Sentences of the passage's document read on either side of each passage.
    std::size_t context_sentences = 1;
    // Weights of the sentence ranking; the defaults were tuned with bench/qa_eval.
    double prior_weight = 0.5;         // the passage's search score relative to the best one's
    double candidate_weight = 0.03;    // the candidate's placement score (answer_rules.hpp)
    double type_weight = 0.2;          // the sentence holds a candidate of the asked-for form
    double names_weight = 0.15;        // share of the question's names its passage or title holds
    double pair_weight = 0.1;          // share of the question's word pairs the sentence holds
    double passage_pair_weight = 0.3;  // added to the prior: the best such share in the passage
    double neighbour_credit = 0.5;     // a question word in an adjacent sentence, vs. in it
    double title_credit = 1.0;         // a question word in the title or section, vs. in it
    float partial_credit = 0.6;        // a related word ("editor" for "edited"), vs. the same
    float related_credit = 0.4;        // a thesaurus's kin ("narkotika" for "dop"); 0: none
    // When set, one tab-separated line per sentence read ("S", passage, sentence, coverage,
    // strict coverage, prior, typed, words, text, and per word its question word index or -1,
    // "s" for a stop word, "c" for a capital, comma-separated) and per candidate ("C", fitness,
    // distance, kind, words before, words after, first, last, capitals, digits, expected type,
    // text, echoed): the features bench/qa_fit_placement.py learns the placement table from.
    // Also, per question, its words with their idf ("W", then word:idf per word), and after each
    // scored sentence's candidates the sentence's best score and its parts ("E", score,
    // coverage, prior, typed, names held, pair share, best placement: the features the weights
    // above combine), for error analysis and for fitting those weights.
    std::ostream* trace = nullptr;
};

// Searches for the question (request.query; the other fields filter and page the results as
// for search) and reads the answer from the best passages.
// Throws BadRequest as Searcher::search does.
AskResponse ask(Searcher& searcher, const SearchRequest& request, const AskOptions& options = {});

// Widens a hit to `count` sentences of its document on either side: passages are cut from
// paragraphs at sentence boundaries, and the sentence that answers often sits just across the
// cut from the one that matches. Offsets stay those of the document. Restricted documents (no
// text) and hits whose text is not where the hit says are left as they are.
// ENSURES: h.tokens is null or the analyzer's tokens of the new h.text. The search's tokens
// grow by those of the sentences added where the words part at both cuts (white space on one
// side); else they are dropped, for the reader to tokenize the widened text.
// ENSURES: h.sentences is null or the sentences of the window read around the hit that the
// new text holds whole, where they begin and end it: Analyzer::sentences of the new text, as
// its run starts where the window's run has a boundary and meets the same text up to the
// next (equal on all 59,000 passages the bench and the QA sets read).
void widen_passage(Hit& h, Searcher& searcher, std::size_t count);

// The JSON shape of an ask response, shared by the CLI (--ask --json) and the server.
nlohmann::json to_json(const Answer& answer);
nlohmann::json to_json(const AskResponse& response);

}  // namespace heritage::searcher
