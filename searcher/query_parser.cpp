// A small recursive-descent query parser: lexing, precedence, stop words and term expansion.
#include "searcher/query_parser.hpp"

#include <unicode/unistr.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <unordered_set>

#include "indexer/stopwords.hpp"
#include "indexer/thesaurus.hpp"
#include "searcher/catalog.hpp"

namespace heritage::searcher {

namespace prefix = indexer::prefix;

namespace {

using indexer::add_unique;

constexpr int kMaxDepth = 32;          // deeper parentheses are read as plain text
constexpr std::size_t kMaxWords = 64;  // later words are ignored: they cannot change the top

// Weights of a word's widenings relative to its exact and spelling-variant match (1.0).
constexpr double kExactBonus = 0.5;        // extra for the written form (see expand_word)
constexpr double kCompoundWeight = 0.5;    // compound parts and wholes
constexpr double kSynonymWeight = 0.5;     // thesaurus terms
constexpr double kCorrectionWeight = 0.8;  // spelling correction of a word the index lacks
constexpr double kSplitWeight = 0.8;       // "livestock" as "live stocks" and the reverse
// Bounds that keep long questions fast.
constexpr std::size_t kMaxSynonyms = 6;      // thesaurus values per word
constexpr std::size_t kMaxForms = 4;         // vocabulary forms per word
constexpr std::size_t kScanTerms = 40;       // vocabulary terms read looking for them
constexpr std::size_t kMinVariantStem = 4;   // shorter folded stems collide too often
constexpr std::size_t kMaxWordLetters = 30;  // longer "words" get no compounds, synonyms, typos
// A word this long made of dictionary words this long is a compound, not a typo: a typo that
// leaves every part a word is rare, while shorter splits do happen ("akershuss": "aker huss").
constexpr std::size_t kMinSureCompound = 12;
constexpr std::size_t kMinSurePart = 4;

enum class Lex { word, phrase, lparen, rparen, op_and, op_or, op_not, end };

struct Lexeme {
    Lex kind = Lex::end;
    std::string text;   // the word or phrase
    std::string field;  // "title", "source", … when written as field:value
    char sign = 0;      // '+' or '-' written before it
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

const std::vector<std::string>& known_fields() {
    static const std::vector<std::string> f = {"title", "section", "source", "lang", "doc", "id"};
    return f;
}

std::vector<Lexeme> lex(const std::string& s) {
    std::vector<Lexeme> out;
    std::size_t i = 0, n = s.size();
    while (i < n) {
        if (is_space(s[i])) {
            ++i;
            continue;
        }
        Lexeme l;
        if (s[i] == '(') {
            l.kind = Lex::lparen;
            ++i;
        } else if (s[i] == ')') {
            l.kind = Lex::rparen;
            ++i;
        } else {
            if ((s[i] == '+' || s[i] == '-') && i + 1 < n && !is_space(s[i + 1]) &&
                s[i + 1] != ')') {
                l.sign = s[i++];
            }
            // field:
            for (const auto& f : known_fields()) {
                if (s.compare(i, f.size() + 1, f + ":") == 0 && i + f.size() + 1 < n &&
                    !is_space(s[i + f.size() + 1])) {
                    l.field = f == "id" ? "doc" : f;
                    i += f.size() + 1;
                    break;
                }
            }
            if (i < n && s[i] == '"') {
                std::size_t close = s.find('"', i + 1);
                if (close == std::string::npos) close = n;  // unbalanced: phrase to the end
                l.kind = Lex::phrase;
                l.text = s.substr(i + 1, close - i - 1);
                i = std::min(n, close + 1);
            } else {
                std::size_t j = i;
                while (j < n && !is_space(s[j]) && s[j] != '(' && s[j] != ')' && s[j] != '"') ++j;
                l.kind = Lex::word;
                l.text = s.substr(i, j - i);
                i = j;
                if (l.text.empty() && l.sign) {  // "+(" or "-(": keep the sign for the group
                    if (i < n && s[i] == '(') {
                        l.kind = Lex::lparen;
                        ++i;
                    }
                }
                if (!l.sign && l.field.empty()) {
                    if (l.text == "AND")
                        l.kind = Lex::op_and;
                    else if (l.text == "OR")
                        l.kind = Lex::op_or;
                    else if (l.text == "NOT")
                        l.kind = Lex::op_not;
                }
            }
        }
        out.push_back(std::move(l));
    }
    out.push_back(Lexeme{});
    return out;
}

Xapian::Query synonym_of(const std::vector<std::string>& terms) {
    if (terms.empty()) return {};
    if (terms.size() == 1) return Xapian::Query(terms[0]);
    return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
}

// Alternatives inside a phrase: Xapian 1.4 phrases take terms or ORs of terms, not synonyms.
Xapian::Query or_of(const std::vector<std::string>& terms) {
    if (terms.size() == 1) return Xapian::Query(terms[0]);
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query scaled(const Xapian::Query& q, double factor) {
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, factor);
}

Xapian::Query any_of(const std::vector<Xapian::Query>& qs) {
    if (qs.empty()) return {};
    if (qs.size() == 1) return qs[0];
    return Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end());
}

std::string str(std::string_view a, const std::string& b) { return std::string(a) + b; }

// "nb" and "nn" share a stemmer; a word is "Norwegian" when either dictionary has it.
bool norwegian(std::string_view lang) { return lang == "nb" || lang == "nn"; }

class Parser {
  public:
    Parser(std::vector<Lexeme> lexemes, indexer::Analyzer& analyzer, std::vector<std::string> langs,
           bool keep_stop_words, std::string query_lang, const QueryContext& context,
           ParsedQuery& out)
        : m_lx(std::move(lexemes)),
          m_analyzer(analyzer),
          m_langs(std::move(langs)),
          m_keep_stop_words(keep_stop_words),
          m_query_lang(std::move(query_lang)),
          m_ctx(context),
          m_out(out) {
        // Norwegian word forms are looked up in the vocabulary only where English passages,
        // which have no Norwegian stems, could hold Norwegian names ("Hitterdalen").
        if (m_ctx.db && std::find(m_langs.begin(), m_langs.end(), "en") != m_langs.end())
            m_scan_forms = exists(str(prefix::kLang, "en"));
    }

