"""Guards the signer keeps even when handed options that did not come through the parser, and the warning a
config file readable by group or others gets."""

from __future__ import annotations

import pytest

from oss_share_tui.core.errors import InvalidInput
from oss_share_tui.core.options import ShareOptions
from oss_share_tui.storage.profile import Profile
from oss_share_tui.storage.signer import sign_link

PROFILE = Profile(
    endpoint="https://oss-cn-hangzhou.aliyuncs.com", access_key_id="LTAIguard", access_key_secret="s"
)


@pytest.mark.parametrize("seconds", [604801, 604800 * 2, 0, -5])
def test_v4_lifetime_outside_1s_to_7_days_is_refused(seconds: int) -> None:
    with pytest.raises(InvalidInput) as info:
        sign_link(PROFILE, "bkt", "k", ShareOptions(expires_in=seconds, sign_version="v4"))
    assert info.value.field == "timeout"


def test_v4_lifetime_of_exactly_7_days_is_signed() -> None:
    link = sign_link(PROFILE, "bkt", "k", ShareOptions(expires_in=604800, sign_version="v4"))
    assert "x-oss-expires=604800" in link.url


def test_v1_key_starting_with_a_question_mark_is_refused_with_the_way_out() -> None:
    with pytest.raises(InvalidInput) as info:
        sign_link(PROFILE, "bkt", "?acl", ShareOptions(sign_version="v1"))
    assert "--sign-version v4" in str(info.value)


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o644])
def test_a_config_file_others_can_read_gets_the_ssh_style_warning(run, tmp_path, mode: int) -> None:
    config = tmp_path / "cfg"
    config.write_text(
        "[Credentials]\nendpoint = oss-cn-hangzhou.aliyuncs.com\naccessKeyID = LTAIx\naccessKeySecret = s\n"
    )
    config.chmod(mode)
    result = run("sign", "oss://bkt/k", "-c", str(config), "--no-history")
    assert result.code == 0, result.err
    assert f"chmod 600 {config}" in result.err
    config.chmod(0o600)
    quiet = run("sign", "oss://bkt/k", "-c", str(config), "--no-history")
    assert "chmod" not in quiet.err
