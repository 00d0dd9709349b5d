// Hunspell-backed word lists: which words a language knows, and how Norwegian compounds split.
#include "indexer/compounds.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <hunspell.hxx>
#include <tuple>
#include <unordered_set>

namespace heritage::indexer {

namespace {

constexpr std::size_t kMinWord = 7;       // shorter words are not split
constexpr std::size_t kMaxWord = 40;      // longer "words" are not language
constexpr std::size_t kMinPart = 4;       // parts are at least this long, but see short_parts()
constexpr std::size_t kMinShortPart = 3;  // the length of short_parts()
constexpr std::size_t kMaxParts = 4;
constexpr std::size_t kMaxCache = 200000;

// Three-letter words common as compound parts ("rådhus", "sagbruk", "Vingelsdal").
const std::unordered_set<std::string>& short_parts() {
    static const std::unordered_set<std::string> s = {
        "hus", "tun", "sag", "bru", "vei", "veg", "dal", "sjø", "eng", "myr", "bod", "bur", "ovn",
        "tak", "mur", "rom", "bok", "kar", "sti", "gud", "sol", "tre", "ull", "øks", "båt", "elv",
        "ski", "kro", "kai", "bro", "lys", "ild", "sau", "hav", "vik", "nes", "lag", "sal"};
    return s;
}

// Words that end many words as suffixes, not as heads of compounds ("landskap", "kjærlighet").
const std::unordered_set<std::string>& not_heads() {
    static const std::unordered_set<std::string> s = {"skap",  "else", "ning", "heten", "ende",
                                                      "inge",  "lige", "isme", "ande",  "inga",
                                                      "ingen", "ings", "ster"};
    return s;
}

// Endings of first parts that are joined to the next by a linking s ("regjering-s-bygg",
// "nyhet-s-oppdatering", "universitet-s-by"), also where the next part could begin with s.
bool takes_linking_s(std::string_view latin1) {
    for (std::string_view end :
         {"het", "dom", "skap", "sjon", "ing", "else", "nad", "tet", "ment", "ion", "dag", "land"})
        if (latin1.size() > end.size() && latin1.ends_with(end)) return true;
    return latin1 == "land" || latin1 == "stat" || latin1 == "verden";
}

// UTF-8 -> ISO-8859-1, or false if a code point does not fit.
bool to_latin1(const std::string& utf8, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < utf8.size();) {
        unsigned char c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x80) {
            out += static_cast<char>(c);
            ++i;
        } else if ((c == 0xC2 || c == 0xC3) && i + 1 < utf8.size()) {
            out += static_cast<char>(((c & 0x1F) << 6) |
                                     (static_cast<unsigned char>(utf8[i + 1]) & 0x3F));
            i += 2;
        } else {
            return false;
        }
    }
    return true;
}

// Upper-cases the first letter of a Latin-1 word (names are capitalized in the dictionaries).
std::string capitalize_latin1(std::string s) {
    if (s.empty()) return s;
    unsigned char c = static_cast<unsigned char>(s[0]);
    if (c >= 'a' && c <= 'z')
        s[0] = static_cast<char>(c - 32);
    else if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
        s[0] = static_cast<char>(c - 32);
    return s;
}

bool all_letters_latin1(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char ch) {
        unsigned char c = static_cast<unsigned char>(ch);
        return (c >= 'a' && c <= 'z') || (c >= 0xDF && c != 0xF7);
    });
}

std::string dictionary_dir() {
    const char* env = std::getenv("HERITAGE_HUNSPELL_DIR");
    return env && *env ? env : "/usr/share/hunspell";
}

}  // namespace