    Xapian::Query parse() {
        Xapian::Query q;
        while (peek().kind != Lex::end) {
            Xapian::Query part = or_expr(0, false);
            q = q.empty() ? part : Xapian::Query(Xapian::Query::OP_OR, q, part);
            if (peek().kind == Lex::rparen) ++m_pos;  // stray ")"
        }
        return q;
    }

    const std::map<std::string, std::string>& corrections() const { return m_corrections; }

  private:
    const Lexeme& peek() const { return m_lx[m_pos]; }

    Xapian::Query or_expr(int depth, bool negated) {
        Xapian::Query q = and_expr(depth, negated);
        while (peek().kind == Lex::op_or) {
            ++m_pos;
            Xapian::Query r = and_expr(depth, negated);
            if (q.empty())
                q = r;
            else if (!r.empty())
                q = Xapian::Query(Xapian::Query::OP_OR, q, r);
        }
        return q;
    }

    Xapian::Query and_expr(int depth, bool negated) {
        Xapian::Query q = not_expr(depth, negated);
        while (peek().kind == Lex::op_and) {
            ++m_pos;
            Xapian::Query r = not_expr(depth, negated);
            if (q.empty())
                q = r;
            else if (!r.empty())
                q = Xapian::Query(Xapian::Query::OP_AND, q, r);
        }
        return q;
    }

    Xapian::Query not_expr(int depth, bool negated) {
        Xapian::Query q = seq(depth, negated);
        while (peek().kind == Lex::op_not) {
            ++m_pos;
            Xapian::Query r = seq(depth, !negated);
            if (r.empty()) continue;
            q = Xapian::Query(Xapian::Query::OP_AND_NOT, q.empty() ? all_passages() : q, r);
        }
        return q;
    }

    // A run of items joined by the default operator, with +must and -not items.
    Xapian::Query seq(int depth, bool negated) {
        std::vector<Xapian::Query> must, should, must_not;
        std::map<std::string, std::vector<Xapian::Query>> filters;  // field -> OR-ed values
        std::vector<std::string> run;  // consecutive plain words, for pairs
        while (true) {
            const Lexeme& l = peek();
            if (l.kind == Lex::end || l.kind == Lex::rparen || l.kind == Lex::op_or ||
                l.kind == Lex::op_and || l.kind == Lex::op_not)
                break;
            Lexeme item = l;
            ++m_pos;
            bool neg = negated != (item.sign == '-');
            Xapian::Query q;
            m_plain_word.clear();
            if (item.kind == Lex::lparen) {
                if (depth >= kMaxDepth) continue;  // too deep: read the contents as a sequence
                q = or_expr(depth + 1, neg);
                if (peek().kind == Lex::rparen) ++m_pos;
            } else if (item.field == "source" || item.field == "lang" || item.field == "doc") {
                q = filter_term(item);
                if (!q.empty()) {
                    (item.sign == '-' ? must_not : filters[item.field]).push_back(q);
                }
                continue;
            } else {
                q = item.kind == Lex::phrase ? phrase(item, neg) : word(item, neg);
            }
            if (!m_plain_word.empty() && !item.sign && !neg) {
                if (!run.empty()) {
                    Xapian::Query pair = pair_query(run.back(), m_plain_word);
                    if (!pair.empty()) should.push_back(pair);
                }
                run.push_back(m_plain_word);
            } else {
                run.clear();
            }
            if (q.empty()) continue;
            if (item.sign == '+')
                must.push_back(q);
            else if (item.sign == '-')
                must_not.push_back(q);
            else
                should.push_back(q);
        }
        Xapian::Query q;
        if (!must.empty()) q = Xapian::Query(Xapian::Query::OP_AND, must.begin(), must.end());
        if (!should.empty()) {
            Xapian::Query s(Xapian::Query::OP_OR, should.begin(), should.end());
            q = q.empty() ? s : Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, s);
        }
        for (auto& [field, values] : filters) {
            Xapian::Query f(Xapian::Query::OP_OR, values.begin(), values.end());
            q = Xapian::Query(Xapian::Query::OP_FILTER, q.empty() ? all_passages() : q, f);
        }
        if (!must_not.empty()) {
            q = Xapian::Query(
                Xapian::Query::OP_AND_NOT, q.empty() ? all_passages() : q,
                Xapian::Query(Xapian::Query::OP_OR, must_not.begin(), must_not.end()));
        }
        return q;
    }

    static Xapian::Query all_passages() {
        return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll,
                             Xapian::Query(std::string(prefix::kKind) + "d"));
    }

    Xapian::Query filter_term(const Lexeme& item) {
        if (item.field == "doc") return Xapian::Query(std::string(prefix::kDoc) + item.text);
        if (item.field == "lang") {
            std::string l = indexer::normalize_lang(item.text);
            return l.empty() ? Xapian::Query() : Xapian::Query(std::string(prefix::kLang) + l);
        }
        return source_filter(item.text);
    }

    // source: every word of the value must be a word of the source's name. An index has few
    // sources, each one term (its name's words joined by spaces), so names are matched here
    // rather than each passage carrying each word of its source's name.
    Xapian::Query source_filter(const std::string& value) {
        std::vector<std::string> words;
        for (const auto& t : m_analyzer.tokenize(value)) words.push_back(t.word);
        if (words.empty()) return {};
        const std::string source_prefix(prefix::kSource);
        std::vector<Xapian::Query> sources;
        for (auto it = m_ctx.db ? m_ctx.db->allterms_begin(source_prefix) : Xapian::TermIterator();
             it != Xapian::TermIterator(); ++it) {
            const std::string term = *it;
            std::vector<std::string> name;
            std::istringstream in(term.substr(source_prefix.size()));
            for (std::string w; in >> w;) name.push_back(w);
            if (std::all_of(words.begin(), words.end(), [&name](const std::string& w) {
                    return std::find(name.begin(), name.end(), w) != name.end();
                }))
                sources.emplace_back(term);
        }
        if (sources.empty()) {  // the source of exactly these words, which (with an index) is none
            std::string name;
            for (const auto& w : words) name += (name.empty() ? "" : " ") + w;
            return Xapian::Query(source_prefix + name);
        }
        return Xapian::Query(Xapian::Query::OP_OR, sources.begin(), sources.end());
    }

