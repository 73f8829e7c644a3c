"""The ``restore-text`` command line.

Exit codes: 0 done (nothing found with --check), 1 damage found with --check,
2 usage error, 3 input or data error (missing file, undecodable bytes, binary input,
invalid lexicon file) or output that cannot be written (a reader that went away: quietly). In a batch, a file that cannot be read is reported and skipped, the
others are processed, and the exit code is 3 (which takes precedence over 1). Ctrl-C
exits 130 and SIGTERM 143, after stopping the workers and removing temporary files.
"""
from __future__ import annotations

import io
import json
import os
import signal
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

import click

from . import __version__, batch
from .batch import Item, ordered_map, warm_up
from .config import DEFAULT_THRESHOLD, Config
from .formats import JSON_SCHEMA, compact, compact_row, document_record, explain, explain_rows, unified_diff, word_diff
from .inputs import (AtomicWriter, InputError, decode, encoding_of_copy, is_special, open_error, read_all,
                     read_path, sniff, undecodable)
from .lexicon import LexiconError
from .model import Restoration
from .progress import Progress
from .streaming import DEFAULT_STREAM_ABOVE, Chunk, StreamSummary, open_text, stream_fix
from .commands.options import (ENCODING, EXIT_FOUND, EXIT_INPUT, EXIT_OK, EXIT_USAGE, PROBABILITY, expand_files, fail, named_file,
                               Terminated, include_option, interrupted_code, isatty, overwrite_refusal, stdout,
                               warn_unknown_disabled)

FORMATS = ("text", "diff", "word-diff", "json", "jsonl", "compact", "html")
# Formats that can be produced chunk by chunk (the others need the whole document).
STREAMABLE = ("text", "word-diff", "compact", "json", "jsonl")


class DefaultGroup(click.Group):
    """A group whose default command is ``fix``: ``restore-text FILE`` == ``restore-text fix FILE``."""

    default_command = "fix"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def main(self, *args, **kwargs):
        """SIGTERM (``kill``) stops a run as Ctrl-C does, through the same cleanup: the
        handler raises :class:`Terminated` (a KeyboardInterrupt), so that the worker
        processes are stopped and partial temporary files removed. A second SIGTERM during
        that cleanup kills at once."""
        previous = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, _on_sigterm)
        stop = batch.stop_on_interrupt
        batch.stop_on_interrupt = True
        try:
            return super().main(*args, **kwargs)
        finally:
            batch.stop_on_interrupt = stop
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)

    def invoke(self, ctx: click.Context):
        """Output that cannot be written ends the run with a message and exit 3, never a
        traceback and exit 1 (which --check means as "damage found"). Ctrl-C ends it with
        exit 130 and SIGTERM with 143 (not click's "Aborted!" and 1)."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            # The output and temporary files were dealt with on the way here (aborted).
            click.echo("\nrestore-text: " + ("terminated" if isinstance(exc, Terminated) else "interrupted"),
                       err=True)
            # A pool's manager thread can notice its workers gone before the exit below, and
            # would print its own traceback: the run is ending, so it is not reported.
            threading.excepthook = _quiet_thread_exit
            if batch.stop_all_workers():
                # Workers stopped mid-task: Python's exit would wait for the pool's threads,
                # which may wait for a result a worker never finished writing.
                for stream in (sys.stdout, sys.stderr):
                    try:
                        stream.flush()
                    except (OSError, ValueError):
                        pass
                os._exit(interrupted_code(exc))
            sys.exit(interrupted_code(exc))
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, and keep Python from
            # complaining when it flushes standard output on the way out.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_INPUT)
        except OSError as exc:
            fail(f"cannot write the output: {exc.strerror or exc}", EXIT_INPUT)
        except UnicodeEncodeError as exc:
            # -o in the input's encoding (latin-1) and a suggestion it has no byte for ("’")
            fail(f"cannot write the output in {exc.encoding}: {exc.object[exc.start:exc.end]!r} "
                 f"{exc.reason}", EXIT_INPUT)


def _quiet_thread_exit(args) -> None:
    """threading.excepthook while an interrupted run ends: a thread's error is not reported."""


