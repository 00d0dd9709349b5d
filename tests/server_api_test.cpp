// The JSON API in-process: every endpoint, parameter and error, CORS, logging, the static page,
// and real responses checked against web/openapi.yaml.
#include <unistd.h>
#include <yaml.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "test_util.hpp"
#include "web/server.hpp"

namespace fs = std::filesystem;
using heritage::test::TempDir;
using nlohmann::json;

namespace {

// ---- Fixture index and an in-process server ----

// tests/fixtures/web indexed once per run: four documents in English and Bokmål, three dated.
const std::string& fixture_index() {
    static TempDir dir;
    static const std::string db = [] {
        std::ostringstream errors;
        auto report =
            heritage::test::index_into(dir / "index", {HERITAGE_FIXTURES "/web"}, &errors);
        REQUIRE(errors.str().empty());
        REQUIRE(report.documents() == 4);
        return dir / "index";
    }();
    return db;
}

heritage::web::ServerOptions options() {
    heritage::web::ServerOptions o;
    o.db = fixture_index();
    o.log_requests = false;
    o.threads = 2;
    return o;
}

struct Reply {
    int status = 0;
    json body;
    httplib::Headers headers;
    std::string raw;
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? "" : it->second;
    }
};

// Runs a web::Server on a free loopback port for the scope of a test, as cpp-httplib's own
// tests do: listen in a thread, stop and join on the way out.
class TestServer {
  public:
    explicit TestServer(heritage::web::ServerOptions o = options()) : m_server(std::move(o)) {
        m_port = m_server.bind_to_any_port();
        REQUIRE(m_port > 0);
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        m_server.wait_until_ready();
    }
    ~TestServer() {
        m_server.stop();
        m_thread.join();
    }

    // `target` is sent exactly as given (already percent-encoded).
    Reply request(const std::string& method, const std::string& target,
                  const httplib::Headers& headers = {}) {
        httplib::Client cli("127.0.0.1", m_port);
        cli.set_url_encode(false);
        httplib::Result r = method == "GET"       ? cli.Get(target.c_str(), headers)
                            : method == "OPTIONS" ? cli.Options(target.c_str(), headers)
                            : method == "POST" ? cli.Post(target.c_str(), headers, "", "text/plain")
                            : method == "PUT"  ? cli.Put(target.c_str(), headers, "", "text/plain")
                                               : cli.Delete(target.c_str(), headers);
        REQUIRE(r);
        Reply reply{r->status, json(), r->headers, r->body};
        if (r->get_header_value("Content-Type").rfind("application/json", 0) == 0)
            reply.body = json::parse(r->body);
        return reply;
    }
    Reply get(const std::string& target, const httplib::Headers& headers = {}) {
        return request("GET", target, headers);
    }

  private:
    heritage::web::Server m_server;
    int m_port = -1;
    std::thread m_thread;
};

