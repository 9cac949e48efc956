"""``atlas-access requests``: a running server's request journal (docs/journal.md), one line a request or JSON
lines, once or following it. It asks the local API (``GET /api/local/v1/requests``), with the URL and admin token
of ``DATA_DIR/bootstrap.json`` unless given."""

import json
import time
from pathlib import Path
from typing import Any

import click
import httpx

from atlas_access.server.command_options import data_dir_option

PATH = "/api/local/v1/requests"
TIMEOUT_SECONDS = 10.0
HEADER = f"{'ID':>6}  {'TIME (UTC)':<24}  {'METHOD':<7} {'STATUS':>6} {'MS':>8}  REQUEST"


class Journal:
    """The local API's journal calls on one server."""

    def __init__(self, url: str, admin_token: str) -> None:
        self.url = url.rstrip("/")
        self.client = httpx.Client(
            base_url=self.url,
            headers={"Authorization": f"Bearer {admin_token}"},
            timeout=TIMEOUT_SECONDS,
            trust_env=False,
        )

    def read(self, filters: dict[str, str]) -> dict[str, Any]:
        """One page of entries: ``{"results", "lastId", "capacity"}``; ClickException saying what went wrong."""
        try:
            response = self.client.get(PATH, params=filters)
        except httpx.TransportError as problem:
            raise click.ClickException(
                f"no server answers at {self.url} ({problem}): is `atlas-access serve` running? (--url gives another)"
            ) from None
        if response.status_code == 401:
            raise click.ClickException(
                f"the server at {self.url} refused the admin token: give the one in its data directory's "
                "bootstrap.json (--data-dir), or --admin-token"
            )
        if response.status_code == 404:
            raise click.ClickException(
                f"the server at {self.url} has no request journal (started with --no-local-api, or not atlas-access)"
            )
        if response.status_code != 200:
            raise click.ClickException(f"the server at {self.url} answered {response.status_code}: {_detail(response)}")
        answer: dict[str, Any] = response.json()
        return answer


def _detail(response: httpx.Response) -> str:
    try:
        return str(response.json()["detail"])
    except (ValueError, KeyError, TypeError):
        return response.text[:200]


def connection(data_dir: Path, url: str | None, admin_token: str | None) -> Journal:
    """The server's journal, at ``url`` with ``admin_token``, or as ``DATA_DIR/bootstrap.json`` names them."""
    if url is None or admin_token is None:
        path = data_dir / "bootstrap.json"
        try:
            written = json.loads(path.read_text())
        except FileNotFoundError:
            raise click.ClickException(
                f"no {path}: give the data directory of a running server (--data-dir), or --url and --admin-token"
            ) from None
        except (OSError, ValueError) as problem:
            raise click.ClickException(f"cannot read {path}: {problem}") from None
        url = url or str(written["baseUrl"])
        admin_token = admin_token or str(written["adminToken"])
    return Journal(url, admin_token)


def line(entry: dict[str, Any]) -> str:
    """One entry on one line: id, time, method, status, duration, then the request and what is known of it."""
    target = entry["path"] + (f"?{entry['query']}" if entry["query"] else "")
    known = [
        f"op={entry['operationId']}" if entry["operationId"] else "",
        f"v={entry['version']}" if entry["version"] else "",
        f"by={entry['principal']}" if entry["principal"] else "",
        f"error={entry['errorCode']}" if entry["errorCode"] else "",
        f'why="{entry["authFailure"]}"' if entry["authFailure"] else "",
    ]
    head = f"{entry['id']:>6}  {entry['time']:<24}  {entry['method']:<7} {entry['status']:>6} "
    head += f"{entry['durationMs']:>8.1f}"
    return "  ".join([head, target, *(part for part in known if part)])


def _next_since(answer: dict[str, Any], filters: dict[str, str]) -> str:
    """Where the next poll starts: after the last entry shown when a ``since`` page was cut at the limit, else
    after the newest entry the server recorded."""
    results = answer["results"]
    if "since" in filters and "limit" in filters and len(results) == int(filters["limit"]):
        return str(results[-1]["id"])
    return str(answer["lastId"])


