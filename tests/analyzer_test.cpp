// Analyzer tables: Norwegian letters, spaces, quotes, hyphens and numbers.
#include <catch2/catch.hpp>

#include "indexer/analyzer.hpp"

using heritage::indexer::Analyzer;

namespace {
std::vector<std::string> words(Analyzer& a, const std::string& text) {
    std::vector<std::string> out;
    for (auto& t : a.tokenize(text)) out.push_back(t.word);
    return out;
}
}  // namespace

TEST_CASE("smoke") {
    Analyzer a;
    CHECK(words(a, "Røros is a town") == std::vector<std::string>{"røros", "is", "a", "town"});
}
