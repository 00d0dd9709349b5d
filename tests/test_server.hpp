// Helpers for tests of heritage-server: the server in-process on a free loopback port, and a raw
// HTTP client that sends bytes exactly as given (no encoding, no normalization of the path).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "web/server.hpp"

namespace heritage::test {

// Serves `options` (host and port are overridden: 127.0.0.1, a free port) until destroyed.
class ServerThread {
  public:
    explicit ServerThread(web::ServerOptions options) {
        options.host = "127.0.0.1";
        options.log_requests = false;
        m_server = std::make_unique<web::Server>(std::move(options));
        m_port = m_server->bind_to_any_port();
        if (m_port <= 0) throw std::runtime_error("cannot bind a loopback port");
        m_thread = std::thread([this] { m_server->listen_after_bind(); });
        m_server->wait_until_ready();
    }
    ~ServerThread() {
        m_server->stop();
        m_thread.join();
    }
    ServerThread(const ServerThread&) = delete;
    ServerThread& operator=(const ServerThread&) = delete;

    int port() const { return m_port; }
    httplib::Client client() const { return httplib::Client("127.0.0.1", m_port); }

  private:
    std::unique_ptr<web::Server> m_server;
    std::thread m_thread;
    int m_port = -1;
};

struct RawResponse {
    int status = 0;    // 0: no HTTP answer at all (connection refused, reset or timed out)
    std::string head;  // status line and headers
    std::string body;
};

// Sends `request` as is on a new connection and reads the answer. Send errors are ignored: a
// server may answer before reading it all. With `half_close` the sending side is shut after the
// request, so a server waiting for more of an incomplete one sees the end at once.
inline RawResponse raw_http(int port, const std::string& request, int timeout_s = 10,
                            bool half_close = false) {
    RawResponse r;
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return r;
    timeval tv{timeout_s, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return r;
    }
    for (std::size_t sent = 0; sent < request.size();) {
        ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    if (half_close) ::shutdown(fd, SHUT_WR);
    // Reads the head, then Content-Length bytes of body (or up to the close without one): a
    // server that answers early may keep the connection open for the next request.
    std::string in;
    std::size_t split = std::string::npos, want = std::string::npos;
    char buf[16384];
    while (want == std::string::npos || in.size() < want) {
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        in.append(buf, static_cast<std::size_t>(n));
        if (split == std::string::npos && (split = in.find("\r\n\r\n")) != std::string::npos) {
            std::string head = in.substr(0, split);
            for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            auto cl = head.find("\r\ncontent-length:");
            if (cl != std::string::npos) want = split + 4 + std::stoul(head.substr(cl + 17));
        }
    }
    ::close(fd);
    if (in.rfind("HTTP/1.", 0) != 0 || split == std::string::npos) return r;
    r.head = in.substr(0, split);
    r.body = in.substr(split + 4);
    r.status = std::atoi(r.head.c_str() + 9);
    return r;
}

// A GET request line for `target` exactly as written, with optional extra header lines.
inline std::string raw_get(const std::string& target, const std::string& headers = "") {
    return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers +
           "\r\n";
}

}  // namespace heritage::test
