"""The TUI against a failing server: listing fails part-way (every next-page request errors, or the server is
killed mid-request and restarted on the same port), and latency with 5xx answers and dropped connections on
listing and HEAD. The app keeps running, says what failed, and `r` resumes from the last good page with no
row lost or repeated. (The CLI --recursive partial failure is in tests/features/test_cli_batch.py.)"""

from __future__ import annotations

import io
import re

from rich.console import Console

from oss_share_tui.core.refs import OssRef
from oss_share_tui.tui.screens.details import DetailsScreen
from tests.tui.conftest import make_app, settle

BUCKET = "faulty"
PREFIX = "data/"
COUNT = 3500
EXPECTED = [f"{PREFIX}part-{i:06d}.log" for i in range(COUNT)]
SIZE = (100, 30)
_NEXT_PAGE = re.compile(r"[?&]continuation-token=[^&]")


def _server(localoss_factory, **faults):
    server = localoss_factory(seed="empty", **faults)
    server.store.create_bucket(BUCKET, region="cn-hangzhou")
    server.store.add_synthetic_prefix(BUCKET, PREFIX, COUNT)
    return server


def _list_requests(paths: list[str]) -> list[str]:
    return [p for p in paths if p.startswith(f"/{BUCKET}/?") and "list-type=2" in p]


def _token(path: str) -> str:
    """The continuation-token a list request carried ("" for the first page)."""
    match = re.search(r"[?&]continuation-token=([^&]*)", path)
    return match.group(1) if match else ""


def _status(app) -> str:
    return str(app.screen.status_line.render())


async def _load_to_the_end(pilot, rounds: int = 40) -> None:
    """Page on (G moves the cursor to the end, which asks for the next page) until the listing is complete;
    press r after an error, as a user would."""
    screen = pilot.app.screen
    for _ in range(rounds):
        if screen.listing.complete:
            return
        await pilot.press("r" if screen.listing.error else "G")
        await settle(pilot)
    raise AssertionError(f"listing never completed: {len(screen.listing.items)} rows, {_status(pilot.app)}")


def _text(renderable) -> str:
    """A Rich renderable as plain text."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def _errors(app) -> list:
    return [n for n in app._notifications if n.severity == "error"]


async def test_every_next_page_failing_then_r_resumes_from_the_last_good_page(localoss_factory) -> None:
    server = _server(localoss_factory)
    seen: list[str] = []

    def next_pages_only(method: str, path: str) -> bool:
        seen.append(path)  # called for every request while a fault is configured: a request log
        return bool(_NEXT_PAGE.search(path))

    server.set_faults(latency=1e-6, error_rate=1.0, fault_filter=next_pages_only)
    app = make_app(server, OssRef(BUCKET, PREFIX))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert [e.key for e in screen.listing.items] == EXPECTED[:1000]

        await pilot.press("G")  # near the end: page 2 is asked for, and fails (after the gateway's retries)
        await settle(pilot)
        assert app.is_running
        assert screen.listing.error is not None and not screen.listing.complete
        code = screen.listing.error.code
        assert code in ("InternalError", "ServiceUnavailable")
        assert _errors(app) and _errors(app)[-1].title == code
        assert f"{code}: press r to retry" in _status(app) and "1,000 loaded" in _status(app)
        assert [e.key for e in screen.listing.items] == EXPECTED[:1000]  # what was loaded stays
        failed_token = _token(_list_requests(seen)[-1])
        assert failed_token

        server.set_faults(error_rate=0.0)  # the server recovers (the filter still logs requests)
        before = len(_list_requests(seen))
        await pilot.press("r")
        await settle(pilot)
        resumed = _list_requests(seen)[before]
        assert _token(resumed) == failed_token, "r did not resume at the page that failed"
        await _load_to_the_end(pilot)

        assert [e.key for e in screen.listing.items] == EXPECTED  # nothing missing, nothing twice
        assert screen.object_list.row_count == COUNT
        first_pages = [p for p in _list_requests(seen) if not _token(p)]
        assert len(first_pages) == 1  # page 1 was fetched once: every retry resumed
        assert "all loaded" in _status(app) and "retry" not in _status(app)


async def test_server_killed_mid_request_and_restarted_on_the_same_port(localoss_factory) -> None:
    server = _server(localoss_factory)
    port = server.port
    app = make_app(server, OssRef(BUCKET, PREFIX))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert len(screen.listing.items) == 1000

        server.set_faults(latency=0.4)  # page 2 will be in flight when the server dies
        before = server.stats["requests"]
        await pilot.press("G")
        for _ in range(5000):  # until page 2's request has reached the server (it is held by the latency)
            if server.stats["requests"] > before:
                break
            await pilot.pause()
        assert server.stats["requests"] > before and screen.listing.loading
        server.stop()  # listening socket closed and the in-flight connection cut
        await settle(pilot)
        assert app.is_running
        assert screen.listing.error is not None and screen.listing.error.code in ("NetworkError", "Timeout")
        assert _errors(app)[-1].title == screen.listing.error.code
        assert "press r to retry" in _status(app)
        assert [e.key for e in screen.listing.items] == EXPECTED[:1000]
        assert screen.query_one("#place-bar").place == f"oss://{BUCKET}/{PREFIX}"

        await pilot.press("r")  # still down: another clear failure, nothing lost
        await settle(pilot)
        assert screen.listing.error is not None and len(screen.listing.items) == 1000

        server.set_faults(latency=0.0)
        server.start()
        assert server.port == port
        await pilot.press("r")
        await settle(pilot)
        await _load_to_the_end(pilot)
        assert [e.key for e in screen.listing.items] == EXPECTED
        assert screen.object_list.row_count == COUNT
        assert app.is_running


async def test_latency_5xx_and_drops_on_listing_and_head_still_end_with_every_row(localoss_factory) -> None:
    server = _server(localoss_factory)
    server.set_faults(latency=0.003, error_rate=0.25, drop_rate=0.15, seed=20240901)
    app = make_app(server, OssRef(BUCKET, PREFIX))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        for _ in range(5):  # even the first page (and the bucket lookup) may fail past the retries
            if screen.listing.started:
                break
            await pilot.press("r")
            await settle(pilot)
        await _load_to_the_end(pilot)
        assert [e.key for e in screen.listing.items] == EXPECTED
        assert screen.object_list.row_count == COUNT

        # HEAD (the details view) on a few objects, under the same faults.
        for index in (0, 1, 999, 1000, 2345, COUNT - 1):
            for _attempt in range(5):
                screen.object_list.cursor = index
                await pilot.press("i")
                await settle(pilot)
                details = app.screen
                assert isinstance(details, DetailsScreen)
                body = _text(details.query_one("#details-body").content)
                await pilot.press("escape")
                await settle(pilot)
                if "bytes)" in body:
                    break
            else:
                raise AssertionError(f"HEAD of row {index} never succeeded")
            assert EXPECTED[index] in body
        assert app.is_running
        assert server.stats["injected_errors"] > 0 and server.stats["dropped"] > 0, server.stats
