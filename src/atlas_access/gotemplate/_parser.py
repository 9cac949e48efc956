"""The parser: a port of Go's text/template/parse/parse.go, with Go's error messages plus a column."""

from __future__ import annotations

from . import _lexer as lx
from ._errors import TemplateError, line_and_column
from ._format import go_quote
from ._literals import LiteralError, number, unquote
from ._nodes import (
    ActionNode,
    BoolNode,
    BranchNode,
    BreakNode,
    ChainNode,
    CommandNode,
    ContinueNode,
    DotNode,
    ElseNode,
    EndNode,
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


def parse(text: str, name: str, func_names: frozenset[str] | set[str]) -> dict[str, ListNode]:
    """Parse ``text`` into its trees by name: ``name`` itself and those named by define and block.

    Raises TemplateError naming line and column.
    """
    parser = _Parser(text, name, func_names)
    try:
        parser.parse()
    except RecursionError:
        raise parser.error("template nested too deeply", 0) from None
    return parser.trees


class _Parser:
    def __init__(self, text: str, name: str, func_names: frozenset[str] | set[str]) -> None:
        self.text = text
        self.name = name
        self.func_names = func_names
        self.tokens = lx.lex(text, break_ok="break" not in func_names, continue_ok="continue" not in func_names)
        self.i = 0
        self.seen = 0  # the furthest token read: Go reports its line
        self.vars = ["$"]
        self.range_depth = 0
        self.action_line = 0
        self.trees: dict[str, ListNode] = {}

    # --- tokens ---------------------------------------------------------------------------------------

    def at(self, i: int) -> lx.Token:
        i = min(i, len(self.tokens) - 1)
        self.seen = max(self.seen, i)
        return self.tokens[i]

    def next(self) -> lx.Token:
        token = self.at(self.i)
        self.i += 1
        return token

    def backup(self, n: int = 1) -> None:
        self.i -= n

    def peek(self) -> lx.Token:
        return self.at(self.i)

    def next_non_space(self) -> lx.Token:
        token = self.next()
        while token.kind == lx.SPACE:
            token = self.next()
        return token

    def peek_non_space(self) -> lx.Token:
        token = self.next_non_space()
        self.backup()
        return token

    # --- errors ---------------------------------------------------------------------------------------

    def error(self, message: str, pos: int | None = None) -> TemplateError:
        if pos is None:
            pos = self.at(self.seen).pos
        line, column = line_and_column(self.text, pos)
        return TemplateError(
            f"template: {self.name}:{line}:{column}: {message}", name=self.name, line=line, column=column
        )

    def expect(self, kind: int, context: str) -> lx.Token:
        token = self.next_non_space()
        if token.kind != kind:
            raise self.unexpected(token, context)
        return token

    def unexpected(self, token: lx.Token, context: str) -> TemplateError:
        if token.kind == lx.ERROR:
            extra = ""
            line = line_and_column(self.text, token.pos)[0]
            if self.action_line and self.action_line != line:
                extra = f" in action started at {self.name}:{self.action_line}"
                if token.val.endswith(" action"):
                    extra = extra[len(" in action") :]
            return self.error(token.val + extra, token.pos)
        return self.error(f"unexpected {token.describe()} in {context}", token.pos)

    # --- structure --------------------------------------------------------------------------------------

    def parse(self) -> ListNode:
        root = ListNode(self.peek().pos)
        while self.peek().kind != lx.EOF:
            if self.peek().kind == lx.LEFT_DELIM:
                start = self.i
                self.next()
                if self.next_non_space().kind == lx.DEFINE:
                    self.definition()
                    continue
                self.i = start
            node = self.text_or_action()
            if isinstance(node, EndNode | ElseNode):
                raise self.error(f"unexpected {node}", node.pos)
            root.nodes.append(node)
        self.add(self.name, root)
        return root

    def add(self, name: str, tree: ListNode, pos: int | None = None) -> None:
        old = self.trees.get(name)
        if old is None or old.is_empty():
            self.trees[name] = tree
        elif not tree.is_empty():
            raise self.error(f"template: multiple definition of template {go_quote(name)}", pos)

    def sub_tree(self, context: str) -> ListNode:
        """The body of a define or block: a fresh variable scope, outside any range."""
        saved = self.vars, self.range_depth
        self.vars, self.range_depth = ["$"], 0
        body, end = self.item_list()
        self.vars, self.range_depth = saved
        if not isinstance(end, EndNode):
            raise self.error(f"unexpected {end} in {context}", end.pos)
        return body

    def definition(self) -> None:
        context = "define clause"
        token = self.next_non_space()
        if token.kind not in (lx.STRING, lx.RAW_STRING):
            raise self.unexpected(token, context)
        name = self.literal_string(token)
        self.expect(lx.RIGHT_DELIM, context)
        self.add(name, self.sub_tree(context), token.pos)

    def item_list(self) -> tuple[ListNode, Node]:
        body = ListNode(self.peek_non_space().pos)
        while self.peek_non_space().kind != lx.EOF:
            node = self.text_or_action()
            if isinstance(node, EndNode | ElseNode):
                return body, node
            body.nodes.append(node)
        raise self.error("unexpected EOF")

    def text_or_action(self) -> Node:
        token = self.next_non_space()
        if token.kind == lx.TEXT:
            return TextNode(token.pos, token.val)
        if token.kind == lx.LEFT_DELIM:
            self.action_line = line_and_column(self.text, token.pos)[0]
            try:
                return self.action()
            finally:
                self.action_line = 0
        raise self.unexpected(token, "input")

    def action(self) -> Node:
        token = self.next_non_space()
        kind = token.kind
        if kind == lx.BLOCK:
            return self.block_control()
        if kind in (lx.BREAK, lx.CONTINUE):
            return self.loop_control(token)
        if kind == lx.ELSE:
            return self.else_control(token)
        if kind == lx.END:
            self.expect(lx.RIGHT_DELIM, "end")
            return EndNode(token.pos)
        if kind in (lx.IF, lx.RANGE, lx.WITH):
            return self.control(token.val)
        if kind == lx.TEMPLATE:
            return self.template_control()
        self.backup()
        return ActionNode(self.peek().pos, self.pipeline("command", lx.RIGHT_DELIM))

    def control(self, keyword: str) -> BranchNode:
        """if, range and with, including Go's ``{{else if ...}}`` and ``{{else with ...}}`` chains."""
        mark = len(self.vars)
        pipe = self.pipeline(keyword, lx.RIGHT_DELIM)
        if keyword == "range":
            self.range_depth += 1
        body, nxt = self.item_list()
        if keyword == "range":
            self.range_depth -= 1
        else_list = None
        if isinstance(nxt, ElseNode):
            follow = self.peek().kind
            if (keyword, follow) in (("if", lx.IF), ("with", lx.WITH)):
                self.next()
                else_list = ListNode(nxt.pos)
                else_list.nodes.append(self.control(keyword))
            else:
                else_list, nxt = self.item_list()
                if not isinstance(nxt, EndNode):
                    raise self.error(f"expected end; found {nxt}", nxt.pos)
        del self.vars[mark:]
        return BranchNode(keyword, pipe, body, else_list)

    def else_control(self, token: lx.Token) -> ElseNode:
        if self.peek_non_space().kind in (lx.IF, lx.WITH):
            return ElseNode(token.pos)  # "{{else if" reads as "{{else}}{{if"
        self.expect(lx.RIGHT_DELIM, "else")
        return ElseNode(token.pos)

    def loop_control(self, token: lx.Token) -> Node:
        keyword = "{{" + token.val + "}}"
        after = self.next_non_space()
        if after.kind != lx.RIGHT_DELIM:
            raise self.unexpected(after, keyword)
        if self.range_depth == 0:
            raise self.error(f"{keyword} outside {{{{range}}}}", token.pos)
        return BreakNode(token.pos) if token.kind == lx.BREAK else ContinueNode(token.pos)

    def template_name(self, token: lx.Token, context: str) -> str:
        if token.kind not in (lx.STRING, lx.RAW_STRING):
            raise self.unexpected(token, context)
        return self.literal_string(token)

    def template_control(self) -> TemplateNode:
        context = "template clause"
        token = self.next_non_space()
        name = self.template_name(token, context)
        pipe = None
        if self.next_non_space().kind != lx.RIGHT_DELIM:
            self.backup()
            pipe = self.pipeline(context, lx.RIGHT_DELIM)
        return TemplateNode(token.pos, name, pipe)

    def block_control(self) -> TemplateNode:
        context = "block clause"
        token = self.next_non_space()
        name = self.template_name(token, context)
        pipe = self.pipeline(context, lx.RIGHT_DELIM)
        self.add(name, self.sub_tree(context), token.pos)
        return TemplateNode(token.pos, name, pipe)

    # --- pipelines --------------------------------------------------------------------------------------

    def pipeline(self, context: str, end: int) -> PipeNode:
        pipe = PipeNode(self.peek_non_space().pos)
        while True:  # declarations
            variable = self.peek_non_space()
            if variable.kind != lx.VARIABLE:
                break
            start = self.i
            self.next()
            after = self.peek_non_space()
            if after.kind in (lx.ASSIGN, lx.DECLARE):
                pipe.is_assign = after.kind == lx.ASSIGN
                self.next_non_space()
                pipe.decl.append(VariableNode(variable.pos, variable.val))
                self.vars.append(variable.val)
            elif after.kind == lx.CHAR and after.val == ",":
                self.next_non_space()
                pipe.decl.append(VariableNode(variable.pos, variable.val))
                self.vars.append(variable.val)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().kind in (lx.VARIABLE, lx.RIGHT_DELIM, lx.RIGHT_PAREN):
                        continue  # the second variable of a range
                    raise self.error("range can only initialize variables")
                raise self.error(f"too many declarations in {context}")
            else:
                self.i = start
            break
        while True:
            token = self.next_non_space()
            if token.kind == end:
                self.check_pipeline(pipe, context)
                return pipe
            if token.kind in _OPERAND_START:
                self.backup()
                pipe.cmds.append(self.command())
            else:
                raise self.unexpected(token, context)

    def check_pipeline(self, pipe: PipeNode, context: str) -> None:
        if not pipe.cmds:
            raise self.error(f"missing value for {context}")
        for i, cmd in enumerate(pipe.cmds[1:], start=2):
            if isinstance(cmd.args[0], BoolNode | DotNode | NilNode | NumberNode | StringNode):
                raise self.error(f"non executable command in pipeline stage {i}", cmd.pos)

    def command(self) -> CommandNode:
        cmd = CommandNode(self.peek_non_space().pos)
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                cmd.args.append(operand)
            token = self.next()
            if token.kind == lx.SPACE:
                continue
            if token.kind in (lx.RIGHT_DELIM, lx.RIGHT_PAREN):
                self.backup()
            elif token.kind != lx.PIPE:
                raise self.unexpected(token, "operand")
            break
        if not cmd.args:
            raise self.error("empty command")
        return cmd

    def operand(self) -> Node | None:
        node = self.term()
        if node is None or self.peek().kind != lx.FIELD:
            return node
        chain = ChainNode(self.peek().pos, node)
        while self.peek().kind == lx.FIELD:
            chain.field.append(self.next().val[1:])
        if isinstance(node, FieldNode):
            return FieldNode(chain.pos, str(chain))
        if isinstance(node, VariableNode):
            return VariableNode(chain.pos, str(chain))
        if isinstance(node, BoolNode | StringNode | NumberNode | NilNode | DotNode):
            raise self.error(f"unexpected . after term {go_quote(str(node))}", chain.pos)
        return chain

    def term(self) -> Node | None:
        token = self.next_non_space()
        kind = token.kind
        if kind == lx.ERROR:
            raise self.unexpected(token, "operand")
        if kind == lx.IDENTIFIER:
            if token.val not in self.func_names:
                raise self.error(f"function {go_quote(token.val)} not defined", token.pos)
            return IdentifierNode(token.pos, token.val)
        if kind == lx.DOT:
            return DotNode(token.pos)
        if kind == lx.NIL:
            return NilNode(token.pos)
        if kind == lx.VARIABLE:
            variable = VariableNode(token.pos, token.val)
            if variable.ident[0] not in self.vars:
                raise self.error(f"undefined variable {go_quote(variable.ident[0])}", token.pos)
            return variable
        if kind == lx.FIELD:
            return FieldNode(token.pos, token.val)
        if kind == lx.BOOL:
            return BoolNode(token.pos, token.val == "true")
        if kind in (lx.CHAR_CONSTANT, lx.COMPLEX, lx.NUMBER):
            try:
                return number(token.pos, token.val, kind == lx.CHAR_CONSTANT, kind == lx.COMPLEX)
            except LiteralError as exc:
                raise self.error(str(exc), token.pos) from None
        if kind == lx.LEFT_PAREN:
            return self.pipeline("parenthesized pipeline", lx.RIGHT_PAREN)
        if kind in (lx.STRING, lx.RAW_STRING):
            return StringNode(token.pos, token.val, self.literal_string(token))
        self.backup()
        return None

    def literal_string(self, token: lx.Token) -> str:
        try:
            return unquote(token.val)
        except LiteralError as exc:
            raise self.error(str(exc), token.pos) from None


_OPERAND_START = frozenset(
    (
        lx.BOOL,
        lx.CHAR_CONSTANT,
        lx.COMPLEX,
        lx.DOT,
        lx.FIELD,
        lx.IDENTIFIER,
        lx.NUMBER,
        lx.NIL,
        lx.RAW_STRING,
        lx.STRING,
        lx.VARIABLE,
        lx.LEFT_PAREN,
    )
)
