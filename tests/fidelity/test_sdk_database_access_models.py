"""The SDK's models for a project's database and network access read every recorded real MongoDB Cloud answer of
those operations, and know each of its fields: nothing lands in ``model_extra``, so a field the cloud sends is an
attribute of the model, under the right wire name.

The answers are those of the real Atlas CLI's end-to-end tests (``../shared/reference/recordings``: dbusers,
customdbroles, accesslists, auditing, projectsettings, ldap).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from snaphost import SUFFIX, Recording, load
from test_recordings import RECORDINGS

from atlas_access.client.api import _typed_calls
from atlas_access.client.api._typed_calls import CallSpec, Pages

SUITES = ("dbusers", "customdbroles", "accesslists", "auditing", "projectsettings", "ldap")
_ID = "[0-9a-f]{24}"
_NAME = "[^/]+"
# (method, path under /api/atlas/v2/groups/{groupId}, the typed call that reads the answer)
CALLS: tuple[tuple[str, str, Any], ...] = (
    ("POST", "/databaseUsers", _typed_calls.DatabaseUsers.create_database_user),
    ("GET", "/databaseUsers", _typed_calls.DatabaseUsers.list_database_users),
    ("GET", f"/databaseUsers/{_NAME}/{_NAME}", _typed_calls.DatabaseUsers.get_database_user),
    ("PATCH", f"/databaseUsers/{_NAME}/{_NAME}", _typed_calls.DatabaseUsers.update_database_user),
    ("POST", "/customDBRoles/roles", _typed_calls.CustomDatabaseRoles.create_custom_database_role),
    ("GET", "/customDBRoles/roles", _typed_calls.CustomDatabaseRoles.list_custom_database_roles),
    ("GET", f"/customDBRoles/roles/{_NAME}", _typed_calls.CustomDatabaseRoles.get_custom_database_role),
    ("PATCH", f"/customDBRoles/roles/{_NAME}", _typed_calls.CustomDatabaseRoles.update_custom_database_role),
    ("POST", "/accessList", _typed_calls.ProjectIpAccessList.create_project_ip_access_list),
    ("GET", "/accessList", _typed_calls.ProjectIpAccessList.list_project_ip_access_lists),
    ("GET", f"/accessList/{_NAME}", _typed_calls.ProjectIpAccessList.get_project_ip_list),
    ("GET", "/auditLog", _typed_calls.Auditing.get_auditing_configuration),
    ("PATCH", "/auditLog", _typed_calls.Auditing.update_auditing_configuration),
    ("GET", "/settings", _typed_calls.Projects.get_project_settings),
    ("PATCH", "/settings", _typed_calls.Projects.update_project_settings),
    ("GET", "/userSecurity", _typed_calls.LdapConfiguration.get_ldap_configuration),
    ("PATCH", "/userSecurity", _typed_calls.LdapConfiguration.save_ldap_configuration),
    ("POST", "/userSecurity/ldap/verify", _typed_calls.LdapConfiguration.verify_ldap_configuration),
    ("GET", f"/userSecurity/ldap/verify/{_ID}", _typed_calls.LdapConfiguration.get_ldap_configuration_status),
    ("DELETE", "/userSecurity/ldap/userToDNMapping", _typed_calls.LdapConfiguration.delete_ldap_configuration),
)


def _typed_call(recording: Recording) -> Any:
    under = re.fullmatch(f"/api/atlas/v2/groups/{_ID}(/.*)", recording.path)
    if under is None:
        return None
    for method, pattern, call in CALLS:
        if method == recording.method and re.fullmatch(pattern, under.group(1)):
            return call
    return None


def _recordings() -> list[Recording]:
    found = []
    for suite in SUITES:
        for file in sorted((RECORDINGS / suite).rglob(f"*{SUFFIX}")):
            recording = load(file)
            if recording.status < 300 and recording.body.strip() and _typed_call(recording) is not None:
                found.append(recording)
    return found


RECORDED = _recordings()


def _models(value: Any) -> Iterator[BaseModel]:
    """Every model in an answer as the SDK reads it, nested ones included."""
    if isinstance(value, BaseModel):
        yield value
        for name in type(value).model_fields:
            yield from _models(getattr(value, name))
    elif isinstance(value, list):
        for item in value:
            yield from _models(item)


def _label(recording: Recording) -> str:
    return str(Path(recording.file).relative_to(RECORDINGS))


def test_the_recordings_of_every_suite_are_read() -> None:
    if not RECORDINGS.is_dir():
        pytest.skip(f"no recordings at {RECORDINGS}; set ATLAS_RECORDINGS to the recordings folder")
    read = {_label(recording).split("/")[0] for recording in RECORDED}
    assert read == set(SUITES)
    typed = {id(_typed_call(recording)) for recording in RECORDED}
    assert len(typed) >= 15  # most of the operations of the table above have a recorded answer


@pytest.mark.parametrize("recording", RECORDED, ids=[_label(r) for r in RECORDED])
def test_the_sdk_knows_every_field_of_a_recorded_answer(recording: Recording) -> None:
    call = _typed_call(recording)
    assert isinstance(call, CallSpec | Pages)
    read = call.read(recording.json())
    unknown = {(type(model).__name__, key) for model in _models(read) for key in (model.model_extra or {})}
    assert unknown == set()