def _on_sigterm(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second one kills without waiting
    raise Terminated()


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="restore-text")
def main() -> None:
    """Find and repair text damaged by synonym substitution (article spinners).

    Run `restore-text FILE...` (or `restore-text fix FILE...`); `-` or no file reads
    standard input. See `restore-text fix --help` for the options.
    """


def _load_config(threshold: float, lexicons: tuple[str, ...], disable: tuple[str, ...], assume_spun: bool,
                 reference: str | None, encoding: str, builtin: bool = True, thesaurus: bool = False) -> Config:
    ref_text = read_path(reference, encoding) if reference else None
    return Config(threshold=threshold, lexicons=tuple(Path(p) for p in lexicons),
                  disabled=frozenset(disable), assume_spun=assume_spun, reference=ref_text, builtin=builtin,
                  thesaurus=thesaurus)



# --------------------------------------------------------------------------- output

class _Output:
    """Standard output, or a file written atomically (replaced only when the run ends) in
    ``encoding``."""

    def __init__(self, path: str | None, encoding: str = "utf-8"):
        self.path = path if path and path != "-" else None
        self._writer = AtomicWriter(self.path, encoding, keep_bom=False) if self.path else None
        self.stream: TextIO = self._writer if self._writer is not None else stdout()  # type: ignore[assignment]
        self.at_line_start = True  # whether what was written so far ends a line

    def write(self, text: str) -> None:
        if text:
            self.stream.write(text)
            self.at_line_start = text.endswith("\n")

    def close(self, ok: bool = True) -> None:
        if self._writer is not None:
            if ok:
                self._writer.commit()
            else:
                self._writer.abort()
        else:
            self.stream.flush()


