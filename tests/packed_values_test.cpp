// Values compressed with zstd: round trips, broken values, every index layout they are read from.
#include "indexer/packed_values.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "indexer/analyzer.hpp"

using heritage::indexer::pack_value;
using heritage::indexer::passage_data;
using heritage::indexer::record_text;
using heritage::indexer::unpack_value;
namespace slot = heritage::indexer::slot;

namespace {

// Text that varies throughout, as passages do, unlike a run of one letter.
std::string varied_text(std::size_t bytes) {
    std::string s;
    unsigned x = 12345;
    while (s.size() < bytes) {
        x = x * 1103515245 + 12345;
        s += "Smeltehytta ";
        s += std::to_string(x % 100000);
        s += (x & 64) ? " øre; " : " \"kobber\"\n";
    }
    return s;
}

}  // namespace

TEST_CASE("values round-trip through pack and unpack") {
    static constexpr char kBinary[] = "binary\0with\0nul\xff\xfe bytes";
    const std::vector<std::string> cases = {
        "",
        "{}",
        R"({"doc_id":"roros-nb","text":"Bergstadens Ziir ble bygget 1780–1784."})",
        std::string(kBinary, sizeof kBinary - 1),
        std::string(100000, 'a'),
        varied_text(300000),
    };
    for (const auto& json : cases) {
        INFO("bytes: " << json.size());
        std::string packed = pack_value(json);
        CHECK_FALSE(packed.empty());
        CHECK(unpack_value(packed) == json);
    }
    // Text compresses: the value is smaller than the JSON it holds.
    std::string text = varied_text(4000);
    CHECK(pack_value(text).size() < text.size() / 2);
}

TEST_CASE("a broken value unpacks to nothing rather than to part of it") {
    const std::string json = varied_text(20000);
    const std::string packed = pack_value(json);
    CHECK(unpack_value(packed.substr(0, packed.size() / 2)).empty());  // cut short
    CHECK(unpack_value(packed + "trailing").empty());                  // junk after it
    CHECK(unpack_value("not a zstd frame, just text").empty());
    CHECK(unpack_value("").empty());
    // A bad value leaves the next one readable (each thread reuses one context).
    CHECK(unpack_value(packed) == json);
}

TEST_CASE("passage_data reads the value of format 8 and the document data of older indexes") {
    const std::string json = R"({"passage":3,"text":"Røros kobberverk"})";
    Xapian::Document now;
    now.add_value(slot::kPassage, pack_value(json));
    CHECK(passage_data(now) == json);
    Xapian::Document before;
    before.set_data(json);
    CHECK(passage_data(before) == json);
    CHECK(passage_data(Xapian::Document()).empty());
}

TEST_CASE("record_text reads the packed value of format 9 and the plain value of formats 6-8") {
    const std::string text = varied_text(5000);
    Xapian::Document now;
    now.add_value(slot::kPackedText, pack_value(text));
    CHECK(record_text(now) == text);
    Xapian::Document before;
    before.add_value(slot::kText, text);
    CHECK(record_text(before) == text);
    // Older records keep the text in their JSON data: no value holds it.
    Xapian::Document oldest;
    oldest.set_data(R"({"text":"Røros kobberverk"})");
    CHECK(record_text(oldest).empty());
    Xapian::Document broken;
    broken.add_value(slot::kPackedText, pack_value(text).substr(0, 10));
    CHECK(record_text(broken).empty());
}

TEST_CASE("threads pack and unpack values independently") {
    std::vector<std::thread> threads;
    std::vector<int> failures(4, 0);
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([t, &failures] {
            for (int i = 0; i < 200; ++i) {
                std::string json = varied_text(static_cast<std::size_t>(100 + 37 * i + t));
                if (unpack_value(pack_value(json)) != json) ++failures[t];
            }
        });
    for (auto& th : threads) th.join();
    CHECK(failures == std::vector<int>(4, 0));
}
