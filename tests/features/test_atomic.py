"""atomic_write: the target is replaced whole or not at all, with the mode asked for."""

from __future__ import annotations

import os
import stat

import pytest

from oss_share_tui.core.atomic import atomic_write, atomic_writer


def test_writes_text_and_bytes_with_mode(tmp_path):
    target = tmp_path / "f.txt"
    atomic_write(target, "héllo\n", mode=0o600)
    assert target.read_text(encoding="utf-8") == "héllo\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    atomic_write(target, b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes"


def test_replacing_tightens_a_wide_file(tmp_path):
    target = tmp_path / "f.txt"
    target.write_text("old")
    os.chmod(target, 0o644)
    atomic_write(target, "new", mode=0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_error_inside_block_keeps_old_file_and_leaves_no_temp(tmp_path):
    (tmp_path / "d").mkdir()
    target = tmp_path / "d" / "f.txt"
    atomic_write(target, "old")
    with pytest.raises(RuntimeError), atomic_writer(target) as fh:
        fh.write("half of the new")
        raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["f.txt"]


def test_failed_rename_keeps_old_file(tmp_path, monkeypatch):
    (tmp_path / "d").mkdir()
    target = tmp_path / "d" / "f.txt"
    atomic_write(target, "old")

    def broken_replace(src, dst):
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk gone"):
        atomic_write(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in target.parent.iterdir()] == ["f.txt"]