std::string enc(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// Asserts an error reply: the status, the code, and the API's error shape.
void check_error(const Reply& r, int status, const std::string& code) {
    INFO(r.raw);
    CHECK(r.status == status);
    REQUIRE(r.body.is_object());
    REQUIRE(r.body.contains("error"));
    CHECK(r.body["error"]["code"] == code);
    CHECK(r.body["error"]["message"].is_string());
    CHECK(!r.body["error"]["message"].get<std::string>().empty());
    CHECK(r.body.size() == 1);
}

std::vector<std::string> doc_ids(const json& search) {
    std::vector<std::string> ids;
    for (const auto& h : search["results"]) ids.push_back(h["doc_id"]);
    return ids;
}

std::u32string to_u32(const std::string& s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        unsigned char c = s[i];
        int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        char32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
        for (int k = 1; k < n; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
        out += cp;
        i += n;
    }
    return out;
}

// ---- YAML (libyaml) to JSON, and a checker for the OpenAPI schema subset the spec uses ----

json yaml_node(yaml_document_t* doc, yaml_node_t* node) {
    switch (node->type) {
        case YAML_SCALAR_NODE: {
            std::string v(reinterpret_cast<char*>(node->data.scalar.value),
                          node->data.scalar.length);
            if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return v;
            static const std::regex integer(R"([-+]?[0-9]+)");
            static const std::regex real(R"([-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?)");
            if (v.empty() || v == "~" || v == "null") return nullptr;
            if (v == "true") return true;
            if (v == "false") return false;
            if (std::regex_match(v, integer)) return std::stoll(v);
            if (std::regex_match(v, real)) return std::stod(v);
            return v;
        }
        case YAML_SEQUENCE_NODE: {
            json a = json::array();
            for (auto* it = node->data.sequence.items.start; it < node->data.sequence.items.top;
                 ++it)
                a.push_back(yaml_node(doc, yaml_document_get_node(doc, *it)));
            return a;
        }
        case YAML_MAPPING_NODE: {
            json o = json::object();
            for (auto* p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; ++p) {
                json key = yaml_node(doc, yaml_document_get_node(doc, p->key));
                std::string k = key.is_string() ? key.get<std::string>() : key.dump();
                o[k] = yaml_node(doc, yaml_document_get_node(doc, p->value));
            }
            return o;
        }
        default:
            return nullptr;
    }
}

json load_yaml(const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "rb");
    REQUIRE(f);
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, f);
    yaml_document_t doc;
    bool loaded = yaml_parser_load(&parser, &doc);
    std::string problem = loaded ? ""
                                 : std::string(parser.problem ? parser.problem : "?") +
                                       " at line " + std::to_string(parser.problem_mark.line + 1);
    json out;
    if (loaded) {
        yaml_node_t* root = yaml_document_get_root_node(&doc);
        out = root ? yaml_node(&doc, root) : json();
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    std::fclose(f);
    INFO(problem);
    REQUIRE(loaded);
    return out;
}

// Validates values against OpenAPI 3.0 schemas. Objects with `properties` are closed unless
// they say `additionalProperties`, so a field the server sends but the spec does not describe
// is an error too. Keywords the checker does not know are errors, never silently ignored.
class SchemaChecker {
  public:
    explicit SchemaChecker(const json& spec) : m_spec(spec) {}

    std::vector<std::string> check(const json& schema, const json& value) {
        m_errors.clear();
        visit(schema, value, "$");
        return m_errors;
    }

    const json& resolve(const json& schema) const {
        if (!schema.contains("$ref")) return schema;
        std::string ref = schema["$ref"];
        json::json_pointer ptr(ref.substr(1));
        return m_spec.at(ptr);
    }

  private:
    void fail(const std::string& where, const std::string& what) {
        m_errors.push_back(where + ": " + what);
    }

    void visit(const json& schema_in, const json& v, const std::string& where) {
        const json& s = resolve(schema_in);
        static const std::set<std::string> known = {
            "type",      "nullable", "required", "properties",  "additionalProperties",
            "items",     "enum",     "minimum",  "maximum",     "minLength",
            "maxLength", "allOf",    "format",   "description", "example",
            "default"};
        for (const auto& [k, _] : s.items())
            if (!known.count(k)) fail(where, "schema keyword \"" + k + "\" is not understood");
        if (v.is_null()) {
            if (!s.value("nullable", false) && s.contains("type"))
                fail(where, "null is not allowed");
            return;
        }
        if (s.contains("allOf"))
            for (const auto& sub : s["allOf"]) visit(sub, v, where);
        if (s.contains("type")) {
            std::string t = s["type"];
            bool ok = t == "object"    ? v.is_object()
                      : t == "array"   ? v.is_array()
                      : t == "string"  ? v.is_string()
                      : t == "integer" ? v.is_number_integer()
                      : t == "number"  ? v.is_number()
                      : t == "boolean" ? v.is_boolean()
                                       : false;
            if (!ok) {
                fail(where, "expected " + t + ", got " + v.dump());
                return;
            }
        }
        if (s.contains("enum") &&
            std::find(s["enum"].begin(), s["enum"].end(), v) == s["enum"].end())
            fail(where, v.dump() + " is not one of " + s["enum"].dump());
        if (s.contains("minimum") && v.is_number() && v.get<double>() < s["minimum"].get<double>())
            fail(where, v.dump() + " is below " + s["minimum"].dump());
        if (s.contains("maximum") && v.is_number() && v.get<double>() > s["maximum"].get<double>())
            fail(where, v.dump() + " is above " + s["maximum"].dump());
        if (s.value("format", "") == "date-time" && v.is_string()) {
            static const std::regex dt(
                R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d))");
            if (!std::regex_match(v.get<std::string>(), dt))
                fail(where, v.dump() + " is not a date-time");
        }
        if (v.is_object()) {
            for (const auto& r : s.value("required", json::array()))
                if (!v.contains(r.get<std::string>()))
                    fail(where, "missing required field " + r.dump());
            const json props = s.value("properties", json::object());
            for (const auto& [k, item] : v.items()) {
                if (props.contains(k))
                    visit(props[k], item, where + "." + k);
                else if (s.contains("additionalProperties") &&
                         s["additionalProperties"].is_object())
                    visit(s["additionalProperties"], item, where + "." + k);
                else if (s.contains("properties") && !s.value("additionalProperties", false))
                    fail(where, "field \"" + k + "\" is not in the spec");
            }
        }
        if (v.is_array() && s.contains("items"))
            for (std::size_t i = 0; i < v.size(); ++i)
                visit(s["items"], v[i], where + "[" + std::to_string(i) + "]");
    }

    const json& m_spec;
    std::vector<std::string> m_errors;
};

