// A passage's JSON data, kept compressed in a value slot rather than as the Xapian document's data.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

namespace heritage::indexer {

// Why a value: Xapian deflates every document's data with zlib on the writing thread, about a
// tenth of the writer's time in a bulk build, and the writer is the build's critical path.
// Values are stored as given, so the data is compressed here instead, on an analysis thread,
// with zstd (a fifth of zlib's time per passage; NoReC's take 0.75 of their JSON, zlib's 0.70).

// A zstd frame of json (any bytes). Throws std::runtime_error if zstd fails (out of memory).
std::string pack_passage_data(std::string_view json);

// Inverse of pack_passage_data. Returns "" for bytes that are not exactly one whole frame (a
// broken value reads like broken JSON data: the passage is skipped, nothing crashes).
std::string unpack_passage_data(std::string_view packed);

// The JSON data of passage document doc: slot::kPassage from index format 8 on, its Xapian
// data before. "" when there is none or it is broken.
std::string passage_data(const Xapian::Document& doc);

}  // namespace heritage::indexer
