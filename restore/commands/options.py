"""What the command line's commands share: exit codes and parameter types."""
from __future__ import annotations

import math

import click

# Exit codes, the same for every command (documented in the README).
EXIT_OK = 0
EXIT_FOUND = 1        # damage found, under --check
EXIT_USAGE = 2        # a usage error (click's own code too)
EXIT_INPUT = 3        # an input could not be read, or the output written
EXIT_REFUSED = EXIT_INPUT  # apply: the report does not fit the file
EXIT_INTERRUPTED = 130  # review: stopped with Ctrl-C, decisions so far kept


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
