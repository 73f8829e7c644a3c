"""restore.integrations.spark on a real Spark in local mode with two cores."""
from __future__ import annotations

import pytest

import restore
from restore.formats import spans_from_json, spans_json

from clusters import documents, need, need_java, workers_import_this_checkout, write_corpus

pd = need("pandas", "spark")
need("pyarrow", "spark")
pyspark_sql = need("pyspark.sql", "spark")

from pyspark.serializers import CloudPickleSerializer  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402

from restore.integrations import spark as rspark  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")

RESTORED = ["restore_text", "restore_spin_score", "restore_spans", "restore_n_applied"]


@pytest.fixture(scope="module")
def spark():
    need_java()
    with workers_import_this_checkout():
        session = (
            pyspark_sql.SparkSession.builder.master("local[2]").appName("restore-tests")
            .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.python.worker.reuse", "true")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        try:
            yield session
        finally:
            session.stop()


@pytest.fixture(scope="module")
def texts():
    return documents()


@pytest.fixture(scope="module")
def table(spark, texts):
    rows = [(f"doc{k:02d}", t) for k, t in enumerate(texts)]
    return spark.createDataFrame(rows, "id string, text string").repartition(4, "id")


def _expected(text):
    r = restore.fix(text)
    return r.text, r.spin_score, spans_json(r.spans), len(r.applied)


def test_python_workers_import_this_checkout(spark):
    where = F.udf(lambda _: restore.__file__, "string")
    files = {r[0] for r in spark.range(4).repartition(2).select(where("id")).collect()}
    assert files == {restore.__file__}


def test_restore_column_equals_fix_for_every_text(table, texts):
    out = rspark.restore_column(table, "text")
    assert out.columns == ["id", "text", *RESTORED]
    assert dict(out.dtypes)["restore_spin_score"] == "double"
    assert dict(out.dtypes)["restore_n_applied"] == "int"
    rows = {r["id"]: r for r in out.collect()}
    assert len(rows) == len(texts)
    for k, text in enumerate(texts):
        row = rows[f"doc{k:02d}"]
        if text is None:
            assert [row[c] for c in RESTORED] == [None] * 4
            continue
        assert tuple(row[c] for c in RESTORED) == _expected(text)
        assert restore.apply(text, spans_from_json(row["restore_spans"])) == row["restore_text"]
    assert sum(r["restore_n_applied"] or 0 for r in rows.values()) > 20


def test_the_udf_runs_once_per_row(table):
    # Four columns come out of one struct: the plan must evaluate the UDF once, not four times.
    plan = rspark.restore_column(table, "text")._jdf.queryExecution().executedPlan().toString()
    assert plan.count("restore_texts(") == 1, plan


def test_restore_udf_with_options(table, texts):
    strict = rspark.restore_udf(threshold=0.99)
    rows = {r["id"]: r["fixed"] for r in table.select("id", strict("text").alias("fixed")).collect()}
    differs = 0
    for k, text in enumerate(texts):
        fixed = rows[f"doc{k:02d}"]
        if text is None:
            assert fixed is None or fixed["text"] is None
            continue
        assert fixed["text"] == restore.fix(text, threshold=0.99).text
        differs += fixed["text"] != restore.fix(text).text
    assert differs > 0


def test_restore_column_refuses_to_overwrite_and_names_a_missing_column(table):
    with pytest.raises(ValueError, match="restore_text.*prefix"):
        rspark.restore_column(table.withColumn("restore_text", F.lit("")), "text")
    with pytest.raises(KeyError, match="body"):
        rspark.restore_column(table, "body")


def test_screening_a_column_ranks_the_most_spun_first(table, texts):
    top = rspark.top_spun(rspark.screen_column(table, "text"), id_column="id", top=5).collect()
    expected = sorted(
        (-restore.fix(t).spin_score, -len(restore.fix(t).applied), f"doc{k:02d}") for k, t in enumerate(texts) if t is not None
    )[:5]
    assert [r["id"] for r in top] == [i for _, _, i in expected]
    assert [r["spin_score"] for r in top] == [-s for s, _, _ in expected]
    assert set(top[0].asDict()) == {"id", "text", "spin_score", "n_applied", "words"}


def test_screening_a_folder_of_files(spark, tmp_path, texts):
    folder = tmp_path / "corpus"
    written = {path.name: text for path, text in write_corpus(folder, texts).items()}
    ranked = rspark.top_spun(rspark.screen_files(spark, str(folder), partitions=3), top=None).collect()
    assert len(ranked) == len(written) + 1  # the .csv is not included
    assert ranked[-1]["path"].endswith("/broken.txt") and ranked[-1]["spin_score"] is None
    assert "not valid utf-8" in ranked[-1]["error"]
    scores = {r["path"].rsplit("/", 1)[1]: r["spin_score"] for r in ranked[:-1]}
    assert scores == {name: restore.fix(t).spin_score for name, t in written.items()}
    assert [r["spin_score"] for r in ranked[:-1]] == sorted(scores.values(), reverse=True)


def test_what_ships_to_the_workers_is_small(spark):
    restore.fix("Loaded here first: on Could 19.")  # the lexicons must not travel with the UDF
    for udf in (rspark.restore_udf(), rspark.screen_udf()):
        payload = len(CloudPickleSerializer().dumps((udf.func, udf.returnType)))
        assert payload < 100_000, payload


def test_screening_a_parquet_data_set_as_the_readme_does(spark, table, texts, tmp_path):
    table.write.parquet(str(tmp_path / "crawl"))
    df = spark.read.parquet(str(tmp_path / "crawl"))
    top = rspark.top_spun(rspark.screen_column(df, "text"), id_column="id", top=3).collect()
    best = max((restore.fix(t).spin_score, len(restore.fix(t).applied)) for t in texts if t is not None)
    assert (top[0]["spin_score"], top[0]["n_applied"]) == best
    rspark.restore_column(df, "text").write.parquet(str(tmp_path / "restored"))
    back = {r["id"]: r["restore_text"] for r in spark.read.parquet(str(tmp_path / "restored")).collect()}
    assert back == {f"doc{k:02d}": (restore.fix(t).text if t is not None else None) for k, t in enumerate(texts)}
