// Sharded indexes: heritage-index --shards, threaded indexing, and search over a Xapian stub of
// local shards and of shards served by xapian-tcpsrv (the remote backend) on loopback.
#include "indexer/shards.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "indexer/parallel_indexer.hpp"
#include "searcher/searcher.hpp"
#include "test_util.hpp"

using namespace heritage;
using heritage::test::TempDir;

namespace {

const std::string kMini = std::string(HERITAGE_FIXTURES) + "/mini";

// A corpus big enough to spread over shards with varied term statistics: documents made of
// sentences picked by a fixed pseudo-random sequence, so every run indexes the same text.
void write_corpus(const std::string& path, int documents) {
    static const char* sentences[] = {
        "The copper works at Røros were founded in 1644 and ran for 333 years.",
        "Smelting the ore needed charcoal, and the forests around the town paid the price.",
        "Miners walked to the Storwartz mine in all weather, winter and summer.",
        "The church was built between 1780 and 1784 and seats two thousand people.",
        "Wooden houses line the streets of the old mining town to this day.",
        "Slag heaps from the smelter still shape the landscape by the river.",
        "The Swedish army attacked the mining town in 1678 and burned the works.",
        "Farmers carried ore and charcoal by horse and sledge in the cold months.",
        "The town became a UNESCO World Heritage Site in 1980.",
        "Mining companies kept careful accounts of every barrel of copper shipped.",
        "A museum now stands where the smelting house once burned day and night.",
        "Children worked in the sorting sheds, picking ore from waste rock.",
        "The river Hitra powered the bellows of the first smelter.",
        "Winter markets brought traders from the coast and from Sweden.",
        "The mine closed in 1977 after centuries of work underground.",
        "Writers and painters came to the town for its light and its history.",
        "Stone walls and turf roofs kept the miners' cottages warm.",
        "The church organ was built in 1742 and restored in modern times.",
    };
    constexpr int kSentences = sizeof sentences / sizeof *sentences;
    std::uint32_t seed = 12345;
    auto next = [&seed] { return (seed = seed * 1103515245u + 12345u) >> 16; };
    std::ofstream out(path);
    for (int d = 0; d < documents; ++d) {
        std::string text;
        int paragraphs = 1 + next() % 3;
        for (int p = 0; p < paragraphs; ++p) {
            if (p) text += "\n\n";
            int n = 1 + next() % 4;
            for (int s = 0; s < n; ++s)
                text += std::string(s ? " " : "") + sentences[next() % kSentences];
        }
        nlohmann::json rec = {{"id", "gen-" + std::to_string(d)},
                              {"title", "Notes " + std::to_string(d)},
                              {"lang", "en"},
                              {"source", d % 3 ? "Town Archive" : "Heritage Board"},
                              {"text", text}};
        out << rec.dump() << "\n";
    }
}

// A loopback port nothing listens on right now.
int free_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
              getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
    close(fd);
    REQUIRE(ok);
    return ntohs(addr.sin_port);
}

// xapian-tcpsrv serving one database on loopback, in a process group of its own (it forks a
// child per connection); the whole group is killed when this goes out of scope.
class TcpServer {
  public:
    explicit TcpServer(const std::string& db) {
        for (int attempt = 0; attempt < 5 && m_port < 0; ++attempt) start(db, free_port());
        REQUIRE(m_port > 0);
    }
    ~TcpServer() {
        if (m_pid > 0) {
            kill(-m_pid, SIGTERM);
            waitpid(m_pid, nullptr, 0);
        }
    }
    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;
    int port() const { return m_port; }

