"""Document facts: kind, authority, title, issued date, signatory and relations to earlier documents.

The kind comes from the genre's strong cues in the title lines (rules) combined with a small
spaCy text classifier (models/kind, trained by ``python -m pipeline train kind``), which is loaded
and run only for documents whose title block is not decisive (a strong cue overrides it). The authority is
read from the defined party ('X Council ("the Authority")'), the addressee or the title lines and
normalised through the offline table pipeline/data/local_authorities.csv. Issued date and
signatory are read from the dates and people extractors' facts, never re-extracted here.

Speed matters (the whole text is scanned for councils and relations): whole-text scans run on
the lower-cased text with patterns that start with a literal, and words come from one regex pass.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, count
from pathlib import Path
from typing import Any

from pipeline.config import settings
from pipeline.document import DateFact, DocumentFacts, Extraction, Fact, PersonFact, Relation
from pipeline.extract import register

DATA = Path(__file__).resolve().parent.parent / "data" / "local_authorities.csv"
KINDS = ("statutory_direction", "improvement_notice", "revocation", "terms_of_reference", "commissioner_report",
         "council_report", "briefing", "letter", "other")

# --- local authorities -------------------------------------------------------------------------


@dataclass(frozen=True)
class Authority:
    name: str
    short_name: str
    type: str
    gss_code: str
    status: str
    created: int | None
    abolished: int | None
    aliases: tuple[str, ...]

    def valid_in(self, year: int | None) -> bool:
        """Whether the council existed in ``year`` (unknown year: any council is possible)."""
        if year is None:
            return True
        return (self.created is None or year >= self.created) and (self.abolished is None or year < self.abolished)


@lru_cache(maxsize=1)
def load_authorities() -> tuple[Authority, ...]:
    with DATA.open(encoding="utf-8") as fh:
        return tuple(Authority(
            name=r["name"], short_name=r["short_name"], type=r["type"], gss_code=r["gss_code"], status=r["status"],
            created=int(r["created"]) if r["created"] else None,
            abolished=int(r["abolished"]) if r["abolished"] else None,
            aliases=tuple(a.strip() for a in r["aliases"].split(";") if a.strip()),
        ) for r in csv.DictReader(fh))


# The usual ways of writing a council's name around its place name: (words before, words after).
_FRAMES = [("", "Council"), ("", "Borough Council"), ("", "City Council"), ("", "District Council"),
           ("", "Metropolitan Borough Council"), ("", "Metropolitan District Council"), ("", "MBC"), ("", "BC"),
           ("", "DC"), ("City of", "Council"), ("Metropolitan Borough of", ""), ("Borough of", ""),
           ("Borough Council of", ""), ("Council of the City of", "")]
_COUNTY_FRAMES = [("", "County Council")]
_LONDON_FRAMES = [("London Borough of", ""), ("Royal Borough of", ""), ("LB", ""), ("", "London Borough Council")]


def _variant_keys(a: Authority) -> list[tuple[str, ...]]:
    """The keys of the usual variants of a council's name, built from its place name's key (the
    frames are joined with spaces, so a variant's key is the frame's keys around the place's)."""
    frames = _FRAMES + (_COUNTY_FRAMES if a.type in ("county", "unitary") else []) + \
        (_LONDON_FRAMES if a.type == "London borough" else [])
    place = _key(a.short_name)
    return [_frame_key(before) + place + _frame_key(after) for before, after in frames]


@lru_cache(maxsize=64)
def _frame_key(s: str) -> tuple[str, ...]:
    return _key(s)


_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|&")  # hyphens split words: "Stoke-on-Trent" = "Stoke on Trent"


def _tokens(s: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(s))


def _norm(tok: str) -> str:
    t = tok.lower().replace("’", "'").removesuffix("'s")  # "Sandwell's" is Sandwell
    return "and" if t == "&" else t


def _key(s: str) -> tuple[str, ...]:
    """A name as a tuple of normalised words: case, '&', 'St.', commas and line breaks don't matter."""
    return tuple(map(_norm, _TOKEN.findall(s)))


@lru_cache(maxsize=1)
def _alias_index() -> dict[tuple[str, ...], list[tuple[int, Authority]]]:
    """Every written form of every council -> [(priority, authority)].

    Priority 0 is a formal name, 1 a listed alias, 2 a generated variant: where a form is shared
    (e.g. "Dorset County Council" vs the later "Dorset Council"), the more explicit one wins.
    """
    index: dict[tuple[str, ...], list[tuple[int, Authority]]] = {}
    for a in load_authorities():
        for prio, keys in ((0, [_key(a.name)]), (1, [_key(x) for x in a.aliases]), (2, _variant_keys(a))):
            for k in keys:
                index.setdefault(k, []).append((prio, a))
    return index


def _best(cands: list[tuple[int, Authority]], year: int | None) -> Authority:
    return min(cands, key=lambda pa: (not pa[1].valid_in(year), pa[0], pa[1].status != "current"))[1]


def lookup(name: str, year: int | None = None) -> Authority | None:
    """The council a written name stands for (formal name, alias or usual variant), or None."""
    cands = _alias_index().get(_key(name))
    return _best(cands, year) if cands else None


@dataclass
class Mention:
    authority: Authority
    start: int
    end: int
    text: str
    council_phrase: bool  # "X Council" etc. rather than a bare place name


# Place names that are also ordinary words or too ambiguous to count on their own.
_BARE_STOP = {"Reading", "Hart", "Eden", "Bury", "Rother", "Brent", "Arun", "Wyre", "Swale", "Boston", "Sutton",
              "Harrow", "Rugby", "Chiltern", "Selby", "Durham", "Chester", "Lincoln", "Richmond", "Halton"}


@lru_cache(maxsize=1)
def _bare_index() -> dict[tuple[str, ...], list[Authority]]:
    names: dict[tuple[str, ...], list[Authority]] = {}
    for a in load_authorities():
        if a.short_name not in _BARE_STOP and len(a.short_name) >= 4:
            names.setdefault(_key(a.short_name), []).append(a)
    return names


@lru_cache(maxsize=1)
def _first_words() -> dict[str, tuple[int, int]]:
    """First word of every council form -> (longest form, longest bare place name) in words.

    One dict lookup per word of the text then rules out almost every position, instead of
    trying every length at every word.
    """
    first: dict[str, list[int]] = {}
    for keys, slot in ((_alias_index(), 0), (_bare_index(), 1)):
        for k in keys:
            if k:
                cur = first.setdefault(k[0], [0, 0])
                if len(k) > cur[slot]:
                    cur[slot] = len(k)
    return {w: (a, b) for w, (a, b) in first.items()}


_POSSESSIVE = re.compile(r"'s\b")
_WORD_CHAR = re.compile(r"\w")


@lru_cache(maxsize=2)
def _lowered(text: str) -> str | None:
    """``text`` lower-cased, ’ as ', for case-sensitive (much faster) scans; None when lower-casing
    would shift offsets (a rare character whose lower case is longer)."""
    low = text.lower()
    return low.replace("’", "'") if len(low) == len(text) else None


def _word_starts(rx: re.Pattern[str], s: str) -> list[re.Match[str]]:
    """``rx.finditer(s)`` keeping only matches that start a word, as a leading word boundary would
    (for a pattern starting with a word character), but fast: a pattern that starts with a literal
    is searched for directly, while one that starts with a boundary or a lookbehind is tried at
    every position."""
    out: list[re.Match[str]] = []
    pos = 0
    while (m := rx.search(s, pos)) is not None:
        if m.start() > 0 and _WORD_CHAR.match(s, m.start() - 1):
            pos = m.start() + 1  # inside a word: look again from the next character, as a boundary would
            continue
        out.append(m)
        pos = max(m.end(), m.start() + 1)
    return out


_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")


def _words(text: str) -> tuple[list[int], list[str]]:
    """Token offsets and normalised words (as ``_key``) of a whole text, without a Python-level pass
    over every token: token ``i`` spans ``offs[2i]:offs[2i+1]``. One ``re.split`` gives separators and
    tokens in turn, whose running lengths are the offsets; possessive "'s" is blanked beforehand (same
    length, so offsets hold) and a token's end stops before it."""
    low = _lowered(text)
    if low is None:
        toks = _tokens(text)
        return [o for m in toks for o in m.span()], [_norm(m.group(0)) for m in toks]
    parts = _TOKEN_SPLIT.split(_POSSESSIVE.sub("  ", low))
    words = parts[1::2]
    if "&" in low:
        words = ["and" if w == "&" else w for w in words]
    return list(accumulate(map(len, parts))), words


def _end(text: str, e: int) -> int:
    """A mention's end, taking in a possessive "'s" that ``_words`` blanked ("Sandwell's")."""
    return e + 2 if text[e:e + 2] in ("'s", "’s", "'S", "’S") else e


# Words that, following a place name, make it part of the name of a venue, building, institution or
# other public body ("Westminster Hall", "Leeds Beckett University", "Essex Police", "Kent Fire and
# Rescue", "Birmingham New Street"): such a place name is not a mention of the council.
_NOT_COUNCIL_HEAD = frozenset("""
hall halls house palace abbey cathedral minster church chapel castle tower towers bridge gate square street road
lane avenue station airport port harbour docks park gardens stadium arena ground racecourse museum gallery library
theatre centre center market exchange university college academy school schools polytechnic institute hospital
hospitals infirmary clinic nhs ccg icb trust trusts foundation police constabulary fire rescue ambulance prison
court courts magistrates diocese archdiocese chamber chambers fc united city rovers wanderers athletic albion
town county club society airport railway metro tram business enterprise partnership partnerships lep combined
""".split())
# Words that may stand inside such a name before its head noun ("Birmingham New Street", "Kent Fire and Rescue")
_NAME_LINK = frozenset({"and", "of"})


def _in_other_name(text: str, offs: list[int], words: list[str], end_tok: int) -> bool:
    """Whether the place name ending before token ``end_tok`` runs on into a longer proper name
    (capitalised words on the same line) whose head is not a council: a venue, institution or body."""
    for j in range(end_tok, min(end_tok + 4, len(words))):
        s = offs[2 * j]
        prev_end = _end(text, offs[2 * j - 1])
        if "\n" in text[prev_end:s] or any(c in text[prev_end:s] for c in ",.;:()"):
            return False
        w = words[j]
        if w in _NOT_COUNCIL_HEAD:
            return True
        if not (text[s].isupper() or w in _NAME_LINK):
            return False
    return False


def find_mentions(text: str, year: int | None = None) -> list[Mention]:
    """Every council named in ``text``, longest form first: council phrases ("Sandwell MBC",
    "London Borough of Ealing") and, outside them, capitalised bare place names ("Sandwell") that
    are not part of a venue's or another body's name ("Westminster Hall", "Essex Police")."""
    index, bare, first = _alias_index(), _bare_index(), _first_words()
    offs, words = _words(text)
    out: list[Mention] = []
    n_tok = len(words)
    i = 0  # the first token not yet inside a mention
    # only tokens that start some council's name need a look: picked out without a Python-level loop
    for i0 in compress(count(), map(first.__contains__, words)):
        if i0 < i:
            continue
        i, lens = i0, first[words[i0]]
        hit: Mention | None = None
        n = 0
        for n in range(min(lens[0], n_tok - i), 0, -1):
            cands = index.get(tuple(words[i:i + n]))
            if cands:
                s, e = offs[2 * i], _end(text, offs[2 * (i + n) - 1])
                hit = Mention(_best(cands, year), s, e, text[s:e], True)
                break
        if hit is None and lens[1] and text[offs[2 * i]].isupper():
            for n in range(min(lens[1], n_tok - i), 0, -1):
                places = bare.get(tuple(words[i:i + n]))
                if places:
                    live = [a for a in places if a.valid_in(year)] or places
                    # a place name shared by two live councils (a county and its successor) is ambiguous
                    # "Greater Manchester" is a region, not the city's council
                    region = i > 0 and words[i - 1] == "greater" and text[offs[2 * i - 2]].isupper()
                    if len({a.name for a in live}) == 1 and not region and \
                            not _in_other_name(text, offs, words, i + n):
                        s, e = offs[2 * i], _end(text, offs[2 * (i + n) - 1])
                        hit = Mention(live[0], s, e, text[s:e], False)
                    break
        if hit is None:
            i += 1
        else:
            out.append(hit)
            i += n
    return out


_DEFINED = re.compile(r"""^\s*\(\s*(?:here(?:in)?after\s+)?(?:(?:referred\s+to|called)\s+as\s+)?["“'‘]{0,2}\s*the\s*"""
                      r"""["“'‘]{0,2}\s*(?:local\s+)?(?:council|authority)\s*["”'’]{0,2}\s*\)""", re.I)
# what may stand before the council on an addressee line: "To: The Chief Executive, ", "DIRECTION TO "
_ADDRESSEE = re.compile(r"^[ \t*#_]*(?:to\s*:.*|(?:(?:directions?|notice|letter)\s+)?(?:(?:given|issued|addressed)\s+)?"
                        r"to\s+(?:the\s+)?)$", re.I)


_NUMBERED = re.compile(r"^(?:\(?\d{1,2}(?:\.\d+)*[.)]|\([a-z]{1,4}\)|[a-z][.)])\s")


def _title_zone_end(text: str) -> int:
    """End of the title block: the first few short lines before the body starts."""
    lines = title_lines(text, 8)
    if not lines:
        return 0
    s, pos = lines[-1]
    return min(pos + len(s) + 1, 1500)


# Genres written to, by or about one council: there the most-mentioned council is the one concerned.
# Statements and letters may survey several councils, so one must dominate outright; briefings
# survey the sector (see resolve_authority).
_SINGLE_COUNCIL_KINDS = {"statutory_direction", "improvement_notice", "revocation", "terms_of_reference",
                         "commissioner_report", "council_report"}


def resolve_authority(text: str, year: int | None = None,
                      kind: str | None = None) -> tuple[Authority | None, Mention | None]:
    """The council the document is addressed to or about, and the mention it was read from.

    Evidence in order: the defined party ('X ("the Council")'), the addressee line ("To: X",
    "DIRECTION TO X"), a council named in the title lines, then the council that leads the
    document's mentions (clearly, for single-council genres; outright, for letters and statements);
    None when several councils share the mentions, and for a briefing naming none up front.
    """
    mentions = find_mentions(text, year)
    if not mentions:
        return None, None
    phrases = [m for m in mentions if m.council_phrase]
    for m in phrases:
        if _DEFINED.match(text[m.end:m.end + 80]):
            return m.authority, m
    for m in phrases:
        line_start = text.rfind("\n", 0, m.start) + 1
        prefix = text[line_start:m.start]
        if len(prefix) <= 60 and _ADDRESSEE.match(prefix):
            return m.authority, m
    for m in phrases if kind != "briefing" else []:
        # a council standing on a line of its own near the top: a title or an address block
        # (not in a briefing, where a list of councils may stand one per line)
        line_start = text.rfind("\n", 0, m.start) + 1
        line_end = text.find("\n", m.end)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        if m.start < 1500 and _MD.sub(" ", line).strip(" \t,.:") == _MD.sub(" ", m.text).strip():
            return m.authority, m
    zone = _title_zone_end(text)
    head = [m for m in mentions if m.start < zone]
    if head:
        best = Counter(m.authority.name for m in head).most_common(1)[0][0]
        m = next(x for x in head if x.authority.name == best)
        return m.authority, m
    if kind == "briefing":
        # a briefing surveys the sector: it concerns one council only when it says so up front, and
        # a council it merely discusses at length (a case study, a list of examples) is not that
        return None, None
    weights: Counter[str] = Counter()
    for m in mentions:
        weights[m.authority.name] += 2 if m.council_phrase else 1
    ranked = weights.most_common(2)
    top, w = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    clear = w >= 2 * second if kind in _SINGLE_COUNCIL_KINDS else w / sum(weights.values()) >= 0.6
    if w >= 3 and clear:
        m = next(x for x in mentions if x.authority.name == top)
        return m.authority, m
    return None, None


# --- kind: rules ---------------------------------------------------------------------------------

_MD = re.compile(r"[*#_`>|]+")

# (kind, pattern over one title line); the first title line with a cue decides, except that a
# revocation cue anywhere in the title block wins (a direction whose purpose is to revoke).
_TITLE_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("revocation", re.compile(r"\brevocation\b|\brevok(?:e|es|ing)\b|\b(?:lifting|withdrawal|removal)\s+of\s+"
                              r"(?:the\s+)?(?:\w+\s+)?(?:directions?|improvement\s+notice|intervention)", re.I)),
    ("improvement_notice", re.compile(r"\bimprovement\s+notice\b", re.I)),
    ("terms_of_reference", re.compile(r"^\s*(?:\S+\s+){0,3}terms\s+of\s+reference\b", re.I)),
    ("other", re.compile(r"\bwritten\s+(?:ministerial\s+)?statement\b|\bHC[WL]S\d+", re.I)),
    ("commissioner_report", re.compile(
        r"\breport\b.{0,80}\bcommissioner|\bcommissioner['’]?s?\b.{0,40}\breport\b", re.I)),
    ("briefing", re.compile(
        r"^\s*purpose\s+of\s+(?:the\s+)?(?:report|paper)|\bbriefing\b", re.I)),
    ("letter", re.compile(r"^\s*dear\s+\S", re.I)),
    ("council_report", re.compile(
        r"^\s*(?:report\s+(?:of|from|by)\b.{0,80}\b(?:councillor|cllr|leader|chief\s+executive|director|cabinet\s+member|"
        r"portfolio\s+holder|monitoring\s+officer|head\s+of)\b|the\s+motion\b|report\s+to\s*:?\s*(?:the\s+)?(?:full\s+)?"
        r"(?:council|cabinet|executive|[\w\s'’-]{0,40}(?:committee|scrutiny|panel|board)))", re.I)),
    ("statutory_direction", re.compile(
        r"\bdirections?\s+(?:under|given|made|to|issued|pursuant)\b|\bdirection\s*$|^\s*directions?\b", re.I)),
]
# Body cues, used only when the title lines say nothing.
_BODY_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("revocation", re.compile(
        r"\b(?:hereby|now)\s+(?:revokes?|lifts?)\b|\b(?:is|are)\s+(?:hereby\s+)?revoked\s+with\s+effect|"
        r"\bdecided\s+to\s+(?:revoke|lift)\b|\b(?:am|are|is)\s+(?:therefore\s+|now\s+)?(?:revoking|lifting)\b", re.I)),
    ("statutory_direction", re.compile(r"\bNOW\s+THEREFORE\b|\bhereby\s+directs?\b", re.I)),
    ("letter", re.compile(r"\byours\s+(?:sincerely|faithfully)\b|^\s*dear\s+[A-Z]", re.I | re.M)),
]


