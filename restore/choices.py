"""Choosing among each finding's candidate originals with evidence from the whole document.

A spinner with a fixed dictionary behaves the same way all through a document, so what
one occurrence shows decides the others: one original per spun form (whatever its number),
one direction per swap, the head noun of a restored name restored with it, and the
occurrences of one stand-in sharing their evidence. Grammar settles the rest: a verb agrees
with its subject and takes its base form after a modal, "stays" before an adjective is
"remains", a sentence adverb before a comma is "however", an original does not double
the next word, and a possessive takes the singular. A choice the grammar made is kept when
the occurrences of a spun form choose together. :func:`choose` runs these steps in order on the engine's findings.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
import math

from .findings import Finding, Option
from .lexicon import is_adjective, verb_tags
from .matcher import Match
from .tokens import Token, fold

# One direction of a swap ("girls" for women) must carry this many times the evidence of
# the reverse ("women" for girls) in a document before the reverse findings are dropped.
REVERSE_MARGIN = 1.5
# Evidence (log-odds) that a lone head noun ("the belief") is damaged like the name it
# heads when that name ("NHS Belief" -> "NHS Trust") is restored in the same document.
NAME_ECHO_Z = 1.5
# Log-odds charged to an original that one occurrence of a spun form does not propose.
MISSING_Z = 5.0
# An occurrence whose own language-model log-ratio is below this keeps its own score when
# the occurrences of its stand-in pool their evidence (see pool_occurrences).
POOL_LM_FLOOR = -1.0


_SINGULAR_VERBS = frozenset({"is", "was", "has", "does", "isn't", "wasn't", "hasn't", "doesn't"})
_PLURAL_VERBS = frozenset({"are", "were", "have", "do", "aren't", "weren't", "haven't", "don't"})
_SINGULAR_SUBJECTS = frozenset({"he", "she", "it", "this", "everyone", "nobody", "everybody", "one"})
# Particles that a multiword original may end in and the text may already supply.
_PARTICLES = frozenset({"on", "of", "to", "in", "for", "with", "at", "about", "up", "out", "from", "by", "upon"})
# "that" after a noun is a relative pronoun far more often than a subject of its own.
_RELATIVE_PRONOUNS = frozenset({"that", "which", "who"})
# Words after which a verb is in its base form, and the adverbs that may stand between.
_BASE_FORM_BEFORE = frozenset({
    "will", "would", "can", "could", "shall", "should", "might", "must", "cannot",
    "won't", "wouldn't", "can't", "couldn't", "shan't", "shouldn't", "mustn't", "mightn't",
    "do", "does", "did", "don't", "doesn't", "didn't", "let's",
})
_ADVERBS_AFTER_MODAL = frozenset({"not", "also", "never", "still", "then", "now", "just", "only", "soon", "probably",
                                  "likely", "certainly", "eventually", "finally"})
_IRREGULAR_PLURALS = frozenset({"children", "men", "women", "people", "police", "data", "media", "feet",
                                "teeth", "mice", "criteria", "phenomena", "cattle", "staff"})
# Words before "that" that do not make it a relative pronoun ("so that", "such that").
_NOT_NOUNS = frozenset({"such", "said", "say", "think", "know", "given", "provided", "except", "than", "like",
                        "all", "any", "anything", "everything", "something", "nothing"})
_PLURAL_SUBJECTS = frozenset({"they", "we", "you", "these", "those", "both", "many", "several", "few", "people"})
# Sentence-initial words that are not names.
_FUNCTION_STARTS = frozenset({"i", "the", "a", "an", "but", "and", "so", "then", "there", "here", "now", "also",
                              "however", "still", "yet", "all", "some", "most", "each", "every", "no", "if",
                              "when", "while", "as", "because", "what", "who", "which", "why", "how"})
# Words before a relative pronoun that cannot be the noun it refers to.
_NO_ANTECEDENT = _SINGULAR_SUBJECTS | _PLURAL_SUBJECTS | _FUNCTION_STARTS


def _put_first(fd: Finding, opt: Option, reason: str | None = None, grammar: bool = False) -> None:
    """Make ``opt`` the finding's first option, noting why; ``grammar``: the words around it
    chose it, so the occurrences of its spun form do not choose it again."""
    k = next(i for i, o in enumerate(fd.options) if o is opt)
    fd.options.insert(0, fd.options.pop(k))
    fd.choice_margin = None  # chosen on other grounds than the occurrences' summed evidence
    if reason:
        fd.evidence.append(reason)
    fd.grammar = fd.grammar or grammar


def number_of_subject(tokens: list[Token], match: Match) -> str | None:
    """'singular' or 'plural' for the word just before a match when it plainly is a
    subject ("they", "he", "officials"), else None."""
    if match.tok_start == 0 or tokens[match.tok_start].sentence_start:
        return None
    before = tokens[match.tok_start - 1]
    word = before.key
    if word in _RELATIVE_PRONOUNS:
        # "modules that will not be": a relative pronoun has the number of the noun it
        # follows, so that noun decides; anything else there says nothing.
        k = match.tok_start - 2
        if k < 0 or tokens[match.tok_start - 1].sentence_start or not tokens[k].text.isalpha():
            return None
        if tokens[k].key in _NO_ANTECEDENT:
            return None
        before, word = tokens[k], tokens[k].key
        if before.sentence_start or before.text.islower():
            # an ordinary noun: "modules that" -> plural, "a future that" -> singular
            if word in _IRREGULAR_PLURALS or (word.endswith("s") and not word.endswith(("ss", "us", "is"))):
                return "plural"
            if not word.endswith(("ed", "ly", "ing")) and word not in _NOT_NOUNS:
                return "singular"
            return None
    if word in _SINGULAR_SUBJECTS:
        return "singular"
    if word in _PLURAL_SUBJECTS:
        return "plural"
    if before.text[:1].isupper():
        # A name: "Kyiv", "Apple" are singular; "Democrats" and "the United States" differ,
        # so a name in -s says nothing. A sentence's first word may be no name at all.
        if not before.text.isalpha() or word.endswith("s") or word in _FUNCTION_STARTS:
            return None
        return "singular"
    if len(word) > 3 and word.isalpha() and word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")):
        return "plural"
    return None


def agree_with_subject(findings: list[Finding], tokens: list[Token]) -> None:
    """Among a finding's originals that differ in the number of their verb ("is not" /
    "are not" for "will not be"), put first the one that agrees with a plain subject
    just before it ("they will not be" -> "they are not")."""
    for fd in findings:
        if len(fd.options) < 2:
            continue
        heads = [opt.original.split(" ", 1)[0].lower() for opt in fd.options]
        if not any(h in _SINGULAR_VERBS for h in heads) or not any(h in _PLURAL_VERBS for h in heads):
            continue
        number = number_of_subject(tokens, fd.match)
        if number is None:
            continue
        wanted = _PLURAL_VERBS if number == "plural" else _SINGULAR_VERBS
        if heads[0] in wanted:
            continue
        k = next((i for i, h in enumerate(heads) if h in wanted), None)
        if k is not None:
            _put_first(fd, fd.options[k], f"the verb agrees with the {number} subject before it", grammar=True)


def base_form_after_modal(findings: list[Finding], tokens: list[Token]) -> None:
    """After a modal or do-support ("will shut", "did not shut") a verb is in its base form:
    an original that is only a past or -ing form ("closed") gives way to one that can be the
    base form ("close")."""
    for fd in findings:
        if len(fd.options) < 2 or fd.match.tok_end - fd.match.tok_start != 1 or fd.match.tok_start == 0:
            continue
        k = fd.match.tok_start - 1
        if tokens[k].key in _ADVERBS_AFTER_MODAL and k > 0 and not tokens[k].sentence_start:
            k -= 1
        if tokens[k].key not in _BASE_FORM_BEFORE or tokens[fd.match.tok_start].sentence_start:
            continue
        top = fd.options[0].original
        tags = verb_tags(top)
        if " " in top or not tags or "VB" in tags:
            continue
        base = next((o for o in fd.options[1:] if " " not in o.original and "VB" in verb_tags(o.original)), None)
        if base is not None:
            _put_first(fd, base, f"after {tokens[k].text!r} a verb takes its base form", grammar=True)


def remain_before_a_complement(findings: list[Finding], tokens: list[Token]) -> None:
    """"stays unclear", "stayed particularly popular": a form of stay before an adjective
    or a participle is the spinner's "remain" (a linking verb), not "live"."""
    for fd in findings:
        if len(fd.options) < 2 or fd.options[0].original.lower().startswith("remain"):
            continue
        remain = next((o for o in fd.options if o.original.lower().startswith("remain") and " " not in o.original), None)
        if remain is None or fd.match.tok_end >= len(tokens):
            continue
        k = fd.match.tok_end
        if tokens[k].key.endswith("ly") and k + 1 < len(tokens) and not tokens[k + 1].sentence_start:
            k += 1  # "stays particularly popular"
        nxt = tokens[k]
        if nxt.sentence_start or not nxt.text.islower():
            continue
        if is_adjective(nxt.key) or verb_tags(nxt.key) == frozenset({"VBN"}):
            _put_first(fd, remain, f"before {nxt.text!r}, a complement: a linking verb", grammar=True)


