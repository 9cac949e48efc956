"""One organization with a project, made through the fixture document: an owner API key, and keys that hold roles
in that project only, each as a Digest client. The worlds of the project-scoped server tests start from it."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import httpx

from support.server import LocalServer

_names = itertools.count()


class ProjectWorld:
    def __init__(
        self,
        server: LocalServer,
        *,
        org: str,
        project: str,
        project_keys: Mapping[str, Sequence[str]],
        accept: str,
        prefix: str,
    ) -> None:
        """``project_keys``: each further key's description and its roles in ``project`` (an org member besides)."""
        self.server = server
        self._prefix = prefix
        keys = [{"description": "owner", "orgRoles": ["ORG_OWNER"]}] + [
            {"description": name, "orgRoles": ["ORG_MEMBER"], "projectRoles": {project: list(roles)}}
            for name, roles in project_keys.items()
        ]
        (made,) = server.fixtures({"orgs": [{"name": org, "projects": [{"name": project}], "apiKeys": keys}]})["orgs"]
        self.org_id: str = made["id"]
        self.roles_group: str = made["projects"][0]["id"]  # the project the keys hold their roles in
        self.owner_key_id: str = made["apiKeys"][0]["id"]
        self.owner, *others = (
            server.digest(key["publicKey"], key["privateKey"], accept=accept) for key in made["apiKeys"]
        )
        self.keys: dict[str, httpx.Client] = dict(zip(project_keys, others, strict=True))

    def project(self) -> str:
        """A new project of the organization, made by the owner; its id."""
        name = f"{self._prefix}-{next(_names)}"
        response = self.owner.post("/api/atlas/v2/groups", json={"name": name, "orgId": self.org_id})
        assert response.status_code == 201, response.text
        return str(response.json()["id"])