def _is_body_line(s: str) -> bool:
    """Where the title block ends: a long line, a numbered paragraph or a full sentence."""
    return len(s) > 200 or bool(_NUMBERED.match(s)) or (len(s.split()) >= 8 and s.endswith("."))


_HEAD_CHARS = 4096  # the title block lies well inside this; only a text padded with blank lines needs more


def _scan_title(lines: list[str], limit: int) -> tuple[list[tuple[str, int]], bool]:
    """(title lines with offsets, whether the block's end was seen) over ``lines`` from the start."""
    out: list[tuple[str, int]] = []
    pos = 0
    for line in lines:
        s = " ".join(_MD.sub(" ", line).split())
        if s:
            if re.match(r"dear\s", s, re.I):
                out.append((s, pos))
                return out, True
            if _is_body_line(s) or len(out) >= limit or pos > 3000:
                return out, True
            out.append((s, pos))
        pos += len(line)
    return out, False


def title_lines(text: str, limit: int = 12) -> list[tuple[str, int]]:
    """The title block: the first short lines before the body starts, markdown stripped, with offsets.

    A salutation ("Dear ...") is kept as the block's last line: it marks a letter. Only the head of
    the text is split into lines (this runs several times per document); a head padded with blank
    lines and no end of the block in sight is read on through the whole text.
    """
    if len(text) <= _HEAD_CHARS:
        return _scan_title(text.splitlines(keepends=True), limit)[0]
    lines = text[:_HEAD_CHARS].splitlines(keepends=True)
    out, ended = _scan_title(lines[:-1], limit)  # the last line may be cut short
    return out if ended else _scan_title(text.splitlines(keepends=True), limit)[0]


