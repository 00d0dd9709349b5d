// Question answering over the bundled corpus and a Norwegian fixture: answers, abstentions,
// offsets, the JSON shape, the /api/ask route and heritage-search --ask.
#include "searcher/answer.hpp"

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>
#include <thread>

#include "indexer/indexer.hpp"
#include "web/server.hpp"

namespace fs = std::filesystem;
using heritage::searcher::AnswerType;
using nlohmann::json;

namespace {

// The corpus and tests/fixtures/qa, indexed once into a temporary folder for all tests.
class QaIndex {
  public:
    QaIndex() {
        m_dir = fs::temp_directory_path() / ("answer_test." + std::to_string(::getpid()));
        fs::remove_all(m_dir);
        heritage::indexer::IndexWriter writer(m_dir.string());
        std::ostringstream errors;
        auto report = heritage::indexer::index_paths(
            writer, {HERITAGE_SOURCE_DIR "/corpus", HERITAGE_FIXTURES "/qa"}, errors);
        if (report.skipped) throw std::runtime_error("indexing failed: " + errors.str());
    }
    ~QaIndex() {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    std::string path() const { return m_dir.string(); }

  private:
    fs::path m_dir;
};

const QaIndex& qa_index() {
    static QaIndex index;
    return index;
}

heritage::searcher::Searcher& searcher() {
    static heritage::searcher::Searcher s(qa_index().path());
    return s;
}

heritage::searcher::AskResponse ask(const std::string& question) {
    heritage::searcher::SearchRequest request;
    request.query = question;
    return heritage::searcher::ask(searcher(), request);
}

std::size_t code_points(const std::string& s) { return heritage::indexer::count_code_points(s); }

// The characters [start, end) of a document's text.
std::string document_slice(const std::string& doc_id, std::size_t start, std::size_t end) {
    json record = searcher().document(doc_id);
    std::string text = record.at("text").get<std::string>();
    std::size_t a = heritage::indexer::byte_offset(text, start);
    std::size_t b = heritage::indexer::byte_offset(text, end);
    return text.substr(a, b - a);
}

// A small index of Markdown texts of a test's own, in a temporary folder, removed after it.
class OwnIndex {
  public:
    explicit OwnIndex(const std::string& name)
        : m_dir(fs::temp_directory_path() / (name + "." + std::to_string(::getpid()))) {
        fs::remove_all(m_dir);
        fs::create_directories(m_dir / "in");
    }
    ~OwnIndex() {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    void add(const std::string& id, const std::string& title, const std::string& lang,
             const std::string& body) {
        std::FILE* f = std::fopen((m_dir / "in" / (id + ".md")).c_str(), "w");
        REQUIRE(f);
        std::fprintf(f, "---\nid: %s\ntitle: %s\nlang: %s\n---\n\n%s\n", id.c_str(), title.c_str(),
                     lang.c_str(), body.c_str());
        std::fclose(f);
    }
    // REQUIRES: every text added. Indexes them (once) and searches the index.
    heritage::searcher::Searcher& searcher() {
        if (!m_searcher) {
            heritage::indexer::IndexWriter writer((m_dir / "db").string());
            std::ostringstream errors;
            auto report = heritage::indexer::index_paths(writer, {(m_dir / "in").string()}, errors);
            REQUIRE(report.skipped == 0);
            writer.commit();
            m_searcher = std::make_unique<heritage::searcher::Searcher>((m_dir / "db").string());
        }
        return *m_searcher;
    }

  private:
    fs::path m_dir;
    std::unique_ptr<heritage::searcher::Searcher> m_searcher;
};

struct Expected {
    const char* question;
    const char* answer;  // must be inside answer.text
};

// Questions of our own about the bundled corpus (corpus/, English and Norwegian) and
// tests/fixtures/qa.
const Expected kQuestions[] = {
    {"When was Bergstadens Ziir built?", "1784"},
    {"Who was director of Røros Copperworks?", "Peder Hiort"},
    // The search corrects "Coperworks" to "copperworks": the reader takes the correction.
    {"Who was director of Roros Coperworks?", "Peder Hiort"},
    {"When was Røros placed on the World Heritage List?", "1980"},
    {"What is the church known as?", "mountain cathedral"},
    {"What is the mining town of Røros sometimes called?", "Bergstaden"},
    {"How many farms are there in Vingelen?", "30"},
    {"How many buildings in Vingelen are from before 1900?", "800"},
    {"Are the houses in Røros made of wood or stone?", "wooden"},
    {"When was the first copper ore extracted in Røros?", "1646"},
    {"When was copper ore melted at Smelthytta?", "1953"},
    {"What did Smelthytta become when the copperworks were shut down?", "museum"},
    // "this was where the copper ore was melted": what comes before the question's own verb in
    // the passive, not the phrase after "Smelthytta … was".
    {"What was melted at Smelthytta?", "copper ore"},
    {"Hva ble smeltet i Smelthytta?", "kobbermalmen"},
    // "sammen med «sølvbyen» Kongsberg": the name after the quoted epithet, which the
    // thesaurus relates to it, not the place "i Norge".
    {"Hvilken by er sølvbyen?", "Kongsberg"},
    {"What town is the silver-town?", "Kongsberg"},
    {"How far below the surface does the Olavsgruva Mine tour go?", "50 metres"},
    {"When did Peder Hiort live?", "1715"},
    {"When was the small church at Engan built?", "1765"},
    {"In which county is Røros?", "Sør-Trøndelag"},
    // The Bokmål text fills the first results: the English one is read too.
    {"Where is Røros?", "Sør-Trøndelag"},
    // The corpus never says "located": the word asks nothing of it.
    {"Where is Røros located?", "Sør-Trøndelag"},
    // "In the midst of the Røros region, lies the town of Røros": the area named after it.
    {"Where does Røros lie?", "Røros region"},
    {"Hvor ligger Røros?", "i Røros-regionen"},
    // "The melting hut, “Smelthytta”, at Malmplassen": the quoted name set beside a phrase.
    {"What is Smelthytta?", "The melting hut"},
    {"Where is Smelthytta?", "Malmplassen"},
    // "Bodø (lulesamisk: Bådåddjo; pitesamisk: Buvdda; nordsamisk: Budejju)": the thesaurus
    // gives Budejju as a name of Bodø, which says what "Bådø" does not.
    {"Hva kalles Bådø på nordsamisk?", "Budejju"},
    // A plural question for words of a class: the list of them.
    {"Which animals enjoy the summer in the mountains of Vingelen?",
     "The cattle and sheep, as well as chickens and horses"},
    {"Hvilke dyr nyter sommeren på fjellet i Vingelen?",
     "Kyr og sauer, så vel som høner og hester"},
    // A question for one of a kind is not answered by the region.
    {"Which town held winter markets as often as Tolga?", "Tynset"},
    {"How many families are active with reindeer husbandry?", "20"},
    {"How many wooden houses does Røros have?", "80"},
    {"What are the two churches in the town?", "Røros Chapel"},
    {"Who considers Bergstadens Ziir one of the ten most important churches in Norway?",
     "Directorate of Cultural Heritage"},
    {"Where did Peder Hiort have his country retreat?", "Engan"},
    {"How many years of mining history does a tour of the Olavsgruva Mine cover?", "300"},
    {"Når ble Bergstadens Ziir bygget?", "1784"},
    // "bygd" is a form of "bygge" too, not only a rural community.
    {"Når ble kirka bygd?", "1784"},
    {"Hvor mange gårder er det i Vingelen?", "30"},
    {"Hvem var direktør for Røros Kobberverk?", "Peder Hiort"},
    {"Hva kalles kirken også?", "Fjellkatedralen"},
    {"Hvor mange mennesker har kirken plass til?", "1600"},
    {"Når ble Røros oppført på UNESCOs verdensarvliste?", "1980"},
    {"Hvor lenge drev Røros Kobberverk gruvedrift?", "333 år"},
    {"I hvilken kommune ligger Vingelen?", "Tolga"},
    {"Hvor mange bygninger fra før 1900 finnes i Vingelen?", "800"},
    {"Når ble det funnet kobbermalm på fjellet?", "1644"},
    {"Hva anla Peder Hiort på Engan?", "barokkhage"},
    // "In 1802 he finished the map" after "Jens Hjelm came … in 1797": "he" holds the name.
    {"When did Jens Hjelm finish the map?", "1802"},
    // "At his country retreat at Engan, he planted …": "he" is the sentence before's name.
    {"Who built the small church at Engan?", "Peder Hiort"},
    {"Hvem anla en barokkhage på Engan?", "Peder Hiort"},
    {"Hvem drev museet på Fjell festning?", "Museum Vest"},
    {"Hvorfor gikk Blaafarveværket konkurs?", "på grunn av konkurranse"},
    {"Hvilke to kirker står i Røros?", "Røros kirke og Røros kapell"},
    // "eid av Tolga kommune": "eid" and "eier" are forms of "eie" to the dictionary, not to
    // the stemmer.
    {"Hvem eier setrene over Vingelen?", "Tolga kommune"},
    // "Det andre kartet over Nordgruvene ble tegnet … i 1768" holds more of the question's
    // words, but of another map.
    {"Når ble det første kartet over Nordgruvene tegnet?", "1722"},
    {"Når ble det andre kartet over Nordgruvene tegnet?", "1768"},
};

// Nothing in the corpus answers these.
const char* const kUnanswerable[] = {
    "Who was the first man on the Moon?",
    "Hva er hovedstaden i Australia?",
    "When did the Titanic sink?",
    "Hvem vant fotball-VM i 2018?",
    "What is the boiling point of water?",
    "Hvor mange innbyggere har Bergen?",
    // The corpus gives no material for these: a name or a measure is no answer.
    "What is the chimney of the smelting hut built of?",
    "Hva er Smelthytta bygget av?",
    // "When the copperworks were shut down, it became a museum": no time is named.
    "When were the copperworks shut down?",
    // "VAR" is no "var" ("was"): without it, "står" alone found an answer.
    "Hva står VAR for?",
    // Nothing spells "UNESCO": "around courtyards" was answered (0.53).
    "What does UNESCO stand for?",
    // "Fra gruvene kom det kobber …": Snowball stems "komet" to "kom".
    "Hva er en komet?",
};

}  // namespace

TEST_CASE("question types are read from English and Norwegian questions") {
    heritage::indexer::Analyzer analyzer;
    using heritage::searcher::Unit;
    auto classify = [&](const std::string& q) {
        return heritage::searcher::classify_question(analyzer.tokenize(q), analyzer);
    };
    auto type_of = [&](const std::string& q) { return classify(q).type; };
    CHECK(type_of("When was Bergstadens Ziir built?") == AnswerType::date);
    CHECK(type_of("Når ble kirken bygget?") == AnswerType::date);
    CHECK(type_of("In which year was the church built?") == AnswerType::date);
    CHECK(type_of("Hvilket år ble kirken bygget?") == AnswerType::date);
    CHECK(type_of("How many farms are there?") == AnswerType::number);
    CHECK(type_of("Hvor mange gårder er det i Vingelen?") == AnswerType::number);
    CHECK(type_of("Who was director of Røros Copperworks?") == AnswerType::person);
    CHECK(type_of("Hvem var direktør?") == AnswerType::person);
    CHECK(type_of("Where is Røros?") == AnswerType::place);
    CHECK(type_of("Hvor ligger Røros?") == AnswerType::place);
    CHECK(type_of("In which county is Røros?") == AnswerType::place);
    CHECK(type_of("How deep is the mine?") == AnswerType::measure);
    CHECK(type_of("Hvor lang er elva?") == AnswerType::measure);
    CHECK(type_of("What is Bergstaden?") == AnswerType::thing);
    CHECK(type_of("Hva er Bergstaden?") == AnswerType::thing);
    CHECK(type_of("Why did the mining stop?") == AnswerType::reason);
    CHECK(type_of("Hvorfor stengte gruva?") == AnswerType::reason);
    CHECK(type_of("Røros copper") == AnswerType::any);
    // The focus noun after the words qualifying it.
    CHECK(type_of("Which Carolina Panthers player was named MVP?") == AnswerType::person);
    CHECK(type_of("Hvilken norsk by har flest innbyggere?") == AnswerType::place);
    // People named by their office or craft; not "design" for "designer" (one stem).
    CHECK(type_of("Which British monarch appears above the entrance?") == AnswerType::person);
    CHECK(type_of("Which sculptor made the statue?") == AnswerType::person);
    CHECK(type_of("What design was the motor?") == AnswerType::thing);
    // A Norwegian compound focus noun asks for what its last part does; a last part of three
    // letters or less does not count ("by" also ends "hobby").
    CHECK(type_of("Hvilken gruveleir lå nærmest byen?") == AnswerType::place);
    CHECK(type_of("Hvilken fotballspiller ble kåret?") == AnswerType::person);
    CHECK(type_of("Hvilket bergverksselskap eide gruva?") == AnswerType::name);
    CHECK(type_of("Hvilken hobby hadde direktøren?") == AnswerType::thing);
    // A hyphenated word before a noun qualifies it; one before a verb is the noun.
    CHECK(type_of("What present-day company owns the hut?") == AnswerType::name);
    CHECK(type_of("Hvilken Ap-politiker har reist?") == AnswerType::person);
    CHECK(type_of("Which court decided the case?") == AnswerType::name);
    CHECK(type_of("Hvilken domstol avgjorde saken?") == AnswerType::name);
    CHECK(type_of("In which case did the court rule on mining rights?") == AnswerType::name);
    // Some nouns ask for an amount.
    CHECK(type_of("What was the final score of the match?") == AnswerType::number);
    CHECK(type_of("What is the last name of the miner who found the ore?") == AnswerType::name);

    auto info = classify("How deep is the mine?");
    CHECK(info.unit == Unit::length);
    CHECK(classify("Which Roman numeral did the fair use?").numerals);
    // "Bygget av" asks for a material in a what-question, for a builder in a who-question.
    CHECK(classify("Hva ble kirken bygget av?").class_only);
    CHECK_FALSE(classify("Hvem ble kirken bygget av?").class_only);
    info = classify("What is Bergstaden?");
    CHECK(info.definition);
    CHECK(info.passive_verb.empty());
    // A verb in the passive after "what" and its auxiliary; not a noun or an adjective.
    CHECK(classify("What was melted at Smelthytta?").passive_verb == "melted");
    CHECK(classify("What was built in 1784?").passive_verb == "built");
    CHECK(classify("Hva ble smeltet i Smelthytta?").passive_verb == "smeltet");
    CHECK(classify("What is a hermaphrodite?").passive_verb.empty());
    CHECK(classify("What is unique about a hermaphrodite?").passive_verb.empty());
    CHECK(classify("Hva var navnet på kirken?").passive_verb.empty());
    info = classify("What is the church known as?");
    CHECK(info.naming);
    CHECK_FALSE(info.plural);
    info = classify("What are the two churches in the town?");
    CHECK(info.plural);
    CHECK(info.focus == "churches");
    // A percentage is an amount of a share: answers with a percent sign are preferred.
    for (const char* q : {"What percentage of the people worked in the mine?",
                          "Hvor mange prosent av folket jobbet i gruva?"}) {
        INFO(q);
        info = classify(q);
        CHECK(info.type == AnswerType::number);
        CHECK(info.unit == Unit::share);
    }
    // A choice question offers options: its answer is one of them.
    info = classify("Were the experiments high-voltage or low-voltage?");
    CHECK(info.options ==
          std::vector<std::vector<std::string>>{{"high", "voltage"}, {"low", "voltage"}});
    info = classify("Was the testing a failure or a success?");
    CHECK(info.options == std::vector<std::vector<std::string>>{{"failure"}, {"success"}});
    // "or" joining clauses offers no options.
    info = classify("Would they stay the same, or would they vary?");
    CHECK(info.options.empty());
    // "How many" and a noun counts; with a unit, it measures; "per" or "density" asks for a
    // rate; "born" and "died" ask for the start and end of a life.
    CHECK(classify("How many slag carts did the hut have?").unit == Unit::count);
    CHECK(classify("Hvor mange innbyggere har Røros?").unit == Unit::count);
    CHECK(classify("What is the population of Røros?").unit == Unit::count);
    CHECK(classify("How many miles long is the road?").unit == Unit::length);
    CHECK(classify("How many kgs of ore were melted?").unit == Unit::weight);
    CHECK(classify("How many people live there per square kilometre?").rate);
    CHECK(classify("Hva er befolkningstettheten på Røros?").rate);
    CHECK_FALSE(classify("How many people live in Røros?").rate);
    CHECK(classify("When was Peder Hiort born?").life == 1);
    CHECK(classify("Når døde Peder Hiort?").life == -1);
    CHECK(classify("When did Peder Hiort live?").life == 0);
    CHECK(classify("Hva betyr Bergstaden?").naming);
    CHECK(classify("What is Røros famous for?").trailing_prep == "for");
    CHECK(!classify("What is Røros famous for?").definition);
    CHECK(classify("What is Røros?").definition);
    auto deep = classify("How deep is the mine?").dimension;
    CHECK(std::find(deep.begin(), deep.end(), "below") != deep.end());
    // An age: answered in years, but by "54 years old" or "at age 54".
    for (const char* q : {"How old was the smelter master?", "At what age did he die?",
                          "Hvor gammel var gruvemesteren?", "I hvilken alder døde han?"}) {
        INFO(q);
        info = classify(q);
        CHECK(info.type == AnswerType::measure);
        CHECK(info.unit == Unit::age);
    }
}

TEST_CASE("questions of our own are answered with the expected span, sentence and offsets") {
    for (const auto& e : kQuestions) {
        INFO(e.question);
        auto r = ask(e.question);
        REQUIRE(r.answer);
        const auto& a = *r.answer;
        CHECK(a.text.find(e.answer) != std::string::npos);
        CHECK(code_points(a.text) <= 60);
        CHECK(a.passage.find(a.text) != std::string::npos);
        CHECK(code_points(a.passage) <= heritage::searcher::kMaxAnswerPassage);
        CHECK(a.end - a.start == code_points(a.text));
        CHECK(document_slice(a.doc_id, a.start, a.end) == a.text);
        CHECK(!a.title.empty());
        CHECK(!a.source.empty());
        CHECK(a.confidence >= 0.25);
        CHECK(a.confidence <= 1.0);
        CHECK(!r.results.empty());
    }
}

TEST_CASE("the reader matches the synonyms the search used: a Norwegian question, English text") {
    // "gårder" is in no English passage; the thesaurus's "farms" is, and the sentence holding
    // it must count as holding the question's word.
    heritage::searcher::SearchRequest request;
    request.query = "Hvor mange gårder er det i Vingelen?";
    request.lang = "en";
    auto r = heritage::searcher::ask(searcher(), request);
    REQUIRE(r.answer);
    CHECK(r.answer->doc_id == "roros/vingelen");
    CHECK(r.answer->text.find("30") != std::string::npos);
    CHECK(r.answer->passage.find("30 old farms") != std::string::npos);
}

TEST_CASE("an English question asked of Bokmål passages only is answered from them") {
    // Ask reads passages in the question's language too, but not against the request's filter.
    heritage::searcher::SearchRequest request;
    request.query = "Where is Røros?";
    request.lang = "nb";
    auto r = heritage::searcher::ask(searcher(), request);
    REQUIRE(!r.results.empty());
    for (const auto& h : r.results) CHECK(h.lang == "nb");
    REQUIRE(r.answer);
    CHECK(std::any_of(r.results.begin(), r.results.end(),
                      [&r](const auto& h) { return h.doc_id == r.answer->doc_id; }));
}

TEST_CASE("a passage is the answer's sentence and as much of a long neighbour as fits") {
    // Two sentences of 183 and 150 characters: the answer's sentence is shown whole, the
    // neighbour cut at a word to fill the room, on the side the answer's sentence chose.
    const std::string first =
        "One of the most multi-faceted local historical figures was no doubt Peder Hiort "
        "(1715-1789), church builder and theologian, historian and not the least, director of "
        "Røros Copperworks.";
    const std::string second = "At his country retreat at Engan, he planted a barouqe garden";
    for (const char* question :
         {"Who was director of Røros Copperworks?", "When was the small church at Engan built?"}) {
        INFO(question);
        auto r = ask(question);
        REQUIRE(r.answer);
        const std::string& p = r.answer->passage;
        CHECK(code_points(p) <= heritage::searcher::kMaxAnswerPassage);
        CHECK(code_points(p) > heritage::searcher::kMaxAnswerPassage - 20);
        CHECK(p.find(second) != std::string::npos);
        CHECK(p.find("director of Røros Copperworks.") != std::string::npos);
        CHECK(p.find(' ') != 0);
        CHECK(p.back() != ' ');
    }
    CHECK(ask("Who was director of Røros Copperworks?").answer->passage.starts_with(first));
    CHECK(ask("When was the small church at Engan built?")
              .answer->passage.ends_with("and a small church built in 1765."));
}

TEST_CASE("a passage whose sentence opens with a pronoun shows the sentence it refers to") {
    // Neither neighbour holds a question word; "It" speaks of the house the one before names.
    auto r = ask("When was the assay office built?");
    REQUIRE(r.answer);
    CHECK(r.answer->text == "1781");
    CHECK(r.answer->passage ==
          "Beside the river stood a small grey house of the copperworks. It was the assay office, "
          "built in 1781.");
}

TEST_CASE("a why-question's passage shows the sentence a \"therefore\" sentence follows from") {
    // The sentence holding the question's words says what followed ("Derfor …", "As a
    // result, …"); the reason is the sentence before it.
    struct Case {
        const char* question;
        const char* doc_id;
        const char* reason;
    };
    for (const Case& c : {
             Case{"Hvorfor ble driften i Nordgruvene stanset?", "qa/roros-no-nordgruvene",
                  "Malmen i Nordgruvene lå dypt"},
             Case{"Why were the ore carts replaced by sledges?", "qa/roros-en-winter-road",
                  "Deep snow closed the mountain track"},
         }) {
        CAPTURE(c.question);
        auto r = ask(c.question);
        REQUIRE(r.answer);
        CHECK(r.answer->doc_id == c.doc_id);
        CHECK(r.answer->passage.find(c.reason) != std::string::npos);
    }
}

TEST_CASE("a sentence too long to show whole is cut where it holds the question's words") {
    // 374 characters: "… the parish finally agreed in 1791, when … to pay for the great bell of the
    // church of the smelters, which was cast in Trondheim." Centred on "1791", the passage would
    // end before "which was cast".
    auto r = ask("When was the great bell of the church of the smelters cast?");
    REQUIRE(r.answer);
    CHECK(r.answer->doc_id == "qa/roros-en-roads");
    CHECK(r.answer->text == "1791");
    CHECK(code_points(r.answer->passage) <= heritage::searcher::kMaxAnswerPassage);
    CHECK(r.answer->passage.find("the great bell of the church of the smelters, which was cast") !=
          std::string::npos);
}

TEST_CASE("a question is answered from text in its own language where the corpus has both") {
    // corpus/roros and corpus/roros-nb hold the same texts in English and Bokmål; of the
    // fixtures, qa/roros-en-* are English and qa/roros-no* Bokmål.
    auto english = [](const std::string& doc) {
        return doc.starts_with("roros/") || doc.starts_with("qa/roros-en");
    };
    const std::pair<const char*, bool> cases[] = {
        {"When was Peder Hiort born?", true},
        {"When did Peder Hiort die?", true},
        {"Hva kan man besøke i halmballehuset?", false},
        {"Hvor langt inn i fjellet går omvisningen?", false},
        // Only a Bokmål text says where Vingelen lies ("i Tolga kommune"), and only one is
        // about Bodø (the English text about Røros names a county too).
        {"Where is Vingelen?", false},
        {"Which county is Bodø in?", false},
    };
    for (const auto& [question, in_english] : cases) {
        INFO(question);
        auto r = ask(question);
        REQUIRE(r.answer);
        CHECK(english(r.answer->doc_id) == in_english);
    }
}

TEST_CASE("answers start and end where their phrase does") {
    struct Case {
        const char* question;
        const char* doc_id;
        const char* answer;  // answer.text exactly
    };
    const Case cases[] = {
        // What an abbreviation stands for: the words its letters begin.
        {"Hva står NTNU for?", "qa/roros-no-slagg",
         "Norges teknisk-naturvitenskapelige universitet"},
        {"What does RHT stand for?", "qa/roros-en-trail", "the Røros Heritage Trail"},
        // "Ola Nilsen Bakken (født 1801 …, død 1872), var en kjent felespiller": what he was,
        // after his years in brackets and a comma.
        {"Hvem var Ola Nilsen Bakken?", "qa/roros-no-bakken",
         "en kjent felespiller fra bergstaden"},
        // Not "with slag heaps ...": the span has no function word at its edge.
        {"What is a quarter of the mining town filled with?", "qa/roros-en-smelting",
         "slag heaps and small timber cottages"},
        // A percentage is asked for, and "2,400" is nearer the question's words.
        {"What percentage of the people in the town worked for the copperworks?",
         "qa/roros-en-smelting", "60%"},
        // Not "2 hours": a measure in two units.
        {"How long does a guided tour of the smelting hut take?", "qa/roros-en-smelting",
         "2 hours and 30 minutes"},
        // Not "12": a time written with a colon.
        {"How much time did the winning team need in the miners' relay race?",
         "qa/roros-en-smelting", "12:45"},
        // Not "3 days and 5 hours": "how old" asks for an age, and "was 54" states one.
        {"How old was the smelter master when the hut burned?", "qa/roros-en-smelting", "54"},
        // Not "54 år": an age takes in "gammel".
        {"Hvor gammel var gruvemesteren da gruva stengte?", "qa/roros-no-gruva", "54 år gammel"},
        // Not "Røros Copper Company": English names take in "the" before them.
        {"Who ran the smelting hut?", "qa/roros-en-smelting", "the Røros Copper Company"},
        // Not "October 1986": a range of months, shown with the "between" that opens it.
        {"When was the smelting hut rebuilt?", "qa/roros-en-smelting",
         "between May and October 1986"},
        // Not "Southern Sami": a bracket after a sentence's first word says it is a name.
        {"What is the nearest city with a cathedral?", "qa/roros-en-smelting", "Trondheim"},
        // A choice question is answered by the option its sentence holds.
        {"Was the new smelting hut built of wood or stone?", "qa/roros-en-smelting", "stone"},
        {"Ble den nye gruvestua bygget av tømmer eller stein?", "qa/roros-no-gruva", "tømmer"},
        // Not "c1690 from Trondheim": a year with "circa" joined to it is a date.
        {"To which year is the oldest silver chalice dated?", "qa/roros-en-smelting", "c1690"},
        // Not "i Storwartz": the tokenizer splits at the hyphen.
        {"Hvor ble den første gruva åpnet?", "qa/roros-no-gruva", "i Storwartz-feltet"},
        // Not "4–6": the tokenizer drops the degree sign but keeps "C"; the preposition shows.
        {"Hvilken temperatur har gruva om vinteren?", "qa/roros-no-gruva", "på 4–6 °C"},
        // Not "mer enn 330 år": a Norwegian measure is shown with its preposition.
        {"Hvor lenge var kobberverket i drift?", "qa/roros-no-gruva", "i mer enn 330 år"},
        // Not "3 måneders": a bracketed number after a name is the person's age.
        {"Hvor gammel er gruvesjefen?", "qa/roros-no-gruva", "61"},
        // Not "3": "måneders" (the genitive) is a unit of time too.
        {"Hvor lenge hadde gruvesjefen permisjon?", "qa/roros-no-gruva", "3 måneders"},
        // Not "ved Røros": the lower-case noun ends the name.
        {"Hvor ble gruvearbeiderne gravlagt?", "qa/roros-no-gruva", "ved Røros kirke"},
        // Not "lørdag 19": the weekday, the day and the month.
        {"Når åpner museet igjen?", "qa/roros-no-museet", "lørdag 19. oktober"},
        // Not "Kobberets vei": a span that is a whole quotation keeps its quotation marks.
        {"Hva heter den faste utstillingen i museet?", "qa/roros-no-museet", "«Kobberets vei»"},
        // Not "29. juli": a year before 1000 has three digits.
        {"Når ble den første kirken i dalen vigslet?", "qa/roros-no-museet", "29. juli 985"},
        // Not "av 1980-tallet": the time phrase "av" closes.
        {"Når ble Smelthytta bygget opp igjen?", "qa/roros-no-museet", "på slutten av 1980-tallet"},
        // Not "Peder Hiort": the name after "painted by", past the description of the person.
        {"Who painted the first map of the mining field?", "qa/roros-en-smelting",
         "Anders Nilsson"},
        {"Hvem tegnet kartet over gruvefeltet?", "qa/roros-no-gruva", "Anders Nilsson"},
        // Not "Johnson": "&" joins the parts of a name.
        {"Who cast the bell?", "qa/roros-en-smelting", "Johnson & Sons"},
        // Not "J.E": the full stop after initials ends no sentence.
        {"Who founded the miners' choir?", "qa/roros-en-smelting", "J.E. Berg"},
        // Not "450 tonnes": a range of amounts is one answer.
        {"How much charcoal did the furnace burn each winter?", "qa/roros-en-smelting",
         "between 300 and 450 tonnes"},
        // Not "kobber": "hvilke" asks for more than one, and a list answers it.
        {"Hvilke metaller kom fra gruvene til smeltehyttene?", "qa/roros-no-gruva",
         "kobber, svovelkis og sink"},
        // Not "Rørosmuseets": a genitive name and the noun it owns.
        {"Hvem driver Smelthytta i dag?", "qa/roros-no-museet", "Rørosmuseets stiftelse"},
        // Not "36000": an amount of money is shown with its currency.
        {"Hvor mye kostet gruvestua i kroner?", "qa/roros-no-gruva", "36000 kroner"},
        // Not "en vond rygg": the preposition that ends the question starts the answer.
        {"Hva slet den siste smeltemesteren med?", "qa/roros-no-museet", "med en vond rygg"},
        // A time of day and a time elapsed answer "når" (there was no answer before).
        {"Når kolliderte malmvognene?", "qa/roros-no-gruva", "I 11.30-tiden"},
        {"Når scoret gruvelaget sitt andre mål?", "qa/roros-no-gruva", "etter 33 minutters spill"},
        // Not "42 metres" nor "20. juni": a measure with its conversion, a range of days.
        {"How high is the chimney of the hut in feet?", "qa/roros-en-smelting",
         "42 metres (138 feet)"},
        {"Når holder museet sommeråpent?", "qa/roros-no-museet", "mellom 20. juni og 15. august"},
        // Not "41.5 °C": a minus sign is part of the amount.
        {"What is the coldest temperature measured at the hut?", "qa/roros-en-smelting",
         "−41.5 °C"},
        // Not "3. februar 1888": "den" before a day belongs to the date.
        {"Når startet brannen i malmlageret?", "qa/roros-no-museet", "den 3. februar 1888"},
        // Not "til mars 1919": the end of a range is not when the strike was.
        {"I hvilket år startet streiken ved verket?", "qa/roros-no-museet",
         "fra november 1918 til mars 1919"},
        // Not "of 1935 ended 4": a score is a number, and "4–2" is one.
        {"What was the score of the bandy final?", "qa/roros-en-smelting", "4–2"},
        // Not "In 1937": "present-day" qualifies "company", which asks for a name.
        {"What present-day company bought the sales office of the copperworks?",
         "qa/roros-en-smelting", "Røros Metall"},
        // Not "24 August": a range of days across a dash, with its year.
        {"When was the St. Olav's Day fair at the smelting hut held?", "qa/roros-en-smelting",
         "24 August – 3 October 1790"},
        // A colour question is answered by a colour, not the phrase around it.
        {"What color were the doors of the smelting hut painted?", "qa/roros-en-smelting", "red"},
        {"Hvilken farge ble dørene på gruvestua malt i?", "qa/roros-no-gruva", "grønne"},
        // Not "Røros Award": a name ending in "Award" names no person.
        {"Who sang the anthem?", "qa/roros-en-smelting", "Anna Moen"},
        // Not "XX": Roman numerals alone end a name; no numeral is asked for.
        {"Who was replaced by Dahl at Bergfest XXIV?", "qa/roros-en-smelting", "The foreman Moen"},
        // "Built of" asks for a material.
        {"What were the cottages of the miners built of?", "qa/roros-en-smelting", "timber"},
        {"Hva ble den nye gruvestua bygget av?", "qa/roros-no-gruva", "av tømmer"},
        // A position question is answered by a position, however near the question's words
        // the rest of the sentence is.
        {"What position did Ola Haugen play in the bandy final?", "qa/roros-en-smelting",
         "goalkeeper"},
        {"Hvilken posisjon spilte Ola Haugen i bandyfinalen?", "qa/roros-no-gruva", "keeper"},
        // A sentence's first word is a name where the dictionary knows it only as one.
        {"Which country bought most of the copper from the smelting hut?", "qa/roros-en-smelting",
         "Sweden"},
        {"Hvilket land kjøpte det meste av kobberet fra smeltehytta?", "qa/roros-no-museet",
         "Sverige"},
        // Not "in 1977": a why-question is answered by the reason clause, hedge included.
        {"Why did the copperworks go bankrupt?", "qa/roros-en-smelting",
         "partly because the copper price had fallen"},
        // Not "300 metres long" nor "300": a count is no length, and words around an amount
        // do not answer "how many" where the sentence has one that fits.
        {"How many slag carts moved on the track of the hut?", "qa/roros-en-smelting", "14"},
        // Not "35": inhabitants per square kilometre are a density.
        {"How many inhabitants did the parish of the smelting hut count in 1801?",
         "qa/roros-en-smelting", "412 souls"},
        // Not "50 metres": "into the mountain" says which distance is asked for.
        {"How far into the mountain does the mine tour go?", "roros/olavsgruva-mine", "500 metres"},
        // Not "about 80" (wooden houses) nor "2,720" (per square mile): the noun asked about
        // is matched in the sentence, and a slash makes a density.
        {"What is the population of Røros?", "roros/about-roros", "3,640"},
        {"What is the population density of Røros?", "roros/about-roros", "1,049"},
        // Not "1715-1789" nor a chunk of the Bokmål translation: "who was" and a name asks
        // what the one named was, which the words set beside the name by commas say; and an
        // English question is answered from English text where both answer alike.
        {"Who was Peder Hiort?", "roros/hiort-engan-studiogalleri",
         "church builder and theologian"},
        {"Hvem var Peder Hiort?", "qa/roros-no", "direktør for Røros Kobberverk"},
        // Typed in lower case, the same: words the dictionaries know only as names, or not at
        // all, are the name.
        {"who was peder hiort", "roros/hiort-engan-studiogalleri", "church builder and theologian"},
        {"hvem var peder hiort", "qa/roros-no", "direktør for Røros Kobberverk"},
        // Not "30 gamle": around an amount, the words that qualify what it counts are no
        // answer (and "garder" finds "gårder").
        {"Hvor mange garder er det i Vingelen?", "roros-nb/vingelen", "30"},
        // Not "Pump": a piece of a name that runs into the question's name.
        {"Which of Knutsen's inventions was used in deep mine development?", "qa/roros-en-smelting",
         "the Knutsen Pump"},
        // Not "The town" (of "The town is famous for …"): a question ending in a preposition
        // asks for no definition but for what follows that word and preposition.
        {"What is Røros famous for?", "roros/history-and-culture",
         "its high concentration of artists and craftsmen"},
        // Not "3,640": a unit after a hyphen makes a measure.
        {"How big is the town of Røros?", "roros/about-roros", "3.47-square-kilometre"},
        // The synonym of the word asked about answers what it means.
        {"Hva betyr Bergstaden?", "roros-nb/om-roros", "«gruvebyen»"},
        // Not "ganger Bergstaden": an adverb between the naming word and the name.
        {"Hva kalles Røros noen ganger?", "roros-nb/om-roros", "Bergstaden"},
        // Not "1715–1789": in brackets after a name, a range of years is a life.
        {"When did Peder Hiort die?", "roros/hiort-engan-studiogalleri", "1789"},
        {"Når ble Peder Hiort født?", "qa/roros-no", "1715"},
        // Not "in the region" of "When the mining started, there was already a settlement in
        // the region": a clause opened by "when" names a time, it gives none.
        {"When did the mining start in Røros?", "roros/history-and-culture", "1646"},
        // Unless it holds one.
        {"When did the old ore crusher stop?", "qa/roros-en-smelting", "1888"},
        // Not "built" (of "The church, which is called “Bergstadens Ziir”, was built") nor
        // "The church, which is called": what a naming word gives the question's name to.
        {"What is Bergstadens Ziir?", "roros/bergstadens-ziir", "The church"},
        // The corpus's "Kirken, som kalles «Bergstadens Ziir», ble bygget …" and the fixture's
        // "Bergstadens Ziir er kirken i Røros" score within 0.2% of each other (ask's trace:
        // 1.7525 and 1.7506; the fixture's was 1.7529 before index format 7 dropped stop
        // words' stems). Either answers; the span is the church, without "som kalles".
        {"Hva er Bergstadens Ziir?", "roros-nb/bergstadens-ziir", "Kirken"},
        // Not "the remains of which may still be enjoyed" (of "a small church built after his
        // own drawings"): "to" after the question's verb gives the purpose.
        {"Why was the church built?", "roros/bergstadens-ziir",
         "“to the glory of God and to adorn the town”"},
        // Not "1715-1789" of the sentence naming "Peder Hiort" in full (asked of the bundled
        // corpus alone, word pairs that count a name's two words gave that answer).
        {"What did Peder Hiort plant at Engan?", "roros/hiort-engan-studiogalleri",
         "a barouqe garden"},
        // A when-question is answered by a time where the best sentence names none:
        // "Gruvesjefen bekrefter at smeden Ola Rise skal gå av som formann i gruvelaget. Rise
        // slutter 15. august.": the first holds every question word, and no time.
        {"Når skal smeden Ola Rise gå av som formann i gruvelaget?", "qa/roros-no-gruva",
         "15. august"},
        // A sure answer stands in for a better-placed one too unsure to give: "The silver chain
        // of office of the mayor was made by a goldsmith …" holds more of the question's words,
        // no weight, and not "Røros"; "The Røros mayor's chain weighs 2 kilograms." answers.
        {"How heavy is the silver chain of office of the mayor of Røros?", "qa/roros-en-town-hall",
         "2 kilograms"},
    };
    for (const auto& c : cases) {
        INFO(c.question);
        auto r = ask(c.question);
        REQUIRE(r.answer);
        CHECK(r.answer->doc_id == c.doc_id);
        CHECK(r.answer->text == c.answer);
    }
}

TEST_CASE("a sentence holding the question's words in its order outranks one scattering them") {
    // Both sentences hold "stone", "bridge", "river" and "built", and "built in 1812" sits
    // closer to a question word; only the first says "stone bridge over the river ... built".
    auto r = ask("When was the stone bridge over the river built?");
    REQUIRE(r.answer);
    CHECK(r.answer->doc_id == "qa/roros-en-smelting");
    CHECK(r.answer->text == "1795");
}

TEST_CASE("a passage saying the question's words in its order lends weight to its sentences") {
    // "The road to the old smelter opened in 1712, and copper from it went to Trondheim" holds
    // every word of the question in one sentence, "The copper road opened in 1698" does not,
    // but its passage says "the old copper road to Trondheim".
    auto r = ask("When did the old copper road to Trondheim open?");
    REQUIRE(r.answer);
    CHECK(r.answer->doc_id == "qa/roros-en-roads");
    CHECK(r.answer->text == "1698");
}

TEST_CASE("a name made only of the question's own words is no answer") {
    // "Most Valuable Miner" holds nothing but question words (and "Most", a function word).
    auto r = ask("Who was the Most Valuable Miner of the relay race in 1900?");
    REQUIRE(r.answer);
    CHECK(r.answer->doc_id == "qa/roros-en-smelting");
    CHECK(r.answer->text.find("Most Valuable Miner") == std::string::npos);
    CHECK(r.answer->passage.find("John Steadfast") != std::string::npos);
}

TEST_CASE("a name holding the question's own name is mostly the question's subject") {
    // "Gruvesjef Per Hansen sier at han savner å jobbe sammen med smeden Ola Berg."
    auto r = ask("Hvem savner gruvesjef Hansen?");
    REQUIRE(r.answer);
    CHECK(r.answer->doc_id == "qa/roros-no-gruva");
    CHECK(r.answer->text.find("Hansen") == std::string::npos);
    CHECK(r.answer->text.find("Ola Berg") != std::string::npos);
}

TEST_CASE("a phrase cut short by a question word names nothing the question asks about") {
    // "The melting hut, “Smelthytta”": "hut" is not what was melted; the quoted name answers
    // only "What is Smelthytta?".
    auto r = ask("What was melted at Smelthytta?");
    REQUIRE(r.answer);
    CHECK(r.answer->doc_id == "roros/smelthytta");
    CHECK(r.answer->text != "hut");
}

TEST_CASE("a sentence that opens by saying what the question's words are defines them") {
    // "Skråstoller er bratte." also says what (a kind of) "stoll" is, in a shorter sentence.
    auto r = ask("Hva er en stoll?");
    REQUIRE(r.answer);
    CHECK(r.answer->doc_id == "qa/roros-no-stoller");
    CHECK(r.answer->text.starts_with("en vannrett gang"));
}

TEST_CASE("an English month is written capitalised: \"may\" of \"visitors may\" is no date") {
    auto r = ask("When can visitors see the tools of the miners?");
    if (r.answer) CHECK(r.answer->text != "may");
    r = ask("When did the copperworks close?");
    if (r.answer) CHECK(r.answer->text != "may");
}

TEST_CASE("questions nothing in the corpus answers get no answer") {
    for (const char* q : kUnanswerable) {
        INFO(q);
        CHECK_FALSE(ask(q).answer);
    }
    CHECK_FALSE(ask("").answer);
    CHECK_FALSE(ask("??? !!!").answer);
    CHECK_FALSE(ask("when who where").answer);
}

TEST_CASE("ask validates requests as search does and pages its results") {
    heritage::searcher::SearchRequest request;
    request.query = "When was Bergstadens Ziir built?";
    request.limit = 2;
    auto r = heritage::searcher::ask(searcher(), request);
    REQUIRE(r.answer);
    CHECK(r.results.size() <= 2);
    if (!r.results.empty()) CHECK(r.results.front().rank == 1);
    request.offset = 1;
    auto paged = heritage::searcher::ask(searcher(), request);
    if (!paged.results.empty()) CHECK(paged.results.front().rank == 2);

    request.limit = 1000;
    CHECK_THROWS_AS(heritage::searcher::ask(searcher(), request), heritage::searcher::BadRequest);
    request.limit = 10;
    request.offset = 0;
    request.query = std::string("\xff\xfe", 2);
    CHECK_THROWS_AS(heritage::searcher::ask(searcher(), request), heritage::searcher::BadRequest);
    request.query = "Når ble Bergstadens Ziir bygget?";
    request.lang = "xx";
    CHECK_THROWS_AS(heritage::searcher::ask(searcher(), request), heritage::searcher::BadRequest);
}

TEST_CASE("the JSON shape of an ask response is the contract's") {
    auto r = ask("When was Bergstadens Ziir built?");
    json j = heritage::searcher::to_json(r);
    CHECK(j.at("question") == "When was Bergstadens Ziir built?");
    const json& a = j.at("answer");
    for (const char* key : {"text", "passage", "doc_id", "title", "section", "source", "url"})
        CHECK(a.at(key).is_string());
    CHECK(a.at("start").is_number_integer());
    CHECK(a.at("end").is_number_integer());
    CHECK(a.at("confidence").is_number_float());
    CHECK(a.size() == 10);
    CHECK(a.at("text") == "1784");
    REQUIRE(j.at("results").is_array());
    REQUIRE(!j.at("results").empty());
    CHECK(j.at("results").at(0) == heritage::searcher::to_json(r.results.front()));

    CHECK(heritage::searcher::to_json(ask("Who was the first man on the Moon?"))
              .at("answer")
              .is_null());
}

TEST_CASE("GET /api/ask answers, abstains and rejects bad parameters") {
    heritage::web::ServerOptions options;
    options.db = qa_index().path();
    options.web_root = "";
    options.log_requests = false;
    options.threads = 2;
    heritage::web::Server server(options);
    int port = server.bind_to_any_port();
    REQUIRE(port > 0);
    std::thread thread([&] { server.listen_after_bind(); });
    server.wait_until_ready();
    httplib::Client client("127.0.0.1", port);

    auto get = [&](const std::string& path) {
        auto res = client.Get(path.c_str());
        REQUIRE(res);
        return std::make_pair(res->status, json::parse(res->body));
    };
    auto [status, body] = get("/api/ask?q=" + httplib::detail::encode_query_param(
                                                  "Hvem var direktør for Røros Kobberverk?"));
    CHECK(status == 200);
    CHECK(body.at("question") == "Hvem var direktør for Røros Kobberverk?");
    CHECK(body.at("answer").at("text").get<std::string>().find("Peder Hiort") != std::string::npos);
    CHECK(body.at("results").is_array());

    std::tie(status, body) = get("/api/ask?q=When%20did%20the%20Titanic%20sink%3F&limit=3");
    CHECK(status == 200);
    CHECK(body.at("answer").is_null());
    CHECK(body.at("results").size() <= 3);

    std::tie(status, body) = get("/api/ask");
    CHECK(status == 400);
    CHECK(body.at("error").at("code") == "missing_query");
    std::tie(status, body) = get("/api/ask?q=%20");
    CHECK(status == 400);
    CHECK(body.at("error").at("code") == "empty_query");
    std::tie(status, body) = get("/api/ask?q=church&limt=5");
    CHECK(status == 400);
    CHECK(body.at("error").at("code") == "unknown_parameter");
    std::tie(status, body) = get("/api/ask?q=church&limit=abc");
    CHECK(status == 400);
    CHECK(body.at("error").at("code") == "bad_limit");
    std::tie(status, body) = get("/api/ask?q=%FF");
    CHECK(status == 400);
    CHECK(body.at("error").at("code") == "invalid_utf8");

    server.stop();
    thread.join();
}

TEST_CASE("heritage-search --ask prints the answer, as JSON and in batches") {
    auto run = [](const std::string& args, const std::string& input = "") {
        fs::path in = fs::temp_directory_path() / ("answer_test_in." + std::to_string(::getpid()));
        {
            std::FILE* f = std::fopen(in.c_str(), "w");
            std::fputs(input.c_str(), f);
            std::fclose(f);
        }
        std::string cmd = std::string(HERITAGE_BIN_DIR "/heritage-search --db '") +
                          qa_index().path() + "' " + args + " < '" + in.string() + "'";
        std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
        std::string out;
        char buf[4096];
        while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe.get())) out.append(buf, n);
        fs::remove(in);
        return out;
    };

