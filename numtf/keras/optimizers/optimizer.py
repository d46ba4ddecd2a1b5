"""`tf.keras.optimizers.Optimizer`: the tf-keras (2.11+) optimizer base class.

It owns the step counter (`iterations`), the learning rate (a variable, or a schedule evaluated
once per step), gradient clipping, decoupled weight decay and the weights' moving average
(`use_ema`); subclasses create slot variables in `build` and define `update_step`. The built-in
algorithms only declare theirs (`_slot_groups`, `_CONFIG`) and share this class's `build`,
`get_config` and constructor plumbing (`_init_builtin`).

    >>> opt = tf.keras.optimizers.SGD(learning_rate=0.1)
    >>> v = tf.Variable(1.0)
    >>> _ = opt.apply_gradients([(tf.constant(2.0), v)])
    >>> float(v), int(opt.iterations)
    (0.8, 1)

The built-in algorithms also define `_fused_update`, which updates every variable of a step in
place with the array-level kernels of numtf.ops.state_ops: eagerly, `apply_gradients` costs
a few microseconds per variable plus the arithmetic. A subclass that overrides `update_step`,
and every call inside a graph, goes through `update_step` per variable instead (the same
state_ops primitives, as graph nodes when a graph is being built).
"""
import contextlib
import logging
import math
import re

import numpy as np

from ...framework.context import ctx, eager_mode, name_scope
from ...framework.indexed_slices import densify
from ...framework.tensor import Tensor, wrap
from ...framework.variables import Variable, _UnreadVariable
from ...distribute import distribute_lib as _distribute
from ...ops import state_ops
from ...ops.convert import convert_to_tensor
from .schedules import LearningRateSchedule, serialize as _serialize_schedule, \
    deserialize as _deserialize_schedule

log = logging.getLogger("tensorflow")
_check_gradient = state_ops.check_gradient


class CallableList(list):
    """A list that can also be called: `opt.variables` and `opt.variables()` both work."""

    def __call__(self):
        return self


def _init_scope():
    # Optimizer state is created eagerly even while a graph is being traced (TF's init_scope).
    return eager_mode() if ctx.graph is not None else contextlib.nullcontext()


# The constructor arguments every built-in algorithm takes and hands to `Optimizer.__init__`.
_COMMON_ARGS = ("weight_decay", "clipnorm", "clipvalue", "global_clipnorm", "use_ema", "ema_momentum",
                "ema_overwrite_frequency", "jit_compile", "name")


def _constructor_args(local_vars):
    """(named arguments, **kwargs) of a constructor, from the `locals()` it takes first thing (so
    the dict holds exactly its parameters; `__class__` is there when it also uses `super()`)."""
    args = dict(local_vars)
    args.pop("self")
    args.pop("__class__", None)
    return args, args.pop("kwargs")


def _floatx():
    from .. import backend
    return backend.floatx()


def _clip_by_norm_array(g, clip_norm):
    """g * clip / max(||g||, clip), as tf.clip_by_norm computes it (float32 norm)."""
    norm = g.dtype.type(math.sqrt(float(np.vdot(g, g))))
    clip = g.dtype.type(clip_norm)
    if norm <= clip:
        return g
    t = np.multiply(g, clip)
    t /= norm
    return t


def _clip_by_global_norm_arrays(grads, clip_norm):
    """Scales every array by clip * min(1/global_norm, 1/clip), as tf.clip_by_global_norm."""
    dtype = grads[0].dtype.type
    norm = dtype(math.sqrt(sum(float(np.vdot(g, g)) for g in grads)))
    if not np.isfinite(norm):
        return [np.full_like(g, np.nan) for g in grads]
    clip = dtype(clip_norm)
    inv_norm = dtype(1) / norm if norm > 0 else dtype(np.inf)
    scale = float(clip * min(inv_norm, dtype(1) / clip))
    return grads if scale == 1.0 else [np.multiply(g, scale) for g in grads]


