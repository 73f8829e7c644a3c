"""``restore-text apply REPORT FILE``: apply a reviewed subset of a report to FILE.

REPORT is what restore wrote about FILE: a JSON report (``--format json``, or the reviewed
report downloaded from the HTML page), a JSON-lines file (``--format jsonl``), the
decisions log of ``restore-text review``, or the HTML report itself (its findings as the
tool decided them). The spans marked ``"applied": true`` are applied,
each with its ``suggestion`` (edit either to choose). Nothing is written unless everything
fits: restore refuses when FILE is not the file the report was made from (its SHA-256
differs; ``--no-hash-check`` skips this test) or when any span no longer matches the text.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from ..applying import SpanMismatch, quoted
from ..applying import apply as apply_spans
from ..formats import JSON_SCHEMA, sha256, span_from_record
from ..inputs import AtomicWriter, InputError, display_name, encoding_of_copy, read_path, same_file
from .options import ENCODING, EXIT_REFUSED, EXIT_USAGE, named_file, overwrite_refusal, write_stdout

REVIEW_SCHEMA = "restore-text/review/1"


class ReportError(Exception):
    """The report cannot be applied to the file; the message says why."""


def load_report(path: Path) -> list[dict]:
    """The documents of a report file, each a dict with ``path``, ``sha256`` and ``spans``
    (spans to apply have ``applied`` true)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"{display_name(path)}: cannot read the report: {getattr(exc, 'strerror', None) or exc}") from None
    page = re.search(r'<script type="application/json" id="restore-data">(.*?)</script>', raw, re.S) \
        if raw.lstrip()[:15].lower().startswith("<!doctype html") else None
    if page is not None:  # an HTML report (--format html): its embedded data, decisions as shipped
        raw = page.group(1)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        data = None
    if data is None:  # JSON lines: one document record per line
        docs = []
        for n, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                docs.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ReportError(f"{display_name(path)}:{n}: not JSON ({exc.msg})") from None
        if not docs:
            raise ReportError(f"{display_name(path)}: empty report")
        return _check_docs(docs, path)
    if isinstance(data, dict) and data.get("schema") == REVIEW_SCHEMA:
        spans = []
        for k, d in enumerate(data.get("decisions", [])):
            if not isinstance(d, dict):
                raise ReportError(f"{display_name(path)}: decisions[{k}] is not a JSON object")
            changed = d.get("decision") in ("accepted", "alternative", "edited") and d.get("replacement") is not None
            spans.append({**d, "suggestion": d["replacement"] if changed else d.get("suggestion", ""),
                          "applied": changed})
        return [_check_doc({"path": data.get("input"), "sha256": data.get("input_sha256"), "spans": spans}, path)]
    if isinstance(data, dict) and data.get("schema") == JSON_SCHEMA:
        return _check_docs(data.get("documents", []), path)
    if isinstance(data, dict) and ("spans" in data or "error" in data):  # a single jsonl record
        return _check_docs([data], path)
    schema = data.get("schema") if isinstance(data, dict) else None
    raise ReportError(f"{display_name(path)}: not a restore-text report (schema {schema!r}; expected {JSON_SCHEMA!r} "
                      f"or {REVIEW_SCHEMA!r})")


def _check_docs(docs: list, source: Path) -> list[dict]:
    """The documents that can be applied: a file that failed in the run has a record with
    only its ``error`` and nothing to apply."""
    kept = [d for d in docs if not (isinstance(d, dict) and "error" in d and "spans" not in d)]
    if docs and not kept:
        raise ReportError(f"{display_name(source)}: every document of the report failed; nothing to apply")
    return [_check_doc(d, source) for d in kept]


def _check_doc(doc: object, source: Path) -> dict:
    if not isinstance(doc, dict) or not isinstance(doc.get("spans"), list):
        raise ReportError(f"{display_name(source)}: a document of the report has no list of spans")
    return doc


