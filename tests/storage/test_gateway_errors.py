"""oss2 exceptions become RemoteErrors with the OSS code, message, request id and a hint."""

from __future__ import annotations

import oss2
import pytest
import requests

from oss_share_tui.core.errors import RemoteError
from oss_share_tui.storage.oss_errors import is_retryable, to_remote_error


def _server_error(status: int, code: str, message: str = "msg") -> oss2.exceptions.OssError:
    """What oss2 raises for an error answer."""
    details = {"Code": code, "Message": message}
    headers = {"x-oss-request-id": "5C3D9175B6FC201293AD4890"}
    klass = oss2.exceptions._OSS_ERROR_TO_EXCEPTION.get((status, code), oss2.exceptions.ServerError)
    return klass(status, headers, b"", details)


@pytest.mark.parametrize(
    ("status", "code", "hint_part"),
    [
        (404, "NoSuchBucket", "bucket name"),
        (403, "AccessDenied", "permission"),
        (403, "SignatureDoesNotMatch", "secret"),
        (403, "InvalidAccessKeyId", "AccessKey id"),
        (403, "RequestTimeTooSkewed", "clock"),
        (503, "ServiceUnavailable", "retry"),
    ],
)
def test_oss_errors_keep_code_message_request_id_and_get_a_hint(status, code, hint_part) -> None:
    err = to_remote_error(_server_error(status, code, "The thing failed."))
    assert isinstance(err, RemoteError)
    assert err.code == code
    assert err.status == status
    assert str(err) == "The thing failed."
    assert err.request_id == "5C3D9175B6FC201293AD4890"
    assert hint_part in err.hint
    assert code in err.one_line()


def test_network_down_and_timeouts_are_named_and_retryable() -> None:
    down = oss2.exceptions.RequestError(requests.ConnectionError("Connection refused"))
    slow = oss2.exceptions.RequestError(requests.ReadTimeout("Read timed out. (read timeout=10)"))
    assert to_remote_error(down).code == "NetworkError"
    assert "connection was refused" in str(to_remote_error(down))  # a plain sentence
    assert "Connection refused" in to_remote_error(down).detail  # the raw words, for a details view
    assert to_remote_error(slow).code == "Timeout"
    assert to_remote_error(slow).hint
    assert is_retryable(down) and is_retryable(slow)


def test_only_network_errors_and_5xx_are_retried() -> None:
    assert is_retryable(_server_error(500, "InternalError"))
    assert not is_retryable(_server_error(403, "AccessDenied"))
    assert not is_retryable(_server_error(404, "NoSuchBucket"))
    assert not is_retryable(ValueError("x"))


def test_bad_answers_and_client_errors_are_remote_errors_too() -> None:
    assert to_remote_error(RuntimeError("parse xml: Name could not be found")).code == "BadResponse"
    client = to_remote_error(oss2.exceptions.ClientError("The bucket_name is invalid, please check it."))
    assert client.code == "ClientError"
    assert "bucket_name is invalid" in str(client)
