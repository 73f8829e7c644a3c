"""``restore-text review FILE``: decide on each finding in a terminal, like ``git add -p``.

For every finding the sentence around it is shown with the suggestion inline, then the
alternatives, the confidence and the evidence, and one key decides:

    y  accept the suggestion          n  reject it (keep the text as found)
    1-9  use alternative 1-9          e  type a replacement
    s  skip (decide later)            b  go back to the previous finding
    q  quit, keeping the decisions so far (the rest stay as found)
    ?  help

The reviewed text goes to a new file (``-o``, by default ``NAME.restored.EXT`` beside the
input; never the input itself) or, with ``--in-place``, replaces the input atomically. A
JSON log of the decisions is written too (``--log``; by default ``NAME.review.json``); it
can be replayed later with ``restore-text apply LOG FILE``.

Keys are read one at a time when standard input is a terminal; otherwise one line per
answer (so that ``printf 'y\\nn\\n' | restore-text review FILE`` works in scripts).
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import click
import regex

from .. import __version__
from ..applying import apply as apply_spans
from ..casing import with_article
from ..config import DEFAULT_THRESHOLD, Config
from ..formats import confidence_text, line_col, one_line, sha256
from ..html import span_choices
from ..inputs import AtomicWriter, InputError, display_name, encoding_of_copy, read_path
from ..lexicon import LexiconError
from ..model import Restoration, Span
from .options import (ENCODING, EXIT_INPUT, EXIT_USAGE, PROBABILITY, interrupted_code, named_file,
                      overwrite_refusal, warn_unknown_disabled)

REVIEW_SCHEMA = "restore-text/review/1"
_CONTEXT = 160  # characters of context shown on each side at most
# An indefinite article (a whole word) right before a span, with the space after it.
_ARTICLE_BEFORE = regex.compile(r"(?i)(?<![\w'’])an?[ \t\u00a0]+$")
_ARTICLE_START = regex.compile(r"(?i)an?\s")
_SENTENCE_END = regex.compile(r"[.!?…][\"'”’)\]]*\s+|\n")

HELP = """\
y - accept the suggestion
n - reject it: keep the text as found
1-9 - use that alternative instead
e - type your own replacement
s - skip this finding for now (it stays as found unless you come back)
b - go back to the previous finding
q - quit: save the decisions made so far; the rest stay as found
? - print this help"""


@dataclass
class Decision:
    action: str = "undecided"  # accepted | rejected | alternative | edited | skipped | undecided
    replacement: str | None = None
    # An alternative that needs the other article ("an settlement" -> "a village"): the
    # decision then starts at the article before the span, and the replacement has it.
    start: int | None = None

    @property
    def changes_text(self) -> bool:
        return self.action in ("accepted", "alternative", "edited")


# --------------------------------------------------------------------------- key input

class Keys:
    """One key at a time from a terminal, or one line at a time from a pipe.

    On a terminal the session runs in cbreak mode without echo (keys arrive one by one,
    Ctrl-C still interrupts); typing a replacement switches back to the normal line mode.
    """

    def __init__(self) -> None:
        self.stdin = sys.stdin
        try:
            self.tty = self.stdin.isatty()
        except (AttributeError, ValueError):
            self.tty = False
        self._saved = None

    def __enter__(self) -> "Keys":
        if self.tty:
            import termios
            import tty

            fd = self.stdin.fileno()
            self._saved = termios.tcgetattr(fd)
            tty.setcbreak(fd, termios.TCSANOW)  # not TCSAFLUSH: keep keys typed ahead
        return self

    def __exit__(self, *exc) -> None:
        self._restore()

    def _restore(self) -> None:
        if self._saved is not None:
            import termios
            termios.tcsetattr(self.stdin.fileno(), termios.TCSADRAIN, self._saved)

    def key(self) -> str:
        if not self.tty:
            line = self.stdin.readline()
            if not line:
                return "q"  # end of input: quit, keeping the decisions
            line = line.strip()
            return line[:1] if line else ""
        fd = self.stdin.fileno()
        data = os.read(fd, 1)
        if data == b"\x1b":  # an escape sequence (arrow key): swallow it
            import select
            while select.select([fd], [], [], 0.02)[0]:
                os.read(fd, 16)
            return ""
        if data in (b"\x04", b""):
            return "q"
        if data == b"\x03":  # Ctrl-C when the terminal does not turn it into SIGINT
            raise KeyboardInterrupt
        while data[0] >= 0xC0 and len(data) < 4:  # the rest of a UTF-8 character
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                data += os.read(fd, 1)
        return data.decode("utf-8", errors="replace")

    def line(self, prompt: str) -> str | None:
        if self.tty:
            import termios
            import tty

            self._restore()  # line mode with echo, before the prompt invites typing
            try:
                click.echo(prompt, nl=False)
                sys.stdout.flush()
                line = self.stdin.readline()
            finally:
                tty.setcbreak(self.stdin.fileno(), termios.TCSANOW)
        else:
            click.echo(prompt, nl=False)
            sys.stdout.flush()
            line = self.stdin.readline()
        if not line:
            return None
        return line.rstrip("\r\n")


# --------------------------------------------------------------------------- display

def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int, bool, bool]:
    """The sentence (within its paragraph) around ``text[start:end]``, at most ``_CONTEXT``
    characters on each side: ``(left, right, cut_left, cut_right)``."""
    lo = max(0, start - _CONTEXT)
    left, cut_left = lo, lo > 0
    for m in _SENTENCE_END.finditer(text, lo, start):
        left, cut_left = m.end(), False
    hi = min(len(text), end + _CONTEXT)
    m = _SENTENCE_END.search(text, end, hi)
    if m:
        return left, m.start() + len(m.group().rstrip()), cut_left, False
    return left, hi, cut_left, hi < len(text)


def render_context(text: str, span: Span, replacement: str | None, color: bool) -> str:
    """The sentence around ``span`` with the change inline: ``on [-Could-]{+May+} 19``."""
    left, right, cut_left, cut_right = sentence_bounds(text, span.start, span.end)
    # The document's own text is shown with its line breaks as ⏎ and its control characters
    # escaped (one_line): a CR or an escape sequence in it must not drive the terminal, and
    # the context stays one indented line.
    before = ("…" if cut_left else "") + one_line(text[left:span.start])
    after = one_line(text[span.end:right]) + ("…" if cut_right else "")
    found = one_line(span.text)
    old = click.style(f"[-{found}-]", fg="red", bold=True) if color else f"[-{found}-]"
    new = ""
    if replacement is not None:
        shown_new = one_line(replacement)
        new = click.style(f"{{+{shown_new}+}}", fg="green", bold=True) if color else f"{{+{shown_new}+}}"
    return before + old + new + after


def _default_output(path: Path) -> Path:
    if path.suffix:
        return path.with_name(f"{path.stem}.restored{path.suffix}")
    return path.with_name(f"{path.name}.restored")


def _default_log(path: Path) -> Path:
    stem = path.stem if path.suffix else path.name
    return path.with_name(f"{stem}.review.json")


# --------------------------------------------------------------------------- session

class Session:
    def __init__(self, path: Path, text: str, result: Restoration, config: Config, color: bool):
        self.path = path
        self.text = text
        self.result = result
        self.spans = list(result.spans)
        self.choices = [span_choices(s, config) for s in self.spans]
        self.decisions = [Decision() for _ in self.spans]
        self.color = color
        self.keys = Keys()
        self.finished = False

    def style(self, text: str, **kw) -> str:
        return click.style(text, **kw) if self.color else text

    def show(self, i: int) -> None:
        s, d = self.spans[i], self.decisions[i]
        choices = self.choices[i]
        line, col = line_col(self.text, s.start)
        head = f"── finding {i + 1} of {len(self.spans)} · line {line}, column {col} · rule {s.rule} "
        click.echo("")
        click.echo(self.style(head + "─" * max(3, 72 - len(head)), fg="cyan"))
        click.echo("  " + render_context(self.text, s, choices[0], self.color))
        mark = "applied by default" if s.applied else "below the threshold: not applied by default"
        click.echo(f"  suggestion: {self.style(one_line(choices[0]), bold=True)}   confidence {confidence_text(s.confidence, self.result.threshold)} ({mark})")
        if len(choices) > 1:
            alts = "  ".join(f"{k}) {one_line(c)}" for k, c in enumerate(choices[1:10], 1))
            click.echo(f"  alternatives: {alts}")
        for ev in s.evidence:
            click.echo(self.style(f"    - {one_line(ev)}", dim=True))
        if d.action != "undecided":
            what = d.action if d.replacement is None else f"{d.action}: {d.replacement!r}"
            click.echo(self.style(f"  (decided so far: {what})", fg="yellow"))

    def prompt(self, i: int) -> str:
        n_alt = len(self.choices[i]) - 1
        alt = f",1-{min(n_alt, 9)}" if n_alt > 1 else (",1" if n_alt == 1 else "")
        s = self.spans[i]
        q = f"Restore {s.text!r} -> {self.choices[i][0]!r} [y,n{alt},e,s,b,q,?]? "
        return self.style(q, fg="blue", bold=True)

    def run(self) -> None:
        i = 0
        n = len(self.spans)
        on_screen = -1  # the finding last shown (not shown again after "?" or a bad key)
        while 0 <= i < n:
            if on_screen != i:
                self.show(i)
                on_screen = i
            click.echo(self.prompt(i), nl=False)
            sys.stdout.flush()
            key = self.keys.key()
            if self.keys.tty:
                click.echo(key if key.isprintable() else "")
            choices = self.choices[i]
            if key == "y":
                self.decisions[i] = Decision("accepted", choices[0])
                i += 1
            elif key == "n":
                self.decisions[i] = Decision("rejected")
                i += 1
            elif key.isdigit() and 1 <= int(key) < len(choices) and int(key) <= 9:
                self.decisions[i] = self.alternative(i, choices[int(key)])
                i += 1
            elif key == "e":
                typed = self.keys.line(f"Replacement for {self.spans[i].text!r} (empty to cancel): ")
                if typed is None:
                    break
                if typed:
                    self.decisions[i] = Decision("edited", typed)
                    i += 1
            elif key == "s":
                if self.decisions[i].action == "undecided":
                    self.decisions[i] = Decision("skipped")
                i += 1
            elif key == "b":
                if i == 0:
                    click.echo("(this is the first finding)")
                else:
                    i -= 1
            elif key == "q":
                break
            elif key == "?":
                click.echo(self.style(HELP, fg="red"))
            else:
                click.echo(self.style("(press ? for help)", fg="red"))
        else:
            self.finished = True

    def alternative(self, i: int, choice: str) -> Decision:
        """Picking ``choice`` for span ``i``: when the article just before the span (outside
        it) does not fit the choice, it is changed too, as the suggestion's would be."""
        s = self.spans[i]
        m = _ARTICLE_BEFORE.search(self.text, max(0, s.start - 16), s.start)
        earlier_end = self.spans[i - 1].end if i > 0 else 0
        if m is None or m.start() < earlier_end or _ARTICLE_START.match(choice):
            return Decision("alternative", choice)
        fitted = with_article(m.group(), choice)
        if fitted == m.group() + choice:
            return Decision("alternative", choice)
        return Decision("alternative", fitted, start=m.start())

    def chosen_span(self, k: int) -> Span:
        """Span ``k`` as decided: where it starts, what it covers and its replacement."""
        s, d = self.spans[k], self.decisions[k]
        if d.start is None:
            return replace(s, suggestion=d.replacement, applied=True)
        return replace(s, start=d.start, text=self.text[d.start:s.end], suggestion=d.replacement, applied=True)

    # ---- results
    def reviewed_text(self) -> str:
        chosen = [self.chosen_span(k) for k, d in enumerate(self.decisions) if d.changes_text]
        return apply_spans(self.text, chosen, only_applied=True)

    def log(self, output: Path, reviewed: str) -> dict:
        return {
            "schema": REVIEW_SCHEMA,
            "version": __version__,
            "input": display_name(self.path),
            "input_sha256": sha256(self.text),
            "output": str(output),
            "output_sha256": sha256(reviewed),
            "finished": self.finished,
            "threshold": self.result.threshold,
            "spin_score": self.result.spin_score,
            "decisions": [
                {**s.to_dict(), **({"start": d.start, "text": self.text[d.start:s.end]} if d.start is not None else {}),
                 "choices": self.choices[k], "decision": d.action, "replacement": d.replacement}
                for k, (s, d) in enumerate(zip(self.spans, self.decisions))
            ],
        }


