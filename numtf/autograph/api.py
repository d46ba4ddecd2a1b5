"""Converting functions: `convert` (what tf.function calls), `to_graph`, `to_code`,
`do_not_convert`, and `converted_call`, through which converted code calls everything.

A function is converted from its source (`inspect.getsource`), so it must live in a file. The
converted code object is cached per original code object; each function object then gets its
converted twin built around its own globals, defaults and closure cells (so free variables
still resolve, and see later rebinding). Functions AutoGraph cannot convert (no source,
generators, lambdas) run as they are, with TF's warning for those that should have converted.

    >>> def f(x):
    ...     if x > 0:
    ...         x = x * x
    ...     return x
    >>> tf.autograph.to_graph(f)(tf.constant(3)).numpy()
    9
"""
import builtins
import functools
import inspect
import logging
import sys
import types
import weakref

from ..framework.tensor import Tensor, SymbolicTensor
from . import ag_logging, user_errors

log = logging.getLogger("tensorflow")

__all__ = ["convert", "to_graph", "to_code", "do_not_convert", "converted_call"]

_code_cache = {}  # original code object -> (converted code object, converted source)
_fn_cache = weakref.WeakKeyDictionary()  # function -> converted function
_decisions = {}  # code object -> whether converted code should convert calls to it
_SKIP_MODULES = {"numpy", "scipy", "pandas", "matplotlib", "tensorflow", "keras", "torch", "jax", "pytest",
                 "_pytest", "pluggy", "IPython"}
_LIBRARY_DIRS = tuple({p for p in (sys.base_prefix, sys.base_exec_prefix) if p})


# -- do_not_convert ----------------------------------------------------------------------------
def do_not_convert(func=None):
    """Decorator: AutoGraph calls this function as it is (never converts it).

        >>> @tf.autograph.experimental.do_not_convert
        ... def f(x): return x
    """
    if func is None:
        return do_not_convert

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    wrapper.__ag_do_not_convert__ = True
    return wrapper


# -- conversion --------------------------------------------------------------------------------
def convert(fn):
    """The converted version of function or method `fn` (`fn` itself if it cannot be converted).

        >>> convert(collatz)(tf.constant(6))  # what tf.function traces
    """
    if inspect.ismethod(fn):
        converted = convert(fn.__func__)
        return fn if converted is fn.__func__ else types.MethodType(converted, fn.__self__)
    if isinstance(fn, functools.partial):
        converted = convert(fn.func)
        return fn if converted is fn.func else functools.partial(converted, *fn.args, **fn.keywords)
    if not inspect.isfunction(fn):
        call = getattr(type(fn), "__call__", None)
        if inspect.isfunction(call) and not isinstance(fn, type):  # a callable object: its __call__
            converted = convert(call)
            return fn if converted is call else types.MethodType(converted, fn)
        return fn
    if not _convertible(fn):
        return fn
    hit = _fn_cache.get(fn)
    if hit is not None:
        return hit
    try:
        code, _ = _convert_code(fn)
    except Exception as e:  # anything the converter cannot handle runs unconverted, as in TF
        log.warning("AutoGraph could not transform %s and will run it as-is.\nCause: %s\nTo silence this "
                    "warning, decorate the function with @tf.autograph.experimental.do_not_convert", fn, e)
        _fn_cache[fn] = fn
        return fn
    converted = _instantiate(fn, code)
    _fn_cache[fn] = converted
    ag_logging.log(1, "%s is not cached for subkey ConversionOptions[{}]", fn)
    ag_logging.log(2, "Transformed %s:\n\n%s\n", fn, _code_cache[fn.__code__][1])
    return converted


def _convertible(fn):
    """False for functions AutoGraph leaves as they are: lambdas, generators and coroutines,
    do_not_convert, already converted, numtf's own."""
    if getattr(fn, "__ag_do_not_convert__", False) or getattr(fn, "__ag_converted__", False):
        return False
    if fn.__name__ == "<lambda>" or _internal(fn):
        return False
    return not fn.__code__.co_flags & (inspect.CO_GENERATOR | inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR)


def _convert_code(fn):
    code = fn.__code__
    hit = _code_cache.get(code)
    if hit is not None:
        return hit
    import ast
    import textwrap
    from .conversion import convert_ast, to_source
    source = textwrap.dedent(inspect.getsource(fn))
    node = ast.parse(source).body[0]
    if not isinstance(node, ast.FunctionDef) or node.name != code.co_name:
        raise ValueError(f"could not find the source of {code.co_name}")
    node = convert_ast(node, class_cell="__class__" in code.co_freevars)
    text = to_source(node)
    # The compiled function also marks the graph it builds as AutoGraph's (not shown by to_code),
    # and keeps the original file and line numbers, so tracebacks point at the user's source.
    node.body.insert(0, ast.Expr(value=ast.Call(
        func=ast.Attribute(value=ast.Name(id="ag__", ctx=ast.Load()), attr="mark_graph", ctx=ast.Load()),
        args=[], keywords=[])))
    ast.increment_lineno(node, code.co_firstlineno - 1)
    # free variables (and ag__) are locals of a factory, so the function compiles with them as
    # free variables; the function object is then built with the original closure cells.
    factory = ast.parse("def __ag_factory():\n    pass").body[0]
    free = list(code.co_freevars) + ["ag__"]
    factory.body = [ast.Assign(targets=[ast.Name(id=n, ctx=ast.Store())], value=ast.Constant(None)) for n in free]
    factory.body += [node, ast.Return(value=ast.Name(id=node.name, ctx=ast.Load()))]
    module = ast.Module(body=[factory], type_ignores=[])
    ast.fix_missing_locations(module)
    compiled = compile(module, code.co_filename, "exec", dont_inherit=True)
    factory_code = next(c for c in compiled.co_consts if isinstance(c, types.CodeType))
    inner = next(c for c in factory_code.co_consts if isinstance(c, types.CodeType) and c.co_name == node.name)
    _code_cache[code] = (inner, text)
    _mark_converted(inner, code.co_name)
    return inner, text


