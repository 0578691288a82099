"""OSS's EC code reaches the user: the CLI's error line and the TUI's error notification (the Go v2 SDK's
NoSuchBucket error body, EC 0015-00000101, replayed from a loopback server)."""

from __future__ import annotations

from oss_share_tui import cli
from oss_share_tui.core.models import Bucket
from oss_share_tui.core.refs import parse_oss_url
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.tui.app import OssShareApp
from oss_share_tui.tui.screens.details import DetailsScreen
from tests.tui.conftest import settle

from .conftest import AK, REGION, SK, replay_profile


def test_the_cli_error_line_names_the_ec_code(replay, capsys, monkeypatch) -> None:
    replay.answer("error-nosuchbucket-ec")
    for name, value in (("OSS_ACCESS_KEY_ID", AK), ("OSS_ACCESS_KEY_SECRET", SK),
                        ("OSS_ENDPOINT", replay.endpoint), ("OSS_REGION", REGION)):
        monkeypatch.setenv(name, value)
    code = cli.main(["sign", "oss://examplebucket/data/", "--recursive", "--no-history"])
    err = capsys.readouterr().err
    assert code == 1
    line = next(line for line in err.splitlines() if "error:" in line)
    assert "NoSuchBucket" in line and "(EC 0015-00000101)" in line


async def test_the_tui_notification_and_details_name_the_ec_code(replay) -> None:
    replay.answer("error-nosuchbucket-ec")
    profile = replay_profile(replay)
    app = OssShareApp(profile, parse_oss_url("oss://examplebucket/"), history=False,
                      gateway=OssGateway(profile, timeout=5.0, retries=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert any(n.title == "NoSuchBucket" and "EC: 0015-00000101" in n.message for n in errors)

        replay.answer("error-head-ec")
        app.push_screen(DetailsScreen(Bucket("examplebucket", region=REGION),
                                      "paicoding/d2786097e271ba2ac5d129c43c9dfa7e.png"))
        await settle(pilot)
        body = str(app.screen.query_one("#details-body").render())
        assert "NoSuchKey" in body and "(EC 0026-00000001)" in body



def test_a_batch_failure_names_the_ec_code(replay) -> None:
    from oss_share_tui.core.options import build_share_options
    from oss_share_tui.storage.batch import sign_many

    replay.answer("error-head-ec")
    profile = replay_profile(replay)
    options = build_share_options(timeout="60", sign_version="v4")
    (result,) = sign_many(profile, ["gone.png"], options, bucket="examplebucket", region=REGION, check=True,
                          gateway=OssGateway(profile, timeout=5.0, retries=0))
    assert not result.ok and result.error is not None
    assert result.error.startswith("NoSuchKey: ") and result.error.endswith("(EC 0026-00000001)")
