// The reference for the scale benchmarks: the same work done by a plain Xapian program.
//
// index:  JSON Lines (id, text, ...) -> one Xapian document per non-empty line of `text`
//         (a paragraph), TermGenerator with one Snowball stemmer (positions on), the paragraph
//         stored as document data for MSet::snippet. Xapian's default flushing, one commit.
// search: each query through QueryParser (same stemmer, STEM_SOME, default OR), BM25, the top
//         10 with their data and MSet::snippet, serialised to JSON like a result list. Prints
//         the latency percentiles as one JSON line (bench/scale_stats.hpp).
// No ICU, no stop words, no facets: what a developer would write in an afternoon.
#include <xapian.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/scale_stats.hpp"

namespace {

int usage() {
    std::fprintf(stderr,
                 "usage: plain_xapian index --db DIR --stem LANGUAGE [FILE.jsonl | -]\n"
                 "       plain_xapian search --db DIR --stem LANGUAGE --queries FILE\n");
    return 2;
}

int run_index(const std::string& db_dir, const std::string& stem, const std::string& file) {
    std::ifstream in_file;
    if (file != "-") {
        in_file.open(file, std::ios::binary);
        if (!in_file) throw std::runtime_error("cannot read " + file);
    }
    std::istream& in = file == "-" ? std::cin : in_file;
    double t0 = heritage::bench::now_ms();
    Xapian::WritableDatabase db(db_dir, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem(stem));
    std::size_t records = 0, paragraphs = 0, bytes = 0;
    std::string line;
    while (std::getline(in, line)) {
        bytes += line.size() + 1;
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.contains("text") || !j["text"].is_string()) continue;
        ++records;
        const std::string& text = j["text"].get_ref<const std::string&>();
        std::size_t pos = 0;
        while (pos <= text.size()) {
            std::size_t nl = text.find('\n', pos);
            if (nl == std::string::npos) nl = text.size();
            std::string para = text.substr(pos, nl - pos);
            pos = nl + 1;
            if (para.find_first_not_of(" \t\r") == std::string::npos) continue;
            Xapian::Document doc;
            tg.set_document(doc);
            tg.index_text(para);
            doc.set_data(para);
            db.add_document(doc);
            ++paragraphs;
        }
    }
    db.commit();
    double seconds = (heritage::bench::now_ms() - t0) / 1000;
    std::printf("{\"records\":%zu,\"passages\":%zu,\"bytes\":%zu,\"seconds\":%.3f}\n", records,
                paragraphs, bytes, seconds);
    return 0;
}

int run_search(const std::string& db_dir, const std::string& stem, const std::string& queries) {
    Xapian::Database db(db_dir);
    Xapian::Stem stemmer(stem);
    Xapian::QueryParser qp;
    qp.set_stemmer(stemmer);
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_database(db);
    heritage::bench::Latencies lat;
    std::size_t bytes_out = 0;
    auto one = [&](const std::string& q) {
        Xapian::Query query;
        try {
            query = qp.parse_query(q);
        } catch (const Xapian::QueryParserError&) {
            query = qp.parse_query(q, 0);
        }
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        enquire.set_weighting_scheme(Xapian::BM25Weight());
        Xapian::MSet mset = enquire.get_mset(0, 10);
        nlohmann::json results = nlohmann::json::array();
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            std::string text = it.get_document().get_data();
            results.push_back({{"docid", *it},
                               {"score", it.get_weight()},
                               {"snippet", mset.snippet(text, 220, stemmer)},
                               {"text", text}});
        }
        nlohmann::json out = {{"total", mset.get_matches_estimated()}, {"results", results}};
        bytes_out += out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).size();
    };
    auto lines = heritage::bench::read_lines(queries);
    heritage::bench::warm_up(lines, one);
    for (const auto& q : lines) lat.time([&] { one(q); });
    heritage::bench::print_latencies("plain_search", lat);
    std::fprintf(stderr, "plain_xapian: %zu bytes of results\n", bytes_out);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    std::string mode = argv[1], db, stem, queries, file = "-";
    for (int i = 2; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
            return argv[++i];
        };
        if (a == "--db")
            db = value();
        else if (a == "--stem")
            stem = value();
        else if (a == "--queries")
            queries = value();
        else if (!a.empty() && a[0] == '-' && a != "-")
            return usage();
        else
            file = a;
    }
    if (db.empty() || stem.empty()) return usage();
    try {
        if (mode == "index") return run_index(db, stem, file);
        if (mode == "search" && !queries.empty()) return run_search(db, stem, queries);
        return usage();
    } catch (const Xapian::Error& e) {
        std::fprintf(stderr, "plain_xapian: %s\n", e.get_description().c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "plain_xapian: %s\n", e.what());
    }
    return 1;
}
