"""The HTML report (``--format html``): one self-contained page, usable offline.

The page shows each document with its findings highlighted by confidence; clicking one
opens a panel with the suggestion, the alternatives, the evidence and accept / reject
buttons; a summary gives the spin score and the counts by rule and by confidence band; a
button downloads the text with the accepted fixes (findings the tool applied start out
accepted), another the reviewed JSON report that ``restore-text apply`` takes back.

Everything (CSS, script, data) is inline: no external script, font or image. The data is
embedded as JSON and the text is split into pieces on the Python side, so the browser never
has to deal with offsets (Python counts code points, JavaScript UTF-16 units).

:func:`render_page` is the reusable part: a complete page from a title and a body, in the
project's style, for other commands' reports.
"""
from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Sequence

import regex

from . import __version__
from .config import Config
from .formats import JSON_SCHEMA, confidence_text, sha256
from .model import Restoration, Span

BANDS = (("high", 0.8, "high (0.80 and above)"), ("medium", 0.5, "medium (0.50 to 0.80)"),
         ("low", 0.0, "low (below 0.50)"))
_ARTICLE = regex.compile(r"(?i)(an?)(\s+)(?=\S)")

BASE_CSS = """
:root { --fg:#1d232a; --muted:#5b6670; --bg:#fbfaf7; --panel:#ffffff; --line:#d9d6cf; --accent:#22577a;
  --high:#f6b8b0; --high-b:#c0392b; --medium:#fbe3a6; --medium-b:#b7791f; --low:#dfe7f1; --low-b:#6b7c93;
  --ok:#2f7d4f; --no:#9b2c2c; }
* { box-sizing: border-box; }
html { font-size: 16px; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; line-height: 1.55; }
header.page { padding: 1rem 1.5rem; border-bottom: 1px solid var(--line); background: var(--panel); }
header.page h1 { margin: 0; font-size: 1.3rem; }
header.page .sub { color: var(--muted); font-size: .9rem; }
main { padding: 1rem 1.5rem 4rem; max-width: 78rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
table { border-collapse: collapse; font-size: .9rem; margin: .3rem 0 1rem; }
th, td { text-align: left; padding: .2rem .8rem .2rem 0; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
button { font: inherit; font-size: .9rem; padding: .3rem .8rem; border: 1px solid var(--line); border-radius: 4px;
  background: #fff; color: var(--fg); cursor: pointer; }
button:hover { border-color: var(--accent); }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; }
.muted { color: var(--muted); }
"""

REPORT_CSS = """
.doc-section { margin-bottom: 3rem; }
.summary { display: flex; flex-wrap: wrap; gap: 2rem; align-items: flex-start; }
.summary .big { font-size: 1.6rem; font-weight: 600; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; margin: .8rem 0; }
.legend span { display: inline-block; padding: 0 .4rem; margin-right: .4rem; border-radius: 3px; font-size: .85rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--panel); border: 1px solid var(--line);
  border-radius: 6px; padding: 1rem 1.2rem; font-family: Georgia, "Times New Roman", serif; font-size: 1.05rem; }
body.report { padding-right: 23rem; }
mark.rs { background: var(--low); border-bottom: 2px solid var(--low-b); color: inherit; cursor: pointer;
  border-radius: 2px; padding: 0 1px; }
mark.rs.band-high, .legend .band-high { background: var(--high); border-color: var(--high-b); }
mark.rs.band-medium, .legend .band-medium { background: var(--medium); border-color: var(--medium-b); }
mark.rs.band-low, .legend .band-low { background: var(--low); border-color: var(--low-b); }
mark.rs .repl { display: none; }
mark.rs.accepted .found { text-decoration: line-through; opacity: .6; }
mark.rs.accepted .repl { display: inline; font-weight: 600; margin-left: .25em; }
mark.rs.rejected { background: transparent; border-bottom-style: dashed; }
mark.rs.current { outline: 2px solid var(--accent); outline-offset: 1px; }
mark.rs:focus { outline: 2px solid var(--accent); }
#panel { position: fixed; top: 0; right: 0; width: 22rem; height: 100vh; overflow-y: auto; background: var(--panel);
  border-left: 1px solid var(--line); padding: 1rem 1.2rem; font-size: .95rem; box-shadow: -2px 0 6px rgba(0,0,0,.04); }
#panel h3 { margin: 0 0 .6rem; font-size: 1rem; }
#panel .found-text { font-family: Georgia, serif; font-size: 1.1rem; }
#panel .choices label { display: block; padding: .2rem 0; cursor: pointer; }
#panel .choices input[type=text] { width: 11rem; font: inherit; padding: .1rem .3rem; }
#panel ul.evidence { padding-left: 1.1rem; margin: .3rem 0; color: var(--muted); font-size: .88rem; }
#panel .decision { font-weight: 600; }
#panel .decision.accepted { color: var(--ok); }
#panel .decision.rejected { color: var(--no); }
#panel .nav { display: flex; flex-wrap: wrap; gap: .4rem; margin: 1rem 0; }
.bar { display: inline-block; height: .7rem; background: var(--accent); vertical-align: middle; border-radius: 2px; }
@media (max-width: 60rem) { body.report { padding-right: 0; } #panel { position: static; width: auto; height: auto;
  border-left: 0; border-top: 1px solid var(--line); } }
"""

