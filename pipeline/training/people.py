"""Train the people span scorer shipped in models/people (``python -m pipeline train people``).

Names are open-class, so the rules of :mod:`pipeline.extract.people` are backed by a small statistical
component: a logistic regression over candidate spans (runs of capitalised words, see
``span_candidates`` in the extractor), trained here in pure Python and shipped as a JSON dict of its
non-zero weights. Its training data are texts with their bare name spans:

* the corpus: every gold name and alias located in the document views (the same title-cased view the
  extractor reads);
* augmentation: sentences and short blocks from frames of the genre (recitals, appointments, signature
  blocks, memo headers, report prose, lists, possessives, ...) filled with Faker names from several
  English-speaking locales, with hard negatives (posts without names, councils, firms, police forces,
  places, Act titles, defined terms, Title-Case policy terms and report headings) that must stay
  unlabelled.

Every candidate the extractor would score in those texts becomes an example, labelled 1 when it is
exactly a gold span. The entity is the bare name, without honorific or post-nominals: the extractor adds
those back. Everything is seeded and single-process, and the weights are rounded and written with sorted
keys, so a retrain reproduces the file byte for byte (in a few seconds). Faker is needed at training time
only (a dev dependency).
"""

from __future__ import annotations

# ruff: noqa: E501  (the frames below are sentences of the genre, one a line)
import json
import math
import random
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

EPOCHS = 10  # passes of SGD over the candidates
RATE = 0.5  # initial step, decaying as 1 / (1 + pass)
L2 = 1e-4
THRESHOLD = 0.5  # P(name) a span needs
HIDE_NAMES = 0.5  # share of texts read without the given-name list (see candidate_rows)
MIN_WEIGHT = 1e-3  # smaller weights are not shipped
_LOCALES = (("en_GB", 6), ("en_IE", 1), ("en_IN", 2), ("en_US", 1), ("en_NZ", 1))

# --- genre vocabulary for the frames (invented / generic; no corpus sentences) -----------------

PLACES = ("Ashford", "Barnsley", "Bexley", "Blackpool", "Bolton", "Bradford", "Brent", "Bristol", "Bury",
          "Calderdale", "Croydon", "Cumbria", "Derby", "Devon", "Dorset", "Dudley", "Ealing", "Enfield",
          "Gateshead", "Hackney", "Halton", "Haringey", "Hartlepool", "Herefordshire", "Hounslow", "Hull",
          "Kent", "Kirklees", "Knowsley", "Lambeth", "Leeds", "Leicester", "Lewisham", "Luton", "Medway",
          "Middlesbrough", "Newham", "Norfolk", "Nottingham", "Oldham", "Peterborough", "Plymouth", "Portsmouth",
          "Reading", "Redcar and Cleveland", "Rochdale", "Salford", "Sefton", "Sheffield", "Somerset",
          "Southampton", "Southwark", "St Helens", "Stockport", "Stoke-on-Trent", "Suffolk", "Sunderland",
          "Surrey", "Swindon", "Tameside", "Thurrock", "Torbay", "Tower Hamlets", "Walsall", "Wandsworth",
          "Warrington", "Wigan", "Wirral", "Wolverhampton", "Worcestershire", "Croydon", "Isle of Wight",
          "Kingston upon Thames", "Tees Valley", "Greater Manchester", "West Yorkshire", "East Sussex")
COUNCIL_TYPES = ("County Council", "City Council", "Borough Council", "Metropolitan Borough Council",
                 "District Council", "Council", "London Borough Council")
ORG_SUFFIXES = ("Police", "Children's Trust", "Children's Services Trust", "NHS Foundation Trust",
                "Clinical Commissioning Group", "Safeguarding Children Board", "Safeguarding Partnership",
                "Children First Limited", "Fire and Rescue Service", "Education Partnership",
                "Improvement Board", "Academy Trust", "Integrated Care Board", "Youth Offending Service")
FIRMS = ("KPMG", "Grant Thornton", "Deloitte", "Ernst & Young", "PwC", "Mazars", "BDO", "Capita",
         "Serco", "Priory Group", "Barnardo's", "the NSPCC", "Action for Children", "Mutual Ventures",
         "Impower", "iMPOWER", "the Local Government Association", "CIPFA", "Ofsted", "the Care Quality Commission",
         "the Audit Commission", "Unlock Democracy", "Frontline", "Achieving for Children", "Catch22")
BODIES = ("the Department for Education", "the Department for Communities and Local Government",
          "the Ministry of Housing, Communities and Local Government",
          "the Department for Levelling Up, Housing and Communities", "the Home Office", "HM Treasury",
          "the Local Government Boundary Commission for England", "the House of Commons", "Parliament",
          "the Education and Skills Funding Agency", "the Association of Directors of Children's Services")
