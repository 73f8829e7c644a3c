"""Orchestration: match -> evidence -> document model -> decide -> resolve overlaps."""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from functools import cache, lru_cache
from collections.abc import Callable
from dataclasses import dataclass

import regex

from . import lexicon as lexicon_mod
from . import choices, collector, intensity, regions, register, spelling, spintax, verbatim, vocabulary
from .casing import article_may_misfit, keep_layout, takes_an, transfer_case, with_article
from .choice_priors import choice_counts, choice_prior
from .standin_rates import standin_counts, standin_rate
from .config import Config
from .docmodel import SOFT_LM_RATIO, document_rates, soft_evidence, spin_logit, spin_score
from .findings import Finding, Option
from .lexicon import SPINNER_PREFIX, Lexicon, Pattern
from .matcher import Match, find_matches
from .model import Restoration, Span
from .regions import MIN_WORDS as REGION_MIN_WORDS, RegionalSpin, SpinMap
from .scoring import ScoringModel, get_model, logit, sigmoid
from .tokens import Token, fold, paragraph_break, tokenize

# Ambiguous findings (no strong tell, no supporting context) are only considered in
# documents whose spin score reaches this gate: a clean document comes back unchanged.
SPUN_GATE = 0.5
# Context-rule weight (log-odds) that makes a finding decisive on its own.
STRONG_CONTEXT = 5.0
# Originals per finding scored by the language model (the right one is in the top five
# for 94% of emulated damage).
MAX_OPTIONS = 5
# Originals taken from one table row set (ranked by weight) before any scoring.
TABLE_OPTIONS = 8
THESAURUS_OPTIONS = 3
# Candidates examined by the language model to estimate the soft-tell rate of a document.
SOFT_SAMPLE = 64
# ... of which at least this many before the estimate may stop early, once an upper bound
# on the share of soft tells this many standard errors above the sample's cannot make the
# document spun. Two standard errors and ten reads took 18 reads a clean document on
# average; one and a half and five take 10 (8% of a clean text's instructions), and no
# document's text, spans or confidences changed (3,035 documents: clean, spun, hand-spun,
# mixed pages), nor the emulated slice's figures; the spin scores of clean documents move
# in the third decimal. Reading the sample in strides across the document instead of in
# order moved the emulated slice (recall at precision 0.90 0.502 -> 0.493): not done.
SOFT_MIN_SAMPLE = 5
SOFT_BOUND_Z = 1.5
# Soft tells are a rate: below this many words a couple of them prove nothing, and they
# count only when there are at least SHORT_SOFT_MIN of them.
SOFT_MIN_WORDS = 60
SHORT_SOFT_MIN = 4
LM_CLIP = 6.0
# Spin score from which "no context cue" vetoes are lifted (see _lift_vetoes).
LIFT_GATE = 0.99
# Soft tells are still counted below this spin score from strong tells alone.
SOFT_ENOUGH = 0.999
# Expected occurrences of an absent original beyond which its absence says no more.
ORIG_MISSING_CAP = 4.0
# Scale of a composed tortured phrase's confidence in a document with no listed one.
COMPOSED_WITHOUT_LISTED = 0.5
# Content words from which a listed tortured phrase proves damage outside a paper too
# ("bosom malignant growth" is no ordinary English anywhere; "double veil" may be).
TORTURED_SELF_PROVING_WORDS = 3
# A listed phrase that does not prove damage by itself keeps this share of its confidence
# (below the default threshold: reported for review, not applied).
TORTURED_UNPROVEN = 0.5
# A paper this long that holds a single listed two-word phrase (however often) and no other
# tell reads as the field's own wording ("distant workers" in labour economics, "bunch
# size" in viticulture, "human blunder" in a history): a paraphrasing tool that rewrote a
# paper leaves more than one listed phrase behind. Shorter texts (an abstract, one
# sentence) are too short for the absence of others to say anything.
LONE_LISTED_MIN_WORDS = 150
# Soft tells that keep a lone "in company" tell company (see _only_in_company).
COMPANY_SOFT_TELLS = 2
UNPROVEN_DOC_FEATURE = logit(0.95)
_FUNCTION_WORDS = frozenset("a an the of in on at to for by with from and or as".split())
# Least language-model log-ratio for a bulk-table finding inside a capitalised name.
NAME_LM_MIN = 4.0
# Curated tells with at least this prior take at most this much language-model disfavour.
TELL_PRIOR = 0.9
TELL_LM_FLOOR = 3.0
# In a document at least this likely spun, findings whose best original scores at least
# REPAIR_Z (linear, before calibration) are read as restored when their neighbours' language-
# model evidence is judged again (see _Context.repair).
REPAIR_SPIN = 0.5
REPAIR_Z = 3.5
# A finding whose a/an fits its original and not the word found ("an settlement"), and
# whose original the language model prefers by at least ARTICLE_LM_MIN, in a spun document:
# its confidence is at least ARTICLE_FLOOR. The fitted model leaves such findings near 0.4
# (the language model already counts the article), yet on the held-out emulated slice
# and the hand-spun articles about nine in ten of them are right.
ARTICLE_LM_MIN = 1.5
ARTICLE_FLOOR = 0.85
# Share of a finding's confidence that its chosen original keeps against the next one
# (_choice_share), a logistic in their lead (log-odds) plus this offset: a tie keeps 0.73,
# a lead of 2 0.95. On the hand-spun articles, findings reported at 0.9 and above whose
# chosen original led the next by under 1 were right 73% of the time, by 1-3 87%, by more
# 97-98%.
CHOICE_OFFSET = 1.0
_ARTICLES = {"a", "an"}
# A finding whose region's spin factor is below this says so in its evidence.
REGION_NOTE = 0.9

# Extra finders beside the lexicon matcher: callables (text, tokens, config) -> list[Match]
# whose patterns carry synthetic entries (e.g. tortured phrases composed word by word,
# lexicon name starting with "composed"). Registered by the modules that own them.
FINDERS: list = []


def _lm():
    from . import lm  # imported lazily: loading the model costs time only when needed
    return lm.get_model()


@lru_cache(maxsize=65536)
def _original_words(original: str) -> tuple[str, ...]:
    """A candidate original as the language model reads it. Shared by every document: the
    same few thousand originals come up again and again, and tokenizing them each time
    cost a twentieth of the time of a clean document."""
    model = _lm()
    return tuple(model.normalise(t.text) for t in tokenize(original))


@lru_cache(maxsize=65536)
def _original_ids(original: str) -> tuple[int | None, ...]:
    """The language model's ids of :func:`_original_words`."""
    return tuple(map(_lm().word_id, _original_words(original)))


class _Context:
    """Lazily normalised token keys for the language model. Windows are scored on word ids
    (LanguageModel.score_ids): the words around a candidate are looked up in the
    vocabulary once, not once for each window they are in."""

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.model = _lm()
        self._norm: dict[int, str] = {}
        self._found_scores: dict[tuple[int, int], float] = {}
        self._ratios: dict[tuple[int, int, str], float] = {}  # the soft tells and pass 2 ask alike
        # A stretch's context words as ids, left and right (see _context_of).
        self._sides: dict[tuple[int, int], tuple[list[int | None], list[int | None]]] = {}
        self._repaired: dict[int, str] = {}

    def norm(self, i: int) -> str:
        """The word at token ``i`` as the context of another finding sees it: restored, if
        a confident finding there has been repaired (see ``repair``)."""
        v = self._repaired.get(i)
        return v if v is not None else self.raw(i)

    def raw(self, i: int) -> str:
        v = self._norm.get(i)
        if v is None:
            v = self._norm[i] = self.model.normalise(self.tokens[i].text)
        return v

    def repair(self, words: dict[int, str]) -> None:
        """Read these tokens as restored from now on (token index -> normalised word): a
        neighbour's language-model evidence is then judged in the original's wording, not
        in the spinner's ("more durable to afford" -> "harder to afford")."""
        self._repaired.update(words)
        self._found_scores.clear()
        self._ratios.clear()
        self._sides.clear()

    def _context_of(self, tok_start: int, tok_end: int) -> tuple[list[str], list[str]]:
        """Up to two words each side of a stretch, within its sentence (``<s>``/``</s>`` at
        the sentence's edges)."""
        left: list[str] = []
        i = tok_start
        while len(left) < 2 and i > 0 and not self.tokens[i].sentence_start:
            i -= 1
            left.append(self.norm(i))
        left.reverse()
        if len(left) < 2 and (i == 0 or self.tokens[i].sentence_start):
            left.insert(0, "<s>")
        right: list[str] = []
        j = tok_end
        while len(right) < 2 and j < len(self.tokens) and not self.tokens[j].sentence_start:
            right.append(self.norm(j))
            j += 1
        if len(right) < 2:
            right.append("</s>")
        return left, right

    def words_of(self, original: str) -> list[str]:
        return list(_original_words(original))

    def log_ratio(self, match: Match, original: str) -> float:
        """log P(text with the original) - log P(text as found), over the changed window."""
        cached = self._ratios.get((match.tok_start, match.tok_end, original))
        if cached is not None:
            return cached
        key = (match.tok_start, match.tok_end)
        sides = self._sides.get(key)
        if sides is None:
            word_id = self.model.word_id
            left_words, right_words = self._context_of(match.tok_start, match.tok_end)
            sides = self._sides[key] = (list(map(word_id, left_words)), list(map(word_id, right_words)))
        left, right = sides
        start = len(left)
        base = self._found_scores.get(key)
        if base is None:
            found = list(map(self.model.word_id, map(self.raw, range(match.tok_start, match.tok_end))))
            base = self._found_scores[key] = self.model.score_ids(left + found + right, start, start + len(found))
        middle = _original_ids(original)
        delta = self.model.score_ids(left + list(middle) + right, start, start + len(middle)) - base
        ratio = self._ratios[(match.tok_start, match.tok_end, original)] = max(-LM_CLIP, min(LM_CLIP, delta))
        return ratio


