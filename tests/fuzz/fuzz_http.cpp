// Fuzz target: the HTTP routes of heritage-server, in-process on a loopback port over a tiny
// index. The first byte picks what the rest becomes: a request target on /api/search,
// /api/health or a static path (spaces and line breaks encoded, so the request stays one
// request), or raw bytes sent as they are. The server must answer every request, never with a
// 500 (an internal error is a bug), /api/ answers must be JSON, and no static path may reach the
// file kept next to the web root.
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/fuzz/fuzz_util.hpp"
#include "tests/test_server.hpp"

using namespace heritage;

namespace {

test::ServerThread& server() {
    static test::ServerThread* s = [] {
        std::string db = fuzz::build_tiny_index();
        const std::string dir = fuzz::tiny_index_dir();
        std::filesystem::create_directories(dir + "/www/sub");
        std::ofstream(dir + "/www/index.html") << "<!doctype html><title>page</title>";
        std::ofstream(dir + "/secret.txt") << "FUZZSECRET";
        web::ServerOptions opt;
        opt.db = db;
        opt.web_root = dir + "/www";
        opt.threads = 2;
        // Never destroyed: the process ends without stopping it (it holds no unsaved state).
        return new test::ServerThread(opt);
    }();
    return *s;
}

std::string encode_controls(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == ' ' || c == '\r' || c == '\n' || c == '\t') {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
            out += buf;
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const int port = server().port();
    if (size == 0) return 0;
    std::string_view rest = fuzz::as_text(data + 1, size - 1);
    const int mode = data[0] % 4;
    std::string request, target;
    if (mode == 3) {
        request = std::string(rest);
    } else {
        static const char* prefixes[] = {"/api/search?", "/api/health?", "/"};
        target = prefixes[mode] + encode_controls(rest);
        request = test::raw_get(target);
    }
    auto res = test::raw_http(port, request, 30, mode == 3);
    // Loopback connections at this rate now and then meet a TIME_WAIT left by an earlier one
    // and get no answer: a server that stopped answering would not answer the retry either.
    if (res.status == 0 && mode != 3) res = test::raw_http(port, request, 30);
    if (mode == 3) {
        // Raw bytes may be anything, several requests or half of one: only the absence of a
        // crash and of the secret is checked.
        FUZZ_CHECK(res.body.find("FUZZSECRET") == std::string::npos);
        return 0;
    }
    if (res.status < 200 || res.status >= 500) {
        std::fprintf(stderr, "request: %s\nanswer %d: %s\n\n%s\n", request.c_str(), res.status,
                     res.head.c_str(), res.body.c_str());
    }
    FUZZ_CHECK(res.status >= 200 && res.status < 500);
    FUZZ_CHECK(res.body.find("FUZZSECRET") == std::string::npos);
    if (mode < 2 || res.status >= 400) {
        FUZZ_CHECK(res.head.find("Content-Type: application/json") != std::string::npos);
        auto j = nlohmann::json::parse(res.body, nullptr, false);
        FUZZ_CHECK(j.is_object());
        if (res.status >= 400) FUZZ_CHECK(j["error"]["code"].is_string());
    }
    return 0;
}