const json& openapi() {
    static const json spec = load_yaml(HERITAGE_SOURCE_DIR "/web/openapi.yaml");
    return spec;
}

// Checks `reply` against the spec's response for `path` (as written in the spec) and status.
void check_against_spec(const std::string& path, const Reply& reply) {
    const json& op = openapi()["paths"][path]["get"];
    std::string status = std::to_string(reply.status);
    INFO(path << " " << status << " " << reply.raw.substr(0, 500));
    REQUIRE(op["responses"].contains(status));
    SchemaChecker checker(openapi());
    const json& response = checker.resolve(op["responses"][status]);
    const json& schema = response["content"]["application/json"]["schema"];
    auto errors = checker.check(schema, reply.body);
    for (const auto& e : errors) FAIL_CHECK(e);
}

bool route_missing(const Reply& r) {
    return r.status == 404 && r.body.is_object() && r.body["error"]["code"] == "not_found";
}

}  // namespace

TEST_CASE("health reports the index's size") {
    TestServer server;
    auto r = server.get("/api/health");
    REQUIRE(r.status == 200);
    CHECK(r.body["status"] == "ok");
    CHECK(r.body["documents"] == 4);
    check_against_spec("/api/health", r);
    check_error(server.get("/api/health?x=1"), 400, "unknown_parameter");
}

TEST_CASE("search answers with results, facets, timing and the contract's fields") {
    TestServer server;
    auto r = server.get("/api/search?q=" + enc("Røros"));
    REQUIRE(r.status == 200);
    check_against_spec("/api/search", r);
    CHECK(r.body["query"] == "Røros");
    CHECK(r.body["offset"] == 0);
    CHECK(r.body["did_you_mean"].is_null());
    CHECK(r.body["took_ms"].get<double>() >= 0);
    // Server-Timing names the three stages, which together take no longer than took_ms.
    {
        std::istringstream timing(r.header("Server-Timing"));
        std::vector<std::string> names;
        double sum = 0;
        std::string entry;
        while (std::getline(timing, entry, ',')) {
            auto semi = entry.find(";dur=");
            REQUIRE(semi != std::string::npos);
            auto name = entry.find_first_not_of(' ');
            names.push_back(entry.substr(name, semi - name));
            double dur = std::stod(entry.substr(semi + 5));
            CHECK(dur >= 0);
            sum += dur;
        }
        CHECK(names == std::vector<std::string>{"parse", "match", "results"});
        CHECK(sum <= r.body["took_ms"].get<double>() + 0.01);
    }
    const auto& results = r.body["results"];
    REQUIRE(results.size() >= 8);
    std::size_t total = r.body["total"];
    CHECK(total >= results.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
        CHECK(results[i]["rank"] == i + 1);
        // Passages found by their title alone have nothing to mark.
        if (results[i]["text"].get<std::string>().find("Røros") != std::string::npos)
            CHECK(results[i]["snippet"].get<std::string>().find("<mark>Røros</mark>") !=
                  std::string::npos);
    }
    // Facets count every match: each facet's counts add up to the total.
    for (const char* name : {"source", "lang", "doc"}) {
        std::size_t sum = 0;
        for (const auto& v : r.body["facets"][name]) sum += v["count"].get<std::size_t>();
        CHECK(sum == total);
    }
    // Document facet values carry the document's title.
    for (const auto& v : r.body["facets"]["doc"]) {
        auto doc = server.get("/api/doc/" + enc(v["value"]));
        REQUIRE(doc.status == 200);
        CHECK(v["label"] == doc.body["title"]);
    }
}

