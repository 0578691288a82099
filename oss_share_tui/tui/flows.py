"""App-level flows that span screens: recording links in the history, signing again from the history, and
sharing the marked objects as one batch. Blocking work (files, signing, HEADs) runs in thread workers."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import TYPE_CHECKING

from oss_share_tui.core.errors import OssShareError
from oss_share_tui.core.models import Bucket, Entry
from oss_share_tui.tui.safe_text import markup_safe
from oss_share_tui.tui.share_request import ShareRequest, bucket_endpoint, sign_target
from oss_share_tui.tui.share_target import ShareTarget

if TYPE_CHECKING:
    from oss_share_tui.storage.batch import BatchResult
    from oss_share_tui.storage.history import HistoryEntry, HistoryStore
    from oss_share_tui.tui.app import OssShareApp
    from oss_share_tui.tui.screens.batch_progress import BatchOutcome


ARCHIVE_TITLE = "Archived object"


def unrestored_warning(target: ShareTarget) -> str | None:
    """What to tell the user before sharing `target`, when its link cannot work yet (archived, not restored)."""
    from oss_share_tui.core.restore import share_warning

    return share_warning(target.storage_class, target.restore)


def warn_if_unrestored(app: OssShareApp, target: ShareTarget) -> None:
    """Say so before the share form opens if `target`'s link would fail until the object is restored."""
    warning = unrestored_warning(target)
    if warning:
        app.notify(markup_safe(warning), title=ARCHIVE_TITLE, severity="warning", timeout=10)


def record(app: OssShareApp, store: HistoryStore, request: ShareRequest) -> None:
    """Record one link shown to the user (in a worker: the history file is read, merged and rewritten)."""
    _record_links(app, store, [request.link], request.options, request.target.bucket)


def _record_links(app: OssShareApp, store: HistoryStore, links: list, options, bucket: Bucket) -> None:
    from oss_share_tui.storage.history import record_links
    from oss_share_tui.storage.signer import endpoint_for

    profile = app.profile

    def work() -> None:
        try:
            endpoint = endpoint_for(profile, bucket.name, bucket_endpoint(profile, bucket))
        except OssShareError:
            endpoint = profile.endpoint
        problem = record_links(links, options, profile=profile, endpoint=endpoint,
                               region=bucket.region or None, enabled=store.enabled, store=store)
        if problem:
            app.call_from_thread(app.notify, markup_safe(problem), title="History", severity="warning")

    app.run_worker(work, thread=True, group="history", exit_on_error=False, description="record in history")


def sign_again_from_history(app: OssShareApp, entry: HistoryEntry) -> None:
    """Sign the entry's object with its options (a new expiry from now) and show the result view."""
    from oss_share_tui.storage.history import options_from_history
    from oss_share_tui.tui.screens.share_result import ShareResultScreen

    bucket = app.find_bucket(entry.bucket) or Bucket(name=entry.bucket, region=entry.region,
                                                     extranet_endpoint=entry.endpoint)
    target = ShareTarget(bucket, entry.key, entry.version_id)

    def work() -> None:
        try:
            options = options_from_history(entry)
            link = sign_target(app.profile, target, options)
        except (OssShareError, TypeError, ValueError) as err:
            app.call_from_thread(app.notify, markup_safe(f"Cannot sign again: {err}"), title="History",
                                 severity="error")
            return
        app.call_from_thread(app.push_screen, ShareResultScreen(ShareRequest(target, options, link), app.profile))

    app.run_worker(work, thread=True, group="history-sign", exit_on_error=False, description="sign again")


def share_marked(app: OssShareApp) -> None:
    """`S`: one share form for every marked object, then the batch with progress, then the export view."""
    from oss_share_tui.tui.screens.share_form import ShareFormScreen

    if not app.marked:
        app.notify("Mark objects with space first, then press S to share them together.", title="Batch share",
                   severity="warning")
        return
    marks = list(app.marked.items())
    (first_bucket, first_key), first = marks[0]
    _warn_unrestored_marks(app, [entry for _mark, entry in marks])
    buckets = {name: app.find_bucket(name) or Bucket(name=name) for (name, _key), _ in marks}
    target = ShareTarget(buckets[first_bucket], first_key, None, first.size, "")

    def chosen(request: ShareRequest | None) -> None:
        if request is not None:
            _run_batch(app, marks, buckets, dataclasses.replace(request.options, version_id=None))

    app.push_screen(ShareFormScreen(target, app.profile, batch_count=len(marks)), chosen)


def _warn_unrestored_marks(app: OssShareApp, entries: list[Entry]) -> None:
    """Before a batch share: name how many marked objects are archived and not restored."""
    from oss_share_tui.core.restore import UNRESTORED_WARNING, readable

    frozen = [e for e in entries if not readable(e.storage_class, e.restore)]
    if not frozen:
        return
    what = (f"{frozen[0].name} is archived and not restored" if len(frozen) == 1
            else f"{len(frozen):,} of the marked objects are archived and not restored")
    app.notify(markup_safe(f"{what}: {UNRESTORED_WARNING}"), title=ARCHIVE_TITLE, severity="warning", timeout=10)


def _run_batch(app: OssShareApp, marks: list[tuple[tuple[str, str], Entry]], buckets: dict[str, Bucket],
               options) -> None:
    from oss_share_tui.storage.batch import BatchTarget, sign_many
    from oss_share_tui.tui.screens.batch_progress import BatchProgressScreen

    groups: dict[str, list[BatchTarget]] = {}
    for (name, key), _entry in marks:
        groups.setdefault(name, []).append(BatchTarget(name, key))
    total = len(marks)
    profile, gateway = app.profile, app.gateway

    def run(progress) -> Iterator[BatchResult]:
        done = 0
        for name, targets in groups.items():
            bucket = buckets[name]
            base = done
            # HEAD each object first: one deleted since it was marked is reported, and the rest go on.
            yield from sign_many(profile, targets, options, bucket=name, region=bucket.region or None,
                                 endpoint=bucket_endpoint(profile, bucket), check=True, gateway=gateway,
                                 on_progress=lambda d, _t, base=base: progress(base + d, total))
            done += len(targets)

    def finished(outcome: BatchOutcome | None) -> None:
        if outcome is not None:
            _batch_finished(app, outcome, buckets, options)

    app.push_screen(BatchProgressScreen(run, total=total, title=f"Sharing {total:,} objects"), finished)


def _batch_finished(app: OssShareApp, outcome: BatchOutcome, buckets: dict[str, Bucket], options) -> None:
    """Record the links, unmark what was shared, and offer the export."""
    from oss_share_tui.tui.screens.export import ExportScreen

    by_bucket: dict[str, list] = {}
    for result in outcome.results:
        if result.ok and result.link is not None:
            by_bucket.setdefault(result.bucket, []).append(result.link)
            app.marked.pop((result.bucket, result.key), None)
    for name, links in by_bucket.items():
        _record_links(app, app.history_store, links, options, buckets[name])
    app.refresh_marks()
    app.push_screen(ExportScreen(outcome))
