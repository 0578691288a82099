"""The share form's "preview what the recipient gets": sign its link in a worker, then preview that URL."""

from __future__ import annotations

from typing import TYPE_CHECKING

from oss_share_tui.core.errors import OssShareError
from oss_share_tui.tui.share_request import sign_target

if TYPE_CHECKING:
    from textual.screen import Screen

    from oss_share_tui.core.options import ShareOptions
    from oss_share_tui.storage.profile import Profile
    from oss_share_tui.tui.share_target import ShareTarget


def preview_signed_link(screen: Screen, profile: Profile, target: ShareTarget, options: ShareOptions) -> None:
    """Sign `target` with `options` off the event loop (as Create does), then open the preview of that very
    URL over `screen`; a refusal to sign is said in a notification."""
    app = screen.app

    def opened(url: str) -> None:
        from oss_share_tui.tui.screens.preview import PreviewScreen

        if screen.is_current:  # the form is still there (not closed meanwhile)
            app.push_screen(PreviewScreen(target.bucket, target.key, target.version_id, url=url))

    def sign_then_open() -> None:
        try:
            url = sign_target(profile, target, options).url
        except Exception as err:  # noqa: BLE001 - OssShareError says why; anything else still says something
            cause = str(err) if isinstance(err, OssShareError) else type(err).__name__
            app.call_from_thread(app.notify, f"Cannot sign: {cause}", title="Preview link", severity="error",
                                 markup=False)
            return
        app.call_from_thread(opened, url)

    screen.run_worker(sign_then_open, thread=True, exclusive=True, group="share-preview-link",
                      exit_on_error=False, description="sign the link to preview")
