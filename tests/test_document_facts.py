"""Document facts on invented documents in the genres' style (councils, people and dates are made up)."""

from __future__ import annotations

import pytest

from pipeline.config import settings
from pipeline.document import DateFact, Document, Extraction, PersonFact
from pipeline.extract.document_facts import (
    extract,
    find_mentions,
    find_relations,
    kind_by_model,
    kind_by_rules,
    other_body,
    pick_issued,
    pick_signatory,
    resolve_authority,
)

DIRECTION = """DIRECTION UNDER SECTION 497A(4B) OF THE EDUCATION ACT 1996
TO KIRKLEES COUNCIL

WHEREAS

1. The Secretary of State for Education issued a direction to Kirklees Council ("the Authority") on 4 June 2019
pursuant to section 497A(4B) of the Education Act 1996 ("the first direction").

2. The Authority has worked with Wakefield Metropolitan District Council as its improvement partner.

NOW THEREFORE the Secretary of State directs the Authority:

(a) To comply with any instructions of the Commissioner.

Signed by authority of the Secretary of State

Priya Haslam
Deputy Director

Dated 2 March 2021
"""

NOTICE = """Improvement Notice

To:   TORBAY COUNCIL

An Improvement Notice ("the first Improvement Notice") was given to the Council on 12th May 2012. The Council has
been supported by Devon County Council and by Plymouth City Council as improvement partners.

Measures required

The Council must take the following action:

1) Reduce social worker vacancies.

Signed:

Date:
"""

REVOCATION = """ROCHDALE METROPOLITAN BOROUGH COUNCIL

DIRECTIONS UNDER SECTION 15 OF THE LOCAL GOVERNMENT ACT 1999

Revocation of the Directions of 8 October 2018 and return of functions

1. The Secretary of State is satisfied that the Authority can now exercise its functions.
2. The March 2019 Directions, which amended the earlier ones, are spent.
"""

TOR = """Department for Education

TERMS OF REFERENCE

Commissioner for Children's Services in Peterborough

(These terms of reference replace those issued on 2 February 2020.)

Peterborough City Council ("the Council") remains subject to a direction given on 17 January 2019.
"""

REPORT = """WOKING BOROUGH COUNCIL: FINANCIAL RECOVERY

Report of the Lead Commissioner to the Secretary of State

1. I was appointed on 3 July 2023. I recommend that the Council sells its investment properties.

Amelia Okafor
Lead Commissioner
"""

LETTER = """12 April 2017

Dear Chief Executive,

I am writing about the progress of Medway Council since the inspection. I would be grateful for an update.

Yours sincerely,

Rajesh Marsden
Minister of State
"""

STATEMENT = """Written statement HCWS412, made on 9 September 2020

I am today announcing my decision to intervene in the London Borough of Havering ("the Council").
My Rt Hon Friend has agreed these arrangements.
"""

BRIEFING = """Intervention in children's services
Purpose of report
For information.
Summary
1. Since 2013 Ministers have intervened in Sefton Metropolitan Borough Council, Torbay Council, Croydon and Bradford.
2. Peer support was brokered for Medway Council and Thurrock Council.
"""

COUNCIL_REPORT = """REPORT OF THE LEADER AND THE CHIEF EXECUTIVE

Report to Cabinet

1. This report updates Cabinet on children's services in Stockport. Stockport has made progress since 2019 and
Stockport's improvement board meets monthly. Members of Stockport's scrutiny panel visited Manchester once.
"""


def _ex(text: str, dates: list[DateFact] | None = None, people: list[PersonFact] | None = None) -> Extraction:
    return Extraction(document=Document("t", "t.txt", "", "text", text), dates=dates or [], people=people or [])


