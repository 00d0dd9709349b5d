// HTTP routes of heritage-server: parameter parsing, JSON errors, logging and static files.
#include "web/server.hpp"

#include <sys/socket.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <set>
#include <utility>

#include "indexer/analyzer.hpp"
#include "searcher/answer.hpp"
#include "searcher/catalog.hpp"
#include "searcher/suggest.hpp"
#include "web/task_queue.hpp"

namespace heritage::web {

using searcher::BadRequest;

namespace {

// Set when a request is routed; requests httplib rejects before routing have no start time.
thread_local std::chrono::steady_clock::time_point t_request_start;

// Rejects parameters a route does not know, so typos ("limt=5") do not pass silently.
void check_params(const httplib::Request& req, const std::set<std::string>& known) {
    for (const auto& [name, value] : req.params)
        if (!known.count(name))
            throw BadRequest("unknown_parameter", "unknown parameter \"" + name + "\"");
}

std::string param(const httplib::Request& req, const std::string& name) {
    if (req.get_param_value_count(name) > 1)
        throw BadRequest("repeated_parameter", "parameter \"" + name + "\" given more than once");
    return req.get_param_value(name);
}

int int_param(const httplib::Request& req, const std::string& name, int fallback) {
    std::string v = param(req, name);
    if (v.empty()) return fallback;
    std::size_t used = 0;
    long long n = 0;
    try {
        n = std::stoll(v, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != v.size() || n < INT32_MIN || n > INT32_MAX)
        throw BadRequest("bad_" + name, "parameter \"" + name + "\" must be an integer");
    return static_cast<int>(n);
}

// The parameters /api/search and /api/ask share; the searcher validates their ranges.
searcher::SearchRequest search_request(const httplib::Request& req) {
    if (!req.has_param("q")) throw BadRequest("missing_query", "parameter \"q\" is required");
    searcher::SearchRequest r;
    r.query = param(req, "q");
    if (r.query.find_first_not_of(" \t\r\n") == std::string::npos)
        throw BadRequest("empty_query", "parameter \"q\" is empty");
    r.limit = int_param(req, "limit", 10);
    r.offset = int_param(req, "offset", 0);
    r.lang = param(req, "lang");
    r.source = param(req, "source");
    r.doc = param(req, "doc");
    if (req.has_param("year_from")) r.year_from = int_param(req, "year_from", 0);
    if (req.has_param("year_to")) r.year_to = int_param(req, "year_to", 0);
    return r;
}

void send_json(httplib::Response& res, const nlohmann::json& j, int status = 200) {
    res.status = status;
    res.set_content(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "application/json; charset=utf-8");
}

// A search's stages as a Server-Timing header (shown by browsers' developer tools): where a
// slow query spends its time, without the JSON changing.
std::string server_timing(const searcher::SearchTimings& t) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "parse;dur=%.3f, match;dur=%.3f, results;dur=%.3f", t.parse_ms,
                  t.match_ms, t.results_ms);
    return buf;
}

// Runs a handler, turning exceptions into the API's JSON errors. No internal detail (paths,
// Xapian messages) reaches the client; they go to the log.
template <class F>
httplib::Server::Handler guarded(F f) {
    return [f](const httplib::Request& req, httplib::Response& res) {
        try {
            f(req, res);
        } catch (const BadRequest& e) {
            send_json(res, error_json(e.code(), e.what()), 400);
        } catch (const Xapian::DatabaseOpeningError& e) {
            std::fprintf(stderr, "index unavailable: %s\n", e.get_description().c_str());
            send_json(res, error_json("index_unavailable", "the index cannot be opened"), 503);
        } catch (const Xapian::Error& e) {
            std::fprintf(stderr, "index error: %s\n", e.get_description().c_str());
            send_json(res, error_json("index_error", "the index could not be read"), 500);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "internal error: %s\n", e.what());
            send_json(res, error_json("internal", "internal error"), 500);
        }
    };
}

// The Access-Control-Allow-Origin value for a request from `origin`: "*", the origin itself
// when it is in the comma-separated `configured` list, else "" (no CORS header).
std::string allowed_origin(const std::string& configured, const std::string& origin) {
    if (configured == "*") return "*";
    std::size_t pos = 0;
    while (pos <= configured.size()) {
        std::size_t comma = std::min(configured.find(',', pos), configured.size());
        std::string item = configured.substr(pos, comma - pos);
        auto a = item.find_first_not_of(' '), b = item.find_last_not_of(' ');
        if (a != std::string::npos && !origin.empty() && item.substr(a, b - a + 1) == origin)
            return origin;
        pos = comma + 1;
    }
    return "";
}

void method_not_allowed(const httplib::Request&, httplib::Response& res) {
    res.set_header("Allow", "GET, HEAD, OPTIONS");
    send_json(res, error_json("method_not_allowed", "the API only answers GET"), 405);
}

}  // namespace

nlohmann::json error_json(const std::string& code, const std::string& message) {
    return {{"error", {{"code", code}, {"message", message}}}};
}