POSTS = ("the Chief Executive", "the Director of Children's Services", "the Secretary of State",
         "the Secretary of State for Education", "the Lead Member for Children's Services", "the Leader of the Council",
         "the Monitoring Officer", "the Chief Finance Officer", "the Section 151 Officer", "the Head of Paid Service",
         "Her Majesty's Chief Inspector", "the Children's Social Care Commissioner", "the Lead Commissioner",
         "the Finance Commissioner", "the Children's Services Commissioner", "the Cabinet Member for Finance",
         "the Independent Chair", "the Chair of the Improvement Board", "the Minister of State",
         "the Parliamentary Under-Secretary of State for Children and Families", "the Prime Minister",
         "the Deputy Director", "the Executive Director for People", "the Strategic Director of Resources",
         "the Commissioners", "the Mayor", "the Chief Social Worker", "the Assistant Chief Executive")
JOBS = ("Deputy Director, Local Government Stewardship", "Director, Children's Services Improvement and Intervention",
        "Deputy Director, Children's Social Care Intervention", "Head of Intervention and Improvement",
        "Director General, Local Government and Public Services", "Deputy Director, Local Authority Performance",
        "Children's Services Commissioner for {place}", "Lead Commissioner, {council}",
        "Head of Children's Services Policy", "Senior Civil Servant, Department for Education",
        "Minister of State for Children and Families", "Interim Director of Children's Services")
ACTS = ("the Education Act 1996", "the Local Government Act 1999", "the Children Act 1989", "the Children Act 2004",
        "the Local Authority Social Services Act 1970", "the Children and Families Act 2014",
        "the Local Government Finance Act 1988", "the Localism Act 2011", "the Local Government Act 1972")
TERMS = ("the Quartet", "the Trust", "the Company", "the Authority", "the Council", "the Commissioners",
         "the Report", "the Previous Directions", "the Improvement Plan", "the Services Contract", "the Panel",
         "the Board", "the Partnership", "the Best Value Commissioners")
REAL_PLACES = ("Milton Keynes", "Canvey Island", "Kingston upon Hull", "Bishop's Stortford", "Hemel Hempstead",
               "Tunbridge Wells", "Burton upon Trent", "West Bromwich", "Sutton Coldfield", "Canary Wharf",
               "Newcastle upon Tyne", "King's Lynn", "Weston-super-Mare", "St Albans", "Great Yarmouth", "East Riding",
               "North Tyneside", "South Gloucestershire", "Forest of Dean", "Tower Hamlets", "Castle Point",
               "Epping Forest", "Welwyn Garden City", "Market Harborough", "Brighton and Hove", "Bath and North East Somerset",
               "Cheshire West and Chester", "Telford and Wrekin", "Barking and Dagenham", "Richmond upon Thames",
               "Sandwell Valley", "Victoria Square", "Whitehall", "Marsham Street", "Great Smith Street", "Shire Hall",
               "County Hall", "Civic Centre", "Town Hall", "Sanctuary Buildings", "Fry Building")
COMPANY_TAILS = ("Capital", "Holdings", "Energy", "Steel", "Solar", "Homes", "Estates", "Consulting", "Partners",
                 "Group", "Ventures", "Investments", "Limited", "Ltd", "LLP", "plc", "Associates", "Developments",
                 "Properties", "Care", "Healthcare", "Solutions", "Services", "Law", "Advisory", "Together")
FUNDS = ("Revenue Support Grant", "Dedicated Schools Grant", "Shared Prosperity Fund", "Levelling Up Fund", "Town Deal",
         "Troubled Families Programme", "Supporting Families Programme", "Household Support Fund", "Partners in Practice",
         "Signs of Safety", "Family Hubs", "Strengthening Families", "Standard Spending Assessment",
         "Public Works Loan Board", "Homes England", "Northern Powerhouse", "Innovation Programme",
         "Children's Social Care Innovation Programme", "Best Value Duty", "Medium Term Financial Strategy",
         "Capital Programme", "Housing Revenue Account", "Local Plan", "Core Strategy", "Social Work England",
         "Head Start", "Sure Start", "Early Help Strategy", "Tri-borough", "Payment by Results")
POLICY = ("Looked After Children", "Children in Need", "Child Protection", "Early Help", "Care Leavers",
          "Special Educational Needs", "Youth Justice", "Fostering and Adoption", "Multi-Agency Safeguarding Hub",
          "Front Door", "Social Work Academy", "Quality Assurance", "Performance Management", "Workforce Development",
          "Corporate Parenting Board", "Health and Wellbeing Board", "Strategic Leaders Forum", "Single Inspection Framework",
          "Joint Targeted Area Inspection", "Annual Conversation", "Ofsted Improvement Plan", "Serious Case Review",
          "Local Safeguarding Children Board", "Missing Children", "Child Sexual Exploitation", "Independent Reviewing Officers")
