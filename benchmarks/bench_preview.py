"""Preview benchmark: `p` on a big image and on 64 KiB of text, in the app (headless), against localoss.

localoss runs in a child process, reached through a byte-counting TCP proxy in another child process, so
neither shares the GIL with the app and the bytes counted are the ones that crossed the "network" (what the
server sent, including what it pushed into socket buffers before the client hung up).

- bytes transferred: server-to-client bytes through the proxy from `p` to the preview on screen (HEAD,
  the thumbnail GET, any fallback GET). Budget: under 1 MiB on the thumbnail path, which needs a server that
  resizes (`x-oss-process=image/resize`). A localoss without image processing answers the thumbnail request
  with the original: the client reads no byte of an answer announced over 1 MiB, falls back to the original
  only up to 8 MiB, and shows metadata for anything bigger. Both outcomes are reported as they happen.
- stall: a 10 ms `set_interval` ticker in the app from `p` to the preview on screen; largest gap - 10 ms.
  The big gaps seen (80-200 ms) are full (generation 2) garbage collections of the app's whole heap, which
  land in whichever preview allocates when one is due (checked with gc.callbacks: 84-129 ms each here).
  The same ticker over 0.5 s with the app idle, just before, is reported beside it: on a shared machine the
  scheduler alone makes gaps, and that shows how big.

    python benchmarks/bench_preview.py [MB]      # default 20
"""

from __future__ import annotations

import asyncio
import io
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from batch_sign import localoss_process  # noqa: E402
from common import Result  # noqa: E402

TICK = 0.01
PROXY_BUFFER = 64 * 1024
IDLE_WINDOW = 0.5
BUCKET, REGION = "demo-assets", "cn-hangzhou"
PREVIEW_SIZE = (120, 36)


# -- the byte-counting proxy (a child process) --------------------------------------------------------

async def _proxy(upstream_port: int) -> None:
    total = 0

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, count: bool) -> None:
        nonlocal total
        try:
            while chunk := await reader.read(16384):
                if count:
                    total += len(chunk)
                    print(f"BYTES {total}", flush=True)
                writer.write(chunk)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def handle(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        # Small buffers on both of the proxy's sockets, so it holds little itself: what it counts is then
        # what the client's own window let through, as on a real network without a proxy in the middle.
        client_w.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, PROXY_BUFFER)
        upstream = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        upstream.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, PROXY_BUFFER)
        upstream.setblocking(False)
        await asyncio.get_running_loop().sock_connect(upstream, ("127.0.0.1", upstream_port))
        server_r, server_w = await asyncio.open_connection(sock=upstream, limit=PROXY_BUFFER)
        await asyncio.gather(pipe(client_r, server_w, False), pipe(server_r, client_w, True))

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


class Proxy:
    """A byte-counting proxy child process in front of `endpoint`; `.total` is server-to-client bytes."""

    def __init__(self, endpoint: str) -> None:
        port = int(endpoint.rsplit(":", 1)[1])
        self.proc = subprocess.Popen([sys.executable, __file__, "--proxy", str(port)], stdout=subprocess.PIPE,
                                     text=True)
        assert self.proc.stdout is not None
        first = self.proc.stdout.readline().split()
        self.endpoint = f"http://127.0.0.1:{first[1]}"
        self.total = 0
        self.changed = time.monotonic()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("BYTES "):
                self.total = int(line.split()[1])
                self.changed = time.monotonic()

    def quiet_total(self, quiet: float = 0.3, limit: float = 10.0) -> int:
        """The count once nothing has moved for `quiet` seconds (bytes still in flight are counted)."""
        end = time.monotonic() + limit
        while time.monotonic() < end and time.monotonic() - self.changed < quiet:
            time.sleep(0.05)
        return self.total

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


# -- subjects -----------------------------------------------------------------------------------------

def noise_png(megabytes: float) -> bytes:
    """An incompressible PNG of about `megabytes` MB (random pixels, stored without compression)."""
    from PIL import Image

    side = int((megabytes * 1_000_000 / 3) ** 0.5)
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=0)
    return out.getvalue()