REPORT_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("restore-data").textContent);
  var state = data.documents.map(function (doc) {
    return doc.spans.map(function (s) { return { accepted: s.applied, choice: 0, custom: "" }; });
  });
  var current = null;
  function el(id) { return document.getElementById(id); }
  function replacement(d, i) {
    var st = state[d][i], s = data.documents[d].spans[i];
    if (st.choice === -1) { return st.custom; }
    return s.choices[st.choice];
  }
  function restoredText(d) {
    var doc = data.documents[d], out = [];
    doc.pieces.forEach(function (p) {
      if (typeof p === "string") { out.push(p); return; }
      out.push(state[d][p].accepted ? replacement(d, p) : doc.spans[p].text);
    });
    return out.join("");
  }
  function acceptedCount(d) { return state[d].filter(function (st) { return st.accepted; }).length; }
  function markOf(d, i) { return document.querySelector('mark.rs[data-doc="' + d + '"][data-i="' + i + '"]'); }
  function refreshMark(d, i) {
    var m = markOf(d, i), st = state[d][i];
    m.classList.toggle("accepted", st.accepted);
    m.classList.toggle("rejected", !st.accepted);
    m.querySelector(".repl").textContent = replacement(d, i);
    m.setAttribute("aria-pressed", st.accepted ? "true" : "false");
    el("accepted-" + d).textContent = String(acceptedCount(d));
  }
  function text(node, value) { node.textContent = value; return node; }
  function make(tag, cls, value) {
    var n = document.createElement(tag);
    if (cls) { n.className = cls; }
    if (value !== undefined) { n.textContent = value; }
    return n;
  }
  function describe(d, i) {
    var dec = el("decision"), s = data.documents[d].spans[i], st = state[d][i];
    if (!dec) { return; }
    dec.className = "decision " + (st.accepted ? "accepted" : "rejected");
    dec.textContent = st.accepted ? "Accepted: \u201c" + s.text + "\u201d \u2192 \u201c" + replacement(d, i) + "\u201d"
                                  : "Rejected: the text stays \u201c" + s.text + "\u201d";
  }
  function showPanel(d, i) {
    if (current) { var old = markOf(current[0], current[1]); if (old) { old.classList.remove("current"); } }
    current = [d, i];
    var m = markOf(d, i); m.classList.add("current");
    var s = data.documents[d].spans[i], st = state[d][i], panel = el("panel");
    panel.innerHTML = "";
    panel.appendChild(make("h3", "", "Finding " + (i + 1) + " of " + data.documents[d].spans.length +
      (data.documents.length > 1 ? " in " + data.documents[d].name : "")));
    var p = make("p"); p.appendChild(make("span", "found-text", s.text));
    p.appendChild(make("span", "muted", "  line " + s.line + ", column " + s.col));
    panel.appendChild(p);
    var info = make("p");
    info.appendChild(make("span", "", "confidence "));
    info.appendChild(make("strong", "", s.shown));  // formats.confidence_text: one rule everywhere
    info.appendChild(make("span", "muted", " (" + s.band + ")  rule "));
    info.appendChild(make("code", "", s.rule));
    panel.appendChild(info);
    var choices = make("div", "choices");
    choices.id = "choices";
    s.choices.forEach(function (c, k) {
      var lab = make("label"), r = make("input");
      r.type = "radio"; r.name = "choice"; r.value = String(k); r.checked = st.choice === k;
      r.id = "choice-" + k;
      r.addEventListener("change", function () { st.choice = k; st.accepted = true; refreshMark(d, i); showPanel(d, i); });
      lab.appendChild(r);
      lab.appendChild(document.createTextNode(" " + c + (k === 0 ? "  (suggestion)" : "")));
      choices.appendChild(lab);
    });
    var lab = make("label"), r = make("input"), t = make("input");
    r.type = "radio"; r.name = "choice"; r.value = "custom"; r.checked = st.choice === -1; r.id = "choice-custom";
    t.type = "text"; t.placeholder = "your own text"; t.value = st.custom; t.id = "custom-text";
    t.addEventListener("input", function () { st.custom = t.value; st.choice = -1; st.accepted = true; r.checked = true;
      refreshMark(d, i); describe(d, i); });
    r.addEventListener("change", function () { st.choice = -1; st.accepted = true; refreshMark(d, i); t.focus(); });
    lab.appendChild(r); lab.appendChild(document.createTextNode(" other: ")); lab.appendChild(t);
    choices.appendChild(lab);
    panel.appendChild(choices);
    var dec = make("p", "decision");
    dec.id = "decision";
    panel.appendChild(dec);
    describe(d, i);
    var nav = make("div", "nav");
    var acc = make("button", "primary", "Accept"); acc.id = "accept";
    acc.addEventListener("click", function () { st.accepted = true; refreshMark(d, i); showPanel(d, i); });
    var rej = make("button", "", "Reject"); rej.id = "reject";
    rej.addEventListener("click", function () { st.accepted = false; refreshMark(d, i); showPanel(d, i); });
    var prev = make("button", "", "\u2190 Previous"); prev.id = "prev";
    prev.addEventListener("click", function () { step(-1); });
    var next = make("button", "", "Next \u2192"); next.id = "next";
    next.addEventListener("click", function () { step(1); });
    nav.appendChild(acc); nav.appendChild(rej); nav.appendChild(prev); nav.appendChild(next);
    panel.appendChild(nav);
    if (s.evidence.length) {
      panel.appendChild(make("h3", "", "Evidence"));
      var ul = make("ul", "evidence");
      s.evidence.forEach(function (e) { ul.appendChild(make("li", "", e)); });
      panel.appendChild(ul);
    }
  }
  function step(delta) {
    var all = [];
    data.documents.forEach(function (doc, d) { doc.spans.forEach(function (_, i) { all.push([d, i]); }); });
    if (!all.length) { return; }
    var k = 0;
    if (current) {
      for (var j = 0; j < all.length; j++) { if (all[j][0] === current[0] && all[j][1] === current[1]) { k = j; } }
      k = (k + delta + all.length) % all.length;
    }
    showPanel(all[k][0], all[k][1]);
    var m = markOf(all[k][0], all[k][1]); if (m && m.scrollIntoView) { m.scrollIntoView({block: "center"}); }
  }
  function download(name, content, type) {
    var blob = new Blob([content], {type: type});
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob); a.download = name;
    document.body.appendChild(a); a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function reviewedReport() {
    return {
      schema: data.schema, version: data.version,
      documents: data.documents.map(function (doc, d) {
        return { path: doc.path, sha256: doc.sha256, spin_score: doc.spin_score, threshold: doc.threshold,
          reviewed: true,
          spans: doc.spans.map(function (s, i) {
            return { start: s.start, end: s.end, text: s.text, suggestion: replacement(d, i),
              alternatives: s.choices.slice(1), confidence: s.confidence, rule: s.rule, evidence: s.evidence,
              applied: state[d][i].accepted };
          }) };
      })
    };
  }
  window.restoreReport = { restoredText: restoredText, reviewedReport: reviewedReport, state: state };
  document.querySelectorAll("mark.rs").forEach(function (m) {
    var d = +m.getAttribute("data-doc"), i = +m.getAttribute("data-i");
    m.addEventListener("click", function () { showPanel(d, i); });
    m.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); showPanel(d, i); }
    });
    refreshMark(d, i);
  });
  document.querySelectorAll("button[data-action]").forEach(function (b) {
    var d = +b.getAttribute("data-doc"), action = b.getAttribute("data-action");
    b.addEventListener("click", function () {
      var doc = data.documents[d];
      if (action === "download-text") { download(doc.download_name, restoredText(d), "text/plain;charset=utf-8"); }
      else if (action === "download-json") {
        download(doc.report_name, JSON.stringify(reviewedReport(), null, 2) + "\n", "application/json");
      } else if (action === "accept-all" || action === "reject-all") {
        state[d].forEach(function (st, i) { st.accepted = action === "accept-all"; refreshMark(d, i); });
        if (current && current[0] === d) { showPanel(d, current[1]); }
      }
    });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.target && (ev.target.tagName === "INPUT")) { return; }
    if (ev.key === "j") { step(1); } else if (ev.key === "k") { step(-1); }
    else if (current && (ev.key === "y" || ev.key === "n")) {
      state[current[0]][current[1]].accepted = ev.key === "y"; refreshMark(current[0], current[1]);
      showPanel(current[0], current[1]);
    }
  });
})();
"""


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def render_page(title: str, body: str, *, css: str = "", script: str = "", data: object = None,
                subtitle: str = "", body_class: str = "") -> str:
    """A complete, self-contained HTML page in restore's style.

    ``body`` is trusted HTML placed in ``<main>``; ``css`` and ``script`` are appended inline;
    ``data`` (any JSON value) is embedded as ``<script type="application/json" id="restore-data">``.
    """
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        f"<meta name=\"generator\" content=\"restore-text {esc(__version__)}\">\n",
        # Nothing may be fetched: no external script, style, font or image.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data: blob:\">\n",
        f"<title>{esc(title)}</title>\n<style>{BASE_CSS}{css}</style>\n</head>\n",
        f"<body class=\"{esc(body_class)}\">\n" if body_class else "<body>\n",
        f"<header class=\"page\"><h1>{esc(title)}</h1>",
        f"<div class=\"sub\">{esc(subtitle)}</div>" if subtitle else "",
        "</header>\n<main>\n", body, "\n</main>\n",
    ]
    if data is not None:
        # No "<" at all inside the script element: nothing in the data can end it or open a comment.
        blob = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e") \
            .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        parts.append(f"<script type=\"application/json\" id=\"restore-data\">{blob}</script>\n")
    if script:
        parts.append(f"<script>{script}</script>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def band(confidence: float) -> str:
    for name, floor, _ in BANDS:
        if confidence >= floor:
            return name
    return BANDS[-1][0]


def span_choices(span: Span, config: Config | None = None) -> list[str]:
    """The replacements a reviewer can pick for ``span``: its suggestion, then the
    alternatives, each a replacement for the whole span.

    When the engine widened the span to re-choose the article ("an settlement" -> "a deal"),
    its alternatives are given for the word alone; they get an article that fits them here.
    """
    choices = [span.suggestion]
    m = _ARTICLE.match(span.text)
    widened = False
    if m and _ARTICLE.match(span.suggestion):
        widened = True
        try:
            from . import lexicon
            cfg = config or Config()
            entry = lexicon.load(tuple(cfg.lexicons), cfg.builtin).entries.get(span.rule)
        except Exception:  # an unreadable lexicon must not break a report
            entry = None
        if entry is not None and any(_ARTICLE.match(f + " x") for f in entry.spun):
            widened = False  # the spun form itself starts with the article
    for alt in span.alternatives:
        if widened and not _ARTICLE.match(alt):
            from .casing import takes_an, transfer_case
            article = transfer_case(m.group(1), "an" if takes_an(alt) else "a")
            alt = article + m.group(2) + alt
        if alt not in choices:
            choices.append(alt)
    return choices


def _pieces(result: Restoration) -> list:
    """The original text as plain strings and span indexes, in order."""
    pieces: list = []
    pos = 0
    for i, s in enumerate(result.spans):
        if s.start > pos:
            pieces.append(result.original[pos:s.start])
        pieces.append(i)
        pos = s.end
    if pos < len(result.original):
        pieces.append(result.original[pos:])
    return pieces


def _positions(text: str, offsets: list[int]) -> list[tuple[int, int]]:
    """1-based (line, column) of each offset (ascending), in one pass over the text."""
    out, line, pos = [], 1, 0
    for offset in offsets:
        line += text.count("\n", pos, offset)
        pos = offset
        out.append((line, offset - (text.rfind("\n", 0, offset) + 1) + 1))
    return out


def _download_name(name: str, suffix: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1] or "text"
    if base.startswith("<"):
        base = "stdin"
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem:
        return f"{base}.{suffix}"
    return f"{stem}.{suffix}.{ext}" if suffix == "restored" else f"{stem}.{suffix}"


def _count_table(title: str, rows: list[tuple[str, int]], code: bool = False) -> str:
    if not rows:
        return ""
    peak = max(n for _, n in rows) or 1
    body = "".join(
        f"<tr><td>{'<code>' + esc(k) + '</code>' if code else esc(k)}</td><td class=\"num\">{n}</td>"
        f"<td><span class=\"bar\" style=\"width:{max(2, round(80 * n / peak))}px\"></span></td></tr>"
        for k, n in rows)
    return f"<div><table><tr><th>{esc(title)}</th><th>findings</th><th></th></tr>{body}</table></div>"


def _document_section(d: int, name: str, result: Restoration, config: Config | None) -> tuple[str, dict]:
    spans = result.spans
    by_band = Counter(band(s.confidence) for s in spans)
    by_rule = Counter(s.rule or "(none)" for s in spans)
    spin = result.spin_score
    verdict = "probably spun" if spin >= 0.5 else "probably not spun"
    heading = f"<h2>{esc(name)}</h2>" if name else ""
    summary = (
        f"<div class=\"summary\" id=\"summary-{d}\">"
        f"<div><div class=\"muted\">spin score</div><div class=\"big\" id=\"spin-{d}\">{spin:.2f}</div>"
        f"<div class=\"muted\">{verdict}</div></div>"
        f"<div><div class=\"muted\">findings</div><div class=\"big\" id=\"count-{d}\">{len(spans)}</div>"
        f"<div class=\"muted\"><span id=\"accepted-{d}\">{len(result.applied)}</span> accepted "
        f"(threshold {result.threshold:.2f})</div></div>"
        + _count_table("confidence", [(label, by_band[b]) for b, _, label in BANDS if by_band[b]])
        + _count_table("rule", sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])), code=True)
        + "</div>"
    )
    actions = (
        f"<div class=\"actions\">"
        f"<button class=\"primary\" id=\"download-{d}\" data-doc=\"{d}\" data-action=\"download-text\">"
        f"Download restored text</button>"
        f"<button id=\"download-json-{d}\" data-doc=\"{d}\" data-action=\"download-json\">Download reviewed report "
        f"(JSON)</button>"
        f"<button id=\"accept-all-{d}\" data-doc=\"{d}\" data-action=\"accept-all\">Accept all</button>"
        f"<button id=\"reject-all-{d}\" data-doc=\"{d}\" data-action=\"reject-all\">Reject all</button>"
        f"</div>"
    )
    pieces = _pieces(result)
    out: list[str] = []
    for p in pieces:
        if isinstance(p, str):
            out.append(esc(p))
            continue
        s = spans[p]
        title = f"{s.text} \u2192 {s.suggestion} ({confidence_text(s.confidence, result.threshold)})"
        out.append(
            f"<mark class=\"rs band-{band(s.confidence)}\" data-doc=\"{d}\" data-i=\"{p}\" tabindex=\"0\" "
            f"role=\"button\" title=\"{esc(title)}\"><span class=\"found\">{esc(s.text)}</span>"
            f"<span class=\"repl\">{esc(s.suggestion)}</span></mark>")
    text = f"<div class=\"text\" id=\"text-{d}\">{''.join(out)}</div>"
    section = f"<section class=\"doc-section\" id=\"doc-{d}\">{heading}{summary}{actions}{text}</section>"
    data = {
        "name": name,
        "path": None if name.startswith("<") else name,
        "sha256": sha256(result.original),
        "spin_score": spin,
        "threshold": result.threshold,
        "download_name": _download_name(name or "text.txt", "restored"),
        "report_name": _download_name(name or "text.txt", "reviewed") + ".json",
        "pieces": pieces,
        "spans": [
            {**s.to_dict(), "choices": span_choices(s, config), "band": band(s.confidence), "line": line, "col": col,
             "shown": confidence_text(s.confidence, result.threshold)}
            for s, (line, col) in zip(spans, _positions(result.original, [s.start for s in spans]))
        ],
    }
    return section, data


def render_report(documents: Sequence[tuple[str, Restoration]], config: Config | None = None,
                  title: str | None = None) -> str:
    """The report page for one or more restored documents (``(name, result)`` pairs)."""
    sections, data = [], []
    for d, (name, result) in enumerate(documents):
        section, doc = _document_section(d, name, result, config)
        sections.append(section)
        data.append(doc)
    total = sum(len(r.spans) for _, r in documents)
    if title is None:
        title = f"restore report: {documents[0][0]}" if len(documents) == 1 else "restore report"
    legend = ("<p class=\"legend muted\">Highlights by confidence: "
              + "".join(f"<span class=\"band-{b}\">{esc(label)}</span>" for b, _, label in BANDS)
              + " Click a highlight (or press j / k) to review it; y / n accept or reject the current one.</p>")
    if not documents:
        sections.append("<p>No documents.</p>")
    body = legend + "".join(sections) + "<aside id=\"panel\"><p class=\"muted\">Click a highlighted passage to see " \
        "the suggestion, its alternatives and the evidence.</p></aside>"
    subtitle = f"{len(documents)} document{'s' if len(documents) != 1 else ''}, {total} finding{'s' if total != 1 else ''}"
    payload = {"schema": JSON_SCHEMA, "version": __version__, "documents": data}
    return render_page(title, body, css=REPORT_CSS, script=REPORT_JS, data=payload, subtitle=subtitle,
                       body_class="report")
