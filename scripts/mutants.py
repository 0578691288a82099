"""Mutation run: plant single-line bugs one at a time and check that the tests notice each one.

Every mutant is (file, original line, mutated line, tests to run). The original text must occur exactly once
in the file. A mutant is applied in place, the chosen test files run (`pytest -x -q`), and the file is put
back byte for byte (also on Ctrl-C). "killed" means the tests failed, as they should; "survived" means they
passed with the bug planted. Not part of CI (a full run takes a few minutes).

    python scripts/mutants.py                  # every mutant
    python scripts/mutants.py -k signer -k auth  # only mutants whose file or id contains a word
    python scripts/mutants.py --list           # print the list and exit
"""

# ruff: noqa: E501 - the mutant table keeps each original and mutated line whole
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = "oss_share_tui"


@dataclass(frozen=True)
class Mutant:
    """One planted bug."""

    file: str
    original: str
    mutated: str
    tests: tuple[str, ...]
    why: str = ""
    """What the bug breaks, in a few words."""
    equivalent: str = ""
    """Why no test can or should kill it (an equivalent change, or something a test cannot observe)."""
    alt: tuple[tuple[str, str], ...] = ()
    """Other (original, mutated) spellings of the same bug, for where the line reads differently."""

    @property
    def ident(self) -> str:
        return f"{Path(self.file).stem}:{self.why or self.mutated.strip()[:40]}"


# Test files per module: the fast, relevant ones (each mutant picks from these).
T_SIGNER = ("tests/storage/test_signer_golden.py", "tests/storage/test_signer.py",
            "tests/bite/test_long_links.py", "tests/bite/test_precedence.py", "tests/bite/test_signer_guards.py")
T_CONFIG = ("tests/storage/test_config.py", "tests/bite/test_precedence.py", "tests/bite/test_history_off.py",
            "tests/bite/test_signer_guards.py")
T_GATEWAY = ("tests/storage/test_gateway.py", "tests/storage/test_gateway_errors.py",
             "tests/reliability/test_gateway_bad_xml.py", "tests/bite/test_versions_prefix.py",
             "tests/bite/test_gateway_listing.py")
T_AUTH = ("tests/localoss/test_localoss_presign.py", "tests/storage/test_signer_localoss.py",
          "tests/bite/test_localoss_refusals.py", "tests/localoss/test_localoss_api.py")
T_OPTIONS = ("tests/core/test_options.py", "tests/core/test_durations_units.py",
             "tests/storage/test_signer_golden.py", "tests/bite/test_option_rules.py")
T_CORE_MISC = ("tests/core/test_inspect.py", "tests/core/test_refs.py", "tests/core/test_process_disposition.py",
               "tests/features/test_export.py", "tests/features/test_atomic.py", "tests/bite/test_core_rules.py")
T_HISTORY = ("tests/features/test_history.py", "tests/bite/test_history_off.py",
             "tests/bite/test_history_mode.py")

T_TUI = ("tests/bite/test_listing_guards.py", "tests/bite/test_result_screen.py", "tests/bite/test_markup_names.py",
         "tests/bite/test_batch_and_export.py", "tests/bite/test_history_mode.py", "tests/bite/test_form_units.py",
         "tests/bite/test_history_off.py")

S = f"{PKG}/storage"
C = f"{PKG}/core"
L = f"{PKG}/localoss"

