"""`tf.train.Checkpoint`: object-based saving of variables, layers, models and optimizers.

Objects are found by walking attributes from the checkpoint's root, breadth first, as TensorFlow
does: a value is keyed by the path of attribute names that first reaches it
('model/dense1/kernel/.ATTRIBUTES/VARIABLE_VALUE'). Models without attribute names for their layers
(Sequential, functional) name them 'layer-0', 'layer-1', ... (and a saved checkpoint keys a layer
with weights by TF's first name for it, 'layer_with_weights-0', ...); an optimizer's state is '_iterations',
'_learning_rate' and '_variables/<i>' (its slots, in creation order).

Deferred restoration: a value whose object does not exist yet (a layer not built, an optimizer
whose slots are created by its first `apply_gradients`) is kept and assigned as soon as that
layer's or optimizer's `build` has created it, before it is first used, as in TensorFlow.

    >>> checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer, step=step)
    >>> path = checkpoint.save('./save/ckpt')        # './save/ckpt-1' (files ckpt-1.index, ckpt-1.data-*)
    >>> checkpoint.restore(tf.train.latest_checkpoint('./save')).assert_consumed()
"""
import logging
import os
import sys
import weakref
from collections import deque

import numpy as np

from ..framework.context import ctx, eager_mode
from ..framework.module import Module
from ..framework.variables import Variable
from . import checkpoint_io

log = logging.getLogger("tensorflow")
VALUE_SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE"

# Layer attributes that are numtf's bookkeeping, not checkpoint dependencies.
_LAYER_INTERNALS = frozenset({"_trainable_weights", "_non_trainable_weights", "_layers", "_losses",
                              "_callable_losses", "_stack", "_initial_weights", "_inbound_nodes",
                              "_outbound_nodes", "_keras_history", "_functional_layers", "build"})


def _keras_class(module, name):
    mod = sys.modules.get(module)  # no Keras object can exist before its module is imported
    return getattr(mod, name, None) if mod is not None else None


def _layer_cls():
    return _keras_class("numtf.keras.engine.base_layer", "Layer")


def _optimizer_cls():
    return _keras_class("numtf.keras.optimizers.optimizer", "Optimizer")


def _isinstance(obj, cls):
    return cls is not None and isinstance(obj, cls)


def is_trackable(obj):
    """Whether `obj` can be a checkpoint dependency (variables, tf.Modules and so layers,
    optimizers, checkpoints)."""
    return isinstance(obj, (Variable, Checkpoint, Module)) or _isinstance(obj, _layer_cls()) or \
        _isinstance(obj, _optimizer_cls()) or hasattr(obj, "_checkpoint_children")


def _holds_trackables(value):
    if isinstance(value, (list, tuple)):
        return any(is_trackable(v) or _holds_trackables(v) for v in value)
    if isinstance(value, dict):
        return any(is_trackable(v) or _holds_trackables(v) for v in value.values())
    return False


def _base_name(variable):
    return variable.name.rsplit("/", 1)[-1].split(":")[0]


def _is_private_metric(name, value):
    metric = _keras_class("numtf.keras.metrics.base", "Metric")
    if metric is None or not name.startswith("_"):
        return False
    values = value if isinstance(value, (list, tuple)) else list(value.values()) if isinstance(value, dict) \
        else [value]
    return bool(values) and all(isinstance(v, metric) for v in values)


