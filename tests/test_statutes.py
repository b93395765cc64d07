"""Statute references: one test per citation form, written from invented examples."""

from __future__ import annotations

import pytest

from pipeline.document import Document, Extraction
from pipeline.extract import statutes
from pipeline.extract.statutes import find_refs

BASE = "http://www.legislation.gov.uk/id/ukpga"


def keys(text: str) -> set[tuple[str | None, str | None, str | None]]:
    return {(r.act_title, r.section, r.subsection) for r in find_refs(text)}


def test_section_with_subsection_and_uri() -> None:
    [r] = find_refs("The Minister acted under section 497A(4B) of the Education Act 1996 in Wessex.")
    got = (r.act_title, r.act_year, r.section, r.subsection, r.chapter)
    assert got == ("Education Act 1996", 1996, "497A", "(4B)", 56)
    assert r.uri == f"{BASE}/1996/56/section/497A/4B"
    assert r.text == "section 497A(4B) of the Education Act 1996"


def test_upper_case_with_space_before_subsection() -> None:
    assert keys("DIRECTION GIVEN UNDER SECTION 497A (4B) OF THE EDUCATION ACT 1996 TO MERCIA COUNCIL") == {
        ("Education Act 1996", "497A", "(4B)")}


def test_abbreviated_section_without_of() -> None:
    assert keys("ministers may use their powers (s497A Education Act 1996) if needed") == {
        ("Education Act 1996", "497A", None)}


def test_standard_acronym() -> None:
    [r] = find_refs("Directions were given to Lowtown Council under s.15(5) of the LGA 1999 last year.")
    assert (r.act_title, r.section, r.subsection) == ("Local Government Act 1999", "15", "(5)")
    assert r.uri == f"{BASE}/1999/27/section/15/5"


def test_defined_acronym() -> None:
    text = 'The Care Act 2014 ("CA14") applies. Under section 42 of CA14 enquiries follow.'
    assert ("Care Act 2014", "42", None) in keys(text)


def test_subsection_list_gives_one_ref_each() -> None:
    assert keys("exercising powers under section 15(5) and (6) of the Local Government Act 1999") == {
        ("Local Government Act 1999", "15", "(5)"), ("Local Government Act 1999", "15", "(6)")}


def test_section_list_gives_one_ref_each() -> None:
    got = keys("functions under sections 11, 13, 14B, 16E and 18 of the Children Act 2004.")
    assert got == {("Children Act 2004", s, None) for s in ("11", "13", "14B", "16E", "18")}


@pytest.mark.parametrize("written", ["sections 22C to 22G", "sections 22C–22G", "sections 22C - 22G"])
def test_range_is_one_ref(written: str) -> None:
    [r] = find_refs(f"support under {written} of the Children Act 1989 for care leavers")
    assert r.section == "22C-22G"
    assert r.uri == f"{BASE}/1989/41"  # a range links to the Act: no one section stands for it


def test_scanning_error_kept_as_written() -> None:
    assert keys("under sections 22C to 220 of the Children Act 1989") == {("Children Act 1989", "22C-220", None)}


@pytest.mark.parametrize("part", ["Part 1", "Part I", "PART I"])
def test_part_roman_or_arabic(part: str) -> None:
    [r] = find_refs(f"the duty of best value in {part} of the Local Government Act 1999 applies")
    assert r.section == "Part 1"
    assert r.uri == f"{BASE}/1999/27/part/1"


def test_schedule_and_paragraph_of_schedule() -> None:
    refs = find_refs("under paragraph 4 of Schedule 2 to the Children Act 1989 and Schedule 1 to the Care Act 2014")
    got = {(r.act_title, r.section, r.subsection, r.uri) for r in refs}
    assert got == {
        ("Children Act 1989", "Schedule 2", "paragraph 4", f"{BASE}/1989/41/schedule/2/paragraph/4"),
        ("Care Act 2014", "Schedule 1", None, f"{BASE}/2014/23/schedule/1"),
    }


def test_clause_counts_as_section() -> None:
    assert keys("as set out in Clause 76 of the Children and Families Act 2014.") == {
        ("Children and Families Act 2014", "76", None)}


def test_nested_subsection_and_subsection_first() -> None:
    assert keys("directed under section 15(6)(b) of the Local Government Act 1999") == {
        ("Local Government Act 1999", "15", "(6)(b)")}
    [r] = find_refs("within subsection (2) of section 149 of the Equality Act 2010")
    assert (r.section, r.subsection, r.uri) == ("149", "(2)", f"{BASE}/2010/15/section/149/2")


def test_act_on_its_own_is_act_level() -> None:
    assert keys("social services functions within the meaning of the Local Authority Social Services Act 1970") == {
        ("Local Authority Social Services Act 1970", None, None)}


