// The answer-type tables of English and Norwegian (Bokmål and Nynorsk), and question
// classification over them. Extend a language by adding words to its table.
#include "searcher/answer_rules.hpp"

#include <algorithm>

#include "indexer/stopwords.hpp"

namespace heritage::searcher {

using T = AnswerType;
using U = Unit;

std::string_view type_name(AnswerType type) {
    switch (type) {
        case T::any:
            return "any";
        case T::date:
            return "date";
        case T::number:
            return "number";
        case T::measure:
            return "measure";
        case T::person:
            return "person";
        case T::place:
            return "place";
        case T::name:
            return "name";
        case T::thing:
            return "thing";
        case T::reason:
            return "reason";
        case T::manner:
            return "manner";
    }
    return "any";
}

namespace {

LanguageRules english() {
    LanguageRules r;
    r.lang = "en";
    r.questions = {
        {"when", T::date},
        {"what year", T::date},
        {"which year", T::date},
        {"how many", T::number, U::count},
        {"how much", T::number},
        {"how often", T::number},
        {"how long", T::measure},
        {"how far", T::measure, U::length, "far away from distant"},
        {"how deep", T::measure, U::length, "deep below under beneath down depth underground"},
        {"how high", T::measure, U::length, "high above tall height up elevation"},
        {"how tall", T::measure, U::length, "tall high above height"},
        {"how big", T::measure, U::area},
        {"how large", T::measure, U::area},
        {"how wide", T::measure, U::length, "wide across width broad"},
        {"how old", T::measure, U::age},
        {"what age", T::measure, U::age},
        {"which age", T::measure, U::age},
        {"how heavy", T::measure, U::weight},
        {"how fast", T::measure, U::speed},
        {"how hot", T::measure, U::temperature},
        {"how cold", T::measure, U::temperature},
        {"who", T::person},
        {"whom", T::person},
        {"whose", T::person},
        {"where", T::place},
        {"what", T::thing},
        {"which", T::thing},
        {"what *", T::thing},
        {"which *", T::thing},
        {"what kind of *", T::thing},
        {"what is the *", T::thing},
        {"what was the *", T::thing},
        {"what are the *", T::thing},
        {"what were the *", T::thing},
        {"what type of *", T::thing},
        {"what sort of *", T::thing},
        {"what is the name of", T::name},
        {"what was the name of", T::name},
        {"what is the last name of", T::name},
        {"what was the last name of", T::name},
        {"what is the first name of", T::name},
        {"what was the first name of", T::name},
        {"why", T::reason},
        {"how", T::manner},
    };
    // Focus nouns match by stem: "designer", "officer" and "translator" are not here, as they
    // share theirs with "design", "office" and "translation".
    r.focus = {
        {"year", T::date},           {"years", T::date},
        {"century", T::date},        {"decade", T::date},
        {"date", T::date},           {"day", T::date},
        {"month", T::date},          {"time", T::date},
        {"period", T::date},         {"era", T::date},
        {"city", T::place},          {"country", T::place},
        {"town", T::place},          {"state", T::place},
        {"place", T::place},         {"region", T::place},
        {"location", T::place},      {"area", T::place},
        {"continent", T::place},     {"island", T::place},
        {"river", T::place},         {"county", T::place},
        {"province", T::place},      {"nation", T::place},
        {"capital", T::place},       {"village", T::place},
        {"municipality", T::place},  {"street", T::place},
        {"mountain", T::place},      {"lake", T::place},
        {"valley", T::place},        {"district", T::place},
        {"person", T::person},       {"man", T::person},
        {"woman", T::person},        {"king", T::person},
        {"queen", T::person},        {"president", T::person},
        {"player", T::person},       {"author", T::person},
        {"writer", T::person},       {"artist", T::person},
        {"leader", T::person},       {"scientist", T::person},
        {"emperor", T::person},      {"general", T::person},
        {"composer", T::person},     {"architect", T::person},
        {"director", T::person},     {"coach", T::person},
        {"poet", T::person},         {"painter", T::person},
        {"ruler", T::person},        {"prince", T::person},
        {"princess", T::person},     {"pope", T::person},
        {"bishop", T::person},       {"minister", T::person},
        {"governor", T::person},     {"founder", T::person},
        {"inventor", T::person},     {"engineer", T::person},
        {"actor", T::person},        {"singer", T::person},
        {"musician", T::person},     {"explorer", T::person},
        {"son", T::person},          {"daughter", T::person},
        {"wife", T::person},         {"husband", T::person},
        {"father", T::person},       {"mother", T::person},
        {"team", T::name},           {"company", T::name},
        {"organization", T::name},   {"organisation", T::name},
        {"group", T::name},          {"band", T::name},
        {"party", T::name},          {"university", T::name},
        {"school", T::name},         {"college", T::name},
        {"newspaper", T::name},      {"ship", T::name},
        {"church", T::name},         {"club", T::name},
        {"network", T::name},        {"album", T::name},
        {"book", T::name},           {"film", T::name},
        {"language", T::name},       {"religion", T::name},
        {"award", T::name},          {"dynasty", T::name},
        {"empire", T::name},         {"percentage", T::number},
        {"percent", T::number},      {"proportion", T::number},
        {"number", T::number},       {"amount", T::number},
        {"population", T::number},   {"distance", T::measure},
        {"length", T::measure},      {"height", T::measure},
        {"depth", T::measure},       {"size", T::measure},
        {"weight", T::measure},      {"speed", T::measure},
        {"temperature", T::measure}, {"age", T::measure},
        {"cost", T::measure},        {"price", T::measure},
        {"performer", T::person},    {"quarterback", T::person},
        {"physicist", T::person},    {"philosopher", T::person},
        {"commander", T::person},    {"stadium", T::name},
        {"hotel", T::name},          {"museum", T::name},
        {"venue", T::place},         {"politician", T::person},
        {"economist", T::person},    {"journalist", T::person},
        {"researcher", T::person},   {"historian", T::person},
        {"lawyer", T::person},       {"judge", T::person},
        {"professor", T::person},    {"editor", T::person},
        {"magazine", T::name},       {"journal", T::name},
        {"program", T::name},        {"programme", T::name},
        {"series", T::name},         {"camp", T::place},
        {"sculptor", T::person},     {"linebacker", T::person},
        {"playwright", T::person},   {"astronaut", T::person},
        {"pilot", T::person},        {"soldier", T::person},
        {"saint", T::person},        {"monk", T::person},
        {"priest", T::person},       {"monarch", T::person},
        {"duke", T::person},         {"chancellor", T::person},
        {"senator", T::person},      {"mayor", T::person},
        {"ambassador", T::person},   {"captain", T::person},
        {"admiral", T::person},      {"doctor", T::person},
        {"surgeon", T::person},      {"comedian", T::person},
        {"librarian", T::person},    {"theologian", T::person},
        {"successor", T::person},    {"predecessor", T::person},
        {"score", T::number},        {"magnitude", T::number},
        {"rate", T::number},         {"entity", T::name},
        {"court", T::name},          {"treaty", T::name},
        {"park", T::place},          {"landmark", T::name},
        {"building", T::name},       {"genus", T::name},
        {"army", T::name},           {"service", T::name},
        {"case", T::name},           {"mission", T::name},
        {"station", T::name},        {"institution", T::name},
        {"project", T::name},        {"planet", T::name},
    };
    r.name_cues = {"called", "known as",       "named",  "termed",   "nicknamed",
                   "dubbed", "referred to as", "titled", "entitled", "means"};
    r.cue_adverbs = {"sometimes", "often", "usually", "commonly", "popularly", "locally"};
    r.birth_words = {"born", "birth"};
    r.death_words = {"die", "died", "death", "dies"};
    r.reason_cues = {"because",     "due to",  "owing to", "as a result of",
                     "in order to", "so that", "since",    "thanks to"};
    r.consequence_openers = {"therefore",
                             "thus",
                             "hence",
                             "consequently",
                             "accordingly",
                             "as a result",
                             "as a consequence",
                             "as a result of this",
                             "because of this",
                             "for this reason",
                             "this is why",
                             "that is why"};
    r.purpose_words = {"to"};
    r.manner_cues = {"by", "through", "using", "via", "by means of"};
    r.agent_word = "by";
    r.hedges = {"partly", "mainly", "largely", "mostly", "primarily", "chiefly", "only", "simply"};
    r.time_cues = {"in",
                   "on",
                   "during",
                   "after",
                   "before",
                   "since",
                   "until",
                   "when",
                   "while",
                   "at the end of",
                   "at the beginning of",
                   "by the end of"};
    r.place_cues = {"in", "at", "on", "near", "from", "inside", "outside", "across"};
    r.months = {"january", "february",  "march",   "april",    "may",      "june",      "july",
                "august",  "september", "october", "november", "december", "jan",       "feb",
                "mar",     "apr",       "jun",     "jul",      "aug",      "sep",       "sept",
                "oct",     "nov",       "dec",     "monday",   "tuesday",  "wednesday", "thursday",
                "friday",  "saturday",  "sunday"};
    r.capital_months = true;
    r.number_words = {"one",      "two",       "three",    "four",    "five",      "six",
                      "seven",    "eight",     "nine",     "ten",     "eleven",    "twelve",
                      "thirteen", "fourteen",  "fifteen",  "sixteen", "seventeen", "eighteen",
                      "nineteen", "twenty",    "thirty",   "forty",   "fifty",     "sixty",
                      "seventy",  "eighty",    "ninety",   "hundred", "thousand",  "million",
                      "billion",  "trillion",  "dozen",    "half",    "several",   "dozens",
                      "hundreds", "thousands", "millions", "first",   "second",    "third"};
    r.scale_words = {"hundred",   "thousand", "million",  "billion", "trillion", "hundreds",
                     "thousands", "millions", "billions", "percent", "per"};
    r.units = {
        {"km", U::length},           {"kilometres", U::length}, {"kilometers", U::length},
        {"kilometre", U::length},    {"kilometer", U::length},  {"m", U::length},
        {"metres", U::length},       {"meters", U::length},     {"metre", U::length},
        {"meter", U::length},        {"cm", U::length},         {"mm", U::length},
        {"mi", U::length},           {"miles", U::length},      {"mile", U::length},
        {"ft", U::length},           {"feet", U::length},       {"foot", U::length},
        {"inches", U::length},       {"inch", U::length},       {"yards", U::length},
        {"yard", U::length},         {"square", U::area},       {"sq", U::area},
        {"acres", U::area},          {"hectares", U::area},     {"km²", U::area},
        {"kg", U::weight},           {"kilograms", U::weight},  {"grams", U::weight},
        {"tonnes", U::weight},       {"tons", U::weight},       {"ton", U::weight},
        {"pounds", U::weight},       {"lb", U::weight},         {"lbs", U::weight},
        {"kgs", U::weight},          {"litres", U::none},       {"liters", U::none},
        {"degrees", U::temperature}, {"percent", U::share},     {"seconds", U::time},
        {"minutes", U::time},        {"hours", U::time},        {"days", U::time},
        {"weeks", U::time},          {"months", U::time},       {"years", U::time},
        {"decades", U::time},        {"centuries", U::time},    {"second", U::time},
        {"minute", U::time},         {"hour", U::time},         {"day", U::time},
        {"week", U::time},           {"month", U::time},        {"year", U::time},
        {"decade", U::time},         {"century", U::time},      {"dollars", U::money},
        {"dollar", U::money},        {"euros", U::money},       {"euro", U::money},
        {"kroner", U::money},        {"mph", U::speed},         {"knots", U::speed},
        {"people", U::none},         {"times", U::none},        {"percentage", U::share},
    };
    r.name_joiners = {"of", "the", "de", "von", "van", "der", "du",
                      "la", "le",  "da", "and", "y",   "del", "v"};
    r.place_preps = {"in", "at", "near", "from", "to", "into", "across", "outside", "inside"};
    r.region_heads = {"region", "area", "district", "valley", "county", "municipality", "basin"};
    r.place_verbs = {"located", "situated", "lie", "lies", "lying"};
    r.trailing_preps = {"for", "of", "with", "about", "on", "in", "at", "from", "to", "by", "as"};
    r.range_words = {"to", "and", "until", "through"};
    r.when_words = {"when", "while"};
    r.rate_words = {"per"};
    r.rate_stems = {"densit"};
    r.after_words = {"after"};
    r.plural_counts = {"two", "three", "four", "five"};
    r.range_openers = {{"between", "and"}, {"between", "-"},    {"from", "to"},
                       {"from", "until"},  {"from", "through"}, {"from", "-"}};
    r.era_words = {"bc", "bce", "ad", "ce"};
    r.list_words = {"and", "or"};
    r.list_phrases = {"as well as", "along with"};
    r.age_words = {"age", "aged"};
    r.old_words = {"old"};
    r.articles = {"the", "a", "an"};
    r.pronouns = {"it", "he", "she", "they", "this", "these", "its", "his", "her", "their"};
    r.person_pronouns = {"he", "she"};
    r.kept_articles = {"the"};
    r.choice_openers = {"is",    "are",   "was",  "were",   "did", "does", "do", "can",
                        "could", "would", "will", "should", "has", "have", "had"};
    r.choice_words = {"or"};
    r.century_words = {"century"};
    r.copulas = {"is", "are", "was", "were"};
    r.relatives = {"which", "who", "whom", "whose", "that"};
    r.naming_words = {"called",   "named", "name",  "names", "known",
                      "nickname", "term",  "title", "mean",  "meaning"};
    r.stands_for_words = {"stand", "stands", "stood", "short", "abbreviation", "acronym"};
    r.thing_heads = {
        "award",     "prize",        "medal",       "trophy",     "game",        "bowl",
        "cup",       "championship", "league",      "tournament", "player",      "university",
        "college",   "school",       "academy",     "institute",  "museum",      "gallery",
        "center",    "centre",       "stadium",     "arena",      "council",     "committee",
        "party",     "company",      "corporation", "society",    "association", "church",
        "cathedral", "street",       "road",        "river",      "bridge",      "park",
        "hall",      "office",       "court",       "treaty",     "act",         "war",
        "station",   "airport",      "theatre",     "theater",    "hotel",       "hospital",
        "palace",    "castle",       "tower",       "square",     "festival",    "show"};
    r.numeral_words = {"numeral", "numerals"};
    r.ordinals = {{"first", 1}, {"second", 2}, {"third", 3},     {"fourth", 4},
                  {"fifth", 5}, {"sixth", 6},  {"seventh", 7},   {"eighth", 8},
                  {"ninth", 9}, {"tenth", 10}, {"eleventh", 11}, {"twelfth", 12}};
    r.word_classes = {
        {{"color", "colour", "colors", "colours"},
         {"red",    "orange", "yellow",  "green",   "blue",  "purple",    "violet",
          "white",  "black",  "grey",    "gray",    "brown", "pink",      "gold",
          "golden", "silver", "crimson", "scarlet", "navy",  "turquoise", "beige"}},
        {{"position", "positions"},
         {"quarterback", "linebacker", "linebackers", "cornerback", "receiver", "receivers",
          "kicker",      "punter",     "safety",      "tackle",     "guard",    "center",
          "goalkeeper",  "goalie",     "defender",    "midfielder", "striker",  "forward",
          "winger",      "pitcher",    "catcher",     "shortstop"}},
        {{"material", "materials"},
         {"stone",  "wood",     "wooden",    "timber",    "log",   "logs",      "brick",  "bricks",
          "marble", "granite",  "sandstone", "limestone", "slate", "soapstone", "copper", "iron",
          "steel",  "concrete", "glass",     "clay",      "turf",  "bronze"},
         {{"built", "of"}, {"made", "of"}, {"made", "from"}, {"constructed", "of"}}},
        {{"animal", "animals", "livestock"},
         {"cattle", "cow",  "cows", "sheep", "goat",    "goats",    "horse",    "horses",
          "pig",    "pigs", "hen",  "hens",  "chicken", "chickens", "reindeer", "elk",
          "moose",  "deer", "bear", "bears", "wolf",    "wolves",   "fox",      "dog",
          "dogs",   "cat",  "cats", "ox",    "oxen",    "calves",   "lambs",    "birds"}},
    };
    r.modifiers = {"late",  "early",  "mid",    "around", "about", "approximately", "circa",
                   "c",     "nearly", "almost", "over",   "under", "roughly",       "some",
                   "least", "than",   "up",     "only",   "just",  "estimated",     "ca",
                   "more",  "less",   "fewer",  "below",  "above"};
    r.abbreviations = {"st",  "dr",  "mr",     "mrs",  "ms",  "jr",  "sr",   "prof", "no",   "vol",
                       "gen", "col", "lt",     "capt", "sgt", "rev", "inc",  "co",   "corp", "ltd",
                       "vs",  "etc", "approx", "est",  "fig", "mt",  "ft",   "e.g",  "i.e",  "u.s",
                       "u.k", "a.d", "b.c",    "jan",  "feb", "aug", "sept", "oct",  "nov",  "dec"};
    r.fixed_phrases = {"because of",   "instead of",   "in spite of",    "by means of",
                       "in front of",  "on behalf of", "in addition to", "with regard to",
                       "in order to",  "as well as",   "in terms of",    "in case of",
                       "on top of",    "by way of",    "in charge of",   "as a result of",
                       "in favour of", "in favor of",  "on account of",  "for the sake of"};
    // clang-format off
    r.word_forms = {
        "arise arose arisen", "bear bore born borne", "become became", "begin began begun",
        "bend bent", "bite bit bitten", "break broke broken", "bring brought", "build built",
        "buy bought", "catch caught", "choose chose chosen", "cling clung", "deal dealt", "dig dug",
        "draw drew drawn", "drink drank drunk", "drive drove driven", "eat ate eaten",
        "fall fell fallen", "feed fed", "feel felt", "fight fought", "find found", "flee fled",
        "fly flew flown", "forbid forbade forbidden", "forget forgot forgotten",
        "forgive forgave forgiven", "freeze froze frozen", "give gave given", "grow grew grown",
        "hang hung", "hear heard", "hide hid hidden", "hold held", "keep kept", "know knew known",
        "lay laid", "lead led", "leave left", "lend lent", "lie lay lain", "lose lost",
        "mean meant", "meet met", "overcome overcame", "pay paid", "ride rode ridden",
        "ring rang rung", "rise rose risen", "run ran", "say said", "seek sought", "sell sold",
        "send sent", "shake shook shaken", "shine shone", "shoot shot", "sing sang sung",
        "sink sank sunk", "sit sat", "slay slew slain", "sleep slept", "speak spoke spoken",
        "spend spent", "spin spun", "stand stood", "steal stole stolen", "stick stuck",
        "strike struck", "swear swore sworn", "sweep swept", "swim swam swum", "swing swung",
        "take took taken", "teach taught", "tear tore torn", "tell told", "think thought",
        "throw threw thrown", "undergo underwent undergone", "understand understood",
        "wake woke woken", "wear wore worn", "weep wept", "win won", "wind wound",
        "withdraw withdrew withdrawn", "write wrote written"};
    // clang-format on
    return r;
}

LanguageRules norwegian() {
    LanguageRules r;
    r.lang = "no";
    r.questions = {
        {"når", T::date},
        {"hvilket år", T::date},
        {"kva år", T::date},
        {"hvor mange", T::number, U::count},
        {"hvor mange prosent", T::number, U::share},
        {"hvor stor andel", T::number, U::share},
        {"hvor mye", T::number},
        {"hvor ofte", T::number},
        {"kor mange", T::number, U::count},
        {"kor mykje", T::number},
        {"kor ofte", T::number},
        {"hvor lang", T::measure},
        {"hvor langt", T::measure, U::length, "unna fra borte langt"},
        {"hvor lenge", T::measure, U::time},
        {"hvor dyp", T::measure, U::length, "dyp dypt dype under ned dybde"},
        {"hvor dypt", T::measure, U::length, "dyp dypt dype under ned dybde"},
        {"hvor høy", T::measure, U::length, "høy høyt høye over opp høyde moh"},
        {"hvor høyt", T::measure, U::length, "høy høyt høye over opp høyde moh"},
        {"hvor stor", T::measure, U::area},
        {"hvor store", T::measure, U::area},
        {"hvor gammel", T::measure, U::age},
        {"hvilken alder", T::measure, U::age},
        {"hvor gamle", T::measure, U::age},
        {"hvor tung", T::measure, U::weight},
        {"hvor bred", T::measure, U::length, "bred bredt brede bredde"},
        {"hvor fort", T::measure, U::speed},
        {"hvor raskt", T::measure, U::speed},
        {"kor lang", T::measure},
        {"kor lenge", T::measure, U::time},
        {"kor stor", T::measure, U::area},
        {"kor gammal", T::measure, U::age},
        {"kor høg", T::measure, U::length, "høg høgt høge over opp høgd moh"},
        {"kor djup", T::measure, U::length, "djup djupt djupe under ned djupn"},
        {"hvem", T::person},
        {"kven", T::person},
        {"hvor", T::place},
        {"kvar", T::place},
        {"hvorfra", T::place},
        {"hva", T::thing},
        {"kva", T::thing},
        {"hvilken *", T::thing},
        {"hvilket *", T::thing},
        {"hvilke *", T::thing},
        {"hvilken", T::thing},
        {"hvilket", T::thing},
        {"hvilke", T::thing},
        {"kva for *", T::thing},
        {"hva slags *", T::thing},
        {"hva er *", T::thing},
        {"hva var *", T::thing},
        {"kva slags *", T::thing},
        {"hva for *", T::thing},
        {"hva heter", T::name},
        {"hva het", T::name},
        {"kva heiter", T::name},
        {"hva kalles", T::name},
        {"hvorfor", T::reason},
        {"kvifor", T::reason},
        {"korfor", T::reason},
        {"hvordan", T::manner},
        {"korleis", T::manner},
    };
    r.focus = {
        {"år", T::date},
        {"århundre", T::date},
        {"tiår", T::date},
        {"dato", T::date},
        {"dag", T::date},
        {"måned", T::date},
        {"tid", T::date},
        {"tidspunkt", T::date},
        {"periode", T::date},
        {"epoke", T::date},
        {"ukedag", T::date},
        {"by", T::place},
        {"byer", T::place},
        {"land", T::place},
        {"sted", T::place},
        {"stad", T::place},
        {"fylke", T::place},
        {"kommune", T::place},
        {"område", T::place},
        {"region", T::place},
        {"stat", T::place},
        {"øy", T::place},
        {"elv", T::place},
        {"hovedstad", T::place},
        {"bygd", T::place},
        {"gate", T::place},
        {"kontinent", T::place},
        {"verdensdel", T::place},
        {"innsjø", T::place},
        {"fjell", T::place},
        {"hav", T::place},
        {"tettsted", T::place},
        {"landsdel", T::place},
        {"bydel", T::place},
        {"dal", T::place},
        {"person", T::person},
        {"mann", T::person},
        {"kvinne", T::person},
        {"konge", T::person},
        {"dronning", T::person},
        {"president", T::person},
        {"spiller", T::person},
        {"forfatter", T::person},
        {"kunstner", T::person},
        {"leder", T::person},
        {"statsminister", T::person},
        {"trener", T::person},
        {"arkitekt", T::person},
        {"direktør", T::person},
        {"maler", T::person},
        {"komponist", T::person},
        {"dikter", T::person},
        {"biskop", T::person},
        {"prest", T::person},
        {"keiser", T::person},
        {"prins", T::person},
        {"prinsesse", T::person},
        {"minister", T::person},
        {"ordfører", T::person},
        {"sjef", T::person},
        {"grunnlegger", T::person},
        {"oppfinner", T::person},
        {"skuespiller", T::person},
        {"sanger", T::person},
        {"musiker", T::person},
        {"sønn", T::person},
        {"datter", T::person},
        {"kone", T::person},
        {"far", T::person},
        {"mor", T::person},
        {"general", T::person},
        {"lag", T::name},
        {"klubb", T::name},
        {"selskap", T::name},
        {"firma", T::name},
        {"parti", T::name},
        {"organisasjon", T::name},
        {"avis", T::name},
        {"band", T::name},
        {"skole", T::name},
        {"universitet", T::name},
        {"kirke", T::name},
        {"skip", T::name},
        {"kanal", T::name},
        {"album", T::name},
        {"bok", T::name},
        {"film", T::name},
        {"språk", T::name},
        {"religion", T::name},
        {"bedrift", T::name},
        {"institusjon", T::name},
        {"gruppe", T::name},
        {"dynasti", T::name},
        {"domstol", T::name},
        {"traktat", T::name},
        {"avtale", T::name},
        {"bygning", T::name},
        {"hær", T::name},
        {"prosjekt", T::name},
        {"planet", T::name},
        {"park", T::place},
        {"prosent", T::number},
        {"andel", T::number},
        {"antall", T::number},
        {"mengde", T::number},
        {"befolkning", T::number},
        {"folketall", T::number},
        {"innbyggertall", T::number},
        {"avstand", T::measure},
        {"lengde", T::measure},
        {"høyde", T::measure},
        {"dybde", T::measure},
        {"areal", T::measure},
        {"vekt", T::measure},
        {"hastighet", T::measure},
        {"fart", T::measure},
        {"temperatur", T::measure},
        {"størrelse", T::measure},
        {"alder", T::measure},
        {"kostnad", T::measure},
        {"stadion", T::name},
        {"hotell", T::name},
        {"museum", T::name},
        {"utøver", T::person},
        {"artist", T::person},
        {"fysiker", T::person},
        {"politiker", T::person},
        {"økonom", T::person},
        {"journalist", T::person},
        {"forsker", T::person},
        {"filosof", T::person},
        {"historiker", T::person},
        {"advokat", T::person},
        {"redaktør", T::person},
        {"dommer", T::person},
        {"professor", T::person},
        {"lege", T::person},
        {"blad", T::name},
        {"tidsskrift", T::name},
        {"medium", T::name},
        {"program", T::name},
        {"serie", T::name},
        {"leir", T::place},
    };
    r.name_cues = {"kalt",      "kalles",     "kalla",       "heter",  "het",    "heiter",
                   "kjent som", "omtalt som", "kallenavnet", "navnet", "namnet", "betyr"};
    r.cue_adverbs = {"ganger", "ofte", "gjerne", "vanligvis", "populært", "folkelig", "lokalt"};
    r.birth_words = {"født", "fødd", "fødsel", "fødselsår"};
    r.death_words = {"døde", "død", "døydde", "dødsår", "dødde"};
    r.reason_cues = {"fordi",    "på grunn av",  "grunnet",     "for å", "slik at",
                     "ettersom", "som følge av", "takket være", "sidan", "siden"};
    r.consequence_openers = {"derfor",
                             "difor",
                             "dermed",
                             "følgelig",
                             "som en følge",
                             "som følge",
                             "som en følge av dette",
                             "som følge av dette",
                             "på grunn av dette",
                             "av den grunn",
                             "av denne grunn",
                             "det er derfor",
                             "dette er grunnen",
                             "dette førte til"};
    r.manner_cues = {"ved å", "ved", "gjennom", "med", "ved hjelp av"};
    r.agent_word = "av";
    r.hedges = {"delvis", "hovedsakelig", "først", "fremst", "bare", "blant", "annet", "mest"};
    r.time_cues = {"i",   "på",   "under", "etter", "før", "siden",      "innen",    "da",
                   "når", "mens", "om",    "fra",   "til", "i løpet av", "etter at", "før"};
    r.place_cues = {"i", "på", "ved", "nær", "utenfor", "innenfor", "fra", "til", "langs", "mot"};
    r.months = {"januar", "februar", "mars",      "april",   "mai",      "juni",
                "juli",   "august",  "september", "oktober", "november", "desember",
                "jan",    "feb",     "aug",       "sept",    "okt",      "des",
                "mandag", "tirsdag", "onsdag",    "torsdag", "fredag",   "lørdag",
                "søndag", "måndag",  "tysdag",    "laurdag", "sundag"};
    r.number_words = {"én",         "ett",     "to",        "tre",      "fire",       "fem",
                      "seks",       "sju",     "syv",       "åtte",     "ni",         "ti",
                      "elleve",     "tolv",    "tretten",   "fjorten",  "femten",     "seksten",
                      "sytten",     "atten",   "nitten",    "tjue",     "tretti",     "førti",
                      "femti",      "seksti",  "sytti",     "åtti",     "nitti",      "hundre",
                      "tusen",      "million", "millioner", "milliard", "milliarder", "dusin",
                      "halvparten", "flere",   "første",    "andre",    "tredje",     "ein",
                      "eitt"};
    r.scale_words = {"hundre",     "tusen", "million", "millioner", "milliard",
                     "milliarder", "mill",  "mrd",     "prosent"};
    r.units = {
        {"km", U::length},       {"kilometer", U::length},
        {"meter", U::length},    {"m", U::length},
        {"cm", U::length},       {"mm", U::length},
        {"mil", U::length},      {"kg", U::weight},
        {"kilo", U::weight},     {"gram", U::weight},
        {"tonn", U::weight},     {"liter", U::none},
        {"dekar", U::area},      {"mål", U::area},
        {"hektar", U::area},     {"kvadratkilometer", U::area},
        {"sq", U::area},         {"kvadratmeter", U::area},
        {"km²", U::area},        {"grader", U::temperature},
        {"prosent", U::share},   {"sekunder", U::time},
        {"sekund", U::time},     {"minutter", U::time},
        {"minutt", U::time},     {"timer", U::time},
        {"time", U::time},       {"døgn", U::time},
        {"dager", U::time},      {"dag", U::time},
        {"uker", U::time},       {"uke", U::time},
        {"måneder", U::time},    {"måned", U::time},
        {"år", U::time},         {"tiår", U::time},
        {"århundrer", U::time},  {"sekunders", U::time},
        {"minutters", U::time},  {"timers", U::time},
        {"døgns", U::time},      {"dagers", U::time},
        {"ukers", U::time},      {"måneders", U::time},
        {"års", U::time},        {"kroner", U::money},
        {"kr", U::money},        {"nok", U::money},
        {"dollar", U::money},    {"euro", U::money},
        {"knop", U::speed},      {"millioner", U::none},
        {"milliarder", U::none}, {"personer", U::none},
        {"mennesker", U::none},  {"ganger", U::none},
    };
    r.name_joiners = {"av", "og", "i", "de", "von", "van", "der", "la", "le", "da", "of", "the"};
    r.name_heads = {"kommune", "fylke",  "sogn",    "prestegjeld", "herred", "kirke",
                    "kapell",  "skole",  "stasjon", "sentrum",     "gate",   "plass",
                    "bru",     "elv",    "fjord",   "sjø",         "dal",    "fjell",
                    "museum",  "hotell", "stadion", "sykehus",     "slott",  "festning",
                    "kloster", "gruve",  "gård",    "havn",        "bydel",  "universitet",
                    "torg",    "vei",    "park",    "bibliotek",   "teater", "flyplass"};
    r.time_suffixes = {"tallet", "årene", "åra", "talet"};
    r.clock_words = {"klokken", "klokka", "kl"};
    r.day_articles = {"den"};
    r.after_words = {"etter"};
    r.plural_words = {"hvilke"};
    r.plural_counts = {"to", "tre", "fire", "fem"};
    r.range_words = {"til", "og", "inntil"};
    r.when_words = {"da", "når"};
    r.rate_words = {"per", "pr"};
    r.rate_stems = {"tetthet"};
    r.era_words = {"fvt", "evt"};
    r.list_words = {"og", "eller"};
    r.list_phrases = {"så vel som", "samt", "i tillegg til"};
    r.age_words = {"alder", "alderen"};
    r.old_words = {"gammel", "gamle", "gammal"};
    r.articles = {"en", "ei", "et", "den", "det", "de"};
    r.pronouns = {"han",   "hun",  "den",    "det",  "de",   "dette",
                  "disse", "hans", "hennes", "dens", "deres"};
    r.person_pronouns = {"han", "hun", "ho"};
    r.choice_openers = {"er",  "var",  "ble",   "blir",  "har",    "hadde", "kan",
                        "vil", "skal", "kunne", "ville", "skulle", "må"};
    r.choice_words = {"eller"};
    r.century_words = {"århundre", "hundreåret", "århundret"};
    r.place_preps = {"i", "på", "ved", "fra", "til", "nær", "utenfor", "innenfor", "mot"};
    r.region_heads = {"region", "regionen", "område",  "området",  "distrikt", "distriktet",
                      "dal",    "dalen",    "kommune", "kommunen", "traktene"};
    r.place_verbs = {"ligger", "ligge", "lå", "befinner", "beliggende", "plassert"};
    r.copulas = {"er", "var", "ble", "blir", "vart", "blei"};
    r.relatives = {"som"};
    r.naming_words = {"heter", "het",    "kalt",      "kalles", "kalla",    "navn",  "navnet",
                      "namn",  "heiter", "kallenavn", "tittel", "tittelen", "betyr", "betydning"};
    r.stands_for_words = {"står", "sto", "kort", "forkortelse", "forkortelsen", "forkorting"};
    r.thing_heads = r.name_heads;
    for (const char* w : {"pris", "prisen", "medalje", "pokal", "kamp", "kampen", "cup", "liga",
                          "ligaen", "mesterskap", "parti", "partiet", "selskap", "råd", "rådet",
                          "komité", "komiteen", "festival", "festivalen"})
        r.thing_heads.insert(w);
    r.numeral_words = {"romertall", "romertallet", "romertallene"};
    r.ordinals = {{"første", 1}, {"fyrste", 1},  {"andre", 2},    {"annen", 2},
                  {"annet", 2},  {"tredje", 3},  {"fjerde", 4},   {"femte", 5},
                  {"sjette", 6}, {"sjuende", 7}, {"syvende", 7},  {"åttende", 8},
                  {"niende", 9}, {"tiende", 10}, {"ellevte", 11}, {"tolvte", 12}};
    r.word_classes = {
        {{"farge", "fargen", "farger", "fargene"},
         {"rød",   "røde",    "oransje", "gul",   "gule",  "grønn",  "grønne", "blå",
          "lilla", "fiolett", "hvit",    "hvite", "svart", "svarte", "sort",   "sorte",
          "grå",   "brun",    "brune",   "rosa",  "gull",  "sølv",   "gyllen", "turkis"}},
        {{"posisjon", "posisjonen", "plass"},
         {"keeper", "målvakt", "målvakten", "forsvarsspiller", "midtstopper", "back", "midtbane",
          "midtbanespiller", "spiss", "angriper", "kantspiller"}},
        {{"materiale", "materialet", "materialer", "byggemateriale"},
         {"stein",  "tre",     "treverk",   "tømmer",    "laftet", "murstein",    "tegl",
          "marmor", "granitt", "sandstein", "kalkstein", "skifer", "kleberstein", "kobber",
          "jern",   "stål",    "betong",    "glass",     "leire",  "torv",        "bronse"},
         {{"bygget", "av"}, {"bygd", "av"}, {"laget", "av"}, {"lagd", "av"}, {"oppført", "av"}}},
        {{"dyr", "dyra", "dyrene", "husdyr", "husdyra", "husdyrene", "buskap", "buskapen"},
         {"kyr",   "kuer",   "ku",     "kua",      "storfe",  "sau",   "sauer",  "sauene",
          "geit",  "geiter", "hest",   "hester",   "hestene", "gris",  "griser", "høne",
          "høner", "hønene", "rein",   "reinsdyr", "elg",     "hjort", "bjørn",  "ulv",
          "rev",   "hund",   "hunder", "katt",     "katter",  "okser", "kalver", "lam"}},
    };
    r.modifiers = {"rundt",  "omkring", "cirka",    "ca",     "nesten", "over",   "under", "drøye",
                   "drøyt",  "vel",     "minst",    "enn",    "snaut",  "knapt",  "bare",  "kun",
                   "tidlig", "sent",    "tidligst", "senest", "mer",    "mindre", "flere", "færre"};
    r.trailing_preps = {"for", "av", "med", "om", "på", "i", "fra", "til", "ved", "som"};
    r.answer_preps = {"i",   "på",      "fra",   "til",    "ved", "under",   "etter",
                      "før", "siden",   "innen", "mellom", "om",  "utenfor", "nær",
                      "mot", "gjennom", "med",   "for",    "av"};
    r.phrase_closers = {"av"};
    r.fixed_phrases = {"på grunn av",   "i stedet for", "i løpet av",        "ved hjelp av",
                       "i forhold til", "i stand til",  "på tross av",       "til tross for",
                       "i tillegg til", "med tanke på", "i forbindelse med", "på vegne av",
                       "i form av",     "ved siden av", "i nærheten av",     "som følge av",
                       "i kraft av",    "blant annet"};
    r.abbreviations = {"st",  "dr", "bl",  "a",    "f",     "eks",  "mill", "mrd",
                       "ca",  "kl", "jf",  "dvs",  "osv",   "nr",   "pr",   "prof",
                       "nå",  "s",  "jan", "feb",  "aug",   "sept", "okt",  "nov",
                       "des", "e",  "kr",  "bl.a", "f.eks", "m.m",  "o.l",  "mv"};
    // clang-format off
    r.word_forms = {
        "be bedt", "binde bandt bundet", "bite beit bet bitt", "bli ble blei blitt",
        "bryte brøt brutt", "by bød budt", "bygge bygde bygd bygt", "bære bar båret",
        "dra drog dro dratt", "drikke drakk drukket", "drive drev dreiv drevet",
        "finne fant funnet", "fly fløy fløyet",
        "forlate forlot forlatt", "forsvinne forsvant forsvunnet", "fryse frøs frosset",
        "få fikk fått", "gi gav ga gitt", "gjelde gjaldt", "gjøre gjorde gjort",
        "gripe grep grepet", "gå gikk gått", "henge hang hengt", "hete het hett",
        "hjelpe hjalp hjulpet", "holde holdt", "klype kløp", "komme kom kommet", "la lot latt",
        "le lo ledd", "legge la lagt", "ligge lå ligget", "lyde lød lydt", "løpe løp løpt",
        "ri red ridd", "rive rev revet", "se så sett", "selge solgte solgt",
        "sette satte satt", "si sa sagt", "sitte satt sittet", "skjære skar skåret",
        "skrive skrev skreiv skrevet", "skyte skjøt skutt", "slippe slapp sluppet", "slå slo slått",
        "sove sov sovet", "spørre spurte spurt", "springe sprang sprunget",
        "stige steg steget", "stjele stjal stjålet", "stryke strøk strøket", "stå stod sto stått",
        "synge sang sunget", "synke sank sunket", "ta tok tatt", "treffe traff truffet",
        "trekke trakk trukket", "vinne vant vunnet", "vite visste visst", "velge valgte valgt",
        "vike vek veket", "være var vært"};
    // clang-format on
    return r;
}

std::string rules_lang(std::string_view lang) { return lang == "en" ? "en" : "nb"; }

// How many words may stand between a question word and its focus noun ("which Carolina
// Panthers player").
constexpr std::size_t kMaxFocusQualifiers = 3;

// "Were the experiments high-voltage or low-voltage?", "Er kirka bygd av tre eller stein?": a
// question opened by a verb that offers options joined by "or". Each option is the word next to
// "or" with the words hyphen-joined to it ("high-voltage"), after an article ("a success").
QuestionInfo choice_question(const std::vector<indexer::Token>& tokens) {
    QuestionInfo info;
    // The tokenizer gives the first word of a hyphen-joined pair the pair as a variant.
    auto joined = [&tokens](std::size_t k) {
        std::string pair = tokens[k - 1].word + tokens[k].word;
        for (const auto& v : tokens[k - 1].variants)
            if (v.starts_with(pair)) return true;
        return false;
    };
    for (const auto& rules : answer_rules()) {
        if (tokens.empty() || !rules.choice_openers.count(tokens[0].word)) continue;
        for (std::size_t k = 2; k + 1 < tokens.size(); ++k) {
            if (!rules.choice_words.count(tokens[k].word)) continue;
            std::size_t a = k - 1, b = k + 1;
            if (rules.articles.count(tokens[b].word) && b + 1 < tokens.size()) ++b;
            std::size_t a0 = a, b1 = b;
            while (a0 > 1 && joined(a0)) --a0;
            while (b1 + 1 < tokens.size() && joined(b1 + 1)) ++b1;
            // "…, or would they vary?": "or" joins clauses, not options.
            auto lang = rules_lang(rules.lang);
            if (indexer::is_stop_word(tokens[a].word, lang) ||
                indexer::is_stop_word(tokens[b].word, lang))
                continue;
            for (auto [from, to] : {std::pair{a0, a}, std::pair{b, b1}}) {
                std::vector<std::string> words;
                for (std::size_t j = from; j <= to; ++j) words.push_back(tokens[j].word);
                info.options.push_back(std::move(words));
            }
            info.lang = rules.lang;
            return info;
        }
    }
    return info;
}

}  // namespace

std::vector<std::string_view> split_words(std::string_view phrase) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < phrase.size()) {
        std::size_t j = phrase.find(' ', i);
        if (j == std::string_view::npos) j = phrase.size();
        if (j > i) out.push_back(phrase.substr(i, j - i));
        i = j + 1;
    }
    return out;
}

