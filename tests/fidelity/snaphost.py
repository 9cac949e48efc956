"""Reader for the recorded real MongoDB Cloud responses (``../shared/reference/recordings``).

The recordings come from the end-to-end tests of the public ``mongodb/mongodb-atlas-cli`` repository
(``test/e2e/.../testdata/.snapshots/<Test>/<Step>/``). Each ``.snaphost`` file is one HTTP response:

    HTTP/2.0 200 OK
    Content-Type: application/vnd.atlas.2023-01-01+json;charset=utf-8
    ...
    <blank line>
    <body, possibly empty>

and its name says the request: ``<METHOD>_<path with / as _>_<n>.snaphost`` (``n`` counts requests of the same
method and path within one step). A path segment that itself contains ``_`` cannot be told apart from two
segments; none of the invitation recordings has one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

SUFFIX = ".snaphost"
_NAME = re.compile(r"^(?P<method>[A-Z]+)_(?P<path>.+)_(?P<n>\d+)$")
_STATUS_LINE = re.compile(r"^HTTP/(?P<version>[\d.]+) (?P<status>\d{3})(?: (?P<reason>.*))?$")


class SnaphostError(ValueError):
    """A recording file that does not have the expected form."""


@dataclass(frozen=True, slots=True)
class Recording:
    """One recorded response and the request its file name describes."""

    file: Path
    method: str
    path: str  # "/api/atlas/v2/orgs/<id>/invites", as recorded (placeholder and real ids included)
    sequence: int
    http_version: str
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]  # in file order, names as written
    body: bytes

    @property
    def segments(self) -> list[str]:
        return self.path.strip("/").split("/")

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (case-insensitive); ``None`` when absent. Refuses repeated headers."""
        values = [value for key, value in self.headers if key.lower() == name.lower()]
        if len(values) > 1:
            raise SnaphostError(f"{self.file.name}: header {name} appears {len(values)} times")
        return values[0] if values else None

    def header_names(self) -> list[str]:
        return [key.lower() for key, _ in self.headers]

    @property
    def date(self) -> int:
        """The recorded ``Date`` header as epoch seconds."""
        value = self.header("Date")
        if value is None:
            raise SnaphostError(f"{self.file.name}: no Date header")
        return int(parsedate_to_datetime(value).timestamp())

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)


def request_from_name(name: str) -> tuple[str, str, int]:
    """``"DELETE_api_atlas_v2_orgs_<id>_invites_<id>_1.snaphost"`` -> ``("DELETE", "/api/.../<id>", 1)``."""
    stem = name[: -len(SUFFIX)] if name.endswith(SUFFIX) else name
    match = _NAME.match(stem)
    if match is None:
        raise SnaphostError(f"not a recording file name: {name}")
    return match["method"], "/" + match["path"].replace("_", "/"), int(match["n"])


def parse(data: bytes, file: Path) -> Recording:
    """Parse the bytes of one recording file named ``file``."""
    method, path, sequence = request_from_name(file.name)
    head, separator, body = data.partition(b"\n\n")
    if not separator:
        raise SnaphostError(f"{file.name}: no blank line between headers and body")
    lines = head.decode("utf-8").split("\n")
    status = _STATUS_LINE.match(lines[0].rstrip("\r"))
    if status is None:
        raise SnaphostError(f"{file.name}: bad status line {lines[0]!r}")
    headers = []
    for line in lines[1:]:
        name, colon, value = line.rstrip("\r").partition(":")
        if not colon or not name or name != name.strip():
            raise SnaphostError(f"{file.name}: bad header line {line!r}")
        headers.append((name, value.strip()))
    return Recording(
        file=file,
        method=method,
        path=path,
        sequence=sequence,
        http_version=status["version"],
        status=int(status["status"]),
        reason=status["reason"] or "",
        headers=tuple(headers),
        body=body,
    )


def load(file: Path) -> Recording:
    return parse(file.read_bytes(), file)


def step_names(test_dir: Path) -> list[str]:
    """The step folders of one recorded test, sorted by name (not the order the test ran them in)."""
    return sorted(entry.name for entry in test_dir.iterdir() if entry.is_dir())


def step(test_dir: Path, name: str) -> list[Recording]:
    """The responses recorded in one step, ordered by the request sequence number then file name."""
    recordings = [load(file) for file in (test_dir / name).iterdir() if file.name.endswith(SUFFIX)]
    return sorted(recordings, key=lambda r: (r.sequence, r.file.name))


def outside_steps(test_dir: Path) -> Iterator[Recording]:
    """Responses recorded directly in the test folder, outside any step (set-up such as creating a project)."""
    for file in sorted(test_dir.iterdir()):
        if file.is_file() and file.name.endswith(SUFFIX):
            yield load(file)
