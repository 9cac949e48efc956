"""What every ``atlas`` command that talks to an API shares: the selected profile (``-P``,
``MONGODB_ATLAS_PROFILE`` ...), the credentials and base URL it resolves to, ``-D/--debug``, and one HTTP
client opened on first use.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

from atlas_access.cli._errors import CliError

if TYPE_CHECKING:
    import httpx

    from atlas_access.client import AtlasClient, PreparedRequest
    from atlas_access.client.profiles import Profile

__all__ = ["Globals", "Session", "session"]

UNAUTHORIZED = (
    "unauthorized\n\nTo log in using your Atlas username and password or to set credentials using a Service "
    "account or API keys, run: atlas auth login"
)
TIMEOUT_SECONDS = 30.0


@dataclass
class Globals:
    """The persistent flags, accepted anywhere on the command line (as cobra accepts them)."""

    profile_flag: str | None = None
    debug: bool = False


class _ProfileTokenStore:
    """Keeps a service account's access token in its profile until it expires (as the real CLI does).

    Only for the profile's own service account: a token is never cached for, nor reused by, credentials
    that came from the environment, so a token cannot outlive a change of the client id it was minted for.
    """

    def __init__(self, profile: Profile) -> None:
        self._profile = profile

    @property
    def _own(self) -> bool:
        return bool(self._profile.client_id) and self._profile.stored.get("client_id") == self._profile.client_id

    def load(self) -> str | None:
        return self._profile.stored.get("access_token") if self._own else None

    def save(self, access_token: str) -> None:
        if not self._own:
            return
        from atlas_access.client.profiles import ConfigError, save_profile

        try:
            save_profile(self._profile.name, {"access_token": access_token})
        except ConfigError as problem:  # a read-only config: the token is simply not kept
            click.echo(f"warning: the access token could not be kept in the profile: {problem}", err=True)


@dataclass
class Session:
    globals: Globals
    profile: Profile
    _client: AtlasClient | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        return self.profile.base_url

    def client(self) -> AtlasClient:
        """The SDK client for the profile's base URL and credentials (opened once). It sends each request once,
        as the real CLI does (no retries)."""
        if self._client is None:
            from atlas_access.client import AtlasClient, RetryPolicy

            profile = self.profile
            hooks = None
            if self.globals.debug:
                from atlas_access.cli._debug import event_hooks

                hooks = event_hooks()
            service_account = bool(profile.client_id and profile.client_secret)
            self._client = AtlasClient(
                self.base_url,
                public_api_key=profile.public_api_key,
                private_api_key=profile.private_api_key,
                client_id=profile.client_id,
                client_secret=profile.client_secret,
                access_token=profile.access_token,
                timeout=TIMEOUT_SECONDS,
                retry=RetryPolicy(max_retries=0),
                token_store=_ProfileTokenStore(profile) if service_account else None,
                event_hooks=hooks,
            )
        return self._client

    def send(self, request: PreparedRequest) -> httpx.Response:
        """Send a prepared request with the profile's credentials; transport failures become ``CliError``."""
        with self.talking():
            return self.client().send(request)

    @contextmanager
    def talking(self) -> Iterator[None]:
        """Turn transport failures into messages a user can act on; never a traceback."""
        import httpx

        try:
            yield
        except httpx.TimeoutException:
            raise CliError(f"{self.base_url} did not answer within {TIMEOUT_SECONDS:g} seconds") from None
        except httpx.ConnectError as problem:
            raise CliError(_connect_message(self.base_url, problem)) from None
        except httpx.HTTPError as problem:
            raise CliError(f"request to {self.base_url} failed: {problem}") from None
        except Exception as problem:
            from authlib.integrations.base_client import OAuthError

            if not isinstance(problem, OAuthError):
                raise
            if problem.error == "invalid_client":
                raise CliError(UNAUTHORIZED) from None
            raise CliError(
                f"could not get an access token: {problem.error} {problem.description or ''}".strip()
            ) from None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


def _connect_message(base_url: str, problem: Exception) -> str:
    text = str(problem)
    if "CERTIFICATE_VERIFY_FAILED" in text or "SSL" in text or "TLS" in text:
        return f"TLS failure talking to {base_url}: {text}"
    return f"cannot reach {base_url}: {text or type(problem).__name__}"


def session(ctx: click.Context) -> Session:
    """The session of this invocation, made on first use from the root context's ``Globals``."""
    root = ctx.find_root()
    found = root.meta.get("atlas.session")
    if isinstance(found, Session):
        return found
    from atlas_access.client.profiles import ConfigError, load_profile

    globals_ = root.obj if isinstance(root.obj, Globals) else Globals()
    try:
        profile = load_profile(globals_.profile_flag)
        profile.base_url  # noqa: B018 -- resolves (and validates) the service now, not mid-request
    except ConfigError as problem:
        raise CliError(str(problem)) from None
    made = Session(globals_, profile)
    root.meta["atlas.session"] = made
    root.call_on_close(made.close)
    return made
