// The source document model and the readers that make documents from corpus, text and JSONL files.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace heritage::indexer {

// One input document: what a researcher wrote, before analysis.
struct Document {
    std::string id;      // stable, unique in the index; at most kMaxIdBytes bytes
    std::string title;
    std::string lang;    // "en", "nb", "nn" or "" (detected at indexing)
    std::string source;  // who the text is credited to; inline credits may override per passage
    std::string url;
    std::string date;    // free text; a four-digit year in it fills the year value
    std::string access;  // "" (public) or "restricted"
    std::map<std::string, std::string> meta;  // any other string fields, kept as given
    std::string text;    // the body exactly as written (offsets point into it)
    std::string origin;  // the file it came from (absolute path), for deletion on re-index
    // Inline credits ("Source by Wikipedia") at the end of a paragraph are attribution for the
    // paragraphs since the previous credit, not body text. Only hand-written formats use them.
    bool inline_credits = false;
};

inline constexpr std::size_t kMaxIdBytes = 200;  // Xapian terms are limited to 245 bytes

// A problem with one input record; `where` is "file:line" or "file".
class InputError : public std::runtime_error {
public:
    InputError(const std::string& where, const std::string& what)
        : std::runtime_error(where + ": " + what) {}
};

// Reads the corpus format (optional front matter between "---" lines, then the body) from a
// .md or .txt file. `default_id` is used when the header has no id.
// Throws InputError for invalid UTF-8, NUL bytes, a broken header or a bad id.
Document parse_text_document(const std::string& content, const std::string& default_id,
                             const std::string& where);

// Parses one JSON Lines record. Throws InputError with `where` for anything invalid: not an
// object, missing or non-string id/text, non-string optional fields, invalid UTF-8.
Document parse_jsonl_record(const std::string& line, const std::string& where);

// Validates what every document must satisfy whatever its format.
void validate_document(const Document& doc, const std::string& where);

}  // namespace heritage::indexer
