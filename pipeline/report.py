"""``pipeline report DIR``: one self-contained ``DIR/dashboard.html`` over a run's tables.

Everything is inline (CSS, SVG charts drawn here, one small script), so the page opens offline
and from any folder. Document text is untrusted input: every value is HTML-escaped, anchors are
built from hashes rather than from document text, and a Content-Security-Policy allows only the
page's own script (by hash) and no network at all, so a snippet that slipped through unescaped
still could not run or fetch anything.

Sections: totals, a timeline of documents per council, statutes used, commissioners,
obligations with deadlines, and one section per document listing each fact with its page,
character offsets and snippet (each fact has its own anchor, which the summary tables link to).
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import html
import os
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from pipeline.schema import TABLES

Row = dict[str, str]
FACT_TABLES = ("statute_refs", "people", "dates", "durations", "obligations", "relations")
_PROVENANCE = {"doc_id", "row_id", "text", "page", "start", "end", "snippet"}
_KIND_COLOURS = {
    "statutory_direction": "#c0392b", "improvement_notice": "#e67e22", "revocation": "#27ae60",
    "terms_of_reference": "#2980b9", "commissioner_report": "#8e44ad", "council_report": "#16a085",
    "briefing": "#7f8c8d", "letter": "#d4ac0d", "other": "#95a5a6",
}
_UNKNOWN_COLOUR = "#bdc3c7"
_HEX = re.compile(r"[0-9a-f]{1,64}")


def e(v: object) -> str:
    """Escape any value for HTML text and attributes (quotes included)."""
    return html.escape("" if v is None else str(v), quote=True)


def doc_anchor(doc_id: str) -> str:
    return "doc-" + hashlib.sha1(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def fact_anchor(table: str, row_id: str) -> str:
    rid = row_id if _HEX.fullmatch(row_id) else hashlib.sha1(row_id.encode("utf-8", "replace")).hexdigest()[:16]
    return f"f-{table}-{rid}"


def load(out_dir: Path) -> dict[str, list[Row]]:
    """Every table of the run as rows of strings (CSV is always written, whatever the formats)."""
    tables: dict[str, list[Row]] = {}
    for t in TABLES:
        p = out_dir / f"{t}.csv"
        if not p.is_file():
            tables[t] = []
            continue
        with p.open(newline="", encoding="utf-8", errors="replace") as fh:
            tables[t] = list(csv.DictReader(fh))
    return tables


# --- charts --------------------------------------------------------------------------------------


def _year_fraction(iso: str) -> float | None:
    try:
        d = dt.date.fromisoformat(iso[:10] if len(iso) >= 10 else iso[:7] + "-01")
    except ValueError:
        return None
    start = dt.date(d.year, 1, 1)
    return d.year + (d - start).days / 365.25


def timeline_svg(docs: list[Row]) -> str:
    """Documents as dots on one line per council, coloured by kind, each linking to its section."""
    dated = [(d, _year_fraction(d.get("issued_date", ""))) for d in docs]
    points = [(d, x) for d, x in dated if x is not None]
    if not points:
        return '<p class="empty">No document has an issue date yet.</p>'
    councils = sorted({d.get("authority") or "(council not found)" for d, _ in points})
    lo = int(min(x for _, x in points))
    hi = int(max(x for _, x in points)) + 1
    left, width, row_h, top = 280, 620, 26, 30
    height = top + row_h * len(councils) + 30
    span = max(hi - lo, 1)

    def sx(x: float) -> float:
        return left + (x - lo) / span * width

    out = [f'<svg class="chart" role="img" aria-label="Timeline of documents per council" '
           f'viewBox="0 0 {left + width + 20} {height}" width="{left + width + 20}" height="{height}">']
    step = 1 if span <= 15 else (2 if span <= 30 else 5)
    for year in range(lo, hi + 1, step):
        x = sx(year)
        out.append(f'<line x1="{x:.1f}" y1="{top - 10}" x2="{x:.1f}" y2="{height - 25}" class="grid"/>'
                   f'<text x="{x:.1f}" y="{height - 10}" class="axis" text-anchor="middle">{year}</text>')
    row_of = {c: i for i, c in enumerate(councils)}
    for c, i in row_of.items():
        y = top + i * row_h + row_h / 2
        label = c if len(c) <= 42 else c[:40] + "…"
        out.append(f'<text x="{left - 8}" y="{y + 4:.1f}" class="label" text-anchor="end">{e(label)}'
                   f'<title>{e(c)}</title></text>'
                   f'<line x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}" class="lane"/>')
    for d, x in sorted(points, key=lambda p: p[1]):
        y = top + row_of[d.get("authority") or "(council not found)"] * row_h + row_h / 2
        colour = _KIND_COLOURS.get(d.get("kind", ""), _UNKNOWN_COLOUR)
        tip = f"{d['doc_id']} · {d.get('kind') or 'kind unknown'} · {d.get('issued_date')}"
        out.append(f'<a href="#{doc_anchor(d["doc_id"])}"><circle class="dot" cx="{sx(x):.1f}" cy="{y:.1f}" r="6" '
                   f'fill="{colour}"><title>{e(tip)}</title></circle></a>')
    out.append("</svg>")
    kinds = sorted({d.get("kind") or "" for d, _ in points})
    legend = "".join(f'<span class="key"><i style="background:{_KIND_COLOURS.get(k, _UNKNOWN_COLOUR)}"></i>'
                     f'{e(k or "kind unknown")}</span>' for k in kinds)
    undated = len(docs) - len(points)
    note = f'<p class="note">{undated} document{"s" * (undated != 1)} without an issue date not shown.</p>' \
        if undated else ""
    return "".join(out) + f'<div class="legend">{legend}</div>{note}'


def bar_svg(items: list[tuple[str, int]], label: str) -> str:
    """A horizontal bar chart of (label, count), largest first."""
    if not items:
        return '<p class="empty">Nothing to chart yet.</p>'
    left, width, bar_h = 330, 520, 22
    height = bar_h * len(items) + 10
    top = max(n for _, n in items)
    out = [f'<svg class="chart" role="img" aria-label="{e(label)}" viewBox="0 0 {left + width + 60} {height}" '
           f'width="{left + width + 60}" height="{height}">']
    for i, (name, n) in enumerate(items):
        y = 5 + i * bar_h
        w = max(n / top * width, 1)
        short = name if len(name) <= 48 else name[:46] + "…"
        out.append(f'<text x="{left - 8}" y="{y + bar_h * 0.65:.1f}" class="label" text-anchor="end">{e(short)}'
                   f'<title>{e(name)}</title></text>'
                   f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{bar_h - 6}" class="bar"/>'
                   f'<text x="{left + w + 6:.1f}" y="{y + bar_h * 0.65:.1f}" class="axis">{n}</text>')
    out.append("</svg>")
    return "".join(out)


# --- sections ------------------------------------------------------------------------------------


def provision(r: Row) -> str:
    """'Education Act 1996 s497A(4B)', or the Act alone for an Act-level reference."""
    act = r.get("act_title") or r.get("text") or "?"
    sec = r.get("section") or ""
    if not sec:
        return act
    prefix = "" if sec[:1].isalpha() else "s"  # "Part 1", "Schedule 2" stand alone
    para = f" para {r['paragraph']}" if r.get("paragraph") else ""
    return f"{act} {prefix}{sec}{r.get('subsection') or ''}{para}"


def _doc_link(doc_id: str) -> str:
    return f'<a href="#{doc_anchor(doc_id)}">{e(doc_id)}</a>'


def _table(head: list[str], rows: list[str], cls: str = "") -> str:
    if not rows:
        return '<p class="empty">None.</p>'
    th = "".join(f"<th>{e(h)}</th>" for h in head)
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def totals_html(t: dict[str, list[Row]]) -> str:
    docs = t["documents"]
    ok = [d for d in docs if d.get("status") == "ok"]
    commissioners = {p.get("name") for p in t["people"] if p.get("role") == "commissioner"}
    councils = {d.get("authority") for d in ok if d.get("authority")}
    deadlines = [o for o in t["obligations"] if o.get("deadline")]
    cards = [
        ("documents", len(docs), f"{len(ok)} ok, {len(docs) - len(ok)} failed"),
        ("councils", len(councils), "named in documents"),
        ("statute_refs", len(t["statute_refs"]), "statute references"),
        ("people", len(t["people"]), f"people ({len(commissioners)} commissioners)"),
        ("dates", len(t["dates"]), f"dates, {len(t['durations'])} durations"),
        ("obligations", len(t["obligations"]), f"obligations, {len(deadlines)} with deadlines"),
        ("relations", len(t["relations"]), "relations to earlier documents"),
        ("pages", sum(int(d["pages"]) for d in docs if (d.get("pages") or "").isdigit()), "pages"),
    ]
    return "".join(f'<div class="card" data-total="{e(k)}"><b>{n}</b><span>{e(k.replace("_", " "))}</span>'
                   f'<small>{e(note)}</small></div>' for k, n, note in cards)


def statutes_html(refs: list[Row]) -> str:
    docs_by: dict[str, set[str]] = defaultdict(set)
    n_by: Counter[str] = Counter()
    uri_by: dict[str, str] = {}
    for r in refs:
        key = provision(r)
        docs_by[key].add(r["doc_id"])
        n_by[key] += 1
        uri_by.setdefault(key, r.get("uri") or "")
    ranked = sorted(docs_by, key=lambda k: (-len(docs_by[k]), -n_by[k], k))
    chart = bar_svg([(k, len(docs_by[k])) for k in ranked[:20]], "Documents citing each provision")
    rows = []
    for k in ranked:
        uri = uri_by[k]
        link = f'<a href="{e(uri)}" rel="noopener noreferrer">{e(uri)}</a>' \
            if uri.startswith(("http://www.legislation.gov.uk/", "https://www.legislation.gov.uk/")) else e(uri)
        docs = ", ".join(_doc_link(d) for d in sorted(docs_by[k]))
        rows.append(f"<tr><td>{e(k)}</td><td class=num>{len(docs_by[k])}</td><td class=num>{n_by[k]}</td>"
                    f"<td>{docs}</td><td class=uri>{link}</td></tr>")
    table = _table(["provision", "documents", "references", "cited in", "legislation.gov.uk"], rows)
    if len(rows) > 20:  # a long list stays one click away, so the sections below remain in view
        table = f"<details><summary>All {len(rows)} provisions</summary>{table}</details>"
    return chart + table


def commissioners_html(t: dict[str, list[Row]]) -> str:
    docs = {d["doc_id"]: d for d in t["documents"]}
    by_name: dict[str, list[Row]] = defaultdict(list)
    for p in t["people"]:
        if p.get("role") == "commissioner":
            by_name[p.get("name") or "?"].append(p)
    rows = []
    for name in sorted(by_name):
        ps = by_name[name]
        councils = sorted({docs.get(p["doc_id"], {}).get("authority") or "(council not found)" for p in ps})
        dates = sorted(docs.get(p["doc_id"], {}).get("issued_date") or "" for p in ps)
        dates = [d for d in dates if d]
        span = f"{dates[0]} – {dates[-1]}" if dates else ""
        links = ", ".join(f'<a href="#{fact_anchor("people", p["row_id"])}">{e(p["doc_id"])}</a>' for p in ps)
        rows.append(f"<tr><td>{e(name)}</td><td>{'<br>'.join(e(c) for c in councils)}</td>"
                    f"<td>{e(span)}</td><td>{links}</td></tr>")
    return _table(["commissioner", "councils", "documents dated", "named in"], rows)


def obligations_html(t: dict[str, list[Row]]) -> str:
    docs = {d["doc_id"]: d for d in t["documents"]}
    due = sorted((o for o in t["obligations"] if o.get("deadline")),
                 key=lambda o: (o["deadline"], o["doc_id"], int(o["start"]) if o.get("start", "").isdigit() else 0))
    rows = [f"<tr><td class=due>{e(o['deadline'])}</td><td>{e(docs.get(o['doc_id'], {}).get('authority') or '')}</td>"
            f"<td>{_doc_link(o['doc_id'])}</td>"
            f"<td><a href=\"#{fact_anchor('obligations', o['row_id'])}\">{e(o.get('obligation_id') or '?')}</a></td>"
            f"<td>{e(o.get('actor') or '')}</td><td class=text>{e(o.get('text') or '')}</td></tr>" for o in due]
    return _table(["deadline", "council", "document", "item", "actor", "text"], rows)


def _snippet(r: Row) -> str:
    """The snippet, escaped, with the matched text marked."""
    snip, text = r.get("snippet") or "", " ".join((r.get("text") or "").split())  # snippets are on one line
    i = snip.find(text) if text else -1
    if i < 0:
        return e(snip or text)
    return f"{e(snip[:i])}<mark>{e(text)}</mark>{e(snip[i + len(text):])}"


def document_html(d: Row, facts: dict[str, list[Row]]) -> str:
    did = d["doc_id"]
    n = sum(len(v) for v in facts.values())
    meta_keys = ["kind", "authority", "authority_code", "issued_date", "signatory", "title", "source", "pages",
                 "input_type", "status", "error"]
    meta = "".join(f"<dt>{e(k)}</dt><dd>{e(d.get(k))}</dd>" for k in meta_keys if d.get(k))
    parts = [f'<details class="doc" id="{doc_anchor(did)}" data-facts="{n}" '
             f'data-search="{e(" ".join([did, d.get("authority") or "", d.get("kind") or ""]).lower())}">'
             f'<summary><b>{e(did)}</b> <span class="kind">{e(d.get("kind") or "")}</span> '
             f'{e(d.get("authority") or "")} <span class="date">{e(d.get("issued_date") or "")}</span> '
             f'<span class="count">{n} facts</span>'
             f'{" <span class=err>error</span>" if d.get("status") != "ok" else ""}</summary>'
             f"<dl>{meta}</dl>"]
    for table in FACT_TABLES:
        rows = facts.get(table, [])
        if not rows:
            continue
        # columns no fact of this document fills are left out: the tables stay readable
        cols = [c.name for c in TABLES[table] if c.name not in _PROVENANCE and any(r.get(c.name) for r in rows)]
        body = []
        for r in sorted(rows, key=lambda r: int(r["start"]) if (r.get("start") or "").isdigit() else 0):
            anchor = fact_anchor(table, r.get("row_id") or "")
            cells = "".join(f"<td>{e(r.get(c))}</td>" for c in cols)
            where = f"p. {e(r.get('page'))}, {e(r.get('start'))}–{e(r.get('end'))}"
            body.append(f'<tr class="fact" id="{anchor}" data-table="{table}">'
                        f'<td><a href="#{anchor}" title="link to this fact">¶</a></td>{cells}'
                        f'<td class="where">{where}</td><td class="snippet">{_snippet(r)}</td></tr>')
        parts.append(f"<h4>{e(table.replace('_', ' '))} ({len(rows)})</h4>"
                     + _table(["", *cols, "page, offsets", "snippet"], body, "facts"))
    parts.append("</details>")
    return "".join(parts)


# --- page ----------------------------------------------------------------------------------------

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:0 16px 40px;color:#222}
h1{margin:18px 0 4px}nav a{margin-right:12px}section{margin-top:28px}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #ddd;border-radius:6px;padding:8px 12px;
min-width:120px}.card b{display:block;font-size:24px}.card span{display:block}.card small{color:#666}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border-bottom:1px solid #eee;padding:3px 6px;
text-align:left;vertical-align:top}td.num{text-align:right}td.uri,td.where,td.due{font-size:12px;white-space:nowrap}
table.facts td{overflow-wrap:anywhere}
td.snippet{font-size:12px;color:#444}mark{background:#fde68a}.chart{max-width:100%;height:auto}
.grid{stroke:#eee}.lane{stroke:#f3f3f3}.axis{font-size:11px;fill:#666}.label{font-size:12px;fill:#333}
.bar{fill:#2980b9}.dot{stroke:#fff;stroke-width:1.5}.legend .key{margin-right:12px;font-size:12px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:4px}
details.doc{border:1px solid #ddd;border-radius:6px;margin:6px 0;padding:4px 10px}
details.doc summary{cursor:pointer}.kind{color:#555}.date,.count{color:#888;font-size:12px}
.err{color:#c0392b}.empty,.note{color:#888}dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}
dt{color:#666}dd{margin:0}:target{outline:2px solid #f39c12}#filter{padding:4px;width:320px}
"""