def _mark_converted(code, name):
    """Remembers `code` and the functions defined in it (branches, loop bodies, lambdas) as
    converted code of function `name`, as "in user code" errors list them."""
    user_errors.converted_codes[code] = name
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            _mark_converted(const, name)


def _instantiate(fn, code):
    from . import runtime
    cells = dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))
    closure = tuple(types.CellType(runtime) if n == "ag__" else cells.get(n) or types.CellType()
                    for n in code.co_freevars)
    new = types.FunctionType(code, fn.__globals__, code.co_name, fn.__defaults__, closure or None)
    new.__kwdefaults__ = fn.__kwdefaults__
    new.__doc__ = fn.__doc__
    new.__module__ = fn.__module__
    new.__ag_converted__ = True
    new.__ag_original_code__ = fn.__code__  # (not fn: the cache's value must not keep its key alive)
    return new


def to_graph(entity, recursive=True, experimental_optional_features=None):
    """The converted function: Python control flow over tensors becomes TF control flow.

        >>> tf.autograph.to_graph(collatz)(tf.constant(6)).numpy()
        8
    """
    entity = getattr(entity, "python_function", entity)
    converted = convert(entity)
    fn = entity.__func__ if inspect.ismethod(entity) else entity
    if converted is entity and inspect.isfunction(fn) and _convertible(fn):
        _convert_code(fn)  # asked for explicitly: raise why it could not be converted
    return converted


def to_code(entity, recursive=True, experimental_optional_features=None):
    """The source code of the converted function (a `tf__<name>` function over `ag__` operators).

        >>> print(tf.autograph.to_code(square_if_positive))
        def tf__square_if_positive(x):
        ...
    """
    entity = getattr(entity, "python_function", entity)
    fn = entity.__func__ if inspect.ismethod(entity) else entity
    if getattr(fn, "__ag_converted__", False):
        return _code_cache[fn.__ag_original_code__][1]
    return _convert_code(fn)[1]


# -- calls from converted code -----------------------------------------------------------------
def converted_call(f, args, kwargs, caller_fn_scope=None, options=None):
    """Calls `f(*args, **kwargs)`, converting `f` first if it is user code (not numtf's own,
    not a library's, not a builtin, not marked do_not_convert); a few builtins are overloaded
    for tensors (range, len, int, float), as in TF.

        >>> ag__.converted_call(len, (tf.ones([3, 2]),), None)
        3
    """
    if kwargs is None:
        kwargs = {}
    kind = type(f)
    if kind is types.BuiltinFunctionType or kind is type:
        overload = _OVERLOADS.get(f) if f in _OVERLOADS else None
        if overload is not None:
            return overload(*args, **kwargs)
        return f(*args, **kwargs)
    if kind is types.FunctionType or kind is types.MethodType:
        if _should_convert(f):
            f = convert(f)
        return f(*args, **kwargs)
    if kind is functools.partial and _should_convert(f.func):
        f = convert(f)
    return f(*args, **kwargs)  # (a tf.function traces itself: a nested call copies its trace in)


def _should_convert(f):
    func = f.__func__ if type(f) is types.MethodType else f
    if type(func) is not types.FunctionType:
        return False
    if getattr(func, "__ag_do_not_convert__", False) or getattr(func, "__ag_converted__", False):
        return False
    code = func.__code__
    decision = _decisions.get(code)
    if decision is None:
        decision = _decide(func)
        _decisions[code] = decision
    return decision


def _internal(func):
    """numtf's own code is written without Python control flow over tensors: never converted
    (the handbook programs in numtf.examples are user code)."""
    module = getattr(func, "__module__", None) or ""
    return (module == "numtf" or module.startswith("numtf.")) and not module.startswith("numtf.examples")


def _decide(func):
    if func.__name__ == "<lambda>" or _internal(func):
        return False
    module = getattr(func, "__module__", None) or ""
    if module.split(".")[0] in _SKIP_MODULES:
        return False
    filename = func.__code__.co_filename
    if "site-packages" in filename or "dist-packages" in filename:
        return False
    return not (filename.startswith(_LIBRARY_DIRS) and "/lib/python" in filename)  # the standard library


# -- builtins over tensors ---------------------------------------------------------------------
def _range(*args):
    if any(isinstance(a, Tensor) for a in args):
        from ..ops.creation_ops import range as tf_range
        return tf_range(*args)
    return builtins.range(*args)


def _len(x):
    if isinstance(x, Tensor):
        shape = x.shape
        if shape.rank == 0:
            raise ValueError(f"len requires a non-scalar tensor, got one of shape {shape}")
        if isinstance(x, SymbolicTensor) and (shape.rank is None or shape[0] is None):
            from ..ops.array_ops import shape as tf_shape
            return tf_shape(x)[0]
        return shape[0]
    if type(x).__name__ == "TensorArray":
        return x.size()
    return builtins.len(x)


def _cast_to(dtype_name, builtin):
    def overload(x=0, *args, **kwargs):
        if isinstance(x, SymbolicTensor):
            from ..framework import dtypes
            from ..ops.math_ops import cast
            return cast(x, getattr(dtypes, dtype_name))
        return builtin(x, *args, **kwargs)
    return overload


_OVERLOADS = {builtins.range: _range, builtins.len: _len, builtins.int: _cast_to("int32", builtins.int),
              builtins.float: _cast_to("float32", builtins.float)}