# Title-Case terms of council governance and finance (codes, strategies, headings): capitalised pairs that
# are not names.
CONCEPTS = ("Treasury Management Code", "Capital Strategy", "Minimum Revenue Provision",
            "Annual Governance Statement", "Financial Recovery Plan", "Exceptional Financial Support",
            "Medium Term Financial Plan", "Statement of Accounts", "Code of Conduct", "Scheme of Delegation",
            "Constitution Review", "Transformation Programme", "Contract Standing Orders", "Housing Delivery Test",
            "Homelessness Reduction", "Council Tax Support", "Business Rates Retention", "Fair Funding Review",
            "Net Zero", "Climate Emergency", "Digital Transformation", "Internal Audit",
            "Equality Impact Assessment", "Data Protection", "Freedom of Information", "Social Value",
            "Value for Money", "Going Concern", "Capital Receipts Flexibility", "Revenue Budget", "General Fund",
            "Reserves Policy", "Member Development", "Whistleblowing Policy", "Standards Regime",
            "Audit and Governance", "Overview and Scrutiny", "Corporate Peer Challenge", "Ethical Governance",
            "Cultural Change", "Organisational Development", "Adult Social Care", "Public Health",
            "Waste Collection", "Highways Maintenance", "Planning Enforcement", "Building Control",
            "Homes for Ukraine", "Supported Housing", "Temporary Accommodation", "Rough Sleeping",
            "Community Safety", "Anti-Social Behaviour", "Emergency Planning", "Civil Contingencies",
            "Business Continuity", "Asset Management", "Lessons Learned", "Terms and Conditions", "Key Decisions",
            "Forward Plan", "Sound Governance", "Political Leadership")
# Headings of council reports (numbered sections).
HEADINGS = ("Risk Assessment", "Equality Implications", "Human Resources Implications", "Resource Implications",
            "Environmental Implications", "Procurement Implications", "Property Implications", "Staffing Implications",
            "Reasons for Recommendation", "Alternative Options Considered", "Policy Context", "Key Issues",
            "Wards Affected", "Corporate Priorities", "Carbon Impact", "Consultation Undertaken", "Risk Analysis")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
HONS = ("Mr", "Mrs", "Ms", "Dr", "Professor", "Sir", "Dame", "Lord", "Baroness", "Councillor", "Cllr", "Miss")
POSTNOMS = ("CBE", "OBE", "MBE", "MP", "CB", "DBE", "QC", "KC")