def select_document(docs: list[dict], file: Path, text_hash: str) -> dict:
    if len(docs) == 1:
        return docs[0]
    by_path = [d for d in docs if d.get("path") and (d["path"] in (str(file), display_name(file))
                                                     or same_file(d["path"], file))]
    if len(by_path) == 1:
        return by_path[0]
    by_hash = [d for d in docs if d.get("sha256") == text_hash]
    if len(by_hash) >= 1:
        return by_hash[0]
    by_name = [d for d in docs if d.get("path") and Path(d["path"]).name == file.name]
    if len(by_name) == 1:
        return by_name[0]
    raise ReportError(f"the report has {len(docs)} documents and none of them is {display_name(file)}")


def apply_report(text: str, doc: dict, check_hash: bool = True) -> tuple[str, int, int]:
    """Apply the document's applied spans to ``text``: ``(new text, applied, total)``."""
    expected = doc.get("sha256")
    if check_hash:
        if not expected:
            raise ReportError("the report gives no SHA-256 for this document; pass --no-hash-check to apply "
                              "the spans that still match")
        if expected != sha256(text):
            raise ReportError("the file has changed since the report was made (its SHA-256 differs); run restore "
                              "again, or pass --no-hash-check to apply the spans if they still match")
    try:
        spans = [span_from_record(s, k) for k, s in enumerate(doc["spans"])]
    except ValueError as exc:
        raise ReportError(f"the report has a malformed span: {exc}") from None
    chosen = [s for s in spans if s.applied]
    for k, s in enumerate(spans):
        if s.applied and (s.end > len(text) or text[s.start:s.end] != s.text):
            raise ReportError(f"spans[{k}] ({s.start}-{s.end}) no longer matches: the report has {quoted(s.text)}, "
                              f"the file has {quoted(text[s.start:s.end])}")
    try:
        return apply_spans(text, chosen, only_applied=True), len(chosen), len(spans)
    except SpanMismatch as exc:
        raise ReportError(str(exc)) from None


def _fail(message: str, code: int) -> None:
    click.echo(f"restore-text apply: error: {message}", err=True)
    sys.exit(code)


@click.command("apply")
@click.argument("report", type=click.Path(dir_okay=False))
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), callback=named_file,
              help="Write the result to this file (default: standard output; never FILE itself).")
@click.option("--in-place", is_flag=True, help="Replace FILE with the result (atomically).")
@click.option("--no-hash-check", is_flag=True,
              help="Apply even if FILE differs from the reported one, as long as every span still matches.")
@click.option("--encoding", type=ENCODING, default="utf-8", show_default=True, help="Encoding of FILE.")
def command(report, file, output, in_place, no_hash_check, encoding) -> None:
    """Apply the spans marked "applied" in REPORT (JSON, JSON lines, a review log or an HTML
    report) to FILE.

    Refuses (exit 3, nothing written) when FILE changed since the report or a span no
    longer matches.
    """
    path = Path(file)
    if in_place and output:
        _fail("--in-place and --output cannot be used together", EXIT_USAGE)
    refusal = overwrite_refusal(output, [("input", path), ("the report", report)])
    if refusal:
        _fail(refusal, EXIT_USAGE)
    try:
        text = read_path(path, encoding)
        docs = load_report(Path(report))
        doc = select_document(docs, path, sha256(text))
        new_text, applied, total = apply_report(text, doc, check_hash=not no_hash_check)
    except InputError as exc:
        _fail(str(exc), EXIT_REFUSED)
    except ReportError as exc:
        _fail(f"{display_name(file)}: {exc}", EXIT_REFUSED)
    try:
        if in_place:
            if new_text != text:
                with AtomicWriter(path, encoding) as w:
                    w.write(new_text)
        elif output and output != "-":
            with AtomicWriter(output, encoding_of_copy(path, encoding), keep_bom=False) as w:
                w.write(new_text)
    except (OSError, UnicodeEncodeError) as exc:
        _fail(f"cannot write the result: {getattr(exc, 'strerror', None) or exc}", EXIT_REFUSED)
    if not in_place and not (output and output != "-"):
        write_stdout(new_text)
    click.echo(f"restore-text apply: {display_name(file)}: applied {applied} of {total} span{'s' if total != 1 else ''}",
               err=True)
