"""Obligations: which items are operative, their ids, labels, actor, modal and deadline.

All documents are invented in the genre's style (councils, names and dates are made up).
"""

from __future__ import annotations

from pipeline.document import DateFact, Document, Extraction, ObligationFact
from pipeline.extract.obligations import extract
from pipeline.ingest.layout import split_pages
from pipeline.structure import parse_outline


def run(raw: str, dates: list[DateFact] | None = None) -> dict[str, ObligationFact]:
    text, pages = split_pages(raw)
    doc = Document("t", "t.txt", "0", "text", text, pages)
    ex = Extraction(document=doc, outline=parse_outline(text), dates=dates or [])
    return {o.obligation_id: o for o in extract(ex)}


DIRECTION = """DIRECTION UNDER SECTION 497A(4B) OF THE EDUCATION ACT 1996
TO THE LONDON BOROUGH OF HAVERSHAM

WHEREAS

1. On 4 March 2019 the Secretary of State issued a direction to the London Borough of Haversham ("the Council").
2. The Adviser recommended that the Council should appoint a new Director:
  a. with experience of improvement; and
  b. by the end of 2019.
3. The Secretary of State is satisfied that the Council is failing.

NOW THEREFORE:

4. Pursuant to his powers under section 497A(4B) of the 1996 Act, the Secretary of State directs that the Council shall:
  a. cooperate with the Adviser;
  b. prepare an improvement plan by 30 November 2020, covering:
    i. early help; and
    ii. care leavers;
  c. report to the Adviser monthly.
5. This Direction shall remain in force until revoked.

Signed on behalf of the Secretary of State

Alan Pritchard
14 September 2020

ANNEX A

Terms of reference of the Adviser

1. The Adviser will review the Council's progress.
2. The Adviser will report quarterly.
"""


def test_recitals_are_not_taken_and_directions_are() -> None:
    got = run(DIRECTION)
    assert list(got) == ["4", "4.a", "4.b", "4.b.i", "4.b.ii", "4.c", "5", "A.1", "A.2"]
    assert got["4.b"].parent_id == "4" and got["4.b.i"].parent_id == "4.b" and got["4"].parent_id is None
    assert got["4.b.ii"].level == 3 and got["4.b.ii"].label == "ii."
    assert got["4.a"].text == "cooperate with the Adviser;"


def test_actor_and_modal_come_from_the_introducing_paragraph() -> None:
    got = run(DIRECTION)
    assert (got["4.a"].actor, got["4.a"].modal) == ("the Council", "shall")
    assert (got["4.b.i"].actor, got["4.b.i"].modal) == ("the Council", "shall")
    assert (got["A.2"].actor, got["A.2"].modal) == ("the Adviser", "will")


def test_deadline_from_dates_and_from_text() -> None:
    got = run(DIRECTION)
    assert got["4.b"].deadline == "2020-11-30"  # no DateFacts given: read from the text
    text, _ = split_pages(DIRECTION)
    i = text.index("30 November 2020")
    fact = DateFact(text="30 November 2020", start=i, end=i + 16, date="2020-11-30")
    assert run(DIRECTION, [fact])["4.b"].deadline == "2020-11-30"
    notice = "IMPROVEMENT NOTICE\n\nThe Council must take the following action:\n\n1. Reduce caseloads by June 2022.\n"
    got = run(notice)
    assert (got["1"].deadline, got["1"].actor, got["1"].modal) == ("2022-06", "the Council", "must")


def test_improvement_notice_measures_after_headings_and_page_breaks() -> None:
    raw = """Improvement Notice

To: KINGSFORD COUNCIL

This Improvement Notice is being given:

- (i) to set new targets; and
- (ii) to record progress.

To comply with this Notice, the Council is required to take action to:

Practice

- 1) Ensure that every child has an allocated worker, and that visits

Page 2 of 3

take place on time;
- 2) Improve the quality of plans.

Workforce

- 3) Review caseloads.
"""
    got = run(raw)
    assert list(got) == ["1", "2", "3"]
    assert got["1"].label == "1)"
    assert got["1"].text.endswith("visits take place on time;")
    assert got["3"].modal == "must" and got["3"].actor == "the Council"