class Optimizer:
    """Base class of Keras optimizers (see the module docstring). Subclasses implement `build`
    (calling `super().build(var_list)`, then creating slots with `add_variable_from_reference`),
    `update_step(gradient, variable)` and `get_config`.

        >>> class MySGD(tf.keras.optimizers.Optimizer):
        ...     def __init__(self, learning_rate=0.01, name="MySGD", **kwargs):
        ...         super().__init__(name=name, **kwargs)
        ...         self._learning_rate = self._build_learning_rate(learning_rate)
        ...     def update_step(self, gradient, variable):
        ...         variable.assign_sub(gradient * self.learning_rate)
    """
    # Set by the built-in algorithms to their own `update_step`: while a subclass keeps it,
    # apply_gradients may use `_fused_update` instead of calling update_step per variable.
    _FUSED_FOR = None
    # The built-in algorithms' hyperparameters in `get_config`, after the common ones and the
    # learning rate (None: a user subclass, whose get_config adds its own).
    _CONFIG = None

    def __init__(self, name, weight_decay=0, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None, jit_compile=True, **kwargs):
        self.name = name
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.global_clipnorm = global_clipnorm
        self.clipvalue = clipvalue
        self.use_ema = use_ema
        self.jit_compile = False  # tf-keras only compiles on GPUs
        if use_ema:
            if ema_momentum > 1 or ema_momentum < 0:
                raise ValueError(f"`ema_momentum` must be in the range [0, 1]. Received: ema_momentum={ema_momentum}")
            if ema_overwrite_frequency and (not isinstance(ema_overwrite_frequency, int)
                                            or ema_overwrite_frequency < 1):
                raise ValueError("`ema_overwrite_frequency` must be an integer > 1 or None. Received: "
                                 f"ema_overwrite_frequency={ema_overwrite_frequency}")
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        if clipnorm is not None and global_clipnorm is not None:
            raise ValueError("At most one of `clipnorm` and `global_clipnorm` can be set. Received: "
                             f"clipnorm={clipnorm}, global_clipnorm={global_clipnorm}.")
        self._variables = []
        self._index_dict = {}
        self._lr_alias = None
        self._create_iteration_variable()
        self._process_kwargs(kwargs)

    def _init_builtin(self, local_vars):
        """The built-in algorithms' constructors: their signatures are TF's (API), so each keeps
        its own and passes its `locals()` here. The common arguments go to `Optimizer.__init__`,
        the learning rate is built after it (that reads the `lr=` alias), and every other
        argument becomes the hyperparameter attribute of the same name."""
        args, kwargs = _constructor_args(local_vars)
        learning_rate = args.pop("learning_rate")
        Optimizer.__init__(self, **{k: args.pop(k) for k in _COMMON_ARGS if k in args}, **kwargs)
        self._learning_rate = self._build_learning_rate(learning_rate)
        for k, v in args.items():
            setattr(self, k, v)

    def _create_iteration_variable(self):
        with _init_scope():
            self._iterations = Variable(0, name="iteration", dtype="int64", trainable=False)
        self._variables.append(self._iterations)

    def _process_kwargs(self, kwargs):
        kwargs.pop("is_legacy_optimizer", None)
        kwargs.pop("mesh", None)
        lr = kwargs.pop("lr", None)
        if lr is not None:
            # tf-keras 2.11+ warns and then ignores `lr`; Keras 2 programs mean it, so it is used.
            log.warning("`lr` is deprecated in Keras optimizer, please use `learning_rate` instead.")
            self._lr_alias = lr
        for k in kwargs:
            if k in ("decay", "gradient_aggregator", "gradient_transformers"):
                raise ValueError(f"{k} is deprecated in the new Keras optimizer, please check the docstring "
                                 "for valid arguments, or use the legacy optimizer, e.g., "
                                 f"tf.keras.optimizers.legacy.{self.__class__.__name__}.")
            raise TypeError(f"{k} is not a valid argument, kwargs should be empty  for "
                            "`optimizer_experimental.Optimizer`.")

    # -- learning rate and step counter -------------------------------------------------------
    def _build_learning_rate(self, learning_rate):
        if self._lr_alias is not None:
            learning_rate = self._lr_alias
        with _init_scope():
            if isinstance(learning_rate, LearningRateSchedule):
                current = convert_to_tensor(learning_rate(self.iterations))
                self._current_learning_rate = Variable(current, name="current_learning_rate",
                                                       dtype=current.dtype, trainable=False)
                return learning_rate
            return Variable(learning_rate, name="learning_rate", dtype=_floatx(), trainable=False)

    def _compute_current_learning_rate(self):
        value = convert_to_tensor(self._learning_rate(self.iterations))
        current = self.__dict__.get("_current_learning_rate")
        if current is None:
            with _init_scope():
                self._current_learning_rate = Variable(value, name="current_learning_rate", dtype=value.dtype,
                                                       trainable=False)
        else:
            current.assign(value)

    @property
    def learning_rate(self):
        lr = self.__dict__.get("_learning_rate")
        if lr is None:
            raise ValueError("Missing learning rate, please set self.learning_rate at optimizer creation time.")
        if isinstance(lr, LearningRateSchedule):
            return self._current_learning_rate
        return lr

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        if isinstance(learning_rate, LearningRateSchedule):
            self._learning_rate = learning_rate
            return
        if isinstance(self.__dict__.get("_learning_rate"), LearningRateSchedule):
            raise TypeError("This optimizer was created with a `LearningRateSchedule` object as its "
                            "`learning_rate` constructor argument, hence its learning rate is not settable. "
                            "If you need the learning rate to be settable, you should instantiate the "
                            "optimizer with a float `learning_rate` argument.")
        if self.__dict__.get("_learning_rate") is None:
            self._learning_rate = self._build_learning_rate(learning_rate)
        else:
            self._learning_rate.assign(learning_rate)

    lr = property(lambda self: self.learning_rate, lambda self, value: setattr(self, "learning_rate", value))

    def _current_lr_value(self):
        """This step's learning rate as a Python float (eager)."""
        lr = self.learning_rate
        return float(lr._value) if type(lr) is Variable else float(lr)

    def _lr_tensor(self):
        """This step's learning rate for `update_step`: a float eagerly, a tensor in a graph."""
        if ctx.graph is None:
            return self._current_lr_value()
        shared = self.__dict__.get("_graph_step")
        return convert_to_tensor(self.learning_rate) if shared is None else shared[0]

    def _step_tensor(self):
        """iterations + 1 (the step being applied), as a number eagerly or a tensor in a graph."""
        if ctx.graph is None:
            return int(self._iterations._value) + 1
        shared = self.__dict__.get("_graph_step")
        return self._iterations + 1 if shared is None else shared[1]

    @property
    def iterations(self):
        """The number of steps applied so far (an int64 variable)."""
        return self._iterations

    @iterations.setter
    def iterations(self, variable):
        if getattr(self, "_built", False):
            raise RuntimeError("Cannot set `iterations` to a new Variable after the Optimizer weights have been "
                               f"created. Here it is attempting to set `iterations` to {variable}.Usually this "
                               "means you are trying to set `iterations` after calling `apply_gradients()`. "
                               "Please set `iterations` before calling `apply_gradients()`.")
        self._iterations = variable

    # -- variables --------------------------------------------------------------------------
    def build(self, var_list):
        """Creates the optimizer's state for `var_list`. The built-in algorithms are built here
        entirely (their slots come from `_slot_groups()`); a subclass in tf-keras's style creates
        its slots in its own `build` after calling this one, and sets `_built` itself."""
        if getattr(self, "_built", False):
            return
        self._var_list = list(var_list)  # keeps the variables alive, so their ids stay unique
        self._index_dict = {id(v): i for i, v in enumerate(self._var_list)}
        if self.use_ema:
            self._model_variables_moving_average = [
                self.add_variable_from_reference(v, "average", initial_value=v) for v in self._var_list]
        if type(self)._slot_groups is not Optimizer._slot_groups:
            self._built = True
            self._build_state()
            self._create_slots(self._var_list)

    def _var_key(self, variable):
        return id(variable)

    def _slot_name(self, slot, variable):
        return f"{slot}/{variable.name.rsplit(':', 1)[0]}"

    def add_variable_from_reference(self, model_variable, variable_name, shape=None, initial_value=None):
        """A non-trainable variable shaped like `model_variable` (zeros unless `initial_value`),
        named '{variable_name}/{model variable name}' and listed in `variables`."""
        dtype = model_variable.dtype
        if _distribute.has_strategy():  # tf-keras colocates a slot with its variable: it must be the strategy's
            _distribute.get_strategy().extended.colocate_vars_with(model_variable)
        if initial_value is None:
            initial_value = np.zeros(tuple(model_variable.shape) if shape is None else tuple(shape), dtype._np)
        with _init_scope():
            variable = Variable(initial_value, name=self._slot_name(variable_name, model_variable), dtype=dtype,
                                trainable=False)
        self._variables.append(variable)
        return variable

    def add_variable(self, shape, dtype=None, initializer="zeros", name=None):
        """A non-trainable optimizer variable (`initializer` a name or a callable(shape, dtype))."""
        dtype = dtype or _floatx()
        shape = [] if shape is None else shape
        if isinstance(initializer, str):
            from .. import initializers
            initializer = initializers.get(initializer)
        with _init_scope():
            variable = Variable(initializer(shape, dtype), name=name, trainable=False)
        self._variables.append(variable)
        return variable

    def _create_slots(self, var_list):
        """Creates the built-in algorithm's slots: `_slot_groups()` lists groups of (slot name,
        attribute); the slots of one group are created interleaved per variable, as tf-keras does."""
        for group in self._slot_groups():
            lists = [[] for _ in group]
            for var in var_list:
                for (slot, _), out in zip(group, lists):
                    out.append(self.add_variable_from_reference(var, slot, initial_value=self._slot_initial(slot, var)))
            for (_, attr), out in zip(group, lists):
                setattr(self, attr, out)

    def _slot_groups(self):
        return []

    def _slot_initial(self, slot, var):
        return None

    def _build_state(self):
        """A built-in algorithm's state other than slots, created in `build` before them."""

    @property
    def variables(self):
        """The optimizer's variables: `iterations`, then the slots (also callable: `variables()`)."""
        return CallableList(self._variables)

    def set_weights(self, weights):
        if not getattr(self, "_built", False):
            raise ValueError("You are calling `set_weights()` on an optimizer that has not yet been built. Please "
                             "call `optimizer.build(trainable_variables)` to create the optimizer weights before "
                             "calling `set_weights()`.")
        for variable, weight in zip(self._variables, weights):
            if tuple(variable.shape) != tuple(np.shape(weight)):
                raise ValueError(f"Optimizer variable {variable.name} has shape {variable.shape} not compatible "
                                 f"with provided weight shape {tuple(np.shape(weight))}.")
            variable.assign(weight)

    def save_own_variables(self, store):
        for i, variable in enumerate(self._variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store):
        if len(store.keys()) != len(self._variables):
            log.warning("Skipping variable loading for optimizer '%s', because it has %d variables whereas the "
                        "saved optimizer has %d variables. ", self.name, len(self._variables), len(store.keys()))
            return
        for i, variable in enumerate(self._variables):
            variable.assign(store[str(i)])

    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Excludes variables (or variables whose name matches one of `var_names`) from weight decay."""
        if getattr(self, "_built", False):
            raise ValueError("`exclude_from_weight_decay()` can only be configued before the optimizer is built.")
        self._exclude_from_weight_decay = [id(v) for v in var_list] if var_list else []
        self._exclude_from_weight_decay_names = var_names or []

    def _use_weight_decay(self, variable):
        if id(variable) in getattr(self, "_exclude_from_weight_decay", ()):
            return False
        return not any(re.search(n, variable.name) for n in getattr(self, "_exclude_from_weight_decay_names", ()))

    # -- gradients ----------------------------------------------------------------------------
    def compute_gradients(self, loss, var_list, tape=None):
        """[(gradient, variable)] of `loss` (a callable, or a tensor computed under `tape`)."""
        from ...autodiff.tape import GradientTape
        if not callable(loss) and tape is None:
            raise ValueError(f"`tape` is required when a `Tensor` loss is passed. Received: loss={loss}, tape={tape}.")
        if tape is None:
            tape = GradientTape()
        if callable(loss):
            with tape:
                if not callable(var_list):
                    tape.watch(var_list)
                loss = loss()
                if callable(var_list):
                    var_list = var_list()
        grads = tape.gradient(loss, var_list)
        return list(zip(grads, var_list))

    def minimize(self, loss, var_list, tape=None):
        """Computes the gradients of `loss` and applies them to `var_list`.

            >>> opt.minimize(lambda: (v - 3.0) ** 2, [v])
        """
        self.apply_gradients(self.compute_gradients(loss, var_list, tape))

    def aggregate_gradients(self, grads_and_vars):
        return grads_and_vars  # one replica: nothing to reduce

    def apply_gradients(self, grads_and_vars, name=None, skip_gradients_aggregation=False, **kwargs):
        """Applies `(gradient, variable)` pairs (any iterable, e.g. `zip(grads, vars)`); None
        gradients are skipped with a warning. Returns the step count (eagerly, as TF, `iterations` under
        the name 'UnreadVariable').

            >>> opt.apply_gradients(zip(grads, model.trainable_variables))
        """
        kwargs.pop("experimental_aggregate_gradients", None)
        if kwargs:
            raise TypeError(f"apply_gradients() got unexpected keyword arguments: {sorted(kwargs)}")
        if isinstance(self.__dict__.get("_learning_rate"), LearningRateSchedule):
            self._compute_current_learning_rate()
        pairs = grads_and_vars if type(grads_and_vars) is list else list(grads_and_vars)
        if not pairs:
            return self._iterations
        if not getattr(self, "_built", False):
            with _init_scope(), name_scope(name or self.name or "optimizer"):
                self.build([v for _, v in pairs])
        grads = []
        variables = []
        missing = None
        for g, v in pairs:
            if g is None:
                missing = [v] if missing is None else missing + [v]
            else:
                grads.append(densify(g))  # (an IndexedSlices updates as its dense sum: tf-keras's numbers)
                variables.append(v)
        if missing is not None:
            if not grads:
                raise ValueError(f"No gradients provided for any variable: {([v.name for _, v in pairs],)}. "
                                 f"Provided `grads_and_vars` is {tuple(tuple(p) for p in pairs)}.")
            log.warning("Gradients do not exist for variables %s when minimizing the loss. If you're using "
                        "`model.compile()`, did you forget to provide a `loss` argument?", [v.name for v in missing])
        cls = type(self)
        if ctx.graph is None and cls._FUSED_FOR is not None and cls.update_step is cls._FUSED_FOR:
            self._apply_fused(grads, variables)
        else:
            self._apply_per_variable(grads, variables)
        for v in variables:
            if v.constraint is not None:
                v.assign(v.constraint(v))
        if ctx.graph is None and type(self._iterations) is Variable:
            return _UnreadVariable(self._iterations)  # (TF returns iterations.assign_add(1): it prints so)
        return self._iterations

    def _indices(self, variables):
        index = self._index_dict
        out = []
        for v in variables:
            i = index.get(id(v))
            if i is None:
                raise KeyError(
                    f"The optimizer cannot recognize variable {v.name}. This usually means you are trying to "
                    "call the optimizer to update different parts of the model separately. Please call "
                    "`optimizer.build(variables)` with the full list of trainable variables before the training "
                    f"loop or use legacy optimizer `tf.keras.optimizers.legacy.{self.__class__.__name__}.")
            out.append(i)
        return out

    def _apply_fused(self, grads, variables):
        """The eager fast path: gradients as arrays, every update in place."""
        arrays = [_check_gradient(v, g) for g, v in zip(grads, variables)]
        idxs = self._indices(variables)
        if self.clipnorm or self.global_clipnorm or self.clipvalue:
            arrays = self._clip_arrays(arrays)
        lr = self._current_lr_value()
        step = int(self._iterations._value) + 1
        if self.weight_decay:
            wd = float(self.weight_decay)
            for v in variables:
                if self._use_weight_decay(v):
                    state_ops.weight_decay_update(v._writable_buffer(), lr, wd)
        self._fused_update(arrays, idxs, variables, lr, step)
        if self.use_ema:
            averages = self._model_variables_moving_average
            for i, v in zip(idxs, variables):
                state_ops.moving_average_update(averages[i]._writable_buffer(), v._value, self.ema_momentum)
            if self.ema_overwrite_frequency and step % self.ema_overwrite_frequency == 0:
                self._overwrite_model_variables_with_average_value(variables)
        counter = self._iterations._writable_buffer()
        counter += 1

    def _clip_arrays(self, arrays):
        if self.clipnorm and self.clipnorm > 0:
            return [_clip_by_norm_array(g, self.clipnorm) for g in arrays]
        if self.global_clipnorm and self.global_clipnorm > 0:
            return _clip_by_global_norm_arrays(arrays, self.global_clipnorm)
        if self.clipvalue and self.clipvalue > 0:
            return [np.clip(g, -self.clipvalue, self.clipvalue) for g in arrays]
        return arrays

    def _clip_gradients(self, grads):
        """Clipping for the per-variable path (tensors; numtf's clip ops inside a graph)."""
        if not (self.clipnorm or self.global_clipnorm or self.clipvalue):
            return grads
        if ctx.graph is None:
            arrays = self._clip_arrays([np.asarray(g._value) for g in grads])
            return [wrap(a, g.dtype) for a, g in zip(arrays, grads)]
        import numtf as tf  # tf.clip_by_norm's and tf.clip_by_global_norm's formulas, in graph ops
        if self.clipnorm and self.clipnorm > 0:
            c = self.clipnorm
            return [g * c / tf.maximum(tf.sqrt(tf.reduce_sum(g * g)), c) for g in grads]
        if self.global_clipnorm and self.global_clipnorm > 0:
            c = self.global_clipnorm
            norm = tf.sqrt(tf.add_n([tf.reduce_sum(g * g) for g in grads]))
            scale = c * tf.minimum(1.0 / norm, 1.0 / c)
            return [g * scale for g in grads]
        return [tf.clip_by_value(g, -self.clipvalue, self.clipvalue) for g in grads]

    def _apply_per_variable(self, grads, variables):
        """update_step per variable: subclasses that define their own, and graphs."""
        grads = [g if isinstance(g, Tensor) else convert_to_tensor(g, dtype=v.dtype) for g, v in zip(grads, variables)]
        grads = self._clip_gradients(grads)
        self._apply_weight_decay(variables)
        if ctx.graph is not None:  # one read of the learning rate and the step for every update
            # (both change only after the updates; variable reads are never merged by the passes)
            self._graph_step = (convert_to_tensor(self.learning_rate), self._iterations + 1)
        try:
            for g, v in zip(grads, variables):
                self._update_step(g, v)
        finally:
            self._graph_step = None
        if self.use_ema:
            step = self._step_tensor()
            for var in variables:
                average = self._model_variables_moving_average[self._index_dict[id(var)]]
                state_ops.resource_apply_moving_average(average, var, self.ema_momentum, step,
                                                        self.ema_overwrite_frequency)
        self._iterations.assign_add(1)

    def _update_step(self, gradient, variable):
        self._indices([variable])
        self.update_step(gradient, variable)

    def update_step(self, gradient, variable):
        """Updates `variable` from `gradient` (subclasses implement this)."""
        raise NotImplementedError

    def _fused_update(self, grads, idxs, variables, lr, step):
        for g, v in zip(grads, variables):  # built-in algorithms override this
            self.update_step(wrap(g, v.dtype), v)

    def _apply_weight_decay(self, variables):
        if not self.weight_decay:
            return
        lr = self._lr_tensor()
        for v in variables:
            if self._use_weight_decay(v):
                state_ops.resource_apply_weight_decay(v, lr, self.weight_decay)

    def _overwrite_model_variables_with_average_value(self, var_list):
        for var in var_list:
            var.assign(self._model_variables_moving_average[self._index_dict[id(var)]])

    def finalize_variable_values(self, var_list):
        """With `use_ema`, overwrites the variables with their moving averages (end of training)."""
        if self.use_ema:
            self._overwrite_model_variables_with_average_value(var_list)

    # -- serialization --------------------------------------------------------------------------
    def _serialize_hyperparameter(self, hyperparameter):
        if isinstance(hyperparameter, LearningRateSchedule):
            return _serialize_schedule(hyperparameter)
        if isinstance(hyperparameter, Variable):
            return hyperparameter.numpy()
        if callable(hyperparameter):
            return hyperparameter()
        return hyperparameter

    def get_config(self):
        """The constructor arguments as a dict (`from_config` rebuilds the optimizer, without state)."""
        config = {"name": self.name, "weight_decay": self.weight_decay, "clipnorm": self.clipnorm,
                  "global_clipnorm": self.global_clipnorm, "clipvalue": self.clipvalue, "use_ema": self.use_ema,
                  "ema_momentum": self.ema_momentum, "ema_overwrite_frequency": self.ema_overwrite_frequency,
                  "jit_compile": self.jit_compile, "is_legacy_optimizer": False}
        if self._CONFIG is not None:
            config["learning_rate"] = self._serialize_hyperparameter(self._learning_rate)
            config.update({k: getattr(self, k) for k in self._CONFIG})
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = _deserialize_schedule(config["learning_rate"], custom_objects=custom_objects)
        return cls(**config)