MUTANTS: list[Mutant] = [
    # ---- storage/signer.py -------------------------------------------------------------------------
    Mutant(f"{S}/signer.py", "    return profile.cname or profile.bucket_cnames.get(bucket, \"\")",
           "    return profile.bucket_cnames.get(bucket, \"\") or profile.cname", T_SIGNER, "cname precedence"),
    Mutant(f"{S}/signer.py", "    raw = endpoint or profile.bucket_endpoints.get(bucket) or profile.endpoint",
           "    raw = endpoint or profile.endpoint or profile.bucket_endpoints.get(bucket)", T_SIGNER,
           "bucket endpoint ignored"),
    Mutant(f"{S}/signer.py", "    if region:\n        return region\n    if profile.region:",
           "    if profile.region:\n        return profile.region\n    if region:", T_SIGNER,
           "explicit region loses to profile"),
    Mutant(f"{S}/signer.py", "        return datetime.fromtimestamp(expires_ts - expires_in, tz=timezone.utc), expires_at\n    "
           "return expires_at - timedelta(seconds=expires_in), expires_at",
           "        return datetime.fromtimestamp(expires_ts, tz=timezone.utc), expires_at\n    "
           "return expires_at - timedelta(seconds=expires_in), expires_at", T_SIGNER, "long V1 created_at"),
    Mutant(f"{S}/signer.py", "    if expires_in > 10**9:", "    if expires_in > 10**12:", T_SIGNER,
           "long-V1 branch threshold", "both branches give the same times below 10**12 s (timedelta copes)"),
    Mutant(f"{S}/signer.py", "        return created, created + timedelta(seconds=expires_in)",
           "        return created, created + timedelta(seconds=expires_in - 1)", T_SIGNER, "V4 expires_at"),
    Mutant(f"{S}/signer.py", "            \"GET\", key, expires_in, params=options.query_params(), "
           "slash_safe=bool(options.slash_safe)",
           "            \"GET\", key, expires_in, params=options.query_params(), slash_safe=False",
           T_SIGNER, "slash_safe dropped"),
    Mutant(f"{S}/signer.py", "    if version == \"v1\" and key.startswith(\"?\"):",
           "    if False:", T_SIGNER, "V1 '?' key allowed"),
    Mutant(f"{S}/signer.py", "    if version == \"v4\" and expires_in > V4_MAX_EXPIRES:",
           "    if version == \"v4\" and expires_in > V4_MAX_EXPIRES + 1:", T_SIGNER, "V4 max + 1"),
    Mutant(f"{S}/signer.py", "        if not sign_region:\n            raise InvalidInput",
           "        if False:\n            raise InvalidInput", T_SIGNER, "V4 with empty region"),
    Mutant(f"{S}/signer.py", "    if profile.sts_token:\n        return oss2.StsAuth",
           "    if False:\n        return oss2.StsAuth", T_SIGNER, "STS token dropped"),
    Mutant(f"{S}/signer.py", "        is_verify_object_strict=version == \"v1\",",
           "        is_verify_object_strict=True,", T_SIGNER, "strict key check for V4",
           "oss2 2.19.1 turns the strict check off itself for any auth other than v1 (api.py, Bucket.__init__)"),
    # ---- storage/config.py -------------------------------------------------------------------------
    Mutant(f"{S}/config.py", "    version = (_clean(sign_version) or from_file.sign_version or \"v4\").lower()",
           "    version = (from_file.sign_version or _clean(sign_version) or \"v4\").lower()", T_CONFIG,
           "config signVersion beats the flag"),
    Mutant(f"{S}/config.py", "    chosen_region = _clean(region) or _clean(env.get(ENV_REGION)) or from_file.region",
           "    chosen_region = _clean(env.get(ENV_REGION)) or _clean(region) or from_file.region", T_CONFIG,
           "env region beats the flag"),
    Mutant(f"{S}/config.py", "    chosen_region = _clean(region) or _clean(env.get(ENV_REGION)) or from_file.region",
           "    chosen_region = _clean(region) or from_file.region or _clean(env.get(ENV_REGION))", T_CONFIG,
           "config region beats env"),
    Mutant(f"{S}/config.py", "        (_clean(endpoint), \"-e/--endpoint\"),\n        (_clean(env.get(ENV_ENDPOINT)), ENV_ENDPOINT),",
           "        (_clean(env.get(ENV_ENDPOINT)), ENV_ENDPOINT),\n        (_clean(endpoint), \"-e/--endpoint\"),",
           T_CONFIG, "env endpoint beats the flag"),
    Mutant(f"{S}/config.py", "    creds = _pick_credentials([flags, from_env, from_file])",
           "    creds = _pick_credentials([from_env, flags, from_file])", T_CONFIG, "env keys beat flags",
           alt=(("    sources = [flags, from_env, from_file]", "    sources = [from_env, flags, from_file]"),)),
    Mutant(f"{S}/config.py", "    creds = _pick_credentials([flags, from_env, from_file])",
           "    creds = _pick_credentials([flags, from_file, from_env])", T_CONFIG, "config keys beat env",
           alt=(("    sources = [flags, from_env, from_file]", "    sources = [flags, from_file, from_env]"),)),
    Mutant(f"{S}/config.py", "    return _clean(parser[\"oss-share\"].get(\"history\", \"on\")).lower() not in _OFF",
           "    return True", T_CONFIG, "history = off ignored"),
    Mutant(f"{S}/config.py", "        token = flags.sts_token", "        pass", T_CONFIG, "-t alone ignored"),
    Mutant(f"{S}/config.py", "    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO) and warnings is not None:",
           "    if info.st_mode & stat.S_IRWXO and warnings is not None:", T_CONFIG,
           "group-readable config not warned"),
    Mutant(f"{S}/config.py", "        cname=_clean(cname),", "        cname=\"\",", T_CONFIG, "--cname dropped"),
    Mutant(f"{S}/config.py", "        chosen_endpoint = f\"https://oss-{chosen_region}.aliyuncs.com\" if chosen_region else \"\"",
           "        chosen_endpoint = \"\"", T_CONFIG, "region-only config has no endpoint"),
    # ---- storage/gateway.py ------------------------------------------------------------------------
    Mutant(f"{S}/gateway.py", "            if node_key != key:\n                if node_key > key:",
           "            if False:\n                if node_key > key:", T_GATEWAY, "versions of notes.txt.bak mixed in"),
    Mutant(f"{S}/gateway.py", "                    past_key = True\n                    break",
           "                    continue", T_GATEWAY, "past-key break",
           "the `next_key <= key` guard ends paging as well; only the rest of a page in memory is walked"),
    Mutant(f"{S}/gateway.py", "            if next_key <= key:", "            if True:", T_GATEWAY,
           "pages on past the key"),
    Mutant(f"{S}/gateway.py", "                    if key == prefix:  # the zero-byte \"folder\" object itself",
           "                    if False:", T_GATEWAY, "folder marker listed as an object",
           alt=(("                    if key == prefix and key.endswith(\"/\") and int(size) == 0:",
                 "                    if False:"),)),
    Mutant(f"{S}/gateway.py", "                    if key != prefix:\n                        folders.append",
           "                    if True:\n                        folders.append", T_GATEWAY, "prefix listed inside itself"),
    Mutant(f"{S}/gateway.py", "                return plain if \"%\" not in plain else unquote(text)",
           "                return plain", T_GATEWAY, "encoded keys not decoded"),
    Mutant(f"{S}/gateway.py", "            return unquote(value) if is_key and encoded else value",
           "            return value", T_GATEWAY, "version markers not decoded"),
    Mutant(f"{S}/gateway.py", "                    is_latest=text(node, \"IsLatest\").lower() == \"true\",",
           "                    is_latest=True,", T_GATEWAY, "every version latest"),
    Mutant(f"{S}/gateway.py", "                if attempt < self.retries and is_retryable(exc):",
           "                if attempt <= self.retries and is_retryable(exc):", T_GATEWAY, "one retry too many"),
    Mutant(f"{S}/gateway.py", "        return Page(tuple(folders + objects), next_token)",
           "        return Page(tuple(objects + folders), next_token)", T_GATEWAY, "folders after objects"),
    Mutant(f"{S}/gateway.py", "            version_id=headers.get(\"x-oss-version-id\", \"\") or (version_id or \"\"),",
           "            version_id=version_id or \"\",", T_GATEWAY, "HEAD ignores x-oss-version-id"),
    # ---- localoss/auth.py --------------------------------------------------------------------------
    Mutant(f"{L}/auth.py", "            if signed_at - req.now > MAX_SKEW:\n                raise _not_yet_valid",
           "            if False:\n                raise _not_yet_valid", T_AUTH, "future V4 link accepted"),
    Mutant(f"{L}/auth.py", "            if req.now > signed_at + expires:",
           "            if req.now > signed_at + expires + 3600:", T_AUTH, "expired V4 link accepted for 1 h"),
    Mutant(f"{L}/auth.py", "        if req.now > expires:", "        if req.now > expires + 3600:", T_AUTH,
           "expired V1 link accepted for 1 h"),
    Mutant(f"{L}/auth.py", "            if not 1 <= expires <= V4_MAX_EXPIRES:",
           "            if not 1 <= expires <= V4_MAX_EXPIRES * 2:", T_AUTH, "V4 8-day link accepted"),
    Mutant(f"{L}/auth.py", "        if not region or (bucket_region is not None and region != bucket_region):",
           "        if not region:", T_AUTH, "wrong-region V4 accepted"),
    Mutant(f"{L}/auth.py", "            if not hmac.compare_digest(token.encode(), expected.encode()):",
           "            if False:", T_AUTH, "wrong STS token accepted"),
    Mutant(f"{L}/auth.py", "            if not token:\n                # A temporary key",
           "            if False:\n                # A temporary key", T_AUTH, "temp key without token"),
    Mutant(f"{L}/auth.py", "        subs = sorted((k, v) for k, v in req.query.items() if k in SUBRESOURCES)",
           "        subs = sorted((k, v) for k, v in req.query.items())", T_AUTH, "V1 signs every parameter"),
    Mutant(f"{L}/auth.py", "            if not (query_form and k == \"x-oss-signature\")",
           "            if True", T_AUTH, "V4 canonical query includes the signature"),
    Mutant(f"{L}/auth.py", "                v4_encode(uri, True),", "                v4_encode(uri, False),", T_AUTH,
           "V4 URI slashes encoded"),
    Mutant(f"{L}/auth.py", "        for part in (scope_date, region, \"oss\", \"aliyun_v4_request\"):",
           "        for part in (scope_date, region, \"aliyun_v4_request\"):", T_AUTH, "V4 key chain"),
    Mutant(f"{L}/auth.py", "    if abs(sent - now) > MAX_SKEW:", "    if sent - now > MAX_SKEW:", T_AUTH,
           "old header date accepted"),
    Mutant(f"{L}/auth.py", "    v4 = \"x-oss-signature\" in query or \"x-oss-credential\" in query",
           "    v4 = False", T_AUTH, "source-IP EC for V4"),
    Mutant(f"{L}/auth.py", "        if not hmac.compare_digest(expected.encode(), signature.encode(\"utf-8\", \"replace\")):\n"
           "            raise OssError(\n                403,\n                \"SignatureDoesNotMatch\",\n                _SIG_MISMATCH,\n"
           "                [\n                    (\"OSSAccessKeyId\", ak),\n                    (\"SignatureProvided\", signature),\n"
           "                    (\"StringToSign\", string_to_sign),\n                    (\"StringToSignBytes\", _bytes_hex(string_to_sign)),\n"
           "                ],\n            )\n        return Principal(ak, \"v1\"",
           "        if False:\n"
           "            raise OssError(\n                403,\n                \"SignatureDoesNotMatch\",\n                _SIG_MISMATCH,\n"
           "                [\n                    (\"OSSAccessKeyId\", ak),\n                    (\"SignatureProvided\", signature),\n"
           "                    (\"StringToSign\", string_to_sign),\n                    (\"StringToSignBytes\", _bytes_hex(string_to_sign)),\n"
           "                ],\n            )\n        return Principal(ak, \"v1\"", T_AUTH, "V1 signature not checked"),
    Mutant(f"{L}/api.py", "        if client is None or client.version != network.version or client not in network:",
           "        if client is None or client.version != network.version:", T_AUTH, "source IP not enforced"),
    # ---- core/ -------------------------------------------------------------------------------------
    Mutant(f"{C}/units.py", "BITS_PER_UNIT = {\"bit/s\": 1, \"KB/s\": 8 * 1024, \"MB/s\": 8 * 1024 * 1024}",
           "BITS_PER_UNIT = {\"bit/s\": 1, \"KB/s\": 8 * 1024, \"MB/s\": 8 * 1000 * 1000}", T_OPTIONS, "MB/s factor"),
    Mutant(f"{C}/units.py", "BITS_PER_UNIT = {\"bit/s\": 1, \"KB/s\": 8 * 1024, \"MB/s\": 8 * 1024 * 1024}",
           "BITS_PER_UNIT = {\"bit/s\": 1, \"KB/s\": 1024, \"MB/s\": 8 * 1024 * 1024}", T_OPTIONS, "KB/s factor"),
    Mutant(f"{C}/units.py", "    \"mb/s\": \"MB/s\",", "    \"mb/s\": \"KB/s\",", T_OPTIONS, "MB/s read as KB/s"),
    Mutant(f"{C}/units.py", "    if unit == \"bit/s\" and \".\" in match.group(1):", "    if False:", T_OPTIONS,
           "fractional bit/s"),
    Mutant(f"{C}/options.py", "    if not TRAFFIC_MIN <= bits <= TRAFFIC_MAX:", "    if not TRAFFIC_MIN <= bits:",
           T_OPTIONS, "no traffic maximum"),
    Mutant(f"{C}/options.py", "TRAFFIC_MIN = 819200", "TRAFFIC_MIN = 819201", T_OPTIONS, "traffic minimum off by one"),
    Mutant(f"{C}/options.py", "    if sign_version == \"v4\" and seconds > V4_MAX_EXPIRES:",
           "    if sign_version == \"v4\" and seconds > V4_MAX_EXPIRES + 1:", T_OPTIONS, "V4 7 days + 1 s"),
    Mutant(f"{C}/options.py", "        if key in seen:\n            raise", "        if False:\n            raise", T_OPTIONS,
           "query param twice"),
    Mutant(f"{C}/options.py", "        if key not in ALLOWED_QUERY_PARAMS:", "        if key.lower() not in ALLOWED_QUERY_PARAMS:",
           T_OPTIONS, "allow-list case-insensitive"),
    Mutant(f"{C}/options.py", "        key, colon, value = item.partition(\":\")", "        key, colon, value = item.rpartition(\":\")",
           T_OPTIONS, "split on the last colon"),
    Mutant(f"{C}/options.py", "    if any((ord(ch) < 0x20 and ch != \"\\t\") or 0x7F <= ord(ch) <= 0x9F for ch in value):",
           "    if any(ord(ch) < 0x20 and ch not in \"\\t\\n\" for ch in value):", T_OPTIONS, "newline in a header value"),
    Mutant(f"{C}/options.py", "        if not (value.isascii() and value.isdecimal() and 0 <= int(value) <= 128):",
           "        if not (value.isdecimal() and 0 <= int(value) <= 128):", T_OPTIONS + ("tests/reliability/test_sign_properties.py",),
           "non-ASCII digits in a mask"),
    Mutant(f"{C}/durations.py", "UNIT_SECONDS = {\"w\": 604800, \"d\": 86400, \"h\": 3600, \"m\": 60, \"s\": 1}",
           "UNIT_SECONDS = {\"w\": 604800, \"d\": 86400, \"h\": 3600, \"m\": 60, \"s\": 60}", T_OPTIONS, "s as minutes"),
    Mutant(f"{C}/durations.py", "        if raw.isdecimal() and raw.isascii():", "        if raw.isdecimal():", T_OPTIONS,
           "non-ASCII digits as seconds"),
    Mutant(f"{C}/durations.py", "    if seconds == 0:", "    if seconds == -1:", T_OPTIONS, "zero timeout"),
    Mutant(f"{C}/refs.py", "    if not 3 <= len(name) <= 63:", "    if not 3 <= len(name) <= 64:", T_CORE_MISC,
           "64-char bucket"),
    Mutant(f"{C}/refs.py", "    if name[0] == \"-\" or name[-1] == \"-\":", "    if name[0] == \"-\":", T_CORE_MISC,
           "bucket ending in -"),
    Mutant(f"{C}/refs.py", "    if size > KEY_MAX_BYTES:", "    if size > KEY_MAX_BYTES + 1:", T_CORE_MISC, "1024-byte key"),
    Mutant(f"{C}/refs.py", "    if key[0] in \"/\\\\\":", "    if key[0] in \"/\":", T_CORE_MISC, "key starting with \\"),
    Mutant(f"{C}/endpoints.py", "    if parts.scheme.lower() not in (\"http\", \"https\"):",
           "    if parts.scheme.lower() not in (\"http\", \"https\", \"ftp\"):", T_CORE_MISC + T_CONFIG, "ftp endpoint"),
    Mutant(f"{C}/endpoints.py", "    return host == OSS_DOMAIN or host.endswith(\".\" + OSS_DOMAIN)",
           "    return host.endswith(OSS_DOMAIN)", T_CORE_MISC + T_SIGNER, "evil-aliyuncs.com is OSS"),
    Mutant(f"{C}/disposition.py", "    if \"/\" in filename or \"\\\\\" in filename:", "    if \"/\" in filename:",
           T_CORE_MISC, "backslash in file name"),
    Mutant(f"{C}/inspect.py", "        return time.time() > self.expires_at.timestamp()",
           "        return time.time() > self.expires_at.timestamp() + 60", T_CORE_MISC, "expired a minute late"),
    Mutant(f"{C}/export.py", "    return \"\".join(ch if ch.isprintable() else ch.encode(\"unicode_escape\").decode(\"ascii\") for ch in text)",
           "    return text", T_CORE_MISC, "control characters in exports"),
    Mutant(f"{C}/atomic.py", "    except BaseException:\n        tmp.unlink(missing_ok=True)\n        raise\n    _fsync_dir",
           "    except BaseException:\n        raise\n    _fsync_dir", T_CORE_MISC, "temp file left after a failed write"),
    Mutant(f"{C}/atomic.py", "            os.fsync(raw.fileno())", "            pass", T_CORE_MISC,
           "no fsync", "durability across a power cut: nothing a test process can observe"),
    # ---- beyond the five modules: the TUI behaviours of issue 18 -----------------------------------
    Mutant(f"{PKG}/tui/listing.py", "            if ident not in seen and ident not in last:",
           "            if ident not in seen:", T_TUI, "row repeated by an overlapping page"),
    Mutant(f"{PKG}/tui/listing.py",
           "        return not self.complete and token == self.next_token and (token is not None or self.pages == 0)",
           "        return not self.complete", T_TUI, "page for another token taken"),
    Mutant(f"{PKG}/tui/screens/listing_screen.py", "        if message.listing_id != listing.id:\n            return\n        before",
           "        if False:\n            return\n        before", T_TUI, "stale page shown"),
    Mutant(f"{PKG}/tui/screens/share_result.py", "        if url != self.url:\n            return",
           "        if False:\n            return", T_TUI, "old link-test verdict shown"),
    Mutant(f"{PKG}/tui/screens/share_result.py", "            status.set_class(\"not set\" in message, \"-failed\")",
           "            status.set_class(False, \"-failed\")", T_TUI, "failed system copy not marked"),
    Mutant(f"{PKG}/tui/clipboard.py", "    if system.copied:", "    if True:", T_TUI, "failed system copy reported as copied"),
    Mutant(f"{PKG}/tui/screens/export.py", "        if len(text) > CLIPBOARD_LIMIT:", "        if False:", T_TUI,
           "export clipboard cap"),
    Mutant(f"{PKG}/tui/screens/history.py", "        if entry.is_expired(self.clock()):", "        if False:", T_TUI,
           "no warning before copying an expired link"),
    Mutant(f"{PKG}/tui/screens/batch_progress.py", "                if worker.is_cancelled:\n                    break",
           "                if False:\n                    break", T_TUI, "cancelled batch keeps growing"),
    Mutant(f"{PKG}/tui/screens/browser.py", "        self.notify(f\"{markup_safe(key)} is not in the listing",
           "        self.notify(f\"{key} is not in the listing", T_TUI, "markup in a notice"),
    Mutant(f"{PKG}/tui/screens/history.py",
           "                    markup_safe(f\"Removed oss://{delete.bucket}/{delete.key}; a live link works until it expires.\"),",
           "                    f\"Removed oss://{delete.bucket}/{delete.key}; a live link works until it expires.\",",
           T_TUI, "markup in the delete notice"),
    Mutant(f"{PKG}/tui/screens/share_result.py", "            box.border_title = Content(visible(title))",
           "            box.border_title = visible(title)", T_TUI, "markup in the result title"),
    Mutant(f"{PKG}/tui/app.py", "        self.history_store = HistoryStore(path, enabled=history and profile.history)",
           "        self.history_store = HistoryStore(path, enabled=history)", T_TUI + T_HISTORY, "TUI ignores history = off"),
    Mutant(f"{S}/history.py", "    if not (enabled and getattr(profile, \"history\", True)):",
           "    if not enabled:", T_HISTORY, "record_links ignores history = off"),
    Mutant(f"{S}/history.py", "            if stat.S_IMODE(os.fstat(fd).st_mode) & 0o077:", "            if False:", T_HISTORY,
           "loose history file kept"),
    Mutant(f"{PKG}/cli/demo.py", "            kwargs[\"history\"] = False", "            pass", T_HISTORY,
           "demo --no-history ignored"),
    Mutant(f"{PKG}/tui/screens/share_form.py", "            unit = self._select(\"#traffic-unit\") or \"KB/s\"",
           "            unit = \"KB/s\"", T_TUI, "form unit ignored"),
]