  private:
    void start(const std::string& db, int port) {
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            setpgid(0, 0);
            int null = open("/dev/null", O_WRONLY);
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
            std::string p = std::to_string(port);
            execlp("xapian-tcpsrv", "xapian-tcpsrv", "--port", p.c_str(), "--interface",
                   "127.0.0.1", "--quiet", db.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        setpgid(pid, pid);
        // Ready when a client can open the database; gone if it exited (port taken, no tool).
        for (int i = 0; i < 200; ++i) {
            int status = 0;
            if (waitpid(pid, &status, WNOHANG) == pid) {
                INFO("xapian-tcpsrv exited with status " << status
                                                         << " (is xapian-tools installed?)");
                CHECK(WEXITSTATUS(status) != 127);
                return;
            }
            try {
                Xapian::Remote::open("127.0.0.1", static_cast<unsigned>(port));
                m_pid = pid;
                m_port = port;
                return;
            } catch (const Xapian::NetworkError&) {
                std::this_thread::sleep_for(std::chrono::milliseconds(25));
            }
        }
        kill(-pid, SIGTERM);
        waitpid(pid, nullptr, 0);
    }

    pid_t m_pid = -1;
    int m_port = -1;
};

struct Row {
    std::string id;  // doc_id#passage
    double score;
};

std::vector<Row> search(searcher::Searcher& s, const std::string& q,
                        searcher::SearchResponse* full = nullptr) {
    searcher::SearchRequest r;
    r.query = q;
    r.limit = searcher::kMaxLimit;
    auto res = s.search(r);
    std::vector<Row> rows;
    for (const auto& h : res.results)
        rows.push_back({h.doc_id + "#" + std::to_string(h.passage), h.score});
    if (full) *full = std::move(res);
    return rows;
}

// Same scores in the same order, and the same passages. Passages of exactly equal score are
// ordered by Xapian's document number, which differs between one index and shards, so within a
// run of equal scores only the set of passages must be the same.
void check_same(const std::vector<Row>& single, const std::vector<Row>& sharded) {
    REQUIRE(single.size() == sharded.size());
    std::size_t i = 0;
    while (i < single.size()) {
        std::size_t j = i;
        while (j < single.size() && single[j].score == single[i].score) ++j;
        std::vector<std::string> a, b;
        for (std::size_t k = i; k < j; ++k) {
            CHECK(sharded[k].score == Approx(single[k].score).epsilon(1e-12));
            a.push_back(single[k].id);
            b.push_back(sharded[k].id);
        }
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        CHECK(a == b);
        i = j;
    }
}

const std::vector<std::string> kQueries = {
    "copper",
    "When was the church at Røros built?",
    "smelting charcoal forests",
    "\"mining town\"",
    "miners winter -church",
    "title:notes river",
    "source:archive copper",
    "UNESCO world heritage",
    "coppr smelting",  // a typo: suggestions come from the shards' words, remote ones too
};

std::size_t count_kind(Xapian::Database& db, const std::string& kind) {
    return db.get_termfreq(std::string(indexer::prefix::kKind) + kind);
}

// Same results, facets, totals, spelling suggestions, document records and health counts over
// both.
void check_equivalent(searcher::Searcher& single, searcher::Searcher& sharded) {
    CHECK(count_kind(single.database(), "d") == count_kind(sharded.database(), "d"));
    CHECK(count_kind(single.database(), "p") == count_kind(sharded.database(), "p"));
    for (const auto& q : kQueries) {
        INFO("query: " << q);
        searcher::SearchResponse a, b;
        auto rows = search(single, q, &a);
        CHECK(!rows.empty());
        check_same(rows, search(sharded, q, &b));
        CHECK(a.total == b.total);
        CHECK(searcher::to_json(a)["facets"] == searcher::to_json(b)["facets"]);
        CHECK(a.did_you_mean == b.did_you_mean);
        if (q == "coppr smelting") CHECK(b.did_you_mean == "copper smelting");
    }
    for (const std::string id : {"gen-0", "gen-7", "gen-30", "mini/smelting", "no-such-id"})
        CHECK(single.document(id) == sharded.document(id));
    // ASK: when searcher/answer.hpp is on this branch, compare answers over the stub here too
    // (same answer text, passage and score as over the single index).
}

// Everything Xapian keeps of a document: terms with wdf and positions, values and data.
std::string dump_document(const Xapian::Database& db, Xapian::docid id) {
    Xapian::Document doc = db.get_document(id);
    std::string out = doc.get_data() + "\n";
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        out += *t + " " + std::to_string(t.get_wdf()) + ":";
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
            out += " " + std::to_string(*p);
        out += "\n";
    }
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
        out += std::to_string(v.get_valueno()) + "=" + *v + "\n";
    return out;
}

}  // namespace

