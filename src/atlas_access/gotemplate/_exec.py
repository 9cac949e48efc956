"""The executor: a port of Go's text/template/exec.go over JSON-decoded Python values.

Values flow as Go's ``reflect.Value`` would: NO_VALUE is the invalid value (a missing key), ``Boxed`` marks an
``interface {}`` read from a map or slice, and a pipeline unwraps the box once it has a result, as Go does.
"""

from __future__ import annotations

from ._errors import TemplateError, go_byte_column, line_and_column
from ._format import format_value, go_quote
from ._funcs import ANY, STRING, VALUE, FuncError, Signature
from ._nodes import (
    ActionNode,
    BoolNode,
    BranchNode,
    BreakNode,
    ChainNode,
    CommandNode,
    ContinueNode,
    DotNode,
    FieldNode,
    IdentifierNode,
    ListNode,
    NilNode,
    Node,
    NumberNode,
    PipeNode,
    StringNode,
    TemplateNode,
    TextNode,
    VariableNode,
)
from ._values import NO_VALUE, Boxed, is_true, type_name, unbox

TYPE_CHECKING = False  # typing is for type checkers only: importing this package stays cheap
if TYPE_CHECKING:
    from collections.abc import Callable

    Function = tuple[Signature | None, Callable[..., object], bool]

MAX_TEMPLATE_DEPTH = 100  # Go allows 100000; Python's stack does not


class _Absent:
    """Go's missingVal: no value was piped into a command."""

    __slots__ = ()


