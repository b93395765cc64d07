"""People extractor: invented documents (names, councils and dates that are not in the corpus)."""

from __future__ import annotations

import time

import pytest

from pipeline.config import settings
from pipeline.extract.people import find_people, load_model, make_view


@pytest.fixture(scope="session")
def scorer():
    model = load_model(settings.models_dir / "people")
    assert model is not None, "models/people is shipped with the repository"
    return model


def by_name(facts):
    return {p.name: p for p in facts}


DIRECTION = """DIRECTION UNDER SECTION 497A(4B) OF THE EDUCATION ACT 1996 TO WREXFORD COUNTY COUNCIL

WHEREAS

1. The Secretary of State issued a direction to Wrexford County Council ("the Authority") on 3 May 2019
which required it to cooperate with the Commissioner for Children's Services in Wrexford, Dame Harriet Ollerenshaw.
2. On 30 June 2020 Dame Harriet stepped down. The Secretary of State now intends to appoint Tobias Penhaligon
as the new Commissioner for Children's Services in Wrexford.
3. The Authority shall cooperate with the independent improvement partner, Lindley Borough Council, and
with the Chief Executive and the Lead Member for Children's Services.

Signed on behalf of the Secretary of State for Education:

A handwritten signature in blue ink, appearing to read 'Priyanka Venkatesh', is written over a line.

Priyanka Venkatesh
Deputy Director, Children's Social Care Intervention
Department for Education

Date: 4th August 2020
"""


def test_direction_roles_signature_and_handwriting_not_double_counted():
    facts = find_people(DIRECTION)
    people = by_name(facts)
    assert set(people) == {"Dame Harriet Ollerenshaw", "Tobias Penhaligon", "Priyanka Venkatesh"}
    assert people["Dame Harriet Ollerenshaw"].role == "commissioner"
    assert people["Dame Harriet Ollerenshaw"].honorific == "Dame"
    assert people["Tobias Penhaligon"].role == "commissioner"
    sig = people["Priyanka Venkatesh"]
    assert sig.role == "signatory"
    assert sig.job_title == "Deputy Director, Children's Social Care Intervention"
    assert sig.mentions == 2  # the handwriting description is the same person, not a second one
    assert all(p.source == "rules" for p in facts)


REVOCATION = """WHEREAS:
2. At the date of these Directions the Commissioners are Gwendolyn Aske (Lead Commissioner),
Dr Rupert Fairbairn-Quayle (Commissioner for Children's Social Care) and Lionel Trebilcock.
4. In her report dated 2 March 2022, Commissioner Aske recommended that functions be returned.
5. The report on the inspection carried out by Oriana Blackwood CB and the advice of Sir Cuthbert Ravensworth
were taken into account.

Signed by authority of the Secretary of State for Levelling Up, Housing and Communities

[signature]

Desmond Okonjo-Harris
Deputy Director, Local Government Stewardship
Department for Levelling Up, Housing and Communities
"""


def test_commissioner_list_aliases_and_postnominals():
    people = by_name(find_people(REVOCATION))
    assert set(people) == {"Gwendolyn Aske", "Dr Rupert Fairbairn-Quayle", "Lionel Trebilcock",
                           "Oriana Blackwood CB", "Sir Cuthbert Ravensworth", "Desmond Okonjo-Harris"}
    for n in ("Gwendolyn Aske", "Dr Rupert Fairbairn-Quayle", "Lionel Trebilcock"):
        assert people[n].role == "commissioner", n
    assert "Commissioner Aske" in people["Gwendolyn Aske"].aliases
    assert people["Oriana Blackwood CB"].postnominals == "CB"
    assert people["Oriana Blackwood CB"].role == "other"
    assert people["Sir Cuthbert Ravensworth"].role == "other"
    assert people["Desmond Okonjo-Harris"].role == "signatory"