# {P:n} name, {HP:n} honorific+name, {PP:n} name+post-nominal, {HS:n} honorific+surname, {S:n} surname,
# {F:n} first name: n ties the slots of one person within a sentence.  Other slots are fillers.  A frame
# of several lines (a signature block, an address) writes its line breaks as \n.
FRAMES = r"""
The Secretary of State has appointed {P:1} as Commissioner for Children's Services in {PLACE}.
The Secretary of State intends to appoint {P:1} as the new Commissioner for Children's Social Care in {PLACE}.
On {DATE} {HP:1} stepped down as Commissioner.
On {DATE} {P:1} stepped down as Lead Commissioner and {HS:1} was replaced by {P:2}.
He nominated {PP:1} as Lead Commissioner and {P:2} as Finance Commissioner.
I have nominated {P:1} as Lead Commissioner and {HP:2} as Finance Commissioner.
At the date of these Directions the Commissioners are {P:1} (Lead Commissioner), {HP:2} (Commissioner for Children's Social Care) and {P:3}.
The Commissioners are {P:1}, {P:2} and {P:3}.
In her report dated {DATE}, Commissioner {S:1} recommended that the functions be returned to the Council.
Commissioner {S:1} wrote to the Chief Executive on {DATE}.
{HS:1} has been Commissioner since {MONTH} {YEAR} and will report to the Secretary of State.
{HS:1} is a former chief executive of two county councils and has led the improvement of several authorities.
{HS:1} has served as the chief finance officer of a large county council.
I am grateful to {P:1} and his team for their work, and to {P:2} and {P:3} for agreeing to serve.
the report by {PP:1}, assisted by {P:2} and {P:3}, on his best value inspection of the Authority;
the letter of {DATE} from {HS:1} to the Secretary of State which accompanied the Report;
Those proposals followed the best value inspection of the Council, which was led by {PP:1}.
{HS:1} found that the Council had not complied with its best value duty.
The report on the inspection of the Authority carried out by {PP:1} and the advice note provided by {HP:2}.
The Previous Directions required the Council to work with the Children's Services Commissioner for {PLACE}, {PP:1} ("the Commissioner"), in preparing for the transfer.
I have discussed the experience of establishing the trust with {PP:1}, the Children's Services Commissioner for {PLACE}.
From: {P:1}, Children's Services Commissioner for {PLACE}
To: The Rt Hon {P:1} MP, Secretary of State for Education
Copy: {PP:1}, Minister of State for Children and Families
In preparing it I have met the Leader of the Council, Councillor {P:1}; the Chief Executive, {P:2}; and the Interim Director of Children's Services, {P:3}.
I have also met the Department's improvement adviser, {HP:1}, and senior officers of {PLACE} Police.
The Independent Chair of the {PLACE} Safeguarding Children Board, {HP:1}, has begun to reshape the Board's business plan.
{HS:1} took up the independent chair of the Safeguarding Children Board on {DATE}.
I have asked {HS:1} to report to me on this by the end of {MONTH} {YEAR}.
The Children's Improvement Board, chaired since {MONTH} {YEAR} by {P:1}, meets monthly.
The review was led by {HP:1} with support from {P:2} (Director of Children's Services in {PLACE}) and {P:3} (the Government's Chief Social Worker).
This was led by {HP:1}, {P:2} and {HP:3} (Chair of the Social Work Reform Board).
{PP:1}, Parliamentary Under Secretary of State for Children and Families, wrote to {HP:2} on {DATE}.
That the Executive provides guidance on the Chairman's response to {PP:1}'s letter of {DATE}.
This included the appointment of {HP:1} as Commissioner for Children's Social Care in {PLACE}.
The Minister also stated that he has asked {HS:1} to oversee an additional piece of work.
Serious case review on the death of {P:1} published.
Improvement Board with an Independent Chair ({P:1}) appointed.
Implementation of the {S:1} Recommendations and appointment of {HP:2} as Commissioner.
{S:1} considered four formal options for the future of the service.
The {S:1} Report was published in {MONTH} {YEAR}.
There have been significant changes since {S:1}'s evaluation.
In {MONTH} {YEAR} a new Commissioner, {P:1}, was appointed by the Department. {F:1} was a member of the review team.
This leaves the Council well placed to take forward the thinking contained in {P:1}'s review published last month.
Report of the Improvement Board: Councillor {P:1}, Councillor {P:2}, {P:3} and {P:4}
(Cllr {P:1}, Preface to the Report of the Inquiry into Children's Social Care)
Contact officer: {P:1}
Report author: {P:1}, Head of Children's Services
{P:1}
{HP:1}
{PP:1}
{P:1}, Deputy Director
Signed on behalf of the Secretary of State for Education: {P:1}
Signed on behalf of the Secretary of State for Education\n\n{P:1}\n{JOB}
Signed by authority of the Secretary of State\n\n{P:1}\n{JOB}\n{BODY}
Yours sincerely,\n\n{P:1}\n{JOB}
{P:1}\n{JOB}\n{COUNCIL}
{P:1}\n{POST}
Contact:\n{P:1}\n{JOB}
The Panel\n{P:1} (Chair)\n{P:2}\n{P:3}
A handwritten signature in black ink, appearing to read '{P:1}', is written over a horizontal line.
The Commissioner may also be asked to brief the Parliamentary Under-Secretary of State for Children and Families, {PP:1}.
following the external assurance review carried out by {ORG} and {P:1}, which was published on {DATE}.
{HP:1} was appointed as the independent chair of the improvement panel in {MONTH} {YEAR}.
The panel, chaired by {HP:1}, met on {DATE} and heard evidence from {P:2} and {HP:3}.
We are grateful to {P:1}, {P:2} and {P:3} for their contributions to this review.
{P:1}, the Director of Children's Services, told the panel that recruitment had improved.
The Leader, {HP:1}, and the Chief Executive, {P:2}, have taken a personal lead since the inspection.
The Council's Section 151 Officer, {P:1}, issued a report under section 114 on {DATE}.
I met {HP:1}, the Cabinet Member for Children's Services, on {DATE}.
The Minister, {PP:1}, announced the intervention in a written statement on {DATE}.
{HP:1} was appointed Lead Commissioner on {DATE}, with {P:2} as Deputy Lead Commissioner.
{P:1} remains the Commissioner for Children's Services in {PLACE} until {DATE}.
{HP:1} also worked alongside {HP:2} as Commissioner for the education improvement requirements.
Lord {S:1} relinquished the Commissioner role in {MONTH} {YEAR} after the plan was agreed.
With {HS:1}'s oversight the following issues were addressed.
The inspection was led by {HMI} {P:1}, supported by {P:2} and {P:3}.
Dear {HS:1},
Yours sincerely, {P:1}
{P:1} (Chair), {P:2} and {P:3} formed the review team.
The letter from {HP:1} to {HP:2} set out the Government's plans.
According to {P:1}, the improvement adviser, the pace of change had been too slow.
The report was written by {P:1} and {P:2} of {FIRM}.
{PP:1} said in the House that the Government would act.
Letter from {HP:1} to the Leader of {COUNCIL}, {HP:2}
The Commissioner, {HP:1}, will be supported by {P:2} as Deputy Commissioner.
The Minister thanked {HS:1} for her work as Commissioner.
{P:1} was appointed as Children's Services Commissioner for {PLACE} in {MONTH} {YEAR}.
{P:1} said that the Council had made real progress since {MONTH} {YEAR}.
{P:1} led the inspection, and {P:2} reported on the Council's finances.
{P:1} resigned as Leader of the Council in {MONTH} {YEAR} and was replaced by {HP:2}.
{P:1} joined the Council as Director of Children's Services in {MONTH} {YEAR}.
{P:1} told the Board that caseloads had fallen. {HS:1} also noted that agency use remained high.
Name: {P:1}
Chair: {HP:1}
Commissioner: {P:1}
Dear {HP:1}
"We have a long way to go," said {P:1}, the Leader of the Council.
The findings of {P:1} and {P:2} were accepted in full by {COUNCIL}.
I would like to thank {P:1}, {P:2}, {HP:3} and {P:4} for their help.
Members of the panel: {HP:1} (Chair), {P:2}, {P:3}.
The reports of the Commissioners, {P:1} and {P:2}, were published on {DATE}.
""".strip().splitlines()

