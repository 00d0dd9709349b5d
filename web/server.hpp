// The HTTP server: JSON API handlers over a pool of per-thread searchers, and the static page.
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "searcher/searcher.hpp"

namespace heritage::web {

struct ServerOptions {
    std::string db;  // index folder or stub file
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string web_root = HERITAGE_WEB_ROOT;  // static files ("" = no page)
    int threads = 8;                           // connections served at once
    int max_pending = 256;     // connections served or waiting for a thread; more get 503 "busy"
    std::string cors_origin;   // origins the API answers: "*" or "https://a, https://b" ("" = none)
    bool log_requests = true;  // one line per request on stderr
};

// Xapian databases are not thread-safe: each request leases a Searcher of its own, reopened
// to the latest committed index revision before use.
class SearcherPool {
  public:
    explicit SearcherPool(std::string db) : m_db(std::move(db)) {}

    class Lease {
      public:
        Lease(SearcherPool& pool, std::unique_ptr<searcher::Searcher> s)
            : m_pool(pool), m_s(std::move(s)) {}
        ~Lease() { m_pool.give_back(std::move(m_s)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        searcher::Searcher& operator*() { return *m_s; }
        searcher::Searcher* operator->() { return m_s.get(); }

      private:
        SearcherPool& m_pool;
        std::unique_ptr<searcher::Searcher> m_s;
    };

    // Throws Xapian::DatabaseOpeningError when the index cannot be opened.
    Lease acquire();

  private:
    void give_back(std::unique_ptr<searcher::Searcher> s);
    std::string m_db;
    std::mutex m_mutex;
    std::vector<std::unique_ptr<searcher::Searcher>> m_free;
};

class Server {
  public:
    explicit Server(ServerOptions options);
    ~Server();

    // Binds and serves until stop(); false if the address could not be bound.
    bool listen();
    // For tests: binds to a free port on host, returns it (or -1); then listen_after_bind().
    int bind_to_any_port();
    bool listen_after_bind();
    void stop();
    void wait_until_ready() const;

  private:
    void routes();
    // Lets the bound socket queue more connections than httplib's 5 (see server.cpp).
    void widen_backlog() const;
    ServerOptions m_options;
    SearcherPool m_pool;
    httplib::Server m_http;
    int m_listen_fd = -1;  // the socket httplib last made to listen on, once bound
};

// {"error": {"code", "message"}} as the API returns it.
nlohmann::json error_json(const std::string& code, const std::string& message);

}  // namespace heritage::web