class _JsonDocuments:
    """Writes ``{"schema": ..., "documents": [...]}`` one document at a time."""

    def __init__(self, out: _Output):
        self.out = out
        self.count = 0
        out.write("{\n  \"schema\": " + json.dumps(JSON_SCHEMA) + ",\n  \"version\": " + json.dumps(__version__)
                  + ",\n  \"documents\": [")

    def begin(self) -> None:
        self.out.write(",\n    " if self.count else "\n    ")
        self.count += 1

    def add(self, record: dict) -> None:
        self.begin()
        self.out.write(json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n    "))

    def close(self) -> None:
        self.out.write("\n  ]\n}\n" if self.count else "]\n}\n")


@dataclass
class _Stats:
    documents: int = 0
    failed: int = 0
    changed: int = 0
    applied: int = 0
    found: bool = False
    # Streamed inputs that failed after part of their output was written: (name, input
    # characters covered, fixes applied in them).
    partial: list = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.partial = []

    def add(self, changed: bool, applied: int) -> None:
        self.documents += 1
        self.changed += bool(changed)
        self.applied += applied
        self.found = self.found or applied > 0

    def summary(self) -> str:
        total = self.documents + self.failed
        parts = [f"{total} document{'s' if total != 1 else ''}",
                 f"{self.changed} changed ({self.applied} fix{'es' if self.applied != 1 else ''} applied)"]
        if self.failed:
            parts.append(f"{self.failed} failed")
        line = "restore-text: " + ", ".join(parts)
        for name, chars, applied in self.partial:
            line += (f"; the output for {name} stops short: it covers only its first {chars:,} characters "
                     f"({applied} fix{'es' if applied != 1 else ''} applied), written before the error")
        return line


def _output_encoding(o: dict, items: list[Item]) -> str:
    """The encoding of the -o file. The restored text and the other text formats keep the
    input's encoding (--encoding), as --in-place writes it, and the restored text of one
    UTF-8 file keeps its byte-order mark (utf-16 and utf-32 write theirs anyway); JSON is
    UTF-8 by its standard, and the HTML page declares UTF-8."""
    if o["fmt"] in ("json", "jsonl", "html"):
        return "utf-8"
    encoding = o["encoding"]
    # Only a regular file is looked at: opening a named pipe would wait for its writer, and
    # reading it would take its first bytes away from the run.
    one = items[0].path if len(items) == 1 and not _pipe_like(items[0]) else None
    return encoding_of_copy(one, encoding) if o["fmt"] == "text" and one is not None else encoding


# --------------------------------------------------------------------------- workers

@dataclass(frozen=True)
class _Task:
    item: Item
    encoding: str
    config: Config
    deferred: bool  # handled by the main process (standard input, streamed files)


def _work(task: _Task) -> tuple[str, object]:
    """Runs in a worker process: read and restore one file."""
    if task.deferred or task.item.error:
        return "deferred", None
    from .engine import analyse

    try:
        text = read_path(task.item.path, task.encoding)  # type: ignore[arg-type]
    except InputError as exc:
        return "error", str(exc)
    return "ok", analyse(text, task.config)


def _chained_stream(prefix: bytes, raw: BinaryIO, name: str, encoding: str) -> TextIO:
    """A text stream over ``prefix`` (bytes already read) followed by the rest of ``raw``."""
    import io

    class _Chain(io.RawIOBase):
        def __init__(self) -> None:
            self.head = prefix

        def readable(self) -> bool:
            return True

        def readinto(self, buf) -> int:  # type: ignore[override]
            if self.head:
                n = min(len(buf), len(self.head))
                buf[:n] = self.head[:n]
                self.head = self.head[n:]
                return n
            data = raw.read1(len(buf)) if hasattr(raw, "read1") else raw.read(len(buf))
            buf[:len(data)] = data
            return len(data)

    from .streaming import _BomStripper

    sniff(prefix, name, encoding)
    # Without its byte-order mark, as a file or standard input read whole: the offsets and
    # the checksum must not depend on --stream.
    return _BomStripper(_Decoding(io.BufferedReader(_Chain(), 1 << 16), encoding))


class _Decoding(io.TextIOBase):
    """Bytes decoded as they are read (no newline translation), counting them: a byte that
    does not decode raises UnicodeDecodeError with ``byte_offset``, its offset in the whole
    stream, so that standard input that fails late is reported as a file is ("byte 0xff at
    offset 4500010"). io.TextIOWrapper gives only the offset within its last block."""

    def __init__(self, raw: BinaryIO, encoding: str, block: int = 1 << 16):
        import codecs

        self._raw = raw
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        self._block = block
        self._offset = 0  # bytes given to the decoder so far
        self._eof = False
        self._buf = ""  # decoded and not yet read

    def readable(self) -> bool:
        return True

    def _next(self) -> str:
        data = self._raw.read1(self._block) if hasattr(self._raw, "read1") else self._raw.read(self._block)
        state = self._decoder.getstate()
        pending = len(state[0]) if isinstance(state[0], (bytes, bytearray)) else 0
        try:
            text = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            exc.byte_offset = self._offset - pending + exc.start  # type: ignore[attr-defined]
            raise
        self._offset += len(data)
        self._eof = not data
        return text

    def read(self, size: int | None = -1) -> str:  # type: ignore[override]
        if size is None or size < 0:
            parts = [self._buf]
            while not self._eof:
                parts.append(self._next())
            self._buf = ""
            return "".join(parts)
        # At most ``size`` characters, as io promises; fewer only at the end.
        while len(self._buf) < size and not self._eof:
            self._buf += self._next()
        out, self._buf = self._buf[:size], self._buf[size:]
        return out

    def close(self) -> None:
        self._raw.close()
        super().close()


def _pipe_like(item: Item) -> bool:
    """Whether the input is a FIFO, a device or another file whose size is not known in
    advance: it is read like standard input, never assumed small."""
    return item.path is not None and is_special(item.path)  # an unreadable path: reading reports it


class _Run:
    """One invocation of ``fix``: the options, the output and the counters."""

    def __init__(self, opts: dict, config: Config, items: list[Item], out: _Output, progress: Progress):
        self.o = opts
        self.config = config
        self.items = items
        self.out = out
        self.progress = progress
        self.stats = _Stats()
        self.multi = len(items) > 1
        self.json_docs = _JsonDocuments(out) if opts["fmt"] == "json" else None
        self.html_docs: list[tuple[str, Restoration]] = []
        self.color = opts["color"] if opts["color"] is not None else (out.path is None and isatty(sys.stdout))
        self.closed_with_error: Item | None = None  # a streamed record that already says why it stopped

    def error(self, item: Item, message: str) -> None:
        """A file that failed: the message on standard error, and in a JSON report a record
        ``{"path", "error"}`` in the file's place, so that a pipeline can tell which failed."""
        self.stats.failed += 1
        self.progress.message(f"restore-text: error: {message}")
        if item is not self.closed_with_error:
            self.record({"path": item.name, "error": message.removeprefix(f"{item.name}: ")})

    def record(self, record: dict) -> None:
        """One document's record, in the JSON formats (the others have none)."""
        if self.o["fmt"] == "jsonl":
            self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif self.o["fmt"] == "json":
            self.json_docs.add(record)  # type: ignore[union-attr]

    def header(self, label: str) -> str:
        """The name line before a document's text when there are several; a document that
        did not end its last line does not run into the next name."""
        if not self.multi:
            return ""
        return ("" if self.out.at_line_start else "\n") + f"==> {label} <==\n"

    # ---- whole documents
    def document(self, item: Item, result: Restoration) -> None:
        o, label = self.o, item.name
        if o["in_place"] and result.changed:
            try:
                with AtomicWriter(item.path, o["encoding"]) as w:  # type: ignore[arg-type]
                    w.write(result.text)
            except (OSError, UnicodeEncodeError) as exc:
                self.error(item, f"{label}: cannot write: {getattr(exc, 'strerror', None) or exc}")
                return
        self.stats.add(result.changed, len(result.applied))
        if o["explain_"]:
            self.progress.message(explain(result, label))
        fmt = o["fmt"]
        if fmt == "text":
            if not o["in_place"]:
                self.out.write(self.header(label) + result.text)
        elif fmt == "diff":
            # A file's byte-order mark is on both sides of its first line, as patch reads it.
            bom = item.path is not None and not _pipe_like(item) and encoding_of_copy(item.path, o["encoding"]) \
                == "utf-8-sig"
            self.out.write(unified_diff(result, label, bom=bom))
        elif fmt == "word-diff":
            self.out.write(self.header(label) + word_diff(result, color=self.color))
        elif fmt == "compact":
            self.out.write(compact(result, label))
        elif fmt in ("json", "jsonl"):
            self.record(document_record(result, label))
        elif fmt == "html":
            self.html_docs.append((label, result))

    # ---- streamed documents
    def stream(self, item: Item, fh: TextIO, size: int) -> None:
        o, label, fmt = self.o, item.name, self.o["fmt"]
        summary = StreamSummary()
        try:
            in_place = AtomicWriter(item.path, o["encoding"]) if o["in_place"] else None  # type: ignore[arg-type]
        except OSError as exc:
            self.error(item, f"{label}: cannot write: {exc.strerror or exc}")
            return
        json_out = fmt in ("json", "jsonl")
        if fmt == "json":
            self.json_docs.begin()  # type: ignore[union-attr]
        if json_out:
            self.out.write("{\"path\": " + json.dumps(label, ensure_ascii=False) + ", \"streamed\": true, \"spans\": [")
        elif fmt in ("text", "word-diff") and not (fmt == "text" and in_place):
            self.out.write(self.header(label))
        first_span = True
        seen = 0
        try:
            for chunk in stream_fix(fh, self.config, jobs=o["jobs"], summary=summary):
                r = chunk.result
                if in_place is not None:
                    in_place.write(r.text)
                if o["explain_"] and r.spans:
                    self.progress.message(_explain_chunk(chunk, label))
                if fmt == "text" and in_place is None:
                    self.out.write(r.text)
                elif fmt == "word-diff":
                    self.out.write(word_diff(r, color=self.color))
                elif fmt == "compact":
                    self.out.write(_compact_chunk(chunk, label))
                elif json_out:
                    for span in chunk.spans():
                        self.out.write(("" if first_span else ", ") + json.dumps(span.to_dict(), ensure_ascii=False))
                        first_span = False
                step = len(r.original.encode(o["encoding"], errors="replace")) if size else 0
                seen += step
                self.progress.advance(0, step)
        except BaseException as exc:
            if in_place is not None:
                in_place.abort()
            elif summary.chars and isinstance(exc, (UnicodeDecodeError, InputError, OSError)):
                self.stats.partial.append((label, summary.chars, summary.applied))
            if json_out:
                # Standard input is not checked before it is streamed (it can be read only
                # once): close the record so that the report stays valid JSON, and say why
                # it stops short.
                reason = exc.reason if isinstance(exc, UnicodeDecodeError) else type(exc).__name__
                self.out.write("], \"error\": " + json.dumps(f"the input could not be read to the end: {reason}")
                               + "}" + ("\n" if fmt == "jsonl" else ""))
                self.closed_with_error = item
            raise
        if size and seen < size:
            self.progress.advance(0, size - seen)
        if json_out:
            tail = {"sha256": summary.sha256, "spin_score": summary.spin_score, "threshold": self.config.threshold,
                    "changed": summary.changed, "applied": summary.applied, "chunks": summary.chunks}
            self.out.write("], " + json.dumps(tail)[1:] + ("\n" if fmt == "jsonl" else ""))
        if in_place is not None:
            if summary.changed:
                in_place.commit()
            else:
                in_place.abort()
        self.stats.add(summary.changed, summary.applied)
        if o["explain_"]:
            self.progress.message(f"{label}: streamed in {summary.chunks} chunks, running spin score "
                                  f"{summary.spin_score:.2f}, {summary.applied} applied of {summary.spans} findings")

    def finish(self) -> None:
        if self.json_docs is not None:
            self.json_docs.close()
        if self.o["fmt"] == "html":
            from .html import render_report
            self.out.write(render_report(self.html_docs, self.config))


def _compact_chunk(chunk: Chunk, label: str) -> str:
    return "".join(compact_row(s, label, *chunk.position(s), chunk.result.threshold) + "\n" for s in chunk.result.spans if s.applied)


def _explain_chunk(chunk: Chunk, label: str) -> str:
    r = chunk.result
    rows = [f"{label}: chunk {chunk.index + 1} (from line {chunk.line}): spin score {r.spin_score:.2f}, "
            f"{len(r.applied)} applied of {len(r.spans)} findings"]
    for s in r.spans:
        rows.extend(explain_rows(s, *chunk.position(s), r.threshold))
    return "\n".join(rows)


def _size(item: Item) -> int:
    try:
        return item.path.stat().st_size if item.path is not None else 0
    except OSError:
        return 0


# --------------------------------------------------------------------------- fix

@main.command("fix")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True))
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: restored text; diff: unified diff; word-diff: inline [-old-]{+new+}; "
                   "json: one report; jsonl: one JSON line per document; compact: file:line:col lines; "
                   "html: a self-contained page to review the findings in a browser.")