STATEMENT = """The best value inspection of Fenmoor District Council was led by Cressida Haverford OBE.
Ms Haverford found that the Council had not complied with its best value duty. The Council's external auditor,
Grant Thornton, issued an advisory notice.
I have nominated Barnaby Quiller CBE as Lead Commissioner and Rosalind Achterberg as Finance Commissioner.
Mr Quiller is a former chief executive. My Rt Hon Friend the Secretary of State will continue to monitor.
I am grateful to Cressida Haverford and her team, and to Barnaby Quiller and Rosalind Achterberg for agreeing to serve.
"""


def test_inspector_is_not_commissioner_and_short_forms_merge():
    facts = find_people(STATEMENT)
    people = by_name(facts)
    assert set(people) == {"Cressida Haverford OBE", "Barnaby Quiller CBE", "Rosalind Achterberg"}
    assert people["Cressida Haverford OBE"].role == "other"
    assert people["Barnaby Quiller CBE"].role == "commissioner"
    assert people["Rosalind Achterberg"].role == "commissioner"
    assert {"Ms Haverford", "Cressida Haverford"} <= set(people["Cressida Haverford OBE"].aliases)
    assert people["Barnaby Quiller CBE"].mentions == 3


REPORT = """**REPORT OF THE IMPROVEMENT BOARD: COUNCILLOR AMARA NWOSU, COUNCILLOR FERGUS DALRYMPLE,
HUGO PEVERELL AND ISOLDE MARCHBANK**

To:     The Rt Hon Cedric Ambrose MP, Secretary of State for Education
From:   Winifred Castellane, Children's Services Commissioner for Fenmoor

1.5 In preparing it I have met the Leader of the Council, Councillor Amara Nwosu; the Chief Executive, Hugo Peverell;
and the Independent Chair of the Fenmoor Safeguarding Children Board, Professor Lysander Quint.
2.1 The review was led by Professor Lysander Quint. The Quint Review was published in 2019. Quint considered
four options. In 2020 a new Commissioner, Winifred Castellane, was appointed. Winifred was a member of the review.
2.2 Serious case review on the death of Jasper Thornquist published. The panel, chaired by Perpetua Lyle, met monthly.
"""


def test_report_headings_headers_aliases():
    people = by_name(find_people(REPORT))
    assert set(people) == {"Councillor Amara Nwosu", "Councillor Fergus Dalrymple", "Hugo Peverell",
                           "Isolde Marchbank", "Rt Hon Cedric Ambrose MP", "Winifred Castellane",
                           "Professor Lysander Quint", "Jasper Thornquist", "Perpetua Lyle"}
    assert people["Winifred Castellane"].role == "commissioner"
    assert "Winifred" in people["Winifred Castellane"].aliases
    assert "Quint" in people["Professor Lysander Quint"].aliases
    assert people["Rt Hon Cedric Ambrose MP"].honorific == "Rt Hon"
    assert people["Rt Hon Cedric Ambrose MP"].postnominals == "MP"
    assert people["Hugo Peverell"].role == "other"


NOT_PEOPLE = """The Council shall cooperate with Essex County Council, Ofsted, KPMG and Merseyside Police.
Children's social care has been delivered by Thornbury Children First Limited ("the Company").
The Quartet must comprise the Lead Member, the Chief Executive and the Director of Children's Services.
The Children's Social Care Commissioner will report to the Secretary of State for Education.
The Department for Education and the Priory Group agreed the Services Contract under the Children Act 1989.
Signed:
Date: 23 March 2011
"""


def test_not_people(scorer):
    assert find_people(NOT_PEOPLE) == []
    assert find_people(NOT_PEOPLE, scorer) == []


MODEL_ONLY = """The review drew on conversations with Ottoline Barraclough and Ignatius Fenwick-Olumide, who
described the service in detail. Ottoline Barraclough's contribution was valued."""


def test_model_finds_names_the_rules_cannot(scorer):
    assert find_people(MODEL_ONLY) == []
    people = by_name(find_people(MODEL_ONLY, scorer))
    assert "Ottoline Barraclough" in people
    assert people["Ottoline Barraclough"].source == "model"
    assert people["Ottoline Barraclough"].mentions == 2


