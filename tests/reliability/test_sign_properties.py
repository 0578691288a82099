"""Property tests: any valid key and option set, V1 or V4, with or without STS, signs a URL that localoss
(its own verifier) accepts with the object's bytes, and `inspect` decodes it back to the inputs; any invalid
option value ends in exit 2 with one `oss-share: error:` line and nothing else."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from .conftest import REGION, cli_env, examples, run_cli

# The documented rules, written out (not imported from the code under test):
# README "Compatibility with ossutil sign": the --query-param allow-list.
ALLOWED_QUERY_PARAMS = frozenset({
    "x-oss-process", "x-oss-traffic-limit", "response-content-type", "response-content-language",
    "response-expires", "response-cache-control", "response-content-disposition", "response-content-encoding",
    "x-oss-ac-source-ip", "x-oss-ac-subnet-mask", "x-oss-ac-vpc-id", "x-oss-ac-forward-allow",
})
# OSS-PROTOCOL.md "Limits".
TRAFFIC_MIN, TRAFFIC_MAX = 819200, 838860800
V4_MAX_EXPIRES = 604800
KEY_MAX_BYTES = 1023

# localoss really processes images: with a process parameter the object is a real picture, checked by size.
_PROCESSED_SIZE = {
    "image/resize,w_100": (100, 50),
    "image/rotate,90": (100, 200),
    "style/thumb-1": (50, 25),
    "image/resize,m_fixed,w_100,h_100/rotate,90": (100, 100),
}


def _picture() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (200, 100), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()

BUCKET = "prop-versioned"
SETTINGS = settings(
    max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# ---- strategies: valid input -------------------------------------------------------------------------

SPECIAL = list("/ +%#?&=~") + ["//", "%2F", "%41", "a=b&c", "..."]
_key_char = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")


def _fit(key: str) -> str:
    """Cut to at most 1023 UTF-8 bytes on a character boundary."""
    return key.encode("utf-8")[:KEY_MAX_BYTES].decode("utf-8", "ignore")


def _key_ok(key: str) -> bool:
    # refs.validate_key's rules; localoss also refuses `..` path segments (see the report), so skip those.
    return bool(key) and key[0] not in "/\\" and ".." not in key.replace("\\", "/").split("/")


keys = st.one_of(
    st.lists(st.one_of(_key_char, st.sampled_from(SPECIAL)), min_size=1, max_size=40).map("".join),
    # Near the 1023-byte limit, in 1- to 4-byte characters.
    st.tuples(st.sampled_from(["a", "é", "中", "😀"]), st.text(_key_char, max_size=8)).map(
        lambda t: _fit(t[1] + t[0] * KEY_MAX_BYTES)
    ),
).map(_fit).filter(_key_ok)

_value_char = st.one_of(st.characters(blacklist_categories=("Cs", "Cc")), st.just("\t"))
header_values = st.text(_value_char, min_size=1, max_size=30).filter(lambda v: v.strip() == v and v)


@st.composite
def query_params(draw) -> list[tuple[str, str]]:
    """A few allow-listed parameters, each at most once, with values localoss can act on."""
    names = sorted(ALLOWED_QUERY_PARAMS - {"x-oss-traffic-limit"})
    chosen = draw(st.sets(st.sampled_from(names), max_size=4))
    out = []
    for name in sorted(chosen):
        if name == "x-oss-process":
            value = draw(st.sampled_from(["image/resize,w_100", "image/rotate,90", "style/thumb-1",
                                          "image/resize,m_fixed,w_100,h_100/rotate,90"]))
        elif name == "x-oss-ac-source-ip":
            value = draw(st.sampled_from(["127.0.0.1", "127.1.2.3"]))
        elif name == "x-oss-ac-subnet-mask":
            value = str(draw(st.integers(8, 32)))
        elif name == "x-oss-ac-forward-allow":
            value = draw(st.sampled_from(["true", "false"]))
        elif name == "x-oss-ac-vpc-id":
            value = draw(st.from_regex(r"vpc-[a-z0-9]{4,12}", fullmatch=True))
        else:
            value = draw(header_values)
        out.append((name, value))
    names = {n for n, _ in out}
    if ("x-oss-ac-source-ip", "127.1.2.3") in out:
        # The loopback client must stay inside the granted network: 127.1.2.3/8 holds 127.0.0.1.
        out = [(n, v) for n, v in out if n != "x-oss-ac-subnet-mask"] + [("x-oss-ac-subnet-mask", "8")]
    return out


timeouts = st.one_of(
    # At least 30 s: a 1 s link can expire between signing and the GET (the signing second is truncated).
    st.integers(30, V4_MAX_EXPIRES).map(str),
    st.sampled_from(["90s", "15m", "2h", "7d", "1h30m", "1w"]),
)


@pytest.fixture(scope="module")
def prop_bucket(rel_server):
    """A versioned bucket, so a real version id can be signed."""
    from oss_share_tui.localoss.styles import set_style

    bucket = rel_server.store.create_bucket(BUCKET, region=REGION, versioning="Enabled")
    set_style(bucket, "thumb-1", "image/resize,w_50", 0.0)
    return rel_server


@SETTINGS
@given(
    key=keys,
    version=st.sampled_from(["v1", "v4"]),
    sts=st.booleans(),
    timeout=timeouts,
    with_version=st.booleans(),
    traffic=st.one_of(st.none(), st.integers(TRAFFIC_MIN, TRAFFIC_MAX)),
    traffic_as_param=st.booleans(),
    params=query_params(),
    payer=st.booleans(),
    keep_slash=st.booleans(),
    data=st.binary(min_size=0, max_size=64),
)
def test_signed_url_is_accepted_by_localoss_and_inspect_decodes_it(
    prop_bucket, key, version, sts, timeout, with_version, traffic, traffic_as_param, params, payer,
    keep_slash, data,
):
    server = prop_bucket
    process = dict(params).get("x-oss-process")
    if process is not None:
        data = _picture()
    version_id = server.store.put_object(BUCKET, key, data)
    argv = ["sign", f"oss://{BUCKET}/{key}", "--sign-version", version, "--timeout", timeout, "--no-history"]
    if with_version:
        argv += ["--version-id", version_id]
    expected_params = dict(params)
    if traffic is not None:
        argv += ["--query-param", f"x-oss-traffic-limit:{traffic}"] if traffic_as_param else [
            "--trafic-limit", str(traffic)]
        expected_params["x-oss-traffic-limit"] = str(traffic)
    for name, value in params:
        argv += ["--query-param", f"{name}:{value}"]
    if payer:
        argv += ["--payer", "requester"]
        expected_params["x-oss-request-payer"] = "requester"
    if keep_slash:
        argv.append("--disable-encode-slash")

    result = run_cli(argv, cli_env(server, sts=sts))
    if (version == "v1" and key.startswith("?")) or not key.strip():
        # V1 cannot tell `/bucket/?acl`-like keys from sub-resources, and oss2 refuses to sign a key that is
        # only whitespace: both are refused up front, exit 2.
        assert (result.code, result.out) == (2, ""), result.err
        assert result.err.startswith("oss-share: error:") and result.err.count("\n") == 1
        return
    assert result.code == 0, result.err
    url = result.out.strip()
    assert result.out == url + "\n" and "\n" not in url

    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 - loopback localoss
            status, body, headers = resp.status, resp.read(), resp.headers
    except urllib.error.HTTPError as err:
        raise AssertionError(f"localoss refused the link: {err.code} {err.read()!r}") from None
    if process is None:
        assert status == 200 and body == data
    else:
        from PIL import Image

        assert status == 200 and Image.open(io.BytesIO(body)).size == _PROCESSED_SIZE[process]
    if "response-content-type" in expected_params and expected_params["response-content-type"].isascii():
        assert headers["Content-Type"] == expected_params["response-content-type"]

    inspected = run_cli(["inspect", url, "--json"], cli_env(server, sts=sts))
    assert inspected.code == 0, inspected.err
    info = json.loads(inspected.out)
    assert info["bucket"] == BUCKET
    assert info["key"] == key
    assert info["version_id"] == (version_id if with_version else None)
    assert info["signature_version"] == version
    assert info["params"] == expected_params
    assert info["has_sts_token"] is sts
    assert info["region"] == (REGION if version == "v4" else None)
    assert not info["expired"]
    assert info["signature_valid"] is True, info["signature_check"]  # checked with the signer's own secret


# ---- strategies: invalid input -----------------------------------------------------------------------

_any_text = st.text(st.characters(blacklist_characters="\x00"), max_size=30)


# Invalid input is decided by the documented rules (README "Compatibility with ossutil sign", OSS-PROTOCOL.md
# "Limits"), never by calling our own parsers: a parser bug must not decide what the test expects.
_DIGITS = frozenset("0123456789")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_KB, _MB = 8 * 1024, 8 * 1024 * 1024  # bit/s in 1 KB/s and 1 MB/s (100 KB/s = 819200, 100 MB/s = 838860800)


def _no_digit(text: str) -> bool:
    """Text without an ASCII digit can be neither a duration nor a traffic limit, by any documented form."""
    return not (_DIGITS & set(text))


def _not_duration(text: str) -> bool:
    """Not SECONDS (ASCII digits, at least 1) nor digits+unit groups (90s, 15m, 2h, 7d, 1h30m, 1w)."""
    raw = text.strip()
    if raw.isascii() and raw.isdigit():
        return int(raw) < 1
    total, number, seen_unit = 0, "", False
    for ch in raw.replace(" ", ""):
        if ch in _DIGITS:
            number += ch
        elif ch.lower() in _UNIT_SECONDS and number:
            total += int(number) * _UNIT_SECONDS[ch.lower()]
            number, seen_unit = "", True
        else:
            return True
    return number != "" or not seen_unit or total < 1


over_week = st.one_of(
    st.integers(V4_MAX_EXPIRES + 1, 10**30).map(str),
    st.integers(7 * 24 + 1, 10**6).map(lambda h: f"{h}h"),
    st.integers(7 * 24 * 60 + 1, 10**8).map(lambda m: f"{m}m"),
    st.integers(8, 10**5).map(lambda d: f"{d}d"),
    st.integers(2, 10**4).map(lambda w: f"{w}w"),
)
bad_timeouts = st.one_of(
    st.sampled_from(["0", "-1", "-60", "0s", "1.5", "1e3", "7d1s", "604801", "8d", "2w", "abc", "", " ",
                     "１０", "99999999999999999999999999999999d", "٣", "5 minutes"]),
    _any_text.filter(_no_digit),
    over_week,
)
bad_traffic = st.one_of(
    st.integers(-(10**12), TRAFFIC_MIN - 1).map(str),
    st.integers(TRAFFIC_MAX + 1, 10**40).map(str),
    # documented units, outside 100 KB/s .. 100 MB/s
    st.integers(0, TRAFFIC_MIN // _KB - 1).map(lambda n: f"{n}KB/s"),
    st.integers(TRAFFIC_MAX // _KB + 1, 10**9).map(lambda n: f"{n}KB/s"),
    st.integers(TRAFFIC_MAX // _MB + 1, 10**9).map(lambda n: f"{n}MB/s"),
    st.sampled_from(["1KB/s", "99KB/s", "101MB/s", "0", "1.5", "fast", " ", "1e9", "nan", "inf",
                     "9" * 400 + ".9MB/s", "100 GB/s", "-819200", "0.09MB/s", "100.5MB/s"]),
    _any_text.filter(lambda t: t != "" and _no_digit(t)),  # "" means "no limit" (the form's blank)
)
bad_param_keys = st.one_of(
    st.sampled_from(["versionId", "security-token", "x-oss-signature", "Expires", "acl",
                     "X-OSS-PROCESS", "response-content-type ", "x-oss-credential", "uploads"]),
    st.text(st.characters(blacklist_characters="\x00:"), min_size=1, max_size=20),
).filter(lambda k: k not in ALLOWED_QUERY_PARAMS)
bad_payers = _any_text.filter(lambda p: p.strip().lower() != "requester")
bad_version_ids = st.sampled_from(["", " ", "\t", "a b", "v1\n", " x"])
bad_endpoints = st.sampled_from([
    "ftp://oss-cn-hangzhou.aliyuncs.com", "http://", "https://:80", "http://[::1", "http://h:99999",
    "http://h:port", "http://ex ample.com", "file:///etc/passwd", "javascript:alert(1)//x", "://x",
    "http://h:-1",
])
bad_cloud_urls = st.one_of(
    st.sampled_from(["", "oss://", "oss:///key", "s3://b/k", "oss://ab/k", "oss://Bucket/k", "oss://-bk/k",
                     "oss://bk-/k", "oss://b_k/k", "oss://prop-versioned", "oss://prop-versioned/",
                     "oss://prop-versioned//lead", "oss://prop-versioned/\\back", "oss://a" * 40,
                     "oss://prop-versioned/" + "x" * 1024, "oss://prop-versioned/\udcff",
                     "http://prop-versioned/k", "oss:/prop-versioned/k"]),
    _any_text.filter(lambda t: not t.lower().startswith("oss://") and not t.startswith("-")),
)


@st.composite
def invalid_argvs(draw) -> list[str]:
    """A valid `sign` command line with exactly one thing wrong."""
    kind = draw(st.sampled_from(["timeout", "traffic", "param-key", "param-dup", "param-format", "payer",
                                 "version-id", "endpoint", "cloud-url", "sign-version", "process",
                                 "source-ip", "forward-allow", "traffic-twice", "param-control"]))
    version = draw(st.sampled_from(["v1", "v4"]))
    url = f"oss://{BUCKET}/ok.txt"
    extra: list[str] = []
    if kind == "timeout":
        value = draw(bad_timeouts)
        if version == "v1":
            assume(_not_duration(value))  # V1 has no 7-day cap
        extra = [f"--timeout={value}"]
    elif kind == "traffic":
        extra = [f"--traffic-limit={draw(bad_traffic)}"]
    elif kind == "param-key":
        extra = ["--query-param", f"{draw(bad_param_keys)}:v"]
    elif kind == "param-dup":
        name = draw(st.sampled_from(sorted(ALLOWED_QUERY_PARAMS - {"x-oss-traffic-limit", "x-oss-process",
                                                                   "x-oss-ac-source-ip"})))
        value = {"x-oss-ac-subnet-mask": "24", "x-oss-ac-forward-allow": "true"}.get(name, "v")
        extra = ["--query-param", f"{name}:{value}", "--query-param", f"{name}:{value}"]
    elif kind == "param-format":
        extra = ["--query-param", draw(st.sampled_from(["novalue", ":v", "response-content-type:", ""]))]
    elif kind == "payer":
        extra = [f"--payer={draw(bad_payers)}"]
    elif kind == "version-id":
        extra = [f"--version-id={draw(bad_version_ids)}"]
    elif kind == "endpoint":
        extra = [f"--endpoint={draw(bad_endpoints)}"]
    elif kind == "cloud-url":
        url = draw(bad_cloud_urls)
    elif kind == "sign-version":
        version = draw(st.sampled_from(["v2", "V5", " v3", "4", "sha1"]))
    elif kind == "process":
        extra = ["--query-param", "x-oss-process:" + draw(st.sampled_from(
            ["bogus/x", "image/", "image//rotate,90", "image/resize,", "style/", "style/a b",
             " image/rotate,90"]))]
    elif kind == "source-ip":
        bad_ip = draw(st.sampled_from(["localhost", "1.2.3", "::g"]))
        extra = ["--query-param", f"x-oss-ac-source-ip:{bad_ip}"]
    elif kind == "forward-allow":
        extra = ["--query-param", "x-oss-ac-forward-allow:" + draw(st.sampled_from(["yes", "1", "TRUE "]))]
    elif kind == "param-control":
        name = draw(st.sampled_from(sorted(ALLOWED_QUERY_PARAMS - {"x-oss-traffic-limit"})))
        control = draw(st.sampled_from(["\r\n", "\n", "\r", "\x1b[31m", "\x07", "\x7f", "\x85", "\x00"]))
        extra = ["--query-param", f"{name}:a{control}b"]
    elif kind == "traffic-twice":
        extra = ["--traffic-limit", "819200", "--query-param", "x-oss-traffic-limit:819200"]
    return ["sign", url, "--sign-version", version, *extra]


@SETTINGS
@given(argv=invalid_argvs(), sts=st.booleans())
def test_invalid_options_exit_2_with_one_error_line(rel_server, argv, sts):
    result = run_cli(argv, cli_env(rel_server, sts=sts))
    assert result.code == 2, (argv, result)
    assert result.out == ""
    assert result.err.startswith("oss-share: error: "), result.err
    assert result.err.endswith("\n") and result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize("key", [" ", "\t", "\u3000", "  \n "])
def test_whitespace_only_key_is_refused_clearly(rel_server, key):
    result = run_cli(["sign", f"oss://{BUCKET}/{key}", "--no-history"], cli_env(rel_server))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("oss-share: error: object key ") and "only whitespace" in result.err
    assert result.err.count("\n") == 1 and "ClientError" not in result.err


@pytest.mark.parametrize("value", ["text/html\r\nSet-Cookie: a=b", "a\nb", "a\x1b]52;c;aGk=\x07", "a\x7f"])
def test_control_characters_in_a_response_header_value_are_refused(rel_server, value):
    # Before: the link was signed, and localoss (like OSS) refused it with 400 InvalidArgument.
    result = run_cli(["sign", f"oss://{BUCKET}/ok.txt", "--query-param", f"response-content-type:{value}"],
                     cli_env(rel_server))
    assert (result.code, result.out) == (2, "")
    assert "must not contain control characters" in result.err and result.err.count("\n") == 1
    assert "\x1b" not in result.err and "\x07" not in result.err


# ---- inspect: any text, and mutations of real links --------------------------------------------------

_URL_PARTS = st.sampled_from([
    "x-oss-expires=", "x-oss-date=", "x-oss-credential=", "Expires=", "OSSAccessKeyId=", "Signature=",
    "x-oss-signature-version=OSS4-HMAC-SHA256", "x-oss-signature-version=OSS2", "&", "=", "%", "%zz", "?",
    "99999999999999999999999", "-1", "20251301T250000Z",
    "AK%2F20250101%2Fcn-hangzhou%2Foss%2Faliyun_v4_request",
    "http://", "https://[::1", ":99999", "@", "#frag", "/", "\x1b]52;c;aGk=\x07", "\u202e", "versionId=",
    "x-oss-security-token=T", "security-token=", "\x00",
])


@st.composite
def mangled_urls(draw) -> str:
    base = draw(st.sampled_from([
        "http://127.0.0.1:9/b/k?OSSAccessKeyId=AK&Expires=1700000000&Signature=abc%3D",
        "https://bkt.oss-cn-hangzhou.aliyuncs.com/k?x-oss-date=20250101T000000Z&x-oss-expires=60"
        "&x-oss-signature-version=OSS4-HMAC-SHA256&x-oss-credential=AK%2F20250101%2Fcn-hangzhou%2Foss"
        "%2Faliyun_v4_request&x-oss-signature=00",
        "", "oss://b/k", "http://h/",
    ]))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(base)))
        piece = draw(st.one_of(_URL_PARTS, st.text(max_size=6)))
        base = base[:at] + piece + base[at:]
    return base


@SETTINGS
@given(url=mangled_urls(), as_json=st.booleans())
def test_inspect_of_any_text_is_a_report_or_one_error_line(url, as_json):
    result = run_cli(["inspect", url, *(["--json"] if as_json else [])])
    assert result.code in (0, 2), (url, result)
    assert "Traceback" not in result.err
    if result.code == 2:
        assert result.out == "" and result.err.startswith("oss-share: error: ")
        assert result.err.count("\n") == 1
    else:
        assert result.out.endswith("\n")
    text = result.out + result.err
    assert not any(ch in text for ch in "\x1b\x07\x00\u202e"), text
