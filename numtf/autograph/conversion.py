"""Pass 4 of the transformation (see transformer.py): `if`/`while`/`for` become calls of the
`ag__` control-flow operators over local functions, and the driver that runs every pass over
a function definition.

    def f(x):                          def tf__f(x):
        if x > 0:                          def get_state():
            x = x * x                          return (x,)
        return x                           def set_state(vars_):
                                               nonlocal x
                                               (x,) = vars_
                                           def if_body():
                                               nonlocal x
                                               x = x * x
                                           def else_body():
                                               nonlocal x
                                               pass
                                           ag__.if_stmt(x > 0, if_body, else_body, get_state, set_state, ('x',), 1)
                                           ...
"""
import ast

from .analysis import Defined, Liveness, bound_names, declared, ordered_names, _arg_names
from .transformer import (Namer, _Expressions, _Jumps, _Returns, _ag, _and, _assign, _call, _def,
                          _extract_loop_options, _name, _strings, _tuple, _SCOPES)


def _at(call, node):
    """The operator call as a statement at `node`'s line, so tracebacks and "in user code"
    errors raised while it runs point at the user's `if`/`while`/`for`."""
    stmt = ast.Expr(value=call)
    if getattr(node, "lineno", None) is None:  # a statement an earlier pass made up: no line of its own
        return stmt
    for n in (call, stmt):
        n.lineno, n.col_offset, n.end_lineno, n.end_col_offset = node.lineno, node.col_offset, node.lineno, \
            node.col_offset
    return stmt


class _ControlFlow:
    """Converts the if/while/for statements of one function scope (not of nested functions)."""

    def __init__(self, namer, fn):
        self.namer = namer
        live = Liveness()
        live.block(fn.body, set())
        self.live_out = live.live_out
        self.loop_top = live.loop_top
        self.globals = declared(fn, ast.Global)
        params = _arg_names(fn.args) | declared(fn, ast.Nonlocal)
        defined = Defined(live.loop_top)
        defined.block(fn.body, params)
        self.before = defined.before
        self.all_names = bound_names(fn.body) | params
        self.undefined = set()
        self.vars_name = None

    # -- helpers -------------------------------------------------------------------------
    def _undefined_inits(self, node, modified):
        before = self.before.get(id(node))
        if before is None:
            return []
        out = []
        for n in ordered_names([node], modified - before):
            self.undefined.add(n)
            out.append(_assign(n, _call(_ag("Undefined"), ast.Constant(n))))
        return out

    def _decls(self, names):
        names = [n for n in names if n not in self.globals]
        return [ast.Nonlocal(names=names)] if names else []

    def _global_decls(self, node_body):
        names = sorted(bound_names(node_body) & self.globals)
        return [ast.Global(names=names)] if names else []

    def _state_functions(self, symbols):
        if self.vars_name is None:
            self.vars_name = self.namer.new("vars_")
        get_name, set_name = self.namer.new("get_state"), self.namer.new("set_state")
        get_state = _def(get_name, [], [ast.Return(value=_tuple(_name(s) for s in symbols))])
        if symbols:
            set_body = self._decls(symbols) + [
                _assign(_tuple((_name(s, ast.Store) for s in symbols), ast.Store), _name(self.vars_name))]
        else:
            set_body = [ast.Pass()]
        set_state = _def(set_name, [self.vars_name], set_body)
        return get_state, set_state

    def _options(self, node, extra=()):
        opts = list(extra) + [(k.arg, k.value) for k in getattr(node, "ag_options", [])]
        return ast.Dict(keys=[ast.Constant(k) for k, _ in opts], values=[v for _, v in opts])

    # -- statements ----------------------------------------------------------------------
    def block(self, stmts):
        out = []
        for s in stmts:
            out.extend(self.stmt(s))
        return out

    def stmt(self, s):
        if isinstance(s, ast.If):
            return self.if_stmt(s)
        if isinstance(s, ast.While):
            return self.while_stmt(s)
        if isinstance(s, ast.For):
            return self.for_stmt(s)
        if isinstance(s, _SCOPES):
            return [s]
        for attr in ("body", "orelse", "finalbody"):
            if isinstance(getattr(s, attr, None), list):
                setattr(s, attr, self.block(getattr(s, attr)))
        for h in getattr(s, "handlers", []):
            h.body = self.block(h.body)
        return [s]

    def if_stmt(self, node):
        modified = bound_names(node.body + node.orelse) - self.globals
        live = self.live_out.get(id(node), self.all_names)
        names = ordered_names([node], modified)
        outs = [n for n in names if n in live]
        symbols = outs + [n for n in names if n not in live]
        pre = self._undefined_inits(node, modified)
        get_state, set_state = self._state_functions(symbols)
        body_name, else_name = self.namer.new("if_body"), self.namer.new("else_body")
        if_body = _def(body_name, [], self._decls(symbols) + self._global_decls(node.body) +
                       (self.block(node.body) or [ast.Pass()]))
        else_body = _def(else_name, [], self._decls(symbols) + self._global_decls(node.orelse) +
                         (self.block(node.orelse) or [ast.Pass()]))
        call = _call(_ag("if_stmt"), node.test, _name(body_name), _name(else_name), _name(get_state.name),
                     _name(set_state.name), _strings(symbols), ast.Constant(len(outs)))
        return pre + [get_state, set_state, if_body, else_body, _at(call, node)]

    def _loop_symbols(self, node, modified):
        top = self.loop_top.get(id(node), self.all_names)
        return [n for n in ordered_names([node], modified) if n in top]

    def while_stmt(self, node):
        modified = bound_names(node.body) - self.globals
        carried = self._loop_symbols(node, modified)
        pre = self._undefined_inits(node, modified)
        get_state, set_state = self._state_functions(carried)
        body_name, test_name = self.namer.new("loop_body"), self.namer.new("loop_test")
        loop_body = _def(body_name, [], self._decls(carried) + self._global_decls(node.body) + self.block(node.body))
        loop_test = _def(test_name, [], [ast.Return(value=node.test)])
        call = _call(_ag("while_stmt"), _name(test_name), _name(body_name), _name(get_state.name),
                     _name(set_state.name), _strings(carried), self._options(node))
        return pre + [get_state, set_state, loop_body, loop_test, _at(call, node)]

    def for_stmt(self, node):
        targets = bound_names(node.target)
        modified = (bound_names(node.body) | targets) - self.globals
        carried = self._loop_symbols(node, modified)
        pre = self._undefined_inits(node, modified)
        get_state, set_state = self._state_functions(carried)
        body_name = self.namer.new("loop_body")
        itr = self.namer.new("itr")
        body = [ast.Assign(targets=[node.target], value=_name(itr))] + self.block(node.body)
        loop_body = _def(body_name, [itr], self._decls(carried) + self._global_decls(node.body) + body)
        stmts = pre + [get_state, set_state, loop_body]
        extra = getattr(node, "ag_extra_tests", [])
        if extra:
            test = extra[-1]
            for e in reversed(extra[:-1]):
                test = _and(e, test)
            test_name = self.namer.new("extra_test")
            stmts.append(_def(test_name, [], [ast.Return(value=test)]))
            extra_test = _name(test_name)
        else:
            extra_test = ast.Constant(None)
        opts = self._options(node, [("iterate_names", ast.Constant(", ".join(ordered_names([node.target], targets))))])
        call = _call(_ag("for_stmt"), node.iter, extra_test, _name(body_name), _name(get_state.name),
                     _name(set_state.name), _strings(carried), opts)
        return stmts + [_at(call, node)]