TEST_CASE("search honours every parameter") {
    TestServer server;
    const std::string base = "/api/search?q=" + enc("Røros");
    auto all = server.get(base + "&limit=100").body;
    std::size_t total = all["total"];
    REQUIRE(all["results"].size() == total);

    SECTION("limit and offset page through the same ranking") {
        auto first = server.get(base + "&limit=3").body;
        CHECK(first["results"].size() == 3);
        auto second = server.get(base + "&limit=3&offset=3").body;
        CHECK(second["offset"] == 3);
        REQUIRE(second["results"].size() == 3);
        for (int i = 0; i < 3; ++i) {
            CHECK(second["results"][i]["rank"] == i + 4);
            CHECK(second["results"][i]["passage"] == all["results"][i + 3]["passage"]);
            CHECK(second["results"][i]["doc_id"] == all["results"][i + 3]["doc_id"]);
        }
        auto none = server.get(base + "&limit=0").body;
        CHECK(none["results"].empty());
        CHECK(none["total"] == total);
        auto past = server.get(base + "&offset=" + std::to_string(total)).body;
        CHECK(past["results"].empty());
    }
    SECTION("lang") {
        auto nb = server.get(base + "&lang=nb&limit=100").body;
        REQUIRE(!nb["results"].empty());
        for (const auto& h : nb["results"]) CHECK(h["lang"] == "nb");
        auto en = server.get(base + "&lang=en&limit=100").body;
        CHECK(nb["total"].get<std::size_t>() + en["total"].get<std::size_t>() == total);
        auto no = server.get(base + "&lang=no&limit=100").body;  // "no" is Bokmål
        CHECK(no["total"] == nb["total"]);
    }
    SECTION("source, as a whole name in any case") {
        auto s = server.get(base + "&source=" + enc("written for THE tests") + "&limit=100").body;
        REQUIRE(!s["results"].empty());
        for (const auto& h : s["results"]) CHECK(h["source"] == "Written for the tests");
        CHECK(server.get(base + "&source=Written").body["total"] == 0);
    }
    SECTION("doc") {
        auto d = server.get(base + "&doc=" + enc("web/falkberget") + "&limit=100").body;
        REQUIRE(!d["results"].empty());
        for (const auto& id : doc_ids(d)) CHECK(id == "web/falkberget");
    }
    SECTION("year_from and year_to, inclusive, over dated documents only") {
        auto range = server.get(base + "&year_from=1650&year_to=1879&limit=100").body;
        auto ids = doc_ids(range);
        REQUIRE(!ids.empty());
        for (const auto& id : ids) CHECK((id == "web/roros-war-1679" || id == "web/falkberget"));
        CHECK(std::count(ids.begin(), ids.end(), "web/falkberget") > 0);
        auto from = doc_ids(server.get(base + "&year_from=1879&limit=100").body);
        REQUIRE(!from.empty());
        for (const auto& id : from) CHECK(id == "web/falkberget");
        auto to = doc_ids(server.get(base + "&year_to=1644&limit=100").body);
        REQUIRE(!to.empty());
        for (const auto& id : to) CHECK(id == "web/roros-kobberverk");
    }
    SECTION("explain is accepted and changes no ranking") {
        for (const char* v : {"1", "true", "0"}) {
            auto e = server.get(base + "&limit=100&explain=" + v);
            REQUIRE(e.status == 200);
            check_against_spec("/api/search", e);
            CHECK(doc_ids(e.body) == doc_ids(all));
            CHECK(e.body.contains("expansions") == (std::string(v) != "0"));
        }
    }
}

