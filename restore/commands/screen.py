"""``restore-text screen FILES``: tortured-phrase screening report per document."""
from __future__ import annotations

import json
import sys

import click

from ..inputs import InputError, decode, read_all, read_path
from ..lexicon import LexiconError
from ..screening import DISCLAIMER, format_text, screen
from .options import ENCODING, EXIT_INPUT, PROBABILITY, expand_files, fail, include_option, write_stdout


@click.command("screen")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True))
@click.option("-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="text: a readable report; json: one record per document.")
@click.option("--min-confidence", type=PROBABILITY, default=0.5, show_default=True,
              help="Findings below this confidence are listed as weak and not counted toward the risk level.")
@click.option("--encoding", type=ENCODING, default="utf-8", show_default=True, help="Encoding of the input files.")
@include_option
def command(files, fmt, min_confidence, encoding, include):
    """Screen FILES (or standard input) for tortured phrases.

    Reports, per document, the tortured phrases found (listed by the Problematic Paper
    Screener, or composed from word swaps of established terms), their rate per 1,000
    words, a risk level (none/low/medium/high) and the evidence for each. A match is a
    risk marker, not proof of misconduct.

    FILES may be files, directories (searched recursively) or glob patterns (quote them:
    'papers/**/*.txt'), as for the main command; `-` is standard input.
    """
    items = expand_files(files, tuple(include))
    if not items:
        fail("no input files found")
    reports = []
    records = []  # the JSON documents in input order: a report, or the reason a file failed
    for item in items:
        try:
            if item.error:
                raise InputError(item.error)
            text = (decode(read_all(sys.stdin.buffer, item.name, encoding), item.name, encoding) if item.is_stdin
                    else read_path(item.path, encoding))  # type: ignore[arg-type]
        except InputError as exc:
            click.echo(f"restore-text: error: {exc}", err=True)
            records.append({"document": item.name, "error": str(exc).removeprefix(f"{item.name}: ")})
            continue
        try:
            reports.append(screen(text, item.name, min_confidence=min_confidence))
        except LexiconError as exc:
            fail(f"invalid lexicon: {exc}")
        records.append(reports[-1].to_dict())
    if fmt == "json":
        payload = {"schema": "restore-screen/1", "note": DISCLAIMER, "documents": records}
        write_stdout(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        write_stdout(format_text(reports))
    if len(records) > len(reports):
        sys.exit(EXIT_INPUT)