def kind_by_rules(text: str) -> tuple[str | None, str, Fact | None]:
    """(kind, strength "strong"/"weak"/"", evidence) from the genre's cues."""
    lines = title_lines(text)
    rev = _TITLE_CUES[0][1]
    for s, pos in lines:
        if rev.search(s):
            return "revocation", "strong", Fact(s, pos, pos + len(s))
    for s, pos in lines:
        # the cue that starts first in the line ("Direction ... following the Improvement Notice")
        hits = [(m.start(), i, kind) for i, (kind, rx) in enumerate(_TITLE_CUES[1:]) if (m := rx.search(s))]
        if hits:
            kind = min(hits)[2]
            # a letter whose purpose is to revoke or lift a direction or notice is a revocation
            if kind == "letter" and (m := _BODY_CUES[0][1].search(text)):
                return "revocation", "strong", Fact(m.group(0), m.start(), m.end())
            return kind, "strong", Fact(s, pos, pos + len(s))
    for kind, rx in _BODY_CUES:
        m = rx.search(text)
        if m:
            # a letter that itself revokes or lifts a direction or notice is a revocation
            strong = kind == "revocation" and _BODY_CUES[-1][1].search(text) is not None
            return kind, "strong" if strong else "weak", Fact(m.group(0), m.start(), m.end())
    return None, "", None


