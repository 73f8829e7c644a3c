"""Output formats: text, diff (unified), word diff, compact lines, JSON (versioned)."""
from __future__ import annotations

import difflib
import hashlib
import json
import re
import reprlib
from bisect import bisect_right
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from . import __version__
from .applying import quoted
from .batch import is_of
from .inputs import escape_controls
from .model import Restoration, Span
from .tokens import LINE_END

# The report: {"schema", "version", "documents": [{"path", "sha256", "spin_score",
# "threshold", "changed", "applied", "spans": [...], "text"}]}. A span's "start" and "end"
# are offsets in code points of the decoded text after any byte-order mark; "sha256" is the
# SHA-256 of that text encoded as UTF-8 (whatever the input's encoding).
JSON_SCHEMA = "restore-text/report/1"


def sha256(text: str) -> str:
    """The report's checksum of a document: of its decoded text (no byte-order mark) as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def unified_diff(result: Restoration, name: str = "text", bom: bool = False) -> str:
    """A unified diff that ``patch`` applies to the file. ``bom``: the file begins with a
    byte-order mark (which the analysed text does not have); it is put back on both sides
    of the first line, so that the lines match the file's bytes (``patch --binary``)."""
    mark = "\ufeff" if bom else ""
    lines = difflib.unified_diff(_lines(mark + result.original), _lines(mark + result.text),
                                 fromfile=f"a/{name}", tofile=f"b/{name}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str) -> list[str]:
    """Lines as ``patch`` sees them: ended by a newline only (str.splitlines also splits at
    a carriage return, a form feed or U+2028, and the patch would not apply)."""
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def word_diff(result: Restoration, color: bool = False) -> str:
    """Inline view for prose: ``on [-Could-]{+May+} 19``, coloured on a terminal."""
    out, pos = [], 0
    text = result.original
    for span in result.spans:
        if not span.applied:
            continue
        out.append(text[pos:span.start])
        if color:
            out.append(f"\x1b[31m[-{span.text}-]\x1b[0m\x1b[32m{{+{span.suggestion}+}}\x1b[0m")
        else:
            out.append(f"[-{span.text}-]{{+{span.suggestion}+}}")
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


# The line ends of restore.tokens (CRLF, a lone CR as old Mac files have, LF, a vertical
# tab, U+2028), so that a finding's line number names the line the engine saw it on.
_LINE_BREAK = re.compile(LINE_END)


@lru_cache(maxsize=4)
def _line_starts(text: str) -> list[int]:
    """Offsets where the lines of ``text`` start, for compact, --explain, review, compare
    and streamed chunks. The unified diff counts LF only: that is what ``patch`` applies.
    Cached: a report asks once per finding."""
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    starts = _line_starts(text)
    line = bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def confidence_text(confidence: float, threshold: float | None = None) -> str:
    """A confidence as the reviewer-facing views show it (compact, --explain, review, screen,
    the HTML page, its JSON data): rounded half up to two decimals (0.9785 reads 0.98, 0.545 reads 0.55). Given the
    ``threshold`` it is compared with, a value that two decimals would put on the other side
    of it is shown with as many decimals as tell it apart (0.5479 beside "not applied" at
    0.55 reads 0.548, never 0.55)."""
    exact = Decimal(repr(float(confidence)))
    for places in (2, 3, 4):
        rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if threshold is None or (rounded >= Decimal(repr(float(threshold)))) == (confidence >= threshold):
            return str(rounded)
    return repr(float(confidence))


# Everything that a terminal, an editor or str.splitlines takes for a line break: a finding
# that spans one (a phrase restored across lines) must still be one line of a compact
# report, which grep and editors read line by line. CRLF shows as one mark.
_ROW_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
ROW_BREAK_MARK = "\u23ce"  # ⏎


def one_line(text: str) -> str:
    """``text`` with each line break shown as ⏎ and every other control character escaped
    (``\\t``, ``\\x1b``): the document's own text must not drive the reader's terminal."""
    return escape_controls(_ROW_BREAK.sub(ROW_BREAK_MARK, text))


def compact_row(span: Span, name: str, line: int, col: int, threshold: float | None = None) -> str:
    """``file:line:col: rule: found -> suggestion (confidence)``, always one line."""
    return (f"{name}:{line}:{col}: {span.rule}: {one_line(span.text)} -> {one_line(span.suggestion)} "
            f"({confidence_text(span.confidence, threshold)})")


def explain_rows(span: Span, line: int, col: int, threshold: float | None = None) -> list[str]:
    """One finding with its alternatives and evidence, as --explain prints it."""
    mark = "applied" if span.applied else "not applied"
    conf = confidence_text(span.confidence, threshold)
    rows = [f"  {line}:{col} {span.text!r} -> {span.suggestion!r} ({conf}, {mark}) [{span.rule}]"]
    if span.alternatives:
        rows.append(f"      alternatives: {', '.join(one_line(a) for a in span.alternatives)}")
    rows.extend(f"      - {one_line(ev)}" for ev in span.evidence)
    return rows


def compact(result: Restoration, name: str, only_applied: bool = True) -> str:
    """``file:line:col: rule: found -> suggestion (confidence)``, one finding a line."""
    rows = [compact_row(s, name, *line_col(result.original, s.start), result.threshold)
            for s in result.spans if s.applied or not only_applied]
    return "\n".join(rows) + ("\n" if rows else "")


def explain(result: Restoration, name: str) -> str:
    rows = [f"{name}: spin score {result.spin_score:.2f}, {len(result.applied)} applied of {len(result.spans)} findings"]
    for s in result.spans:
        rows.extend(explain_rows(s, *line_col(result.original, s.start), result.threshold))
    return "\n".join(rows) + "\n"


def document_record(result: Restoration, name: str | None, include_text: bool = True) -> dict:
    record = {
        "path": name,
        "sha256": sha256(result.original),
        "spin_score": result.spin_score,
        "threshold": result.threshold,
        "changed": result.changed,
        "applied": len(result.applied),
        "spans": [s.to_dict() for s in result.spans],
    }
    if include_text:
        record["text"] = result.text
    return record


def spans_json(spans) -> str:
    """The spans of one document as a JSON array, each exactly as in a report's "spans"
    list (a column of a table in the Dask and Spark integrations)."""
    return json.dumps([s.to_dict() for s in spans], ensure_ascii=False)


_SPANS_ARG = "spans_from_json takes a document's \"spans\" list, as JSON text or parsed (a list of span objects)"


def spans_from_json(data: str | bytes | list) -> list[Span]:
    """The inverse of :func:`spans_json`: ``apply(text, spans_from_json(js))`` replays them.

    ``data`` is one document's ``"spans"`` list: JSON text (a column of the Dask and Spark
    integrations, ``json.dumps(record["spans"])``) or the list already parsed
    (``record["spans"]``). Anything else raises TypeError or ValueError saying what to
    pass; a whole report is refused with a pointer to its documents' spans."""
    if isinstance(data, (str, bytes, bytearray)):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{_SPANS_ARG}; this is not JSON ({exc.msg} at character {exc.pos})") from None
    elif not isinstance(data, (list, tuple, dict)):
        raise TypeError(f"{_SPANS_ARG}, not {type(data).__name__} {reprlib.repr(data)}")
    if isinstance(data, dict):
        if "documents" in data or "schema" in data or "spans" in data:
            raise ValueError("pass the document's spans list, not the whole report: "
                             "spans_from_json(report[\"documents\"][k][\"spans\"]) "
                             "(or a JSON-lines record's \"spans\")")
        raise ValueError(f"{_SPANS_ARG}, not a JSON object")
    if not isinstance(data, (list, tuple)):
        raise ValueError(f"{_SPANS_ARG}, not {_shown(data)}")
    return [span_from_record(s, k) for k, s in enumerate(data)]


# The fields of a span record: the JSON types accepted (a boolean is no number here) and
# whether the record must have it.
_SPAN_FIELDS = {
    "start": ((int,), "an integer offset", True),
    "end": ((int,), "an integer offset", True),
    "text": ((str,), "a string", True),
    "suggestion": ((str,), "a string", True),
    "alternatives": ((list,), "a list of strings", False),
    "confidence": ((int, float), "a number", False),
    "rule": ((str,), "a string", False),
    "evidence": ((list,), "a list of strings", False),
    "applied": ((bool,), "true or false (a JSON boolean)", False),
}


def span_from_record(record: object, index: int) -> Span:
    """Span ``index`` of a report's "spans" list, its fields checked (see check_span_record).
    Raises ValueError naming the span."""
    check_span_record(record, f"spans[{index}]")
    return Span._from_checked(record)  # type: ignore[arg-type]


def check_span_record(record: object, where: str) -> None:
    """Raise ValueError, naming ``where``, unless ``record`` is a span record with fields of
    the right JSON types: a hand-edited ``"applied": "no"`` must not read as true, nor
    ``"start": "13"`` as an offset."""
    if not isinstance(record, dict):
        raise ValueError(f"{where} must be a JSON object, not {_shown(record)}")
    for name, (types, accepted, required) in _SPAN_FIELDS.items():
        if name not in record:
            if required:
                raise ValueError(f"{where} has no {name!r}")
            continue
        value = record[name]
        ok = is_of(value, types)
        if ok and types == (list,):
            ok = all(isinstance(v, str) for v in value)
        if not ok:
            raise ValueError(f"{where}: {name!r} must be {accepted}, not {_shown(value)}")
    if not 0 <= record["start"] <= record["end"]:
        raise ValueError(f"{where}: start {record['start']} and end {record['end']} are not 0 <= start <= end")


def _shown(value: object) -> str:
    """A field's value in an error message: a string quoted (and cut), anything else as JSON."""
    if isinstance(value, str):
        return quoted(value)
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:60] + "..."


def json_report(records: list[dict]) -> str:
    return json.dumps({"schema": JSON_SCHEMA, "version": __version__, "documents": records},
                      ensure_ascii=False, indent=2) + "\n"


def spans_from_report(data: dict) -> list[tuple[dict, list[Span]]]:
    if data.get("schema") != JSON_SCHEMA:
        raise ValueError(f"not a restore-text report (schema {data.get('schema')!r}, expected {JSON_SCHEMA!r})")
    return [(doc, [span_from_record(s, k) for k, s in enumerate(doc.get("spans", []))])
            for doc in data.get("documents", [])]