def test_act_only_inside_provision_has_no_act_level_entry() -> None:
    text = 'under section 10 of the Local Government Act 1999 ("the 1999 Act"). Then section 13 of the 1999 Act.'
    got = keys(text)
    assert ("Local Government Act 1999", None, None) not in got
    assert ("Local Government Act 1999", "13", None) in got


def test_defined_year_term_resolves_and_stands_alone() -> None:
    text = ('The Minister wrote under section 3 of the Localism Act 2011 ("the 2011 Act"). '
            "Section 1 of the 2011 Act applies, and the 2011 Act gives wide powers.")
    assert keys(text) == {("Localism Act 2011", "3", None), ("Localism Act 2011", "1", None),
                          ("Localism Act 2011", None, None)}


def test_year_term_resolves_to_last_act_of_that_year() -> None:
    text = "Duties under section 17 of the Children Act 1989 continue; section 20 of the 1989 Act too."
    assert ("Children Act 1989", "20", None) in keys(text)


def test_the_act_and_that_act() -> None:
    text = ('Under the Mental Health Act 1983 (the "Act") the trust acts; section 117 of the Act applies. '
            "The Housing Act 1996 applies too, and section 188 of that Act.")
    got = keys(text)
    assert ("Mental Health Act 1983", "117", None) in got
    assert ("Housing Act 1996", "188", None) in got


def test_undefined_the_act_alone_is_not_a_citation() -> None:
    assert keys("The Act of the Council was lawful, as the Act of union said.") == set()


def test_doubled_act_typos() -> None:
    assert keys("under section 12(3) of the 2004 Act Act and the Children Act 2004") == {
        ("Children Act 2004", "12", "(3)"), ("Children Act 2004", None, None)}
    assert keys("under section 497A of the Education Act 1996 Act") == {("Education Act 1996", "497A", None)}


def test_broken_across_lines() -> None:
    text = "the functions under sections\n 18 and\n 19 of the Children\nAct 2004 remain"
    assert keys(text) == {("Children Act 2004", "18", None), ("Children Act 2004", "19", None)}


def test_plural_with_single_item_and_section_in_title() -> None:
    text = ("DIRECTIONS UNDER SECTION 15 OF THE LOCAL GOVERNMENT ACT 1999\n\n"
            "under sections 497A(4B) of the Education Act 1996")
    assert keys(text) == {("Local Government Act 1999", "15", None), ("Education Act 1996", "497A", "(4B)")}


def test_sections_after_the_act() -> None:
    assert keys("see the Care Act 2014, s.42 and the Equality Act 2010, section 149") == {
        ("Care Act 2014", "42", None), ("Equality Act 2010", "149", None)}


def test_generic_titles_not_in_table() -> None:
    refs = find_refs("licensing under the Market Tolls Clauses Act 1851 and the Local Government "
                     "(Harbour\nProvisions) Act 1977 and section 2 of the Widget Licensing Act 1931")
    got = {(r.act_title, r.section, r.uri) for r in refs}
    assert got == {("Market Tolls Clauses Act 1851", None, None),
                   ("Local Government (Harbour Provisions) Act 1977", None, None),
                   ("Widget Licensing Act 1931", "2", None)}


def test_rows_added_to_the_table_link() -> None:
    [r] = find_refs("hackney carriage licensing under the Town Police Clauses Act 1847")
    assert r.uri == f"{BASE}/Vict/10-11/89"


def test_title_with_the_and_commas() -> None:
    assert keys("a claim under the Representation of the People Act 1983 and the Housing Grants, "
                "Construction and Regeneration Act 1996") == {
        ("Representation of the People Act 1983", None, None),
        ("Housing Grants, Construction and Regeneration Act 1996", None, None)}


def test_heading_above_title_is_not_part_of_it() -> None:
    assert keys("ANNEX C\nWidget Licensing Act 1931") == {("Widget Licensing Act 1931", None, None)}


@pytest.mark.parametrize(("written", "title"), [
    ("Childrens Act 1989", "Children Act 1989"), ("Local Goverment Act 1999", "Local Government Act 1999")])
def test_near_miss_titles_are_linked_fuzzily(written: str, title: str) -> None:
    [r] = find_refs(f"duties under section 7 of the {written} are unmet")
    assert (r.act_title, r.fuzzy, r.matched_title) == (title, True, written)
    assert r.uri and r.uri.endswith("/section/7")


def test_exact_titles_are_not_fuzzy_and_case_insensitive() -> None:
    [r] = find_refs("under the LOCAL AUTHORITY SOCIAL SERVICES ACT 1970")
    assert (r.act_title, r.fuzzy, r.uri) == ("Local Authority Social Services Act 1970", False, f"{BASE}/1970/42")