def however_before_a_comma(findings: list[Finding], text: str) -> None:
    """A sentence adverb set off by a comma (", nonetheless," or "Nonetheless, the ...") is
    "however", not "still": "still" does not stand alone before a comma."""
    for fd in findings:
        if len(fd.options) < 2 or fold(fd.options[0].original) == "however":
            continue
        after = text[fd.match.end:fd.match.end + 2].lstrip(" ")
        if not after.startswith((",", ";")):
            continue
        however = next((o for o in fd.options if fold(o.original) == "however"), None)
        if however is not None:
            _put_first(fd, however, "set off by a comma: a sentence adverb", grammar=True)


def number_stem(original: str) -> str:
    """The original with a plural ending taken off its last word ("studies" -> "study"),
    folded: the same choice of word, whatever its number."""
    words = fold(original).split(" ")
    last = words[-1]
    if len(last) > 4 and last.endswith("ies"):
        last = last[:-3] + "y"
    elif len(last) > 3 and last.endswith(("ches", "shes", "sses", "xes")):
        last = last[:-2]
    elif len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is")):
        last = last[:-1]
    return " ".join(words[:-1] + [last])


def singular_before_possessive(findings: list[Finding], text: str) -> None:
    """Before a possessive 's the original is singular: the spinner's "research's" is
    "study's", never "studies's"."""
    for fd in findings:
        if len(fd.options) < 2 or not text.startswith(("'s", "\u2019s"), fd.match.end):
            continue
        stem = number_stem(fd.options[0].original)
        if stem == fold(fd.options[0].original):
            continue  # already singular (or not a plural the stem rule knows)
        singular = next((o for o in fd.options if fold(o.original) == stem), None)
        if singular is not None:
            _put_first(fd, singular, "a possessive 's follows: the singular original")