const Placement& placement(AnswerType type) {
    // Columns in the order of Placement's fields; printed by bench/qa_fit_placement.py.
    // clang-format off
    static const Placement table[] = {
        /* any     */ {1.98, -1.01, 0.62, 0.37, -0.78, -0.29, 0.28, -1.63, -0.85, -0.30, 0.62,
                       0.24, 0.20, 0.26, 0.28, 0.10, -0.46, -0.28, -0.88, 0.44, 0.91, 0.58, -0.10},
        /* date    */ {2.35, -0.23, 0.40, 0.16, -0.99, 2.01, -0.19, -1.85, -0.83, -0.28, 0.41,
                       1.17, 0.58, 0.89, 0.23, 0.11, -0.25, -0.36, -0.27, -0.20, 0.50, 0.58, -0.11},
        /* number  */ {1.32, -0.58, -0.27, 0.74, -0.99, 1.05, -0.63, -1.41, -1.73, -0.38, 0.31,
                       0.69, 0.28, 0.70, 0.64, 0.11, -0.54, -0.28, -0.30, -0.17, -0.33, 0.58, -0.18},
        /* measure */ {1.86, -0.31, 0.75, -0.09, -1.31, 1.82, -0.58, -1.72, -0.65, -0.40, 0.64,
                       0.46, 0.29, 0.69, 1.01, 0.11, 0.17, -0.40, 0.04, -0.73, 0.73, 0.58, -0.29},
        /* person  */ {2.60, -0.69, 0.03, -0.30, -0.82, -0.80, 1.26, -1.90, -1.24, -0.57, 0.62,
                       0.55, -0.27, 0.31, -0.01, 0.31, -0.43, -0.44, -0.33, 0.03, 0.26, 0.79, -0.57},
        /* place   */ {1.93, -0.85, 0.35, -0.07, -0.83, -0.44, 0.95, -1.85, -0.65, -0.33, 0.55,
                       0.58, 0.36, 0.95, 0.88, 0.06, -0.05, -0.33, 0.01, -0.85, 0.19, 0.50, -0.08},
        /* name    */ {1.70, -0.30, -0.03, -0.06, -1.00, 0.33, 1.40, -1.43, -1.25, -0.04, 0.33,
                       0.48, 0.17, 0.38, 0.39, 0.03, -0.29, -0.45, -0.11, -0.18, 0.35, 0.50, 0.69},
        /* thing   */ {1.62, -0.57, 0.36, 0.17, -0.72, -0.24, 0.10, -1.56, -0.92, -0.09, 0.47,
                       0.08, 0.20, 0.56, 0.67, 0.01, -0.36, -0.31, 0.11, -0.13, 0.53, 0.59, 0.38},
        /* reason  */ {1.71, -0.61, 0.79, -0.55, -0.20, -0.70, -0.37, -1.64, -1.18, -0.28, 1.73,
                       0.90, 0.20, 1.11, 0.69, 0.11, -0.59, -0.15, -0.21, 0.00, 0.73, 0.58, -0.08},
        /* manner  */ {1.70, -0.39, 0.68, 0.35, -0.70, -0.20, -0.70, -1.76, -1.08, -0.27, 0.61,
                       -0.20, 0.20, 0.81, 1.41, 0.40, -0.16, -0.61, -0.01, -0.63, -0.19, 0.58, -0.13},
    };
    // clang-format on
    return table[static_cast<int>(type)];
}