def _collect_options(text: str, match: Match, reference=None, lift: bool = False) -> list[Option]:
    """The candidate originals of one match, with their context evidence. ``lift``: the
    document is certainly spun, so vetoes that only say "no context cue" do not apply."""
    options: dict[str, Option] = {}
    tail = _starts_in_compound(text, match)
    for p in match.patterns:
        e = p.entry
        originals = zip(p.originals, p.weights)
        if tail and e.kind == "curated" and e.case == "any" and not e.lexicon.startswith("tortured"):
            # The form's first word is the tail of a hyphenated compound ("arcade-style space
            # shooter", "error-prone to"): the spinner swaps one word there ("three-year" ->
            # "three-12 months"), so only an original of one word can stand for it.
            originals = [(o, w) for o, w in originals if len(o.split()) == 1]
            if not originals:
                continue
        ctx, reasons, lifted = 0.0, [], False
        # Rules that speak for one original are weighed with that original (below).
        own: dict[str, list] = {}
        if e.evidence:  # table rows have none: the hot path skips this
            shared = []
            for rule in e.evidence:
                (own.setdefault(rule.original, []) if rule.original is not None else shared).append(rule)
            ctx, reasons, lifted = _weigh_rules(shared, text, match, lift)
            if ctx is None:
                continue  # vetoed for the whole entry
        if lifted:
            reasons.append("context: no cue for this reading, considered because the text is "
                           "certainly spun here")
        if e.kind == "table":
            # Rows are ranked by weight; the long tail of a table is never chosen, and a
            # mined thesaurus (no knowledge of this spinner) contributes only its head.
            limit = TABLE_OPTIONS if e.lexicon.startswith(SPINNER_PREFIX) else THESAURUS_OPTIONS
            originals = list(originals)[:limit]
        for original, weight in originals:
            key = original if e.kind == "table" else fold(original)
            own_ctx, own_reasons, own_lifted = (_weigh_rules(own.get(fold(original), ()), text, match, lift)
                                                if own else (0.0, [], False))
            if own_ctx is None:
                continue  # vetoed for this original only
            opt = options.get(key)
            if opt is None:
                opt = options[key] = Option(original=original, rule=e.id)
            opt.sources.append(e.id)
            if e.kind == "curated":
                is_tortured = e.lexicon.startswith("tortured")
                if is_tortured:
                    opt.tortured = True
                else:
                    if not opt.curated or e.prior > opt.prior:
                        opt.prior = e.prior or 0.5
                        opt.rule = e.id
                    opt.curated = True
                    opt.tell = opt.tell or e.tell
                    opt.tell_alone = opt.tell_alone or (e.tell and e.tell_alone)
                    opt.context_tells = bool(opt.context_tells) or e.context_tells
                here = ctx + own_ctx
                opt.context = max(opt.context, here) if opt.reasons else here
                opt.reasons.extend(reasons + own_reasons)
                opt.lifted = opt.lifted or lifted or own_lifted
            elif e.lexicon.startswith("composed"):
                opt.composed = True
                # the composer's reasons, one a line (restore.compose._entry_for)
                opt.reasons.extend(r for r in e.provenance.splitlines() if r not in opt.reasons)
                if e.prior is not None:
                    opt.prior = max(opt.prior, e.prior)
                if not (opt.curated or opt.tortured):
                    opt.rule = e.id
            elif e.lexicon.startswith("tortured"):
                opt.tortured = True
                if not opt.curated:
                    opt.rule = e.id
            elif e.lexicon.startswith("spinner"):
                opt.spinner = True
                opt.name = opt.name or e.case == "title"
                if not opt.curated:
                    opt.rule = e.id
            else:
                opt.thesaurus = True
                if not (opt.curated or opt.spinner or opt.tortured):
                    opt.rule = e.id
            opt.weight = max(opt.weight, weight)
    return list(options.values())


def _weigh_rules(rules, text: str, match: Match, lift: bool) -> tuple[float | None, list[str], bool]:
    """The context weight, reasons and lifting of ``rules`` (an entry's, or those that speak
    for one of its originals) at a match; a weight of None when one of them vetoes it.
    ``lift``: vetoes that only say "no context cue" (``unless_spun``) are lifted."""
    ctx, reasons, lifted = 0.0, [], False
    for rule in rules:
        if not rule.matches(text, match.start, match.end):
            continue
        if rule.veto and lift and rule.unless_spun:
            lifted = True
            continue
        if rule.veto:
            return None, [], False
        ctx += rule.weight
        if rule.reason:
            reasons.append(f"context: {rule.reason}")
    return ctx, reasons, lifted


def _local_features(opt: Option, found: str, article: float, model_lm, ref_score: float) -> dict[str, float]:
    table_only = not opt.curated and not opt.tortured and not opt.composed
    f = {
        "bias": 1.0,
        "curated": 1.0 if opt.curated else 0.0,
        "prior": logit(opt.prior) if (opt.curated or (opt.composed and not opt.tortured and opt.prior)) else 0.0,
        "tell": 1.0 if opt.tell else 0.0,
        "spinner": 1.0 if opt.spinner and not opt.curated else 0.0,
        "thesaurus": 1.0 if table_only and not opt.spinner else 0.0,
        "log_weight": math.log(max(opt.weight, 1e-4)) if table_only else 0.0,
        "freq": 0.0,
        "lm": 0.0,
        "context": opt.context,
        "article": article,
        "doc": 0.0,
        "reference": ref_score,
        "tortured": 1.0 if opt.tortured else 0.0,
        "composed": 1.0 if opt.composed and not opt.tortured else 0.0,
        "lm_pmi": 0.0,
        "proper": 0.0,
        "orig_in_doc": 0.0,
        "orig_as_finding": 0.0,
        "orig_missing": 0.0,
        "lifted_veto": 1.0 if opt.lifted else 0.0,
    }
    if opt.tortured or opt.composed:
        f["article"] = max(0.0, article)  # paraphrasing tools keep the article agreeing with what they wrote
    if model_lm is not None:
        orig_lp = sum(model_lm.unigram_logprob(w) for w in fold(opt.original).split())
        found_lp = sum(model_lm.unigram_logprob(w) for w in fold(found).split())
        opt.unigram_diff = orig_lp - found_lp
        if table_only:
            f["freq"] = max(-5.0, min(5.0, opt.unigram_diff))
    return f


def _article_before(text: str, tokens: list[Token], match: Match) -> Token | None:
    if match.tok_start == 0:
        return None
    prev = tokens[match.tok_start - 1]
    if prev.key not in _ARTICLES:
        return None
    gap = text[prev.end:match.start]
    if gap.strip(" \"'“‘(") or not gap:
        return None
    return prev


def _article_feature(article: Token | None, found: str, original: str) -> float:
    if article is None:
        return 0.0
    has_an = article.key == "an"
    fits_found = takes_an(found) == has_an
    fits_original = takes_an(original) == has_an
    if fits_original and not fits_found:
        return 1.0
    if fits_found and not fits_original:
        return -1.0
    return 0.0


@lru_cache(maxsize=1)
def _shipped_sources() -> frozenset[str]:
    return frozenset(str(p) for p in lexicon_mod.builtin_files())


def _shipped(lex: Lexicon, rule: str) -> bool:
    """Whether the entry ``rule`` comes from the lexicons shipped with restore."""
    entry = lex.entry(rule)
    return entry is not None and entry.source in _shipped_sources()


def _describe(opt: Option, found: str, lexicon: Lexicon) -> list[str]:
    entry = lexicon.entry(opt.rule)
    ev = []
    if entry is not None:
        what = "curated entry" if entry.kind == "curated" else f"{entry.lexicon} table"
        ev.append(f"{what} {entry.id}: {found!r} is a known stand-in for {opt.original!r}")
    ev.extend(dict.fromkeys(opt.reasons))
    f = opt.features
    if f.get("lm"):
        side = "original" if f["lm"] > 0 else "text as found"
        ev.append(f"language model prefers the {side} here (log-ratio {f['lm']:+.1f})")
    if f.get("choice"):
        c, n = choice_counts(found, opt.original)
        ev.append(f"gold-restored spun text showed {opt.original!r} for these words in {c} of {n} marks")
    if f.get("article", 0) > 0:
        ev.append(f"the article before it fits {opt.original!r}, not {found!r}")
    elif f.get("article", 0) < 0:
        ev.append(f"the article before it fits {found!r}")
    return ev


def _article_mismatch(text: str, tokens: list[Token], match: Match) -> bool:
    """An a/an before the match that does not fit the word as found ("an settlement")."""
    article = _article_before(text, tokens, match)
    return article is not None and takes_an(text[match.start:match.end]) != (article.key == "an")


