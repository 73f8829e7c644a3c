"""``restore-text compare ORIGINAL SPUN``: what was copied, and how it was disguised.

Aligns the two texts by sentence and by word (:mod:`restore.align`) and reports every
substitution (original -> spun) with its position in both texts, the sentences that were
moved, dropped or inserted, and two shares: the share of the spun text copied from the
original, and the share of the copied words that were substituted.
"""
from __future__ import annotations

import json
import sys
import textwrap

import click

from .. import __version__
from ..align import Alignment, Sentence, align
from ..formats import line_col, sha256
from ..inputs import InputError, decode, display_name, overwritten_input, read_all, read_path, write_atomic
from .options import ENCODING, EXIT_INPUT, EXIT_USAGE, named_file, write_stdout

JSON_SCHEMA = "restore-text/compare/1"


# --------------------------------------------------------------------------- text


def _marked(al: Alignment, sent: Sentence, side: str, inline: bool = False) -> str:
    """A sentence with its substitutions marked: ``[-orig-]`` on the original side,
    ``{+spun+}`` on the spun side, ``[-orig-]{+spun+}`` inline (spun sentence)."""
    text = al.original if side == "orig" else al.spun
    out, pos = [], sent.start
    for sub in al.substitutions:
        s, e = (sub.orig_start, sub.orig_end) if side == "orig" else (sub.spun_start, sub.spun_end)
        idx = sub.orig_sentence if side == "orig" else sub.spun_sentence
        if idx != sent.index:
            continue
        out.append(text[pos:s])
        if inline:
            out.append(f"[-{sub.original}-]{{+{sub.spun}+}}")
        elif side == "orig":
            out.append(f"[-{sub.original}-]")
        else:
            out.append(f"{{+{sub.spun}+}}")
        pos = e
    out.append(text[pos:sent.end])
    return "".join(out)


def _pct(x: float) -> str:
    return f"{100.0 * x:.1f}%"


def summary_lines(al: Alignment, orig_name: str, spun_name: str) -> list[str]:
    s = al.summary()
    return [
        f"compare: {orig_name} (original) -> {spun_name} (spun)",
        f"sentences: {s['original_sentences']} original, {s['spun_sentences']} spun; {s['aligned_sentences']} aligned, "
        f"{s['moved_sentences']} moved, {s['dropped_sentences']} dropped, {s['inserted_sentences']} inserted",
        f"copied: {_pct(al.copied_share)} of the spun text ({s['copied_words']} of {s['spun_words']} words) "
        "is in sentences aligned to the original",
        f"disguised: {_pct(al.disguised_share)} of the copied words ({s['substituted_words']}) were substituted, "
        f"in {s['substitutions']} substitutions",
    ]


def substitution_lines(al: Alignment) -> list[str]:
    rows = []
    for sub in al.substitutions:
        ol, oc = line_col(al.original, sub.orig_start)
        sl, sc = line_col(al.spun, sub.spun_start)
        rows.append(f"  original {ol}:{oc}  spun {sl}:{sc}  {sub.original!r} -> {sub.spun!r}")
    return rows


def render_inline(al: Alignment, orig_name: str, spun_name: str) -> str:
    lines = summary_lines(al, orig_name, spun_name)
    out = ["\n".join(lines), "\n\n"]
    moved = {p.spun for p in al.moved}
    pos = 0
    body: list[str] = []
    for p in al.pairs:
        if p.kind == "dropped":
            o = al.orig_sentences[p.orig]
            body.append(f"[-{al.original[o.start:o.end]}-] ")
            continue
        s = al.spun_sentences[p.spun]
        body.append(al.spun[pos:s.start])
        if p.kind == "inserted":
            body.append(f"{{+{al.spun[s.start:s.end]}+}}")
        else:
            body.append(("(moved) " if p.spun in moved else "") + _marked(al, s, "spun", inline=True))
        pos = s.end
    body.append(al.spun[pos:])
    out.append("".join(body))
    if not out[-1].endswith("\n"):
        out.append("\n")
    out.append("\nsubstitutions (original -> spun):\n")
    rows = substitution_lines(al)
    out.append("\n".join(rows) + "\n" if rows else "  none\n")
    return "".join(out)


