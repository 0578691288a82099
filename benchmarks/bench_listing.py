"""Listing benchmarks: a big prefix served by localoss, browsed in the app (headless), against raw oss2.

localoss runs in a child process (`batch_sign.localoss_process`), so the server neither shares the GIL
with the app nor counts in its memory. oss2 is imported before anything is timed, on both sides.

- first rows: in the running app at `oss://big/`, Enter on `logs/`, from the key to the first frame that
  shows its rows (median of several). The floor is a fresh `oss2.Bucket` and one
  `list_objects_v2(prefix, delimiter='/', max_keys=1000)` call, one before each Enter. The cold path
  (from the browser's start to its first rows, region lookup and Textual's start-up included) is
  reported too, as information.
- paging to the end: the app loads the next page when the cursor nears the last loaded row, so the
  benchmark plays a user who presses End as soon as each page is on screen (a Key event posted the
  moment the page is added). The floor is a raw oss2 loop over the same pages, run before and after.
- stall: a 10 ms `set_interval` ticker in the app while the pages arrive; the largest gap minus 10 ms.
- key press at the last row: `keypress_last_row.press_cost` on the loaded list.
- memory: RSS growth from the first page on screen to the whole prefix loaded, over the rows added.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import gc
import os
import statistics
import sys
import time
from typing import Any

from batch_sign import localoss_process
from common import Result
from keypress_last_row import BUDGET_MS as KEYPRESS_BUDGET_MS
from keypress_last_row import press_cost

BUCKET, PREFIX, REGION = "big", "logs/", "cn-shanghai"
FIRST_ROWS_RUNS = 7
TICK = 0.01


def _rss_bytes() -> int:
    """Resident set size of this process now (Linux /proc; peak RSS elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def _bare_bucket(endpoint: str) -> Any:
    """A fresh oss2.Bucket (its own session, so its own connection), V4-signed like the app."""
    import oss2

    from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

    return oss2.Bucket(oss2.AuthV4(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET), endpoint, BUCKET, region=REGION)


def floor_first_page(endpoint: str) -> float:
    """Seconds for a fresh Bucket plus one 1000-key ListObjectsV2 call."""
    t0 = time.perf_counter()
    page = _bare_bucket(endpoint).list_objects_v2(prefix=PREFIX, delimiter="/", max_keys=1000)
    elapsed = time.perf_counter() - t0
    assert page.object_list, "no objects listed"
    return elapsed


def floor_page_loop(endpoint: str, n: int) -> float:
    """Seconds for a raw oss2 loop over every page of the prefix."""
    bucket = _bare_bucket(endpoint)
    token, count = "", 0
    t0 = time.perf_counter()
    while True:
        page = bucket.list_objects_v2(prefix=PREFIX, delimiter="/", continuation_token=token, max_keys=1000)
        count += len(page.object_list)
        if not page.is_truncated:
            break
        token = page.next_continuation_token
    elapsed = time.perf_counter() - t0
    assert count == n, (count, n)
    return elapsed


def _press(app: Any, key: str) -> None:
    """Post a key to the app as a terminal driver does: from no message pump.

    A Key made inside a handler gets that pump as sender, and Textual stops it from bubbling past the
    sender, so it would never reach the bindings; an empty context gives it no sender.
    """
    from textual import events

    app.post_message(contextvars.Context().run(events.Key, key, None))


def _app(endpoint: str, key: str) -> Any:
    """The app started at oss://big/<key>, instrumented.

    `app.marks["begin"]` is when the browser asks for the start place; `app.rows_frame(prefix)` is a future
    resolved with the time of the first frame that shows rows of a listing of `prefix`.
    """
    from oss_share_tui.core.refs import OssRef
    from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
    from oss_share_tui.storage.profile import Profile
    from oss_share_tui.tui.app import OssShareApp

    profile = Profile(endpoint=endpoint, access_key_id=DEMO_ACCESS_KEY_ID, access_key_secret=DEMO_ACCESS_KEY_SECRET)
    app = OssShareApp(profile, OssRef(BUCKET, key), history=False)
    marks: dict[str, float] = {}
    waiting: dict[str, asyncio.Future[float]] = {}
    default_screen, display = app.get_default_screen, app._display

    def get_default_screen() -> Any:
        screen = default_screen()
        begin = screen._begin

        def timed_begin() -> None:
            marks["begin"] = time.perf_counter()
            begin()

        screen._begin = timed_begin
        app.browser = screen
        return screen

    def timed_display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is None or not waiting:
            return
        browser = app.browser
        future = waiting.get(browser.listing.prefix)
        if future is not None and browser.listing.started and browser.object_list.row_count:
            del waiting[browser.listing.prefix]
            future.set_result(time.perf_counter())

    def rows_frame(prefix: str) -> asyncio.Future[float]:
        waiting[prefix] = future = asyncio.get_running_loop().create_future()
        return future

    app.get_default_screen = get_default_screen  # type: ignore[method-assign]
    app._display = timed_display  # type: ignore[method-assign]
    app.marks, app.rows_frame = marks, rows_frame
    return app


async def _settle(app: Any, pilot: Any) -> None:
    """Let the app go idle: workers done, messages handled."""
    with contextlib.suppress(Exception):  # a cancelled worker is fine
        await app.workers.wait_for_complete()
    await pilot.pause()


async def first_rows(endpoint: str, runs: int) -> tuple[list[float], list[float], float]:
    """Enter on `logs/` in `big/`, `runs` times: seconds from the key to the frame with rows.

    Each is preceded by one floor call (the app is idle meanwhile), so noise hits both alike. Also the cold
    path: from the browser asking for its start place (`oss://big/`, the bucket's region still unknown) to
    the first rows there. Returns (ours, floors, cold).
    """
    app = _app(endpoint, "")
    times, floors = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        cold = await asyncio.wait_for(app.rows_frame(""), 60) - app.marks["begin"]
        for _ in range(runs):
            await _settle(app, pilot)
            rows = app.browser.object_list
            assert rows.current is not None and rows.current.key == PREFIX, rows.current
            floors.append(floor_first_page(endpoint))
            shown = app.rows_frame(PREFIX)
            t0 = time.perf_counter()
            _press(app, "enter")
            times.append(await asyncio.wait_for(shown, 60) - t0)
            await _settle(app, pilot)
            back = app.rows_frame("")
            _press(app, "backspace")
            await asyncio.wait_for(back, 60)
    return times, floors, cold


async def page_to_end(endpoint: str, n: int, presses: int) -> dict[str, float]:
    """Load the whole prefix pressing End after each page; time, stall, key press cost, memory."""
    app = _app(endpoint, PREFIX)
    async with app.run_test(size=(120, 40)) as pilot:
        await asyncio.wait_for(app.rows_frame(PREFIX), 60)
        screen = app.browser
        rows, listing = screen.object_list, screen.listing
        await pilot.pause()
        gc.collect()
        rss0, rows0 = _rss_bytes(), len(listing.items)

        done = asyncio.Event()
        after_page = screen.after_page

        def press_end_after_page(current: Any) -> None:
            after_page(current)
            if current.complete:
                done.set()
            else:
                _press(app, "end")

        ticks: list[float] = []
        screen.after_page = press_end_after_page
        t0 = time.perf_counter()
        ticker = app.set_interval(TICK, lambda: ticks.append(time.perf_counter()))
        if listing.complete:
            done.set()
        else:
            _press(app, "end")
        await asyncio.wait_for(done.wait(), 600)
        elapsed = time.perf_counter() - t0
        ticker.stop()
        screen.after_page = after_page
        assert rows.row_count == n, (rows.row_count, n)

        gc.collect()
        rss1 = _rss_bytes()
        keys = await press_cost(app, pilot, presses)
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    return {
        "elapsed": elapsed,
        "pages": float(listing.pages),
        "stall_ms": (max(gaps) - TICK) * 1000 if gaps else 0.0,
        "ticks": float(len(ticks)),
        "bytes_per_object": (rss1 - rss0) / max(1, n - rows0),
        "rss_mib": rss1 / 2**20,
        **keys,
    }


def listing(n: int) -> list[Result]:
    """Every listing row for an `n`-object prefix."""
    import oss2  # noqa: F401 - imported before timing, on both sides

    import oss_share_tui.tui.app  # noqa: F401

    label = f"{n:,} objects"
    with localoss_process(n) as endpoint:
        floor_first_page(endpoint)  # warm both sides: localoss's caches, the app's first-use imports
        asyncio.run(first_rows(endpoint, 1))
        ours_first, floor_first, cold = asyncio.run(first_rows(endpoint, FIRST_ROWS_RUNS))
        floor_before = floor_page_loop(endpoint, n)
        run = asyncio.run(page_to_end(endpoint, n, presses=20))
        floor_loop = (floor_before + floor_page_loop(endpoint, n)) / 2  # bracketing ours: drift hits both
    return [
        Result(f"listing {label}: first rows on screen", statistics.median(ours_first) * 1000,
               statistics.median(floor_first) * 1000, "ms", 1.5,
               f"Enter on logs/ to the frame with rows, median of {FIRST_ROWS_RUNS}; "
               "floor: fresh oss2.Bucket + one list_objects_v2(max_keys=1000)"),
        Result(f"listing {label}: first rows, cold start at oss://big/", cold * 1000,
               statistics.median(floor_first) * 1000, "ms", None,
               "informational: browser start to rows; adds the region lookup and Textual's start-up work"),
        Result(f"listing {label}: page to the end", run["elapsed"], floor_loop, "s", 1.3,
               f"End pressed after each of {run['pages']:.0f} pages; floor: raw oss2 page loop, "
               "mean of one run before and one after"),
        Result(f"listing {label}: largest event-loop stall", run["stall_ms"], None, "ms", 50.0,
               f"10 ms ticker, {run['ticks']:.0f} ticks while paging"),
        Result(f"listing {label}: key press at the last row", run["handled_ms"], None, "ms", KEYPRESS_BUDGET_MS,
               f"median of {run['presses']:.0f}, max {run['handled_max_ms']:.1f} ms; key to composed frame"),
        Result(f"listing {label}: memory per listed object", run["bytes_per_object"], None, "B", 512.0,
               f"RSS growth over the rows; {run['rss_mib']:.0f} MiB in all"),
    ]


if __name__ == "__main__":
    for r in listing(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000):
        print(r)
