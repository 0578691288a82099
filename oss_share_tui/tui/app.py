"""`OssShareApp`: app-wide concerns (gateway, screens, notices, clipboard, marks); screens do the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TextIO

from rich.markup import escape
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from oss_share_tui.core.errors import RemoteError
from oss_share_tui.core.models import Bucket, Entry
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.storage.profile import Profile
from oss_share_tui.tui.commands import OssCommands
from oss_share_tui.tui.messages import LinkMade
from oss_share_tui.tui.safe_text import markup_safe
from oss_share_tui.tui.screens.browser import BrowserScreen
from oss_share_tui.tui.share_target import ShareTarget

if TYPE_CHECKING:
    from oss_share_tui.core.refs import OssRef
    from oss_share_tui.tui.listing import Listing


class OssShareApp(App[int]):
    """Browse OSS and share objects. Every OSS call runs in a thread worker through `gateway`."""

    CSS_PATH = "app.tcss"
    TITLE = "oss-share"
    COMMANDS = App.COMMANDS | {OssCommands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", key_display="?", id="app.help"),
        Binding("y", "copy_link", "Copy last link", show=False, id="app.copy-link"),
        Binding("H", "history", "History", key_display="H", id="app.history"),
        Binding("S", "share_marked", "Share marked", key_display="S", show=False, id="app.share-marked"),
        Binding("I", "inspect_link", "Inspect link", key_display="I", show=False, id="app.inspect"),
        Binding("ctrl+p", "command_palette", "Command palette", show=False, id="app.palette"),
    ]

    def __init__(
        self,
        profile: Profile,
        start: OssRef | None = None,
        *,
        demo: bool = False,
        history: bool = True,
        gateway: OssGateway | None = None,
    ) -> None:
        super().__init__()
        self.profile = profile
        self.start = start
        self.demo = demo
        self.history = history
        self.gateway = gateway or OssGateway(profile)
        """Created without importing oss2; the first call (in a worker) imports it."""
        self.marked: dict[tuple[str, str], Entry] = {}
        """Objects marked with space for a batch share: (bucket, key) -> entry."""
        self.last_link: str | None = None
        """The last share link made (copied again with `y`)."""
        from oss_share_tui.storage.history import HistoryStore, default_history_path

        # Demo links point at a server that is gone once the demo ends: keep them out of the real history.
        path = default_history_path().with_name("demo-history.jsonl") if demo else None
        self.history_store = HistoryStore(path, enabled=history and profile.history)
        """Where every link shown is recorded (`--no-history` or `history = off` turn recording off)."""
        self.bucket_listing: Listing | None = None
        """The bucket list, kept while browsing so going back is instant."""
        self._typed_buckets: dict[str, Bucket] = {}
        self.versioning: dict[str, str] = {}
        """Bucket name -> its versioning status (`Enabled`, `Suspended`, "" never set), once looked up."""
        from oss_share_tui.storage.settings import load_settings

        self.settings = load_settings()
        """What is kept between runs (the theme)."""
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    def watch_theme(self, theme: str) -> None:
        """Keep the theme picked in the palette for the next run."""
        from oss_share_tui.storage.settings import save_settings, with_theme

        if theme == self.settings.theme:
            return
        self.settings = with_theme(self.settings, theme)
        try:
            save_settings(self.settings)
        except OSError as exc:
            text = f"Could not keep the theme for next time: {markup_safe(str(exc))}"
            self.notify(text, severity="warning")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`S` appears only once something is marked."""
        if action == "share_marked":
            return bool(self.marked)
        return True

    def get_default_screen(self) -> Screen:
        """The browser, at `start` or at the bucket list."""
        if self.start is not None:
            return BrowserScreen(self.start.bucket, self.start.key)
        return BrowserScreen()

    # -- buckets in memory ------------------------------------------------------------------------

    def known_buckets(self) -> list[Bucket]:
        """Buckets listed or typed so far (for "Go to bucket …")."""
        found = {b.name: b for b in self._typed_buckets.values()}
        if self.bucket_listing is not None:
            found.update((b.name, b) for b in self.bucket_listing.items)
        return sorted(found.values(), key=lambda b: b.name)

    def find_bucket(self, name: str) -> Bucket | None:
        """A bucket we already know by name."""
        return next((b for b in self.known_buckets() if b.name == name), None)

    def add_bucket(self, bucket: Bucket) -> None:
        """Remember a bucket reached by name."""
        self._typed_buckets[bucket.name] = bucket

    def go_to_bucket(self, bucket: Bucket) -> None:
        """Close whatever is on top and browse `bucket` from its root."""
        while not isinstance(self.screen, BrowserScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        browser = self.screen
        if isinstance(browser, BrowserScreen):
            browser.open_place(bucket, "")

    # -- notices ----------------------------------------------------------------------------------

    def notify_error(self, error: RemoteError, bucket: Bucket | None = None) -> None:
        """An OSS or network error (met in `bucket`) as a notification: a plain sentence and what to do.

        The raw text stays out of it (`e` shows it on listing screens).
        """
        from oss_share_tui.tui.error_text import describe

        view = describe(error, self.gateway, bucket)
        lines = [view.sentence]
        if view.hint:
            lines.append(view.hint)
        if error.request_id:
            lines.append(f"Request id: {error.request_id}")
        if error.ec:
            lines.append(f"EC: {error.ec}")  # what OSS support asks for, with the request id
        self.notify(
            "\n".join(markup_safe(line) for line in lines),
            title=escape(view.title),
            severity="error",
            timeout=10,
        )

    # -- sharing ----------------------------------------------------------------------------------

    def action_share_target(self, target: ShareTarget) -> None:
        """Open the share form for one object or version."""
        self.open_share(target)

    def open_share(self, target: ShareTarget) -> None:
        """Open the share form for `target`; on a link, remember it and show the result view."""
        from oss_share_tui.tui.screens.share_form import ShareFormScreen
        from oss_share_tui.tui.screens.share_result import ShareResultScreen
        from oss_share_tui.tui.share_request import ShareRequest

        def created(request: ShareRequest | None) -> None:
            if request is None:
                return
            self.last_link = request.link.url
            self.push_screen(ShareResultScreen(request, self.profile))

        from oss_share_tui.tui import flows

        flows.warn_if_unrestored(self, target)
        self.push_screen(ShareFormScreen(target, self.profile), created)

    def on_link_made(self, message: LinkMade) -> None:
        """Record every link the user is shown in the history."""
        from oss_share_tui.tui import flows

        flows.record(self, self.history_store, message.request)

    def action_copy_link(self) -> None:
        """Copy the last link made again."""
        if self.last_link is None:
            self.notify("No link made yet: press s on an object to make one.", severity="warning")
            return
        from oss_share_tui.tui.clipboard import copy_text

        copy_text(self, self.last_link)

    def action_history(self) -> None:
        """Every link made: search, copy again, sign again, delete."""
        from oss_share_tui.tui import flows
        from oss_share_tui.tui.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen(self.history_store,
                                           on_sign_again=lambda entry: flows.sign_again_from_history(self, entry)))

    def action_share_marked(self) -> None:
        """Share every marked object with one form."""
        from oss_share_tui.tui import flows

        flows.share_marked(self)

    def refresh_marks(self) -> None:
        """Redraw mark columns and counts after marks changed outside the browser."""
        for screen in self.screen_stack:
            if isinstance(screen, BrowserScreen):
                screen.object_list.refresh()
                screen.update_status()

    def action_inspect_link(self) -> None:
        """Paste a signed URL and see what it grants (and whether its signature is ours and valid)."""
        from oss_share_tui.tui.screens.inspect_link import InspectScreen

        self.push_screen(InspectScreen(self.profile))

    def action_help(self) -> None:
        """Show every key binding."""
        from oss_share_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            # The app hands the help itself as the owner of the keys that work everywhere, so the help
            # screen never imports the app back.
            self.push_screen(HelpScreen(type(self.screen), type(self)))


def run_app(
    profile: Profile,
    start: OssRef | None = None,
    *,
    demo: bool = False,
    history: bool = True,
    print_last: TextIO | None = None,
) -> int:
    """Run the TUI until the user quits; return the exit code. With `print_last`, the last link made is
    written there on exit (`url=$(oss-share --print-last)`: the app itself draws on the terminal)."""
    app = OssShareApp(profile, start, demo=demo, history=history)
    app.run()
    if print_last is not None and app.last_link:
        print_last.write(app.last_link + "\n")
        print_last.flush()
    return app.return_code or 0