@click.option("-t", "--threshold", type=PROBABILITY, default=DEFAULT_THRESHOLD, show_default=True,
              help="Apply spans whose confidence is at least this.")
@click.option("--explain", "explain_", is_flag=True, help="Print every finding with its evidence to standard error.")
@click.option("--check", is_flag=True, help="Exit 1 when damage at or above the threshold is found "
                                              "(prints compact findings unless --format is given); "
                                              "a dry run, so not with --in-place.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), callback=named_file,
              help="Write to this file (atomically; never one of the inputs).")
@click.option("--in-place", is_flag=True, help="Overwrite each input file with its restored text (atomically, "
                                                 "keeping its permissions; only files that change are rewritten).")
@click.option("-l", "--lexicon", "lexicons", multiple=True, type=click.Path(dir_okay=False),
              help="Extra lexicon file (.toml entries or .tsv table); repeatable.")
@click.option("--no-builtin", is_flag=True, help="Do not load the shipped lexicons (use only --lexicon files).")
@click.option("--disable", multiple=True, help="Entry id (or prefix*) that must not fire; repeatable.")
@click.option("--assume-spun", is_flag=True, help="Skip the document model: treat the text as spun.")
@click.option("--thesaurus", is_flag=True,
              help="In spun documents also try every word against the mined thesaurus (slower; for spinners "
                   "outside this family).")
