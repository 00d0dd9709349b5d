// NorQuAD retrieval benchmark: does each question's own context rank first? heritage-search's
// analysis against plain Xapian (TermGenerator + QueryParser, Norwegian stemmer, BM25).
#include <sys/types.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "indexer/indexer.hpp"
#include "searcher/query_parser.hpp"
#include "searcher/searcher.hpp"
#include "searcher/spelling_index.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Context {
    std::string id, title, text;
};
struct Question {
    std::string text;
    std::size_t context = 0;
};

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::uintmax_t folder_bytes(const fs::path& dir) {
    std::uintmax_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) n += e.file_size();
    return n;
}

// Scores of one system: ranks[i] is the 1-based rank of question i's context (0 = not in the
// top 10), latencies in milliseconds.
struct Score {
    std::string name;
    std::vector<int> ranks;
    std::vector<double> ms;
    double index_seconds = 0;
    std::uintmax_t index_bytes = 0;

    void print() const {
        double p1 = 0, mrr = 0;
        for (int r : ranks) {
            p1 += r == 1;
            mrr += r > 0 ? 1.0 / r : 0;
        }
        std::vector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        double mean = 0;
        for (double m : ms) mean += m;
        std::size_t n = ranks.size();
        std::printf(
            "%-34s P@1 %.3f  MRR@10 %.3f  query ms mean %.2f p95 %.2f  index %.1f s %.1f MB\n",
            name.c_str(), p1 / n, mrr / n, mean / n, sorted[n * 95 / 100], index_seconds,
            index_bytes / 1e6);
    }
};

