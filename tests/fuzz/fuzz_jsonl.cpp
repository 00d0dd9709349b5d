// Fuzz target: one JSON Lines record. Any bytes either give an InputError or a valid document
// whose passages are exact slices of its text.
#include "indexer/document.hpp"
#include "tests/fuzz/fuzz_util.hpp"

using namespace heritage;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static indexer::Analyzer analyzer;
    std::string line(fuzz::as_text(data, size));
    try {
        auto doc = indexer::parse_jsonl_record(line, "fuzz.jsonl:1");
        indexer::validate_document(doc, "fuzz.jsonl:1");  // what was accepted is valid
        fuzz::check_passages(doc, analyzer, {});
    } catch (const indexer::InputError&) {
    }
    return 0;
}