std::string latin1_to_utf8(std::string_view latin1) {
    std::string out;
    out.reserve(latin1.size());
    for (char ch : latin1) {
        auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) {
            out += ch;
        } else {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

struct Lexicon::Dict {
    std::unique_ptr<Hunspell> hunspell;
    bool utf8 = false;
    // Hunspell looks a capitalized word up lower-cased too, unless the affix file has flags
    // that tell the two apart (KEEPCASE, FORBIDDENWORD): then a name check needs both.
    bool capitalized_covers_lower = false;

    // Without Hunspell's own compounding (`plain_words`), a look-up of a non-word costs half as
    // much: it no longer tries every way of cutting the word into dictionary words, which
    // split() does itself, and the splits come out better ("politi etterforsker", not
    // "politietter forsker", where Hunspell took "politietter" for a compound). Where no
    // in-memory file can be made (no memfd_create or no /proc), Hunspell compounds after all.
    static std::unique_ptr<Dict> open(const std::string& name, bool plain_words) {
        namespace fs = std::filesystem;
        std::string base = dictionary_dir() + "/" + name;
        std::error_code ec;
        if (!fs::exists(base + ".aff", ec) || !fs::exists(base + ".dic", ec)) return nullptr;
        std::string aff = base + ".aff";
        // Hunspell reads only files, and reads them whole in its constructor: the affix file
        // without the compounding directives is handed to it as an in-memory file.
        int fd = -1;
        bool case_flags = false;  // KEEPCASE or FORBIDDENWORD seen (read with plain_words only)
        if (plain_words) {
            std::ifstream in(aff, std::ios::binary);
            std::string filtered;
            for (std::string line; std::getline(in, line);) {
                if (line.rfind("KEEPCASE", 0) == 0 || line.rfind("FORBIDDENWORD", 0) == 0)
                    case_flags = true;
                if (line.rfind("COMPOUND", 0) != 0 && line.rfind("CHECKCOMPOUND", 0) != 0 &&
                    line.rfind("ONLYINCOMPOUND", 0) != 0)
                    filtered += line + '\n';
            }
            fd = in.bad() ? -1 : ::memfd_create("heritage-aff", MFD_CLOEXEC);
            if (fd >= 0) {
                std::string memory_file = "/proc/self/fd/" + std::to_string(fd);
                bool written = ::write(fd, filtered.data(), filtered.size()) ==
                               static_cast<ssize_t>(filtered.size());
                if (written && fs::exists(memory_file, ec))  // /proc may be missing
                    aff = memory_file;
            }
        }
        auto d = std::make_unique<Dict>();
        d->hunspell = std::make_unique<Hunspell>(aff.c_str(), (base + ".dic").c_str());
        if (fd >= 0) ::close(fd);
        d->utf8 = d->hunspell->get_dict_encoding() == "UTF-8";
        d->capitalized_covers_lower = plain_words && !case_flags;
        return d;
    }

    // Whether the affix file of `name` declares UTF-8 ("SET UTF-8"); false if there is none.
    static bool is_utf8(const std::string& name) {
        std::ifstream in(dictionary_dir() + "/" + name + ".aff", std::ios::binary);
        for (std::string line; std::getline(in, line);)
            if (line.rfind("SET ", 0) == 0) return line.find("UTF-8") != std::string::npos;
        return false;
    }

    // `word` is UTF-8 for UTF-8 dictionaries and Latin-1 otherwise; so are the stems.
    bool spell(const std::string& word) { return hunspell->spell(word); }
    std::vector<std::string> stem(const std::string& word) { return hunspell->stem(word); }
};

Lexicon& Lexicon::shared() {
    // Never destroyed: freeing ~60 MB of dictionaries at exit would only delay the exit of a
    // program that has committed its work (and did widen the window in which a kill after
    // the commit looks like a kill before it).
    static Lexicon* lexicon = new Lexicon();
    return *lexicon;
}

Lexicon::Lexicon() {
    // Hunspell reads a dictionary whole in its constructor, Bokmål in 0.2-0.3 s and Nynorsk
    // in 0.15-0.2 s: most of what a one-off search waits. So the two load side by side, unless
    // one is UTF-8: loading such a dictionary writes a table all of Hunspell's objects share,
    // unguarded (initialize_utf_tbl). For the same reason English loads after them.
    const bool side_by_side = !Dict::is_utf8("nb_NO") && !Dict::is_utf8("nn_NO");
    auto bokmal = std::async(side_by_side ? std::launch::async : std::launch::deferred,
                             [] { return Dict::open("nb_NO", true); });
    auto nynorsk = Dict::open("nn_NO", true);
    std::unique_ptr<Dict> norwegian[] = {bokmal.get(), std::move(nynorsk)};
    for (auto& d : norwegian)
        if (d) m_norwegian.push_back(std::move(d));
    m_english = Dict::open("en_US", false);
}

Lexicon::~Lexicon() = default;

bool Lexicon::has_norwegian() const { return !m_norwegian.empty(); }
bool Lexicon::has_english() const { return m_english != nullptr; }

bool Lexicon::knows(const std::string& word, std::string_view lang) {
    if (word.empty() || word.size() > 4 * kMaxWord) return false;
    std::lock_guard<std::mutex> lock(m_mutex);
    return cached(std::string(lang) + ":" + word, [&] { return knows_locked(word, lang); });
}

bool Lexicon::is_name(const std::string& word, std::string_view lang) {
    if (word.empty() || word.size() > 4 * kMaxWord) return false;
    std::lock_guard<std::mutex> lock(m_mutex);
    return cached("^" + std::string(lang) + ":" + word, [&] { return is_name_locked(word, lang); });
}

std::vector<std::string> Lexicon::lemmas(const std::string& word) {
    std::string latin1;
    if (word.empty() || word.size() > 4 * kMaxWord || !to_latin1(word, latin1)) return {};
    std::lock_guard<std::mutex> lock(m_mutex);
    if (auto it = m_lemma_cache.find(word); it != m_lemma_cache.end()) return it->second;
    std::vector<std::string> out;
    for (auto& d : m_norwegian)
        for (const auto& s : d->stem(d->utf8 ? word : latin1)) {
            std::string lemma = d->utf8 ? s : latin1_to_utf8(s);
            if (std::find(out.begin(), out.end(), lemma) == out.end())
                out.push_back(std::move(lemma));
        }
    if (m_lemma_cache.size() >= kMaxCache) m_lemma_cache.clear();
    m_lemma_cache.emplace(word, out);
    return out;
}

bool Lexicon::cached(std::string key, const std::function<bool()>& look_up) {
    auto it = m_known_cache.find(key);
    if (it != m_known_cache.end()) return it->second;
    bool answer = look_up();
    if (m_known_cache.size() >= kMaxCache) m_known_cache.clear();
    m_known_cache.emplace(std::move(key), answer);
    return answer;
}

Lexicon::Dict* Lexicon::dict_for(const std::string& word, std::string_view lang,
                                 std::string& written, std::string& capitalized) {
    if (lang == "en") {
        if (!m_english || word.empty()) return nullptr;
        written = capitalized = word;
        if (word[0] >= 'a' && word[0] <= 'z') capitalized[0] = static_cast<char>(word[0] - 32);
        return m_english.get();
    }
    std::size_t i = lang == "nn" ? 1 : 0;
    if (i >= m_norwegian.size() || !to_latin1(word, written)) return nullptr;
    capitalized = capitalize_latin1(written);
    return m_norwegian[i].get();
}

bool Lexicon::is_name_locked(const std::string& word, std::string_view lang) {
    std::string written, capitalized;
    Dict* d = dict_for(word, lang, written, capitalized);
    return d && capitalized != written && !d->spell(written) && d->spell(capitalized);
}

bool Lexicon::knows_locked(const std::string& word, std::string_view lang) {
    // Hunspell accepts a capitalized form of a lower-case entry, not the reverse.
    std::string written, capitalized;
    Dict* d = dict_for(word, lang, written, capitalized);
    return d && (d->spell(written) || d->spell(capitalized));
}

bool Lexicon::part_ok(const std::string& part, bool first) {
    if (part.size() < kMinPart && !short_parts().count(latin1_to_utf8(part))) return false;
    std::string key = first ? "^" + part : part;
    auto it = m_part_cache.find(key);
    if (it != m_part_cache.end()) return it->second;
    bool ok = false;
    for (auto& d : m_norwegian) {
        if (first && d->capitalized_covers_lower)  // one look-up where there were two
            ok = d->spell(capitalize_latin1(part));
        else
            ok = d->spell(part) || (first && d->spell(capitalize_latin1(part)));
        if (ok) break;
    }
    if (m_part_cache.size() >= kMaxCache) m_part_cache.clear();
    m_part_cache.emplace(std::move(key), ok);
    return ok;
}

std::vector<std::string> Lexicon::split(const std::string& word) {
    // Most words are short: UTF-8 has at least as many bytes as Latin-1, so these need neither
    // the lock nor the cache.
    if (word.size() < kMinWord) return {};
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_norwegian.empty()) return {};
    auto it = m_split_cache.find(word);
    if (it != m_split_cache.end()) return it->second;
    auto parts = split_locked(word);
    if (m_split_cache.size() >= kMaxCache) m_split_cache.clear();
    m_split_cache.emplace(word, parts);
    return parts;
}

std::vector<std::string> Lexicon::split_locked(const std::string& word) {
    std::string w;
    if (!to_latin1(word, w) || w.size() < kMinWord || w.size() > kMaxWord || !all_letters_latin1(w))
        return {};
    const std::size_t n = w.size();
    // best[s]: the best split of w[s, n) into parts, s > 0 (the suffix is one or more parts).
    // Score: fewer parts; then a linking s rather than a genitive part ("gård" + s + "bruk",
    // not "gårds" + "bruk"), and a whole word rather than a linking e ("smelte" + "hytta", not
    // "smelt" + e + "hytta"); then a longer shortest part.
    struct Best {
        bool ok = false;
        std::size_t parts = 0, min_len = 0;
        long links = 0;        // +1 per linking e, -1 per linking s
        std::size_t end = 0;   // end of the first part
        std::size_t next = 0;  // where the rest starts (end, or end + 1 after a link)
        auto key() const { return std::make_tuple(parts, links, -static_cast<long>(min_len)); }
    };
    // best[s] is only read where a first part (or its linking letter) ends, so it is not worked
    // out below the shortest first part the dictionaries know. Finding that costs look-ups of
    // the word's prefixes, which its inflections share ("zombiefilm", "zombiefilmen") and the
    // cache mostly answers, and spares the look-ups of its longest suffixes, which no other
    // word has: on NoReC, Hunspell look-ups fell by half, for the same splits.
    std::size_t shortest_first = n;
    for (std::size_t e = kMinShortPart; e < n && shortest_first == n; ++e)
        if (part_ok(w.substr(0, e), true)) shortest_first = e;
    if (shortest_first == n) return {};
    std::vector<Best> best(n + 1);
    for (std::size_t s = n; s-- > 0;) {
        if (s > 0 && s < shortest_first) continue;
        const bool first = s == 0;
        Best b;
        for (std::size_t e = s + kMinShortPart; e <= n; ++e) {
            if (first && e == n) break;  // the word itself is no split
            std::string part = w.substr(s, e - s);
            if (e == n) {
                if (!not_heads().count(latin1_to_utf8(part)) && part_ok(part, first)) {
                    Best c{true, 1, part.size(), 0, e, e};
                    if (!b.ok || c.key() < b.key()) b = c;
                }
                continue;
            }
            bool checked = false, valid = false;
            for (std::size_t link = 0; link <= 1; ++link) {
                std::size_t next = e + link;
                if (link && (next >= n || (w[e] != 's' && w[e] != 'e'))) continue;
                // An s that can begin the next part does, unless the part before is of a kind
                // that takes a linking s: "fler" + "spiller", "brett" + "spill", but
                // "inspirasjon" + s + "kilder".
                if (link && w[e] == 's' && best[e].ok && best[e].parts <= best[next].parts &&
                    !takes_linking_s(part))
                    continue;
                if (next >= n || !best[next].ok || best[next].parts + 1 > kMaxParts) continue;
                if (!checked) {
                    valid = part_ok(part, first);
                    checked = true;
                }
                if (!valid) break;
                long link_cost = link ? (w[e] == 's' ? -1 : 1) : 0;
                // A genitive part counts as a link the wrong way: "skue" + "spillet", not
                // "skues" + "pillet".
                if (!link && part.size() > 3 && part.back() == 's' &&
                    part_ok(part.substr(0, part.size() - 1), first))
                    link_cost += 1;
                Best c{true,
                       best[next].parts + 1,
                       std::min(part.size(), best[next].min_len),
                       best[next].links + link_cost,
                       e,
                       next};
                if (!b.ok || c.key() < b.key()) b = c;
            }
        }
        best[s] = b;
    }
    if (!best[0].ok || best[0].parts < 2) return {};
    std::vector<std::string> parts;
    for (std::size_t s = 0; s < n;) {
        parts.push_back(latin1_to_utf8(w.substr(s, best[s].end - s)));
        s = best[s].next;
    }
    return parts;
}

}  // namespace heritage::indexer
