// Document records with their passages, and index statistics, read from the Xapian index.
#include "searcher/catalog.hpp"

#include <algorithm>
#include <ctime>

#include "indexer/analyzer.hpp"
#include "indexer/packed_values.hpp"

namespace heritage::searcher {

namespace prefix = indexer::prefix;
namespace slot = indexer::slot;

std::vector<PassageInfo> document_passages(Xapian::Database& db, const std::string& id) {
    std::vector<PassageInfo> out;
    const std::string term = std::string(prefix::kDoc) + id;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
        auto data =
            nlohmann::json::parse(indexer::passage_data(db.get_document(*it)), nullptr, false);
        if (data.is_discarded()) continue;
        PassageInfo p;
        p.passage = data.value("passage", 0);
        p.section = data.value("section", "");
        p.source = data.value("source", "");
        p.start = data.value("start", std::size_t{0});
        p.end = data.value("end", std::size_t{0});
        p.text = data.value("text", "");
        out.push_back(std::move(p));
    }
    std::sort(out.begin(), out.end(),
              [](const PassageInfo& a, const PassageInfo& b) { return a.passage < b.passage; });
    return out;
}

nlohmann::json document_json(Searcher& searcher, const std::string& id) {
    nlohmann::json rec = searcher.document(id);
    if (rec.is_null()) return rec;
    nlohmann::json doc = {{"id", rec.value("id", id)},
                          {"title", rec.value("title", "")},
                          {"lang", rec.value("lang", "")},
                          {"source", rec.value("source", "")},
                          {"url", rec.value("url", "")},
                          {"date", rec.value("date", "")},
                          {"year", rec.contains("year") ? rec["year"] : nlohmann::json(nullptr)},
                          {"access", rec.value("access", "")},
                          {"meta", rec.value("meta", nlohmann::json::object())},
                          {"text", rec.value("text", "")}};
    nlohmann::json passages = nlohmann::json::array();
    for (const auto& p : document_passages(searcher.database(), id))
        passages.push_back({{"passage", p.passage},
                            {"section", p.section},
                            {"source", p.source},
                            {"start", p.start},
                            {"end", p.end},
                            {"text", p.text}});
    doc["passages"] = std::move(passages);
    return doc;
}

Xapian::doccount record_count(const Xapian::Database& db) {
    return db.get_termfreq(std::string(prefix::kKind) + "d");
}

Xapian::doccount passage_count(const Xapian::Database& db) {
    return db.get_doccount() - record_count(db);
}

IndexStats index_stats(Xapian::Database& db) {
    IndexStats s;
    s.documents = record_count(db);
    s.passages = passage_count(db);
    const std::string lang_prefix(prefix::kLang);
    for (auto it = db.allterms_begin(lang_prefix); it != db.allterms_end(lang_prefix); ++it)
        s.languages.push_back({(*it).substr(lang_prefix.size()), it.get_termfreq(), {}});
    std::stable_sort(s.languages.begin(), s.languages.end(),
                     [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
    std::string lo = db.get_value_lower_bound(slot::kYear);
    std::string hi = db.get_value_upper_bound(slot::kYear);
    if (!lo.empty() && !hi.empty()) {
        s.year_min = static_cast<int>(Xapian::sortable_unserialise(lo));
        s.year_max = static_cast<int>(Xapian::sortable_unserialise(hi));
    }
    std::string at = db.get_metadata("heritage:indexed_at");
    if (!at.empty()) {
        try {
            s.indexed_at = std::stoll(at);
        } catch (const std::exception&) {
            // A foreign or damaged value: the index age is simply unknown.
        }
    }
    return s;
}

nlohmann::json to_json(const IndexStats& s, long long now) {
    nlohmann::json langs = nlohmann::json::array();
    for (const auto& l : s.languages) langs.push_back({{"value", l.value}, {"count", l.count}});
    nlohmann::json j = {{"documents", s.documents}, {"passages", s.passages}, {"languages", langs}};
    j["years"] = s.year_min ? nlohmann::json{{"min", *s.year_min}, {"max", *s.year_max}}
                            : nlohmann::json(nullptr);
    if (s.indexed_at) {
        std::time_t t = static_cast<std::time_t>(*s.indexed_at);
        std::tm tm{};
        gmtime_r(&t, &tm);
        char buf[32];
        std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
        j["indexed_at"] = buf;
        j["index_age_seconds"] = std::max(0LL, now - *s.indexed_at);
    } else {
        j["indexed_at"] = nullptr;
        j["index_age_seconds"] = nullptr;
    }
    return j;
}

}  // namespace heritage::searcher
