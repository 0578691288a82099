"""With localoss failing 30% of requests, browsing completes with no row lost or duplicated; a fatal
failure is a notification, the app keeps running, and `r` recovers."""

from __future__ import annotations

from oss_share_tui.core.refs import OssRef

from .conftest import SIZE, make_app, settle


async def test_flaky_server_loses_and_duplicates_nothing(localoss_factory) -> None:
    server = localoss_factory(seed="demo", big_objects=5000)
    server.set_faults(latency=0.01, error_rate=0.3)
    app = make_app(server, OssRef("big", "logs/"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        for _ in range(60):
            if screen.listing.complete:
                break
            await pilot.press("r" if screen.listing.error else "G")
            await settle(pilot)
        keys = [e.key for e in screen.listing.items]
        assert keys == [f"logs/part-{i:06d}.log" for i in range(5000)]
        assert screen.object_list.row_count == 5000

        # The demo folders under the same faults.
        await pilot.press("h", "h")
        await settle(pilot)
        for _ in range(10):
            if app.screen.listing.complete and not app.screen.listing.error:
                break
            await pilot.press("r")
            await settle(pilot)
        names = {b.name for b in screen.listing.items}
        assert {"demo-assets", "demo-versions", "demo-shanghai", "big"} <= names


async def test_fatal_failure_notifies_keeps_place_and_r_recovers(localoss_factory) -> None:
    server = localoss_factory(seed="demo", big_objects=0)
    app = make_app(server, OssRef("demo-assets", "docs/"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert [e.key for e in screen.listing.items] == ["docs/2024/", "docs/2025/"]

        server.set_faults(error_rate=1.0)
        await pilot.press("enter")  # into docs/2024/: every attempt fails
        await settle(pilot)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors, "no error notification"
        assert app.is_running
        assert screen.listing.error is not None
        assert screen.query_one("#place-bar").place == "oss://demo-assets/docs/2024/"
        assert "press r to retry" in str(screen.status_line.render())

        server.set_faults(error_rate=0.0)
        await pilot.press("r")
        await settle(pilot)
        assert screen.listing.error is None
        assert [e.key for e in screen.listing.items] == ["docs/2024/q1/", "docs/2024/report.txt"]


async def test_network_down_is_a_notification_not_a_crash(localoss_factory) -> None:
    server = localoss_factory(seed="demo", big_objects=0)
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        server.set_faults(drop_rate=1.0)  # every connection is cut before an answer
        await pilot.press("enter")
        await settle(pilot)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors and errors[-1].title in ("NetworkError", "Timeout")
        assert app.is_running


async def test_leaving_a_prefix_cancels_its_pending_page(localoss_factory) -> None:
    server = localoss_factory(seed="demo", big_objects=5000)
    app = make_app(server, OssRef("big", "logs/"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        server.set_faults(latency=0.5)
        await pilot.press("G")  # page 2 is on its way (slowly)
        pending = [w for w in app.workers if w.group == "listing"]
        assert pending and "page 2" in str(screen.status_line.render())
        await pilot.press("h")  # leave: up to the bucket root
        assert all(w.is_cancelled for w in pending)
        server.set_faults(latency=0.0)
        await settle(pilot)
        assert screen.query_one("#place-bar").place == "oss://big/"
        assert [e.key for e in screen.listing.items] == ["logs/"]  # nothing from the old prefix leaked in
        assert screen.object_list.current.key == "logs/"
