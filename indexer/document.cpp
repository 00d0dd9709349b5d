// Readers for the corpus format (front matter + body) and for JSON Lines records.
#include "indexer/document.hpp"

#include <nlohmann/json.hpp>

#include "indexer/analyzer.hpp"

namespace heritage::indexer {

namespace {

std::string trim(const std::string& s) {
    auto a = s.find_first_not_of(" \t\r\n");
    if (a == std::string::npos) return "";
    auto b = s.find_last_not_of(" \t\r\n");
    return s.substr(a, b - a + 1);
}

// Sets a known field or keeps an unknown one as metadata.
void set_field(Document& doc, const std::string& key, const std::string& value) {
    if (key == "id")
        doc.id = value;
    else if (key == "title")
        doc.title = value;
    else if (key == "lang")
        doc.lang = value;
    else if (key == "source")
        doc.source = value;
    else if (key == "url")
        doc.url = value;
    else if (key == "date")
        doc.date = value;
    else if (key == "access")
        doc.access = value;
    else if (key == "text")
        doc.text = value;
    else
        doc.meta[key] = value;
}

}  // namespace

void validate_document(const Document& doc, const std::string& where) {
    if (doc.id.empty()) throw InputError(where, "missing id");
    if (doc.id.size() > kMaxIdBytes)
        throw InputError(where, "id longer than " + std::to_string(kMaxIdBytes) + " bytes");
    for (char c : doc.id)
        if (static_cast<unsigned char>(c) < 0x20)
            throw InputError(where, "id contains a control character");
    if (doc.access != "" && doc.access != "public" && doc.access != "restricted")
        throw InputError(where,
                         "access must be \"public\" or \"restricted\", not \"" + doc.access + "\"");
    if (!doc.lang.empty() && normalize_lang(doc.lang).empty())
        throw InputError(where, "unsupported lang \"" + doc.lang + "\" (use en, nb, nn or no)");
}

Document parse_text_document(const std::string& content, const std::string& default_id,
                             const std::string& where) {
    if (content.find('\0') != std::string::npos)
        throw InputError(where, "contains NUL bytes (binary file?)");
    if (!is_valid_utf8(content)) throw InputError(where, "not valid UTF-8");

    Document doc;
    doc.inline_credits = true;
    std::string body = content;
    if (body.rfind("\xEF\xBB\xBF", 0) == 0) body.erase(0, 3);  // byte order mark
    if (body.rfind("---\n", 0) == 0 || body.rfind("---\r\n", 0) == 0) {
        std::size_t pos = body.find('\n') + 1;
        std::size_t line_no = 1;
        bool closed = false;
        while (pos < body.size()) {
            std::size_t eol = body.find('\n', pos);
            if (eol == std::string::npos) eol = body.size();
            std::string line = trim(body.substr(pos, eol - pos));
            ++line_no;
            pos = eol + 1;
            if (line == "---") {
                closed = true;
                break;
            }
            if (line.empty() || line[0] == '#') continue;
            auto colon = line.find(':');
            if (colon == std::string::npos || colon == 0)
                throw InputError(where + ":" + std::to_string(line_no),
                                 "header line is not \"key: value\"");
            std::string key = trim(line.substr(0, colon));
            for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            set_field(doc, key, trim(line.substr(colon + 1)));
        }
        if (!closed) throw InputError(where, "header opened with --- is never closed");
        body = pos < body.size() ? body.substr(pos) : "";
    }
    // The body keeps its wording; only leading blank lines and trailing space are dropped so
    // offsets start at the first character a reader sees.
    std::size_t first = body.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        body.clear();
    } else {
        std::size_t line_start = body.rfind('\n', first);
        body.erase(0, line_start == std::string::npos ? 0 : line_start + 1);
    }
    while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back()))) body.pop_back();
    doc.text = std::move(body);
    if (doc.id.empty()) doc.id = default_id;
    if (doc.title.empty() && doc.access != "restricted") {  // a restricted body shows nowhere
        // A short first line standing alone, like a heading, is the title of a header-less file.
        std::size_t eol = doc.text.find('\n');
        std::string line = doc.text.substr(0, eol);
        bool alone = eol != std::string::npos && doc.text.compare(eol, 2, "\n\n") == 0;
        if (alone && !line.empty() && count_code_points(line) <= 100 && line.back() != '.')
            doc.title = trim(line);
    }
    validate_document(doc, where);
    return doc;
}

Document parse_jsonl_record(const std::string& line, const std::string& where) {
    if (!is_valid_utf8(line)) throw InputError(where, "not valid UTF-8");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for 1e999
        std::string msg = e.what();
        // Keep the part after nlohmann's "[json.exception.parse_error.101] " tag.
        auto tag = msg.find("] ");
        throw InputError(where,
                         "invalid JSON: " + (tag == std::string::npos ? msg : msg.substr(tag + 2)));
    }
    if (!j.is_object()) throw InputError(where, "record is not a JSON object");
    Document doc;
    for (auto& [key, value] : j.items()) {
        if (value.is_null()) continue;
        if (value.is_string()) {
            set_field(doc, key, value.get<std::string>());
        } else if (key == "id" && value.is_number_integer()) {
            doc.id = std::to_string(value.get<long long>());
        } else if (key == "id" || key == "text" || key == "title" || key == "source" ||
                   key == "url" || key == "lang" || key == "date" || key == "access") {
            throw InputError(where, "field \"" + key + "\" must be a string");
        }
        // Non-string extra fields (numbers, arrays, objects) are not metadata we can show or
        // search reliably; they are ignored rather than failing the record.
    }
    if (!j.contains("id")) throw InputError(where, "missing required field \"id\"");
    if (!j.contains("text") || !j["text"].is_string())
        throw InputError(where, "missing required field \"text\"");
    validate_document(doc, where);
    return doc;
}

}  // namespace heritage::indexer
