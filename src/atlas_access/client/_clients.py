"""``AtlasClient`` and ``AsyncAtlasClient``: the Admin API over httpx, authenticated, with retries.

Credentials come from the arguments, else the ``MONGODB_ATLAS_*`` environment variables, else (when
``profile=`` names one) an ``atlas`` CLI profile; the base URL likewise, defaulting to MongoDB Cloud.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, TypedDict, Unpack

import httpx

from atlas_access.client._agent import USER_AGENT
from atlas_access.client._auth import Credentials, TokenStore, open_async_http_client, open_http_client
from atlas_access.client._call import build_call, parse_answer
from atlas_access.client._request import PreparedRequest
from atlas_access.client._retry import RetryPolicy
from atlas_access.client.api import _groups as groups
from atlas_access.client.profiles import Profile, environment_profile, load_profile

__all__ = ["AsyncAtlasClient", "AtlasClient", "CredentialOptions"]

DEFAULT_TIMEOUT = 30.0


def _resolve(base_url: str | None, credentials: Credentials, profile: str | None) -> tuple[str, Credentials]:
    """Explicit values first, then the environment, then the named profile (which includes the environment)."""
    source: Profile = load_profile(profile) if profile is not None else environment_profile()
    if credentials.kind is None:
        credentials = Credentials(
            public_api_key=source.public_api_key,
            private_api_key=source.private_api_key,
            client_id=source.client_id,
            client_secret=source.client_secret,
            access_token=source.access_token,
        )
    return (base_url or source.base_url).rstrip("/") + "/", credentials


def _options(
    transport: Any, timeout: float | httpx.Timeout, headers: dict[str, str] | None, hooks: Any
) -> dict[str, Any]:
    """httpx options: ``hooks`` are httpx ``event_hooks`` (the CLI's ``--debug`` dump uses them)."""
    options: dict[str, Any] = {"timeout": timeout, "headers": {"User-Agent": USER_AGENT, **(headers or {})}}
    if transport is not None:
        options["transport"] = transport
    if hooks is not None:
        options["event_hooks"] = hooks
    return options


class CredentialOptions(TypedDict, total=False):
    """A client's credentials: an API key pair, a service account's client id and secret, or an access token;
    without them the ``MONGODB_ATLAS_*`` environment variables, else the ``atlas`` CLI profile ``profile``."""

    public_api_key: str | None
    private_api_key: str | None
    client_id: str | None
    client_secret: str | None
    access_token: str | None
    profile: str | None


class _Base:
    def __init__(self, base_url: str | None, retry: RetryPolicy | None, options: CredentialOptions) -> None:
        given = Credentials(
            public_api_key=options.get("public_api_key"),
            private_api_key=options.get("private_api_key"),
            client_id=options.get("client_id"),
            client_secret=options.get("client_secret"),
            access_token=options.get("access_token"),
        )
        self.base_url, self.credentials = _resolve(base_url, given, options.get("profile"))
        self.retry = retry or RetryPolicy()

    def _wait_after(self, method: str, response: httpx.Response | None, attempt: int) -> float | None:
        if response is None:
            return self.retry.after_failure(method, attempt)
        if response.status_code != 429 and response.status_code < 500:
            return None
        return self.retry.after_status(method, response.status_code, response.headers.get("retry-after"), attempt)


def _paging(operation_id: str, items_per_page: int, page_num: int) -> dict[str, int]:
    """The paging parameters, for the operations that take them (invitation lists are bare arrays)."""
    from atlas_access import spec

    names = {p.name for p in spec.operation(operation_id).parameters}
    return {"itemsPerPage": items_per_page, "pageNum": page_num} if "pageNum" in names else {}


def _page_items(page: Any) -> tuple[list[Any], bool]:
    """(the items of one page, whether a next page exists): ``results`` and a ``next`` link, or a bare array."""
    if isinstance(page, list):
        return page, False
    if not isinstance(page, dict):
        return [], False
    links = page.get("links") or []
    has_next = any(isinstance(link, dict) and link.get("rel") == "next" for link in links)
    return list(page.get("results") or []), has_next


class AtlasClient(_Base):
    """A synchronous Admin API client.

    >>> with AtlasClient("http://127.0.0.1:8080") as client:  # credentials from MONGODB_ATLAS_*  # doctest: +SKIP
    ...     client.call("deleteOrgInvite", org_id=org, invitation_id=invitation)

    ``transport`` is any ``httpx.BaseTransport`` (``httpx.ASGITransport`` is not one: use ``httpx.MockTransport``
    or the async client for an ASGI app in process); ``token_store`` keeps a service account's token between
    clients; ``sleep`` is what waits between retries (tests pass a fake clock).
    """

    def __init__(
        self,
        base_url: str | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        token_store: TokenStore | None = None,
        headers: dict[str, str] | None = None,
        event_hooks: dict[str, list[Callable[..., Any]]] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **credentials: Unpack[CredentialOptions],
    ) -> None:
        super().__init__(base_url, retry, credentials)
        self._sleep = sleep
        self.http: httpx.Client = open_http_client(
            self.base_url,
            self.credentials,
            token_store=token_store,
            **_options(transport, timeout, headers, event_hooks),
        )
        self.organizations = groups.OrganizationsApi(self)
        self.projects = groups.ProjectsApi(self)
        self.mongo_db_cloud_users = groups.MongoDbCloudUsersApi(self)
        self.teams = groups.TeamsApi(self)
        self.programmatic_api_keys = groups.ProgrammaticApiKeysApi(self)
        self.service_accounts = groups.ServiceAccountsApi(self)
        self.events = groups.EventsApi(self)
        self.database_users = groups.DatabaseUsersApi(self)
        self.custom_database_roles = groups.CustomDatabaseRolesApi(self)
        self.x509_authentication = groups.X509AuthenticationApi(self)
        self.ldap_configuration = groups.LdapConfigurationApi(self)
        self.project_ip_access_list = groups.ProjectIpAccessListApi(self)
        self.auditing = groups.AuditingApi(self)
        self.federated_authentication = groups.FederatedAuthenticationApi(self)
        self.root = groups.RootApi(self)
        self.rate_limiting = groups.RateLimitingApi(self)
        self.limit_description = groups.LimitDescriptionApi(self)

    def call(self, operation_id: str, /, *, body: Any = None, version: str | None = None, **params: Any) -> Any:
        """Run any operation of the spec index; returns the parsed JSON (``None`` for an empty answer, the text of
        one that is not JSON, such as a certificate's PEM file).

        ``operation_id``: current, short or pre-2026 id (``"deleteProjectInvitation"``). ``params``: path and query
        parameters by spec name or in snake case. ``version`` defaults to the newest stable one.
        Raises ``AtlasError`` (a subclass chosen by status) for an error answer.
        """
        call = build_call(operation_id, params, body=body, version=version)
        return parse_answer(self.send(call.request), call.envelope)

    def send(self, request: PreparedRequest) -> httpx.Response:
        """Send a prepared request (with the retry policy) and return the answer as it is, errors included."""
        attempt = 0
        while True:
            try:
                response = self.http.request(
                    request.method, request.url, headers=dict(request.headers), content=request.content
                )
            except httpx.TransportError:
                wait = self._wait_after(request.method, None, attempt)
                if wait is None:
                    raise
            else:
                wait = self._wait_after(request.method, response, attempt)
                if wait is None:
                    return response
            self._sleep(wait)
            attempt += 1

    def paginate(
        self, operation_id: str, /, *, items_per_page: int = 100, version: str | None = None, **params: Any
    ) -> Iterator[Any]:
        """Every item of a paginated list, page after page, without counting pages."""
        page_num = 1
        while True:
            paging = _paging(operation_id, items_per_page, page_num)
            page = self.call(operation_id, version=version, **paging, **params)
            items, has_next = _page_items(page)
            yield from items
            if not has_next or not items:
                return
            page_num += 1

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> AtlasClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class AsyncAtlasClient(_Base):
    """The asyncio twin of ``AtlasClient``; ``transport`` may be ``httpx.ASGITransport(app)``."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        token_store: TokenStore | None = None,
        headers: dict[str, str] | None = None,
        event_hooks: dict[str, list[Callable[..., Any]]] | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        **credentials: Unpack[CredentialOptions],
    ) -> None:
        super().__init__(base_url, retry, credentials)
        self._sleep = sleep
        self.http: httpx.AsyncClient = open_async_http_client(
            self.base_url,
            self.credentials,
            token_store=token_store,
            **_options(transport, timeout, headers, event_hooks),
        )
        self.organizations = groups.AsyncOrganizationsApi(self)
        self.projects = groups.AsyncProjectsApi(self)
        self.mongo_db_cloud_users = groups.AsyncMongoDbCloudUsersApi(self)
        self.teams = groups.AsyncTeamsApi(self)
        self.programmatic_api_keys = groups.AsyncProgrammaticApiKeysApi(self)
        self.service_accounts = groups.AsyncServiceAccountsApi(self)
        self.events = groups.AsyncEventsApi(self)
        self.database_users = groups.AsyncDatabaseUsersApi(self)
        self.custom_database_roles = groups.AsyncCustomDatabaseRolesApi(self)
        self.x509_authentication = groups.AsyncX509AuthenticationApi(self)
        self.ldap_configuration = groups.AsyncLdapConfigurationApi(self)
        self.project_ip_access_list = groups.AsyncProjectIpAccessListApi(self)
        self.auditing = groups.AsyncAuditingApi(self)
        self.federated_authentication = groups.AsyncFederatedAuthenticationApi(self)
        self.root = groups.AsyncRootApi(self)
        self.rate_limiting = groups.AsyncRateLimitingApi(self)
        self.limit_description = groups.AsyncLimitDescriptionApi(self)

    async def call(self, operation_id: str, /, *, body: Any = None, version: str | None = None, **params: Any) -> Any:
        """As ``AtlasClient.call``."""
        call = build_call(operation_id, params, body=body, version=version)
        return parse_answer(await self.send(call.request), call.envelope)

    async def send(self, request: PreparedRequest) -> httpx.Response:
        """As ``AtlasClient.send``."""
        attempt = 0
        while True:
            try:
                response = await self.http.request(
                    request.method, request.url, headers=dict(request.headers), content=request.content
                )
            except httpx.TransportError:
                wait = self._wait_after(request.method, None, attempt)
                if wait is None:
                    raise
            else:
                wait = self._wait_after(request.method, response, attempt)
                if wait is None:
                    return response
            if self._sleep is None:
                import asyncio  # imported here: the synchronous client and the CLI never need it

                self._sleep = asyncio.sleep
            await self._sleep(wait)
            attempt += 1

    async def paginate(
        self, operation_id: str, /, *, items_per_page: int = 100, version: str | None = None, **params: Any
    ) -> AsyncIterator[Any]:
        """As ``AtlasClient.paginate``."""
        page_num = 1
        while True:
            paging = _paging(operation_id, items_per_page, page_num)
            page = await self.call(operation_id, version=version, **paging, **params)
            items, has_next = _page_items(page)
            for item in items:
                yield item
            if not has_next or not items:
                return
            page_num += 1

    async def aclose(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> AsyncAtlasClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()
