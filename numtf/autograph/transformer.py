"""AutoGraph's source transformation: a function's AST in, the converted function's AST out.

The passes, in order (TensorFlow's AutoGraph has the same ones):

1. loop options: `tf.autograph.experimental.set_loop_options(...)` statements at the top of
   a loop body are moved into the loop's options;
2. expressions: calls become `ag__.converted_call(f, args, kwargs)` (so user functions are
   converted when called), `and`/`or`/`not` become `ag__.and_`/`ag__.or_`/`ag__.not_` (lazy
   operands, so Python short-circuits still short-circuit), `a if c else b` becomes
   `ag__.if_exp`;
3. per function, innermost first: `return` becomes `do_return = True; retval_ = value` with
   the rest of the code guarded by `if not do_return` (or moved into the other branch of an
   `if` that returns); `break`/`continue` become `break_`/`continue_` flags guarding the rest
   of the loop body and ending the loop;
4. `if`/`while`/`for` become `ag__.if_stmt`/`while_stmt`/`for_stmt` over local functions
   (`if_body`, `loop_body`, ...) that share the enclosing variables through `nonlocal`, plus
   `get_state`/`set_state` functions that read and write the construct's live variables.
   The operators decide at run time whether to stage tf.cond/tf.while_loop or run Python.

    >>> print(to_source(convert_ast(ast.parse("def f(x):\\n  return -x").body[0])))
    def tf__f(x):
        do_return = False
        ...
"""
import ast

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


# -- AST construction ------------------------------------------------------------------------
def _name(ident, ctx=ast.Load):
    n = ast.Name(id=ident, ctx=ctx())
    n.ag_generated = True  # never wrapped in `ag__.ld`
    return n


def _ag(attr):
    return ast.Attribute(value=_name("ag__"), attr=attr, ctx=ast.Load())


def _call(func, *args, keywords=()):
    return ast.Call(func=func, args=list(args), keywords=list(keywords))


def _assign(target, value):
    return ast.Assign(targets=[_name(target, ast.Store) if isinstance(target, str) else target],
                      value=value)


def _lambda(body):
    lam = ast.parse("lambda: None", mode="eval").body
    lam.body = body
    return lam


def _def(name, params, body):
    fn = ast.parse(f"def {name}({', '.join(params)}):\n    pass").body[0]
    fn.body = body or [ast.Pass()]
    return fn


def _not(expr):
    return _call(_ag("not_"), expr)


def _and(a, b):
    return _call(_ag("and_"), _lambda(a), _lambda(b))


def _tuple(elts, ctx=ast.Load):
    return ast.Tuple(elts=list(elts), ctx=ctx())


def _strings(names):
    return _tuple(ast.Constant(n) for n in names)


def _walk_scope(nodes):
    """The nodes of a scope's statements, not entering nested functions, lambdas or classes."""
    stack = list(nodes)
    while stack:
        n = stack.pop()
        yield n
        stack.extend(c for c in ast.iter_child_nodes(n) if not isinstance(c, _SCOPES))


def _contains(nodes, types, stop=()):
    stack = list(nodes)
    while stack:
        n = stack.pop()
        if isinstance(n, types):
            return True
        stack.extend(c for c in ast.iter_child_nodes(n) if not isinstance(c, _SCOPES + stop))
    return False


class Namer:
    """Fresh names that collide with no name of the converted source (`get_state_1`, ...)."""

    def __init__(self, tree):
        self.used = {getattr(n, "id", None) or getattr(n, "name", None) or getattr(n, "arg", None)
                     for n in ast.walk(tree)}

    def new(self, base):
        name, i = base, 0
        while name in self.used:
            i += 1
            name = f"{base}_{i}"
        self.used.add(name)
        return name


# -- pass 1: loop options --------------------------------------------------------------------
def _is_set_loop_options(stmt):
    if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)):
        return False
    f = stmt.value.func
    return (isinstance(f, ast.Attribute) and f.attr == "set_loop_options") or \
        (isinstance(f, ast.Name) and f.id == "set_loop_options")


def _extract_loop_options(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.While, ast.For)):
            options = []
            for s in node.body:
                if _is_set_loop_options(s):
                    options.extend(s.value.keywords)
            node.body = [s for s in node.body if not _is_set_loop_options(s)] or [ast.Pass()]
            node.ag_options = options