const std::vector<LanguageRules>& answer_rules() {
    static const std::vector<LanguageRules> rules = {english(), norwegian()};
    return rules;
}

namespace {

// Is `verb` after `aux` a verb in the passive? Norwegian forms it with "bli" ("ble bygget");
// English with "be" and a participle, which mostly ends in "-ed" or "-en" or is one of the
// common irregular ones ("What was built …?", not "What is a hermaphrodite?").
bool passive(std::string_view lang, std::string_view aux, const indexer::Token& verb) {
    static const WordSet english_aux = {"is", "are", "was", "were"};
    static const WordSet norwegian_aux = {"ble", "blir", "blei", "vart"};
    static const WordSet irregular = {
        "built", "made",  "held",  "found", "sold",    "kept",   "left",   "lost",   "paid",
        "sent",  "spent", "told",  "won",   "brought", "bought", "caught", "taught", "put",
        "set",   "cut",   "shut",  "led",   "shot",    "struck", "hung",   "dug",    "run",
        "begun", "done",  "seen",  "known", "shown",   "grown",  "drawn",  "thrown", "worn",
        "sworn", "born",  "borne", "said",  "heard",   "meant",  "read",   "laid",   "split"};
    if (verb.numeric || verb.capitalized || verb.word.size() < 3) return false;  // no verb
    if (lang == "en")
        return english_aux.count(aux) > 0 && !indexer::is_stop_word(verb.word, "en") &&
               (verb.word.ends_with("ed") || verb.word.ends_with("en") ||
                irregular.count(verb.word) > 0);
    return norwegian_aux.count(aux) > 0 && !indexer::is_stop_word(verb.word, "nb");
}

}  // namespace

