"""Streaming large inputs: whole paragraphs at a time, in bounded memory.

A file too large to hold comfortably (the CLI streams inputs above ``--stream-above``,
256 KiB by default, or every input with ``--stream``) is read in pieces and cut into
*chunks* of whole paragraphs of about ``chunk_size`` characters (16 Ki by default). Each
chunk is restored as a document of its own, so memory stays bounded by a few chunks
whatever the size of the input: a 1 GB file needs no more than a 1 MB one.

How the document-level model gets its context
---------------------------------------------
The spin score (is this text spun at all?) is computed by the engine on each chunk, so it
sees 2,500 to 4,000 words of surrounding paragraphs (16 to 24 Ki characters): several news
articles' worth, far more than the few hundred words it needs to tell a spun text from a
clean one, and no more than the engine's long-document correction (from 2,000 words on) was
made for. Chunks are kept that small because the engine's working memory grows with the
text it analyses at once (about 10 MB per 16 Ki characters of heavily spun text). We chose chunks over a
single score estimated on a leading window because large inputs are usually *collections*
(a corpus dump, a mailbox, a scraped site) in which spun and clean documents alternate: a
score frozen on the first megabyte would wrongly switch the ambiguous rules on (or off)
for everything after it, while a local score follows the text (and within a chunk,
:mod:`restore.regions` tells its spun stretches from its clean ones). Within a long single work
(a book) chunks are large enough that the engine's long-document correction behaves as it
does for a whole document. A running, length-weighted spin score over the chunks seen so
far is kept in :class:`StreamSummary` and reported (``spin_score`` in the JSON record).

Chunk boundaries: a chunk ends after a blank line (a run of blank lines is never split
from its paragraph) at or after ``chunk_size`` characters; paragraphs separated by single
newlines are cut after a newline; a single paragraph longer than 4 x ``chunk_size`` is cut at
a sentence end or else the last whitespace, and only a gigantic unbroken token is cut
anywhere. Such a cut inside a paragraph is moved back so that it splits no phrase of the
lexicons in use (a line of 100,000 "essentially the most" loses none of them). The end of the
input joins the chunk before it when less than 1.5 x ``chunk_size`` remains, so that no
chunk is a lone short tail with too little context for the spin score. Restorations never
cross a chunk boundary, which is why boundaries are put between paragraphs.

Decoding is checked before anything is written (a cheap incremental pass over the bytes),
so an undecodable or binary file fails cleanly instead of after half its output.
"""
from __future__ import annotations

import codecs
import hashlib
import io
from functools import partial
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

import regex

from .batch import check_arg, check_count, ordered_map, warm_up
from .config import Config
from .formats import line_col
from .inputs import AtomicWriter, InputError, display_name, open_error, sniff, undecodable
from .model import Restoration, Span

DEFAULT_CHUNK_SIZE = 16 * 1024      # characters per chunk (soft target)
HARD_FACTOR = 4                     # a chunk is cut regardless once it is this many times the target
READ_SIZE = 64 * 1024               # characters read at a time
# Bytes: inputs larger than this are streamed by the CLI. Whole, a text needs working memory
# in proportion to its findings on top of the loaded data (165 MB): about 250 bytes a
# character for a spun article (measured: a 1 MB copy of the seed peaks at 421 MB), but up
# to 900 where nearly every word is a finding (261 KB of "battle's " peaks at 403 MB; the
# 1,044,000 bytes of it took 1.03 GB whole and 250 MB streamed). Past 256 KiB the input
# goes in chunks, so that no input read whole needs much more than 400 MB however dense.
DEFAULT_STREAM_ABOVE = 256 * 1024

_PARAGRAPH_BREAK = regex.compile(r"\n(?:[ \t\f\v\r]*\n)+")
_NEWLINE = regex.compile(r"\n")
_SPACE = regex.compile(r"\s")


def _last(pattern: regex.Pattern, text: str, end: int) -> int | None:
    """End offset of the last match of ``pattern`` that ends at or before ``end`` (> 0)."""
    best = None
    for m in pattern.finditer(text, 0, end):
        if m.end() > 0:
            best = m.end()
    return best


_SENTENCE_END = regex.compile(r"[.!?…][\"'”’)\]]*+\s+")
_SAFE_REACH = 1024  # characters either side of a hard cut searched for phrases