TEST_CASE("search rejects bad requests with the right code") {
    TestServer server;
    check_error(server.get("/api/search"), 400, "missing_query");
    check_error(server.get("/api/search?q="), 400, "empty_query");
    check_error(server.get("/api/search?q=%20%20"), 400, "empty_query");
    // Over HTTP the request line limit (8 KiB) answers before the query limit (32 KiB).
    check_error(server.get("/api/search?q=" + std::string(9000, 'a')), 414, "uri_too_long");
    CHECK(server.get("/api/search?q=" + std::string(8000, 'a')).status == 200);
    check_error(server.get("/api/search?q=%FF%FE"), 400, "invalid_utf8");
    check_error(server.get("/api/search?q=a%00b"), 400, "invalid_query");
    check_error(server.get("/api/search?q=a&limit=101"), 400, "bad_limit");
    check_error(server.get("/api/search?q=a&limit=-1"), 400, "bad_limit");
    check_error(server.get("/api/search?q=a&limit=ten"), 400, "bad_limit");
    check_error(server.get("/api/search?q=a&limit=99999999999"), 400, "bad_limit");
    check_error(server.get("/api/search?q=a&offset=10001"), 400, "bad_offset");
    check_error(server.get("/api/search?q=a&offset=-5"), 400, "bad_offset");
    check_error(server.get("/api/search?q=a&lang=xx"), 400, "bad_lang");
    check_error(server.get("/api/search?q=a&year_from=1900&year_to=1800"), 400, "bad_year");
    check_error(server.get("/api/search?q=a&year_from=old"), 400, "bad_year_from");
    check_error(server.get("/api/search?q=a&year_to=1.5"), 400, "bad_year_to");
    check_error(server.get("/api/search?q=a&limt=5"), 400, "unknown_parameter");
    check_error(server.get("/api/search?q=a&q=b"), 400, "repeated_parameter");
    check_error(server.get("/api/search?q=a&source=%FF"), 400, "invalid_utf8");
    auto r = server.get("/api/search?q=a&limit=101");
    check_against_spec("/api/search", r);
}

TEST_CASE("a document comes whole, with its metadata and passages") {
    TestServer server;
    SECTION("ids with a slash, sent raw or encoded") {
        auto raw = server.get("/api/doc/web/roros-kobberverk");
        auto encoded = server.get("/api/doc/web%2Froros-kobberverk");
        REQUIRE(raw.status == 200);
        REQUIRE(encoded.status == 200);
        CHECK(raw.body == encoded.body);
        check_against_spec("/api/doc/{id}", raw);
        const auto& d = raw.body;
        CHECK(d["id"] == "web/roros-kobberverk");
        CHECK(d["title"] == "Røros Kobberverk");
        CHECK(d["lang"] == "nb");
        CHECK(d["source"] == "Skrevet for testene");
        CHECK(d["date"] == "1644");
        CHECK(d["year"] == 1644);
        CHECK(!d.contains("origin"));  // a path on the server
        // Passages in order; each is the text between its offsets (code points), and its
        // section is the heading above it.
        auto text = to_u32(d["text"]);
        REQUIRE(d["passages"].size() == 4);
        for (std::size_t i = 0; i < d["passages"].size(); ++i) {
            const auto& p = d["passages"][i];
            CHECK(p["passage"] == i);
            std::size_t start = p["start"], end = p["end"];
            REQUIRE(end <= text.size());
            CHECK(to_u32(p["text"]) == text.substr(start, end - start));
        }
        CHECK(d["passages"][0]["section"] == "Røros Kobberverk");
        CHECK(d["passages"][1]["section"] == "Gruvene");
        CHECK(d["passages"][3]["section"] == "Smeltingen");
        // Search results point into the same passages.
        auto hit = server.get("/api/search?q=Storwartz").body["results"][0];
        CHECK(hit["doc_id"] == "web/roros-kobberverk");
        CHECK(hit["text"] == d["passages"][hit["passage"].get<int>()]["text"]);
    }
    SECTION("ids with reserved characters, metadata and no year") {
        auto r = server.get("/api/doc/" + enc("web/odd id ø?#%+&"));
        REQUIRE(r.status == 200);
        check_against_spec("/api/doc/{id}", r);
        CHECK(r.body["id"] == "web/odd id ø?#%+&");
        CHECK(r.body["url"] == "https://example.org/heritage/odd-id");
        CHECK(r.body["year"].is_null());
        CHECK(r.body["meta"]["collection"] == "test records");
    }
    SECTION("errors") {
        auto missing = server.get("/api/doc/web%2Fnothing");
        check_error(missing, 404, "doc_not_found");
        check_against_spec("/api/doc/{id}", missing);
        check_error(server.get("/api/doc/"), 404, "not_found");
        check_error(server.get("/api/doc/web%2Ffalkberget?full=1"), 400, "unknown_parameter");
        check_error(server.get("/api/doc/%FF"), 400, "invalid_utf8");
    }
}

