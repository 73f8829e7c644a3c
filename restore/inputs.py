"""Reading input safely: clear errors for binary, undecodable or unreadable input, and
atomic writes so that an interrupted run never leaves a half-written file."""
from __future__ import annotations

import codecs
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO

# Bytes that never appear in text files; a NUL is the classic sign of binary data.
_BINARY_SNIFF = 8192


class InputError(Exception):
    """Input that restore cannot read as text. The message says what and where."""


_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _check_wide(data: bytes, name: str, encoding: str) -> None:
    """Refuse what "utf-16" or "utf-32" (byte order from the byte-order mark) cannot read:
    input without the mark. Python then guesses the byte order (garbage for a big-endian
    file) or, decoding block by block, raises a bare UnicodeError that ended the run with a
    traceback; and input with no such mark under --encoding utf-8 that looks like UTF-16
    (every other byte a NUL) is named as such, not as "binary"."""
    try:
        enc = codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    if enc in ("utf-16", "utf-32"):
        if data and not any(data.startswith(bom) for bom, _ in _WIDE_BOMS):
            raise InputError(f"{name}: has no {enc.upper()} byte-order mark; "
                             f"pass --encoding {enc}-le or {enc}-be to read it")
        return
    head = data[:_BINARY_SNIFF]
    if (enc.startswith(("utf-16", "utf-32")) or len(head) < 4 or b"\x00" not in head
            or any(data.startswith(bom) for bom, _ in _WIDE_BOMS)):  # decode() names the mark
        return
    for order, zeros, chars in (("le", head[1::2], head[0::2]), ("be", head[0::2], head[1::2])):
        if zeros.count(0) < 0.9 * len(zeros) or chars.count(0) > 0.1 * len(chars):
            continue
        text = head[:len(head) & ~1].decode(f"utf-16-{order}", "replace")
        if not _mostly_controls(text):  # text, not binary data with NULs
            raise InputError(f"{name}: looks like UTF-16 without a byte-order mark; "
                             f"pass --encoding utf-16-{order} to read it")


def sniff(head: bytes, name: str, encoding: str) -> None:
    """The checks of :func:`decode` (NUL bytes, control characters) on the first bytes of
    a stream, which may end in the middle of a character. Raises InputError."""
    _check_wide(head, name, encoding)
    try:
        text = codecs.getincrementaldecoder(encoding)(errors="strict").decode(head[:_BINARY_SNIFF], final=False)
    except UnicodeDecodeError:
        return  # the full decode reports it with its offset
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    decode(text.encode(encoding), name, encoding)


def read_all(fh: BinaryIO, name: str, encoding: str = "utf-8") -> bytes:
    """All bytes of ``fh``, but sniffed for binary data before reading past the first few
    kilobytes: a device such as /dev/zero or a pipe of binary data is refused at once
    instead of being read without end."""
    head = fh.read(_BINARY_SNIFF)
    sniff(head, name, encoding)
    return head + fh.read()


def decode(data: bytes, name: str, encoding: str = "utf-8") -> str:
    head = data[:_BINARY_SNIFF]
    if b"\x00" in head:
        if not (encoding.lower().startswith("utf-16") or encoding.lower().startswith("utf-32")):
            for bom, wide in _WIDE_BOMS:
                if data.startswith(bom):
                    raise InputError(f"{name}: starts with a {wide.upper()} byte-order mark; "
                                     f"pass --encoding {wide} to read it")
            _check_wide(data, name, encoding)
            raise InputError(f"{name}: looks like a binary file (contains NUL bytes); not processed")
    _check_wide(data, name, encoding)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise undecodable(name, encoding, data[exc.start:exc.start + 1], exc.start) from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if _mostly_controls(text[:_BINARY_SNIFF]):
        raise InputError(f"{name}: looks like a binary file (many control characters); not processed")
    return text


