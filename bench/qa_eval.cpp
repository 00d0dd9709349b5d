// qa_eval: question-answering evaluation on a SQuAD-v1-format file, heritage-search against a
// plain Xapian baseline (TermGenerator + QueryParser + BM25, best MSet::snippet of the top hit).
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "indexer/indexer.hpp"
#include "indexer/stopwords.hpp"
#include "searcher/answer.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct Question {
    std::string id, text, doc_id;
    std::vector<std::string> golds;
};

struct Dataset {
    std::vector<heritage::indexer::Document> docs;
    std::vector<Question> questions;
};

Dataset load(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    json j = json::parse(in);
    Dataset d;
    std::map<std::string, std::string> id_of_context;
    for (const auto& article : j.at("data")) {
        std::string title = article.value("title", "");
        std::replace(title.begin(), title.end(), '_', ' ');
        for (const auto& p : article.at("paragraphs")) {
            std::string context = p.at("context").get<std::string>();
            auto [it, fresh] =
                id_of_context.emplace(context, "c" + std::to_string(id_of_context.size()));
            if (fresh) {
                heritage::indexer::Document doc;
                doc.id = it->second;
                doc.text = context;
                doc.title = title;
                // Articles without a title field (NorQuAD) carry it on their first line.
                std::size_t eol = context.find('\n');
                if (doc.title.empty() && eol != std::string::npos && eol <= 200)
                    doc.title = context.substr(0, eol);
                d.docs.push_back(std::move(doc));
            }
            for (const auto& qa : p.at("qas")) {
                Question q;
                q.id =
                    qa.at("id").is_string() ? qa.at("id").get<std::string>() : qa.at("id").dump();
                q.text = qa.at("question").get<std::string>();
                while (!q.text.empty() && std::isspace(static_cast<unsigned char>(q.text.back())))
                    q.text.pop_back();
                q.doc_id = it->second;
                for (const auto& a : qa.at("answers"))
                    q.golds.push_back(a.at("text").get<std::string>());
                if (!q.golds.empty()) d.questions.push_back(std::move(q));
            }
        }
    }
    return d;
}

// Case-folded, white space collapsed: for "is the gold answer inside this text".
std::string fold(const std::string& s) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
    u.foldCase();
    icu::UnicodeString out;
    bool space = false;
    for (int32_t i = 0; i < u.length();) {
        UChar32 c = u.char32At(i);
        i += U16_LENGTH(c);
        if (u_isUWhiteSpace(c)) {
            space = true;
            continue;
        }
        if (space && !out.isEmpty()) out.append(UChar32(' '));
        space = false;
        out.append(c);
    }
    std::string r;
    out.toUTF8String(r);
    return r;
}

bool contains_gold(const std::string& text, const std::vector<std::string>& golds) {
    std::string t = fold(text);
    for (const auto& g : golds)
        if (t.find(fold(g)) != std::string::npos) return true;
    return false;
}

// SQuAD v1.1's normalize_answer: lower case, no punctuation, no articles, single spaces.
std::vector<std::string> squad_tokens(const std::string& s) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
    u.toLower();
    std::string lower;
    u.toUTF8String(lower);
    static const std::string punct = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    std::string clean;
    for (char c : lower)
        if (punct.find(c) == std::string::npos) clean += c;
    std::vector<std::string> out;
    std::istringstream in(clean);
    for (std::string w; in >> w;)
        if (w != "a" && w != "an" && w != "the") out.push_back(w);
    return out;
}

double token_f1(const std::string& pred, const std::string& gold) {
    auto p = squad_tokens(pred), g = squad_tokens(gold);
    if (p.empty() || g.empty()) return p == g ? 1.0 : 0.0;
    std::map<std::string, int> counts;
    for (const auto& w : g) ++counts[w];
    int same = 0;
    for (const auto& w : p)
        if (counts[w]-- > 0) ++same;
    if (same == 0) return 0;
    double precision = static_cast<double>(same) / p.size(),
           recall = static_cast<double>(same) / g.size();
    return 2 * precision * recall / (precision + recall);
}