def _fail(message: str, code: int) -> None:
    click.echo(f"restore-text review: error: {message}", err=True)
    sys.exit(code)


@click.command("review")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), callback=named_file,
              help="Where to write the reviewed text (default: NAME.restored.EXT beside FILE).")
@click.option("--in-place", is_flag=True, help="Replace FILE with the reviewed text (atomically).")
@click.option("--log", "log_path", type=click.Path(dir_okay=False), callback=named_file,
              help="Where to write the JSON log of the decisions (default: NAME.review.json beside FILE).")
@click.option("--no-log", is_flag=True, help="Do not write the decisions log.")
@click.option("--min-confidence", type=PROBABILITY, default=0.0, show_default=True,
              help="Review only findings at least this confident (all reported findings by default).")
@click.option("-t", "--threshold", type=PROBABILITY, default=DEFAULT_THRESHOLD, show_default=True,
              help="Confidence at which a finding counts as applied by default (shown for information).")
@click.option("-l", "--lexicon", "lexicons", multiple=True, type=click.Path(dir_okay=False),
              help="Extra lexicon file (.toml entries or .tsv table); repeatable.")
@click.option("--no-builtin", is_flag=True, help="Do not load the shipped lexicons (use only --lexicon files).")
@click.option("--disable", multiple=True, help="Entry id (or prefix*) that must not fire; repeatable.")
@click.option("--assume-spun", is_flag=True, help="Skip the document model: treat the text as spun.")
@click.option("--encoding", type=ENCODING, default="utf-8", show_default=True, help="Encoding of FILE.")
@click.option("--color/--no-color", default=None, help="Colours (default: when standard output is a terminal).")
@click.option("--force", is_flag=True,
              help="Write over an existing NAME.restored.EXT or NAME.review.json (an earlier review's work).")