    bool is_title(const Lexeme& item) const {
        return item.field == "title" || item.field == "section";
    }

    bool exists(const std::string& term) const {
        if (!m_ctx.db) return true;  // without an index, assume every widening may match
        if (m_ctx.terms) return m_ctx.terms->contains(term);
        try {
            return m_ctx.db->term_exists(term);
        } catch (const Xapian::Error&) {
            return true;
        }
    }

    // The terms of `terms` the index has. They are looked up in key order: Xapian then reads
    // the B-tree blocks that neighbouring keys share once, not once for each key.
    std::unordered_set<std::string> existing(std::vector<std::string> terms) const {
        std::sort(terms.begin(), terms.end());
        terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
        std::unordered_set<std::string> out;
        for (auto& term : terms)
            if (exists(term)) out.insert(std::move(term));
        return out;
    }

    bool any_exists(const std::vector<std::string>& terms) const {
        return std::any_of(terms.begin(), terms.end(),
                           [this](const std::string& t) { return exists(t); });
    }

    // How many documents hold `term`. REQUIRES: a context with a database.
    Xapian::doccount term_freq(const std::string& term) const {
        return m_ctx.terms ? m_ctx.terms->freq(term) : m_ctx.db->get_termfreq(term);
    }

    // How many documents hold one of `terms`, if no document holds two of them. REQUIRES: a
    // context with a database.
    Xapian::doccount terms_freq(const std::vector<std::string>& terms) const {
        Xapian::doccount n = 0;
        for (const auto& t : terms) n += term_freq(t);
        return n;
    }

    // Whether every passage has one language term: a known language's or, for a passage the
    // detector could not place, prefix::kNoLang (index format 11 on; before, such a passage
    // had none).
    bool every_passage_has_lang() {
        if (!m_ctx.db) return false;
        if (!m_every_passage_has_lang) {
            std::vector<std::string> langs = {std::string(prefix::kNoLang)};
            for (const auto& l : indexer::known_langs()) langs.push_back(str(prefix::kLang, l));
            m_every_passage_has_lang = terms_freq(langs) == passage_count(*m_ctx.db);
        }
        return *m_every_passage_has_lang;
    }

    // Calls f(term) for the index's terms that start with `prefix`, in order, until f returns
    // false. REQUIRES: a context with a database.
    template <class F>
    void scan_terms(const std::string& prefix, F f) const {
        if (m_ctx.terms) return m_ctx.terms->scan(prefix, f);
        for (auto it = m_ctx.db->allterms_begin(prefix); it != m_ctx.db->allterms_end(prefix); ++it)
            if (!f(*it)) return;
    }

    // Stop words are dropped in the query's language; when it is unknown, a word is dropped
    // if it is a stop word of one language and no plain word of the other ("the", "og"), so
    // "mine" (Norwegian "my", English "mine") stays.
    bool droppable(const std::string& w) const {
        if (!m_query_lang.empty()) return indexer::is_stop_word(w, m_query_lang);
        bool en = indexer::is_stop_word(w, "en"), no = indexer::is_stop_word(w, "nb");
        if (en && no) return true;
        if (en) return !m_analyzer.known_word(w, "nb") && !m_analyzer.known_word(w, "nn");
        if (no) return !m_analyzer.known_word(w, "en");
        return false;
    }

    // Languages whose stems count as exact matches of w: those whose dictionaries know it
    // when only English or only Norwegian does, else the query's language, else all.
    std::vector<std::string> primary_langs(const std::string& w) const {
        if (m_langs.size() <= 1) return m_langs;
        auto english_word = [&] { return m_analyzer.known_word(w, "en"); };
        auto norwegian_word = [&] {
            return m_analyzer.known_word(w, "nb") || m_analyzer.known_word(w, "nn");
        };
        // A word of the query's language is taken as one whatever the other dictionary says
        // (below, both knowing it also means the query's language): one look-up, not three.
        bool en = false, no = false;
        if (m_query_lang == "en") {
            en = english_word();
            no = !en && norwegian_word();
        } else if (norwegian(m_query_lang)) {
            no = norwegian_word();
            en = !no && english_word();
        } else {
            en = english_word();
            no = norwegian_word();
        }
        std::vector<std::string> out;
        for (const auto& l : m_langs) {
            bool is_no = norwegian(l);
            if (en != no) {
                if (is_no == no) out.push_back(l);
            } else if (!m_query_lang.empty()) {
                if (is_no == norwegian(m_query_lang)) out.push_back(l);
            }
        }
        return out.empty() ? m_langs : out;
    }

    void record(const std::string& word, std::string kind, std::string form,
                const std::vector<std::string>& terms, bool negated,
                std::vector<std::vector<std::string>> phrase = {}) {
        if (negated || terms.empty()) return;
        // The stop words of a synonym's phrase ("the" of "the mining town") would be marked
        // wherever a snippet has them, the phrase or not: its other words show the match.
        const bool synonym_phrase = kind == "synonym" && !phrase.empty();
        for (const auto& t : terms)
            if (!synonym_phrase || !indexer::is_stop_word(t, "")) m_out.highlight_terms.insert(t);
        m_out.expansions.push_back(
            {word, std::move(kind), std::move(form), terms, std::move(phrase)});
    }

