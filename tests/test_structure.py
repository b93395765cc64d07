"""Outline parser: numbering styles, nesting by continuity, wrapped and page-split items, annexes.

All examples are invented in the genre's style.
"""

from __future__ import annotations

from pipeline.document import Outline
from pipeline.ingest.layout import split_pages
from pipeline.structure import format_outline, parse_outline


def ids(outline: Outline) -> list[str]:
    return [it.path for it in outline.walk()]


def by_id(outline: Outline) -> dict:
    return {it.path: it for it in outline.walk()}


def test_each_numbering_style_nests_by_style() -> None:
    text = """1. The Council shall do the following:
(a) first thing;
(b) second thing, including:
- 1) alpha;
- 2) beta;
(c) third thing.
2. The Council shall report.
"""
    o = parse_outline(text)
    assert ids(o) == ["1", "1.a", "1.b", "1.b.1", "1.b.2", "1.c", "2"]
    items = by_id(o)
    assert items["1.b.1"].label == "1)" and items["1.b.1"].text == "alpha;"
    assert items["1.a"].label == "(a)" and items["1.a"].style == "alpha"


def test_letter_i_after_h_is_a_letter_and_after_c_is_roman() -> None:
    letters = "\n".join(f"{c}. do item {c};" for c in "abcdefgh")
    text = f"""4. The Authority shall:
{letters}
i. secure staffing, through:
i. recruiting;
ii. retaining;
j. cooperate with officials.

Annex A

1. The Adviser will:
a. review plans, in particular the:
i. budget; and
ii. workforce.
b. report.
"""
    o = parse_outline(text)
    items = by_id(o)
    assert items["4.i"].style == "alpha"
    assert items["4.i.i"].style == "roman" and items["4.i.ii"].text == "retaining;"
    assert items["4.j"].text == "cooperate with officials."
    assert items["A.1.a.i"].style == "roman" and items["A.1.a.ii"].text == "workforce."
    assert items["A.1.b"].text == "report."
    assert items["A.1"].annex == "A"


def test_wrapped_lines_hard_breaks_and_page_breaks_stay_in_the_item() -> None:
    raw = """WHEREAS

1. The Secretary of State has considered the representations made by the

Page 1 of 2

Council, and is satisfied that it is failing.
2. The Council shall prepare a plan
to the satisfaction of the Adviser, and

publish it.
3. The Council shall
report monthly.
"""
    text, pages = split_pages(raw)
    o = parse_outline(text)
    items = by_id(o)
    assert items["1"].text.endswith("made by the Council, and is satisfied that it is failing.")
    assert items["2"].text == "The Council shall prepare a plan to the satisfaction of the Adviser, and publish it."
    assert items["3"].text == "The Council shall report monthly."
    assert len(pages) == 2
    assert items["1"].section == "WHEREAS"


def test_text_after_sub_items_belongs_to_no_sub_item() -> None:
    text = """3. The Council shall allow the Adviser access:
  (a) to its premises;
  (b) to its records,

as the Adviser requires.

4. The Council shall pay the Adviser's costs.
"""
    o = parse_outline(text)
    items = by_id(o)
    assert items["3.b"].text == "to its records,"
    assert items["3"].text == "The Council shall allow the Adviser access:"
    assert ids(o) == ["3", "3.a", "3.b", "4"]


def test_heading_between_items_keeps_the_numbering_and_restarts_after_prose() -> None:
    text = """Measures required

(i) establish a board; and
(ii) address the report.

The Council must meet these targets:

Practice

1. Reduce caseloads.
2. Improve plans.

Workforce

3. Recruit permanent staff.
"""
    o = parse_outline(text)
    assert ids(o) == ["i", "ii", "1", "2", "3"]
    assert by_id(o)["3"].section == "Workforce"
    assert [h.text for h in o.headings][:2] == ["Measures required", "Practice"]
    assert any(p.text.startswith("The Council must meet") for p in o.paragraphs)


def test_decimal_and_recital_styles() -> None:
    text = """RECITALS

(A) The Council was inspected.
(B) The inspectors found that:
    (i) practice was weak;
    (ii) leadership was poor.
(C) The Secretary of State is satisfied.

13. Members are asked to consider:
13.1. the options; and
13.2. the timetable.
"""
    o = parse_outline(text)
    assert ids(o) == ["A", "B", "B.i", "B.ii", "C", "13", "13.1", "13.2"]
    assert by_id(o)["B.i"].style == "roman"


def test_bullets_and_bullet_prefixed_labels() -> None:
    text = """The purposes are:

\u2022 to secure improvement;
\u2022 to restore confidence.

- (i) first notice point;
- (ii) second notice point.
"""
    o = parse_outline(text)
    items = o.walk()
    assert [it.style for it in items] == ["bullet", "bullet", "roman", "roman"]
    assert items[2].label == "(i)" and items[2].text == "first notice point;"


