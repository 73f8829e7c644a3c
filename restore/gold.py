"""The gold markup: ``[[spun=>original|alternative]]`` marks one damaged span.

Removing the marks (keeping the spun side) gives the spun document byte for byte. A mark
whose last alternative ends in ``?`` is optional: restoring it or leaving it is neither
credited nor penalised. :func:`score` implements the region scoring described in the
shared gold README.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

MARK_RE = re.compile(r"\[\[(.*?)=>(.*?)\]\]", re.S)


@dataclass(frozen=True)
class Mark:
    start: int  # offsets into the spun text
    end: int
    spun: str
    alternatives: tuple[str, ...]
    optional: bool


@dataclass(frozen=True)
class GoldDocument:
    spun: str
    marks: tuple[Mark, ...]

    @property
    def original(self) -> str:
        """The best-known original: every mark replaced by its first alternative."""
        out, pos = [], 0
        for m in self.marks:
            out.append(self.spun[pos:m.start])
            out.append(m.alternatives[0])
            pos = m.end
        out.append(self.spun[pos:])
        return "".join(out)


def parse(marked: str) -> GoldDocument:
    parts: list[str] = []
    marks: list[Mark] = []
    pos = 0
    length = 0
    for m in MARK_RE.finditer(marked):
        before = marked[pos:m.start()]
        parts.append(before)
        length += len(before)
        spun, alts = m.group(1), m.group(2)
        alternatives = [a.strip() for a in alts.split("|")]
        optional = bool(alternatives) and alternatives[-1].endswith("?")
        if optional:
            alternatives[-1] = alternatives[-1][:-1].strip()
        marks.append(Mark(length, length + len(spun), spun, tuple(a for a in alternatives if a), optional))
        parts.append(spun)
        length += len(spun)
        pos = m.end()
    parts.append(marked[pos:])
    return GoldDocument("".join(parts), tuple(marks))


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold().replace("’", "'")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    details: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: "Score") -> "Score":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.details.extend(other.details)
        return self


def score(gold: GoldDocument, edits: Iterable[tuple[int, int, str]]) -> Score:
    """Score applied edits ``(start, end, replacement)`` against the gold marks.

    Overlapping marks and edits are grouped into regions. A region with a non-optional
    mark is correct when its restored text equals an acceptable restoration; every
    non-optional mark in it is then a true positive, otherwise a false negative. Edits in
    a wrong region, or in a region without marks, are false positives.
    """
    result = Score()
    text = gold.spun
    for region in _regions(gold.marks, edits):
        marks: list[Mark] = [o for k, o in region if k == "mark"]  # type: ignore[misc]
        region_edits = [o for k, o in region if k == "edit"]
        lo = min([m.start for m in marks] + [e[0] for e in region_edits])
        hi = max([m.end for m in marks] + [e[1] for e in region_edits])
        restored = _apply(text, lo, hi, region_edits)
        required = [m for m in marks if not m.optional]
        if not marks:
            result.fp += len(region_edits)
            result.details.append({"kind": "fp", "found": text[lo:hi], "restored": restored})
            continue
        acceptable = _acceptable(text, lo, hi, marks)
        correct = _norm(restored) in acceptable
        if not required:
            if region_edits and not correct:
                result.fp += len(region_edits)
                result.details.append({"kind": "fp", "found": text[lo:hi], "restored": restored})
            continue
        if correct:
            result.tp += len(required)
            result.details.append({"kind": "tp", "found": text[lo:hi], "restored": restored})
        else:
            result.fn += len(required)
            result.fp += len(region_edits)
            result.details.append({
                "kind": "fn", "found": text[lo:hi], "restored": restored,
                "expected": sorted(acceptable)[:3],
            })
    return result


def _regions(marks: Iterable[Mark], edits: Iterable[tuple]) -> list[list[tuple[str, object]]]:
    """Group overlapping marks and edits into regions of ``("mark", Mark)`` and
    ``("edit", edit)`` items, in text order."""
    items: list[tuple[int, int, str, object]] = [(m.start, m.end, "mark", m) for m in marks]
    items += [(e[0], e[1], "edit", e) for e in sorted(edits)]
    items.sort(key=lambda t: (t[0], t[1]))
    regions: list[list] = []
    cur_end = -1
    for start, end, kind, obj in items:
        # Zero-width edits touching a region belong to it as well.
        if regions and (start < cur_end or (start == cur_end and (end == start))):
            regions[-1].append((kind, obj))
            cur_end = max(cur_end, end)
        else:
            regions.append([(kind, obj)])
            cur_end = end
    return regions


def score_curve(gold: GoldDocument, edits: Iterable[tuple[int, int, str, float]],
                thresholds: Iterable[float]) -> dict[float, Score]:
    """``{t: score(gold, the edits whose confidence >= t)}`` for every threshold, without
    the details, computed region by region.

    The regions of all the edits together bound the regions of any subset of them (fewer
    edits only split a region), and :func:`score` adds up over regions. So each region is
    scored once for every distinct subset of its own edits that some threshold selects,
    and the marks no edit touches are scored once for all thresholds.
    """
    thresholds = tuple(thresholds)
    totals = {t: Score() for t in thresholds}
    untouched: list[Mark] = []
    for region in _regions(gold.marks, edits):
        marks = tuple(o for k, o in region if k == "mark")
        region_edits = [o for k, o in region if k == "edit"]
        if not region_edits:
            untouched.extend(marks)
            continue
        sub = GoldDocument(gold.spun, marks)
        by_subset: dict[tuple, Score] = {}
        for t in thresholds:
            chosen = tuple(e[:3] for e in region_edits if e[3] >= t)
            sc = by_subset.get(chosen)
            if sc is None:
                sc = by_subset[chosen] = score(sub, chosen)
            totals[t] += Score(sc.tp, sc.fp, sc.fn)
    if untouched:
        base = score(GoldDocument(gold.spun, tuple(untouched)), ())
        for t in thresholds:
            totals[t] += Score(base.tp, base.fp, base.fn)
    return totals


def _apply(text: str, lo: int, hi: int, edits: Sequence[tuple[int, int, str]]) -> str:
    out, pos = [], lo
    for s, e, r in sorted(edits):
        out.append(text[pos:s])
        out.append(r)
        pos = e
    out.append(text[pos:hi])
    return "".join(out)


def _acceptable(text: str, lo: int, hi: int, marks: Sequence[Mark]) -> set[str]:
    """Every acceptable restoration of text[lo:hi] (combinations over the marks)."""
    variants = {""}
    pos = lo
    for m in sorted(marks, key=lambda m: m.start):
        choices = list(m.alternatives) + ([m.spun] if m.optional else [])
        prefix = text[pos:m.start]
        variants = {v + prefix + c for v in variants for c in choices}
        if len(variants) > 256:
            variants = set(list(variants)[:256])
        pos = m.end
    tail = text[pos:hi]
    return {_norm(v + tail) for v in variants}
