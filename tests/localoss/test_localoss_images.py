"""Image processing: links signed by our signer with each x-oss-process operation, fetched from localoss and
decoded with Pillow. Expected sizes are worked out here from the OSS resize/crop/rotate pages' rules."""

from __future__ import annotations

import io
import json
import math
import subprocess
import sys

import oss2
import pytest
from PIL import Image

from oss_share_tui.core.options import build_share_options
from oss_share_tui.storage.profile import Profile
from oss_share_tui.storage.signer import sign_link

from .helpers import AK, SK, error_fields, fetch, head_error_fields, make_bucket

BUCKET = "img-test"
RED, GREEN, BLUE, YELLOW = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0)


def _png(width: int, height: int) -> bytes:
    # Four flat quadrants (red, green, blue, yellow), so where a crop or rotation lands is easy to check.
    colours = {(True, True): RED, (False, True): GREEN, (True, False): BLUE, (False, False): YELLOW}
    image = Image.new("RGB", (width, height))
    for x in range(width):
        for y in range(height):
            image.putpixel((x, y), colours[(x < width // 2, y < height // 2)])
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


WIDE = _png(200, 100)  # the OSS resize page's worked example uses a 200 x 100 source
TALL = _png(100, 200)


@pytest.fixture(scope="module")
def server():
    from oss_share_tui.localoss.server import LocalOSS

    with LocalOSS(seed="demo", big_objects=0) as srv:
        srv.store.create_bucket(BUCKET, region="cn-hangzhou")
        srv.store.put_object(BUCKET, "wide.png", WIDE, "image/png")
        srv.store.put_object(BUCKET, "tall.png", TALL, "image/png")
        srv.store.put_object(BUCKET, "notes.txt", b"not a picture\n", "text/plain")
        yield srv


def _link(srv, process: str, key: str = "wide.png", bucket: str = BUCKET, version: str = "v4") -> str:
    profile = Profile(endpoint=srv.endpoint, access_key_id=AK, access_key_secret=SK, region="cn-hangzhou")
    opts = build_share_options(sign_version=version, timeout="5m", query_params=[f"x-oss-process:{process}"])
    return sign_link(profile, bucket, key, opts).url


def _image(srv, process: str, key: str = "wide.png", **kw) -> tuple[Image.Image, dict[str, str], bytes]:
    status, headers, body = fetch(_link(srv, process, key, **kw))
    assert status == 200, body[:400]
    image = Image.open(io.BytesIO(body))
    image.load()
    return image, headers, body


def _half_up(x: float) -> int:
    return math.floor(x + 0.5)


# ---- resize ------------------------------------------------------------------------------------------


# The resize page's example: source 200 x 100, w=150, h=80 ->
# lfit 150x75, mfit 160x80, fill 150x80 (mfit then centre crop), pad 150x80 (lfit on a filled canvas),
# fixed 150x80.
@pytest.mark.parametrize(
    ("mode", "size"),
    [("lfit", (150, 75)), ("mfit", (160, 80)), ("fill", (150, 80)), ("pad", (150, 80)), ("fixed", (150, 80))],
)
@pytest.mark.parametrize("version", ["v1", "v4"])
def test_resize_modes_match_the_documented_example(server, mode, size, version):
    image, headers, _ = _image(server, f"image/resize,m_{mode},w_150,h_80", version=version)
    assert image.size == size
    assert image.format == "PNG" and headers["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    ("params", "source", "expected"),
    [
        # One side given: the other follows the source's aspect ratio, rounded half up.
        ("w_100", (200, 100), (100, 50)),
        ("h_30", (200, 100), (_half_up(200 * 30 / 100), 30)),
        ("w_33", (100, 200), (33, _half_up(200 * 33 / 100))),
        # l is the long side, s the short side of the source.
        ("l_120", (200, 100), (120, _half_up(100 * 120 / 200))),
        ("l_120", (100, 200), (_half_up(100 * 120 / 200), 120)),
        ("s_40", (200, 100), (_half_up(200 * 40 / 100), 40)),
        ("p_25", (200, 100), (50, 25)),
        # limit_1 (the default): a result larger than the source leaves the size alone; limit_0 enlarges.
        ("w_400", (200, 100), (200, 100)),
        ("w_400,limit_0", (200, 100), (400, 200)),
        ("p_150", (200, 100), (200, 100)),
        ("p_150,limit_0", (200, 100), (300, 150)),
    ],
)
def test_resize_sizes_follow_the_documented_rules(server, params, source, expected):
    key = "wide.png" if source == (200, 100) else "tall.png"
    image, _, _ = _image(server, f"image/resize,{params}", key)
    assert image.size == expected


def test_pad_fills_the_margin_with_the_given_colour(server):
    # lfit gives 150x75 inside 150x80: 2 rows above and 3 below get the colour.
    image, _, _ = _image(server, "image/resize,m_pad,w_150,h_80,color_FF00FF")
    assert image.convert("RGB").getpixel((75, 0)) == (255, 0, 255)
    assert image.convert("RGB").getpixel((75, 79)) == (255, 0, 255)
    default, _, _ = _image(server, "image/resize,m_pad,w_150,h_80")
    assert default.convert("RGB").getpixel((75, 0)) == (255, 255, 255)


# ---- crop, rotate --------------------------------------------------------------------------------------


def test_crop_takes_the_asked_region(server):
    # Quadrants of the 200x100 source: top-left red, top-right green, bottom-left blue, bottom-right yellow.
    image, _, _ = _image(server, "image/crop,x_110,y_10,w_50,h_30")
    assert image.size == (50, 30)
    assert image.convert("RGB").getpixel((0, 0)) == (0, 255, 0)
    bottom, _, _ = _image(server, "image/crop,x_0,y_60,w_40,h_40")
    assert bottom.size == (40, 40) and bottom.convert("RGB").getpixel((5, 5)) == (0, 0, 255)


def test_crop_is_clipped_to_the_image_and_gravity_moves_the_origin(server):
    image, _, _ = _image(server, "image/crop,x_150,y_50,w_300,h_300")
    assert image.size == (200 - 150, 100 - 50)
    centre, _, _ = _image(server, "image/crop,w_20,h_20,g_center")
    assert centre.size == (20, 20)
    # The centre window straddles all four quadrants: its corners show each colour.
    rgb = centre.convert("RGB")
    assert [rgb.getpixel(p) for p in ((0, 0), (19, 0), (0, 19), (19, 19))] == [
        (255, 0, 0),
        (0, 255, 0),
        (0, 0, 255),
        (255, 255, 0),
    ]
    se, _, _ = _image(server, "image/crop,w_30,h_30,g_se")
    assert se.convert("RGB").getpixel((15, 15)) == (255, 255, 0)


def test_crop_origin_outside_the_image_is_refused(server):
    status, _, body = fetch(_link(server, "image/crop,x_250,w_10,h_10"))
    fields = error_fields(body)
    assert status == 400 and fields["Code"] == "BadRequest"


def test_rotate_is_clockwise_and_swaps_the_sides(server):
    image, _, _ = _image(server, "image/rotate,90")
    assert image.size == (100, 200)
    # Turning clockwise brings the top-left (red) quadrant to the top-right.
    assert image.convert("RGB").getpixel((99, 0)) == (255, 0, 0)
    upside, _, _ = _image(server, "image/rotate,180")
    assert upside.size == (200, 100) and upside.convert("RGB").getpixel((199, 99)) == (255, 0, 0)


def test_rotate_by_an_odd_angle_grows_the_canvas_to_hold_the_picture(server):
    image, _, _ = _image(server, "image/rotate,30")
    rad = math.radians(30)
    expect_w = 200 * math.cos(rad) + 100 * math.sin(rad)
    expect_h = 200 * math.sin(rad) + 100 * math.cos(rad)
    assert abs(image.width - expect_w) <= 1.5 and abs(image.height - expect_h) <= 1.5


# ---- format, quality, info -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "pillow", "content_type"),
    [
        ("jpg", "JPEG", "image/jpeg"),
        ("png", "PNG", "image/png"),
        ("webp", "WEBP", "image/webp"),
        ("bmp", "BMP", "image/bmp"),
        ("gif", "GIF", "image/gif"),
    ],
)
def test_format_converts(server, name, pillow, content_type):
    image, headers, _ = _image(server, f"image/resize,w_100/format,{name}")
    assert image.format == pillow and headers["Content-Type"] == content_type
    assert image.size == (100, 50)


def test_quality_changes_the_jpeg(server):
    _, _, low = _image(server, "image/resize,w_160,limit_0/format,jpg/quality,q_5", key="tall.png")
    _, _, high = _image(server, "image/resize,w_160,limit_0/format,jpg/quality,Q_95", key="tall.png")
    assert len(low) < len(high)
    # Decoded, the low-quality picture strays further from the flat source colours.
    low_img = Image.open(io.BytesIO(low)).convert("RGB")
    assert low_img.size == (160, 320)


def test_info_returns_oss_json(server):
    status, headers, body = fetch(_link(server, "image/info"))
    assert status == 200 and headers["Content-Type"] == "application/json"
    info = json.loads(body)
    assert info["FileSize"] == {"value": str(len(WIDE))}
    assert info["Format"] == {"value": "png"}
    assert info["ImageWidth"] == {"value": "200"} and info["ImageHeight"] == {"value": "100"}
    assert info["FrameCount"] == {"value": "1"}


def test_processed_head_and_range_describe_the_processed_bytes(server):
    url = _link(server, "image/resize,w_50")
    _, _, body = fetch(url)
    # A HEAD is signed for HEAD; sign it with oss2 directly (our signer makes GET links only).
    bucket = make_bucket(server, BUCKET, "v4")
    head_url = bucket.sign_url("HEAD", "wide.png", 60, params={"x-oss-process": "image/resize,w_50"})
    status, headers, _ = fetch(head_url, method="HEAD")
    assert status == 200 and int(headers["Content-Length"]) == len(body)
    status, headers, first = fetch(url, headers={"Range": "bytes=0-0"})
    assert status == 206 and first == body[:1] and headers["Content-Range"] == f"bytes 0-0/{len(body)}"


# ---- styles ----------------------------------------------------------------------------------------


def test_demo_thumb_style(server):
    image, _, _ = _image(server, "style/thumb", key="images/banner.png", bucket="demo-assets")
    assert image.size == (64, 64)  # m_fill,w_64,h_64 on the 320x80 banner


def test_styles_put_get_list_delete_and_use(server):
    bucket = make_bucket(server, BUCKET, "v4")
    bucket.put_bucket_style("half", "image/resize,p_50")
    assert bucket.get_bucket_style("half").content == "image/resize,p_50"
    assert [s.name for s in bucket.list_bucket_style().styles] == ["half"]
    image, _, _ = _image(server, "style/half")
    assert image.size == (100, 50)
    bucket.delete_bucket_style("half")
    status, _, body = fetch(_link(server, "style/half"))
    assert status == 404 and error_fields(body)["Code"] == "NoSuchStyle"


def test_a_style_with_an_invalid_process_is_refused(server):
    bucket = make_bucket(server, BUCKET, "v4")
    with pytest.raises(oss2.exceptions.OssError) as err:
        bucket.put_bucket_style("bad", "image/resize,m_abc,w_10")
    assert err.value.status == 400 and err.value.code == "InvalidArgument"


# ---- errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("process", "code", "ec"),
    [
        # EC codes from OSS's image error-code pages.
        ("image/resize,w_100,m_abc", "InvalidArgument", "0040-00000311"),
        ("image/resize,w_0", "InvalidArgument", "0040-00000312"),
        ("image/resize,w_16385", "InvalidArgument", "0040-00000312"),
        ("image/resize,s_0", "InvalidArgument", "0040-00000315"),
        ("image/resize,p_0", "InvalidArgument", "0040-00000317"),
        ("image/resize,w_100,limit_3", "InvalidArgument", "0040-00000319"),
        ("image/resize,w_0,h_0", "InvalidArgument", "0040-00000321"),
        ("image/crop,x_100,y_50,w_100,h_abc", "InvalidArgument", "0040-00000226"),
        ("image/resize,m_fixed,w_5000,h_5000,limit_0", "ImageTooLarge", "0040-00000007"),
        ("image/resize,m_lfit", "MissingArgument", None),
        ("image/rotate,361", "InvalidArgument", None),
        ("image/format,xyz", "InvalidArgument", None),
        ("image/quality,q_0", "InvalidArgument", None),
        ("image/resize,w_10/info", "InvalidArgument", None),
        ("image/frobnicate,x_1", "InvalidArgument", None),
    ],
)
def test_invalid_processes_get_oss_errors(server, process, code, ec):
    status, headers, body = fetch(_link(server, process))
    fields = error_fields(body)
    assert status == 400 and fields["Code"] == code, fields
    if ec is not None:
        assert fields["EC"] == ec and headers["x-oss-ec"] == ec


def test_unknown_style_is_404_no_such_style(server):
    status, _, body = fetch(_link(server, "style/nope"))
    assert status == 404 and error_fields(body)["Code"] == "NoSuchStyle"


def test_processing_a_non_image_is_a_bad_request(server):
    status, _, body = fetch(_link(server, "image/resize,w_10", key="notes.txt"))
    assert status == 400 and error_fields(body)["Code"] == "BadRequest"


def test_actions_localoss_does_not_perform_say_so(server):
    status, _, body = fetch(_link(server, "image/blur,r_3,s_2"))
    assert status == 501 and error_fields(body)["Code"] == "NotImplemented"


def test_head_with_an_invalid_process_carries_the_error_in_x_oss_err(server):
    bucket = make_bucket(server, BUCKET, "v1")
    url = bucket.sign_url("HEAD", "wide.png", 60, params={"x-oss-process": "image/resize,w_0"})
    status, headers, _ = fetch(url, method="HEAD")
    assert status == 400 and head_error_fields(headers)["EC"] == "0040-00000312"


def test_pillow_is_imported_only_for_processing_requests():
    code = f"""
import sys, urllib.request
from oss_share_tui.localoss.server import LocalOSS
import oss2
with LocalOSS(seed="demo", big_objects=0) as srv:
    b = oss2.Bucket(oss2.Auth({AK!r}, {SK!r}), srv.endpoint, "demo-assets")
    urllib.request.urlopen(b.sign_url("GET", "images/logo.png", 60)).read()
    before = "PIL" in sys.modules
    url = b.sign_url("GET", "images/logo.png", 60, params={{"x-oss-process": "image/resize,w_10"}})
    urllib.request.urlopen(url).read()
    print(before, "PIL" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def _source(mode: str, fmt: str) -> bytes:
    image = Image.new("RGBA", (40, 20), (0, 0, 0, 0)) if mode == "RGBA" else Image.new(mode, (40, 20))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize(
    ("mode", "fmt"),
    [("RGBA", "GIF"), ("RGBA", "PNG"), ("CMYK", "JPEG"), ("I;16", "PNG"), ("1", "BMP"), ("LA", "PNG")],
)
@pytest.mark.parametrize("out", ["jpg", "png", "webp", "bmp", "gif"])
def test_any_source_mode_converts_to_any_format(server, mode, fmt, out):
    key = f"modes/{mode}.{fmt.lower()}"
    server.store.put_object(BUCKET, key, _source(mode, fmt), "application/octet-stream")
    image, headers, _ = _image(server, f"image/resize,w_10/format,{out}", key)
    assert image.size == (10, 5) and headers["Content-Type"] == f"image/{'jpeg' if out == 'jpg' else out}"