@click.command("requests")
@data_dir_option("The server's data directory, whose bootstrap.json gives its URL and admin token.")
@click.option("--url", help="The server's base URL (default: baseUrl of DATA_DIR/bootstrap.json).")
@click.option(
    "--admin-token",
    envvar="ATLAS_ACCESS_ADMIN_TOKEN",
    help="The local API's admin token (default: adminToken of DATA_DIR/bootstrap.json).",
)
@click.option("--operation-id", help="Only requests this operation served (listOrgInvites ...).")
@click.option("--method", help="Only requests with this method.")
@click.option("--path", help="Only requests whose (masked) path starts with this.")
@click.option("--status", help="Only answers with this status: 401, or 4xx (x matches any digit).")
@click.option("--error-code", help="Only error answers with this errorCode.")
@click.option("--principal", help="Only requests of this public key or client id, or type (API_KEY ...), or none.")
@click.option("--since", help="Only entries after this id, or at or after this time (ISO 8601, real clock).")
@click.option(
    "--limit", type=click.IntRange(min=1), help="At most this many: the newest, or with --since the oldest after it."
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line, as GET /api/local/v1/requests shows.")
@click.option("--follow", "-f", is_flag=True, help="Keep polling for new requests until interrupted (Ctrl-C).")
@click.option(
    "--interval",
    type=click.FloatRange(0.1, 60.0),
    default=1.0,
    show_default=True,
    metavar="SECONDS",
    help="With --follow: how long to wait between polls.",
)
@click.option("--max-polls", type=click.IntRange(min=1), hidden=True, help="With --follow: stop after this many.")
def requests(
    data_dir: Path,
    url: str | None,
    admin_token: str | None,
    operation_id: str | None,
    method: str | None,
    path: str | None,
    status: str | None,
    error_code: str | None,
    principal: str | None,
    since: str | None,
    limit: int | None,
    as_json: bool,
    follow: bool,
    interval: float,
    max_polls: int | None,
) -> None:
    """Show the requests a running server answered, oldest first: time, method, status, duration, path and query
    (an invitation link's token and secret parameters masked), the operation, the API version, the caller, the
    errorCode and, for a 401, why it was refused. The server keeps the newest entries in memory
    (GET /api/local/v1/requests; DELETE clears them)."""
    journal = connection(data_dir, url, admin_token)
    given = {
        "operationId": operation_id,
        "method": method,
        "path": path,
        "status": status,
        "errorCode": error_code,
        "principal": principal,
        "since": since,
        "limit": str(limit) if limit is not None else None,
    }
    filters = {name: value for name, value in given.items() if value is not None}
    polls = 0
    try:
        while True:
            answer = journal.read(filters)
            polls += 1
            header = not as_json and polls == 1 and (follow or bool(answer["results"]))
            _show(answer["results"], as_json=as_json, header=header)
            if not follow:
                if not answer["results"] and not as_json:
                    click.echo("No requests recorded match." if filters else "No requests recorded.")
                return
            if max_polls is not None and polls >= max_polls:
                return
            following = _next_since(answer, filters)
            if "since" in filters and filters["since"].isdigit() and int(following) < int(filters["since"]):
                click.echo("The server restarted: following its new entries.", err=True)
                following = "0"
            filters["since"] = following
            time.sleep(interval)
    except KeyboardInterrupt:  # Ctrl-C ends --follow
        return
    finally:
        journal.client.close()


def _show(entries: list[dict[str, Any]], *, as_json: bool, header: bool) -> None:
    if as_json:
        for entry in entries:
            click.echo(json.dumps(entry, sort_keys=True, ensure_ascii=False))
    elif header or entries:
        click.echo("\n".join(([HEADER] if header else []) + [line(entry) for entry in entries]))
