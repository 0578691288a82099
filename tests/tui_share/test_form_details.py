"""Form details that need no server: absolute expiry, STS warning, secrets off screen, image builder."""

from __future__ import annotations

import urllib.parse
from datetime import datetime, timezone

from textual.widgets import Static

from oss_share_tui.core.models import Bucket
from oss_share_tui.storage.profile import Profile
from oss_share_tui.tui.screens.share_form import ShareFormScreen
from oss_share_tui.tui.share_target import ShareTarget
from oss_share_tui.tui.widgets.expiry_picker import ExpiryPicker
from oss_share_tui.tui.widgets.url_preview import UrlPreview

from .conftest import SIZE, HostApp, settle

NOW = datetime(2030, 1, 31, 10, 0, 0, tzinfo=timezone.utc)
SECRET = "sk-this-secret-must-never-show"
TOKEN = "STS.token-only-inside-the-url"
PROFILE = Profile(
    endpoint="https://oss-cn-hangzhou.aliyuncs.com",
    access_key_id="STS.LTAI5tTemporaryKeyId",
    access_key_secret=SECRET,
    sts_token=TOKEN,
    sts_expiration="2030-01-31T10:30:00Z",
)
BUCKET = Bucket("demo-assets", region="cn-hangzhou", extranet_endpoint="oss-cn-hangzhou.aliyuncs.com")


def _query(url: str) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))


async def test_absolute_expiry_sts_warning_builder_and_no_secrets(time_machine, utc) -> None:
    time_machine.move_to(NOW, tick=False)
    app = HostApp(lambda: ShareFormScreen(ShareTarget(BUCKET, "images/logo.png"), PROFILE))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ShareFormScreen)
        # An image (by extension): the image section is open. 1 h outlives the token: warn.
        assert not form.query_one("#image-process").collapsed
        warning = form.query_one("#sts-warning")
        assert warning.has_class("-shown")
        assert "2030-01-31 10:30:00" in str(warning.render())
        assert "in 1h" in str(form.query_one("#expiry-summary").render())

        # An absolute local time (UTC here) two hours ahead becomes a 7200 s link.
        form.query_one(ExpiryPicker).choose("2030-01-31 12:00")
        await settle(pilot)
        assert _query(form.preview_link_url)["x-oss-expires"] == "7200"
        assert "2030-01-31 12:00:00" in str(form.query_one("#expiry-summary").render())
        form.query_one(ExpiryPicker).choose("2030-01-31 09:00")
        await settle(pilot)
        assert "in the past" in str(form.query_one("#expiry-error").render())
        assert form.preview_link_url == ""

        # 15 min dies before the token: no warning.
        form.query_one(ExpiryPicker).choose("15m")
        await settle(pilot)
        assert not warning.has_class("-shown")

        # The builder's value is signed as x-oss-process.
        await pilot.click("#resize-w")
        await pilot.press("2", "0", "0")
        form.query_one("#image-format").value = "webp"
        await settle(pilot)
        assert _query(form.preview_link_url)["x-oss-process"] == "image/resize,w_200/format,webp"
        assert "x-oss-process=image/resize,w_200/format,webp" in str(form.query_one("#process-note").render())

        # The token appears only inside the URL; the secret never appears.
        assert SECRET not in app.export_screenshot()
        assert _query(form.preview_link_url)["x-oss-security-token"] == TOKEN
        others = [w for w in form.query(Static) if not isinstance(w, UrlPreview)]
        assert not any(TOKEN in str(w.render()) for w in others)

        # Enter in a text field creates the link.
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ShareFormScreen)


async def test_non_image_hostile_key_is_plain_text() -> None:
    profile = Profile(
        endpoint="https://oss-cn-hangzhou.aliyuncs.com", access_key_id="id", access_key_secret="s"
    )
    key = "docs/[bold]report\x1b.txt"
    app = HostApp(lambda: ShareFormScreen(ShareTarget(BUCKET, key), profile))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = app.screen
        assert form.query_one("#image-process").collapsed
        assert form.preview_link_url
        title = form.query_one("#share-box")._border_title
        assert title is not None and title.plain.endswith("docs/[bold]report\u241b.txt")
        assert form.query_one("#filename").value == "[bold]report\u241b.txt"