// Rank of `want` among the distinct contexts of a ranked list of context ids (first 10).
int rank_of(const std::vector<std::string>& ranked, const std::string& want) {
    std::vector<std::string> seen;
    for (const auto& id : ranked) {
        if (std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
        seen.push_back(id);
        if (id == want) return static_cast<int>(seen.size());
        if (seen.size() == 10) break;
    }
    return 0;
}

// Plain Xapian over `units` (one Xapian document per unit, its context id in value 0).
Score plain(const std::string& name, const fs::path& dir, const std::vector<Context>& contexts,
            const std::vector<Question>& questions, bool passages) {
    Score s{name, {}, {}, 0, 0};
    auto t0 = Clock::now();
    {
        Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
        Xapian::TermGenerator tg;
        tg.set_stemmer(Xapian::Stem("norwegian"));
        heritage::indexer::Analyzer analyzer;  // only to split passages exactly as heritage-search
        for (const auto& c : contexts) {
            std::vector<std::string> units;
            if (passages) {
                heritage::indexer::Document d;
                d.id = c.id;
                d.title = c.title;
                d.text = c.text;
                for (const auto& p : heritage::indexer::split_passages(d, analyzer))
                    units.push_back(p.text);
            } else {
                units.push_back(c.text);
            }
            for (const auto& u : units) {
                Xapian::Document doc;
                tg.set_document(doc);
                tg.index_text(c.title);
                tg.increase_termpos();
                tg.index_text(u);
                doc.add_value(0, c.id);
                db.add_document(doc);
            }
        }
        db.commit();
    }
    s.index_seconds = seconds_since(t0);
    s.index_bytes = folder_bytes(dir);
    Xapian::Database db(dir.string());
    Xapian::QueryParser qp;
    qp.set_stemmer(Xapian::Stem("norwegian"));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_database(db);
    for (const auto& q : questions) {
        auto t = Clock::now();
        Xapian::Query query;
        try {
            query = qp.parse_query(q.text);
        } catch (const Xapian::QueryParserError&) {
            query = qp.parse_query(q.text, 0);
        }
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        enquire.set_weighting_scheme(Xapian::BM25Weight());
        enquire.set_collapse_key(0);
        Xapian::MSet mset = enquire.get_mset(0, 10);
        std::vector<std::string> ranked;
        for (auto it = mset.begin(); it != mset.end(); ++it)
            ranked.push_back(it.get_document().get_value(0));
        s.ms.push_back(seconds_since(t) * 1000);
        s.ranks.push_back(rank_of(ranked, contexts[q.context].id));
    }
    return s;
}

// The whole search path (snippets, facets and all); `extra` gets the matching-only row.
Score rich(const fs::path& dir, const std::vector<Context>& contexts,
           const std::vector<Question>& questions, std::vector<Score>& extra) {
    Score s{"heritage-search (rich analysis)", {}, {}, 0, 0};
    auto t0 = Clock::now();
    {
        heritage::indexer::IndexWriter writer(dir.string());
        for (const auto& c : contexts) {
            heritage::indexer::Document d;
            d.id = c.id;
            d.title = c.title;
            d.text = c.text;
            d.lang = "nb";
            writer.add(d);
        }
        writer.commit();
    }
    s.index_seconds = seconds_since(t0);
    s.index_bytes = folder_bytes(dir);
    heritage::searcher::Searcher searcher(dir.string());
    // The same analysis and ranking without snippets, facets and result records: the cost of
    // the query widening itself, comparable with the plain rows.
    {
        Xapian::Database db(dir.string());
        heritage::indexer::Analyzer analyzer;
        heritage::searcher::QueryContext context{&db, nullptr};
        heritage::searcher::SpellingOnDemand spelling;  // one for all the questions
        context.spelling = &spelling;
        Score match{"heritage-search, matching only", {}, {}, s.index_seconds, s.index_bytes};
        for (const auto& q : questions) {
            auto t = Clock::now();
            auto parsed = heritage::searcher::parse_query(q.text, analyzer, {}, context);
            Xapian::Enquire enquire(db);
            enquire.set_query(parsed.query);
            enquire.set_weighting_scheme(Xapian::BM25Weight());
            enquire.set_collapse_key(heritage::indexer::slot::kDocId);
            Xapian::MSet mset = enquire.get_mset(0, 10);
            std::vector<std::string> ranked;
            for (auto it = mset.begin(); it != mset.end(); ++it)
                ranked.push_back(it.get_document().get_value(heritage::indexer::slot::kDocId));
            match.ms.push_back(seconds_since(t) * 1000);
            match.ranks.push_back(rank_of(ranked, contexts[q.context].id));
        }
        extra.push_back(std::move(match));
    }
    for (const auto& q : questions) {
        auto t = Clock::now();
        heritage::searcher::SearchRequest r;
        r.query = q.text;
        r.limit = 50;  // passages; ranked by context below
        auto response = searcher.search(r);
        std::vector<std::string> ranked;
        for (const auto& h : response.results) ranked.push_back(h.doc_id);
        s.ms.push_back(seconds_since(t) * 1000);
        s.ranks.push_back(rank_of(ranked, contexts[q.context].id));
    }
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    std::string path =
        argc > 1 ? argv[1]
                 : std::string(HERITAGE_SOURCE_DIR) + "/../shared/datasets/norquad/validation.json";
    std::size_t max_questions = argc > 2 ? std::stoul(argv[2]) : 0;
    try {
        std::ifstream in(path);
        if (!in) throw std::runtime_error("cannot read " + path);
        auto data = nlohmann::json::parse(in);
        std::vector<Context> contexts;
        std::vector<Question> questions;
        std::map<std::string, std::size_t> by_text;
        for (const auto& entry : data.at("data")) {
            for (const auto& para : entry.at("paragraphs")) {
                std::string context = para.at("context");
                auto [it, fresh] = by_text.emplace(context, contexts.size());
                if (fresh) {
                    // The first line is the title; the other lines are paragraphs.
                    auto nl = context.find('\n');
                    Context c;
                    c.id = "norquad-" + std::to_string(contexts.size());
                    c.title = context.substr(0, nl);
                    std::string body = nl == std::string::npos ? "" : context.substr(nl + 1);
                    for (std::size_t p = 0; (p = body.find('\n', p)) != std::string::npos; p += 2)
                        body.replace(p, 1, "\n\n");
                    c.text = body;
                    contexts.push_back(std::move(c));
                }
                for (const auto& qa : para.at("qas"))
                    questions.push_back({qa.at("question").get<std::string>(), it->second});
            }
        }
        if (max_questions && questions.size() > max_questions) questions.resize(max_questions);
        std::printf("NorQuAD %s: %zu contexts, %zu questions\n", path.c_str(), contexts.size(),
                    questions.size());

        fs::path tmp = fs::temp_directory_path() / ("norquad-bench-" + std::to_string(getpid()));
        fs::create_directories(tmp);
        std::vector<Score> scores;
        std::vector<Score> extra;
        scores.push_back(rich(tmp / "rich", contexts, questions, extra));
        for (auto& e : extra) scores.push_back(std::move(e));
        scores.push_back(plain("plain Xapian, same passages", tmp / "plain-passages", contexts,
                               questions, true));
        scores.push_back(plain("plain Xapian, whole contexts", tmp / "plain-contexts", contexts,
                               questions, false));
        for (const auto& s : scores) s.print();
        fs::remove_all(tmp);
        return 0;
    } catch (const Xapian::Error& e) {  // not a std::exception
        std::fprintf(stderr, "norquad-retrieval: %s\n", e.get_description().c_str());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "norquad-retrieval: %s\n", e.what());
        return 1;
    }
}
