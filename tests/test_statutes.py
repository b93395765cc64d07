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
    got = {(r.act_title, r.section, r.subsection, r.paragraph, r.uri) for r in refs}
    assert got == {  # a paragraph is not a bracketed subsection: it has its own field, and is in the uri
        ("Children Act 1989", "Schedule 2", None, "4", f"{BASE}/1989/41/schedule/2/paragraph/4"),
        ("Care Act 2014", "Schedule 1", None, None, f"{BASE}/2014/23/schedule/1"),
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
    assert {(r.section, r.subsection, r.paragraph, r.uri) for r in refs} == {
        ("Schedule 2", None, "8", f"{BASE}/1989/41/schedule/2/paragraph/8"),
        ("Schedule 2", None, "10(1)", f"{BASE}/1989/41/schedule/2/paragraph/10/1"),
        ("Schedule 7", None, "1-3", f"{BASE}/1996/56/schedule/7"),
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


# --- round 2: forms found on held-out documents -------------------------------------------------


@pytest.mark.parametrize("bracket", ['("the LGA 1999")', '("the 1999 Act")', "('the Act')", '(the "1999 Act")',
                                     "(“LGA 1999”)", '(hereafter "the 1989 Act")', "(LGA 1999)", "(‘the LGA’)",
                                     '(as amended) ("the 1999 Act")', '("the 1999 Act Directions")'])
def test_definition_bracket_after_a_provision_gives_no_act_level_entry(bracket: str) -> None:
    text = f"The Minister used sections 4(2) and 4(3) of the Local Government Act 1999 {bracket} in Northmoor."
    assert keys(text) == {("Local Government Act 1999", "4", "(2)"), ("Local Government Act 1999", "4", "(3)")}


def test_unquoted_bracket_that_is_not_the_acts_acronym_is_not_a_definition() -> None:
    got = keys("under section 3 of the Children Act 2004 (UK) and later the UK view")
    assert got == {("Children Act 2004", "3", None)}


def test_acronym_defined_with_the_is_used_without_it() -> None:
    text = 'the Care Act 2014 ("the CA 2014") applies; enquiries under s.42 CA 2014 follow.'
    assert keys(text) == {("Care Act 2014", None, None), ("Care Act 2014", "42", None)}


def test_aside_before_definition_bracket_and_act_on_its_own() -> None:
    text = 'the Education Act 1996 (c. 56) ("the 1996 Act"), section 509 of the 1996 Act and powers under the 1996 Act'
    assert keys(text) == {("Education Act 1996", None, None), ("Education Act 1996", "509", None)}


@pytest.mark.parametrize(("written", "subs"), [
    ("section 7(2)-(3)", ["(2)", "(3)"]), ("section 7(2) to (4)", ["(2)", "(3)", "(4)"]),
    ("section 7(2)–(3)", ["(2)", "(3)"]), ("sections 7(2) and 7(3)", ["(2)", "(3)"]),
    ("section 7(2), (3) and (5)", ["(2)", "(3)", "(5)"]),
    ("subsections (2) to (4) of section 7", ["(2)", "(3)", "(4)"]),
    ("section 7(1) to (40)", ["(1)-(40)"]), ("section 7(2A)-(2C)", ["(2A)-(2C)"]),
    ("section 7(2)(a) and (b)", ["(2)(a)", "(2)(b)"]), ("section 7(2)(a)(i) and (ii)", ["(2)(a)(i)", "(2)(a)(ii)"]),
])
def test_subsection_lists_and_ranges(written: str, subs: list[str]) -> None:
    refs = find_refs(f"the Minister relied on {written} of the Widget Licensing Act 1931 to act")
    assert [(r.section, r.subsection) for r in refs] == [("7", s) for s in subs]


def test_subsection_range_links_to_its_section() -> None:
    [r] = find_refs("under section 509(1)-(30) of the Education Act 1996")
    assert r.uri == f"{BASE}/1996/56/section/509"


def test_adjectival_defined_term_names_a_document() -> None:
    text = ('Under section 15 of the Local Government Act 1999 ("the 1999 Act") the Minister acted. '
            "The 1999 Act Directions expire in May. The LGA 1999 Notice was sent.")
    assert keys(text) == {("Local Government Act 1999", "15", None)}
    assert ("Local Government Act 1999", None, None) in keys(text + " Powers under the 1999 Act remain.")


@pytest.mark.parametrize("written", ["Act l989", "Act I989", "Act 198 9", "Act 1989", "Act, 1989", "Act1989"])
def test_scanned_and_old_style_years(written: str) -> None:
    assert keys(f"help under section 17 of the Children {written} was given") == {("Children Act 1989", "17", None)}


def test_implausible_years_are_not_read() -> None:
    assert keys("the Widget Act 12 34 and the Widget Act 1 9 8 9") == set()


@pytest.mark.parametrize("text", [
    "The s151 officer and the monitoring officer reported under the Local Government Act 1972.",
    "The Section 151 Officer of the Council wrote to the Local Government Act 1972 review.",
])
def test_role_names_are_not_provisions(text: str) -> None:
    assert keys(text) == {("Local Government Act 1972", None, None)}


def test_section_114_notice_only_with_its_act() -> None:
    assert keys("the council issued a section 114 notice in July") == set()
    assert keys("a report under section 114 of the Local Government Finance Act 1988 followed") == {
        ("Local Government Finance Act 1988", "114", None)}


@pytest.mark.parametrize(("written", "want"), [
    ("s.4(2) of the LGA 1999", {("Local Government Act 1999", "4", "(2)")}),
    ("s 4 of the Local Government Act 1999", {("Local Government Act 1999", "4", None)}),
    ("ss. 20-22 of the Children Act 1989", {("Children Act 1989", "20-22", None)}),
    ("ss20 and 22 of the Children Act 1989", {("Children Act 1989", "20", None), ("Children Act 1989", "22", None)}),
    ("sub-section (3A) of section 509 of the Education Act 1996", {("Education Act 1996", "509", "(3A)")}),
    ("section 509(3A) and (3B) of the Education Act 1996",
     {("Education Act 1996", "509", "(3A)"), ("Education Act 1996", "509", "(3B)")}),
    ("Schedule 3, paragraph 6 to the Children Act 1989", {("Children Act 1989", "Schedule 3", None)}),
    ("Schedule 3 para. 6(2) of the Children Act 1989", {("Children Act 1989", "Schedule 3", None)}),
    ("Part IV of the Local Government Act 1999", {("Local Government Act 1999", "Part 4", None)}),
    ("Chapter 3 of Part 2 of the Localism Act 2011", {("Localism Act 2011", "Part 2", None)}),
])
def test_abbreviated_and_nested_provision_forms(written: str, want: set) -> None:
    assert keys(f"the Secretary of State may act under {written} if needed") == want


def test_subsection_first_of_a_defined_term() -> None:
    text = 'the Local Government Act 1999 ("the 1999 Act"); subsection (4) of section 10 of the 1999 Act'
    assert keys(text) == {("Local Government Act 1999", None, None), ("Local Government Act 1999", "10", "(4)")}


@pytest.mark.parametrize("text", [
    "NOTICE UNDER THE CHILDREN ACT 1989", "Notice Under The Children Act 1989", "the Chil-\ndren Act 1989",
    "THE CHILDREN\nACT 1989", "the Children\n\nAct 1989",
])
def test_headings_and_broken_titles(text: str) -> None:
    [r] = find_refs(text)
    assert (r.act_title, r.fuzzy) == ("Children Act 1989", False)


def test_hyphen_broken_title_not_in_table() -> None:
    assert keys("licences under the Widget Licen-\nsing Act 1931") == {("Widget Licensing Act 1931", None, None)}


def test_devolved_acts_and_welsh_measures_without_a_table_row() -> None:
    refs = find_refs("duties under section 6 of the Riverside Housing (Wales) Act 2019 and the "
                     "Local Libraries (Wales) Measure 2010, but not the Annual Performance Measure 2019")
    assert {(r.act_title, r.section) for r in refs} == {("Riverside Housing (Wales) Act 2019", "6"),
                                                       ("Local Libraries (Wales) Measure 2010", None)}
    assert all(r.uri is None for r in refs)


@pytest.mark.parametrize("text", [
    "See paragraph 4 above and paragraphs 1 to 4 of this Annex; section 3 of this report.",
    "The Improvement Plan 2021 and the Recovery Plan 2022-2024 were agreed in 2020.",
    "Part 2 of the plan and Schedule 1 of this Notice apply in 2023.",
])
def test_more_negatives(text: str) -> None:
    assert find_refs(text) == []


def test_welsh_acts_and_measures_in_the_table_link() -> None:
    refs = find_refs("support under section 35 of the Social Services and Well-being (Wales) Act 2014 and "
                     "improvement under Part 1 of the Local Government (Wales) Measure 2009")
    assert [r.uri for r in refs] == ["http://www.legislation.gov.uk/id/anaw/2014/4/section/35",
                                     "http://www.legislation.gov.uk/id/mwa/2009/2/part/1"]


def test_provisions_after_an_act_already_cited_and_unbracketed_asides() -> None:
    got = keys("all functions under Part 1 of the Local Government Act 2003, s.3 and ss.21-24, and the "
               "Equality Act 2010, in particular section 149")
    assert got == {("Local Government Act 2003", "Part 1", None), ("Local Government Act 2003", "3", None),
                   ("Local Government Act 2003", "21-24", None), ("Equality Act 2010", None, None),
                   ("Equality Act 2010", "149", None)}


def test_provision_after_an_act_that_belongs_to_something_else() -> None:
    text = 'the Localism Act 2011 ("the 2011 Act"); powers under the 2011 Act, Part 2 of these Directions apply'
    assert keys(text) == {("Localism Act 2011", None, None)}


def test_provisions_of_statutory_instruments_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("under article 4(2) of the Wessex (Structural Changes) Order 2019 and regulations 3 and 5 of the "
            "Local Authorities (Widgets) (England) Regulations 2012")
    assert keys(text) == set()
    monkeypatch.setattr(statutes, "EMIT_SI", True)
    assert keys(text) == {("Wessex (Structural Changes) Order 2019", "Article 4", "(2)"),
                          ("Local Authorities (Widgets) (England) Regulations 2012", "Regulation 3", None),
                          ("Local Authorities (Widgets) (England) Regulations 2012", "Regulation 5", None)}


def test_aside_with_a_provision_is_not_swallowed_by_a_definition() -> None:
    got = keys('the Equality Act 2010 (in particular section 149) ("the 2010 Act") and the 2010 Act')
    assert got == {("Equality Act 2010", None, None), ("Equality Act 2010", "149", None)}


# --- round 3: split provisions, provisions in a heading bracket, Schedule paragraphs, adjectival sections ----


@pytest.mark.parametrize(("written", "want"), [
    ("section 9 of, and Schedule 4 to, the Widget Licensing Act 1931",
     {("Widget Licensing Act 1931", "9", None), ("Widget Licensing Act 1931", "Schedule 4", None)}),
    ("sections 4 and 6 of, and Schedule 2 to, the Localism Act 2011",
     {("Localism Act 2011", "4", None), ("Localism Act 2011", "6", None), ("Localism Act 2011", "Schedule 2", None)}),
    ("section 12(3) of, or paragraph 5 of Schedule 1 to, the Children Act 2004",
     {("Children Act 2004", "12", "(3)"), ("Children Act 2004", "Schedule 1", None)}),
    ("section 9 of and Schedule 4 to the Widget Licensing Act 1931",
     {("Widget Licensing Act 1931", "9", None), ("Widget Licensing Act 1931", "Schedule 4", None)}),
    ("Part 2 of, section 30 of, and Schedule 3 to, the LGA 1999",
     {("Local Government Act 1999", "Part 2", None), ("Local Government Act 1999", "30", None),
      ("Local Government Act 1999", "Schedule 3", None)}),
])
def test_split_provisions_share_the_act_after_them(written: str, want: set) -> None:
    assert keys(f"The auditor's report of 3 May was made under {written}, and the council replied.") == want


def test_split_provision_keeps_paragraph_and_uri() -> None:
    refs = find_refs("under section 5 of, or paragraph 2(4) of Schedule 3 to, the Children Act 1989")
    assert [(r.section, r.subsection, r.paragraph, r.uri) for r in refs] == [
        ("5", None, None, f"{BASE}/1989/41/section/5"),
        ("Schedule 3", None, "2(4)", f"{BASE}/1989/41/schedule/3/paragraph/2/4")]


@pytest.mark.parametrize("text", [
    "section 4 of this Notice, and Schedule 2 to the Localism Act 2011",  # the first belongs to the Notice
    "section 4 of, and Schedule 3 to, this Notice, and Schedule 2 to the Localism Act 2011",
])
def test_split_link_needs_the_chain(text: str) -> None:
    assert keys(text) == {("Localism Act 2011", "Schedule 2", None)}


@pytest.mark.parametrize("heading", ["CHILDREN ACT 2004 (SECTION 50)", "Children Act 2004 (s.50)",
                                     "Children Act 2004 (section 50)", "CHILDREN ACT 2004 (S50)"])
def test_provision_in_a_bracket_after_a_heading_title(heading: str) -> None:
    assert keys(f"{heading}\n\nDIRECTION TO WESSEX COUNCIL\n\nThe Secretary of State directs as follows.") == {
        ("Children Act 2004", "50", None)}


def test_bracketed_subsection_after_title_and_aside_still_stands_alone() -> None:
    assert keys("LOCAL GOVERNMENT ACT 1999 (SECTION 15(5))") == {("Local Government Act 1999", "15", "(5)")}
    assert keys("duties under the Equality Act 2010 (see section 149) apply") == {
        ("Equality Act 2010", None, None), ("Equality Act 2010", "149", None)}


def test_paragraph_of_a_schedule_is_not_a_subsection() -> None:
    [r] = find_refs("the auditor acted under paragraph 3(2) of Schedule 5 to the Care Act 2014 in March")
    assert (r.section, r.subsection, r.paragraph) == ("Schedule 5", None, "3(2)")
    assert r.uri == f"{BASE}/2014/23/schedule/5/paragraph/3/2"


@pytest.mark.parametrize(("text", "want"), [
    ("The s.5 report issued by the Monitoring Officer in May under the Local Government and Housing Act 1989 stands.",
     {("Local Government and Housing Act 1989", "5", None), ("Local Government and Housing Act 1989", None, None)}),
    ('the Education Act 1996 ("the 1996 Act"); a section 509 agreement made under the 1996 Act lapsed.',
     {("Education Act 1996", None, None), ("Education Act 1996", "509", None)}),
    ("The section 15 directions of 2 May under the Widget Licensing Act 1931 continue.",
     {("Widget Licensing Act 1931", "15", None), ("Widget Licensing Act 1931", None, None)}),
])
def test_adjectival_section_linked_to_the_act_later_in_its_sentence(text: str, want: set) -> None:
    assert keys(text) == want


@pytest.mark.parametrize("text", [
    "A section 114 notice was issued in July. Powers under the Local Government Finance Act 1988 were used.",
    "A section 114 notice was issued; powers under the Local Government Finance Act 1988 were then used.",
    "A section 114 notice was issued although the Local Government Finance Act 1988 was not cited.",
    "The s151 officer acted under the Local Government Finance Act 1988 in the crisis.",
    "a section 114 notice, section 5 of the Children Act 1989 and powers under the Local Government Finance Act 1988",
    "a section 114 notice and later, after a long and complicated sequence of meetings, reports, consultations, "
    "hearings, appeals, reviews, exchanges of letters, further meetings, further appeals and after a great many "
    "further discussions with the council and its partners, powers under the Local Government Finance Act 1988",
])
def test_adjectival_section_left_alone(text: str) -> None:
    assert all(r.section in (None, "5") for r in find_refs(text))


@pytest.mark.parametrize(("written", "want"), [
    ("section 7 and Schedule 2 to the Care Act 2014",
     {("Care Act 2014", "7", None), ("Care Act 2014", "Schedule 2", None)}),
    ("Part 3, and section 40 of the Care Act 2014", {("Care Act 2014", "Part 3", None), ("Care Act 2014", "40", None)}),
    ("Schedules 2 and 3 to the Care Act 2014",
     {("Care Act 2014", "Schedule 2", None), ("Care Act 2014", "Schedule 3", None)}),
    ("Schedule 2 and Schedule 4A to the Care Act 2014",
     {("Care Act 2014", "Schedule 2", None), ("Care Act 2014", "Schedule 4A", None)}),
    ("sections 1 and 2 of, and Schedules 1 and 2 to, the Care Act 2014",
     {("Care Act 2014", s, None) for s in ("1", "2", "Schedule 1", "Schedule 2")}),
])
def test_provisions_of_different_kinds_joined_by_and(written: str, want: set) -> None:
    assert keys(f"the duties in {written} were not met") == want


def test_schedule_written_after_its_act() -> None:
    assert keys("the Care Act 2014, Schedule 2 applies") == {("Care Act 2014", "Schedule 2", None)}
    assert keys("CARE ACT 2014 (SCHEDULE 5)") == {("Care Act 2014", "Schedule 5", None)}
    [r] = find_refs("the Care Act 2014, Schedule 3, paragraph 4(1) applies")
    assert (r.section, r.subsection, r.paragraph) == ("Schedule 3", None, "4(1)")
    assert keys("the Care Act 2014, Schedule 1 of these Directions applies") == {("Care Act 2014", None, None)}


def test_roman_i_after_a_schedule_is_not_another_schedule() -> None:
    assert keys("under Schedule 2 and I think the Care Act 2014 too") == {("Care Act 2014", None, None)}


def test_anchors_start_at_word_boundaries() -> None:
    # the whole-text anchors open with their first letter and check the boundary just after it
    assert keys("The Compact 1999, the Artefact 2010 and the xLGA 1999 rules are not statutes.") == set()
    assert keys("under the Local Government Act 1999, the Children ACT 1989 and section 3 of that act") == {
        ("Local Government Act 1999", None, None), ("Children Act 1989", None, None), ("Children Act 1989", "3", None)}
    assert keys("The 1996 Act (as the Education Act 1996 is called) applies; bathe 1996 Act.") == {
        ("Education Act 1996", None, None)}


def test_a_bare_section_repeating_the_one_just_cited_takes_its_act() -> None:
    text = ("The Secretary of State acts under section 497A of the Education Act 1996. She has not used "
            "her power under s497A(4B) at this stage.")
    carried = [r for r in find_refs(text) if r.text == "s497A(4B)"]
    assert [(r.act_title, r.section, r.subsection) for r in carried] == [("Education Act 1996", "497A", "(4B)")]
    assert carried[0].uri.endswith("/ukpga/1996/56/section/497A/4B")


@pytest.mark.parametrize("text", [
    # another paragraph
    "The Notice is given under section 497A of the Education Act 1996.\n\nThe power in s497A(4B) is kept.",
    # another section number: the document's own numbering, or an Act never named
    "The Notice is given under section 497A of the Education Act 1996. See section 3 for the timetable.",
    # too far back
    "The Notice is given under section 497A of the Education Act 1996. " + "The Council will report. " * 30
    + "The power in s497A(4B) is kept.",
])
def test_a_bare_section_is_not_carried_across_paragraphs_numbers_or_distance(text: str) -> None:
    assert [r.text for r in find_refs(text) if r.text.startswith(("s497A(", "section 3"))] == []