def _phrase_safe(config: Config) -> Callable[[str, int, regex.Pattern], int | None]:
    """For a cut that falls inside a line: the last cut at or before ``cut`` after a match
    of ``pattern`` that splits no phrase of ``config``'s lexicons ("essentially | the most"
    would be missed by both chunks), or None."""
    from .lexicon import load
    from .matcher import find_matches
    from .tokens import tokenize

    def safe(buf: str, cut: int, pattern: regex.Pattern) -> int | None:
        lex = load(tuple(config.lexicons), config.builtin)
        lo = max(0, cut - _SAFE_REACH)
        region = buf[lo:min(len(buf), cut + _SAFE_REACH)]
        tokens = tokenize(region)
        indexes = [ix for ix in (lex.main, lex.spinner, lex.names, lex.user, lex.tables) if ix is not None]
        phrases = [(m.start + lo, m.end + lo) for m in find_matches(region, tokens, lex, config, indexes)
                   if m.tok_end - m.tok_start > 1]
        for m in reversed(list(pattern.finditer(buf, lo, cut))):
            at = m.end()
            if at > lo and not any(a < at < b for a, b in phrases):
                return at
        return None
    return safe


def _cut_point(buf: str, target: int, hard: int, eof: bool,
               safe: Callable[[str, int, regex.Pattern], int | None] | None = None) -> int | None:
    """Where to end the next chunk of ``buf``, or None when more input is needed."""
    if len(buf) < target:
        return len(buf) if eof and buf else None
    if len(buf) < target + target // 2:
        # Read ahead: a short tail goes with the chunk before it (no chunk without context).
        return len(buf) if eof else None
    m = _PARAGRAPH_BREAK.search(buf, target - 1 if target > 0 else 0, hard)
    if m is not None and (m.end() < len(buf) or eof):
        return m.end()
    if len(buf) < hard + (_SAFE_REACH if safe is not None else 0) and not eof:
        return None  # the paragraph may end in the next piece (and a phrase run past the cut)
    if eof and len(buf) <= hard:
        return len(buf)
    window = min(len(buf), hard)
    cut = _last(_PARAGRAPH_BREAK, buf, window)
    if cut:
        return cut
    # Inside a paragraph a phrase can run across the cut ("prisoners of\nbattle",
    # "essentially the most" in a line of 100,000): after a line end or a sentence end, or
    # else between words, and never inside a phrase of the lexicons when they are known.
    for pattern in (_NEWLINE, _SENTENCE_END, _SPACE):
        cut = _last(pattern, buf, window)
        if cut and safe is not None:
            cut = safe(buf, cut, pattern)
        if cut:
            return cut
    return window