    // Norwegian inflected forms of w that the index has as words ("hitterdal" ->
    // "hitterdalen"), for English passages that name Norwegian places and things.
    std::vector<std::string> vocabulary_forms(const std::string& w) {
        std::vector<std::string> forms;
        if (!m_scan_forms || indexer::count_code_points(w) < 4) return forms;
        // A word of an English question has its English stems in those passages already;
        // Norwegian forms of it would be false friends ("bowl" -> "bowler").
        if (m_query_lang == "en" && m_analyzer.known_word(w, "en")) return forms;
        // A Norwegian stop word has none, as it has no stem in the index: "være" (to be) would
        // find "været" (the weather).
        if (indexer::Analyzer::index_terms_dropped(w, "nb")) return forms;
        std::string s = m_analyzer.stem(w, "nb");
        if (indexer::count_code_points(s) < 4) return forms;
        try {
            std::size_t seen = 0;
            scan_terms(s, [&](const std::string& t) {
                if (++seen > kScanTerms || forms.size() >= kMaxForms) return false;
                if (t != w && t.size() <= s.size() + 4 && m_analyzer.stem(t, "nb") == s)
                    forms.push_back(t);
                return true;
            });
        } catch (const Xapian::Error&) {
        }
        return forms;
    }

    std::vector<std::string> synonyms_of(const std::vector<std::string>& words) {
        std::vector<std::string> values;
        for (const auto& key : indexer::query_keys(m_analyzer, words)) {
            if (m_ctx.synonyms) {
                auto it = m_ctx.synonyms->find(key);
                if (it != m_ctx.synonyms->end())
                    for (const auto& v : it->second) add_unique(values, v);
            } else if (m_ctx.db) {
                try {
                    for (auto it = m_ctx.db->synonyms_begin(key); it != m_ctx.db->synonyms_end(key);
                         ++it)
                        add_unique(values, *it);
                } catch (const Xapian::Error&) {  // e.g. a remote database: no synonyms
                }
            }
        }
        // Values in the languages searched come first; the cap keeps long queries fast.
        std::stable_partition(values.begin(), values.end(), [this](const std::string& v) {
            auto lang = indexer::parse_synonym_value(v).lang;
            return std::any_of(m_langs.begin(), m_langs.end(), [&lang](const std::string& l) {
                return norwegian(l) ? norwegian(lang) : l == lang;
            });
        });
        if (values.size() > kMaxSynonyms) values.resize(kMaxSynonyms);
        return values;
    }

    // XV terms of the index with the folded stem of `folded`, the fold of `word`, in a language
    // searched ("gardene" -> XV "garden", "gardene", "garder"): other inflections of a word
    // written with letters the query folds away. None in a language `word` is a stop word of,
    // as the index has none of its stems there ("være" would find "været").
    std::vector<std::string> folded_forms(const std::string& word, const std::string& folded) {
        std::vector<std::string> found, scanned;
        if (!m_ctx.db) return found;
        for (const auto& l : m_langs) {
            if (indexer::Analyzer::index_terms_dropped(word, l)) continue;
            std::string s = m_analyzer.stem(folded, l);
            if (indexer::count_code_points(s) < kMinVariantStem) continue;
            // Bokmål and Nynorsk share a stemmer: the same scan would find the same forms.
            std::string scan = indexer::stemmer_name(l) + ":" + s;
            if (std::find(scanned.begin(), scanned.end(), scan) != scanned.end()) continue;
            scanned.push_back(std::move(scan));
            std::string from = str(prefix::kVariant, s);
            try {
                std::size_t seen = 0;
                scan_terms(from, [&](const std::string& t) {
                    if (++seen > kScanTerms || found.size() >= kMaxForms) return false;
                    if (m_analyzer.stem(t.substr(prefix::kVariant.size()), l) == s)
                        add_unique(found, t);
                    return true;
                });
            } catch (const Xapian::Error&) {
            }
        }
        return found;
    }

    // Terms for one word of a thesaurus value, stemmed in the value's own language.
    std::vector<std::string> value_word_terms(const std::string& w, const std::string& lang) {
        std::vector<std::string> terms = {w};
        if (auto z = m_analyzer.stem_term(w, lang); !z.empty()) add_unique(terms, z);
        add_unique(terms, str(prefix::kVariant, m_analyzer.fold(w)));
        if (norwegian(lang)) add_unique(terms, str(prefix::kCompound, m_analyzer.compound_key(w)));
        return terms;
    }