    // The CLI prints exactly what the library's to_json gives (timing aside).
    json j = json::parse(run("--ask --json 'When was Bergstadens Ziir built?'"));
    json expected = heritage::searcher::to_json(ask("When was Bergstadens Ziir built?"));
    CHECK(j.at("answer").at("text") == "1784");
    j.erase("took_ms");
    expected.erase("took_ms");
    CHECK(j == expected);

    std::string text = run("--ask 'Hvor mange gårder er det i Vingelen?'");
    CHECK(text.rfind("30", 0) == 0);

    std::istringstream lines(
        run("--ask --json --batch",
            "Hvem var direktør for Røros Kobberverk?\nWhen did the Titanic sink?\n"));
    std::string first, second, extra;
    REQUIRE(std::getline(lines, first));
    REQUIRE(std::getline(lines, second));
    CHECK_FALSE(std::getline(lines, extra));
    CHECK(json::parse(first).at("answer").at("text") == "Peder Hiort");
    CHECK(json::parse(second).at("answer").is_null());
}

TEST_CASE("where the best passages leave the answer unsure, a few more are read") {
    // Six passages say most about the bell of Tolga but not when it was cast; the one that
    // does ranks below them, past AskOptions::passages.
    OwnIndex index("answer_test_more");
    for (int k = 1; k <= 6; ++k)
        index.add("talk" + std::to_string(k), "The great bell of Tolga", "en",
                  "The great bell of Tolga hangs high above Tolga church. The great bell of "
                  "Tolga was cast of bronze, and people of Tolga still say the great bell was "
                  "cast well.");
    index.add("records", "Church records", "en",
              "The church records of the valley tell of the roof, the organ, the graves, the "
              "vicarage and the road to the church. In the records we also read that the great "
              "bell of Tolga was cast in 1722 by a founder from Trondheim.");
    heritage::searcher::Searcher& s = index.searcher();
    heritage::searcher::SearchRequest request;
    request.query = "When was the great bell of Tolga cast?";
    heritage::searcher::AskOptions options;
    auto found = s.search(request);
    auto rank = std::find_if(found.results.begin(), found.results.end(),
                             [](const auto& h) { return h.doc_id == "records"; });
    REQUIRE(rank != found.results.end());
    CHECK(static_cast<std::size_t>(rank - found.results.begin()) >= options.passages);

    auto r = heritage::searcher::ask(s, request, options);
    REQUIRE(r.answer);
    CHECK(r.answer->text == "1722");
    CHECK(r.answer->doc_id == "records");
    request.limit = 2;  // a short page of results: the answer is read from as many passages
    r = heritage::searcher::ask(s, request, options);
    CHECK(r.results.size() == 2);
    REQUIRE(r.answer);
    CHECK(r.answer->text == "1722");
    request.limit = 10;

    options.more_passages = 0;  // only the first passages: no year in them
    r = heritage::searcher::ask(s, request, options);
    CHECK((!r.answer || r.answer->text != "1722"));
}

