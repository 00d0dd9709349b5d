// Stop word lists: Snowball's English and Norwegian lists, plus question words of both languages.
#include "indexer/stopwords.hpp"

#include <algorithm>
#include <unordered_set>

namespace heritage::indexer {

namespace {

const std::unordered_set<std::string>& english() {
    static const std::unordered_set<std::string> words = {
        "a",      "about",  "above",  "after",    "again",      "against", "all",    "am",
        "an",     "and",    "any",    "are",      "as",         "at",      "be",     "because",
        "been",   "before", "being",  "below",    "between",    "both",    "but",    "by",
        "can",    "could",  "did",    "do",       "does",       "doing",   "down",   "during",
        "each",   "few",    "for",    "from",     "further",    "had",     "has",    "have",
        "having", "he",     "her",    "here",     "hers",       "herself", "him",    "himself",
        "his",    "how",    "i",      "if",       "in",         "into",    "is",     "it",
        "its",    "itself", "me",     "more",     "most",       "my",      "myself", "no",
        "nor",    "not",    "of",     "off",      "on",         "once",    "only",   "or",
        "other",  "ought",  "our",    "ours",     "ourselves",  "out",     "over",   "own",
        "same",   "she",    "should", "so",       "some",       "such",    "than",   "that",
        "the",    "their",  "theirs", "them",     "themselves", "then",    "there",  "these",
        "they",   "this",   "those",  "through",  "to",         "too",     "under",  "until",
        "up",     "very",   "was",    "we",       "were",       "what",    "when",   "where",
        "which",  "while",  "who",    "whom",     "why",        "will",    "with",   "would",
        "you",    "your",   "yours",  "yourself", "yourselves", "also",    "many",   "much"};
    return words;
}

const std::unordered_set<std::string>& norwegian() {
    static const std::unordered_set<std::string> words = {
        "og",        "i",      "jeg",    "det",    "at",      "en",     "et",      "den",
        "til",       "er",     "som",    "på",     "de",      "med",    "han",     "av",
        "ikke",      "ikkje",  "der",    "så",     "var",     "meg",    "seg",     "men",
        "ett",       "har",    "om",     "vi",     "min",     "mitt",   "ha",      "hadde",
        "hun",       "nå",     "over",   "da",     "ved",     "fra",    "du",      "ut",
        "sin",       "dem",    "oss",    "opp",    "man",     "kan",    "hans",    "hvor",
        "eller",     "hva",    "skal",   "selv",   "sjøl",    "her",    "alle",    "vil",
        "bli",       "ble",    "blei",   "blitt",  "kunne",   "inn",    "når",     "være",
        "kom",       "noen",   "noe",    "ville",  "dere",    "deres",  "kun",     "ja",
        "etter",     "ned",    "skulle", "denne",  "for",     "deg",    "si",      "sine",
        "sitt",      "mot",    "å",      "meget",  "hvorfor", "dette",  "disse",   "uten",
        "hvordan",   "ingen",  "din",    "ditt",   "blir",    "samme",  "hvilken", "hvilke",
        "sånn",      "inni",   "mellom", "vår",    "hver",    "hvem",   "vors",    "hvis",
        "både",      "bare",   "enn",    "fordi",  "før",     "mange",  "også",    "slik",
        "vært",      "båe",    "begge",  "siden",  "dykk",    "dykkar", "dei",     "deira",
        "deires",    "deim",   "di",     "då",     "eg",      "ein",    "eit",     "eitt",
        "elles",     "honom",  "hjå",    "ho",     "hoe",     "henne",  "hennar",  "hennes",
        "hoss",      "hossen", "ingi",   "inkje",  "korleis", "korso",  "kva",     "kvar",
        "kvarhelst", "kven",   "kvi",    "kvifor", "me",      "medan",  "mi",      "mine",
        "mykje",     "no",     "nokon",  "noka",   "nokor",   "noko",   "nokre",   "sia",
        "sidan",     "so",     "somt",   "somme",  "um",      "upp",    "vere",    "vore",
        "verte",     "vort",   "varte",  "vart"};
    return words;
}

}  // namespace

bool is_stop_word(const std::string& word, std::string_view lang) {
    // Every word is asked about, at indexing, search and in the answer reader; a word longer
    // than any stop word (UTF-8 bytes) is no stop word, and most content words are.
    static const std::size_t longest = [] {
        std::size_t n = 0;
        for (const auto* list : {&english(), &norwegian()})
            for (const auto& w : *list) n = std::max(n, w.size());
        return n;
    }();
    if (word.size() > longest) return false;
    if (lang == "en") return english().count(word) > 0;
    if (lang == "nb" || lang == "nn") return norwegian().count(word) > 0;
    return english().count(word) > 0 || norwegian().count(word) > 0;
}

}  // namespace heritage::indexer
