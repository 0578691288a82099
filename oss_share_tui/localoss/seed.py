"""Seed data: the documented demo access key, and the demo buckets other tests are written against."""

from __future__ import annotations

import hashlib
import json
import math

from oss_share_tui.localoss.images import jpeg, png
from oss_share_tui.localoss.store import Store
from oss_share_tui.localoss.styles import set_style

DEMO_ACCESS_KEY_ID = "LTAI5tLocalOssDemoKey01"
DEMO_ACCESS_KEY_SECRET = "localoss-demo-secret-not-for-production"
"""Documented in the README; printing it is fine, it opens nothing but a local demo server."""

DEMO_REGIONS = ("cn-hangzhou", "cn-shanghai")
SEEDS = ("demo", "empty")

# Fixed times keep listings (and TUI snapshots of them) identical on every run.
_T0 = 1735722000.0  # 2025-01-01T09:00:00Z
_DAY = 86400.0


def _logo(x: int, y: int) -> tuple[int, int, int]:
    # An orange disc on a white field: recognisably "a logo" at 64x64.
    inside = (x - 31.5) ** 2 + (y - 31.5) ** 2 <= 26**2
    return (255, 106, 0) if inside else (255, 255, 255)


def _banner(x: int, y: int) -> tuple[int, int, int]:
    # A horizontal gradient with a soft wave.
    t = x / 319
    wave = int(30 * math.sin(x / 18 + y / 9))
    return (int(20 + 60 * t), max(0, min(255, 90 + wave)), int(200 - 80 * t))


def _photo(bx: int, by: int) -> tuple[int, int, int]:
    # Sky over grass, in 8x8 blocks (the JPEG encoder paints flat blocks).
    if by < 5:
        return (110 + 8 * by, 160 + 6 * by, 235)
    return (40 + 3 * bx, 140 - 4 * (by - 5), 50)


def demo_images() -> dict[str, tuple[bytes, str]]:
    """The demo images: key -> (bytes, content type)."""
    return {
        "images/logo.png": (png(64, 64, _logo), "image/png"),
        "images/banner.png": (png(320, 80, _banner), "image/png"),
        "images/photo.jpg": (jpeg(160, 120, _photo), "image/jpeg"),
    }


def _text(body: str) -> bytes:
    return body.encode("utf-8")


def seed_demo(store: Store, big_objects: int = 100_000) -> None:
    """Load the demo buckets: demo-assets, demo-versions, demo-shanghai and big."""
    store.create_bucket("demo-assets", region="cn-hangzhou", created=_T0 - 30 * _DAY)
    t = _T0
    assets: list[tuple[str, bytes, str]] = [
        (
            "README.txt",
            _text("localoss demo bucket.\nBrowse the folders, then press s to share a file.\n"),
            "text/plain",
        ),
        *((k, data, ct) for k, (data, ct) in demo_images().items()),
        ("docs/2024/q1/summary.txt", _text("Q1 2024 summary: revenue up, bugs down.\n"), "text/plain"),
        ("docs/2024/report.txt", _text("2024 annual report (demo).\n"), "text/plain"),
        ("docs/2025/plan.txt", _text("2025 plan: ship oss-share.\n"), "text/plain"),
        ("odd names/hello world.txt", _text("a key with a space\n"), "text/plain"),
        ("odd names/中文文件.txt", _text("一个中文名字的文件\n"), "text/plain"),
        ("odd names/a+b.txt", _text("a key with a plus\n"), "text/plain"),
        ("odd names/100%.txt", _text("a key with a percent sign\n"), "text/plain"),
        ("odd names/#hash.txt", _text("a key with a hash\n"), "text/plain"),
        ("odd names/tilde~and=eq&amp.txt", _text("a key with ~ = and &\n"), "text/plain"),
    ]
    for i, (key, data, content_type) in enumerate(assets):
        store.put_object("demo-assets", key, data, content_type, last_modified=t + i * 3600)
    _seed_kinds(store, "demo-assets", "storage-classes/", t + len(assets) * 3600)
    set_style(store.bucket("demo-assets"), "thumb", THUMB_STYLE, _T0 - 30 * _DAY)

    store.create_bucket("demo-versions", region="cn-hangzhou", created=_T0 - 20 * _DAY)
    # Written before versioning is enabled, so its VersionId is "null".
    store.put_object(
        "demo-versions",
        "legacy.txt",
        _text("legacy, from before versioning\n"),
        "text/plain",
        last_modified=_T0,
    )
    store.set_versioning("demo-versions", "Enabled")
    for n in (1, 2, 3):
        store.put_object(
            "demo-versions", "notes.txt", _text(f"notes v{n}\n"), "text/plain", last_modified=_T0 + n * _DAY
        )
    for n in (1, 2):
        store.put_object(
            "demo-versions",
            "deleted.txt",
            _text(f"deleted v{n}\n"),
            "text/plain",
            last_modified=_T0 + n * _DAY,
        )
    store.delete_object("demo-versions", "deleted.txt", last_modified=_T0 + 3 * _DAY)
    config = json.dumps({"theme": "dark", "retries": 3}, indent=2).encode() + b"\n"
    store.put_object("demo-versions", "config.json", config, "application/json", last_modified=_T0 + 4 * _DAY)

    store.create_bucket("demo-shanghai", region="cn-shanghai", created=_T0 - 10 * _DAY)
    for i, (key, body) in enumerate(
        [
            ("reports/2025/annual.txt", "Annual report 2025 (demo).\n"),
            ("reports/2025/monthly/jan.txt", "January 2025 (demo).\n"),
            ("share-me.txt", "Share me with a signed link.\n"),
        ]
    ):
        store.put_object("demo-shanghai", key, _text(body), "text/plain", last_modified=_T0 + i * 3600)

    store.create_bucket("big", region="cn-shanghai", created=_T0 - 5 * _DAY)
    if big_objects:
        store.add_synthetic_prefix("big", "logs/", big_objects)