@click.option("--reference", type=click.Path(dir_okay=False), help="A suspected source text, used as evidence.")
@click.option("--encoding", type=ENCODING, default="utf-8", show_default=True, help="Encoding of the input files.")
@click.option("--color/--no-color", default=None, help="Colour word diffs (default: when writing to a terminal).")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Restore documents (or the chunks of a streamed file) in this many processes; "
                   "output order stays the input order.")
@include_option
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on standard error (default: when standard error is a terminal).")
@click.option("--stream/--no-stream", "stream_mode", default=None,
              help="Process inputs paragraph by paragraph in bounded memory (default: for inputs larger "
                   "than --stream-above; formats text, word-diff, compact, json, jsonl).")
@click.option("--stream-above", type=click.IntRange(0), default=DEFAULT_STREAM_ABOVE, show_default=True,
              metavar="BYTES", help="Stream inputs larger than this many bytes.")
def fix_command(**opts) -> None:
    """Restore FILES (or standard input) and write the result.

    FILES may be files, directories (searched recursively) or glob patterns
    (quote them: 'docs/**/*.txt'). `-` is standard input. A file that cannot be
    read is reported and skipped; a summary goes to standard error.

    \b
    Exit codes: 0 done; 1 damage found (with --check); 2 usage error;
    3 an input or lexicon could not be read (takes precedence over 1);
    130 interrupted (Ctrl-C); 143 terminated (SIGTERM).
    """
    ctx = click.get_current_context()
    fmt_given = ctx.get_parameter_source("fmt") not in (click.core.ParameterSource.DEFAULT, None)
    sys.exit(run_fix(opts, fmt_given))


