"""Start places: `oss://bucket/name` opens the folder `name/` when there is one, says so when there is neither,
and `oss-share demo oss://bucket/prefix` opens the demo there."""

from __future__ import annotations

import pytest

from oss_share_tui.core.refs import OssRef

from .conftest import lines, make_app, settle

SIZES = [(80, 24), (120, 36)]


def _place(app) -> str:
    return app.screen.query_one("#place-bar").place


@pytest.mark.parametrize("size", SIZES)
async def test_a_folder_name_without_its_slash_opens_the_folder(localoss, size) -> None:
    app = make_app(localoss, OssRef("demo-assets", "images"))  # as typed after `ossutil ls`
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "BrowserScreen"
        assert _place(app).startswith("oss://demo-assets/images/")
        assert [e.name for e in app.screen.listing.items] == ["banner.png", "logo.png", "photo.jpg"]
        assert app.screen.object_list.cursor == 0
        assert not [n for n in app._notifications if n.severity in ("error", "warning")]


@pytest.mark.parametrize("size", SIZES)
async def test_an_object_name_opens_its_folder_with_the_cursor_on_it(localoss, size) -> None:
    app = make_app(localoss, OssRef("demo-assets", "images/logo.png"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert _place(app).startswith("oss://demo-assets/images/")
        assert app.screen.object_list.current.key == "images/logo.png"


@pytest.mark.parametrize("size", SIZES)
async def test_neither_object_nor_folder_says_so_in_those_words(localoss, size) -> None:
    app = make_app(localoss, OssRef("demo-assets", "docs/nothing-here"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        notes = [n.message for n in app._notifications]
        assert any(
            "Neither an object nor a folder called 'nothing-here' exists in oss://demo-assets/docs/." in m
            for m in notes
        ), notes
        assert _place(app).startswith("oss://demo-assets/docs/")
        assert "2024/" in "\n".join(lines(app))


def test_demo_takes_a_place(monkeypatch) -> None:
    from oss_share_tui.cli.entry import main

    seen = []

    def fake_run_app(profile, start=None, **kwargs):
        seen.append((profile.endpoint, start, kwargs))
        return 0

    monkeypatch.setattr("oss_share_tui.tui.app.run_app", fake_run_app)
    assert main(["demo", "oss://big/logs/"]) == 0
    endpoint, start, kwargs = seen[0]
    assert start == OssRef("big", "logs/") and kwargs["demo"] is True
    assert endpoint.startswith("http://127.0.0.1:")


def test_demo_with_a_bad_place_is_one_line_exit_2(monkeypatch, capsys) -> None:
    from oss_share_tui.cli.entry import main

    monkeypatch.setattr("oss_share_tui.tui.app.run_app", lambda *a, **k: 0)
    code = main(["demo", "big/logs"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "oss://" in err
