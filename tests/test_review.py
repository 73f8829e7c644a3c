"""`restore-text review`: driven through a real pseudo-terminal, and through a pipe."""
from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from restore.cli import main
from restore.commands.review import render_context, sentence_bounds
from restore.model import Span

ROOT = Path(__file__).resolve().parent.parent


TEXT = ("The talks on Could 19 were essentially the most productive.\n\n"
        "They want to end the battle soon. The battle went on.\n")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


@pytest.fixture
def setup(tmp_path, lexicon_path):
    lex = lexicon_path
    doc = tmp_path / "article.txt"
    doc.write_text(TEXT, encoding="utf-8")
    return tmp_path, doc, ["--no-builtin", "-l", str(lex), "--assume-spun"]


def _controlling_terminal() -> None:
    """In the child, after setsid(): make the pseudo-terminal (stdin) its controlling
    terminal, so that Ctrl-C becomes SIGINT as on a real terminal."""
    import fcntl
    import termios

    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """A child process on a pseudo-terminal, with expect-style reading."""

    def __init__(self, args: list[str], cwd: Path):
        import pty
        import termios

        self.master, slave = pty.openpty()
        attrs = termios.tcgetattr(slave)
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
                   TERM="xterm", COLUMNS="100", LINES="40")
        self.proc = subprocess.Popen([sys.executable, "-m", "restore", *args], stdin=slave, stdout=slave,
                                     stderr=slave, cwd=cwd, env=env, close_fds=True, start_new_session=True,
                                     preexec_fn=_controlling_terminal)
        os.close(slave)
        self.buffer = ""

    def read_until(self, pattern: str, timeout: float = 60.0) -> str:
        """Read output until ``pattern`` (a regex) appears; return everything read so far."""
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern)
        while not rx.search(ANSI.sub("", self.buffer)):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"timed out waiting for {pattern!r}; output so far:\n{self.buffer}")
            ready, _, _ = select.select([self.master], [], [], min(remaining, 0.5))
            if ready:
                try:
                    data = os.read(self.master, 4096)
                except OSError:  # the child closed the terminal
                    data = b""
                if not data:
                    if self.proc.poll() is not None:
                        raise AssertionError(f"process ended before {pattern!r}; output:\n{self.buffer}")
                    continue
                self.buffer += data.decode("utf-8", errors="replace")
        return ANSI.sub("", self.buffer)

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode("utf-8"))

    def wait(self, timeout: float = 60.0) -> int:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    self.buffer += os.read(self.master, 4096).decode("utf-8", errors="replace")
                except OSError:
                    break
        return self.proc.wait(timeout=max(1.0, deadline - time.monotonic()))

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        os.close(self.master)


@pytest.fixture
def terminal():
    terms = []

    def start(args, cwd):
        t = Terminal([str(a) for a in args], cwd)
        terms.append(t)
        return t

    yield start
    for t in terms:
        t.close()


def _findings(tmp: Path, doc: Path, lex: list[str]) -> list[dict]:
    r = CliRunner().invoke(main, [*lex, "-f", "json", str(doc)])
    return json.loads(r.output)["documents"][0]["spans"]


def test_review_in_a_pseudo_terminal(setup, terminal):
    tmp, doc, lex = setup
    spans = _findings(tmp, doc, lex)
    assert [s["text"] for s in spans] == ["Could", "essentially the most", "battle", "battle"]
    t = terminal(["review", *lex, doc], tmp)
    out = t.read_until(r"finding 1 of 4.*\n(.*\n)*.*\[y,n.*\]\? ")
    assert "on [-Could-]{+May+} 19 were" in out
    assert "followed by a day number" in out  # the evidence
    assert "confidence" in out
    t.send("?")  # help, then the same prompt again
    out = t.read_until(r"q - quit")
    t.send("y")  # accept May
    t.read_until(r"finding 2 of 4")
    t.send("n")  # reject "the most"
    out = t.read_until(r"finding 3 of 4(.*\n)*.*alternatives: .*conflict")
    alternatives = re.findall(r"alternatives: (.*)", out)[-1]
    number = re.search(r"(\d)\) conflict", alternatives).group(1)
    t.send("b")  # back to 2: the decision is shown
    t.read_until(r"decided so far: rejected")
    t.send("s")  # leave it as rejected and move on
    t.read_until(r"finding 3 of 4(.*\n)*(.*\n)*.*finding 3 of 4")
    t.send(number)  # the alternative "conflict"
    t.read_until(r"finding 4 of 4")
    t.send("e")
    t.read_until(r"Replacement for 'battle'")
    t.send("fighting\r")
    t.read_until(r"fighting")  # typed text is echoed (the line mode is back)
    assert t.wait() == 0
    out = ANSI.sub("", t.buffer)
    assert "Wrote" in out
    result = (tmp / "article.restored.txt").read_text(encoding="utf-8")
    assert result == ("The talks on May 19 were essentially the most productive.\n\n"
                      "They want to end the conflict soon. The fighting went on.\n")
    assert doc.read_text(encoding="utf-8") == TEXT  # the input is untouched
    log = json.loads((tmp / "article.review.json").read_text(encoding="utf-8"))
    assert log["schema"] == "restore-text/review/1" and log["finished"] is True
    assert [d["decision"] for d in log["decisions"]] == ["accepted", "rejected", "alternative", "edited"]
    assert [d["replacement"] for d in log["decisions"]] == ["May", None, "conflict", "fighting"]