# Counts what rendered (the test reads these), filters documents, and opens a closed document
# section when a link points at one of its facts.
_JS = """
(function(){
  var docs=document.querySelectorAll('details.doc'),facts=document.querySelectorAll('tr.fact');
  var s=document.getElementById('js-status');
  s.textContent='rendered '+docs.length+' documents, '+facts.length+' facts';
  s.setAttribute('data-documents',String(docs.length));s.setAttribute('data-facts',String(facts.length));
  var f=document.getElementById('filter');
  f.addEventListener('input',function(){var q=f.value.toLowerCase();
    docs.forEach(function(d){d.style.display=d.getAttribute('data-search').indexOf(q)>=0?'':'none';});});
  function reveal(){if(!location.hash)return;var t=document.getElementById(location.hash.slice(1));
    if(!t)return;var d=t.closest('details');if(d)d.open=true;t.scrollIntoView();}
  window.addEventListener('hashchange',reveal);reveal();
  document.body.setAttribute('data-ready','ok');
})();
"""


def render(t: dict[str, list[Row]], title: str) -> str:
    facts_by_doc: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for table in FACT_TABLES:
        for r in t[table]:
            facts_by_doc[r["doc_id"]][table].append(r)
    docs = sorted(t["documents"], key=lambda d: (d.get("authority") or "~", d.get("issued_date") or "", d["doc_id"]))
    script_hash = base64.b64encode(hashlib.sha256(_JS.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'; img-src data:"
    ok_docs = [d for d in docs if d.get("status") == "ok"]
    versions = sorted({d.get("pipeline_version") or "" for d in docs} - {""})
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{e(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title><style>{_CSS}</style></head>
<body data-ready="no">
<header><h1>Council interventions</h1>
<p>{e(title)} · pipeline {e(", ".join(versions) or "?")} · <span id="js-status">script not run</span></p>
<nav><a href="#totals">Totals</a><a href="#timeline">Timeline</a><a href="#statutes">Statutes</a>
<a href="#commissioners">Commissioners</a><a href="#obligations">Deadlines</a><a href="#documents">Documents</a></nav>
</header>
<section id="totals"><h2>Totals</h2><div class="cards">{totals_html(t)}</div></section>
<section id="timeline"><h2>Timeline per council</h2>{timeline_svg(ok_docs)}</section>
<section id="statutes"><h2>Statutes used</h2>{statutes_html(t["statute_refs"])}</section>
<section id="commissioners"><h2>Commissioners</h2>{commissioners_html(t)}</section>
<section id="obligations"><h2>Obligations with deadlines</h2>{obligations_html(t)}</section>
<section id="documents"><h2>Documents</h2>
<p><input id="filter" type="search" placeholder="filter by document, council or kind" aria-label="filter"></p>
{"".join(document_html(d, facts_by_doc.get(d["doc_id"], {})) for d in docs)}
</section>
<script>{_JS}</script>
</body></html>
"""


def write(out_dir: Path) -> Path:
    """Write ``out_dir/dashboard.html`` atomically and return its path."""
    page = render(load(out_dir), f"Run {out_dir.resolve().name}")
    dst = out_dir / "dashboard.html"
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=".dashboard-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as fh:
            fh.write(page)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide the page from a web server or colleague
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dst


def main(dir: Path) -> int:
    out_dir = Path(dir)
    if not (out_dir / "documents.csv").is_file():
        print(f"error: no documents.csv in {out_dir} (is it the output folder of a run?)", file=sys.stderr)
        return 2
    try:
        dst = write(out_dir)
    except OSError as err:
        print(f"error: cannot write the dashboard in {out_dir}: {err.strerror or err}", file=sys.stderr)
        return 2
    print(f"wrote {dst}")
    return 0
