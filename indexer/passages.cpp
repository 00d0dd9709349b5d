// Paragraph and sentence splitting of document bodies, with inline credit attribution.
#include "indexer/passages.hpp"

#include <algorithm>
#include <regex>

namespace heritage::indexer {

namespace {

bool blank(const std::string& s, std::size_t a, std::size_t b) {
    for (std::size_t i = a; i < b; ++i)
        if (!std::isspace(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

// Matches a credit at the end of a paragraph; group 1 is the name.
const std::regex& credit_regex() {
    static const std::regex re(R"((?:^|\s)(?:Source by|Sources by|Kilde:|Kjelde:)\s+([^\n]{1,80}?)\.?\s*$)",
                               std::regex::ECMAScript | std::regex::optimize);
    return re;
}

}  // namespace

std::vector<Passage> split_passages(const Document& doc, Analyzer& analyzer,
                                    const PassageOptions& options) {
    const std::string& text = doc.text;
    std::vector<Passage> out;
    std::size_t uncredited_from = 0;  // first passage not yet closed by a credit
    std::string section = doc.title;

    auto emit = [&](std::size_t b0, std::size_t b1) {
        // [b0, b1) is a paragraph in bytes; trim it, convert offsets to code points.
        while (b0 < b1 && std::isspace(static_cast<unsigned char>(text[b0]))) ++b0;
        while (b1 > b0 && std::isspace(static_cast<unsigned char>(text[b1 - 1]))) --b1;
        if (b0 == b1) return;
        while (b0 < b1 && text[b0] == '#') {  // heading lines, possibly atop a paragraph
            std::size_t eol = std::min(text.find('\n', b0), b1);
            std::size_t h = b0;
            while (h < eol && text[h] == '#') ++h;
            while (h < eol && std::isspace(static_cast<unsigned char>(text[h]))) ++h;
            section = text.substr(h, eol - h);
            while (!section.empty() && std::isspace(static_cast<unsigned char>(section.back())))
                section.pop_back();
            b0 = eol;
            while (b0 < b1 && std::isspace(static_cast<unsigned char>(text[b0]))) ++b0;
        }
        if (b0 == b1) return;
        // The first paragraph of a text whose title was taken from it is that title.
        if (out.empty() && text.compare(b0, b1 - b0, doc.title) == 0) return;
        std::string credit;
        if (doc.inline_credits) {
            std::smatch m;
            std::string para = text.substr(b0, b1 - b0);
            if (std::regex_search(para, m, credit_regex())) {
                credit = m[1].str();
                b1 = b0 + static_cast<std::size_t>(m.position(0));
                while (b1 > b0 && std::isspace(static_cast<unsigned char>(text[b1 - 1]))) --b1;
            }
        }
        if (b1 > b0) {
            std::size_t cp0 = count_code_points(std::string_view(text).substr(0, b0));
            std::string para = text.substr(b0, b1 - b0);
            std::size_t len = count_code_points(para);
            if (len <= options.max_chars) {
                out.push_back({cp0, cp0 + len, para, section, doc.source});
            } else {
                // Greedy chunks of whole sentences.
                auto sentences = analyzer.sentences(para);
                std::size_t chunk_start = sentences.empty() ? 0 : sentences.front().start;
                for (std::size_t i = 0; i < sentences.size(); ++i) {
                    std::size_t chunk_end = sentences[i].end;
                    bool last = i + 1 == sentences.size();
                    if (last || sentences[i + 1].end - chunk_start > options.target_chars) {
                        std::size_t a = byte_offset(para, chunk_start);
                        std::size_t b = byte_offset(para, chunk_end);
                        out.push_back({cp0 + chunk_start, cp0 + chunk_end, para.substr(a, b - a),
                                       section, doc.source});
                        if (!last) chunk_start = sentences[i + 1].start;
                    }
                }
            }
        }
        if (!credit.empty()) {
            for (std::size_t i = uncredited_from; i < out.size(); ++i) out[i].source = credit;
            uncredited_from = out.size();
        }
    };

    std::size_t para_start = 0, pos = 0;
    while (pos <= text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        if (blank(text, pos, eol)) {
            emit(para_start, pos);
            para_start = eol + 1;
        }
        pos = eol + 1;
    }
    if (para_start < text.size()) emit(para_start, text.size());
    return out;
}

}  // namespace heritage::indexer
