"""A real server for tests: the application under uvicorn in a thread on 127.0.0.1, spoken to over HTTP.

``LocalServer`` gives clients already holding credentials (Digest with an API key, Bearer with a service
account), the bootstrap data, and the local control API (fixtures, clock).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from atlas_access.server.mail.delivery import DeliveryTiming
from atlas_access.server.runtime import ServerConfig, open_server
from support.clients import V2_ACCEPT, ServerClients

__all__ = ["V2_ACCEPT", "LocalServer", "free_port"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalServer(ServerClients):
    def __init__(
        self,
        data_dir: Path,
        *,
        database_url: str | None = None,
        rate_limits: bool = True,
        smtp_url: str | None = None,
        mail_timing: DeliveryTiming | None = None,
    ) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        self.config = ServerConfig(
            data_dir=data_dir,
            database_url=database_url,
            base_url=self.base_url,
            rate_limits=rate_limits,
            smtp_url=smtp_url,
            mail_timing=mail_timing or DeliveryTiming(),
        )
        self.opened = open_server(self.config)
        self.bootstrap: dict[str, Any] = json.loads((data_dir / "bootstrap.json").read_text())
        uv_config = uvicorn.Config(
            self.opened.app, host="127.0.0.1", port=self.port, log_level="warning", http="httptools", lifespan="on"
        )
        self._server = uvicorn.Server(uv_config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._clients: list[httpx.Client] = []

    def start(self) -> LocalServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.close_clients()
        self._server.should_exit = True
        self._thread.join(timeout=10)

    # Local control

    def fixtures(self, document: dict[str, Any]) -> dict[str, Any]:
        response = self.admin().post("/api/local/v1/fixtures", json=document)
        assert response.status_code == 200, response.text
        return dict(response.json())

    def advance(self, duration: str) -> None:
        response = self.admin().post("/api/local/v1/clock", json={"advance": duration})
        assert response.status_code == 200, response.text

    def set_time(self, iso_time: str) -> None:
        response = self.admin().post("/api/local/v1/clock", json={"now": iso_time})
        assert response.status_code == 200, response.text

    def accept(self, invitation_id: str) -> httpx.Response:
        return self.admin().post(f"/api/local/v1/invitations/{invitation_id}:accept")

    def decline(self, invitation_id: str) -> httpx.Response:
        return self.admin().post(f"/api/local/v1/invitations/{invitation_id}:decline")

    # Shortcuts

    @property
    def org_id(self) -> str:
        return str(self.bootstrap["orgId"])

    @property
    def project_id(self) -> str:
        return str(self.bootstrap["projectId"])