def test_wrapped_number_is_not_an_item() -> None:
    text = """1. The Council shall reduce the number of agency staff to
12. per cent of the workforce by March 2024.
2. The Council shall report.
"""
    o = parse_outline(text)
    assert ids(o) == ["1", "2"]


def test_format_outline_prints_a_tree() -> None:
    text = "Annex B\n\n1. To prepare a plan:\n  a. with targets;\n"
    out = format_outline(parse_outline(text), text)
    lines = out.splitlines()[1:]  # after the legend
    assert lines[0] == "  == Annex B"
    assert lines[1].startswith("*") and "[B.1] To prepare a plan:" in lines[1]
    assert lines[2].startswith("*     a.") and "[B.1.a]" in lines[2]
    plain = format_outline(parse_outline(text), text, mark_obligations=False).splitlines()
    assert plain[2].startswith("    1.")


def test_pdf_wrapped_text_without_blank_lines() -> None:
    filler = [f"{n}. The Council shall complete task number {n} of its plan before the review." for n in range(1, 19)]
    text = "\n".join([
        "NOW THEREFORE the Secretary of State directs as follows:",
        *filler,
        "19. The Council shall cooperate with the Adviser appointed by the Secretary of",
        "State and shall give the Adviser the information requested.",
        "Signed on behalf of the Secretary of State",
        "Ruth Carrow",
    ])
    o = parse_outline(text)
    items = by_id(o)
    assert items["19"].text.endswith("the Adviser the information requested.")
    assert o.headings[-2].text.startswith("Signed") or any(p.text.startswith("Signed") for p in o.paragraphs)


def test_bold_labels_from_converted_documents() -> None:
    text = "**1.** The Council shall act.\n**2.**\u00a0The Council shall report.\n"
    o = parse_outline(text)
    assert ids(o) == ["1", "2"]
    assert by_id(o)["2"].text == "The Council shall report."


def test_unlettered_annex_restarts_numbering() -> None:
    text = "1. The Council shall act.\n\nAnnex: Terms of reference\n\n1. Review the plan.\n\nSchedule of meetings\n"
    o = parse_outline(text)
    assert ids(o) == ["1", "Annex.1"]


def test_decimal_labels_keep_their_own_path() -> None:
    text = """Part 1: Preliminary

1.1 These Directions may be cited as the Eastmere Directions 2026.
1.2 In these Directions "the Authority" means Eastmere Borough Council.

Part 2: Directions

2.1 The Authority shall act.
2.2 The Authority shall:
(i) give access to its records; and
(ii) pay the Panel's costs.
2.3 These Directions expire on 1 May 2028.
"""
    o = parse_outline(text)
    assert ids(o) == ["1.1", "1.2", "2.1", "2.2", "2.2.i", "2.2.ii", "2.3"]
    items = by_id(o)
    assert items["2.2.i"].parent is items["2.2"] and items["2.3"].level == items["2.1"].level == 1


def test_decimals_under_a_numbered_item_are_its_children() -> None:
    text = "1. Background\n\n1.1 The Council was inspected.\n\n2. Directions\n\n2.1 Act.\n2.2 Report:\n(a) monthly.\n"
    o = parse_outline(text)
    assert ids(o) == ["1", "1.1", "2", "2.1", "2.2", "2.2.a"]
    assert by_id(o)["2.2"].parent is by_id(o)["2"] and by_id(o)["2.2"].key == "2"


def test_numbered_schedule_items_are_prefixed() -> None:
    text = """1.1 The Council shall take the actions in Schedule 1.

Schedule 1: Actions

1. To prepare a plan.
2. To review the budget:
(a) for 2027; and
(b) for 2028.

SCHEDULE 2
Functions

(1) The power to appoint officers:
(a) including:
(i) the head of paid service.

Annex 3

1. Meet monthly.

Appendix C

1. Report.
"""
    o = parse_outline(text)
    assert ids(o) == ["1.1", "S1.1", "S1.2", "S1.2.a", "S1.2.b", "S2.1", "S2.1.a", "S2.1.a.i", "A3.1", "C.1"]


def test_word_labels_and_labels_on_their_own_line() -> None:
    text = """Direction 1: The Council shall appoint a Director.

Direction 2 - The Council shall publish a plan.

PARAGRAPH 3.
The Council shall report:

(a)
monthly; and

(b)
to the Board.

Measures

Action 1: Reduce caseloads.
Action 2: Review plans.
"""
    o = parse_outline(text)
    assert ids(o) == ["1", "2", "3", "3.a", "3.b", "1", "2"]
    items = o.walk()
    assert items[0].label == "Direction 1:" and items[0].text == "The Council shall appoint a Director."
    assert items[2].text == "The Council shall report:" and items[3].text == "monthly; and"
    assert items[5].label == "Action 1:"