def iter_chunks(fh: TextIO, chunk_size: int = DEFAULT_CHUNK_SIZE, read_size: int = READ_SIZE,
                config: Config | None = None) -> Iterator[str]:
    """Cut a text stream into chunks of whole paragraphs of about ``chunk_size`` characters.

    ``"".join(iter_chunks(fh)) == fh.read()`` always holds; no chunk is longer than
    ``HARD_FACTOR * chunk_size`` characters, so the buffer stays bounded. With ``config``, a
    cut inside a paragraph never splits a phrase of its lexicons.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be positive")
    hard = HARD_FACTOR * chunk_size
    safe = _phrase_safe(config) if config is not None else None
    buf = ""
    eof = False
    while not eof:
        piece = fh.read(read_size)
        if not isinstance(piece, str):
            raise TypeError(f"the stream must give text (str), not {type(piece).__name__}: open it in text mode")
        if not piece:
            eof = True
        else:
            buf += piece
        while buf:
            cut = _cut_point(buf, chunk_size, hard, eof, safe)
            if cut is None:
                break
            yield buf[:cut]
            buf = buf[cut:]


# --------------------------------------------------------------------------- input

def validate_stream(fh: BinaryIO, name: str, encoding: str = "utf-8", block: int = 1 << 18) -> int:
    """Check that the whole byte stream decodes; return its size in bytes. Raises InputError."""
    try:
        dec = codecs.getincrementaldecoder(encoding)(errors="strict")
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    offset = 0
    first = True
    while True:
        data = fh.read(block)
        if first:
            sniff(data, name, encoding)
            first = False
        try:
            dec.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            # exc.object is the bytes the decoder held back from the blocks before (an
            # incomplete character) followed by this block: a character cut off by the end
            # of the file is reported where it starts, as decode() reports it.
            held = len(exc.object) - len(data)
            where = offset - held + exc.start
            raise undecodable(name, encoding, exc.object[exc.start:exc.start + 1], where) from None
        if not data:
            return offset
        offset += len(data)


def open_text(path: str | Path, encoding: str = "utf-8", validate: bool = True) -> TextIO:
    """Open a file for streaming, with the same errors as :func:`restore.inputs.read_path`."""
    p = Path(path)
    try:
        if validate:
            with open(p, "rb") as raw:
                validate_stream(raw, display_name(p), encoding)
        fh = open(p, "r", encoding=encoding, newline="")
    except OSError as exc:
        raise open_error(p, exc) from None
    return _BomStripper(fh)


class _BomStripper(io.TextIOBase):
    """Drops a leading byte-order mark, as :func:`restore.inputs.decode` does."""

    def __init__(self, fh: TextIO):
        self._fh = fh
        self._first = True

    def read(self, size: int | None = -1) -> str:  # type: ignore[override]
        data = self._fh.read(size)
        if self._first and data:
            self._first = False
            if data.startswith("\ufeff"):
                data = data[1:]
                if not data:
                    data = self._fh.read(size)
        return data

    def close(self) -> None:
        self._fh.close()
        super().close()


# --------------------------------------------------------------------------- processing

@dataclass(frozen=True, slots=True)
class Chunk:
    """One restored chunk and where it sits in the whole document."""

    index: int
    offset: int   # character offset of the chunk's first character in the document
    line: int     # 1-based line of the chunk's first character
    col: int      # 1-based column of the chunk's first character
    result: Restoration

    def spans(self) -> Iterator[Span]:
        """The chunk's spans with offsets in the whole document."""
        from dataclasses import replace
        for s in self.result.spans:
            yield replace(s, start=s.start + self.offset, end=s.end + self.offset)

    def position(self, span: Span) -> tuple[int, int]:
        """Document line and column of a span of this chunk (chunk-relative offsets)."""
        return _moved(self.line, self.col, self.result.original, span.start)


def _moved(line: int, col: int, text: str, offset: int) -> tuple[int, int]:
    """Document line and column of ``offset`` in ``text``, which starts at ``line``:``col``."""
    at_line, at_col = line_col(text, offset)
    if at_line == 1:
        return line, col + at_col - 1
    return line + at_line - 1, at_col


@dataclass
class StreamSummary:
    """What a stream amounted to, updated chunk by chunk."""

    chars: int = 0
    chunks: int = 0
    spans: int = 0
    applied: int = 0
    changed: bool = False
    spin_weighted: float = 0.0
    max_chunk_spin: float = 0.0
    # The score of an empty input, which has no chunks: what restore.fix("") gives (set by
    # stream_fix when the stream ends without a chunk).
    empty_spin: float = 0.0
    _sha: "hashlib._Hash" = field(default_factory=hashlib.sha256, repr=False)

    def add(self, chunk: Chunk) -> None:
        r = chunk.result
        n = len(r.original)
        self.chars += n
        self.chunks += 1
        self.spans += len(r.spans)
        self.applied += len(r.applied)
        self.changed = self.changed or r.changed
        self.spin_weighted += r.spin_score * n
        self.max_chunk_spin = max(self.max_chunk_spin, r.spin_score)
        self._sha.update(r.original.encode("utf-8"))

    @property
    def spin_score(self) -> float:
        """Running spin score: the chunks' scores weighted by their length."""
        return round(self.spin_weighted / self.chars, 4) if self.chars else self.empty_spin

    @property
    def sha256(self) -> str:
        """SHA-256 of the UTF-8 text seen so far (same as :func:`restore.formats.sha256`)."""
        return self._sha.hexdigest()


def _analyse_chunk(text: str, config: Config) -> Restoration:
    from .engine import analyse
    return analyse(text, config)


def _check_args(config: Config | None, chunk_size: int, jobs: int) -> None:
    """The arguments shared by :func:`stream_fix` and :func:`fix_file`, checked at the call
    as the other library functions check theirs: a generator would only fail at its first
    chunk, and fix_file after reading the whole file to validate it."""
    if config is not None:
        check_arg(config, (Config,), "config", "a restore.Config or None")
    check_count(chunk_size, "chunk_size")
    check_count(jobs, "jobs")