struct Scores {
    double p1 = 0, mrr = 0, in_passage = 0, short_ok = 0, em = 0, f1 = 0, answered = 0;
    std::vector<double> ms;
    std::size_t n = 0;

    // ranked: document ids of the results in order (repeats allowed).
    void add(const Question& q, const std::vector<std::string>& ranked, const std::string* text,
             const std::string* passage) {
        ++n;
        std::vector<std::string> seen;
        for (const auto& id : ranked)
            if (std::find(seen.begin(), seen.end(), id) == seen.end()) seen.push_back(id);
        for (std::size_t r = 0; r < seen.size() && r < 10; ++r) {
            if (seen[r] != q.doc_id) continue;
            if (r == 0) p1 += 1;
            mrr += 1.0 / static_cast<double>(r + 1);
            break;
        }
        if (!text) return;
        answered += 1;
        if (contains_gold(*passage, q.golds)) in_passage += 1;
        if (heritage::indexer::count_code_points(*text) <= 60 && contains_gold(*text, q.golds))
            short_ok += 1;
        double best_em = 0, best_f1 = 0;
        for (const auto& g : q.golds) {
            best_em = std::max(best_em, squad_tokens(*text) == squad_tokens(g) ? 1.0 : 0.0);
            best_f1 = std::max(best_f1, token_f1(*text, g));
        }
        em += best_em;
        this->f1 += best_f1;
    }

    double p50() {
        if (ms.empty()) return 0;
        std::sort(ms.begin(), ms.end());
        return ms[ms.size() / 2];
    }
};

double cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// The baseline's stop words are the project's, so both systems drop the same filler.
class ProjectStopper : public Xapian::Stopper {
  public:
    explicit ProjectStopper(std::string lang) : m_lang(std::move(lang)) {}
    bool operator()(const std::string& term) const override {
        return heritage::indexer::is_stop_word(term, m_lang);
    }

  private:
    std::string m_lang;
};

std::string majority_lang(const Dataset& d, heritage::indexer::Analyzer& analyzer) {
    std::map<std::string, int> votes;
    for (std::size_t i = 0; i < d.docs.size(); i += std::max<std::size_t>(1, d.docs.size() / 50))
        ++votes[analyzer.detect_lang(d.docs[i].text)];
    std::string best = "en";
    int most = 0;
    for (const auto& [lang, n] : votes)
        if (!lang.empty() && n > most) best = lang, most = n;
    return best;
}

// Indexes every context twice: as heritage-search documents (split into passages by the
// indexer) and as whole documents of the plain Xapian baseline (title and text).
void build_indexes(const Dataset& d, const fs::path& ours, const fs::path& base,
                   const Xapian::Stem& stemmer) {
    fs::remove_all(ours);
    fs::remove_all(base);
    fs::create_directories(ours.parent_path());
    auto t0 = Clock::now();
    heritage::indexer::IndexWriter writer(ours.string());
    std::size_t passages = 0;
    for (const auto& doc : d.docs) {
        std::size_t n = 0;
        writer.add(doc, &n);
        passages += n;
    }
    writer.commit();
    Xapian::WritableDatabase db(base.string(), Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    tg.set_stemmer(stemmer);
    for (const auto& doc : d.docs) {
        Xapian::Document xd;
        tg.set_document(xd);
        tg.index_text(doc.title);
        tg.increase_termpos();
        tg.index_text(doc.text);
        xd.add_boolean_term("Q" + doc.id);
        xd.set_data(doc.id + "\n" + doc.text);
        db.add_document(xd);
    }
    db.commit();
    std::fprintf(stderr, "indexed %zu contexts (%zu passages) in %.1f s\n", d.docs.size(), passages,
                 std::chrono::duration<double>(Clock::now() - t0).count());
}

// The baseline: BM25 over whole contexts; its answer is the top hit's best 200-byte snippet.
class Baseline {
  public:
    Baseline(const fs::path& db, const Xapian::Stem& stemmer, const std::string& lang)
        : m_db(db.string()), m_stemmer(stemmer), m_stopper(lang) {
        m_qp.set_database(m_db);
        m_qp.set_stemmer(m_stemmer);
        m_qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        m_qp.set_default_op(Xapian::Query::OP_OR);
        m_qp.set_stopper(&m_stopper);
    }

    // Ranked context ids; the snippet of the first (empty when nothing matched).
    std::pair<std::vector<std::string>, std::string> ask(const std::string& question) {
        Xapian::Query q;
        try {
            q = m_qp.parse_query(question);
        } catch (const Xapian::QueryParserError&) {
            q = m_qp.parse_query(question, 0);
        }
        Xapian::Enquire enquire(m_db);
        enquire.set_query(q);
        enquire.set_weighting_scheme(Xapian::BM25Weight());
        Xapian::MSet mset = enquire.get_mset(0, 10);
        std::vector<std::string> ranked;
        std::string snippet;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            std::string stored = it.get_document().get_data();
            std::size_t nl = stored.find('\n');
            ranked.push_back(stored.substr(0, nl));
            if (it == mset.begin())
                snippet = mset.snippet(
                    stored.substr(nl + 1), 200, m_stemmer,
                    Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE, "",
                    "", "");
        }
        return {ranked, snippet};
    }

  private:
    Xapian::Database m_db;
    Xapian::Stem m_stemmer;
    ProjectStopper m_stopper;
    Xapian::QueryParser m_qp;
};