TEST_CASE("shards: search over local and remote shards equals one index") {
    TempDir tmp;
    std::filesystem::create_directories(tmp / "corpus");
    write_corpus(tmp / "corpus/gen.jsonl", 40);
    std::vector<std::string> paths = {kMini, tmp / "corpus"};

    std::ostringstream errors;
    auto single_report = test::index_into(tmp / "single", paths, &errors);
    REQUIRE(errors.str().empty());
    {
        indexer::ParallelIndexer sharded(indexer::prepare_shards(tmp / "sharded", 2), 2);
        auto r = indexer::index_paths(sharded, paths, errors);
        REQUIRE(errors.str().empty());
        CHECK(r.added == single_report.added);
        CHECK(r.passages == single_report.passages);
    }
    CHECK(indexer::existing_shards(tmp / "sharded") == 2);
    // Both shards hold documents, each exactly those whose id hashes to it.
    for (int i = 0; i < 2; ++i) {
        Xapian::Database shard(tmp / ("sharded/shard-" + std::to_string(i)));
        CHECK(count_kind(shard, "d") > 5);
        const std::string kind = std::string(indexer::prefix::kKind) + "d";
        for (auto it = shard.postlist_begin(kind); it != shard.postlist_end(kind); ++it) {
            auto rec = nlohmann::json::parse(shard.get_document(*it).get_data());
            CHECK(indexer::shard_of(rec["id"].get<std::string>(), 2) ==
                  static_cast<std::size_t>(i));
        }
    }

    searcher::Searcher single(tmp / "single");
    SECTION("the index folder opens as one database through its stub") {
        searcher::Searcher local(tmp / "sharded");
        check_equivalent(single, local);
    }
    SECTION("remote shards served by xapian-tcpsrv, listed in a stub file") {
        TcpServer s0(tmp / "sharded/shard-0"), s1(tmp / "sharded/shard-1");
        {
            std::ofstream stub(tmp / "remote.stub");
            stub << "remote 127.0.0.1:" << s0.port() << "\nremote 127.0.0.1:" << s1.port() << "\n";
        }
        searcher::Searcher remote(tmp / "remote.stub");
        check_equivalent(single, remote);
        remote.reopen();  // a reopen over the network keeps working
        check_equivalent(single, remote);
    }
}

TEST_CASE(
    "shards: threaded indexing writes what serial indexing writes, and re-indexes idempotently") {
    TempDir tmp;
    std::filesystem::create_directories(tmp / "corpus");
    write_corpus(tmp / "corpus/gen.jsonl", 30);
    std::vector<std::string> paths = {kMini, tmp / "corpus"};
    test::index_into(tmp / "serial", paths);
    std::ostringstream errors;
    {
        indexer::ParallelIndexer threaded(indexer::prepare_shards(tmp / "threaded", 1), 2);
        auto r = indexer::index_paths(threaded, paths, errors);
        CHECK(r.added == 35);
    }
    searcher::Searcher serial(tmp / "serial"), threaded(tmp / "threaded");
    check_equivalent(serial, threaded);

    // Again over the shards, unchanged: nothing rewritten. Then one document changed and one
    // removed from its folder: both found in their shard.
    indexer::ParallelIndexer first(indexer::prepare_shards(tmp / "sharded", 3), 1);
    auto r1 = indexer::index_paths(first, paths, errors);
    CHECK(r1.added == 35);
    auto r2 = indexer::index_paths(first, paths, errors);
    CHECK(r2.unchanged == 35);
    CHECK(r2.passages == 0);
    write_corpus(tmp / "corpus/gen.jsonl", 29);  // gen-29 is gone
    {
        std::vector<std::string> lines;
        std::ifstream in(tmp / "corpus/gen.jsonl");
        for (std::string line; std::getline(in, line);) lines.push_back(line);
        lines[3] = R"({"id": "gen-3", "text": "Rewritten: the bellows by the river."})";
        std::ofstream out(tmp / "corpus/gen.jsonl");
        for (const auto& line : lines) out << line << "\n";
    }
    auto r3 = indexer::index_paths(first, paths, errors);
    CHECK(r3.removed == 1);
    CHECK(r3.updated == 1);
    CHECK(r3.unchanged == 33);
    CHECK(errors.str().empty());
    searcher::Searcher sharded(tmp / "sharded");
    CHECK(search(sharded, "doc:gen-3 OR doc:gen-29").size() == 1);
    CHECK(search(sharded, "rewritten bellows").at(0).id == "gen-3#0");
    CHECK_THROWS_AS(indexer::prepare_shards(tmp / "sharded", 2), std::runtime_error);
    CHECK_THROWS_AS(indexer::prepare_shards(tmp / "serial", 2), std::runtime_error);
}