NEGATIVES = r"""
The Secretary of State for Education issued a direction to {COUNCIL} on {DATE}.
The Council shall cooperate with the Commissioner and with the independent improvement partner, {COUNCIL}.
The Council must cooperate with {ORG} and with {FIRM} in relation to any investigation.
The Council's external auditor, {FIRM}, issued an advisory notice about its budget.
The outsourcing arrangements transferred the Council's residential homes to {FIRM}.
{POST} must continue to improve corporate leadership of services for children.
The Quartet must comprise {POST}, {POST} and {POST}.
Pursuant to her powers under section 497A(4B) of {ACT}, the Secretary of State directs that the Authority shall do the following:
The functions conferred on the Authority under sections 10, 12 and 17A of {ACT}.
Signed on behalf of the Secretary of State for Communities and Local Government
{JOB}
Department for Education
Ministry of Housing, Communities and Local Government
Department for Communities and Local Government
{COUNCIL}
Direction to {COUNCIL}
Directions made under the Local Government Act 1999
Improvement Notice to {COUNCIL}
Terms of Reference: Commissioner for Children's Services in {PLACE}
Report of the Children's Services Commissioner for {PLACE} to the Secretary of State for Education
The Children's Social Care Commissioner will report quarterly to the Secretary of State.
Through the accountable body ({TERM}) as defined in the second direction, continue to oversee improvements.
Since {DATE}, children's social care in {PLACE} has been delivered by {ORG} ({TERM}).
Relationships with {ORG} are good at a senior level.
Senior officers of {ORG} and of {ORG} attended the Board.
The Ofsted monitoring visit which is expected in {MONTH} {YEAR} will provide an independent check.
{PLACE} Children's Services Annual Performance Assessment judges the service as inadequate.
The Prime Minister announced in {MONTH} {YEAR} that failing councils would face intervention.
{COUNCIL} took over the running of {PLACE}'s children's services for five years.
My Rt Hon Friend the Secretary of State for Education will continue to monitor their performance.
Representations were made by {ORG} on {DATE} and by {FIRM} on {DATE}.
Address: Council House, Victoria Square, {PLACE}
Date: {DATE}
Dated this {DAY} day of {MONTH} {YEAR}
Page 2 of 4
Annex A: Functions to be exercised by the Commissioners
Appendix B - Performance {MONTH} {YEAR} - {MONTH} {YEAR}
The Lead Member for Children's Services and the Chief Executive attended the meeting of the Cabinet.
The Local Government Boundary Commission for England is conducting an electoral review of {PLACE}.
Her Majesty's Chief Inspector of Education, Children's Services and Skills published the report.
The Director of Children's Services, appointed under section 18 of {ACT}, remains accountable.
The Best Value Commissioners will meet {POST} regularly.
{BODY} has the power to remove children's social care from council control.
The Council and {ORG} have entered into a Strategic Partnership Agreement.
The Children's Commissioner for England published her report in {MONTH} {YEAR}.
Executive Director for Children and Families, {COUNCIL}
The Directions will remain in force until {DATE}, unless revoked.
Good Friday, Christmas Day and Easter Monday are not working days.
The Council invested in {COMPANY} and in {COMPANY} through a loan arranged in {MONTH} {YEAR}.
{COMPANY}, a company wholly owned by the Council, took over the services.
The contract was awarded to {COMPANY}; {COMPANY} advised on treasury management.
Residents of {TOWN}, {TOWN} and {TOWN} were consulted on the proposals.
The offices at {TOWN}, {PLACE} were visited on {DATE}.
Funding from the {FUND} and the {FUND} was reduced in {YEAR}.
The Council's bid to the {FUND} was approved.
{FUND}
{TOWN}
{COMPANY}
Unfortunately {PLACE}'s children's social care service has a history of underperformance.
The inspection of {POLICY} and {POLICY} services found significant weaknesses.
{POLICY}
{POLICY} and {POLICY}
Improvements in {POLICY} were noted by {ORG}.
Finally, Members are asked to consider the {POLICY} arrangements.
Additionally, the {POLICY} will report to {POST}.
Ofsted's {POLICY} inspection of {COUNCIL} was published on {DATE}.
Address: {TOWN}, {TOWN}, {PLACE}
The {TOWN} and {TOWN} area was considered by {ORG}.
Services in {TOWN} are run by {COMPANY} under contract to {COUNCIL}.
The inspection of {TOWN} Children's Services was carried out in {MONTH} {YEAR}.
Representatives of {COMPANY}, {FIRM} and {ORG} attended.
{NUM}. {HEADING}\n{NUM}.1 There are no further matters to report.
{NUM}. {HEADING}
{HEADING} and {HEADING}
Chief Executive\n{COUNCIL}\n{TOWN}\n{PLACE}
{COUNCIL}\n{TOWN}, {PLACE}
Date: {DATE}\n\n{CONCEPT}\n\nThe Council has agreed the {CONCEPT}.
{JOB}\n{BODY}\n{TOWN}
Report to Cabinet\n{CONCEPT}\n{MONTH} {YEAR}
The Council must have regard to the {CONCEPT} when it sets its budget.
Members approved the {CONCEPT} and the {CONCEPT} on {DATE}.
The {CONCEPT} ({YEAR}) sets out how the Council will meet its duties.
The duties of the Authority under article 12 of the {CONCEPT} Order {YEAR} continue to apply.
{CONCEPT}
{CONCEPT} and {CONCEPT}
Minister of State for {CONCEPT} and {CONCEPT}
The Council's {CONCEPT} arrangements were reviewed by {FIRM} in {MONTH} {YEAR}.
Appendix C: {CONCEPT}
The Commissioners will oversee {CONCEPT}, {CONCEPT} and {CONCEPT}.
Progress on {CONCEPT} has been slow, and the {CONCEPT} remains a concern.
""".strip().splitlines()


