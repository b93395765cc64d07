"""The date extractor: every form, every "not a date" case, roles, issue dates and durations.

All examples are invented in the genre's style (councils, people and dates are not from the corpus).
"""

from __future__ import annotations

import sys

import pytest

from pipeline.document import DateFact, Document, Extraction
from pipeline.extract import dates as D
from pipeline.extract.dates import extract_dates


def calendar(text: str) -> list[str]:
    """ISO values of the calendar dates (day or month precision) found in ``text``."""
    return [f.date for f in extract_dates(text) if f.precision in ("day", "month")]  # type: ignore[misc]


def one(text: str) -> DateFact:
    found = [f for f in extract_dates(text) if f.precision in ("day", "month")]
    assert len(found) == 1, found
    return found[0]


def issued(text: str) -> list[str]:
    return sorted({f.date for f in extract_dates(text) if f.role == "issued"})  # type: ignore[misc]


# --- forms ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "iso", "precision"), [
    ("The notice was given on 4th February 2019 to the Council.", "2019-02-04", "day"),
    ("The notice was given on 4 February 2019.", "2019-02-04", "day"),
    ("Given under my hand on the 2nd day of March 2020.", "2020-03-02", "day"),
    ("Dated this twenty-first day of June 2017", "2017-06-21", "day"),
    ("The panel met on Tuesday 14 January 2020 in private.", "2020-01-14", "day"),
    ("The panel met on Tuesday, the 14th of January 2020.", "2020-01-14", "day"),
    ("Received 03/11/2019 by the Department.", "2019-11-03", "day"),
    ("Received 03.11.2019 by the Department.", "2019-11-03", "day"),
    ("Received 3/11/19 by the Department.", "2019-11-03", "day"),
    ("Minutes approved 2019-11-03.", "2019-11-03", "day"),
    ("The letter of November 3, 2019 set this out.", "2019-11-03", "day"),
    ("The inspection took place in October 2018.", "2018-10", "month"),
    ("A baseline of 40% (Oct 2018) must fall.", "2018-10", "month"),
    ("A baseline of 40% (Sept. 2018) must fall.", "2018-09", "month"),
    ("Work began in early June 2019 with the partner.", "2019-06", "month"),
    ("The plan is due at the end of July 2019.", "2019-07", "month"),
    ("Targets are to be met by February 2020.", "2020-02", "month"),
    ("The Commissioner's report (published August 2017) found weaknesses.", "2017-08", "month"),
    ("The October 2016 Directions remain in force.", "2016-10", "month"),
    ("DATED 9 NOVEMBER 2023", "2023-11-09", "day"),
])
def test_forms(text: str, iso: str, precision: str) -> None:
    f = one(text)
    assert (f.date, f.precision) == (iso, precision)
    assert text[f.start:f.end] == f.text


def test_heading_with_a_month_range_gives_both_ends() -> None:
    assert calendar("Appendix C - Caseloads June 2017- March 2018") == ["2017-06", "2018-03"]


def test_day_without_year_inside_a_range_takes_the_range_year() -> None:
    assert calendar("Fieldwork ran between 14 October and 2 November 2018.") == ["2018-10-14", "2018-11-02"]
    assert calendar("Fieldwork ran from 28 December to 9 January 2019.") == ["2018-12-28", "2019-01-09"]
    assert calendar("Fieldwork ran on 4-6 June 2018.") == ["2018-06-04", "2018-06-06"]
    assert calendar("Visits took place in May and July 2018.") == ["2018-05", "2018-07"]


def test_day_and_month_without_year_resolve_from_the_statement_date() -> None:
    text = ("Written ministerial statement, made on 7 June 2019\n\n"
            "On 3 April I told the House that I was minded to intervene. Councils were asked to reply by 30 April.\n")
    assert calendar(text) == ["2019-06-07", "2019-04-03", "2019-04-30"]


def test_day_and_month_without_year_resolve_to_the_nearest_year_of_the_anchor() -> None:
    text = "Date: 8 January 2021\n\nThank you for your letter of 21 December, which I have considered."
    assert calendar(text) == ["2021-01-08", "2020-12-21"]


def test_day_and_month_without_a_certain_year_are_dropped() -> None:
    assert calendar("The board will meet on 12 March to agree the plan.") == []
    assert calendar("A report is expected for the July Cabinet.") == []