def no_doubled_words(findings: list[Finding], tokens: list[Token]) -> None:
    """An original whose last word repeats the next word ("relies upon on" -> "depends on
    on") was a stand-in for the verb alone: prefer an option that does not double a word,
    else drop the repeated particle ("depends")."""
    for fd in findings:
        if not fd.options or fd.match.tok_end >= len(tokens):
            continue
        following = tokens[fd.match.tok_end].key
        if following not in _PARTICLES:
            continue
        doubling = [o for o in fd.options
                    if len(words := fold(o.original).split(" ")) >= 2 and words[-1] == following]
        if not doubling:
            continue
        others = [o for o in fd.options if o not in doubling]
        if others:
            # The doubling originals are out, not merely second: left in, they would count
            # as rivals of the one the grammar leaves ("depends" against "depends on").
            first_doubled = fd.options[0] in doubling
            fd.options[:] = others
            if first_doubled:
                fd.choice_margin = None
        else:
            fd.options[0].original = fd.options[0].original.rsplit(" ", 1)[0]
        fd.evidence.append(f"'{following}' follows: the original does not repeat it")


def renamed_head(fd: Finding, text: str) -> tuple[str, str] | None:
    """(last word as found, last word of the original), as written, of a damaged name whose
    restoration changes its last word ("Town" of "Manchester Town" -> "Manchester City");
    None for any other finding. A name is a row of the names table, an ``ent.`` entry, or
    a curated phrase that ends on a capital (not "press convention")."""
    top = fd.options[0] if fd.options else None
    if top is None or not (top.name or top.curated):
        return None
    found_words = text[fd.match.start:fd.match.end].split()
    original_words = top.original.split()
    if len(found_words) < 2 or len(found_words) != len(original_words):
        return None
    if not (top.name or top.rule.startswith("ent.") or found_words[-1][:1].isupper()):
        return None
    if fold(found_words[-1]) == fold(original_words[-1]):
        return None
    return found_words[-1], original_words[-1]


