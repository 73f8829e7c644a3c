"""Scaling out (issue 7): documents per second on Dask and Spark with 1 and 2 workers.

The same corpus (real clean prose from :mod:`benchmarks.corpora`, every third document run
through the emulated spinner; the seed's paragraphs when those corpora are absent) is
restored with ``restore.integrations.dask.restore_column`` on a ``LocalCluster`` of 1 and
then 2 worker processes (one thread each), and with ``restore.integrations.spark.restore_column``
in Spark's ``local[1]`` and ``local[2]`` modes.

Cluster start-up is not timed: the input is loaded into the cluster first (persisted on
Dask, cached on Spark) and the workers restore a small batch, so they hold the lexicons
before the clock starts. The timed run restores every document and keeps the result on the
workers, as a job writing its output would (Dask: persist; Spark: the ``noop`` sink). Each
figure is the best of ``--repeat`` runs: other work on the machine only ever slows a run.
Both worker counts use the same partitions (8 per worker of the larger run).

Also measured: a fresh Python process's time to its first restored document (import,
lexicons, language model, one seed document), and the pickled size of what ships to the
workers (the Dask task graph of one partition; the Spark UDF).

    python -m benchmarks.scaleout [--engine dask|spark|both] [--docs N] [--repeat R] [--json PATH]
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TITLE = "Scaling out: Dask and Spark, 1 and 2 workers"
WORKERS = (1, 2)
PARTITIONS_PER_WORKER = 8
TARGET_SPEEDUP = 1.6
QUICK_DOCS = 600
DEFAULT_DOCS = 2000
SEED = ROOT / "seeds" / "seed-000.spun.txt"


# --------------------------------------------------------------------------- corpus

def corpus(n_docs: int) -> tuple[list[str], str]:
    """``n_docs`` documents (a third spun) and where they come from."""
    from benchmarks import corpora, emulate
    from restore import gold

    docs = [d for d in corpora.interleave(corpora.documents()) if emulate.usable(d.text)][:n_docs]
    if docs:
        spinners = [emulate.Spinner(seed) for seed in range(5)]
        texts = [gold.parse(spinners[k % 5].spin(d.text, d.id)).spun if k % 3 == 0 else d.text
                 for k, d in enumerate(docs)]
        source = f"{len(texts)} documents of benchmarks.corpora (a third emulated spun)"
    else:
        from benchmarks import streaming

        texts = list(itertools.islice(streaming.articles(), n_docs))
        source = f"{len(texts)} articles made of the seed's paragraphs (benchmarks.corpora absent)"
    # Fewer documents than asked for: repeat them (throughput does not depend on novelty).
    texts = list(itertools.islice(itertools.cycle(texts), n_docs))
    return texts, source


def _worker_env() -> None:
    # Worker processes (Dask's, Spark's Python workers) must import this checkout's restore.
    rest = os.environ.get("PYTHONPATH")
    if not rest or rest.split(os.pathsep)[0] != str(ROOT):
        os.environ["PYTHONPATH"] = str(ROOT) + (os.pathsep + rest if rest else "")


# --------------------------------------------------------------------------- start-up costs

def time_to_first_document(runs: int = 3) -> float:
    """Seconds from ``import restore`` to the first restored seed document in a fresh
    process (the median of ``runs``): what a newly started worker pays once."""
    code = ("import time; t0 = time.perf_counter(); import restore; "
            f"restore.fix(open({str(SEED)!r}, encoding='utf-8').read()); print(time.perf_counter() - t0)")
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    times = sorted(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                        env=env, cwd=str(ROOT)).stdout) for _ in range(runs))
    return times[len(times) // 2]


def dask_payload_bytes() -> int:
    """Pickled size of the task graph restoring one partition (a short text)."""
    import cloudpickle
    import dask.dataframe as dd
    import pandas as pd

    from restore.integrations import dask as rdask

    df = dd.from_pandas(pd.DataFrame({"text": ["on Could 19"]}), npartitions=1)
    return len(cloudpickle.dumps(dict(rdask.restore_column(df, "text").__dask_graph__())))


def spark_payload_bytes() -> int:
    """Pickled size of the restoring UDF as Spark ships it to Python workers."""
    from pyspark.serializers import CloudPickleSerializer

    from restore.integrations import spark as rspark

    udf = rspark.restore_udf()
    return len(CloudPickleSerializer().dumps((udf.func, udf.returnType)))


# --------------------------------------------------------------------------- engines

class OtherLoad:
    """CPU used by processes outside this benchmark's own tree during a timed run, as a
    share of the machine: on a shared machine another job takes cores away from the
    two-worker run, and the figure says how much."""

    def __enter__(self) -> "OtherLoad":
        self.share = None
        try:
            import psutil
        except ImportError:  # psutil comes with distributed; without it the figure is left out
            self._psutil = None
            return self
        self._psutil = psutil
        self._start = (self._machine_busy(), self._own_cpu(), time.perf_counter())
        return self

    def __exit__(self, *exc) -> None:
        if self._psutil is None or exc[0] is not None:
            return
        busy0, own0, t0 = self._start
        wall = time.perf_counter() - t0
        others = (self._machine_busy() - busy0) - (self._own_cpu() - own0)
        self.share = max(0.0, others) / (wall * (os.cpu_count() or 1))

    def _machine_busy(self) -> float:
        t = self._psutil.cpu_times()
        return t.user + t.nice + t.system + getattr(t, "irq", 0) + getattr(t, "softirq", 0) + getattr(t, "steal", 0)

    def _own_cpu(self) -> float:
        me = self._psutil.Process()
        total = 0.0
        for proc in [me, *me.children(recursive=True)]:
            try:
                t = proc.cpu_times()
            except self._psutil.Error:
                continue
            total += t.user + t.system
        return total


def _best(runs: int, once) -> tuple[float, float | None]:
    """The fastest of ``runs`` timed runs, with the share of the machine others used then."""
    timings = []
    for _ in range(runs):
        with OtherLoad() as load:
            seconds = once()
        timings.append((seconds, load.share))
    return min(timings, key=lambda t: t[0])


def run_dask(texts: list[str], workers: int, partitions: int, repeat: int) -> dict:
    import dask.dataframe as dd
    import distributed
    import pandas as pd

    from restore.integrations import dask as rdask

    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        t0 = time.perf_counter()
        warm = dd.from_pandas(pd.DataFrame({"text": texts[:4 * workers]}), npartitions=2 * workers)
        rdask.restore_column(warm, "text").compute()
        warm_up = time.perf_counter() - t0
        df = client.persist(dd.from_pandas(pd.DataFrame({"text": texts}), npartitions=partitions))
        distributed.wait(df)

        runs = itertools.count()

        def once() -> float:
            # A prefix of its own gives every run new task keys: Dask would otherwise
            # return the results it still holds from the previous run.
            t = time.perf_counter()
            out = client.persist(rdask.restore_column(df, "text", prefix=f"run{next(runs)}_"))
            distributed.wait(out)
            seconds = time.perf_counter() - t
            del out
            return seconds

        seconds, others = _best(repeat, once)
        applied = int(rdask.restore_column(df, "text")["restore_n_applied"].sum().compute())
    return {"seconds": seconds, "warm_up_seconds": warm_up, "applied": applied, "others": others}


def _spark_session(cores: int):
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master(f"local[{cores}]").appName(f"restore-scaleout-{cores}")
             .config("spark.ui.enabled", "false")
             .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.python.worker.reuse", "true")
             .config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def run_spark(texts: list[str], workers: int, partitions: int, repeat: int) -> dict:
    from pyspark.sql import functions as F

    from restore.integrations import spark as rspark

    spark = _spark_session(workers)
    try:
        t0 = time.perf_counter()
        warm = spark.createDataFrame([(t,) for t in texts[:4 * workers]], "text string").repartition(2 * workers)
        rspark.restore_column(warm, "text").write.format("noop").mode("overwrite").save()
        warm_up = time.perf_counter() - t0
        df = spark.createDataFrame([(t,) for t in texts], "text string").repartition(partitions).cache()
        df.count()

        def once() -> float:
            t = time.perf_counter()
            rspark.restore_column(df, "text").write.format("noop").mode("overwrite").save()
            return time.perf_counter() - t

        seconds, others = _best(repeat, once)
        applied = rspark.restore_column(df, "text").agg(F.sum("restore_n_applied")).first()[0]
    finally:
        spark.stop()
    return {"seconds": seconds, "warm_up_seconds": warm_up, "applied": int(applied), "others": others}


ENGINES = {"dask": (run_dask, dask_payload_bytes), "spark": (run_spark, spark_payload_bytes)}


# --------------------------------------------------------------------------- the run

def run(quick: bool = True, engines: tuple[str, ...] = ("dask", "spark"), n_docs: int | None = None,
        repeat: int = 2) -> dict:
    """Every figure of this benchmark (the entry point of ``python -m benchmarks --with scaleout``)."""
    import warnings

    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
    _worker_env()
    n_docs = n_docs or (QUICK_DOCS if quick else DEFAULT_DOCS)
    texts, source = corpus(n_docs)
    partitions = PARTITIONS_PER_WORKER * max(WORKERS)
    results: dict[str, object] = {
        "corpus": f"{source}, {sum(len(t.encode()) for t in texts) / 1e6:.2f} MB",
        "partitions": partitions,
        "time_to_first_document_s": round(time_to_first_document(), 2),
    }
    for engine in engines:
        runner, payload = ENGINES[engine]
        results[f"{engine}_payload_bytes"] = payload()
        by_workers = {w: runner(texts, w, partitions, repeat) for w in WORKERS}
        for w, got in by_workers.items():
            results[f"{engine}_{w}w_docs_per_s"] = round(len(texts) / got["seconds"], 1)
            results[f"{engine}_{w}w_warm_up_s"] = round(got["warm_up_seconds"], 2)
            if got["others"] is not None:
                results[f"{engine}_{w}w_other_load"] = round(got["others"], 2)
        one, two = by_workers[1], by_workers[2]
        results[f"{engine}_speedup"] = round(one["seconds"] / two["seconds"], 2)
        # The same spans whatever the number of workers.
        results[f"{engine}_same_output"] = one["applied"] == two["applied"]
    if hasattr(os, "getloadavg"):
        results["load_average_1min"] = round(os.getloadavg()[0], 2)
    return results


def _percent(share: float | None) -> str:
    return "?" if share is None else f"{100 * share:.0f}%"


def render(results: dict, engines: tuple[str, ...]) -> str:
    n_docs = int(results["corpus"].split()[0])
    rows = [("engine", "workers", "docs", "docs/s", "speed-up", "warm-up s", "payload", "others' CPU")]
    for engine in engines:
        for w in WORKERS:
            speed = f"{results[f'{engine}_speedup']:.2f}x" if w == max(WORKERS) else ""
            rows.append((engine, str(w), str(n_docs), f"{results[f'{engine}_{w}w_docs_per_s']:.1f}", speed,
                         f"{results[f'{engine}_{w}w_warm_up_s']:.1f}", f"{results[f'{engine}_payload_bytes']:,} B",
                         _percent(results.get(f"{engine}_{w}w_other_load"))))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [TITLE, f"corpus: {results['corpus']}; {results['partitions']} partitions"]
    lines += ["  ".join(c.rjust(widths[i]) if i else c.ljust(widths[i]) for i, c in enumerate(r)) for r in rows]
    for engine in engines:
        met = "met" if results[f"{engine}_speedup"] >= TARGET_SPEEDUP else "NOT met"
        same = "identical" if results[f"{engine}_same_output"] else "DIFFERENT"
        lines.append(f"{engine}: 2 workers {results[f'{engine}_speedup']:.2f}x as fast as 1 "
                     f"(target >= {TARGET_SPEEDUP}: {met}); output {same}")
    lines.append(f"fresh process, import to first restored document: {results['time_to_first_document_s']:.2f} s")
    lines.append("others' CPU: the share of the machine that other processes used during the timed run "
                 "(more than a few percent takes a core away from the 2-worker run)")
    if "load_average_1min" in results:
        lines.append(f"load average (1 min) at the end: {results['load_average_1min']} on {os.cpu_count()} cores")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.scaleout", description=__doc__.split("\n\n")[0])
    p.add_argument("--engine", choices=("dask", "spark", "both"), default="both")
    p.add_argument("--docs", type=int, default=DEFAULT_DOCS, help=f"documents in the corpus (default {DEFAULT_DOCS})")
    p.add_argument("--repeat", type=int, default=3, help="timed runs per worker count; the best counts (default 3)")
    p.add_argument("--json", type=Path, help="also write the results here")
    args = p.parse_args(argv)
    engines = ("dask", "spark") if args.engine == "both" else (args.engine,)
    results = run(quick=False, engines=engines, n_docs=args.docs, repeat=args.repeat)
    print(render(results, engines))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