def stream_fix(fh: TextIO, config: Config | None = None, chunk_size: int = DEFAULT_CHUNK_SIZE,
               jobs: int = 1, summary: StreamSummary | None = None) -> Iterator[Chunk]:
    """Restore a text stream chunk by chunk, yielding :class:`Chunk` objects in order.

    ``fh`` is a text stream (str pieces). Offsets count the characters it gives: open a
    file with ``newline=""`` (as :func:`open_text` does), since a text-mode file opened
    without it turns each CRLF into one "\n" and the offsets no longer match the file's
    text as ``restore.fix`` and the CLI read it. ``jobs > 1`` restores chunks in parallel
    processes (at most a few chunks in flight, so memory stays bounded). Pass a
    :class:`StreamSummary` to collect totals as you go. The arguments are checked at the
    call (TypeError, ValueError), not at the first chunk: a str, bytes or a binary stream
    is refused with a TypeError.
    """
    _check_args(config, chunk_size, jobs)
    _check_text_stream(fh)
    if summary is not None:
        check_arg(summary, (StreamSummary,), "summary", "a StreamSummary or None")
    return _stream_fix(fh, config or Config(), chunk_size, jobs, summary)


def _check_text_stream(fh: object) -> None:
    """A text stream, checked at the call: a str or a binary stream would otherwise fail at
    the first chunk, with a message about concatenating bytes."""
    if isinstance(fh, (str, bytes, bytearray)):
        raise TypeError(f"fh must be a text stream (a file opened with open(path, encoding=..., newline='') "
                        f"or io.StringIO), not {type(fh).__name__}; for a text in memory use restore.fix(text) "
                        "or io.StringIO(text)")
    if not callable(getattr(fh, "read", None)):
        raise TypeError(f"fh must be a text stream with a read() method, not {type(fh).__name__}")
    if isinstance(fh, (io.RawIOBase, io.BufferedIOBase)) or "b" in str(getattr(fh, "mode", "")):
        raise TypeError(f"fh must be a text stream, not the binary stream {type(fh).__name__}; open the file in "
                        "text mode (open(path, encoding='utf-8', newline='')) or use restore.streaming.open_text")


def _stream_fix(fh: TextIO, cfg: Config, chunk_size: int, jobs: int,
                summary: StreamSummary | None) -> Iterator[Chunk]:
    if jobs > 1:
        warm_up(cfg)
    offset, line, col = 0, 1, 1
    chunks = iter_chunks(fh, chunk_size, config=cfg)
    for index, result in enumerate(ordered_map(partial(_analyse_chunk, config=cfg), chunks, jobs)):
        chunk = Chunk(index, offset, line, col, result)
        if summary is not None:
            summary.add(chunk)
        yield chunk
        text = result.original
        offset += len(text)
        line, col = _moved(line, col, text, len(text))
    if summary is not None and not summary.chunks:
        # An empty input: the same score as the whole-text path gives it.
        summary.empty_spin = _analyse_chunk("", cfg).spin_score


def fix_file(src: str | Path, dst: str | Path | None = None, config: Config | None = None,
             encoding: str = "utf-8", chunk_size: int = DEFAULT_CHUNK_SIZE, jobs: int = 1,
             on_chunk: Callable[[Chunk], None] | None = None) -> StreamSummary:
    """Stream ``src`` into ``dst`` (atomically; ``dst`` may be ``src`` itself to restore in
    place: the file is only replaced when something changed). Returns the summary.

    With ``dst=None`` nothing is written: ``src`` is only analysed, and the summary (and
    ``on_chunk``) tell what a restoration would change (``summary.changed`` is True when
    something would be; the file itself is left as it is)."""
    _check_args(config, chunk_size, jobs)
    summary = StreamSummary()
    target = Path(dst) if dst is not None else None
    with open_text(src, encoding) as fh:
        writer = AtomicWriter(target, encoding) if target is not None else None
        try:
            for chunk in stream_fix(fh, config, chunk_size, jobs, summary):
                if writer is not None:
                    writer.write(chunk.result.text)
                if on_chunk is not None:
                    on_chunk(chunk)
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
    if writer is not None:
        same = target.exists() and Path(src).resolve() == target.resolve()
        if same and not summary.changed:
            writer.abort()
        else:
            writer.commit()
    return summary


def restored_text(chunks: Iterable[Chunk]) -> Iterator[str]:
    """The restored text of each chunk, in order."""
    for chunk in chunks:
        yield chunk.result.text
