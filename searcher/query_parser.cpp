// A small recursive-descent query parser: lexing, precedence, stop words and term expansion.
#include "searcher/query_parser.hpp"

#include <algorithm>
#include <map>

#include "indexer/stopwords.hpp"

namespace heritage::searcher {

namespace prefix = indexer::prefix;

namespace {

constexpr int kMaxDepth = 32;      // deeper parentheses are read as plain text
constexpr std::size_t kMaxWords = 64;  // later words are ignored: they cannot change the top

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
                    if (l.text == "AND") l.kind = Lex::op_and;
                    else if (l.text == "OR") l.kind = Lex::op_or;
                    else if (l.text == "NOT") l.kind = Lex::op_not;
                }
            }
        }
        out.push_back(std::move(l));
    }
    out.push_back(Lexeme{});
    return out;
}

Xapian::Query synonym_of(const std::vector<std::string>& terms) {
    if (terms.size() == 1) return Xapian::Query(terms[0]);
    return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
}

class Parser {
public:
    Parser(std::vector<Lexeme> lexemes, indexer::Analyzer& analyzer, std::vector<std::string> langs,
           bool keep_stop_words, ParsedQuery& out)
        : m_lx(std::move(lexemes)),
          m_analyzer(analyzer),
          m_langs(std::move(langs)),
          m_keep_stop_words(keep_stop_words),
          m_out(out) {}

    Xapian::Query parse() {
        Xapian::Query q;
        while (peek().kind != Lex::end) {
            Xapian::Query part = or_expr(0, false);
            q = q.empty() ? part : Xapian::Query(Xapian::Query::OP_OR, q, part);
            if (peek().kind == Lex::rparen) ++m_pos;  // stray ")"
        }
        return q;
    }

private:
    const Lexeme& peek() const { return m_lx[m_pos]; }

    Xapian::Query or_expr(int depth, bool negated) {
        Xapian::Query q = and_expr(depth, negated);
        while (peek().kind == Lex::op_or) {
            ++m_pos;
            Xapian::Query r = and_expr(depth, negated);
            if (q.empty()) q = r;
            else if (!r.empty()) q = Xapian::Query(Xapian::Query::OP_OR, q, r);
        }
        return q;
    }