@pytest.mark.parametrize(("text", "kind"), [
    (DIRECTION, "statutory_direction"), (NOTICE, "improvement_notice"), (REVOCATION, "revocation"),
    (TOR, "terms_of_reference"), (REPORT, "commissioner_report"), (LETTER, "letter"), (STATEMENT, "other"),
    (BRIEFING, "briefing"), (COUNCIL_REPORT, "council_report"),
    ("Lifting of the Improvement Notice issued to Halton Borough Council\n\nThe Minister has decided that it ends.",
     "revocation"),
    ("Report to: Cabinet\nDate: 4 May 2022\n\nThe Cabinet is asked to note progress on the plan.", "council_report"),
    ("Statutory direction to Sunderland City Council\n\nThe Secretary of State directs the Council.",
     "statutory_direction"),
])
def test_kind_rules(text: str, kind: str) -> None:
    assert kind_by_rules(text)[0] == kind


@pytest.mark.parametrize(("text", "authority"), [
    (DIRECTION, "Kirklees Council"),  # defined party, not the improvement partner
    (NOTICE, "Torbay Council"),  # addressee, not the councils named as partners
    (REVOCATION, "Rochdale Metropolitan Borough Council"),  # title line
    (TOR, "Peterborough City Council"),
    (REPORT, "Woking Borough Council"),
    (STATEMENT, "London Borough of Havering"),
    (BRIEFING, None),  # several councils, none the subject
    (COUNCIL_REPORT, "Stockport Metropolitan Borough Council"),  # the council the report is about
])
def test_authority_resolution(text: str, authority: str | None) -> None:
    a, _ = resolve_authority(text, 2021, kind_by_rules(text)[0])
    assert (a.name if a else None) == authority


def test_extract_fills_type_code_issued_and_signatory() -> None:
    issued = DIRECTION.index("2 March 2021")
    first = DIRECTION.index("4 June 2019")
    dates = [DateFact("4 June 2019", first, first + 11, date="2019-06-04", role="issued"),
             DateFact("2 March 2021", issued, issued + 12, date="2021-03-02", role="issued")]
    name = DIRECTION.index("Priya Haslam")
    people = [PersonFact("Priya Haslam", name, name + 12, name="Priya Haslam", role="signatory")]
    f = extract(_ex(DIRECTION, dates, people))
    assert (f.kind, f.authority, f.authority_type, f.authority_code) == (
        "statutory_direction", "Kirklees Council", "metropolitan borough", "E08000034")
    assert f.issued_date == "2021-03-02"  # the dated line wins over an earlier "issued" date
    assert f.signatory == "Priya Haslam"
    assert f.title == "DIRECTION UNDER SECTION 497A(4B) OF THE EDUCATION ACT 1996 TO KIRKLEES COUNCIL"


def test_issued_none_without_issued_role() -> None:
    assert pick_issued("x", [DateFact("May 2020", 0, 8, date="2020-05", role="event")]) is None


def test_signatories_joined_and_signing_commissioner() -> None:
    people = [PersonFact("A B", 5, 8, name="Ann Bell", role="signatory"),
              PersonFact("C D", 1, 3, name="Carl Dunn", role="signatory")]
    assert pick_signatory("text", people) == "Carl Dunn; Ann Bell"
    start = REPORT.index("Amelia Okafor")
    commissioner = PersonFact("Amelia Okafor", start, start + 13, name="Amelia Okafor", role="commissioner")
    assert pick_signatory(REPORT, [commissioner]) == "Amelia Okafor"
    # a commissioner named only inside a sentence does not sign
    other = PersonFact("Jo Pike", 0, 0, name="Jo Pike", role="commissioner")
    assert pick_signatory("The Commissioner, Jo Pike, visited the Council in May.\n\nSigned", [other]) is None


def test_relations() -> None:
    rel = {(r.relation, r.target_kind, r.target_date) for r in find_relations(NOTICE, [])}
    assert rel == {("refers_to", "improvement_notice", "2012-05-12")}
    rel = {(r.relation, r.target_kind, r.target_date) for r in find_relations(REVOCATION, [])}
    assert ("revokes", "statutory_direction", "2018-10-08") in rel
    assert ("refers_to", "statutory_direction", "2019-03") in rel
    rel = {(r.relation, r.target_kind, r.target_date) for r in find_relations(TOR, [])}
    assert rel == {("replaces", "terms_of_reference", "2020-02-02"), ("refers_to", "statutory_direction", "2019-01-17")}
    # a passive report about other documents is a reference, and the date comes from ex.dates when given
    text = "The first direction was revoked by a direction given on 5 May 2016."
    start = text.index("5 May")
    rels = find_relations(text, [DateFact("5 May 2016", start, start + 10, date="2016-05-05")])
    assert [(r.relation, r.target_date) for r in rels] == [("refers_to", "2016-05-05")]
    assert find_relations("This Direction shall remain in force until 31 March 2024.", []) == []


