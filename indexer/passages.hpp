// Splits a document's body into passages: paragraphs, long ones at sentence boundaries.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "indexer/analyzer.hpp"
#include "indexer/document.hpp"

namespace heritage::indexer {

struct Passage {
    std::size_t start = 0;  // code point offsets of `text` in the document's body
    std::size_t end = 0;
    std::string text;       // the body's characters [start, end), exactly as written
    std::string section;    // nearest "# heading" above it, else the document title
    std::string source;     // inline credit closing it, else the document's source
};

struct PassageOptions {
    std::size_t max_chars = 1000;    // paragraphs longer than this are split at sentences...
    std::size_t target_chars = 600;  // ...into chunks of about this many characters
};

// REQUIRES: doc.text is valid UTF-8.
// Blank lines separate paragraphs. With doc.inline_credits, a paragraph ending in
// "Source by NAME" (or "Kilde: NAME") credits NAME for itself and the paragraphs before it back
// to the previous credit; the credit words are cut from the passage. Lines starting with "#"
// are headings: they name the section of what follows and are not passages themselves.
std::vector<Passage> split_passages(const Document& doc, Analyzer& analyzer,
                                    const PassageOptions& options = {});

}  // namespace heritage::indexer
