"""Start-up cost of the ``atlas`` command, as ratios to ``python -c 'import httpx'`` measured in the same run.

Cases, each run as a fresh process, interleaved round by round so that drift in the machine's speed hits all
of them alike (the median of each is reported):

  baseline   python -c 'import httpx'                               (the venv's interpreter)
  help       atlas api organizations deleteOrgInvite --help
  delete     atlas api organizations deleteOrgInvite --orgId O --invitationId I --version 2023-01-01
             against a local server process, with a profile holding the bootstrap API key (Digest: two
             round trips); every run cancels a different pending invitation
  delete-sa  the same with the bootstrap service account's profile (its token cached in the profile)

Targets (issue 4): help <= 1.5x, delete <= 2.5x. Run alone with ``python bench/cli_startup.py [--rounds N]``;
``bench/run.py`` runs it too and puts the table into RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

VENV_BIN = Path(sys.executable).parent
ATLAS = str(VENV_BIN / "atlas")
TARGETS = {"help": 1.5, "delete": 2.5}
ACCEPT = "application/vnd.atlas.2023-01-01+json"


@dataclass
class Startup:
    rounds: int
    seconds: dict[str, list[float]] = field(default_factory=dict)
    commands: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def median_ms(self, case: str) -> float:
        return statistics.median(self.seconds[case]) * 1000

    def ratio(self, case: str) -> float:
        return self.median_ms(case) / self.median_ms("baseline")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_server(work_dir: Path) -> tuple[subprocess.Popen[bytes], str, dict[str, str]]:
    port = _free_port()
    data = work_dir / "cli-data"
    log = (work_dir / "cli-server.log").open("wb")
    process = subprocess.Popen(
        [str(VENV_BIN / "atlas-access"), "serve", "--data-dir", str(data), "--port", str(port), "--rate-limits", "off"],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited early; see " + str(work_dir / "cli-server.log"))
        try:
            httpx.get(base + "/api/private/ipinfo", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    bootstrap: dict[str, str] = json.loads((data / "bootstrap.json").read_text())
    return process, base, bootstrap


def _invitations(base: str, bootstrap: dict[str, str], count: int) -> list[str]:
    auth = httpx.DigestAuth(bootstrap["publicKey"], bootstrap["privateKey"])
    ids = []
    with httpx.Client(base_url=base, auth=auth, headers={"Accept": ACCEPT}) as client:
        for i in range(count):
            response = client.post(
                f"/api/atlas/v2/orgs/{bootstrap['orgId']}/invites",
                json={"username": f"bench-cli-{i}@example.com", "roles": ["ORG_MEMBER"]},
                headers={"Content-Type": ACCEPT},
            )
            response.raise_for_status()
            ids.append(response.json()["id"])
    return ids


def _write_profiles(config_home: Path, base: str, bootstrap: dict[str, str]) -> None:
    folder = config_home / "atlascli"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text(
        f'version = 2\n\n[local]\nops_manager_url = "{base}/"\norg_id = "{bootstrap["orgId"]}"\n'
        f'public_api_key = "{bootstrap["publicKey"]}"\nprivate_api_key = "{bootstrap["privateKey"]}"\n\n'
        f'[local-sa]\nops_manager_url = "{base}/"\norg_id = "{bootstrap["orgId"]}"\n'
        f'client_id = "{bootstrap["clientId"]}"\nclient_secret = "{bootstrap["clientSecret"]}"\n'
    )
    os.chmod(folder / "config.toml", 0o600)


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, stdin=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started, done


def measure(work_dir: Path, rounds: int = 30) -> Startup:
    result = Startup(rounds)
    process, base, bootstrap = _start_server(work_dir)
    try:
        ids = _invitations(base, bootstrap, 2 * rounds + 2)
        config_home = work_dir / "cli-config"
        _write_profiles(config_home, base, bootstrap)
        env = {**os.environ, "XDG_CONFIG_HOME": str(config_home)}
        env = {k: v for k, v in env.items() if not k.startswith(("MONGODB_ATLAS_", "MCLI"))}
        delete = ["api", "organizations", "deleteOrgInvite", "--orgId", bootstrap["orgId"], "--version", "2023-01-01"]
        cases = {
            "baseline": lambda i: [sys.executable, "-c", "import httpx"],
            "help": lambda i: [ATLAS, "api", "organizations", "deleteOrgInvite", "--help"],
            "delete": lambda i: [ATLAS, "-P", "local", *delete, "--invitationId", ids[2 * i]],
            "delete-sa": lambda i: [ATLAS, "-P", "local-sa", *delete, "--invitationId", ids[2 * i + 1]],
        }
        # one untimed run of each: the token of local-sa gets cached, the page cache warm
        _timed([ATLAS, "-P", "local-sa", *delete, "--invitationId", ids[-1]], env)
        _timed([ATLAS, "-P", "local", *delete, "--invitationId", ids[-2]], env)
        for i in range(rounds):
            for case, command in cases.items():
                seconds, done = _timed(command(i), env)
                result.seconds.setdefault(case, []).append(seconds)
                result.commands[case] = " ".join(command(0)[1:] if case == "baseline" else command(0))
                if done.returncode != 0:
                    result.failures.append(f"{case}: exit {done.returncode}: {done.stderr.decode()[-300:]}")
    finally:
        process.terminate()
        process.wait(timeout=30)
    return result


def report_lines(result: Startup) -> list[str]:
    out = [
        f"Each command run {result.rounds} times as a new process, the cases interleaved round by round; "
        "median wall time, and its ratio to the baseline's median from the same rounds.",
        "",
        "| case | command | median ms | min ms | vs baseline | target | result |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for case, times in result.seconds.items():
        target = TARGETS.get(case)
        verdict = "-" if target is None else ("PASS" if result.ratio(case) <= target else "**FAIL**")
        out.append(
            f"| {case} | `{result.commands[case]}` | {result.median_ms(case):.0f} | {min(times) * 1000:.0f} | "
            f"{result.ratio(case):.2f}x | {f'≤ {target}x' if target else '-'} | {verdict} |"
        )
    if result.failures:
        out += ["", f"**{len(result.failures)} runs failed**, e.g. `{result.failures[0]}`"]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="atlas-cli-bench-") as work:
        result = measure(Path(work), args.rounds)
    print("\n".join(report_lines(result)))
    return 1 if result.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