def python_text(limit: int = 64 * 1024) -> bytes:
    """About `limit` bytes of Python source (highlighting has work to do)."""
    block = (ROOT / "oss_share_tui" / "storage" / "gateway.py").read_bytes()
    return (block * (limit // len(block) + 1))[:limit]


def upload(endpoint: str, key: str, data: bytes, content_type: str) -> None:
    import oss2

    from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

    bucket = oss2.Bucket(oss2.AuthV4(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET), endpoint, BUCKET,
                         region=REGION)
    bucket.put_object(key, data, headers={"Content-Type": content_type})


# -- one preview in the app ---------------------------------------------------------------------------

async def preview_session(endpoint: str, keys: list[str], proxy: Proxy) -> list[dict[str, float | str]]:
    """One app on the proxy; preview each key in turn (the screen pushed as `p` does), measuring each until it
    is shown, then closing it. The first key is a warm-up: it pays the session's first-use costs (the preview
    screen's CSS, imports), which are reported apart."""
    os.environ["OSS_SHARE_IMAGES"] = "halfblocks"
    from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
    from oss_share_tui.storage.gateway import OssGateway
    from oss_share_tui.storage.profile import Profile
    from oss_share_tui.tui.app import OssShareApp
    from oss_share_tui.tui.widgets import preview_image
    from tests.support.pilot import settle

    preview_image.load()  # first-use import, as in a session that has previewed once
    profile = Profile(endpoint=endpoint, access_key_id=DEMO_ACCESS_KEY_ID,
                      access_key_secret=DEMO_ACCESS_KEY_SECRET, region=REGION)
    app = OssShareApp(profile, gateway=OssGateway(profile, timeout=10, retries=0))
    results = []
    async with app.run_test(size=PREVIEW_SIZE) as pilot:
        await settle(pilot)
        for key in keys:
            results.append(await _measure(app, pilot, key, proxy))
            app.pop_screen()
            await settle(pilot)
    return results


async def _measure(app, pilot, key: str, proxy: Proxy) -> dict[str, float | str]:
    """Preview `key` once: bytes through the proxy, the stall from push to shown, the idle gap before."""
    from oss_share_tui.core.models import Bucket
    from oss_share_tui.tui.screens.preview import PreviewScreen
    from tests.support.pilot import settle

    before = proxy.quiet_total()
    idle: list[float] = []
    ticker = app.set_interval(TICK, lambda: idle.append(time.perf_counter()))
    await pilot.pause(IDLE_WINDOW)
    ticker.stop()
    ticks: list[float] = []
    ticker = app.set_interval(TICK, lambda: ticks.append(time.perf_counter()))
    t0 = time.perf_counter()
    screen = PreviewScreen(Bucket(name=BUCKET, region=REGION), key)
    app.push_screen(screen)
    await settle(pilot)
    while screen.preview is None and screen.error is None and time.perf_counter() - t0 < 60:
        await pilot.pause(0.01)
    await pilot.pause(0.1)  # a few more frames: the image or text drawn
    elapsed = time.perf_counter() - t0
    ticker.stop()
    preview = screen.preview
    assert preview is not None, f"no preview of {key}: {screen.error and screen.error.one_line()}"
    sent = proxy.quiet_total() - before
    return {
        "bytes": float(sent),
        "stall_ms": _stall_ms(ticks),
        "idle_ms": _stall_ms(idle),
        "elapsed": elapsed,
        "kind": preview.kind,
        "source": preview.source,
        "note": preview.note,
        "read": float(preview.transferred),
    }


def _stall_ms(ticks: list[float]) -> float:
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    return (max(gaps) - TICK) * 1000 if gaps else 0.0


def preview(megabytes: float = 20.0) -> list[Result]:
    """Rows for a `megabytes` MB image (thumbnail path, or the capped fallback) and a 64 KiB text."""
    import oss2  # noqa: F401 - imported before timing

    import oss_share_tui.tui.app  # noqa: F401

    image = noise_png(megabytes)
    small = noise_png(min(megabytes, 5.0))
    with localoss_process(0) as endpoint:
        upload(endpoint, "bench/big.png", image, "image/png")
        upload(endpoint, "bench/small.png", small, "image/png")
        upload(endpoint, "bench/source.py", python_text(), "text/x-python")
        upload(endpoint, "bench/warm-up.txt", b"first preview of the session\n", "text/plain")
        proxy = Proxy(endpoint)
        try:
            first, big, mid, text = asyncio.run(preview_session(
                proxy.endpoint, ["bench/warm-up.txt", "bench/big.png", "bench/small.png", "bench/source.py"],
                proxy))
        finally:
            proxy.close()
    label = f"{len(image) / 1e6:.1f} MB image"
    resized = str(big["source"]).startswith("thumbnail from OSS")
    how = ("thumbnail resized by the server" if resized else
           f"server did not resize; shown as {big['kind']}: {big['note'] or big['source']}")
    return [
        Result(f"preview {label}: bytes transferred", big["bytes"] / 2**20, None, "MiB",
               1.0 if resized else None, f"{how}; client read {big['read'] / 2**20:.2f} MiB of bodies"),
        Result(f"preview {label}: largest event-loop stall", big["stall_ms"], None, "ms", 50.0,
               f"10 ms ticker, p to preview shown in {big['elapsed']:.2f} s; the idle app's own largest gap "
               f"on this machine just before: {big['idle_ms']:.0f} ms"),
        Result(f"preview {len(small) / 1e6:.1f} MB image: bytes transferred", mid["bytes"] / 2**20, None,
               "MiB", None, f"{mid['kind']}, {mid['source'] or mid['note']}"),
        Result(f"preview {len(small) / 1e6:.1f} MB image: largest event-loop stall", mid["stall_ms"], None,
               "ms", 50.0, f"decoded and scaled in the worker; shown in {mid['elapsed']:.2f} s; idle app: "
               f"{mid['idle_ms']:.0f} ms"),
        Result("preview: first of the session, largest event-loop stall", first["stall_ms"], None, "ms", None,
               "informational: a 29-byte text; the first preview pays its CSS and first-use imports"),
        Result("preview 64 KiB Python text: bytes transferred", text["bytes"] / 2**10, None, "KiB", None,
               "one ranged GET of 64 KiB, plus the HEAD"),
        Result("preview 64 KiB Python text: largest event-loop stall", text["stall_ms"], None, "ms", None,
               f"informational; highlighted in the worker, only visible lines drawn; shown in "
               f"{text['elapsed']:.2f} s; idle app: {text['idle_ms']:.0f} ms. A full GC of the app's heap "
               "(80-130 ms here) lands in this window at times"),
    ]


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--proxy":
        asyncio.run(_proxy(int(sys.argv[2])))
    else:
        for row in preview(float(sys.argv[1]) if len(sys.argv) > 1 else 20.0):
            print(row)