def _layer_children(layer, aliases=False):
    out = []
    named = set()
    reachable = set()
    for name, value in layer.__dict__.items():
        if name in _LAYER_INTERNALS or value is layer or _is_private_metric(name, value):
            continue  # compile()'s metrics are not model state TensorFlow checkpoints
        if is_trackable(value) or _holds_trackables(value):
            out.append((name, value))
            named.add(name)
            stack = [value]
            while stack:
                v = stack.pop()
                reachable.add(id(v))
                if isinstance(v, (list, tuple)):
                    stack.extend(v)
                elif isinstance(v, dict):
                    stack.extend(v.values())
    own = list(layer.__dict__.get("_trainable_weights", ())) + list(layer.__dict__.get("_non_trainable_weights", ()))
    for v in own:
        if id(v) in reachable:
            continue
        reachable.add(id(v))
        name = _base_name(v)
        while name in named:
            name += "_1"
        named.add(name)
        out.append((name, v))
    model_cls = _keras_class("numtf.keras.engine.training", "Model")
    if _isinstance(layer, model_cls):  # Sequential / functional: layers without attribute names
        try:
            layers = layer.layers
        except Exception:  # noqa: BLE001 - a model that cannot list its layers yet has none to save
            layers = []
        with_weights = 0
        for i, sub in enumerate(layers):
            if id(sub) not in reachable:
                # TF tracks each layer as 'layer-i' and, first, a layer holding weights as
                # 'layer_with_weights-k' too, so a checkpoint keys its values by the latter (first
                # path wins). Restoring walks without these aliases: the layers of a model not built
                # yet have no weights, and checkpoint_io renames TF's keys to 'layer-i' ones.
                if aliases and sub.weights:
                    out.append((f"layer_with_weights-{with_weights}", sub))
                    with_weights += 1
                out.append((f"layer-{i}", sub))
    return out


def _optimizer_children(opt):
    d = opt.__dict__
    out = []
    if isinstance(d.get("_iterations"), Variable):
        out.append(("_iterations", d["_iterations"]))
    if isinstance(d.get("_learning_rate"), Variable):
        out.append(("_learning_rate", d["_learning_rate"]))
    out.append(("_variables", list(d.get("_variables", ()))))
    return out


def children(obj, aliases=False):
    """The (name, child) checkpoint dependencies of `obj`, in order; `aliases` adds the second
    names TF gives some (a Keras model's 'layer_with_weights-k'), as saving does."""
    if isinstance(obj, Checkpoint):
        return obj._checkpoint_children()
    if isinstance(obj, (list, tuple)):
        return [(str(i), v) for i, v in enumerate(obj) if is_trackable(v) or _holds_trackables(v)]
    if isinstance(obj, dict):
        return [(str(k), v) for k, v in obj.items() if is_trackable(v) or _holds_trackables(v)]
    if _isinstance(obj, _layer_cls()):
        return _layer_children(obj, aliases)
    if _isinstance(obj, _optimizer_cls()):
        return _optimizer_children(obj)
    if hasattr(obj, "_checkpoint_children"):
        return list(obj._checkpoint_children())
    if isinstance(obj, Module):  # a plain tf.Module: its attributes that hold trackables
        attrs = vars(obj)
        return [(k, attrs[k]) for k in sorted(attrs) if k not in _MODULE_INTERNALS
                and (is_trackable(attrs[k]) or _holds_trackables(attrs[k]))]
    return []


_MODULE_INTERNALS = frozenset(("_name", "_scope_name"))


def walk(root, prefix="", aliases=False):
    """Breadth-first walk: ({value key: Variable}, {object path: object}); first path wins
    (`aliases`: as `children`)."""
    variables = {}
    objects = {prefix: root}
    seen = {id(root)}
    queue = deque([(prefix, root)])
    while queue:
        path, obj = queue.popleft()
        for name, child in children(obj, aliases):
            if id(child) in seen:
                continue
            seen.add(id(child))
            child_path = f"{path}/{name}" if path else name
            if isinstance(child, Variable):
                variables[child_path + VALUE_SUFFIX] = child
            else:
                objects[child_path] = child
                queue.append((child_path, child))
    return variables, objects


# -- deferred restoration ----------------------------------------------------------------------
# layer/optimizer -> [(callback, kind, pending)]: callbacks run after its build; `pending(path)`
# gives the values still waiting, keyed for the object's new path, so that saving a model that
# was loaded but not yet built keeps them (`kind` names the key scheme: 'checkpoint', 'keras').
_DEFERRED = weakref.WeakKeyDictionary()


def _is_unbuilt(obj):
    if _isinstance(obj, _layer_cls()):
        return not obj.built
    if _isinstance(obj, _optimizer_cls()):
        return not getattr(obj, "_built", False)
    return False


