"""One immutable configuration object with documented defaults."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_THRESHOLD = 0.55
# Findings below this confidence are not reported at all: they would only be noise.
DEFAULT_REPORT_FLOOR = 0.2


@dataclass(frozen=True)
class Config:
    """Options for :func:`restore.fix` and :func:`restore.check`.

    threshold     spans with confidence >= threshold are applied.
    report_floor  spans below this confidence are not reported.
    lexicons      extra lexicon files (TOML entries or TSV tables) to load beside the shipped ones.
    disabled      entry ids (or id prefixes ending in "*") that must never fire.
    assume_spun   skip the document-level model and treat the text as spun (for testing
                  entries, and for callers who already know).
    builtin       load the shipped lexicons (turn off to use only ``lexicons``).
    reference     a suspected source text; words it contains support restorations.
    thesaurus     in spun documents, also try every word against the mined thesaurus
                  inverse (lexicons/tables/thesaurus.tsv). Off by default: on emulated
                  spun text it adds no recall at the default threshold and costs three
                  quarters of the time; it serves spinners outside this family. The
                  thesaurus is always consulted where an article betrays a swapped word.
    """

    threshold: float = DEFAULT_THRESHOLD
    report_floor: float = DEFAULT_REPORT_FLOOR
    lexicons: tuple[Path, ...] = field(default_factory=tuple)
    disabled: frozenset[str] = field(default_factory=frozenset)
    assume_spun: bool = False
    builtin: bool = True
    reference: str | None = None
    thesaurus: bool = False

    def __post_init__(self) -> None:
        for name in ("threshold", "report_floor"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"{name} must be a number from 0 to 1, got {value!r}")
            if not 0.0 <= value <= 1.0:  # also false for NaN
                raise ValueError(f"{name} must be between 0 and 1, got {value}")
        # A finding below the report floor is never reported, so neither applied: a floor
        # above the threshold would silently hold back findings the threshold applies.
        object.__setattr__(self, "report_floor", min(self.report_floor, self.threshold))
        # One id or one path given as a string means that one, not its characters
        # (disabled="x*" would otherwise disable every entry through its "*").
        lexicons = (self.lexicons,) if isinstance(self.lexicons, (str, Path)) else self.lexicons
        disabled = (self.disabled,) if isinstance(self.disabled, str) else self.disabled
        object.__setattr__(self, "lexicons", tuple(Path(p) for p in lexicons))
        object.__setattr__(self, "disabled", frozenset(disabled))

    def with_options(self, **options) -> "Config":
        return replace(self, **options)

    def is_disabled(self, entry_id: str) -> bool:
        if entry_id in self.disabled:
            return True
        return any(d.endswith("*") and entry_id.startswith(d[:-1]) for d in self.disabled)
