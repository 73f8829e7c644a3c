"""The ``restore-text`` command line.

Exit codes: 0 done (nothing found with --check), 1 damage found with --check,
2 usage error, 3 input or data error (missing file, undecodable bytes, binary input,
invalid lexicon file).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .api import fix
from .config import DEFAULT_THRESHOLD, Config
from .formats import compact, document_record, explain, json_report, unified_diff, word_diff
from .inputs import InputError, decode, read_path, write_atomic
from .lexicon import LexiconError

EXIT_FOUND = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
FORMATS = ("text", "diff", "word-diff", "json", "jsonl", "compact")


class DefaultGroup(click.Group):
    """A group whose default command is ``fix``: ``restore-text FILE`` == ``restore-text fix FILE``."""

    default_command = "fix"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


def fail(message: str, code: int = EXIT_INPUT) -> "NoReturn":  # type: ignore[name-defined]
    click.echo(f"restore-text: error: {message}", err=True)
    sys.exit(code)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="restore-text")
def main() -> None:
    """Find and repair text damaged by synonym substitution (article spinners).

    Run `restore-text FILE...` (or `restore-text fix FILE...`); `-` or no file reads
    standard input. See `restore-text fix --help` for the options.
    """


def _load_config(threshold: float, lexicons: tuple[str, ...], disable: tuple[str, ...], assume_spun: bool,
                 reference: str | None, encoding: str) -> Config:
    ref_text = read_path(reference, encoding) if reference else None
    return Config(threshold=threshold, lexicons=tuple(Path(p) for p in lexicons),
                  disabled=frozenset(disable), assume_spun=assume_spun, reference=ref_text)


@main.command("fix")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True))
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: restored text; diff: unified diff; word-diff: inline [-old-]{+new+}; "
                   "json/jsonl: every span; compact: file:line:col lines.")
@click.option("-t", "--threshold", type=click.FloatRange(0.0, 1.0), default=DEFAULT_THRESHOLD, show_default=True,
              help="Apply spans whose confidence is at least this.")
@click.option("--explain", "explain_", is_flag=True, help="Print every finding with its evidence to standard error.")
@click.option("--check", is_flag=True, help="Exit 1 when damage at or above the threshold is found "
                                              "(prints compact findings unless --format is given).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), help="Write to this file.")
@click.option("--in-place", is_flag=True, help="Overwrite each input file with its restored text (atomically).")
@click.option("-l", "--lexicon", "lexicons", multiple=True, type=click.Path(dir_okay=False),
              help="Extra lexicon file (.toml entries or .tsv table); repeatable.")
@click.option("--disable", multiple=True, help="Entry id (or prefix*) that must not fire; repeatable.")
@click.option("--assume-spun", is_flag=True, help="Skip the document model: treat the text as spun.")
@click.option("--reference", type=click.Path(dir_okay=False), help="A suspected source text, used as evidence.")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the input files.")
@click.option("--color/--no-color", default=None, help="Colour word diffs (default: when writing to a terminal).")
def fix_command(files, fmt, threshold, explain_, check, output, in_place, lexicons, disable, assume_spun,
                reference, encoding, color, **_):
    """Restore FILES (or standard input) and write the result."""


def _fix_command(files, fmt, threshold, explain_flag, check, output, in_place, lexicons, disable, assume_spun,
                 reference, encoding, color, fmt_given):
    if in_place and output:
        fail("--in-place and --output cannot be used together", EXIT_USAGE)
    names = list(files) or ["-"]
    if in_place and "-" in names:
        fail("--in-place needs files, not standard input", EXIT_USAGE)
    if output and output != "-":
        out_path = Path(output).resolve()
        if any(n != "-" and Path(n).resolve() == out_path for n in names):
            fail(f"refusing to write over the input {output}; use --in-place to restore a file in place",
                 EXIT_USAGE)
    try:
        config = _load_config(threshold, lexicons, disable, assume_spun, reference, encoding)
    except InputError as exc:
        fail(str(exc))
    if check and not fmt_given:
        fmt = "compact"

    chunks: list[str] = []
    records: list[dict] = []
    found_damage = False
    errors = 0
    for name in names:
        try:
            if name == "-":
                text = decode(sys.stdin.buffer.read(), "<stdin>", encoding)
            else:
                text = read_path(name, encoding)
        except InputError as exc:
            click.echo(f"restore-text: error: {exc}", err=True)
            errors += 1
            continue
        try:
            result = fix(text, config)
        except LexiconError as exc:
            fail(f"invalid lexicon: {exc}")
        label = "<stdin>" if name == "-" else name
        if result.applied:
            found_damage = True
        if explain_flag:
            click.echo(explain(result, label), err=True, nl=False)
        if in_place:
            if result.changed:
                write_atomic(name, result.text, encoding)
            if fmt == "text":
                continue
        if fmt == "text":
            if len(names) > 1:
                chunks.append(f"==> {label} <==\n")
            chunks.append(result.text)
        elif fmt == "diff":
            chunks.append(unified_diff(result, label))
        elif fmt == "word-diff":
            use_color = color if color is not None else (output is None and sys.stdout.isatty())
            chunks.append(word_diff(result, color=use_color))
        elif fmt == "compact":
            chunks.append(compact(result, label))
        elif fmt == "jsonl":
            chunks.append(json.dumps(document_record(result, label), ensure_ascii=False) + "\n")
        else:
            records.append(document_record(result, label))
    if fmt == "json":
        chunks.append(json_report(records))
    payload = "".join(chunks)
    if output and output != "-":
        write_atomic(output, payload)
    else:
        sys.stdout.write(payload)
        sys.stdout.flush()
    if errors and errors == len(names):
        sys.exit(EXIT_INPUT)
    if check and found_damage:
        sys.exit(EXIT_FOUND)
    if errors:
        sys.exit(EXIT_INPUT)


# click passes options by name; keep the public callback thin and the logic testable.
def _fix_callback(**kw):
    ctx = click.get_current_context()
    fmt_given = ctx.get_parameter_source("fmt") not in (click.core.ParameterSource.DEFAULT, None)
    _fix_command(kw["files"], kw["fmt"], kw["threshold"], kw["explain_"], kw["check"], kw["output"],
                 kw["in_place"], kw["lexicons"], kw["disable"], kw["assume_spun"], kw["reference"],
                 kw["encoding"], kw["color"], fmt_given)


fix_command.callback = _fix_callback


def _register_subcommands() -> None:
    """Subcommands live in restore/commands/<name>.py, each defining a click ``command``."""
    import importlib

    for name in ("review", "apply", "compare", "learn", "screen"):
        module_name = f"{__package__}.commands.{name}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name in (module_name, f"{__package__}.commands"):
                continue
            raise
        main.add_command(module.command)


_register_subcommands()


if __name__ == "__main__":
    main()