def run_fix(o: dict, fmt_given: bool) -> int:
    if o["in_place"] and o["output"]:
        fail("--in-place and --output cannot be used together", EXIT_USAGE)
    if o["check"] and o["in_place"]:
        # --check is a dry run: a CI job that checks must never rewrite what it checks.
        fail("--check only reports and never writes; it cannot be used with --in-place", EXIT_USAGE)
    if o["check"] and not fmt_given:
        o["fmt"] = "compact"
    if o["stream_mode"] and o["fmt"] not in STREAMABLE:
        fail(f"--stream does not work with --format {o['fmt']} (use one of: {', '.join(STREAMABLE)})", EXIT_USAGE)
    items = expand_files(o["files"], tuple(o["include"]))
    if o["in_place"] and any(i.is_stdin for i in items):
        fail("--in-place needs files, not standard input", EXIT_USAGE)
    if o["in_place"] and any(_pipe_like(i) for i in items):
        fail("--in-place needs regular files, not pipes or devices: "
             + ", ".join(i.name for i in items if _pipe_like(i)), EXIT_USAGE)
    refusal = overwrite_refusal(o["output"], [*(("input", i.path) for i in items),
                                              ("the --reference file", o["reference"]),
                                              *(("the lexicon", p) for p in o["lexicons"])])
    if refusal:
        fail(refusal, EXIT_USAGE)
    try:
        config = _load_config(o["threshold"], o["lexicons"], o["disable"], o["assume_spun"], o["reference"],
                              o["encoding"], builtin=not o["no_builtin"], thesaurus=o["thesaurus"])
        warm_up(config)
        warn_unknown_disabled(config)
    except InputError as exc:
        fail(str(exc))
    except LexiconError as exc:
        fail(f"invalid lexicon: {exc}")
    if not items:
        click.echo("restore-text: no input files found", err=True)
        return EXIT_INPUT

    def streamed(item: Item) -> bool:
        if item.error or o["stream_mode"] is False:
            return False
        above = item.path is not None and _size(item) > o["stream_above"]
        if o["fmt"] not in STREAMABLE:
            if above and o["stream_mode"] is None:
                # This format reads the file whole, while the text formats and --in-place
                # stream it paragraph by paragraph, and the two can differ in a few places:
                # a reviewer must not approve one set of edits and have another written.
                click.echo(f"restore-text: warning: {item.name} is above --stream-above; --format {o['fmt']} "
                           "reads it whole, so its edits can differ from what the text formats and "
                           "--in-place write. Use --no-stream with both for the same result.", err=True)
            return False
        return bool(o["stream_mode"]) or above

    tasks = [_Task(i, o["encoding"], config, deferred=i.is_stdin or _pipe_like(i) or streamed(i)) for i in items]
    pooled = sum(not t.deferred and not t.item.error for t in tasks)
    jobs = o["jobs"] if pooled > 1 else 1
    sizes = {id(i): _size(i) for i in items}
    progress = Progress(len(items), sum(sizes.values()), enabled=o["progress"])
    to_file = o["output"] not in (None, "-")
    try:
        out = _Output(o["output"], _output_encoding(o, items) if to_file else "utf-8")
    except OSError as exc:
        fail(f"cannot write {o['output'] if to_file else 'the output'}: {exc.strerror or exc}")
    run = _Run(o, config, items, out, progress)
    ok = False
    try:
        for task, (status, value) in zip(tasks, ordered_map(_work, tasks, jobs)):
            item = task.item
            size = sizes[id(item)]
            if item.error:
                run.error(item, item.error)
            elif status == "error":
                run.error(item, str(value))
            elif status == "ok":
                run.document(item, value)  # type: ignore[arg-type]
            else:
                _deferred(run, item, size, streamed(item))
            progress.advance(1, 0 if status == "deferred" else size)
        run.finish()
        ok = run.stats.documents > 0 or not run.stats.failed
    except LexiconError as exc:  # pragma: no cover - warm_up loads the lexicons first
        fail(f"invalid lexicon: {exc}")
    finally:
        progress.close()
        out.close(ok)
    stats = run.stats
    if len(items) > 1 or stats.failed:
        click.echo(stats.summary(), err=True)
    if stats.failed:
        return EXIT_INPUT
    if o["check"] and stats.found:
        return EXIT_FOUND
    return EXIT_OK


