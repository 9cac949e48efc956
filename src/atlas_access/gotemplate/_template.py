"""The public Template: parse once, execute against JSON-decoded data."""

from __future__ import annotations

from ._errors import TemplateError
from ._exec import Executor
from ._funcs import BUILTINS, signature_of
from ._parser import parse

TYPE_CHECKING = False  # typing is for type checkers only: importing this package stays cheap
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from ._exec import Function
    from ._nodes import ListNode

_BUILTIN_TABLE: dict[str, Function] = {name: (sig, fn, True) for name, (sig, fn) in BUILTINS.items()}


def _good_name(name: str) -> bool:
    """Go's goodName: a letter or underscore, then letters, digits and underscores."""
    return bool(name) and not name[0].isdecimal() and all(ch == "_" or ch.isalpha() or ch.isdecimal() for ch in name)


class Template:
    """A parsed Go ``text/template``.

    >>> Template.parse("Hello, {{.name}}!").execute({"name": "Ada"})
    'Hello, Ada!'
    """

    __slots__ = ("_funcs", "_text", "_trees", "name")

    def __init__(self, name: str, text: str, trees: dict[str, ListNode], funcs: dict[str, Function]) -> None:
        self.name = name
        self._text = text
        self._trees = trees
        self._funcs = funcs

    @classmethod
    def parse(
        cls, text: str, name: str = "output", funcs: Mapping[str, Callable[..., object]] | None = None
    ) -> Template:
        """Parse ``text``. ``funcs`` adds functions (or replaces builtins) by name, as Go's ``Funcs`` does.

        Raises TemplateError, naming line and column, when the text does not parse.
        """
        table = dict(_BUILTIN_TABLE)
        for func_name, fn in (funcs or {}).items():
            if not _good_name(func_name):
                raise ValueError(f"function name {func_name!r} is not a valid identifier")
            if not callable(fn):
                raise TypeError(f"value for {func_name} not a function")
            table[func_name] = (signature_of(fn), fn, False)
        return cls(name, text, parse(text, name, frozenset(table)), table)

    def execute(self, data: object = None) -> str:
        """Apply the template to ``data`` (JSON-decoded: dicts, lists, str, float, int, bool, None).

        Raises TemplateError with Go's ``executing "NAME" at <node>: ...`` message.
        """
        out: list[str] = []
        executor = Executor(self._text, self.name, self._trees, self._funcs, out)
        try:
            executor.run(self.name, data)
        except RecursionError:
            raise TemplateError(
                f"template: {self.name}: data or template nested too deeply", name=self.name, line=1, column=1
            ) from None
        return "".join(out)

    def __repr__(self) -> str:
        return f"Template(name={self.name!r})"


def render(
    text: str, data: object = None, name: str = "output", funcs: Mapping[str, Callable[..., object]] | None = None
) -> str:
    """Parse ``text`` and execute it against ``data``; raises TemplateError for either failure."""
    return Template.parse(text, name=name, funcs=funcs).execute(data)