def test_paragraphs_judged_on_their_cues_without_markers() -> None:
    raw = """DIRECTIONS UNDER SECTION 15(5) AND (6) OF THE LOCAL GOVERNMENT ACT 1999

1. The Secretary of State has had regard to the following matters:
  i. the inspection report; and
  ii. the Council's representations.
2. He has concluded that the Council is failing to comply with its best value duty.
3. The Secretary of State hereby directs the Council to take the actions in Annex A.
4. The Council shall give the Commissioners access to its premises.
5. Nothing in these Directions affects anything done before they were made.
"""
    got = run(raw)
    assert list(got) == ["3", "4", "5"]
    assert got["3"].actor == "the Council"


def test_terms_of_reference_and_annex_ids() -> None:
    raw = """TERMS OF REFERENCE

Background

1. Eastmoor County Council was judged inadequate in 2021.

Role

The Commissioner's role is to:

1) assess the Council's leadership:
   a) including its scrutiny; and
   b) its corporate support;
2) advise the Secretary of State by 31 July 2022.

Annex B

Actions to be taken by the Council

1. To appoint a permanent Director of Children's Services.
"""
    got = run(raw)
    assert list(got) == ["1", "1.a", "1.b", "2", "B.1"]
    assert (got["1.a"].actor, got["1.a"].modal) == ("the Commissioner", "is to")
    assert got["2"].deadline == "2022-07-31"
    assert got["B.1"].actor == "the Council"


def test_reports_and_statements_have_no_obligations() -> None:
    report = """Report of the Children's Services Commissioner for Eastmoor

1. Introduction

1.1 I was appointed on 2 May 2021.

2. Recommendations

2.1 I recommend that the Council must appoint a Director by June 2022.
2.2 The Council shall review its plans.
"""
    assert run(report) == {}
    statement = """Written statement HCWS101

I have today made Directions. The Council must:

- prepare a plan;
- report to me.
"""
    assert run(statement) == {}


def test_letter_paragraphs_are_narrative() -> None:
    letter = """Dear Chief Executive

1. I am writing to tell you that the Secretary of State has decided to revoke the Directions.

2. The Secretary of State is satisfied that the Council now meets its duty.

Yours sincerely
"""
    assert run(letter) == {}


def test_annex_title_on_the_heading_line_and_a_background_annex() -> None:
    raw = """Annex A \u2013 Functions to be exercised by the Commissioners

1. All functions associated with the Council's budget.

Annex B \u2013 Background to the intervention

1. The Council was inspected in 2022.
"""
    got = run(raw)
    assert list(got) == ["A.1"]
    assert got["A.1"].actor == "the Commissioners"


def test_numbered_notice_with_narrative_and_should_paragraphs() -> None:
    raw = """Improvement notice issued to Westmoor Borough Council

1. This improvement notice was issued following an inspection by Ofsted which judged services inadequate.
2. The Council should take the following actions:
   a) appoint an improvement adviser;
   b) publish an improvement plan by 31 March 2024.
3. The Council will report progress to the Department every quarter.
"""
    got = run(raw)
    assert list(got) == ["2", "2.a", "2.b", "3"]
    assert (got["2.b"].modal, got["2.b"].deadline) == ("should", "2024-03-31")


def test_part_headings_and_reported_directions() -> None:
    raw = """PART 1 - BACKGROUND

The 2019 direction, which directs the Council to work with an adviser, remains in force.

1. The Council was inspected in May 2022.

PART 2 - DIRECTIONS

1. The Council shall appoint a Director of Children's Services.
2. The Secretary of State hereby revokes the 2019 direction.
"""
    got = run(raw)
    assert list(got) == ["1", "2"]
    assert got["1"].text.startswith("The Council shall appoint")


def test_formula_run_into_the_last_recital() -> None:
    raw = """WHEREAS

1. The Council has failed to meet its best value duty.
2. The Secretary of State has considered the representations. NOW THEREFORE the Secretary of State directs:
3. The earlier Directions are revoked.
4. These Directions expire on 31 March 2027.
"""
    got = run(raw)
    assert list(got) == ["3", "4"]


def test_short_report_title_rules_the_document_out() -> None:
    raw = """Department for Education

Commissioner's Report: Westmoor Children's Services

1. The Council shall be given more time to improve.
"""
    assert run(raw) == {}


