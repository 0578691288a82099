"""What every command shares: the one-line argument parser, ossutil's common options, profile resolution, and
error lines that never echo a secret."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn, TextIO

from oss_share_tui import __version__
from oss_share_tui.core.errors import InvalidInput

PROG = "oss-share"
ERROR_PREFIX = f"{PROG}: error: "
WARNING_PREFIX = f"{PROG}: warning: "


class UsageError(InvalidInput):
    """argparse found bad usage (exit 2)."""


class HelpExit(Exception):
    """argparse finished early (after --help or --version) with this status."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Parser(argparse.ArgumentParser):
    """ArgumentParser that reports usage errors as one line (no usage dump) and never calls sys.exit."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            sys.stderr.write(message)
        raise HelpExit(status)


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Every common option: credentials, connection and history (the TUI uses them all)."""
    add_credential_options(parser)
    add_connection_options(parser)
    add_history_option(parser)


def add_credential_options(parser: argparse.ArgumentParser, *, token: bool = True) -> None:
    """Who signs: the key pair (and STS token), or the config file and profile that hold them."""
    # resolve_from_args reads every common option: those a command does not offer default to None.
    parser.set_defaults(endpoint=None, region=None, sign_version=None, cname=None, sts_token=None,
                        no_history=False)
    group = parser.add_argument_group(
        "credentials (ossutil names)",
        "first found wins: -i/-k/-t flags > OSS_ACCESS_KEY_ID/OSS_ACCESS_KEY_SECRET/"
        "OSS_SESSION_TOKEN > the ossutil config (-c, default ~/.ossutilconfig; its profile, every mode: AK, "
        "StsToken, RamRoleArn, EcsRamRole, credential-process, credential-uri, OIDC) > the Alibaba Cloud "
        "default chain (ALIBABA_CLOUD_* env, OIDC, ~/.aliyun/config.json with ALIBABA_CLOUD_PROFILE or "
        "--profile, ~/.alibabacloud/credentials.ini, the ECS RAM role, ALIBABA_CLOUD_CREDENTIALS_URI)",
    )
    group.add_argument(
        "-i", "--access-key-id", help="AccessKey id (else OSS_ACCESS_KEY_ID, else the config file)"
    )
    group.add_argument("-k", "--access-key-secret", help="AccessKey secret (else OSS_ACCESS_KEY_SECRET)")
    if token:
        group.add_argument("-t", "--sts-token", help="STS security token (else OSS_SESSION_TOKEN)")
    group.add_argument("-c", "--config-file", help="ossutil config file (default ~/.ossutilconfig)")
    group.add_argument(
        "--profile", help="profile in the ossutil config ([profile NAME]), else in ~/.aliyun/config.json"
    )


def add_connection_options(parser: argparse.ArgumentParser) -> None:
    """Where and how links are signed: endpoint, region, signature version, custom domain."""
    group = parser.add_argument_group("connection (ossutil names)")
    group.add_argument(
        "-e", "--endpoint", help="OSS endpoint, e.g. oss-cn-hangzhou.aliyuncs.com (https if no scheme)"
    )
    group.add_argument("--region", help="region id for V4 signing, e.g. cn-hangzhou (else OSS_REGION, "
                       "else the endpoint's name, else the bucket is asked)")
    group.add_argument("--sign-version", metavar="{v1,v4}", help="signature version (default v4)")
    group.add_argument("--cname", metavar="DOMAIN", help="sign for this custom domain bound to the bucket")


def add_history_option(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    parser.add_argument("--no-history", action="store_true", help="do not record links in the history")


def resolve_from_args(args: argparse.Namespace, *, require_credentials: bool, warn: Callable[[str], None]):
    """Profile from the common options (flags > env > config file > default chain); warnings go to `warn`."""
    from oss_share_tui.storage.config import resolve_profile

    warnings: list[str] = []
    try:
        return resolve_profile(
            endpoint=args.endpoint,
            access_key_id=args.access_key_id,
            access_key_secret=args.access_key_secret,
            sts_token=args.sts_token,
            region=args.region,
            sign_version=args.sign_version,
            config_file=args.config_file,
            profile=args.profile,
            cname=args.cname,
            require_credentials=require_credentials,
            warnings=warnings,
        )
    finally:
        for line in warnings:
            warn(line)


TOP_EXAMPLES = (
    ("oss-share", "the bucket list (credentials from OSS_* env vars or ~/.ossutilconfig)"),
    ("oss-share oss://examplebucket/photos/", "straight to a folder"),
    ("oss-share --profile work -e oss-cn-shanghai.aliyuncs.com", "another profile and endpoint"),
    ("oss-share demo", "try it with no account"),
)


def top_parser() -> Parser:
    from oss_share_tui.cli.help_text import epilog

    parser = Parser(
        prog=PROG,
        description="Browse Alibaba Cloud OSS in the terminal and make signed share links.",
        epilog=(
            "commands:\n"
            "  oss-share [oss://bucket[/prefix]]      open the TUI (at that place if given)\n"
            "  oss-share demo                         open the TUI against a local demo server\n"
            "  oss-share sign oss://bucket/object     print a signed URL, as ossutil 1.x sign\n"
            "  oss-share presign oss://bucket[/path]  print signed URLs, as ossutil 2.0 presign\n"
            "  oss-share inspect URL                  decode a signed URL\n"
            "  oss-share serve                        run the local OSS-compatible server\n"
            "  (each has --help)\n\n"
        ) + epilog(TOP_EXAMPLES),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("place", nargs="?", help="oss://bucket[/prefix] to open")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    add_common_options(parser)
    return parser


def warn(err: TextIO, message: str) -> None:
    err.write(WARNING_PREFIX + one_line(message) + "\n")


def one_line(text: str) -> str:
    """One line, with any control or invisible character shown as an escape (messages may quote keys,
    paths or server text)."""
    from oss_share_tui.core.printable import visible

    return visible(" ".join(str(text).split())) or "unknown error"


def secrets_in(argv: Sequence[str]) -> list[str]:
    """Secret values this run may know, so no error line can ever echo them."""
    names = ("OSS_ACCESS_KEY_SECRET", "OSS_SESSION_TOKEN", "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
             "ALIBABA_CLOUD_SECURITY_TOKEN")
    found = [os.environ.get(name, "") for name in names]
    for i, arg in enumerate(argv):
        for flag in ("-k", "--access-key-secret", "-t", "--sts-token"):
            if arg == flag and i + 1 < len(argv):
                found.append(argv[i + 1])
            elif arg.startswith(flag + "=") and flag.startswith("--"):
                found.append(arg.split("=", 1)[1])
            elif len(flag) == 2 and arg.startswith(flag) and len(arg) > 2 and not arg.startswith("--"):
                found.append(arg[2:])
    return [s for s in found if len(s) >= 4]


def redact(text: str, secrets: Sequence[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "****")
    return text