# --- kind: model ---------------------------------------------------------------------------------


def model_text(text: str, head: int = 800, tail: int = 400) -> str:
    """What the classifier sees: title-line words marked as such ("t_notice"), then the opening and
    the close of the document (where genres differ), lower-cased with digits masked."""
    title = " ".join(f"t_{w}" for line, _ in title_lines(text, 8) for w in re.findall(r"[a-z]+", line.lower()))
    t = text if len(text) <= head + tail else text[:head] + "\n" + text[-tail:]
    return title + "\n" + re.sub(r"\d", "0", _MD.sub(" ", t)).lower()


@lru_cache(maxsize=2)
def _load_model(path: str) -> Any:
    import spacy

    return spacy.load(path) if Path(path).exists() else None


def kind_by_model(text: str, model_dir: Path | None = None) -> dict[str, float] | None:
    """Class probabilities from the shipped classifier, or None when it is off or absent."""
    if model_dir is None:
        if not settings.use_models:
            return None
        model_dir = settings.models_dir / "kind"
    nlp = _load_model(str(model_dir))
    if nlp is None:
        return None
    return dict(nlp(model_text(text)).cats)


def decide_kind(text: str, cats: dict[str, float] | None,
                rules: tuple[str | None, str, Fact | None] | None = None) -> tuple[str, str, float | None, Fact | None]:
    """Combine rules and model: a strong title cue decides; otherwise a confident model does.

    ``rules`` is ``kind_by_rules(text)`` when the caller already has it."""
    rule, strength, ev = rules or kind_by_rules(text)
    if cats:
        top = max(cats, key=cats.__getitem__)
        p = cats[top]
    if rule and (strength == "strong" or not cats):
        if cats and top == rule:
            return rule, "rules+model", p, ev
        return rule, "rules", None, ev
    if cats:
        if rule and (top == rule or p < 0.5 or cats.get(rule, 0) >= 0.25):
            return rule, "rules+model" if top == rule else "rules", cats.get(rule), ev
        return top, "model", p, None
    return rule or "other", "rules", None, ev