def _copy_project(dest: Path) -> Path:
    """A copy of the project (sources, tests, scripts; no venv or git) to mutate; checks imports use it."""
    ignore = shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.pyc", ".pytest_cache", "screenshots")
    for name in ("oss_share_tui", "tests", "scripts", "benchmarks"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, dest / name)
    probe = subprocess.run([sys.executable, "-c", "import oss_share_tui; print(oss_share_tui.__file__)"],
                           cwd=dest, capture_output=True, text=True, check=True)
    if not Path(probe.stdout.strip()).resolve().is_relative_to(dest.resolve()):
        raise SystemExit(f"the copy's package is not the one imported: {probe.stdout.strip()}")
    return dest


def _run_tests(tests: tuple[str, ...], timeout: float) -> tuple[bool, str]:
    """(passed, last lines of output) for one pytest run over `tests`, in ROOT."""
    existing = [t for t in tests if (ROOT / t.split("::")[0]).exists()]
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
           "--no-header", "-o", "addopts=", *existing]
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return False, "timed out (counted as killed)"
    tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-3:])
    return proc.returncode == 0, tail


def apply(mutant: Mutant) -> bytes:
    """Plant `mutant`; returns the file's original bytes (for `restore`)."""
    path = ROOT / mutant.file
    data = path.read_bytes()
    text = data.decode("utf-8")
    for original, mutated in ((mutant.original, mutant.mutated), *mutant.alt):
        if text.count(original) == 1:
            path.write_bytes(text.replace(original, mutated).encode("utf-8"))
            return data
    raise SystemExit(f"{mutant.file}: the original text is not there exactly once (update the mutant):\n"
                     f"  {mutant.original!r}")