def defer_until_built(obj, callback, kind, pending):
    """Runs `callback()` right after `obj.build(...)` (a layer's or optimizer's) next returns.

    The object's `build` is wrapped by an instance attribute, removed after the first build."""
    entries = _DEFERRED.get(obj)
    if entries is not None:
        entries.append((callback, kind, pending))
        return
    _DEFERRED[obj] = [(callback, kind, pending)]
    original = obj.build

    def build(*args, **kwargs):
        result = original(*args, **kwargs)
        obj.__dict__.pop("build", None)
        waiting = _DEFERRED.pop(obj, [])
        if ctx.graph is not None:
            with eager_mode(keep_scope=True):
                for fn, _, _ in waiting:
                    fn()
        else:
            for fn, _, _ in waiting:
                fn()
        return result

    obj.__dict__["build"] = build


def pending_values(objects, kind, source):
    """The values still waiting for the objects (path -> object) to be built, keyed for their
    paths here; ValueError if they wait in another format, which cannot be carried over."""
    out = {}
    for path, obj in objects.items():
        try:
            entries = _DEFERRED.get(obj)
        except TypeError:  # lists and dicts of the object graph
            continue
        for _, entry_kind, pending in reversed(entries or ()):  # the latest restore wins, as on build
            if entry_kind != kind:
                raise ValueError(f"Cannot save {source}: '{getattr(obj, 'name', path)}' has values waiting to be "
                                 "restored (they were loaded before it was built). Call the model on data (or "
                                 "build it) first, so that its weights exist.")
            for key, value in pending(path).items():
                out.setdefault(key, value)
    return out


def _rekey(key, old, new):
    rest = key[len(old):] if old else "/" + key
    return (new + rest) if new else rest.lstrip("/")


def owner_to_defer(object_path, objects):
    """The unbuilt layer/optimizer (path) that will create the object at `object_path`, or None."""
    parts = object_path.split("/") if object_path else []
    for i in range(len(parts), -1, -1):
        path = "/".join(parts[:i])
        obj = objects.get(path)
        if obj is None:
            continue
        if _is_unbuilt(obj):
            return path
        if _isinstance(obj, _layer_cls()) or _isinstance(obj, _optimizer_cls()):
            return None
    return None


# -- restoring ---------------------------------------------------------------------------------
def cast_for(variable, value, key):
    """`value` as `variable`'s dtype, after TensorFlow's shape check."""
    value = np.asarray(value)
    shape = tuple(variable.shape.as_list()) if variable.shape.rank is not None else None
    if shape is not None and (len(shape) != value.ndim or
                              any(s is not None and s != n for s, n in zip(shape, value.shape))):
        raise ValueError(f"Received incompatible tensor with shape {value.shape} when attempting to restore "
                         f"variable with shape {shape} and "
                         f"name {variable.name}. (checkpoint key: {key})")
    target = variable.dtype._np if hasattr(variable.dtype, "_np") else np.dtype(variable.dtype.name)
    if value.dtype != target:
        if value.dtype.kind != target.kind and not ({value.dtype.kind, target.kind} <= set("iu")):
            raise ValueError(f"Cannot restore variable {variable.name} of dtype {variable.dtype.name} from a "
                             f"value of dtype {value.dtype} (checkpoint key: {key}).")
        value = value.astype(target)
    return value


def assign_all(pairs):
    """Assigns `(variable, array)` pairs eagerly (also when called while a graph is being built)."""
    if ctx.graph is not None:
        with eager_mode(keep_scope=True):
            for var, value in pairs:
                var.assign(value)
    else:
        for var, value in pairs:
            var.assign(value)


class _Restore:
    """One restore: the checkpoint's values, which are used, and the deferred ones."""

    def __init__(self, arrays, path):
        self.arrays = arrays
        self.path = path
        self.unused = set(arrays)
        self.unmatched = []   # variables that exist but got no value
        self.deferred = set()

    def run(self, root, prefix=""):
        variables, objects = walk(root, prefix)
        plan = []
        for key, var in variables.items():
            if key in self.arrays:
                plan.append((var, cast_for(var, self.arrays[key], key), key))
            elif not prefix:
                self.unmatched.append((key, var))
        assign_all([(var, value) for var, value, _ in plan])
        for _, _, key in plan:
            self.unused.discard(key)
            self.deferred.discard(key)
        owners = {}
        head = prefix + "/" if prefix else ""
        for key in self.unused:
            if not key.startswith(head):
                continue
            object_path = key[:-len(VALUE_SUFFIX)] if key.endswith(VALUE_SUFFIX) else key
            owner = owner_to_defer(object_path, objects)
            if owner is not None:
                owners[owner] = True
                self.deferred.add(key)
            else:
                self.deferred.discard(key)
        for owner in owners:
            defer_until_built(objects[owner], lambda o=objects[owner], p=owner: self.run(o, p), "checkpoint",
                              lambda new, p=owner: self.pending(p, new))
        return self

    def pending(self, old, new):
        """The unused values under object path `old`, keyed as if that object were at `new`."""
        head = old + "/" if old else ""
        return {_rekey(k, old, new): self.arrays[k] for k in self.unused if k.startswith(head)}


