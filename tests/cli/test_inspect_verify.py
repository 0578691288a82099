"""`oss-share inspect` says whether a link's signature is valid when it has credentials for the signer's key."""

from __future__ import annotations

import json

import pytest

KEY_ID, SECRET = "LTAI5tInspectVerify01", "inspect-verify-secret-0123456789"
ENDPOINT = "https://oss-cn-hangzhou.aliyuncs.com"


@pytest.fixture
def signed(run, monkeypatch):
    """Sign one link with KEY_ID/SECRET via the CLI (V1 or V4, optional STS token); return its URL."""

    def make(version: str, token: str = "") -> str:
        argv = ["sign", "oss://examplebucket/dir/report 2026.pdf", "--timeout", "1h", "-e", ENDPOINT,
                "-i", KEY_ID, "-k", SECRET, "--sign-version", version, "--no-history",
                "--query-param", "response-content-type:application/pdf"]
        if token:
            argv += ["-t", token]
        result = run(*argv)
        assert result.code == 0, result.err
        return result.out.strip()

    return make


@pytest.mark.parametrize("version", ["v1", "v4"])
@pytest.mark.parametrize("token", ["", "sts-token-for-inspect-0000"])
def test_the_right_secret_says_valid_and_a_wrong_one_or_a_tampered_url_says_not(run, signed, version, token):
    url = signed(version, token)
    ok = run("inspect", url, "-i", KEY_ID, "-k", SECRET)
    assert ok.code == 0
    assert "signature:" in ok.out and "valid (signed with the secret of" in ok.out
    assert SECRET not in ok.out + ok.err and (not token or token not in ok.out + ok.err)

    wrong = run("inspect", url, "-i", KEY_ID, "-k", "another-secret-of-the-same-length")
    assert wrong.code == 0 and "NOT valid" in wrong.out

    tampered = url.replace("application%2Fpdf", "text%2Fhtml")
    assert tampered != url
    changed = run("inspect", tampered, "-i", KEY_ID, "-k", SECRET, "--json")
    data = json.loads(changed.out)
    assert data["signature_valid"] is False and data["params"]["response-content-type"] == "text/html"


def test_without_credentials_for_that_key_it_says_why_it_did_not_check(run, signed):
    url = signed("v4")
    none = run("inspect", url, "--json")
    assert json.loads(none.out)["signature_valid"] is None
    other = run("inspect", url, "-i", "LTAI5tSomebodyElse0001", "-k", "x" * 30)
    assert "not checked: signed by another key id" in other.out


@pytest.mark.parametrize("version", ["v1", "v4"])
def test_inspect_agrees_with_sign_json(run, version):
    signed = run("sign", "oss://examplebucket/a/b c+d.txt", "--timeout", "2h", "--version-id", "CAEQv1d",
                 "-e", ENDPOINT, "-i", KEY_ID, "-k", SECRET, "--sign-version", version, "--json", "--no-history")
    assert signed.code == 0, signed.err
    made = json.loads(signed.out)
    seen = json.loads(run("inspect", made["url"], "--json", "-i", KEY_ID, "-k", SECRET).out)
    for field in ("bucket", "key", "version_id", "signature_version", "expires_at"):
        assert seen[field] == made[field], field
    assert seen["signature_valid"] is True