TEST_CASE("shards: indexing on threads writes the same index as on one thread") {
    // Stricter than the case above: every document byte for byte, not the same search results.
    // Documents without a language (detected per passage) in Bokmål, Nynorsk and English, and
    // enough of them that the writer analyses some itself while the worker is busy.
    const std::vector<std::string> paragraphs = {
        "Kobberverket på Røros eide gruvene i fjellet, og smeltehytta lå ved elva Hitra.",
        "Bergstadens Ziir ble bygget mellom 1780 og 1784 og har plass til to tusen mennesker.",
        "Eg veit ikkje kva dei gjorde i gruvene, men kyrkja vart bygd av dei same folka.",
        "The copper works at Røros were founded in 1644 and ran for three hundred years.",
        "Gårdene i Vingelen ligger spredt langs dalen, med setrer høyt oppe i fjellet.",
        "Miners walked to the Storwartz mine in all weather, winter and summer alike."};
    TempDir tmp;
    {
        std::ofstream out(tmp / "in.jsonl");
        for (std::size_t d = 0; d < 400; ++d) {
            std::string text;
            for (std::size_t p = 0; p < 1 + d % 3; ++p)
                text += (p ? "\n\n" : "") + paragraphs[(d + 2 * p) % paragraphs.size()] + " " +
                        paragraphs[(d * 7 + p) % paragraphs.size()];
            out << nlohmann::json{{"id", "d" + std::to_string(d)},
                                  {"title", "Røros"},
                                  {"text", text}}
                       .dump()
                << "\n";
        }
    }
    std::vector<std::string> dbs;
    for (unsigned threads : {0u, 1u, 2u}) {
        dbs.push_back(tmp / ("db" + std::to_string(threads)));
        std::ostringstream errors;
        {
            indexer::ParallelIndexer writer(indexer::prepare_shards(dbs.back(), 1), threads);
            auto report = indexer::index_paths(writer, {tmp / "in.jsonl"}, errors);
            CHECK(report.added == 400);
        }
        CHECK(errors.str().empty());
    }
    Xapian::Database serial(dbs[0]);
    REQUIRE(serial.get_doccount() > 400);
    for (std::size_t i = 1; i < dbs.size(); ++i) {
        INFO(dbs[i]);
        Xapian::Database threaded(dbs[i]);
        REQUIRE(threaded.get_doccount() == serial.get_doccount());
        for (Xapian::docid id = 1; id <= serial.get_lastdocid(); ++id)
            REQUIRE(dump_document(threaded, id) == dump_document(serial, id));
    }
}

TEST_CASE("shards: heritage-index --shards builds a compacted index that searches like one index") {
    TempDir tmp;
    std::filesystem::create_directories(tmp / "corpus");
    write_corpus(tmp / "corpus/gen.jsonl", 30);
    test::index_into(tmp / "single", {kMini, tmp / "corpus"});
    auto index = [&](const std::string& args) {
        return test::run(test::bin("heritage-index") + " -q " + args + " " +
                         test::shell_quote(kMini) + " " + test::shell_quote(tmp / "corpus") +
                         " 2>&1");
    };
    auto r = index("--shards 2 --db " + test::shell_quote(tmp / "sharded"));
    INFO(r.out);
    REQUIRE(r.status == 0);
    CHECK(indexer::existing_shards(tmp / "sharded") == 2);
    CHECK(!std::filesystem::exists(tmp / "sharded/shard-0.compacting"));
    // Without --shards, a re-index keeps the index's own shards; with another number it refuses.
    r = index("--db " + test::shell_quote(tmp / "sharded"));
    CHECK(r.status == 0);
    CHECK(r.out.find("35 unchanged") != std::string::npos);
    r = index("--shards 3 --db " + test::shell_quote(tmp / "sharded"));
    CHECK(r.status == 1);
    CHECK(r.out.find("2 shards, not 3") != std::string::npos);

    searcher::Searcher single(tmp / "single"), sharded(tmp / "sharded");
    check_equivalent(single, sharded);
}