def _prepare(findings: list[Finding], text: str, tokens: list[Token], model: ScoringModel, model_lm,
             reference, scholarly: Callable[[], bool]) -> int:
    """Compute the local features of every option; return the number of strong tells (one
    a place: "P.C." matched as "p.c." and as "p.c" is one tell, not two). ``scholarly``:
    whether the document reads like a paper (:mod:`restore.register`), asked only of a
    listed tortured phrase."""
    strong_at: set[int] = set()
    for fd in findings:
        found = text[fd.match.start:fd.match.end]
        article_tok = _article_before(text, tokens, fd.match)
        first = tokens[fd.match.tok_start]
        capitalised = _capital_inside_sentence(text, first)
        fd.in_name = _in_name(text, tokens, fd.match)
        best = 0.0
        for opt in fd.options:
            ref = reference.evidence(fd.match.start, fd.match.end, opt.original) if reference is not None else None
            opt.features = _local_features(opt, found, _article_feature(article_tok, found, opt.original),
                                           model_lm, ref.score if ref is not None else 0.0)
            if ref is not None and ref.reason and ref.reason not in opt.reasons:
                opt.reasons.append(ref.reason)
            table_only = not (opt.curated or opt.tortured or opt.composed)
            if table_only and capitalised and not opt.original[:1].isupper():
                opt.features["proper"] = 1.0
            if _can_tell(opt) and opt.tortured:
                # A listed tortured phrase not ruled out by its context is a tell by the list's
                # authority (the fitted confidence map knows nothing of such phrases): in a
                # paper, or when it is long enough to be unlike ordinary English. Elsewhere two
                # words of the list are often just English ("a double veil"); there the
                # phrase is only as likely as other tells make the document spun.
                if scholarly() or _content_words(found) >= TORTURED_SELF_PROVING_WORDS:
                    best = 1.0
            elif _can_tell(opt):
                best = max(best, model.confidence(opt.features))
        if best >= model.doc["min_strong_confidence"]:
            fd.strong = True
            strong_at.add(fd.match.tok_start)
    return len(strong_at)


def _lift_vetoes(findings: list[Finding], matches: list[Match], text: str, reference, add_findings) -> None:
    """Where a document is certainly spun (all of it, or a passage: ``matches`` are then
    the passage's), look again at the curated matches whose "no context cue" vetoes kept an
    original out ("within the" for in the, "could" for may): such a text holds many of them,
    and the entry's prior and the language model can decide."""
    liftable = [m for m in matches
                if any(r.veto and r.unless_spun for p in m.patterns for r in p.entry.evidence)]
    if not liftable:
        return
    by_span = {(fd.match.start, fd.match.end): fd for fd in findings}
    again = []
    for m in liftable:
        old = by_span.get((m.start, m.end))
        options = _collect_options(text, m, reference, lift=True)
        if not any(o.lifted for o in options):
            continue
        if old is not None:
            if {fold(o.original) for o in options} <= {fold(o.original) for o in old.options}:
                continue
            findings.remove(old)
        again.append(m)
    add_findings(again, lift=True)


def _only_lifted(fd: Finding) -> bool:
    """Whether a finding stands only because "no context cue" vetoes were lifted."""
    return bool(fd.options) and all(o.lifted for o in fd.options)


def _drop_lifted_overlapped(findings: list[Finding]) -> None:
    """A finding that stands only by a lifted veto gives way where other evidence reads
    the same words without one: to a curated entry's finding that overlaps it ("by means
    of" read as through, not "by means of the" as by the) and to a table finding over all
    of its words ("ultimate" as final, not "last"). Its reading was vetoed for want of a
    cue; it stays where nothing else was found ("guests" for visitors) and where the tables
    see only part of it ("in step with" for according to, not "step")."""
    lifted = [fd for fd in findings if _only_lifted(fd)]
    if not lifted:
        return
    curated, tables = [], []
    for fd in findings:
        if _only_lifted(fd):
            continue
        span = (fd.match.start, fd.match.end)
        (curated if any(o.curated and not o.lifted for o in fd.options) else tables).append(span)

    def yields(fd: Finding) -> bool:
        s, e = fd.match.start, fd.match.end
        return (any(a < e and s < b for a, b in curated)
                or any(a <= s and e <= b for a, b in tables))

    gone = {id(fd) for fd in lifted if yields(fd)}
    if not gone:
        return
    # An original the yielding entry shares with a finding of the same words keeps the
    # entry among that option's sources: the same reading, proposed without the veto.
    by_span: dict[tuple[int, int], list[Finding]] = {}
    for fd in findings:
        if id(fd) not in gone:
            by_span.setdefault((fd.match.start, fd.match.end), []).append(fd)
    for fd in lifted:
        if id(fd) not in gone:
            continue
        for kept in by_span.get((fd.match.start, fd.match.end), []):
            for opt in kept.options:
                for mine in fd.options:
                    if fold(mine.original) == fold(opt.original):
                        opt.sources.extend(s for s in mine.sources if s not in opt.sources)
    findings[:] = [fd for fd in findings if id(fd) not in gone]


def _mark_untouched_originals(findings: list[Finding], tokens: list[Token], text: str, model_lm) -> None:
    """Set ``orig_in_doc`` on options whose original occurs elsewhere in the document,
    untouched, ``orig_as_finding`` when it occurs only where it may itself be a stand-in,
    and ``orig_missing`` when it does not occur at all: the number of times a word that
    common would be expected in a text this long (absent "but" in 800 words is telling,
    absent "notwithstanding" is not).

    A spinner with a fixed dictionary replaces a word all through a document or not at
    all, so an untouched "about" elsewhere argues against "roughly" standing for "about"
    here. Occurrences that do not count: inside a multiword finding ("sports" in "sports
    activities", itself a stand-in for "sports"), and inside compounds and code the spinner
    leaves alone ("floating-point", "list.append"). An occurrence that is itself a finding
    may be the stand-in for some other word (a spinner's chains: extra -> additional,
    additional -> further), which is much weaker evidence."""
    if not findings:
        return
    bound: set[int] = set()
    found_at: set[int] = set()
    for fd in findings:
        if fd.match.tok_end - fd.match.tok_start > 1:
            bound.update(range(fd.match.tok_start, fd.match.tok_end))
        else:
            found_at.add(fd.match.tok_start)
    # Only the originals' own words are looked for (checking every token for a compound
    # cost more than the rest of this step).
    wanted = {words[0] for fd in findings for opt in fd.options
              if len(words := opt.original.lower().split()) == 1}
    free: dict[str, list[int]] = {}
    for i, t in enumerate(tokens):
        if t.key not in wanted or i in bound or _glued(text, t):
            continue
        free.setdefault(t.key, []).append(i)
    for fd in findings:
        inside = range(fd.match.tok_start, fd.match.tok_end)
        for opt in fd.options:
            words = opt.original.lower().split()
            if len(words) != 1:
                continue
            elsewhere = [i for i in free.get(words[0], ()) if i not in inside]
            if any(i not in found_at for i in elsewhere):
                opt.features["orig_in_doc"] = 1.0
            elif elsewhere:
                opt.features["orig_as_finding"] = 1.0
            elif model_lm is not None:
                expected = len(tokens) * math.exp(model_lm.unigram_logprob(fold(words[0])))
                opt.features["orig_missing"] = min(ORIG_MISSING_CAP, expected)


def _glued(text: str, token: Token) -> bool:
    """A word joined to its neighbours by a hyphen, underscore, slash or dot (a compound,
    an identifier, a path)."""
    before = text[token.start - 1:token.start]
    after = text[token.end:token.end + 2]
    return before in ("-", "_", "/", ".", "@") or after[:1] in ("-", "_", "/", "@") or (
        after[:1] == "." and after[1:2].isalnum())


def _can_tell(opt: Option) -> bool:
    """Evidence that, if it holds, shows a spinner at work by itself: an entry marked as a
    tell, a decisive context rule ("Could" before a day number; not for an entry whose
    words no context proves spun, ``tell = "never"``), an article that only fits the
    original, a listed tortured phrase, or the supplied reference text."""
    f = opt.features
    return bool(opt.tell or (opt.context >= STRONG_CONTEXT and opt.context_tells is not False)
                or f.get("article", 0) > 0
                or (opt.tortured and opt.context >= 0) or f.get("reference", 0) > 0)


def _starts_in_compound(text: str, m: Match) -> bool:
    """Whether a match of two or more words starts after a word and a hyphen: its first
    word is the tail of a hyphenated compound ("semi-final at", "self-conscious about")."""
    return (m.tok_end - m.tok_start > 1 and m.start > 1
            and text[m.start - 1] == "-" and text[m.start - 2].isalpha())


def _needs_company(opt: Option) -> bool:
    """A tell that proves damage only beside other tells: no entry proposing it is a tell
    on its own, and no decisive context or article says more."""
    f = opt.features
    return (opt.tell and not opt.tell_alone and opt.context < STRONG_CONTEXT and f.get("article", 0) <= 0
            and f.get("reference", 0) <= 0)


def _only_in_company(fd: Finding) -> bool:
    """Whether every option that makes the finding a strong tell needs company."""
    tells = [o for o in fd.options if _can_tell(o)]
    return bool(tells) and all(_needs_company(o) for o in tells)


# A dotted abbreviation just before a match ("4 p.c. 12 months"): its dot is no full stop.
_AFTER_ABBREVIATION = regex.compile(r"\b(?:[A-Za-z]\.){2,}\s+$")

# A word written with an exponent is a unit of measure ("96 mm yr⁻¹", "m²", "s^-1").
_EXPONENT_MARKS = frozenset("⁻⁺⁰¹²³⁴⁵⁶⁷⁸⁹^")


def _table_match_allowed(text: str, m: Match) -> bool:
    """Whether a bulk-table match may be a stand-in at all: not inside a hyphenated
    compound ("highest-grossing", "record-breaking"), since this spinner family leaves
    compounds alone; and not a unit with an exponent ("mm yr⁻¹" is a rate, not a spun
    "year")."""
    after = text[m.end:m.end + 1]
    return text[m.start - 1:m.start] != "-" and after != "-" and after not in _EXPONENT_MARKS


def _blocked_for_tables(matches: list[Match], text: str) -> list[tuple[int, int]]:
    """Spans where a curated entry's veto says the words are genuine (``block_tables``):
    "belong solely to", "pass beneath the site". The bulk tables would otherwise offer the
    same swap there under another name."""
    return [(m.start, m.end) for m in matches
            if any(r.block_tables and r.veto and r.matches(text, m.start, m.end)
                   for p in m.patterns for r in p.entry.evidence)]


