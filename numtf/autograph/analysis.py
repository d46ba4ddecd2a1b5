"""Static analysis over a function's AST for AutoGraph: which names a statement binds and
reads, which names are live after a statement (read later before being rebound), and which
names may already be defined before it.

The control-flow converter needs these to decide a construct's state: an `if` outputs the
names its branches assign that are live afterwards; a loop carries the names its body assigns
that are live at the top of the loop; a name a construct assigns that is not yet defined is
first bound to `ag__.Undefined(name)`, so the generated closures can declare it `nonlocal`.

The analyses are conservative ("may" analyses) and work on structured code: they run after
`return`/`break`/`continue` have been lowered to flags.

    >>> bound_names(ast.parse("a, b = f(c)").body[0])
    {'a', 'b'}
"""
import ast

_FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def bound_names(nodes):
    """Names bound in the current scope by a statement, or a list of statements."""
    out = set()
    stack = list(nodes) if isinstance(nodes, list) else [nodes]
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Name):
            if not isinstance(n.ctx, ast.Load):
                out.add(n.id)
            continue
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(n.name)  # its body is another scope
            continue
        if isinstance(n, (ast.Lambda,) + _COMPREHENSIONS):
            continue
        if isinstance(n, (ast.Import, ast.ImportFrom)):
            out.update((a.asname or a.name).split(".")[0] for a in n.names if a.name != "*")
        elif isinstance(n, ast.ExceptHandler) and n.name:
            out.add(n.name)
        elif isinstance(n, (ast.Global, ast.Nonlocal)):
            continue
        stack.extend(ast.iter_child_nodes(n))
    return out


def declared(fn, kind):
    """Names a function declares `global` (kind=ast.Global) or `nonlocal` in its own scope."""
    out = set()
    stack = list(fn.body)
    while stack:
        n = stack.pop()
        if isinstance(n, kind):
            out.update(n.names)
        elif not isinstance(n, _FUNCS + (ast.ClassDef,) + _COMPREHENSIONS):
            stack.extend(ast.iter_child_nodes(n))
    return out


def _arg_names(args):
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    names += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
    return set(names)


def free_names(fn):
    """Names a nested function or lambda reads from its enclosing scopes."""
    if isinstance(fn, ast.Lambda):
        return used_names(fn.body) - _arg_names(fn.args)
    local = _arg_names(fn.args) | bound_names(fn.body)
    local -= declared(fn, ast.Nonlocal)
    return used_names(fn.body) - local - declared(fn, ast.Global)


def used_names(node):
    """Names a statement or expression (or a list of them) reads, including the free names of the
    functions, lambdas and comprehensions inside it."""
    out = set()
    stack = list(node) if isinstance(node, list) else [node]
    while stack:
        n = stack.pop()
        if n is None:
            continue
        if isinstance(n, ast.Name):
            if isinstance(n.ctx, ast.Load):
                out.add(n.id)
            continue
        if isinstance(n, _FUNCS):
            a = n.args
            stack.extend(a.defaults + [d for d in a.kw_defaults if d is not None])
            if not isinstance(n, ast.Lambda):
                stack.extend(n.decorator_list)
            out |= free_names(n)
            continue
        if isinstance(n, ast.ClassDef):
            stack.extend(n.bases + [k.value for k in n.keywords] + n.decorator_list)
            out |= used_names(n.body) - bound_names(n.body)
            continue
        if isinstance(n, _COMPREHENSIONS):
            targets = bound_names([g.target for g in n.generators])
            parts = [n.key, n.value] if isinstance(n, ast.DictComp) else [n.elt]
            for g in n.generators:
                parts += [g.iter] + g.ifs
            out |= used_names(parts) - targets
            continue
        if isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name):
            out.add(n.target.id)  # `x += 1` reads x
        stack.extend(ast.iter_child_nodes(n))
    return out