def test_model_adds_nothing_wrong_where_rules_suffice(scorer):
    for text in (DIRECTION, REVOCATION, STATEMENT, REPORT):
        assert by_name(find_people(text, scorer)).keys() == by_name(find_people(text)).keys()
    people = by_name(find_people(DIRECTION, scorer))
    assert people["Priyanka Venkatesh"].source == "rules"  # the scorer skips what the rules already read


def test_model_and_rules_agree_in_one_sentence(scorer):
    text = "The panel heard from Councillor Bartholomew Eddington and from Philippa Strangways-Horner."
    people = by_name(find_people(text, scorer))
    assert people["Philippa Strangways-Horner"].source == "model"
    assert people["Councillor Bartholomew Eddington"].source in ("rules", "rules+model")


def test_view_keeps_offsets():
    text = "REPORT OF COUNCILLOR ADA O'REILLY-STONE\nnormal line"
    view = make_view(text)
    assert len(view) == len(text)
    assert "Councillor Ada O'Reilly-Stone" in view
    assert view.endswith("normal line")


def test_speed(scorer):
    text = (DIRECTION + REVOCATION + STATEMENT + REPORT + NOT_PEOPLE) * 20
    find_people(text, scorer)
    t0 = time.perf_counter()
    find_people(text, scorer)
    rate = len(text) / (time.perf_counter() - t0)
    assert rate > 50_000, f"{rate:.0f} chars/s"  # name-dense text on a shared CPU; prose runs far faster


def test_commissioner_only_when_named_as_one():
    text = ("I have met the Commissioner, the Chief Executive, Ambrose Tillinghast, and the Leader, "
            "Councillor Morwenna Pengelly. The Commissioners are Evadne Marchetti (Lead Commissioner) and "
            "Caspar Olufemi-Hart. Ambrose Tillinghast reported to the Commissioners on 3 June 2021.")
    people = by_name(find_people(text))
    assert people["Ambrose Tillinghast"].role == "other"
    assert people["Councillor Morwenna Pengelly"].role == "other"
    assert people["Evadne Marchetti"].role == "commissioner"
    assert people["Caspar Olufemi-Hart"].role == "commissioner"


def test_other_offices_named_commissioner_and_addresses(scorer):
    text = ("Department for Education\nSanctuary Buildings, Great Smith Street, London\n\n"
            "The advice of the Children's Commissioner for England, Dame Philomena Arkwright, was considered.\n"
            "ELMSTEAD VALE METROPOLITAN BOROUGH COUNCIL\n"
            "Alun Prydderch will be the Lead Commissioner, supported by Zofia Wiśniewska as Finance Commissioner.\n")
    people = by_name(find_people(text, scorer))
    assert set(people) == {"Dame Philomena Arkwright", "Alun Prydderch", "Zofia Wiśniewska"}
    assert people["Dame Philomena Arkwright"].role == "other"
    assert people["Alun Prydderch"].role == "commissioner"
    assert people["Zofia Wiśniewska"].role == "commissioner"


def test_ambiguous_short_form_is_not_a_new_person():
    text = ("The review was led by Professor Imelda Grosvenor and Dr Septimus Grosvenor. "
            "Professor Grosvenor reported on 1 May 2019. Mr Achterberg-Lund, the Chief Executive, agreed.")
    people = by_name(find_people(text))
    assert set(people) == {"Professor Imelda Grosvenor", "Dr Septimus Grosvenor", "Mr Achterberg-Lund"}


def test_appointed_later_in_the_sentence():
    text = ("Lavinia Scrope-Hartley, who was appointed Lead Commissioner in 2019, met the Leader. "
            "Ptolemy Vance-Ridley led the inspection and reported to the Commissioners. "
            "A letter from Ptolemy Vance-Ridley to the Commissioner followed.")
    people = by_name(find_people(text))
    assert people["Lavinia Scrope-Hartley"].role == "commissioner"
    assert people["Ptolemy Vance-Ridley"].role == "other"


