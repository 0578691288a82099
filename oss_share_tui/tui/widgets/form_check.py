"""One validation pass over the share form's sections, through core's one validation path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from textual.widget import Widget

from oss_share_tui.core.disposition import DownloadAs
from oss_share_tui.core.errors import InvalidInput
from oss_share_tui.core.options import ShareOptions, build_share_options
from oss_share_tui.tui.widgets.download_section import DownloadSection
from oss_share_tui.tui.widgets.expiry_section import ExpirySection
from oss_share_tui.tui.widgets.headers_section import ResponseHeaders
from oss_share_tui.tui.widgets.image_section import ImageProcessing
from oss_share_tui.tui.widgets.limits_section import SourceLimits, TrafficRow
from oss_share_tui.tui.widgets.options_section import SigningOptions

FIELD_ERRORS: dict[str, str] = {
    "timeout": "expiry-error",
    "version_id": "version-error",
    "traffic_limit": "traffic-error",
    "disposition": "filename-error",
    "filename": "filename-error",
    "x-oss-process": "process-error",
    "crop": "process-error",
    "resize": "process-error",
    "rotate": "process-error",
    "format": "process-error",
    "quality": "process-error",
    "payer": "options-error",
    "sign_version": "options-error",
}
"""`InvalidInput.field` (as core names it) -> the id of the error label beside that form field."""

ERROR_LABELS = ("expiry-error", "version-error", "traffic-error", "filename-error", "process-error",
                "response-error", "source-error", "options-error", "form-error")



@dataclass
class FormCheck:
    """One pass of validation over the form: the options when valid, else a message per error label."""

    options: ShareOptions | None = None
    errors: dict[str, str] = field(default_factory=dict)
    traffic_bits: int | None = None
    expires_in: int | None = None
    download: DownloadAs | None = None
    """A batch: how each link is named (the options then carry no Content-Disposition)."""


def check_sections(form: Widget, now: float, version: str) -> FormCheck:
    """Validate every section of `form` through core; errors are keyed by the id of their label."""
    check = FormCheck()
    errors = check.errors

    def attempt(label: str, fn: Callable[[], object]) -> object | None:
        try:
            return fn()
        except InvalidInput as err:
            errors.setdefault(label, str(err))
            return None

    expiry = form.query_one(ExpirySection)
    timeout = attempt("expiry-error", lambda: expiry.timeout(now))
    if timeout is not None:
        options = attempt("expiry-error",
                          lambda: build_share_options(timeout=timeout, sign_version=version, now=now))
        if isinstance(options, ShareOptions):
            check.expires_in = options.expires_in
    version_id = expiry.version_id
    if version_id is not None:
        attempt("version-error", lambda: build_share_options(version_id=version_id))
    bits = attempt("traffic-error", form.query_one(TrafficRow).bits)
    if isinstance(bits, int):
        check.traffic_bits = bits

    groups: dict[str, list[str]] = {"filename-error": [], "process-error": [], "response-error": [],
                                    "source-error": []}
    download = form.query_one(DownloadSection)
    if download.is_batch:
        value = attempt("filename-error", download.download)
        check.download = value if isinstance(value, DownloadAs) else None
    else:
        value = attempt("filename-error", download.disposition)
        if isinstance(value, str):
            groups["filename-error"].append(f"response-content-disposition:{value}")
    process = attempt("process-error", form.query_one(ImageProcessing).value)
    if isinstance(process, str) and process:
        groups["process-error"].append(f"x-oss-process:{process}")
    groups["response-error"] += form.query_one(ResponseHeaders).params()
    groups["source-error"] += form.query_one(SourceLimits).params()
    for label, params in groups.items():
        if params:
            attempt(label, lambda params=params: build_share_options(query_params=params))
    if errors:
        return check
    signing = form.query_one(SigningOptions)
    try:  # the whole form through the one validation path; it also catches what no single field shows
        check.options = build_share_options(
            timeout=timeout if timeout is not None else "",
            version_id=version_id,
            traffic_limit=check.traffic_bits,
            payer="requester" if signing.requester_pays else None,
            query_params=[param for params in groups.values() for param in params],
            slash_safe=signing.slash_safe,
            sign_version=version,
            now=now,
        )
    except InvalidInput as err:
        errors[FIELD_ERRORS.get(err.field or "", "form-error")] = str(err)
    return check