    // The thesaurus values of `words` as one query, or empty.
    // All values form one synonym group, so that "kirke", "kirken" and "kirker" (all stemming
    // to "kirk"), or "mining town" and "the mining town", count once, as one word would.
    // `own`: terms the group leaves out, as the caller matches them otherwise.
    Xapian::Query synonym_query(const std::vector<std::string>& words, const std::string& label,
                                const std::vector<std::string>& own = {}) {
        std::vector<Xapian::Query> alts;
        std::vector<std::string> single;
        for (const auto& value : synonyms_of(words)) {
            auto term = indexer::parse_synonym_value(value);
            auto tokens = m_analyzer.tokenize(term.text);
            if (tokens.empty()) continue;
            std::vector<std::string> terms;
            if (tokens.size() == 1) {
                terms = value_word_terms(tokens[0].word, term.lang);
                for (const auto& t : terms) add_unique(single, t);
            } else {
                // A phrase of the words in any inflection the index has: "wooden house"
                // also finds "wooden houses".
                std::vector<Xapian::Query> parts;
                std::vector<std::vector<std::string>> phrase;
                for (const auto& t : tokens) {
                    auto forms = inflected_forms(t.word, term.lang);
                    parts.push_back(or_of(forms));
                    terms.insert(terms.end(), forms.begin(), forms.end());
                    phrase.push_back(std::move(forms));
                }
                alts.push_back(Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(),
                                             parts.size()));
                record(label, "synonym", value, terms, false, std::move(phrase));
                m_synonym_found = m_synonym_found || any_exists(terms);
                continue;
            }
            record(label, "synonym", value, terms, false);
            m_synonym_found = m_synonym_found || any_exists(terms);
        }
        // Only the terms the index has are searched, as for a word's own (expand_word): a term
        // no passage holds adds nothing to the group's statistics, yet Xapian looks it up.
        const auto have = existing(single);
        for (const auto& t : single)
            if (have.count(t) && std::find(own.begin(), own.end(), t) == own.end())
                alts.emplace_back(t);
        if (alts.empty()) return {};
        return scaled(Xapian::Query(Xapian::Query::OP_SYNONYM, alts.begin(), alts.end()),
                      kSynonymWeight);
    }

    // w and the index's words with the same stem in `lang` that extend it by an ending
    // ("house" -> "houses", "company" -> "companies"; not "listed" -> "list").
    std::vector<std::string> inflected_forms(const std::string& w, const std::string& lang) {
        std::vector<std::string> forms = {w};
        if (!m_ctx.db || indexer::stemmer_name(lang).empty() || w.size() < 3) return forms;
        std::string s = m_analyzer.stem(w, lang);
        std::string base = w.substr(0, w.size() - 1);
        try {
            std::size_t seen = 0;
            scan_terms(s, [&](const std::string& t) {
                if (++seen > kScanTerms || forms.size() > kMaxForms) return false;
                if (t != w && t.rfind(base, 0) == 0 && m_analyzer.stem(t, lang) == s)
                    forms.push_back(t);
                return true;
            });
        } catch (const Xapian::Error&) {
        }
        return forms;
    }

    // A word the index lacks, as two words it has: "livestock" -> "live stock(s)".
    Xapian::Query split_query(const std::string& w) {
        std::size_t n = indexer::count_code_points(w);
        if (!m_ctx.db || n < 7 || n > kMaxWordLetters) return {};
        Xapian::doccount best_freq = 0;
        std::string best_a;
        std::vector<std::string> best_b;
        for (std::size_t i = 4; i + 4 <= w.size(); ++i) {
            if ((static_cast<unsigned char>(w[i]) & 0xC0) == 0x80) continue;  // inside a letter
            std::string a = w.substr(0, i), b = w.substr(i);
            Xapian::doccount fa = term_freq(a);
            if (!fa) continue;
            std::vector<std::string> forms;
            if (exists(b)) forms.push_back(b);
            // Inflected forms of the second word: the index may write "stocks" for "stock".
            std::string sb = m_analyzer.stem(b, "en");
            std::size_t seen = 0;
            scan_terms(sb, [&](const std::string& t) {
                if (++seen > kScanTerms || forms.size() >= kMaxForms) return false;
                if (t != b && (m_analyzer.stem(t, "en") == sb ||
                               m_analyzer.stem(t, "nb") == m_analyzer.stem(b, "nb")))
                    forms.push_back(t);
                return true;
            });
            if (forms.empty()) continue;
            Xapian::doccount fb = 0;
            for (const auto& f : forms) fb = std::max(fb, term_freq(f));
            if (std::min(fa, fb) > best_freq) {
                best_freq = std::min(fa, fb);
                best_a = a;
                best_b = forms;
            }
        }
        if (best_a.empty()) return {};
        std::vector<std::string> terms = {best_a};
        terms.insert(terms.end(), best_b.begin(), best_b.end());
        record(w, "split", best_a + " " + best_b[0], terms, false, {{best_a}, best_b});
        return scaled(Xapian::Query(Xapian::Query::OP_PHRASE, Xapian::Query(best_a), or_of(best_b)),
                      kSplitWeight);
    }

    // The index's spelling suggestion for a word it lacks (also tried with the word folded:
    // "roraas" -> "roras" -> "røros"), if the suggestion's terms are in the index.
    Xapian::Query correction_query(const std::string& w) {
        std::size_t n = indexer::count_code_points(w);
        if (!m_ctx.db || n < kMinSuggestedLetters || n > kMaxSuggestedLetters) return {};
        std::string suggestion;
        // Two edits in a word of five letters or fewer reach unrelated words ("aalen" ->
        // "delen").
        unsigned max_edit = n <= 5 ? 1 : 2;
        const SpellingIndex* index = nullptr;
        try {
            index = (m_ctx.spelling ? *m_ctx.spelling : m_own_spelling).get(*m_ctx.db);
        } catch (const Xapian::Error&) {  // the index's words could not be read
            return {};
        }
        if (!index) return {};
        suggestion = index->suggest(w, max_edit);
        std::string f = m_analyzer.fold(w);
        if (suggestion.empty() && f != w) suggestion = index->suggest(f, max_edit);
        if (suggestion.empty() || suggestion == w) return {};
        auto terms = word_terms(suggestion, m_analyzer, m_langs);
        if (!any_exists(terms)) return {};
        m_corrections.emplace(w, suggestion);
        record(w, "correction", suggestion, terms, false);
        // Like a word: the suggestion as written ranks above its other forms.
        Xapian::Query q(Xapian::Query::OP_OR, synonym_of(terms),
                        scaled(Xapian::Query(suggestion), kExactBonus));
        return scaled(q, kCorrectionWeight);
    }

    // expand_word() of a plain word, through the context's cache: a word met before gives
    // the same query and expansions, and counts as corrected as it did then.
    Xapian::Query expand_plain_word(const indexer::Token& t) {
        WordCache* cache = m_ctx.words;
        if (!cache) return expand_word(t, false, false);
        std::string key = m_query_lang;
        for (const auto& l : m_langs) key += "," + l;
        key += "\x1f" + t.word;
        for (const auto& v : t.variants) key += "\x1f" + v;
        auto it = cache->find(key);
        if (it == cache->end()) {
            // About 2.5 KB a word: at most 5 MB for each searcher of a server's pool.
            constexpr std::size_t kMaxCachedWords = 2000;
            const std::size_t first = m_out.expansions.size();
            WordExpansion e;
            e.query = expand_word(t, false, false);
            e.expansions.assign(m_out.expansions.begin() + static_cast<std::ptrdiff_t>(first),
                                m_out.expansions.end());
            if (auto c = m_corrections.find(t.word); c != m_corrections.end())
                e.correction = c->second;
            if (cache->size() >= kMaxCachedWords) cache->clear();
            return cache->emplace(std::move(key), std::move(e)).first->second.query;
        }
        const WordExpansion& e = it->second;
        for (const auto& x : e.expansions) {
            m_out.highlight_terms.insert(x.terms.begin(), x.terms.end());
            m_out.expansions.push_back(x);
        }
        m_out.words.push_back(t.word);
        if (!e.correction.empty()) m_corrections.emplace(t.word, e.correction);
        return e.query;
    }

    // One plain word: its exact and spelling-variant terms in one synonym group, the exact
    // ones again as a bonus so the written form ranks first, then lower-weighted compound,
    // thesaurus, split and correction alternatives. `quoted`: only the first two.
    Xapian::Query expand_word(const indexer::Token& t, bool negated, bool quoted) {
        const std::string& w = t.word;
        auto primary = primary_langs(w);
        std::vector<std::string> exact = {w}, language, variant;
        for (const auto& l : m_langs) {
            std::string z = m_analyzer.stem_term(w, l);
            if (z.empty()) continue;
            bool is_primary = std::find(primary.begin(), primary.end(), l) != primary.end();
            add_unique(is_primary ? exact : language, z);
        }
        // The folded spelling as a document may write it ("Roros"), the folded spellings
        // documents keep for their own non-ASCII words ("Røros" -> XV "roros"), and those of
        // other inflections of the word ("gardene" -> "gården", "gårder"). A folded form that
        // is no word of the index is not stemmed, and short folded stems are not looked for:
        // "røraas" -> "roras" must not become "ror" and match "ror" or "rør".
        std::string folded = m_analyzer.fold(w);
        if (folded != w) {
            add_unique(variant, folded);
            if (exists(folded))
                for (const auto& l : m_langs)
                    add_unique(variant, str(prefix::kStem, m_analyzer.stem(folded, l)));
        }
        std::vector<std::string> forms = {w};
        forms.insert(forms.end(), t.variants.begin(), t.variants.end());
        for (const auto& v : forms) add_unique(variant, str(prefix::kVariant, m_analyzer.fold(v)));
        if (!t.numeric && !quoted)
            for (auto& f : folded_forms(w, folded)) add_unique(variant, std::move(f));
        if (!t.numeric && !quoted)
            for (auto& f : vocabulary_forms(w)) add_unique(variant, std::move(f));
        auto drop_exact = [&exact](std::vector<std::string>& v) {
            v.erase(std::remove_if(v.begin(), v.end(),
                                   [&exact](const std::string& s) {
                                       return std::find(exact.begin(), exact.end(), s) !=
                                              exact.end();
                                   }),
                    v.end());
        };
        drop_exact(language);
        drop_exact(variant);
        record(w, "exact", w, exact, negated);
        record(w, "language", w, language, negated);
        record(w, "variant", folded, variant, negated);
        if (!negated) m_out.words.push_back(w);

        std::vector<std::string> all = exact;
        all.insert(all.end(), language.begin(), language.end());
        all.insert(all.end(), variant.begin(), variant.end());
        // A part finds the compounds that contain it ("hytte" -> "Smelthytta"). It counts as
        // an occurrence of the word, in the same synonym group, so a passage with both the word
        // and a compound of it is not counted twice; only the word itself gets the bonus.
        std::vector<std::string> candidates = all;
        std::string part_term;
        if (!quoted && !t.numeric) {
            part_term = str(prefix::kCompound, m_analyzer.compound_key(w));
            candidates.push_back(part_term);
        }
        const auto have = existing(std::move(candidates));
        if (!part_term.empty() && have.count(part_term)) {
            all.push_back(part_term);
            record(w, "compound", "part of a compound", {part_term}, negated);
        }
        // Only the terms the index has are searched (all are highlighted): Xapian would look
        // each one up again in every search. The word as written and its stems count once more,
        // as a bonus, so that they rank above its other forms; where the index has other forms,
        // the written form alone gets the bonus. (Its stems had it too, which read a stem's
        // long posting list twice: without, the slowest NorQuAD questions over NoReC took 5-9%
        // less time, and P@1 went from 0.917 to 0.926 on NorQuAD and stayed 0.808 on SQuAD.)
        // Where the index has no other forms, the bonus scales the word's one group rather
        // than reading the same postings twice.
        std::vector<std::string> found;
        for (const auto& term : all)
            if (have.count(term)) found.push_back(term);
        bool known = !found.empty();
        auto is_exact = [&exact](const std::string& term) {
            return std::find(exact.begin(), exact.end(), term) != exact.end();
        };
        std::vector<Xapian::Query> alts;
        if (std::all_of(found.begin(), found.end(), is_exact))
            alts = {scaled(synonym_of(found), 1.0 + kExactBonus)};
        else if (have.count(w))
            alts = {synonym_of(found), scaled(Xapian::Query(w), kExactBonus)};
        else
            alts = {synonym_of(found)};
        // A function word of one language that is a content word of another ("mine": "my" in
        // Norwegian, a pit in English) matches as written only in passages of the other.
        for (const auto& [stop_lang, other] : {std::pair{"nb", "en"}, std::pair{"en", "nb"}}) {
            if (indexer::is_stop_word(w, stop_lang) && !indexer::is_stop_word(w, other) &&
                m_analyzer.known_word(w, other)) {
                std::vector<std::string> there, elsewhere;
                for (const auto& l : indexer::known_langs())
                    (norwegian(l) != norwegian(stop_lang) ? there : elsewhere)
                        .push_back(str(prefix::kLang, l));
                // A filter on the other language's passages: Xapian reads the language terms'
                // lists alongside the word's. Where every passage has a language term, AND_NOT
                // the function word's language and prefix::kNoLang matches the same passages,
                // and the rarer side is read: for "by" in a Norwegian collection, the list of
                // its English passages.
                bool not_elsewhere = false;
                if (every_passage_has_lang()) {
                    const std::string none(prefix::kNoLang);
                    if (term_freq(none)) elsewhere.push_back(none);
                    not_elsewhere = terms_freq(elsewhere) < terms_freq(there);
                }
                Xapian::Query langs = or_of(not_elsewhere ? elsewhere : there);
                for (auto& a : alts)
                    a = Xapian::Query(
                        not_elsewhere ? Xapian::Query::OP_AND_NOT : Xapian::Query::OP_FILTER, a,
                        langs);
            }
        }
        // No language has words this long (base64, runs of one letter): nothing to widen.
        if (quoted || negated || t.numeric || indexer::count_code_points(w) > kMaxWordLetters)
            return any_of(alts);
        // The widenings below count only in passages without the word itself: there they
        // stand in for it; where the word is, they would count it twice.
        const Xapian::Query itself = alts[0];
        auto instead = [&itself](const Xapian::Query& q) {
            return Xapian::Query(Xapian::Query::OP_AND_NOT, q, itself);
        };

        // A compound finds passages with all its parts ("kobberverk" -> "kobber", "verk").
        auto parts = m_analyzer.compound_parts(w);
        if (parts.size() >= 2) {
            std::vector<Xapian::Query> part_queries;
            std::vector<std::string> part_terms;
            std::string form;
            bool all_parts = true;
            for (const auto& p : parts) {
                std::vector<std::string> terms = value_word_terms(p, "nb");
                all_parts = all_parts && any_exists(terms);
                part_queries.push_back(synonym_of(terms));
                part_terms.insert(part_terms.end(), terms.begin(), terms.end());
                form += (form.empty() ? std::string() : " + ") + p;
            }
            if (all_parts) {
                // Divided among the parts, so that all parts together weigh like one word.
                alts.push_back(instead(scaled(
                    Xapian::Query(Xapian::Query::OP_AND, part_queries.begin(), part_queries.end()),
                    kCompoundWeight / static_cast<double>(parts.size()))));
                record(w, "compound", form, part_terms, false);
                known = true;
            }
        }
        m_synonym_found = false;
        // The word's own terms ("krig" for "krigen" -> "war", "krig") would match only
        // passages the AND_NOT leaves out.
        Xapian::Query syn = synonym_query({w}, w, found);
        if (!syn.empty()) {
            alts.push_back(instead(syn));
            known = known || m_synonym_found;
        }
        if (!known) {
            Xapian::Query split = split_query(w);
            if (!split.empty()) alts.push_back(split);
            // A word some dictionary has is no typo, only absent ("herding" is not "ferdig"),
            // nor is a long compound of long dictionary words ("vaksinemotstanderen"). Xapian
            // takes milliseconds to find no suggestion for such a word.
            bool compound = parts.size() >= 2 &&
                            indexer::count_code_points(w) >= kMinSureCompound &&
                            std::all_of(parts.begin(), parts.end(), [](const std::string& p) {
                                return indexer::count_code_points(p) >= kMinSurePart;
                            });
            bool dictionary_word = compound || m_analyzer.known_word(w, "en") ||
                                   m_analyzer.known_word(w, "nb") || m_analyzer.known_word(w, "nn");
            Xapian::Query correction = dictionary_word ? Xapian::Query() : correction_query(w);
            if (!correction.empty()) alts.push_back(correction);
        }
        return any_of(alts);
    }

    // Two adjacent plain words: their thesaurus entry as a pair ("reindeer husbandry" ->
    // "reindrift"), and their joined form if the index has it ("live stock" -> "livestock").
    Xapian::Query pair_query(const std::string& a, const std::string& b) {
        std::string label = a + " " + b;
        std::vector<Xapian::Query> alts;
        Xapian::Query syn = synonym_query({a, b}, label);
        if (!syn.empty()) alts.push_back(syn);
        std::string joined = a + b;
        if (m_ctx.db && exists(joined)) {
            alts.push_back(scaled(Xapian::Query(joined), kSplitWeight));
            record(label, "split", joined, {joined}, false);
        }
        return any_of(alts);
    }

    // Title and section words: as written and stemmed, under the title prefixes.
    Xapian::Query title_query(const indexer::Token& t, bool negated) {
        std::vector<std::string> terms = {str(prefix::kTitle, t.word)};
        for (const auto& l : m_langs)
            add_unique(terms, str(prefix::kTitleStem, m_analyzer.stem(t.word, l)));
        record(t.word, "exact", t.word, terms, negated);
        if (!negated) m_out.words.push_back(t.word);
        return synonym_of(terms);
    }

    Xapian::Query word(const Lexeme& item, bool negated) {
        auto tokens = m_analyzer.tokenize(item.text);
        if (tokens.empty()) return {};
        if (tokens.size() == 1) {
            const auto& t = tokens[0];
            if (!m_keep_stop_words && item.sign != '+' && item.field.empty() && droppable(t.word))
                return {};
            if (++m_words > kMaxWords) return {};
            if (is_title(item)) return title_query(t, negated);
            m_plain_word = t.word;
            return negated ? expand_word(t, true, false) : expand_plain_word(t);
        }
        // One written word that analyses to several ("Sør-Trøndelag", "1715-1789"): the parts
        // as a phrase, or the joined form the indexer also keeps, or (lower) all the parts
        // with their own spellings ("Sor-Trondelag").
        Xapian::Query q = phrase_of(tokens, is_title(item), negated);
        if (is_title(item)) return q;
        std::vector<std::string> joined;
        for (const auto& v : tokens[0].variants)
            add_unique(joined, str(prefix::kVariant, m_analyzer.fold(v)));
        std::vector<Xapian::Query> alts = {q};
        if (!joined.empty()) {
            record(tokens[0].word, "variant", tokens[0].variants[0], joined, negated);
            alts.push_back(synonym_of(joined));
        }
        // Number ranges ("1646-1953") stay exact: "1646 to 1953" is another statement.
        bool words_only = std::none_of(tokens.begin(), tokens.end(),
                                       [](const indexer::Token& t) { return t.numeric; });
        if (!negated && words_only && tokens.size() <= 4) {
            std::vector<Xapian::Query> parts;
            for (const auto& t : tokens) parts.push_back(expand_word(t, false, true));
            alts.push_back(
                scaled(Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()), 0.5));
        }
        return any_of(alts);
    }

    Xapian::Query phrase(const Lexeme& item, bool negated) {
        auto tokens = m_analyzer.tokenize(item.text);
        if (tokens.empty()) return {};
        if (tokens.size() == 1) {
            if (is_title(item)) return title_query(tokens[0], negated);
            return expand_word(tokens[0], negated, true);
        }
        return phrase_of(tokens, is_title(item), negated);
    }

    // Phrases match words as written (positions are kept for those only).
    Xapian::Query phrase_of(const std::vector<indexer::Token>& tokens, bool title, bool negated) {
        if (title) {  // title terms have no positions: all words must be in the title
            std::vector<Xapian::Query> parts;
            for (const auto& t : tokens) parts.push_back(title_query(t, negated));
            return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
        }
        std::vector<std::string> words;
        for (const auto& t : tokens) {
            if (words.size() >= kMaxWords) break;
            words.push_back(t.word);
            if (!negated) m_out.words.push_back(t.word);
        }
        std::string form;
        for (const auto& w : words) form += (form.empty() ? std::string() : " ") + w;
        std::vector<std::vector<std::string>> in_a_row;
        for (const auto& w : words) in_a_row.push_back({w});
        record(form, "exact", form, words, negated, std::move(in_a_row));
        return Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(), words.size());
    }

    std::vector<Lexeme> m_lx;
    std::size_t m_pos = 0;
    std::size_t m_words = 0;
    indexer::Analyzer& m_analyzer;
    std::vector<std::string> m_langs;
    bool m_keep_stop_words;
    std::string m_query_lang;  // detected language of the whole query, or ""
    const QueryContext& m_ctx;
    ParsedQuery& m_out;
    bool m_scan_forms = false;
    std::optional<bool> m_every_passage_has_lang;  // see every_passage_has_lang()
    SpellingOnDemand m_own_spelling;               // when the context holds none
    std::string m_plain_word;                      // set by word() for a plain single word
    bool m_synonym_found = false;  // set by synonym_query(): a value's terms are in the index
    std::map<std::string, std::string> m_corrections;  // word -> spelling suggestion
};