def test_name_split_by_a_hard_line_break():
    text = ("1. On 30 June 2020 the Secretary of State for Education decided to appoint Rosalind\n"
            "Featherstonehaugh as the new Commissioner for Children's Services in Wrexford.\n")
    people = by_name(find_people(text))
    assert people["Rosalind Featherstonehaugh"].role == "commissioner"


def test_training_frames_label_bare_names_only():
    import random

    from pipeline.training.people import FRAMES, HONS, NEGATIVES, POSTNOMS, _Names, render

    names, rng = _Names(7), random.Random(7)
    for frame in FRAMES:
        text, spans = render(frame, names, rng)
        assert "{" not in text and spans, frame
        for s, e in spans:
            name = text[s:e]
            assert name == name.strip() and name.split()[0] not in HONS and name.split()[-1] not in POSTNOMS
    for frame in NEGATIVES:
        text, spans = render(frame, names, rng)
        assert "{" not in text and spans == [], frame


def test_chained_titles_and_postnominals():
    text = ("The Leader, Councillor Sir Wilfred Ambleside, met Professor Dame Honoria Kettlewell and "
            "The Rt Hon Lord Pennington. The Rt Hon Cedric Ambrose CBE MP wrote to him.")
    people = by_name(find_people(text))
    assert set(people) == {"Councillor Sir Wilfred Ambleside", "Professor Dame Honoria Kettlewell",
                           "Rt Hon Lord Pennington", "Rt Hon Cedric Ambrose CBE MP"}
    assert people["Rt Hon Cedric Ambrose CBE MP"].postnominals == "CBE MP"
    assert people["Councillor Sir Wilfred Ambleside"].honorific == "Councillor Sir"


def test_signed_line_with_name_and_post():
    text = ("Failure to comply with this Notice may lead to intervention.\n\n"
            "Signed:   Peregrine Thwaites, Parliamentary Under Secretary of State for Children and Families\n"
            "Date:     4 May 2012\n")
    people = by_name(find_people(text))
    assert people["Peregrine Thwaites"].role == "signatory"
    assert people["Peregrine Thwaites"].job_title.startswith("Parliamentary Under Secretary")


def roles(text, scorer=None):
    return {p.name: p.role for p in find_people(text, scorer)}


@pytest.mark.parametrize("text", [
    "The Minister has appointed Winifred Osei-Larbi, Cormac Fitzwilliam and Dr Anjali Ramaswamy as Commissioners.",
    "Winifred Osei-Larbi, Cormac Fitzwilliam and Dr Anjali Ramaswamy were appointed Commissioners in May.",
    "The Commissioners, Winifred Osei-Larbi, Cormac Fitzwilliam and Dr Anjali Ramaswamy, will report monthly.",
    "Commissioners: Winifred Osei-Larbi; Cormac Fitzwilliam; Dr Anjali Ramaswamy.\n\nThe board meets monthly.",
    "The Minister nominated Winifred Osei-Larbi CBE & Cormac Fitzwilliam and Dr Anjali Ramaswamy as joint "
    "Commissioners.",
])
def test_every_member_of_a_coordinated_commissioner_list(text):
    got = {name.replace(" CBE", ""): role for name, role in roles(text).items()}
    assert got == {"Winifred Osei-Larbi": "commissioner", "Cormac Fitzwilliam": "commissioner",
                   "Dr Anjali Ramaswamy": "commissioner"}


def test_singular_role_at_list_end_is_only_the_last_member():
    got = roles("The report was read by Dr Hamish Prendergast, Lorna Featherby and Gideon Achterberg as Commissioner.")
    assert got == {"Dr Hamish Prendergast": "other", "Lorna Featherby": "other", "Gideon Achterberg": "commissioner"}