def _mostly_controls(text: str) -> bool:
    """Whether ``text`` holds more control characters (other than white space) than text
    does: more than 8, and more than one in twenty. Decoded binary data does."""
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f\v")
    return controls > max(8, len(text) // 20)


def undecodable(name: str, encoding: str, byte: bytes, offset: int, source: str = "file") -> InputError:
    """The error for input that does not decode: its first bad ``byte`` and that byte's
    ``offset`` in the whole input, whether it was read whole, checked block by block or
    streamed (``source`` names what --encoding would describe: "file", "input")."""
    return InputError(f"{name}: not valid {encoding} (byte 0x{byte.hex()} at offset {offset}); "
                      f"pass --encoding if you know the {source}'s encoding")


def display_name(path: str | os.PathLike) -> str:
    """A file name as every report and message shows it (JSON, HTML, compact, diff, errors):
    valid UTF-8 whatever the bytes of the name. A byte that is not UTF-8 (which Python holds
    as a lone surrogate) is written as ``\\xNN``: written out raw, it made a JSON report
    invalid UTF-8. A control character is escaped too (``\\n``, ``\\t``, ``\\r``, ``\\x1b``;
    U+2028 and U+2029 as ``\\u2028``): a newline in a name would split a compact row or a diff
    header in two, and an escape sequence would drive the terminal."""
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:  # a str with a surrogate no file system produced
        raw = os.fspath(path).encode("utf-8", "surrogatepass")
    return _CONTROL.sub(_escape_control, raw.decode("utf-8", "backslashreplace"))


# Control characters and line separators: raw in a name they would break a line-oriented
# report (compact, a diff header, grep), or drive a terminal (ESC).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def escape_controls(text: str) -> str:
    """``text`` with its control characters escaped as :func:`display_name` escapes them
    (``\\r``, ``\\x1b``, ``\\u2028``...): for views a reviewer reads in a terminal, where a
    raw CR would overwrite the line and an escape sequence would drive the terminal."""
    return _CONTROL.sub(_escape_control, text)


def _escape_control(m: re.Match) -> str:
    c = m.group()
    return _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


def open_error(path: str | Path, exc: OSError) -> InputError:
    """A clear message for a file that cannot be opened or read."""
    name = display_name(path)
    if isinstance(exc, FileNotFoundError):
        return InputError(f"{name}: no such file")
    if isinstance(exc, IsADirectoryError):
        return InputError(f"{name}: is a directory")
    if isinstance(exc, PermissionError):
        return InputError(f"{name}: permission denied")
    return InputError(f"{name}: cannot read: {exc.strerror or exc}")


def read_path(path: str | Path, encoding: str = "utf-8") -> str:
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            data = read_all(fh, display_name(p), encoding)
    except OSError as exc:
        raise open_error(p, exc) from None
    return decode(data, display_name(p), encoding)


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file (through links too); for paths that do not exist
    yet, whether they resolve to the same place."""
    a, b = Path(a), Path(b)
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def overwritten_input(output: str | Path | None, inputs) -> tuple[str, str | Path] | None:
    """The first of ``inputs`` that writing ``output`` would destroy, or None.

    ``inputs`` are ``(role, path)`` pairs for every file a command reads (the documents,
    ``--reference``, the lexicons, a report, a log written beside another output): the
    one check every command makes before it writes, comparing the files themselves
    (:func:`same_file`: hard and symbolic links too). ``-`` and None (standard output)
    never clash."""
    if output is None or str(output) == "-":
        return None
    for role, path in inputs:
        if path is not None and str(path) != "-" and same_file(path, output):
            return role, path
    return None


def write_atomic(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (see :class:`AtomicWriter`)."""
    with AtomicWriter(path, encoding) as w:
        w.write(text)


class AtomicWriter:
    """Write a file through a temporary file in the same directory and a rename.

    ``commit()`` replaces the target (keeping its permission bits); ``abort()`` leaves the
    target untouched. Used for --in-place and -o, so that an interrupted run never leaves a
    half-written file. A symbolic link is written through (the file it points to is
    replaced and the link stays), and a UTF-8 file that began with a byte-order mark keeps
    it (``keep_bom=False``: a new report is not the file it replaces). A target that is not
    a regular file (``/dev/null``, ``/dev/stdout``, a named pipe, ``>(gzip > x.gz)``) is
    written directly: replacing it would destroy a device node.
    """

    def __init__(self, path: str | Path, encoding: str = "utf-8", keep_bom: bool = True):
        self.direct = is_special(path)
        if self.direct:
            self.path = Path(path)
            self._tmp = ""
            self._fh = open(path, "w", encoding=encoding, newline="")
            self.closed = False
            return
        self.path = Path(os.path.realpath(path))
        if keep_bom:
            encoding = encoding_of_copy(self.path, encoding)
        try:
            fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".restore-tmp",
                                             dir=str(self.path.parent))
        except OSError as exc:
            # The temporary file goes beside the target: say that the target cannot be
            # written, not "No such file or directory" (/proc/version: its directory takes
            # no new files).
            if isinstance(exc, PermissionError) or self.path.parent.is_dir():
                raise OSError(exc.errno, f"not a file that can be replaced: no new file can be created in "
                              f"{display_name(self.path.parent)} ({exc.strerror or exc})") from None
            raise
        self._fh = os.fdopen(fd, "w", encoding=encoding, newline="")
        self.closed = False

    def write(self, text: str) -> int:
        return self._fh.write(text)

    def flush(self) -> None:
        self._fh.flush()

    def commit(self) -> None:
        if self.closed:
            return
        if self.direct:
            self.closed = True
            self._fh.close()
            return
        try:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            if self.path.exists():
                os.chmod(self._tmp, self.path.stat().st_mode & 0o7777)
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(self._tmp, 0o666 & ~umask)
            os.replace(self._tmp, self.path)
        except BaseException:
            self.abort()
            raise
        self.closed = True

    def abort(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            self._fh.close()
        except OSError:
            pass
        if self.direct:
            return
        try:
            os.unlink(self._tmp)
        except OSError:
            pass

    def __enter__(self) -> "AtomicWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def is_special(path: str | Path) -> bool:
    """Whether ``path`` exists and is not a regular file (a device, a pipe, a socket)."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def is_utf8(encoding: str) -> bool:
    """Whether ``encoding`` names UTF-8 itself (not utf-8-sig, which adds a mark of its own)."""
    return codecs.lookup(encoding).name == "utf-8"


def encoding_of_copy(source: str | Path, encoding: str) -> str:
    """The encoding in which to write a new file made from ``source`` (``-o``, review's
    NAME.restored.EXT): ``encoding``, or ``utf-8-sig`` when ``source`` is a UTF-8 file that
    begins with a byte-order mark, so that every writer keeps it."""
    return "utf-8-sig" if is_utf8(encoding) and starts_with_bom(source) else encoding


def starts_with_bom(path: str | Path) -> bool:
    """Whether the file begins with a UTF-8 byte-order mark (which decode() drops)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(3) == codecs.BOM_UTF8
    except OSError:
        return False
