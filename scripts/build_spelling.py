#!/usr/bin/env python3
"""American and British spellings of common words: lexicons/tables/spelling.tsv.

Build-time only (a second; reads symspellpy's frequency list):

    python scripts/build_spelling.py

restore's originals (its tables and its language model) are mostly American; the engine
rewrites a suggestion into British spelling when the document itself is British
(restore/spelling.py). This script writes the table it uses: one row per pair
``us<TAB>uk`` of word forms that differ only in spelling.

The rows come from rule lists written here (stems of each spelling class, expanded with
their inflections and derivations) and single pairs. A pair is kept only when both forms
are attested, so that no invented form is ever written: the British form in symspellpy's
English frequency list (frequency_dictionary_en_82_765.txt, Google Books Ngram counts),
the American form there or in the vocabulary of restore's own language model
(lexicons/lm/vocab.txt, the CMU Sphinx US-English model). symspellpy's list alone leans
British: it lacks many American forms ("neighbor", "labor", "traveled", "colors"). Left out on purpose, because the American form is also
a different ordinary word in British English (or the British form an ordinary American
word), and rewriting it could damage a correct suggestion:
  tire/tyre (to tire), check/cheque, program/programme (a computer program), meter/metre
  (a gas meter; the compounds kilometre, centimetre... are kept), license/licence (the
  British verb is "license"), practice/practise, story/storey, curb/kerb, draft/draught,
  dialog/dialogue, disk/disc, inquiry/enquiry, judgment/judgement, analyzes/analyses
  (the plural of analysis), and past tenses in -t (learned/learnt: both British).
"""
from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "lexicons", "tables", "spelling.tsv")

# -or / -our: the stem before "or", and the endings each may take (both spellings add the
# same ending: color+ful / colour+ful). Forms that keep "or" in British English too
# (honorary, humorous, laborious, vigorous, coloration) are not generated.
OR_OUR = {
    "col": ["", "s", "ed", "ing", "ful", "fully", "less", "ist", "ists", "ings"],
    "hon": ["", "s", "ed", "ing", "able", "ably", "ee"],
    "dishon": ["", "s", "ed", "ing", "able", "ably"],
    "lab": ["", "s", "ed", "ing", "er", "ers"],
    "neighb": ["", "s", "ing", "hood", "hoods", "ly", "liness"],
    "fav": ["", "s", "ed", "ing", "able", "ably", "ite", "ites", "itism"],
    "unfav": ["able", "ably"],
    "behavi": ["", "s", "al", "ally", "ism", "ist", "ists"],
    "misbehavi": [""],
    "flav": ["", "s", "ed", "ing", "ings", "ful", "less"],
    "hum": ["", "s", "ed", "ing", "less"],
    "rum": ["", "s", "ed"],
    "harb": ["", "s", "ed", "ing"],
    "od": ["", "s", "less"],
    "vap": ["", "s"],
    "vig": [""],
    "val": [""],
    "tum": ["", "s"],
    "arm": ["", "s", "ed", "y", "ies"],
    "endeav": ["", "s", "ed", "ing"],
    "sav": ["", "s", "ed", "ing", "y"],
    "parl": ["", "s"],
    "cand": [""],
    "clam": ["", "s"],
    "splend": ["", "s"],
    "ranc": [""],
    "ferv": [""],
    "ard": [""],
    "demean": [""],
    "succ": [""],
    "savi": ["", "s"],
    "glam": [],  # "glamour" is American too: nothing to rewrite
}

