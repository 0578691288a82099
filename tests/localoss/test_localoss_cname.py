"""Custom domains bound to buckets (`serve --cname HOST=BUCKET`): links our signer makes for a custom domain
are served from the bound bucket and their signatures checked over /bucket/key, as OSS checks them.
Nothing resolves names here: each request goes to 127.0.0.1 with the domain in the Host header."""

from __future__ import annotations

import signal
import subprocess
import sys

import oss2
import pytest

from oss_share_tui.core.options import build_share_options
from oss_share_tui.storage.profile import Profile
from oss_share_tui.storage.signer import sign_link

from .helpers import AK, SK, error_fields, fetch

DOMAIN = "img.example.com"


def _cname_link(port: int, bucket: str, key: str, version: str, domain: str = DOMAIN, region="cn-hangzhou"):
    profile = Profile(
        endpoint=f"http://127.0.0.1:{port}",
        access_key_id=AK,
        access_key_secret=SK,
        region=region,
        cname=f"http://{domain}:{port}",
    )
    opts = build_share_options(sign_version=version, timeout="5m")
    return sign_link(profile, bucket, key, opts).url


def _via_loopback(url: str, domain: str, port: int) -> tuple[int, dict[str, str], bytes]:
    """Fetch a custom-domain URL by connecting to 127.0.0.1 and sending the domain as Host."""
    prefix = f"http://{domain}:{port}/"
    assert url.startswith(prefix), url
    return fetch(f"http://127.0.0.1:{port}/" + url[len(prefix) :], headers={"Host": f"{domain}:{port}"})


@pytest.fixture
def srv(localoss_factory):
    return localoss_factory(seed="demo", big_objects=0, cnames={DOMAIN: "demo-assets"})


@pytest.mark.parametrize("version", ["v1", "v4"])
@pytest.mark.parametrize("key", ["README.txt", "odd names/中文文件.txt", "odd names/a+b.txt"])
def test_a_cname_link_is_served_from_the_bound_bucket(srv, version, key):
    url = _cname_link(srv.port, "demo-assets", key, version)
    assert "/demo-assets/" not in url  # the custom domain stands for the bucket: the path is the key alone
    status, _, body = _via_loopback(url, DOMAIN, srv.port)
    assert status == 200, body
    assert body == srv.store.get_object("demo-assets", key).body()


@pytest.mark.parametrize("version", ["v1", "v4"])
def test_a_link_signed_for_another_bucket_fails_on_the_bound_domain(srv, version):
    # Signed as demo-shanghai's key: the server checks /demo-assets/README.txt, so the signature differs.
    url = _cname_link(srv.port, "demo-shanghai", "README.txt", version, region="cn-hangzhou")
    status, _, body = _via_loopback(url, DOMAIN, srv.port)
    assert status == 403 and error_fields(body)["Code"] == "SignatureDoesNotMatch"


def test_an_unbound_domain_is_not_served_from_the_bucket(srv):
    url = _cname_link(srv.port, "demo-assets", "README.txt", "v4", domain="other.example.com")
    status, _, body = _via_loopback(url, "other.example.com", srv.port)
    assert status == 400 and error_fields(body)["Code"] == "InvalidBucketName"  # path-style: "README.txt"


def test_bind_cname_refuses_what_is_not_a_host_and_a_bucket(srv):
    for domain, bucket in (
        ("http://x.example.com", "demo-assets"),
        ("x.example.com:80", "demo-assets"),
        ("x.example.com", "Bad_Bucket"),
    ):
        with pytest.raises(ValueError):
            srv.bind_cname(domain, bucket)


def test_serve_cname_and_restore_seconds_flags():
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "oss_share_tui",
            "serve",
            "--big-objects",
            "0",
            "--cname",
            f"{DOMAIN}=demo-assets",
            "--cname",
            "files.example.org=demo-shanghai",
            "--restore-seconds",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        port = None
        banner = []
        for line in proc.stdout:  # the banner ends with "Press Ctrl-C to stop."
            banner.append(line)
            if line.strip().startswith("endpoint:"):
                port = int(line.rsplit(":", 1)[1])
            if line.startswith("Press Ctrl-C"):
                break
        assert port is not None, banner
        assert any(DOMAIN in line and "demo-assets" in line for line in banner)
        url = _cname_link(
            port, "demo-shanghai", "share-me.txt", "v4", domain="files.example.org", region="cn-shanghai"
        )
        status, _, body = _via_loopback(url, "files.example.org", port)
        assert status == 200 and body == b"Share me with a signed link.\n"
        # --restore-seconds 0: the demo's frozen Archive object is readable as soon as it is restored.
        bucket = oss2.Bucket(
            oss2.AuthV4(AK, SK), f"http://127.0.0.1:{port}", "demo-assets", region="cn-hangzhou"
        )
        frozen = "storage-classes/archived-frozen.txt"
        with pytest.raises(oss2.exceptions.OssError) as err:
            bucket.get_object(frozen)
        assert err.value.code == "InvalidObjectState"
        assert bucket.restore_object(frozen).status == 202
        assert bucket.get_object(frozen).read().startswith(b"Archive:")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=10)


@pytest.mark.parametrize("bad", ["no-equals", "=demo-assets", "host.example.com=", "a:1=demo-assets"])
def test_serve_cname_flag_rejects_bad_values(bad):
    out = subprocess.run(
        [sys.executable, "-m", "oss_share_tui", "serve", "--cname", bad],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 2 and "HOST=BUCKET" in out.stderr and "Traceback" not in out.stderr
