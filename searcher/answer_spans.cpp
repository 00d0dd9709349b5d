// Candidate answer spans of a sentence by their form: dates, amounts, names, cue phrases, chunks.
#include "searcher/answer_spans.hpp"

#include <algorithm>
#include <cctype>

#include "indexer/compounds.hpp"

namespace heritage::searcher {

using T = AnswerType;

namespace {

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// REQUIRES: every mark holds something other than a space. Most gaps are one space, and the
// span finder asks this of each one many times over, so those are answered at once.
bool has_any(std::string_view gap, std::initializer_list<std::string_view> marks) {
    if (gap.find_first_not_of(' ') == std::string_view::npos) return false;
    for (auto m : marks)
        if (gap.find(m) != std::string_view::npos) return true;
    return false;
}

// The gap without a percent sign at its start: "30%–50%" is a range.
std::string_view strip_percent(std::string_view gap) {
    return gap.substr(0, 1) == "%" ? gap.substr(1) : gap;
}

bool dash(std::string_view gap) {
    return gap == "-" || gap == "–" || gap == "—" || gap == " - " || gap == " – " || gap == " — " ||
           gap == "‒";
}

bool opens_quote(std::string_view gap) { return has_any(gap, {"\"", "“", "«", "„", "‘"}); }
bool closes_quote(std::string_view gap) { return has_any(gap, {"\"", "”", "»", "“", "’"}); }

bool in(const WordSet& set, std::string_view w) { return set.count(w) > 0; }

}  // namespace

bool of_word(std::string_view w) { return w == "of" || w == "av"; }

bool blank(std::string_view gap) {
    // ASCII space, tab, NBSP (C2 A0), narrow NBSP and thin space (E2 80 xx / E2 80 AF).
    for (std::size_t i = 0; i < gap.size();) {
        unsigned char c = static_cast<unsigned char>(gap[i]);
        if (c == ' ' || c == '\t') {
            ++i;
        } else if (c == 0xC2 && i + 1 < gap.size() &&
                   static_cast<unsigned char>(gap[i + 1]) == 0xA0) {
            i += 2;
        } else if (c == 0xE2 && i + 2 < gap.size() &&
                   static_cast<unsigned char>(gap[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(gap[i + 2]) == 0xAF ||
                    static_cast<unsigned char>(gap[i + 2]) == 0x89)) {
            i += 3;
        } else {
            return false;
        }
    }
    return true;
}

// The cue's words are read in place: this runs for every cue at every word of every sentence
// read, where splitting the cue into a vector first cost a third of the span finder's time.
std::size_t match_cue(const std::vector<WordView>& w, std::size_t i, std::string_view cue) {
    // Mostly the first letter already differs.
    if (!cue.empty() && cue[0] != ' ' && (i >= w.size() || !w[i].word.starts_with(cue[0])))
        return 0;
    std::size_t k = i;
    for (std::size_t p = 0; p < cue.size();) {
        std::size_t q = std::min(cue.find(' ', p), cue.size());
        if (q > p) {
            if (k >= w.size() || w[k].word != cue.substr(p, q - p)) return 0;
            if (k > i && !blank(w[k].gap)) return 0;
            ++k;
        }
        p = q + 1;
    }
    return k;
}

namespace {

constexpr std::size_t kMaxChunk = 60;  // characters: the longest short answer
// How much less likely the date that ends a range is the answer than the range itself.
constexpr double kRangeEnd = 0.7;
// How much less likely a name ending in "Award" or "kirke" is the person a question asks for.
constexpr double kThingName = 0.6;
// How much less likely a piece of a name that runs into a name of the question is the answer.
constexpr double kNamePiece = 0.3;
// How much less likely a name holding one of the question's names ("Ada Hegerberg" for "Hvem
// savner Hegerberg å spille for?") is the answer: mostly it is the question's own subject.
// Fitted on the QA sets: 0.8 gave SQuAD 3 more short answers and answer passages, NorQuAD 1
// more short answer; 0.6 and less lost SQuAD short answers.
constexpr double kOwnName = 0.8;
// How much less likely whom a pronoun stands for is the answer than a name in its place.
constexpr double kPronoun = 0.9;
// How much less likely Roman numerals alone are an answer, unless numerals are asked for.
constexpr double kBareNumerals = 0.3;
// How much less likely a rate ("per square kilometre") answers a question that asks for none.
constexpr double kRate = 0.5;

// "XLIX", "IV": upper-case Roman numerals.
bool roman_numeral(std::string_view w) {
    return !w.empty() && w.find_first_not_of("IVXLCDM") == std::string_view::npos;
}

class Finder {
  public:
    Finder(const std::vector<WordView>& words, const QuestionInfo& question, int focus,
           std::size_t question_words, const LanguageRules& rules)
        : m_w(words),
          m_q(question),
          m_focus(focus),
          m_question_words(question_words),
          m_expected(question.type),
          m_rules(rules) {}

    std::vector<Candidate> run() {
        if (!m_q.options.empty()) {
            options();
            return std::move(m_out);
        }
        dates();
        if (m_q.life != 0 && m_expected == T::date) lifespans();
        std::size_t dates_found = m_out.size();
        amounts();
        names();
        agents();
        if (m_expected == T::person) pronouns();
        epithets();
        if (!m_q.abbreviation.empty()) expansions();
        cues();
        if (m_expected == T::reason) purposes();
        if (m_q.answer_class) class_members();
        if (m_q.describes_name)
            descriptions();
        else if (m_q.definition)
            definitions();
        focus_phrases();
        if (!m_q.trailing_prep.empty() && (m_expected == T::thing || m_expected == T::any))
            trailing_phrases();
        if (!m_q.passive_verb.empty()) passive_subjects();
        if (m_q.plural) lists();
        chunks();
        drop_cut_dates(dates_found);
        return std::move(m_out);
    }

  private:
    // A span that ends or starts inside a date of several words cuts it in two: "tre i kraft
    // mellom 1" (of "1. januar"). Such a span is never the answer. The first n candidates are
    // the dates that dates() found.
    void drop_cut_dates(std::size_t n) {
        std::vector<std::pair<std::size_t, std::size_t>> dates;
        for (std::size_t k = 0; k < n; ++k)
            if (m_out[k].first != m_out[k].last) dates.emplace_back(m_out[k].first, m_out[k].last);
        auto cuts = [&](const Candidate& c) {
            for (auto [first, last] : dates)
                if ((c.first < first && c.last >= first && c.last < last) ||
                    (c.first > first && c.first <= last && c.last > last))
                    return true;
            return false;
        };
        m_out.erase(
            std::remove_if(m_out.begin() + static_cast<std::ptrdiff_t>(n), m_out.end(), cuts),
            m_out.end());
    }

    // The same word, or another form of it: one begins the other ("wood", "wooden"), or the
    // two share all but a short ending ("declining", "decline"); either way four letters or more.
    static bool same_word(std::string_view a, std::string_view b) {
        std::size_t n = 0;
        while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
        if (n == a.size() && n == b.size()) return true;
        std::size_t shorter = std::min(a.size(), b.size());
        return (n == shorter && n >= 4) || (n >= 5 && n + 3 >= shorter);
    }

    // A choice question is answered by one of its options, where the sentence holds it; the
    // options are question words, so add() would refuse them.
    void options() {
        for (const auto& option : m_q.options) {
            for (std::size_t i = 0; i + option.size() <= m_w.size(); ++i) {
                bool match = true;
                for (std::size_t k = 0; k < option.size() && match; ++k)
                    match = same_word(m_w[i + k].word, option[k]) &&
                            (k == 0 || m_w[i + k].gap.size() <= 1);
                std::size_t last = i + option.size() - 1;
                if (match) m_out.push_back({i, last, T::thing, 1.0, false, i, false, last});
            }
        }
    }

    // The word before `first` if it opens a range joined by `joiner` ("between … and", "from
    // … to"), else `first`.
    std::size_t range_opener(std::size_t first, std::string_view joiner) const {
        if (joiner.empty() || first == 0 || !blank(m_w[first].gap)) return first;
        for (const auto& [opener, join] : m_rules.range_openers)
            if (opener == m_w[first - 1].word && join == joiner) return first - 1;
        return first;
    }

    // Word k follows, across a space, a preposition that answers keep (LanguageRules::
    // answer_preps) and that is not a question word.
    bool preposition_before(std::size_t k) const {
        return k > 0 && blank(m_w[k].gap) && m_w[k - 1].qword < 0 &&
               in(m_rules.answer_preps, m_w[k - 1].word);
    }

    // Adds a candidate unless it is unfit or all question words; true if added. shown_first:
    // where the answer shown starts, if before `first` (Candidate::shown_first). kin_answers:
    // a question word that is the thesaurus's kin of another may be the answer (epithets()).
    bool add(std::size_t first, std::size_t last, T kind, double fitness,
             std::size_t shown_first = static_cast<std::size_t>(-1), bool kin_answers = false) {
        if (fitness <= 0 || first > last || last >= m_w.size()) return false;
        // Words joined by a hyphen are one word: a span never ends inside "McMurdo-sundet",
        // "Orion-armen" or "Nord-Afrika", which the tokenizer splits at the hyphen. Amounts
        // are not joined: "11-year" answers "how many years" with "11".
        auto joined = [this](std::size_t i) {
            return m_w[i].gap == "-" && !m_w[i].numeric && !m_w[i - 1].numeric;
        };
        while (last + 1 < m_w.size() && joined(last + 1)) ++last;
        while (first > 0 && joined(first)) --first;
        // A plain chunk that is the span of a candidate of some form already is that candidate.
        if (kind == T::any)
            for (const auto& c : m_out)
                if (c.first == first && c.last == last && c.kind != T::any) return false;
        // A synonym of the question's word does answer what that word means or is called:
        // «gruvebyen» for "Hva betyr Bergstaden?"; or which one it is (epithets()).
        bool all_question = true;
        for (std::size_t i = first; i <= last; ++i)
            all_question = all_question && m_w[i].qword >= 0 &&
                           !((m_q.naming || kin_answers) && m_w[i].related);
        if (all_question) return false;
        // "XLIX" of "Super Bowl XLIX": Roman numerals alone are the end of a name, unless the
        // question asks for numerals.
        bool numerals = true;
        for (std::size_t i = first; i <= last && numerals; ++i)
            numerals = roman_numeral(m_w[i].surface) || (i > first && m_w[i].stop);
        if (numerals && !m_q.numerals) fitness *= kBareNumerals;
        // "Opening Night" of "Super Bowl Opening Night", where the question names Super Bowl:
        // a piece of a longer name that runs into one of the question's names.
        if (kind == T::name) {
            auto joins = [this](std::size_t q, std::size_t right) {
                return m_w[q].qname && m_w[q].capital && blank(m_w[right].gap);
            };
            if ((first > 0 && joins(first - 1, first)) ||
                (last + 1 < m_w.size() && joins(last + 1, last + 1)))
                fitness *= kNamePiece;
            for (std::size_t i = first; i <= last; ++i)
                if (m_w[i].qname && m_w[i].capital) {
                    fitness *= kOwnName;
                    break;
                }
        }
        // Words that belong to an amount or date: "late 2008", "more than 150", "rundt 1400";
        // and in languages whose answers keep it, the preposition: "i 1948", "på Tjuvholmen".
        if (kind == T::date || kind == T::number || kind == T::measure) {
            while (first > 0 && blank(m_w[first].gap) && m_w[first - 1].qword < 0 &&
                   in(m_rules.modifiers, m_w[first - 1].word))
                --first;
        }
        bool prep = kind == T::date || (kind == T::name && m_expected == T::place);
        if (prep && preposition_before(first)) {
            --first;
            // "på slutten av 1950-tallet": the whole phrase (LanguageRules::phrase_closers).
            if (in(m_rules.phrase_closers, m_w[first].word) && first >= 2 &&
                blank(m_w[first].gap) && blank(m_w[first - 1].gap) && m_w[first - 1].qword < 0 &&
                m_w[first - 2].qword < 0 && in(m_rules.answer_preps, m_w[first - 2].word))
                first -= 2;
        }
        std::size_t shown = std::min(first, shown_first);
        // "i mer enn 600 år", "ved 5–9 °C": a measure is shown with its preposition where
        // answers keep one (LanguageRules::answer_preps), though placement does not weigh it.
        if (kind == T::measure && preposition_before(first)) shown = std::min(shown, first - 1);
        // "the Scots": a name or thing takes in the article before it where answers are
        // written so (LanguageRules::kept_articles).
        if ((kind == T::name || kind == T::thing) && first > 0 && blank(m_w[first].gap) &&
            in(m_rules.kept_articles, m_w[first - 1].word) &&
            m_w[last].end - m_w[first - 1].start <= kMaxChunk)
            shown = std::min(shown, first - 1);
        // "med en bakre lårmuskel" for "Hva sliter han med?": the preposition ending the
        // question, where it stands right before the answer; not for amounts ("tre", not "av
        // tre").
        bool amount = kind == T::number || kind == T::measure || kind == T::date;
        if (!amount && !m_q.stranded.empty() && shown > 0 && m_w[shown - 1].word == m_q.stranded &&
            m_w[shown].gap == " ")
            --shown;
        // "9000 dollar": an amount of money is shown with its currency, though the bare number
        // is what placement weighs.
        std::size_t shown_last = last;
        if (kind == T::number && last + 1 < m_w.size() && blank(m_w[last + 1].gap)) {
            auto unit = m_rules.units.find(m_w[last + 1].word);
            if (unit != m_rules.units.end() && unit->second == Unit::money) shown_last = last + 1;
        }
        m_out.push_back({first, last, kind, fitness, false, shown, false, shown_last});
        return true;
    }

    // Fitness of a span of `kind` for the expected type.
    double fit(T kind, double strength = 1.0) const {
        static constexpr double table[][10] = {
            // expected: any  date  number measure person place name  thing reason manner
            /* date    */ {0.6, 1.0, 0.3, 0.5, 0.0, 0.0, 0.0, 0.3, 0.1, 0.1},
            /* number  */ {0.5, 0.25, 1.0, 0.6, 0.0, 0.0, 0.0, 0.3, 0.1, 0.1},
            /* measure */ {0.6, 0.4, 0.9, 1.0, 0.0, 0.0, 0.0, 0.4, 0.1, 0.1},
            /* name    */ {0.6, 0.0, 0.0, 0.0, 0.85, 0.75, 0.85, 0.55, 0.15, 0.15},
            /* cue     */ {0.7, 0.0, 0.0, 0.0, 0.5, 0.5, 0.9, 0.9, 0.2, 0.2},
            /* reason  */ {0.3, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.2, 0.9, 0.4},
            /* manner  */ {0.3, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.2, 0.3, 0.8},
            /* chunk   */ {0.35, 0.05, 0.05, 0.05, 0.1, 0.1, 0.15, 0.35, 0.3, 0.3},
        };
        int row = 7;
        switch (kind) {
            case T::date:
                row = 0;
                break;
            case T::number:
                row = 1;
                break;
            case T::measure:
                row = 2;
                break;
            case T::person:
            case T::place:
            case T::name:
                row = 3;
                break;
            case T::thing:
                row = 4;
                break;
            case T::reason:
                row = 5;
                break;
            case T::manner:
                row = 6;
                break;
            case T::any:
                row = 7;
                break;
        }
        // "How old" is answered by an age, seldom by the year something happened.
        if (kind == T::date && m_q.unit == Unit::age) strength *= 0.5;
        return table[row][static_cast<int>(m_expected)] * strength;
    }

    // Where months are written capitalised, "may" and "march" are no months.
    bool month(std::size_t i) const {
        return i < m_w.size() && in(m_rules.months, m_w[i].word) &&
               (!m_rules.capital_months || m_w[i].capital);
    }
    bool small_number(std::size_t i) const {
        return i < m_w.size() && all_digits(m_w[i].word) && m_w[i].word.size() <= 2;
    }
    bool year(std::size_t i) const { return i < m_w.size() && is_year(m_w[i]); }
    // The last word of a date with a year that starts at word k ("1953", "May 2008", "6. juni
    // 1944", "May 21, 2013"), or 0 if none does.
    std::size_t date_end(std::size_t k) const {
        if (year(k)) return k;
        if (month(k) && year(k + 1)) return k + 1;
        if ((small_number(k) && month(k + 1)) || (month(k) && small_number(k + 1)))
            return year(k + 2) ? k + 2 : 0;
        return 0;
    }

    void dates() {
        for (std::size_t i = 0; i < m_w.size(); ++i) {
            const WordView& w = m_w[i];
            // "1880s", "1600s"
            if (w.word.size() >= 4 && w.word.back() == 's' &&
                all_digits(w.word.substr(0, w.word.size() - 1))) {
                add(i, i, T::date, fit(T::date));
                continue;
            }
            // "klokken 23.40", "kl. 19.33", "i 11.30-tiden": a time of day.
            if (in(m_rules.clock_words, w.word) && i + 1 < m_w.size() && m_w[i + 1].numeric &&
                (blank(m_w[i + 1].gap) || m_w[i + 1].gap == ". ")) {
                add(i, i + 1, T::date, fit(T::date, 0.9));
                continue;
            }
            if (w.numeric && i + 1 < m_w.size() && m_w[i + 1].gap == "-" &&
                m_w[i + 1].word == "tiden") {
                add(i, i + 1, T::date, fit(T::date, 0.9));
                continue;
            }
            // "c1750": a year written with "circa" joined to it.
            if ((w.word.size() == 4 || w.word.size() == 5) && w.word[0] == 'c' &&
                all_digits(w.word.substr(1))) {
                add(i, i, T::date, fit(T::date, 0.9));
                continue;
            }
            if (year(i)) {
                std::size_t first = i, last = i;
                double strength = 0.85;
                // "15. september 2008", "September 15, 2008", "May 1784"
                if (i >= 1 && month(i - 1)) {
                    first = i - 1;
                    strength = 1.0;
                    if (i >= 2 && small_number(i - 2)) first = i - 2;
                    if (first == i - 2 && i >= 3 && month(i - 3)) first = i - 3;  // a weekday
                } else if (i >= 2 && small_number(i - 1) && month(i - 2)) {
                    first = i - 2;
                    strength = 1.0;
                }
                // "1715–1789", "1880-tallet", "1646 to 1953", "mellom 1780 og 1784"
                std::string_view joiner;  // the range's "to", "and" or "-"
                if (i + 1 < m_w.size() && dash(m_w[i + 1].gap) &&
                    (year(i + 1) || in(m_rules.time_suffixes, m_w[i + 1].word) ||
                     (small_number(i + 1) && m_w[i + 1].word.size() == 2))) {
                    last = i + 1;
                    strength = 1.0;
                    if (!in(m_rules.time_suffixes, m_w[i + 1].word)) joiner = "-";
                } else if (std::size_t end = date_end(i + 2);
                           end && blank(m_w[i + 1].gap) && blank(m_w[i + 2].gap) &&
                           in(m_rules.range_words, m_w[i + 1].word)) {
                    // "1646 to 1953", "November 2006 and May 2008"
                    last = end;
                    strength = 1.0;
                    joiner = m_w[i + 1].word;
                }
                // "between September and November 1946": a range of months in one year.
                if (first == i - 1 && i >= 3 && month(i - 3) &&
                    in(m_rules.range_words, m_w[i - 2].word)) {
                    first = i - 3;
                    joiner = m_w[i - 2].word;
                }
                // "2nd century BCE", "AD 1250"
                if (last + 1 < m_w.size() && in(m_rules.era_words, m_w[last + 1].word)) ++last;
                if (first > 0 && in(m_rules.era_words, m_w[first - 1].word)) --first;
                first = with_day_article(first);
                // "fra oktober 1941 til januar 1942": the end of a range is not when it was.
                if (range_end(first)) strength *= kRangeEnd;
                add(first, last, T::date, fit(T::date, strength), range_opener(first, joiner));
                if (first != i || last != i) add(i, i, T::date, fit(T::date, 0.8));
                continue;
            }
            // "16. mai", "May 16", "torsdag"
            if (month(i)) {
                if (year(i + 1) || (small_number(i + 1) && year(i + 2))) continue;  // done above
                std::size_t first = i, last = i;
                // "lørdag 19. oktober": the weekday and the day go with the month's span.
                if (!(i >= 1 && small_number(i - 1)) && small_number(i + 1) &&
                    blank(m_w[i + 1].gap) && month(i + 2))
                    continue;
                if (i >= 1 && small_number(i - 1)) {
                    first = i - 1;
                    if (i >= 2 && month(i - 2)) first = i - 2;
                    // "22. oktober 741": a year before 1000 after a day and month.
                    if (i + 1 < m_w.size() && blank(m_w[i + 1].gap) &&
                        all_digits(m_w[i + 1].word) && m_w[i + 1].word.size() == 3)
                        last = i + 1;
                } else if (small_number(i + 1)) {
                    last = i + 1;
                }
                // "mellom 1. januar og 31. mars", "from May 1 to June 30", "24 August – 3
                // October 1572": a range of days, perhaps in one year.
                std::string_view joiner;
                std::size_t next = 0;  // the first word of the range's last day
                double strength = first != last ? 0.9 : 0.6;
                if (first != last && last + 2 < m_w.size() && dash(m_w[last + 1].gap)) {
                    joiner = "-";
                    next = last + 1;
                } else if (first != last && last + 3 < m_w.size() && blank(m_w[last + 1].gap) &&
                           in(m_rules.range_words, m_w[last + 1].word) &&
                           blank(m_w[last + 2].gap)) {
                    joiner = m_w[last + 1].word;
                    next = last + 2;
                }
                if (next && ((small_number(next) && month(next + 1)) ||
                             (month(next) && small_number(next + 1)))) {
                    last = next + 1;
                    if (year(last + 1) && (blank(m_w[last + 1].gap) || m_w[last + 1].gap == ", ")) {
                        ++last;
                        strength = 1.0;
                    }
                } else {
                    joiner = {};
                }
                first = with_day_article(first);
                add(first, last, T::date, fit(T::date, strength), range_opener(first, joiner));
            }
            // "17th century", "det 17. århundre" ("1600-tallet" is handled with years)
            if (in(m_rules.century_words, w.word) && i >= 1) {
                const auto& prev = m_w[i - 1].word;
                bool era = i + 1 < m_w.size() && in(m_rules.era_words, m_w[i + 1].word);
                if (!prev.empty() && prev[0] >= '0' && prev[0] <= '9')
                    add(i - 1, era ? i + 1 : i, T::date, fit(T::date, 0.9));
            }
        }
    }

    // The value of a number written in digits: "128,843" and "128.843" (a separator before
    // three digits) are 128843, "2.5" and "2,5" are 2.5. Only the order of two numbers is asked.
    static double value(std::string_view word) {
        double v = 0, place = 0;  // place: 0 before a decimal point, else the next digit's
        for (std::size_t k = 0; k < word.size(); ++k) {
            char c = word[k];
            if (c >= '0' && c <= '9') {
                if (place == 0) {
                    v = v * 10 + (c - '0');
                } else {
                    v += (c - '0') * place;
                    place /= 10;
                }
            } else if ((c == '.' || c == ',') && place == 0) {
                std::size_t n = 0;
                while (k + 1 + n < word.size() &&
                       std::isdigit(static_cast<unsigned char>(word[k + 1 + n])))
                    ++n;
                if (n != 3) place = 0.1;
            }
        }
        return v;
    }

    bool number_start(std::size_t i) const {
        const WordView& w = m_w[i];
        return w.numeric || in(m_rules.number_words, w.word);
    }

    void amounts() {
        for (std::size_t i = 0; i < m_w.size(); ++i) {
            if (!number_start(i) ||
                (year(i) && m_expected != T::number && m_expected != T::measure))
                continue;
            if (i > 0 && number_start(i - 1) && blank(m_w[i].gap)) continue;  // inside a run
            // "(2009)" dates the number next to it; it is not an amount itself.
            if (year(i) && m_w[i].gap.find('(') != std::string_view::npos &&
                (i + 1 == m_w.size() || m_w[i + 1].gap.rfind(")", 0) == 0))
                continue;
            std::size_t last = i;
            // "32 000", "three hundred", "1.2 billion", "95 prosent"
            while (
                last + 1 < m_w.size() && blank(m_w[last + 1].gap) &&
                ((m_w[last + 1].numeric && m_w[last + 1].word.size() == 3 && m_w[last].numeric) ||
                 in(m_rules.scale_words, m_w[last + 1].word) ||
                 (in(m_rules.number_words, m_w[last + 1].word) && !m_w[last].numeric)))
                ++last;
            // "3:08", "11:28": a time written with a colon is one amount.
            while (last + 1 < m_w.size() && m_w[last + 1].gap == ":" && m_w[last].numeric &&
                   m_w[last + 1].numeric)
                ++last;
            // "30–50", "30%–50%", "5 to 15", "between 150,000 and 200,000": a range is one
            // amount.
            std::string_view joiner;
            if (last + 1 < m_w.size() && m_w[last + 1].numeric && !year(last + 1) &&
                dash(strip_percent(m_w[last + 1].gap))) {
                ++last;
                joiner = "-";
            } else if (last + 2 < m_w.size() && m_w[i].numeric && m_w[last + 2].numeric &&
                       !year(last + 2) && in(m_rules.range_words, m_w[last + 1].word) &&
                       blank(strip_percent(m_w[last + 1].gap)) && blank(m_w[last + 2].gap) &&
                       value(m_w[last + 2].word) > value(m_w[last].word) &&  // not "315 to 194"
                       (m_w[i].qword < 0 || m_w[last + 2].qword < 0)) {
                joiner = m_w[last + 1].word;
                last += 2;
                while (last + 1 < m_w.size() && blank(m_w[last + 1].gap) &&
                       in(m_rules.scale_words, m_w[last + 1].word))
                    ++last;  // "30 to 50 thousand"
            }
            bool is_word = !m_w[i].numeric;
            // Ordinals and vague words ("first", "several") are weak as amounts.
            double strength = is_word ? 0.8 : 1.0;
            // "Nicki Bille (31)": a bracketed number after a name is the person's age.
            bool bracketed_age = !is_word && last == i && i > 0 && m_w[i - 1].capital &&
                                 m_w[i].gap.find('(') != std::string_view::npos &&
                                 i + 1 < m_w.size() && m_w[i + 1].gap.rfind(")", 0) == 0;
            if (bracketed_age && m_q.unit != Unit::age) strength *= 0.3;
            // "What percentage": an amount in digits written with a percent sign or word ("over
            // half" is a share too; a number ending its sentence may have its sign after it,
            // unseen here).
            if (m_q.unit == Unit::share && !is_word && last + 1 < m_w.size() &&
                m_w[last + 1].gap.find('%') == std::string_view::npos) {
                auto unit = m_rules.units.find(m_w[last + 1].word);
                if (unit == m_rules.units.end() || unit->second != Unit::share) strength *= 0.5;
            }
            // A number that looks like a year is one, unless it counts something: "1600
            // mennesker", "1600 farms" (a unit, or the noun the question counts).
            bool counts = last + 1 < m_w.size() && blank(m_w[last + 1].gap) &&
                          (m_rules.units.count(m_w[last + 1].word) > 0 || m_w[last + 1].qword >= 0);
            if (year(i) && last == i && !counts) strength = 0.5;
            // "1 049 innbyggere per kvadratkilometer" is a density, not how many live there.
            if (!m_q.rate && rate_after(last)) strength *= kRate;
            T kind = T::number;
            std::size_t unit_end = last;
            double unit_strength = strength;
            Unit found = Unit::none;
            // "50 metres", and hyphenated: "a 3.47-square-kilometre town".
            if (last + 1 < m_w.size() && (blank(m_w[last + 1].gap) || m_w[last + 1].gap == "-")) {
                auto unit = m_rules.units.find(m_w[last + 1].word);
                if (unit != m_rules.units.end()) {
                    unit_end = last + 1;
                    kind = T::measure;
                    found = unit->second;
                    if (other_unit(unit->second)) unit_strength *= 0.4;
                    // An age is "26 years old" or "515 million years", not a span of time
                    // like "3 days" or "13 years and 48 days".
                    if (m_q.unit == Unit::age && unit->second == Unit::time) {
                        if (unit_end + 1 < m_w.size() && blank(m_w[unit_end + 1].gap) &&
                            in(m_rules.old_words, m_w[unit_end + 1].word))
                            ++unit_end;
                        else if (last == i)
                            unit_strength *= 0.6;
                    }
                }
            }
            // "5–9 °C": the tokenizer drops the degree sign and keeps its scale's letter.
            if (kind == T::number && last + 1 < m_w.size() && degree_scale(last + 1)) {
                unit_end = last + 1;
                kind = T::measure;
                if (other_unit(Unit::temperature)) unit_strength *= 0.4;
            }
            // "740 K (467 °C)", "115.7 metres (187 feet)": a measure and its conversion are
            // one answer, and the question may ask in either unit.
            if (kind == T::measure) {
                if (std::size_t end = conversion_end(unit_end + 1)) {
                    auto unit = m_rules.units.find(m_w[end].word);
                    bool asked = unit != m_rules.units.end() ? !other_unit(unit->second)
                                                             : !other_unit(Unit::temperature);
                    if (asked) unit_strength = std::max(unit_strength, strength);
                    unit_end = end;
                }
            }
            // "at age 39", "i en alder av 87", "Newton was 26": a bare number after an age word
            // or a copula is an age.
            if (m_q.unit == Unit::age && kind == T::number && !is_word &&
                (after_age_word(i) || bracketed_age ||
                 (i > 0 && in(m_rules.copulas, m_w[i - 1].word))))
                kind = T::measure;
            if (add(i, unit_end, kind, fit(kind, unit_strength), range_opener(i, joiner)) &&
                kind == T::measure && measures_asked(unit_end + 1))
                m_out.back().member = true;
            // "etter 33 minutters spill", "after 20 minutes": a time elapsed answers "when".
            std::size_t before = i;
            while (before > 0 && blank(m_w[before].gap) &&
                   in(m_rules.modifiers, m_w[before - 1].word))
                --before;
            if (found == Unit::time && m_expected == T::date && before > 0 &&
                blank(m_w[before].gap) && in(m_rules.after_words, m_w[before - 1].word)) {
                std::size_t e = unit_end;
                // The noun a Norwegian genitive unit goes with: "33 minutters spill".
                if (m_rules.lang == "no" && m_w[e].word.ends_with('s') && e + 1 < m_w.size() &&
                    blank(m_w[e + 1].gap) && !m_w[e + 1].stop && m_w[e + 1].qword < 0)
                    ++e;
                add(before - 1, e, T::date, fit(T::date, 0.9));
            }
            // "13 years and 48 days", "2 timer og 15 minutter": one measure in two units.
            std::size_t e = unit_end;
            if (kind == T::measure && m_q.unit != Unit::age && e + 3 < m_w.size() &&
                in(m_rules.list_words, m_w[e + 1].word) && m_w[e + 2].numeric &&
                m_rules.units.count(m_w[e + 3].word) > 0 && blank(m_w[e + 1].gap) &&
                blank(m_w[e + 2].gap) && blank(m_w[e + 3].gap))
                add(i, e + 3, kind, fit(kind, unit_strength));
            // The number alone: "3,47" of "3,47 kvadratkilometer" counts no people either.
            if (unit_end != last)
                add(i, last, T::number,
                    fit(T::number, strength * 0.9 * (other_unit(found) ? 0.4 : 1.0)),
                    range_opener(i, joiner));
            // A joining word may list two amounts rather than span them: each is one too.
            if (!joiner.empty() && joiner != "-") add(i, i, T::number, fit(T::number, strength));
        }
    }

    // Does "per" or a slash follow the amount ending at word k, after its unit or counted noun?
    bool rate_after(std::size_t k) const {
        for (std::size_t j = k + 1; j < m_w.size() && j <= k + 2; ++j) {
            // "2 720 /sq mi", "90 km/h": a slash before a word divides by it.
            std::string_view gap = m_w[j].gap;
            std::size_t slash = gap.find('/');
            if (slash != gap.npos && blank(gap.substr(0, slash)) && blank(gap.substr(slash + 1)) &&
                !m_w[j].numeric)
                return true;
            if (!blank(m_w[j].gap)) break;
            if (in(m_rules.rate_words, m_w[j].word)) return true;
        }
        return false;
    }

    // Do the words from k on say that the measure before them is what the question asks: a
    // word of its dimension ("50 metres below the surface", "8 848 meter over havet" for "how
    // deep", "hvor høyt"), or, after function words only, one of its words ("500 metres into
    // the mountain" for "How far into the mountain …")?
    bool measures_asked(std::size_t k) const {
        const auto& words = m_q.dimension;
        if (words.empty()) return false;
        for (std::size_t j = k; j < m_w.size() && j < k + 3 && !breaks_phrase(m_w[j].gap); ++j) {
            if (j < k + 2 && std::find(words.begin(), words.end(), m_w[j].word) != words.end())
                return true;
            if (m_w[j].qword >= 0) return true;
            if (!m_w[j].stop) return false;
        }
        return false;
    }

    // The question asks for a unit and `found` measures something else: "how deep" is not
    // answered in years. "How old" is, but by an age: "26 years old", not "13 years and 48 days".
    bool other_unit(Unit found) const {
        Unit asked = m_q.unit == Unit::age ? Unit::time : m_q.unit;
        // A count may be of money or a share ("how many voters": "52 percent").
        if (asked == Unit::count)
            return found != Unit::none && found != Unit::money && found != Unit::share;
        return asked != Unit::none && found != Unit::none && found != asked;
    }

    // Word k is the "C" or "F" of a temperature: "5–9 °C".
    bool degree_scale(std::size_t k) const {
        std::string_view g = m_w[k].gap;
        return (g == "°" || g == " °" || g == "\u00a0°") &&
               (m_w[k].word == "c" || m_w[k].word == "f");
    }

    // The last word of an amount with a unit in brackets that starts at word k ("(467 °C)",
    // "(187 feet)"), or 0 if there is none.
    std::size_t conversion_end(std::size_t k) const {
        if (k + 1 >= m_w.size() || !m_w[k].numeric || !m_w[k].gap.ends_with("(")) return 0;
        std::size_t end = k + 1;
        if (m_w[end].numeric && m_w[end].word.size() == 3 && blank(m_w[end].gap)) ++end;
        if (end >= m_w.size()) return 0;
        bool unit = blank(m_w[end].gap) && m_rules.units.count(m_w[end].word) > 0;
        if (!unit && !degree_scale(end)) return 0;
        bool closed = end + 1 == m_w.size() || m_w[end + 1].gap.starts_with(")");
        return closed ? end : 0;
    }

    // "Peder Hiort (1715–1789)", "(10 July 1856 – 7 January 1943)": a range of dates in
    // brackets is a life. For "born" its first date is the answer, for "died" its last.
    void lifespans() {
        for (auto& c : m_out) {
            bool bracketed = false;
            for (std::size_t k = c.first + 1; k-- > 0;) {
                if (m_w[k].gap.find('(') != std::string_view::npos) {
                    bracketed = true;
                    break;
                }
                if (m_w[k].gap.find(')') != std::string_view::npos) break;
            }
            if (!bracketed) continue;
            bool dash_before = dash(m_w[c.first].gap);
            bool dash_after = c.last + 1 < m_w.size() && dash(m_w[c.last + 1].gap) &&
                              (m_w[c.last + 1].numeric || month(c.last + 1));
            if (m_q.life > 0 ? dash_after && !dash_before : dash_before && !dash_after)
                c.member = true;
        }
    }

    // Word k starts a date that ends a range: a range word and a date stand before it.
    bool range_end(std::size_t k) const {
        return k >= 2 && blank(m_w[k].gap) && blank(m_w[k - 1].gap) &&
               in(m_rules.range_words, m_w[k - 1].word) && (year(k - 2) || month(k - 2));
    }

    // `first`, or the word before it if that is an article of a date that starts with its day:
    // "den 16. juni 1815".
    std::size_t with_day_article(std::size_t first) const {
        bool article = first > 0 && small_number(first) && blank(m_w[first].gap) &&
                       in(m_rules.day_articles, m_w[first - 1].word);
        return article ? first - 1 : first;
    }

    // Word i follows an age word, perhaps across "of" or "av": "at age 39", "at the age of 60".
    bool after_age_word(std::size_t i) const {
        for (std::size_t k = i; k-- > 0 && i - k <= 2;) {
            if (in(m_rules.age_words, m_w[k].word)) return true;
            if (!m_w[k].stop) return false;
        }
        return false;
    }

    bool name_word(std::size_t i) const {
        const WordView& w = m_w[i];
        if (!w.capital) return false;
        // A capitalised stop word opening the sentence is just the sentence's first word.
        if (i == 0 && w.stop) return false;
        return true;
    }

    // Can the name run continue from word i-1 to word i?
    bool name_gap(std::size_t i) const {
        std::string_view g = m_w[i].gap;
        if (blank(g) || g == "-" || g == "–" || g == "'" || g == "’" || g == "' " || g == "’ ")
            return true;
        // Initials and abbreviations: "J. R. Tolkien", "St. Olav"
        if ((g == ". " || g == ".") && m_w[i - 1].surface.size() <= 3) return true;
        return g == " & " || g == "&";  // "Tiffany & Co.", "AT&T"
    }

    // Runs of capitalised words, joined by "of", "av", hyphens and initials. A run may hold
    // question words ("Northumbria University" for "which university"); its parts without
    // them are candidates too.
    void names() {
        std::size_t i = 0;
        while (i < m_w.size()) {
            if (!name_word(i)) {
                ++i;
                continue;
            }
            std::size_t last = i;
            while (last + 1 < m_w.size()) {
                std::size_t n = last + 1;
                if (!name_gap(n)) break;
                if (name_word(n))
                    last = n;
                else if (in(m_rules.name_joiners, m_w[n].word) && n + 1 < m_w.size() &&
                         name_gap(n + 1) && name_word(n + 1))
                    last = n + 1;
                else
                    break;
            }
            name(i, last);
            name_list(i, last);
            // The question's own name ending the run ("Midt i Røros"-regionen).
            std::size_t own = last + 1;
            while (own > i && m_w[own - 1].qword >= 0 && name_word(own - 1)) --own;
            if (own <= last) region(own, last);
            std::size_t a = i;
            for (std::size_t k = i; k <= last + 1; ++k) {
                if (k <= last && m_w[k].qword < 0) continue;
                if (k > a && (a != i || k != last + 1)) {
                    std::size_t b = k - 1;
                    while (b > a && in(m_rules.name_joiners, m_w[b].word)) --b;  // "Court of"
                    name(a, b);
                }
                a = k + 1;
            }
            i = last + 1;
        }
    }

    // "Mary Pickford, Douglas Fairbanks og D.W. Griffith": names joined by commas and "and".
    void name_list(std::size_t first, std::size_t last) {
        std::size_t end = last, runs = 1;
        // "Røros kirke og Røros kapell": each name may end in its lower-case noun.
        auto headed = [this](std::size_t e) {
            return e + 1 < m_w.size() && blank(m_w[e + 1].gap) && !m_w[e + 1].capital &&
                   in(m_rules.name_heads, m_w[e + 1].word);
        };
        if (headed(end)) ++end;
        while (end + 2 < m_w.size()) {
            std::size_t n = end + 1;
            bool joined = comma(m_w[n].gap) || in(m_rules.list_words, m_w[n].word);
            if (!joined) break;
            if (!comma(m_w[n].gap))
                ++n;  // the "and" itself
            else if (in(m_rules.list_words, m_w[n].word) && n + 1 < m_w.size())
                ++n;
            if (n >= m_w.size() || !name_word(n) || (n > end + 1 && !blank(m_w[n].gap))) break;
            std::size_t e = n;
            while (e + 1 < m_w.size() && name_gap(e + 1) && name_word(e + 1)) ++e;
            if (headed(e)) ++e;
            end = e;
            ++runs;
        }
        if (news(first, end) && runs > 1 && m_w[end].end - m_w[first].start <= kMaxChunk)
            add(first, end, T::name, fit(T::name, m_q.plural ? 1.0 : 0.9));
    }

    // The sentence's capitalised first word is a name, not just capitalised for where it
    // stands: a bracket follows it ("Warsaw (Polish: Warszawa) is"), the sentence writes it
    // capitalised again further on ("… the Capital City of Warsaw"), or the dictionary knows
    // it only as a name ("Sweden rationed gasoline").
    bool named_opening() const {
        if (m_w.size() > 1 && m_w[1].gap.find('(') != std::string_view::npos) return true;
        for (std::size_t k = 1; k < m_w.size(); ++k)
            if (m_w[k].capital && m_w[k].word == m_w[0].word) return true;
        return indexer::Lexicon::shared().is_name(std::string(m_w[0].word),
                                                  m_rules.lang == "en" ? "en" : "nb");
    }

    // Does the span say something the question does not: a word that is neither a question
    // word nor a function word? Not "Ludvig VII og Eleonore" for "Hva het de to barna til
    // Eleonore og Ludvig VII?". A synonym or related word of a question word does: "Budejju"
    // (the thesaurus's Bodø) answers "Hva kalles Bådø på nordsamisk?".
    bool news(std::size_t first, std::size_t last) const {
        for (std::size_t k = first; k <= last; ++k)
            if ((m_w[k].qword < 0 || m_w[k].related) && !m_w[k].stop) return true;
        return false;
    }

    void name(std::size_t first, std::size_t last) {
        if (!m_w[first].capital || !news(first, last)) return;
        bool after_place_prep = after_place_preposition(first);
        double strength = 1.0;
        if (m_expected == T::person)
            strength = (last > first ? 1.0 : 0.8) * (after_place_prep ? 0.7 : 1.0) *
                       (in(m_rules.thing_heads, m_w[last].word) ? kThingName : 1.0);
        if (m_expected == T::place) strength = place_strength(first);
        if (first == 0 && last == first && !named_opening()) strength *= 0.6;
        if (m_q.plural) strength *= 0.9;  // one name of a list the question asks for
        double fitness = std::min(1.0, fit(T::name, strength));
        add(first, last, T::name, fitness);
        // "Ringsaker kirke", "Roskilde kommune": the noun after a name can be part of it.
        std::size_t n = last + 1;
        if (n < m_w.size() && !m_w[n].capital && blank(m_w[n].gap) && m_w[n].qword < 0 &&
            in(m_rules.name_heads, m_w[n].word))
            add(first, n, T::name, fitness);
        // "FNs klimapanel", "Norges Bank": a Norwegian genitive name and the noun it owns.
        else if (m_rules.lang == "no" && n < m_w.size() && m_w[last].surface.ends_with('s') &&
                 blank(m_w[n].gap) && m_w[n].qword < 0 && !m_w[n].stop && !m_w[n].numeric &&
                 !m_w[n].capital &&
                 (n + 1 == m_w.size() || m_w[n + 1].stop || !blank(m_w[n + 1].gap)))
            add(first, n, T::name, fitness * 0.9);  // not "Danmarks kommende kamper"
    }

    // "Midt i Røros-regionen", "in the midst of the Røros region": the area named after the
    // question's own place is where it lies. Not for a question that asks for one of a kind
    // ("What city is tied with Miami …?" is not answered "Miami area").
    void region(std::size_t first, std::size_t last) {
        std::size_t n = last + 1;
        if (m_expected != T::place || m_focus >= 0 || n >= m_w.size() || m_w[n].capital ||
            m_w[n].qword >= 0 || !in(m_rules.region_heads, m_w[n].word) ||
            !(blank(m_w[n].gap) || m_w[n].gap == "-"))
            return;
        if (add(first, n, T::name, std::min(1.0, fit(T::name, place_strength(first)))))
            m_out.back().echoed = true;
    }

    bool after_place_preposition(std::size_t first) const {
        return first > 0 && in(m_rules.place_preps, m_w[first - 1].word);
    }

    // How much a name starting at word `first` looks like the place a question asks for.
    double place_strength(std::size_t first) const {
        return after_place_preposition(first) ? 1.3 : 0.9;
    }

    // The doer after the question's own verb in the passive: "recorded by Bob Gallion" answers
    // "Who recorded it?". Only names, for questions asking who or for a name; the verb may be
    // followed by one adverb ("designed entirely by").
    void agents() {
        if ((m_expected != T::person && m_expected != T::name) || m_rules.agent_word.empty())
            return;
        for (std::size_t i = 1; i + 1 < m_w.size(); ++i) {
            if (m_w[i].word != m_rules.agent_word || !blank(m_w[i].gap) || !blank(m_w[i + 1].gap))
                continue;
            std::size_t v = i - 1;
            if (v > 0 && m_w[v].qword < 0 && m_w[v].word.size() > 4 &&
                m_w[v].word.ends_with("ly") && blank(m_w[v].gap))
                --v;
            if (m_w[v].qword < 0 || m_w[v].qword == m_focus || m_w[v].stop || m_w[v].capital)
                continue;
            std::size_t s = i + 1;
            if (in(m_rules.articles, m_w[s].word) && s + 1 < m_w.size() && blank(m_w[s + 1].gap))
                ++s;
            // The names found there (a name, a list of them, "Guy de Lusignan"), or the name
            // after a description of it ("by the British rock group Coldplay", "by
            // Slovene-American author Louis Adamic").
            bool described = false;
            std::size_t j = s;
            for (; j < m_w.size() && j < s + 5; ++j) {
                const WordView& w = m_w[j];
                if (w.stop || w.numeric || w.qword >= 0 || (j > s && !blank(w.gap) && w.gap != "-"))
                    break;
                if (!w.capital)
                    described = true;
                else if (described)
                    break;
            }
            if (described && j < m_w.size() && j < s + 5 && name_word(j) && blank(m_w[j].gap))
                s = j;
            if (!name_word(s)) continue;
            const std::size_t count = m_out.size();
            for (std::size_t k = 0; k < count; ++k) {
                if (m_out[k].first != s || m_out[k].kind != T::name) continue;
                m_out.push_back(m_out[k]);
                m_out.back().agent = true;
            }
        }
    }

    // "sammen med «sølvbyen» Kongsberg", "the “silver-town” of Kongsberg": the name right
    // after the question's words in quotes, a name given to it, is the one a which-question
    // asks for ("Hvilken by er sølvbyen?").
    void epithets() {
        if (m_q.focus.empty()) return;  // the question asks which one: "which town", "hvilken by"
        for (std::size_t i = 0; i < m_w.size(); ++i) {
            if (!opens_quote(m_w[i].gap) || m_w[i].qword < 0 || m_w[i].related) continue;
            std::size_t s = i + 1;
            while (s < m_w.size() && m_w[s].qword >= 0 && !closes_quote(m_w[s].gap)) ++s;
            if (s >= m_w.size() || !closes_quote(m_w[s].gap)) continue;
            if (of_word(m_w[s].word) && s + 1 < m_w.size() && blank(m_w[s + 1].gap)) ++s;
            // The thesaurus may know the name as the epithet's: it is what the question asks.
            if (!name_word(s) || (m_w[s].qword >= 0 && !m_w[s].related)) continue;
            std::size_t e = s;
            while (e + 1 < m_w.size() && name_word(e + 1) && blank(m_w[e + 1].gap)) ++e;
            if (add(s, e, T::name, fit(T::name), static_cast<std::size_t>(-1), true))
                m_out.back().echoed = true;
            i = s;
        }
    }

    // "At Engan, he built a small church" for "Who built the small church?": the pronoun,
    // which the reader replaces by whom it stands for (Candidate::pronoun).
    void pronouns() {
        for (std::size_t k = 0; k < m_w.size(); ++k)
            if (m_w[k].qword < 0 && in(m_rules.person_pronouns, m_w[k].word) &&
                add(k, k, T::name, fit(T::name) * kPronoun))
                m_out.back().pronoun = true;
    }

    // "video assistant referee" for "Hva står VAR for?": words whose first letters spell the
    // abbreviation, small lower-case words between them skipped ("Church of England").
    void expansions() {
        for (std::size_t s = 0; s < m_w.size(); ++s)
            if (std::size_t e = spelled(0, s); e < m_w.size()) {
                if (add(s, e, T::thing, 1.0)) m_out.back().echoed = m_out.back().spells = true;
                s = e;
            }
    }

    // The last word of the words from k on whose first letters spell the abbreviation's
    // letters from `from` on, or m_w.size() if they do not. The words run across spaces,
    // hyphens and slashes.
    std::size_t spelled(std::size_t from, std::size_t k) const {
        const auto& letters = m_q.abbreviation;
        std::size_t none = m_w.size();
        if (k >= m_w.size() || m_w[k].qword >= 0 || m_w[k].numeric) return none;
        if (from > 0 && !blank(m_w[k].gap) && m_w[k].gap != "-" && m_w[k].gap != "/") return none;
        if (from == 0 && m_w[k].stop) return none;
        if (m_w[k].word.starts_with(letters[from])) {
            if (from + 1 == letters.size()) return k;
            if (std::size_t e = spelled(from + 1, k + 1); e < none) return e;
        }
        if (from > 0 && m_w[k].stop && !m_w[k].capital) return spelled(from, k + 1);
        return none;
    }

    // "which company" → "a postal company", "which county" → "Sør-Trøndelag county": the words
    // before the focus noun, with it. A name there is what the question points at.
    void focus_phrases() {
        for (std::size_t k = 1; k < m_w.size(); ++k) {
            if (m_focus < 0 || m_w[k].qword != m_focus) continue;
            std::size_t first = k;
            while (first > 0 && k - first < 4 && !breaks_phrase(m_w[first].gap) &&
                   m_w[first - 1].qword < 0 && !in(m_rules.copulas, m_w[first - 1].word))
                --first;
            while (first < k && m_w[first].stop) ++first;
            // A list may start with a name the question holds: "Røros kirke og Røros kapell"
            // for "Hvilke kirker står i Røros?".
            if (m_q.plural && first == k && blank(m_w[k].gap))
                while (first > 0 && name_word(first - 1) && (first == k || name_gap(first)))
                    --first;
            if (first == k) continue;
            if (name_word(k - 1)) {
                // "which churches" → "Røros Church and Røros Chapel": the list it starts.
                std::size_t count = m_out.size();
                if (m_q.plural) name_list(first, k);
                bool listed = m_out.size() > count;
                if (listed) m_out.back().echoed = true;
                if (add(first, k, T::name, fit(T::name))) m_out.back().echoed = !listed;
            } else {
                if (first > 0 && m_w[first - 1].stop && m_w[first - 1].word.size() <= 3 &&
                    !breaks_phrase(m_w[first].gap))
                    --first;  // "a postal company", "the judicial branch"
                add(first, k, T::thing, fit(T::thing));
            }
        }
    }

    // The first word of what the naming cue at word `i` names, past adverbs and function words
    // ("is also called", "kalles noen ganger"); m_w.size() if `cue` is not at `i`.
    std::size_t named_start(std::size_t i, std::string_view cue) const {
        std::size_t s = match_cue(m_w, i, cue);
        if (s == 0) return m_w.size();
        while (s < m_w.size() && (m_w[s].stop || in(m_rules.cue_adverbs, m_w[s].word)) &&
               !opens_quote(m_w[s].gap) && !breaks_phrase(m_w[s].gap))
            ++s;
        return s;
    }

    // The last word of what a naming cue names, starting at word `s`: quoted text, a name, or
    // a few words up to punctuation.
    std::size_t named_end(std::size_t s) const {
        std::size_t last = s;
        if (opens_quote(m_w[s].gap)) {
            while (last + 1 < m_w.size() && last - s < 10 && !closes_quote(m_w[last + 1].gap))
                ++last;
        } else if (name_word(s)) {
            while (last + 1 < m_w.size() && name_gap(last + 1) && name_word(last + 1)) ++last;
        } else {
            while (last + 1 < m_w.size() && last - s < 3 && !breaks_phrase(m_w[last + 1].gap) &&
                   !m_w[last + 1].stop)
                ++last;
        }
        return last;
    }

    // The phrase after a cue word: quoted text, a name, or a few words up to punctuation.
    void cues() {
        for (std::size_t i = 0; i < m_w.size(); ++i) {
            for (auto cue : m_rules.name_cues) {
                std::size_t s = named_start(i, cue);
                if (s >= m_w.size()) continue;
                std::size_t last = named_end(s);
                // A name after "called" answers questions about names; others only weakly. A
                // question about names ("what is it known as", "hva kalles") is answered right
                // after the naming word.
                if (add(s, last, T::thing,
                        fit(T::thing, m_q.naming || m_expected == T::name ? 1.0 : 0.6)))
                    m_out.back().echoed = m_q.naming;
            }
            clause_after(i, m_rules.reason_cues, T::reason, 1.0, kMaxChunk, false);
            clause_after(i, m_rules.manner_cues, T::manner, 1.0, kMaxChunk, false);
            // Time and place phrases without a date or a name: "i forrige uke", "on the roof".
            clause_after(i, m_rules.time_cues, T::date, 0.5, 40, true);
            clause_after(i, m_rules.place_cues, T::place, 0.6, 40, true);
        }
    }

    // "was built “to the glory of God”" answers "Why was the church built?": a purpose word
    // right after a word of the question (its verb) or a quote mark after it, to the end of
    // the clause.
    void purposes() {
        auto follows = [](std::string_view gap) {
            return blank(gap) || (opens_quote(gap) && gap.find_first_of(",;:.") == gap.npos);
        };
        for (std::size_t i = 1; i + 1 < m_w.size(); ++i)
            if (in(m_rules.purpose_words, m_w[i].word) && m_w[i - 1].qword >= 0 &&
                follows(m_w[i].gap) && m_w[i + 1].qword < 0)
                add(i, clause_end(i), T::reason, fit(T::reason));
    }

    // The cue and the words after it, to the end of the clause or max_chars.
    void clause_after(std::size_t i, const std::vector<std::string_view>& cues, T kind,
                      double strength, std::size_t max_chars, bool stop_at_question) {
        if (m_expected != kind && m_expected != T::any) return;
        for (auto cue : cues) {
            std::size_t s = match_cue(m_w, i, cue);
            if (s == 0 || s >= m_w.size() || (stop_at_question && m_w[s].qword >= 0)) continue;
            // The cue word itself belongs to the answer ("because of the war", "fordi …"), and
            // so do hedges before it ("partly because", "blant annet på grunn av").
            std::size_t first = i;
            while (first > 0 && blank(m_w[first].gap) && m_w[first - 1].qword < 0 &&
                   in(m_rules.hedges, m_w[first - 1].word))
                --first;
            std::size_t last = s;
            while (last + 1 < m_w.size() && !breaks_phrase(m_w[last + 1].gap) &&
                   !(stop_at_question && m_w[last + 1].qword >= 0) &&
                   m_w[last + 1].end - m_w[first].start <= max_chars)
                ++last;
            // Not "When the" of "When the copperworks were shut down": the clause must say
            // something beyond its cue.
            if (!news(s, last)) continue;
            add(first, last, kind, fit(kind, strength));
        }
    }

    // Word k may be part of an item of a list: no question word, no function word other than
    // an article.
    bool item_word(std::size_t k) const {
        return m_w[k].qword < 0 && (!m_w[k].stop || in(m_rules.articles, m_w[k].word));
    }

    // For questions asking for several things: "spissbuer, ribbekrysshvelv og strebebuer",
    // "analysis of algorithms and computability theory". Items are up to kMaxItem words
    // without question or function words, the last after "and"/"og", the others between commas.
    void lists() {
        constexpr std::size_t kMaxItem = 3;
        // The last word of the item words in a row from word a, at most kMaxItem of them.
        auto item_end = [this](std::size_t a) {
            std::size_t e = a;
            while (e + 1 < m_w.size() && e + 1 - a < kMaxItem && blank(m_w[e + 1].gap) &&
                   item_word(e + 1))
                ++e;
            return e;
        };
        for (std::size_t j = 1; j + 1 < m_w.size(); ++j) {
            if (!in(m_rules.list_words, m_w[j].word) || !blank(m_w[j].gap) ||
                !blank(m_w[j + 1].gap) || !item_word(j + 1))
                continue;
            std::size_t last = item_end(j + 1);
            // "rigid uppermost portion of the upper mantle"
            if (last + 2 < m_w.size() && in(m_rules.name_joiners, m_w[last + 1].word) &&
                blank(m_w[last + 1].gap) && blank(m_w[last + 2].gap) && item_word(last + 2))
                last = item_end(last + 2);
            while (last > j + 1 && m_w[last].stop) --last;  // not ending in an article
            // The items before "and": back to a comma, a function word or a question word.
            std::size_t first = j, items = 1;
            for (;;) {
                std::size_t a = first;
                while (a > 0 && first - a < kMaxItem && item_word(a - 1) &&
                       (a == first || blank(m_w[a].gap)))
                    --a;
                if (a == first) break;
                first = a;
                ++items;
                if (!comma(m_w[first].gap) || first == 0 || !item_word(first - 1)) break;
            }
            // An article opens the list only where answers keep it: Norwegian "det" in "kom det
            // kobber" is no article at all.
            if (m_w[first].stop && !in(m_rules.kept_articles, m_w[first].word)) ++first;
            if (items < 2 || first >= j || m_w[last].end - m_w[first].start > kMaxChunk) continue;
            add(first, last, T::thing, fit(T::thing, 0.8));
        }
    }

    // "What colour", "what position": each word of the class is an answer of the asked-for
    // form. For a plural question ("which animals"), so is a list of them: "cattle and sheep,
    // as well as chickens and horses".
    void class_members() {
        auto member = [this](std::size_t i) { return m_q.answer_class->count(m_w[i].word) > 0; };
        std::size_t listed = 0;  // words before this are in a list found already
        for (std::size_t i = 0; i < m_w.size(); ++i) {
            if (!member(i)) continue;
            if (add(i, i, T::thing, 1.0)) m_out.back().member = true;
            if (!m_q.plural || i < listed) continue;
            std::size_t last = i;
            // Members joined by commas, "and", "as well as", with at most two function words
            // ("the") between them.
            std::size_t between = 0;
            for (std::size_t j = i + 1; j < m_w.size() && between <= 2; ++j) {
                if (breaks_phrase(m_w[j].gap) && !comma(m_w[j].gap)) break;
                if (member(j)) {
                    last = j;
                    between = 0;
                    continue;
                }
                if (std::size_t joined = list_phrase_end(j); joined > 0)
                    j = joined - 1;
                else if (m_w[j].stop)
                    ++between;
                else
                    break;
            }
            listed = last + 1;
            if (last > i && m_w[last].end - m_w[i].start <= kMaxChunk &&
                add(i, last, T::thing, 1.0))
                m_out.back().member = true;
        }
    }

    // The word index one past a list phrase ("as well as") starting at word j, else 0.
    std::size_t list_phrase_end(std::size_t j) const {
        for (auto phrase : m_rules.list_phrases)
            if (std::size_t e = match_cue(m_w, j, phrase); e > 0) return e;
        return 0;
    }

    // "X is Y" where X holds the question's words: Y, up to the end of its clause; or where Y
    // holds them: X, from the start of its clause ("What is the largest library?").
    void definitions() {
        // "Where is Smelthytta?" is not answered "The melting hut", but "at Malmplassen".
        if (m_expected != T::place && m_expected != T::date) named_things();
        for (std::size_t c = 1; c + 1 < m_w.size(); ++c) {
            if (!in(m_rules.copulas, m_w[c].word) || m_w[c].qword >= 0) continue;
            // The subject may end a few words before "is": "Anthony Anthony (c. 1514–1563) was".
            bool before = false, after = m_w[c + 1].qword >= 0;
            for (std::size_t k = c; k-- > 0 && c - k <= 8 && !before;) before = m_w[k].qword >= 0;
            if (before && !after) {
                // "En galakse er et massivt … system": the sentence that opens with the
                // question's words and says what they are outweighs "Spiralgalakser er
                // skiveformede" (a compound, matched as a related word) and "Tymnet was also
                // connected to …" (no article or content word after "is").
                if (add(c + 1, clause_end(c + 1), T::thing, fit(T::thing)) &&
                    opens_with_question(c) &&
                    (!m_w[c + 1].stop || in(m_rules.articles, m_w[c + 1].word)))
                    m_out.back().echoed = true;
            } else if (after && !before) {
                std::size_t first = c - 1;
                while (first > 0 && !breaks_phrase(m_w[first].gap) && m_w[first - 1].qword < 0 &&
                       m_w[c - 1].end - m_w[first - 1].start <= kMaxChunk)
                    --first;
                add(first, c - 1, T::thing, fit(T::thing));
            }
        }
    }

    // Does the sentence open with all of the question's words, and no other content word, as
    // the subject of the copula at word c: "En galakse er …", "A comet (from …) is …"? Words in
    // brackets do not count; a related word ("Spiralgalakser" for "galakse") is another word.
    bool opens_with_question(std::size_t c) const {
        std::size_t k = 0;
        while (k < c && in(m_rules.articles, m_w[k].word)) ++k;
        if (m_question_words == 0 || k == c || m_w[k].qword < 0 || m_w[k].related) return false;
        int depth = 0;
        std::vector<bool> held(m_question_words);
        for (std::size_t j = k; j < c; ++j) {
            for (char ch : m_w[j].gap) depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
            if (j > k && depth > 0) continue;
            if (m_w[j].qword >= 0 && !m_w[j].related)
                held[static_cast<std::size_t>(m_w[j].qword)] = true;
            else if (!m_w[j].stop)
                return false;
        }
        return std::all_of(held.begin(), held.end(), [](bool h) { return h; });
    }

    // "The church, which is called “Bergstadens Ziir”" answers "What is Bergstadens Ziir?": the
    // phrase that a naming word gives the question's name to, from the start of its clause.
    // So does "The melting hut, “Smelthytta”, at Malmplassen" answer "What is Smelthytta?": a
    // quoted name set beside the phrase by a comma.
    void named_things() {
        auto linking = [this](std::size_t k) {
            return in(m_rules.copulas, m_w[k].word) || in(m_rules.relatives, m_w[k].word) ||
                   in(m_rules.cue_adverbs, m_w[k].word);
        };
        // The name given at word s is the question's, whole: not "Bergstadens Ziir" for
        // "Bergstaden".
        auto given = [this](std::size_t s) {
            for (std::size_t k = s, last = named_end(s); k <= last; ++k)
                if (!(m_w[k].qword >= 0 && !m_w[k].related) && !(k > s && m_w[k].stop))
                    return false;
            return true;
        };
        // The phrase ending at word `last`, to the start of its clause. With `whole`, only a
        // phrase without the question's words: "What was melted at Smelthytta?" is not
        // answered "hut", of "The melting hut, “Smelthytta”".
        auto named = [&](std::size_t last, bool whole) {
            std::size_t first = last;
            while (first > 0 && !breaks_phrase(m_w[first].gap) && m_w[first - 1].qword < 0 &&
                   !linking(first - 1) && m_w[last].end - m_w[first - 1].start <= kMaxChunk)
                --first;
            if (whole && first > 0 && m_w[first - 1].qword >= 0 && !breaks_phrase(m_w[first].gap))
                return;
            // Not "it" of "it is also known as X": a pronoun or adverb names nothing.
            if (m_w[last].qword < 0 && !m_w[last].stop && add(first, last, T::thing, fit(T::thing)))
                m_out.back().echoed = true;
        };
        for (std::size_t i = 1; i < m_w.size(); ++i) {
            std::string_view gap = m_w[i].gap;
            if (gap.find(',') != gap.npos && opens_quote(gap) && given(i)) named(i - 1, true);
            for (auto cue : m_rules.name_cues) {
                std::size_t s = named_start(i, cue);
                if (s >= m_w.size() || !given(s)) continue;
                std::size_t e = i;  // the words between the phrase and the cue: "which is"
                while (e > 0 && linking(e - 1) && !breaks_phrase(m_w[e].gap)) --e;
                if (e == 0 || (e == i && !blank(m_w[i].gap) && !comma(m_w[i].gap))) continue;
                named(e - 1, false);
            }
        }
    }

    // "famous for its high concentration of artists": the phrase after a question word and
    // the preposition that ends the question, to the end of its clause. Only for questions
    // that ask for no particular form ("Which single did they collaborate on?" asks a name).
    void trailing_phrases() {
        for (std::size_t k = 1; k + 1 < m_w.size(); ++k) {
            if (m_w[k].word != m_q.trailing_prep || m_w[k - 1].qword < 0 || !blank(m_w[k].gap) ||
                m_w[k + 1].qword >= 0 || breaks_phrase(m_w[k + 1].gap))
                continue;
            std::size_t last = clause_end(k + 1);
            while (last > k + 1 && m_w[last].stop) --last;  // "cottages of the" miners
            if (news(k + 1, last)) add(k + 1, last, T::thing, fit(T::thing));
        }
    }

    // "where the copper ore was melted" answers "What was melted at Smelthytta?": the noun
    // phrase (its words, and an article before them) right before a copula and the question's
    // verb in the passive (QuestionInfo::passive_verb: "was melted", "ble bygget").
    void passive_subjects() {
        auto noun = [this](std::size_t j) {
            return m_w[j].qword < 0 && !m_w[j].stop && !m_w[j].numeric;
        };
        for (std::size_t k = 1; k + 1 < m_w.size(); ++k) {
            const WordView& verb = m_w[k + 1];
            if (!in(m_rules.copulas, m_w[k].word) || !blank(m_w[k].gap) || !blank(verb.gap) ||
                verb.word != m_q.passive_verb)
                continue;
            std::size_t first = k - 1;
            if (!noun(first)) continue;
            // Its nouns and their article, and those of a phrase it is "of" ("the capacity of
            // the Tyne Tunnel").
            while (true) {
                while (first > 0 && noun(first - 1) && blank(m_w[first].gap)) --first;
                if (first > 0 && in(m_rules.articles, m_w[first - 1].word) && blank(m_w[first].gap))
                    --first;
                if (first < 2 || !of_word(m_w[first - 1].word) || !blank(m_w[first].gap) ||
                    !blank(m_w[first - 1].gap) || !noun(first - 2))
                    break;
                first -= 2;
            }
            if (add(first, k - 1, T::thing, fit(T::thing))) m_out.back().agent = true;
        }
    }

    // The last word of the clause that starts at word `first`, within kMaxChunk characters and
    // before the next question word.
    std::size_t clause_end(std::size_t first) const {
        std::size_t last = first;
        while (last + 1 < m_w.size() && !breaks_phrase(m_w[last + 1].gap) &&
               m_w[last + 1].qword < 0 && m_w[last + 1].end - m_w[first].start <= kMaxChunk)
            ++last;
        return last;
    }

    // For "Who was Peder Hiort?": what the name's own sentence says it is. Where the question's
    // words run together (the name), after it and a bracket ("(1715–1789)"): "is Y", or ", Y"
    // to the end of its clause where Y starts with a noun or an article (not ", and …");
    // before it: "Y, X" from the start of its clause. Not "was painted" of "the map, which
    // Peder Hiort kept, was painted": the name is not its subject.
    void descriptions() {
        auto whole = [this](std::size_t last) {
            return last + 1 == m_w.size() || breaks_phrase(m_w[last + 1].gap);
        };
        for (std::size_t a = 0; a < m_w.size(); ++a) {
            if (m_w[a].qword < 0) continue;
            std::size_t b = a;
            while (b + 1 < m_w.size() && m_w[b + 1].qword >= 0 && blank(m_w[b + 1].gap)) ++b;
            std::size_t k = b + 1;
            std::string_view gap = k < m_w.size() ? m_w[k].gap : std::string_view();
            // "John Lennon (født 1940, død 1980), var en britisk låtskriver": the copula may
            // follow the name's brackets after a comma.
            bool bracketed = gap.find('(') != std::string_view::npos;
            if (bracketed) {
                while (k < m_w.size() && m_w[k].gap.find(')') == std::string_view::npos) ++k;
                gap = k < m_w.size() ? m_w[k].gap.substr(m_w[k].gap.find(')') + 1) : gap;
            }
            if (k + 1 < m_w.size() && (blank(gap) || (bracketed && comma(gap))) &&
                in(m_rules.copulas, m_w[k].word) && !breaks_phrase(m_w[k + 1].gap)) {
                // The brackets' words part it from the name, but it says what the name is.
                if (add(k + 1, clause_end(k + 1), T::thing, fit(T::thing)) && bracketed)
                    m_out.back().echoed = true;
            } else if (k < m_w.size() && comma(gap) && whole(clause_end(k)) &&
                       (!m_w[k].stop || in(m_rules.articles, m_w[k].word)))
                add(k, clause_end(k), T::thing, fit(T::thing));
            if (a > 0 && comma(m_w[a].gap)) {
                std::size_t first = a - 1;
                while (first > 0 && !breaks_phrase(m_w[first].gap) &&
                       m_w[a - 1].end - m_w[first - 1].start <= kMaxChunk)
                    --first;
                if (first == 0 || breaks_phrase(m_w[first].gap))
                    add(first, a - 1, T::thing, fit(T::thing));
            }
            a = b;
        }
    }

    // Runs of words that are not question words, between punctuation: the fallback for
    // questions whose answers have no particular form.
    void chunks() {
        std::size_t i = 0;
        while (i < m_w.size()) {
            if (m_w[i].qword >= 0) {
                ++i;
                continue;
            }
            // A run of non-question words; a comma does not end it (lists), but its parts
            // between commas are chunks of their own too.
            std::size_t last = i;
            while (last + 1 < m_w.size() && m_w[last + 1].qword < 0 &&
                   (!breaks_phrase(m_w[last + 1].gap) || comma(m_w[last + 1].gap)))
                ++last;
            chunk(i, last);
            std::size_t part = i;
            for (std::size_t k = i + 1; k <= last + 1; ++k) {
                if (k <= last && !comma(m_w[k].gap)) continue;
                if (part != i || k != last + 1) chunk(part, k - 1);
                part = k;
            }
            i = last + 1;
        }
    }

    static bool comma(std::string_view gap) { return gap == ", " || gap == ","; }

    // A chunk without the function words around it ("the church"), and with those before it
    // ("som et symbol på rikdom"), each cut to kMaxChunk characters.
    void chunk(std::size_t a0, std::size_t b0) {
        std::size_t a = a0, b = b0;
        while (a <= b && m_w[a].stop) ++a;
        while (b > a && m_w[b].stop) --b;
        if (a > b || m_w[a].stop) return;
        if (a > a0 && m_w[a - 1].stop && m_w[a - 1].word.size() <= 3) --a;  // "the", "et"
        window(a, b);
        if (a0 < a) window(a0, b);
    }

    void window(std::size_t a, std::size_t b) {
        if (m_w[b].end - m_w[a].start <= kMaxChunk) {
            add_chunk(a, b);
            return;
        }
        std::size_t e = a;
        while (e + 1 <= b && m_w[e + 1].end - m_w[a].start <= kMaxChunk) ++e;
        add_chunk(a, e);
        std::size_t f = b;
        while (f > a && m_w[b].end - m_w[f - 1].start <= kMaxChunk) --f;
        add_chunk(f, b);
    }

    // A question for a date or amount is not answered by words around one ("Byen" of "Byen
    // Røros, som er …, har et folketall på 3 640", "300 metres long" for "how many carts"):
    // where the sentence holds one that fits, a chunk must hold it too, and be more than it and
    // the words qualifying what it counts.
    void add_chunk(std::size_t a, std::size_t b) {
        bool amount = m_expected == T::date || m_expected == T::number || m_expected == T::measure;
        bool fits = false, held = false, counts = false;
        for (const auto& c : m_out) {
            if (!amount || !of_type(c.kind, m_expected) || c.fitness < 0.5) continue;
            fits = true;
            bool in_it = c.first >= a && c.last <= b;
            held = held || in_it;
            // "30 gamle" of "30 gamle gårder": the amount and the words that qualify what it
            // counts, which the question names next.
            if (in_it && c.first == a && b + 1 < m_w.size() && m_w[b + 1].qword >= 0 &&
                blank(m_w[b + 1].gap)) {
                bool qualifiers = true;
                for (std::size_t k = c.last + 1; k <= b; ++k)
                    qualifiers = qualifiers && !m_w[k].stop && !m_w[k].numeric && blank(m_w[k].gap);
                counts = counts || (qualifiers && c.last < b);
            }
        }
        if (!fits || (held && !counts)) add(a, b, T::any, fit(T::any));
    }

    const std::vector<WordView>& m_w;
    const QuestionInfo& m_q;
    int m_focus;
    std::size_t m_question_words;
    AnswerType m_expected;
    const LanguageRules& m_rules;
    std::vector<Candidate> m_out;
};

}  // namespace

bool breaks_phrase(std::string_view gap) {
    return has_any(gap, {",", ";", ":", "(",   ")",   "[", "]", "\"", "\n", "«", "»",
                         "“", "”", "„", " – ", " — ", "–", "—", ".",  "!",  "?"});
}

bool of_type(AnswerType kind, AnswerType expected) {
    switch (expected) {
        case T::date:
            return kind == T::date;
        case T::number:
            return kind == T::number || kind == T::measure;
        case T::measure:
            return kind == T::measure;
        case T::person:
            return kind == T::name;
        case T::place:
            return kind == T::name || kind == T::place;
        case T::name:
            return kind == T::name || kind == T::thing;
        default:
            return false;
    }
}

bool is_year(const WordView& w) {
    if (w.word.size() != 4 || !all_digits(w.word)) return false;
    int y = std::stoi(std::string(w.word));
    return y >= 1000 && y <= 2100;
}

std::vector<Candidate> find_candidates(const std::vector<WordView>& words,
                                       const QuestionInfo& question, int focus,
                                       std::size_t question_words, const LanguageRules& rules) {
    return Finder(words, question, focus, question_words, rules).run();
}

}  // namespace heritage::searcher