SearcherPool::Lease SearcherPool::acquire() {
    std::unique_ptr<searcher::Searcher> s;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (!m_free.empty()) {
            s = std::move(m_free.back());
            m_free.pop_back();
        }
    }
    if (s)
        s->reopen();
    else
        s = std::make_unique<searcher::Searcher>(m_db);
    return Lease(*this, std::move(s));
}

void SearcherPool::give_back(std::unique_ptr<searcher::Searcher> s) {
    if (!s) return;
    std::lock_guard<std::mutex> lock(m_mutex);
    m_free.push_back(std::move(s));
}

Server::Server(ServerOptions options) : m_options(std::move(options)), m_pool(m_options.db) {
    m_http.set_tcp_nodelay(true);
    // httplib makes one socket per address it tries, and keeps the last it made.
    m_http.set_socket_options([this](socket_t sock) {
        httplib::default_socket_options(sock);
        m_listen_fd = static_cast<int>(sock);
    });
    int threads = std::max(1, m_options.threads);
    int pending = std::max(1, m_options.max_pending);
    m_http.new_task_queue = [threads, pending] { return new BoundedTaskQueue(threads, pending); };
    m_http.set_payload_max_length(64 * 1024);
    m_http.set_read_timeout(10, 0);
    m_http.set_write_timeout(10, 0);
    // The page loads only its own files and calls only its own API: nothing inline, no other
    // origin, no framing. The API's JSON gets the same headers; they cost nothing there.
    httplib::Headers headers = {
        {"X-Content-Type-Options", "nosniff"},
        {"Referrer-Policy", "no-referrer"},
        {"X-Frame-Options", "DENY"},
        {"Content-Security-Policy",
         "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
         "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"}};
    m_http.set_default_headers(headers);
    // The page's files are UTF-8 (its Norwegian text included); say so rather than let
    // browsers guess.
    for (const auto& [ext, type] : {std::pair{"html", "text/html"},
                                    {"js", "text/javascript"},
                                    {"css", "text/css"},
                                    {"svg", "image/svg+xml"}})
        m_http.set_file_extension_and_mimetype_mapping(ext, std::string(type) + "; charset=utf-8");
    routes();
}

Server::~Server() { stop(); }

