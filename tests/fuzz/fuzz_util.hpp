// Shared by the fuzz targets: invariant checks that crash (so libFuzzer reports them) and a tiny
// index built once per fuzzing process in a temporary folder.
#pragma once

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "indexer/indexer.hpp"
#include "indexer/passages.hpp"

namespace heritage::fuzz {

// Aborts with a message: libFuzzer saves the input that broke the invariant.
#define FUZZ_CHECK(cond)                                                                       \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            std::fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
            std::abort();                                                                      \
        }                                                                                      \
    } while (0)

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// A temporary folder holding an index of a few documents in both languages, one of them
// restricted; removed when the process exits normally. The path lives in a plain array: a
// std::string would be destroyed before the exit handler that needs it runs.
inline const char* tiny_index_dir() {
    static char dir[] = "/tmp/heritage-fuzz-XXXXXX";
    static const bool made = [] {
        FUZZ_CHECK(::mkdtemp(dir) != nullptr);
        std::atexit([] { std::filesystem::remove_all(dir); });
        return true;
    }();
    (void)made;
    return dir;
}

inline std::string build_tiny_index() {
    namespace fs = std::filesystem;
    const std::string dir = tiny_index_dir();
    fs::create_directories(dir + "/in");
    {
        std::ofstream(dir + "/in/kirke.md")
            << "---\nid: kirke\ntitle: Røros kirke\nlang: nb\nsource: Lokalhistorie\ndate: 1784\n"
               "---\nRøros kirke ble bygget i 1784 og kalles Bergstadens Ziir. Kirken har plass "
               "til 1600 mennesker.\n\n# Orgelet\nOrgelet er fra 1742. Source by Wikipedia\n";
        std::ofstream(dir + "/in/smelting.md")
            << "---\nid: smelting\ntitle: The smelting works\nlang: en\ndate: 1646-05-01\n---\n"
               "Copper ore was melted at the smelting hut from 1646 to 1953, 3,640 tonnes in "
               "all. Source by Heritage Board\n\nThe works employed miners, charcoal burners "
               "and carters. The copper went to Trondheim.\n";
        std::ofstream(dir + "/in/records.jsonl")
            << R"({"id": "j1", "text": "Malmplassen is where copper ore was weighed.", )"
            << R"("title": "Malmplassen", "source": "Wikipedia", "lang": "en", "date": "1700"})"
            << "\n"
            << R"({"id": "j2", "text": "Sami reindeer herders in Sør-Trøndelag.", "lang": "nn"})"
            << "\n"
            << R"({"id": "r1", "access": "restricted", "title": "Sealed diary", "text": )"
            << R"("secretword in the diary", "keeper": "Archive"})"
            << "\n";
    }
    indexer::IndexWriter writer(dir + "/db");
    std::ostringstream errors;
    auto report = indexer::index_paths(writer, {dir + "/in"}, errors);
    FUZZ_CHECK(report.skipped == 0);
    return dir + "/db";
}

// A document's passages are in order, inside its body, and exact slices of it.
inline void check_passages(const indexer::Document& doc, indexer::Analyzer& analyzer,
                           const indexer::PassageOptions& options) {
    FUZZ_CHECK(indexer::is_valid_utf8(doc.text));
    const std::size_t cps = indexer::count_code_points(doc.text);
    std::size_t last_end = 0;
    for (const auto& p : indexer::split_passages(doc, analyzer, options)) {
        FUZZ_CHECK(p.start < p.end && p.end <= cps);
        FUZZ_CHECK(p.start >= last_end);
        last_end = p.end;
        std::size_t b0 = indexer::byte_offset(doc.text, p.start);
        std::size_t b1 = indexer::byte_offset(doc.text, p.end);
        FUZZ_CHECK(doc.text.compare(b0, b1 - b0, p.text) == 0);  // offsets point at the text
        FUZZ_CHECK(indexer::is_valid_utf8(p.section) && indexer::is_valid_utf8(p.source));
    }
}

}  // namespace heritage::fuzz