def render_side_by_side(al: Alignment, orig_name: str, spun_name: str, width: int = 100) -> str:
    col = max(20, (width - 3) // 2)
    lines = summary_lines(al, orig_name, spun_name) + [""]
    lines.append(f"{'original: ' + orig_name:<{col}} | spun: {spun_name}")
    lines.append(f"{'-' * col}-+-{'-' * col}")
    moved = {p.spun for p in al.moved}
    for p in al.pairs:
        left = _marked(al, al.orig_sentences[p.orig], "orig") if p.orig is not None else ""
        right = _marked(al, al.spun_sentences[p.spun], "spun") if p.spun is not None else ""
        if p.kind == "dropped":
            right = "(dropped)"
        elif p.kind == "inserted":
            left = "(inserted)"
        elif p.spun in moved:
            right = "(moved) " + right
        lw = textwrap.wrap(left, col) or [""]
        rw = textwrap.wrap(right, col) or [""]
        for k in range(max(len(lw), len(rw))):
            a = lw[k] if k < len(lw) else ""
            b = rw[k] if k < len(rw) else ""
            lines.append(f"{a:<{col}} | {b}".rstrip())
        lines.append(f"{'':<{col}} |")
    lines.append("")
    lines.append("substitutions (original -> spun):")
    lines.extend(substitution_lines(al) or ["  none"])
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- JSON


def _doc(text: str, name: str, sentences: list[Sentence]) -> dict:
    return {"name": name, "sha256": sha256(text), "characters": len(text), "sentences": len(sentences),
            "words": sum(len(s.tokens) for s in sentences)}


def to_record(al: Alignment, orig_name: str, spun_name: str) -> dict:
    moved = {p.spun for p in al.moved}
    sentences = []
    for p in al.pairs:
        rec = {"kind": p.kind, "original_index": p.orig, "spun_index": p.spun, "similarity": p.similarity,
               "moved": p.spun in moved and p.kind == "aligned"}
        if p.orig is not None:
            o = al.orig_sentences[p.orig]
            rec["original_start"], rec["original_end"] = o.start, o.end
        if p.spun is not None:
            s = al.spun_sentences[p.spun]
            rec["spun_start"], rec["spun_end"] = s.start, s.end
        sentences.append(rec)
    subs = []
    for sub in al.substitutions:
        d = sub.to_dict()
        d["original_line"], d["original_column"] = line_col(al.original, sub.orig_start)
        d["spun_line"], d["spun_column"] = line_col(al.spun, sub.spun_start)
        subs.append(d)
    return {
        "schema": JSON_SCHEMA,
        "version": __version__,
        "original": _doc(al.original, orig_name, al.orig_sentences),
        "spun": _doc(al.spun, spun_name, al.spun_sentences),
        "summary": al.summary(),
        "sentences": sentences,
        "substitutions": subs,
    }


# --------------------------------------------------------------------------- HTML

_CSS = """
table.cmp { width: 100%; table-layout: fixed; }
table.cmp td { vertical-align: top; padding: .35rem .8rem .35rem 0; }
del { background: #f6d5d1; text-decoration: line-through; }
ins { background: #d5f0dc; text-decoration: none; }
tr.dropped td:first-child, tr.inserted td:last-child { color: #5b6670; font-style: italic; }
tr.moved td:last-child { border-left: 3px solid #b7791f; padding-left: .5rem; }
.shares { font-size: 1.05rem; }
"""


def _html_marked(al: Alignment, sent: Sentence, side: str, esc) -> str:
    text = al.original if side == "orig" else al.spun
    out, pos = [], sent.start
    for sub in al.substitutions:
        idx = sub.orig_sentence if side == "orig" else sub.spun_sentence
        if idx != sent.index:
            continue
        s, e = (sub.orig_start, sub.orig_end) if side == "orig" else (sub.spun_start, sub.spun_end)
        out.append(esc(text[pos:s]))
        tag = "del" if side == "orig" else "ins"
        other = sub.spun if side == "orig" else sub.original
        out.append(f'<{tag} title="{esc(other)}">{esc(text[s:e])}</{tag}>')
        pos = e
    out.append(esc(text[pos:sent.end]))
    return "".join(out)


def render_html(al: Alignment, orig_name: str, spun_name: str) -> str:
    import html as _html

    esc = lambda t: _html.escape(t, quote=True)  # noqa: E731
    page = None
    try:
        from .. import html as html_mod

        page = getattr(html_mod, "render_page", None)
        esc = getattr(html_mod, "esc", esc)
    except ImportError:
        page = None
    s = al.summary()
    moved = {p.spun for p in al.moved}
    body = [
        f'<p class="shares"><strong>{_pct(al.copied_share)}</strong> of the spun text is copied from the original '
        f"({s['copied_words']} of {s['spun_words']} words); <strong>{_pct(al.disguised_share)}</strong> of the copied "
        f"words were substituted ({s['substitutions']} substitutions).</p>",
        "<table><tr><th>sentences</th><th>original</th><th>spun</th><th>aligned</th><th>moved</th>"
        "<th>dropped</th><th>inserted</th></tr>",
        f"<tr><td></td><td class=\"num\">{s['original_sentences']}</td><td class=\"num\">{s['spun_sentences']}</td>"
        f"<td class=\"num\">{s['aligned_sentences']}</td><td class=\"num\">{s['moved_sentences']}</td>"
        f"<td class=\"num\">{s['dropped_sentences']}</td><td class=\"num\">{s['inserted_sentences']}</td></tr></table>",
        f"<h2>Side by side</h2><table class=\"cmp\"><tr><th>original: {esc(orig_name)}</th>"
        f"<th>spun: {esc(spun_name)}</th></tr>",
    ]
    for p in al.pairs:
        cls = p.kind if p.kind != "aligned" else ("moved" if p.spun in moved else "aligned")
        left = _html_marked(al, al.orig_sentences[p.orig], "orig", esc) if p.orig is not None else "(inserted)"
        right = _html_marked(al, al.spun_sentences[p.spun], "spun", esc) if p.spun is not None else "(dropped)"
        body.append(f'<tr class="{cls}"><td>{left}</td><td>{right}</td></tr>')
    body.append("</table><h2>Substitutions</h2><table><tr><th>original</th><th>spun</th><th>at (original)</th>"
                "<th>at (spun)</th></tr>")
    for sub in al.substitutions:
        ol, oc = line_col(al.original, sub.orig_start)
        sl, sc = line_col(al.spun, sub.spun_start)
        body.append(f"<tr><td><del>{esc(sub.original)}</del></td><td><ins>{esc(sub.spun)}</ins></td>"
                    f"<td class=\"num\">{ol}:{oc}</td><td class=\"num\">{sl}:{sc}</td></tr>")
    body.append("</table>")
    title = "restore-text compare"
    subtitle = f"{orig_name} (original) -> {spun_name} (spun)"
    content = "\n".join(body)
    if page is not None:
        try:
            return page(title, content, css=_CSS, subtitle=subtitle, data=to_record(al, orig_name, spun_name))
        except TypeError:
            pass  # a different helper signature: fall back to the plain page
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{esc(title)}</title>\n<style>body{{font-family:system-ui,sans-serif;margin:1.5rem;"
            f"line-height:1.5}} th,td{{text-align:left;border-bottom:1px solid #ddd}}{_CSS}</style>\n"
            f"</head>\n<body>\n<h1>{esc(title)}</h1><p>{esc(subtitle)}</p>\n{content}\n</body>\n</html>\n")


# --------------------------------------------------------------------------- command


@click.command("compare")
@click.argument("original", type=click.Path(dir_okay=True, allow_dash=True))
@click.argument("spun", type=click.Path(dir_okay=True, allow_dash=True))
@click.option("-f", "--format", "fmt", type=click.Choice(("text", "json", "html")), default="text",
              show_default=True, help="text: readable report; json: versioned record; html: a page.")
@click.option("--side-by-side", is_flag=True, help="Text format: the two texts in two columns, sentence by sentence "
                                                  "(default: the spun text inline with [-original-]{+spun+}).")
@click.option("-w", "--width", type=click.IntRange(40, 1000), default=100, show_default=True,
              help="Line width of the side-by-side view.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), callback=named_file, help="Write to this file.")
@click.option("--encoding", type=ENCODING, default="utf-8", show_default=True, help="Encoding of the input files.")
def command(original, spun, fmt, side_by_side, width, output, encoding):
    """Align ORIGINAL with its SPUN copy: what was copied, and how it was disguised.

    Lists every substitution (original -> spun) with its position in both texts, the
    sentences moved, dropped or inserted, the share of the spun text that was copied and
    the share of the copied words that were substituted. Either ORIGINAL or SPUN may be
    `-` (standard input). Exit 3 on unreadable input.
    """
    hit = overwritten_input(output, [("input", original), ("input", spun)])
    if hit:
        click.echo(f"restore-text: error: refusing to write over the input {display_name(output)}", err=True)
        sys.exit(EXIT_USAGE)
    if original == "-" and spun == "-":
        click.echo("restore-text: error: standard input (-) can be only one of ORIGINAL and SPUN", err=True)
        sys.exit(EXIT_USAGE)

    def read(arg: str) -> str:
        if arg == "-":
            return decode(read_all(sys.stdin.buffer, "<stdin>", encoding), "<stdin>", encoding)
        return read_path(arg, encoding)

    try:
        orig_text = read(original)
        spun_text = read(spun)
    except InputError as exc:
        click.echo(f"restore-text: error: {exc}", err=True)
        sys.exit(EXIT_INPUT)
    al = align(orig_text, spun_text)
    names = tuple("<stdin>" if arg == "-" else display_name(arg) for arg in (original, spun))
    if fmt == "json":
        payload = json.dumps(to_record(al, *names), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "html":
        payload = render_html(al, *names)
    elif side_by_side:
        payload = render_side_by_side(al, *names, width)
    else:
        payload = render_inline(al, *names)
    if output and output != "-":
        write_atomic(output, payload)
    else:
        write_stdout(payload)
