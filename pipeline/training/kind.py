"""Train the document-kind classifier shipped in models/kind (``python -m pipeline train kind``).

A spaCy text classifier (blank "en", bag-of-words n-grams, exclusive classes) over the opening and
close of a document (see ``document_facts.model_text``). The dev corpus has only a handful of
documents per genre, so training adds SYNTHETIC documents generated here from hand-written phrase
pools for every genre, with councils, people and dates drawn at random: they are labelled
synthetic, never written to corpus/, and are not copies of any real document. Seeded and fast
(well under a minute on one core).

``python -m pipeline.training.kind --loo`` prints leave-one-out accuracy over the dev documents
for rules alone, model alone and the combination.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

from pipeline.extract.document_facts import KINDS, decide_kind, kind_by_rules, load_authorities, model_text

# --- synthetic documents (SYNTHETIC: invented text in the genres' style) ------------------------

_FIRST = ["Amelia", "Rajesh", "Claire", "Owen", "Priya", "Graham", "Fiona", "Tobias", "Nadia", "Harold", "Imogen",
          "Kwame", "Lorna", "Declan", "Sunita", "Bernard", "Yvonne", "Callum", "Hilary", "Marcus", "Jennifer", "Ade"]
_LAST = ["Whitcombe", "Okafor", "Pemberton", "Haslam", "Chaudhry", "Lindqvist", "Marsden", "Oyelaran", "Tranmere",
         "Fairbairn", "Kowalczyk", "Ashdown", "Bellingham", "Greaves", "Nuttall", "Ramsay", "Sefton-Hill", "Quayle"]
_HONOUR = ["", "", "", "Dr ", "Sir ", "Dame ", "Professor ", "Lord "]
_POST = ["", "", " CBE", " OBE"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_SERVICES = ["children's social care", "children's services", "safeguarding services for children",
             "services for children in need of help and protection", "special educational needs services"]
_FUNCTIONS = ["governance and scrutiny", "strategic financial management", "the appointment of statutory officers",
              "planning and regeneration", "housing management", "procurement and contract management"]


class _Gen:
    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.councils = [a for a in load_authorities() if a.type != "sui generis"]

    def pick(self, xs: list[str]) -> str:
        return self.r.choice(xs)

    def person(self) -> str:
        return f"{self.pick(_HONOUR)}{self.pick(_FIRST)} {self.pick(_LAST)}{self.pick(_POST)}"

    def date(self, y0: int = 2009, y1: int = 2025) -> str:
        d = self.r.randint(1, 28)
        suffix = self.pick(["", "", "th"]) if d > 3 else ""
        return f"{d}{suffix} {self.pick(_MONTHS)} {self.r.randint(y0, y1)}"

    def month(self) -> str:
        return f"{self.pick(_MONTHS)} {self.r.randint(2010, 2026)}"

    def council(self) -> tuple[str, str]:
        a = self.r.choice(self.councils)
        return a.name, a.short_name

    def items(self, pool: list[str], lo: int = 3, hi: int = 6, style: str | None = None) -> str:
        chosen = self.r.sample(pool, min(len(pool), self.r.randint(lo, hi)))
        style = style or self.pick(["1.", "(a)", "a)", "(i)", "-", "1)"])
        out = []
        for i, s in enumerate(chosen):
            lab = {"1.": f"{i + 1}.", "(a)": f"({'abcdefghij'[i]})", "a)": f"{'abcdefghij'[i]})",
                   "(i)": f"({['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x'][i]})", "-": "-",
                   "1)": f"{i + 1})"}[style]
            out.append(f"{lab} {s}")
        return "\n\n".join(out)

    def case(self, s: str) -> str:
        return s.upper() if self.r.random() < 0.4 else s

    def sign(self) -> str:
        who = self.person()
        post = self.pick(["Deputy Director, Local Government Stewardship", "Director, Children's Services Improvement",
                          "Deputy Director, Intervention and Improvement", "Director of Local Government Policy"])
        dept = self.pick(["Department for Education", "Department for Levelling Up, Housing and Communities",
                          "Ministry of Housing, Communities and Local Government",
                          "Department for Communities and Local Government"])
        lead = self.pick(["Signed by authority of the Secretary of State", "Signed on behalf of the Secretary of State",
                          "Signed:"])
        dated = self.pick([f"Dated {self.date()}", f"Dated this {self.r.randint(1, 28)}th day of "
                           f"{self.pick(_MONTHS)} {self.r.randint(2010, 2025)}", f"Date: {self.date()}"])
        return f"{lead}\n\n[signature]\n\n{who}\n{post}\n{dept}\n\n{dated}"


def _direction(g: _Gen) -> str:
    name, short = g.council()
    act = g.pick(["SECTION 497A(4B) OF THE EDUCATION ACT 1996",
                  "SECTION 15(5) AND (6) OF THE LOCAL GOVERNMENT ACT 1999",
                  "SECTION 15 OF THE LOCAL GOVERNMENT ACT 1999",
                  "SECTION 497A(4B) OF THE EDUCATION ACT 1996 AS APPLIED BY SECTION 50 OF THE CHILDREN ACT 2004"])
    title = g.pick([f"DIRECTION UNDER {act}\nTO {name.upper()}", f"{name}\n\nDirections given under {act.lower()}",
                    f"DIRECTIONS TO {name.upper()}\n\nMade under {act.lower()}",
                    f"{short}: Direction issued under {act.lower()}", f"{name}: statutory direction"])
    recitals = g.items([
        f"The Secretary of State is satisfied that {name} (\"the Authority\") is failing to perform to an adequate "
        f"standard some or all of its {g.pick(_SERVICES)} functions.",
        f"The Secretary of State has considered the report of the inspection carried out by Ofsted published on "
        f"{g.date()}, which judged the Authority's services to be inadequate.",
        f"The Secretary of State has had regard to the report of the best value inspection of the Authority, "
        f"dated {g.date()}, and to the representations made by the Authority in response.",
        "The Secretary of State considers it expedient that the directions below are given.",
        f"The Secretary of State has appointed {g.person()} as Commissioner (\"the Commissioner\").",
        "The Authority has been given the opportunity to make representations about the proposed directions.",
    ], 2, 5)
    orders = g.items([
        "To cooperate with the Commissioner and give the Commissioner such access to premises, documents and staff "
        "as the Commissioner considers necessary.",
        "To comply with any instructions of the Secretary of State or the Commissioner in relation to the exercise "
        "of the functions specified in this Direction.",
        f"To prepare and agree an improvement plan with the Commissioner by {g.date()}.",
        f"To secure that the functions relating to {g.pick(_FUNCTIONS)} are exercised by the Commissioners.",
        "To provide the Commissioners with such officer support as they may reasonably require.",
        f"To report on progress to the Secretary of State every {g.pick(['three', 'six'])} months.",
        "To pay the reasonable expenses of the Commissioners and such fees as the Secretary of State determines.",
        "To take all steps necessary to enable the transfer of the delivery of services to an independent trust.",
    ], 3, 7)
    opener = g.pick(["WHEREAS", "RECITALS", "Background", "Whereas:"])
    operative = g.pick(["NOW THEREFORE the Secretary of State, in exercise of the powers conferred by the Act, "
                        "directs the Authority as follows:",
                        "The Secretary of State hereby directs the Authority:",
                        "In exercise of the powers under the 1999 Act, the Secretary of State directs the Council:",
                        "NOW THEREFORE the Secretaries of State direct the Council to do the following:"])
    end = g.pick(["This Direction shall remain in force until it is revoked by the Secretary of State.",
                  f"These Directions shall cease to have effect on {g.date(2016, 2027)} unless revoked earlier.",
                  "The Secretary of State will keep this Direction under review."])
    return f"{title}\n\n{opener}\n\n{recitals}\n\n{operative}\n\n{orders}\n\n{end}\n\n{g.sign()}"


def _notice(g: _Gen) -> str:
    name, short = g.council()
    title = g.pick(["Improvement Notice", "IMPROVEMENT NOTICE", f"Improvement Notice to {name}",
                    f"{short}: Improvement Notice", "Further Improvement Notice"])
    addr = g.pick([f"To: {g.case(name)}", f"To:   {name} (\"the Council\")", f"Issued to {name}"])
    body = [
        f"This Improvement Notice is issued because the Council's performance in {g.pick(_SERVICES)} has been "
        f"judged inadequate following the inspection published in {g.month()}.",
        "Reason for this Notice\n\nThe Secretary of State is concerned that the Council has not secured the "
        "improvements needed and requires the Council to take the measures below.",
        "Measures required\n\nTo comply with this Notice the Council must take action to:",
        g.items(["establish an Improvement Board with an independent chair;",
                 "ensure that all children subject to a child protection plan have an allocated social worker;",
                 f"reduce the rate of social worker vacancies to below {g.r.randint(8, 20)}% by {g.month()};",
                 "improve the timeliness of initial and core assessments;",
                 "secure effective management oversight and supervision of front-line practice;",
                 "publish an improvement plan agreed with the Department within eight weeks;"], 3, 6),
        "Targets\n\nProgress will be measured against the following targets, which the Council should meet by the "
        f"assessment date of {g.month()}.",
        "Failure to comply with this Improvement Notice\n\nShould the Council fail to comply with this Notice, or "
        "should Ministers not be satisfied with its progress, Ministers may use their statutory powers of "
        "intervention to direct the Council.",
        "Review of this Notice\n\nProgress against this Improvement Notice will be reviewed at six-monthly intervals "
        "and the Notice may be lifted when sustained improvement has been demonstrated.",
    ]
    sign = g.pick(["Signed:\n\nDate:", f"Signed: ____________\nOn behalf of the Secretary of State for Education\n\n"
                   f"Date: {g.date()}", f"{g.person()}\nMinister of State for Children and Families\n{g.date()}"])
    return f"{title}\n\n{addr}\n\n" + "\n\n".join(body[: g.r.randint(4, len(body))]) + f"\n\n{sign}"


def _revocation(g: _Gen) -> str:
    name, short = g.council()
    d1, d2 = g.date(2010, 2020), g.date(2014, 2024)
    title = g.pick([f"Revocation of the Direction issued to {name} on {d1}",
                    f"{name.upper()}\n\nREVOCATION OF DIRECTIONS",
                    f"DIRECTION REVOKING THE DIRECTIONS GIVEN TO {name.upper()} ON {d1.upper()}",
                    f"{short}: revocation of statutory direction",
                    f"Revocation of Improvement Notice: {name}"])
    body = [
        f"On {d1} the Secretary of State gave a direction to {name} (\"the Council\") under section 497A(4B) of the "
        "Education Act 1996 in respect of its children's social care functions.",
        f"The Secretary of State is now satisfied that the Council is performing those functions to an adequate "
        f"standard, following the inspection published on {d2}.",
        f"The Secretary of State hereby revokes the Direction of {d1} with effect from {d2}.",
        "The Directions listed in the Schedule are revoked and the functions exercised by the Commissioners are "
        "returned to the Authority.",
        "This revocation does not affect the validity of anything done under the revoked Directions before this date.",
        f"The Improvement Notice issued to the Council on {d1} is hereby lifted and revoked.",
        "The Council will continue to be supported through sector-led improvement arrangements.",
    ]
    if g.r.random() < 0.5:
        act = g.pick(["SECTION 15 OF THE LOCAL GOVERNMENT ACT 1999", "SECTION 497A(4B) OF THE EDUCATION ACT 1996",
                      "SECTION 15(5) AND (6) OF THE LOCAL GOVERNMENT ACT 1999"])
        head = g.pick([f"{g.case(name)}\n\nDIRECTIONS GIVEN UNDER {act}\n\nRevocation of the Directions of {d1}",
                       f"DIRECTION UNDER {act}\n\nREVOCATION OF DIRECTIONS GIVEN TO {name.upper()}",
                       f"{name}: revocation of the {g.month()} Directions and return of functions"])
        recitals = g.items([
            f"On {d1} the Secretary of State gave Directions to {name} (\"the Authority\") (\"the Original "
            "Directions\").",
            "The Commissioners have reported that the Authority is now able to exercise its functions itself.",
            f"Functions were returned to the Authority by further Directions given on {d2}.",
            "The Secretary of State is satisfied that it is no longer necessary for the Directions to remain in force.",
        ], 2, 4, "1.")
        ops = g.items([
            "The Original Directions are revoked with effect from the date of these Directions.",
            "All functions exercised by the Commissioners are returned to the Authority.",
            "The revocation does not affect anything done under the revoked Directions.",
            f"The Authority shall report on its improvement plan by {g.date()}.",
        ], 2, 4, "1.")
        return (f"{head}\n\nWHEREAS:\n\n{recitals}\n\nNOW THEREFORE the Secretary of State revokes the "
                f"Directions and directs as follows:\n\n{ops}\n\n{g.sign()}")
    if g.r.random() < 0.35:
        lead = (f"Dear {g.pick(['Chief Executive', 'Councillor ' + g.pick(_LAST), g.person()])},\n\n"
                f"{g.pick(['REVOCATION OF DIRECTION', 'Revocation of statutory direction', 'Lifting of intervention'])}"
                f"\n\nI am writing to confirm that the Secretary of State has decided to revoke the direction issued "
                f"to {name} on {d1}.")
        return (f"{lead}\n\n" + "\n\n".join(g.r.sample(body, 3)) +
                f"\n\nYours sincerely,\n\n{g.person()}\nMinister for Local Government")
    return f"{title}\n\n" + "\n\n".join(g.r.sample(body, g.r.randint(3, 6))) + f"\n\n{g.sign()}"


def _tor(g: _Gen) -> str:
    name, short = g.council()
    role = g.pick([f"Commissioner for Children's Services in {short}", f"Lead Commissioner for {short}",
                   f"Children's Social Care Commissioner, {short}", f"Education Commissioner for {short}"])
    title = g.pick([f"TERMS OF REFERENCE\n\n{role}", f"Terms of Reference: {role}",
                    f"Annex A\n\nTerms of reference for the {role}", f"{role}\n\nTerms of reference"])
    duties = g.items([
        f"to review the leadership, management and governance of {g.pick(_SERVICES)} in {name};",
        "to assess the capacity and capability of the Council to deliver sustained improvement;",
        f"to advise the Secretary of State by {g.date()} on whether functions should be removed from the Council's "
        "control;",
        "to direct the Council to take such action as the Commissioner considers necessary;",
        "to oversee the preparation and delivery of the Council's improvement plan;",
        "to report to the Secretary of State on progress at intervals of no more than six months;",
        "to consider alternative delivery models, including an independent trust;",
    ], 3, 6)
    extra = g.pick(["Reporting\n\nThe Commissioner will submit a first report within three months of appointment.",
                    f"Working arrangements\n\nThe appointment runs until {g.date()} unless extended by the Secretary "
                    "of State. Officials will support the Commissioner.",
                    "Role of the Commissioner\n\nThe Commissioner is appointed by the Secretary of State and will act "
                    "independently of the Council."])
    issued = g.pick(["", f"Issued: {g.date()}", f"Date: {g.date()}", f"Revised {g.date()}"])
    background = g.pick([
        f"On {g.date()} the Secretary of State gave a direction to {name} under section 497A(4B) of the Education "
        "Act 1996, requiring the Council to cooperate with the Commissioner.",
        f"Following the inspection of {name}, the Secretary of State decided to appoint a Commissioner.",
        f"These terms of reference set out the role of the {role} and replace those issued in {g.month()}.",
    ])
    scope = g.pick(["Scope\n\nThe Commissioner's remit covers all of the Council's children's social care functions.",
                    "Objectives\n\nThe purpose of the appointment is to secure rapid and sustainable improvement.",
                    "Reporting\n\nThe Commissioner will report to the Secretary of State:\n\n" + g.items(
                        [f"by {g.date()};", "within three months of appointment;", "at intervals of six months;",
                         "at any other time the Secretary of State may ask."], 2, 4, "a)")])
    intro = g.pick(["The Commissioner will:", "Role and duties", "The Commissioner is to:"])
    return (f"{title}\n\n{issued}\n\nBackground\n\n{background} The Secretary of State has appointed "
            f"{g.person()} as {role}.\n\n{intro}\n\n{duties}\n\n{scope}\n\n{extra}")


def _commissioner_report(g: _Gen) -> str:
    name, short = g.council()
    who = g.person()
    title = g.pick([f"{name.upper()}: CHILDREN'S SERVICES\n\nReport of the Commissioner to the Secretary of State",
                    f"Commissioner's report: {name}", f"Report of the Children's Services Commissioner for {short}",
                    f"{short} Commissioner Report\n\n{g.pick(['First', 'Second', 'Final'])} report",
                    f"Report by the Lead Commissioner on {name}"])
    paras = [
        f"I was appointed Commissioner on {g.date()} with terms of reference that asked me to assess the Council's "
        "capacity to improve.",
        "In preparing this report I met the Leader, the Chief Executive, senior managers, front-line staff and "
        "partner agencies, and read a wide range of documents.",
        f"My overall assessment is that {name} has made {g.pick(['limited', 'some', 'steady', 'insufficient'])} "
        "progress since the inspection.",
        "Findings\n\nThe quality of social work practice remains variable and caseloads are too high.",
        "I recommend that the Secretary of State removes the delivery of children's social care from the Council's "
        "operational control.",
        "I recommend that the Council strengthens its political leadership and scrutiny arrangements.",
        "Conclusion\n\nIn my judgement the Council does not yet have the capacity to secure the necessary "
        "improvement without continued intervention.",
        f"I will report to you again by {g.month()}.",
        "Executive summary\n\nThis is my first report since my appointment. It sets out my assessment of the "
        "Council's progress and my recommendations.",
        "1.1 My terms of reference ask me to review the Council's leadership and to advise you on the future "
        "delivery of services.",
        "Next steps\n\nI will continue to meet the Leader and the Chief Executive every month.",
        "I have been encouraged by the commitment of front-line staff, but I am concerned about the pace of change.",
        "Recommendations\n\nI recommend that the Council appoints a permanent Director of Children's Services.",
        f"I visited the Council's offices on {g.r.randint(5, 30)} occasions between {g.month()} and {g.month()}.",
    ]
    head = g.pick([f"To: The Secretary of State for Education\nFrom: {who}, Commissioner\nDate: {g.date()}", "",
                   f"Commissioner: {who}"])
    sign = g.pick([f"{who}\nCommissioner\n{g.date()}", f"{who}\n{g.pick(['Lead Commissioner', 'Commissioner'])}", ""])
    return f"{title}\n\n{head}\n\n1. Introduction\n\n" + "\n\n".join(
        g.r.sample(paras, g.r.randint(5, 10))) + f"\n\n{sign}"


def _council_report(g: _Gen) -> str:
    name, _ = g.council()
    meeting = g.pick(["Cabinet", "Full Council", "Executive", "Overview and Scrutiny Committee",
                      "Children's Services Scrutiny Panel", "Audit and Governance Committee"])
    author = g.pick(["STRATEGIC DIRECTOR OF PEOPLE", "CHIEF EXECUTIVE", "LEADER OF THE COUNCIL"])
    title = g.pick([f"REPORT OF THE {author}\n\nREPORT TO {meeting.upper()}", f"Report to {meeting}\n\n{name}",
                    f"{name}\n\nReport to: {meeting}\nDate of meeting: {g.date()}\nReport of: Director of Children's "
                    "Services", f"Report of the Cabinet Member for Children and Families\n\n{meeting}, {g.date()}"])
    paras = [
        f"Wards affected: {g.pick(['All', 'All wards'])}\nKey decision: {g.pick(['Yes', 'No'])}",
        f"The motion: The Council notes the progress made in {g.pick(_SERVICES)} and endorses the next steps.",
        f"Recommendations\n\nThat {meeting} notes the contents of this report and approves the improvement plan.",
        f"This report updates members on the Council's response to the statutory direction issued by the Secretary "
        f"of State in {g.month()}.",
        "Our own assessment is that services have improved but that there is more to do. We remain committed to "
        "working with the Commissioner.",
        "Financial implications\n\nThe additional cost of the improvement programme is met from reserves.",
        "Legal implications\n\nThe Council is required to comply with the direction.",
        "Background papers: none.",
        f"Councillor {g.pick(_FIRST)} {g.pick(_LAST)}, Cabinet Member for Children's Services, said the Council "
        "accepts the findings.",
        "Options considered\n\nThe Cabinet considered a voluntary trust model and an in-house improvement programme.",
    ]
    return f"{title}\n\n" + "\n\n".join(g.r.sample(paras, g.r.randint(4, 8)))


def _briefing(g: _Gen) -> str:
    c1, c2, c3 = (g.council()[0] for _ in range(3))
    title = g.pick(["Children's Services Improvement\n\nPurpose of report\n\nFor discussion.",
                    "Briefing note: intervention in local government", "Purpose of report\n\nFor information.",
                    "Local Government Association briefing\n\nIntervention in failing councils",
                    "House of Commons Library Briefing Paper\n\nLocal authority intervention"])
    paras = [
        f"Summary\n\nThis paper updates Members on recent government intervention in {c1}, {c2} and {c3}.",
        "Recommendation\n\nThat the Board notes the report and provides guidance on the Association's response.",
        "Action\n\nOfficers to proceed in line with Members' comments.",
        "Contact officer: Policy Adviser\nPhone no: 020 7000 0000",
        "Councils in intervention have been supported through sector-led improvement, peer challenge and "
        "partnership arrangements with neighbouring authorities.",
        f"Since {g.month()} the Government has issued statutory directions to several councils.",
        "Financial implications\n\nThere are no financial implications arising from this paper.",
        "Members may wish to consider how the sector can build capacity to support councils facing difficulty.",
        "This briefing summarises the powers available to Ministers and how they have been used.",
        f"Contact officer: {g.person()}\nPosition: {g.pick(['Senior Adviser', 'Head of Programmes', 'Policy Adviser'])}"
        f"\nE-mail: adviser@example.org.uk",
        f"Background\n\nIn {g.month()} the Minister wrote to the Chairman setting out the Government's plans for "
        "improvement and intervention across the sector.",
        f"Issues\n\nThe review of {c1} raises wider questions about capacity in the system and about alternative "
        "delivery models for councils in difficulty.",
        "Next steps\n\nThe Association will respond to the Minister and report back to the Board.",
        f"The Association brokered peer support for {c2} and {c3}, which was welcomed across the sector.",
        "For discussion and direction.",
        "Members are asked to comment on the issues set out in paragraph 10.",
    ]
    return f"{title}\n\n" + "\n\n".join(g.r.sample(paras, g.r.randint(5, 10)))


def _letter(g: _Gen) -> str:
    name, _ = g.council()
    sender = g.person()
    head = g.pick([f"{g.person()}\nChief Executive\n{name}\n\n{g.date()}", f"{g.date()}\n\nTo the Leader of {name}",
                   f"Councillor {g.pick(_FIRST)} {g.pick(_LAST)}\nLeader, {name}\n\n{g.date()}"])
    paras = [
        f"I am writing following the publication of the inspection report on {name}.",
        "I have carefully considered the findings and the representations the Council made to me.",
        "I would be grateful if you could confirm by return that the Council accepts these arrangements.",
        f"I have asked officials to meet your officers by {g.month()} to discuss next steps.",
        "I am copying this letter to the Chief Executive and to the Council's external auditor.",
        "Thank you for your cooperation and I look forward to hearing of the Council's progress.",
        f"As you know, I intend to appoint {g.person()} to advise me on the Council's capacity to improve.",
    ]
    close = g.pick(["Yours sincerely", "Yours faithfully", "With best wishes"])
    return (f"{head}\n\nDear {g.pick(['Chief Executive', 'Leader', 'Councillor ' + g.pick(_LAST), sender])},\n\n"
            + "\n\n".join(g.r.sample(paras, g.r.randint(3, 6))) +
            f"\n\n{close},\n\n{sender}\n{g.pick(['Minister of State for Children', 'Secretary of State'])}")


def _other(g: _Gen) -> str:
    name, _ = g.council()
    form = g.r.randint(0, 2)
    if form == 0:
        head = g.pick([f"Written statement HCWS{g.r.randint(100, 999)}, made on {g.date()}",
                       f"Written Ministerial Statement\n\n{name}", f"{name}\n\nWritten statement to Parliament"])
        paras = [
            f"I am today announcing that I have decided to intervene in {name}.",
            "My Rt Hon Friend the Secretary of State for Education has agreed these arrangements.",
            "I will place copies of the Directions and the explanatory memorandum in the Library of the House.",
            "I have considered carefully the representations received and concluded that the Council is failing to "
            "comply with its best value duty.",
            "I am grateful to the inspector for the report and to the Commissioners for agreeing to serve.",
        ]
    elif form == 1:
        head = g.pick([f"Press release\n\nGovernment announces support for {name}",
                       f"News story: Commissioners appointed at {name}"])
        paras = [
            f"Communities Secretary announced today that Commissioners will be sent into {name}.",
            "The decision follows a damning inspection report.",
            f"Published {g.date()}",
            "The Minister said: \"Residents deserve better and we will not hesitate to act.\"",
            "Notes to editors: the directions are published on the department's website.",
        ]
    else:
        head = g.pick(["Statutory guidance on intervention in local authorities", "Minutes of the meeting",
                       "Explanatory memorandum"])
        paras = [
            "This guidance explains how the Secretary of State may use the powers of intervention.",
            "It applies to all local authorities in England.",
            f"The guidance was last updated on {g.date()}.",
            "Present: the Chair, the Vice-Chair and five members.",
            "The Committee noted the report and agreed to meet again next quarter.",
        ]
    return f"{head}\n\n" + "\n\n".join(g.r.sample(paras, g.r.randint(3, len(paras))))


GENERATORS: dict[str, Callable[[_Gen], str]] = {
    "statutory_direction": _direction, "improvement_notice": _notice, "revocation": _revocation,
    "terms_of_reference": _tor, "commissioner_report": _commissioner_report, "council_report": _council_report,
    "briefing": _briefing, "letter": _letter, "other": _other,
}


def _background(g: _Gen) -> list[str]:
    """Genre-neutral intervention narrative, mixed into every genre so that the classifier learns
    the genre's form (title, operative formula, salutation, recommendations) and not the topic."""
    pool = [
        f"Ofsted's inspection of services for children in need of help and protection, published in {g.month()}, "
        "judged the Council's services to be inadequate.",
        f"The Secretary of State issued a statutory direction to the Council under section 497A(4B) of the "
        f"Education Act 1996 on {g.date()}.",
        "The Commissioner's terms of reference require the Commissioner to report regularly to the Secretary of "
        "State on the Council's progress.",
        "The Council has established an Improvement Board with an independent chair to oversee the improvement plan.",
        "Commissioners were nominated under section 15 of the Local Government Act 1999 after a best value "
        "inspection found serious failings in governance.",
        "Caseloads remain high and the Council continues to rely heavily on agency social workers.",
        f"An improvement adviser appointed by the Department has supported the Council since {g.month()}.",
        f"The chief finance officer issued a report under section 114 of the Local Government Finance Act 1988 in "
        f"{g.month()}.",
        "Children's social care will in future be delivered by an independent trust owned by the Council.",
        f"{g.person()}, the Leader of the Council, and the Chief Executive have accepted the inspection findings.",
        "The Secretary of State may revoke or amend the directions at any time.",
        "The Council must ensure that it has the capacity to sustain improvement.",
    ]
    return g.r.sample(pool, g.r.randint(0, 3))