_OPENING_QUOTES = "\"“‘'"


def _quoted_inside_sentence(text: str, start: int) -> bool:
    """A word just after an opening quote that itself follows a lowercase word (posted on
    "Truth Social"): the quote starts no sentence, so the capital still marks a name."""
    before = text[max(0, start - 40):start].rstrip()
    if not before or before[-1] not in _OPENING_QUOTES:
        return False
    before = before[:-1].rstrip()
    return bool(before) and (before[-1].islower() or before[-1] == ",")


def _name_echo_matches(findings: list[Finding], text: str, tokens: list[Token]) -> list[Match]:
    """Matches for the bare last word of each damaged name found whose last word the
    restoration changes ("Town" of "Manchester Town" -> "Manchester City"): capitalised,
    outside every finding, not beside another capitalised word (so not "Ipswich Town" or
    "Town Hall"), and inside a sentence or after "the" ("The Fee said")."""
    heads: dict[str, Pattern] = {}
    for fd in findings:
        renamed = choices.renamed_head(fd, text) if fd.match.patterns else None
        if renamed is None or not (renamed[0][:1].isupper() and renamed[1][:1].isupper()):
            continue
        head, original = renamed
        top = fd.options[0]
        entry = next((p.entry for p in fd.match.patterns if p.entry.id == top.rule), fd.match.patterns[0].entry)
        heads.setdefault(fold(head), Pattern((fold(head),), head, entry, (original,), (1.0,)))
    if not heads:
        return []
    taken = sorted((fd.match.start, fd.match.end) for fd in findings)
    starts = [a for a, _ in taken]

    def inside_a_finding(start: int) -> bool:
        i = bisect_right(starts, start) - 1
        return i >= 0 and taken[i][0] <= start < taken[i][1]

    def capitalised(tok: Token) -> bool:
        return tok.text[:1].isupper() and tok.text[1:].islower()

    out = []
    for i, tok in enumerate(tokens):
        pattern = heads.get(tok.key)
        if pattern is None or not capitalised(tok) or tok.headline or inside_a_finding(tok.start):
            continue
        prev = tokens[i - 1] if i else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and nxt.text[:1].isupper() and text[tok.end:nxt.start] == " ":
            continue  # "Town Hall": another name
        after_the = prev is not None and prev.key == "the" and text[prev.end:tok.start] == " "
        if prev is not None and not after_the and prev.text[:1].isupper() and text[prev.end:tok.start] == " " \
                and not prev.sentence_start:
            continue  # "Ipswich Town": another name
        if tok.sentence_start and not after_the:
            continue  # "Company bosses said": a capital that says nothing
        out.append(Match(i, i + 1, tok.start, tok.end, [pattern]))
    return out


def _capital_inside_sentence(text: str, tok: Token) -> bool:
    """A capitalised word where a capital says something: not a sentence's first word (but
    a quoted word inside a sentence is), not a word of a title-case headline."""
    if not tok.text[:1].isupper() or tok.headline:
        return False
    return not tok.sentence_start or _quoted_inside_sentence(text, tok.start)


def _in_name(text: str, tokens: list[Token], m: Match) -> bool:
    """A capitalised match inside a sentence beside another capitalised word: part of a
    name ("Eras Tour", "Outdated Trafford")."""
    first, last = tokens[m.tok_start], tokens[m.tok_end - 1]
    if not _capital_inside_sentence(text, first):
        return False
    if m.tok_start > 0:
        before = tokens[m.tok_start - 1]
        if before.text[:1].isupper() and not text[before.end:first.start].strip():
            return True
    if m.tok_end < len(tokens):
        after = tokens[m.tok_end]
        if after.text[:1].isupper() and not after.sentence_start and not text[last.end:after.start].strip():
            return True
    return False


# The table of originals and forms learned from the gold (scripts/fit_learned_pairs.py),
# and the prefix of its entries' ids.
LEARNED_TABLE = "spinner_learned"
LEARNED_PREFIX = LEARNED_TABLE + ":"


def soft_candidates(text: str, tokens: list[Token], lex: Lexicon, config: Config,
                    keys: list[str] | None = None) -> list[tuple[Match, str]]:
    """Words of the spinner's own dictionary (with their likeliest original) that could be
    soft tells: capitalised words inside a sentence are left out (probably names)."""
    out = []
    append = out.append
    for m in find_matches(text, tokens, lex, config, lex.spinner, keys=keys):
        pattern = m.patterns[0]
        if pattern.weights[0] < 0.3 or pattern.entry.lexicon == LEARNED_TABLE or not _table_match_allowed(text, m):
            # A form that only the learned table has (scripts/fit_learned_pairs.py) was
            # never a soft tell: the document model's rates were fitted without it.
            continue
        first = tokens[m.tok_start]
        if first.text[:1].isupper() and not (first.sentence_start or first.headline):
            continue
        append((m, pattern.originals[0]))
    return out


def is_soft_tell(context: "_Context", match: Match, original: str) -> bool:
    return context.log_ratio(match, original) >= SOFT_LM_RATIO


def _content_words(phrase: str) -> int:
    return sum(1 for t in tokenize(phrase) if t.key not in _FUNCTION_WORDS)


def _lone_listed_phrase(findings: list[Finding], text: str, words: int, scholarly: Callable[[], bool],
                        spinner_strong: int) -> list[Finding]:
    """The strong findings of a long paper whose only tell is one listed two-word phrase
    (one original, however often it occurs): they prove nothing by themselves, see
    LONE_LISTED_MIN_WORDS. Empty when the rule does not apply."""
    if spinner_strong or words < LONE_LISTED_MIN_WORDS:
        return []
    listed = [fd for fd in findings if fd.strong and _tortured(fd)]
    if not listed or not scholarly() or len({frozenset(o.original.lower() for o in fd.options) for fd in listed}) != 1:
        return []
    if any(_content_words(text[fd.match.start:fd.match.end]) >= TORTURED_SELF_PROVING_WORDS for fd in listed):
        return []
    return listed


def _tortured(fd: Finding) -> bool:
    """A listed tortured phrase: a paraphrasing tool's damage, not the article spinner's."""
    return any(o.tortured for o in fd.options)


def soft_tell_positions(context: "_Context", candidates: list[tuple[Match, str]]) -> list[int]:
    """The word positions of the candidates that are soft tells, all of them counted."""
    return [m.tok_start for m, original in candidates if is_soft_tell(context, m, original)]


# Soft-tell candidates (and soft tells) of one spun form counted at most this often by the
# document model, in a short text and by the regional screen (see few_per_form).
FORM_REPEATS = 3


def few_per_form(positions: list[int], candidates: list[tuple[Match, str]], tokens: list[Token]) -> list[int]:
    """``positions`` (soft tells) with each distinct spun form kept at most FORM_REPEATS
    times, the first ones. A spinner swaps many different words; the false soft tells of a
    clean page are mostly one word of its own subject said again and again ("query" 29
    times in a database manual's page, "collation" in another), which read as spun when
    each counted (twenty and thirty-one false edits in those pages). Once per form lost
    passages whose swaps repeat (their recall in mixed pages 0.60 -> 0.59), and twice one
    emulated spun page of technical prose, where the spinner swaps one word throughout as
    well; three times keeps them, and the manuals clean. No hand-spun article reads as
    clean for it."""
    end_at = {m.tok_start: m.tok_end for m, _ in candidates}
    seen: dict[tuple[str, ...], int] = {}
    kept = []
    for i in positions:
        form = tuple(t.key for t in tokens[i:end_at.get(i, i + 1)])
        n = seen.get(form, 0)
        if n < FORM_REPEATS:
            seen[form] = n + 1
            kept.append(i)
    return kept


def few_candidates_per_form(candidates: list[tuple[Match, str]], tokens: list[Token]) -> list[tuple[Match, str]]:
    """``candidates`` with each distinct spun form kept at most FORM_REPEATS times (see
    few_per_form): what the document model's rate of soft tells is counted over."""
    kept_at = set(few_per_form([m.tok_start for m, _ in candidates], candidates, tokens))
    return [c for c in candidates if c[0].tok_start in kept_at]


