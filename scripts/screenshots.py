"""Make the README's screenshots: drive the real app on localoss's demo data and save SVGs (and PNGs).

    python scripts/screenshots.py [--output screenshots]

Each picture is made by keys, the way a user gets there. Only the demo credentials are used, and the
history written on the way goes to a temporary directory, never to yours. PNGs are made too when
`rsvg-convert` (Debian: librsvg2-bin) is installed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.support (test-only helpers, not shipped)
SIZE = (120, 42)
SHOTS = ("buckets", "folder", "preview-image", "preview-text", "versions", "share-form", "result",
         "result-qr", "history", "deleted", "help")


async def _to_row(pilot, name: str) -> None:
    """Move the cursor to the row called `name` with the keyboard."""
    rows = pilot.app.screen.query_one("#object-list")
    names = [getattr(r, "name", None) or r.key for r in rows.rows]
    if name not in names:
        raise RuntimeError(f"{name!r} is not in {names}")
    await pilot.press("g", *(["down"] * names.index(name)))


async def shoot(out: Path) -> list[Path]:
    """Drive the app and save one SVG per screen in SHOTS; returns the files."""
    from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
    from oss_share_tui.localoss.server import LocalOSS
    from oss_share_tui.storage.profile import Profile
    from oss_share_tui.tui.app import OssShareApp
    from tests.support.pilot import settle

    saved: list[Path] = []
    with LocalOSS(seed="demo", big_objects=100_000) as srv:
        profile = Profile(endpoint=srv.endpoint, access_key_id=DEMO_ACCESS_KEY_ID,
                          access_key_secret=DEMO_ACCESS_KEY_SECRET)
        app = OssShareApp(profile, demo=True)
        async with app.run_test(size=SIZE) as pilot:

            def save(name: str) -> None:
                saved.append(Path(app.save_screenshot(f"{name}.svg", str(out))))

            await settle(pilot)
            save("buckets")
            await _to_row(pilot, "demo-assets")
            await pilot.press("enter")
            await settle(pilot)
            await _to_row(pilot, "images/")
            await pilot.press("enter")
            await settle(pilot)
            save("folder")
            await _to_row(pilot, "photo.jpg")
            await pilot.press("p")
            await settle(pilot)
            save("preview-image")
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("backspace")
            await settle(pilot)
            await pilot.press("backspace")
            await settle(pilot)
            await _to_row(pilot, "demo-versions")
            await pilot.press("enter")
            await settle(pilot)
            await _to_row(pilot, "config.json")
            await pilot.press("p")
            await settle(pilot)
            save("preview-text")
            await pilot.press("escape")
            await settle(pilot)
            await _to_row(pilot, "notes.txt")
            await pilot.press("v")
            await settle(pilot)
            save("versions")
            await pilot.press("down", "s")
            await settle(pilot)
            save("share-form")
            await pilot.press("ctrl+s")
            await settle(pilot)
            save("result")
            await pilot.press("Q")
            await settle(pilot)
            save("result-qr")
            await pilot.press("escape", "escape", "escape")
            await settle(pilot)
            await pilot.press("H")
            await settle(pilot)
            save("history")
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("D")  # demo-versions with its deleted object shown
            await settle(pilot)
            await _to_row(pilot, "deleted.txt")
            await settle(pilot)
            save("deleted")
            await pilot.press("question_mark")
            await settle(pilot)
            save("help")
    return saved


def to_png(svgs: list[Path]) -> list[Path]:
    """PNG copies through rsvg-convert, when it is installed."""
    tool = shutil.which("rsvg-convert")
    if tool is None:
        print("rsvg-convert not found: SVGs only (Debian: apt install librsvg2-bin)", file=sys.stderr)
        return []
    pngs = []
    for svg in svgs:
        png = svg.with_suffix(".png")
        tmp = png.with_name(f".{png.name}.tmp")
        subprocess.run([tool, str(svg), "-o", str(tmp)], check=True)
        os.replace(tmp, png)
        pngs.append(png)
    return pngs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, default=ROOT / "screenshots", help="directory for the files")
    parser.add_argument("--no-png", action="store_true", help="SVGs only")
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="oss-share-shots-") as home:
        # The app records the link it makes: keep that out of the user's own history.
        os.environ["XDG_DATA_HOME"] = os.path.join(home, "data")
        os.environ["HOME"] = home
        os.environ["TZ"] = "UTC"
        os.environ["OSS_SHARE_IMAGES"] = "halfblocks"  # previews drawn in characters, so the SVG shows them
        for name in ("OSS_ACCESS_KEY_ID", "OSS_ACCESS_KEY_SECRET", "OSS_SESSION_TOKEN", "OSS_ENDPOINT"):
            os.environ.pop(name, None)
        svgs = asyncio.run(shoot(args.output))
    made = svgs + ([] if args.no_png else to_png(svgs))
    for path in made:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