class CheckpointLoadStatus:
    """What `restore` returns: checks of how the checkpoint matched the objects.

        >>> checkpoint.restore(path).assert_consumed()
    """

    def __init__(self, restore):
        self._restore = restore
        self._partial = False

    def _unused_text(self):
        keys = sorted(self._restore.unused)
        return ", ".join(keys[:10]) + (f" (and {len(keys) - 10} more)" if len(keys) > 10 else "")

    def assert_consumed(self):
        """Raises AssertionError unless every value in the checkpoint was restored into an object
        and every variable of the objects got a value (deferred values count once created)."""
        if self._restore.unused:
            waiting = " (some wait for layers or optimizer slots that are not built yet)" \
                if self._restore.deferred else ""
            raise AssertionError(f"Unresolved object in checkpoint {self._restore.path}{waiting}: "
                                 f"{self._unused_text()}")
        self.assert_existing_objects_matched()
        return self

    def assert_existing_objects_matched(self):
        """Raises AssertionError if a variable of the restored objects had no value in the checkpoint."""
        missing = [f"{key} ({var.name})" for key, var in self._restore.unmatched]
        if missing:
            raise AssertionError(f"Object not assigned a value from checkpoint {self._restore.path}: "
                                 + ", ".join(missing[:10]))
        return self

    def assert_nontrivial_match(self):
        """Raises AssertionError unless something besides the save counter was restored."""
        used = set(self._restore.arrays) - self._restore.unused - {"save_counter" + VALUE_SUFFIX}
        if not used and not self._restore.deferred:
            raise AssertionError(f"Nothing except the root object matched a checkpointed value in "
                                 f"{self._restore.path}. Typically this means that the checkpoint does not match "
                                 "the Python program.")
        return self

    def expect_partial(self):
        """Silences the report of values the program did not use (returns self)."""
        self._partial = True
        return self

    def run_restore_ops(self, session=None):
        """Values are assigned eagerly: nothing to run."""

    def initialize_or_restore(self, session=None):
        """Values are assigned eagerly: nothing to run."""


class InitializationOnlyStatus:
    """What `restore(None)` returns: nothing was restored; every assertion fails except
    `initialize_or_restore`."""

    def assert_consumed(self):
        raise AssertionError("No checkpoint specified (save_path=None); nothing is being restored.")

    assert_existing_objects_matched = assert_nontrivial_match = assert_consumed

    def expect_partial(self):
        return self

    def run_restore_ops(self, session=None):
        raise AssertionError("No checkpoint specified, so no restore ops are available (save_path=None to "
                             "Saver.restore).")

    def initialize_or_restore(self, session=None):
        """Variables are initialized when created: nothing to do."""


def save_object(root, prefix):
    """Writes every variable reachable from `root` as checkpoint `prefix` (with values restored but
    still waiting for their layers to be built); returns the file name."""
    variables, objects = walk(root, aliases=True)
    arrays = {k: v.numpy() for k, v in variables.items()}
    for key, value in pending_values(objects, "checkpoint", f"checkpoint {os.fspath(prefix)!r}").items():
        arrays.setdefault(key, value)
    return checkpoint_io.write_arrays(prefix, arrays, root=root)


def restore_object(root, prefix):
    """Restores checkpoint `prefix` into the objects reachable from `root` (deferring values of
    objects not built yet); all shapes are checked before anything is assigned."""
    _, arrays = checkpoint_io.read_arrays(prefix)
    return CheckpointLoadStatus(_Restore(arrays, os.fspath(prefix)).run(root))


class CheckpointOptions:
    """Accepted for compatibility; numtf has no devices or async writes to configure."""

    def __init__(self, experimental_io_device=None, experimental_enable_async_checkpoint=False,
                 experimental_write_callbacks=None, enable_async=False, experimental_sharding_callback=None,
                 experimental_skip_slot_variables=False):
        self.experimental_io_device = experimental_io_device
        self.enable_async = enable_async or experimental_enable_async_checkpoint