def ordered_names(nodes, names):
    """`names` ordered by first appearance in `nodes` (a stable order for the generated code)."""
    seen = []
    for node in nodes:
        for n in ast.walk(node):
            ident = n.id if isinstance(n, ast.Name) else getattr(n, "name", None) \
                if isinstance(n, (ast.FunctionDef, ast.ClassDef)) else None
            if ident in names and ident not in seen:
                seen.append(ident)
    return seen + sorted(set(names) - set(seen))


class Liveness:
    """Backward may-liveness. After `block(fn.body, set())`: `live_out[id(stmt)]` for every
    if/while/for, and `loop_top[id(loop)]`: the names live where a loop decides whether to
    run its body again (the names a loop must carry from one iteration to the next)."""

    def __init__(self):
        self.live_out = {}
        self.loop_top = {}

    def block(self, stmts, live):
        for s in reversed(stmts):
            live = self.stmt(s, live)
        return live

    def stmt(self, s, live):
        live = set(live)
        if isinstance(s, ast.If):
            self.live_out[id(s)] = live
            return used_names(s.test) | self.block(s.body, live) | self.block(s.orelse, live)
        if isinstance(s, (ast.While, ast.For)):
            self.live_out[id(s)] = live
            exit_live = self.block(s.orelse, live)
            targets = bound_names(s.target) if isinstance(s, ast.For) else set()
            test = used_names(s.test) if isinstance(s, ast.While) else set()
            test |= used_names(getattr(s, "ag_extra_tests", []))
            top = set()
            while True:
                new = test | exit_live | (self.block(s.body, top) - targets)
                if new <= top:
                    break
                top |= new
            self.loop_top[id(s)] = top
            return top | (used_names(s.iter) if isinstance(s, ast.For) else set())
        if isinstance(s, ast.Try) or type(s).__name__ == "TryStar":
            final = self.block(s.finalbody, live)
            orelse = self.block(s.orelse, final)
            handlers = set()
            for h in s.handlers:
                handlers |= used_names(h.type) | (self.block(h.body, final) - {h.name})
            return self.block(s.body, orelse | handlers) | handlers
        if isinstance(s, (ast.With, ast.AsyncWith)):
            body = self.block(s.body, live) - bound_names([i.optional_vars for i in s.items
                                                           if i.optional_vars is not None])
            return body | used_names([i.context_expr for i in s.items] +
                                     [i.optional_vars for i in s.items if i.optional_vars is not None])
        if isinstance(s, (ast.Return, ast.Raise)):
            return used_names(s)
        if type(s).__name__ == "Match":  # kept as is: everything it reads, nothing it kills
            return live | used_names(s)
        return (live - bound_names(s)) | used_names(s)


class Defined:
    """Forward may-definedness. After `block(fn.body, params)`: `before[id(stmt)]` for every
    statement. A loop body starts from what was defined before the loop plus the loop's
    carried names: the converted body is a function, so names it binds that are not carried
    do not survive from one iteration to the next."""

    def __init__(self, loop_top):
        self.before = {}
        self.loop_top = loop_top

    def block(self, stmts, d):
        for s in stmts:
            d = self.stmt(s, d)
        return d

    def stmt(self, s, d):
        d = set(d)
        self.before[id(s)] = d
        if isinstance(s, ast.If):
            return self.block(s.body, d) | self.block(s.orelse, d)
        if isinstance(s, (ast.While, ast.For)):
            targets = bound_names(s.target) if isinstance(s, ast.For) else set()
            carried = (bound_names(s.body) | targets) & self.loop_top.get(id(s), set())
            after_body = self.block(s.body, d | carried | targets)
            out = d | carried | targets
            return out | self.block(s.orelse, out) | (after_body & carried)
        if isinstance(s, ast.Try) or type(s).__name__ == "TryStar":
            body = self.block(s.body, d)
            out = body | self.block(s.orelse, body)
            for h in s.handlers:
                out |= self.block(h.body, body | ({h.name} if h.name else set()))
            return self.block(s.finalbody, out)
        if isinstance(s, (ast.With, ast.AsyncWith)):
            return self.block(s.body, d | bound_names([i.optional_vars for i in s.items
                                                       if i.optional_vars is not None]))
        return d | bound_names(s)
