// Looks up the entries of mythes thesauri by headword stem (see related_words.hpp).
#include "searcher/related_words.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unicode/unistr.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "indexer/analyzer.hpp"
#include "indexer/compounds.hpp"

namespace heritage::searcher {

namespace {

// Case-folded as the analyzer folds words; ASCII (most words) without ICU.
std::string folded(std::string s) {
    if (std::all_of(s.begin(), s.end(), [](char c) { return (c & 0x80) == 0; })) {
        for (char& c : s)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        return s;
    }
    std::string out;
    icu::UnicodeString::fromUTF8(s).foldCase().toUTF8String(out);
    return out;
}

// The line of `text` that starts at `pos`, without its end; `pos` moves past it.
std::string_view next_line(std::string_view text, std::size_t& pos) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = end + 1;
    return line;
}

// The N of a "word|N" line, or -1 if the line is not one.
int entry_count(std::string_view line) {
    std::size_t bar = line.rfind('|');
    if (bar == std::string_view::npos || bar + 1 == line.size()) return -1;
    int n = 0;
    for (char c : line.substr(bar + 1)) {
        if (c < '0' || c > '9' || n > 100000) return -1;
        n = n * 10 + (c - '0');
    }
    return n;
}

std::unique_ptr<RelatedWords> load(const std::string& file, std::string_view lang) {
    const char* env = std::getenv("HERITAGE_MYTHES_DIR");
    const std::string path = (env && *env ? env : "/usr/share/mythes") + std::string("/") + file;
    if (::access(path.c_str(), F_OK) != 0) return nullptr;  // not installed: no related words
    try {
        return std::make_unique<RelatedWords>(path, lang);
    } catch (const RelatedWordsError& e) {
        std::cerr << "heritage: related words left out: " << e.what() << '\n';
        return nullptr;
    }
}

}  // namespace

RelatedWords::RelatedWords(const std::string& path, std::string_view lang) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0) {
        if (fd >= 0) ::close(fd);
        throw RelatedWordsError(path + ": cannot be opened");
    }
    m_size = static_cast<std::size_t>(st.st_size);
    void* mapped = m_size ? ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
    ::close(fd);
    if (mapped == MAP_FAILED) throw RelatedWordsError(path + ": cannot be read");
    m_text = static_cast<const char*>(mapped);
    try {
        const std::string_view text(m_text, m_size);
        if (text.size() > UINT32_MAX) throw RelatedWordsError(path + ": too large");
        std::size_t pos = 0, line_no = 1;
        auto fail = [&path](std::size_t line, const std::string& why) {
            return RelatedWordsError(path + ":" + std::to_string(line) + ": " + why);
        };
        std::string_view encoding = next_line(text, pos);
        m_latin1 = encoding == "ISO8859-1";
        if (!m_latin1 && encoding != "UTF-8")
            throw fail(1, "unknown encoding \"" + std::string(encoding) + "\"");

        m_by_stem.reserve(text.size() / 200);  // both Debian files: 120-140 bytes an entry
        Xapian::Stem stemmer;
        if (std::string name = indexer::stemmer_name(lang); !name.empty())
            stemmer = Xapian::Stem(name);
        while (pos < text.size()) {
            const std::size_t entry = pos;
            std::string_view line = next_line(text, pos);
            const std::size_t head_line = ++line_no;
            if (line.empty()) continue;
            int count = entry_count(line);
            if (count < 0) throw fail(head_line, "expected \"word|count\"");
            for (int k = 0; k < count; ++k, ++line_no) {
                if (pos >= text.size()) throw fail(head_line, "the file ends inside this entry");
                next_line(text, pos);
            }
            std::string_view head = line.substr(0, line.rfind('|'));
            if (head.empty() || head.find(' ') != std::string_view::npos) continue;
            std::string word = folded(m_latin1 ? indexer::latin1_to_utf8(head) : std::string(head));
            m_by_stem[stemmer(word)].push_back(static_cast<std::uint32_t>(entry));
        }
    } catch (...) {
        ::munmap(const_cast<char*>(m_text), m_size);
        throw;
    }
}

RelatedWords::~RelatedWords() { ::munmap(const_cast<char*>(m_text), m_size); }

const RelatedWords* RelatedWords::for_lang(std::string_view lang) {
    if (lang == "en") {
        static const std::unique_ptr<RelatedWords> english = load("th_en_US_v2.dat", "en");
        return english.get();
    }
    if (lang == "nb" || lang == "nn" || lang == "no") {
        static const std::unique_ptr<RelatedWords> norwegian = load("th_nb_NO_v2.dat", "nb");
        return norwegian.get();
    }
    return nullptr;
}

std::vector<std::string> RelatedWords::of_stem(const std::string& stem) const {
    std::vector<std::string> out;
    auto it = m_by_stem.find(stem);
    if (it == m_by_stem.end()) return out;
    const std::string_view text(m_text, m_size);
    auto decode = [this](std::string_view s) {
        return folded(m_latin1 ? indexer::latin1_to_utf8(s) : std::string(s));
    };
    std::vector<std::string> heads;
    for (std::uint32_t entry : it->second) {
        std::size_t pos = entry;
        std::string_view line = next_line(text, pos);
        heads.push_back(decode(line.substr(0, line.rfind('|'))));
        for (int k = entry_count(line); k > 0 && pos < text.size(); --k) {
            // "(noun)|word|word (similar term)|word (generic term)|...": the first field is the
            // part of speech.
            line = next_line(text, pos);
            for (std::size_t a = line.find('|'); a != std::string_view::npos;) {
                std::size_t b = line.find('|', a + 1);
                std::string_view word = line.substr(
                    a + 1, b == std::string_view::npos ? std::string_view::npos : b - a - 1);
                a = b;
                if (std::size_t tag = word.find(" ("); tag != std::string_view::npos) {
                    std::string_view what = word.substr(tag);
                    if (what.starts_with(" (antonym") || what.starts_with(" (generic")) continue;
                    word = word.substr(0, tag);
                }
                if (word.empty() || word.find(' ') != std::string_view::npos) continue;
                std::string w = decode(word);
                if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(std::move(w));
            }
        }
    }
    std::erase_if(out, [&heads](const std::string& w) {
        return std::find(heads.begin(), heads.end(), w) != heads.end();
    });
    return out;
}

}  // namespace heritage::searcher