# -ize / -ise (and -yze / -yse): verb stems, with the endings each takes.
IZE_VERB = ["ize", "izes", "ized", "izing"]
IZE_ALL = IZE_VERB + ["ization", "izations"]
IZE = {
    "organ": IZE_ALL + ["izer", "izers", "izational"],
    "reorgan": IZE_ALL,
    "disorgan": ["ized"],
    "recogn": IZE_VERB + ["izable", "izably"],
    "unrecogn": ["izable", "ized"],
    "real": IZE_VERB + ["ization", "izations"],
    "apolog": IZE_VERB,
    "critic": IZE_VERB,
    "emphas": IZE_VERB,
    "summar": IZE_VERB,
    "character": IZE_ALL,
    "priorit": IZE_ALL,
    "minim": IZE_ALL,
    "maxim": IZE_ALL,
    "special": IZE_ALL,
    "author": IZE_ALL,
    "unauthor": ["ized"],
    "final": IZE_VERB,
    "normal": IZE_ALL,
    "civil": ["ization", "izations", "ized"],
    "util": IZE_ALL,
    "mobil": IZE_ALL,
    "immobil": IZE_VERB,
    "stabil": IZE_ALL,
    "destabil": IZE_ALL,
    "legal": IZE_ALL,
    "modern": IZE_ALL,
    "categor": IZE_ALL,
    "memor": IZE_VERB,
    "sympath": IZE_VERB + ["izer", "izers"],
    "scrutin": IZE_VERB,
    "jeopard": IZE_VERB,
    "capital": IZE_ALL,
    "visual": IZE_ALL,
    "standard": IZE_ALL,
    "symbol": IZE_VERB,
    "subsid": IZE_VERB,
    "hospital": IZE_ALL,
    "penal": IZE_VERB,
    "privat": IZE_ALL,
    "stigmat": IZE_ALL,
    "polar": IZE_ALL,
    "neutral": IZE_ALL,
    "harmon": IZE_ALL,
    "custom": IZE_ALL,
    "optim": IZE_ALL,
    "energ": IZE_VERB,
    "global": IZE_ALL,
    "revolution": IZE_VERB,
    "fantas": IZE_VERB,
    "agon": IZE_VERB,
    "familiar": IZE_ALL,
    "patron": IZE_VERB,
    "colon": IZE_ALL,
    "urban": IZE_ALL,
    "immun": IZE_ALL,
    "public": IZE_VERB,
    "fertil": IZE_ALL + ["izer", "izers"],
    "steril": IZE_ALL,
    "synchron": IZE_ALL,
    "theor": IZE_VERB,
    "hypothes": IZE_VERB,
    "antagon": IZE_VERB,
    "monopol": IZE_VERB,
    "marginal": IZE_ALL,
    "galvan": IZE_VERB,
    "terror": IZE_VERB,
    "vandal": IZE_VERB,
    "weapon": IZE_VERB,
    "demon": IZE_VERB,
    "dramat": IZE_VERB,
    "central": IZE_ALL,
    "decentral": IZE_ALL,
    "random": IZE_ALL,
    "initial": IZE_ALL,
    "material": IZE_VERB,
    "crystall": IZE_ALL,
    "ideal": IZE_VERB,
    "popular": IZE_VERB,
    "personal": IZE_ALL,
    "rational": IZE_ALL,
    "general": IZE_ALL,
    "commercial": IZE_ALL,
    "industrial": IZE_ALL,
    "national": IZE_ALL,
    "social": IZE_ALL,
    "local": IZE_ALL,
    "formal": IZE_ALL,
    "internal": IZE_ALL,
    "external": IZE_ALL,
    "equal": IZE_VERB,
    "metabol": IZE_VERB,
    "mesmer": IZE_VERB,
    "tantal": IZE_VERB + ["izing"],
    "trivial": IZE_VERB,
    "victim": IZE_VERB,
    "western": IZE_ALL,
    "democrat": IZE_ALL,
    "digit": IZE_ALL,
    "commercial": IZE_ALL,
    "compartmental": IZE_VERB,
    "sensit": IZE_VERB,
    "desensit": IZE_ALL,
    "radical": IZE_ALL,
    "legitim": IZE_VERB,
    "evangel": IZE_VERB,
    "critic": IZE_VERB,
    "ostrac": IZE_VERB,
    "sanit": IZE_VERB,
    "fossil": IZE_VERB,
    "caramel": IZE_VERB,
    "pasteur": IZE_ALL,
    "homogen": IZE_ALL,
    "proselyt": IZE_VERB,
    "catechis": [],
}
YZE = {
    "anal": ["yze", "yzed", "yzing", "yzer", "yzers"],  # not analyzes/analyses: a plural noun
    "paral": ["yze", "yzed", "yzing"],
    "catal": ["yze", "yzed", "yzing"],
    "breathal": ["yzer", "yzers"],
}