def test_bare_name_with_post_marker_in_a_list_and_stopword_surname():
    text = ("3. The Authority shall give the members of the Review Team, namely Harriet North (Chair), "
            "Dr Sunil Varghese and Oscar Wetherall, access to its records.")
    assert roles(text) == {"Harriet North": "other", "Dr Sunil Varghese": "other", "Oscar Wetherall": "other"}
    # a place or body keeps its compass word out of a name
    assert not find_people("The review covered Bristol North and the West Midlands Combined Authority.")


def test_particles_and_tab_separated_rows():
    text = ("Present:\nProf. Ingrid van der Meulen\tIndependent Chair\nCllr Tariq Mahmood\tCabinet Member for Housing\n"
            "\nThe inspection was led by Gruffydd ap Rhys and Lucia dos Santos.")
    assert set(roles(text)) == {"Prof. Ingrid van der Meulen", "Cllr Tariq Mahmood", "Gruffydd ap Rhys",
                                "Lucia dos Santos"}


def test_table_rows_signature_line_and_successor(scorer):
    text = ("Attendees\nDr Magnus Lindqvist\tFinance Commissioner\nBeatrix Holloway-Nunes\tMonitoring Officer\n"
            "Project budget\t\u00a34.2m\n\n"
            "Ms Holloway-Nunes reported. Ambrose Kettering succeeded Dr Lindqvist on 3 May 2024.\n\n"
            "Signature:\tPercival Onyango\tDate: 12 May 2024\n")
    for model in (None, scorer):
        got = roles(text, model)
        assert got == {"Dr Magnus Lindqvist": "commissioner", "Beatrix Holloway-Nunes": "other",
                       "Ambrose Kettering": "commissioner", "Percival Onyango": "signatory"}


def test_model_find_used_as_a_body_elsewhere_is_not_a_person(scorer):
    text = ("Minister Hortensia Blakeley appointed commissioners to Marlowe Heath Borough Council today. "
            "Marlowe Heath's Chief Executive, Eudora Pennywhistle, welcomed it.")
    assert set(roles(text, scorer)) == {"Minister Hortensia Blakeley", "Eudora Pennywhistle"} or \
        set(roles(text, scorer)) == {"Hortensia Blakeley", "Eudora Pennywhistle"}


def test_multi_column_signature_block_and_label_lines(scorer):
    text = ("The Commissioners are Mr Cedric Lomax (Lead Commissioner), Mrs Philippa Dunmore-Kaye and\n"
            "Ms Ngozi Obi-Warrender.\n\n"
            "Cedric Lomax Philippa Dunmore-Kaye Ngozi Obi-Warrender\n"
            "Lead Commissioner Finance Commissioner Commissioner\n")
    for model in (None, scorer):
        got = {p.name for p in find_people(text, model) if p.role == "commissioner"}
        assert got == {"Mr Cedric Lomax", "Mrs Philippa Dunmore-Kaye", "Ms Ngozi Obi-Warrender"}
    header = ("Report of: Executive Director of Place and Resources, Dr Helga Strand-Okonkwo\n"
              "Lead Member: Cllr Aidan O'Rourke-McBride, Cabinet Member for Housing\n")
    assert set(roles(header)) == {"Dr Helga Strand-Okonkwo", "Cllr Aidan O'Rourke-McBride"}


def test_ranks_initials_saint_particle_and_table_neighbours(scorer):
    text = ("The inspection was led by Her Majesty's Inspector Wilhelmina Fairclough-Dunn. Detective Superintendent "
            "Rashid Okafor-Bell attended.\n\nPanel\nName\tRole\nCosmo St. John-Aldridge\tChair of the Panel\n"
            "Zanele Mokoena-Birch\tFinance Reviewer\n\n"
            "Dr Ines Carvalho (Designated Doctor, Westshire Health) spoke.\n\n"
            "Approved by:\nQ. R. Vellacott\nDeputy Director, Local Government Interventions\n")
    want = {"Wilhelmina Fairclough-Dunn", "Rashid Okafor-Bell", "Cosmo St. John-Aldridge", "Zanele Mokoena-Birch",
            "Dr Ines Carvalho", "Q. R. Vellacott"}
    for model in (None, scorer):
        assert set(roles(text, model)) == want