ABSENT = _Absent()


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class Executor:
    """One execution of a parsed template; writes to ``out``."""

    def __init__(
        self, text: str, parse_name: str, trees: dict[str, ListNode], funcs: dict[str, Function], out: list[str]
    ) -> None:
        self.text = text
        self.parse_name = parse_name
        self.trees = trees
        self.funcs = funcs
        self.out = out
        self.name = parse_name  # the template being executed
        self.node: Node | None = None
        self.vars: list[list[object]] = []
        self.depth = 0

    def run(self, name: str, data: object) -> None:
        value = NO_VALUE if data is None else data
        self.name = name
        self.vars = [["$", value]]
        self.walk(value, self.trees[name])

    # --- errors and variables -----------------------------------------------------------------------------

    def error(self, message: str) -> TemplateError:
        if self.node is None:
            return TemplateError(f"template: {self.name}: {message}", name=self.name, line=1, column=1)
        pos = self.node.pos
        line, column = line_and_column(self.text, pos)
        location = f"{self.parse_name}:{line}:{go_byte_column(self.text, pos)}"
        return TemplateError(
            f"template: {location}: executing {go_quote(self.name)} at <{self.node}>: {message}",
            name=self.name,
            line=line,
            column=column,
        )

    def var_value(self, name: str) -> object:
        for entry in reversed(self.vars):
            if entry[0] == name:
                return entry[1]
        raise self.error(f"undefined variable: {name}")

    def set_var(self, name: str, value: object) -> None:
        for entry in reversed(self.vars):
            if entry[0] == name:
                entry[1] = value
                return
        raise self.error(f"undefined variable: {name}")

    # --- walking ----------------------------------------------------------------------------------------

    def walk(self, dot: object, node: Node) -> None:
        self.node = node
        if isinstance(node, TextNode):
            self.out.append(node.text)
        elif isinstance(node, ActionNode):
            value = self.eval_pipeline(dot, node.pipe)
            if not node.pipe.decl:  # a declaration prints nothing
                self.node = node
                self.out.append("<no value>" if value is NO_VALUE else format_value(value))
        elif isinstance(node, ListNode):
            for child in node.nodes:
                self.walk(dot, child)
        elif isinstance(node, BranchNode):
            if node.keyword == "range":
                self.walk_range(dot, node)
            else:
                self.walk_if_or_with(dot, node)
        elif isinstance(node, BreakNode):
            raise _Break
        elif isinstance(node, ContinueNode):
            raise _Continue
        elif isinstance(node, TemplateNode):
            self.walk_template(dot, node)
        else:
            raise self.error(f"unknown node: {node}")

    def walk_if_or_with(self, dot: object, node: BranchNode) -> None:
        mark = len(self.vars)
        try:
            value = self.eval_pipeline(dot, node.pipe)
            if is_true(value):
                self.walk(value if node.keyword == "with" else dot, node.list)
            elif node.else_list is not None:
                self.walk(dot, node.else_list)
        finally:
            del self.vars[mark:]

    def walk_range(self, dot: object, node: BranchNode) -> None:
        self.node = node
        outer = len(self.vars)
        try:
            value = unbox(self.eval_pipeline(dot, node.pipe))
            mark = len(self.vars)
            items: list[tuple[object, object]]
            if isinstance(value, list | tuple):
                items = [(i, Boxed(elem)) for i, elem in enumerate(value)]
            elif isinstance(value, dict):
                items = [(key, Boxed(value[key])) for key in _sorted(value)]
            elif isinstance(value, int) and not isinstance(value, bool):
                if len(node.pipe.decl) > 1:
                    raise self.error(f"can't use {format_value(value)} to iterate over more than one variable")
                items = [(NO_VALUE, i) for i in range(value)]
            elif value is NO_VALUE:
                items = []  # like an empty map
            else:
                raise self.error(f"range can't iterate over {format_value(value)}")
            try:
                for index, elem in items:
                    self.one_iteration(node, mark, index, elem)
            except _Break:
                return
            if not items and node.else_list is not None:
                self.walk(dot, node.else_list)
        finally:
            del self.vars[outer:]

    def one_iteration(self, node: BranchNode, mark: int, index: object, elem: object) -> None:
        decl = node.pipe.decl
        if decl:
            if node.pipe.is_assign:
                self.set_var(decl[0].ident[0], index if len(decl) > 1 else elem)
            else:
                self.vars[-1][1] = elem
        if len(decl) > 1:
            if node.pipe.is_assign:
                self.set_var(decl[1].ident[0], elem)
            else:
                self.vars[-2][1] = index
        try:
            self.walk(elem, node.list)
        except _Continue:
            pass
        finally:
            del self.vars[mark:]

    def walk_template(self, dot: object, node: TemplateNode) -> None:
        self.node = node
        tree = self.trees.get(node.name)
        if tree is None:
            raise self.error(f"template {go_quote(node.name)} not defined")
        if self.depth >= MAX_TEMPLATE_DEPTH:
            raise self.error(f"exceeded maximum template depth ({MAX_TEMPLATE_DEPTH})")
        dot = self.eval_pipeline(dot, node.pipe)
        saved = self.name, self.vars
        self.name, self.vars = node.name, [["$", dot]]
        self.depth += 1
        try:
            self.walk(dot, tree)
        finally:
            self.name, self.vars = saved
            self.depth -= 1

    # --- evaluation -------------------------------------------------------------------------------------

    def eval_pipeline(self, dot: object, pipe: PipeNode | None) -> object:
        if pipe is None:
            return NO_VALUE
        self.node = pipe
        value: object = ABSENT
        for cmd in pipe.cmds:
            value = self.eval_command(dot, cmd, value)
            if isinstance(value, Boxed):  # Go: "dig down one level to the thing inside"
                value = NO_VALUE if value.value is None else value.value
        for variable in pipe.decl:
            if pipe.is_assign:
                self.set_var(variable.ident[0], value)
            else:
                self.vars.append([variable.ident[0], value])
        return value

    def not_a_function(self, args: list[Node], final: object) -> None:
        if len(args) > 1 or final is not ABSENT:
            raise self.error(f"can't give argument to non-function {args[0]}")

    def eval_command(self, dot: object, cmd: CommandNode, final: object) -> object:
        first = cmd.args[0]
        if isinstance(first, FieldNode):
            return self.eval_field_node(dot, first, cmd.args, final)
        if isinstance(first, ChainNode):
            return self.eval_chain_node(dot, first, cmd.args, final)
        if isinstance(first, IdentifierNode):
            return self.eval_function(dot, first, cmd, cmd.args, final)
        if isinstance(first, PipeNode):
            self.not_a_function(cmd.args, final)
            return self.eval_pipeline(dot, first)
        if isinstance(first, VariableNode):
            return self.eval_variable_node(dot, first, cmd.args, final)
        self.node = first
        self.not_a_function(cmd.args, final)
        if isinstance(first, BoolNode):
            return first.value
        if isinstance(first, DotNode):
            return dot
        if isinstance(first, NilNode):
            raise self.error("nil is not a command")
        if isinstance(first, NumberNode):
            return self.ideal_constant(first)
        if isinstance(first, StringNode):
            return first.text
        raise self.error(f"can't evaluate command {go_quote(str(first))}")

    def ideal_constant(self, number: NumberNode) -> object:
        """The value of a number literal without a context type: int unless it is spelled as a float."""
        self.node = number
        text = number.text
        hex_int = len(text) > 2 and text[0] == "0" and text[1] in "xX" and not any(c in text for c in "pP")
        if number.is_float and not hex_int and text[0] != "'" and any(c in text for c in ".eEpP"):
            return number.as_float
        if number.is_int:
            return number.as_int
        if number.is_uint:
            raise self.error(f"{text} overflows int")
        return NO_VALUE

    def eval_field_node(self, dot: object, field: FieldNode, args: list[Node] | None, final: object) -> object:
        self.node = field
        return self.eval_field_chain(dot, field.ident, args, final)

    def eval_chain_node(self, dot: object, chain: ChainNode, args: list[Node] | None, final: object) -> object:
        self.node = chain
        if isinstance(chain.node, NilNode):
            raise self.error(f"indirection through explicit nil in {chain}")
        receiver = self.eval_arg(dot, None, chain.node)
        return self.eval_field_chain(receiver, chain.field, args, final)

    def eval_variable_node(self, dot: object, variable: VariableNode, args: list[Node] | None, final: object) -> object:
        self.node = variable
        value = self.var_value(variable.ident[0])
        if len(variable.ident) == 1:
            self.not_a_function(args or [variable], final)
            return value
        return self.eval_field_chain(value, variable.ident[1:], args, final)

    def eval_field_chain(self, receiver: object, ident: list[str], args: list[Node] | None, final: object) -> object:
        """``.X.Y.Z`` from ``receiver``: only the last field may be given arguments (and then fails on a map)."""
        for name in ident[:-1]:
            receiver = self.eval_field(name, None, ABSENT, receiver)
        return self.eval_field(ident[-1], args, final, receiver)

    def eval_field(self, name: str, args: list[Node] | None, final: object, receiver: object) -> object:
        """A key of a JSON object. Go's type in the messages is interface {} for a value read out of a map or slice."""
        if receiver is NO_VALUE:
            return NO_VALUE
        typ = type_name(receiver)
        inner = receiver.value if isinstance(receiver, Boxed) else receiver
        if inner is None:
            raise self.error(f"nil pointer evaluating {typ}.{name}")
        if isinstance(inner, dict):
            if (args is not None and len(args) > 1) or final is not ABSENT:
                raise self.error(f"{name} is not a method but has arguments")
            return Boxed(inner[name]) if name in inner else NO_VALUE
        raise self.error(f"can't evaluate field {name} in type {typ}")

    def eval_function(
        self, dot: object, node: IdentifierNode, cmd: Node, args: list[Node] | None, final: object
    ) -> object:
        self.node = node
        function = self.funcs.get(node.ident)
        if function is None:
            raise self.error(f"{go_quote(node.ident)} is not a defined function")
        return self.eval_call(dot, function, cmd, node.ident, args, final)

    def eval_call(
        self, dot: object, function: Function, node: Node, name: str, args: list[Node] | None, final: object
    ) -> object:
        signature, fn, builtin = function
        rest = args[1:] if args else []
        num_in = len(rest) + (final is not ABSENT)
        fixed: tuple[str, ...] = signature.fixed if signature else ()
        variadic = signature.variadic if signature else ANY
        num_fixed = len(rest)
        if variadic is not None:
            num_fixed = len(fixed)
            if num_in < num_fixed:
                raise self.error(f"wrong number of args for {name}: want at least {num_fixed} got {len(rest)}")
        elif num_in != len(fixed):
            raise self.error(f"wrong number of args for {name}: want {len(fixed)} got {num_in}")

        if builtin and name in ("and", "or"):  # short-circuit: return the deciding argument
            value: object = NO_VALUE
            for arg in rest:
                value = self.eval_arg(dot, VALUE, arg)
                if is_true(value) == (name == "or"):
                    return value
            if final is not ABSENT:
                value = self.validate_type(final, VALUE)
            return value

        argv = [self.eval_arg(dot, fixed[i], arg) for i, arg in enumerate(rest[:num_fixed])]
        argv += [self.eval_arg(dot, variadic or ANY, arg) for arg in rest[num_fixed:]]
        if final is not ABSENT:
            last = fixed[-1] if variadic is None else (fixed[num_in - 1] if num_in - 1 < num_fixed else variadic)
            argv.append(self.validate_type(final, last))
        try:
            result = fn(*argv)
        except TemplateError:
            raise
        except Exception as exc:
            self.node = node
            raise self.error(f"error calling {name}: {exc}") from (None if isinstance(exc, FuncError) else exc)
        return Boxed(None) if result is None else result

    def eval_arg(self, dot: object, typ: str | None, node: Node) -> object:
        self.node = node
        if isinstance(node, DotNode):
            return self.validate_type(dot, typ)
        if isinstance(node, NilNode):
            if typ == ANY:
                return None
            if typ == VALUE:
                return NO_VALUE
            raise self.error(f"cannot assign nil to {typ}")
        if isinstance(node, FieldNode):
            return self.validate_type(self.eval_field_node(dot, node, [node], ABSENT), typ)
        if isinstance(node, VariableNode):
            return self.validate_type(self.eval_variable_node(dot, node, None, ABSENT), typ)
        if isinstance(node, PipeNode):
            return self.validate_type(self.eval_pipeline(dot, node), typ)
        if isinstance(node, IdentifierNode):
            return self.validate_type(self.eval_function(dot, node, node, None, ABSENT), typ)
        if isinstance(node, ChainNode):
            return self.validate_type(self.eval_chain_node(dot, node, None, ABSENT), typ)
        if typ == STRING:
            if isinstance(node, StringNode):
                return node.text
            raise self.error(f"expected string; found {node}")
        if isinstance(node, BoolNode):
            return node.value
        if isinstance(node, NumberNode):
            return self.ideal_constant(node)
        if isinstance(node, StringNode):
            return node.text
        raise self.error(f"can't handle assignment of {node} to empty interface argument")

    def validate_type(self, value: object, typ: str | None) -> object:
        """Go's validateType: make a value fit a parameter of type ``typ`` (None: no parameter, just a value)."""
        if value is NO_VALUE:
            if typ == ANY:
                return None
            if typ == STRING:
                raise self.error("invalid value; expected string")
            return NO_VALUE
        if typ == ANY:
            return value.value if isinstance(value, Boxed) else value
        if typ != STRING:
            return value
        if isinstance(value, Boxed) and value.value is not None:
            value = value.value
        if isinstance(value, str):
            return value
        raise self.error(f"wrong type for value; expected string; got {type_name(value)}")


def _sorted(d: dict[object, object]) -> list[object]:
    try:
        return sorted(d)  # type: ignore[type-var]
    except TypeError:
        return sorted(d, key=str)