def synthetic(n_per_kind: int, seed: int) -> list[tuple[str, str]]:
    """SYNTHETIC (text, kind) examples: ``n_per_kind`` per genre, reproducible from ``seed``."""
    g = _Gen(random.Random(seed))
    out = []
    for k in KINDS:
        for _ in range(n_per_kind):
            parts = GENERATORS[k](g).split("\n\n")
            cut = g.r.randint(min(2, len(parts)), len(parts))
            out.append(("\n\n".join(parts[:cut] + _background(g) + parts[cut:]), k))
    return out


# --- training -------------------------------------------------------------------------------------


REAL_WEIGHT = 3  # real documents count three times against the synthetic ones


def dev_examples(corpus: Path) -> list[tuple[str, str, str]]:
    """(doc_id, text, kind) for every gold-annotated document under ``corpus``."""
    out = []
    for gold in sorted(corpus.glob("**/gold/*.json")):
        text_path = gold.parent.parent / "text" / f"{gold.stem}.txt"
        if text_path.exists():
            out.append((gold.stem, text_path.read_text(encoding="utf-8"), json.loads(gold.read_text())["kind"]))
    return out


def fit(examples: list[tuple[str, str]], seed: int = 0, epochs: int = 12) -> object:
    """A fitted spaCy pipeline with one exclusive bag-of-words text classifier."""
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
        "no_output_layer": False, "length": 2**16}})
    for k in KINDS:
        textcat.add_label(k)
    data = [Example.from_dict(nlp.make_doc(model_text(t)), {"cats": {k: float(k == y) for k in KINDS}})
            for t, y in examples]
    optimizer = nlp.initialize(lambda: data)
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(data)
        for batch in minibatch(data, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.1)
    return nlp


