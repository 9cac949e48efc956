"""``atlas-access serve`` as a user runs it: first start, later starts, TLS, bad options."""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from support.server import free_port

COMMAND = str(Path(sys.executable).with_name("atlas-access"))


@contextmanager
def serving(data_dir: Path, *args: str) -> Iterator[tuple[str, Path]]:
    """Run the server until the block ends; yield its base URL and the file holding its output."""
    port = free_port()
    log = data_dir.parent / f"serve-{port}.log"
    scheme = "https" if "--tls-self-signed" in args else "http"
    with log.open("w") as out:
        process = subprocess.Popen(
            [COMMAND, "serve", "--port", str(port), "--data-dir", str(data_dir), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    base = f"{scheme}://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/api/private/ipinfo", verify=False, timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"server did not start:\n{log.read_text()}") from None
                time.sleep(0.05)
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_first_start_prints_credentials_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with serving(data) as (base, log):
        first = log.read_text()
    bootstrap = json.loads((data / "bootstrap.json").read_text())
    assert bootstrap["baseUrl"] == base
    assert bootstrap["privateKey"] in first
    assert bootstrap["clientSecret"] in first
    assert f'curl --user "{bootstrap["publicKey"]}:{bootstrap["privateKey"]}" --digest' in first
    with serving(data) as (_, log):
        later = log.read_text()
        assert json.loads((data / "bootstrap.json").read_text()) == bootstrap  # same data kept
    for secret in (bootstrap["privateKey"], bootstrap["clientSecret"], bootstrap["adminToken"]):
        assert secret not in later
    assert "bootstrap.json" in later


def test_tls_self_signed_serves_https_with_hsts(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with serving(data, "--tls-self-signed") as (base, _):
        assert base.startswith("https://")
        response = httpx.get(
            f"{base}/api/private/ipinfo", verify=ssl.create_default_context(cafile=data / "tls-cert.pem")
        )
        assert response.status_code == 401
        assert response.headers["strict-transport-security"] == "max-age=31536000; includeSubdomains;"
        assert json.loads((data / "bootstrap.json").read_text())["baseUrl"] == base


def test_bad_database_url_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [COMMAND, "serve", "--data-dir", str(tmp_path), "--database-url", "mysql://nope/db"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Error: cannot open the database" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_help_describes_every_option() -> None:
    result = subprocess.run([COMMAND, "serve", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for option in ("--host", "--port", "--data-dir", "--database-url", "--tls-self-signed", "--tls-cert", "--tls-key"):
        assert option in result.stdout
    assert "--rate-limits [atlas|off]" in result.stdout
