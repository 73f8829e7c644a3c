"""The public data model: spans (findings) and the result of a restoration."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """One finding: a stretch of the input that looks damaged, and what it probably was.

    ``text == input[start:end]`` always holds. ``suggestion`` is case-adapted to the found
    text. ``applied`` tells whether the restoration used it (confidence >= threshold).
    """

    start: int
    end: int
    text: str
    suggestion: str
    alternatives: tuple[str, ...] = ()
    confidence: float = 0.0
    rule: str = ""
    evidence: tuple[str, ...] = ()
    applied: bool = False

    def to_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "suggestion": self.suggestion,
            "alternatives": list(self.alternatives),
            "confidence": round(self.confidence, 4),
            "rule": self.rule,
            "evidence": list(self.evidence),
            "applied": self.applied,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Span":
        """The span a :meth:`to_dict` record describes. Its fields are checked, not
        converted: ``"applied": "false"`` or ``"start": "3"`` raise ValueError, since
        :func:`restore.apply` would otherwise replay a span the report left unapplied."""
        from .formats import check_span_record  # formats builds on this module

        check_span_record(data, "span")
        return cls._from_checked(data)

    @classmethod
    def _from_checked(cls, data: dict) -> "Span":
        """A span from a record whose fields :func:`restore.formats.check_span_record` passed."""
        return cls(
            start=int(data["start"]),
            end=int(data["end"]),
            text=str(data["text"]),
            suggestion=str(data["suggestion"]),
            alternatives=tuple(data.get("alternatives", ())),
            confidence=float(data.get("confidence", 0.0)),
            rule=str(data.get("rule", "")),
            evidence=tuple(data.get("evidence", ())),
            applied=bool(data.get("applied", False)),
        )


@dataclass(frozen=True, slots=True)
class Restoration:
    """The outcome of :func:`restore.fix`: restored text plus every finding."""

    original: str
    text: str
    spans: tuple[Span, ...] = field(default_factory=tuple)
    spin_score: float = 0.0
    threshold: float = 0.55

    def __str__(self) -> str:
        return self.text

    @property
    def applied(self) -> tuple[Span, ...]:
        return tuple(s for s in self.spans if s.applied)

    @property
    def changed(self) -> bool:
        return self.text != self.original