# -- pass 2: expressions ---------------------------------------------------------------------
class _Expressions(ast.NodeTransformer):
    def __init__(self, class_cell):
        self.class_cell = class_cell
        self.first_arg = []

    def visit_FunctionDef(self, node):
        args = node.args.posonlyargs + node.args.args
        self.first_arg.append(args[0].arg if args else None)
        self.generic_visit(node)
        self.first_arg.pop()
        return node

    def visit_ClassDef(self, node):
        return node

    def visit_Call(self, node):
        self.generic_visit(node)
        f = node.func
        if isinstance(f, ast.Name) and f.id == "super":
            if not node.args and self.class_cell and self.first_arg and self.first_arg[-1]:
                # the converted function is not in a class body: name super()'s implicit arguments
                node.args = [ast.Name(id="__class__", ctx=ast.Load()), ast.Name(id=self.first_arg[-1], ctx=ast.Load())]
            return node
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "ag__":
            return node
        args = _tuple(node.args)
        kw = [k for k in node.keywords]
        if kw:
            kwargs = ast.Dict(keys=[None if k.arg is None else ast.Constant(k.arg) for k in kw],
                              values=[k.value for k in kw])
        else:
            kwargs = ast.Constant(None)
        return ast.copy_location(_call(_ag("converted_call"), f, args, kwargs), node)

    def visit_BoolOp(self, node):
        self.generic_visit(node)
        op = "and_" if isinstance(node.op, ast.And) else "or_"
        expr = node.values[-1]
        for v in reversed(node.values[:-1]):
            expr = _call(_ag(op), _lambda(v), _lambda(expr))
        return ast.copy_location(expr, node)

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Not):
            return ast.copy_location(_not(node.operand), node)
        return node

    def visit_IfExp(self, node):
        self.generic_visit(node)
        return ast.copy_location(_call(_ag("if_exp"), node.test, _lambda(node.body), _lambda(node.orelse),
                                       ast.Constant(ast.unparse(node.test))), node)


# -- pass 3a: return -------------------------------------------------------------------------
def _always_returns(stmts):
    for s in stmts:
        if isinstance(s, ast.Return):
            return True
        if isinstance(s, ast.If) and _always_returns(s.body) and _always_returns(s.orelse):
            return True
        if isinstance(s, (ast.With, ast.AsyncWith)) and _always_returns(s.body):
            return True
    return False


class _Returns:
    def __init__(self, namer):
        self.namer = namer

    def convert(self, fn):
        if not any(isinstance(n, ast.Return) for n in _walk_scope(fn.body)):
            return
        self.flag = self.namer.new("do_return")
        self.value = self.namer.new("retval_")
        doc = fn.body[:1] if _is_docstring(fn.body[0]) else []
        body, _, always = self.block(fn.body[len(doc):])
        ret = _call(_ag("ret"), _name(self.value), _name(self.flag))
        if not always:
            ret.keywords = [ast.keyword(arg="falls_off", value=ast.Constant(True))]
        fn.body = doc + [_assign(self.flag, ast.Constant(False)),
                         _assign(self.value, _call(_ag("UndefinedReturnValue")))] + body + [ast.Return(value=ret)]

    def block(self, stmts):
        """-> (converted statements, may return, always returns)."""
        out = []
        may = False
        for i, s in enumerate(stmts):
            rest = stmts[i + 1:]
            if isinstance(s, ast.Return):
                out += [_assign(self.flag, ast.Constant(True)),
                        _assign(self.value, s.value or ast.Constant(None))]
                return out, True, True
            if isinstance(s, ast.If) and rest and _contains([s], ast.Return):
                # `if c: return a` followed by code: the code becomes the else branch
                body_returns, else_returns = _always_returns(s.body), _always_returns(s.orelse)
                if body_returns and not else_returns:
                    s = ast.If(test=s.test, body=s.body, orelse=s.orelse + rest)
                    rest = []
                elif else_returns and not body_returns:
                    s = ast.If(test=s.test, body=s.body + rest, orelse=s.orelse)
                    rest = []
            new, s_may, s_always = self.stmt(s)
            out += new
            may = may or s_may
            if s_always:
                return out, True, True
            if s_may and rest:
                guarded, _, rest_always = self.block(rest)
                out.append(ast.If(test=_not(_name(self.flag)), body=guarded, orelse=[]))
                return out, True, rest_always  # returned already, or returns in the guarded rest
        return out, may, False

    def stmt(self, s):
        if isinstance(s, ast.If):
            s.body, bm, ba = self.block(s.body)
            s.orelse, om, oa = self.block(s.orelse)
            return [s], bm or om, ba and oa
        if isinstance(s, (ast.While, ast.For)):
            s.body, bm, _ = self.block(s.body)
            s.orelse, om, oa = self.block(s.orelse)
            if bm:
                if isinstance(s, ast.While):
                    s.test = _and(_not(_name(self.flag)), s.test)
                else:
                    s.ag_extra_tests = getattr(s, "ag_extra_tests", []) + [_not(_name(self.flag))]
                if s.orelse:
                    s.orelse = [ast.If(test=_not(_name(self.flag)), body=s.orelse, orelse=[])]
            # the else clause runs unless the loop breaks
            always = oa and not _contains(s.body, ast.Break, stop=(ast.While, ast.For))
            return [s], bm or om, always
        if isinstance(s, (ast.With, ast.AsyncWith)):
            s.body, bm, ba = self.block(s.body)
            return [s], bm, ba
        if isinstance(s, ast.Try):
            may = False
            for attr in ("body", "orelse", "finalbody"):
                new, m, _ = self.block(getattr(s, attr))
                setattr(s, attr, new)
                may = may or m
            for h in s.handlers:
                h.body, m, _ = self.block(h.body)
                may = may or m
            return [s], may, False
        return [s], False, False