def test_bare_directs_lead_in() -> None:
    raw = """The Secretary of State has had regard to the following:

(a) the inspection report.

In exercise of her powers under section 15 the Secretary of State directs:

(a) the Council to appoint a chief executive; and
(b) the Council to publish a plan.
"""
    got = run(raw)
    assert list(got) == ["a", "b"]
    assert got["a"].text == "the Council to appoint a chief executive; and"


def test_long_capitalised_text_stays_fast() -> None:
    import time

    shout = ", ".join(["The Council Of The Borough And Leader"] * 600)
    raw = f"NOW THEREFORE\n\n1. {shout} acted.\n2. {'THE COUNCIL SHALL ' * 500}\n"
    t0 = time.perf_counter()
    got = run(raw)
    assert list(got) == ["1", "2"] and time.perf_counter() - t0 < 2.0


def test_duty_heading_after_background_and_neutral_sections() -> None:
    raw = """TERMS OF REFERENCE: ADVISER TO NORTHBRIDGE COUNCIL

Background

1. The Council was judged inadequate in 2023.
2. An improvement notice was issued in May 2023.

Role of the Adviser

1) Review the Council's improvement plan.
2) Report to the Minister by 30 June 2024.

Reporting

3) Meet the Department every month.
"""
    got = run(raw)
    assert list(got) == ["1", "2", "3"]
    assert got["1"].text == "Review the Council's improvement plan."


def test_decimal_direction_with_a_schedule() -> None:
    raw = """LOCAL GOVERNMENT ACT 1999 (SECTION 15)

Directions to Harrowmere District Council

Part 1: Introduction

1.1 These Directions may be cited as the Harrowmere Directions 2026.

1.2 The Secretary of State is satisfied that the Authority is failing to comply with its duties.

Part 2: Directions

2.1 The Authority shall take the actions set out in Schedule 1.

2.2 The Authority shall co-operate with the Panel, and shall:

(i) give the Panel access to its premises; and

(ii) pay the Panel's expenses.

2.3 These Directions shall remain in force until 30 September 2028.

Schedule 1: Actions to be taken by the Authority

1. To prepare an improvement plan.

2. To review its capital programme.
"""
    got = run(raw)
    assert list(got) == ["2.1", "2.2", "2.2.i", "2.2.ii", "2.3", "S1.1", "S1.2"]
    assert got["2.2.ii"].parent_id == "2.2" and got["2.2.ii"].level == 2 and got["2.2.ii"].label == "(ii)"
    assert got["2.3"].parent_id is None and got["2.3"].label == "2.3"
    assert got["S1.2"].actor == "the Authority"


def test_word_labelled_directions_and_actions() -> None:
    raw = """DIRECTIONS TO MILLCOMBE CITY COUNCIL

WHEREAS the Secretary of State is satisfied that the Council is failing.

NOW THEREFORE the Secretary of State directs as follows:

Direction 1: The Council shall appoint a Director of Finance by 31 January 2027.

Direction 2: The Council shall pay the expenses of the Commissioners.
"""
    got = run(raw)
    assert list(got) == ["1", "2"]
    assert (got["1"].label, got["1"].deadline, got["1"].actor) == ("Direction 1:", "2027-01-31", "the Council")
    notice = "IMPROVEMENT NOTICE\n\nActions required\n\nAction 1: Reduce caseloads.\nAction 2: Recruit staff.\n"
    assert list(run(notice)) == ["1", "2"]


def test_bullets_under_a_numbered_direction_are_not_items_of_their_own() -> None:
    raw = """NOW THEREFORE the Secretary of State directs as follows:

1. The Council shall co-operate with the Commissioner, in particular by:
\u2022 providing access to its premises; and
\u2022 providing information promptly.

2. The Council shall prepare an improvement plan.
"""
    got = run(raw)
    assert list(got) == ["1", "2"]


