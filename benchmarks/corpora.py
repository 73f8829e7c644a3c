"""Real clean prose for the benchmark and for fitting the scoring model.

Nothing here ships with the package: the text is located (or fetched through pip) on the
machine that runs the benchmark, extracted to plain prose and cached under
``~/.cache/restore-text-bench/``. Three sources:

``pydocs``
    The Python 3.11 documentation sources (reST), Debian package ``python3.11-doc``,
    under ``/usr/share/doc/python3.11/html/_sources/``. Code blocks, directives, tables,
    headings and inline markup are dropped; prose paragraphs are kept. Licence: PSF.
``enwiki``
    The Wikipedia sample shipped as test data in the gensim wheel
    (``gensim/test/test_data/enwiki-latest-pages-articles1.xml-*.bz2``), obtained with
    ``pip download --no-deps gensim``. Wiki markup is stripped. Licence: CC BY-SA.
``news``
    News articles: the Lee corpus (Lee, Pincombe and Welsh 2005: 350 short Australian
    Broadcasting Corporation news stories, one per line), shipped as test data in the same
    gensim wheel (``gensim/test/test_data/lee_background.cor`` and ``lee.cor``). The only
    clean news prose that installs here, and news is what spinners rewrite. Used in place,
    never redistributed.

A source that is absent is reported as such (see :func:`status`), never silently replaced.

Documents are cut into article-sized chunks (paragraph boundaries, about 250-700 words)
and every chunk inherits the split of its parent document: ``train`` / ``validation`` /
``heldout`` by a hash of the parent's id. The held-out slice is never used for fitting.
"""
from __future__ import annotations

import bz2
import glob
import hashlib
import html
import json
import os
import random
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

