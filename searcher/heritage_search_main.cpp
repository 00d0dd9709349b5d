// heritage-search: ranked passages for a query, as text or JSON, one query or a batch on stdin.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <regex>

#include "searcher/answer.hpp"
#include "searcher/searcher.hpp"

namespace {

using heritage::searcher::SearchResponse;

// Terminal rendering of a snippet: <mark> as bold (tty) or [brackets], entities decoded.
std::string render_snippet(const std::string& html, bool tty) {
    std::string s = std::regex_replace(html, std::regex("<mark>"), tty ? "\033[1;33m" : "[");
    s = std::regex_replace(s, std::regex("</mark>"), tty ? "\033[0m" : "]");
    static const std::pair<const char*, const char*> entities[] = {
        {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
    for (auto [from, to] : entities) s = std::regex_replace(s, std::regex(from), to);
    return s;
}

// One line per widening a hit matched: "hytte → Smelthytta (compound: part of a compound)".
void print_explain(const nlohmann::json& explain) {
    for (const auto& m : explain.value("matched", nlohmann::json::array())) {
        std::string words;
        for (const auto& w : m.value("text", nlohmann::json::array()))
            words += (words.empty() ? std::string() : ", ") + w.get<std::string>();
        std::printf("   matched: %s → %s (%s: %s)\n", m.value("word", "").c_str(),
                    words.empty() ? "title" : words.c_str(), m.value("kind", "").c_str(),
                    m.value("form", "").c_str());
    }
    std::string missing;
    for (const auto& w : explain.value("unmatched", nlohmann::json::array()))
        missing += (missing.empty() ? std::string() : ", ") + w.get<std::string>();
    if (!missing.empty()) std::printf("   not matched: %s\n", missing.c_str());
}

void print_text(const SearchResponse& r, bool tty) {
    std::printf("%zu passage%s match \"%s\"\n", r.total, r.total == 1 ? "" : "s", r.query.c_str());
    if (r.did_you_mean) std::printf("did you mean: %s\n", r.did_you_mean->c_str());
    for (const auto& h : r.results) {
        std::printf("\n%d. %s", h.rank, h.title.c_str());
        if (!h.section.empty() && h.section != h.title) std::printf(" › %s", h.section.c_str());
        std::printf("  (score %.2f)\n", h.score);
        std::printf("   source: %s%s%s · lang: %s · doc %s, passage %d, chars %zu–%zu\n",
                    h.source.empty() ? "unknown" : h.source.c_str(), h.url.empty() ? "" : " ",
                    h.url.c_str(), h.lang.c_str(), h.doc_id.c_str(), h.passage, h.start, h.end);
        std::printf("   %s\n", render_snippet(h.snippet, tty).c_str());
        if (!h.explain.is_null()) print_explain(h.explain);
    }
}

void print_answer(const heritage::searcher::AskResponse& r) {
    if (!r.answer) {
        std::printf("No answer found for \"%s\".\n", r.question.c_str());
    } else {
        const auto& a = *r.answer;
        std::printf("%s\n", a.text.c_str());
        std::printf("   \"%s\"\n", a.passage.c_str());
        std::printf("   %s", a.title.c_str());
        if (!a.section.empty() && a.section != a.title) std::printf(" › %s", a.section.c_str());
        std::printf(" · source: %s%s%s · doc %s, chars %zu–%zu · confidence %.2f\n",
                    a.source.empty() ? "unknown" : a.source.c_str(), a.url.empty() ? "" : " ",
                    a.url.c_str(), a.doc_id.c_str(), a.start, a.end, a.confidence);
    }
    for (const auto& h : r.results)
        std::printf("%s %d. %s (doc %s, passage %d)\n", h.rank == 1 ? "\n" : "", h.rank,
                    h.title.c_str(), h.doc_id.c_str(), h.passage);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Search a heritage-search index: ranked passages with highlighted snippets.",
                 "heritage-search"};
    std::string db;
    std::string query;
    heritage::searcher::SearchRequest req;
    bool json = false, batch = false, ask = false;
    app.set_version_flag("--version", std::string("heritage-search ") + HERITAGE_VERSION);
    // Usage errors are one line, like every other error.
    app.failure_message([](const CLI::App* a, const CLI::Error& e) {
        return a->get_name() + ": " + e.what() + " (see --help)\n";
    });
    app.add_option("--db", db, "Index folder or Xapian stub file")->required();
    app.add_option("--limit", req.limit, "Results to show (0-100)")->default_val(10);
    app.add_option("--offset", req.offset, "Results to skip")->default_val(0);
    app.add_option("--lang", req.lang, "Only passages in this language (en, nb, nn)");
    app.add_option("--source", req.source, "Only passages credited to this source");
    app.add_option("--doc", req.doc, "Only passages of this document id");
    app.add_flag("--json", json, "Print the JSON shape the server returns");
    app.add_flag("--explain", req.explain,
                 "Show which variants, compounds, synonyms or corrections each result matched");
    app.add_flag("--batch", batch, "Read one query a line from stdin, write one result a line");
    app.add_flag("--ask", ask,
                 "Answer QUERY as a question: a short answer with its sentence and source");
    app.add_option("query", query, "Words, \"phrases\", +must, -not, AND/OR/NOT, title:, source:");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    if (!batch && query.empty()) {
        std::fprintf(stderr,
                     "heritage-search: give a QUERY, or --batch to read queries from stdin\n");
        return 2;
    }

    try {
        heritage::searcher::Searcher searcher(db);
        req.facets = json;  // only the JSON shape carries facets
        bool tty = isatty(STDOUT_FILENO);
        if (!batch && ask) {
            req.query = query;
            auto r = heritage::searcher::ask(searcher, req);
            if (json)
                std::printf("%s\n", heritage::searcher::to_json(r).dump().c_str());
            else
                print_answer(r);
            return 0;
        }
        if (!batch) {
            req.query = query;
            auto r = searcher.search(req);
            if (json)
                std::printf("%s\n", heritage::searcher::to_json(r).dump().c_str());
            else
                print_text(r, tty);
            return 0;
        }
        // Batch: a bad line gets an error object (or line) of its own; the batch goes on.
        std::string line;
        int failures = 0;
        while (std::getline(std::cin, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            req.query = line;
            try {
                if (ask) {
                    auto r = heritage::searcher::ask(searcher, req);
                    if (json)
                        std::printf("%s\n", heritage::searcher::to_json(r).dump().c_str());
                    else
                        std::printf("%s\t%s\n", line.c_str(),
                                    r.answer ? r.answer->text.c_str() : "");
                    std::fflush(stdout);
                    continue;
                }
                auto r = searcher.search(req);
                if (json) {
                    std::printf("%s\n", heritage::searcher::to_json(r).dump().c_str());
                } else {
                    std::printf("%s\t%zu", line.c_str(), r.total);
                    for (const auto& h : r.results)
                        std::printf("\t%s#%d:%.3f", h.doc_id.c_str(), h.passage, h.score);
                    std::printf("\n");
                }
            } catch (const heritage::searcher::BadRequest& e) {
                ++failures;
                if (json)
                    std::printf(
                        "%s\n",
                        nlohmann::json{{"error", {{"code", e.code()}, {"message", e.what()}}}}
                            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                            .c_str());
                else
                    std::printf("error: %s\n", e.what());
            }
            std::fflush(stdout);
        }
        return failures ? 1 : 0;
    } catch (const heritage::searcher::BadRequest& e) {
        std::fprintf(stderr, "heritage-search: %s\n", e.what());
    } catch (const Xapian::DatabaseOpeningError&) {
        std::fprintf(stderr, "heritage-search: no index at %s (build one with heritage-index)\n",
                     db.c_str());
    } catch (const Xapian::Error& e) {
        std::fprintf(stderr, "heritage-search: index %s: %s\n", db.c_str(),
                     e.get_description().c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "heritage-search: %s\n", e.what());
    }
    return 1;
}
