"""`--check`: test each link as its recipient would (storage/link_probe), and say so on stderr and in JSON."""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, TextIO

from oss_share_tui.core.printable import visible

if TYPE_CHECKING:
    from oss_share_tui.storage.batch import BatchResult
    from oss_share_tui.storage.link_probe import LinkCheck

CHECK_WORKERS = 4
"""Links probed in parallel in a batch: enough to hide round trips, few enough to stay polite."""


def probe(url: str) -> LinkCheck:
    """One ranged GET of `url`, as the recipient's browser or curl would do it."""
    from oss_share_tui.storage.link_probe import check_link

    return check_link(url)


def as_json(check: LinkCheck) -> dict[str, object]:
    """The verdict as `--json` shows it."""
    return {"ok": check.ok, "status": check.status, "code": check.code or None,
            "cause": check.cause or None, "summary": check.summary}


def report(err: TextIO, check: LinkCheck, what: str = "") -> None:
    """One stderr line: `link check: works (206)` or `link check failed: CODE (404): plain cause`."""
    where = f" for {visible(what)}" if what else ""
    if check.ok:
        err.write(f"oss-share: link check{where}: {visible(check.summary)}\n")
    else:
        err.write(f"oss-share: link check failed{where}: {visible(check.summary)}\n")


def checked(results: Iterable[BatchResult], failures: list[BatchResult]) -> Iterator[BatchResult]:
    """Probe each signed result (a few at a time, order kept); a failed probe becomes the row's error, so the
    export says it beside the URL, and the row is added to `failures`."""
    window: deque[tuple[BatchResult, Future[LinkCheck] | None]] = deque()
    pool = ThreadPoolExecutor(max_workers=CHECK_WORKERS, thread_name_prefix="oss-share-check")
    source = iter(results)
    try:
        exhausted = False
        while True:
            while not exhausted and len(window) < 2 * CHECK_WORKERS:
                result = next(source, None)
                if result is None:
                    exhausted = True
                    break
                window.append((result, pool.submit(probe, result.url) if result.url else None))
            if not window:
                return
            result, future = window.popleft()
            if future is not None:
                verdict = future.result()
                if not verdict.ok:
                    result = dataclasses.replace(result, error=f"link check failed: {verdict.summary}")
                    failures.append(result)
            yield result
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
