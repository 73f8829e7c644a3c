"""Parameter types shared by the command line's commands."""
from __future__ import annotations

import math

import click


class Probability(click.ParamType):
    """A number from 0 to 1. click's FloatRange lets "nan" through (every comparison with
    NaN is false), and a NaN threshold silently applies nothing or crashes later."""

    name = "probability"

    def convert(self, value, param, ctx):
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number", param, ctx)
        if math.isnan(number) or not 0.0 <= number <= 1.0:
            self.fail(f"{value!r} is not a number from 0 to 1", param, ctx)
        return number


PROBABILITY = Probability()


class Encoding(click.ParamType):
    """A text encoding Python knows: a misspelt one is a usage error (exit 2) at once, not a
    failed file for every input."""

    name = "encoding"

    def convert(self, value, param, ctx):
        import codecs

        try:
            codecs.lookup(value)
        except LookupError:
            self.fail(f"unknown encoding {value!r}", param, ctx)
        return value


ENCODING = Encoding()