def restore(mutant: Mutant, data: bytes) -> None:
    """Put the file back as it was."""
    (ROOT / mutant.file).write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", action="append", default=[], help="only mutants whose id or file has this word")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per test run")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if not args.k or any(w in m.ident or w in m.file for w in args.k)]
    if args.list:
        for m in chosen:
            print(f"{m.ident}\n    - {m.original.strip()}\n    + {m.mutated.strip()}")
        print(f"{len(chosen)} mutants")
        return 0
    for m in chosen:  # check every mutant applies before spending minutes on the first ones
        restore(m, apply(m))
    global ROOT
    workdir = tempfile.mkdtemp(prefix="oss-share-mutants-")
    ROOT = _copy_project(Path(workdir))
    # Baseline: unmutated, every test file used must pass, or "killed" would mean nothing.
    all_tests = tuple(sorted({t for m in chosen for t in m.tests}))
    passed, tail = _run_tests(all_tests, args.timeout * 3)
    if not passed:
        print(f"baseline run failed; fix the tests first:\n{tail}")
        return 2
    print(f"baseline: {len(all_tests)} test files pass unmutated", flush=True)
    survived: list[Mutant] = []
    started = time.monotonic()
    for i, m in enumerate(chosen, 1):
        data = apply(m)
        try:
            passed, tail = _run_tests(m.tests, args.timeout)
        finally:
            restore(m, data)
        verdict = "SURVIVED" if passed else "killed"
        print(f"[{i:3d}/{len(chosen)}] {verdict:8s} {m.ident}", flush=True)
        if passed:
            survived.append(m)
            print(f"           {m.file}: {m.mutated.strip()}")
    killed = len(chosen) - len(survived)
    print(f"\n{len(chosen)} planted, {killed} killed, {len(survived)} survived "
          f"({time.monotonic() - started:.0f} s)")
    shutil.rmtree(workdir, ignore_errors=True)
    for m in survived:
        print(f"  survived: {m.ident}  ({m.file})" + (f"\n      accepted: {m.equivalent}" if m.equivalent else ""))
    unexpected = [m for m in survived if not m.equivalent]
    if unexpected:
        print(f"{len(unexpected)} survivor(s) need a test")
    return 0 if not unexpected else 1


if __name__ == "__main__":
    sys.exit(main())
