"""The object tree of Keras 3-style weight files (`.keras`, `.weights.h5`), as tf-keras 2.21 lays it out.

Every layer or optimizer owns a group of its own variables, `<path>/vars/<i>`; the path is made of
attribute names ('blk/dense_a') visited depth first in reverse alphabetical order, except that a
model's `layers` (and other lists of layers) are named after the class of each item ('layers/dense',
'layers/dense_1'), so the names do not depend on auto-generated layer names. The optimizer's
variables are 'optimizer/vars/<i>'. Files written here load into tf-keras and back.
"""
import logging

from ...framework.variables import Variable
from ...train import checkpoint as _ckpt
from .. import backend

log = logging.getLogger("tensorflow")

# numtf's bookkeeping attributes (lists of every sublayer/weight) and compile()'s metrics.
_SKIP = frozenset({"_trainable_weights", "_non_trainable_weights", "_layers", "_losses", "_callable_losses",
                   "_stack", "_initial_weights", "_inbound_nodes", "_outbound_nodes", "_keras_history", "build",
                   "_functional_layers",
                   "metrics", "compiled_metrics", "compiled_loss", "submodules", "weights", "variables",
                   "trainable_weights", "non_trainable_weights", "trainable_variables",
                   "non_trainable_variables"})


def _classes():
    from ..engine.base_layer import Layer
    from ..engine.training import Model
    from ..optimizers.optimizer import Optimizer
    return Layer, Model, Optimizer


def is_tracked(obj):
    layer, _, optimizer = _classes()
    return isinstance(obj, (layer, optimizer))


def own_variables(obj):
    """The variables an object saves itself (not its sublayers'), in tf-keras's order."""
    layer, _, optimizer = _classes()
    if isinstance(obj, optimizer):
        return list(obj.__dict__.get("_variables", ()))
    d = obj.__dict__
    out = list(d.get("_trainable_weights", ())) + list(d.get("_non_trainable_weights", ()))
    seen = {id(v) for v in out}
    for v in obj._container_variables():
        if id(v) not in seen:
            seen.add(id(v))
            out.append(v)
    return out


def _children(obj, include_optimizer):
    layer, model, optimizer = _classes()
    if not isinstance(obj, layer):
        return []
    items = {}
    for name, value in obj.__dict__.items():
        if name in _SKIP or value is obj or _ckpt._is_private_metric(name, value):
            continue
        if isinstance(value, Variable):
            continue
        if is_tracked(value) or isinstance(value, (list, tuple, dict)):
            items[name] = value
    if isinstance(obj, model):
        try:
            items["layers"] = list(obj.layers)
        except Exception:  # noqa: BLE001 - a model that cannot list its layers has none to save
            pass
        opt = getattr(obj, "optimizer", None)
        if isinstance(opt, optimizer):
            items["optimizer"] = opt
    if not include_optimizer:
        items = {k: v for k, v in items.items() if not isinstance(v, optimizer)}
    return sorted(items.items(), reverse=True)


def collect(root, include_optimizer=True, prefix=""):
    """({path: [variables]}, {path: object}) for `root` and everything it tracks."""
    groups, objects = {}, {}
    visited = set()

    def join(a, b):
        return f"{a}/{b}" if a else b

    def visit(obj, path):
        if id(obj) in visited:
            return
        visited.add(id(obj))
        objects[path] = obj
        groups[path] = own_variables(obj)
        for name, child in _children(obj, include_optimizer):
            if is_tracked(child):
                visit(child, join(path, name))
            elif isinstance(child, (list, tuple, dict)):
                container(child, join(path, name))

    def container(items, path):
        used = {}
        for item in (items.values() if isinstance(items, dict) else items):
            if not is_tracked(item) or id(item) in visited:
                continue
            name = backend.to_snake_case(type(item).__name__)
            if name in used:
                used[name] += 1
                name = f"{name}_{used[name]}"
            else:
                used[name] = 0
            visit(item, join(path, name))

    visit(root, prefix)
    return groups, objects


