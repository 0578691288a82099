"""x-oss-process builder/validator and Content-Disposition builder."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from oss_share_tui.core.disposition import content_disposition
from oss_share_tui.core.errors import InvalidInput
from oss_share_tui.core.process import build_image_process, validate_process


def test_build_full() -> None:
    value = build_image_process(
        resize_w=100, resize_h=100, resize_mode="lfit", rotate=90, fmt="webp", quality=80
    )
    assert value == "image/resize,m_lfit,w_100,h_100/rotate,90/format,webp/quality,q_80"
    assert validate_process(value) == value


def test_build_parts() -> None:
    assert build_image_process() == ""
    assert build_image_process(resize_w="200") == "image/resize,w_200"
    assert build_image_process(crop=(100, 50, 10, 20)) == "image/crop,x_10,y_20,w_100,h_50"
    assert (
        build_image_process(crop="w_10,h_10,g_center", fmt="PNG")
        == "image/crop,w_10,h_10,g_center/format,png"
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"resize_w": 0}, "resize"),
        ({"resize_w": "x"}, "resize"),
        ({"resize_mode": "lfit"}, "resize"),
        ({"resize_w": 10, "resize_mode": "zoom"}, "resize"),
        ({"rotate": 361}, "rotate"),
        ({"fmt": "exe"}, "format"),
        ({"quality": 101}, "quality"),
        ({"crop": (1,)}, "crop"),
        ({"crop": ",,"}, "crop"),
    ],
)
def test_build_rejects(kwargs: dict, field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        build_image_process(**kwargs)
    assert err.value.field == field


@pytest.mark.parametrize(
    "value",
    [
        "image/resize,m_fixed,w_100,h_100/rotate,90",
        "image/watermark,text_SGVsbG8gV29ybGQ,size_30",
        "video/snapshot,t_1000,f_jpg,w_800,h_600",
        "style/thumb-small",
        "image/auto-orient,1/quality,Q_90",
        "image/info",
    ],
)
def test_validate_ok(value: str) -> None:
    assert validate_process(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "",
        "resize,w_100",
        "image/",
        "image//resize",
        "image/resize,w_100/",
        "image/resize,,w_1",
        "image/resize w_100",
        "style/",
        "style/a b",
        "pdf/x",
        " image/info",
        "image/Resize,w_1",
    ],
)
def test_validate_rejects(value: str) -> None:
    with pytest.raises(InvalidInput) as err:
        validate_process(value)
    assert err.value.field == "x-oss-process"


def test_disposition() -> None:
    assert content_disposition("inline") == "inline"
    assert content_disposition("attachment", "report.pdf") == 'attachment; filename="report.pdf"'
    value = content_disposition("attachment", "中文 résumé.txt")
    fallback, ext = value.split("; filename*=UTF-8''")
    assert fallback == 'attachment; filename="resume.txt"'  # what ASCII there is, never `__ `
    assert unquote(ext) == "中文 résumé.txt"
    assert " " not in ext
    assert (
        content_disposition("inline", 'a"b.txt') == "inline; filename=\"a_b.txt\"; filename*=UTF-8''a%22b.txt"
    )


@pytest.mark.parametrize(
    ("mode", "name", "field"),
    [
        ("download", None, "disposition"),
        ("attachment", "a/b", "filename"),
        ("attachment", "a\nb", "filename"),
    ],
)
def test_disposition_rejects(mode: str, name: str | None, field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        content_disposition(mode, name)
    assert err.value.field == field


@pytest.mark.parametrize(
    ("name", "fallback"),
    [
        ("横幅 宣传图.png", "download.png"),  # nothing ASCII in the stem: a plain word, not underscores
        ("résumé.pdf", "resume.pdf"),
        ("report中文final.txt", "report_final.txt"),
        (".env", ".env"),
        ("README", "README"),
    ],
)
def test_ascii_fallback_keeps_what_it_can(name: str, fallback: str) -> None:
    value = content_disposition("attachment", name)
    assert value.startswith(f'attachment; filename="{fallback}"')
    assert "__" not in value.split(";")[1]
