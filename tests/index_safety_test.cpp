// Index safety: heritage-index killed with SIGKILL at random moments leaves the previous index
// intact and searchable, and a full re-index under a running server loses no request.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "searcher/searcher.hpp"
#include "test_server.hpp"
#include "test_util.hpp"

extern char** environ;

using namespace heritage;
using test::bin;
using test::TempDir;
using Clock = std::chrono::steady_clock;

namespace {

// Sanitized builds (scripts/test-sanitizers.sh) run several times slower: they index a quarter
// as much, which still kills writers mid-run and commits under load.
#if defined(__SANITIZE_ADDRESS__)
constexpr int kScale = 4;
#else
constexpr int kScale = 1;
#endif

// Every record of version `marker` holds the word `marker`; the two versions have the same ids
// and different texts, so indexing one over the other updates every document.
const std::string kOne = "vintageone", kTwo = "vintagetwo";

// Writes n records of about 800 bytes (one passage each) of made-up words.
void write_version(const std::string& path, const std::string& marker, int n) {
    static const char* syllables[] = {"ka", "ro", "mi", "ne", "to", "la", "su", "vi", "de", "po",
                                      "ra", "li", "mo", "ta", "gu", "sa", "ve", "bo", "ri", "fa"};
    std::mt19937 rng(marker == kOne ? 1 : 2);
    std::ofstream out(path);
    for (int i = 0; i < n; ++i) {
        std::string text;
        for (int w = 0; w < 110; ++w) {
            if (w == 5) text += marker + " ";
            int len = 2 + static_cast<int>(rng() % 3);
            for (int s = 0; s < len; ++s) text += syllables[rng() % 20];
            text += ' ';
        }
        out << nlohmann::json{{"id", "r" + std::to_string(i)},
                              {"title", "Record " + std::to_string(i)},
                              {"lang", "en"},
                              {"text", text + "end."}}
                   .dump()
            << "\n";
    }
}

// Starts heritage-index on `input` (output discarded). XAPIAN_FLUSH_THRESHOLD makes Xapian write
// changed blocks to disk every `flush_every` documents while the transaction is still open, so
// a kill lands on a half-written new revision, not only on changes held in memory.
pid_t spawn_index(const std::string& db, const std::string& input, int flush_every) {
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e)
        if (std::string_view(*e).rfind("XAPIAN_FLUSH_THRESHOLD=", 0) != 0)
            env_strings.push_back(*e);
    env_strings.push_back("XAPIAN_FLUSH_THRESHOLD=" + std::to_string(flush_every));
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::string program = bin("heritage-index");
    std::vector<std::string> args = {program, "-q", "--db", db, input};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(rc == 0);
    return pid;
}

int wait_for(pid_t pid) {
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    return status;
}

// Which version the index holds, checked completely: Xapian's own consistency check, every
// passage of exactly one version, and a search through the searcher finding it.
std::string version_of(const std::string& db, int n) {
    auto check = test::run("xapian-check " + test::shell_quote(db) + " 2>&1");
    INFO(check.out);
    REQUIRE(check.status == 0);
    Xapian::Database x(db);
    CHECK(x.get_doccount() == static_cast<Xapian::doccount>(2 * n));  // records and passages
    Xapian::doccount one = x.get_termfreq(kOne), two = x.get_termfreq(kTwo);
    REQUIRE(((one == static_cast<Xapian::doccount>(n) && two == 0) ||
             (two == static_cast<Xapian::doccount>(n) && one == 0)));
    std::string version = one ? kOne : kTwo;
    searcher::Searcher s(db);
    searcher::SearchRequest r;
    r.query = version;
    r.doc = "r7";
    auto res = s.search(r);
    REQUIRE(res.results.size() == 1);
    CHECK_THAT(res.results[0].text, Catch::Contains(version));
    return version;
}

}  // namespace

TEST_CASE("kill -9 at random moments during heritage-index leaves the previous index intact") {
    TempDir tmp;
    const int n = 800 / kScale;  // about 0.7 MB a version
    write_version(tmp / "one.jsonl", kOne, n);
    write_version(tmp / "two.jsonl", kTwo, n);
    const std::string db = tmp / "db";

    auto input = [&](const std::string& version) {
        return tmp / (version == kOne ? "one.jsonl" : "two.jsonl");
    };
    REQUIRE(wait_for(spawn_index(db, input(kOne), 100)) == 0);
    REQUIRE(version_of(db, n) == kOne);
    // One whole update, timed: the kills fall over the span of the next ones.
    auto t0 = Clock::now();
    REQUIRE(wait_for(spawn_index(db, input(kTwo), 100)) == 0);
    const double update = std::chrono::duration<double>(Clock::now() - t0).count();
    std::string current = version_of(db, n);
    REQUIRE(current == kTwo);

    std::random_device rd;
    const unsigned seed = rd();
    std::mt19937 rng(seed);
    // The kills fall between 2% and 90% of the fastest whole run seen so far: under a loaded
    // machine the timed run above can take several times longer than the next ones, and kills
    // timed from it would all come after their run's commit. A run that beat its kill (or was
    // killed after its commit) shortens the span; rounds go on until one kill fell mid-run.
    double fastest = update;
    int kept = 0;  // kills that fell before the run's commit
    for (int round = 0; round < 12 && (round < 4 || kept == 0); ++round) {
        const std::string next = current == kOne ? kTwo : kOne;
        const double at = std::uniform_real_distribution<double>(0.02, 0.9)(rng) * fastest;
        INFO("seed " << seed << ", round " << round << ", kill after " << at << " s");
        auto started = Clock::now();
        pid_t pid = spawn_index(db, input(next), 100);
        std::this_thread::sleep_for(std::chrono::duration<double>(at));
        ::kill(pid, SIGKILL);
        int status = wait_for(pid);
        const double took = std::chrono::duration<double>(Clock::now() - started).count();
        // Killed or not, the index is one whole version: the previous one, or (when the kill
        // came after the run's commit, or the run ended first) the new one. Never a mix.
        if (!WIFSIGNALED(status)) REQUIRE(WEXITSTATUS(status) == 0);
        const std::string now = version_of(db, n);
        CHECK((now == current || now == next));
        if (WIFSIGNALED(status) && now == current) ++kept;
        if (!WIFSIGNALED(status)) fastest = std::min(fastest, took);
        if (WIFSIGNALED(status) && now == next) fastest = std::min(fastest, at);
        current = now;
    }
    CHECK(kept >= 1);  // at least one kill fell mid-run, and the previous index survived it
    // The killed writers left no lock and nothing half-done behind: a full run succeeds.
    const std::string next = current == kOne ? kTwo : kOne;
    REQUIRE(wait_for(spawn_index(db, input(next), 10000)) == 0);
    CHECK(version_of(db, n) == next);
}