def echo_restored_names(findings: list[Finding], text: str) -> None:
    """A restored name is referred back to by its head noun: after "NHS Belief" -> "NHS
    Trust", "the belief's board" is the trust's. The lone head noun's finding proposing the
    same original gains NAME_ECHO_Z and comes first. A short form found only because the
    name was (the engine's name echoes, ``Finding.echo``: "Town" after "Manchester Town")
    is never surer than its name, and says nothing where the name is not restored."""
    echo: dict[str, tuple[str, str, float]] = {}
    names: set[int] = set()  # id() of the name findings
    for fd in findings:
        heads = renamed_head(fd, text)
        if heads is None or fd.options[0].z < 0:
            continue
        head, original = fold(heads[0]), fold(heads[1])
        z = fd.pooled_z if fd.pooled_z is not None else fd.options[0].z
        if head not in echo or z > echo[head][2]:
            echo[head] = (original, text[fd.match.start:fd.match.end], z)
        names.add(id(fd))
    for fd in findings:
        if id(fd) in names or fd.match.tok_end - fd.match.tok_start != 1:
            continue
        target = echo.get(fold(text[fd.match.start:fd.match.end]))
        opt = None if target is None else next((o for o in fd.options if fold(o.original) == target[0]), None)
        if opt is None:
            if fd.echo:
                fd.options = []  # the short form of a name that is not restored: nothing to say
            continue
        opt.z += NAME_ECHO_Z
        if fd.echo:
            opt.z = min(opt.z, target[2])
            fd.pooled_z = None
        _put_first(fd, opt, f"the name {target[1]!r} is restored in this document: its head noun here too")


def one_direction_per_pair(findings: list[Finding], text: str) -> None:
    """A fixed dictionary turns "women" into "girls" or "girls" into "women", not both in
    one document. Where findings propose both directions of one pair, the direction with
    more occurrences and evidence wins; the other loses that option (a "women" beside three
    restored "girls" is the writer's own word)."""
    by_direction: dict[tuple[str, str], list[Finding]] = {}
    for fd in findings:
        if fd.options and not fd.options[0].tortured:
            key = (number_stem(text[fd.match.start:fd.match.end]), number_stem(fd.options[0].original))
            by_direction.setdefault(key, []).append(fd)
    for (found, original), group in by_direction.items():
        if found >= original:
            continue  # each unordered pair once
        other = by_direction.get((original, found))
        if not other:
            continue
        ahead = sum(max(fd.options[0].z, 0.0) for fd in group)
        behind = sum(max(fd.options[0].z, 0.0) for fd in other)
        if ahead < behind:
            group, other, ahead, behind = other, group, behind, ahead
        if len(group) < 2 or ahead < REVERSE_MARGIN * behind:
            continue
        for fd in other:
            fd.options.pop(0)
            fd.choice_margin = None
            fd.evidence.append(f"the reverse swap is restored {len(group)} times in this document: "
                               "a spinner's dictionary goes one way")


def _inside_longer_span(spans: list[tuple[int, int]]):
    """A test of whether a stretch lies inside a longer one of ``spans`` (sorted), in
    logarithmic time: a long document holds thousands of findings and of phrases."""
    starts = [a for a, _ in spans]
    reach, furthest = [], -1  # reach[k]: the furthest end among spans[:k + 1]
    for _, b in spans:
        furthest = max(furthest, b)
        reach.append(furthest)

    def inside(start: int, end: int) -> bool:
        before = bisect_left(starts, start)  # spans that start earlier: longer if they reach end
        if before and reach[before - 1] >= end:
            return True
        upto = bisect_right(starts, start)  # ... or start here and end later
        return bool(upto) and reach[upto - 1] > end

    return inside


# A curated entry's context rules that favour an occurrence's own original by this much
# (log-odds, as the rules' weights) over the original its other occurrences chose keep it: one spun form
# may stand for two originals in one document when the spinner's dictionary maps both to
# it ("throughout" for during and for across; "beneath" for under and for below), and a
# cue read in the occurrence's own words says more than the vote of the others.
OWN_CONTEXT_LEAD = 2.0