THUMB_STYLE = "image/resize,m_fill,w_64,h_64"
"""demo-assets' `thumb` style: a 64x64 square cut from the middle of the picture."""
RESTORED_UNTIL = 4102358400.0  # 2099-12-31T00:00:00Z: fixed, so the demo's restored copy never lapses


def _seed_kinds(store: Store, bucket: str, folder: str, t: float) -> None:
    """One object of each storage class and object type the plain seed lacks, all under `folder`."""
    text = "text/plain"
    store.put_object(
        bucket,
        folder + "infrequent-access.txt",
        _text("IA: cheaper to keep, a fee per read.\n"),
        text,
        last_modified=t,
        storage_class="IA",
    )
    store.put_object(
        bucket,
        folder + "archived-frozen.txt",
        _text("Archive: restore me before anyone can read me.\n"),
        text,
        last_modified=t + 60,
        storage_class="Archive",
    )
    store.put_object(
        bucket,
        folder + "cold-restored.txt",
        _text("ColdArchive, restored: readable for now.\n"),
        text,
        last_modified=t + 120,
        storage_class="ColdArchive",
    )
    restored = store.get_object(bucket, folder + "cold-restored.txt")
    restored.restore_ready_at = t + 180
    restored.restore_expires_at = RESTORED_UNTIL
    store.put_object(
        bucket,
        folder + "logo-link.png",
        b"",
        "image/png",
        last_modified=t + 240,
        object_type="Symlink",
        symlink_target="images/logo.png",
        etag=hashlib.md5(b"images/logo.png").hexdigest().upper(),
    )
    log = "".join(f"2025-01-01T09:{m:02d}:00Z INFO request {m} served\n" for m in range(5))
    store.put_object(
        bucket,
        folder + "app.log",
        _text(log),
        text,
        last_modified=t + 300,
        object_type="Appendable",
    )
    # A multipart upload's ETag is the MD5 of the parts' MD5s, then "-<part count>".
    parts = [bytes([n]) * 1024 for n in range(3)]
    data = b"".join(parts)
    etag = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest().upper() + "-3"
    store.put_object(
        bucket,
        folder + "multipart.bin",
        data,
        "application/octet-stream",
        last_modified=t + 360,
        object_type="Multipart",
        etag=etag,
    )


def apply_seed(store: Store, seed: str | None, big_objects: int = 100_000) -> None:
    """Apply a named seed: "demo" or "empty" (None means empty)."""
    if seed in (None, "empty"):
        return
    if seed == "demo":
        seed_demo(store, big_objects)
        return
    raise ValueError(f"unknown seed {seed!r}; choose one of {', '.join(SEEDS)}")
