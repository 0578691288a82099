"""When ListBuckets is denied, the app asks for a bucket name and browses from there.

localoss has no per-key policies, so the denial comes from an anonymous profile (no AccessKey): localoss,
like OSS, answers ListBuckets with 403 AccessDenied, while a public-read bucket stays readable.
"""

from __future__ import annotations

from oss_share_tui.tui.screens.browser import BrowserScreen
from oss_share_tui.tui.screens.bucket_prompt import BucketPromptScreen

from .conftest import SIZE, make_app, settle


async def test_denied_list_buckets_prompts_for_a_bucket(localoss_factory) -> None:
    server = localoss_factory(seed="demo", big_objects=0)
    server.store.set_acl("demo-assets", "public-read")
    app = make_app(server, access_key_id="", access_key_secret="")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BucketPromptScreen)
        assert any(n.title == "AccessDenied" for n in app._notifications)

        await pilot.press(*"Bad_Name", "enter")  # refused with core's bucket-name message
        await pilot.pause()
        assert isinstance(app.screen, BucketPromptScreen)
        assert "lower-case" in str(app.screen.query_one("#bucket-prompt-error").render())

        app.screen.query_one("#bucket-name").value = ""
        await pilot.press(*"demo-assets", "enter")
        await settle(pilot)
        browser = app.screen
        assert isinstance(browser, BrowserScreen)
        assert browser.query_one("#place-bar").place == "oss://demo-assets/"
        keys = [e.key for e in browser.listing.items]
        assert "README.txt" in keys and "docs/" in keys

        await pilot.press("enter")  # docs/ (folders come first)
        await settle(pilot)
        assert [e.key for e in browser.listing.items] == ["docs/2024/", "docs/2025/"]

        await pilot.press("h", "h")  # up past the bucket root: the prompt again, not a denied list
        await settle(pilot)
        assert isinstance(app.screen, BucketPromptScreen)
        await pilot.press("escape")
        assert app.is_running
