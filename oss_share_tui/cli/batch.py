"""`oss-share sign oss://bucket/prefix/ --recursive`: list lazily, sign every object, stream an export.

Progress goes to stderr; every object that got no link is named there, and the exit status is 1 when any
object was missed (a per-object failure, or a listing that stopped part-way).
"""

from __future__ import annotations

import argparse
import io
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import TextIO

from oss_share_tui.cli.clipboard import copy_to_clipboard
from oss_share_tui.core.errors import ExitStatus, RemoteError
from oss_share_tui.core.export import export_rows, export_to_file, parse_format
from oss_share_tui.core.models import Entry
from oss_share_tui.core.options import ShareOptions
from oss_share_tui.core.printable import visible
from oss_share_tui.core.refs import OssRef
from oss_share_tui.core.restore import UNRESTORED_WARNING, share_warning
from oss_share_tui.storage.batch import BatchResult, sign_prefix
from oss_share_tui.storage.history import MAX_ENTRIES, record_links
from oss_share_tui.storage.profile import Profile
from oss_share_tui.storage.signer import endpoint_for

PROGRESS_EVERY = 0.2
"""Seconds between progress redraws on a terminal."""
NAMED_FAILURES = 20
"""Failures named one per line on stderr; the rest are counted (the export's error column has them all)."""


class Progress:
    """A one-line progress display on stderr: redrawn in place on a terminal, a few summary lines otherwise."""

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.tty = bool(getattr(err, "isatty", lambda: False)())
        self.started = time.monotonic()
        self._last = 0.0
        self.drawn = False

    def update(self, done: int, failed: int, *, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self._last < PROGRESS_EVERY:
            return
        self._last = now
        elapsed = now - self.started
        failures = f", {failed:,} failed" if failed else ""
        rate = f", {done / elapsed:,.0f}/s" if elapsed >= 1 else ""
        line = f"oss-share: {done:,} signed{failures} in {elapsed:.1f} s{rate}"
        if self.tty:
            self.err.write("\r" + line + "\x1b[K" + ("\n" if final else ""))
            self.err.flush()
            self.drawn = True
        elif final:
            self.err.write(line + "\n")


def run_batch(
    args: argparse.Namespace,
    ref: OssRef,
    profile: Profile,
    options: ShareOptions,
    *,
    region: str | None,
    out: TextIO,
    err: TextIO,
    stream: Callable[[Callable[[Entry], None]], Iterator[BatchResult]] | None = None,
) -> int:
    """Sign everything under `ref` and export it; returns the exit status.

    `stream(on_object)` replaces the default listing (sign's --include/--exclude/--limit) with another source
    of results, e.g. presign's ossutil 2.0 filters; it hands each listed object to `on_object` (the archive
    warnings). With `args.check` every link is probed as it is made.
    """
    fmt = parse_format(args.export or ("jsonl" if args.json else "urls"))
    progress = Progress(err)
    failures: list[BatchResult] = []
    recent_links: deque = deque(maxlen=MAX_ENTRIES)  # history keeps at most this many: hold no more in memory
    check_failures: list[BatchResult] = []
    stopped: RemoteError | None = None
    last_key = ""
    count = 0
    unrestored: list[tuple[str, str]] = []

    def seen(entry: Entry) -> None:
        warning = share_warning(entry.storage_class, entry.restore)
        if warning:
            unrestored.append((entry.key, warning))

    def results():
        nonlocal stopped, last_key, count
        source = stream(seen) if stream is not None else sign_prefix(
            profile, ref.bucket, ref.key, options, include=args.include, exclude=args.exclude,
            limit=args.limit, region=region, on_object=seen)
        if getattr(args, "check", False):
            from oss_share_tui.cli.check import checked

            source = checked(source, check_failures)
        try:
            for result in source:
                count += 1
                last_key = result.key
                if result.ok:
                    if result.link is not None:
                        recent_links.append(result.link)
                else:
                    failures.append(result)
                progress.update(count, len(failures))
                yield result
        except RemoteError as exc:
            stopped = exc  # the listing failed after its retries: report what was done and what was not

    if args.output:
        export_to_file(results(), fmt, args.output)
        exported = None
    else:
        buffer: TextIO = io.StringIO(newline="") if args.copy else out
        export_rows(results(), fmt, buffer)
        exported = buffer.getvalue() if isinstance(buffer, io.StringIO) else None
        if exported is not None:
            out.write(exported)
        out.flush()
    progress.update(count, len(failures), final=True)

    problem = record_links(recent_links, options, profile=profile, endpoint=endpoint_for(profile, ref.bucket),
                           region=region, enabled=not args.no_history)
    if problem:
        err.write(f"oss-share: warning: {visible(problem)}\n")
    if args.copy:
        copied, what = copy_to_clipboard(exported if exported is not None else _read(args.output))
        err.write(f"oss-share: {what}\n" if copied else f"oss-share: not copied: {what}\n")
    if args.output:
        err.write(f"oss-share: wrote {count - len(failures):,} links to {visible(args.output)}\n")

    for key, warning in unrestored[:NAMED_FAILURES]:
        err.write(f"oss-share: warning: oss://{ref.bucket}/{visible(key)}: {warning}\n")
    if len(unrestored) > NAMED_FAILURES:
        err.write(f"oss-share: warning: … and {len(unrestored) - NAMED_FAILURES:,} more archived objects not "
                  f"restored: {UNRESTORED_WARNING}\n")
    for result in failures[:NAMED_FAILURES]:
        err.write(f"oss-share: not signed: oss://{ref.bucket}/{visible(result.key)}: "
                  f"{visible(result.error or 'unknown error')}\n")
    if len(failures) > NAMED_FAILURES:
        err.write(f"oss-share: … and {len(failures) - NAMED_FAILURES:,} more not signed "
                  "(each is in the export with its error)\n")
    if stopped is not None:
        after = f" after oss://{ref.bucket}/{visible(last_key)}" if last_key else ""
        err.write(f"oss-share: error: the listing stopped{after} ({count:,} objects done): "
                  f"{visible(stopped.one_line())}; objects after it were not signed, run again to retry\n")
    for result in check_failures[:NAMED_FAILURES]:
        err.write(f"oss-share: {visible(result.error or 'link check failed')}: "
                  f"oss://{ref.bucket}/{visible(result.key)}\n")
    if len(check_failures) > NAMED_FAILURES:
        err.write(f"oss-share: … and {len(check_failures) - NAMED_FAILURES:,} more links failed the check\n")
    if getattr(args, "check", False) and not check_failures and count:
        err.write(f"oss-share: link check: all {count - len(failures):,} links work\n")
    if stopped is not None or failures or check_failures:
        return int(ExitStatus.OSS_ERROR)
    if count == 0:
        err.write(f"oss-share: warning: nothing matched under oss://{ref.bucket}/{visible(ref.key)}\n")
    return 0


def _read(path: str) -> str:
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()