# --- dates and people (read only) ----------------------------------------------------------------

_DATED_LINE = re.compile(r"\b(?:dated|date|signed|issued|made)\b", re.I)


def pick_issued(text: str, dates: list[DateFact]) -> str | None:
    """The issue date: a DateFact with role "issued", preferring one on a dated/signature line."""
    issued = [d for d in dates if d.role == "issued" and d.date]
    if not issued:
        return None

    def score(d: DateFact) -> tuple[int, int, int]:
        line = text[text.rfind("\n", 0, d.start) + 1:d.start]
        return (1 if _DATED_LINE.search(line) else 0, 1 if d.precision == "day" else 0, d.start)

    return max(issued, key=score).date


def pick_signatory(text: str, people: list[PersonFact]) -> str | None:
    """Signatories joined with '; '; else a named person (e.g. a commissioner) signing at the end."""
    signers = [p for p in people if p.role == "signatory"]
    if not signers:
        tail_start = max(0, len(text) - 400)
        tail = text[tail_start:]
        for p in people:
            forms = [p.name, *p.aliases]
            hit = max((tail.rfind(f) for f in forms if f), default=-1)
            # the name stands on its own line near the end (a signature block), not inside a sentence
            if hit >= 0:
                line_start = tail.rfind("\n", 0, hit) + 1
                if not tail[line_start:hit].strip():
                    signers.append(p)
    names = list(dict.fromkeys(p.name for p in sorted(signers, key=lambda p: p.start)))
    return "; ".join(names) or None


