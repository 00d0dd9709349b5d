// heritage-server in-process on a free loopback port: /api/search, /api/health and errors.
#include "web/server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>
#include <vector>

#include "test_util.hpp"

using heritage::test::TempDir;

namespace {

// Starts a server over a fixture index on a free port; stops it when the test ends.
struct RunningServer {
    TempDir tmp;
    std::unique_ptr<heritage::web::Server> server;
    std::thread thread;
    int port = -1;

    RunningServer() {
        heritage::test::index_into(tmp / "db", {std::string(HERITAGE_FIXTURES) + "/mini"});
        heritage::web::ServerOptions opt;
        opt.db = tmp / "db";
        opt.log_requests = false;
        server = std::make_unique<heritage::web::Server>(opt);
        port = server->bind_to_any_port();
        REQUIRE(port > 0);
        thread = std::thread([this] { server->listen_after_bind(); });
        server->wait_until_ready();
    }
    ~RunningServer() {
        server->stop();
        thread.join();
    }
    httplib::Client client() const { return httplib::Client("127.0.0.1", port); }
};

nlohmann::json get_json(httplib::Client& c, const std::string& path, int expected_status) {
    auto res = c.Get(path.c_str());
    REQUIRE(res);
    INFO(path << " -> " << res->body);
    CHECK(res->status == expected_status);
    CHECK_THAT(res->get_header_value("Content-Type"), Catch::StartsWith("application/json"));
    return nlohmann::json::parse(res->body);
}

}  // namespace

TEST_CASE("server: search returns the CLI's shape") {
    RunningServer s;
    auto c = s.client();
    auto j = get_json(c, "/api/search?q=copper&limit=2&offset=1", 200);
    CHECK(j["query"] == "copper");
    CHECK(j["total"] == 4);
    CHECK(j["offset"] == 1);
    REQUIRE(j["results"].size() == 2);
    CHECK(j["results"][0]["rank"] == 2);
    CHECK(j["results"][0].contains("snippet"));

    auto utf = get_json(c, "/api/search?q=R%C3%B8ros%20kirke", 200);
    REQUIRE_FALSE(utf["results"].empty());
    CHECK(utf["results"][0]["doc_id"] == "mini/kirke");
    CHECK_THAT(utf["results"][0]["snippet"].get<std::string>(),
               Catch::Contains("<mark>Røros</mark>"));

    auto filtered = get_json(c, "/api/search?q=copper&source=Town%20Archive", 200);
    CHECK(filtered["total"] == 1);

    auto health = get_json(c, "/api/health", 200);
    CHECK(health["status"] == "ok");
    CHECK(health["documents"] == 5);
    CHECK(health["passages"] == 7);
}

TEST_CASE("server: bad requests get JSON errors and the server keeps serving") {
    RunningServer s;
    auto c = s.client();
    struct Row {
        std::string path;
        int status;
        std::string code;
    };
    const Row rows[] = {
        {"/api/search", 400, "missing_query"},
        {"/api/search?q=", 400, "empty_query"},
        {"/api/search?q=%20%20", 400, "empty_query"},
        {"/api/search?q=copper&limit=abc", 400, "bad_limit"},
        {"/api/search?q=copper&limit=-1", 400, "bad_limit"},
        {"/api/search?q=copper&limit=99999999999", 400, "bad_limit"},
        {"/api/search?q=copper&offset=1e3", 400, "bad_offset"},
        {"/api/search?q=copper&limt=5", 400, "unknown_parameter"},
        {"/api/search?q=a&q=b", 400, "repeated_parameter"},
        {"/api/search?q=caf%C3", 400, "invalid_utf8"},
        {"/api/search?q=copper&lang=xx", 400, "bad_lang"},
        {"/api/search?q=copper&year_from=1900&year_to=1800", 400, "bad_year"},
        {"/api/nothing", 404, "not_found"},
    };
    for (const auto& row : rows) {
        auto j = get_json(c, row.path, row.status);
        INFO(row.path);
        CHECK(j["error"]["code"] == row.code);
        CHECK(j["error"]["message"].is_string());
    }
    std::string long_query = "/api/search?q=" + std::string(5000, 'a');
    // Within the limit, and the server keeps serving.
    CHECK(get_json(c, long_query, 200)["query"].get<std::string>().size() == 5000);
    CHECK(get_json(c, "/api/search?q=copper", 200)["total"] == 4);
}

TEST_CASE("server: sees a re-indexed index without a restart") {
    RunningServer s;
    auto c = s.client();
    CHECK(get_json(c, "/api/search?q=tin", 200)["total"] == 0);
    std::ofstream(s.tmp / "more.jsonl") << R"({"id": "t", "text": "tin mine"})" << '\n';
    heritage::test::index_into(s.tmp / "db", {s.tmp / "more.jsonl"});
    CHECK(get_json(c, "/api/search?q=tin", 200)["total"] == 1);
}

TEST_CASE("server: a burst of connections waits in the listen queue, none is dropped") {
    // Bound but not yet accepting, the server's whole burst must fit in the kernel's queue.
    // With httplib's backlog of 5, six connections were made and the rest of the SYNs dropped,
    // to be retried by their clients a second later.
    TempDir tmp;
    heritage::test::index_into(tmp / "db", {std::string(HERITAGE_FIXTURES) + "/mini"});
    heritage::web::ServerOptions opt;
    opt.db = tmp / "db";
    opt.log_requests = false;
    heritage::web::Server server(opt);
    int port = server.bind_to_any_port();
    REQUIRE(port > 0);

    constexpr int kClients = 64;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::vector<pollfd> fds;
    for (int i = 0; i < kClients; ++i) {
        int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        REQUIRE(fd >= 0);
        ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);  // EINPROGRESS
        fds.push_back({fd, POLLOUT, 0});
    }
    // Each handshake takes microseconds on loopback; a dropped SYN is retried after a second.
    int connected = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
    while (connected < kClients && std::chrono::steady_clock::now() < deadline) {
        ::poll(fds.data(), fds.size(), 50);
        connected = 0;
        for (const auto& p : fds) {
            int err = -1;
            socklen_t len = sizeof err;
            ::getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &err, &len);
            connected += (p.revents & POLLOUT) && err == 0;
        }
    }
    CHECK(connected == kClients);
    for (const auto& p : fds) ::close(p.fd);

    std::thread serving([&server] { server.listen_after_bind(); });
    server.wait_until_ready();
    server.stop();
    serving.join();
}