def test_bulleted_commissioners_plural_councillors_and_rooms(scorer):
    text = ("The Commissioners are:\n  \u2022 Prof Ottilie Brannigan (Lead Commissioner)\n  \u2022 Lysander Oyediran\n"
            "  \u2022 Wenonah Castellucci-Park\n\n"
            "Present: Councillors Dmitri Volkov, Harriet Glanville and Kofi Mensah-Boateng."
            "\nThe meeting was held in the Queen Victoria Room.")
    for model in (None, scorer):
        got = roles(text, model)
        assert got == {"Prof Ottilie Brannigan": "commissioner", "Lysander Oyediran": "commissioner",
                       "Wenonah Castellucci-Park": "commissioner", "Dmitri Volkov": "other",
                       "Harriet Glanville": "other", "Kofi Mensah-Boateng": "other"}


def test_model_finds_inside_bodies_are_dropped_and_defined_commissioners(scorer):
    text = ("The review drew on the Brindley Valley Credit Union, the Thames Estuary Audit Partnership and Saint "
            "Oswin's Community Trust. Advice came from Crowmarsh Borough Council and the Crowmarsh Food Bank, and "
            "the offices at St Dunstan's House were used. Ottoline Barraclough chaired the panel.\n\n"
            "2. In these Directions \"the Commissioners\" means Perpetua Fairbrother, Ignatius Okwuosa and any person "
            "appointed to replace either of them.")
    got = roles(text, scorer)
    assert got == {"Ottoline Barraclough": "other", "Perpetua Fairbrother": "commissioner",
                   "Ignatius Okwuosa": "commissioner"}


def test_military_ranks_emails_or_lists_and_apposition_before_role():
    text = ("The team was led by Brig (Retd) Alaric Penhallow and Maj Gen Sir Tristram Oakshott-Bligh. Contact "
            "Wilfreda Okonedo (wilfreda.okonedo@example.org) or Barnaby Tregothnan.\n\n"
            "Serafina Lindahl-Mbeki, a former Chief Executive of Norbury District Council, will act as Finance "
            "Commissioner. Quentin Abernathy, the Leader, and Rosalind Achterberg as Commissioner.")
    got = roles(text)
    assert got.get("Serafina Lindahl-Mbeki") == "commissioner"
    assert got.get("Quentin Abernathy") == "other" and got.get("Rosalind Achterberg") == "commissioner"
    assert {"Wilfreda Okonedo", "Barnaby Tregothnan"} <= set(got)
    assert not any(k.startswith(("Brig", "Maj", "Gen")) for k in got)


def test_apostrophe_prefixes_caps_initials_and_bodies_after_posts(scorer):
    text = ("Candidates: Sir Aldous Pemberly (former Chief Executive, Thornvale County Council) and Ms Yewande "
            "Adebisi (former Section 151 Officer, Marlow Heath). The external auditor, Cuthbert Ashdown of Fenwick "
            "Audit LLP, reported. The Friends of Dunmere Park thanked Dunmere Borough Council.\n\n"
            "The Commissioners are Mrs Aminata N'Diaye and Mr Fergal D'Arcy-Lynch.\n\n"
            "SIGNED BY AUTHORITY OF THE SECRETARY OF STATE\n\nK. P. O'HALLORAN\nDeputy Director, Local Government\n")
    want = {"Sir Aldous Pemberly", "Ms Yewande Adebisi", "Cuthbert Ashdown", "Mrs Aminata N'Diaye",
            "Mr Fergal D'Arcy-Lynch", "K. P. O'Halloran"}
    for model in (None, scorer):
        got = roles(text, model)
        assert set(got) == want
        assert got["Mrs Aminata N'Diaye"] == got["Mr Fergal D'Arcy-Lynch"] == "commissioner"
        assert got["K. P. O'Halloran"] == "signatory"