# --- rendering ---------------------------------------------------------------------------------


class _Names:
    """Faker names from several locales, seeded; a person is (first, middle, last)."""

    def __init__(self, seed: int) -> None:
        from faker import Faker

        self.rng = random.Random(seed)
        self.fakers = []
        for i, (loc, weight) in enumerate(_LOCALES):
            f = Faker(loc)
            f.seed_instance(seed * 31 + i)
            self.fakers += [f] * weight

    def person(self) -> tuple[str, str, str]:
        f = self.rng.choice(self.fakers)
        first = f.first_name_female() if self.rng.random() < 0.5 else f.first_name_male()
        last = f.last_name()
        r = self.rng.random()
        if r < 0.05:
            last = f"{last}-{f.last_name()}"
        elif r < 0.08:
            last = f"{self.rng.choice(('Le', 'De', 'Van', 'Mac', 'St'))} {last}"
        elif r < 0.10:
            first = f"{first}-{f.first_name()}"
        middle = ""
        r = self.rng.random()
        if r < 0.08:
            middle = f.first_name()
        elif r < 0.12:
            middle = f"{f.first_name()[0]}."
        return first, middle, last


def _filler(slot: str, rng: random.Random) -> str:
    place = rng.choice(PLACES)
    if slot == "PLACE":
        return place
    if slot == "COUNCIL":
        return f"{place} {rng.choice(COUNCIL_TYPES)}"
    if slot == "ORG":
        return f"{place} {rng.choice(ORG_SUFFIXES)}"
    if slot == "FIRM":
        return rng.choice(FIRMS)
    if slot == "BODY":
        return rng.choice(BODIES)
    if slot == "TOWN":
        return rng.choice(REAL_PLACES) if rng.random() < 0.7 else rng.choice(PLACES)
    if slot == "POLICY":
        return rng.choice(POLICY)
    if slot == "HEADING":
        return rng.choice(HEADINGS)
    if slot == "NUM":
        return str(rng.randint(1, 12))
    if slot == "CONCEPT":
        return rng.choice(CONCEPTS)
    if slot == "FUND":
        return rng.choice(FUNDS)
    if slot == "COMPANY":
        return _company(rng)
    if slot == "POST":
        return rng.choice(POSTS)
    if slot == "JOB":
        return rng.choice(JOBS).format(place=place, council=f"{place} {rng.choice(COUNCIL_TYPES)}")
    if slot == "ACT":
        return rng.choice(ACTS)
    if slot == "TERM":
        return f'"{rng.choice(TERMS)}"'
    if slot == "MONTH":
        return rng.choice(MONTHS)
    if slot == "YEAR":
        return str(rng.randint(2008, 2026))
    if slot == "DAY":
        return rng.choice(("1st", "2nd", "14th", "19th", "23rd", "30th"))
    if slot == "DATE":
        return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2008, 2026)}"
    if slot == "HMI":
        return rng.choice(("Her Majesty's Inspector", "HMI", "the lead inspector"))
    raise KeyError(slot)


_COMPANY_WORDS = ("Rockford", "Liberty", "Meridian", "Harbour", "Summit", "Beacon", "Northgate", "Riverside",
                  "Sterling", "Oakwood", "Pinnacle", "Crown", "Keystone", "Phoenix", "Horizon", "Atlas", "Vantage")
_SURNAMES_FOR_FIRMS = ("Arnold", "Barker", "Davey", "Ellis", "Fletcher", "Gordon", "Hughes", "Knight", "Lowe", "Morgan",
                       "Newman", "Poole", "Reed", "Sheppard", "Turner", "Walsh", "Kapoor", "Okafor", "Murphy", "Chen")