QuestionInfo classify_question(const std::vector<indexer::Token>& tokens,
                               indexer::Analyzer& analyzer) {
    QuestionInfo info;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const LanguageRules* best_rules = nullptr;
        const QuestionRule* best = nullptr;
        std::size_t best_len = 0, best_focus = tokens.size();
        for (const auto& rules : answer_rules()) {
            for (const auto& rule : rules.questions) {
                auto words = split_words(rule.phrase);
                if (i + words.size() > tokens.size() || words.size() <= best_len) continue;
                std::size_t focus = tokens.size();
                bool ok = true;
                for (std::size_t k = 0; k < words.size() && ok; ++k) {
                    const std::string& w = tokens[i + k].word;
                    if (words[k] == "*") {
                        ok = !indexer::is_stop_word(w, rules_lang(rules.lang)) &&
                             !tokens[i + k].numeric;
                        focus = i + k;
                    } else {
                        ok = w == words[k];
                    }
                }
                if (!ok) continue;
                best_rules = &rules;
                best = &rule;
                best_len = words.size();
                best_focus = focus;
            }
        }
        if (!best_rules) continue;
        info.type = best->type;
        info.unit = best->unit;
        info.dimension = split_words(best->dimension);
        info.lang = std::string(best_rules->lang);
        for (std::size_t k = i; k < i + best_len; ++k) info.phrase.push_back(k);
        // "What is X?", "Hvem var X?": X is defined by the other side of "is" in the answer.
        std::size_t next = i + best_len;
        info.definition = next < tokens.size() && best_focus == tokens.size() &&
                          best_rules->copulas.count(tokens[next].word) > 0;
        if (info.type == T::thing && best_focus == tokens.size() && next + 1 < tokens.size() &&
            passive(info.lang, tokens[next].word, tokens[next + 1]))
            info.passive_verb = tokens[next + 1].word;
        for (const auto& t : tokens) {
            info.naming = info.naming || best_rules->naming_words.count(t.word) > 0;
            info.numerals = info.numerals || best_rules->numeral_words.count(t.word) > 0;
            if (best_rules->birth_words.count(t.word)) info.life = 1;
            if (best_rules->death_words.count(t.word)) info.life = -1;
            info.rate = info.rate || best_rules->rate_words.count(t.word) > 0 ||
                        std::any_of(best_rules->rate_stems.begin(), best_rules->rate_stems.end(),
                                    [&t](std::string_view stem) {
                                        return t.word.find(stem) != std::string::npos;
                                    });
        }
        for (const auto& c : best_rules->word_classes) {
            bool by_noun = best_focus < tokens.size() && c.nouns.count(tokens[best_focus].word);
            bool by_cue = false;
            if (info.type == T::thing)  // "Hvem ble kirken bygget av?" asks for a builder
                for (std::size_t k = i + 1; k + 1 < tokens.size() && !by_cue; ++k)
                    for (const auto& [first, second] : c.cues)
                        by_cue =
                            by_cue || (tokens[k].word == first && tokens[k + 1].word == second);
            if (by_noun || by_cue) {
                info.answer_class = &c.members;
                info.class_only = by_cue;
            }
        }
        if (best_focus < tokens.size()) {
            std::string lang = rules_lang(best_rules->lang);
            auto focus_type_of = [&](const std::string& noun) -> const AnswerType* {
                std::string noun_stem = analyzer.stem(noun, lang);
                for (const auto& [word, type] : best_rules->focus) {
                    std::string w(word);
                    if (w == noun || analyzer.stem(w, lang) == noun_stem) return &type;
                }
                // A Norwegian compound asks for what its last part does: "fotballspiller",
                // "hackergruppe". Parts of three letters or less end too many other words.
                if (best_rules->lang != "no") return nullptr;
                const AnswerType* found = nullptr;
                std::size_t longest = 3;
                for (const auto& [word, type] : best_rules->focus) {
                    if (word.size() > longest && noun.size() > word.size() &&
                        std::string_view(noun).ends_with(word)) {
                        found = &type;
                        longest = word.size();
                    }
                }
                return found;
            };
            const AnswerType* focus_type = focus_type_of(tokens[best_focus].word);
            // The focus noun may follow the words that qualify it: "which Carolina Panthers
            // player", "what New Orleans stadium", "hvilken norsk by".
            for (std::size_t k = best_focus + 1;
                 !focus_type && k < tokens.size() && k <= best_focus + kMaxFocusQualifiers; ++k) {
                if (indexer::is_stop_word(tokens[k].word, lang) || tokens[k].numeric) break;
                // "what present-day company": a hyphenated word before a noun qualifies it
                // ("hvilken AP-politiker har" is a politician).
                const auto& joined = tokens[k - 1].variants;
                bool noun_next = k + 1 < tokens.size() && !tokens[k + 1].numeric &&
                                 !indexer::is_stop_word(tokens[k + 1].word, lang);
                if (noun_next && std::find(joined.begin(), joined.end(),
                                           tokens[k - 1].word + tokens[k].word) != joined.end())
                    continue;
                if ((focus_type = focus_type_of(tokens[k].word))) {
                    std::erase(info.phrase, best_focus);
                    info.phrase.push_back(k);
                    best_focus = k;
                }
            }
            const std::string& noun = tokens[best_focus].word;
            info.plural =
                analyzer.stem(noun, lang).size() < noun.size() &&
                (best_rules->lang == "en" ? noun.ends_with("s")
                                          : noun.ends_with("er") || noun.ends_with("ene"));
            bool copula_rule = false;
            for (std::size_t k = i; k < best_focus; ++k)
                copula_rule = copula_rule || best_rules->copulas.count(tokens[k].word) > 0;
            if (focus_type) {
                info.type = *focus_type;
                info.focus = noun;
                // A focus noun that is a unit ("what percentage", "how many miles"): answers
                // in other units fit less (answer_spans.cpp).
                if (auto unit = best_rules->units.find(noun); unit != best_rules->units.end())
                    info.unit = unit->second;
                // A focus noun that is a unit of the answer ("which year", "what percentage")
                // is not in its sentence; one naming a kind of thing ("which city") or what an
                // amount measures ("the population of Røros") often is.
                if (info.type != T::date && info.unit == Unit::none)
                    std::erase(info.phrase, best_focus);
            } else if (copula_rule) {
                // "What is the largest library?": no focus noun after all, just "what is".
                info.phrase = {i};
                info.definition = true;
            } else {
                info.focus = noun;
                std::erase(info.phrase, best_focus);
            }
            // A noun asking for an amount that names no unit ("population", "folketall",
            // "score") asks for a count.
            if (focus_type && *focus_type == T::number && info.unit == Unit::none)
                info.unit = Unit::count;
        }
        // "how many touchdowns" counts; "how many miles" asks in that unit; "how many of them"
        // names nothing it counts.
        if (best->unit == Unit::count) {
            if (next >= tokens.size() || tokens[next].numeric ||
                indexer::is_stop_word(tokens[next].word, rules_lang(best_rules->lang)))
                info.unit = Unit::none;
            else if (auto unit = best_rules->units.find(tokens[next].word);
                     unit != best_rules->units.end())
                info.unit = unit->second;
        }
        // "hvilke språk", "which two fields", "hva het de to barna", "who were": more than one
        // is asked for, though the noun may not show it.
        for (std::size_t k = i; k < tokens.size() && k <= i + best_len + 1; ++k) {
            const std::string& w = tokens[k].word;
            bool counted = k > i && info.type != T::number && info.type != T::measure &&
                           best_rules->plural_counts.count(w) > 0 && k + 1 < tokens.size() &&
                           !tokens[k + 1].numeric;
            bool who_were = k == i + 1 && tokens[i].word == "who" && (w == "were" || w == "are");
            info.plural =
                info.plural || counted || who_were || best_rules->plural_words.count(w) > 0;
        }
        if (best_rules->lang == "no" && !info.phrase.empty() &&
            info.phrase.back() + 1 < tokens.size() &&
            (best_rules->answer_preps.count(tokens.back().word) || tokens.back().word == "som"))
            info.stranded = tokens.back().word;
        // "What is Røros famous for?": a question that ends in a preposition is answered by
        // what follows its word and that preposition in the text ("famous for its …").
        if (!info.phrase.empty() && info.phrase.back() + 2 < tokens.size() &&
            best_rules->trailing_preps.count(tokens.back().word)) {
            info.trailing_prep = tokens.back().word;
            info.definition = false;
        }
        return info;
    }
    return choice_question(tokens);
}

}  // namespace heritage::searcher