def test_invalid_calendar_days_are_not_dates() -> None:
    assert calendar("It was recorded as 31 February 2019 and 30/02/2019 and 12/13/2019.") == []


# --- not dates --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "functions under sections 10, 12 and 17A of the Children Act 2004",
    "section 11 of the Education Act 2002 and the Local Government Act 1972",
    "The Council may wish to consult, and may march ahead, but it may not delay.",
    "Phone no: 0161 234 5678 or 020 7946 0018",
    "the Improvement Plan (2018-20) and the Strategy (2019–2022) and budget 2021/22",
    "the operating model (2019) agreed by Cabinet",
    "within 3 months, every two calendar months, quarterly, and early in the New Year",
    "paragraphs 4.12 and 13.2, an increase of 2,019 placements and £12.5 million",
])
def test_not_dates(text: str) -> None:
    assert calendar(text) == []


def test_plan_periods_are_year_ranges_never_days_or_months() -> None:
    facts = extract_dates("the Children's Plan 2018-20, the budget for 2021/22 and the Strategy 2019–2022")
    assert [(f.date, f.precision, f.is_range) for f in facts] == [
        ("2018", "year", True), ("2021", "year", True), ("2019", "year", True)]


def test_year_only_mentions_have_year_precision() -> None:
    facts = extract_dates("Progress has been slow since 2016, and the trust started in early 2019.")
    assert [(f.text, f.date, f.precision) for f in facts] == [("2016", "2016", "year"), ("early 2019", "2019", "year")]


# --- durations --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "duration", "role"), [
    ("to prepare a plan within 6 months of these Directions", "P6M", "within"),
    ("within twenty-eight days", "P28D", "within"),
    ("within a period of fifty-six days", "P56D", "within"),
    ("within 10 working days", "P10D", "within"),
    ("to meet at least once every three calendar months", "R/P3M", "every"),
    ("and report each quarter to the Minister", "R/P3M", "every"),
    ("at intervals of no more than 4 months", "R/P4M", "every"),
    ("The Commissioner will report quarterly.", "R/P3M", "recurring"),
    ("The Board meets monthly.", "R/P1M", "recurring"),
    ("assurance sought on an annual basis", "R/P1Y", "recurring"),
    ("reviewed on a quarterly basis", "R/P3M", "recurring"),
    ("a review early in the New Year", None, "relative"),
])
def test_durations_are_never_dates(text: str, duration: str | None, role: str) -> None:
    facts = extract_dates(text)
    assert all(f.date is None and f.precision == "duration" for f in facts)
    assert [(f.duration, f.role) for f in facts] == [(duration, role)]


# --- roles ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "role"), [
    ("The Council shall submit its plan by 15 January 2020.", "deadline"),
    ("The Council shall submit its plan no later than 15 January 2020.", "deadline"),
    ("The Council shall sign the contract on or before 15 January 2020.", "deadline"),
    ("The first report is due at the end of January 2020.", "deadline"),
    ("These Directions shall remain in force until 30 September 2023.", "expiry"),
    ("The Commissioner's term of office will expire in March 2022.", "expiry"),
    ("Representations were received from 2 May 2019 until 30 May 2019.", "event"),
    ("The Directions are revoked with effect from 1 August 2019.", "effective"),
    ('"the Transfer Date" means 1 April 2020;', "effective"),
    ("Ms Okafor was appointed on 6 May 2019 as Commissioner.", "appointment"),
    ("In June 2019 a new Commissioner, Tom Ellery, was appointed by the Department.", "appointment"),
    ("Ofsted published its report on 6 May 2019.", "event"),
])
def test_roles(text: str, role: str) -> None:
    facts = [f for f in extract_dates(text) if f.precision in ("day", "month")]
    assert facts[-1].role == role


# --- the issue date ---------------------------------------------------------------------------

SIGNED_BLOCK = ("9. These Directions shall remain in force until 31 March 2024.\n\n"
                "Signed on behalf of the Secretary of State\n\n[signature]\n\nPriya Shah\nDeputy Director\n\n")


