"""Clean text this machine already has: the prose of /usr/share/doc and the man pages.

Technical prose says its own words again and again ("query" on every line of a database
manual), writes like non-native writers ("ended up to be", "alongside with") and mixes in
code: a kind of clean text that the other sets hold little of. What is installed differs
from machine to machine, so the figures are comparable only on one machine; the section
is opt-in (``--with systemdocs``, or ``--full``) and says so when nothing is found.

* documentation: files under /usr/share/doc named README*, NEWS*, FAQ*, changelog*, *.txt
  or *.md (gzip-compressed or not), their paragraphs of prose only (no code, lists or
  tables), one text per file;
* man pages: /usr/share/man/man1-8, rendered to text with ``groff -man -Tutf8`` where groff
  is installed, their paragraphs of prose only, one text per page.

A quick run reads one file in eight of each; ``--full`` all of them. Reported: words, applied
edits, edits per 10,000 words, texts scored as spun, and the first edits found.

    python -m benchmarks.systemdocs [--full]
"""
from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import restore  # noqa: E402
from benchmarks.run import DEFAULT_JOBS_MAX, parallel_map  # noqa: E402

TITLE = "Clean text of this machine: /usr/share/doc prose and man pages"
DOC_DIR = Path("/usr/share/doc")
MAN_DIR = Path("/usr/share/man")
_DOC_NAME = re.compile(r"^(?:README|NEWS|FAQ|changelog)|\.(?:txt|md)(?:\.gz)?$", re.I)
QUICK_STRIDE = 8
MIN_PARAGRAPH_WORDS = 15
EXAMPLES = 10


def prose(text: str) -> str:
    """The paragraphs of ``text`` that read as prose: most lines not indented or marked up
    as code, lists or tables, mostly letters, at least MIN_PARAGRAPH_WORDS words."""
    kept = []
    for para in re.split(r"\n\s*\n", text):
        # A man page indents all of its body text: what is indented further is code.
        lines = textwrap.dedent(para).splitlines()
        if not lines:
            continue
        marked = sum(1 for line in lines if line.startswith(("    ", "\t", "$", "#", ">", "|", "-", "*", "+", "=")))
        if marked > len(lines) / 2:
            continue
        joined = re.sub(r"\s+", " ", " ".join(line.strip() for line in lines)).strip()
        if len(joined.split()) < MIN_PARAGRAPH_WORDS or sum(c.isalpha() for c in joined) < 0.7 * len(joined):
            continue
        kept.append(joined)
    return "\n\n".join(kept)


def _read_doc(path: str) -> str:
    try:
        raw = gzip.open(path).read() if path.endswith(".gz") else Path(path).read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError, EOFError):
        return ""
    return "" if "\x00" in text else prose(text)


def _read_man(path: str) -> str:
    try:
        page = gzip.open(path).read() if path.endswith(".gz") else Path(path).read_bytes()
        done = subprocess.run(["groff", "-man", "-Tutf8", "-P-c", "-P-b", "-P-u"], input=page,
                              capture_output=True, timeout=30)
    except (OSError, EOFError, subprocess.TimeoutExpired):
        return ""
    return prose(done.stdout.decode("utf-8", "replace"))


def _restore_one(job: tuple[str, str]) -> tuple[int, bool, list[str]]:
    kind, path = job
    text = _read_man(path) if kind == "man" else _read_doc(path)
    if not text:
        return 0, False, []
    result = restore.fix(text)
    edits = [f"{Path(path).name}: ...{text[max(0, s.start - 40):s.start]}[{s.text} -> {s.suggestion}]"
             f"{text[s.end:s.end + 30]}... ({s.rule}, {s.confidence:.2f})".replace("\n", " ")
             for s in result.applied]
    return len(text.split()), result.spin_score >= 0.5, edits


def files(quick: bool) -> dict[str, list[str]]:
    """The documentation files and man pages to read (empty lists where none are found)."""
    docs = sorted(str(p) for p in DOC_DIR.rglob("*") if p.is_file() and _DOC_NAME.search(p.name)) if DOC_DIR.is_dir() else []
    man = sorted(str(p) for p in MAN_DIR.glob("man[1-8]/*") if p.is_file()) if MAN_DIR.is_dir() and shutil.which("groff") else []
    stride = QUICK_STRIDE if quick else 1
    return {"documentation": docs[::stride], "man pages": man[::stride]}


def run(quick: bool = True) -> dict:
    out: dict[str, object] = {"quick": quick}
    jobs = min(DEFAULT_JOBS_MAX, os.cpu_count() or 1)
    for name, paths in files(quick).items():
        if not paths:
            where = DOC_DIR if name == "documentation" else f"{MAN_DIR} with groff"
            out[name] = f"ABSENT: nothing found ({where})"
            continue
        kind = "man" if name == "man pages" else "doc"
        rows = parallel_map(_restore_one, [(kind, p) for p in paths], jobs)
        words = sum(r[0] for r in rows)
        edits = [e for r in rows for e in r[2]]
        out[name] = {"files": len(paths), "texts": sum(1 for r in rows if r[0]), "words": words,
                     "edits": len(edits), "per_10k_words": round(len(edits) / max(1, words) * 1e4, 3),
                     "texts_scored_spun": sum(1 for r in rows if r[1]), "examples": edits[:EXAMPLES]}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--full", action="store_true", help="every file, not one in eight")
    args = ap.parse_args(argv)
    for name, value in run(quick=not args.full).items():
        if isinstance(value, dict):
            for key, v in value.items():
                if key == "examples":
                    for e in v:
                        print(f"{name}: {e}")
                else:
                    print(f"{name} {key}: {v}")
        else:
            print(f"{name}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
