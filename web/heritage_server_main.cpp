// heritage-server: serves the JSON API and the search page over one index.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>

#include "web/server.hpp"

namespace {
heritage::web::Server* g_server = nullptr;
}

int main(int argc, char** argv) {
    CLI::App app{"Serve a heritage-search index: JSON API and search page.", "heritage-server"};
    heritage::web::ServerOptions opt;
    app.set_version_flag("--version", std::string("heritage-server ") + HERITAGE_VERSION);
    // Usage errors are one line, like every other error.
    app.failure_message([](const CLI::App* a, const CLI::Error& e) {
        return a->get_name() + ": " + e.what() + " (see --help)\n";
    });
    app.add_option("--db", opt.db, "Index folder or Xapian stub file")->required();
    app.add_option("--host", opt.host, "Address to listen on")->default_val("127.0.0.1");
    app.add_option("--port", opt.port, "Port to listen on")
        ->default_val(8080)
        ->check(CLI::Range(0, 65535));
    app.add_option("--web-root", opt.web_root, "Folder of the search page (\"\" for none)")
        ->default_val(HERITAGE_WEB_ROOT);
    app.add_option("--threads", opt.threads, "Worker threads")
        ->default_val(8)
        ->check(CLI::Range(1, 256));
    app.add_option("--max-pending", opt.max_pending,
                   "Connections served or waiting for a worker at once; more are answered 503")
        ->default_val(256)
        ->check(CLI::Range(1, 100000));
    app.add_option("--cors-origin", opt.cors_origin,
                   "Origins allowed to call the API: * or a comma-separated list");
    bool quiet = false;
    app.add_flag("-q,--quiet", quiet, "No request log");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    opt.log_requests = !quiet;

    try {
        // Fail fast with a clear line when the index is missing, not on the first request.
        heritage::searcher::Searcher probe(opt.db);
        heritage::web::Server server(opt);
        g_server = &server;
        std::signal(SIGINT, [](int) {
            if (g_server) g_server->stop();
        });
        std::signal(SIGTERM, [](int) {
            if (g_server) g_server->stop();
        });
        std::fprintf(stderr, "heritage-server: serving %s on http://%s:%d/\n", opt.db.c_str(),
                     opt.host.c_str(), opt.port);
        if (!server.listen()) {
            std::fprintf(stderr, "heritage-server: cannot listen on %s:%d\n", opt.host.c_str(),
                         opt.port);
            return 1;
        }
        return 0;
    } catch (const Xapian::DatabaseOpeningError&) {
        std::fprintf(stderr, "heritage-server: no index at %s (build one with heritage-index)\n",
                     opt.db.c_str());
    } catch (const Xapian::Error& e) {  // not a std::exception: uncaught, it would abort
        std::fprintf(stderr, "heritage-server: index %s: %s\n", opt.db.c_str(),
                     e.get_description().c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "heritage-server: %s\n", e.what());
    }
    return 1;
}