// widen_passage keeps the search's tokens of a passage, grown by those of the sentences added,
// only where they are what tokenizing the widened text gives; and the sentences it found.
TEST_CASE("a widened passage's tokens and sentences are those of its widened text, or none") {
    OwnIndex index("answer_test_widen");
    index.add("kirke", "Røros kirke", "nb",
              "Røros-kirken ble bygget 1780-1784. Den kostet 3,640 riksdaler.\n\n"
              "Bergstadens Ziir står på en høyde. Multi-faceted arbeid, e.g. i 1650-årene.\n\n"
              "\u0301Smeltehytta brant i 1953. Den ble gjenreist.\n\n"
              "Tårnet er 3.47 meter bredt. Παρθενών er et annet tempel.");
    heritage::searcher::Searcher& s = index.searcher();
    auto same = [&s](const heritage::searcher::Hit& h) {
        REQUIRE(h.tokens);
        auto fresh = s.analyzer().tokenize(h.text);
        REQUIRE(fresh.size() == h.tokens->size());
        for (std::size_t i = 0; i < fresh.size(); ++i) {
            const auto& a = fresh[i];
            const auto& b = (*h.tokens)[i];
            INFO(h.text << " / " << a.word);
            CHECK(a.word == b.word);
            CHECK(a.start == b.start);
            CHECK(a.end == b.end);
            CHECK(a.position == b.position);
            CHECK(a.numeric == b.numeric);
            CHECK(a.capitalized == b.capitalized);
            CHECK(a.variants == b.variants);
        }
    };
    int kept = 0, dropped = 0;
    // Each passage, found by a word of its own.
    auto passage = [&s](const std::string& word) {
        heritage::searcher::SearchRequest request;
        request.query = word;
        for (const auto& h : s.search(request).results)
            if (h.text.find(word) != std::string::npos) return h;
        FAIL("no passage holds " << word);
        return heritage::searcher::Hit{};
    };
    for (const char* q : {"bygget", "Ziir", "Smeltehytta", "Tårnet"}) {
        heritage::searcher::Hit h = passage(q);
        same(h);  // the search's own
        const std::size_t start = h.start, end = h.end;
        heritage::searcher::widen_passage(h, s, 1);
        CHECK((h.start < start || h.end > end));
        REQUIRE(h.sentences);
        auto fresh = s.analyzer().sentences(h.text);
        REQUIRE(fresh.size() == h.sentences->size());
        for (std::size_t i = 0; i < fresh.size(); ++i) {
            CHECK(fresh[i].start == (*h.sentences)[i].start);
            CHECK(fresh[i].end == (*h.sentences)[i].end);
        }
        if (h.tokens) {
            ++kept;
            same(h);
        } else {
            ++dropped;  // the passage opening with a combining mark: it clings to the space
            CHECK(std::string(q) == "Smeltehytta");
        }
    }
    CHECK(kept == 3);
    CHECK(dropped == 1);

    // A hit that starts inside a word: its tokens end at the cut, and the widened text's words
    // run across it.
    heritage::searcher::Hit h = passage("Ziir");
    REQUIRE(h.text.rfind("Bergstadens", 0) == 0);
    h.text = h.text.substr(3);
    h.start += 3;
    h.tokens = std::make_shared<const std::vector<heritage::indexer::Token>>(
        s.analyzer().tokenize(h.text));
    heritage::searcher::widen_passage(h, s, 1);
    CHECK(h.text.find("Bergstadens Ziir") != std::string::npos);
    CHECK_FALSE(h.tokens);
}