void Server::routes() {
    m_http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        t_request_start = std::chrono::steady_clock::now();
        if (BoundedTaskQueue::overloaded()) {
            res.set_header("Retry-After", "1");
            res.set_header("Connection", "close");
            send_json(res, error_json("busy", "the server is busy; retry shortly"), 503);
            return httplib::Server::HandlerResponse::Handled;
        }
        // A NUL or broken UTF-8 in the decoded path could cut or confuse a file name or an id.
        if (req.path.find('\0') != std::string::npos) {
            send_json(res, error_json("bad_path", "the path holds a NUL byte"), 400);
            return httplib::Server::HandlerResponse::Handled;
        }
        if (!indexer::is_valid_utf8(req.path)) {
            send_json(res, error_json("invalid_utf8", "the path is not valid UTF-8"), 400);
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    if (m_options.log_requests) {
        m_http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
            auto start = std::exchange(t_request_start, {});
            if (start == std::chrono::steady_clock::time_point{}) {
                std::fprintf(stderr, "%s %s %d -\n", req.method.c_str(), req.path.c_str(),
                             res.status);
                return;
            }
            double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
            std::fprintf(stderr, "%s %s %d %.2fms\n", req.method.c_str(), req.path.c_str(),
                         res.status, ms);
        });
    }
    m_http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        // Statuses httplib sets itself, before any route runs: its limits on the request line
        // and each header line (8 KiB) and on the body (set_payload_max_length).
        switch (res.status) {
            case 400:
                send_json(res, error_json("bad_request", "malformed or oversized request"), 400);
                break;
            case 404:
                send_json(res, error_json("not_found", "no such resource: " + req.path), 404);
                break;
            case 413:
                send_json(res, error_json("body_too_large", "request body too large"), 413);
                break;
            case 414:
                send_json(res, error_json("uri_too_long", "request line too long"), 414);
                break;
            default:
                send_json(res, error_json("http_" + std::to_string(res.status), "request failed"),
                          res.status);
        }
    });
    m_http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
            send_json(res, error_json("internal", "internal error"), 500);
        });
    if (!m_options.cors_origin.empty()) {
        m_http.set_post_routing_handler(
            [this](const httplib::Request& req, httplib::Response& res) {
                std::string allow =
                    allowed_origin(m_options.cors_origin, req.get_header_value("Origin"));
                if (!allow.empty()) res.set_header("Access-Control-Allow-Origin", allow);
                if (m_options.cors_origin != "*") res.set_header("Vary", "Origin");
            });
    }

    m_http.Get("/api/health", guarded([this](const httplib::Request& req, httplib::Response& res) {
                   check_params(req, {});
                   auto s = m_pool.acquire();
                   auto& db = s->database();
                   send_json(res, {{"status", "ok"},
                                   {"documents", searcher::record_count(db)},
                                   {"passages", searcher::passage_count(db)}});
               }));

    // The ceiling for benchmarks: what cpp-httplib costs with no work behind it.
    m_http.Get("/api/ping", [](const httplib::Request&, httplib::Response& res) {
        send_json(res, {{"ok", true}});
    });

    m_http.Get("/api/search", guarded([this](const httplib::Request& req, httplib::Response& res) {
                   check_params(req, {"q", "limit", "offset", "lang", "source", "doc", "year_from",
                                      "year_to", "explain"});
                   searcher::SearchRequest r = search_request(req);
                   r.explain = param(req, "explain") == "1" || param(req, "explain") == "true";
                   auto s = m_pool.acquire();
                   searcher::SearchResponse found = s->search(r);
                   res.set_header("Server-Timing", server_timing(found.timings));
                   send_json(res, searcher::to_json(found));
               }));

    // A question's answer: the same parameters as /api/search, the JSON of searcher::to_json
    // (AskResponse).
    m_http.Get("/api/ask", guarded([this](const httplib::Request& req, httplib::Response& res) {
                   check_params(req, {"q", "limit", "offset", "lang", "source", "doc", "year_from",
                                      "year_to"});
                   searcher::SearchRequest r = search_request(req);
                   auto s = m_pool.acquire();
                   send_json(res, searcher::to_json(searcher::ask(*s, r)));
               }));

    m_http.Get(
        R"(/api/doc/(.+))", guarded([this](const httplib::Request& req, httplib::Response& res) {
            check_params(req, {});
            // httplib has already percent-decoded the path, so ids holding "/" may come either way.
            const std::string id = req.matches[1];  // valid UTF-8: checked before routing
            auto s = m_pool.acquire();
            auto doc = searcher::document_json(*s, id);
            if (doc.is_null()) {
                send_json(res, error_json("doc_not_found", "no document with id \"" + id + "\""),
                          404);
                return;
            }
            send_json(res, doc);
        }));

    m_http.Get("/api/suggest", guarded([this](const httplib::Request& req, httplib::Response& res) {
                   check_params(req, {"q", "limit"});
                   if (!req.has_param("q"))
                       throw BadRequest("missing_query", "parameter \"q\" is required");
                   std::string q = param(req, "q");
                   int limit = int_param(req, "limit", 8);
                   auto s = m_pool.acquire();
                   send_json(res, searcher::to_json(searcher::suggest(*s, q, limit)));
               }));

    m_http.Get("/api/stats", guarded([this](const httplib::Request& req, httplib::Response& res) {
                   check_params(req, {});
                   auto s = m_pool.acquire();
                   send_json(res, searcher::to_json(searcher::index_stats(s->database()),
                                                    static_cast<long long>(std::time(nullptr))));
               }));

    // CORS preflight; the API is read-only, so other methods are refused.
    m_http.Options(R"(/api/.*)", [this](const httplib::Request& req, httplib::Response& res) {
        res.status = 204;
        res.set_header("Allow", "GET, HEAD, OPTIONS");
        if (allowed_origin(m_options.cors_origin, req.get_header_value("Origin")).empty()) return;
        res.set_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        std::string asked = req.get_header_value("Access-Control-Request-Headers");
        if (!asked.empty()) res.set_header("Access-Control-Allow-Headers", asked);
        res.set_header("Access-Control-Max-Age", "600");
    });
    m_http.Post(R"(/api/.*)", method_not_allowed);
    m_http.Put(R"(/api/.*)", method_not_allowed);
    m_http.Patch(R"(/api/.*)", method_not_allowed);
    m_http.Delete(R"(/api/.*)", method_not_allowed);

    if (!m_options.web_root.empty() && !m_http.set_mount_point("/", m_options.web_root))
        std::fprintf(stderr, "heritage-server: no page: %s is not a folder\n",
                     m_options.web_root.c_str());
}

// Debian's httplib is a compiled library that listens with a backlog of 5: 64 clients connecting
// at once overflowed it, and the connections the kernel dropped were retried a second later
// (wrk -c64 on /api/ping: p99 near 1 s, and timeouts). Listening again on the bound socket sets
// a longer queue (Linux caps it at net.core.somaxconn).
void Server::widen_backlog() const {
    constexpr int kBacklog = 1024;
    if (m_listen_fd >= 0) ::listen(m_listen_fd, kBacklog);
}

bool Server::listen() {
    if (!m_http.bind_to_port(m_options.host, m_options.port)) return false;
    widen_backlog();
    return m_http.listen_after_bind();
}

int Server::bind_to_any_port() {
    int port = m_http.bind_to_any_port(m_options.host);
    if (port >= 0) widen_backlog();
    return port;
}

bool Server::listen_after_bind() { return m_http.listen_after_bind(); }

void Server::stop() { m_http.stop(); }

void Server::wait_until_ready() const {
    while (!m_http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

}  // namespace heritage::web