def _soft_tells(candidates: Callable[[], list[tuple[Match, str]]], positions: Callable[[], list[int]],
                model: ScoringModel, context: "_Context", strong: int, words: int) -> int | None:
    """Words of the spinner's own dictionary whose original the language model clearly
    prefers in context: weak evidence one by one, strong in numbers (see docmodel). Their
    rate alone can show a document spun; the rates are set so that no clean document of
    the fitting data reaches the gate on them (scripts/fit_soft_tells.py). None when they
    were not counted (the strong tells settle the document, or nothing could move it);
    a count, 0 included, is evidence."""
    base = spin_logit(strong, words, model)
    if base >= logit(SOFT_ENOUGH):
        # A document its strong tells have settled needs no more evidence (a score of 0.97
        # has not: it decides whether "no context cue" vetoes are lifted, and it scales
        # every ambiguous finding).
        return None
    matches = candidates()
    if words < SOFT_MIN_WORDS:
        # Too short for a rate to mean anything: a few soft tells prove nothing, but a
        # short paragraph of clean prose shows at most three (none of 1,258 clean
        # validation and news paragraphs of 20-60 words had four), while a spun one often
        # shows half a dozen. Counted in full (there are few candidates).
        hits = len(few_per_form(positions(), candidates(), context.tokens))
        return hits if hits >= SHORT_SOFT_MIN else None
    matches = few_candidates_per_form(matches, context.tokens)
    gate = logit(SPUN_GATE)
    if base + soft_evidence(len(matches), words, model) < gate:
        return None  # even if every one were a soft tell, the document would stay clean
    # The rate is what matters: estimate the share of soft tells among the candidates on
    # an even sample, and stop as soon as an upper bound on that share (Wilson, SOFT_BOUND_Z
    # standard errors) cannot take the document to the gate: clean prose, where few
    # candidates are tells, is settled after about ten of them.
    step = max(1, len(matches) // SOFT_SAMPLE)
    sample = matches[::step]
    hits = done = 0
    for m, original in sample:
        hits += is_soft_tell(context, m, original)
        done += 1
        if done >= SOFT_MIN_SAMPLE and done < len(sample):
            upper = _wilson_upper(hits, done, SOFT_BOUND_Z)
            if base + soft_evidence(round(upper * len(matches)), words, model) < gate:
                break
    # An estimate of none is evidence too: a long document in which the sample finds no
    # soft tell reads as clean (left out, one false strong tell made a clean page with a
    # spun quotation read as spun, while one soft tell found would have made it clean).
    return round(hits / done * len(matches)) if done else None


# Screening a long document for a spun passage (see screened_soft_positions): one soft-tell
# candidate in SCREEN_STRIDE is read, and every candidate within SCREEN_REACH words of one
# whose language-model log-ratio reaches SCREEN_NEAR (half a soft tell's).
SCREEN_STRIDE = 5
SCREEN_REACH = 40
SCREEN_NEAR = 2.0
# Soft tells of fewer different words than this open no stretch, however close together
# (three packed between two paragraph breaks give a peak of 0.48 from the prior 0.1): the
# regional model is not run for them.
SCREEN_MIN_TELLS = 3


def screened_soft_positions(context: "_Context", candidates: list[tuple[Match, str]]) -> list[int]:
    """The word positions of soft tells, found by screening rather than by reading every
    candidate: one candidate in ``SCREEN_STRIDE`` is read, and around each one the language
    model leans towards (log-ratio ``SCREEN_NEAR`` or more, half a soft tell's), every
    candidate within ``SCREEN_REACH`` words, and so on outwards. A spun passage, where most
    candidates lean that way, is read whole, even when the stride happens to miss its soft
    tells (a passage whose eight soft tells all fell between the stride's reads was lost
    when only tells were followed); in clean prose about two fifths of the candidates are
    read. Candidates never read count as no tell, so the regional model only ever sees
    fewer tells than a full reading would give it."""
    starts = [m.tok_start for m, _ in candidates]
    read: set[int] = set()
    tells: list[int] = []
    pending = list(range(0, len(candidates), SCREEN_STRIDE))
    pending.reverse()  # popped from the end: text order
    while pending:
        k = pending.pop()
        if k in read:
            continue
        read.add(k)
        m, original = candidates[k]
        ratio = context.log_ratio(m, original)
        if ratio < SCREEN_NEAR:
            continue
        if ratio >= SOFT_LM_RATIO:
            tells.append(starts[k])
        lo = bisect_left(starts, starts[k] - SCREEN_REACH)
        hi = bisect_right(starts, starts[k] + SCREEN_REACH)
        pending.extend(j for j in range(hi - 1, lo - 1, -1) if j not in read)
    return sorted(tells)


def _wilson_upper(hits: int, n: int, z: float = 2.0) -> float:
    p = hits / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return min(1.0, (centre + spread) / (1 + z * z / n))


def _paragraph_openings(text: str, tokens: list[Token]) -> list[int]:
    """Indices of the tokens that open a paragraph (a blank line before them)."""
    return [i for i in range(1, len(tokens))
            if paragraph_break(text, tokens[i - 1].end, tokens[i].start)]


def _regional_spin(text: str, tokens: list[Token], positions: Callable[[], list[int]],
                   findings: list[Finding], passage_switch: float = regions.PASSAGE_PARAGRAPH_SWITCH
                   ) -> RegionalSpin | None:
    """The spin of each region of a long document, from where its tells are (see
    :mod:`restore.regions`). Soft tells are counted in full here, not sampled: the document
    is spun or holds a strong tell, so the language model reads many of these words anyway."""
    if len(tokens) < REGION_MIN_WORDS:
        return None
    strong = [fd.match.tok_start for fd in findings if fd.strong and not _tortured(fd)]
    return RegionalSpin(len(tokens), strong, positions(), _paragraph_openings(text, tokens), passage_switch)


def document_evidence(text: str, config: Config | None = None) -> dict[str, int]:
    """What the document model sees of ``text``, counted in full (no sampling): strong
    tells, soft tells and soft-tell candidates (each spun form at most FORM_REPEATS times,
    as the engine counts them) and words. For fitting the document model
    (scripts/fit_soft_tells.py) and for diagnosis."""
    config = config or Config()
    lex = lexicon_mod.load(config.lexicons, config.builtin)
    analysis = _score(text, config.with_options(assume_spun=False))
    tokens = _document_tokens(text)
    context = _Context(tokens)
    matches = few_candidates_per_form(soft_candidates(text, tokens, lex, config), tokens)
    soft = len(soft_tell_positions(context, matches))
    return {"strong": analysis.strong, "soft": soft, "candidates": len(matches), "words": analysis.words}


def _document_tokens(text: str) -> list[Token]:
    """The tokens of a document as the engine reads it: those in URLs and code masked, so
    that no entry matches there (see :mod:`restore.verbatim`)."""
    return verbatim.mask(text, tokenize(text))


@dataclass
class _Analysis:
    findings: list[Finding]
    spin: float
    strong: int
    words: int
    # The document's spelling and own forms (restore/spelling.py): suggestions' text only.
    doc_spelling: spelling.DocumentSpelling


def _score(text: str, config: Config) -> _Analysis:
    lex = lexicon_mod.load(config.lexicons, config.builtin)
    model: ScoringModel = get_model()
    tokens = _document_tokens(text)
    keys = [t.key for t in tokens]  # read by the three passes of the matcher below
    matches = find_matches(text, tokens, lex, config, keys=keys)
    if config.builtin and not config.is_disabled(spintax.ENTRY.id):
        matches += spintax.spintax_matches(text, tokens)
    reference = None
    copied_unchanged = None  # the reference feature's value where the source has the words as found
    if config.reference:
        from .reference import CONTRADICTS, ReferenceIndex
        reference = ReferenceIndex(config.reference, text)
        copied_unchanged = CONTRADICTS
    try:
        model_lm = _lm()
    except (ImportError, FileNotFoundError):  # pragma: no cover - the LM ships with the package
        model_lm = None

    findings: list[Finding] = []
    for m in matches:
        options = _collect_options(text, m, reference)
        if options:
            findings.append(Finding(m, options))
    # Bulk-table matches are ambiguous: in full they are examined only once the document
    # turns out to be spun; before that only where an article betrays them ("an settlement").
    # Only the words the article may not fit: the rest cannot show the mismatch, and their
    # table rows need not be read.
    after_article = [i + 1 for i, key in enumerate(keys[:-1])
                     if key in _ARTICLES and article_may_misfit(key == "an", tokens[i + 1].text)]
    for m in find_matches(text, tokens, lex, config, (lex.spinner, lex.tables, lex.user), after_article, keys):
        if _article_mismatch(text, tokens, m) and _table_match_allowed(text, m):
            options = _collect_options(text, m, reference)
            if options:
                findings.append(Finding(m, options))

    # Whether the document reads like a paper: asked only where a listed tortured phrase is
    # found, and then read once (the register's patterns cost a twentieth of a clean text).
    @cache
    def scholarly() -> bool:
        return register.scholarly(text, tokens)

    strong = _prepare(findings, text, tokens, model, model_lm, reference, scholarly)
    # Two kinds of damage, two spin scores. Listed tortured phrases show a paraphrasing tool
    # at work on a paper; they do not show that the article spinner's everyday stand-ins
    # ("methods" for systems) are damage, so the spinner's tables, its lifted vetoes and
    # the scaling of its ambiguous findings follow the spinner's own tells only.
    tortured_strong = sum(1 for fd in findings if fd.strong and _tortured(fd))
    spinner_strong = strong - tortured_strong
    words = len(tokens)  # a token is a match of WORD_RE, as word_count counts them
    lone = _lone_listed_phrase(findings, text, words, scholarly, spinner_strong)
    if lone:
        for fd in lone:
            fd.strong = False
            fd.evidence.append(f"the only listed phrase in a {words}-word paper with no other tell: "
                               "perhaps the field's own wording")
        strong -= len({fd.match.tok_start for fd in lone})
        tortured_strong = 0
    company = [fd for fd in findings if fd.strong and not _tortured(fd) and _only_in_company(fd)]
    lone_company = len(company) == 1 and spinner_strong == 1
    kept_company = False  # the lone tell stands, kept company by soft tells
    if lone_company:
        # A tell that needs company ("essentially the most") with no other strong tell:
        # unless soft tells keep it company (below), it says nothing of the document.
        strong -= 1
        spinner_strong = 0

    context = _Context(tokens) if model_lm is not None else None
    found_candidates: list[list[tuple[Match, str]]] = []

    def candidates() -> list[tuple[Match, str]]:
        """The soft-tell candidates, found once for the document model and the regions."""
        if not found_candidates:
            found_candidates.append(soft_candidates(text, tokens, lex, config, keys))
        return found_candidates[0]

    found_positions: list[list[int]] = []

    def positions() -> list[int]:
        """Where the soft tells are, all candidates read: found once for a short text's
        count, a lone tell's company and the regions."""
        if not found_positions:
            found_positions.append(soft_tell_positions(context, candidates()))
        return found_positions[0]

    soft: int | None = None  # None: not counted (see _soft_tells); 0 counted is evidence
    if not config.assume_spun and context is not None:
        soft = _soft_tells(candidates, positions, model, context, spinner_strong, words)
    if lone_company:
        # Company here is two soft tells (a short text's own rate needs four). One is not
        # enough: the tell would then lift that one ordinary word to an edit ("essentially
        # the most important result, a poll discovered" -> "found") while itself staying
        # unapplied, and one such word is common in clean prose.
        if soft or (context is not None and not config.assume_spun and len(positions()) >= COMPANY_SOFT_TELLS):
            strong += 1
            spinner_strong = 1
            kept_company = True
        else:
            company[0].strong = False
    spin = 1.0 if config.assume_spun else spin_score(strong, words, model, soft)
    spinner_spin = 1.0 if config.assume_spun else spin_score(spinner_strong, words, model, soft)
    if reference is not None:
        spin, spinner_spin = max(spin, 0.9), max(spinner_spin, 0.9)
    # The spin score without one strong tell: what a tell that needs company can lean on.
    # A lone tell that soft tells keep company is what makes the document spun: every other
    # finding is scaled by the score it gives, so it is too. Scaled by the soft tells alone
    # it would vanish from the very document it shows spun ("it used to be essentially the
    # most troublesome week", stated and troublesome restored, "essentially the most" not).
    spin_without_one = spinner_spin if (config.assume_spun or kept_company) else spin_score(
        max(spinner_strong - 1, 0), words, model, soft)
    doc_feature = max(-6.0, min(6.0, logit(spin)))
    spinner_doc_feature = max(-6.0, min(6.0, logit(spinner_spin)))
    spun_doc = spinner_spin >= SPUN_GATE
    # Where in the document the spinner worked (restore.regions). In a spun document a
    # clean stretch scales its findings down. A stretch whose own tells show it spun (a
    # spun article quoted in a clean page) is read as a spun document would be, there
    # only, even where the document as a whole is not, or barely, spun.
    regional = None
    if not config.assume_spun and context is not None and reference is None:
        if spun_doc or spinner_strong:
            regional = _regional_spin(text, tokens, positions, findings)
        elif len(tokens) >= REGION_MIN_WORDS:
            # No strong tell, and not spun as a whole: a spun passage can still stand in
            # the page, shown by its soft tells alone (a spun recipe's "thru the iciness",
            # "crimson pepper" between pages of clean prose). Read by screening, not in
            # full: nearly every long clean document comes this way.
            screened = few_per_form(screened_soft_positions(context, candidates()), candidates(), tokens)
            # Of as many different words: "picked via the options dialog" three times over in a
            # browser's manual is two words, not six tells of a spinner.
            if len({keys[i] for i in screened}) >= SCREEN_MIN_TELLS:
                # Soft tells alone are weaker evidence: a passage they show must outweigh a
                # paragraph break as costly as inside a spun document.
                regional = _regional_spin(text, tokens, lambda: screened, findings, regions.PARAGRAPH_SWITCH)
    spin_map = SpinMap(spinner_spin, SPUN_GATE, regional, document_rates(model)["prior_spun"], LIFT_GATE)

    # Extra finders (tortured phrases composed word by word) never count as tells and are
    # scaled by the spin score, so they can only be reported in documents that may be spun.
    def add_findings(more_matches: list[Match], lift: bool = False) -> None:
        """Findings found after the document model (its strong-tell count is settled)."""
        more = [Finding(m, opts) for m in more_matches if (opts := _collect_options(text, m, reference, lift))]
        _prepare(more, text, tokens, model, model_lm, reference, scholarly)
        findings.extend(more)
        findings.sort(key=lambda fd: fd.match.start)

    if spinner_spin >= LIFT_GATE:
        _lift_vetoes(findings, matches, text, reference, add_findings)
    elif spin_map.opens:
        # A spun passage in a page that is not: lifted there only, where its own tells make
        # it certainly spun.
        _lift_vetoes(findings, [m for m in matches if spin_map.at(m.tok_start) >= LIFT_GATE],
                     text, reference, add_findings)

    if FINDERS and spin >= config.report_floor:
        add_findings([m for finder in FINDERS for m in finder(text, tokens, config)])

    if spun_doc or spin_map.opens or reference is not None:
        # A whole damaged name from a table is still wanted where a phrase composed word by
        # word was found ("Department of Vitality"): the name beats the guess when applied.
        # A curated finding that stands only because its veto was lifted does not keep the
        # tables out: they read its words too, and where they do, its reading ("last" for
        # ultimate, before a verb) gives way to theirs ("final"; _drop_lifted_overlapped).
        lifted_only = {(fd.match.start, fd.match.end) for fd in findings if _only_lifted(fd)}
        seen = {(fd.match.start, fd.match.end) for fd in findings
                if not (fd.options and all(o.composed for o in fd.options))}
        composed_spans = {(fd.match.start, fd.match.end) for fd in findings} - seen
        seen -= lifted_only
        blocked = _blocked_for_tables(matches, text)
        tables = (lex.spinner, lex.names, lex.user) + ((lex.tables,) if config.thesaurus else ())
        add_findings([m for m in find_matches(text, tokens, lex, config, tables, keys=keys)
                      if (m.start, m.end) not in seen and _table_match_allowed(text, m)
                      and spin_map.spun_here(m.tok_start)
                      and ((m.start, m.end) not in composed_spans or any(p.entry.case == "title" for p in m.patterns))
                      and not any(a < m.end and m.start < b for a, b in blocked)])

        # A damaged name is referred back to by its last word: the club is "Town" again
        # three lines after "Manchester Town", the commission "the Fee" after "Ecu Fee".
        # The spinner's tables may not read that word alone ("town" for city is too
        # common), so the short forms of the names found become findings of their own,
        # which stand only if their name is restored (choices.echo_restored_names).
        echoes = _name_echo_matches(findings, text, tokens)
        if echoes:
            add_findings(echoes)
            echo_ids = {id(m) for m in echoes}
            for fd in findings:
                fd.echo = id(fd.match) in echo_ids

    _drop_lifted_overlapped(findings)
    _mark_untouched_originals(findings, tokens, text, model_lm)

    # Pass 2: full evidence for what can matter.
    floor_z = logit(max(config.report_floor, 1e-4)) - 0.5
    lm_headroom = LM_CLIP * (abs(model.weights.get("lm", 0.0)) + abs(model.weights.get("lm_pmi", 0.0)))
    def score_options(fd: Finding, candidates_: list[Option]) -> None:
        """Language-model features and the linear score of a finding's candidate originals."""
        live = []
        for opt in candidates_:
            f = opt.features
            if context is not None:
                raw = context.log_ratio(fd.match, opt.original)
                # A listed tortured phrase's original is often outside the LM's news vocabulary
                # ("tabu search"): its disfavour is weak evidence there.
                f["lm"] = max(raw, -1.0) if opt.tortured else raw
                if opt.curated and opt.tell and opt.prior >= TELL_PRIOR:
                    # A near-unambiguous stand-in is not overruled by the language model
                    # alone: its n-grams favour the spinner's stock phrases ("consisted
                    # solely of" over "consisted only of").
                    f["lm"] = max(f["lm"], -TELL_LM_FLOOR)
                f["lm_pmi"] = 0.0 if (opt.tortured or opt.composed) else max(-LM_CLIP, min(LM_CLIP, raw - opt.unigram_diff))
                if fd.in_name and f.get("proper") and raw < NAME_LM_MIN:
                    # A table guess inside a name renames a tour or a ship ("Eras Tour" ->
                    # "Generations Tour"); only a name the model knows well is restored
                    # ("Outdated Trafford" -> "Old Trafford").
                    continue
            if copied_unchanged is not None and f.get("reference", 0.0) <= copied_unchanged:
                # The source the user supplied has the words as found here: restoring them
                # would contradict it, whatever the rest of the evidence says.
                continue
            opt.z = model.linear(f)
            live.append(opt)
        live.sort(key=lambda o: -o.z)
        fd.options = live

    scored: list[tuple[Finding, list[Option]]] = []
    for fd in findings:
        candidates_ = []
        for opt in fd.options:
            f = opt.features
            if not fd.strong and not opt.tortured and not opt.composed and not spin_map.spun_here(fd.match.tok_start):
                continue  # ambiguous: only in documents (or stretches) that were probably spun
            if opt.tortured and not fd.strong and _can_tell(opt):
                # Scored as if it proved damage; its confidence is scaled down below.
                f["doc"] = max(doc_feature, UNPROVEN_DOC_FEATURE)
            elif opt.tortured or opt.composed:
                f["doc"] = doc_feature
            elif spin_map.opens:
                f["doc"] = max(-6.0, min(6.0, logit(spin_map.at(fd.match.tok_start))))
            else:
                f["doc"] = spinner_doc_feature
            if not (opt.tortured or opt.composed):
                # Which original real spun text showed for these words (restore.choice_priors)
                # ranks a table's originals, which come ordered by word frequency. A curated
                # entry's order and context rules are its author's, but where the gold showed
                # other originals for its words ("befell" for happened as often as for took
                # place) its confidence falls; it never rises, because that a stand-in, when
                # marked, always stood for this original says nothing about how often the
                # words are the writer's own ("have been"). Second pass only: it must not
                # change which findings count as tells.
                # A user's own entries (restore-text learn, --lexicon) speak for their text,
                # which the shipped counts do not describe.
                if not opt.curated:
                    f["choice"] = choice_prior(text[fd.match.start:fd.match.end], opt.original)
                elif _shipped(lex, opt.rule):
                    f["choice"] = min(0.0, choice_prior(text[fd.match.start:fd.match.end], opt.original))
            local = model.linear(f)
            if local + lm_headroom < floor_z:
                continue  # cannot reach the report floor whatever the language model says
            candidates_.append((local, opt))
        # The language model is the costly part: score only the most plausible originals.
        candidates_.sort(key=lambda c: -c[0])
        kept = [opt for _, opt in candidates_[:MAX_OPTIONS]]
        scored.append((fd, kept))
        score_options(fd, kept)

    if context is not None and spinner_spin >= REPAIR_SPIN:
        # Pass 3: in a spun document the neighbours of a finding are often damaged too
        # ("more durable to afford"); judge the language-model evidence again with the
        # confident restorations in place, for the findings beside them.
        repaired: dict[int, str] = {}
        for fd in findings:
            if fd.options and fd.options[0].z >= REPAIR_Z:
                restored = context.words_of(fd.options[0].original)
                if len(restored) == fd.match.tok_end - fd.match.tok_start:
                    repaired.update(zip(range(fd.match.tok_start, fd.match.tok_end), restored))
        if repaired:
            context.repair(repaired)
            for fd, kept in scored:
                a, b = fd.match.tok_start, fd.match.tok_end
                if any(i in repaired for i in (a - 2, a - 1, b, b + 1)):
                    score_options(fd, kept)

    choices.choose(findings, text, tokens)

    # The document's spelling variety and own forms (restore/spelling.py), for the
    # suggestions' text below.
    doc_spelling = spelling.DocumentSpelling(text, tokens)
    # The ambiguous findings of the article spinner in a spun document (or a spun stretch):
    # their confidences hold for the gold's density of swaps, and are lowered afterwards
    # where the spinner was sparser (restore.intensity). The gold's density was counted with
    # the shipped lexicons: without them the findings would be too few to compare.
    thinned: list[Finding] | None = None
    if (intensity.ENABLED and config.builtin and intensity.reference_density() and not config.assume_spun
            and (spun_doc or spin_map.opens)):
        thinned = []
    for fd in findings:
        if not fd.options:
            fd.confidence = 0.0
            continue
        found = text[fd.match.start:fd.match.end]
        best = fd.options[0]
        # The model gives P(right | the document was spun). A strong tell carries its own
        # proof of spinning; any other finding is only as likely as the document is spun.
        z = best.z if fd.pooled_z is None else fd.pooled_z
        fd.confidence = model.calibrate(1.0 / (1.0 + math.exp(-z)))
        # The model scores each original on its own, so two near-synonyms ("war" and
        # "conflict" for battle) can both look right; the confidence is that the chosen one
        # is, and it falls with the chosen one's lead over the next.
        fd.confidence *= _choice_share(fd)
        standin = 0.0
        if (not (best.tortured or best.composed) and not fd.echo and _shipped(lex, best.rule)
                and not best.features.get("article", 0) > 0):
            # How often these words, flagged in gold-restored spun text, were a swap and how
            # often the writer's own (restore.standin_rates): "officers" and "simple" were
            # mostly the writer's, "befell" mostly a swap. The counts come from spun documents,
            # so they move P(right | the document was spun), before the document's spin score
            # scales it: a word that is usually a swap in spun text is no proof that a
            # document is spun. A prior on the finding, not on its originals, so it comes
            # after everything that chose among them. A curated entry's context rules already
            # tell its words' uses apart ("have been" after "are being" is the writer's), so
            # the counts, made over all uses, only ever lower it, and not at all where the
            # entry's own context cues weigh for it (their weights sum above 0): "Overall"
            # before a full personal name is not the "Overall, ..." that the counts saw as the
            # writer's own. An article that fits only
            # the original ("an settlement") proves the swap whatever the counts say, and the
            # short form of a restored name ("Town" of "Manchester Town") stays no surer than
            # the name (choices.echo_restored_names).
            standin = standin_rate(found)
            if best.curated:
                standin = 0.0 if best.context > 0 else min(0.0, standin)
            if standin:
                fd.confidence = _shift(fd.confidence, model.weights.get("standin", 0.0) * standin)
        paper_damage = best.tortured or best.composed
        spin_at = spin_map.at(fd.match.tok_start)
        if (not paper_damage and not (fd.strong and _can_tell(best)) and not fd.echo
                and not best.features.get("article", 0) > 0 and thinned is not None):
            thinned.append(fd)
        # A listed phrase outside a paper that does not prove damage by itself: shown to
        # the reviewer, applied only when other tells make the document spun.
        unproven_listed = best.tortured and not fd.strong and _can_tell(best)
        if not (fd.strong and _can_tell(best)) and not unproven_listed:
            fd.confidence *= spin if paper_damage else spin_at
        elif fd.strong and _needs_company(best) and not config.assume_spun:
            # Grammatical English that the spinner writes often ("essentially the most"):
            # as likely as the document's other tells make it spun.
            fd.confidence *= spin_without_one
        if best.composed and not tortured_strong and not config.assume_spun:
            # A phrase composed word by word is a guess about a paraphrasing tool; without a
            # listed tortured phrase in the document the damage may be an article spinner's
            # ("circulatory illness": circulatory disease, not "blood disease"), so its
            # confidence is halved: at the default threshold it is at most reported.
            fd.confidence *= COMPOSED_WITHOUT_LISTED
        fd.confidence = model.calibrate_final(fd.confidence)
        if unproven_listed:
            fd.confidence *= max(spin, TORTURED_UNPROVEN)
        elif best.tortured and best.context < 0 and not tortured_strong:
            # A listed phrase that is also ordinary English ("search engine", "first
            # request") without its own support: only a paper mill's other phrases make it
            # likely; an article spinner's tells say nothing about it.
            fd.confidence *= TORTURED_UNPROVEN
        if (best.features.get("article", 0) > 0 and best.features.get("lm", 0) >= ARTICLE_LM_MIN
                and spin_at >= 0.5 and not paper_damage and found[:1].lower() != "h"
                and (best.curated or best.spinner)):
            # ("an historic", "a honest": an h-word's article is no evidence either way.) The
            # mined thesaurus, consulted only because the article betrays a swap, knows the
            # word was swapped but not from what: its guesses after a telling article were
            # right once in ten on the hand-spun articles ("an surprising" -> "amazing").
            fd.confidence = max(fd.confidence, ARTICLE_FLOOR)
        fd.start, fd.end = fd.match.start, fd.match.end
        fd.suggestion = keep_layout(found, transfer_case(found, best.original))
        # Originals are American; a British document gets them in its own spelling
        # ("mould", not "mold"). Only the text changes: the scores are already made.
        fd.suggestion = doc_spelling.localise(fd.suggestion)
        if (tokens[fd.match.tok_start].sentence_start and not found[:1].isalpha()
                and not _AFTER_ABBREVIATION.search(text, max(0, fd.match.start - 12), fd.match.start)):
            # "1000's of folks" opening a sentence: the found text has no letter to copy the
            # case from, but the sentence still starts with a capital ("Thousands"). After
            # "p.c." a number goes on the sentence ("rose 4 p.c. 12 months on 12 months"), as
            # the abbreviation's reading of its dot has it (matcher._abbreviation_end).
            fd.suggestion = fd.suggestion[:1].upper() + fd.suggestion[1:]
        article_tok = _article_before(text, tokens, fd.match)
        if article_tok is not None and (takes_an(best.original) != (article_tok.key == "an")):
            # The restored word needs the other article: "an honest" -> "a decent".
            new_article = "an" if takes_an(best.original) else "a"
            new_article = transfer_case(article_tok.text, new_article)
            fd.start = article_tok.start
            fd.suggestion = new_article + text[article_tok.end:fd.match.start] + fd.suggestion
        fd.evidence = _describe(best, found, lex) + fd.evidence
        if standin:
            m, u = standin_counts(found)
            fd.evidence.append(f"where gold-restored spun text had these words, they were a swap {m} times "
                               f"and the writer's own {u} times")
        if not config.assume_spun:
            # Soft tells are named only where they were counted (see _soft_tells).
            soft_part = "" if soft is None else f" and {soft} soft"
            if paper_damage or spinner_strong == strong:
                fd.evidence.append(f"document spin score {spin:.2f} ({strong} strong{soft_part} tells "
                                   f"in {words} words)")
            else:
                fd.evidence.append(f"article-spinner score {spinner_spin:.2f} ({spinner_strong} strong{soft_part} "
                                   f"tells in {words} words; tortured phrases not counted)")
            note = None if paper_damage else spin_map.note(fd.match.tok_start, REGION_NOTE)
            if note:
                fd.evidence.append(note)

    if thinned:
        _lower_where_sparse(thinned, findings, len(tokens), spin_map)
        if model_lm is not None:
            _lower_where_unknown(thinned, tokens, spin_map, model_lm)
    findings.extend(_join_tortured(findings, text))
    return _Analysis(findings, spin, strong, words, doc_spelling)


def _lower_where_sparse(thinned: list[Finding], findings: list[Finding], words: int, spin_map: SpinMap) -> None:
    """Lower the confidence of each of ``thinned`` by how much sparser the swaps around it
    are than in the gold (restore.intensity), from the confidences of all ``findings``."""
    reference = intensity.reference_density()
    counted = [(fd.match.tok_start, fd.confidence) for fd in findings
               if fd.options and fd.confidence >= intensity.COUNT_FLOOR
               and not (fd.options[0].tortured or fd.options[0].composed)]
    density = intensity.SwapDensity(words, spin_map.at, counted, reference)
    for fd in thinned:
        around = density.around(fd.match.tok_start)
        by = intensity.lowering(around, reference)
        if by < 0.0:
            fd.confidence = _shift(fd.confidence, by)
            fd.evidence.append(f"swaps are sparse here (about {around:.0%} of words, {reference:.0%} in the "
                               f"gold): confidence lowered by {-by:.2f} in log-odds")


def _lower_where_unknown(thinned: list[Finding], tokens: list[Token], spin_map: SpinMap, model_lm) -> None:
    """Lower the confidence of each of ``thinned`` by how much of the spun lowercase
    vocabulary around it the language model does not know (restore.vocabulary)."""
    shares = vocabulary.UnknownShare(tokens, spin_map.at, model_lm.known, model_lm.normalise)
    for fd in thinned:
        share = shares.around(fd.match.tok_start)
        by = vocabulary.lowering(share)
        if by < 0.0:
            fd.confidence = _shift(fd.confidence, by)
            fd.evidence.append(f"{share:.0%} of the lowercase words here are unknown to the language model "
                               f"(its evidence is thin): confidence lowered by {-by:.2f} in log-odds")


def _shift(p: float, by: float) -> float:
    """The probability ``p`` moved by ``by`` in log-odds."""
    if p <= 0.0 or p >= 1.0:
        return p
    return sigmoid(logit(p) + by)


def _choice_share(fd: Finding) -> float:
    """P(the chosen original is the right one | the span is damaged), from its lead over
    the next original: averaged over the occurrences that chose together where they did,
    else this occurrence's own. Originals that differ only in number ("study", "studies")
    are one choice, and a choice the grammar made is kept whole."""
    if fd.grammar or len(fd.options) < 2:
        return 1.0
    if fd.choice_margin is not None:
        margin = fd.choice_margin
    else:
        stem = choices.number_stem(fd.options[0].original)
        ours = max(o.z for o in fd.options if choices.number_stem(o.original) == stem)
        others = [o.z for o in fd.options if choices.number_stem(o.original) != stem]
        if not others:
            return 1.0
        margin = ours - max(others)
    return 1.0 / (1.0 + math.exp(-(max(margin, 0.0) + CHOICE_OFFSET)))


def _join_tortured(findings: list[Finding], text: str) -> list[Finding]:
    """Listed tortured phrases that overlap on a word and whose originals agree there make
    one phrase: "bosom malignant" (breast cancer) and "malignant growth" (cancer) in
    "bosom malignant growth" restore to "breast cancer", not to "breast cancer growth"; and
    "profound learning" + "learning calculation" to "deep learning algorithm". The joined
    finding is longer, so it wins over its halves when it is applied."""
    listed = [fd for fd in findings
              if fd.options and fd.options[0].tortured and fd.start == fd.match.start and fd.confidence > 0]
    by_start: dict[int, list[Finding]] = {}
    for fd in listed:
        by_start.setdefault(fd.match.tok_start, []).append(fd)
    joined = []
    for a in listed:
        for b in by_start.get(a.match.tok_end - 1, ()):
            if b is a or b.match.tok_end <= a.match.tok_end:
                continue
            ao, bo = a.options[0].original.split(), b.options[0].original.split()
            if [fold(w) for w in ao[-len(bo):]] == [fold(w) for w in bo]:
                original = " ".join(ao)
            elif fold(ao[-1]) == fold(bo[0]):
                original = " ".join(ao + bo[1:])
            else:
                continue
            match = Match(a.match.tok_start, b.match.tok_end, a.match.start, b.match.end,
                          a.match.patterns + b.match.patterns)
            option = Option(original=original, rule=f"{a.options[0].rule}+{b.options[0].rule.split(':', 1)[-1]}",
                             tortured=True, z=min(a.options[0].z, b.options[0].z))
            fd = Finding(match, [option], strong=a.strong and b.strong)
            found = text[match.start:match.end]
            fd.start, fd.end = match.start, match.end
            fd.confidence = min(a.confidence, b.confidence)
            fd.suggestion = keep_layout(found, transfer_case(found, original))
            shared = text[b.match.start:a.match.end]
            fd.evidence = [f"listed tortured phrases {text[a.match.start:a.match.end]!r} and "
                           f"{text[b.match.start:b.match.end]!r} overlap on {shared!r} and their originals "
                           f"agree there: together they restore to {original!r}"] + a.evidence[1:]
            joined.append(fd)
    return joined


def candidates(text: str, config: Config) -> list[dict]:
    """Every scored option at every finding, with its features: the training rows used by
    ``scripts/fit_scoring.py`` to fit the scoring weights and the calibration."""
    analysis = _score(text, config)
    rows = []
    for fd in analysis.findings:
        for rank, opt in enumerate(fd.options):
            if opt.z == -math.inf:
                continue
            rows.append({
                "start": fd.match.start, "end": fd.match.end, "text": text[fd.match.start:fd.match.end],
                "original": opt.original, "rank": rank, "rule": opt.rule, "rules": list(opt.sources),
                "features": dict(opt.features),
                "z": opt.z, "spin_score": analysis.spin,
            })
    return rows


def analyse(text: str, config: Config) -> Restoration:
    if not isinstance(text, str):
        raise TypeError(f"restore works on str, not {type(text).__name__}")
    # The document's objects die with it: the cyclic collector is kept out of the way
    # meanwhile, so that it does not walk the whole lexicon again and again (see collector).
    with collector.paused():
        return _analyse(text, config)


def _analyse(text: str, config: Config) -> Restoration:
    analysis = _score(text, config)
    findings, spin = analysis.findings, analysis.spin

    # Confidences are reported to four places, and a span is applied when the confidence a
    # reader sees reaches the threshold: a threshold copied from a report applies that span.
    for fd in findings:
        fd.confidence = round(fd.confidence, 4)

    # A curated or listed phrase that is applied beats the shorter findings inside it: the
    # longer match is the more specific ("Nationwide Safety and Protection Council" over
    # "Nationwide", "bolster vector relapse" over "bolster vector"). So does a whole damaged
    # name from a table ("Brand New York Instances" over "New York Instances").
    # A stand-in of several words from the spinner's own table counts too ("keep away from"
    # for avoid, over "keep" for stay inside it).
    long_phrases = sorted((fd.start, fd.end) for fd in findings
                          if fd.options and (fd.options[0].curated or fd.options[0].tortured or fd.options[0].name
                                             or (fd.options[0].spinner and fd.match.tok_end - fd.match.tok_start > 1))
                          and fd.confidence >= config.threshold)

    def _inside_longer(fd: Finding) -> bool:
        """Inside a longer applied curated, listed or name phrase; or, for a phrase composed word
        by word, on exactly the stretch of one (the entry's knowledge beats the guess:
        "financial development" is economic growth, not "economic development")."""
        composed = bool(fd.options) and fd.options[0].composed
        i = bisect_right(long_phrases, (fd.start, len(text) + 1))
        return any(s <= fd.start and fd.end <= e and ((e - s) > (fd.end - fd.start) or composed)
                   for s, e in long_phrases[max(0, i - 8):i])

    # A stand-in learned from the gold alone (scripts/fit_learned_pairs.py) gives way to an
    # applied curated or listed finding it overlaps, however confident: the entry is
    # knowledge of the spinner, the learned row what writers imitating it did ("most
    # productive" -> "best" must not take "essentially the most productive" from "the most").
    curated_spans = [(fd.start, fd.end) for fd in findings
                     if fd.options and (fd.options[0].curated or fd.options[0].tortured)
                     and fd.confidence >= config.threshold]

    def _yields_to_curated(fd: Finding) -> bool:
        sources = fd.options[0].sources if fd.options else ()
        return (bool(sources) and all(src.startswith(LEARNED_PREFIX) for src in sources)
                and any(s < fd.end and fd.start < e for s, e in curated_spans))

    # Resolve overlaps: the most confident finding wins its stretch of text.
    chosen: list[Finding] = []
    taken = bytearray(len(text))
    def _tier(fd: Finding) -> int:
        """On (near) ties the more specific source wins: curated or listed, then tables,
        then phrases composed word by word."""
        if not fd.options:
            return 3
        best = fd.options[0]
        if best.curated or best.tortured:
            return 0
        return 2 if best.composed else 1

    order = lambda f: (_inside_longer(f) or _yields_to_curated(f), -round(f.confidence, 2), _tier(f),  # noqa: E731
                       -(f.end - f.start), f.start)
    for fd in sorted(findings, key=order):
        if fd.confidence < config.report_floor:
            continue
        if fold(fd.suggestion) == fold(text[fd.start:fd.end]):
            continue
        if any(taken[fd.start:fd.end]):
            continue
        taken[fd.start:fd.end] = b"\x01" * (fd.end - fd.start)
        chosen.append(fd)
    chosen.sort(key=lambda f: f.start)

    spans = []
    for fd in chosen:
        found = text[fd.start:fd.end]
        alternatives = []
        # A span widened to re-choose the article ("A previous" -> "An old"): each
        # alternative replaces the whole span too, with the article it needs ("A past").
        lead = text[fd.start:fd.match.start]
        for opt in fd.options[1:]:
            # in the document's spelling, as the suggestion
            alt = analysis.doc_spelling.localise(transfer_case(text[fd.match.start:fd.match.end], opt.original))
            if lead:
                alt = with_article(lead, alt)
            if alt not in alternatives and fold(alt) != fold(fd.suggestion):
                alternatives.append(alt)
        spans.append(Span(
            start=fd.start, end=fd.end, text=found, suggestion=fd.suggestion,
            alternatives=tuple(alternatives[:5]), confidence=round(fd.confidence, 4),
            rule=fd.options[0].rule, evidence=tuple(fd.evidence),
            applied=fd.confidence >= config.threshold,
        ))
    from .applying import apply as apply_spans
    restored = apply_spans(text, spans)
    return Restoration(original=text, text=restored, spans=tuple(spans), spin_score=round(spin, 4),
                       threshold=config.threshold)


# Finders registered by their own modules (imported last: they need the names above).
from . import compose  # noqa: E402,F401  (registers the composed tortured-phrase finder)