# -er / -re (British "re" endings; the -ed and -ing forms drop the e: centred, centring).
ER_RE = {
    "cent": ["", "s", "ed", "ing"],
    "epicent": ["", "s"],
    "theat": ["", "s", "goer", "goers"],
    "fib": ["", "s", "glass"],
    "lit": ["", "s"],
    "calib": ["", "s"],
    "somb": [""],
    "meag": [""],
    "sab": ["", "s"],
    "scept": ["", "s"],
    "spect": ["", "s"],
    "lust": ["", "less"],
    "sepulch": [""],
    "och": [""],
    "mit": ["", "s"],
    "kilomet": ["", "s"],
    "centimet": ["", "s"],
    "millimet": ["", "s"],
    "nanomet": ["", "s"],
    "decimet": ["", "s"],
    "manoeuv": [],  # single pairs below (the vowel differs too)
}

# Doubled l before an ending (traveled/travelled): the stems, and the endings.
DOUBLE_L = {
    "travel": ["ed", "ing", "er", "ers"],
    "cancel": ["ed", "ing"],
    "model": ["ed", "ing", "er", "ers"],
    "label": ["ed", "ing"],
    "level": ["ed", "ing"],
    "fuel": ["ed", "ing"],
    "signal": ["ed", "ing"],
    "total": ["ed", "ing"],
    "counsel": ["ed", "ing", "or", "ors"],
    "marvel": ["ed", "ing", "ous", "ously"],
    "jewel": ["er", "ers"],
    "quarrel": ["ed", "ing"],
    "tunnel": ["ed", "ing"],
    "channel": ["ed", "ing"],
    "funnel": ["ed", "ing"],
    "duel": ["ed", "ing"],
    "panel": ["ed", "ing"],
    "equal": ["ed", "ing"],
    "rival": ["ed", "ing"],
    "dial": ["ed", "ing"],
    "libel": ["ed", "ing", "ous"],
    "pedal": ["ed", "ing"],
    "shovel": ["ed", "ing"],
    "swivel": ["ed", "ing"],
    "grovel": ["ed", "ing"],
    "unravel": ["ed", "ing"],
    "initial": ["ed", "ing"],
    "snorkel": ["ing"],
    "yodel": ["ing"],
    "revel": ["ed", "ing", "er", "ers"],
    "gravel": ["ed"],
    "spiral": ["ed", "ing"],
    "enamel": ["ed"],
    "chisel": ["ed"],
    "tinsel": [],
    "wool": ["en"],
    "bevel": ["ed"],
    "cudgel": ["ed"],
    "dishevel": ["ed"],
    "handsel": [],
    "barrel": ["ed"],
    "towel": ["ing"],
}

# Single pairs (inflections listed too).
SINGLE = """
aging ageing
mold mould
molds moulds
molded moulded
molding moulding
moldings mouldings
moldy mouldy
gray grey
grays greys
grayer greyer
grayest greyest
graying greying
grayish greyish
grayed greyed
defense defence
defenses defences
defenseless defenceless
offense offence
offenses offences
pretense pretence
pretenses pretences
pajamas pyjamas
plow plough
plows ploughs
plowed ploughed
plowing ploughing
skeptic sceptic
skeptics sceptics
skeptical sceptical
skeptically sceptically
skepticism scepticism
jewelry jewellery
maneuver manoeuvre
maneuvers manoeuvres
maneuvered manoeuvred
maneuvering manoeuvring
maneuverable manoeuvrable
maneuverability manoeuvrability
math maths
catalog catalogue
catalogs catalogues
cataloged catalogued
cataloging cataloguing
analog analogue
mustache moustache
mustaches moustaches
aluminum aluminium
airplane aeroplane
airplanes aeroplanes
cozy cosy
coziness cosiness
artifact artefact
artifacts artefacts
fetus foetus
fetuses foetuses
fetal foetal
anemia anaemia
anemic anaemic
anesthesia anaesthesia
anesthetic anaesthetic
anesthetics anaesthetics
anesthetist anaesthetist
anesthetized anaesthetised
hemorrhage haemorrhage
hemorrhages haemorrhages
hemoglobin haemoglobin
hemophilia haemophilia
leukemia leukaemia
diarrhea diarrhoea
pediatric paediatric
pediatrician paediatrician
pediatricians paediatricians
orthopedic orthopaedic
gynecology gynaecology
gynecologist gynaecologist
estrogen oestrogen
esophagus oesophagus
edema oedema
enrollment enrolment
enrollments enrolments
enroll enrol
enrolls enrols
fulfill fulfil
fulfills fulfils
fulfillment fulfilment
skillful skilful
skillfully skilfully
willful wilful
willfully wilfully
installment instalment
installments instalments
distill distil
instill instil
instills instils
ax axe
yogurt yoghurt
omelet omelette
omelets omelettes
furor furore
sulfur sulphur
behoove behove
woolen woollen
"""


