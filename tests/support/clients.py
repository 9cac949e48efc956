"""HTTP clients holding credentials for a running test server (in-thread or a separate process)."""

from __future__ import annotations

from typing import Any

import httpx

V2_ACCEPT = "application/vnd.atlas.2025-03-12+json"


class ServerClients:
    """Mixed into a test server that has ``base_url``, ``bootstrap`` (bootstrap.json) and ``_clients``.

    Clients ignore the environment's proxy variables (the server is on loopback) and are closed when the
    server stops. Use one client per thread.
    """

    base_url: str
    bootstrap: dict[str, Any]
    _clients: list[httpx.Client]

    def client(self, auth: httpx.Auth | None = None, accept: str | None = V2_ACCEPT) -> httpx.Client:
        headers = {"Accept": accept} if accept else {}
        client = httpx.Client(base_url=self.base_url, auth=auth, headers=headers, timeout=30, trust_env=False)
        self._clients.append(client)
        return client

    def close_clients(self) -> None:
        for client in self._clients:
            client.close()
        self._clients.clear()

    def digest(self, public_key: str | None = None, private_key: str | None = None, **kwargs: Any) -> httpx.Client:
        """Digest with an API key (the bootstrap org owner's by default)."""
        auth = httpx.DigestAuth(public_key or self.bootstrap["publicKey"], private_key or self.bootstrap["privateKey"])
        return self.client(auth, **kwargs)

    def token(self, client_id: str | None = None, secret: str | None = None) -> str:
        """An access token of a service account (the bootstrap org owner's by default)."""
        response = httpx.post(
            f"{self.base_url}/api/oauth/token",
            auth=(client_id or self.bootstrap["clientId"], secret or self.bootstrap["clientSecret"]),
            data={"grant_type": "client_credentials"},
            timeout=30,
            trust_env=False,
        )
        response.raise_for_status()
        return str(response.json()["access_token"])

    def bearer(
        self, client_id: str | None = None, secret: str | None = None, *, token: str | None = None, **kwargs: Any
    ) -> httpx.Client:
        """Bearer with ``token``, or with a fresh token of a service account (the bootstrap one by default)."""
        client = self.client(**kwargs)
        client.headers["Authorization"] = f"Bearer {token or self.token(client_id, secret)}"
        return client

    def revoke(self, token: str) -> httpx.Response:
        """Revoke an access token of the bootstrap service account (``POST /api/oauth/revoke``)."""
        return httpx.post(
            f"{self.base_url}/api/oauth/revoke",
            auth=(self.bootstrap["clientId"], self.bootstrap["clientSecret"]),
            data={"token": token},
            timeout=30,
            trust_env=False,
        )

    def admin(self) -> httpx.Client:
        """The local control API (``/api/local/v1``) with the admin token."""
        client = self.client(accept=None)
        client.headers["Authorization"] = f"Bearer {self.bootstrap['adminToken']}"
        return client

    def outbox(self) -> list[dict[str, Any]]:
        """The mails the server wrote, oldest first (``GET /api/local/v1/outbox``)."""
        response = self.admin().get("/api/local/v1/outbox")
        assert response.status_code == 200, response.text
        return list(response.json()["results"])
