"""``restore-text learn PAIRS... -o FILE.toml``: propose lexicon entries from aligned pairs.

A PAIR is written ``ORIGINAL:SPUN`` (two files joined by a colon), or given as
``--pair ORIGINAL SPUN`` (repeatable), or is one file in the gold markup
(``[[spun=>original]]``, as in seeds/). The entries are merged into FILE.toml if it exists
(same spun form -> one entry, counts per pair replaced rather than added twice), validated
as a lexicon, and written atomically (see restore.learn.learn for how an existing file is
kept): ``restore-text --lexicon FILE.toml`` loads it as is.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..gold import MARK_RE
from ..inputs import InputError, read_path
from ..learn import Pair, learn, read_pair
from ..lexicon import LexiconError
from .options import ENCODING, EXIT_INPUT, write_stdout



def _split_pair(spec: str) -> tuple[str, str] | None:
    """``a.txt:b.txt`` -> (a.txt, b.txt); the split that names two existing files wins."""
    if ":" not in spec:
        return None
    cuts = [i for i, c in enumerate(spec) if c == ":"]
    for i in cuts:
        a, b = spec[:i], spec[i + 1:]
        if a and b and Path(a).is_file() and Path(b).is_file():
            return a, b
    a, _, b = spec.rpartition(":")
    return (a, b) if a and b else None


def _pair_from_spec(spec: str, encoding: str) -> Pair:
    if Path(spec).is_file() or ":" not in spec:
        text = read_path(spec, encoding)
        if not MARK_RE.search(text):
            raise click.UsageError(
                f"{spec}: not a gold-markup file; give pairs as ORIGINAL:SPUN or --pair ORIGINAL SPUN")
        return read_pair(spec, None, encoding)
    split = _split_pair(spec)
    if split is None:
        raise click.UsageError(f"{spec!r}: expected ORIGINAL:SPUN")
    return read_pair(split[0], split[1], encoding)


@click.command("learn")
@click.argument("pairs", nargs=-1)
@click.option("--pair", "pair_opts", nargs=2, multiple=True, metavar="ORIGINAL SPUN",
              help="An original file and its spun copy; repeatable.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The lexicon file (.toml) to create or merge into.")
@click.option("--dry-run", is_flag=True, help="Print the merged lexicon instead of writing it.")
@click.option("--encoding", type=ENCODING, default="utf-8", show_default=True, help="Encoding of the input files.")
def command(pairs, pair_opts, output, dry_run, encoding):
    """Propose lexicon entries from original/spun PAIRS and merge them into OUTPUT.

    PAIRS are ORIGINAL:SPUN file pairs or gold-markup files ([[spun=>original]]); use
    --pair ORIGINAL SPUN for names with colons. Every substitution found by aligning a pair
    becomes (or updates) an entry: spun form, originals, counts, examples in context and
    the pair files as provenance. Learned entries are no tells and get a modest prior (they
    apply in documents that other tells show to be spun; review them, then raise it); forms
    also seen unchanged get a very low prior and the contexts they were swapped in. New
    entries are appended to an existing file as text; a hand-written file whose entries
    change is backed up (FILE.toml.bak) before it is rewritten.
    """
    if not Path(output).suffix == ".toml":
        raise click.UsageError("the output must be a .toml file")
    if not pairs and not pair_opts:
        raise click.UsageError("give at least one pair: ORIGINAL:SPUN, a gold-markup file, or --pair ORIGINAL SPUN")
    try:
        loaded = [_pair_from_spec(spec, encoding) for spec in pairs]
        loaded += [read_pair(a, b, encoding) for a, b in pair_opts]
    except InputError as exc:
        click.echo(f"restore-text: error: {exc}", err=True)
        sys.exit(EXIT_INPUT)
    try:
        result, text = learn(loaded, output, write=not dry_run)
    except LexiconError as exc:
        click.echo(f"restore-text: error: {exc}", err=True)
        sys.exit(EXIT_INPUT)
    if dry_run:
        write_stdout(text)
        return
    # Entries learned again as they already stand in the file are not "updated": a second
    # run on the same pairs changes nothing, and says so without contradicting itself.
    again = "already in the file as they are" if result.written == "unchanged" else "updated"
    click.echo(
        f"{output}: {result.entries} entries ({result.added} new, {result.updated} {again}; "
        f"{result.certain} certain, {result.ambiguous} context-dependent) from {result.pairs} pair(s), "
        f"{result.substitutions} substitutions; {result.how()}", err=True)