def test_quit_keeps_decisions_so_far(setup, terminal):
    tmp, doc, lex = setup
    out = tmp / "reviewed.txt"
    t = terminal(["review", *lex, "-o", out, "--log", tmp / "decisions.json", doc], tmp)
    t.read_until(r"finding 1 of 4")
    t.send("y")
    t.read_until(r"finding 2 of 4")
    t.send("q")
    assert t.wait() == 0
    assert out.read_text(encoding="utf-8") == TEXT.replace("Could 19", "May 19")
    log = json.loads((tmp / "decisions.json").read_text(encoding="utf-8"))
    assert log["finished"] is False
    assert [d["decision"] for d in log["decisions"]] == ["accepted", "undecided", "undecided", "undecided"]


def test_ctrl_c_writes_nothing(setup, terminal):
    tmp, doc, lex = setup
    t = terminal(["review", *lex, doc], tmp)
    t.read_until(r"finding 1 of 4")
    t.send("y")
    t.read_until(r"finding 2 of 4")
    t.send("\x03")
    assert t.wait() == 130
    assert not (tmp / "article.restored.txt").exists()
    assert not (tmp / "article.review.json").exists()


def test_in_place_review(setup, terminal):
    tmp, doc, lex = setup
    os.chmod(doc, 0o640)
    t = terminal(["review", *lex, "--in-place", "--no-log", doc], tmp)
    for k in range(1, 5):
        t.read_until(rf"finding {k} of 4")
        t.send("y")
    assert t.wait() == 0
    assert doc.read_text(encoding="utf-8") == ("The talks on May 19 were the most productive.\n\n"
                                               "They want to end the war soon. The war went on.\n")
    assert oct(doc.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in tmp.iterdir()) == ["article.txt"]


# --------------------------------------------------------------------------- without a terminal

def test_review_from_a_pipe_and_apply_the_log(setup):
    tmp, doc, lex = setup
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 keeps stderr apart by default
        runner = CliRunner()
    r = runner.invoke(main, ["review", *lex, str(doc)], input="y\nn\ne\nbrawl\ns\n")
    assert r.exit_code == 0, r.output
    reviewed = (tmp / "article.restored.txt").read_text(encoding="utf-8")
    assert reviewed == TEXT.replace("Could 19", "May 19").replace("end the battle", "end the brawl")
    # the decisions log replays onto the original
    r = runner.invoke(main, ["apply", str(tmp / "article.review.json"), str(doc)])
    assert r.exit_code == 0
    assert r.stdout == reviewed


def test_an_earlier_review_is_not_written_over_without_force(setup):
    tmp, doc, lex = setup
    assert CliRunner().invoke(main, ["review", *lex, str(doc)], input="y\n").exit_code == 0
    earlier = (tmp / "article.review.json").read_text(encoding="utf-8")
    r = CliRunner().invoke(main, ["review", *lex, str(doc)], input="n\n")
    assert r.exit_code == 2 and "--force" in r.output
    assert (tmp / "article.review.json").read_text(encoding="utf-8") == earlier
    assert CliRunner().invoke(main, ["review", *lex, "--force", str(doc)], input="n\n").exit_code == 0
    assert (tmp / "article.review.json").read_text(encoding="utf-8") != earlier


def test_no_decision_at_all_writes_nothing(setup):
    tmp, doc, lex = setup
    r = CliRunner().invoke(main, ["review", *lex, str(doc)], input="")  # end of input at once
    assert r.exit_code == 0 and "nothing written" in r.output
    assert sorted(p.name for p in tmp.iterdir()) == ["article.txt"]


def test_review_refuses_to_overwrite_the_input(setup):
    tmp, doc, lex = setup
    r = CliRunner().invoke(main, ["review", *lex, "-o", str(doc), str(doc)], input="y\n")
    assert r.exit_code == 2
    assert doc.read_text(encoding="utf-8") == TEXT
    r = CliRunner().invoke(main, ["review", *lex, "--in-place", "-o", str(tmp / "x.txt"), str(doc)])
    assert r.exit_code == 2


def test_review_errors(setup):
    tmp, doc, lex = setup
    assert CliRunner().invoke(main, ["review", *lex, str(tmp / "none.txt")]).exit_code == 3
    binary = tmp / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02")
    assert CliRunner().invoke(main, ["review", *lex, str(binary)]).exit_code == 3
    broken = tmp / "broken.toml"
    broken.write_text("[[entry]]\nid = 1\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["review", "--no-builtin", "-l", str(broken), str(doc)]).exit_code == 3


def test_nothing_to_review(setup):
    tmp, doc, lex = setup
    clean = tmp / "clean.txt"
    clean.write_text("All fine here.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["review", *lex, str(clean)])
    assert r.exit_code == 0 and "No findings" in r.output and "nothing written" in r.output
    # no decision was made: nothing is written (the README's promise)
    assert not (tmp / "clean.restored.txt").exists()
    assert not (tmp / "clean.review.json").exists()


def test_review_refuses_standard_input_as_the_document(setup):
    tmp, doc, lex = setup
    r = CliRunner().invoke(main, ["review", *lex, "-"], input="The talks on Could 19.\n")
    assert r.exit_code == 2
    assert "review reads its decisions from standard input, so the document cannot come from it" in r.output
    assert not list(tmp.glob("-*"))


def test_sentence_context():
    text = "First sentence. The talks on Could 19 went well! Last one.\nNext paragraph."
    start = text.index("Could")
    left, right, cut_l, cut_r = sentence_bounds(text, start, start + 5)
    assert text[left:right] == "The talks on Could 19 went well!"
    assert not cut_l and not cut_r
    span = Span(start, start + 5, "Could", "May", confidence=0.9)
    assert render_context(text, span, "May", color=False) == "The talks on [-Could-]{+May+} 19 went well!"
    long = "word " * 100 + "Could 19 " + "word " * 100
    s = long.index("Could")
    shown = render_context(long, Span(s, s + 5, "Could", "May"), "May", color=False)
    assert shown.startswith("…") and shown.endswith("…") and len(shown) < 400
