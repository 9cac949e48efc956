"""The API version an ``atlas api`` command sends, and the real CLI's notices (reference §1.5, api.go)."""

from __future__ import annotations

import datetime

from atlas_access import spec
from atlas_access.cli.api.versions import PIN, choose_version, default_version, deprecation_notice

TODAY = datetime.date(2026, 11, 22)


def test_the_default_is_the_last_version() -> None:
    assert default_version(spec.operation("listOrgUsers")) == "2025-02-19"
    assert default_version(spec.operation("deleteOrgInvite")) == "2023-01-01"


def test_deprecation_notice_of_a_single_version_with_a_sunset() -> None:
    assert deprecation_notice(spec.operation("deleteOrgInvite")) == (
        "all of the available endpoint versions have been deprecated. The API endpoint version 2023-01-01 will no "
        "longer be available after the sunset date of 2027-07-01.\n"
    )
    assert deprecation_notice(spec.operation("listOrgUsers")) is None  # 2025-02-19 has no sunset


def test_unpinned_unsupported_and_sunset_warnings() -> None:
    users = spec.operation("listOrgUsers")
    version, warnings = choose_version(users, None, TODAY)
    assert version.version == "2025-02-19"
    assert warnings == [f"warning: using default API version '2025-02-19'; {PIN}"]
    version, warnings = choose_version(users, "2020-01-01", TODAY)
    assert version.version == "2025-02-19"
    assert warnings == [
        f"warning: version '2020-01-01' is not supported for this endpoint, using default API version "
        f"'2025-02-19'; {PIN}"
    ]
    version, warnings = choose_version(users, "2023-01-01", TODAY)
    assert version.version == "2023-01-01"
    assert warnings == [
        "warning: version '2023-01-01' is deprecated for this command and will be sunset on 2027-07-01. "
        "Consider upgrading to a newer version if available."
    ]
    _, later = choose_version(users, "2023-01-01", datetime.date(2027, 7, 2))
    assert "has already been sunset since 2027-07-01" in later[0]


def test_a_fully_deprecated_command_gets_no_per_version_warning() -> None:
    _, warnings = choose_version(spec.operation("deleteOrgInvite"), "2023-01-01", TODAY)
    assert warnings == []


def test_pin_text_keeps_the_real_typo() -> None:
    assert PIN == "consider pinning a version to ensure consisentcy when updating the CLI"
