// RelatedWords: mythes thesauri read by headword stem, in both encodings, and broken files.
#include "searcher/related_words.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using heritage::searcher::RelatedWords;
using heritage::searcher::RelatedWordsError;
using Words = std::vector<std::string>;

namespace {

// A file of the test's own, removed after it.
class TempFile {
  public:
    explicit TempFile(const std::string& bytes)
        : m_path(fs::temp_directory_path() / ("related_words_test." + std::to_string(::getpid()) +
                                              "." + std::to_string(s_count++) + ".dat")) {
        std::ofstream(m_path, std::ios::binary) << bytes;
    }
    ~TempFile() {
        std::error_code ec;
        fs::remove(m_path, ec);
    }
    std::string path() const { return m_path.string(); }

  private:
    static inline int s_count = 0;
    fs::path m_path;
};

}  // namespace

TEST_CASE("a mythes file's one-word entries are found by the stem of their headword") {
    TempFile file(
        "UTF-8\n"
        "begin|2\n"
        "(verb)|start|commence|get down (similar term)|end (antonym)|create (generic term)\n"
        "(noun)|Beginning (similar term)|start|begin\n"
        "begins|1\n"
        "(verb)|commence|get going|kick off (related term)|launch\n"
        "get going|1\n"
        "(verb)|start\n"
        "end|1\n"
        "(verb)|finish|stop\n");
    RelatedWords related(file.path(), "en");
    // "begin" and "begins" share the stem "begin"; the headwords themselves are no kin, and
    // each word comes once, in the order listed.
    CHECK(related.of_stem("begin") == Words{"start", "commence", "beginning", "launch"});
    CHECK(related.of_stem("end") == Words{"finish", "stop"});
    CHECK(related.of_stem("get going").empty());  // a phrase is no headword
    CHECK(related.of_stem("start").empty());      // listed, but no headword
    CHECK(related.stems() == 2);
}

TEST_CASE("a Latin-1 mythes file reads as UTF-8, case-folded") {
    TempFile file(
        "ISO8859-1\n"
        "b\xf8r|1\n"
        "-|m\xe5|burde|B\xd8R\n"
        "innbygger|1\n"
        "-|beboer|borger|innv\xe5ner\n");
    RelatedWords related(file.path(), "nb");
    CHECK(related.of_stem("bør") == Words{"må", "burde"});  // "BØR" is the headword folded
    // Snowball's Norwegian stemmer takes "innbygger" to "innbygg".
    CHECK(related.of_stem("innbygg") == Words{"beboer", "borger", "innvåner"});
}

TEST_CASE("a file that is no mythes thesaurus is refused with its line") {
    auto refused = [](const std::string& bytes) -> std::string {
        TempFile file(bytes);
        try {
            RelatedWords related(file.path(), "en");
        } catch (const RelatedWordsError& e) {
            std::string what = e.what();
            REQUIRE(what.rfind(file.path(), 0) == 0);  // names the file
            return what.substr(file.path().size());
        }
        return "accepted";
    };
    CHECK(refused("") == ": cannot be read");
    CHECK(refused("KOI8-R\nword|1\n-|other\n") == ":1: unknown encoding \"KOI8-R\"");
    CHECK(refused("UTF-8\nword\n-|other\n") == ":2: expected \"word|count\"");
    CHECK(refused("UTF-8\nword|x\n") == ":2: expected \"word|count\"");
    CHECK(refused("UTF-8\nword|3\n-|other\n-|more\n") == ":2: the file ends inside this entry");
    CHECK(refused("UTF-8\r\nword|1\r\n-|other\r\n") == "accepted");
    CHECK_THROWS_AS(RelatedWords("/nonexistent/th.dat", "en"), RelatedWordsError);
}

TEST_CASE("Debian's thesauri serve English and Norwegian, and no other language") {
    // Installed by scripts/install-deps.sh (mythes-en-us, mythes-no).
    const RelatedWords* english = RelatedWords::for_lang("en");
    const RelatedWords* bokmal = RelatedWords::for_lang("nb");
    REQUIRE(english);
    REQUIRE(bokmal);
    CHECK(RelatedWords::for_lang("nn") == bokmal);
    CHECK(RelatedWords::for_lang("de") == nullptr);
    CHECK(RelatedWords::for_lang("") == nullptr);
    auto has = [](const Words& words, const std::string& w) {
        return std::find(words.begin(), words.end(), w) != words.end();
    };
    CHECK(has(bokmal->of_stem("dop"), "narkotika"));
    CHECK(has(english->of_stem("begin"), "commence"));
    CHECK_FALSE(has(english->of_stem("begin"), "end"));  // an antonym
}