// The query text with each corrected word replaced, keeping a capital first letter.
std::string corrected_text(const std::string& text, indexer::Analyzer& analyzer,
                           const std::map<std::string, std::string>& corrections) {
    std::string out;
    std::size_t pos = 0;  // bytes of text copied so far
    for (const auto& t : analyzer.tokenize(text)) {
        auto it = corrections.find(t.word);
        if (it == corrections.end()) continue;
        std::size_t b = indexer::byte_offset(text, t.start), e = indexer::byte_offset(text, t.end);
        out += text.substr(pos, b - pos);
        std::string replacement = it->second;
        if (t.capitalized) {
            icu::UnicodeString u = icu::UnicodeString::fromUTF8(replacement);
            u.replace(0, 1, icu::UnicodeString(u.char32At(0)).toTitle(nullptr));
            replacement.clear();
            u.toUTF8String(replacement);
        }
        out += replacement;
        pos = e;
    }
    return out + text.substr(pos);
}

}  // namespace

std::vector<std::string> word_terms(const std::string& word, indexer::Analyzer& analyzer,
                                    const std::vector<std::string>& langs) {
    std::vector<std::string> forms = {word};
    for (auto& v : analyzer.word_variants(word)) forms.push_back(std::move(v));
    std::vector<std::string> terms;
    for (const auto& f : forms) {
        terms.push_back(f);
        terms.push_back(str(prefix::kVariant, analyzer.fold(f)));
        for (const auto& l : langs)
            if (auto z = analyzer.stem_term(f, l); !z.empty()) terms.push_back(std::move(z));
    }
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    return terms;
}