@pytest.mark.parametrize("text", [
    "See paragraphs 2 to 5 above and paragraph 9 of this Direction.",
    "Section 4 of this report sets out the plan for 2016-18.",
    "In 2015 and 2016 the council spent more; Part 3 of the plan follows.",
    "The Council's 15 directorates met in 1999.",
    "under section 6 of the Council's constitution",
])
def test_negatives(text: str) -> None:
    assert find_refs(text) == []


def test_statutory_instruments_only_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "under the Local Authorities (Standing Orders) (England) Regulations 2001 and the Localism Act 2011"
    assert keys(text) == {("Localism Act 2011", None, None)}
    monkeypatch.setattr(statutes, "EMIT_SI", True)
    refs = find_refs(text)
    si = [r for r in refs if r.kind == "si"]
    assert [r.act_title for r in si] == ["Local Authorities (Standing Orders) (England) Regulations 2001"]


def test_offsets_point_into_text_and_registry_entry() -> None:
    text = "Ofsted noted that, under section 11 of the Children Act 2004, partners must cooperate."
    ex = Extraction(document=Document("d", "d.txt", "0", "text", text))
    refs = statutes.extract(ex)
    assert [text[r.start:r.end] for r in refs] == ["section 11 of the Children Act 2004"]


def test_footnote_marker_glued_to_year() -> None:
    assert keys("intervention under the Local Government Act 19994 was announced") == {
        ("Local Government Act 1999", None, None)}


def test_plural_acts_with_two_years() -> None:
    assert keys("duties under the Children Acts 1989 and 2004 remain") == {
        ("Children Act 1989", None, None), ("Children Act 2004", None, None)}


def test_mixed_case_title_words_that_head_capital_headings() -> None:
    assert keys("a sentence under the Powers of Criminal Courts (Sentencing) Act 2000") == {
        ("Powers of Criminal Courts (Sentencing) Act 2000", None, None)}
    assert keys("STATUTORY POWERS UNDER WIDGET LICENSING ACT 1931") == {("Widget Licensing Act 1931", None, None)}


def test_said_act() -> None:
    assert ("Housing Act 1996", "188", None) in keys("the Housing Act 1996. Under section 188 of the said Act")


def test_title_broken_by_a_page_footer() -> None:
    from pipeline.ingest.layout import split_pages

    text, pages = split_pages("duties under section 15(5) of the Local\n\nWessex Council  Page 2 of 4\n\n"
                              "Government Act 1999 and the Widget\n\n- 3 -\n\nLicensing Act 1931 apply")
    refs = statutes.extract(Extraction(document=Document("d", "d.txt", "0", "text", text, pages)))
    assert {(r.act_title, r.section, r.subsection) for r in refs} == {
        ("Local Government Act 1999", "15", "(5)"), ("Widget Licensing Act 1931", None, None)}


def test_aside_between_provision_and_act_and_ampersand_list() -> None:
    assert keys("under sections 15(5) & (6) (as amended) of the Local Government Act 1999") == {
        ("Local Government Act 1999", "15", "(5)"), ("Local Government Act 1999", "15", "(6)")}


def test_paragraph_list_and_range_of_a_schedule() -> None:
    refs = find_refs("under paragraphs 8 and 10(1) of Schedule 2 to the Children Act 1989 and paragraphs 1 to 3 "
                     "of Schedule 7 to the Education Act 1996")
    assert {(r.section, r.subsection, r.uri) for r in refs} == {
        ("Schedule 2", "paragraph 8", f"{BASE}/1989/41/schedule/2/paragraph/8"),
        ("Schedule 2", "paragraph 10(1)", f"{BASE}/1989/41/schedule/2/paragraph/10/1"),
        ("Schedule 7", "paragraph 1-3", f"{BASE}/1996/56/schedule/7"),
    }


def test_part_after_the_act_and_provision_in_an_aside() -> None:
    assert keys("arrangements under the Localism Act 2011, Part 5 remain") == {("Localism Act 2011", "Part 5", None)}
    assert keys("duties under the Equality Act 2010 (in particular section 149) apply") == {
        ("Equality Act 2010", None, None), ("Equality Act 2010", "149", None)}


def test_word_split_by_ocr_is_linked_fuzzily() -> None:
    [r] = find_refs("under section 497A(4B) of the Educat ion Act 1996 the Minister")
    assert (r.act_title, r.section, r.fuzzy, r.matched_title) == ("Education Act 1996", "497A", True,
                                                                  "Educat ion Act 1996")


def test_custom_defined_name_for_an_act() -> None:
    got = keys('the Children Act 1989 ("the Principal Act") applies; see section 17 of the Principal Act.')
    assert got == {("Children Act 1989", None, None), ("Children Act 1989", "17", None)}
