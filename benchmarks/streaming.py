"""Streaming and parallel batches (issue 5).

(a) streaming: a generated file (1 GiB with ``--full``; 4 MiB in quick mode: the memory
    bound does not depend on the size, only the time does) is restored with
    ``restore-text --stream --jobs 2`` in a fresh process writing to /dev/null. We report the
    peak resident memory of the largest single process (``getrusage`` ``ru_maxrss`` of the
    main process and of its worker processes, each also given), the baseline of a process
    that only loaded the lexicons and the language model and restored one line, and the
    throughput. The file mixes article-sized runs of spun and clean paragraphs made from
    the seed documents (``seeds/``), numbers varied so that no two paragraphs are equal.
(b) ``--jobs``: a directory of documents (quick: 200, full: 800; each about 5 KB) is
    restored with ``-f jsonl --jobs 1`` and ``--jobs 2`` (wall-clock time of the whole
    command, start-up included, best of two runs; CPU time too); we report the speed-up,
    the load average (other processes take cores away from ``--jobs 2``) and check that both
    outputs are identical.

    python -m benchmarks.streaming [--full] [--size-mb N] [--keep DIR]

Extra ``restore-text`` options (e.g. ``--no-builtin -l FILE`` while the shipped lexicons are
being rebuilt) can be passed after ``--``.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TITLE = "Streaming (peak memory) and --jobs speed-up"
QUICK_MB = 4  # the engine restores 0.03-0.1 MB/s per core today: 4 MiB keep the quick run near a minute
FULL_MB = 1024
MEMORY_LIMIT_MB = 200
SEEDS = ROOT / "seeds"
_GOLD = re.compile(r"\[\[(.*?)=>(.*?)(?:\|.*?)?\]\]")
_NUMBER = re.compile(r"\b\d{1,2}\b")


# --------------------------------------------------------------------------- data

def _paragraphs() -> tuple[list[str], list[str]]:
    """(spun, clean) paragraphs from the seed documents; a small fallback without seeds."""
    spun, clean = [], []
    for path in sorted(SEEDS.glob("*.spun.txt")):
        spun += [p.strip() for p in path.read_text(encoding="utf-8").splitlines() if len(p.split()) > 5]
    for path in sorted(SEEDS.glob("*.txt")):
        if path.name.endswith(".spun.txt"):
            continue
        text = _GOLD.sub(lambda m: m.group(2), path.read_text(encoding="utf-8"))
        clean += [p.strip() for p in text.splitlines() if len(p.split()) > 5]
    if not spun:
        spun = ["The talks on Could 19 were essentially the most productive in years, officials said.",
                "Zelensky mentioned essentially the most tangible results of the talks was an settlement."]
    if not clean:
        clean = ["The talks on May 19 were the most productive in years, officials said.",
                 "Nothing in this paragraph needs a repair; it is ordinary prose about the weather."]
    return spun, clean


def _vary(paragraph: str, rng: random.Random) -> str:
    return _NUMBER.sub(lambda m: str(rng.randint(1, 28)), paragraph)


def articles(seed: int = 5) -> "iter[str]":
    """An endless stream of articles (6-12 paragraphs, blank-line separated; a third spun)."""
    rng = random.Random(seed)
    spun, clean = _paragraphs()
    while True:
        pool = spun if rng.random() < 1 / 3 else clean
        n = rng.randint(6, 12)
        yield "\n\n".join(_vary(rng.choice(pool), rng) for _ in range(n)) + "\n\n\n"


def generate(path: Path, size: int, seed: int = 5) -> int:
    """Write about ``size`` bytes of articles to ``path``; return the exact size."""
    written = 0
    block: list[str] = []
    block_len = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for art in articles(seed):
            block.append(art)
            block_len += len(art.encode("utf-8"))
            if block_len >= 1 << 20 or written + block_len >= size:
                fh.write("".join(block))
                written += block_len
                block, block_len = [], 0
                if written >= size:
                    break
    return path.stat().st_size


def generate_documents(folder: Path, count: int, seed: int = 7) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    gen = articles(seed)
    total = 0
    for k in range(count):
        text = next(gen) + next(gen) + next(gen)
        (folder / f"doc{k:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total


# --------------------------------------------------------------------------- measuring

def _measure_child(argv: list[str], out: str) -> None:
    """Run the CLI in this process, then record its resource usage (``--measure``)."""
    import resource

    from restore.cli import main

    t0 = time.perf_counter()
    code = 0
    try:
        main.main(argv, prog_name="restore-text", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    seconds = time.perf_counter() - t0
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    Path(out).write_text(json.dumps({"exit": code, "seconds": seconds, "peak_rss_kb": _own_peak_kb(me.ru_maxrss),
                                     "children_peak_rss_kb": kids.ru_maxrss}), encoding="utf-8")


def _own_peak_kb(fallback: int) -> int:
    """This process's own peak RSS. Linux carries ru_maxrss over exec from the process that
    forked us (a large benchmark parent would inflate it), so prefer VmHWM, which belongs to
    this program's memory alone."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return fallback


def measure(cli_args: list[str], cwd: Path) -> dict:
    """Run ``restore-text CLI_ARGS`` in a fresh process (stdout to /dev/null); its peak RSS."""
    out = cwd / f"measure-{time.monotonic_ns()}.json"
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "benchmarks.streaming", "--measure", str(out), "--", *cli_args],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=str(ROOT), env=env, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"restore-text {' '.join(cli_args)} failed ({proc.returncode}): {proc.stderr[-500:]}")
    data = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    data["wall"] = wall
    if data["exit"] not in (0, 1):
        raise RuntimeError(f"restore-text {' '.join(cli_args)} exited {data['exit']}: {proc.stderr[-500:]}")
    return data


