"""What the command line's commands share: exit codes and parameter types."""
from __future__ import annotations

import errno
import io
import math
import sys
from typing import NoReturn, TextIO

import click

from ..batch import DEFAULT_INCLUDE, Item, expand_inputs
from ..inputs import display_name, overwritten_input

# Exit codes, the same for every command (documented in the README).
EXIT_OK = 0
EXIT_FOUND = 1        # damage found, under --check
EXIT_USAGE = 2        # a usage error (click's own code too)
EXIT_INPUT = 3        # an input could not be read, or the output written
EXIT_REFUSED = EXIT_INPUT  # apply: the report does not fit the file
EXIT_INTERRUPTED = 130  # stopped with Ctrl-C (SIGINT): 128 + the signal's number, as shells report it
EXIT_TERMINATED = 143   # stopped with SIGTERM (kill)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread so that it unwinds as Ctrl-C does: the worker
    processes are stopped, temporary files removed, and nothing half-written is left."""


def interrupted_code(exc: BaseException) -> int:
    """The exit code for a run stopped by ``exc`` (a KeyboardInterrupt or Terminated)."""
    return EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED


class Probability(click.ParamType):
    """A number from 0 to 1. click's FloatRange lets "nan" through (every comparison with
    NaN is false), and a NaN threshold silently applies nothing or crashes later."""

    name = "probability"

    def convert(self, value, param, ctx):
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number", param, ctx)
        if math.isnan(number) or not 0.0 <= number <= 1.0:
            self.fail(f"{value!r} is not a number from 0 to 1", param, ctx)
        return number


PROBABILITY = Probability()


class Encoding(click.ParamType):
    """A text encoding Python knows: a misspelt one is a usage error (exit 2) at once, not a
    failed file for every input."""

    name = "encoding"

    def convert(self, value, param, ctx):
        import codecs

        try:
            info = codecs.lookup(value)
        except LookupError:
            self.fail(f"unknown encoding {value!r}", param, ctx)
        # rot13, base64, zlib and the like are codecs, but not text encodings: bytes do not
        # decode to text with them (Python's own open() refuses them the same way).
        if not getattr(info, "_is_text_encoding", True):
            self.fail(f"{value!r} is not a text encoding (it is a {info.name} codec)", param, ctx)
        return value


ENCODING = Encoding()


def isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def stdout() -> TextIO:
    """Standard output for a command's result, buffered: every command writes through it,
    and a write that fails reaches DefaultGroup.invoke (exit 3, quietly for a reader that
    went away). Under ``python -u`` (PYTHONUNBUFFERED) sys.stdout writes straight to the
    file, and a write that a pipe takes only in part (its reader went away) loses the rest
    without an error. A closed standard output (``>&-``) is an error to report, where
    click.echo would drop the output without a word."""
    if sys.stdout is None:
        raise OSError(errno.EBADF, "standard output is closed")
    raw = getattr(sys.stdout, "buffer", None)
    if not isinstance(raw, io.RawIOBase):
        return sys.stdout
    sys.stdout.flush()
    return open(raw.fileno(), "w", buffering=1 if isatty(raw) else -1, encoding=sys.stdout.encoding,
                errors=sys.stdout.errors, closefd=False)


def write_stdout(text: str) -> None:
    """Write a command's whole result to standard output (see :func:`stdout`)."""
    out = stdout()
    out.write(text)
    out.flush()


def fail(message: str, code: int = EXIT_INPUT) -> NoReturn:
    click.echo(f"restore-text: error: {message}", err=True)
    sys.exit(code)


def include_option(command):
    """``--include GLOB``, for every command that takes directories."""
    return click.option("--include", multiple=True, metavar="GLOB",
                        help=f"File-name pattern for files found in directories (repeatable; default: "
                             f"{' '.join(DEFAULT_INCLUDE)}). Files named explicitly are always read.")(command)


def named_file(ctx, param, value):
    """Callback of the options that name a file to write (-o, --log): an empty name is a
    usage error. It meant standard output (or, for review, the default beside FILE), so
    that an unset "$OUT" printed a report meant for a file, or wrote where none was asked."""
    if value == "":
        raise click.BadParameter("an empty file name", ctx=ctx, param=param)
    return value


def expand_files(files: tuple[str, ...], include: tuple[str, ...]) -> list[Item]:
    """The inputs named by FILES, the same for every command: files, directories (searched
    recursively), quoted globs, and ``-`` (or nothing) for standard input, read once."""
    items = expand_inputs(files or ("-",), include or DEFAULT_INCLUDE)
    if sum(i.is_stdin for i in items) > 1:
        fail("standard input (-) can be read only once", EXIT_USAGE)
    return items


def overwrite_refusal(output, inputs, what: str = "--output", in_place_advice: bool = True) -> str | None:
    """The message refusing to write ``output`` (``what``: the option that names it) over
    one of ``inputs`` (``(role, path)`` pairs: every file the command reads), or None when
    it clashes with none. ``role`` "input" is a document, which --in-place restores in place
    (``in_place_advice``: say so; a log has no such option); the others name the file's
    part ("the --reference file", "a lexicon")."""
    hit = overwritten_input(output, inputs)
    if hit is None:
        return None
    role, path = hit
    if role == "input":
        advice = "use --in-place to restore a file in place" if in_place_advice else f"give {what} another name"
        return f"refusing to write over the input {display_name(output)}; {advice}"
    return (f"refusing to write over the input {display_name(output)} ({role} {display_name(path)}); "
            f"give {what} another name")


def unknown_disabled(config) -> list[str]:
    """The ``--disable`` ids that name no entry of the loaded lexicons, matched as the
    engine matches them (an exact id, or a prefix ending in ``*``): a typo would otherwise
    silently disable nothing. Composed phrases (``composed:...``) and the spintax entry
    count as known. Loads the lexicons (raises LexiconError)."""
    if not config.disabled:
        return []
    from .. import lexicon, spintax

    ids = [*lexicon.load(tuple(config.lexicons), config.builtin).entries, spintax.ENTRY.id]
    unknown = []
    for d in sorted(config.disabled):
        if d.endswith("*"):
            prefix = d[:-1]
            known = "composed:".startswith(prefix) or prefix.startswith("composed:") \
                or any(i.startswith(prefix) for i in ids)
        else:
            known = d in ids or d.startswith("composed:")
        if not known:
            unknown.append(d)
    return unknown


def warn_unknown_disabled(config, prog: str = "restore-text") -> None:
    """A warning on standard error for each --disable id that matches nothing."""
    for d in unknown_disabled(config):
        what = (f"no lexicon entry id starts with {d[:-1]!r}" if d.endswith("*") else
                "no lexicon entry has this id (end it with * to disable every id that starts with it)")
        click.echo(f"{prog}: warning: --disable {d}: {what}; it disables nothing", err=True)