def _company(rng: random.Random) -> str:
    """A firm's name: "<word> <tail>", "<place> <word> <tail>", "<surname> <tail>" or "<A>, <B> and <C>"
    (law-firm style)."""
    r = rng.random()
    if r < 0.3:
        return f"{rng.choice(_COMPANY_WORDS)} {rng.choice(COMPANY_TAILS)}"
    if r < 0.5:
        return f"{rng.choice(PLACES)} {rng.choice(_COMPANY_WORDS)} {rng.choice(COMPANY_TAILS)}"
    if r < 0.8:
        return f"{rng.choice(_SURNAMES_FOR_FIRMS)} {rng.choice(COMPANY_TAILS)}"
    a, b, c = rng.sample(_SURNAMES_FOR_FIRMS, 3)
    return f"{a}, {b} and {c}" if rng.random() < 0.5 else f"{a} & {b}"


_SLOT = re.compile(r"\{([A-Z]+)(?::(\d))?\}")


def render(frame: str, names: _Names, rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """Fill a frame; returns the text and the character spans of the (bare) names in it."""
    frame = frame.replace("\\n", "\n")
    people: dict[str, tuple[str, str, str]] = {}
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for m in _SLOT.finditer(frame):
        out.append(frame[pos:m.start()])
        length += m.start() - pos
        pos = m.end()
        kind, idx = m.group(1), m.group(2)
        if idx is None:
            val = _filler(kind, rng)
            out.append(val)
            length += len(val)
            continue
        first, middle, last = people.setdefault(idx, names.person())
        full = " ".join(x for x in (first, middle, last) if x)
        hon = rng.choice(HONS)
        prefix, core, suffix = "", full, ""
        if kind == "HP":
            prefix = f"{hon} "
            if hon in ("Mr", "Mrs", "Ms", "Miss") and rng.random() < 0.5:
                core = last
        elif kind == "PP":
            suffix = f" {rng.choice(POSTNOMS)}"
        elif kind == "HS":
            prefix, core = f"{rng.choice(('Mr', 'Ms', 'Mrs', 'Dr', 'Professor', 'Lord', 'Councillor'))} ", last
        elif kind == "S":
            core = last
        elif kind == "F":
            core = first
        out.append(prefix)
        length += len(prefix)
        spans.append((length, length + len(core)))
        out.append(core + suffix)
        length += len(core) + len(suffix)
    out.append(frame[pos:])
    return "".join(out), spans


# --- corpus examples ---------------------------------------------------------------------------

_HON_WORDS = {"lord", "lady", "sir", "dame", "professor", "prof", "dr", "mr", "mrs", "ms", "miss", "councillor",
              "cllr", "rt", "hon", "the", "baroness", "baron", "commissioner", "mp", "cbe", "obe", "mbe", "kbe",
              "dbe", "cb", "kcb", "dcb", "gcb", "qc", "kc"}


def _bare(name: str) -> str:
    return " ".join(t for t in name.replace(",", " ").split() if t.lower().strip(".") not in _HON_WORDS)


def corpus_examples(corpus: Path) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """The view of every annotated document with the gold names (bare) located in it."""
    from pipeline.extract.people import make_view

    for gold_path in sorted(corpus.glob("**/gold/*.json")):
        text_path = gold_path.parent.parent / "text" / f"{gold_path.stem}.txt"
        if not text_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        view = make_view(text_path.read_text(encoding="utf-8"))
        forms: set[str] = set()
        for p in gold.get("people", []):
            for n in (p["name"], *p.get("aliases", [])):
                b = _bare(n)
                if b:
                    forms.add(b)
        spans: list[tuple[int, int]] = []
        for form in sorted(forms, key=len, reverse=True):
            # case-blind: gold may spell a name in capitals where the view has title-cased its line
            for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", view, re.IGNORECASE):
                if m.group(0)[0].isupper() and not any(m.start() < e and s < m.end() for s, e in spans):
                    spans.append(m.span())
        yield view, sorted(spans)


# --- first names ---------------------------------------------------------------------------------

_NAME_LOCALES = ("en_GB", "en_US", "en_IE", "en_IN", "en_NZ", "ga_IE", "fr_FR", "de_DE", "pl_PL", "es_ES", "it_IT",
                 "nl_NL", "pt_PT", "tr_TR", "ar_AA", "yo_NG", "tw_GH", "sw")


def write_first_names(path: Path) -> int:
    """Write the given names of Faker's person providers (Latin script) as a one-column CSV.

    The extractor trusts a scorer-only find whose first word is a known given name, and the scorer
    reads the list as a feature; it is a data file so that run time does not need Faker.
    """
    import importlib

    names: set[str] = set()
    for loc in _NAME_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            for n in getattr(provider, attr, ()) or ():
                if re.fullmatch(r"[A-Z\u00c0-\u00de][a-z\u00df-\u00ff'-]+", n) and len(n) > 1:
                    names.add(n)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("first_name\n" + "".join(f"{n}\n" for n in sorted(names)), encoding="utf-8")
    return len(names)


# --- training ----------------------------------------------------------------------------------


def build_examples(corpus: Path, seed: int, n_pos: int = 3000, n_neg: int = 12000,
                   corpus_repeat: int = 2) -> list[tuple[str, list[tuple[int, int]]]]:
    """Texts with their bare name spans: the corpus documents (``corpus_repeat`` times, as they are the
    genre itself) and rendered frames, shuffled."""
    rng = random.Random(seed)
    names = _Names(seed)
    data: list[tuple[str, list[tuple[int, int]]]] = []
    for _ in range(corpus_repeat):
        data.extend(corpus_examples(corpus))
    for i in range(n_pos):
        data.append(render(FRAMES[i % len(FRAMES)], names, rng))
    for i in range(n_neg):
        data.append(render(NEGATIVES[i % len(NEGATIVES)], names, rng))
    rng.shuffle(data)
    return data


def candidate_rows(data: list[tuple[str, list[tuple[int, int]]]], seed: int = 0,
                   hide_names: float = HIDE_NAMES) -> list[tuple[list[str], int]]:
    """Every candidate span the extractor would score in each text, with its features and a label: 1 when
    it is exactly a gold name span.

    The frames' names come from Faker and so are all in the given-name list; for a share ``hide_names`` of
    the texts the list is hidden, so the model also learns the cues around names it does not know.
    """
    from pipeline.extract.people import candidate_chunks, first_names, span_candidates

    rng = random.Random(seed)
    known = first_names()
    rows: list[tuple[list[str], int]] = []
    for text, spans in data:
        gold = set(spans)
        names = frozenset() if rng.random() < hide_names else known
        lower_words = set(_LOWER_WORD.findall(text))
        for a, b in candidate_chunks(text):
            rows.extend((fs, int((cs, ce) in gold)) for cs, ce, fs in span_candidates(text, a, b, lower_words, names))
    return rows


_LOWER_WORD = re.compile(r"(?<![\w'\u2019-])[a-z][a-z'\u2019-]+")  # as the extractor reads a document's words


def fit(rows: list[tuple[list[str], int]], seed: int, epochs: int = EPOCHS, rate: float = RATE,
        l2: float = L2) -> dict[str, float]:
    """Logistic regression by stochastic gradient descent (seeded order, decaying step, L2 on the features
    an example has), returning the averaged weights: deterministic and a few seconds in pure Python."""
    rng = random.Random(seed)
    w: dict[str, float] = {}
    total: dict[str, float] = {}  # sum over steps of each weight, kept lazily with ``since``
    since: dict[str, int] = {}
    order = list(range(len(rows)))
    step = 0
    for _ in range(epochs):
        rng.shuffle(order)
        for k in order:
            feats, y = rows[k]
            z = sum(w.get(f, 0.0) for f in feats)
            p = 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0
            eta = rate / (1.0 + step / len(rows))
            g = eta * (y - p)
            for f in feats:
                old = w.get(f, 0.0)
                total[f] = total.get(f, 0.0) + old * (step - since.get(f, 0))
                since[f] = step
                w[f] = old * (1.0 - eta * l2) + g
            step += 1
    return {f: (total[f] + w[f] * (step - since[f])) / step for f in w}


def train(corpus: Path, models: Path, seed: int = 0, epochs: int = EPOCHS, quiet: bool = False,
          data: list[tuple[str, list[tuple[int, int]]]] | None = None) -> Path:
    """Build the training set (or use ``data``), fit, and write ``models/people/scorer.json``."""
    from pipeline.extract.people import FIRST_NAMES_PATH, SCORER_FILE, first_names

    t0 = time.process_time()
    if data is None:
        write_first_names(FIRST_NAMES_PATH)
        first_names.cache_clear()
        data = build_examples(corpus, seed)
    rows = candidate_rows(data, seed)
    weights = fit(rows, seed, epochs)
    kept = {f: round(x, 4) for f, x in weights.items() if abs(x) >= MIN_WEIGHT}
    out = models / "people"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():  # the directory holds the scorer only (an older spaCy model is removed)
        if old.name != SCORER_FILE:
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    model = {"model": "people span scorer (pipeline.training.people): logistic regression over candidate features",
             "threshold": THRESHOLD, "seed": seed, "epochs": epochs, "examples": len(data),
             "candidates": len(rows), "positives": sum(y for _, y in rows), "weights": kept}
    tmp = out / f".{SCORER_FILE}.tmp"
    tmp.write_text(json.dumps(model, sort_keys=True, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(out / SCORER_FILE)
    if not quiet:
        print(f"people scorer: {len(data)} texts, {len(rows)} candidates ({model['positives']} names), "
              f"{len(kept)} of {len(weights)} weights kept, written to {out} in {time.process_time() - t0:.0f} s")
    return out