# --- title -----------------------------------------------------------------------------------------

_BOILERPLATE = re.compile(
    r"^(?:department\s+for|ministry\s+of|department\s+of|home\s+office|official(?:\s*-\s*sensitive)?|"
    r"gov\.uk|page\s+\d+|\d+|-\s*\d+\s*-|\[.*\])\b", re.I)


def pick_title(text: str) -> tuple[str | None, int]:
    """The first substantive heading, with a heading that runs on to the next line joined."""
    lines = [(s, p) for s, p in title_lines(text, 8) if not _BOILERPLATE.match(s)]
    # a line that only names the council is a running head, not the title
    lines = [x for x in lines if lookup(x[0]) is None] or lines
    if not lines:
        return None, 0
    title, pos = lines[0]
    for s, p in lines[1:]:
        prev_end = text.find("\n", pos)
        adjacent = prev_end >= 0 and text.count("\n", prev_end, p) == 1
        runs_on = (title.isupper() and s.isupper()) or re.search(r"(?:,|\b(?:and|of|the|for|to|in|on))$", title, re.I)
        if not (adjacent and runs_on):
            break
        title, pos = f"{title} {s}", p
    return title.rstrip(":"), lines[0][1]


# --- relations -----------------------------------------------------------------------------------

_MONTHS = ("january february march april may june july august september october november december").split()
_MON = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
        r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE_RX = re.compile(
    rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?)?({_MON})\.?,?\s+((?:19|20)\d\d)\b", re.I)
_TARGET = re.compile(
    r"\b(improvement\s+notices?|terms\s+of\s+reference|directions?)\b", re.I)
# the same without re.I and leading \b, for the lowered text, one pattern per noun: a literal start is
# found much faster than the start of an alternation (the nouns never overlap, so merging keeps the order)
_TARGETS_LOW = tuple(re.compile(rf"({noun})(?!\w)")
                     for noun in (r"improvement\s+notices?", r"terms\s+of\s+reference", r"directions?"))
_SELF = re.compile(r"\b(?:this|these|the\s+present)\s+$", re.I)
_SENT_END = re.compile(r"[.\n]")


def _iso(m: re.Match[str]) -> str:
    month = next(i for i, n in enumerate(_MONTHS, 1) if n.startswith(m.group(2).lower()[:3]))
    return f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}" if m.group(1) else f"{m.group(3)}-{month:02d}"


def _target_kind(noun: str) -> str:
    n = noun.lower()
    if "improvement" in n:
        return "improvement_notice"
    if "terms" in n:
        return "terms_of_reference"
    return "statutory_direction"


_LEAD = re.compile(r"^\s*,?\s*(?:(?:was|were|had\s+been|been)\s+)?(?:(?:issued|given|made|dated|served|sent|signed)\b|"
                   r"(?:of|on|in|from)\s)", re.I)
_LEAD_TO = re.compile(
    r"^\s*,?\s*(?:(?:was|were)\s+)?(?:(?:issued|given|made|sent)\s+)?to\s+[^.;:\n]{0,60}?\s(?:on|in)\s", re.I)
_CLAUSE_END = re.compile(
    r"[.;:\n(]|\band\s+the\b|\b(?:which|who|that|pursuant|under|following|because|requiring)\b", re.I)
_SELF_ACT = re.compile(r"\b(?:this|these)\s+(improvement\s+notice|terms\s+of\s+reference|directions?)\s+"
                       r"(revoke|replace|amend)s?\s+(?:those|that|the\s+\w+(?:\s+\w+)?)\s+"
                       r"(?:(?:issued|given|made|dated)\s+)?(?:on\s+|of\s+|in\s+)?", re.I)
_SELF_ACT_LOW = re.compile("th(?:is|ese)" + _SELF_ACT.pattern.removeprefix(r"\b(?:this|these)"))
_GAVE = re.compile(r"\b(?=[gims])(?:gave|issued|made|served|sent)\b", re.I)
_ON_DATE = re.compile(rf"^\s*(?:[\w().]{{1,6}}\s+)?(?:on|in)\s+(?:the\s+)?(?:\d{{1,2}}\S*\s+)?{_MON}", re.I)
_STRENGTH = {"refers_to": 0, "amends": 1, "replaces": 2, "revokes": 3}