def test_keyed_scans_equal_whole_text_scans():
    """The speed-ups scan only lines (or positions) holding a pattern's literal key: same matches as a full scan."""
    from pipeline.extract import people as pp

    text = ("Kilbride Metropolitan Borough Council\n\nThe Rt Hon\nDr Imelda Varga-Szabo OBE, Chief Executive, and "
            "Councillor Ruaidhri Mac Giolla (Leader) met Inspector Hollis Penberthy.\nThe Lead Commissioner,\n"
            "Ottoline Featherstonehaugh; the Deputy Chief Constable, Amadou Sissoko and Professor Wenna Trelawny.\n"
            "Commissioners Ysolde Marchetti and Caius Ambrose were appointed Ysolde Marchetti as Finance "
            "Commissioner.\nContact: Brannock Quill (brannock.quill@kilbride.gov.uk). Cedric Oyelaran said the "
            "case of Tamsin Rookwood was Elspeth Gwynne's review.\nSign-off: Colonel (Retd) Anselm Drury CBE\n")
    view = pp.make_view(text)
    low = view.lower()
    spans = lambda ms: [m.span() for m in ms]  # noqa: E731
    cases = [(pp._RX_HON, pp._KEY_HON, None, True, ""), (pp._RX_POST, pp._KEY_POST, None, False, ""),
             (pp._RX_APPOS_AFTER, pp._KEY_POST_WORDS, low, False, ",("), (pp._RX_EMAIL, "@", None, False, ""),
             (pp._RX_POSSESSIVE, pp._KEY_POSS, None, False, ""), (pp._RX_HUMAN_VERB, pp._KEY_VERB, None, False, ""),
             (pp._RX_AS_COMM, "Commissioner", None, False, "")]
    for rx, key, lw, two, needs in cases:
        want = spans(rx.finditer(view))
        assert want, rx.pattern[:60]  # the example exercises every pattern
        assert spans(pp._line_finditer(rx, view, key, lw, two, needs)) == want
    for rx, keys, src in [(pp._RX_APPOS_BEFORE, pp._KEY_POST_WORDS, low), (pp._RX_RANK, pp._KEY_RANK, view),
                          (pp._RX_DEATH, pp._KEY_DEATH, view), (pp._RX_APPOINT, pp._KEY_APPOINT, view),
                          (pp._RX_TITLE_COMM, ("Commissioner",), view)]:
        want = spans(rx.finditer(view))
        assert want, rx.pattern[:60]
        assert spans(pp._start_finditer(rx, view, keys, src)) == want


def test_irish_particles_stay_inside_the_name() -> None:
    text = ("Anyshire County Council\n\nThe Council was represented by the Leader, Cllr Peadar Ó Murchú, "
            "and the Chief Executive, Áine Ní Bhriain.\n")
    names = {p.name for p in find_people(text)}
    assert {"Cllr Peadar Ó Murchú", "Áine Ní Bhriain"} <= names


def test_pp_signatures_and_capitalised_labelled_names() -> None:
    text = ("Anyshire County Council: extension of terms\n\nCommissioner: MR BARNABY HOLLINGWORTH\n\n"
            "The Council shall comply.\n\nSigned on behalf of the Secretary of State\n\n"
            "pp DERYN ABERCROMBIE\nDeputy Director, Local Government Stewardship\n\n3 May 2024\n")
    roles = {p.name.lower(): p.role for p in find_people(text)}
    assert roles == {"mr barnaby hollingworth": "commissioner", "deryn abercrombie": "signatory"}


# --- the span scorer ------------------------------------------------------------------------------

UNSEEN_NAMES = ("\"The plan is realistic,\" said Priya Raman, adding that staffing remained the main risk. "
                "Officers also met Tomasz Wierzbicki and Oluwaseun Adeyemi-Clarke during the visit.")


