// Values compressed with zstd, and read back from every index layout.
#include "indexer/packed_values.hpp"

#include <zstd.h>

#include <memory>
#include <new>
#include <stdexcept>

#include "indexer/analyzer.hpp"

namespace heritage::indexer {

namespace {

// Level 1: passages are a few hundred bytes, where higher levels gain nothing (measured on
// NoReC: 0.75 of the JSON at levels 1 and 3) and cost more; texts are compressed once.
constexpr int kLevel = 1;
// A frame claiming more than this is broken, not a passage (one is a paragraph, or a sentence
// of one at most) nor a text: it is refused before its claimed size is allocated.
constexpr unsigned long long kMaxData = 1ull << 30;

// One context of each kind per thread, made on first use: analysis threads only compress and
// server threads only decompress.
ZSTD_CCtx* compressor() {
    thread_local std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> c{ZSTD_createCCtx(),
                                                                        &ZSTD_freeCCtx};
    if (!c) throw std::bad_alloc();
    return c.get();
}

ZSTD_DCtx* decompressor() {
    thread_local std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> d{ZSTD_createDCtx(),
                                                                        &ZSTD_freeDCtx};
    if (!d) throw std::bad_alloc();
    return d.get();
}

}  // namespace

std::string pack_value(std::string_view bytes) {
    std::string out(ZSTD_compressBound(bytes.size()), '\0');
    std::size_t n =
        ZSTD_compressCCtx(compressor(), out.data(), out.size(), bytes.data(), bytes.size(), kLevel);
    if (ZSTD_isError(n)) throw std::runtime_error(ZSTD_getErrorName(n));
    out.resize(n);
    return out;
}

std::string unpack_value(std::string_view packed) {
    // The frame header carries the size (ZSTD_compressCCtx writes it): one exact allocation.
    unsigned long long size = ZSTD_getFrameContentSize(packed.data(), packed.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxData)
        return std::string();
    std::string out(static_cast<std::size_t>(size), '\0');
    std::size_t n =
        ZSTD_decompressDCtx(decompressor(), out.data(), out.size(), packed.data(), packed.size());
    if (ZSTD_isError(n) || n != out.size()) return std::string();
    return out;
}

std::string passage_data(const Xapian::Document& doc) {
    std::string packed = doc.get_value(slot::kPassage);
    return packed.empty() ? doc.get_data() : unpack_value(packed);
}

std::string record_text(const Xapian::Document& rec) {
    std::string packed = rec.get_value(slot::kPackedText);
    return packed.empty() ? rec.get_value(slot::kText) : unpack_value(packed);
}

}  // namespace heritage::indexer
