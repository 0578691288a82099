"""A loopback STS for tests: AssumeRole over HTTPS, its RPC signature (HMAC-SHA1) checked by our own code, and
the temporary keys it issues accepted by a LocalOSS until they expire."""

from __future__ import annotations

import base64
import calendar
import hashlib
import hmac
import json
import secrets
import ssl
import threading
import time
from collections.abc import Mapping
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from oss_share_tui.localoss.server import LocalOSS
from oss_share_tui.localoss.wire import SideService

MIN_DURATION, MAX_DURATION, DEFAULT_DURATION = 900, 43200, 3600
MAX_SKEW = 15 * 60


def percent_encode(text: str) -> str:
    """The RPC signature's encoding: RFC 3986 over UTF-8, only A-Z a-z 0-9 - _ . ~ kept."""
    return quote(text, safe="-_.~")


def rpc_string_to_sign(method: str, params: Mapping[str, str]) -> str:
    """`METHOD&%2F&encode(sorted k=v pairs)`, per Alibaba Cloud's RPC signature (Signature excluded)."""
    pairs = sorted((k, v) for k, v in params.items() if k != "Signature")
    canonical = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in pairs)
    return f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"


def rpc_signature(secret: str, string_to_sign: str) -> str:
    """Base64 of HMAC-SHA1 keyed with `secret&`."""
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def iso_z(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


class StsError(Exception):
    """An STS error answer: HTTP status, code and message (as JSON, like the real service)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


class TokenIssuer:
    """Makes temporary keys and registers them with a LocalOSS (`sts_credentials`), expiring on its clock."""

    def __init__(self, oss: LocalOSS) -> None:
        self.oss = oss
        self.issued: list[dict[str, str]] = []
        """Every credential set handed out, newest last (tests compare links against them)."""
        self._lock = threading.Lock()

    def issue(self, duration: int) -> dict[str, str]:
        now = self.oss.clock()
        creds = {
            "AccessKeyId": "STS.NT" + secrets.token_hex(10),
            "AccessKeySecret": secrets.token_urlsafe(30),
            "SecurityToken": "CAIS" + secrets.token_urlsafe(90),
            "Expiration": iso_z(now + duration),
        }
        with self._lock:
            self.oss.sts_credentials[creds["AccessKeyId"]] = (
                creds["AccessKeySecret"],
                creds["SecurityToken"],
                float(int(now + duration)),
            )
            self.issued.append(creds)
        return creds


class LocalSTS(SideService):
    """`with LocalSTS(oss, ssl_context) as sts: sts.endpoint` — AssumeRole on 127.0.0.1 over HTTPS.

    Source keys are the LocalOSS's own access keys (and its unexpired temporary keys, for role chaining).
    """

    def __init__(self, oss: LocalOSS, ssl_context: ssl.SSLContext, *, host: str = "127.0.0.1") -> None:
        self.oss = oss
        self.issuer = TokenIssuer(oss)
        self.ssl_context = ssl_context
        self.host = host
        self.port = 0
        self.requests = 0
        self._nonces: set[str] = set()
        self.oidc_tokens: set[str] = set()
        """OIDC tokens AssumeRoleWithOIDC accepts (a test writes one to the token file RRSA would mount)."""
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    @property
    def endpoint(self) -> str:
        """`127.0.0.1:PORT`, as the library's `sts_endpoint` wants it (it always speaks https)."""
        return f"{self.host}:{self.port}"

    @property
    def issued(self) -> list[dict[str, str]]:
        return self.issuer.issued

    def _handler(self) -> type:
        return type("_Handler", (_StsHandler,), {"sts": self})

    def _prepare(self, httpd: ThreadingHTTPServer) -> None:
        httpd.socket = self.ssl_context.wrap_socket(httpd.socket, server_side=True)

    # ---- AssumeRole --------------------------------------------------------------------------------

    def _source_secret(self, ak: str, token: str) -> str:
        if ak in self.oss.access_keys:
            return self.oss.access_keys[ak]
        entry = self.oss.sts_credentials.get(ak)
        live = entry is not None and (len(entry) < 3 or entry[2] is None or self.oss.clock() < entry[2])
        if entry is not None and live and token and hmac.compare_digest(token, entry[1]):
            return entry[0]
        raise StsError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")

    def handle(self, method: str, params: Mapping[str, str]) -> dict[str, Any]:
        """Answer one RPC call: AssumeRole (signed) or AssumeRoleWithOIDC (the OIDC token is the proof)."""
        with self._lock:
            self.requests += 1
        if params.get("Action") == "AssumeRoleWithOIDC":
            return self.assume_role_with_oidc(params)
        return self.assume_role(method, params)

    def assume_role_with_oidc(self, params: Mapping[str, str]) -> dict[str, Any]:
        for name in ("RoleArn", "OIDCProviderArn", "OIDCToken", "Timestamp"):
            if not params.get(name):
                raise StsError(400, "MissingParameter", f'The input parameter "{name}" that is mandatory '
                               "for processing this request is not supplied.")
        if ":oidc-provider/" not in params["OIDCProviderArn"]:
            raise StsError(400, "InvalidParameter.OIDCProviderArn",
                           "The parameter OIDCProviderArn is wrongly formed.")
        if params["OIDCToken"].strip() not in self.oidc_tokens:
            raise StsError(400, "AuthenticationFail.OIDCToken.Invalid", "The OIDC token is invalid.")
        return self._grant(params)

    def assume_role(self, method: str, params: Mapping[str, str]) -> dict[str, Any]:
        for name in (
            "Action",
            "AccessKeyId",
            "Signature",
            "SignatureMethod",
            "SignatureVersion",
            "SignatureNonce",
            "Timestamp",
            "RoleArn",
            "RoleSessionName",
        ):
            if not params.get(name):
                raise StsError(
                    400,
                    "MissingParameter",
                    f'The input parameter "{name}" that is mandatory '
                    "for processing this request is not supplied.",
                )
        if params["Action"] != "AssumeRole":
            raise StsError(
                400, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."
            )
        if params["SignatureMethod"] != "HMAC-SHA1" or params["SignatureVersion"] != "1.0":
            raise StsError(400, "InvalidSignatureMethod", "Specified signature method is not supported.")
        try:
            stamp = calendar.timegm(time.strptime(params["Timestamp"], "%Y-%m-%dT%H:%M:%SZ"))
        except ValueError:
            raise StsError(400, "InvalidTimeStamp.Format", "Specified time stamp is not valid.") from None
        if abs(stamp - self.oss.clock()) > MAX_SKEW:
            raise StsError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
        secret = self._source_secret(params["AccessKeyId"], params.get("SecurityToken", ""))
        expected = rpc_signature(secret, rpc_string_to_sign(method, params))
        if not hmac.compare_digest(expected, params["Signature"]):
            raise StsError(
                400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation."
            )
        with self._lock:
            if params["SignatureNonce"] in self._nonces:
                raise StsError(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
            self._nonces.add(params["SignatureNonce"])
        return self._grant(params)

    def _grant(self, params: Mapping[str, str]) -> dict[str, Any]:
        """Temporary keys for the role asked for, valid for DurationSeconds."""
        role_arn = params["RoleArn"]
        if not role_arn.startswith("acs:ram::") or ":role/" not in role_arn:
            raise StsError(400, "InvalidParameter.RoleArn", "The parameter RoleArn is wrongly formed.")
        try:
            duration = int(params.get("DurationSeconds") or DEFAULT_DURATION)
        except ValueError:
            duration = -1
        if not MIN_DURATION <= duration <= MAX_DURATION:
            raise StsError(
                400,
                "InvalidParameter.DurationSeconds",
                f"The Min/Max value of DurationSeconds is {MIN_DURATION}/{MAX_DURATION} seconds.",
            )
        creds = self.issuer.issue(duration)
        session = params.get("RoleSessionName") or "session"
        return {
            "RequestId": secrets.token_hex(16).upper(),
            "AssumedRoleUser": {
                "Arn": f"{role_arn}/{session}",
                "AssumedRoleId": f"3{secrets.randbelow(10**17)}:{session}",
            },
            "Credentials": creds,
        }


class _StsHandler(BaseHTTPRequestHandler):
    """RPC over HTTPS: parameters in the query (GET) or a form body (POST)."""

    sts: LocalSTS
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass  # the query carries the source key id and signature: keep test output clean

    def do_GET(self) -> None:
        self._answer("GET", dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True)))

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        params = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
        params.update(parse_qsl(body, keep_blank_values=True))
        self._answer("POST", params)

    def _answer(self, method: str, params: dict[str, str]) -> None:
        try:
            status, payload = 200, self.sts.handle(method, params)
        except StsError as err:
            status = err.status
            payload = {
                "RequestId": secrets.token_hex(16).upper(),
                "HostId": "sts.aliyuncs.com",
                "Code": err.code,
                "Message": err.message,
            }
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Date", formatdate(usegmt=True))
        self.end_headers()
        self.wfile.write(data)
