"""``restore-text screen FILES``: tortured-phrase screening report per document."""
from __future__ import annotations

import json
import sys

import click

from ..inputs import InputError, decode, read_all, read_path
from ..lexicon import LexiconError
from ..screening import DISCLAIMER, format_text, screen
from .options import ENCODING, PROBABILITY


@click.command("screen")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="text: a readable report; json: one record per document.")
@click.option("--min-confidence", type=PROBABILITY, default=0.5, show_default=True,
              help="Findings below this confidence are listed as weak and not counted toward the risk level.")
@click.option("--encoding", type=ENCODING, default="utf-8", show_default=True, help="Encoding of the input files.")
def command(files, fmt, min_confidence, encoding):
    """Screen FILES (or standard input) for tortured phrases.

    Reports, per document, the tortured phrases found (listed by the Problematic Paper
    Screener, or composed from word swaps of established terms), their rate per 1,000
    words, a risk level (none/low/medium/high) and the evidence for each. A match is a
    risk marker, not proof of misconduct.
    """
    names = list(files) or ["-"]
    reports = []
    errors = 0
    for name in names:
        try:
            text = (decode(read_all(sys.stdin.buffer, "<stdin>", encoding), "<stdin>", encoding) if name == "-"
                    else read_path(name, encoding))
        except InputError as exc:
            click.echo(f"restore-text: error: {exc}", err=True)
            errors += 1
            continue
        try:
            reports.append(screen(text, "<stdin>" if name == "-" else name, min_confidence=min_confidence))
        except LexiconError as exc:
            click.echo(f"restore-text: error: invalid lexicon: {exc}", err=True)
            sys.exit(3)
    if fmt == "json":
        payload = {"schema": "restore-screen/1", "note": DISCLAIMER, "documents": [r.to_dict() for r in reports]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(format_text(reports), nl=False)
    if errors:
        sys.exit(3)