TEST_CASE("a full re-index of a live index loses no request and is seen without a restart") {
    TempDir tmp;
    const int n = 300 / kScale;
    write_version(tmp / "one.jsonl", kOne, n);
    write_version(tmp / "two.jsonl", kTwo, n);
    const std::string db = tmp / "db";
    REQUIRE(wait_for(spawn_index(db, tmp / "one.jsonl", 10000)) == 0);

    web::ServerOptions opt;
    opt.db = db;
    opt.threads = 4;
    test::ServerThread server(opt);

    // Clients ask which version document r7 has, and for the health, until told to stop; each
    // remembers the versions it saw in order (consecutive repeats folded).
    std::atomic<bool> stop{false};
    std::atomic<int> requests{0}, failures{0};
    const int kClients = 2;
    std::vector<std::vector<std::string>> seen(kClients);
    std::vector<std::string> failure_notes(kClients);
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
        clients.emplace_back([&, c] {
            auto client = server.client();
            client.set_read_timeout(10, 0);
            for (int i = 0; !stop; ++i) {
                const bool health = i % 3 == 2;
                auto res = client.Get(health ? "/api/health"
                                             : "/api/search?q=vintageone%20OR%20vintagetwo&doc=r7");
                ++requests;
                if (!res || res->status != 200) {
                    ++failures;
                    failure_notes[c] = res ? std::to_string(res->status) + " " + res->body
                                           : "transport error " + httplib::to_string(res.error());
                    continue;
                }
                if (health) continue;
                auto j = nlohmann::json::parse(res->body);
                if (j["results"].size() != 1) {
                    ++failures;
                    failure_notes[c] = "no hit: " + res->body;
                    continue;
                }
                std::string text = j["results"][0]["text"];
                std::string v = text.find(kOne) != std::string::npos ? kOne : kTwo;
                if (seen[c].empty() || seen[c].back() != v) seen[c].push_back(v);
                // A steady client, not a flood: the indexer shares the machine's cores.
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        });
    }
    // Two full re-indexes, two commits: the second makes readers still on the first revision
    // meet reused blocks unless they reopen (the searcher retries once after reopening).
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(wait_for(spawn_index(db, tmp / "two.jsonl", 10000)) == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(wait_for(spawn_index(db, tmp / "one.jsonl", 10000)) == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    stop = true;
    for (auto& t : clients) t.join();

    std::string notes;
    for (const auto& note : failure_notes) notes += note + "\n";
    INFO("requests " << requests << ", failures " << failures << "\n" << notes);
    CHECK(failures == 0);
    CHECK(requests >= 30);
    // Each client saw the versions in the order they were committed, and saw each of them.
    for (const auto& versions : seen) CHECK(versions == std::vector<std::string>{kOne, kTwo, kOne});
}

TEST_CASE("a searcher two commits behind reopens by itself instead of failing") {
    TempDir tmp;
    const int n = 100;
    write_version(tmp / "one.jsonl", kOne, n);
    write_version(tmp / "two.jsonl", kTwo, n);
    const std::string db = tmp / "db";
    test::index_into(db, {tmp / "one.jsonl"});
    searcher::Searcher s(db);
    Xapian::Database raw(db);  // the same old revision, without the searcher's retry
    test::index_into(db, {tmp / "two.jsonl"});
    test::index_into(db, {tmp / "one.jsonl"});  // the blocks of the first revision are reused

    Xapian::Enquire enquire(raw);
    enquire.set_query(Xapian::Query(kOne));
    CHECK_THROWS_AS(enquire.get_mset(0, 10), Xapian::DatabaseModifiedError);  // the hazard is real

    searcher::SearchRequest r;
    r.query = kOne;
    r.doc = "r7";
    auto res = s.search(r);
    REQUIRE(res.results.size() == 1);
    CHECK_THAT(res.results[0].text, Catch::Contains(kOne));
}
