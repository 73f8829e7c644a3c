"""Screening view for research-integrity work: tortured phrases per document.

For each document: the tortured phrases found (listed in the Problematic Paper Screener's
list, or composed word by word by :mod:`restore.compose`, or listed without a known
original), their rate per 1,000 words, a risk level, and the evidence for each.

A match is a risk marker, not proof of misconduct: established terms can coincide with a
listed phrase, and an author may have chosen an unusual wording. Phrases in
``lexicons/tortured/legitimate.txt`` are never reported.

Risk levels (``RISK_THRESHOLDS``), from the number of distinct phrases and their rate:

* ``none``   no phrase found;
* ``low``    one distinct phrase (a single unusual wording happens in clean text);
* ``medium`` two distinct phrases, or one phrase repeated at >= 0.5 per 1,000 words;
* ``high``   three or more distinct phrases, or >= 2 per 1,000 words with at least two distinct.

Flags (listed without a confident original) get confidence 0.6 for three words or more and
0.4 (weak) for two words. Only findings at or above ``min_confidence`` (default 0.5) count toward the level; weaker
ones are listed as "weak" so that an investigator can still look at them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ._data import data_dir
from .config import Config
from .engine import analyse
from .formats import confidence_text
from .tokens import phrase_key, tokenize, word_count

RISK_THRESHOLDS = {"medium_distinct": 2, "high_distinct": 3, "medium_rate": 0.5, "high_rate": 2.0}
DISCLAIMER = ("A tortured phrase is a risk marker, not proof of misconduct: each match needs a human "
              "reading in context before any conclusion is drawn.")
KINDS = ("listed", "composed", "flag")


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    text: str
    kind: str                 # "listed" | "composed" | "flag"
    suggestion: str           # the probable established term ("" for a flag without one)
    confidence: float
    rule: str
    evidence: tuple[str, ...] = ()

    @property
    def strong(self) -> bool:
        return self.confidence >= 0.5

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind,
                "suggestion": self.suggestion, "confidence": round(self.confidence, 4), "rule": self.rule,
                "evidence": list(self.evidence)}


@dataclass
class Report:
    label: str
    words: int
    findings: list[Finding] = field(default_factory=list)
    min_confidence: float = 0.5

    @property
    def counted(self) -> list[Finding]:
        return [f for f in self.findings if f.confidence >= self.min_confidence]

    @property
    def distinct(self) -> int:
        return len({phrase_key(f.text) for f in self.counted})

    @property
    def rate(self) -> float:
        """Counted tortured phrases per 1,000 words."""
        return 1000.0 * len(self.counted) / self.words if self.words else 0.0

    @property
    def risk(self) -> str:
        return risk_level(self.distinct, self.rate)

    def to_dict(self) -> dict:
        return {"document": self.label, "words": self.words, "phrases": len(self.counted),
                "distinct": self.distinct, "per_1000_words": round(self.rate, 3), "risk": self.risk,
                "findings": [f.to_dict() for f in self.findings], "note": DISCLAIMER,
                "thresholds": dict(RISK_THRESHOLDS)}


def risk_level(distinct: int, rate: float) -> str:
    t = RISK_THRESHOLDS
    if distinct == 0:
        return "none"
    if distinct >= t["high_distinct"] or (distinct >= 2 and rate >= t["high_rate"]):
        return "high"
    if distinct >= t["medium_distinct"] or rate >= t["medium_rate"]:
        return "medium"
    return "low"


@lru_cache(maxsize=1)
def _flags() -> dict[tuple[str, ...], tuple[str, str, str]]:
    """Listed phrases without a confident original: key -> (phrase, guess, note)."""
    out: dict[tuple[str, ...], tuple[str, str, str]] = {}
    path = data_dir() / "tortured" / "flags.txt"
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t") + ["", ""]
        key = tuple(t.key for t in tokenize(parts[0]))
        if len(key) >= 2:
            out[key] = (parts[0], parts[1], parts[2])
    return out


def _kind(rule: str) -> str | None:
    if rule.startswith("composed"):
        return "composed"
    if rule.startswith("tortured"):
        return "listed"
    return None


def screen(text: str, label: str = "<text>", config: Config | None = None, min_confidence: float = 0.5) -> Report:
    """Screen one document for tortured phrases."""
    from . import compose  # noqa: F401  (registers the composition finder)

    cfg = (config or Config()).with_options(report_floor=min(0.2, (config or Config()).report_floor))
    result = analyse(text, cfg)
    legit = compose.legitimate()
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for span in result.spans:
        kind = _kind(span.rule)
        if kind is None:
            continue
        if compose.phrase_norm(span.text) in legit:
            continue
        ev = list(span.evidence)
        ev.append("confidence {}: {}".format(confidence_text(span.confidence, min_confidence), "counted" if span.confidence >= min_confidence
                                             else "weak, not counted toward the risk level"))
        findings.append(Finding(span.start, span.end, span.text, kind, span.suggestion, span.confidence,
                                span.rule, tuple(ev)))
        taken.append((span.start, span.end))
    # Listed phrases with no known original: flags only, never rewritten.
    flags = _flags()
    if flags:
        tokens = tokenize(text)
        keys = [t.key for t in tokens]
        max_len = max(len(k) for k in flags)
        i = 0
        while i < len(tokens):
            hit = None
            for length in range(min(max_len, len(tokens) - i), 1, -1):
                key = tuple(keys[i:i + length])
                if key in flags:
                    s, e = tokens[i].start, tokens[i + length - 1].end
                    if phrase_key(text[s:e]) == phrase_key(flags[key][0]):
                        hit = (length, s, e, flags[key])
                        break
            if hit is None:
                i += 1
                continue
            length, s, e, (phrase, guess, note) = hit
            if not any(s < te and ts < e for ts, te in taken) and compose.phrase_norm(phrase) not in legit:
                ev = (f"listed by the Problematic Paper Screener without a confident original ({note})",)
                if guess:
                    ev += (f"the screener's tentative guess: {guess!r}",)
                # Three words or more are rarely natural; two-word flags stay weak (shown, not counted).
                conf = 0.6 if length >= 3 else 0.4
                findings.append(Finding(s, e, text[s:e], "flag", guess, conf, "tortured-flags:" + " ".join(key),
                                        ev))
            i += length
    findings.sort(key=lambda f: f.start)
    return Report(label, word_count(text), findings, min_confidence)


def format_text(reports: list[Report]) -> str:
    lines = []
    for r in reports:
        lines.append(f"{r.label}: risk {r.risk.upper()} - {len(r.counted)} tortured phrase(s), {r.distinct} distinct, "
                     f"{r.rate:.2f} per 1,000 words ({r.words} words)")
        for f in r.findings:
            arrow = f" -> {f.suggestion!r}" if f.suggestion else " (no confident original)"
            weak = "" if f.confidence >= r.min_confidence else " [weak]"
            lines.append(f"  {f.start}-{f.end} [{f.kind}] {f.text!r}{arrow} confidence {confidence_text(f.confidence, r.min_confidence)}{weak}")
            for e in f.evidence:
                lines.append(f"      - {e}")
    lines.append("")
    lines.append("Note: " + DISCLAIMER)
    lines.append("Risk levels: none = no phrase; low = one distinct phrase; medium = two distinct, or "
                 f">= {RISK_THRESHOLDS['medium_rate']} per 1,000 words; high = three or more distinct, or two "
                 f"or more at >= {RISK_THRESHOLDS['high_rate']} per 1,000 words.")
    return "\n".join(lines) + "\n"
