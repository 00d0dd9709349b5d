// Thesaurus file parsing, synonym keys and values, and writing them as Xapian synonyms.
#include "indexer/thesaurus.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace heritage::indexer {

namespace {

constexpr std::size_t kMaxTermWords = 5;
constexpr std::size_t kMaxTermBytes = 100;
const char* const kDigestKey = "heritage:thesaurus";

std::string trim(const std::string& s) {
    std::size_t a = s.find_first_not_of(" \t\r");
    if (a == std::string::npos) return "";
    std::size_t b = s.find_last_not_of(" \t\r");
    return s.substr(a, b - a + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (const auto& p : parts) {
        if (!out.empty()) out += sep;
        out += p;
    }
    return out;
}

std::uint64_t fnv1a(const std::string& s) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

bool is_lang_code(const std::string& s) {
    return s.size() >= 2 && s.size() <= 3 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::vector<std::string> words_of(Analyzer& analyzer, const std::string& text) {
    std::vector<std::string> words;
    for (auto& t : analyzer.tokenize(text)) words.push_back(std::move(t.word));
    return words;
}

}  // namespace

Thesaurus Thesaurus::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ThesaurusError(path + ": cannot open thesaurus for reading");
    std::ostringstream buf;
    buf << in.rdbuf();
    return parse(buf.str(), path);
}

Thesaurus Thesaurus::parse(const std::string& content, const std::string& name) {
    Thesaurus th;
    // With the version of the keys' scheme: an index whose synonyms were keyed otherwise gets
    // them anew.
    th.m_digest = "keys2:" + std::to_string(fnv1a(content));
    if (!is_valid_utf8(content)) throw ThesaurusError(name + ": not valid UTF-8");
    std::vector<std::string> columns;
    std::istringstream in(content);
    std::string line;
    std::size_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::string where = name + ":" + std::to_string(line_no);
        if (trim(line).empty() || trim(line)[0] == '#') continue;
        auto cells = split(line, '\t');
        if (columns.empty()) {
            for (auto& c : cells) columns.push_back(trim(c));
            if (std::find(columns.begin(), columns.end(), "domain") == columns.end())
                throw ThesaurusError(where + ": the header must name a \"domain\" column");
            for (const auto& c : columns)
                if (c != "domain" && c != "note" && !is_lang_code(c))
                    throw ThesaurusError(where + ": column \"" + c +
                                         "\" is neither domain, note nor a language code");
            continue;
        }
        if (cells.size() > columns.size())
            throw ThesaurusError(where + ": " + std::to_string(cells.size()) +
                                 " cells, but the header names " + std::to_string(columns.size()));
        Concept c;
        c.line = line_no;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const std::string& col = columns[i];
            std::string cell = trim(cells[i]);
            if (col == "domain") {
                c.domain = cell;
                continue;
            }
            if (col == "note" || cell.empty() || cell == "-") continue;
            for (auto& term : split(cell, ';')) {
                term = trim(term);
                if (term.empty()) continue;
                if (term.size() > kMaxTermBytes)
                    throw ThesaurusError(where + ": term \"" + term.substr(0, 40) +
                                         "…\" is too long");
                if (std::count(term.begin(), term.end(), ' ') + 1 >
                    static_cast<long>(kMaxTermWords))
                    throw ThesaurusError(where + ": term \"" + term + "\" has more than " +
                                         std::to_string(kMaxTermWords) + " words");
                c.terms.push_back({col, term});
            }
        }
        if (c.terms.size() < 2)
            throw ThesaurusError(where + ": a row needs at least two terms to be synonyms");
        th.m_concepts.push_back(std::move(c));
    }
    if (columns.empty()) throw ThesaurusError(name + ": no header line");
    return th;
}