TEST_CASE("suggest completes the last word from the index and finds titles") {
    TestServer server;
    SECTION("words that start with the typed prefix, most frequent first") {
        auto r = server.get("/api/suggest?q=" + enc("Røros smelt"));
        REQUIRE(r.status == 200);
        check_against_spec("/api/suggest", r);
        CHECK(r.body["query"] == "Røros smelt");
        const auto& c = r.body["completions"];
        REQUIRE(c.size() >= 3);
        Xapian::Database db(fixture_index());
        std::size_t last = SIZE_MAX;
        for (const auto& s : c) {
            std::string word = s["word"];
            CHECK(word.rfind("smelt", 0) == 0);
            CHECK(s["query"] == "Røros " + word);
            CHECK(s["count"] == db.get_termfreq(word));  // passages holding the word as written
            CHECK(s["count"].get<std::size_t>() <= last);
            last = s["count"];
        }
        CHECK(c[0]["word"] == "smeltehytta");
    }
    SECTION("limit") {
        CHECK(server.get("/api/suggest?q=s&limit=2").body["completions"].size() == 2);
        CHECK(server.get("/api/suggest?q=s&limit=20").body["completions"].size() > 2);
    }
    SECTION("folded forms when nothing is written so") {
        auto r = server.get("/api/suggest?q=ror").body;
        REQUIRE(!r["completions"].empty());
        CHECK(r["completions"][0]["word"] == "røros");
    }
    SECTION("titles holding the earlier words and the prefix") {
        auto r = server.get("/api/suggest?q=" + enc("johan falk")).body;
        REQUIRE(r["titles"].size() == 1);
        CHECK(r["titles"][0]["title"] == "Johan Falkberget");
        CHECK(r["titles"][0]["doc_id"] == "web/falkberget");
        CHECK(server.get("/api/suggest?q=" + enc("scanian j")).body["titles"].empty());
    }
    SECTION("nothing to complete after a space; nothing for unknown prefixes") {
        auto r = server.get("/api/suggest?q=" + enc("røros "));
        REQUIRE(r.status == 200);
        CHECK(r.body["completions"].empty());
        CHECK(server.get("/api/suggest?q=zzzq").body["completions"].empty());
        CHECK(server.get("/api/suggest?q=").body["completions"].empty());
    }
    SECTION("errors") {
        check_error(server.get("/api/suggest"), 400, "missing_query");
        check_error(server.get("/api/suggest?q=a&limit=0"), 400, "bad_limit");
        check_error(server.get("/api/suggest?q=a&limit=21"), 400, "bad_limit");
        check_error(server.get("/api/suggest?q=a&limit=x"), 400, "bad_limit");
        check_error(server.get("/api/suggest?q=" + std::string(9000, 'a')), 414, "uri_too_long");
        check_error(server.get("/api/suggest?q=%C3"), 400, "invalid_utf8");
        check_error(server.get("/api/suggest?q=a&lang=en"), 400, "unknown_parameter");
        check_error(server.get("/api/suggest?q=a&q=b"), 400, "repeated_parameter");
    }
}

