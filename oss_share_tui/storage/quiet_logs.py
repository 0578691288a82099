"""Keep oss2's own logging quiet: at DEBUG and INFO it writes what a user must never see."""

from __future__ import annotations

import logging

OSS2_LEVEL = logging.WARNING
"""oss2 logs request headers (x-oss-security-token), canonical requests and strings to sign (the token again)
at DEBUG, and at INFO the details of every error answer, which for SignatureDoesNotMatch hold the server's
StringToSign, token included. Nothing below WARNING from oss2 may reach a handler."""


def quiet_oss2_logging() -> None:
    """Raise the `oss2` logger and any `oss2.*` logger set lower to OSS2_LEVEL (call after importing oss2).

    A handler the user installed (root at DEBUG, a log file) then never receives oss2's chatty records; the
    level is clamped even when something set oss2 to DEBUG, since those records carry the STS token.
    """
    names = ["oss2", *(name for name in logging.root.manager.loggerDict if name.startswith("oss2."))]
    for name in names:
        logger = logging.getLogger(name)
        if logger.level < OSS2_LEVEL and (name == "oss2" or logger.level != logging.NOTSET):
            logger.setLevel(OSS2_LEVEL)


def ensure_oss2_quiet(names: tuple[str, ...] = ("oss2.auth", "oss2.http", "oss2.api")) -> None:
    """A cheap re-check before each call: clamp again if a level was lowered since.

    `isEnabledFor` answers from the logger's own cache (cleared by logging whenever any level changes), so
    the check costs a dict lookup per name instead of a walk up the logger hierarchy.
    """
    loggers = _loggers.get(names)
    if loggers is None:
        loggers = _loggers[names] = tuple(logging.getLogger(name) for name in names)
    below = OSS2_LEVEL - 1
    for logger in loggers:
        if logger.isEnabledFor(below):
            quiet_oss2_logging()
            return


_loggers: dict[tuple[str, ...], tuple[logging.Logger, ...]] = {}
