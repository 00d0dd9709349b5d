// The answer path: question analysis, passage retrieval, sentence ranking, span choice, JSON.
#include "searcher/answer.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <bitset>
#include <chrono>
#include <cmath>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "indexer/compounds.hpp"
#include "indexer/stopwords.hpp"
#include "searcher/answer_spans.hpp"
#include "searcher/catalog.hpp"
#include "searcher/query_parser.hpp"
#include "searcher/related_words.hpp"

namespace heritage::searcher {

namespace {

using indexer::Token;
namespace prefix = indexer::prefix;

// A content word of the question: what it matches and how much it tells (idf).
struct QuestionWord {
    std::string word;
    std::vector<std::string> stems;  // in each language searched, for partial matches
    double idf = 0;
    bool name = false;  // capitalised inside the question: partial matches only by its word
    // Written all in capitals ("VAR", "NY", "US"): matches only words written capitalised, not
    // the function word or adjective it spells.
    bool abbreviation = false;
    // Norwegian dictionary words it is a form of (Lexicon::lemmas): "går" is a form of "gå",
    // which the stemmer does not tell.
    std::vector<std::string> lemmas;
    // The place an ordinal before it in the question counts (LanguageRules::ordinals), or 0:
    // "første verdenskrig" is not matched by "andre verdenskrig".
    int ordinal = 0;
};

// Index terms, each to a question word. The reader looks up every form of every word it reads
// here and mostly finds none: a term whose length and last byte no key has is answered
// without hashing it.
class TermMap {
  public:
    void emplace(const std::string& term, int word) {
        m_words.emplace(term, word);
        m_seen.set(bit(term));
        if (term.size() > prefix::kStem.size() && term.starts_with(prefix::kStem))
            m_stem_initials.set(static_cast<unsigned char>(term[prefix::kStem.size()]));
    }
    // Whether a stem term of a stem beginning with `initial` may be a key.
    bool may_hold_stem(unsigned char initial) const { return m_stem_initials.test(initial); }
    // The question word of `term`, or -1.
    int find(const std::string& term) const {
        if (!m_seen.test(bit(term))) return -1;
        auto it = m_words.find(term);
        return it == m_words.end() ? -1 : it->second;
    }

