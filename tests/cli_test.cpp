// The programs as a user runs them: exit codes, one-line errors, and the --json contract shape.
#include <xapian.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "test_util.hpp"

using heritage::test::bin;
using heritage::test::run;
using heritage::test::shell_quote;
using heritage::test::TempDir;

namespace {
const std::string kMini = std::string(HERITAGE_FIXTURES) + "/mini";
}

TEST_CASE("help and version flags") {
    for (const char* p : {"heritage-index", "heritage-search", "heritage-server"}) {
        INFO(p);
        auto v = run(bin(p) + " --version");
        CHECK(v.status == 0);
        CHECK_THAT(v.out, Catch::StartsWith(std::string(p) + " "));
        auto h = run(bin(p) + " --help");
        CHECK(h.status == 0);
        CHECK_THAT(h.out, Catch::Contains("--db"));
    }
}

TEST_CASE("heritage-index then heritage-search --json: the contract shape") {
    TempDir tmp;
    auto idx = run(bin("heritage-index") + " --db " + tmp / "db" + " " + kMini + " 2>&1");
    REQUIRE(idx.status == 0);
    CHECK_THAT(idx.out, Catch::Contains("indexed 5 documents (5 added"));
    CHECK_THAT(idx.out, Catch::Contains("7 passages written"));

    auto r = run(bin("heritage-search") + " --db " + tmp / "db" + " --json --limit 2 copper");
    REQUIRE(r.status == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["query"] == "copper");
    CHECK(j["total"] == 4);
    CHECK(j["offset"] == 0);
    REQUIRE(j["results"].size() == 2);
    const std::map<std::string, nlohmann::json::value_t> fields = {
        {"rank", nlohmann::json::value_t::number_integer},
        {"doc_id", nlohmann::json::value_t::string},
        {"passage", nlohmann::json::value_t::number_integer},
        {"title", nlohmann::json::value_t::string},
        {"section", nlohmann::json::value_t::string},
        {"source", nlohmann::json::value_t::string},
        {"url", nlohmann::json::value_t::string},
        {"lang", nlohmann::json::value_t::string},
        {"score", nlohmann::json::value_t::number_float},
        {"snippet", nlohmann::json::value_t::string},
        {"text", nlohmann::json::value_t::string},
        {"start", nlohmann::json::value_t::number_integer},
        {"end", nlohmann::json::value_t::number_integer}};
    for (const auto& hit : j["results"]) {
        for (const auto& [name, type] : fields) {
            INFO(name);
            REQUIRE(hit.contains(name));
            auto t = hit[name].type();
            if (t == nlohmann::json::value_t::number_unsigned)
                t = nlohmann::json::value_t::number_integer;
            CHECK(t == type);
        }
    }
    CHECK(j["results"][0]["rank"] == 1);
    CHECK(j["results"][1]["rank"] == 2);

    // Text output names where each passage comes from, with the match marked.
    auto text = run(bin("heritage-search") + " --db " + tmp / "db" + " trondheim");
    REQUIRE(text.status == 0);
    CHECK_THAT(text.out, Catch::Contains("The smelting works"));
    CHECK_THAT(text.out, Catch::Contains("source: Town Archive"));
    CHECK_THAT(text.out, Catch::Contains("[Trondheim]"));
}

TEST_CASE("batch mode: one result a line, bad lines answered in place") {
    TempDir tmp;
    REQUIRE(run(bin("heritage-index") + " -q --db " + tmp / "db" + " " + kMini).status == 0);
    std::ofstream(tmp / "queries") << "copper\nreindeer\ncaf\xC3\nkirke\n";
    auto r = run(bin("heritage-search") + " --db " + tmp / "db" + " --json --batch < " +
                 tmp / "queries");
    CHECK(r.status == 1);  // one line was bad
    std::istringstream lines(r.out);
    std::string line;
    std::vector<nlohmann::json> out;
    while (std::getline(lines, line)) out.push_back(nlohmann::json::parse(line));
    REQUIRE(out.size() == 4);
    CHECK(out[0]["query"] == "copper");
    CHECK(out[1]["results"][0]["doc_id"] == "mini/j2");
    CHECK(out[2]["error"]["code"] == "invalid_utf8");
    CHECK(out[3]["results"][0]["doc_id"] == "mini/kirke");
}

TEST_CASE("a new index named with a trailing slash is built, compacted and left tidy") {
    TempDir tmp;
    // Shell completion writes folders so; the index's side folders go beside it, not inside.
    auto idx = run(bin("heritage-index") + " -q --db " + tmp / "db/" + " " + kMini + " 2>&1");
    INFO(idx.out);
    REQUIRE(idx.status == 0);
    for (const char* side : {"db.spelling", "db.compacting", "db.compacted-old", "db/.spelling"})
        CHECK_FALSE(std::filesystem::exists(tmp / side));
    auto r = run(bin("heritage-search") + " --db " + tmp / "db/" + " --json kirke");
    REQUIRE(r.status == 0);
    CHECK(nlohmann::json::parse(r.out)["results"][0]["doc_id"] == "mini/kirke");
}

TEST_CASE("errors are one clear line and a non-zero exit") {
    TempDir tmp;
    struct Row {
        std::string command;
        std::string message;
    };
    std::ofstream(tmp / "bad.jsonl") << "{\"id\": \"a\", \"text\": \"ok\"}\n{broken\n";
    const Row rows[] = {
        {bin("heritage-search") + " --db " + tmp / "missing" + " copper", "no index at"},
        {bin("heritage-server") + " --db " + tmp / "missing", "no index at"},
        {bin("heritage-index") + " --db " + tmp / "db" + " " + tmp / "nothing-here",
         "no such file or folder"},
        {bin("heritage-index") + " --db " + tmp / "db2" + " " + tmp / "bad.jsonl",
         "bad.jsonl:2: invalid JSON"},
        {bin("heritage-search") + " --db " + tmp / "db2" + " --limit -3 copper",
         "limit must be between"},
        {bin("heritage-search") + " --db " + tmp / "db2" + " " + shell_quote("caf\xC3"),
         "not valid UTF-8"},
        {bin("heritage-search") + " --db " + tmp / "db2", "give a QUERY"},
        {bin("heritage-search") + " --db x --bogus q", "bogus"},
    };
    for (const auto& row : rows) {
        INFO(row.command);
        auto r = run(row.command + " 2>&1 >/dev/null");
        CHECK(r.status != 0);
        CHECK_THAT(r.out, Catch::Contains(row.message));
    }
}
