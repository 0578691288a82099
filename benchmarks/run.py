"""Run every benchmark, print the table, and write it to BENCHMARKS.md.

    python benchmarks/run.py            # full run (100k and 1M listings)
    python benchmarks/run.py --quick    # under 2 minutes
    python benchmarks/run.py --smoke    # tiny sizes, for the test that keeps this script from rotting
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import ROOT, Result, compile_bytecode  # noqa: E402

PROFILES = {
    # name: (process runs, in-process URLs, listing sizes, batch size, startup runs)
    "full": (15, 20_000, (100_000, 1_000_000), 100_000, 7),
    "quick": (10, 5_000, (100_000,), 20_000, 3),
    "smoke": (2, 200, (3_000,), 500, 1),
}


def _fmt(v: float | None) -> str:
    if v is None:
        return "–"
    if v >= 100:
        return f"{v:,.0f}"
    return f"{v:.3g}" if v < 1 else f"{v:.2f}"


def table(results: list[Result]) -> str:
    """The results as a Markdown table."""
    lines = ["| what | ours | floor | unit | ratio | budget | result |", "|---|---|---|---|---|---|---|"]
    for r in results:
        verdict = {True: "pass", False: "FAIL", None: "info"}[r.passed]
        budget = "–" if r.budget is None else (f"≤ {r.budget}×" if r.floor is not None else f"≤ {r.budget}")
        ratio = "–" if r.ratio is None else f"{r.ratio:.2f}×"
        what = r.what + (f" ({r.note})" if r.note else "")
        lines.append(f"| {what} | {_fmt(r.ours)} | {_fmt(r.floor)} | {r.unit} | {ratio} | {budget} | {verdict} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="smaller sizes, under 2 minutes")
    mode.add_argument("--smoke", action="store_true", help="tiny sizes, for the test suite")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md", help="where to write the table")
    parser.add_argument("--only", action="append", default=[], help="run only these groups (repeatable)")
    args = parser.parse_args(argv)
    profile = "smoke" if args.smoke else "quick" if args.quick else "full"
    runs, n_sign, sizes, batch_n, startup_runs = PROFILES[profile]

    import bench_batch
    import bench_browse
    import bench_listing
    import bench_preview
    import bench_sign
    import bench_startup

    compile_bytecode()

    groups: dict[str, Callable[[], list[Result]]] = {
        "sign": lambda: bench_sign.one_shot(runs),
        "inprocess": lambda: bench_sign.in_process(n_sign),
        "startup": lambda: bench_startup.startup(startup_runs),
        "listing": lambda: [r for n in sizes for r in bench_listing.listing(n)],
        "browse": lambda: [r for n in sizes for r in bench_browse.browse(n)],
        "batch": lambda: bench_batch.batch(batch_n),
        "preview": lambda: bench_preview.preview(2.0 if profile == "smoke" else 20.0),
    }
    results: list[Result] = []
    failures: list[str] = []
    for name, fn in groups.items():
        if args.only and name not in args.only:
            continue
        print(f"== {name}", file=sys.stderr, flush=True)
        try:
            results.extend(fn())
        except Exception as exc:  # a broken group is reported, the others still run
            traceback.print_exc()
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
    text = table(results)
    print(text)
    command = "python benchmarks/run.py" + (f" --{profile}" if profile != "full" else "")
    header = (
        f"# Benchmarks\n\nRun {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC with `{command}` on Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs ({platform.machine()}, {platform.system()}).\n"
        "Each budget is a ratio against a floor measured in the same run (DESIGN.md, Performance budgets).\n\n"
    )
    body = header + text + "\n"
    if failures:
        body += "\nGroups that failed to run:\n" + "".join(f"- {f}\n" for f in failures)
    body += _kept_notes(args.output)
    tmp = args.output.with_name(args.output.name + ".tmp")
    tmp.write_text(body, encoding="utf-8")
    os.replace(tmp, args.output)
    bad = [r for r in results if r.passed is False]
    return 1 if failures or (bad and profile == "full") else 0


def _kept_notes(path: Path) -> str:
    """The hand-written "Notes" section of the previous file (profiles, fixes), kept across re-runs."""
    try:
        old = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    at = old.find("\nNotes\n")
    return "\n" + old[at + 1 :] if at >= 0 else ""


if __name__ == "__main__":
    sys.exit(main())