// Share of answers whose passage holds a gold answer, below and at or above a confidence.
void print_calibration(std::vector<std::pair<double, bool>> given) {
    std::sort(given.begin(), given.end());
    auto share = [](auto a, auto b) {
        double ok = 0, count = 0;
        for (auto it = a; it != b; ++it) ok += it->second, ++count;
        return count ? ok / count : 0.0;
    };
    std::printf("answer-in-passage of answers with confidence below | at or above:\n");
    for (double level : {0.3, 0.4, 0.5, 0.6, 0.8}) {
        auto cut = std::lower_bound(given.begin(), given.end(), std::make_pair(level, false));
        std::printf("  %.1f: %.2f (%td answers) | %.2f (%td answers)\n", level,
                    share(given.begin(), cut), cut - given.begin(), share(cut, given.end()),
                    given.end() - cut);
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "Evaluate heritage-search question answering on a SQuAD-v1-format file, "
        "against a plain Xapian baseline in the same run.",
        "qa_eval"};
    std::string data, work, dump, trace, unanswerable, dump_unanswerable;
    std::size_t every = 1, first = 0;
    bool reuse = false, no_baseline = false;
    heritage::searcher::AskOptions options;
    app.add_option("data", data, "SQuAD v1 JSON file")->required()->check(CLI::ExistingFile);
    app.add_option("--work", work, "Folder for the two indexes (default: a temporary folder)");
    app.add_flag("--reuse", reuse, "Use the indexes already in --work instead of rebuilding them");
    app.add_option("--every", every, "Ask every Nth question only (quick tuning runs)");
    app.add_option("--first", first, "Start at question N (with --every: another sample)");
    app.add_flag("--no-baseline", no_baseline, "Do not run the baseline (quick tuning runs)");
    app.add_option("--unanswerable", unanswerable,
                   "Another SQuAD file: ask up to 500 of its questions, which this corpus cannot "
                   "answer, and report how often an answer is given anyway")
        ->check(CLI::ExistingFile);
    app.add_option("--dump", dump, "Write one JSON line per question here (error analysis)");
    app.add_option("--dump-unanswerable", dump_unanswerable,
                   "Write one JSON line per --unanswerable question answered anyway here");
    app.add_option("--trace", trace, "Write ask's sentence and candidate features here");
    auto* tuning = app.add_option_group("tuning", "AskOptions (defaults are the library's)");
    tuning->add_option("--passages", options.passages)->capture_default_str();
    tuning->add_option("--min-confidence", options.min_confidence)->capture_default_str();
    tuning->add_option("--more-passages", options.more_passages)->capture_default_str();
    tuning->add_option("--unsure-below", options.unsure_below)->capture_default_str();
    tuning->add_option("--context-sentences", options.context_sentences)->capture_default_str();
    tuning->add_option("--prior-weight", options.prior_weight)->capture_default_str();
    tuning->add_option("--names-weight", options.names_weight)->capture_default_str();
    tuning->add_option("--pair-weight", options.pair_weight)->capture_default_str();
    tuning->add_option("--passage-pair-weight", options.passage_pair_weight)->capture_default_str();
    tuning->add_option("--candidate-weight", options.candidate_weight)->capture_default_str();
    tuning->add_option("--type-weight", options.type_weight)->capture_default_str();
    tuning->add_option("--neighbour-credit", options.neighbour_credit)->capture_default_str();
    tuning->add_option("--title-credit", options.title_credit)->capture_default_str();
    tuning->add_option("--partial-credit", options.partial_credit)->capture_default_str();
    tuning->add_option("--related-credit", options.related_credit)->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    try {
        bool temporary = work.empty();
        if (temporary) {
            work = (fs::temp_directory_path() / ("qa_eval." + std::to_string(::getpid()))).string();
            reuse = false;
        }
        fs::path ours = fs::path(work) / "heritage", base = fs::path(work) / "baseline";
        Dataset d = load(data);
        heritage::indexer::Analyzer analyzer;
        std::string lang = majority_lang(d, analyzer);
        Xapian::Stem stemmer(heritage::indexer::stemmer_name(lang));
        std::fprintf(stderr, "%s: %zu contexts, %zu questions, language %s\n", data.c_str(),
                     d.docs.size(), d.questions.size(), lang.c_str());
        if (!reuse || !fs::exists(ours) || !fs::exists(base)) build_indexes(d, ours, base, stemmer);

        heritage::searcher::Searcher searcher(ours.string());
        Baseline baseline(base, stemmer, lang);
        std::ofstream dump_out, trace_out;
        if (!dump.empty()) dump_out.open(dump);
        if (!trace.empty()) {
            trace_out.open(trace);
            options.trace = &trace_out;
        }

        Scores ours_s, base_s;
        std::vector<double> search_ms;
        std::map<std::string, std::pair<int, int>> by_type;  // type -> (questions, short ok)
        std::vector<std::pair<double, bool>> confidences;    // (confidence, gold in passage)
        for (std::size_t i = first; i < d.questions.size(); i += std::max<std::size_t>(1, every)) {
            const Question& q = d.questions[i];
            heritage::searcher::SearchRequest req;
            req.query = q.text;
            req.limit = 10;
            if (options.trace) *options.trace << "Q\t" << q.id << '\n';
            // Cost with warm caches in CPU time of this thread (wall time is noisy on a shared
            // machine): one untimed search first, then search and ask timed.
            searcher.search(req);
            double c0 = cpu_ms();
            searcher.search(req);
            double c1 = cpu_ms();
            auto r = heritage::searcher::ask(searcher, req, options);
            search_ms.push_back(c1 - c0);
            ours_s.ms.push_back(cpu_ms() - c1);

            std::vector<std::string> ranked;
            for (const auto& h : r.results) ranked.push_back(h.doc_id);
            double short_before = ours_s.short_ok;
            ours_s.add(q, ranked, r.answer ? &r.answer->text : nullptr,
                       r.answer ? &r.answer->passage : nullptr);
            bool short_ok = ours_s.short_ok > short_before;
            if (r.answer)
                confidences.emplace_back(r.answer->confidence,
                                         contains_gold(r.answer->passage, q.golds));
            auto& t = by_type[std::string(heritage::searcher::type_name(r.expected))];
            ++t.first;
            t.second += short_ok;

            std::string snippet;
            if (!no_baseline) {
                double b0 = cpu_ms();
                auto [branked, bsnippet] = baseline.ask(q.text);
                base_s.ms.push_back(cpu_ms() - b0);
                snippet = bsnippet;
                base_s.add(q, branked, branked.empty() ? nullptr : &snippet,
                           branked.empty() ? nullptr : &snippet);
            }
            if (dump_out) {
                json line = {
                    {"id", q.id},
                    {"question", q.text},
                    {"golds", q.golds},
                    {"doc", q.doc_id},
                    {"type", std::string(heritage::searcher::type_name(r.expected))},
                    {"ranked", ranked},
                    {"answer", r.answer ? heritage::searcher::to_json(*r.answer) : json(nullptr)},
                    {"short_ok", short_ok},
                    {"baseline", snippet}};
                dump_out << line.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
            }
            if ((i + 1) % 1000 == 0) std::fprintf(stderr, "%zu/%zu\n", i + 1, d.questions.size());
        }
        options.trace = nullptr;

        double n = static_cast<double>(ours_s.n);
        auto row = [n](const char* name, double a, double b) {
            std::printf("| %-30s | %15.3f | %15.3f |\n", name, a / n, b / n);
        };
        std::printf("\n%s: %zu questions, %zu contexts\n\n", data.c_str(), ours_s.n, d.docs.size());
        std::printf("| %-30s | %15s | %15s |\n", "metric", "heritage-search", "xapian baseline");
        std::printf("|%s|%s|%s|\n", std::string(32, '-').c_str(), std::string(17, '-').c_str(),
                    std::string(17, '-').c_str());
        row("P@1 (right context)", ours_s.p1, base_s.p1);
        row("MRR@10 (right context)", ours_s.mrr, base_s.mrr);
        row("answer-in-passage@1", ours_s.in_passage, base_s.in_passage);
        row("short-answer accuracy", ours_s.short_ok, base_s.short_ok);
        row("exact match", ours_s.em, base_s.em);
        row("token F1", ours_s.f1, base_s.f1);
        row("answered (not abstained)", ours_s.answered, base_s.answered);
        std::printf("| %-30s | %15.2f | %15.2f |\n", "p50 CPU ms per question", ours_s.p50(),
                    base_s.p50());
        std::sort(search_ms.begin(), search_ms.end());
        std::printf("\np50 CPU ms: ask %.2f, search of the same question %.2f\n", ours_s.p50(),
                    search_ms.empty() ? 0 : search_ms[search_ms.size() / 2]);
        std::printf("short-answer accuracy by expected answer type:");
        for (const auto& [type, c] : by_type)
            std::printf(" %s %d/%d (%.2f)", type.c_str(), c.second, c.first,
                        static_cast<double>(c.second) / c.first);
        std::printf("\n");
        print_calibration(confidences);
        if (!unanswerable.empty()) {
            Dataset other = load(unanswerable);
            std::ofstream guesses;
            if (!dump_unanswerable.empty()) guesses.open(dump_unanswerable);
            // A text of one set may repeat another's (news items in NorQuAD do): an answer
            // whose passage holds the question's own gold answer was no guess.
            std::size_t asked = 0, answered = 0, holding_gold = 0;
            for (; asked < other.questions.size() && asked < 500; ++asked) {
                const Question& q = other.questions[asked];
                heritage::searcher::SearchRequest req;
                req.query = q.text;
                auto response = heritage::searcher::ask(searcher, req, options);
                if (!response.answer) continue;
                ++answered;
                bool holds = contains_gold(response.answer->passage, q.golds);
                holding_gold += holds;
                if (guesses)
                    guesses << json{{"question", q.text},
                                    {"golds", q.golds},
                                    {"holds_gold", holds},
                                    {"answer", heritage::searcher::to_json(*response.answer)}}
                                   .dump(-1, ' ', false, json::error_handler_t::replace)
                            << "\n";
            }
            std::printf(
                "questions of %s (not answerable here): %zu of %zu answered (%.2f); %zu of those "
                "answers hold the question's own gold answer\n",
                unanswerable.c_str(), answered, asked,
                asked ? static_cast<double>(answered) / asked : 0.0, holding_gold);
        }
        if (temporary) fs::remove_all(work);
        return 0;
    } catch (const Xapian::Error& e) {  // not a std::exception
        std::fprintf(stderr, "qa_eval: %s\n", e.get_description().c_str());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "qa_eval: %s\n", e.what());
        return 1;
    }
}