def test_rules_only_when_models_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "use_models", False)
    f = extract(_ex(LETTER))
    assert (f.kind, f.kind_source) == ("letter", "rules")


def test_shipped_model_classifies_unseen_notice() -> None:
    if not (settings.models_dir / "kind").exists():
        pytest.skip("models/kind not trained")
    cats = kind_by_model(NOTICE)
    assert cats is not None
    assert max(cats, key=cats.__getitem__) == "improvement_notice"


def test_letter_lifting_a_notice_is_a_revocation_and_addressee_block_gives_authority() -> None:
    head = "\n".join(["Department for Education", "Sanctuary Buildings", "London", "SW1P 3BT", "", "Cllr Ann Toft",
                      "Leader", "Wiltshire Council", "County Hall", "Trowbridge", "", "3 May 2016", ""])
    text = head + ("\n\nDear Cllr Toft,\n\nFollowing the recent inspection I have decided to lift the Improvement "
                   "Notice issued to the Council on 9 June 2014.\n\nYours sincerely,\n\nTom Pell\nMinister")
    assert kind_by_rules(text)[:2] == ("revocation", "strong")
    a, _ = resolve_authority(text, 2016, "revocation")
    assert a is not None and (a.name, a.gss_code) == ("Wiltshire Council", "E06000054")


def test_relation_dated_before_the_verb() -> None:
    text = "3.2 On 14 January 2019 the Secretary of State gave a further direction to the Council."
    assert [(r.relation, r.target_kind, r.target_date) for r in find_relations(text, [])] == [
        ("refers_to", "statutory_direction", "2019-01-14")]


@pytest.mark.parametrize("definition", ['("the Council")', "(the “Council”)", "('the Authority')",
                                        '(hereinafter referred to as "the Authority")'])
def test_defined_party_quote_styles(definition: str) -> None:
    text = (f"Background\n\nThe Minister wrote to the Leader on 3 May 2019 about the review, copying the letter to "
            f"Hampshire County Council. The Secretary of State is satisfied that Torbay Council {definition} is "
            "failing to perform its functions, and Hampshire County Council will act as improvement partner.")
    a, m = resolve_authority(text, 2019, "letter")
    assert a is not None and a.name == "Torbay Council"
    assert m is not None and m.text == "Torbay Council"


def test_directive_item_is_not_an_addressee() -> None:
    text = ("Background\n\nThe review found weaknesses in leadership across the area that the Minister asked about.\n\n"
            "To cooperate with Essex County Council as improvement partner.\n\n"
            "To: The Chief Executive, Southend-on-Sea Borough Council\n")
    a, _ = resolve_authority(text, 2018, "letter")
    assert a is not None and a.name == "Southend-on-Sea Borough Council"


@pytest.mark.parametrize("venue", [
    "Westminster Hall debate", "Birmingham New Street station", "Leeds Beckett University", "Manchester Airport",
    "Essex Police", "Kent Fire and Rescue Service", "Greater Manchester", "Coventry City FC",
])
def test_place_inside_a_venue_or_other_body_is_not_a_council(venue: str) -> None:
    text = f"Notes of a meeting\n\nHeld at {venue}, 3 May 2022\n\nAttendees discussed the sector's finances.\n"
    assert find_mentions(text, 2022) == []
    assert resolve_authority(text, 2022, "other") == (None, None)