    Xapian::Query and_expr(int depth, bool negated) {
        Xapian::Query q = not_expr(depth, negated);
        while (peek().kind == Lex::op_and) {
            ++m_pos;
            Xapian::Query r = not_expr(depth, negated);
            if (q.empty()) q = r;
            else if (!r.empty()) q = Xapian::Query(Xapian::Query::OP_AND, q, r);
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
        while (true) {
            const Lexeme& l = peek();
            if (l.kind == Lex::end || l.kind == Lex::rparen || l.kind == Lex::op_or ||
                l.kind == Lex::op_and || l.kind == Lex::op_not)
                break;
            Lexeme item = l;
            ++m_pos;
            bool neg = negated != (item.sign == '-');
            Xapian::Query q;
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
            if (q.empty()) continue;
            if (item.sign == '+') must.push_back(q);
            else if (item.sign == '-') must_not.push_back(q);
            else should.push_back(q);
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
            q = Xapian::Query(Xapian::Query::OP_AND_NOT, q.empty() ? all_passages() : q,
                              Xapian::Query(Xapian::Query::OP_OR, must_not.begin(), must_not.end()));
        }
        return q;
    }

    static Xapian::Query all_passages() {
        return Xapian::Query(std::string(prefix::kKind) + "p");
    }

    Xapian::Query filter_term(const Lexeme& item) {
        if (item.field == "doc") return Xapian::Query(std::string(prefix::kDoc) + item.text);
        if (item.field == "lang") {
            std::string l = indexer::normalize_lang(item.text);
            return l.empty() ? Xapian::Query() : Xapian::Query(std::string(prefix::kLang) + l);
        }
        // source: every word of the value must be in the source's name.
        std::vector<Xapian::Query> parts;
        for (const auto& t : m_analyzer.tokenize(item.text))
            parts.emplace_back(std::string(prefix::kSourceWord) + t.word);
        if (parts.empty()) return {};
        return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
    }

    bool is_title(const Lexeme& item) const {
        return item.field == "title" || item.field == "section";
    }

    // Terms for one analysed word: as written, stemmed, and its variants; under the title
    // prefixes for title:/section:.
    Xapian::Query token_query(const indexer::Token& t, bool title, bool negated) {
        std::vector<std::string> terms;
        if (title) {
            terms.push_back(std::string(prefix::kTitle) + t.word);
            for (const auto& l : m_langs)
                terms.push_back(std::string(prefix::kTitleStem) + m_analyzer.stem(t.word, l));
        } else {
            terms = word_terms(t.word, m_analyzer, m_langs);
            for (const auto& v : t.variants) terms.push_back(std::string(prefix::kVariant) + v);
        }
        std::sort(terms.begin(), terms.end());
        terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
        if (!negated) {
            m_out.highlight_terms.insert(terms.begin(), terms.end());
            m_out.words.push_back(t.word);
        }
        return synonym_of(terms);
    }

    Xapian::Query word(const Lexeme& item, bool negated) {
        auto tokens = m_analyzer.tokenize(item.text);
        if (tokens.empty()) return {};
        if (tokens.size() == 1) {
            const auto& t = tokens[0];
            if (!m_keep_stop_words && item.sign != '+' && item.field.empty() &&
                indexer::is_stop_word(t.word, m_langs.size() == 1 ? m_langs[0] : ""))
                return {};
            if (++m_words > kMaxWords) return {};
            return token_query(t, is_title(item), negated);
        }
        // One written word that analyses to several ("Sør-Trøndelag", "1715-1789"): the parts
        // as a phrase, or the joined form the indexer also keeps.
        Xapian::Query q = phrase_of(tokens, is_title(item), negated);
        std::vector<std::string> joined;
        for (const auto& v : tokens[0].variants)
            joined.push_back(std::string(prefix::kVariant) + v);
        if (!joined.empty() && !is_title(item)) {
            if (!negated) m_out.highlight_terms.insert(joined.begin(), joined.end());
            q = Xapian::Query(Xapian::Query::OP_OR, q, synonym_of(joined));
        }
        return q;
    }

    Xapian::Query phrase(const Lexeme& item, bool negated) {
        auto tokens = m_analyzer.tokenize(item.text);
        if (tokens.empty()) return {};
        if (tokens.size() == 1) return token_query(tokens[0], is_title(item), negated);
        return phrase_of(tokens, is_title(item), negated);
    }

    // Phrases match words as written (positions are kept for those only).
    Xapian::Query phrase_of(const std::vector<indexer::Token>& tokens, bool title, bool negated) {
        if (title) {  // title terms have no positions: all words must be in the title
            std::vector<Xapian::Query> parts;
            for (const auto& t : tokens) parts.push_back(token_query(t, true, negated));
            return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
        }
        std::vector<std::string> words;
        for (const auto& t : tokens) {
            if (words.size() >= kMaxWords) break;
            words.push_back(t.word);
            if (!negated) {
                m_out.highlight_terms.insert(t.word);
                m_out.words.push_back(t.word);
            }
        }
        return Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(), words.size());
    }

    std::vector<Lexeme> m_lx;
    std::size_t m_pos = 0;
    std::size_t m_words = 0;
    indexer::Analyzer& m_analyzer;
    std::vector<std::string> m_langs;
    bool m_keep_stop_words;
    ParsedQuery& m_out;
};

}  // namespace

std::vector<std::string> word_terms(const std::string& word, indexer::Analyzer& analyzer,
                                    const std::vector<std::string>& langs) {
    std::vector<std::string> forms = {word};
    for (auto& v : analyzer.word_variants(word)) forms.push_back(std::move(v));
    std::vector<std::string> terms;
    for (const auto& f : forms) {
        terms.push_back(f);
        terms.push_back(std::string(prefix::kVariant) + f);
        for (const auto& l : langs) terms.push_back(std::string(prefix::kStem) + analyzer.stem(f, l));
    }
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    return terms;
}

ParsedQuery parse_query(const std::string& text, indexer::Analyzer& analyzer,
                        const std::vector<std::string>& langs_in) {
    std::vector<std::string> langs = langs_in.empty() ? indexer::known_langs() : langs_in;
    ParsedQuery out;
    auto lexemes = lex(text);

    // Stop words are kept when every plain word is one ("to be or not to be", "the who").
    bool all_stop = true;
    for (const auto& l : lexemes) {
        if (l.kind != Lex::word || !l.field.empty()) continue;
        for (const auto& t : analyzer.tokenize(l.text))
            if (!indexer::is_stop_word(t.word, langs.size() == 1 ? langs[0] : "")) all_stop = false;
    }
    out.query = Parser(lexemes, analyzer, langs, all_stop, out).parse();
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
            parts.push_back(synonym_of(terms));
        }
        out.query = parts.empty() ? Xapian::Query::MatchNothing
                                  : Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    }
    return out;
}

}  // namespace heritage::searcher