  private:
    static std::size_t bit(std::string_view term) {
        std::size_t last = term.empty() ? 0 : static_cast<unsigned char>(term.back());
        return std::min<std::size_t>(term.size(), 31) * 256 + last;
    }
    std::unordered_map<std::string, int> m_words;
    std::bitset<32 * 256> m_seen;      // bit(term) of each key
    std::bitset<256> m_stem_initials;  // the first byte of the stem of each stem key
};

struct Question {
    QuestionInfo info;
    std::vector<QuestionWord> words;
    TermMap term_to_word;  // index term -> question word
    // Index terms of the thesaurus synonyms the search used for a question word (one-word
    // synonyms only: one word of a phrase says too little), and of the spelling correction it
    // made of a word the index lacks ("Heyerdal" -> "heyerdahl"), matched at partial credit.
    TermMap synonym_to_word;
    // Stem terms of the words a thesaurus lists for a question word (RelatedWords), matched
    // loosely: "narkotika" for "dop".
    TermMap related_to_word;
    double total_idf = 0;
    int focus = -1;  // index of the focus noun among the words, or -1
    // Each content word of the question with the next and the one after (indices of `words`),
    // where they differ: "chimney of the smelting hut" pairs "chimney" with "hut" too. Not two
    // words of names: "Peder Hiort" is written together wherever it is written.
    std::vector<std::pair<int, int>> pairs;
    int rarest = -1;    // the word of highest idf
    std::string query;  // what is searched for: the question without its question phrase
    // The first two bytes of every lemma of the words: a word starting otherwise shares none,
    // and is not looked up.
    std::vector<bool> lemma_heads = std::vector<bool>(1 << 16);  // by lemma_head()
    // Words of the passages read -> the question word they are a form of, or -1: passages
    // repeat their words, and a look-up locks the shared Lexicon. (One question is read by
    // one thread.)
    mutable std::unordered_map<std::string, int> lemma_matches;
    // The question's names of several words ("Trond Giske"): indices of `words` in order, and
    // the name as the question writes it.
    struct FullName {
        std::vector<int> words;
        std::string text;
    };
    std::vector<FullName> full_names;
};

// REQUIRES: word.size() >= 2. Its first two bytes as one number.
std::size_t lemma_head(std::string_view word) {
    return static_cast<unsigned char>(word[0]) << 8 | static_cast<unsigned char>(word[1]);
}

const LanguageRules& rules_for(std::string_view lang) {
    const auto& all = answer_rules();
    std::string_view want = lang == "en" ? "en" : (lang.empty() ? "" : "no");
    for (const auto& r : all)
        if (r.lang == want) return r;
    return all.front();
}

// The question with its question phrase blanked and query syntax (quotes, brackets, fields,
// +/- signs, upper-case operators) neutralised, so it is searched as plain words.
std::string search_text(const std::string& question, const std::vector<Token>& tokens,
                        const QuestionInfo& info) {
    std::string q = question;
    // Blank the phrase words, from the back so earlier byte offsets stay valid.
    std::vector<std::size_t> phrase = info.phrase;
    std::sort(phrase.rbegin(), phrase.rend());
    for (std::size_t k : phrase) {
        std::size_t a = indexer::byte_offset(q, tokens[k].start);
        std::size_t b = indexer::byte_offset(q, tokens[k].end);
        q.replace(a, b - a, std::string(b - a, ' '));
    }
    for (char& c : q)
        if (c == '"' || c == '(' || c == ')' || c == ':') c = ' ';
    std::string out;
    std::size_t i = 0;
    while (i < q.size()) {
        std::size_t j = q.find_first_of(" \t\r\n", i);
        if (j == std::string::npos) j = q.size();
        std::string w = q.substr(i, j - i);
        while (!w.empty() && (w[0] == '+' || w[0] == '-')) w.erase(0, 1);
        if (w == "AND" || w == "OR" || w == "NOT") w = "";
        if (!w.empty()) out += (out.empty() ? "" : " ") + w;
        i = j + 1;
    }
    return out;
}

bool starts_upper(std::string_view s) {
    if (s.empty()) return false;
    int32_t i = 0;
    UChar32 c;
    U8_NEXT(s.data(), i, static_cast<int32_t>(s.size()), c);
    return c > 0 && (u_isupper(c) || u_istitle(c));
}

// Two or more letters, all capitals: "VAR", "NY", "US".
bool all_capitals(std::string_view s) {
    int32_t i = 0, letters = 0;
    while (i < static_cast<int32_t>(s.size())) {
        UChar32 c;
        U8_NEXT(s.data(), i, static_cast<int32_t>(s.size()), c);
        if (c < 0 || !u_isupper(c)) return false;
        ++letters;
    }
    return letters >= 2;
}

bool has_lower_case(std::string_view s) {
    for (int32_t i = 0; i < static_cast<int32_t>(s.size());) {
        UChar32 c;
        U8_NEXT(s.data(), i, static_cast<int32_t>(s.size()), c);
        if (c > 0 && u_islower(c)) return true;
    }
    return false;
}

// The other forms of an irregular verb (LanguageRules::word_forms) in either language; the
// lists are split into a map once rather than for every word of every question.
const std::vector<std::string_view>& other_forms(std::string_view word) {
    static const auto forms_of = [] {
        std::unordered_map<std::string_view, std::vector<std::string_view>> m;
        for (const auto& rules : answer_rules())
            for (auto forms : rules.word_forms) {
                auto parts = split_words(forms);
                for (auto w : parts)
                    for (auto p : parts)
                        if (p != w) m[w].push_back(p);
            }
        return m;
    }();
    static const std::vector<std::string_view> none;
    auto it = forms_of.find(word);
    return it == forms_of.end() ? none : it->second;
}

// The index of `word` among the question's words (each is there once), or -1.
int word_index(const Question& q, const std::string& word) {
    auto it = std::find_if(q.words.begin(), q.words.end(),
                           [&word](const QuestionWord& w) { return w.word == word; });
    return it == q.words.end() ? -1 : static_cast<int>(it - q.words.begin());
}

// True if the dictionaries of `langs` know the word only as a name, or not at all (nor, in
// Norwegian, as a compound of words they know: "nattogtilbud"). False without dictionaries.
bool looks_like_name(const std::string& word, const std::vector<std::string>& langs) {
    auto& lexicon = indexer::Lexicon::shared();
    bool checked = false;
    for (const auto& l : langs) {
        if (l == "en" ? !lexicon.has_english() : !lexicon.has_norwegian()) continue;
        checked = true;
        bool known = lexicon.knows(word, l) || (l != "en" && !lexicon.split(word).empty());
        if (known && !lexicon.is_name(word, l)) return false;
    }
    return checked;
}

// The stem terms, in each of `stem_langs`, of what the thesaurus of a question in `lang` ("en"
// or "nb") lists for `word`, each once ("nb" and "nn" share a stemmer). Kept process-wide:
// question words recur, and reading and stemming their kin took 4% of an answer.
std::vector<std::string> related_terms(const RelatedWords& related, indexer::Analyzer& analyzer,
                                       const std::string& lang,
                                       const std::vector<std::string>& stem_langs,
                                       const std::string& word) {
    static std::mutex mutex;
    static std::unordered_map<std::string, std::vector<std::string>> cache;
    std::string key = lang;
    for (const auto& l : stem_langs) key += "," + l;
    key += "\x1f" + word;
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (auto it = cache.find(key); it != cache.end()) return it->second;
    }
    // Snowball's Norwegian stemmer takes one ending at a time: "innbyggere" stems to
    // "innbygger", the headword "innbygger" to "innbygg"; and "beboere" to "beboer", the entry
    // "beboer" to "bebo". Both stems of the word are looked up, and the plural's stem of each
    // entry is a term as well.
    const bool norwegian = lang != "en";
    std::string stem = analyzer.stem(word, lang);
    std::vector<std::string> kin = related.of_stem(stem);
    if (std::string again = norwegian ? analyzer.stem(stem, lang) : stem; again != stem)
        for (auto& k : related.of_stem(again))
            if (std::find(kin.begin(), kin.end(), k) == kin.end()) kin.push_back(std::move(k));
    std::vector<std::string> terms;
    auto add = [&terms](std::string term) {
        if (std::find(terms.begin(), terms.end(), term) == terms.end())
            terms.push_back(std::move(term));
    };
    for (const auto& k : kin)
        for (const auto& l : stem_langs) {
            add(std::string(prefix::kStem) + analyzer.stem(k, l));
            if (norwegian && indexer::stemmer_name(l) == "norwegian")
                add(std::string(prefix::kStem) + analyzer.stem(k + "e", l));
        }
    constexpr std::size_t kMaxCachedWords = 5000;  // some 100 terms a word: at most ~10 MB
    std::lock_guard<std::mutex> lock(mutex);
    if (cache.size() >= kMaxCachedWords) cache.clear();
    cache.emplace(std::move(key), terms);
    return terms;
}

// The kin the thesaurus of the question's language lists for its words that are no names, as
// the stem terms of `langs` (Question::related_to_word).
void add_related_words(Question& q, indexer::Analyzer& analyzer,
                       const std::vector<std::string>& langs) {
    const RelatedWords* related = RelatedWords::for_lang(q.info.lang);
    if (!related) return;
    const std::string lang = q.info.lang == "en" ? "en" : "nb";
    for (std::size_t w = 0; w < q.words.size(); ++w) {
        if (q.words[w].name) continue;
        for (auto& term : related_terms(*related, analyzer, lang, langs, q.words[w].word))
            if (q.term_to_word.find(term) < 0) q.related_to_word.emplace(term, static_cast<int>(w));
    }
}

Question analyze(const std::string& text, Searcher& searcher,
                 const std::vector<std::string>& langs) {
    indexer::Analyzer& analyzer = searcher.analyzer();
    Question q;
    auto tokens = analyzer.tokenize(text);
    q.info = classify_question(tokens, analyzer);
    q.query = search_text(text, tokens, q.info);

    std::string stop_lang = q.info.lang == "en" ? "en" : (q.info.lang.empty() ? "" : "nb");
    std::vector<bool> in_phrase(tokens.size(), false);
    for (std::size_t k : q.info.phrase) in_phrase[k] = true;
    auto surface = [&text](const Token& t) {
        std::size_t a = indexer::byte_offset(text, t.start);
        return std::string_view(text).substr(a, indexer::byte_offset(text, t.end) - a);
    };
    // "Hva står VAR for?": an abbreviation is no stop word, whatever it spells. A question
    // typed all in capitals has none.
    bool mixed_case = has_lower_case(text);
    auto abbreviation = [&](const Token& t) { return mixed_case && all_capitals(surface(t)); };
    // "What does AFC stand for?": a stands-for word, "for" after it, and one abbreviation.
    if (!q.info.lang.empty()) {
        const auto& cues = rules_for(q.info.lang).stands_for_words;
        std::size_t cue = tokens.size(), count = 0, k_abbr = 0;
        for (std::size_t k = 0; k < tokens.size(); ++k) {
            if (cue == tokens.size() && cues.count(tokens[k].word)) cue = k;
            if (abbreviation(tokens[k])) {
                ++count;
                k_abbr = k;
            }
        }
        bool for_after = false;
        for (std::size_t k = cue + 1; k < tokens.size(); ++k) for_after |= tokens[k].word == "for";
        if (for_after && count == 1) {
            const std::string& a = tokens[k_abbr].word;
            for (int32_t i = 0, n = static_cast<int32_t>(a.size()); i < n;) {
                int32_t from = i;
                UChar32 c;
                U8_NEXT(a.data(), i, n, c);
                q.info.abbreviation.push_back(a.substr(from, i - from));
            }
        }
    }
    std::vector<std::size_t> content;
    for (std::size_t k = 0; k < tokens.size(); ++k)
        if (!in_phrase[k] &&
            (!indexer::is_stop_word(tokens[k].word, stop_lang) || abbreviation(tokens[k])))
            content.push_back(k);

    std::vector<bool> in_index;  // by the index of q.words

    double n = std::max<double>(1, passage_count(searcher.database()));
    int previous = -1, before_previous = -1;  // the content words before this one
    std::size_t previous_k = tokens.size();   // the token of `previous`
    std::size_t name_start = 0;               // the byte where the last full name starts
    for (std::size_t k : content) {
        const Token& t = tokens[k];
        auto terms = word_terms(t.word, analyzer, langs);
        for (const auto& v : t.variants) terms.push_back(std::string(prefix::kVariant) + v);
        for (const auto& form : other_forms(t.word))
            for (auto& term : word_terms(std::string(form), analyzer, langs))
                terms.push_back(std::move(term));
        int index = word_index(q, t.word);
        if (index < 0) {
            double df = 0;
            for (const auto& term : terms) df = std::max<double>(df, searcher.term_freq(term));
            if (df == 0 && q.info.type == AnswerType::place && !q.info.lang.empty() &&
                rules_for(q.info.lang).place_verbs.count(t.word))
                continue;
            index = static_cast<int>(q.words.size());
            bool name = k > 0 && t.capitalized;
            in_index.push_back(df > 0);
            // A name is related to the words it starts ("Berlin" / "Berlinmuren") but not to
            // those its stem starts ("Bergen" stems to "berg").
            std::vector<std::string> stems;
            if (name) stems.push_back(t.word);
            for (const auto& l : langs) {
                if (name) break;
                std::string st = analyzer.stem(t.word, l);
                if (std::find(stems.begin(), stems.end(), st) == stems.end()) stems.push_back(st);
            }
            q.words.push_back({t.word,
                               std::move(stems),
                               std::log(1 + (n - df + 0.5) / (df + 0.5)),
                               name,
                               abbreviation(t),
                               {},
                               0});
            q.total_idf += q.words.back().idf;
            if (q.rarest < 0 || q.words.back().idf > q.words[q.rarest].idf) q.rarest = index;
        }
        for (const auto& term : terms) q.term_to_word.emplace(term, index);
        if (k > 0 && !q.info.lang.empty()) {
            const auto& ordinals = rules_for(q.info.lang).ordinals;
            if (auto o = ordinals.find(tokens[k - 1].word); o != ordinals.end())
                q.words[static_cast<std::size_t>(index)].ordinal = o->second;
        }
        auto pair = [&q, index](int other) {
            if (other >= 0 && other != index && !(q.words[other].name && q.words[index].name))
                q.pairs.emplace_back(other, index);
        };
        pair(previous);
        if (before_previous != previous) pair(before_previous);
        // Names written next to each other in the question make one name.
        if (previous >= 0 && previous_k + 1 == k &&
            q.words[static_cast<std::size_t>(previous)].name &&
            q.words[static_cast<std::size_t>(index)].name && previous != index) {
            if (q.full_names.empty() || q.full_names.back().words.back() != previous) {
                q.full_names.push_back({{previous}, {}});
                name_start = indexer::byte_offset(text, tokens[previous_k].start);
            }
            q.full_names.back().words.push_back(index);
            q.full_names.back().text =
                text.substr(name_start, indexer::byte_offset(text, t.end) - name_start);
        }
        before_previous = previous;
        previous = index;
        previous_k = k;
        if (!q.info.focus.empty() && t.word == q.info.focus) q.focus = index;
    }
    // The index holds "VAR" as "var" ("was"), the function word: how rare the abbreviation is,
    // it cannot tell. It names what the question is about, so it counts as much as the
    // question's rarest word. (Abbreviations spelled like other words, "NY" / "ny", keep the
    // word's idf: raising "CM" / "cm" and "LEM" / "lem" cost SQuAD answers.)
    double top = 0;
    for (const auto& w : q.words) top = std::max(top, w.idf);
    for (std::size_t i = 0; i < q.words.size(); ++i) {
        QuestionWord& w = q.words[i];
        if (w.abbreviation && w.idf < top && indexer::is_stop_word(w.word, stop_lang)) {
            q.total_idf += top - w.idf;
            w.idf = top;
            q.rarest = static_cast<int>(i);
        }
    }
    // "Who was Peder Hiort?" asks what he was ("church builder and theologian"), not for a name;
    // "Who was the MVP?" and "Who was Count of Melfi?" (words that are no names) ask for one.
    // A question typed all in lower case ("who was peder hiort") marks no name by its capitals.
    // There, a word of the index that the dictionaries know only as a name, or do not know at
    // all, is taken for one, but only here: as a name of the question throughout, such guesses
    // cost SQuAD's questions, lower-cased, 17 answer passages ("american", "french" are names
    // to the dictionary, and make ask abstain).
    if (q.info.definition && q.info.type == AnswerType::person) {
        bool lower_case = std::none_of(tokens.begin(), tokens.end(), [&](const Token& t) {
            return t.start > 0 && t.capitalized;
        });
        std::size_t copula = q.info.phrase.back() + 1;
        bool names_only = copula + 1 < tokens.size();
        for (std::size_t k = copula + 1; k < tokens.size() && names_only; ++k) {
            int w = word_index(q, tokens[k].word);
            if (w < 0) {
                names_only = false;
            } else {
                auto i = static_cast<std::size_t>(w);
                names_only = q.words[i].name || (lower_case && in_index[i] && !tokens[k].numeric &&
                                                 looks_like_name(tokens[k].word, langs));
            }
        }
        if (names_only) {
            q.info.type = AnswerType::thing;
            q.info.describes_name = true;
        }
    }
    // A name whose last word the dictionaries of the question's language know as another word
    // ("Green Dining Room", "Røros Kobberverk") is not called by that word alone.
    std::vector<std::string> dictionaries = langs;
    if (q.info.lang == "en") dictionaries = {"en"};
    if (q.info.lang == "no") dictionaries = {"nb", "nn"};
    std::erase_if(q.full_names, [&](const Question::FullName& name) {
        return !looks_like_name(q.words[static_cast<std::size_t>(name.words.back())].word,
                                dictionaries);
    });
    if (q.info.lang == "no")
        for (auto& w : q.words) {
            if (w.name) continue;
            for (auto& lemma : indexer::Lexicon::shared().lemmas(w.word)) {
                if (lemma.size() < 2 || indexer::is_stop_word(lemma, "nb")) continue;
                q.lemma_heads[lemma_head(lemma)] = true;
                w.lemmas.push_back(std::move(lemma));
            }
        }
    add_related_words(q, analyzer, langs);
    return q;
}

void add_synonyms(Question& q, const std::vector<Expansion>& expansions) {
    for (const auto& e : expansions) {
        if ((e.kind != "synonym" && e.kind != "correction") || !e.phrase.empty()) continue;
        int word = word_index(q, e.word);
        if (word < 0) continue;
        for (const auto& term : e.terms)
            if (q.term_to_word.find(term) < 0) q.synonym_to_word.emplace(term, word);
    }
}

// True if tokens[i] is a word of one of `phrases` ("på grunn av") where the tokens say it.
bool in_fixed_phrase(const std::vector<Token>& tokens, std::size_t i,
                     const std::vector<std::string_view>& phrases) {
    for (auto phrase : phrases) {
        auto words = split_words(phrase);
        for (std::size_t j = 0; j < words.size() && j <= i; ++j) {
            if (words[j] != tokens[i].word || i - j + words.size() > tokens.size()) continue;
            bool all = true;
            for (std::size_t k = 0; k < words.size() && all; ++k)
                all = tokens[i - j + k].word == words[k];
            if (all) return true;
        }
    }
    return false;
}

// Code point index -> byte offset of a UTF-8 text (one entry past the end).
std::vector<std::size_t> code_point_bytes(std::string_view s) {
    std::vector<std::size_t> out;
    out.reserve(s.size() + 1);
    for (std::size_t i = 0; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(i);
    out.push_back(s.size());
    return out;
}

// Stems that share a root: one extends the other by a short ending ("edit" / "editor"), or in
// Norwegian, a compound ends or starts with the other ("debutalbum" / "album").
bool related_stems(const std::string& a, const std::string& b, bool compounds) {
    const std::string& s = a.size() <= b.size() ? a : b;
    const std::string& l = a.size() <= b.size() ? b : a;
    if (s.size() < 4 || s.size() == l.size() || (s[0] >= '0' && s[0] <= '9')) return false;
    bool prefix = l.compare(0, s.size(), s) == 0;
    if (prefix && (l.size() - s.size() <= 4 || (compounds && s.size() >= 5))) return true;
    return compounds && l.size() >= s.size() + 3 &&
           l.compare(l.size() - s.size(), s.size(), s) == 0;
}

struct Match {
    int word = -1;       // the question word, or -1
    float credit = 0;    // 1 for the same word, less for a related one
    bool loose = false;  // a thesaurus's kin of the word: evidence, but not the word itself
};

// The question word a text token matches: as itself (credit 1); else, unless partial_credit
// is 0, as a synonym or related form (partial_credit) or as thesaurus kin (related_credit).
Match match(const Question& q, const Token& t, indexer::Analyzer& analyzer,
            const std::vector<std::string>& stem_langs, float partial_credit,
            float related_credit) {
    // The token's word, folded spellings and stems, as the index terms they would be; each is
    // looked up as soon as it is made, so a token matched as written is not stemmed.
    std::vector<std::string> keys = {t.word};
    for (const auto& v : t.variants) keys.push_back(std::string(prefix::kVariant) + v);
    for (const auto& key : keys)
        if (int w = q.term_to_word.find(key); w >= 0) return {w, 1};
    // A Snowball stem begins with its word's first letter (tests/analyzer_test.cpp). Where
    // stems relate only from their start (English: related_stems), a word whose letter begins
    // no stem key it looks up could match by no stem, and is not stemmed. The question words'
    // own stems (QuestionWord::stems) are stem keys of term_to_word, or for a name its word,
    // whose stem key begins alike.
    const unsigned char initial = t.word.empty() ? 0 : static_cast<unsigned char>(t.word[0]);
    const bool stemmed = q.term_to_word.may_hold_stem(initial) ||
                         q.synonym_to_word.may_hold_stem(initial) ||
                         q.related_to_word.may_hold_stem(initial) ||
                         std::any_of(stem_langs.begin(), stem_langs.end(),
                                     [](const std::string& l) { return l != "en"; });
    std::vector<std::string> stems;
    for (const auto& l : stem_langs) {
        if (!stemmed) break;
        stems.push_back(analyzer.stem(t.word, l));
        keys.push_back(std::string(prefix::kStem) + stems.back());
        if (int w = q.term_to_word.find(keys.back()); w >= 0) return {w, 1};
    }
    if (partial_credit <= 0) return {};
    for (const auto& key : keys)
        if (int w = q.synonym_to_word.find(key); w >= 0) return {w, partial_credit};
    // Another form of a question word by the Norwegian dictionary: "går" of "gå", "eid" of
    // "eier" ("eie").
    if (t.word.size() >= 2 && q.lemma_heads[lemma_head(t.word)] &&
        std::any_of(stem_langs.begin(), stem_langs.end(),
                    [](const std::string& l) { return l != "en"; }) &&
        !indexer::is_stop_word(t.word, "nb")) {
        auto [it, fresh] = q.lemma_matches.try_emplace(t.word, -1);
        if (fresh)
            for (const auto& lemma : indexer::Lexicon::shared().lemmas(t.word))
                for (std::size_t k = 0; k < q.words.size() && it->second < 0; ++k)
                    if (std::find(q.words[k].lemmas.begin(), q.words[k].lemmas.end(), lemma) !=
                        q.words[k].lemmas.end())
                        it->second = static_cast<int>(k);
        if (it->second >= 0) return {it->second, partial_credit};
    }
    for (std::size_t i = 0; i < stems.size(); ++i)
        for (std::size_t k = 0; k < q.words.size(); ++k)
            for (const auto& qs : q.words[k].stems)
                if (related_stems(stems[i], qs, stem_langs[i] != "en"))
                    return {static_cast<int>(k), partial_credit};
    if (related_credit > 0)  // stem terms only (add_related_words): the last keys
        for (std::size_t i = keys.size() - stems.size(); i < keys.size(); ++i)
            if (int w = q.related_to_word.find(keys[i]); w >= 0) return {w, related_credit, true};
    return {};
}

// Initials written together, which the tokenizer keeps as one word: "D.W" of "D.W. Griffith".
bool joined_initials(std::string_view surface) {
    if (surface.find('.') == std::string_view::npos) return false;
    for (std::size_t a = 0; a <= surface.size();) {
        std::size_t b = std::min(surface.find('.', a), surface.size());
        std::string_view part = surface.substr(a, b - a);
        if (!starts_upper(part) || indexer::count_code_points(part) != 1) return false;
        a = b + 1;
    }
    return true;
}

// ICU ends a sentence at every full stop before a capital letter; after an initial ("Kurt H.
// Debus", "D.W. Griffith") or an abbreviation ("St. Olav") the sentence goes on.
template <class View>
std::vector<indexer::Sentence> join_false_breaks(std::vector<indexer::Sentence> sentences,
                                                 const std::vector<Token>& tokens,
                                                 const LanguageRules& rules, View view) {
    std::vector<indexer::Sentence> out;
    std::size_t k = 0;
    for (const auto& s : sentences) {
        bool join = false;
        if (!out.empty()) {
            const auto& prev = out.back();
            while (k < tokens.size() && tokens[k].end <= prev.end) ++k;
            if (k > 0 && tokens[k - 1].end + 1 == prev.end && view(prev.end - 1, prev.end) == ".") {
                const Token& last = tokens[k - 1];
                std::string_view surface = view(last.start, last.end);
                join = (last.end - last.start == 1 && starts_upper(surface)) ||
                       joined_initials(surface) || rules.abbreviations.count(last.word) > 0;
            }
        }
        if (join)
            out.back().end = s.end;
        else
            out.push_back(s);
    }
    return out;
}

// Currency and minus signs before and percent signs after an amount belong to it: "$1.2",
// "−11.7", "95 %". REQUIRES: start < end <= length.
template <class View>
void widen_to_symbols(View view, std::size_t length, std::size_t& start, std::size_t& end) {
    if (start > 0) {
        auto c = view(start - 1, start);
        auto before = start > 1 ? view(start - 2, start - 1) : std::string_view(" ");
        bool digit = std::isdigit(static_cast<unsigned char>(view(start, start + 1)[0]));
        // A minus sign ("−11.7 °C"), not the dash of a range ("1715–1789").
        bool minus = (c == "−" || c == "-") && digit && (before == " " || before == "(");
        if (c == "$" || c == "£" || c == "€" || minus) --start;
    }
    if (end < length && view(end, end + 1) == "%")
        ++end;
    else if (end + 1 < length && view(end + 1, end + 2) == "%" &&
             (view(end, end + 1) == " " || view(end, end + 1) == "\u00a0"))
        end += 2;
    // A span that opens a bracket closes it: "740 K (467 °C)".
    if (end < length && view(end, end + 1) == ")") {
        auto span = view(start, end);
        if (std::count(span.begin(), span.end(), '(') > std::count(span.begin(), span.end(), ')'))
            ++end;
    }
    // A span that is all of a quotation is shown with its quotation marks: «Paradise Hotel».
    if (start > 0 && end < length) {
        static constexpr std::pair<std::string_view, std::string_view> kQuotes[] = {
            {"«", "»"}, {"“", "”"}, {"\"", "\""}, {"„", "“"}};
        auto open = view(start - 1, start), close = view(end, end + 1);
        for (const auto& [o, c] : kQuotes) {
            if (open == o && close == c) {
                --start;
                ++end;
                break;
            }
        }
    }
}

// Tab- and newline-free text for one trace field.
std::string trace_field(std::string_view s) {
    std::string o(s);
    for (char& c : o)
        if (c == '\n' || c == '\t' || c == '\r') c = ' ';
    return o;
}

// How surely a sentence with a person's pronoun holds the names of the sentence before it.
// Fitted on the QA sets: 0.8 gave NorQuAD 1 more answer passage and 4 more short answers,
// SQuAD 3 and 5; 1.0 changed more answers, some for the worse; 0.5 gained 1 and 1, and none.
constexpr float kPronounCredit = 0.8f;
// Added to the placement score of an echoed candidate (Candidate::echoed): right after a naming
// word ("known as", "kalles") when the question asks what something is called, or defining the
// question's words. Too rare in the QA sets to be fitted.
constexpr double kEchoBonus = 3.0;
// For a candidate naming the doer of the question's verb, or what a verb in the passive was
// done to (Candidate::agent): it outweighs a phrase nearer the question's words ("kept by
// Peder Hiort, … painted by Anders Nilsson").
constexpr double kAgentBonus = 3.0;
// For a word of the class the question asks for (Candidate::member): "linebacker Von Miller
// knocked the ball …" answers "What position does Von Miller play?" with "linebacker", however
// near the question's words the rest of the sentence is.
constexpr double kMemberBonus = 3.0;
// For a reason clause ("because …", "fordi …") answering a why-question: the placement table
// favours plain chunks for reasons (fitted on few questions), which answered "Hvorfor gikk
// verket konkurs?" with "i 1849 og virksomheten opphørte" beside "på grunn av konkurranse …".
constexpr double kReasonBonus = 4.0;

// How much less sure an answer is that lacks the form its question asks for: to "when", one
// that names no time (no digit, month, number word or century); to "What does AFC stand
// for?", one that does not spell it. Fitted on "when": of the answers it dropped (no answer
// instead), 2 of 2 were wrong on NorQuAD and 4 of 7 on SQuAD.
constexpr double kFormless = 0.4;
// The confidence at which a span may stand in for a best-scored one too unsure to give
// (Reader::best()). At 0.4, SQuAD gets 6 more answer passages, and as many same-language
// questions its index cannot answer get an answer as before (0.35: 4 more; 0.25: 53 more).
constexpr double kSureEnough = 0.4;

// Does candidate c name a time or amount: a digit, a month or weekday, a number word ("three",
// "tre") or a century word?
bool names_time(const std::vector<WordView>& ws, const Candidate& c, const LanguageRules& rules) {
    for (std::size_t k = c.first; k <= c.last; ++k) {
        std::string_view w = ws[k].word;
        if (ws[k].numeric || rules.months.count(w) || rules.number_words.count(w) ||
            rules.century_words.count(w))
            return true;
    }
    return false;
}

constexpr std::size_t kFar = static_cast<std::size_t>(-1);  // no such word in the sentence
// How much better the best sentence in another language than the question's must score than
// the best in the question's language to give the answer (Reader::best()).
constexpr double kOtherLanguage = 0.25;
constexpr double kUnscored = -1e9;  // a sentence without question words, never scored

struct Choice {
    const Hit* hit = nullptr;
    double score = -1e9, confidence = 0;
    std::size_t span_start = 0, span_end = 0;  // code points in the passage text
    std::size_t passage_start = 0, passage_end = 0;
    bool member = false;    // the span is a word of the question's answer class
    double names_held = 0;  // share of the question's names its passage or title holds
};

// True if text in `lang` is in the question's language: the same rules, or either unknown.
bool in_question_language(const Question& q, std::string_view lang) {
    return lang.empty() || q.info.lang.empty() || &rules_for(lang) == &rules_for(q.info.lang);
}

// Reads passages one by one and keeps the best (sentence, span) seen in text in the question's
// language and in text in another.
class Reader {
  public:
    Reader(const Question& q, indexer::Analyzer& analyzer, const AskOptions& options)
        : m_q(q), m_analyzer(analyzer), m_o(options) {}

    // Notes which of the question's full names the hit writes out as the question does: in
    // every passage of its text read later, the last word of such a name stands for all of it
    // (a news story names "Trond Giske" once, then says "Giske").
    void note_names(const Hit& hit) {
        for (std::size_t g = 0; g < m_q.full_names.size(); ++g)
            if (hit.text.find(m_q.full_names[g].text) != std::string::npos)
                m_named.insert({hit.doc_id, g});
    }

    // prior: the passage's search score relative to the best passage's (0..1). The question's
    // word pairs the passage holds add to it here.
    void read(const Hit& hit, double prior) {
        const std::string& text = hit.text;
        std::vector<std::string> stem_langs;
        if (hit.lang.empty())
            stem_langs = indexer::known_langs();
        else
            stem_langs.push_back(hit.lang);
        const LanguageRules& rules = rules_for(hit.lang.empty() ? m_q.info.lang : hit.lang);
        std::size_t side = in_question_language(m_q, hit.lang) ? 0 : 1;
        Choice& best = m_best[side];
        Choice& sure = m_sure[side];

        // The search's tokens of the passage, when it made them (widen_passage).
        std::vector<Token> own;
        if (!hit.tokens) own = m_analyzer.tokenize(text);
        const std::vector<Token>& tokens = hit.tokens ? *hit.tokens : own;
        auto bytes = code_point_bytes(text);
        auto view = [&](std::size_t a, std::size_t b) {
            return std::string_view(text).substr(bytes[a], bytes[b] - bytes[a]);
        };
        // The sentences widen_passage found, when it did.
        auto sentences = join_false_breaks(
            hit.sentences ? *hit.sentences : m_analyzer.sentences(text), tokens, rules, view);
        std::size_t nw = m_q.words.size();
        std::vector<float> in_title(nw, 0);
        auto title = m_analyzer.tokenize(hit.title + "\n" + hit.section);
        for (std::size_t ti = 0; ti < title.size(); ++ti) {
            Match m = match_at(title, ti, stem_langs, hit.lang, rules);
            if (m.word >= 0) in_title[m.word] = std::max(in_title[m.word], m.credit);
        }

        // Words of each sentence, and how well each sentence holds each question word.
        std::vector<std::vector<WordView>> words(sentences.size());
        std::vector<std::vector<float>> has(sentences.size(), std::vector<float>(nw, 0));
        // The same without thesaurus kin (Match::loose): what the confidence counts. Kin tell
        // sentences apart but do not make a question answerable: with them, questions whose
        // answers the index lacks got answers a quarter more often (SQuAD's, by halves).
        auto firm = has;
        std::size_t s = 0;
        for (std::size_t ti = 0; ti < tokens.size(); ++ti) {
            const Token& t = tokens[ti];
            while (s < sentences.size() && sentences[s].end <= t.start) ++s;
            if (s == sentences.size()) break;
            if (t.start < sentences[s].start) continue;
            WordView w;
            w.start = t.start;
            w.end = t.end;
            w.word = t.word;
            w.surface = view(t.start, t.end);
            std::size_t prev_end = words[s].empty() ? sentences[s].start : words[s].back().end;
            w.gap = view(prev_end, t.start);
            w.numeric = t.numeric;
            w.capital = t.capitalized;
            w.stop = indexer::is_stop_word(t.word, hit.lang);
            Match m = match_at(tokens, ti, stem_langs, hit.lang, rules);
            w.qword = m.loose ? -1 : m.word;  // spans and pairs take kin for other words
            w.related = m.word >= 0 && m.credit < 1;
            w.qname = m.word >= 0 && m_q.words[m.word].name;
            if (m.word >= 0) has[s][m.word] = std::max(has[s][m.word], m.credit);
            if (m.word >= 0 && !m.loose) firm[s][m.word] = std::max(firm[s][m.word], m.credit);
            words[s].push_back(w);
        }

        // "When the mining started, there was already a settlement": a clause opened by a when
        // word names a time by the question's own words, it does not give one. For a when
        // question, question words only there do not count for the sentence, unless the
        // clause holds a number ("Da manien nådde toppen i 1637, ...").
        if (m_q.info.type == AnswerType::date)
            for (std::size_t i = 0; i < sentences.size(); ++i) {
                discount_time_clause(words[i], has[i], rules);
                discount_time_clause(words[i], firm[i], rules);
            }

        // "Giske gikk hardt ut …" in a passage or text that names Trond Giske: there the last
        // word of a name stands for all of it.
        for (std::size_t g = 0; g < m_q.full_names.size(); ++g) {
            const auto& name = m_q.full_names[g].words;
            auto last = static_cast<std::size_t>(name.back());
            bool named = m_named.count({hit.doc_id, g}) > 0 ||
                         std::any_of(has.begin(), has.end(), [&](const std::vector<float>& h) {
                             return std::all_of(name.begin(), name.end(), [&](int w) {
                                 return h[static_cast<std::size_t>(w)] >= 1;
                             });
                         });
            if (!named) continue;
            for (std::size_t i = 0; i < sentences.size(); ++i)
                for (int w : name) {
                    auto u = static_cast<std::size_t>(w);
                    has[i][u] = std::max(has[i][u], has[i][last]);
                    firm[i][u] = std::max(firm[i][u], firm[i][last]);
                }
        }

        // "Denne gangen scoret han …" after a sentence naming Harry Kane: a sentence with a
        // person's pronoun holds the names of the sentence before, mostly (kPronounCredit).
        for (std::size_t i = sentences.size(); i-- > 1;) {
            if (std::none_of(words[i].begin(), words[i].end(), [&](const WordView& w) {
                    return rules.person_pronouns.count(w.word) > 0;
                }))
                continue;
            for (std::size_t w = 0; w < nw; ++w) {
                if (!m_q.words[w].name) continue;
                has[i][w] = std::max(has[i][w], kPronounCredit * has[i - 1][w]);
                firm[i][w] = std::max(firm[i][w], kPronounCredit * firm[i - 1][w]);
            }
        }

        // The share of the question's names the passage or its title holds: a passage without
        // them is about something else ("the first man on the Moon", "innbyggere i Bergen").
        // It weighs in each sentence's score (AskOptions::names_weight) and confidence.
        double names = 0, names_idf = 0;
        for (std::size_t w = 0; w < nw; ++w) {
            if (!m_q.words[w].name) continue;
            float credit = in_title[w];
            for (const auto& h : has) credit = std::max(credit, h[w]);
            names += credit * m_q.words[w].idf;
            names_idf += m_q.words[w].idf;
        }
        double names_held = names_idf > 0 ? names / names_idf : 1.0;

        // Each sentence's best score, for choosing the passage's second sentence.
        std::vector<double> scores(sentences.size(), kUnscored);
        // The share of the question's word pairs (pairs_held) each sentence holds. The passage's
        // best share adds to its prior: a passage that says the question's phrases is likelier
        // about its subject in all its sentences. A question of one or two pairs says little
        // by them, and adds less.
        std::vector<double> pair_share(sentences.size());
        double best_share = 0;
        for (std::size_t i = 0; i < sentences.size(); ++i) {
            pair_share[i] = pairs_held(words[i]);
            best_share = std::max(best_share, pair_share[i]);
        }
        prior += m_o.passage_pair_weight * best_share *
                 std::min(1.0, static_cast<double>(m_q.pairs.size()) / 3.0);
        // Words the passage writes capitalised inside a sentence: names (first_name()).
        std::optional<std::unordered_set<std::string_view>> capitals;
        auto inner_capitals = [&]() -> const std::unordered_set<std::string_view>& {
            if (!capitals) {
                capitals.emplace();
                for (const auto& ws : words)
                    for (std::size_t k = 1; k < ws.size(); ++k)
                        if (ws[k].capital) capitals->insert(ws[k].word);
            }
            return *capitals;
        };
        std::size_t chosen = sentences.size();  // the sentence of the best span, if in this hit
        std::size_t chosen_sure = sentences.size();
        for (std::size_t i = 0; i < sentences.size(); ++i) {
            // Coverage: the idf-weighted share of question words in the sentence (strict),
            // also counting those in a neighbouring sentence or the title at a discount.
            auto coverage = [&](const std::vector<std::vector<float>>& credits) {
                double sum = 0;
                for (std::size_t w = 0; w < nw; ++w) {
                    double around = std::max(i > 0 ? credits[i - 1][w] : 0.0f,
                                             i + 1 < sentences.size() ? credits[i + 1][w] : 0.0f);
                    sum +=
                        std::max({static_cast<double>(credits[i][w]), m_o.neighbour_credit * around,
                                  m_o.title_credit * in_title[w]}) *
                        m_q.words[w].idf;
                }
                return sum / m_q.total_idf;
            };
            double strict = 0;
            for (std::size_t w = 0; w < nw; ++w) strict += has[i][w] * m_q.words[w].idf;
            if (strict <= 0) continue;  // the sentence itself must hold a question word
            strict /= m_q.total_idf;
            const double cover = coverage(has), firm_cover = coverage(firm);

            const auto& ws = words[i];
            auto candidates = find_candidates(ws, m_q.info, m_q.focus, m_q.words.size(), rules);
            // A sentence holding an answer of the asked-for form ("when": a date) is likelier.
            double typed = 0;
            // For "Who was Peder Hiort?", what he was: a description (answer_spans.cpp).
            for (const auto& c : candidates)
                if (of_type(c.kind, m_q.info.type) ||
                    (m_q.info.describes_name && c.kind == AnswerType::thing))
                    typed = std::max(typed, c.fitness);
            double base = cover + m_o.prior_weight * prior + m_o.type_weight * typed +
                          m_o.names_weight * names_held;
            // Word pairs tell a sentence on the question's subject from one on another thing
            // named alike only where the question's rarest word is at hand: "The new smelting
            // hut was built of stone" does not say what "the chimney of the smelting hut" is
            // built of.
            auto r = static_cast<std::size_t>(m_q.rarest);
            double pairs = 0;
            if (in_title[r] >= 1 || has[i][r] >= 1 || (i > 0 && has[i - 1][r] >= 1) ||
                (i + 1 < sentences.size() && has[i + 1][r] >= 1))
                pairs = pair_share[i];
            base += m_o.pair_weight * pairs;
            double best_placement = -1e9;
            if (m_o.trace)
                *m_o.trace << "S\t" << hit.doc_id << '#' << hit.passage << '\t' << i << '\t'
                           << cover << '\t' << strict << '\t' << prior << '\t' << typed << '\t'
                           << ws.size() << '\t'
                           << trace_field(view(sentences[i].start, sentences[i].end));
            if (m_o.trace) {
                *m_o.trace << '\t';
                for (std::size_t k = 0; k < ws.size(); ++k)
                    *m_o.trace << (k ? "," : "") << ws[k].qword << (ws[k].stop ? "s" : "")
                               << (ws[k].capital ? "c" : "")
                               << (k > 0 && breaks_phrase(ws[k].gap) ? "p" : "")
                               << (rules.articles.count(ws[k].word) ? "a" : "")
                               << (ws[k].qword >= 0 && ws[k].qword == m_q.focus ? "f" : "");
                *m_o.trace << '\n';
            }
            for (const auto& c : candidates) {
                // Whom a pronoun stands for: the first name of the sentence before, unless it
                // is the question's own ("Who did Tesla think …? … he thought").
                std::pair<std::size_t, std::size_t> antecedent;
                if (c.pronoun &&
                    !(i > 0 &&
                      (antecedent = first_name(words[i - 1], inner_capitals(), rules)).second > 0))
                    continue;
                double placement = placement_score(ws, c, rules, view);
                best_placement = std::max(best_placement, placement);
                double score = base + m_o.candidate_weight * placement;
                scores[i] = std::max(scores[i], score);
                // "down, it became a museum" for "When were the copperworks shut down?": an
                // answer to "when" that names no time is mostly a guess.
                bool untimed = m_q.info.type == AnswerType::date && c.kind != AnswerType::date &&
                               !names_time(ws, c, rules);
                // Nor is an answer to "What does AFC stand for?" that does not spell it.
                bool unspelled = !m_q.info.abbreviation.empty() && !c.spells;
                // Calibrated on the QA sets: right answers mostly score above 0.4, questions
                // the corpus cannot answer mostly below 0.25.
                double confidence = firm_cover * (0.5 + 0.5 * c.fitness) *
                                    (0.5 + 0.5 * names_held) *
                                    (untimed || unspelled ? kFormless : 1.0);
                auto take = [&](Choice& choice) {
                    choice.hit = &hit;
                    choice.score = score;
                    choice.confidence = confidence;
                    choice.names_held = names_held;
                    choice.member = c.member;
                    choice.span_start = ws[c.shown_first].start;
                    choice.span_end = ws[c.shown_last].end;
                    if (c.pronoun) {
                        choice.span_start = words[i - 1][antecedent.first].start;
                        choice.span_end = words[i - 1][antecedent.second - 1].end;
                    }
                    widen_to_symbols(view, bytes.size() - 1, choice.span_start, choice.span_end);
                };
                if (score > best.score) {
                    take(best);
                    chosen = i;
                }
                if (score > sure.score && (confidence >= kSureEnough ||
                                           (m_q.info.type == AnswerType::date && !untimed))) {
                    take(sure);
                    chosen_sure = i;
                }
            }
            // The score's parts: the features AskOptions' weights combine.
            if (m_o.trace && scores[i] > kUnscored)
                *m_o.trace << "E\t" << scores[i] << '\t' << cover << '\t' << prior << '\t' << typed
                           << '\t' << names_held << '\t' << pairs << '\t' << best_placement << '\n';
        }
        auto refers = [&](std::size_t k) {
            return !words[k].empty() && rules.pronouns.count(words[k][0].word) > 0;
        };
        // For a why-question, the sentence before one saying what followed ("As a result, …",
        // not "As a result of the war, …").
        auto follows = [&](std::size_t k) {
            if (m_q.info.type != AnswerType::reason) return false;
            const auto& w = words[k];
            for (auto opener : rules.consequence_openers)
                if (std::size_t e = match_cue(w, 0, opener);
                    e > 0 && (e == w.size() || !of_word(w[e].word)))
                    return true;
            return false;
        };
        if (chosen < sentences.size())
            choose_passage(best, sentences, chosen, has, scores, text, bytes, refers(chosen),
                           follows(chosen), words[chosen]);
        // Mostly the sure choice is the best one: its passage is chosen once.
        if (chosen_sure < sentences.size() && chosen_sure == chosen &&
            sure.span_start == best.span_start && sure.span_end == best.span_end) {
            sure.passage_start = best.passage_start;
            sure.passage_end = best.passage_end;
        } else if (chosen_sure < sentences.size()) {
            choose_passage(sure, sentences, chosen_sure, has, scores, text, bytes,
                           refers(chosen_sure), follows(chosen_sure), words[chosen_sure]);
        }
    }

    // The answer from text in the question's language, unless text in another holds more of
    // the question's names or scores clearly better (kOtherLanguage): the Bokmål translation
    // of a text is a poor answer to a question asked in English, but the only text about
    // Bodø is not. Where that answer is too unsure to give (AskOptions::min_confidence), the
    // best of those sure enough to stand in for it (m_sure) is given instead, if it may be.
    const Choice& best() const {
        const Choice& pick = preferred(m_best);
        if (pick.confidence >= m_o.min_confidence) return pick;
        const Choice& sure = preferred(m_sure);
        return sure.confidence >= m_o.min_confidence ? sure : pick;
    }

  private:
    const Choice& preferred(const Choice (&choices)[2]) const {
        const Choice &same = choices[0], &other = choices[1];
        if (!other.hit) return same;
        if (!same.hit || other.names_held > same.names_held ||
            other.score - kOtherLanguage > same.score)
            return other;
        return same;
    }

    // The idf-weighted share of the question's word pairs (Question::pairs) the sentence
    // holds in the question's order, at most one content word apart: "stone bridge over the
    // river", "invaded France" say more together than their words scattered over a sentence.
    double pairs_held(const std::vector<WordView>& ws) const {
        double total = 0, held = 0;
        for (auto [a, b] : m_q.pairs) {
            double weight = m_q.words[a].idf + m_q.words[b].idf;
            total += weight;
            bool found = false;
            for (std::size_t k = 0; k < ws.size() && !found; ++k) {
                if (ws[k].qword != a) continue;
                std::size_t between = 0;
                for (std::size_t l = k + 1; l < ws.size() && between <= 1 && !found; ++l) {
                    found = ws[l].qword == b;
                    between += !ws[l].stop;
                }
            }
            if (found) held += weight;
        }
        return total > 0 ? held / total : 0;
    }

    // The words [first, end) of the first name in a sentence (capitalised words in a row, or
    // joined by a name joiner: "Alfred av England"), or end 0 where there is none or it holds
    // a question word. A sentence's first word alone is a name only where the passage also
    // writes it capitalised inside a sentence (`names`): "One of the most …" is none.
    static std::pair<std::size_t, std::size_t> first_name(
        const std::vector<WordView>& ws, const std::unordered_set<std::string_view>& names,
        const LanguageRules& rules) {
        auto capital = [&](std::size_t k) { return ws[k].capital && !ws[k].numeric; };
        for (std::size_t k = 0; k < ws.size(); ++k) {
            if (!capital(k) || ws[k].stop) continue;
            std::size_t e = k + 1;
            while (e < ws.size() && blank(ws[e].gap)) {
                if (capital(e))
                    ++e;
                else if (rules.name_joiners.count(ws[e].word) &&
                         !rules.list_words.count(ws[e].word) && e + 1 < ws.size() &&
                         blank(ws[e + 1].gap) && capital(e + 1))
                    e += 2;
                else
                    break;
            }
            if (k == 0 && e == 1 && !names.count(ws[0].word)) continue;
            for (std::size_t j = k; j < e; ++j)
                if (ws[j].qword >= 0) return {0, 0};
            return {k, e};
        }
        return {0, 0};
    }

    // How well a candidate sits in its sentence for the expected type (answer_rules.hpp).
    template <class View>
    double placement_score(const std::vector<WordView>& ws, const Candidate& c,
                           const LanguageRules& rules, View view) const {
        // Distances count content words only: "known as “the mountain cathedral”" is near.
        std::size_t before = 1000, after = 1000;  // to the nearest question word
        std::size_t between = 0;                  // content words since the last question word
        std::size_t last_question = 1000;
        bool cap = false, digits = false;
        for (std::size_t k = 0; k < ws.size(); ++k) {
            if (k >= c.first && k <= c.last) {
                cap = cap || ws[k].capital || c.pronoun;  // a pronoun stands for a name
                digits = digits || ws[k].numeric;
            }
            if (k < c.first && ws[k].qword >= 0) {
                last_question = k;
                between = 0;
            } else if (k < c.first && last_question != 1000 && !ws[k].stop) {
                ++between;
            }
            if (k == c.first && last_question != 1000) before = between + 1;
            if (k > c.last && ws[k].qword >= 0 && after == 1000) {
                std::size_t n = 1;
                for (std::size_t j = c.last + 1; j < k; ++j) n += !ws[j].stop;
                after = n;
            }
        }
        std::size_t d = std::min<std::size_t>({before, after, 30});
        std::size_t chars = ws[c.last].end - ws[c.first].start;
        // Word distances (stop words counted) from the candidate to each distinct question word
        // of the sentence outside it: an answer sits among the question's words, not just next
        // to one of them. Also which side of it each question word is on.
        std::vector<std::size_t> nearest(m_q.words.size(), kFar);
        std::vector<char> on_left(m_q.words.size(), 0), on_right(m_q.words.size(), 0);
        std::size_t inside = 0;
        for (std::size_t k = 0; k < ws.size(); ++k) {
            int q = ws[k].qword;
            if (q < 0) continue;
            if (k >= c.first && k <= c.last) {
                ++inside;
                continue;
            }
            std::size_t dist = k < c.first ? c.first - k : k - c.last;
            nearest[q] = std::min(nearest[q], dist);
            (k < c.first ? on_left : on_right)[q] = 1;
        }
        double proximity = 0, spread = 0;
        std::size_t outside = 0, left = 0, right = 0;
        for (std::size_t q = 0; q < nearest.size(); ++q) {
            left += on_left[q];
            right += on_right[q];
            if (nearest[q] == kFar) continue;
            ++outside;
            proximity += 1.0 / (1.0 + static_cast<double>(nearest[q]));
            spread += std::log(1.0 + static_cast<double>(std::min<std::size_t>(nearest[q], 30)));
        }
        double distinct = static_cast<double>(std::max<std::size_t>(1, outside));
        std::size_t n = c.last - c.first + 1;
        const Placement& p = placement(m_q.info.type);
        bool article = rules.articles.count(ws[c.first].word) > 0;
        bool focus = false, echo = false;
        for (std::size_t k = c.first; k <= c.last; ++k) {
            if (ws[k].qword < 0) continue;
            (ws[k].qword == m_q.focus ? focus : echo) = true;
        }
        if (m_o.trace)
            *m_o.trace << "C\t" << c.fitness << '\t' << d << '\t' << type_name(c.kind) << '\t'
                       << before << '\t' << after << '\t' << c.first << '\t' << c.last << '\t'
                       << cap << '\t' << digits << '\t' << type_name(m_q.info.type) << '\t'
                       << trace_field(view(ws[c.first].start, ws[c.last].end)) << '\t' << c.echoed
                       << '\n';
        return p.form * c.fitness + p.distance * std::log(1.0 + static_cast<double>(d)) +
               (before == 1 ? p.follows : 0) + (after == 1 ? p.precedes : 0) +
               p.length * static_cast<double>(chars) / 60.0 + (digits ? p.digits : 0) +
               (cap ? p.capitals : 0) + (c.echoed ? kEchoBonus : 0) + (c.agent ? kAgentBonus : 0) +
               (c.member ? kMemberBonus : 0) + p.proximity * proximity / distinct +
               p.spread * spread / distinct +
               p.inside * static_cast<double>(inside) / static_cast<double>(n) +
               p.words * std::log(1.0 + static_cast<double>(n)) +
               (c.kind == AnswerType::any ? p.chunk : 0) +
               (of_type(c.kind, m_q.info.type) ? p.typed : 0) + (c.first == 0 ? p.opening : 0) +
               p.left * static_cast<double>(left) /
                   static_cast<double>(std::max<std::size_t>(1, left + right)) +
               (outside == 0 ? p.alone : 0) + (ws[c.first].stop && !article ? p.lead : 0) +
               (ws[c.last].stop ? p.tail : 0) + (article ? p.article : 0) +
               (c.first == 0 || breaks_phrase(ws[c.first].gap) ? p.starts : 0) +
               (c.last + 1 == ws.size() || breaks_phrase(ws[c.last + 1].gap) ? p.ends : 0) +
               (focus ? p.focus : 0) + (echo ? p.echo : 0) +
               (c.kind == AnswerType::reason && m_q.info.type == AnswerType::reason ? kReasonBonus
                                                                                    : 0);
    }

    // The question word tokens[i] (of text in `lang`) is, and how much. The question's "VAR"
    // is not "var" written in lower case. A stop word matches only itself: "kom" ("came") is
    // no "komet", though Snowball stems both to "kom". "Bergstadens Ziir" is not "Bergstaden":
    // the question's name in the genitive, right before a capitalised word that is no
    // question word, is part of the name of another thing, and counts as a related word. The
    // noun of a preposition of several words ("på grunn av") is no thesaurus kin.
    Match match_at(const std::vector<Token>& tokens, std::size_t i,
                   const std::vector<std::string>& stem_langs, std::string_view lang,
                   const LanguageRules& rules) const {
        const Token& t = tokens[i];
        Match m = match_token(t, stem_langs, true);
        if (m.word < 0) return m;
        const QuestionWord& q = m_q.words[static_cast<std::size_t>(m.word)];
        if (q.abbreviation && !t.capitalized) return {};
        // "andre verdenskrig" for "første verdenskrig": another thing of the same name.
        if (q.ordinal > 0 && i > 0)
            if (auto o = rules.ordinals.find(tokens[i - 1].word);
                o != rules.ordinals.end() && o->second != q.ordinal)
                return {};
        if (t.word != q.word && indexer::is_stop_word(t.word, lang)) return {};
        if (m.loose && in_fixed_phrase(tokens, i, rules.fixed_phrases)) return {};
        if (m.credit < 1 || i + 1 == tokens.size()) return m;
        const Token& next = tokens[i + 1];
        if (q.name && t.word.size() == q.word.size() + 1 && t.word.back() == 's' &&
            t.word.starts_with(q.word) && next.start == t.end + 1 && next.capitalized &&
            match_token(next, stem_langs, false).word < 0)
            m.credit = m_o.partial_credit;
        return m;
    }

    // match() of t, with AskOptions' partial and related credit or without: remembered by the
    // token's word and variants, which passages repeat (matching each token afresh cost a
    // twentieth of an answer's instructions).
    Match match_token(const Token& t, const std::vector<std::string>& stem_langs,
                      bool credits) const {
        std::string key = t.word;
        for (const auto& v : t.variants) (key += '\n') += v;
        key += credits ? "\t+" : "\t-";
        for (const auto& l : stem_langs) (key += '\t') += l;
        auto [it, fresh] = m_matches.try_emplace(std::move(key));
        if (fresh)
            it->second = match(m_q, t, m_analyzer, stem_langs, credits ? m_o.partial_credit : 0,
                               credits ? m_o.related_credit : 0);
        return it->second;
    }

    // REQUIRES: `has` holds the credit of each question word in the sentence `ws`.
    void discount_time_clause(const std::vector<WordView>& ws, std::vector<float>& has,
                              const LanguageRules& rules) const {
        if (ws.size() < 3 || !rules.when_words.count(ws[0].word)) return;
        std::size_t end = 1;  // the clause runs to the first phrase break
        while (end < ws.size() && !breaks_phrase(ws[end].gap)) ++end;
        if (end == ws.size()) return;
        std::vector<bool> inside(has.size(), false), outside(has.size(), false);
        for (std::size_t j = 1; j < ws.size(); ++j) {
            if (j < end && ws[j].numeric) return;
            if (ws[j].qword >= 0 && !ws[j].qname) (j < end ? inside : outside)[ws[j].qword] = true;
        }
        for (std::size_t w = 0; w < has.size(); ++w)
            if (inside[w] && !outside[w]) has[w] = 0;
    }

    // The sentence holding the span and a neighbour: the better-scored one (scores: each
    // sentence's best candidate score, kUnscored if none), else the one holding most of the
    // question words the sentence lacks, else the one before where the sentence opens with a
    // pronoun (`refers`: "It was the assay office" needs what "it" is), else the next one (it
    // often goes on about the same thing). Where both are longer than kMaxAnswerPassage, the
    // neighbour is cut to fill what room the sentence leaves: the answer is often in the
    // runner-up sentence, and a passage of one short sentence shows too little of the text
    // around it. A sentence that is too long on its own is cut around the span.
    void choose_passage(Choice& best, const std::vector<indexer::Sentence>& sentences,
                        std::size_t i, const std::vector<std::vector<float>>& has,
                        const std::vector<double>& scores, const std::string& text,
                        const std::vector<std::size_t>& bytes, bool refers, bool follows,
                        const std::vector<WordView>& ws) {
        std::size_t a = sentences[i].start, b = sentences[i].end;
        bool own_fits = b - a <= kMaxAnswerPassage;
        bool has_before = i > 0, has_after = i + 1 < sentences.size();
        auto adds = [&](std::size_t n) {
            double sum = 0;
            for (std::size_t w = 0; w < has[i].size(); ++w)
                sum += std::max(0.0f, has[n][w] - has[i][w]) * m_q.words[w].idf;
            return sum;
        };
        double before = has_before ? adds(i - 1) : 0;
        double after = has_after ? adds(i + 1) : 0;
        double sb = has_before ? scores[i - 1] : kUnscored;
        double sa = has_after ? scores[i + 1] : kUnscored;
        // The span is in the sentence before where it is whom a pronoun stands for.
        bool span_before = best.span_start < a;
        if ((follows || span_before) && has_before)
            a = sentences[i - 1].start;
        else if (std::max(sb, sa) > kUnscored) {
            if (sb >= sa)
                a = sentences[i - 1].start;
            else
                b = sentences[i + 1].end;
        } else if (has_before && ((before > 0 && before >= after) || refers))
            a = sentences[i - 1].start;
        else if (has_after)
            b = sentences[i + 1].end;
        else if (has_before)
            a = sentences[i - 1].start;
        auto space_before = [&](std::size_t k) {
            return std::isspace(static_cast<unsigned char>(text[bytes[k - 1]])) != 0;
        };
        if (span_before && b - a > kMaxAnswerPassage) {
            // From the span on, as much as fits.
            a = best.span_start;
            if (b - a > kMaxAnswerPassage) {
                b = a + kMaxAnswerPassage;
                while (b > best.span_end && !space_before(b + 1)) --b;
            }
        } else if (b - a > kMaxAnswerPassage && own_fits) {
            // Keep the sentence whole and cut the neighbour at a word boundary; a neighbour
            // across a paragraph break is shown whole or not at all.
            bool before_it = a < sentences[i].start;
            std::size_t from = before_it ? a : sentences[i].end,
                        to = before_it ? sentences[i].start : b;
            if (text.find('\n', bytes[from]) < bytes[to]) {
                a = sentences[i].start;
                b = sentences[i].end;
            } else if (before_it) {
                a = b - kMaxAnswerPassage;
                while (a < sentences[i].start && !space_before(a)) ++a;
            } else {
                b = a + kMaxAnswerPassage;
                while (b > sentences[i].end && !space_before(b + 1)) --b;
            }
        } else if (b - a > kMaxAnswerPassage) {
            std::size_t span = best.span_end - best.span_start;
            std::size_t room = kMaxAnswerPassage > span ? kMaxAnswerPassage - span : 0;
            std::size_t from = best.span_start > a + room / 2 ? best.span_start - room / 2 : a;
            std::size_t to = std::min(b, from + kMaxAnswerPassage);
            if (to - from < kMaxAnswerPassage)
                from = to > kMaxAnswerPassage ? std::max(a, to - kMaxAnswerPassage) : a;
            // Of the windows holding the span, the one holding most of the question's words
            // (by idf), else the one centred on the span: the words the reader looks for show.
            std::size_t lo =
                best.span_end > a + kMaxAnswerPassage ? best.span_end - kMaxAnswerPassage : a;
            std::size_t hi = std::min(best.span_start, b - kMaxAnswerPassage);
            auto held = [&](std::size_t f) {
                std::vector<char> seen(m_q.words.size(), 0);
                double sum = 0;
                for (const auto& w : ws) {
                    if (w.qword < 0 || w.start < f || w.end > f + kMaxAnswerPassage) continue;
                    auto q = static_cast<std::size_t>(w.qword);
                    if (!seen[q]) sum += m_q.words[q].idf;
                    seen[q] = 1;
                }
                return sum;
            };
            double most = held(from);
            for (const auto& w : ws) {
                if (w.start < lo || w.start > hi) continue;
                if (double h = held(w.start); h > most + 1e-9) {  // not a rounding tie
                    most = h;
                    from = w.start;
                    to = from + kMaxAnswerPassage;
                }
            }
            // Start and end on word boundaries.
            while (from > a && from < to && !space_before(from)) ++from;
            while (to < b && to > from && !space_before(to + 1)) --to;
            a = std::min(from, best.span_start);
            b = std::max(to, best.span_end);
        }
        best.passage_start = a;
        best.passage_end = b;
    }

    const Question& m_q;
    indexer::Analyzer& m_analyzer;
    std::set<std::pair<std::string, std::size_t>> m_named;  // (doc_id, full name) note_names()
    const AskOptions& m_o;
    Choice m_best[2];  // in the question's language (or unknown), in another
    // The same, of spans sure enough to stand in for a best one too unsure to give: of
    // confidence kSureEnough or more, or to a "when" question naming a time. The sentence
    // holding most of the question's words need not say when, or hold the answer at all.
    Choice m_sure[2];
    mutable std::unordered_map<std::string, Match> m_matches;  // match_token()
};

std::string slice(const std::string& text, std::size_t a, std::size_t b) {
    std::size_t ba = indexer::byte_offset(text, a), bb = indexer::byte_offset(text, b);
    return text.substr(ba, bb - ba);
}

// Whether a text's words, cut between code points `before` and `after`, are those of the two
// parts apart. Where white space meets the cut, no rule of ICU's word breaks looks across it
// (nor a hyphen join, which needs the hyphen alone between two words), unless the part after
// opens with a mark that clings to the space before it (Extend, Format, ZWJ: rule WB4).
bool words_part_at(UChar32 before, UChar32 after) {
    if (!u_isUWhiteSpace(before) && !u_isUWhiteSpace(after)) return false;
    const auto wb = u_getIntPropertyValue(after, UCHAR_WORD_BREAK);
    return wb != U_WB_EXTEND && wb != U_WB_FORMAT && wb != U_WB_ZWJ;
}

}  // namespace

void widen_passage(Hit& h, Searcher& searcher, std::size_t count) {
    const std::string& doc = searcher.document_text(h.doc_id);
    if (doc.empty() || h.text.empty() || h.start >= h.end) return;
    // Only the text around the passage is read: documents can be long (ICU's sentence rules
    // over a whole article cost more than the rest of an answer), and `count` sentences rarely
    // reach further. A sentence cut by the window's edge comes in part. Offsets below are code
    // points of the document; base + window[k] is the byte offset of code point w0 + k.
    constexpr std::size_t kWindow = 400;
    const std::size_t w0 = h.start > kWindow ? h.start - kWindow : 0;
    const std::size_t base = indexer::byte_offset(doc, w0);
    const std::string_view rest = std::string_view(doc).substr(base);
    const auto window =
        code_point_bytes(rest.substr(0, indexer::byte_offset(rest, h.end + kWindow - w0)));
    auto byte = [&](std::size_t cp) { return base + window[cp - w0]; };
    if (h.end - w0 >= window.size() ||
        doc.compare(byte(h.start), byte(h.end) - byte(h.start), h.text) != 0)
        return;
    const std::size_t w1 = w0 + window.size() - 1;  // the window's end (code points)
    auto sentences = searcher.analyzer().sentences(rest.substr(0, byte(w1) - base));
    for (auto& s : sentences) {
        s.start += w0;
        s.end += w0;
    }
    std::size_t first = 0, last = 0;  // sentences holding the passage's start and end
    for (std::size_t i = 0; i < sentences.size(); ++i) {
        if (sentences[i].end <= h.start) first = i + 1;
        if (sentences[i].start < h.end) last = i;
    }
    if (first >= sentences.size()) return;
    std::size_t a = sentences[first >= count ? first - count : 0].start;
    std::size_t b = sentences[std::min(sentences.size() - 1, last + count)].end;
    a = std::min(a, h.start);
    b = std::max(b, h.end);
    auto part = [&](std::size_t cut) {
        const auto* s = reinterpret_cast<const uint8_t*>(doc.data());
        const auto n = static_cast<int32_t>(doc.size());
        auto i = static_cast<int32_t>(byte(cut - 1));
        UChar32 before, after;
        U8_NEXT_OR_FFFD(s, i, n, before);
        U8_NEXT_OR_FFFD(s, i, n, after);
        return words_part_at(before, after);
    };
    std::shared_ptr<const std::vector<Token>> tokens;
    // The document between code points `from` and `to` of the window.
    auto between = [&](std::size_t from, std::size_t to) {
        return std::string_view(doc).substr(byte(from), byte(to) - byte(from));
    };
    if (h.tokens && (a == h.start || part(h.start)) && (b == h.end || part(h.end))) {
        std::vector<Token> all = searcher.analyzer().tokenize(between(a, h.start));
        auto append = [&all](const std::vector<Token>& more, std::size_t shift) {
            for (const Token& t : more) {
                all.push_back(t);
                all.back().start += shift;
                all.back().end += shift;
                all.back().position = static_cast<std::uint32_t>(all.size());
            }
        };
        append(*h.tokens, h.start - a);
        append(searcher.analyzer().tokenize(between(h.end, b)), h.end - a);
        tokens = std::make_shared<const std::vector<Token>>(std::move(all));
    }
    h.tokens = std::move(tokens);
    std::vector<indexer::Sentence> inside;
    for (const auto& s : sentences)
        if (s.start >= a && s.end <= b) inside.push_back({s.start - a, s.end - a});
    if (!inside.empty() && inside.front().start == 0 && inside.back().end == b - a)
        h.sentences = std::make_shared<const std::vector<indexer::Sentence>>(std::move(inside));
    else
        h.sentences.reset();
    h.text = between(a, b);
    h.start = a;
    h.end = b;
}

AskResponse ask(Searcher& searcher, const SearchRequest& request, const AskOptions& options) {
    auto t0 = std::chrono::steady_clock::now();
    validate(request);
    AskResponse response;
    response.question = request.query;

    std::vector<std::string> langs;
    if (std::string l = indexer::normalize_lang(request.lang); !l.empty()) langs.push_back(l);
    Question q = analyze(request.query, searcher, langs.empty() ? indexer::known_langs() : langs);
    response.expected = q.info.type;

    // One search serves both the answer's passages and the results when the results lie within
    // the first kMaxLimit; otherwise the results are a search of their own.
    SearchRequest r = request;
    r.query = q.query;
    r.facets = false;  // an answer carries none, and without them Xapian can stop early
    std::size_t want = static_cast<std::size_t>(request.offset + request.limit);
    r.offset = 0;
    // Enough for the passages ask may read, whatever page of results the request asks for:
    // the answer does not depend on the page size.
    r.limit = static_cast<int>(
        std::min<std::size_t>(kMaxLimit, std::max(options.passages + options.more_passages, want)));
    SearchResponse found = searcher.search(r);
    if (want <= static_cast<std::size_t>(r.limit)) {
        for (std::size_t k = static_cast<std::size_t>(request.offset);
             k < found.results.size() && k < want; ++k)
            response.results.push_back(found.results[k]);
    } else {
        SearchRequest page = r;
        page.offset = request.offset;
        page.limit = request.limit;
        response.results = searcher.search(page).results;
    }

    if (!found.results.empty() && !q.words.empty()) {
        add_synonyms(q, found.expansions);
        if (options.trace) {
            *options.trace << "W";
            for (const auto& w : q.words) *options.trace << '\t' << w.word << ':' << w.idf;
            *options.trace << '\n';
        }
        Reader reader(q, searcher.analyzer(), options);
        double top = std::max(1e-9, found.results.front().score);
        std::size_t n = std::min(found.results.size(), options.passages);
        std::vector<Hit> read(found.results.begin(), found.results.begin() + n);
        auto is_read = [&read](const Hit& h) {
            return std::any_of(read.begin(), read.end(), [&h](const Hit& o) {
                return o.doc_id == h.doc_id && o.passage == h.passage;
            });
        };
        // In a corpus of texts in several languages, the passages of another language can fill
        // the first few ("Where is Røros?" found the Bokmål text first): more are read, from
        // the results already found and then from a search in the question's language (for
        // Norwegian, Bokmål), until that language has half of them. A language the request
        // asks for is kept to.
        if (!q.info.lang.empty() && r.lang.empty()) {
            auto is_own = [&q](const Hit& h) { return in_question_language(q, h.lang); };
            std::size_t share = (n + 1) / 2;
            std::size_t have = std::count_if(read.begin(), read.end(), is_own);
            for (std::size_t k = n; k < found.results.size() && have < share; ++k)
                if (is_own(found.results[k])) {
                    read.push_back(found.results[k]);
                    ++have;
                }
            if (have < share && found.results.size() == static_cast<std::size_t>(r.limit)) {
                SearchRequest in_own = r;
                in_own.lang = indexer::normalize_lang(q.info.lang);
                in_own.limit = static_cast<int>(n);
                SearchResponse more = searcher.search(in_own);
                for (Hit& h : more.results) {
                    if (!is_read(h) && have < share) {
                        read.push_back(std::move(h));
                        ++have;
                    }
                }
            }
        }
        auto widen = [&](Hit& h) {
            if (options.context_sentences > 0)
                widen_passage(h, searcher, options.context_sentences);
        };
        for (Hit& h : read) widen(h);
        read.reserve(read.size() + options.more_passages);  // the reader points into it
        // Texts that name a person in full, from all the results found (and the hits read).
        for (const Hit& h : found.results) reader.note_names(h);
        for (const Hit& h : read) reader.note_names(h);
        for (const Hit& h : read) reader.read(h, h.score / top);
        if (reader.best().confidence < options.unsure_below) {
            std::size_t more = 0;
            for (std::size_t k = n; k < found.results.size() && more < options.more_passages; ++k) {
                if (is_read(found.results[k])) continue;
                read.push_back(found.results[k]);
                widen(read.back());
                reader.read(read.back(), read.back().score / top);
                ++more;
            }
        }
        const Choice& c = reader.best();
        // "What is the church built of?" is not answered by a word that is no material: the
        // passages read do not say.
        bool fits_class = !q.info.class_only || c.member;
        if (c.hit && c.confidence >= options.min_confidence && fits_class) {
            const Hit& h = *c.hit;
            Answer a;
            a.text = slice(h.text, c.span_start, c.span_end);
            a.passage = slice(h.text, c.passage_start, c.passage_end);
            a.doc_id = h.doc_id;
            a.title = h.title;
            a.section = h.section;
            a.source = h.source;
            a.url = h.url;
            a.start = h.start + c.span_start;
            a.end = h.start + c.span_end;
            a.confidence = std::min(1.0, c.confidence);
            response.answer = std::move(a);
        }
    }
    response.took_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return response;
}

nlohmann::json to_json(const Answer& a) {
    return {{"text", a.text},       {"passage", a.passage},
            {"doc_id", a.doc_id},   {"title", a.title},
            {"section", a.section}, {"source", a.source},
            {"url", a.url},         {"start", a.start},
            {"end", a.end},         {"confidence", a.confidence}};
}

nlohmann::json to_json(const AskResponse& r) {
    nlohmann::json results = nlohmann::json::array();
    for (const auto& h : r.results) results.push_back(to_json(h));
    return {{"question", r.question},
            {"answer", r.answer ? to_json(*r.answer) : nlohmann::json(nullptr)},
            {"results", results},
            {"answer_type", std::string(type_name(r.expected))},
            {"took_ms", r.took_ms}};
}

}  // namespace heritage::searcher
