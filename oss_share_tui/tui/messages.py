"""Small typed messages that thread workers post back to the event loop, one per page or result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message

from oss_share_tui.core.errors import RemoteError
from oss_share_tui.core.models import Bucket, ObjectInfo


@dataclass
class PageLoaded(Message):
    """One page of a listing arrived."""

    listing_id: int
    token: Any
    items: tuple[Any, ...]
    next_token: Any


@dataclass
class PageFailed(Message):
    """A page of a listing could not be loaded."""

    listing_id: int
    token: Any
    error: RemoteError


@dataclass
class BucketResolved(Message):
    """A bucket typed by name was found (GetBucketInfo) or assumed from the profile."""

    bucket: Bucket
    prefix: str
    select: str | None = None
    error: RemoteError | None = None


@dataclass
class DetailsLoaded(Message):
    """HEAD of one object answered."""

    info: ObjectInfo


@dataclass
class DetailsFailed(Message):
    """HEAD of one object failed."""

    error: RemoteError


@dataclass
class LinkMade(Message):
    """A share link was shown to the user (a new share, a re-sign, a history re-sign): record it."""

    request: Any
    """The ShareRequest (target, options, link)."""
