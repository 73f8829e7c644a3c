"""restore: find and repair text damaged by synonym substitution.

    >>> import restore
    >>> result = restore.fix("The talks on Could 19 were essentially the most productive.")
    >>> result.text
    'The talks on May 19 were the most productive.'
"""
from __future__ import annotations

__version__ = "0.1.0"  # before the submodules, which read it

from . import formats, streaming  # restore.formats.spans_from_json, restore.streaming.stream_fix
from .api import apply, check, fix, fix_many
from .applying import SpanMismatch
from .config import Config
from .lexicon import LexiconError
from .model import Restoration, Span

__all__ = ["fix", "check", "apply", "fix_many", "Config", "Restoration", "Span", "LexiconError", "SpanMismatch",
           "formats", "streaming", "__version__"]
