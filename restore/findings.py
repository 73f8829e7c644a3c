"""What the engine knows about one damaged span while it decides: a finding (the match and
its candidate originals) and each candidate's evidence. Shared by the engine and by
:mod:`restore.choices`, which picks among a finding's originals with document-wide evidence."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from .matcher import Match


@dataclass
class Option:
    original: str
    rule: str = ""
    curated: bool = False
    prior: float = 0.0
    tell: bool = False
    tell_alone: bool = False  # some entry proposing it is a tell that proves damage alone
    # Whether a decisive context may make it a strong tell: False only when every curated
    # entry proposing it says no context does (``tell = "never"``; Entry.context_tells).
    context_tells: bool | None = None
    spinner: bool = False
    thesaurus: bool = False
    tortured: bool = False
    composed: bool = False
    name: bool = False  # from a table row written with capitals: a whole damaged name
    weight: float = 0.0
    context: float = 0.0
    reasons: list[str] = field(default_factory=list)
    features: dict[str, float] = field(default_factory=dict)
    unigram_diff: float = 0.0
    sources: list[str] = field(default_factory=list)  # every entry that proposed it
    lifted: bool = False  # only because a "no context cue" veto was lifted in a spun document
    z: float = -math.inf


@dataclass
class Finding:
    match: Match
    options: list[Option]
    confidence: float = 0.0
    start: int = 0
    end: int = 0
    suggestion: str = ""
    evidence: list[str] = field(default_factory=list)
    strong: bool = False  # counted as a strong tell by the document model
    pooled_z: float | None = None  # evidence shared by every occurrence of the same stand-in
    in_name: bool = False  # a capitalised word beside another one: part of a name
    grammar: bool = False  # the grammar around it chose its original ("did not close"): kept as chosen
    # The short form of a damaged name found in the document ("Town" after "Manchester
    # Town"): it stands only if that name is restored (choices.echo_restored_names).
    echo: bool = False
    # How far the chosen original leads the next one, in log-odds, averaged over the
    # occurrences of the spun form that chose together (None: not chosen that way).
    choice_margin: float | None = None