def test_bare_place_before_a_lower_case_word_or_a_council_word_still_counts() -> None:
    text = "Officers in Wakefield said that Bolton Council and Leeds City Council agreed.\n"
    assert [m.authority.name for m in find_mentions(text, 2020)] == [
        "Wakefield Metropolitan District Council", "Bolton Metropolitan Borough Council", "Leeds City Council"]


def test_briefing_naming_councils_only_as_examples_has_no_authority() -> None:
    text = ("District Councils' Network\n\nBriefing: commissioners and recovery\n\n"
            "Interventions have been used in Sunderland, Bexley and Cornwall since 2015. "
            "Cornwall Council's recovery board met in 2016 and Cornwall's plan was published in 2017.\n")
    assert resolve_authority(text, 2017, "briefing") == (None, None)
    named = "Briefing: the intervention in Cornwall Council\n\n" + text
    assert resolve_authority(named, 2017, "briefing")[0].name == "Cornwall Council"  # type: ignore[union-attr]


def test_model_runs_only_when_the_title_block_is_not_decisive(monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.extract.document_facts as df

    calls: list[str] = []

    def fake_model(text: str) -> dict[str, float]:
        calls.append(text)
        return {k: (0.9 if k == "briefing" else 0.01) for k in df.KINDS}

    monkeypatch.setattr(df, "kind_by_model", fake_model)
    f = extract(_ex(DIRECTION))  # "DIRECTION UNDER SECTION ..." decides on its own
    assert (f.kind, f.kind_source, calls) == ("statutory_direction", "rules", [])
    vague = "Notes\n\nThe panel met on 3 May 2022 and considered the sector's finances in some detail.\n"
    f = extract(_ex(vague))
    assert (f.kind, f.kind_source, len(calls)) == ("briefing", "model", 1)


def test_offsets_hold_when_lower_case_is_longer_and_for_possessives() -> None:
    # "İ" lower-cases to two characters: the mention offsets must still point into the original text
    for text in ("İ Officers of Wigan Council's cabinet met Stockport's leader.",
                 "Officers of Wigan Council's cabinet met Stockport's leader."):
        ms = find_mentions(text, 2020)
        assert [text[m.start:m.end] for m in ms] == [m.text for m in ms] == ["Wigan Council's", "Stockport's"]


def test_relation_nouns_and_years_only_as_whole_words() -> None:
    assert find_relations("The redirection issued on 3 May 2016 was noted.", []) == []
    rels = find_relations("The direction issued on 3 May 2016 was noted.", [])
    assert [(r.target_kind, r.target_date) for r in rels] == [("statutory_direction", "2016-05-03")]
    from pipeline.extract.document_facts import _year

    assert _year(None, "Ref 120199 and 201999; in 2015, 2015 and 2019.") == 2015


@pytest.mark.parametrize("text, name, kind", [
    ("NORTHSHIRE AND WESTDALE FIRE AND RESCUE AUTHORITY\n\nDIRECTION UNDER SECTION 22 OF THE FIRE AND RESCUE "
     "SERVICES ACT 2004\n\n1. The Secretary of State is satisfied that Northshire and Westdale Fire and Rescue "
     "Authority (\"the Authority\") is failing.\n", "Northshire and Westdale Fire and Rescue Authority",
     "fire and rescue authority"),
    ("Direction to the Kestrel Valley Combined Authority under section 15 of the Local Government Act 1999.\n\n"
     "1. The Authority shall prepare an improvement plan.\n", "Kestrel Valley Combined Authority",
     "combined authority"),
])
def test_a_directed_body_that_is_not_a_council_is_the_authority(text: str, name: str, kind: str) -> None:
    facts = extract(_ex(text))
    assert (facts.authority, facts.authority_type, facts.authority_code) == (name, kind, None)


def test_a_council_named_with_a_combined_authority_stays_the_authority() -> None:
    text = ("Direction to Kirklees Council under section 15 of the Local Government Act 1999.\n\n"
            "1. The Council shall work with the West Yorkshire Combined Authority.\n")
    assert other_body(text) is not None  # the fallback would find one, but a council comes first
    facts = extract(_ex(text))
    assert facts.authority == "Kirklees Council"