def timed(cli_args: list[str], cwd: Path, stdout_path: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (the process and its workers) of one ``restore-text`` run."""
    import resource

    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(stdout_path, "w", encoding="utf-8") as fh:
        proc = subprocess.run([sys.executable, "-m", "restore", *cli_args], stdout=fh, stderr=subprocess.PIPE,
                              cwd=str(ROOT), env=env, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"restore-text {' '.join(cli_args)} exited {proc.returncode}: {proc.stderr[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def best_of(runs: int, cli_args: list[str], cwd: Path, stdout_path: Path) -> tuple[float, float]:
    """The fastest of ``runs`` runs (other processes on the machine only ever slow a run down)."""
    return min((timed(cli_args, cwd, stdout_path) for _ in range(runs)), key=lambda r: r[0])


def _mb(kb: int) -> float:
    return round(kb / 1024, 1)


def run(quick: bool = True, size_mb: float | None = None, extra: list[str] | None = None,
        keep: Path | None = None, stream_jobs: int = 2) -> dict[str, object]:
    extra = list(extra or [])
    size_mb = size_mb if size_mb is not None else (QUICK_MB if quick else FULL_MB)
    n_docs = 200 if quick else 800
    work = Path(tempfile.mkdtemp(prefix="restore-bench-stream-")) if keep is None else keep
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {
        "mode": f"{'quick' if quick else 'full'}: {size_mb:g} MiB streamed"
                + (" (run with --full for 1 GiB)" if quick else ""),
    }
    try:
        big = work / "big.txt"
        size = generate(big, int(size_mb * 1024 * 1024))
        tiny = work / "tiny.txt"
        tiny.write_text("The talks on Could 19 were essentially the most productive.\n", encoding="utf-8")

        base = measure([*extra, "--no-stream", str(tiny)], work)
        results["baseline_rss_mb"] = _mb(base["peak_rss_kb"])

        got = measure([*extra, "--stream", "--jobs", str(stream_jobs), str(big)], work)
        peak = max(got["peak_rss_kb"], got["children_peak_rss_kb"])
        results["file_mb"] = round(size / 1e6, 1)
        results["stream_jobs"] = stream_jobs
        results["stream_seconds"] = round(got["seconds"], 1)
        results["stream_mb_s"] = round(size / 1e6 / got["seconds"], 3)
        results["peak_rss_mb"] = _mb(peak)
        results["peak_rss_main_mb"] = _mb(got["peak_rss_kb"])
        if stream_jobs > 1:
            results["peak_rss_worker_mb"] = _mb(got["children_peak_rss_kb"])
        results["streaming_overhead_mb"] = round(_mb(peak) - _mb(base["peak_rss_kb"]), 1)
        results["peak_under_200mb"] = _mb(peak) < MEMORY_LIMIT_MB

        docs = work / "docs"
        batch_bytes = generate_documents(docs, n_docs)
        out1, out2 = work / "jobs1.jsonl", work / "jobs2.jsonl"
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        t1, cpu1 = best_of(2, [*extra, "-f", "jsonl", "--jobs", "1", str(docs)], work, out1)
        t2, cpu2 = best_of(2, [*extra, "-f", "jsonl", "--jobs", "2", str(docs)], work, out2)
        results["batch_documents"] = n_docs
        results["batch_mb"] = round(batch_bytes / 1e6, 2)
        results["jobs1_seconds"] = round(t1, 2)
        results["jobs2_seconds"] = round(t2, 2)
        results["jobs1_cpu_seconds"] = round(cpu1, 2)
        results["jobs2_cpu_seconds"] = round(cpu2, 2)
        results["speedup_jobs2"] = round(t1 / t2, 2) if t2 > 0 else None
        results["jobs_identical_output"] = out1.read_bytes() == out2.read_bytes()
        results["cpus"] = os.cpu_count()
        if load is not None:
            # Other work on the machine takes cores away from --jobs 2: say how busy it was.
            results["load_average_1min"] = round(load, 2)
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return results


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--measure"]:
        out = argv[1]
        rest = argv[2:]
        if rest[:1] == ["--"]:
            rest = rest[1:]
        _measure_child(rest, out)
        return 0
    extra: list[str] = []
    if "--" in argv:
        k = argv.index("--")
        argv, extra = argv[:k], argv[k + 1:]
    p = argparse.ArgumentParser(prog="python -m benchmarks.streaming", description=__doc__.split("\n\n")[0])
    p.add_argument("--full", action="store_true", help=f"stream {FULL_MB} MiB (default: {QUICK_MB} MiB)")
    p.add_argument("--size-mb", type=float, help="size of the streamed file in MiB")
    p.add_argument("--keep", type=Path, help="keep the generated files in this directory")
    p.add_argument("--stream-jobs", type=int, default=2, help="--jobs for the streamed file (default 2)")
    p.add_argument("--json", type=Path, help="also write the results here")
    args = p.parse_args(argv)
    results = run(quick=not args.full, size_mb=args.size_mb, extra=extra, keep=args.keep,
                  stream_jobs=args.stream_jobs)
    print(TITLE)
    for k, v in results.items():
        print(f"  {k:24} {v}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
