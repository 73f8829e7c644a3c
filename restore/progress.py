"""A progress bar on standard error for long runs; silent when stderr is not a terminal."""
from __future__ import annotations

import sys
import time
from typing import TextIO

_MB = 1024 * 1024


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


class Progress:
    """``[=====>    ] 3/10 files  45.2/120.0 MB  1.3 MB/s  ETA 1m02s``

    ``enabled=None`` means "when the stream is a terminal". Updates are throttled; the bar is
    erased by :meth:`close` so that messages printed afterwards start on a clean line.
    """

    def __init__(self, total_items: int, total_bytes: int = 0, stream: TextIO | None = None,
                 enabled: bool | None = None, unit: str = "files", interval: float = 0.1, width: int = 24):
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            try:
                enabled = self.stream.isatty()
            except (AttributeError, ValueError):
                enabled = False
        self.enabled = bool(enabled)
        self.total_items = total_items
        self.total_bytes = total_bytes
        self.items = 0
        self.bytes = 0
        self.unit = unit
        self.interval = interval
        self.width = width
        self.started = time.monotonic()
        self._last = 0.0
        self._shown = 0

    def advance(self, items: int = 0, nbytes: int = 0) -> None:
        self.items += items
        self.bytes += nbytes
        now = time.monotonic()
        if self.enabled and (now - self._last >= self.interval or self.items >= self.total_items):
            self._last = now
            self._draw(now)

    def message(self, text: str) -> None:
        """Print a line (an error, say) above the bar."""
        self._erase()
        self.stream.write(text.rstrip("\n") + "\n")
        self.stream.flush()

    def render(self, now: float | None = None) -> str:
        now = time.monotonic() if now is None else now
        elapsed = max(now - self.started, 1e-6)
        if self.total_bytes:
            frac = min(self.bytes / self.total_bytes, 1.0)
        elif self.total_items:
            frac = min(self.items / self.total_items, 1.0)
        else:
            frac = 0.0
        filled = int(frac * self.width)
        bar = "=" * filled + (">" if filled < self.width else "") + " " * max(0, self.width - filled - 1)
        parts = [f"[{bar}]", f"{self.items}/{self.total_items} {self.unit}"]
        if self.total_bytes:
            parts.append(f"{self.bytes / _MB:.1f}/{self.total_bytes / _MB:.1f} MB")
            rate = self.bytes / elapsed
            parts.append(f"{rate / _MB:.2f} MB/s")
            if 0 < frac < 1 and rate > 0:
                parts.append(f"ETA {_duration((self.total_bytes - self.bytes) / rate)}")
        return "  ".join(parts)

    def _draw(self, now: float) -> None:
        line = self.render(now)
        pad = " " * max(0, self._shown - len(line))
        self.stream.write("\r" + line + pad)
        self.stream.flush()
        self._shown = len(line)

    def _erase(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\r" + " " * self._shown + "\r")
            self.stream.flush()
            self._shown = 0

    def close(self) -> None:
        self._erase()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
