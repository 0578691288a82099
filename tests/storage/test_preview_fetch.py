"""Fetching previews from localoss: the reusable `fetch_preview(signed URL)`, the byte caps, cancellation, and
the image path when OSS does not resize (today's localoss returns the original)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from oss_share_tui.core.errors import RemoteError
from oss_share_tui.core.models import Bucket
from oss_share_tui.core.options import ShareOptions
from oss_share_tui.localoss.images import png
from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.storage.preview_fetch import PreviewCancelled, fetch_capped, fetch_preview, preview_object
from oss_share_tui.storage.profile import Profile
from oss_share_tui.storage.signer import sign_link

BUCKET = Bucket(name="prev", region="cn-hangzhou")


@pytest.fixture
def srv(localoss_factory):
    server = localoss_factory(seed="empty")
    server.store.create_bucket("prev", region="cn-hangzhou")
    return server


def _profile(server, secret: str = DEMO_ACCESS_KEY_SECRET) -> Profile:
    return Profile(endpoint=server.endpoint, access_key_id=DEMO_ACCESS_KEY_ID, access_key_secret=secret)


def _url(server, key: str, *params: tuple[str, str], secret: str = DEMO_ACCESS_KEY_SECRET) -> str:
    options = ShareOptions(expires_in=60, params=params)
    return sign_link(_profile(server, secret), "prev", key, options, region="cn-hangzhou").url


def test_fetch_preview_of_a_signed_text_link(srv) -> None:
    body = "第一行\nsecond line\n" * 10_000  # ~200 KiB: only the first 64 KiB may be read
    srv.store.put_object("prev", "big.txt", body.encode("gb18030"), "text/plain")
    preview = fetch_preview(_url(srv, "big.txt"), box=(80, 40), key="big.txt")
    assert preview.kind == "text" and preview.encoding == "gb18030" and preview.truncated
    assert body.startswith(preview.text) and len(preview.text) > 20_000
    assert preview.head is not None and preview.head.size == len(body.encode("gb18030"))
    assert preview.headers["content-type"] == "text/plain"


def test_fetch_preview_of_an_image_link_scales_it_to_the_box(srv) -> None:
    srv.store.put_object("prev", "wide.png", png(300, 100, lambda x, y: (0, 200, 0)), "image/png")
    url = _url(srv, "wide.png", ("x-oss-process", "image/resize,w_100"))
    preview = fetch_preview(url, box=(60, 60), key="wide.png")
    assert preview.kind == "image"
    assert preview.image.size == (60, 20)  # 300x100 (or OSS's 100x33) fitted into 60x60 keeps 3:1
    assert preview.image.getpixel((30, 10)) == (0, 200, 0)
    assert preview.headers["content-type"] == "image/png"


def test_fetch_preview_of_a_wrong_link_says_why(srv) -> None:
    srv.store.put_object("prev", "a.txt", b"hello", "text/plain")
    with pytest.raises(RemoteError) as caught:
        fetch_preview(_url(srv, "a.txt", secret="not-the-secret"), box=(10, 10), key="a.txt")
    assert caught.value.code == "SignatureDoesNotMatch" and caught.value.status == 403
    assert "signature" in caught.value.hint


def test_fetch_capped_reads_at_most_the_cap_and_can_be_cancelled(srv) -> None:
    srv.store.put_object("prev", "blob", b"x" * 3_000_000, "application/octet-stream")
    url = _url(srv, "blob")
    fetched = fetch_capped(url, limit=100_000)
    assert len(fetched.body) == 100_000 and not fetched.complete
    assert fetched.transferred <= 100_000 + 16 * 1024
    skipped = fetch_capped(url, limit=100_000, skip_if_longer=True)
    assert skipped.body == b"" and skipped.transferred == 0
    with pytest.raises(PreviewCancelled):
        fetch_capped(url, limit=1_000_000, cancelled=lambda: True)


def _noise_png(width: int, height: int) -> bytes:
    import os

    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=0)
    return out.getvalue()


def test_an_image_comes_as_a_thumbnail_that_oss_resized(srv) -> None:
    data = _noise_png(320, 320)  # ~300 KB that no PNG coder can shrink: a thumbnail must be smaller
    srv.store.put_object("prev", "photo.png", data, "image/png")
    gateway = OssGateway(_profile(srv), timeout=5, retries=0)
    preview = preview_object(_profile(srv), gateway, BUCKET, "photo.png", None, box=(100, 60))
    assert preview.kind == "image" and preview.source == "thumbnail from OSS"
    assert preview.received_size == preview.image.size == (60, 60)  # resized by localoss, m_lfit
    assert preview.transferred < len(data) // 5


@pytest.fixture
def refuses_images(monkeypatch):
    """localoss refuses to process any image, with OSS's own answer for a source over its size limit."""
    from oss_share_tui.localoss import imaging

    monkeypatch.setattr(imaging, "MAX_SOURCE_BYTES", 100)


def test_a_refused_thumbnail_falls_back_to_a_small_original_scaled_down_here(srv, refuses_images) -> None:
    data = png(400, 200, lambda x, y: (200, 0, 0))
    srv.store.put_object("prev", "small.png", data, "image/png")
    gateway = OssGateway(_profile(srv), timeout=5, retries=0)
    preview = preview_object(_profile(srv), gateway, BUCKET, "small.png", None, box=(100, 100))
    assert preview.kind == "image" and preview.image.size == (100, 50)
    assert preview.received_size == (400, 200) and preview.transferred == len(data)
    assert preview.source == "original, scaled down here"
    assert "OSS refused to resize it (ImageTooLarge)" in preview.note


def test_a_refused_thumbnail_of_an_image_over_the_cap_shows_metadata(srv, refuses_images) -> None:
    # Caps scaled down with the image (localoss hashes what it stores in pure Python: a real 20 MB photo
    # would cost seconds per test): 300 KB against a 200 KB original cap.
    data = _noise_png(320, 320)
    assert len(data) > 200_000
    srv.store.put_object("prev", "huge.png", data, "image/png")
    gateway = OssGateway(_profile(srv), timeout=5, retries=0)
    preview = preview_object(_profile(srv), gateway, BUCKET, "huge.png", None, box=(100, 60),
                             thumbnail_limit=100_000, original_limit=200_000)
    assert preview.kind == "meta" and "over the" in preview.note and "preview cap" in preview.note
    assert preview.transferred == 0  # nothing of the original was read


def test_an_answer_that_was_not_resized_is_not_read_and_the_original_is_fetched(srv, monkeypatch) -> None:
    """A server that ignores x-oss-process answers with the original: announced over the thumbnail cap, it
    is not read; the original (under its own cap) is fetched once and scaled down here."""
    from oss_share_tui.localoss import imaging

    monkeypatch.setattr(imaging, "process", lambda actions, data: (data, "image/png"))
    data = _noise_png(320, 320)
    srv.store.put_object("prev", "big.png", data, "image/png")
    gateway = OssGateway(_profile(srv), timeout=5, retries=0)
    preview = preview_object(_profile(srv), gateway, BUCKET, "big.png", None, box=(100, 60),
                             thumbnail_limit=100_000)
    assert preview.kind == "image" and preview.image.size == (60, 60)
    assert preview.source == "original, scaled down here" and "OSS did not resize it" in preview.note
    assert preview.transferred == len(data)  # the original once; nothing of the unresized answer
