// SpellingAside: spelling counts written on a thread of its own, committed on request.
#include "indexer/spelling_aside.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "tests/test_util.hpp"

using heritage::indexer::SpellingAside;
using heritage::indexer::SpellingBatch;
using heritage::test::TempDir;

namespace {

std::map<std::string, Xapian::doccount> spelling_of(const std::string& dir) {
    std::map<std::string, Xapian::doccount> words;
    Xapian::Database db(dir);
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it)
        words[*it] = it.get_termfreq();
    return words;
}

}  // namespace

TEST_CASE("spelling counts sent aside in batches add up, and only commits are kept") {
    TempDir tmp;
    const std::string dir = tmp / "aside";
    {
        SpellingAside aside(dir);
        SpellingBatch a = {{"kobberverket", 2}, {"gruvene", 1}};
        SpellingBatch b = {{"kobberverket", 3}, {"smeltehytta", 1}};
        aside.add(a);
        CHECK(a.empty());  // taken
        aside.add(b);
        aside.start_commit();
        aside.finish_commit();
        CHECK(spelling_of(dir) == std::map<std::string, Xapian::doccount>{
                                      {"gruvene", 1}, {"kobberverket", 5}, {"smeltehytta", 1}});
        // A second commit adds to the first.
        SpellingBatch c = {{"gruvene", 4}};
        aside.add(c);
        aside.start_commit();
        aside.finish_commit();
        CHECK(spelling_of(dir)["gruvene"] == 5);
        // Added, never committed: dropped with the writer.
        SpellingBatch d = {{"slagghaugen", 1}};
        aside.add(d);
    }
    CHECK(spelling_of(dir).count("slagghaugen") == 0);
    CHECK(spelling_of(dir).size() == 3);

    // A new one starts empty, whatever the folder held.
    {
        SpellingAside again(dir);
        again.start_commit();
        again.finish_commit();
    }
    CHECK(spelling_of(dir).empty());
}