def test_scorer_finds_untitled_names_absent_from_the_corpus(scorer):
    from pathlib import Path

    corpus = " ".join(p.read_text(encoding="utf-8") for p in Path("corpus").glob("**/text/*.txt"))
    assert not any(n in corpus for n in ("Raman", "Wierzbicki", "Adeyemi"))
    assert find_people(UNSEEN_NAMES) == []  # no title, post or verb the rules read
    people = by_name(find_people(UNSEEN_NAMES, scorer))
    assert set(people) == {"Priya Raman", "Tomasz Wierzbicki", "Oluwaseun Adeyemi-Clarke"}
    assert all(p.source == "model" for p in people.values())


def test_scorer_rejects_title_case_non_names(scorer):
    import re

    from pipeline.extract.people import candidate_chunks

    text = ("The Council must manage its debt in accordance with the Prudential Code and the Treasury Management "
            "Code. The Target Operating Model was agreed with Kestrel Vale District Council, and Kestrel Vale was "
            "named in the Housing Delivery Test Action Plan; Rescue Fund Bonds were issued.\n\n5. Legal Costs\n")
    view = make_view(text)
    found = {view[s:e] for s, e in scorer.find(view, candidate_chunks(view), set(re.findall(r"[a-z]+", view)))}
    assert not found & {"Prudential Code", "Treasury Management Code", "Target Operating", "Legal Costs"}
    assert find_people(text, scorer) == []  # the rest ("Kestrel Vale") is a body's name, dropped after scoring


def test_scorer_training_is_deterministic(tmp_path):
    import json
    from pathlib import Path

    from pipeline.training.people import build_examples, train

    data = build_examples(Path("corpus/dev"), seed=3, n_pos=120, n_neg=120, corpus_repeat=0)
    a = train(Path("corpus/dev"), tmp_path / "a", seed=3, epochs=3, quiet=True, data=data)
    b = train(Path("corpus/dev"), tmp_path / "b", seed=3, epochs=3, quiet=True, data=data)
    assert (a / "scorer.json").read_bytes() == (b / "scorer.json").read_bytes()
    assert [p.name for p in a.iterdir()] == ["scorer.json"]
    weights = json.loads((a / "scorer.json").read_text(encoding="utf-8"))["weights"]
    assert weights["f:given"] > 0  # it learnt something: a known given name makes a name likelier


def test_extracting_people_never_imports_spacy():
    import subprocess
    import sys

    code = ("import sys, time\n"
            "from pipeline.extract import people\n"
            "t = time.process_time(); model = people.load_model(); t = time.process_time() - t\n"
            "assert model is not None\n"
            f"assert people.find_people({UNSEEN_NAMES!r}, load=people.load_model)\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'numpy', 'sklearn'))\n"
            "assert not heavy, heavy\n"
            "assert t < 0.25, t  # a JSON file of weights\n")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("text, expected", [
    ("The plan was late. Also Priya Raman said so.", ["Priya Raman"]),
    ("However, Tom Hall said the review was fair.", ["Tom Hall"]),  # a surname that heads places elsewhere
    ("Meanwhile Dr Ada Quill agreed the timetable.", ["Dr Ada Quill"]),
    ("Subsequently Oluwaseun Adeyemi-Brooks led the inspection.", ["Oluwaseun Adeyemi-Brooks"]),
])
def test_a_sentence_adverb_before_a_name_is_not_part_of_it(text: str, expected: list[str]) -> None:
    assert [p.name for p in find_people(text)] == expected


@pytest.mark.parametrize("body", ["Food Bank", "Housing Society", "Recovery Alliance", "Youth Charity",
                                  "Community Fund"])
def test_a_body_that_signs_or_says_is_not_a_person(body: str) -> None:
    text = f"The Council and the Kestrel Vale {body} signed an agreement. The Kestrel Vale {body} said it was pleased."
    assert find_people(text) == []