def _deferred(run: _Run, item: Item, size: int, stream: bool) -> None:
    """Standard input and streamed files, handled in this process (in order)."""
    o = run.o
    try:
        if item.is_stdin or _pipe_like(item):
            name = item.name if item.path is not None else "<stdin>"
            try:
                raw = sys.stdin.buffer if item.path is None else open(item.path, "rb")
            except OSError as exc:
                raise open_error(item.path, exc) from None  # type: ignore[arg-type]
            try:
                limit = o["stream_above"]
                if o["stream_mode"] is False or o["fmt"] not in STREAMABLE:
                    data = read_all(raw, name, o["encoding"])
                else:
                    data = raw.read(8192 if o["stream_mode"] else limit + 1)
                    if o["stream_mode"] or len(data) > limit:
                        with _chained_stream(data, raw, name, o["encoding"]) as fh:
                            try:
                                run.stream(item, fh, 0)
                            except UnicodeDecodeError as exc:
                                offset = getattr(exc, "byte_offset", None)
                                if offset is None:  # pragma: no cover - _Decoding always sets it
                                    raise InputError(f"{name}: not valid {o['encoding']} ({exc.reason})") from None
                                raise undecodable(name, o["encoding"], exc.object[exc.start:exc.start + 1], offset,
                                                  "input") from None
                        return
            finally:
                if raw is not sys.stdin.buffer:
                    raw.close()
            text = decode(data, name, o["encoding"])
        elif stream:
            with open_text(item.path, o["encoding"]) as fh:  # type: ignore[arg-type]
                run.stream(item, fh, size)
            return
        else:  # pragma: no cover - only standard input and streamed files are deferred
            text = read_path(item.path, o["encoding"])  # type: ignore[arg-type]
    except InputError as exc:
        run.error(item, str(exc))
        return
    from .engine import analyse
    run.document(item, analyse(text, run.config))


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