def load_frequency_words(path: str) -> set[str]:
    words = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if parts:
                words.add(parts[0].lower())
    return words


def candidate_pairs() -> list[tuple[str, str, str]]:
    """(us, uk, class) before the attestation filter."""
    pairs = []
    for stem, ends in OR_OUR.items():
        for e in ends:
            pairs.append((f"{stem}or{e}", f"{stem}our{e}", "or-our"))
    for stem, ends in IZE.items():
        for e in ends:
            pairs.append((stem + e, stem + e.replace("iz", "is", 1), "ize-ise"))
    for stem, ends in YZE.items():
        for e in ends:
            pairs.append((stem + e, stem + e.replace("yz", "ys", 1), "yze-yse"))
    for stem, ends in ER_RE.items():
        for e in ends:
            if e in ("ed", "ing"):
                pairs.append((f"{stem}er{e}", f"{stem}r{e}", "er-re"))
            else:
                pairs.append((f"{stem}er{e}", f"{stem}re{e}", "er-re"))
    for stem, ends in DOUBLE_L.items():
        for e in ends:
            pairs.append((stem + e, stem + "l" + e, "double-l"))
    for line in SINGLE.strip().splitlines():
        us, uk = line.split()
        pairs.append((us, uk, "single"))
    return pairs


VOCAB = os.path.join(HERE, "..", "lexicons", "lm", "vocab.txt")


def build(freq_path: str, vocab_path: str = VOCAB) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    attested = load_frequency_words(freq_path)
    with open(vocab_path, encoding="utf-8") as fh:
        american = attested | {w.strip() for w in fh if w.strip()}
    kept, dropped, seen = [], [], set()
    for us, uk, cls in candidate_pairs():
        if us == uk or us in seen:
            continue
        if us in american and uk in attested:
            kept.append((us, uk, cls))
            seen.add(us)
        else:
            dropped.append((us, uk, cls))
    uk_forms = {uk for _, uk, _ in kept}
    assert not uk_forms & seen, f"a form is both American and British: {sorted(uk_forms & seen)}"
    kept.sort()
    return kept, dropped


def default_frequency_list() -> str:
    import symspellpy  # build-time only
    return os.path.join(os.path.dirname(symspellpy.__file__), "frequency_dictionary_en_82_765.txt")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--frequency-list", default=None, help="symspellpy's frequency_dictionary_en_82_765.txt")
    ap.add_argument("-o", "--output", default=OUT)
    ap.add_argument("--verbose", action="store_true", help="list the candidates left out")
    args = ap.parse_args(argv)
    kept, dropped = build(args.frequency_list or default_frequency_list())
    with open(args.output, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# name: spelling\n")
        fh.write("# provenance: written by scripts/build_spelling.py from rule lists of the restore "
                 "developers (-or/-our, -ize/-ise, -yze/-yse, -er/-re, doubled l, single pairs), "
                 "each pair kept only when both forms are attested: the British form in symspellpy's "
                 "frequency_dictionary_en_82_765.txt (Google Books Ngram counts, MIT), the American "
                 "form there or in restore's language-model vocabulary (lexicons/lm/vocab.txt, CMU "
                 "Sphinx US-English model, see lexicons/lm/README.md); American "
                 "forms that are also another ordinary British word (tire, check, program, meter, "
                 "license, practice, story) are left out\n")
        fh.write("# licence: CC0-1.0\n")
        fh.write("us\tuk\n")
        for us, uk, _ in kept:
            fh.write(f"{us}\t{uk}\n")
    print(f"{len(kept)} pairs written to {os.path.relpath(args.output)}; "
          f"{len(dropped)} candidates not attested", file=sys.stderr)
    if args.verbose:
        for us, uk, cls in dropped:
            print(f"  left out ({cls}): {us} / {uk}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