def _blank_parens(s: str) -> str:
    """Short bracketed asides ("the first direction") blanked out, offsets kept."""
    return re.sub(r"\([^()]{0,80}\)", lambda m: " " * len(m.group(0)), s)


def find_relations(text: str, dates: list[DateFact]) -> list[Relation]:
    """References to earlier directions/notices with a date, and what this document does to them.

    The date is taken from the reference itself: "the direction issued on 18 March 2013",
    "Directions of 13 December 2016 and 21 March 2017", "the February 2015 Directions"; one row
    per referred document, with the strongest act this document performs on it.
    """
    found: dict[tuple[str, str], Relation] = {}

    def add(rel: str, kind: str, s: int, e: int, iso: str, t_start: int, t_end: int) -> None:
        iso = _date_from_facts(dates, s, e) or iso
        key = (kind, iso)
        old = found.get(key)
        if old is not None and _STRENGTH[old.relation] >= _STRENGTH[rel]:
            return
        start, end = min(t_start, s), max(t_end, e)
        found[key] = Relation(text=" ".join(text[start:end].split()), start=start, end=end, relation=rel,
                              target_kind=kind, target_date=iso)

    low = _lowered(text)
    if low is None:
        self_acts, targets = list(_SELF_ACT.finditer(text)), list(_TARGET.finditer(text))
    else:
        self_acts = _word_starts(_SELF_ACT_LOW, low)
        targets = sorted((m for rx in _TARGETS_LOW for m in _word_starts(rx, low)), key=lambda m: m.start())
    for m in self_acts:
        d = _DATE_RX.match(text, m.end())
        if d:
            add(m.group(2).lower() + "s", _target_kind(m.group(1)), d.start(), d.end(), _iso(d), m.start(), m.end())
    for m in targets:
        if _SELF.search(text[max(0, m.start() - 15):m.start()]):
            continue
        kind = _target_kind(m.group(1))
        spans: list[tuple[int, int, str]] = []
        base = max(0, m.start() - 25)
        before = list(_DATE_RX.finditer(text, base, m.start()))
        if before and not text[before[-1].end():m.start()].strip():
            spans.append((before[-1].start(), before[-1].end(), _iso(before[-1])))
        else:
            after = _blank_parens(text[m.end():m.end() + 160])
            lead = _LEAD.match(after)
            if lead is None:
                # "given to X on DATE": allow a short recipient phrase before the date
                lead = _LEAD_TO.match(after)
            if lead is not None:
                stop = _CLAUSE_END.search(after, lead.end())
                seg = after[:stop.start() if stop else len(after)]
                spans += [(m.end() + d.start(), m.end() + d.end(), _iso(d)) for d in _DATE_RX.finditer(seg)]
        sent_start = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        if not spans:
            # "On 3 May 2016 the Secretary of State gave (a further) direction(s) to ..."
            prefix = text[sent_start:m.start()]
            verb = _GAVE.search(prefix)
            if verb and len(prefix) - verb.end() < 40 and _ON_DATE.match(prefix):
                spans = [(sent_start + d.start(), sent_start + d.end(), _iso(d))
                         for d in _DATE_RX.finditer(prefix, 0, verb.start())]
        if not spans:
            continue
        sent_end = _SENT_END.search(text, m.end())
        rel = _relation_verb(text[sent_start:sent_end.start() if sent_end else len(text)])
        for s, e, iso in spans:
            add(rel, kind, s, e, iso, m.start(), m.end())
    # "the December 2016 Directions" is the direction "given on 13 December 2016": merge into it
    days = {(k, d[:7]): r for (k, d), r in found.items() if len(d) == 10}
    out = []
    for (k, d), r in found.items():
        full = days.get((k, d)) if len(d) == 7 else None
        if full is not None:
            if _STRENGTH[r.relation] > _STRENGTH[full.relation]:
                full.relation = r.relation
            continue
        out.append(r)
    return sorted(out, key=lambda r: r.start)


def _date_from_facts(dates: list[DateFact], start: int, end: int) -> str | None:
    for d in dates:
        if d.date and d.start < end and d.end > start:
            return d.date
    return None


# Searched across each sentence naming a target: each opens with a lookahead on its alternatives'
# first letters, so that most positions fail one test instead of every case-blind alternative.
_ACTIVE = {
    "revokes": re.compile(r"\b(?=[rhiatdn])(?:revocation\s+of|hereby\s+revoke|(?:is|are)\s+(?:hereby\s+)?revoked\s+"
                          r"(?:with\s+effect|from)|(?:is|are)\s+hereby\s+revoked|"
                          r"(?:this|these)\s+(?:\w+\s+){0,2}revokes?|do(?:es)?\s+revoke|now\s+revoke)", re.I),
    "replaces": re.compile(r"\b(?=[tis])(?:(?:this|these)\s+(?:\w+\s+){0,3}replaces?|in\s+place\s+of|supersedes?)\b",
                           re.I),
    "amends": re.compile(r"\b(?=[tha])(?:(?:this|these)\s+(?:\w+\s+){0,3}amends?|hereby\s+amend|amendment\s+of)\b",
                         re.I),
}