def train(corpus: Path, models: Path, seed: int = 0) -> Path:
    """Train on synthetic genre documents plus the corpus's gold documents; save to models/kind."""
    examples = synthetic(40, seed) + [(t, k) for _, t, k in dev_examples(corpus)] * REAL_WEIGHT
    nlp = fit(examples, seed)
    out = models / "kind"
    nlp.to_disk(out)  # type: ignore[attr-defined]
    (out / "TRAINING.md").write_text(
        f"Document-kind classifier (spaCy textcat, bag-of-words 1-2-grams, exclusive classes).\n"
        f"Trained by `python -m pipeline train kind` (seed {seed}) on {len(examples)} examples: 40 SYNTHETIC\n"
        f"documents per kind generated by pipeline/training/kind.py plus the gold-annotated corpus documents.\n",
        encoding="utf-8")
    return out


def leave_one_out(corpus: Path, seed: int = 0) -> dict[str, float]:
    """Accuracy over the corpus documents of rules, model (trained without the held-out document) and both."""
    docs = dev_examples(corpus)
    synth = synthetic(40, seed)
    hits = {"rules": 0, "model": 0, "rules+model": 0}
    for i, (doc_id, text, gold) in enumerate(docs):
        nlp = fit(synth + [(t, k) for j, (_, t, k) in enumerate(docs) if j != i] * REAL_WEIGHT, seed)
        cats = dict(nlp(model_text(text)).cats)  # type: ignore[operator]
        rule = kind_by_rules(text)[0] or "other"
        model = max(cats, key=cats.__getitem__)
        combo = decide_kind(text, cats)[0]
        hits["rules"] += rule == gold
        hits["model"] += model == gold
        hits["rules+model"] += combo == gold
        print(f"{doc_id:45} gold={gold:20} rules={rule:20} model={model:20} ({cats[model]:.2f}) combo={combo}")
    return {k: v / len(docs) for k, v in hits.items()}


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent.parent
    if "--loo" in sys.argv:
        print(leave_one_out(root / "corpus"))
    else:
        print(train(root / "corpus", root / "models"))
