// Values kept compressed with zstd: a passage's JSON data and a record's text.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

namespace heritage::indexer {

// Why values: Xapian deflates every document's data with zlib on the writing thread, about a
// tenth of the writer's time in a bulk build, and the writer is the build's critical path.
// Values are stored as given, so they are compressed here instead, on an analysis thread, with
// zstd (a fifth of zlib's time per passage; NoReC's take 0.75 of their JSON, zlib's 0.70).

// A zstd frame of bytes. Throws std::runtime_error if zstd fails (out of memory).
std::string pack_value(std::string_view bytes);

// Inverse of pack_value. Returns "" for bytes that are not exactly one whole frame (a broken
// value reads like a missing one: a passage is skipped, a text is empty; nothing crashes).
std::string unpack_value(std::string_view packed);

// The JSON data of passage document doc: slot::kPassage from index format 8 on, its Xapian
// data before. "" when there is none or it is broken.
std::string passage_data(const Xapian::Document& doc);

// The text of document record rec: slot::kPackedText from index format 9 on, slot::kText in
// formats 6-8. "" when it has neither (empty and restricted texts, and formats before 6, whose
// record JSON data holds the text).
std::string record_text(const Xapian::Document& rec);

}  // namespace heritage::indexer
