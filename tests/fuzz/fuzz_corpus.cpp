// Fuzz target: the corpus format reader and passage splitting. Any bytes either give an
// InputError or a document whose passages are exact slices of its body.
#include "indexer/document.hpp"
#include "tests/fuzz/fuzz_util.hpp"

using namespace heritage;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static indexer::Analyzer analyzer;
    if (size == 0) return 0;
    // The first byte picks small passage sizes too, so short inputs reach sentence splitting.
    indexer::PassageOptions options;
    if (data[0] & 1) options = {40u + data[0] % 64, 20u + data[0] % 32};
    std::string content(fuzz::as_text(data + 1, size - 1));
    try {
        fuzz::check_passages(indexer::parse_text_document(content, "fuzz/doc", "fuzz.md"), analyzer,
                             options);
    } catch (const indexer::InputError&) {
    }
    return 0;
}
