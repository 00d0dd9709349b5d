// Fuzz target: the analyzer (UTF-8 helpers, tokenize, sentences, normalize, stem, variants,
// language detection) on any bytes; checks offsets and positions stay consistent.
#include "indexer/analyzer.hpp"
#include "tests/fuzz/fuzz_util.hpp"

using namespace heritage;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static indexer::Analyzer analyzer;  // costly to build: one per process, as in the programs
    std::string_view text = fuzz::as_text(data, size);
    if (!indexer::is_valid_utf8(text)) return 0;  // callers check first (REQUIRES)
    const std::size_t cps = indexer::count_code_points(text);
    FUZZ_CHECK(cps <= size);
    FUZZ_CHECK(indexer::byte_offset(text, cps) == size);
    FUZZ_CHECK(indexer::byte_offset(text, cps + 5) == size);

    std::uint32_t last_position = 0;
    std::size_t last_end = 0;
    for (const auto& t : analyzer.tokenize(text)) {
        FUZZ_CHECK(!t.word.empty());
        FUZZ_CHECK(indexer::is_valid_utf8(t.word));
        FUZZ_CHECK(t.start < t.end && t.end <= cps);
        FUZZ_CHECK(t.start >= last_end);  // tokens do not overlap and come in order
        FUZZ_CHECK(t.position > last_position);
        last_end = t.end;
        last_position = t.position;
        for (const auto& v : t.variants) FUZZ_CHECK(indexer::is_valid_utf8(v));
        for (const auto& lang : indexer::known_langs())
            FUZZ_CHECK(indexer::is_valid_utf8(analyzer.stem(t.word, lang)));
        for (const auto& v : analyzer.word_variants(t.word)) FUZZ_CHECK(indexer::is_valid_utf8(v));
    }
    std::size_t last_sentence_end = 0;
    for (const auto& s : analyzer.sentences(text)) {
        FUZZ_CHECK(s.start <= s.end && s.end <= cps);
        FUZZ_CHECK(s.start >= last_sentence_end);
        last_sentence_end = s.end;
    }
    FUZZ_CHECK(indexer::is_valid_utf8(analyzer.normalize_word(text)));
    std::string lang = analyzer.detect_lang(text);
    FUZZ_CHECK(lang.empty() || !indexer::stemmer_name(lang).empty() || lang == "nn");
    return 0;
}