TEST_CASE("a word the thesaurus lists for a question word tells sentences apart") {
    // Debian's Bokmål thesaurus (mythes-no) lists "beboer" under "innbygger".
    OwnIndex index("answer_test_kin");
    index.add("hodalen", "Hodalen", "nb",
              "Hodalen hadde 40 gårder i 1900. Det bodde 600 beboere i Hodalen i 1900.");
    heritage::searcher::SearchRequest request;
    request.query = "Hvor mange innbyggere hadde Hodalen i 1900?";
    heritage::searcher::AskOptions options;
    options.min_confidence = 0;  // the index lacks "innbyggere": the answer is unsure
    auto r = heritage::searcher::ask(index.searcher(), request, options);
    REQUIRE(r.answer);
    CHECK_THAT(r.answer->text, Catch::Contains("600"));
    // Kin are no question words: they do not make the answer surer.
    options.related_credit = 0;
    auto without = heritage::searcher::ask(index.searcher(), request, options);
    REQUIRE(without.answer);
    CHECK_THAT(without.answer->text, Catch::Contains("40"));
    CHECK(without.answer->confidence == Approx(r.answer->confidence));
}

TEST_CASE("a noun of a preposition of several words is no thesaurus kin") {
    // The thesaurus lists "grunne" (to found) and "åpne" under "starte": "grunn" of "på grunn
    // av" says nothing of a start.
    OwnIndex index("answer_test_fixed");
    index.add("gruva", "Gruva", "nb",
              "Gruva åpnet etter mange år med leting og store kostnader, i 1644. Gruva ble kjent "
              "i 1700 på grunn av kobberet.");
    heritage::searcher::SearchRequest request;
    request.query = "Når startet gruva?";
    heritage::searcher::AskOptions options;
    options.min_confidence = 0;
    auto r = heritage::searcher::ask(index.searcher(), request, options);
    REQUIRE(r.answer);
    CHECK_THAT(r.answer->text, Catch::Contains("1644"));
}