def command(file, output, in_place, log_path, no_log, min_confidence, threshold, lexicons, no_builtin, disable,
            assume_spun, encoding, color, force) -> None:
    """Review the findings in FILE one by one (like `git add -p`) and write the reviewed text.

    Keys: y accept, n reject, 1-9 pick an alternative, e type a replacement, s skip,
    b back, q quit (keeping the decisions so far), ? help.
    """
    if file == "-":
        _fail("review reads its decisions from standard input, so the document cannot come from it; "
              "save it to a file and review that", EXIT_USAGE)
    path = Path(file)
    if in_place and output:
        _fail("--in-place and --output cannot be used together", EXIT_USAGE)
    target = path if in_place else Path(output) if output else _default_output(path)
    lexicon_inputs = [("the lexicon", p) for p in lexicons]
    refusal = None if in_place else overwrite_refusal(target, [("input", path), *lexicon_inputs])
    if in_place:
        refusal = overwrite_refusal(target, lexicon_inputs, "FILE")
    if refusal:
        _fail(refusal, EXIT_USAGE)
    log_target = None if no_log else Path(log_path) if log_path else _default_log(path)
    refusal = overwrite_refusal(log_target, [("input", path), *lexicon_inputs,
                                             ("the reviewed text's file", target)], "--log", in_place_advice=False)
    if refusal:
        _fail(refusal, EXIT_USAGE)
    # The default names hold an earlier review's work: never lost without being asked.
    for default, named in ((target, in_place or output), (log_target, log_path)):
        if default is not None and not named and default.exists() and not force:
            _fail(f"{display_name(default)} exists (an earlier review?); use --force to write over it, "
                  "or -o / --log to write elsewhere", EXIT_USAGE)
    try:
        text = read_path(path, encoding)
        config = Config(threshold=threshold, lexicons=tuple(Path(p) for p in lexicons), disabled=frozenset(disable),
                        assume_spun=assume_spun, builtin=not no_builtin)
        from ..engine import analyse
        warn_unknown_disabled(config, "restore-text review")
        result = analyse(text, config)
    except InputError as exc:
        _fail(str(exc), EXIT_INPUT)
    except LexiconError as exc:
        _fail(f"invalid lexicon: {exc}", EXIT_INPUT)
    if min_confidence:
        result = replace(result, spans=tuple(s for s in result.spans if s.confidence >= min_confidence))
    use_color = color if color is not None else sys.stdout.isatty()
    session = Session(path, text, result, config, use_color)
    if not session.spans:
        click.echo(f"No findings in {display_name(file)}: nothing to decide, nothing written.", err=True)
        return
    else:
        click.echo(f"{display_name(file)}: {len(session.spans)} finding{'s' if len(session.spans) != 1 else ''}, "
                   f"spin score {result.spin_score:.2f}. Press ? for help.")
        try:
            with session.keys:
                session.run()
        except KeyboardInterrupt as exc:
            click.echo("\nInterrupted: nothing written.", err=True)
            sys.exit(interrupted_code(exc))
    if session.spans and all(d.action in ("undecided", "skipped") for d in session.decisions):
        click.echo("\nNo decisions made: nothing written.")
        return
    reviewed = session.reviewed_text()
    try:
        if not (in_place and reviewed == text):
            # in place the file keeps its mark; a new file gets the input's
            with (AtomicWriter(target, encoding) if in_place
                  else AtomicWriter(target, encoding_of_copy(path, encoding), keep_bom=False)) as w:
                w.write(reviewed)
        if log_target is not None:
            with AtomicWriter(log_target) as w:
                w.write(json.dumps(session.log(target, reviewed), ensure_ascii=False, indent=2) + "\n")
    except (OSError, UnicodeEncodeError) as exc:
        _fail(f"cannot write the result: {getattr(exc, 'strerror', None) or exc}", EXIT_INPUT)
    counts: dict[str, int] = {}
    for d in session.decisions:
        counts[d.action] = counts.get(d.action, 0) + 1
    summary = ", ".join(f"{v} {k}" for k, v in counts.items()) or "nothing to decide"
    click.echo(f"\nWrote {display_name(target)}" + (f" and {display_name(log_target)}" if log_target else "") + f" ({summary}).")
