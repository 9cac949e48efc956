"""Federated authentication as the real MongoDB Cloud recorded it (``reference/recordings/federationsettings``,
the real CLI's ``TestIdentityProviders``), every recorded step replayed in the recorded order (by its ``Date``).

The organization gets the recording's placeholder id; the federation, the identity providers and the times are
ours, and stand in for the recorded ones. Compared: status and reason, the contract headers (``header_problems``:
content type, rate-limit set, security headers) and the body: keys in order at every level, and every value but
the times (which must be null where the recording has null, and ISO-8601 where it has one). The recorded lists of
identity providers also show ones that earlier runs of the real test left behind: only the ones this replay made
are compared. The recorded SAML identity provider (made in MongoDB Cloud's console) is made through the local API
with the recorded fields; its certificate's dates are not compared.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from snaphost import load
from test_orgs_projects_shapes import header_problems
from test_recordings import RECORDINGS

from support.server import LocalServer

FOLDER = RECORDINGS / "federationsettings" / "TestIdentityProviders"
ORG = "a0123456789abcdef012345a"
FEDERATION = "656e4d8e91cb7d26db1bc9c6"
WORKLOAD, WORKFORCE, SAML = "6a79407ac0eb9e7a1771bce8", "6a794085c0eb9e7a1771c19a", "66a902c08811d46a1db437ca"
RECORDED_BASE = "http://localhost:8080"
NEW = "application/vnd.atlas.2023-11-15+json"
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
TIMES = {"createdAt", "updatedAt", "notAfter", "notBefore"}

_PROVIDER = {
    "authorizationType": "GROUP",
    "description": "CLI TEST Provider",
    "groupsClaim": "groups",
    "issuerUri": "https://accounts.google.com",
    "protocol": "OIDC",
    "userClaim": "user",
}
CREATE_WORKLOAD = {**_PROVIDER, "audience": "idp-646", "displayName": "idp-646", "idpType": "WORKLOAD"}
CREATE_WORKFORCE = {
    **_PROVIDER,
    "audience": "idp-254",
    "displayName": "idp-254",
    "idpType": "WORKFORCE",
    "associatedDomains": ["iam-test-domain-dev.com"],
    "clientId": "cliClients",
    "requestedScopes": [],
}
CONFIG = f"api_atlas_v2_federationSettings_{FEDERATION}_connectedOrgConfigs_{ORG}_1.snaphost"
IDPS = f"api_atlas_v2_federationSettings_{FEDERATION}_identityProviders"


class Replay:
    def __init__(self, server: LocalServer) -> None:
        self.server = server
        org = server.fixtures(
            {
                "orgs": [
                    {
                        "name": "Replay federation",
                        "id": ORG,
                        "apiKeys": [{"description": "owner", "orgRoles": ["ORG_OWNER"]}],
                    }
                ]
            }
        )["orgs"][0]
        key = org["apiKeys"][0]
        self.owner = server.digest(key["publicKey"], key["privateKey"], accept=None)
        admin = server.admin()
        self.federation = admin.post(f"/api/local/v1/orgs/{ORG}/federationSettings").json()["id"]
        saml = admin.post(
            f"/api/local/v1/federationSettings/{self.federation}/identityProviders",
            json={
                "associatedDomains": ["iam-test-domain-dev.com"],
                "description": "",
                "displayName": "FedTest",
                "issuerUri": "urn:idp:default",
                "ssoDebugEnabled": True,
                "ssoUrl": "http://localhost",
                "status": "ACTIVE",
                "slug": "",
            },
        ).json()
        # The console's later edit gave the recorded one an updatedAt.
        for description in ("edited", ""):
            self.owner.patch(
                f"/api/atlas/v2/federationSettings/{self.federation}/identityProviders/{saml['id']}",
                json={"description": description},
                headers={"Accept": NEW},
            )
        recorded_saml = load(FOLDER / f"GET_{IDPS}_3.snaphost").json()["results"][0]
        self.subs = {
            FEDERATION: self.federation,
            RECORDED_BASE: server.base_url,
            SAML: saml["id"],
            recorded_saml["acsUrl"]: saml["acsUrl"],
            recorded_saml["audienceUri"]: saml["audienceUri"],
            recorded_saml["oktaIdpId"]: saml["oktaIdpId"],
        }
        self.problems: list[str] = []

    def ours(self, text: str) -> str:
        for recorded, ours in self.subs.items():
            text = text.replace(recorded, ours)
        return text

    def step(self, file: Path, body: Any = None, creates: str | None = None) -> Any:
        """Replay one recorded request; ``creates``: the recorded id of what it makes, which ours stands in for."""
        recording = load(file)
        headers = {
            "Accept": (recording.header("Content-Type") or "application/vnd.atlas.2023-01-01+json").split(";")[0]
        }
        response = self.owner.request(recording.method, self.ours(recording.path), json=body, headers=headers)
        where = f"{file.parent.name}/{file.name}"
        if (response.status_code, response.reason_phrase) != (recording.status, recording.reason):
            self.problems.append(f"{where}: status {response.status_code} {response.text}, recorded {recording.status}")
            return None
        self.problems += [f"{where}: {problem}" for problem in header_problems(recording, response)]
        if not recording.body:
            if response.content:
                self.problems.append(f"{where}: a body where none was recorded")
            return None
        answer = response.json()
        if creates is not None:
            self.subs[creates] = answer["id"]
        expected = json.loads(self.ours(recording.text))
        self.problems += [f"{where}: {problem}" for problem in _differences(answer, expected, "")]
        return answer


def _differences(ours: Any, recorded: Any, where: str) -> list[str]:
    if isinstance(recorded, dict):
        if not isinstance(ours, dict) or list(ours) != list(recorded):
            return [f"{where}: keys {list(ours) if isinstance(ours, dict) else ours}, recorded {list(recorded)}"]
        found: list[str] = []
        for key, value in recorded.items():
            if key in TIMES:
                if (value is None) != (ours[key] is None) or (value is not None and not ISO.match(ours[key])):
                    found.append(f"{where}.{key}: {ours[key]!r}, recorded {value!r}")
            elif key == "pemFileInfo":
                if list(ours[key]) != list(value):
                    found.append(f"{where}.pemFileInfo: keys {list(ours[key])}")
            else:
                found += _differences(ours[key], value, f"{where}.{key}")
        return found
    if isinstance(recorded, list):
        if not isinstance(ours, list) or len(ours) != len(recorded):
            return [f"{where}: {ours!r}, recorded {recorded!r}"]
        return [
            problem
            for mine, theirs in zip(ours, recorded, strict=True)
            for problem in _differences(mine, theirs, where)
        ]
    return [] if ours == recorded else [f"{where}: {ours!r}, recorded {recorded!r}"]


@pytest.fixture(scope="module")
def replay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replay]:
    server = LocalServer(Path(tmp_path_factory.mktemp("federation-shapes")) / "data").start()
    yield Replay(server)
    server.stop()


def _connect(replay: Replay, step: str, ids: list[str]) -> None:
    current = replay.step(FOLDER / step / f"GET_{CONFIG}")
    assert current is not None, replay.problems
    replay.step(FOLDER / step / f"PATCH_{CONFIG}", {**current, "dataAccessIdentityProviderIds": ids})


def test_every_recorded_step_answers_as_recorded(replay: Replay) -> None:
    r, f = replay, FOLDER
    r.step(f / "Describe_an_org_federation_settings" / f"GET_api_atlas_v2_orgs_{ORG}_federationSettings_1.snaphost")
    r.step(f / "Create_OIDC_IdP_WORKLOAD" / f"POST_{IDPS}_1.snaphost", CREATE_WORKLOAD, WORKLOAD)
    _connect(r, "Connect_OIDC_IdP_WORKLOAD", [r.subs[WORKLOAD]])
    r.step(f / "Create_OIDC_IdP_WORKFORCE" / f"POST_{IDPS}_1.snaphost", CREATE_WORKFORCE, WORKFORCE)
    r.step(f / "Describe_OIDC_IdP_WORKFORCE" / f"GET_{IDPS}_{WORKFORCE}_1.snaphost")
    _connect(r, "Connect_OIDC_IdP_WORKFORCE", [r.subs[WORKLOAD], r.subs[WORKFORCE]])
    r.step(f / "Describe_connectedOrgsConfig" / f"GET_{CONFIG}")
    _connect(r, "Disconnect_OIDC_IdP_WORKLOAD", [r.subs[WORKFORCE]])
    _connect(r, "Disconnect_OIDC_IdP_WORKFORCE", [])
    # The real CLI's `connectedOrgConfigs update --file`: the file's fields and the org, nothing else; the cloud kept
    # postAuthRoleGrants.
    update = {"domainRestrictionEnabled": False, "orgId": ORG}
    r.step(
        f / "Update_connected_org_config" / f"PATCH_{CONFIG}",
        {**update, "domainAllowList": ["https://accounts.google.com"]},
    )
    r.step(f / "Update_connected_org_config_back" / f"PATCH_{CONFIG}", {**update, "domainAllowList": []})
    ours = {r.subs[WORKLOAD], r.subs[WORKFORCE], r.subs[SAML]}
    for n, query in (
        (1, "idpType=WORKFORCE&protocol=OIDC"),
        (2, "idpType=WORKLOAD&protocol=OIDC"),
        (3, "idpType=WORKFORCE&protocol=SAML"),
    ):
        recording = f / f"GET_{IDPS}_{n}.snaphost"
        response = r.owner.get(
            f"/api/atlas/v2/federationSettings/{r.federation}/identityProviders?{query}",
            headers={"Accept": "application/vnd.atlas.2023-01-01+json"},
        )
        assert response.status_code == 200, response.text
        expected = json.loads(r.ours(load(recording).text))
        expected["results"] = [item for item in expected["results"] if item["id"] in ours]
        expected["totalCount"] = len(expected["results"])
        r.problems += [f"{recording.name}: {p}" for p in _differences(response.json(), expected, "")]
        r.problems += [f"{recording.name}: {p}" for p in header_problems(load(recording), response)]
    r.step(
        f
        / "List_connectedOrgsConfig"
        / f"GET_api_atlas_v2_federationSettings_{FEDERATION}_connectedOrgConfigs_1.snaphost"
    )
    r.step(f / "Describe_OIDC_IdP_WORKFORCE#01" / f"GET_{IDPS}_{WORKFORCE}_1.snaphost")
    for idp in (WORKFORCE, WORKLOAD):
        r.step(f / f"DELETE_{IDPS}_{idp}_jwks_1.snaphost")
        r.step(f / f"DELETE_{IDPS}_{idp}_1.snaphost")
    assert r.problems == [], "\n".join(r.problems)