def choose_consistently(findings: list[Finding], text: str) -> None:
    """A spinner with a fixed dictionary turns one original into the same stand-in all
    through a document, so the occurrences of one spun form share their original: pick
    the original with the most evidence summed over the occurrences."""
    # A word inside a longer curated stand-in ("information" in "information convention",
    # news conference) is restored with that phrase, and what the language model says of
    # it there says nothing about the word elsewhere: one spun form may stand for several
    # originals ("information" for news, records and data).
    inside_phrase = _inside_longer_span(sorted((fd.match.start, fd.match.end) for fd in findings
                                               if fd.options and fd.options[0].curated
                                               and fd.match.tok_end - fd.match.tok_start > 1))
    groups: dict[str, list[Finding]] = {}
    for fd in findings:
        if len(fd.options) > 1 and not fd.options[0].tortured and not fd.grammar and not inside_phrase(
                fd.match.start, fd.match.end):
            groups.setdefault(fold(text[fd.match.start:fd.match.end]), []).append(fd)
    for found, group in groups.items():
        if len(group) < 2:
            continue
        # "study" and "studies" are one choice: the spinner's "research" stands for both,
        # and each occurrence keeps the number its own context wants.
        totals: dict[str, float] = {}
        for fd in group:
            best_here: dict[str, float] = {}
            for opt in fd.options:
                key = number_stem(opt.original)
                best_here[key] = max(best_here.get(key, -math.inf), max(opt.z, -MISSING_Z))
            # An occurrence votes as much as it is likely a stand-in at all: the writer's
            # own "12 games remaining" must not choose "last" for "the remaining whistle".
            vote = 1.0 / (1.0 + math.exp(-max(best_here.values())))
            for key, z in best_here.items():
                totals[key] = totals.get(key, 0.0) + vote * z
            for key in totals:
                if key not in best_here:
                    totals[key] -= vote * MISSING_Z
        choice = max(totals, key=totals.get)
        runner_up = max((z for key, z in totals.items() if key != choice), default=-math.inf)
        for fd in group:
            if number_stem(fd.options[0].original) != choice:
                chosen = [o for o in fd.options if number_stem(o.original) == choice]
                if not chosen:
                    continue
                if fd.options[0].context - chosen[0].context >= OWN_CONTEXT_LEAD:
                    continue  # its own words choose: "throughout the country" is across
                _put_first(fd, chosen[0], f"chosen as for the other {len(group) - 1} occurrence(s) of {found!r}: "
                                          "a spinner replaces a word the same way all through a document")
            fd.choice_margin = (totals[choice] - runner_up) / len(group)


def pool_occurrences(findings: list[Finding], text: str) -> None:
    """Whether a word was replaced is decided once per document by such a spinner, so the
    occurrences of one stand-in from the bulk tables share the evidence that it is one:
    "battle" where the language model is sure it stands for war speaks for the "battle"
    where it cannot tell."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for fd in findings:
        if not fd.options or fd.options[0].z == -math.inf:
            continue
        best = fd.options[0]
        if best.curated or best.tortured or best.composed or best.context:
            continue  # entries with their own priors and context rules decide occurrence by occurrence
        key = (fold(text[fd.match.start:fd.match.end]), fold(fd.options[0].original))
        groups.setdefault(key, []).append(fd)
    for group in groups.values():
        if len(group) < 2:
            continue
        # An occurrence where the language model prefers the word as found is likely one
        # the writer chose ("12 games remaining" beside "the remaining whistle" for final
        # whistle): the others do not lift it, and it does not drag them down either (the
        # spinner does not replace every occurrence).
        writers = {id(fd) for fd in group if fd.options[0].features.get("lm", 0.0) < POOL_LM_FLOOR}
        pooling = [fd for fd in group if id(fd) not in writers] or group
        # The mean, not the sum: the occurrences share most of their features, and only
        # the language model's view differs from one to the next.
        pooled = sum(fd.options[0].z for fd in pooling) / len(pooling)
        for fd in group:
            fd.pooled_z = min(fd.options[0].z, pooled) if id(fd) in writers else pooled


def keep_the_joiner(findings: list[Finding], text: str) -> None:
    """"offered out" is "sold out" and "offered-out" is "sold-out": where two originals differ
    only in a hyphen, the one joined like the text comes first."""
    for fd in findings:
        if len(fd.options) < 2:
            continue
        hyphenated = "-" in text[fd.match.start:fd.match.end]
        top = fd.options[0]
        if ("-" in top.original) == hyphenated:
            continue
        bare = fold(top.original).replace("-", " ")
        twin = next((o for o in fd.options
                     if fold(o.original).replace("-", " ") == bare and ("-" in o.original) == hyphenated), None)
        if twin is not None:
            _put_first(fd, twin)


def choose(findings: list[Finding], text: str, tokens: list[Token]) -> None:
    """Reorder (and pool the evidence of) every finding's options, in place."""
    echo_restored_names(findings, text)
    agree_with_subject(findings, tokens)
    base_form_after_modal(findings, tokens)
    remain_before_a_complement(findings, tokens)
    however_before_a_comma(findings, text)
    choose_consistently(findings, text)
    one_direction_per_pair(findings, text)
    no_doubled_words(findings, tokens)
    keep_the_joiner(findings, text)
    singular_before_possessive(findings, text)
    pool_occurrences(findings, text)