TEST_CASE("stats describe the index") {
    TestServer server;
    auto r = server.get("/api/stats");
    REQUIRE(r.status == 200);
    check_against_spec("/api/stats", r);
    auto health = server.get("/api/health").body;
    CHECK(r.body["documents"] == health["documents"]);
    CHECK(r.body["passages"] == health["passages"]);
    std::size_t sum = 0;
    std::vector<std::string> langs;
    for (const auto& l : r.body["languages"]) {
        sum += l["count"].get<std::size_t>();
        langs.push_back(l["value"]);
    }
    CHECK(sum == r.body["passages"]);
    std::sort(langs.begin(), langs.end());
    CHECK(langs == std::vector<std::string>{"en", "nb"});
    CHECK(r.body["years"]["min"] == 1644);
    CHECK(r.body["years"]["max"] == 1879);
    // The fixture index was written during this run.
    CHECK(r.body["index_age_seconds"].get<long long>() < 3600);
    // Passages summed over every document's record agree with the count.
    std::size_t passages = 0;
    for (const char* id : {"web/roros-kobberverk", "web/roros-war-1679", "web/falkberget"})
        passages += server.get("/api/doc/" + enc(id)).body["passages"].size();
    passages += server.get("/api/doc/" + enc("web/odd id ø?#%+&")).body["passages"].size();
    CHECK(passages == r.body["passages"]);
    check_error(server.get("/api/stats?verbose=1"), 400, "unknown_parameter");
}

TEST_CASE("the API is read-only and unknown paths are JSON 404s") {
    TestServer server;
    for (const char* method : {"POST", "PUT", "DELETE"}) {
        auto r = server.request(method, "/api/search?q=a");
        check_error(r, 405, "method_not_allowed");
        CHECK(r.header("Allow") == "GET, HEAD, OPTIONS");
        check_against_spec("/api/search", r);
    }
    check_error(server.get("/api/nothing"), 404, "not_found");
}