@pytest.mark.parametrize(("text", "expected"), [
    (SIGNED_BLOCK + "Date: 2nd October 2020\n", ["2020-10-02"]),
    (SIGNED_BLOCK + "Dated this 2nd day of October 2020\n", ["2020-10-02"]),
    (SIGNED_BLOCK + "Dated: 02/10/2020\n", ["2020-10-02"]),
    (SIGNED_BLOCK + "2 October 2020\n\n\nAnnex A\n\n1. Functions relating to planning.\n" + "x " * 300,
     ["2020-10-02"]),
    ("TERMS OF REFERENCE\n\nIssued: 5 July 2022\n(These replace the terms issued on 1 March 2021.)\n", ["2022-07-05"]),
    ("Report to the Minister\n\nTo: the Minister\nFrom: the Commissioner\nDate:   19 May 2016\n\n1. Introduction\n"
     "1.1 On 3 March 2016 the Council ...\n", ["2016-05-19"]),
    ("Written statement HCWS101, made on 7 June 2019\n\nThe Secretary of State:\n\nOn 2 April ...", ["2019-06-07"]),
    ("REPORT OF THE COMMISSIONER FOR CHILDREN'S SERVICES IN TENDRING\n\nJune 2016\n\n1. Summary\n", ["2016-06"]),
    ("Report of the Commissioner\n\nJune 2016\n\n1. Summary\n\nSigned\nA. Hale\n20 June 2016\n", ["2016-06-20"]),
    ("Signed:\n\nDate:\n", []),
    ("Signed:   ______\n\nDate:   ______\n\nThe notice of 4 March 2015 is revoked.\n", []),
    ("1. The Secretary of State issued a direction on 18 May 2014 to the Council.\n", []),
    ("3. Her report to the Minister dated 2 April 2015 concluded that progress was slow.\n", []),
])
def test_issue_date(text: str, expected: list[str]) -> None:
    assert issued(text) == expected


def test_only_one_issue_date_value_even_when_the_header_and_signature_differ() -> None:
    text = "Date: 4 May 2021\n\nBody of the report, dated nothing.\n\nAlex Morgan\nCommissioner\n6 May 2021\n"
    assert issued(text) == ["2021-05-04"]


def test_the_same_date_in_header_and_signature_is_issued_twice() -> None:
    text = "Date: 4 May 2021\n\nBody of the report.\n\nAlex Morgan\nCommissioner\n4 May 2021\n"
    facts = [f for f in extract_dates(text) if f.role == "issued"]
    assert len(facts) == 2


# --- plumbing ---------------------------------------------------------------------------------


def test_windowed_scan_finds_what_a_full_scan_finds() -> None:
    text = ("Given this 1st day of March 2020. Between 9 and 11 March 2020, and Thursday the 12th of March 2020,"
            " by the end of April 2020, in 2021, the Plan 2020-22 and 01/05/2020. " * 3)
    windowed = [(m.span(), m.lastgroup) for m in D._date_matches(text)]
    full = [(m.span(), m.lastgroup) for m in D._DATE_RE.finditer(text)]
    assert windowed == full and len(full) >= 10


def test_windowed_duration_scan_finds_what_a_full_scan_finds() -> None:
    text = ("Within a period of twenty-four calendar months, at intervals of no more than three months, "
            "once every two weeks, quarterly, on an annual basis, since the summer, in the New Year, "
            "over the last 12 months. " * 3)
    windowed = [(m.span(), m.lastgroup) for m in D._duration_matches(text)]
    full = [(m.span(), m.lastgroup) for m in D._DUR_RE.finditer(text)]
    assert windowed == full and len(full) >= 24


def test_registered_extractor_reads_the_document() -> None:
    doc = Document(doc_id="x", source="x.txt", sha256="0", input_type="text", text="Issued: 1 June 2022\n")
    facts = D.extract(Extraction(document=doc))
    assert [(f.date, f.role) for f in facts] == [("2022-06-01", "issued")]


def test_capitals_and_ocr_spacing() -> None:
    facts = extract_dates("DATED THIS 1ST DAY OF NOVEMBER 2022\n")
    assert [(f.date, f.role) for f in facts] == [("2022-11-01", "issued")]
    assert calendar("It was notified on 17 th December 2015 and on 3rd  January, 2016.") == ["2015-12-17", "2016-01-03"]


