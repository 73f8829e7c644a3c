"""Reading input safely: clear errors for binary, undecodable or unreadable input, and
atomic writes so that an interrupted run never leaves a half-written file."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Bytes that never appear in text files; a NUL is the classic sign of binary data.
_BINARY_SNIFF = 8192


class InputError(Exception):
    """Input that restore cannot read as text. The message says what and where."""


def decode(data: bytes, name: str, encoding: str = "utf-8") -> str:
    head = data[:_BINARY_SNIFF]
    if b"\x00" in head:
        if not (encoding.lower().startswith("utf-16") or encoding.lower().startswith("utf-32")):
            raise InputError(f"{name}: looks like a binary file (contains NUL bytes); not processed")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 1].hex()
        raise InputError(
            f"{name}: not valid {encoding} (byte 0x{bad} at offset {exc.start}); "
            "pass --encoding if you know the file's encoding"
        ) from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    controls = sum(1 for c in text[:_BINARY_SNIFF] if ord(c) < 32 and c not in "\t\n\r\f\v")
    if controls > max(8, len(text[:_BINARY_SNIFF]) // 20):
        raise InputError(f"{name}: looks like a binary file (many control characters); not processed")
    return text


def open_error(path: str | Path, exc: OSError) -> InputError:
    """A clear message for a file that cannot be opened or read."""
    if isinstance(exc, FileNotFoundError):
        return InputError(f"{path}: no such file")
    if isinstance(exc, IsADirectoryError):
        return InputError(f"{path}: is a directory")
    if isinstance(exc, PermissionError):
        return InputError(f"{path}: permission denied")
    return InputError(f"{path}: cannot read: {exc.strerror or exc}")


def read_path(path: str | Path, encoding: str = "utf-8") -> str:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise open_error(p, exc) from None
    return decode(data, str(p), encoding)


def write_atomic(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename, keeping the mode."""
    p = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".restore-tmp", dir=str(p.parent))
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if p.exists():
            os.chmod(tmp, p.stat().st_mode & 0o7777)
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