class Checkpoint:
    """Groups trackable objects (models, layers, optimizers, variables, other checkpoints) to save
    and restore them together.

        >>> ckpt = tf.train.Checkpoint(step=tf.Variable(1), optimizer=opt, model=model)
        >>> ckpt.save('/tmp/ckpt')
        '/tmp/ckpt-1'
    """

    def __init__(self, root=None, **kwargs):
        object.__setattr__(self, "_objects", {})
        object.__setattr__(self, "_root", None)
        object.__setattr__(self, "_save_counter", None)
        if root is not None:
            self._check("root", root)
            object.__setattr__(self, "_root", root)
        for name, value in kwargs.items():
            self._check(name, value)
            setattr(self, name, value)

    @staticmethod
    def _check(name, value):
        if not is_trackable(value) and not isinstance(value, (list, tuple, dict)):
            raise ValueError(f"`Checkpoint` was expecting {name} to be a trackable object (an object derived "
                             f"from `Trackable`), got {value}. If you believe this object should be trackable "
                             "(i.e. it is part of the TensorFlow Python API and manages state), please open an issue.")

    def __setattr__(self, name, value):
        if name.startswith("_"):
            object.__setattr__(self, name, value)
            return
        if name == "save_counter":
            raise AttributeError("can't set attribute 'save_counter'")
        if is_trackable(value) or isinstance(value, (list, tuple, dict)):
            self._objects[name] = value
        else:  # as in TensorFlow, other attributes are kept but not checkpointed
            self._objects.pop(name, None)
            object.__setattr__(self, name, value)

    def __getattr__(self, name):
        objects = self.__dict__.get("_objects", {})
        if name in objects:
            return objects[name]
        raise AttributeError(f"'Checkpoint' object has no attribute '{name}'")

    def _checkpoint_children(self):
        out = children(self._root) if self._root is not None else []
        out += list(self._objects.items())
        if self._save_counter is not None:
            out.append(("save_counter", self._save_counter))
        return out

    @property
    def save_counter(self):
        """How many times `save` was called (an int64 variable, created on first use)."""
        if self._save_counter is None:
            with eager_mode(keep_scope=False):
                object.__setattr__(self, "_save_counter", Variable(0, name="save_counter", dtype="int64",
                                                                   trainable=False))
        return self._save_counter

    def write(self, file_prefix, options=None):
        """Writes the checkpoint to exactly `file_prefix` (no counter, no `checkpoint` file update).

            >>> ckpt.write('/tmp/ckpt/weights')
            '/tmp/ckpt/weights'
        """
        file_prefix = os.fspath(file_prefix)
        save_object(self, file_prefix)
        return file_prefix

    def save(self, file_prefix, options=None):
        """Increments `save_counter`, writes `file_prefix-<counter>` and records it as the latest
        checkpoint in the directory's `checkpoint` file. Returns the path.

            >>> ckpt.save('./save/model.ckpt')
            './save/model.ckpt-1'
        """
        counter = self.save_counter
        counter.assign_add(1)
        path = f"{os.fspath(file_prefix)}-{int(counter.numpy())}"
        self.write(path)
        checkpoint_io.update_checkpoint_state(os.path.dirname(path), path)
        return path

    def restore(self, save_path, options=None):
        """Restores the values of checkpoint `save_path` (values of objects not built yet are
        restored when they are created). Returns a status with `assert_consumed()`,
        `expect_partial()`, ...; `save_path=None` restores nothing.

            >>> ckpt.restore(tf.train.latest_checkpoint('./save')).assert_consumed()
        """
        if save_path is None:
            return InitializationOnlyStatus()
        save_path = os.fspath(save_path)
        _, arrays = checkpoint_io.read_arrays(save_path)
        if "save_counter" + VALUE_SUFFIX in arrays:
            self.save_counter  # noqa: B018 - created so that it is restored too
        return CheckpointLoadStatus(_Restore(arrays, save_path).run(self))

    def read(self, save_path, options=None):
        """Restores a checkpoint written by `write` (the same as `restore`)."""
        return self.restore(save_path, options)
