"""Mutation run: plant single-line bugs one at a time and check that the tests notice each one.

Every mutant is (file, original line, mutated line, tests to run). The original text must occur exactly once
in the file. A mutant is applied in place, the chosen test files run (`pytest -x -q`), and the file is put
back byte for byte (also on Ctrl-C). "killed" means the tests failed, as they should; "survived" means they
passed with the bug planted. Not part of CI (a full run takes a few minutes).

    python scripts/mutants.py                  # every mutant
    python scripts/mutants.py -k signer -k auth  # only mutants whose file or id contains a word
    python scripts/mutants.py --list           # print the list and exit
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = "oss_share_tui"


@dataclass(frozen=True)
class Mutant:
    """One planted bug."""

    file: str
    original: str
    mutated: str
    tests: tuple[str, ...]
    why: str = ""
    """What the bug breaks, in a few words."""

    @property
    def ident(self) -> str:
        return f"{Path(self.file).stem}:{self.why or self.mutated.strip()[:40]}"


# Test files per module: the fast, relevant ones (each mutant picks from these).
T_SIGNER = ("tests/storage/test_signer_golden.py", "tests/storage/test_signer.py",
            "tests/bite/test_golden_independent.py", "tests/bite/test_long_links.py")
T_CONFIG = ("tests/storage/test_config.py", "tests/bite/test_precedence.py", "tests/bite/test_history_off.py")
T_GATEWAY = ("tests/storage/test_gateway.py", "tests/storage/test_gateway_errors.py",
             "tests/reliability/test_gateway_bad_xml.py", "tests/bite/test_versions_prefix.py")
T_AUTH = ("tests/localoss/test_localoss_presign.py", "tests/storage/test_signer_localoss.py",
          "tests/bite/test_localoss_refusals.py", "tests/localoss/test_localoss_api.py")
T_OPTIONS = ("tests/core/test_options.py", "tests/core/test_durations_units.py",
             "tests/bite/test_golden_independent.py", "tests/bite/test_option_rules.py")
T_CORE_MISC = ("tests/core/test_inspect.py", "tests/core/test_refs.py", "tests/core/test_process_disposition.py",
               "tests/features/test_export.py", "tests/features/test_atomic.py", "tests/bite/test_core_rules.py")
T_HISTORY = ("tests/features/test_history.py", "tests/bite/test_history_off.py",
             "tests/bite/test_history_mode.py")

S = f"{PKG}/storage"
C = f"{PKG}/core"
L = f"{PKG}/localoss"

MUTANTS: list[Mutant] = [
    # ---- storage/signer.py -------------------------------------------------------------------------
]


def _run_tests(tests: tuple[str, ...], timeout: float) -> tuple[bool, str]:
    """(passed, last lines of output) for one pytest run over `tests`."""
    existing = [t for t in tests if (ROOT / t.split("::")[0]).exists()]
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
           "--no-header", "-o", "addopts=", *existing]
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return False, "timed out (counted as killed)"
    tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-3:])
    return proc.returncode == 0, tail


def apply(mutant: Mutant) -> bytes:
    """Plant `mutant`; returns the file's original bytes (for `restore`)."""
    path = ROOT / mutant.file
    data = path.read_bytes()
    text = data.decode("utf-8")
    count = text.count(mutant.original)
    if count != 1:
        raise SystemExit(f"{mutant.file}: expected the original text once, found it {count} times:\n"
                         f"  {mutant.original!r}")
    path.write_bytes(text.replace(mutant.original, mutant.mutated).encode("utf-8"))
    return data


def restore(mutant: Mutant, data: bytes) -> None:
    """Put the file back as it was."""
    (ROOT / mutant.file).write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", action="append", default=[], help="only mutants whose id or file has this word")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per test run")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if not args.k or any(w in m.ident or w in m.file for w in args.k)]
    if args.list:
        for m in chosen:
            print(f"{m.ident}\n    - {m.original.strip()}\n    + {m.mutated.strip()}")
        print(f"{len(chosen)} mutants")
        return 0
    for m in chosen:  # check every mutant applies before spending minutes on the first ones
        restore(m, apply(m))
    survived: list[Mutant] = []
    started = time.monotonic()
    for i, m in enumerate(chosen, 1):
        data = apply(m)
        try:
            passed, tail = _run_tests(m.tests, args.timeout)
        finally:
            restore(m, data)
        verdict = "SURVIVED" if passed else "killed"
        print(f"[{i:3d}/{len(chosen)}] {verdict:8s} {m.ident}", flush=True)
        if passed:
            survived.append(m)
            print(f"           {m.file}: {m.mutated.strip()}")
    killed = len(chosen) - len(survived)
    print(f"\n{len(chosen)} planted, {killed} killed, {len(survived)} survived "
          f"({time.monotonic() - started:.0f} s)")
    for m in survived:
        print(f"  survived: {m.ident}  ({m.file})")
    return 0 if not survived else 1


if __name__ == "__main__":
    sys.exit(main())