def test_a_number_after_a_provision_word_is_not_a_day() -> None:
    text = ("Date: 2 March 2020\n\nAny direction under section 15 May be varied. "
            "THE COUNCIL UNDER SECTION 15 MAY BE DIRECTED.")
    assert calendar(text) == ["2020-03-02"]


def test_a_letter_date_line_above_the_salutation_is_the_issue_date() -> None:
    address = "".join(f"Address line {i}\n" for i in range(10))
    text = address + "\n4 March 2019\n\nDear Councillor Hale,\n\nThank you for your letter of 20 February.\n"
    assert issued(text) == ["2019-03-04"]
    assert calendar(text) == ["2019-03-04", "2019-02-20"]


def test_a_label_after_a_column_gap_counts() -> None:
    assert issued("Our ref: INT/2020/7          Date: 17 August 2020\n\nReport on progress.\n") == ["2020-08-17"]


def test_a_signature_date_outranks_a_web_page_published_line() -> None:
    text = ("Press release\nPublished 3 October 2022\n\nCommissioners appointed.\n\nSigned\n[signature]\n"
            "Ann Ross\nDirector\n30 September 2022\n" + "Annex text. " * 60)
    assert issued(text) == ["2022-09-30"]


def test_seasons_without_a_year_are_relative_expressions() -> None:
    facts = extract_dates("Practice has improved since the summer and will be reviewed in the new year.")
    assert [(f.role, f.date) for f in facts] == [("relative", None), ("relative", None)]


def test_a_dateline_in_the_header_is_the_issue_date() -> None:
    text = ("Terms of Reference: Commissioner for Anyshire County Council\n\n"
            "Department for Education, 4 March 2020\n\n"
            "On 2 February 2020 the Secretary of State directed the Council.\n")
    issued = [d.date for d in extract_dates(text) if d.role == "issued"]
    assert issued == ["2020-03-04"]


def test_a_sentence_with_a_comma_before_a_date_is_not_a_dateline() -> None:
    text = ("Anyshire County Council\n\n"
            "The report was published, on 4 March 2020\n\n"
            "Some more text about the Council and its services.\n")
    assert [d.date for d in extract_dates(text) if d.role == "issued"] == []


# --- round 2: named days, issuing sentences, publication lines, more durations, no dateparser --


@pytest.mark.parametrize(("text", "iso", "precision"), [
    ("The first report is to be made by the last day of April 2021.", "2021-04-30", "day"),
    ("The plan must be agreed by the last day of February 2024.", "2024-02-29", "day"),  # leap year
    ("The plan must be agreed by the final day of February 2023.", "2023-02-28", "day"),
    ("These Directions take effect on the first day of September 2018.", "2018-09-01", "day"),
    ("The board reports at the end of June 2021.", "2021-06", "month"),
])
def test_named_days_of_a_month(text: str, iso: str, precision: str) -> None:
    f = one(text)
    assert (f.date, f.precision) == (iso, precision)


@pytest.mark.parametrize(("text", "expected"), [
    ("WARNING NOTICE\n\nBarsetshire County Council\n\nThis Warning Notice is issued to Barsetshire County Council"
     " on 7 October 2014, following the monitoring visit by Ofsted on 2 and 3 September 2014.\n", ["2014-10-07"]),
    ("These Directions are given on 12 January 2022 by the Secretary of State to the Council.\n", ["2022-01-12"]),
    ("This improvement notice was issued following the inspection carried out by Ofsted on 4 May 2015.\n", []),
    ("2. The direction issued on 18 May 2012 to the Council is revoked.\n", []),
    ("This letter confirms that the notice was issued on 9 June 2016 and remains in force.\n", []),
    # a dated signature outranks the issuing sentence
    ("This Notice is issued to Wessex Council on 3 April 2017.\n\nSigned\n[signature]\nJ. Poole\n5 April 2017\n",
     ["2017-04-05"]),
])
def test_the_documents_own_issuing_sentence(text: str, expected: list[str]) -> None:
    assert issued(text) == expected