def test_word_followed_by_a_number_in_prose_is_not_a_label() -> None:
    text = "Direction 4 of the 2023 Directions is revoked.\nparagraph 2. The Council shall act.\n"
    assert ids(parse_outline(text)) == []


def test_running_header_repeated_inside_an_item_is_dropped() -> None:
    raw = """DIRECTIONS TO THE BOROUGH OF KESTON VALE
Page 1 of 3

1. The Council shall report to the Panel on progress against the plan every
DIRECTIONS TO THE BOROUGH OF KESTON VALE
Page 2 of 3
three months.
2. The Council shall act.
DIRECTIONS TO THE BOROUGH OF KESTON VALE
Page 3 of 3
3. These Directions remain in force until revoked.
"""
    text, _ = split_pages(raw)
    o = parse_outline(text)
    items = by_id(o)
    assert items["1"].text.endswith("progress against the plan every three months.")
    assert [h.text for h in o.headings] == ["DIRECTIONS TO THE BOROUGH OF KESTON VALE"]


def test_legislation_style_paragraph_run_into_its_first_subparagraph() -> None:
    text = """1.\u2014(1) These Directions may be cited as the Brookfield Directions 2027.
(2) They come into force on 2 May 2027.
2.\u2014(1) The Council shall\u2014
(a) co-operate with the Commissioner; and
(b) pay her expenses.
(2) The Council shall report monthly.
3. These Directions expire on 1 May 2030.
"""
    o = parse_outline(text)
    assert ids(o) == ["1", "1.1", "1.2", "2", "2.1", "2.1.a", "2.1.b", "2.2", "3"]
    items = by_id(o)
    assert items["2"].text == "" and items["2.1"].label == "(1)" and items["2.1"].text == "The Council shall\u2014"


def test_numbered_table_rows_are_items() -> None:
    text = "Action\tBy when\n1\tAppoint a Director\tMay 2027\n2\tPublish a plan\tJune 2027\n12\t15\t18\n"
    o = parse_outline(text)
    assert ids(o) == ["1", "2"]
    assert by_id(o)["2"].text == "Publish a plan June 2027"


def test_two_line_running_header_inside_an_item_is_dropped() -> None:
    raw = """Department for Local Renewal
Directions to Ashwick Borough Council

1. The Council shall report to the Panel on progress against the plan on the
Department for Local Renewal
Directions to Ashwick Borough Council
Page 2 of 2
first working day of every month.
"""
    text, _ = split_pages(raw)
    assert parse_outline(text).items[0].text.endswith("on the first working day of every month.")


def test_annex_letter_numbered_items_under_an_annex_heading() -> None:
    text = """1. The Council shall take the actions in Annex B.

Annex B: Actions

B1. Within six months, to adopt a recovery plan which covers:
(a) its budget, including:
(i) the savings required; and
(ii) the use of reserves; and
(b) its procurement rules.

B2. To report to the Commissioners quarterly.
B.3 To publish the plan.
"""
    o = parse_outline(text)
    assert ids(o) == ["1", "B.1", "B.1.a", "B.1.a.i", "B.1.a.ii", "B.1.b", "B.2", "B.3"]
    items = by_id(o)
    assert items["B.1"].label == "B1." and items["B.1"].key == "1" and items["B.1"].text.startswith("Within six")
    assert items["B.1.a.ii"].text == "the use of reserves; and" and items["B.3"].label == "B.3"


def test_annex_letter_numbered_items_without_a_heading_and_decimal_ones() -> None:
    text = """Signed: Harriet Quaile

C1. The Commissioners may appoint advisers.
C1.1 Advisers shall be paid by the Council.
C1.2 Advisers report to the Lead Commissioner.
C2 The Commissioners shall report every six months.
D1. All functions relating to planning.
D2. All functions relating to licensing.
"""
    o = parse_outline(text)
    assert ids(o) == ["C.1", "C.1.1", "C.1.2", "C.2", "D.1", "D.2"]
    assert by_id(o)["C.2"].label == "C2"


def test_things_that_look_like_annex_labels_are_not_items() -> None:
    text = """Transport schemes

A1 road widening near Tolworth continues in 2026.
A2 road resurfacing follows.
B2B services are provided by the Council's company.
M62 Corridor Partnership
Schedule 7A to the Act applies.
SE12 postcode areas are excluded.
"""
    assert ids(parse_outline(text)) == []