def arrays_of(root, include_optimizer=True, target="the model"):
    """{path: [array]} of every object's own variables (empty groups included), and the values
    of a loaded model that still wait for their layers to be built."""
    groups, objects = collect(root, include_optimizer)
    arrays = {path: [v.numpy() for v in variables] for path, variables in groups.items()}
    for path, values in _ckpt.pending_values(objects, "keras", target).items():
        if len(arrays.get(path) or ()) < len(values):  # e.g. an optimizer: `iterations` now, slots later
            arrays[path] = values
    return arrays


def _pending(saved, old, new):
    head = old + "/" if old else ""
    out = {}
    for path, values in saved.items():
        if path == old:
            out[new] = values
        elif path.startswith(head):
            rest = path[len(old):] if old else "/" + path
            out[(new + rest) if new else rest.lstrip("/")] = values
    return out


def _describe(obj, path):
    return f"'{getattr(obj, 'name', type(obj).__name__)}' (at '{path or '/'}')"


def _mismatch(message, skip_mismatch):
    if skip_mismatch:
        log.warning("%s Skipping it (skip_mismatch=True).", message)
        return
    raise ValueError(message)


def load(root, saved, source, skip_mismatch=False, include_optimizer=True, prefix=""):
    """Assigns `saved` ({path: [array]}) to `root`'s objects. Every count and shape is checked
    before anything is assigned; groups of layers (or optimizers) that are not built yet are
    restored when they are built."""
    optimizer = _classes()[2]
    groups, objects = collect(root, include_optimizer, prefix)
    head = prefix + "/" if prefix else ""
    plan, deferred = [], {}
    for path, variables in groups.items():
        obj = objects[path]
        values = saved.get(path)
        if isinstance(obj, optimizer):
            if not variables or not values:
                continue
            if len(values) == 1:  # saved before its first step: only `iterations`
                plan.append((variables[0], _ckpt.cast_for(variables[0], values[0], path)))
                continue
            if len(values) != len(variables):
                if _ckpt._is_unbuilt(obj) and len(variables) == 1:
                    # slots come with the first apply_gradients; `iterations` is needed before that
                    # (learning-rate schedules), so it is restored now and again with the slots.
                    plan.append((variables[0], _ckpt.cast_for(variables[0], values[0], path)))
                    deferred.setdefault(path, obj)
                    continue
                log.warning("Skipping variable loading for optimizer '%s', because it has %d variables whereas "
                            "the saved optimizer has %d variables.", obj.name, len(variables), len(values))
                continue
        values = values or []
        if len(values) != len(variables):
            if not variables and values and _ckpt._is_unbuilt(obj):
                deferred.setdefault(path, obj)
                continue
            _mismatch(f"Layer {_describe(obj, path)} expected {len(variables)} variables, but received "
                      f"{len(values)} variables during loading from {source!r}. Expected: "
                      f"{[v.name for v in variables]}", skip_mismatch)
            continue
        checked = []
        for var, value in zip(variables, values):
            try:
                checked.append((var, _ckpt.cast_for(var, value, path)))
            except ValueError:
                _mismatch(f"Cannot load weights of {_describe(obj, path)} from {source!r}: variable "
                          f"'{var.name}' has shape {tuple(var.shape.as_list())} but the saved value has shape "
                          f"{tuple(value.shape)}.", skip_mismatch)
                checked = None
                break
        if checked:
            plan.extend(checked)
    for path in saved:
        if path in groups or (prefix and not path.startswith(head)):
            continue
        owner = _ckpt.owner_to_defer(path, objects)
        if owner is not None and saved[path]:
            deferred.setdefault(owner, objects[owner])
    _ckpt.assign_all(plan)
    for path, obj in deferred.items():
        _ckpt.defer_until_built(
            obj, lambda o=obj, p=path: load(o, saved, source, skip_mismatch, include_optimizer, p), "keras",
            lambda new, p=path: _pending(saved, p, new))
    return bool(deferred)