def _relation_verb(sentence: str) -> str:
    """What this document does to the target named in ``sentence``.

    Only this document's own acts count ("Revocation of the Directions of ...", "these Directions
    revoke ..."); reports about other documents ("was revoked and replaced by ...") are references.
    """
    for rel, rx in _ACTIVE.items():
        if rx.search(sentence):
            return rel
    return "refers_to"


# --- the extractor --------------------------------------------------------------------------------


_YEAR = re.compile(r"(?:20[0-3]|19[89])\d(?!\w)")


def _year(issued: str | None, text: str) -> int | None:
    """The document's year (to choose between councils that share a name): its issue date, else the
    year it mentions most (latest on a tie)."""
    if issued:
        return int(issued[:4])
    years = Counter(int(m.group(0)) for m in _word_starts(_YEAR, text))
    return max(years, key=lambda y: (years[y], y)) if years else None


# Public bodies other than councils that ministers direct: fire and rescue authorities (Fire and
# Rescue Services Act 2004, s.22), combined authorities, police and crime commissioners.
_OTHER_BODY_TYPES = (("fire and rescue authority", r"(?:Combined\s+)?Fire\s+(?:and|&)\s+Rescue\s+Authority"),
                     ("fire and rescue authority", r"(?:Combined\s+)?Fire\s+Authority"),
                     ("combined authority", r"(?:Mayoral\s+)?Combined\s+(?:County\s+)?Authority"),
                     ("police and crime commissioner", r"Police(?:,\s+Fire)?\s+and\s+Crime\s+Commissioner"))
_NAME_WORD = r"(?:[A-Z][\w'\u2019-]*|and|of|&)"
_OTHER_BODY = re.compile(rf"(?<![\w-])(?P<name>[A-Z][\w'\u2019-]*(?:[ \t]+{_NAME_WORD})*?)[ \t]+"
                         rf"(?P<head>{'|'.join(f'(?i:{rx})' for _, rx in _OTHER_BODY_TYPES)})\b")
_SMALL_WORDS = frozenset({"and", "of", "the", "for", "&"})  # lower case in a title; never start a name


def other_body(text: str, limit: int = 2000) -> tuple[Authority, Mention] | None:
    """The first non-council public body named near the top ("Devon and Somerset Fire and Rescue
    Authority"), as written in running text when it is, else title-cased from a capitals title."""
    found = []
    for m in _OTHER_BODY.finditer(text[:limit]):
        words = m.group(0).split()
        while words and words[0].lower() in _SMALL_WORDS:
            words.pop(0)
        if len(words) > 2:
            found.append((" ".join(words), m, m.start() + m.group(0).index(words[0])))
    if not found:
        return None
    first = found[0][0].lower()
    name, m, start = next((f for f in found if f[0].lower() == first and not f[0].isupper()), found[0])
    if name.isupper():
        name = " ".join(w.lower() if w.lower() in _SMALL_WORDS else w.capitalize() for w in name.split())
    kind = next(t for t, rx in _OTHER_BODY_TYPES if re.fullmatch(rx, m.group("head"), re.I))
    short = name[: -len(m.group("head"))].strip() if name.lower().endswith(m.group("head").lower()) else name
    body = Authority(name, short, kind, "", "current", None, None, ())
    return body, Mention(body, start, m.end(), text[start:m.end()], council_phrase=True)


@register("document_facts", "facts")
def extract(ex: Extraction) -> DocumentFacts:
    text = ex.document.text
    issued = pick_issued(text, ex.dates)
    rules = kind_by_rules(text)
    # a strong title cue decides whatever the model says, so the model (and spaCy) is only loaded
    # and run for documents whose title block says nothing clear: then kind_source is "rules"
    cats = kind_by_model(text) if rules[1] != "strong" else None
    kind, source, confidence, kind_ev = decide_kind(text, cats, rules)
    authority, mention = resolve_authority(text, _year(issued, text), kind)
    if authority is None and kind != "briefing" and (body := other_body(text)) is not None:
        authority, mention = body
    title, _ = pick_title(text)
    evidence: Fact | None = Fact(mention.text, mention.start, mention.end) if mention else kind_ev
    return DocumentFacts(
        kind=kind, kind_source=source, kind_confidence=confidence,
        authority=authority.name if authority else None,
        authority_type=authority.type if authority else None,
        authority_code=(authority.gss_code or None) if authority else None,
        title=title, issued_date=issued, signatory=pick_signatory(text, ex.people),
        relations=find_relations(text, ex.dates), evidence=evidence)