TEST_CASE("CORS is off by default and answers preflights for allowed origins") {
    SECTION("off") {
        TestServer server;
        auto r = server.get("/api/health", {{"Origin", "https://a.example"}});
        CHECK(r.header("Access-Control-Allow-Origin").empty());
        auto pre = server.request("OPTIONS", "/api/search", {{"Origin", "https://a.example"}});
        CHECK(pre.status == 204);
        CHECK(pre.header("Access-Control-Allow-Origin").empty());
        CHECK(pre.header("Access-Control-Allow-Methods").empty());
    }
    SECTION("a list of origins") {
        auto o = options();
        o.cors_origin = "https://a.example, https://b.example";
        TestServer server(o);
        auto a = server.get("/api/health", {{"Origin", "https://b.example"}});
        CHECK(a.header("Access-Control-Allow-Origin") == "https://b.example");
        CHECK(a.header("Vary") == "Origin");
        auto other = server.get("/api/health", {{"Origin", "https://c.example"}});
        CHECK(other.header("Access-Control-Allow-Origin").empty());
        auto err = server.get("/api/search", {{"Origin", "https://a.example"}});
        CHECK(err.status == 400);
        CHECK(err.header("Access-Control-Allow-Origin") == "https://a.example");
        auto pre = server.request("OPTIONS", "/api/search?q=a",
                                  {{"Origin", "https://a.example"},
                                   {"Access-Control-Request-Method", "GET"},
                                   {"Access-Control-Request-Headers", "accept"}});
        CHECK(pre.status == 204);
        CHECK(pre.header("Access-Control-Allow-Origin") == "https://a.example");
        CHECK(pre.header("Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS");
        CHECK(pre.header("Access-Control-Allow-Headers") == "accept");
        CHECK(!pre.header("Access-Control-Max-Age").empty());
    }
    SECTION("any origin") {
        auto o = options();
        o.cors_origin = "*";
        TestServer server(o);
        auto r = server.get("/api/stats", {{"Origin", "https://x.example"}});
        CHECK(r.header("Access-Control-Allow-Origin") == "*");
        CHECK(r.header("Vary").empty());
    }
}

TEST_CASE("the page is served with the API, in UTF-8") {
    SECTION("from the web root") {
        TestServer server;
        auto page = server.get("/");
        REQUIRE(page.status == 200);
        CHECK(page.header("Content-Type") == "text/html; charset=utf-8");
        CHECK(page.raw.find("<main") != std::string::npos);
        CHECK(page.raw.find("role=\"search\"") != std::string::npos);
        for (const char* file : {"/app.js", "/style.css", "/favicon.svg"}) {
            auto r = server.get(file);
            CHECK(r.status == 200);
            CHECK(r.header("Content-Type").find("charset=utf-8") != std::string::npos);
            CHECK(r.header("X-Content-Type-Options") == "nosniff");
        }
        // No external resources: the page works offline.
        for (const char* file : {"/", "/app.js", "/style.css"}) {
            auto body = server.get(file).raw;
            CHECK(body.find("http://") == std::string::npos);
            CHECK(body.find("https://") == std::string::npos);
        }
        CHECK(server.get("/../CMakeLists.txt").status >= 400);
        CHECK(server.get("/%2e%2e/CMakeLists.txt").status >= 400);
    }
    SECTION("or not at all") {
        auto o = options();
        o.web_root = "";
        TestServer server(o);
        check_error(server.get("/"), 404, "not_found");
        CHECK(server.get("/api/health").status == 200);
    }
}

TEST_CASE("an index that cannot be opened is a 503, not a crash") {
    auto o = options();
    o.db = (fs::temp_directory_path() / "heritage-no-such-index").string();
    TestServer server(o);
    for (const char* path :
         {"/api/search?q=a", "/api/doc/x", "/api/suggest?q=a", "/api/stats", "/api/health"}) {
        auto r = server.get(path);
        check_error(r, 503, "index_unavailable");
    }
    check_against_spec("/api/stats", server.get("/api/stats"));
}

TEST_CASE("each request is logged with method, path, status and time") {
    TempDir dir;
    std::string log_path = dir / "log.txt";
    std::fflush(stderr);
    int saved = dup(2);
    FILE* log = std::fopen(log_path.c_str(), "w");
    REQUIRE(log);
    dup2(fileno(log), 2);
    {
        auto o = options();
        o.log_requests = true;
        TestServer server(o);
        server.get("/api/search?q=copper");
        server.get("/api/doc/web%2Fnothing");
    }  // stopped and joined: every line is written
    std::fflush(stderr);
    dup2(saved, 2);
    close(saved);
    std::fclose(log);
    std::ifstream in(log_path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    INFO(text);
    CHECK(std::regex_search(text, std::regex(R"(GET /api/search 200 \d+\.\d\dms)")));
    CHECK(std::regex_search(text, std::regex(R"(GET /api/doc/web/nothing 404 \d+\.\d\dms)")));
    CHECK(text.find("copper") == std::string::npos);  // queries stay out of the log
}

TEST_CASE("the OpenAPI description matches the server") {
    const json& spec = openapi();
    REQUIRE(spec["openapi"].get<std::string>().rfind("3.", 0) == 0);
    std::set<std::string> paths;
    for (const auto& [p, _] : spec["paths"].items()) paths.insert(p);
    CHECK(paths == std::set<std::string>{"/api/search", "/api/ask", "/api/doc/{id}", "/api/suggest",
                                         "/api/stats", "/api/health"});
    TestServer server;
    // Every operation answers its documented shape with the spec's own examples, and accepts
    // every parameter it documents; an undocumented parameter is refused.
    for (const auto& [path, item] : spec["paths"].items()) {
        const json& op = item["get"];
        std::string target = path, query;
        std::vector<std::pair<std::string, std::string>> optional;
        for (const auto& p : op.value("parameters", json::array())) {
            std::string example =
                p["example"].is_string() ? p["example"].get<std::string>() : p["example"].dump();
            if (p["in"] == "path") {
                target.replace(target.find("{" + p["name"].get<std::string>() + "}"),
                               p["name"].get<std::string>().size() + 2, example);
            } else if (p.value("required", false)) {
                query +=
                    (query.empty() ? "?" : "&") + p["name"].get<std::string>() + "=" + enc(example);
            } else {
                optional.emplace_back(p["name"], example);
            }
        }
        auto r = server.get(target + query);
        INFO(path << " " << r.raw.substr(0, 300));
        if (path == "/api/ask" && route_missing(r)) {
            WARN("/api/ask is not served by this build: its part of the spec is not checked");
            continue;
        }
        CHECK(r.status == 200);
        check_against_spec(path, r);
        for (const auto& [name, example] : optional) {
            std::string sep = query.empty() ? "?" : "&";
            auto with = server.get(target + query + sep + name + "=" + enc(example));
            INFO(name << "=" << example);
            CHECK(with.status == 200);
            check_against_spec(path, with);
        }
        std::string sep = query.empty() ? "?" : "&";
        auto unknown = server.get(target + query + sep + "undocumented=1");
        check_error(unknown, 400, "unknown_parameter");
        check_against_spec(path, unknown);
    }
}
