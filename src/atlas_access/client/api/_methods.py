"""An API group's methods, written once for both clients.

A method is a prototype: its signature, return type and docstring, with neither a body nor ``self``::

    @typed
    def get_org(org_id: str) -> AtlasOrganization:
        \"""One organization.\"""

The group's row of the typed-call table (``_typed_calls.Organizations.get_org``) says which operation it runs and
how its answer is read; its arguments go as the operation's parameters by name (a ``datetime`` as ISO 8601 in
UTC), ``body`` as its body. ``@walk`` marks an ``iter_*`` method, which walks the pages of the ``list_*`` method of
the same name.

A class of prototypes (``_organizations.OrganizationsApi``) becomes a group with ``ApiGroup`` or ``AsyncApiGroup``
(``_groups.py``); ``Methods`` then puts in the group each prototype's function: for a sync group a method that runs
the call and returns its answer, for an async one a coroutine (for an ``iter_*``, an ``async for`` iterator), made
once, so an alias (``delete_group_invite``) is the same function. A type checker reads the same through
``__get__``'s overloads: the prototype itself on a sync group (so its errors name the method), and on an async one
its parameters with an awaitable answer.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from typing import Any, Generic, ParamSpec, Self, TypedDict, TypeVar, overload

from atlas_access.client.api._base import ApiGroup, AsyncApiGroup, wire_time

__all__ = ["CountedPage", "Method", "Methods", "Page", "Walk", "typed", "walk"]

P = ParamSpec("P")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])
W = TypeVar("W", bound=Callable[..., Iterator[Any]])


class Page(TypedDict, total=False):
    """The page of a list to read: ``items_per_page`` (1 to 500) and ``page_num`` (from 1)."""

    items_per_page: int | None
    page_num: int | None


class CountedPage(Page, total=False):
    """A page, and ``include_count``: whether the answer counts every item (``total_count``)."""

    include_count: bool | None


class _Row:
    """A row of the typed-call table, looked up at the first call (the table loads pydantic)."""

    def __init__(self, table: str, name: str) -> None:
        self._table = table
        self._name = name
        self._call: Any = None

    def get(self) -> Any:
        if self._call is None:
            from atlas_access.client.api import _typed_calls

            self._call = getattr(getattr(_typed_calls, self._table), self._name)
        return self._call


class _Prototype:
    """What ``Method`` and ``Walk`` share: the prototype, its arguments read by name, and the functions made of it
    for sync and async groups."""

    def __init__(self, prototype: Callable[..., Any]) -> None:
        self.prototype = prototype
        self.__name__ = prototype.__name__
        self.__doc__ = prototype.__doc__
        self._signature = inspect.signature(prototype)
        group = inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)
        self._method_signature = self._signature.replace(parameters=[group, *self._signature.parameters.values()])
        self._made: dict[tuple[str, bool], Callable[..., Any]] = {}

    def entry(self) -> str:
        """The name of the method's row of the typed-call table."""
        return self.__name__

    def function(self, table: str, *, asynchronous: bool) -> Callable[..., Any]:
        """The method for a group whose typed calls are ``table`` (a row of ``_typed_calls``)."""
        key = (table, asynchronous)
        if key not in self._made:
            made = self._make(_Row(table, self.entry()), asynchronous=asynchronous)
            functools.update_wrapper(made, self.prototype)
            made.__annotations__ = self.annotations(asynchronous=asynchronous)
            made.__signature__ = self._method_signature  # type: ignore[attr-defined]
            self._made[key] = made
        return self._made[key]

    def annotations(self, *, asynchronous: bool) -> dict[str, Any]:
        """The made method's annotations: the prototype's (a coroutine is annotated with what it returns)."""
        return dict(self.prototype.__annotations__)

    def arguments(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        """The call's arguments by name, defaults included, ``**page`` spread, a ``datetime`` in the wire's form."""
        bound = self._signature.bind(*args, **kwargs)
        bound.apply_defaults()
        named: dict[str, Any] = {}
        for name, value in bound.arguments.items():
            if self._signature.parameters[name].kind is inspect.Parameter.VAR_KEYWORD:
                named.update(value)
            else:
                named[name] = value
        return {name: wire_time(value) for name, value in named.items()}

    def _make(self, row: _Row, *, asynchronous: bool) -> Callable[..., Any]:
        raise NotImplementedError


class Method(_Prototype, Generic[F]):
    """A method that runs one call and returns its answer, read as the prototype's return type."""

    def _make(self, row: _Row, *, asynchronous: bool) -> Callable[..., Any]:
        if asynchronous:

            async def coroutine(group: AsyncApiGroup, /, *args: Any, **kwargs: Any) -> Any:
                arguments = self.arguments(args, kwargs)
                return await group._run(row.get(), arguments.pop("body", None), **arguments)

            return coroutine

        def method(group: ApiGroup, /, *args: Any, **kwargs: Any) -> Any:
            arguments = self.arguments(args, kwargs)
            return group._run(row.get(), arguments.pop("body", None), **arguments)

        return method

    @overload
    def __get__(self, group: None, owner: type[Any], /) -> Self: ...
    @overload
    def __get__(
        self: Method[Callable[P, R]], group: AsyncApiGroup, owner: type[Any], /
    ) -> Callable[P, Coroutine[Any, Any, R]]: ...
    @overload
    def __get__(self, group: ApiGroup, owner: type[Any], /) -> F: ...
    def __get__(self, group: Any, owner: type[Any], /) -> Any:
        return self  # a group class holds the method made of it instead (``Methods``)


class Walk(_Prototype, Generic[W]):
    """An ``iter_*`` method: every item of the ``list_*`` method's pages, fetched a page at a time."""

    def entry(self) -> str:
        return "list_" + self.__name__.removeprefix("iter_")

    def _make(self, row: _Row, *, asynchronous: bool) -> Callable[..., Any]:
        def iterate(group: ApiGroup | AsyncApiGroup, /, *args: Any, **kwargs: Any) -> Any:
            arguments = self.arguments(args, kwargs)
            return group._iterate(row.get(), arguments.pop("items_per_page"), **arguments)

        return iterate

    def annotations(self, *, asynchronous: bool) -> dict[str, Any]:
        """``Iterator[Team]`` on a sync group, ``AsyncIterator[Team]`` on an async one."""
        annotations = super().annotations(asynchronous=asynchronous)
        if asynchronous:
            annotations["return"] = "Async" + annotations["return"]
        return annotations

    @overload
    def __get__(self, group: None, owner: type[Any], /) -> Self: ...
    @overload
    def __get__(
        self: Walk[Callable[P, Iterator[R]]], group: AsyncApiGroup, owner: type[Any], /
    ) -> Callable[P, AsyncIterator[R]]: ...
    @overload
    def __get__(self, group: ApiGroup, owner: type[Any], /) -> W: ...
    def __get__(self, group: Any, owner: type[Any], /) -> Any:
        return self  # a group class holds the method made of it instead (``Methods``)


def typed(prototype: F) -> Method[F]:
    """A method that runs the call of its row of the typed-call table (see the module's docstring)."""
    return Method(prototype)


def walk(prototype: W) -> Walk[W]:
    """An ``iter_*`` method that walks the pages of its ``list_*`` method (see the module's docstring)."""
    return Walk(prototype)


class Methods:
    """The methods of one API group, written once; ``typed_calls`` names its table in ``_typed_calls``
    (``class OrganizationsApi(Methods, typed_calls="Organizations")``)."""

    _table: str = ""

    def __init_subclass__(cls, typed_calls: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._table = typed_calls or cls._table
        if issubclass(cls, ApiGroup | AsyncApiGroup):  # OrganizationsApi(organizations.OrganizationsApi, ApiGroup)
            cls._make_methods(asynchronous=issubclass(cls, AsyncApiGroup))

    @classmethod
    def _make_methods(cls, *, asynchronous: bool) -> None:
        """Put each prototype's method for this kind of group in the class, under each of its names."""
        for klass in cls.__mro__:
            for name, value in vars(klass).items():
                if isinstance(value, _Prototype) and name not in vars(cls):
                    setattr(cls, name, value.function(cls._table, asynchronous=asynchronous))
