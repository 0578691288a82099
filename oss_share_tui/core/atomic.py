"""Crash-safe file writes: write a temp file beside the target, fsync it, then rename it over the target."""

from __future__ import annotations

import contextlib
import io
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_write", "atomic_writer"]


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable; not every platform lets a directory be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_writer(
    path: str | os.PathLike[str],
    *,
    mode: int = 0o666,
    text: bool = True,
    encoding: str = "utf-8",
    newline: str | None = "",
) -> Iterator[IO[Any]]:
    """Yield a stream whose content replaces `path` only when the block ends without an exception.

    The temp file is created with `os.open(..., mode)` (the umask still applies), so a file meant to be
    0600 is never readable by others, not even for a moment. If the process dies before the rename, the
    old file is untouched and only a stray `.<name>.*.tmp` is left behind.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = _create_temp(directory, target.name, mode)
    try:
        raw = os.fdopen(fd, "wb")
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    try:
        with raw:
            if text:
                stream = io.TextIOWrapper(raw, encoding=encoding, newline=newline)
                try:
                    yield stream
                    stream.flush()
                finally:
                    # Detach so the wrapper never flushes into (or closes) the raw file behind our back.
                    stream.detach()
            else:
                yield raw
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(directory)


def atomic_write(
    path: str | os.PathLike[str],
    data: str | bytes,
    *,
    mode: int = 0o666,
    encoding: str = "utf-8",
) -> None:
    """Replace `path` with `data` atomically (see `atomic_writer`)."""
    if isinstance(data, bytes):
        with atomic_writer(path, mode=mode, text=False) as fb:
            fb.write(data)
    else:
        with atomic_writer(path, mode=mode, text=True, encoding=encoding) as ft:
            ft.write(data)


def _create_temp(directory: Path, name: str, mode: int) -> tuple[int, Path]:
    """Create a fresh temp file with `mode` (minus the umask, applied by the kernel); O_EXCL avoids races."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = directory / f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, flags, mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"could not create a temp file beside {name}")