TEST_CASE("the last name alone stands for a person the passage or its text names whole") {
    struct Case {
        const char* index;
        const char* text;
        const char* other;  // a question answered where he is named whole
        const char* other_answer;
    };
    const Case cases[] = {
        // One passage: "Tyvold studerte …" says it of Sivert Tyvold as surely as the sentence
        // naming him whole says where he lived.
        {"answer_test_surname",
         "Smeltemester Sivert Tyvold bodde i Bergmannsgata på Røros. Tyvold studerte ved "
         "Bergakademiet i Freiberg.",
         "Hvor bodde Sivert Tyvold?", "Bergmannsgata"},
        // Three passages (paragraphs): the one with "Tyvold studerte …" does not name him whole,
        // the text does; not "til Røros", where the first paragraph says he came.
        {"answer_test_surname_text",
         "Smeltemester Sivert Tyvold kom til Røros i 1790.\n\n"
         "Smeltehytta var da den største arbeidsplassen i bergstaden, og arbeidet ved ovnene "
         "gikk døgnet rundt hele året.\n\n"
         "Tyvold studerte ved Bergakademiet i Freiberg.",
         "Når kom Sivert Tyvold til Røros?", "1790"},
    };
    for (const auto& c : cases) {
        INFO(c.index);
        OwnIndex index(c.index);
        index.add("tyvold", "Smeltemestrene", "nb", c.text);
        auto ask_here = [&index](const char* question) {
            heritage::searcher::SearchRequest request;
            request.query = question;
            return heritage::searcher::ask(index.searcher(), request, {});
        };
        auto other = ask_here(c.other);
        auto studied = ask_here("Hvor studerte Sivert Tyvold?");
        REQUIRE(other.answer);
        REQUIRE(studied.answer);
        CHECK_THAT(other.answer->text, Catch::Contains(c.other_answer));
        CHECK_THAT(studied.answer->text, Catch::Contains("Freiberg"));
        CHECK(studied.answer->confidence >= other.answer->confidence - 0.02);
    }
}
