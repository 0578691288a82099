"""The pure preview decisions: kind by name and bytes, text decoding, archive restore state, thumbnail box."""

from __future__ import annotations

import pytest

from oss_share_tui.core import preview as rules
from oss_share_tui.localoss.images import jpeg, png

# HEAD answers as OSS documents them (HeadObject, "Archive objects"), header values verbatim.
ARCHIVE_NOT_RESTORED = {"x-oss-storage-class": "Archive"}
ARCHIVE_RESTORING = {"x-oss-storage-class": "Archive", "x-oss-restore": 'ongoing-request="true"'}
ARCHIVE_RESTORED = {
    "x-oss-storage-class": "Archive",
    "x-oss-restore": 'ongoing-request="false", expiry-date="Sun, 16 Apr 2017 08:12:33 GMT"',
}


@pytest.mark.parametrize("storage_class", ["Archive", "ColdArchive", "DeepColdArchive"])
def test_an_archived_object_is_readable_only_after_its_restore(storage_class) -> None:
    def state(headers):
        return rules.restore_state(storage_class, headers.get("x-oss-restore", ""))

    assert not state(ARCHIVE_NOT_RESTORED).readable
    assert "has not been restored" in state(ARCHIVE_NOT_RESTORED).reason
    assert not state(ARCHIVE_RESTORING).readable
    assert "being restored" in state(ARCHIVE_RESTORING).reason
    assert state(ARCHIVE_RESTORED).readable
    assert rules.restore_expiry(ARCHIVE_RESTORED["x-oss-restore"]) == "Sun, 16 Apr 2017 08:12:33 GMT"


@pytest.mark.parametrize("storage_class", ["Standard", "IA", ""])
def test_other_classes_are_readable(storage_class) -> None:
    assert rules.restore_state(storage_class, "").readable


def test_kind_by_name_and_type() -> None:
    assert rules.kind_by_name("a/b.JPG") == "image"
    assert rules.kind_by_name("a/b.bin", "image/webp") == "image"
    assert rules.kind_by_name("a/b.png", "application/octet-stream") == "image"
    assert rules.kind_by_name("notes", "text/plain; charset=gbk") == "text"
    assert rules.kind_by_name("x.json", "application/json") == "text"
    assert rules.kind_by_name("x.md") == "text"
    assert rules.kind_by_name("x.pdf", "application/pdf") == "other"
    assert rules.kind_by_name("x.bin", "application/octet-stream") is None
    assert rules.kind_by_name("photo.png", "text/plain") == "text"  # the server's type wins over the name


def test_sniffing_the_first_bytes() -> None:
    assert rules.sniff(png(4, 4, lambda x, y: (0, 0, 0))) == "image"
    assert rules.sniff(jpeg(8, 8, lambda x, y: (0, 0, 0))) == "image"
    assert rules.sniff(b"GIF89a" + b"\0" * 20) == "image"
    assert rules.sniff(b"RIFF\0\0\0\0WEBPVP8 ") == "image"
    assert rules.sniff("hello, 世界\n".encode()) == "text"
    assert rules.sniff("你好，世界".encode("gb18030")) == "text"
    assert rules.sniff(b"\x1b[31mred log\x1b[0m\n") == "text"
    assert rules.sniff(bytes(range(256))) == "other"
    assert rules.sniff(b"PK\x03\x04\x14\x00\x00\x00\x08\x00") == "other"


def test_decoding_utf8_gb18030_and_a_fallback_that_never_raises() -> None:
    text = "季度报告：收入增长"
    assert rules.decode_text(text.encode()) == rules.DecodedText(text, "utf-8")
    assert rules.decode_text(text.encode("gb18030")) == rules.DecodedText(text, "gb18030")
    assert rules.decode_text(b"\xef\xbb\xbfbom") == rules.DecodedText("bom", "utf-8")
    assert rules.decode_text("utf16 文".encode("utf-16")).text == "utf16 文"
    # Cut by the byte cap in the middle of a character: the partial character is dropped, the rest is kept.
    cut = text.encode()[:-1]
    assert rules.decode_text(cut, truncated=True) == rules.DecodedText(text[:-1], "utf-8")
    cut_gb = text.encode("gb18030")[:-1]
    assert rules.decode_text(cut_gb, truncated=True) == rules.DecodedText(text[:-1], "gb18030")
    junk = bytes([0x80, 0xFF, 0xFE, 0x81, 0x30]) * 3
    decoded = rules.decode_text(junk)
    assert decoded.encoding == "utf-8 (with replacements)" and "\ufffd" in decoded.text


def test_thumbnail_box_and_process() -> None:
    assert rules.thumbnail_box(76, 19, "halfblocks") == (76, 38)
    assert rules.thumbnail_box(76, 19, "kitty", (9, 18)) == (684, 342)
    assert rules.thumbnail_box(10_000, 10_000, "sixel") == (rules.MAX_BOX, rules.MAX_BOX)
    assert rules.thumbnail_box(0, 0, "halfblocks") == (1, 2)
    # OSS's documented resize syntax: fit inside w x h (m_lfit), never enlarge (limit_1).
    assert rules.resize_process((76, 38)) == "image/resize,m_lfit,w_76,h_38,limit_1"


def test_protocol_setting_and_guess() -> None:
    assert rules.choose_protocol("half-blocks", {"TERM": "xterm-kitty"}) == "halfblocks"
    assert rules.choose_protocol("SIXEL", {}) == "sixel"
    assert rules.choose_protocol("", {"TERM": "xterm-kitty"}) == "kitty"
    assert rules.choose_protocol("auto", {"TERM_PROGRAM": "WezTerm"}) == "sixel"
    assert rules.choose_protocol("", {"TERM": "xterm-kitty", "TMUX": "/tmp/tmux"}) == "halfblocks"
    assert rules.choose_protocol("", {"TERM": "xterm-256color"}) == "halfblocks"