def test_running_header_in_recitals_does_not_open_the_operative_part() -> None:
    raw = """Directions to the Borough of Tillingford
Page 1 of 3

WHEREAS

1. The Secretary of State has considered the report of the inspectors.
Directions to the Borough of Tillingford
Page 2 of 3

2. The Secretary of State is satisfied that the Council is failing.

NOW THEREFORE the Secretary of State directs as follows:

3. The Council shall co-operate with the Commissioner and shall report to her on
Directions to the Borough of Tillingford
Page 3 of 3
the first day of each month.
"""
    got = run(raw)
    assert list(got) == ["3"]
    assert got["3"].text.endswith("report to her on the first day of each month.")


def test_legislation_style_directions_are_judged_by_their_subparagraphs() -> None:
    raw = """DIRECTIONS TO THE BOROUGH OF LANGWORTH

1.\u2014(1) The Secretary of State has considered the report of the inspector.
(2) The Secretary of State is satisfied that the Council is failing.

2.\u2014(1) The Council shall take the actions in the Schedule.
(2) The Council shall\u2014
(a) co-operate with the Commissioner; and
(b) pay her expenses.
"""
    got = run(raw)
    assert list(got) == ["2", "2.1", "2.2", "2.2.a", "2.2.b"]
    assert got["2.2.a"].parent_id == "2.2" and got["2.1"].parent_id == "2"


def test_numbered_action_table_with_a_deadline_column() -> None:
    raw = """IMPROVEMENT NOTICE TO NORTHWICK COUNCIL

The Council must take the following actions:

No.\tAction\tBy when
1\tAppoint a permanent Director of Children's Services\tMarch 2027
2\tPublish an improvement plan\t30 April 2027
"""
    got = run(raw)
    assert list(got) == ["1", "2"]
    assert (got["1"].deadline, got["2"].deadline, got["2"].modal) == ("2027-03", "2027-04-30", "must")


def test_annex_items_labelled_with_their_letter() -> None:
    raw = """DIRECTIONS TO MARSHFORD CITY COUNCIL UNDER SECTION 15 OF THE LOCAL GOVERNMENT ACT 1999

Recitals

(1) The Secretary of State is satisfied that the Council is failing.

DIRECTIONS

1. The Council shall take the actions set out in Annex B.

Annex A: Functions to be exercised by the Commissioners

A1. All functions associated with the Council's capital programme.

A2. All functions associated with financial management, including:
(a) setting the budget; and
(b) the exercise of the chief finance officer's functions.

Annex B: Actions to be taken by the Council

B1. Within three months, to prepare a plan which shall include:
(a) a strategy to reduce borrowing, covering:
(i) its investment property; and
(ii) its companies; and
(b) a review of its governance.

B2. To report to the Commissioners every six months.
"""
    got = run(raw)
    assert sorted(got) == ["1", "A.1", "A.2", "A.2.a", "A.2.b", "B.1", "B.1.a", "B.1.a.i", "B.1.a.ii", "B.1.b", "B.2"]
    assert got["A.2"].label == "A2." and got["B.1.a.ii"].parent_id == "B.1.a"
    assert got["B.1"].text.startswith("Within three months")


def test_annex_letter_items_after_the_signature_without_a_heading() -> None:
    raw = """DIRECTION TO FELSTEAD DISTRICT COUNCIL

1. The Council shall comply with the requirements below.

Signed on behalf of the Secretary of State
Date: 9 October 2027

A1. All functions relating to the housing revenue account.
A2. All functions relating to the appointment of statutory officers.
"""
    got = run(raw)
    assert sorted(got) == ["1", "A.1", "A.2"]
    assert got["A.1"].text == "All functions relating to the housing revenue account."


def test_directing_words_and_actors_in_any_case() -> None:
    # a paragraph in capitals still directs; actor patterns run only where their fixed words are
    text = ("BACKGROUND\n\n1. The Council was inspected in 2019.\n\nTHE DIRECTIONS\n\n"
            "2. THE SECRETARY OF STATE HEREBY DIRECTS THE COUNCIL TO:\n  a. appoint a Director; and\n"
            "  b. REPORT TO THE ADVISER.\n3. The Lead Commissioner's role is to chair the Board.\n"
            "4. The Council will publish its plan.\n")
    got = {k: (o.actor, o.modal) for k, o in run(text).items()}
    assert got == {"2": (None, None), "2.a": (None, None), "2.b": (None, None),
                   "3": ("the Lead Commissioner", "is to"), "4": ("the Council", "will")}
