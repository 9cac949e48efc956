"""Replay the real MongoDB Cloud's recorded invitation scenarios against our server, step by step.

The recordings (``../shared/reference/recordings``, README there) are the responses the real Atlas Admin API v2
gave to the public ``atlas`` CLI's end-to-end tests. For every recorded step we rebuild the request (method and
path from the file name, the recorded ids replaced by the ids our server gave to the same resources, and a body
inferred from the recorded response, since request bodies are not recorded), send it with Digest auth and
``Accept: application/vnd.atlas.2023-01-01+json``, and compare:

* the status code and reason phrase;
* every recorded header except the ones naming MongoDB's own servers (``Server``, ``X-Java-*``, ``X-Envoy-*``,
  ``X-Mongodb-Service-Version``) and the per-message ones (``Date``, ``Content-Length``): same value, except
  ``Ratelimit-Remaining`` (must go down by exactly what the recording went down) and ``Strict-Transport-Security``
  (TLS only: it must be absent here, over plain http). We also refuse headers the recording does not have;
* the body: compact JSON, the same keys in the same order at every level, the same JSON types, and the same
  values, where ids are compared through the id mapping (and must be 24 lowercase hex), timestamps must be
  ``YYYY-MM-DDTHH:MM:SSZ`` with ``expiresAt - createdAt`` exactly 30 days, and ``inviterUsername`` must be our API
  key's public key (the recording shows the real key ``nmtxqlkl``: API keys invite under their public key).

The server clock is replayed too: before each step it is set to the step's recorded ``Date``, so ``createdAt`` and
``expiresAt`` must equal the recorded values (to the second, give or take the one second a request may straddle),
and rate-limit buckets see the same time gaps the real ones saw.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from snaphost import Recording, outside_steps, step, step_names

from support.server import LocalServer

RECORDINGS = Path(
    os.environ.get("ATLAS_RECORDINGS")
    or Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "recordings"
)
V2_ACCEPT = "application/vnd.atlas.2023-01-01+json"

# Headers that name MongoDB's own servers or belong to one message only: not part of the contract.
NOT_CONTRACT = re.compile(r"^(server|date|content-length|x-java-.*|x-envoy-.*|x-mongodb-service-version)$")
# Headers our transport may add although the recording has none (uvicorn's own; HTTP/1.1 framing).
TRANSPORT = {"server", "date", "content-length", "transfer-encoding", "connection", "keep-alive"}
TLS_ONLY = {"strict-transport-security"}

HEX_ID = re.compile(r"^[0-9a-f]{24}$")
ISO_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
ID_KEYS = {"id", "orgId", "groupId"}
TIME_KEYS = {"createdAt", "expiresAt"}
THIRTY_DAYS = 30 * 86_400
# The recorded organization placeholder (README): it stands for the organization the test runs in.
RECORDED_ORG_PLACEHOLDER = "a0123456789abcdef012345a"


@dataclass(frozen=True)
class Scenario:
    key: str
    suite: str
    test: str
    steps: tuple[str, ...]  # in the order the real CLI test ran them (not the folders' alphabetical order)

    @property
    def folder(self) -> Path:
        return RECORDINGS / self.suite / self.test


SCENARIOS = {
    s.key: s
    for s in (
        Scenario(
            "org",
            "atlasorginvitations",
            "TestAtlasOrgInvitations",
            (
                "Invite",
                "Invite_with_File",
                "Invite_with_File#01",
                "List",
                "Describe",
                "Update_by_email",
                "Update_by_ID",
                "Update_with_File",
                "Update_with_File#01",
                "Delete",
                "Delete_Invitation_from_File_Test",
            ),
        ),
        Scenario(
            "project",
            "atlasprojectinvitations",
            "TestAtlasProjectInvitations",
            ("Invite", "List", "Describe", "Update_by_email", "Update_by_ID", "Delete"),
        ),
    )
}
STEPS = [(scenario.key, index, name) for scenario in SCENARIOS.values() for index, name in enumerate(scenario.steps)]


def _require_recordings() -> None:
    if not RECORDINGS.is_dir():
        pytest.skip(f"recordings not found at {RECORDINGS}; set ATLAS_RECORDINGS to the recordings folder")


def _iso_seconds(text: str) -> int:
    return int(datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _only(recordings: list[Recording], where: str) -> Recording:
    assert len(recordings) == 1, f"{where}: expected one recorded response, found {len(recordings)}"
    return recordings[0]


# --- Replaying ------------------------------------------------------------------------------------


@dataclass
class Exchange:
    """One replayed step: the recording, what we sent, and what our server answered (or why we could not send)."""

    step: str
    recording: Recording
    method: str = ""
    path: str = ""
    body: dict[str, Any] | None = None
    response: httpx.Response | None = None
    not_sent: str | None = None


@dataclass
class Replay:
    scenario: Scenario
    public_key: str
    ids: dict[str, str] = field(default_factory=dict)  # recorded id -> our id
    exchanges: list[Exchange] = field(default_factory=list)


def _infer_body(recording: Recording) -> dict[str, Any] | None:
    """The request body, from the response it produced: the roles it shows, and the username when the path
    does not name the invitation (create, or update by username)."""
    if recording.method not in ("POST", "PATCH"):
        return None
    shown = recording.json()
    body: dict[str, Any] = {"roles": shown["roles"]}
    if recording.segments[-1] == "invites":
        body["username"] = shown["username"]
    return body


def _our_path(recording: Recording, ids: dict[str, str]) -> str:
    parts = []
    for segment in recording.segments:
        if HEX_ID.fullmatch(segment):
            if segment not in ids:
                raise LookupError(f"recorded id {segment} was never created by an earlier step")
            segment = ids[segment]
        parts.append(segment)
    return "/" + "/".join(parts)


def replay(scenario: Scenario, server: LocalServer) -> Replay:
    recordings = [(name, _only(step(scenario.folder, name), name)) for name in scenario.steps]
    set_up = list(outside_steps(scenario.folder))
    server.set_time(_iso(recordings[0][1].date))

    # Set-up: the organization the test runs in, and the project the real test created through the API.
    shown = [r.json() for _, r in recordings if r.body]
    org_names = [body["orgName"] for body in shown if isinstance(body, dict) and "orgName" in body]
    projects = [r.json() for r in set_up if r.method == "POST" and r.segments == ["api", "atlas", "v2", "groups"]]
    document = {
        "orgs": [
            {
                "name": org_names[0] if org_names else "Atlas CLI E2E",
                "projects": [{"name": p["name"]} for p in projects],
                "apiKeys": [{"description": "fidelity replay", "orgRoles": ["ORG_OWNER"]}],
            }
        ]
    }
    org = server.fixtures(document)["orgs"][0]
    key = org["apiKeys"][0]
    result = Replay(scenario, key["publicKey"], {RECORDED_ORG_PLACEHOLDER: org["id"]})
    for recorded, ours in zip(projects, org["projects"], strict=True):
        result.ids[recorded["id"]] = ours["id"]

    client = server.digest(key["publicKey"], key["privateKey"], accept=V2_ACCEPT)
    for name, recording in recordings:
        exchange = Exchange(name, recording, recording.method)
        result.exchanges.append(exchange)
        try:
            exchange.path = _our_path(recording, result.ids)
        except LookupError as problem:
            exchange.not_sent = str(problem)
            continue
        exchange.body = _infer_body(recording)
        server.set_time(_iso(recording.date))
        exchange.response = client.request(
            recording.method,
            exchange.path,
            content=None if exchange.body is None else json.dumps(exchange.body),
            headers={"Content-Type": V2_ACCEPT} if exchange.body is not None else None,
        )
        if recording.method == "POST" and exchange.response.status_code == recording.status == 200:
            result.ids.setdefault(recording.json()["id"], exchange.response.json()["id"])
    return result


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Replay]]:
    """Each scenario replayed once, on its own fresh server, on first use."""
    cache: dict[str, Replay] = {}
    servers: list[LocalServer] = []

    def get(key: str) -> Replay:
        _require_recordings()
        if key not in cache:
            server = LocalServer(tmp_path_factory.mktemp(f"fidelity-{key}") / "data").start()
            servers.append(server)
            cache[key] = replay(SCENARIOS[key], server)
        return cache[key]

    yield get
    for server in servers:
        server.stop()


# --- Comparing ------------------------------------------------------------------------------------


def _previous_sent(replayed: Replay, index: int) -> Exchange | None:
    for earlier in reversed(replayed.exchanges[:index]):
        if earlier.response is not None:
            return earlier
    return None


def _compare_headers(replayed: Replay, index: int, problems: list[str]) -> None:
    exchange = replayed.exchanges[index]
    recording, response = exchange.recording, exchange.response
    assert response is not None
    for name, recorded_value in recording.headers:
        lower = name.lower()
        ours = response.headers.get(lower)
        if NOT_CONTRACT.match(lower):
            continue
        if lower in TLS_ONLY:
            if ours is not None:
                problems.append(f"header {name}: must be absent over plain http, got {ours!r}")
            continue
        if ours is None:
            problems.append(f"header {name}: missing (recorded {recorded_value!r})")
        elif lower == "ratelimit-remaining":
            _compare_remaining(replayed, index, ours, problems)
        elif ours != recorded_value:
            problems.append(f"header {name}: expected {recorded_value!r}, got {ours!r}")
    recorded_names = set(recording.header_names())
    for name in response.headers:
        if name not in recorded_names and name not in TRANSPORT:
            problems.append(f"header {name}: not in the recording, got {response.headers[name]!r}")


def _compare_remaining(replayed: Replay, index: int, ours: str, problems: list[str]) -> None:
    recording = replayed.exchanges[index].recording
    recorded = int(recording.header("Ratelimit-Remaining") or "")
    if not ours.isdigit():
        problems.append(f"header Ratelimit-Remaining: not a count: {ours!r}")
        return
    previous = _previous_sent(replayed, index)
    if previous is None:
        if int(ours) != recorded:
            problems.append(f"header Ratelimit-Remaining: expected {recorded} on a fresh bucket, got {ours}")
        return
    assert previous.response is not None
    before_ours = previous.response.headers.get("ratelimit-remaining", "")
    before_recorded = int(previous.recording.header("Ratelimit-Remaining") or "")
    if not before_ours.isdigit():
        return  # already reported at that step
    if int(before_ours) - int(ours) != before_recorded - recorded:
        gap = recording.date - previous.recording.date
        problems.append(
            f"header Ratelimit-Remaining: expected {int(before_ours) - (before_recorded - recorded)} "
            f"({before_ours} at step {previous.step} minus {before_recorded - recorded}, as recorded "
            f"{before_recorded} -> {recorded} over {gap} s), got {ours}"
        )


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return {dict: "object", list: "array", str: "string", type(None): "null"}[type(value)]


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Keep the key order of the text (dicts do), and notice repeated keys.
    result = dict(pairs)
    assert len(result) == len(pairs), f"repeated keys in {pairs!r}"
    return result


def _compare_value(
    replayed: Replay, key: str | None, recorded: Any, ours: Any, where: str, problems: list[str]
) -> None:
    if _json_type(recorded) != _json_type(ours):
        problems.append(f"{where}: expected a JSON {_json_type(recorded)}, got {ours!r}")
        return
    if isinstance(recorded, dict):
        if list(recorded) != list(ours):
            problems.append(f"{where}: keys expected {list(recorded)} (in this order), got {list(ours)}")
        for name in recorded:
            if name in ours:
                _compare_value(replayed, name, recorded[name], ours[name], f"{where}.{name}", problems)
        if all(k in recorded and k in ours for k in TIME_KEYS):
            _compare_lifetime(ours, where, problems)
        return
    if isinstance(recorded, list):
        if len(recorded) != len(ours):
            problems.append(f"{where}: expected {len(recorded)} items, got {len(ours)}")
        for position, (rec_item, our_item) in enumerate(zip(recorded, ours, strict=False)):
            _compare_value(replayed, key, rec_item, our_item, f"{where}[{position}]", problems)
        return
    if key in ID_KEYS:
        if not HEX_ID.fullmatch(ours):
            problems.append(f"{where}: expected 24 lowercase hex digits, got {ours!r}")
        mapped = replayed.ids.get(recorded)
        if mapped is None:
            problems.append(f"{where}: recorded id {recorded} stands for no resource of ours (got {ours!r})")
        elif ours != mapped:
            problems.append(f"{where}: expected {mapped} (our id for recorded {recorded}), got {ours!r}")
    elif key in TIME_KEYS:
        if not ISO_SECOND.fullmatch(ours):
            problems.append(f"{where}: expected YYYY-MM-DDTHH:MM:SSZ, got {ours!r}")
        elif abs(_iso_seconds(ours) - _iso_seconds(recorded)) > 1:
            problems.append(f"{where}: expected {recorded} (the recorded time, clock replayed), got {ours!r}")
    elif key == "inviterUsername":
        if ours != replayed.public_key:
            problems.append(f"{where}: expected our API key's public key {replayed.public_key!r}, got {ours!r}")
        if re.sub("[a-z]", "a", ours) != re.sub("[a-z]", "a", recorded):
            problems.append(f"{where}: expected the shape of the recorded public key {recorded!r}, got {ours!r}")
    elif ours != recorded:
        problems.append(f"{where}: expected {recorded!r}, got {ours!r}")


def _compare_lifetime(ours: dict[str, Any], where: str, problems: list[str]) -> None:
    created, expires = ours["createdAt"], ours["expiresAt"]
    both_iso = all(isinstance(t, str) and ISO_SECOND.fullmatch(t) for t in (created, expires))
    if both_iso and _iso_seconds(expires) - _iso_seconds(created) != THIRTY_DAYS:
        problems.append(f"{where}: expiresAt {expires} is not createdAt {created} + 30 days")


def _compare_body(replayed: Replay, index: int, problems: list[str]) -> None:
    exchange = replayed.exchanges[index]
    recording, response = exchange.recording, exchange.response
    assert response is not None
    if not recording.body:
        if response.content:
            problems.append(f"body: expected none, got {response.text[:200]!r}")
        return
    try:
        ours = json.loads(response.content, object_pairs_hook=_pairs)
    except ValueError:
        problems.append(f"body: not JSON: {response.text[:200]!r}")
        return
    if json.dumps(ours, separators=(",", ":"), ensure_ascii=False) != response.text:
        problems.append(f"body: not compact JSON: {response.text[:200]!r}")
    recorded = json.loads(recording.body, object_pairs_hook=_pairs)
    _compare_value(replayed, None, recorded, ours, "body", problems)


def differences(replayed: Replay, index: int) -> list[str]:
    exchange = replayed.exchanges[index]
    if exchange.not_sent is not None:
        return [f"could not replay: {exchange.not_sent}"]
    recording, response = exchange.recording, exchange.response
    assert response is not None
    problems: list[str] = []
    if response.status_code != recording.status:
        problems.append(f"status: expected {recording.status}, got {response.status_code}: {response.text[:300]}")
    elif response.reason_phrase != recording.reason:
        problems.append(f"reason phrase: expected {recording.reason!r}, got {response.reason_phrase!r}")
    _compare_headers(replayed, index, problems)
    _compare_body(replayed, index, problems)
    return problems


# --- Tests ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("scenario", "index", "step_name"), STEPS, ids=[f"{s}-{i + 1:02d}-{n}" for s, i, n in STEPS])
def test_step_reproduces_recording(
    replayed: Callable[[str], Replay], scenario: str, index: int, step_name: str
) -> None:
    done = replayed(scenario)
    exchange = done.exchanges[index]
    assert exchange.step == step_name
    problems = differences(done, index)
    request = f"{exchange.method} {exchange.path} {json.dumps(exchange.body) if exchange.body else ''}".rstrip()
    assert not problems, (
        f"step {step_name} ({exchange.recording.file.name}) differs from the real cloud's answer\n"
        f"  request: {request}\n  " + "\n  ".join(problems)
    )


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_step_order_is_the_recorded_order(scenario: str) -> None:
    """Our step list names every recorded step once, in the order the recording itself shows (by Date and by
    the real server's Ratelimit-Remaining counting down)."""
    _require_recordings()
    chosen = SCENARIOS[scenario]
    assert sorted(chosen.steps) == step_names(chosen.folder)
    recordings = [_only(step(chosen.folder, name), name) for name in chosen.steps]
    dates = [r.date for r in recordings]
    assert dates == sorted(dates)
    remaining = [int(r.header("Ratelimit-Remaining") or "") for r in recordings]
    assert remaining == list(range(remaining[0], remaining[0] - len(remaining), -1))


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_recordings_are_what_the_replay_assumes(scenario: str) -> None:
    """Facts of the recordings this test relies on, so a changed recording is noticed here and not as a
    puzzling replay failure: compact, key-sorted JSON; a fresh bucket at the first step; no errors."""
    _require_recordings()
    chosen = SCENARIOS[scenario]
    for name in chosen.steps:
        recording = _only(step(chosen.folder, name), name)
        assert recording.status in (200, 204), name
        assert recording.header("Content-Type") == "application/vnd.atlas.2023-01-01+json;charset=utf-8", name
        if recording.body:
            parsed = json.loads(recording.body, object_pairs_hook=_pairs)
            assert json.dumps(parsed, separators=(",", ":"), sort_keys=True, ensure_ascii=False) == recording.text
    first = _only(step(chosen.folder, chosen.steps[0]), chosen.steps[0])
    assert int(first.header("Ratelimit-Remaining") or "") == int(first.header("Ratelimit-Limit") or "") - 1


# --- The comparison itself: it must notice each kind of difference (no server needed) --------------


def _echo(recording: Recording) -> httpx.Response:
    """The recorded answer as our server would send it over plain http (no Strict-Transport-Security)."""
    return httpx.Response(
        recording.status,
        headers=[(k, v) for k, v in recording.headers if k.lower() not in TLS_ONLY],
        content=recording.body,
        request=httpx.Request(recording.method, "http://127.0.0.1" + recording.path),
    )


def _echo_of(
    response: httpx.Response, *, drop: tuple[str, ...] = (), add: tuple[tuple[str, str], ...] = ()
) -> httpx.Response:
    """``response`` without the headers in ``drop``, and with those in ``add`` (replacing any of that name)."""
    removed = {name.lower() for name in drop} | {name.lower() for name, _ in add}
    headers = [(k, v) for k, v in response.headers.items() if k not in removed]
    return httpx.Response(
        response.status_code, headers=[*headers, *add], content=response.content, request=response.request
    )


def _with_body(response: httpx.Response, change: Callable[[dict[str, Any]], Any], **dumps: Any) -> httpx.Response:
    body = change(json.loads(response.content, object_pairs_hook=_pairs))
    text = json.dumps(body, **({"separators": (",", ":")} | dumps)).encode()
    headers = [(k, v) for k, v in response.headers.items() if k != "content-length"]
    return httpx.Response(response.status_code, headers=headers, content=text, request=response.request)


def _replace(key: str, value: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda body: {k: (value if k == key else v) for k, v in body.items()}


MUTATIONS: dict[str, tuple[Callable[[httpx.Response], httpx.Response], str]] = {
    "identical": (lambda r: r, ""),
    "hsts-over-plain-http": (lambda r: _echo_of(r, add=(("Strict-Transport-Security", "max-age=1"),)), "absent"),
    "security-header-missing": (lambda r: _echo_of(r, drop=("X-Frame-Options",)), "X-Frame-Options: missing"),
    "sunset-differs": (lambda r: _echo_of(r, add=(("Sunset", "Wed, 1 Jul 2026 00:00:00 GMT"),)), "Sunset: expected"),
    "content-type-differs": (
        lambda r: _echo_of(r, add=(("Content-Type", "application/vnd.atlas.2023-01-01+json"),)),
        "Content-Type: expected",
    ),
    "extra-header": (lambda r: _echo_of(r, add=(("X-Error-Code", "NONE"),)), "not in the recording"),
    "remaining-not-counting-down": (
        lambda r: _echo_of(r, add=(("Ratelimit-Remaining", "499"),)),
        "Ratelimit-Remaining: expected 495",  # recorded 499 at Invite, 495 at Describe
    ),
    "status-differs": (
        lambda r: httpx.Response(201, headers=r.headers, content=r.content, request=r.request),
        "status: expected 200",
    ),
    "keys-out-of-order": (lambda r: _with_body(r, lambda b: dict(reversed(list(b.items())))), "in this order"),
    "key-missing": (lambda r: _with_body(r, lambda b: {k: v for k, v in b.items() if k != "teamIds"}), "keys"),
    "not-compact": (lambda r: _with_body(r, lambda b: b, indent=2), "not compact"),
    "wrong-type": (lambda r: _with_body(r, _replace("teamIds", None)), "expected a JSON array"),
    "role-differs": (lambda r: _with_body(r, _replace("roles", ["ORG_OWNER"])), "body.roles[0]: expected"),
    "id-not-hex": (lambda r: _with_body(r, _replace("id", "6A793F89C0EB9E7A177165B6")), "24 lowercase hex"),
    "not-thirty-days": (lambda r: _with_body(r, _replace("expiresAt", "2026-09-10T03:03:37Z")), "+ 30 days"),
    "time-format": (lambda r: _with_body(r, _replace("createdAt", "2026-08-10T03:03:37.000Z")), "YYYY-MM-DD"),
    "inviter-not-the-key": (lambda r: _with_body(r, _replace("inviterUsername", "me@example.com")), "public key"),
}


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_comparison_notices(mutation: str) -> None:
    """Replaying the recording itself matches; each kind of difference from it is reported."""
    _require_recordings()
    org = SCENARIOS["org"]
    invite, describe = (_only(step(org.folder, name), name) for name in ("Invite", "Describe"))
    ids = {RECORDED_ORG_PLACEHOLDER: RECORDED_ORG_PLACEHOLDER, invite.json()["id"]: invite.json()["id"]}
    change, expected = MUTATIONS[mutation]
    fake = Replay(org, public_key=invite.json()["inviterUsername"], ids=ids)
    fake.exchanges = [
        Exchange("Invite", invite, response=_echo(invite)),
        Exchange("Describe", describe, response=change(_echo(describe))),
    ]
    problems = differences(fake, 1)
    if expected:
        assert any(expected in problem for problem in problems), problems
    else:
        assert problems == []