class _Loads(ast.NodeTransformer):
    """Wraps reads of names that may hold `ag__.Undefined` in `ag__.ld` (which raises TF's
    "'x' is used before assignment")."""

    def __init__(self, names):
        self.names = names

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load) and node.id in self.names and not getattr(node, "ag_generated", False):
            return ast.copy_location(_call(_ag("ld"), node), node)
        return node


def _is_generator(fn):
    stack = list(fn.body)
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.Yield, ast.YieldFrom, ast.Await)):
            return True
        stack.extend(c for c in ast.iter_child_nodes(n) if not isinstance(c, _SCOPES))
    return False


class _Functions(ast.NodeTransformer):
    """Runs passes 3 and 4 on every function definition, innermost first."""

    def __init__(self, namer):
        self.namer = namer

    def visit_FunctionDef(self, node):
        self.generic_visit(node)
        if _is_generator(node):
            return node
        _Returns(self.namer).convert(node)
        node.body = _Jumps(self.namer).block(node.body)
        cf = _ControlFlow(self.namer, node)
        node.body = cf.block(node.body)
        if cf.undefined:
            loads = _Loads(cf.undefined)
            node.body = [loads.visit(s) for s in node.body]
        return node

    def visit_AsyncFunctionDef(self, node):
        return node

    def visit_ClassDef(self, node):
        return node

    def visit_Lambda(self, node):
        return node


def convert_ast(fn, class_cell=False):
    """Converts a parsed `FunctionDef` (decorators are dropped, the name becomes `tf__<name>`)."""
    if _is_generator(fn):
        raise NotImplementedError("generators and coroutines are not converted")
    fn.decorator_list = []
    namer = Namer(fn)
    _extract_loop_options(fn)
    fn = _Expressions(class_cell).visit(fn)
    fn = _Functions(namer).visit(fn)
    fn.name = "tf__" + fn.name
    return ast.fix_missing_locations(fn)


def to_source(fn):
    """The converted function's source, as `tf.autograph.to_code` shows it."""
    return ast.unparse(fn) + "\n"