def test_a_publication_line_is_the_issue_date_only_when_the_document_has_none() -> None:
    page = "Barsetshire: direction\n\nFrom: Department for Education. Published 14 March 2019.\n\n"
    assert issued(page + "The Council failed its inspection in January 2019.\n") == ["2019-03-14"]
    facts = extract_dates(page + "Date of issue: 11 March 2019\n")
    assert [(f.date, f.role) for f in facts] == [("2019-03-14", "published"), ("2019-03-11", "issued")]
    both = extract_dates("Title\n\nPublished 2 June 2015\nLast updated 9 August 2016\n\nBody text.\n")
    assert [(f.date, f.role) for f in both] == [("2015-06-02", "issued"), ("2016-08-09", "published")]
    # a sentence about another document's publication is neither
    body = "Title\n\n" + "".join(f"Paragraph {i} of the report.\n\n" for i in range(8))
    assert [f.role for f in extract_dates(body + "The Ofsted report was published 8 May 2018.\n")] == ["event"]


@pytest.mark.parametrize(("text", "duration", "role", "words"), [
    ("every referral is screened within 48 hours of receipt", "PT48H", "within", "within 48 hours"),
    ("under an improvement board for a period of not less than eighteen months.", "P18M", "relative",
     "a period of not less than eighteen months"),
    ("The Notice remains in force for a period of twelve months from the date of issue, unless revoked.", "P12M",
     "relative", "a period of twelve months from the date of issue"),
    ("assessments completed within 10 working days", "P10D", "within", "within 10 working days"),
])
def test_more_durations(text: str, duration: str, role: str, words: str) -> None:
    facts = extract_dates(text)
    assert [(f.duration, f.role, f.text, f.date) for f in facts] == [(duration, role, words, None)]


def test_common_month_words_never_need_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dateparser", None)  # any import of it now raises ImportError
    D._month_number.cache_clear()
    try:
        assert calendar("On 4 Sept. 2019, 5 Sep 2019, 6 SEPTEMBER 2019, in Feb 2020 and on 01/03/2020 the Board met.") \
            == ["2019-09-04", "2019-09-05", "2019-09-06", "2020-02", "2020-03-01"]
        assert [D._month_number(w) for w in D._MONTH_NAMES] == list(range(1, 13))
    finally:
        D._month_number.cache_clear()


def test_a_statement_header_date_followed_by_its_reference_number_is_issued() -> None:
    text = ("Anyshire County Council: update\n\nStatement made on 4 March 2021 · HCWS901\n\n"
            "On 2 February 2021 the Secretary of State received the inspection report.\n")
    assert [d.date for d in extract_dates(text) if d.role == "issued"] == ["2021-03-04"]


@pytest.mark.parametrize(("words", "n"), [(w, n) for w, n in D._NUM_WORDS.items() if w not in ("a", "an")])
def test_every_number_word_reads_as_its_value(words: str, n: int) -> None:
    # _N spells compounds as tens plus an optional unit: each word, and its capitalised form, still reads whole
    for form in (words, words.capitalize()):
        facts = extract_dates(f"The plan is due within {form} days of this notice.")
        assert [(f.text, f.duration) for f in facts] == [(f"within {form} days", f"P{n}D")]


@pytest.mark.parametrize(("text", "dates"), [
    ("between January 2019 and Jan. 2020", ["2019-01", "2020-01"]),
    ("on 3 JUNE 2019, 4 Jun 2019 and 5 Jul. 2019", ["2019-06-03", "2019-06-04", "2019-07-05"]),
    ("in September 2018, Sept 2019 and Sep. 2020", ["2018-09", "2019-09", "2020-09"]),
    ("on Wednesday, the 4th of December 2019 and on THURSDAY 5 December 2019", ["2019-12-04", "2019-12-05"]),
    ("may 2019 and march 2020 are verbs here", []),
])
def test_month_words_full_and_abbreviated(text: str, dates: list[str]) -> None:
    # the month pattern is written month by month (full name first, then the abbreviation and its dot)
    assert calendar(text) == dates


def test_role_patterns_match_in_any_case() -> None:
    # the role patterns open with a lookahead on their first letters, case-blind like the patterns
    assert [f.role for f in extract_dates("The plan must be agreed NO LATER THAN 1 May 2020.")] == ["deadline"]
    assert [f.role for f in extract_dates("These Directions come into force on 2 May 2020.")] == ["effective"]
    assert [f.role for f in extract_dates("They were ineffective from 3 May 2020.")] == ["effective"]
