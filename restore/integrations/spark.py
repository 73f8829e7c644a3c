"""restore on Spark: pandas UDFs over string columns, and screening folders of files.

Needs ``pip install 'restore-text[spark]'`` (PySpark, pandas, PyArrow; Spark needs Java).
Results are exactly ``restore.fix(text, config)`` for every text; a null gives nulls.

    >>> from restore.integrations import spark as rspark
    >>> df = spark.read.parquet("crawl/")
    >>> out = rspark.restore_column(df, "text")        # + restore_text, restore_spin_score, ...
    >>> rspark.top_spun(rspark.screen_column(df, "text"), id_column="url", top=20).show()

A UDF carries a :class:`restore.Config` and a reference to this package's functions (a few
hundred bytes pickled). Each Python worker loads the lexicons and the language model on its
first batch and keeps them; Spark reuses Python workers between tasks
(``spark.python.worker.reuse``, on by default), so that happens once per worker.
"""
from __future__ import annotations

from . import require

require("pyspark", "spark")
pd = require("pandas", "spark")
require("pyarrow", "spark")

from pyspark.sql import Column, DataFrame, SparkSession, functions as F, types as T  # noqa: E402
from pyspark.sql.functions import pandas_udf  # noqa: E402

from ..api import _config  # noqa: E402  (after the dependency check, for its clear message)
from ..config import Config  # noqa: E402
from ._frames import RANK_KEYS, column_names, frame, restore_frame, screen_frame  # noqa: E402
from ._rows import FILE_FIELDS, RESTORE_FIELDS, SCREEN_FIELDS, screen_bytes  # noqa: E402

__all__ = ["restore_udf", "screen_udf", "restore_column", "screen_column", "screen_files", "top_spun"]

# Built as types, not DDL strings: parsing DDL needs a running SparkSession, and a UDF
# should be creatable before one exists.
_SQL_TYPES = {str: T.StringType(), float: T.DoubleType(), int: T.IntegerType()}


def _schema(fields: dict[str, type]) -> T.StructType:
    """The struct a UDF returns: ``text string, spin_score double, ...``."""
    return T.StructType([T.StructField(name, _SQL_TYPES[kind], nullable=True) for name, kind in fields.items()])


RESTORE_SCHEMA = _schema(RESTORE_FIELDS)
SCREEN_SCHEMA = _schema(SCREEN_FIELDS)
FILE_SCHEMA = _schema(FILE_FIELDS)


def restore_udf(config: Config | None = None, **options):
    """A pandas UDF: string column -> struct ``<text, spin_score, spans, n_applied>``.

    ``text`` is the restored text, ``spans`` every finding as a JSON array (the report's
    serialisation: :func:`restore.formats.spans_from_json` reads it back), ``n_applied``
    the number of spans applied. Options as for :func:`restore.fix`.
    """
    cfg = _config(config, options)

    def restore_texts(texts: pd.Series) -> pd.DataFrame:
        return restore_frame(texts, cfg)

    return pandas_udf(restore_texts, returnType=RESTORE_SCHEMA)


def screen_udf(config: Config | None = None, **options):
    """A pandas UDF: string column -> struct ``<spin_score, n_applied, words>``."""
    cfg = _config(config, options)

    def screen_texts(texts: pd.Series) -> pd.DataFrame:
        return screen_frame(texts, cfg)

    return pandas_udf(screen_texts, returnType=SCREEN_SCHEMA)


def _expand(df: DataFrame, struct: Column, fields: dict, names: dict[str, str]) -> DataFrame:
    # Select the UDF's struct once, then its fields: the UDF runs once per row.
    tmp = "__restore_struct"
    while tmp in df.columns:
        tmp += "_"
    out = df.withColumn(tmp, struct)
    return out.select("*", *(F.col(f"{tmp}.{f}").alias(names[f]) for f in fields)).drop(tmp)


def _column_udf(df: DataFrame, column: str, udf, fields: dict, prefix: str) -> DataFrame:
    if column not in df.columns:
        raise KeyError(f"no column {column!r} in the DataFrame (columns: {', '.join(df.columns)})")
    names = column_names(fields, prefix, df.columns)
    return _expand(df, udf(F.col(column)), fields, names)


def restore_column(df: DataFrame, column: str, config: Config | None = None, prefix: str = "restore_",
                   **options) -> DataFrame:
    """``df`` with ``<prefix>text`` (restored), ``<prefix>spin_score``, ``<prefix>spans``
    (JSON) and ``<prefix>n_applied`` computed from the string column ``column``."""
    return _column_udf(df, column, restore_udf(config, **options), RESTORE_FIELDS, prefix)


def screen_column(df: DataFrame, column: str, config: Config | None = None, prefix: str = "",
                  **options) -> DataFrame:
    """``df`` with ``spin_score``, ``n_applied`` and ``words`` for the string column
    ``column`` (the restored text is not kept: a screening table stays small)."""
    return _column_udf(df, column, screen_udf(config, **options), SCREEN_FIELDS, prefix)


def screen_files(spark: SparkSession, path: str, config: Config | None = None, glob: str = "*.txt",
                 partitions: int | None = None, **options) -> DataFrame:
    """A screening table of the files under ``path`` whose names match ``glob``
    (recursively): ``path, spin_score, n_applied, words, error``.

    Spark reads the files (any file system it knows); each is decoded as the command line
    does, and one that is binary or not UTF-8 gets a row with its ``error`` and no scores.
    Spark packs small files into few partitions, so when there are fewer than
    ``partitions`` (default: four per core of the cluster) the files are spread over that
    many before the work starts.
    """
    cfg = _config(config, options)
    files = (spark.read.format("binaryFile").option("pathGlobFilter", glob)
             .option("recursiveFileLookup", "true").load(path).select("path", "content"))
    wanted = partitions or 4 * spark.sparkContext.defaultParallelism
    if partitions or files.rdd.getNumPartitions() < wanted:  # never shuffle a large set into fewer
        files = files.repartition(wanted)

    def screen_contents(paths: pd.Series, contents: pd.Series) -> pd.DataFrame:
        return frame((screen_bytes(bytes(c), p, cfg) for p, c in zip(paths, contents)), FILE_FIELDS,
                     index=paths.index)

    udf = pandas_udf(screen_contents, returnType=FILE_SCHEMA)
    return files.select(udf(F.col("path"), F.col("content")).alias("file")).select("file.*")


def top_spun(table: DataFrame, id_column: str = "path", top: int | None = 100) -> DataFrame:
    """A screening table ranked: spin score, then applied spans (both descending, unscored
    rows last), then ``id_column``; the first ``top`` rows (Spark keeps only those per
    partition). Lazy, like any Spark DataFrame: ``.show()``, ``.toPandas()``, ``.write``."""
    for needed in (*RANK_KEYS, id_column):
        if needed not in table.columns:
            raise KeyError(f"no column {needed!r} in the table: screen it first (screen_column or screen_files)")
    ordered = table.orderBy(*(F.desc_nulls_last(k) for k in RANK_KEYS), F.asc(id_column))
    return ordered.limit(top) if top is not None else ordered