CACHE_VERSION = 2
PYDOCS_DIR = Path("/usr/share/doc/python3.11/html/_sources")
SPLITS = ("train", "validation", "heldout")
# Share of parent documents per split (by hash bucket out of 100).
_SPLIT_BOUNDS = ((0, 55, "train"), (55, 70, "validation"), (70, 100, "heldout"))
CHUNK_MIN_WORDS = 250
CHUNK_MAX_WORDS = 700

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def cache_dir() -> Path:
    root = os.environ.get("RESTORE_BENCH_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "restore-text-bench")
    path = Path(root)
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class Document:
    id: str        # "source:parent#chunk"
    source: str
    parent: str
    split: str
    text: str

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def split_of(parent_id: str) -> str:
    """Deterministic split of a parent document: sha1 of its id, bucket out of 100."""
    bucket = int(hashlib.sha1(parent_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    for lo, hi, name in _SPLIT_BOUNDS:
        if lo <= bucket < hi:
            return name
    raise AssertionError(bucket)


# --------------------------------------------------------------------------- reST -> prose

_CODE_DIRECTIVES = {
    "code-block", "sourcecode", "code", "doctest", "testcode", "testoutput", "testsetup",
    "testcleanup", "productionlist", "highlight", "literalinclude", "toctree", "index", "module",
    "moduleauthor", "sectionauthor", "currentmodule", "image", "figure", "csv-table", "list-table",
    "table", "raw", "include", "autosummary", "opcode", "cmdoption", "option", "envvar",
    "program", "audit-event", "impl-detail", "only", "c:macro", "c:type", "c:var", "tabularcolumns",
    "math", "parsed-literal", "rubric", "glossary", "productionlist", "availability", "pdbcommand",
    "2to3fixer", "describe", "versionadded", "versionchanged", "deprecated", "deprecated-removed",
}
_UNDERLINE = re.compile(r"^([=\-~^*+#`'\".:_])\1{2,}\s*$")
_ROLE = re.compile(r":[\w:.+-]+:`([^`]*)`")
_LINK = re.compile(r"`([^`<]*?)\s*<[^`>]*>`__?")
_REF = re.compile(r"`([^`]+)`__?")
_LITERAL = re.compile(r"``([^`]+)``")
_FOOTNOTE = re.compile(r"\s*\[(?:#[\w-]*|\d+|\*)\]_")
_EMPH = re.compile(r"(\*\*|\*)(\S(?:.*?\S)?)\1")
_SUBST = re.compile(r"\|(\w[\w\s-]*)\|")
_BULLET = re.compile(r"^(?:[*\-+•]|#\.|\d+[.)]|\(\d+\)|[a-z][.)])\s+")


def _role_text(m: re.Match) -> str:
    inner = m.group(1)
    target = re.match(r"(.*?)\s*<[^>]*>$", inner, re.S)
    if target and target.group(1):
        return target.group(1)
    inner = inner.lstrip("!")
    if inner.startswith("~"):
        inner = inner[1:].rsplit(".", 1)[-1]
    return inner


def _inline_rst(text: str) -> str:
    text = _FOOTNOTE.sub("", text)
    text = _ROLE.sub(_role_text, text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _LITERAL.sub(lambda m: m.group(1), text)
    text = _REF.sub(lambda m: m.group(1), text)
    text = _EMPH.sub(lambda m: m.group(2), text)
    text = _SUBST.sub(lambda m: m.group(1), text)
    text = text.replace("\\", "")
    return " ".join(text.split())


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def rst_to_prose(source: str) -> list[str]:
    """Prose paragraphs of a reST document (code, directives, tables and titles dropped)."""
    lines = source.expandtabs(4).splitlines()
    paragraphs: list[str] = []
    skip_deeper_than: int | None = None
    i, n = 0, len(lines)
    block: list[str] = []
    block_indent = 0

    def flush() -> None:
        nonlocal block
        if block:
            para = " ".join(l.strip() for l in block)
            block = []
            literal_follows = para.endswith("::")
            if literal_follows:
                para = para[:-2].rstrip()
                para = para + ":" if para and para[-1].isalnum() else para
            if para:
                paragraphs.append(para)

    while i < n:
        line = lines[i]
        stripped = line.strip()
        ind = _indent(line)
        if skip_deeper_than is not None:
            if not stripped or ind > skip_deeper_than:
                i += 1
                continue
            skip_deeper_than = None
        if not stripped:
            if block:
                ends_literal = block[-1].rstrip().endswith("::")
                flush()
                if ends_literal:
                    skip_deeper_than = block_indent
            i += 1
            continue
        # Section titles: a line followed (or surrounded) by an underline.
        if _UNDERLINE.match(stripped):
            block = []
            i += 1
            continue
        if i + 1 < n and _UNDERLINE.match(lines[i + 1].strip()) and len(lines[i + 1].strip()) >= len(stripped) - 1:
            flush()
            i += 2
            continue
        if stripped.startswith(".. "):
            flush()
            m = re.match(r"\.\.\s+([\w:.-]+)::", stripped)
            name = m.group(1) if m else ""
            if not m or name in _CODE_DIRECTIVES or name.startswith(("c:", "py:", "cpp:")) and name.endswith(
                    ("macro", "type", "var")):
                skip_deeper_than = ind
            else:
                # Keep the body of descriptions and admonitions; drop the header and options.
                i += 1
                while i < n and lines[i].strip().startswith(":") and _indent(lines[i]) > ind:
                    i += 1
                continue
            i += 1
            continue
        if stripped.startswith((">>>", "...", "+-", "|", "$ ", "%")) or re.match(r"^=+(\s+=+)+$", stripped):
            flush()
            skip_deeper_than = ind - 1 if stripped.startswith(("+-", "|")) else None
            if stripped.startswith(">>>"):
                # skip the whole interactive session
                while i < n and lines[i].strip():
                    i += 1
                continue
            i += 1
            continue
        if re.match(r"^:[\w\s-]+:(\s|$)", stripped):  # field list / option
            flush()
            i += 1
            continue
        bullet = _BULLET.match(stripped)
        if bullet:
            flush()
            stripped = stripped[bullet.end():]
        if not block:
            block_indent = ind
        elif ind != block_indent and not bullet and block_indent == ind - 2:
            pass
        block.append(stripped)
        i += 1
    flush()
    out = []
    for para in paragraphs:
        para = _inline_rst(para)
        if _is_prose(para):
            out.append(para)
    return out


def _is_prose(para: str) -> bool:
    words = _WORD.findall(para)
    if len(words) < 6:
        return False
    letters = sum(c.isalpha() or c.isspace() for c in para)
    if letters / max(1, len(para)) < 0.85:
        return False
    if not para.rstrip()[-1:] in ".!?:;)\"'”’":
        return False
    # Identifier-heavy text (foo_bar, a.b.c, f(x)) is code, not prose.
    codeish = len(re.findall(r"\w_\w|\w\.\w+\(|\w\(\)|[{}<>=]", para))
    return codeish <= len(words) / 15


# --------------------------------------------------------------------------- wiki -> prose

_WIKI_COMMENT = re.compile(r"<!--.*?-->", re.S)
_WIKI_REF = re.compile(r"<ref[^>/]*/>|<ref[^>]*>.*?</ref>", re.S | re.I)
_WIKI_TAGGED = re.compile(r"<(math|gallery|timeline|source|syntaxhighlight|pre|code|score|hiero|chem|imagemap)"
                          r"[^>]*>.*?</\1>", re.S | re.I)
_WIKI_TEMPLATE = re.compile(r"\{\{[^{}]*\}\}")
_WIKI_TABLE = re.compile(r"\{\|[^{}]*?\|\}", re.S)
_WIKI_LINK = re.compile(r"\[\[([^\[\]]*)\]\]")
_WIKI_EXT = re.compile(r"\[(?:https?:)?//[^\s\]]+\s*([^\]]*)\]")
_WIKI_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_WIKI_SKIP_NS = re.compile(r"^\s*:?\s*(?:file|image|category|media|wikipedia|wp|template|help|portal|[a-z]{2,3}(?:-[a-z]+)?)\s*:",
                           re.I)


def _wiki_link(m: re.Match) -> str:
    inner = m.group(1)
    if _WIKI_SKIP_NS.match(inner):
        return ""
    return inner.rsplit("|", 1)[-1]


def wiki_to_prose(markup: str) -> list[str]:
    text = html.unescape(markup)
    text = _WIKI_COMMENT.sub("", text)
    text = _WIKI_REF.sub("", text)
    text = _WIKI_TAGGED.sub("", text)
    for pattern, repl in ((_WIKI_TEMPLATE, ""), (_WIKI_TABLE, "")):
        while True:
            new = pattern.sub(repl, text)
            if new == text:
                break
            text = new
    while True:
        new = _WIKI_LINK.sub(_wiki_link, text)
        if new == text:
            break
        text = new
    text = _WIKI_EXT.sub(lambda m: m.group(1), text)
    text = _WIKI_TAG.sub("", text)
    text = text.replace("'''", "").replace("''", "")
    text = html.unescape(text).replace("\u00a0", " ")
    out = []
    for line in text.splitlines():
        s = line.strip()
        if not s or s[0] in "=*#:;|!{}[<" or s.startswith("__"):
            continue
        s = re.sub(r"\(\s*[,;]?\s*\)", "", s)      # "( )" left by removed templates
        s = re.sub(r"\s+([,.;:])", r"\1", s)
        s = " ".join(s.split())
        if _is_prose(s) and len(_WORD.findall(s)) >= 8:
            out.append(s)
    return out


# --------------------------------------------------------------------------- sources

def _chunks(paragraphs: list[str]) -> list[str]:
    chunks, cur, count = [], [], 0
    for para in paragraphs:
        w = len(_WORD.findall(para))
        if cur and count + w > CHUNK_MAX_WORDS:
            chunks.append(cur)
            cur, count = [], 0
        cur.append(para)
        count += w
        if count >= CHUNK_MIN_WORDS and count >= CHUNK_MAX_WORDS * 0.6:
            chunks.append(cur)
            cur, count = [], 0
    if cur:
        if chunks and count < CHUNK_MIN_WORDS / 2:
            chunks[-1].extend(cur)
        else:
            chunks.append(cur)
    return ["\n".join(c) for c in chunks]


def _read_cache(name: str) -> list[dict] | None:
    path = cache_dir() / f"{name}.v{CACHE_VERSION}.jsonl"
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _write_cache(name: str, docs: list[dict]) -> None:
    path = cache_dir() / f"{name}.v{CACHE_VERSION}.jsonl"
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    tmp.replace(path)


def _pydocs_parents() -> list[dict] | None:
    cached = _read_cache("pydocs")
    if cached is not None:
        return cached
    if not PYDOCS_DIR.is_dir():
        return None
    docs = []
    for path in sorted(PYDOCS_DIR.rglob("*.rst.txt")):
        rel = str(path.relative_to(PYDOCS_DIR))
        if rel.startswith(("whatsnew/changelog", "license", "copyright")):
            continue
        paragraphs = rst_to_prose(path.read_text(encoding="utf-8", errors="replace"))
        if paragraphs:
            docs.append({"id": rel, "paragraphs": paragraphs})
    _write_cache("pydocs", docs)
    return docs


def _gensim_wheel(fetch: bool) -> Path | None:
    wheels = cache_dir() / "wheels"
    found = sorted(glob.glob(str(wheels / "gensim-*.whl")))
    if found:
        return Path(found[-1])
    if not fetch:
        return None
    wheels.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "gensim",
                        "-d", str(wheels)], check=True, timeout=300,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except (subprocess.SubprocessError, OSError):
        return None
    found = sorted(glob.glob(str(wheels / "gensim-*.whl")))
    return Path(found[-1]) if found else None


def _from_gensim_wheel(name: str, extract, fetch: bool) -> list[dict] | None:
    """The parent documents ``extract(zipfile)`` reads from the gensim wheel, cached as
    ``name``; None when the wheel is absent (and cannot be fetched)."""
    cached = _read_cache(name)
    if cached is not None:
        return cached
    wheel = _gensim_wheel(fetch)
    if wheel is None:
        return None
    with zipfile.ZipFile(wheel) as zf:
        docs = extract(zf)
    _write_cache(name, docs)
    return docs


def _enwiki_from(zf: zipfile.ZipFile) -> list[dict]:
    import xml.etree.ElementTree as ET

    docs = []
    names = [n for n in zf.namelist() if re.search(r"enwiki-latest-pages-articles1\.xml.*\.bz2$", n)]
    for name in names:
        root = ET.fromstring(bz2.decompress(zf.read(name)))
        ns = root.tag.split("}")[0] + "}" if root.tag.startswith("{") else ""
        for page in root.iter(f"{ns}page"):
            if (page.findtext(f"{ns}ns") or "0") != "0":
                continue
            title = page.findtext(f"{ns}title") or ""
            text = page.findtext(f"{ns}revision/{ns}text") or ""
            if not text or text.lstrip().upper().startswith("#REDIRECT"):
                continue
            paragraphs = wiki_to_prose(text)
            if paragraphs:
                docs.append({"id": title, "paragraphs": paragraphs})
    return docs


def _news_from(zf: zipfile.ZipFile) -> list[dict]:
    docs = []
    for name in ("gensim/test/test_data/lee_background.cor", "gensim/test/test_data/lee.cor"):
        if name not in zf.namelist():
            continue
        stem = name.rsplit("/", 1)[-1].removesuffix(".cor")
        for k, line in enumerate(zf.read(name).decode("utf-8", errors="replace").splitlines()):
            text = " ".join(line.split())
            if len(_WORD.findall(text)) >= 40:
                docs.append({"id": f"{stem}-{k}", "paragraphs": [text]})
    return docs


def _enwiki_parents(fetch: bool = True) -> list[dict] | None:
    return _from_gensim_wheel("enwiki", _enwiki_from, fetch)


def _news_parents(fetch: bool = True) -> list[dict] | None:
    return _from_gensim_wheel("news", _news_from, fetch)


SOURCES = {
    "pydocs": ("Python 3.11 docs reST sources (Debian python3.11-doc, PSF licence)", _pydocs_parents),
    "enwiki": ("Wikipedia sample from the gensim wheel test data (CC BY-SA)", _enwiki_parents),
    "news": ("Lee corpus of ABC news stories from the gensim wheel test data", _news_parents),
}


def status() -> dict[str, str]:
    """What each source is and whether it is available here (a plain statement)."""
    out = {}
    for name, (desc, loader) in SOURCES.items():
        parents = loader()
        if parents is None:
            where = str(PYDOCS_DIR) if name == "pydocs" else "pip download --no-deps gensim"
            out[name] = f"ABSENT: {desc} not found ({where})"
        else:
            chars = sum(len(p) + 1 for d in parents for p in d["paragraphs"])
            out[name] = f"{desc}: {len(parents)} documents, {chars / 1e6:.2f} MB of prose"
    return out


# What the scoring model is fitted on (scripts/fit_scoring.py, fit_soft_tells.py,
# calibrate_final.py). The news stories are measured, never fitted on: 350 short stories
# are too few to fit on without overfitting, and a whole domain that no fit has seen is
# the fairest stand-in for the spun articles users bring.
FIT_SOURCES = ("enwiki", "pydocs")


def documents(split: str | None = None, sources: Iterable[str] = ("enwiki", "pydocs", "news")) -> list[Document]:
    """Clean documents (article-sized chunks), optionally of one split, in a stable order."""
    if split is not None and split not in SPLITS:
        raise ValueError(f"unknown split {split!r}")
    out: list[Document] = []
    for name in sources:
        parents = SOURCES[name][1]()
        if not parents:
            continue
        for d in parents:
            parent = f"{name}:{d['id']}"
            s = split_of(parent)
            if split is not None and s != split:
                continue
            for k, chunk in enumerate(_chunks(d["paragraphs"])):
                out.append(Document(f"{parent}#{k}", name, parent, s, chunk))
    return out


def interleave(docs: list[Document]) -> Iterator[Document]:
    """Alternate between sources so that a prefix of the list samples all of them."""
    by_source: dict[str, list[Document]] = {}
    for d in docs:
        by_source.setdefault(d.source, []).append(d)
    # Deterministic shuffle within a source: order by hash of the id.
    queues = [sorted(v, key=lambda d: hashlib.sha1(d.id.encode()).hexdigest()) for v in by_source.values()]
    i = 0
    while any(queues):
        q = queues[i % len(queues)]
        if q:
            yield q.pop(0)
        i += 1


# WordNet 3.0's example sentences (Debian's wordnet-base; WordNet licence, Princeton
# University): the quoted strings of the glosses in data.*, tens of thousands of short
# everyday sentences ("he received a medal for valor"). A clean set unlike any other here:
# single sentences, where one finding is a large share of the words, in words used in
# every sense. Read where installed, never shipped.
WORDNET_DIR = Path("/usr/share/wordnet")
_WORDNET_EXAMPLE = re.compile(r'"([^"]{20,})"')


def _wordnet_glosses() -> list[str] | None:
    """The gloss of every synset in WordNet's data files, the text after its "|" (None:
    WordNet is not installed). The licence header and lines with no gloss are skipped."""
    files = sorted(WORDNET_DIR.glob("data.*"))
    if not files:
        return None
    return [line.split("|", 1)[1] for path in files
            for line in path.read_text(encoding="latin-1").splitlines()
            if not line.startswith("  ") and "|" in line]


def wordnet_examples() -> list[str] | None:
    """WordNet's example sentences of 20 characters or more, sorted, each once (None:
    WordNet is not installed)."""
    glosses = _wordnet_glosses()
    if glosses is None:
        return None
    return sorted({example for gloss in glosses for example in _WORDNET_EXAMPLE.findall(gloss)})


# WordNet's definitions, the gloss text outside its quoted examples: the first definition of
# each synset, six words or more, as a sentence. Another register again (terse, technical,
# one subject after another). Read ten to a paragraph in a fixed random order: sorted, the
# paragraphs would be ten definitions of one opening word ("Constituting ... Constituting
# ..."), a repetition no writer makes.
DEFINITIONS_PER_PARAGRAPH = 10
_QUOTED = re.compile(r'"[^"]*"')


def wordnet_definitions() -> list[str] | None:
    """Paragraphs of WordNet definitions (see above; None: WordNet is not installed)."""
    glosses = _wordnet_glosses()
    if glosses is None:
        return None
    found: set[str] = set()
    for gloss in glosses:
        first = _QUOTED.sub("", gloss).split(";")[0].strip(" ;:,")
        if len(first.split()) >= 6:
            found.add(first[0].upper() + first[1:] + ".")
    ordered = sorted(found)
    random.Random(0).shuffle(ordered)
    n = DEFINITIONS_PER_PARAGRAPH
    return [" ".join(ordered[k:k + n]) for k in range(0, len(ordered), n)]


if __name__ == "__main__":  # pragma: no cover - manual inspection
    for k, v in status().items():
        print(f"{k}: {v}")
    for s in SPLITS:
        docs = documents(s)
        print(s, len(docs), "docs", sum(len(d.text) for d in docs) / 1e6, "MB",
              sum(d.words for d in docs), "words")
