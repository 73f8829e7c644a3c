"""What the Dask and Spark integrations share, without a cluster: lazy imports, the clear
error for a missing extra, the rows and pandas batches, the span JSON and the ranking."""
from __future__ import annotations

import math
import subprocess
import sys

import pytest

import restore
from restore.formats import spans_from_json, spans_json
from restore.integrations import _rows

from clusters import ROOT, documents, need, with_checkout_on_path


def _python(code: str) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env=with_checkout_on_path(dict(os.environ)), timeout=120)


def test_import_restore_does_not_import_the_engines():
    run = _python("import sys, restore; restore.fix('on Could 19');"
                  "print(sorted(m for m in ('dask', 'pyspark', 'pandas', 'pyarrow', 'distributed') if m in sys.modules))")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


@pytest.mark.parametrize("module, missing, extra", [
    ("restore.integrations.dask", "dask", "dask"),
    ("restore.integrations.dask", "pandas", "dask"),
    ("restore.integrations.spark", "pyspark", "spark"),
])
def test_a_missing_engine_names_the_extra_to_install(module, missing, extra):
    # sys.modules[name] = None makes "import name" fail, as if it were not installed.
    run = _python(f"import sys; sys.modules[{missing!r}] = None\nimport {module}")
    assert run.returncode != 0
    assert "ImportError" in run.stderr
    assert f"pip install 'restore-text[{extra}]'" in run.stderr


def test_span_json_replays_to_the_restored_text():
    for text in documents():
        if text is None:
            continue
        result = restore.fix(text)
        spans = spans_from_json(spans_json(result.spans))
        assert [s.to_dict() for s in spans] == [s.to_dict() for s in result.spans]
        assert restore.apply(text, spans) == result.text


def test_restore_row_is_fix():
    config = restore.Config()
    text = documents()[5]
    result = restore.fix(text)
    row = _rows.restore_row(text, config)
    assert row == {"text": result.text, "spin_score": result.spin_score,
                   "spans": spans_json(result.spans), "n_applied": len(result.applied)}
    assert row["n_applied"] > 0


def test_nulls_give_nulls_and_other_types_are_refused():
    config = restore.Config()
    for null in (None, float("nan")):
        assert _rows.restore_row(null, config) == dict.fromkeys(_rows.RESTORE_FIELDS)
        assert _rows.screen_row(null, config) == dict.fromkeys(_rows.SCREEN_FIELDS)
    with pytest.raises(TypeError, match="restore expects text"):
        _rows.restore_row(42, config)


def test_an_unreadable_file_gives_a_row_with_its_error(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x00 not text")
    row = _rows.screen_path(str(binary), restore.Config())
    assert row["path"] == str(binary) and row["spin_score"] is None
    assert "binary" in row["error"]
    row = _rows.screen_bytes(b"caf\xe9", "latin1.txt", restore.Config())
    assert row["spin_score"] is None and "not valid utf-8" in row["error"]
    good = _rows.screen_bytes("The talks on Could 19.".encode(), "ok.txt", restore.Config())
    assert good["error"] is None and good["words"] == 5 and not math.isnan(good["spin_score"])


def test_frames_keep_the_index_and_nullable_dtypes():
    pd = need("pandas", "dask")
    from restore.integrations._frames import restore_frame

    texts = pd.Series(["on Could 19", None, ""], index=[10, 11, 12])
    out = restore_frame(texts, restore.Config(), names={"text": "fixed"})
    assert list(out.index) == [10, 11, 12]
    assert list(out.columns) == ["fixed", "spin_score", "spans", "n_applied"]
    assert [str(t) for t in out.dtypes] == ["string", "Float64", "string", "Int64"]
    assert out.loc[11].isna().all()
    assert out.loc[10, "fixed"] == restore.fix("on Could 19").text


def test_ranking_is_score_then_applied_spans_then_id_and_unscored_last():
    pd = need("pandas", "dask")
    from restore.integrations._frames import rank

    table = pd.DataFrame({
        "path": ["e", "d", "c", "b", "a"],
        "spin_score": pd.array([0.5, 1.0, None, 1.0, 1.0], dtype="Float64"),
        "n_applied": pd.array([9, 3, None, 7, 3], dtype="Int64"),
    })
    assert list(rank(table, "path")["path"]) == ["b", "a", "d", "e", "c"]
    assert list(rank(table, "path", top=2)["path"]) == ["b", "a"]