namespace {

// True for a word with a letter that Norwegian has and folding takes away: "øst" (east) is not
// "ost" (cheese), "øre" (ear) not "ore", "låne" (borrow) not "lane". (Tokens are lower case.)
bool has_norwegian_letter(std::string_view word) {
    for (std::string_view letter : {"æ", "ø", "å"})
        if (word.find(letter) != std::string_view::npos) return true;
    return false;
}

// The words joined by spaces, and "Z" + their stems joined (for a language with a stemmer):
// folded, or as written.
std::vector<std::string> keys_of(Analyzer& analyzer, const std::vector<std::string>& words,
                                 const std::string& lang, bool folded) {
    std::vector<std::string> forms, stems;
    for (const auto& w : words) {
        forms.push_back(folded ? analyzer.fold(w) : w);
        std::string stem = analyzer.stem(w, lang);
        stems.push_back(folded ? analyzer.fold(stem) : stem);
    }
    std::vector<std::string> keys = {join(forms, " ")};
    if (!stemmer_name(lang).empty()) keys.push_back(std::string("Z").append(join(stems, " ")));
    return keys;
}

void add_keys(std::vector<std::string>& keys, std::vector<std::string> more) {
    for (auto& k : more) add_unique(keys, std::move(k));
}

}  // namespace

std::vector<std::string> term_keys(Analyzer& analyzer, const std::vector<std::string>& words,
                                   const std::string& lang) {
    if (words.empty()) return {};
    std::vector<std::string> keys = keys_of(analyzer, words, lang, true);
    if (std::any_of(words.begin(), words.end(), has_norwegian_letter))
        add_keys(keys, keys_of(analyzer, words, lang, false));
    return keys;
}

std::vector<std::string> query_keys(Analyzer& analyzer, const std::vector<std::string>& words) {
    std::vector<std::string> keys;
    if (words.empty()) return keys;
    bool written = std::any_of(words.begin(), words.end(), has_norwegian_letter);
    for (const auto& lang : known_langs()) add_keys(keys, keys_of(analyzer, words, lang, !written));
    return keys;
}

std::map<std::string, std::set<std::string>> Thesaurus::synonyms(Analyzer& analyzer) const {
    std::map<std::string, std::set<std::string>> out;
    for (const auto& c : m_concepts) {
        std::vector<std::vector<std::string>> keys;
        for (const auto& t : c.terms)
            keys.push_back(term_keys(analyzer, words_of(analyzer, t.text), t.lang));
        for (std::size_t i = 0; i < c.terms.size(); ++i) {
            for (const auto& key : keys[i]) {
                for (std::size_t j = 0; j < c.terms.size(); ++j) {
                    if (std::find(keys[j].begin(), keys[j].end(), key) != keys[j].end()) continue;
                    out[key].insert(c.terms[j].lang + ":" + c.terms[j].text);
                }
            }
        }
    }
    return out;
}

bool Thesaurus::write_to(Xapian::WritableDatabase& db, Analyzer& analyzer) const {
    if (db.get_metadata(kDigestKey) == m_digest) return false;
    std::vector<std::string> old;
    for (auto it = db.synonym_keys_begin(); it != db.synonym_keys_end(); ++it) old.push_back(*it);
    for (const auto& k : old) db.clear_synonyms(k);
    for (const auto& [key, values] : synonyms(analyzer)) {
        if (key.empty() || key.size() > 240) continue;
        for (const auto& v : values) db.add_synonym(key, v);
    }
    db.set_metadata(kDigestKey, m_digest);
    return true;
}

ThesaurusTerm parse_synonym_value(const std::string& value) {
    auto colon = value.find(':');
    if (colon == std::string::npos) return {"", value};
    return {value.substr(0, colon), value.substr(colon + 1)};
}

std::string default_thesaurus_path() {
    if (const char* env = std::getenv("HERITAGE_THESAURUS")) return env;
    return std::string(HERITAGE_SOURCE_DIR) + "/indexer/data/thesaurus.tsv";
}

}  // namespace heritage::indexer