def _is_docstring(s):
    return isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and isinstance(s.value.value, str)


# -- pass 3b: break and continue -------------------------------------------------------------
class _Jumps:
    def __init__(self, namer):
        self.namer = namer

    def block(self, stmts):
        out = []
        for s in stmts:
            if isinstance(s, (ast.While, ast.For)):
                out += self.loop(s)
                continue
            for attr in ("body", "orelse", "finalbody"):
                if isinstance(getattr(s, attr, None), list) and not isinstance(s, _SCOPES):
                    setattr(s, attr, self.block(getattr(s, attr)))
            for h in getattr(s, "handlers", []):
                h.body = self.block(h.body)
            out.append(s)
        return out

    def loop(self, node):
        node.body = self.block(node.body)
        post = self.block(node.orelse)
        node.orelse = []
        loops = (ast.While, ast.For)
        has_break = _contains(node.body, ast.Break, stop=loops)
        has_continue = _contains(node.body, ast.Continue, stop=loops)
        if not (has_break or has_continue):
            return [node] + post
        brk = self.namer.new("break_") if has_break else None
        cnt = self.namer.new("continue_") if has_continue else None
        node.body = self.guard(node.body, brk, cnt, cnt or brk)
        pre = []
        if cnt:
            node.body.insert(0, _assign(cnt, ast.Constant(False)))
        if brk:
            pre = [_assign(brk, ast.Constant(False))]
            if isinstance(node, ast.While):
                node.test = _and(_not(_name(brk)), node.test)
            else:
                node.ag_extra_tests = [_not(_name(brk))] + getattr(node, "ag_extra_tests", [])
            if post:
                post = [ast.If(test=_not(_name(brk)), body=post, orelse=[])]
        return pre + [node] + post

    def guard(self, stmts, brk, cnt, flag):
        out = []
        loops = (ast.While, ast.For)
        for i, s in enumerate(stmts):
            if isinstance(s, ast.Break):
                out.append(_assign(brk, ast.Constant(True)))
                if cnt:
                    out.append(_assign(cnt, ast.Constant(True)))
                return out
            if isinstance(s, ast.Continue):
                out.append(_assign(cnt, ast.Constant(True)))
                return out
            jumps = not isinstance(s, loops) and _contains([s], (ast.Break, ast.Continue), stop=loops)
            if jumps:
                for attr in ("body", "orelse", "finalbody"):
                    if isinstance(getattr(s, attr, None), list):
                        setattr(s, attr, self.guard(getattr(s, attr), brk, cnt, flag))
                for h in getattr(s, "handlers", []):
                    h.body = self.guard(h.body, brk, cnt, flag)
            out.append(s)
            rest = stmts[i + 1:]
            if jumps and rest:
                out.append(ast.If(test=_not(_name(flag)), body=self.guard(rest, brk, cnt, flag), orelse=[]))
                return out
        return out