ParsedQuery parse_query(const std::string& text, indexer::Analyzer& analyzer,
                        const std::vector<std::string>& langs_in, const QueryContext& context) {
    std::vector<std::string> langs = langs_in.empty() ? indexer::known_langs() : langs_in;
    ParsedQuery out;
    auto lexemes = lex(text);

    // The query's own language, when CLD2 is sure (questions, not one or two words).
    std::string query_lang;
    std::size_t plain_words = 0;
    for (const auto& l : lexemes)
        if (l.kind == Lex::word && l.field.empty()) plain_words += analyzer.tokenize(l.text).size();
    if (plain_words >= 4) {
        bool reliable = false;
        std::string detected = analyzer.detect_lang(text, &reliable);
        if (reliable) query_lang = detected;
    }

    // Stop words are kept when every plain word is one ("to be or not to be", "the who").
    bool all_stop = true;
    for (const auto& l : lexemes) {
        if (l.kind != Lex::word || !l.field.empty()) continue;
        for (const auto& t : analyzer.tokenize(l.text))
            if (!indexer::is_stop_word(t.word, query_lang)) all_stop = false;
    }
    Parser parser(lexemes, analyzer, langs, all_stop, query_lang, context, out);
    out.query = parser.parse();
    if (!parser.corrections().empty())
        out.did_you_mean = corrected_text(text, analyzer, parser.corrections());
    if (out.query.empty()) {
        // Only operators, or nothing the grammar could use: search the words as written.
        out = ParsedQuery{};
        out.degraded = true;
        std::vector<Xapian::Query> parts;
        for (const auto& t : analyzer.tokenize(text)) {
            if (parts.size() >= kMaxWords) break;
            auto terms = word_terms(t.word, analyzer, langs);
            out.highlight_terms.insert(terms.begin(), terms.end());
            out.words.push_back(t.word);
            out.expansions.push_back({t.word, "exact", t.word, terms, {}});
            parts.push_back(synonym_of(terms));
        }
        out.query = parts.empty() ? Xapian::Query::MatchNothing
                                  : Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    }
    return out;
}

}  // namespace heritage::searcher
