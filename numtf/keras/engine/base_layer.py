"""`tf.keras.layers.Layer`: the Keras layer contract.

`__init__` stores configuration, `build(input_shape)` creates weights with `add_weight`, `call`
is the math. `__call__` converts inputs, casts floating inputs to the layer's dtype, builds once
inside the layer's name scope (weights are named 'dense/kernel:0', 'mlp/dense/kernel:0'),
checks `input_spec`, and propagates `training` to nested layers.

    >>> class Scale(tf.keras.layers.Layer):
    ...     def build(self, input_shape):
    ...         self.s = self.add_weight(name='s', shape=(), initializer='ones')
    ...     def call(self, x):
    ...         return x * self.s
    >>> Scale()(tf.ones([2])).numpy()
    array([1., 1.], dtype=float32)
"""
import inspect
import threading
import warnings

import numpy as np

from ...framework import dtypes
from ...framework.context import ctx, eager_mode, graph_mode
from ...framework.module import Module
from ...framework.tensor import Tensor
from ...framework.variables import Variable, VariableAggregationV2 as VariableAggregation, VariableSynchronization
from ...ops.array_ops import cast
from ...ops.convert import convert_to_tensor
from ...util import nest
from .. import backend
from ..mixed_precision import autocast as _autocast
from ..mixed_precision import policy as _policy
from . import keras_tensor as _kt
from .call_errors import with_call_info
from .input_spec import assert_input_compatibility
from .layer_nodes import NodeIO


class _CallContext(threading.local):
    training = None  # the `training` value of the enclosing layer call, if determined
    depth = 0        # nesting of eager layer calls (0: the outermost call is starting)


_losses_added = [False]  # set once any layer adds a tensor loss: outer calls then clear old ones


_call_ctx = _CallContext()
_SIGNATURES = {}  # class -> (expects_training, expects_mask)


def _signature_info(cls):
    info = _SIGNATURES.get(cls)
    if info is None:
        params = inspect.signature(cls.call).parameters
        info = ("training" in params, "mask" in params)
        _SIGNATURES[cls] = info
    return info


def _to_tensor(x):
    if isinstance(x, (np.ndarray, np.generic, float, int)) and not isinstance(x, bool):
        return convert_to_tensor(x)
    return x


def _plain_tuple(value):
    """A tuple of numbers, strings and None (a kernel size, strides...): it can never hold a layer
    or a variable, so `variables` need not scan it (on every call, as it does lists and dicts)."""
    return all(v is None or isinstance(v, (int, float, str)) for v in value)


class Layer(NodeIO, Module):
    """Base class of all Keras layers (see module docstring); a `tf.Module`, as in tf-keras."""
    _name_scoped = True  # weights built inside call() are named under this layer's scope
    _is_metric = False  # Metric sets it: metrics are tracked apart from a layer's sublayers

    def __new__(cls, *args, **kwargs):
        # the constructor's arguments, for the config of a subclass that defines no get_config
        obj = super().__new__(cls)
        obj.__dict__["_init_arguments"] = (args, kwargs)
        return obj

    def __init__(self, trainable=True, name=None, dtype=None, dynamic=False, **kwargs):
        allowed = {"input_shape", "batch_input_shape", "batch_size", "input_dim", "weights",
                   "activity_regularizer", "autocast", "implementation"}
        unknown = set(kwargs) - allowed
        if unknown:
            raise TypeError(f"Keyword argument not understood: {sorted(unknown)[0]!r}")
        d = self.__dict__
        d["_trainable_weights"] = []
        d["_non_trainable_weights"] = []
        d["_layers"] = []
        d["_losses"] = []
        d["_callable_losses"] = []
        d["_trainable"] = bool(trainable)
        d["_inbound_nodes"] = []
        d["_containers"] = {}  # names of list/tuple/dict attributes, in assignment order
        self._name = name or backend.unique_object_name(backend.to_snake_case(type(self).__name__))
        # the dtype policy (tf.keras.mixed_precision): computations in _dtype, variables in _vdtype
        policy = d["_dtype_policy"] = _policy.layer_policy(dtype)
        d["_vdtype"] = dtypes.as_dtype(policy.variable_dtype or backend.floatx())
        self._dtype = dtypes.as_dtype(policy.compute_dtype) if policy.compute_dtype else self._vdtype
        self._autocast = kwargs.get("autocast", True)
        self.built = False
        self.dynamic = dynamic
        self.input_spec = None
        self.supports_masking = False
        self.activity_regularizer = kwargs.get("activity_regularizer")
        self._initial_weights = kwargs.get("weights")
        batch_shape = kwargs.get("batch_input_shape")
        if batch_shape is None and ("input_shape" in kwargs or "input_dim" in kwargs):
            shape = tuple(kwargs["input_shape"]) if "input_shape" in kwargs else (kwargs["input_dim"],)
            batch_shape = (kwargs.get("batch_size"),) + shape
        self._batch_input_shape = None if batch_shape is None else tuple(batch_shape)
        self._expects_training_arg, self._expects_mask_arg = _signature_info(type(self))

    # -- attribute tracking --------------------------------------------------------------
    def __setattr__(self, name, value):
        if isinstance(value, Variable) and "_trainable_weights" in self.__dict__:
            old = self.__dict__.get(name)
            if old is not value:
                lst = self._trainable_weights if value.trainable else self._non_trainable_weights
                if not any(v is value for v in lst):
                    lst.append(value)
        elif isinstance(value, Layer) and "_layers" in self.__dict__ and value is not self:
            if not any(layer is value for layer in self._layers):
                self._layers.append(value)
        containers = self.__dict__.get("_containers")
        if containers is not None:  # lists/dicts may hold layers and variables, now or later
            if isinstance(value, (list, dict)) or (isinstance(value, tuple) and not _plain_tuple(value)):
                containers[name] = None
            else:
                containers.pop(name, None)
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        value = self.__dict__.get(name)
        object.__delattr__(self, name)
        if isinstance(value, Layer):
            self._layers[:] = [layer for layer in self._layers if layer is not value]
        elif isinstance(value, Variable):
            for lst in (self._trainable_weights, self._non_trainable_weights):
                lst[:] = [v for v in lst if v is not value]

    def _flatten_layers(self, recursive=True, include_self=False):
        """Sublayers in tracking order: attributes, then layers inside lists/tuples/dicts."""
        if include_self:
            yield self
        seen = {id(self)}
        for layer in self._direct_sublayers():
            if id(layer) in seen:
                continue
            seen.add(id(layer))
            yield layer
            if recursive:
                for sub in layer._flatten_layers(True):
                    if id(sub) not in seen:
                        seen.add(id(sub))
                        yield sub

    def _container_items(self):
        """Everything inside the list/tuple/dict attributes (read now: they may have grown)."""
        d = self.__dict__
        for name in self._containers:
            value = d.get(name)
            if value:
                yield from nest.flatten(value)

    def _direct_sublayers(self):
        if not self._containers:
            return self._layers
        out = list(self._layers)
        known = {id(layer) for layer in out}
        for item in self._container_items():
            if isinstance(item, Layer) and id(item) not in known and item is not self:
                known.add(id(item))
                out.append(item)
        return out

    def _container_variables(self):
        if not self._containers:
            return []
        return [v for v in self._container_items() if isinstance(v, Variable)]

    # -- weights -------------------------------------------------------------------------
    def add_weight(self, name=None, shape=None, dtype=None, initializer=None, regularizer=None,
                   trainable=None, constraint=None, use_resource=None,
                   synchronization=VariableSynchronization.AUTO, aggregation=None, **kwargs):
        """Creates a weight variable tracked by this layer (named '<scope>/<name>:0')."""
        from .. import initializers, regularizers, constraints
        shape = () if shape is None else tuple(shape)
        dtype = dtypes.as_dtype(dtype or self._vdtype)
        if initializer is None:
            if dtype.is_floating:
                initializer = "glorot_uniform"
            elif dtype.is_integer or dtype.is_bool:
                initializer = "zeros"
            else:
                raise ValueError(f"An initializer for variable {name} of type {dtype.name} is "
                                 f"required for layer {self.name}")
        init = initializers.get(initializer)
        if synchronization == VariableSynchronization.ON_READ:
            if trainable:
                raise ValueError("Synchronization value can be set to VariableSynchronization.ON_READ "
                                 "only for non-trainable variables. You have specified trainable=True "
                                 "and synchronization=VariableSynchronization.ON_READ.")
            trainable = False
        elif trainable is None:
            trainable = True
        mixed = self._vdtype is not self._dtype and dtype.is_floating and kwargs.get("experimental_autocast", True)
        var = (_autocast.AutoCastVariable if mixed else Variable)(
            lambda: init(shape, dtype=dtype), name=name, trainable=trainable, dtype=dtype,
            constraint=constraints.get(constraint), synchronization=synchronization,  # (tf.distribute's kind)
            aggregation=VariableAggregation.NONE if aggregation is None else aggregation)
        (self._trainable_weights if trainable else self._non_trainable_weights).append(var)
        if regularizer is not None:
            reg = regularizers.get(regularizer)
            self._callable_losses.append(lambda: reg(var))
        return var

    def add_variable(self, *args, **kwargs):
        """The older name of `add_weight` (the handbook uses it)."""
        warnings.warn("`layer.add_variable` is deprecated and will be removed in a future version. "
                      "Please use the `layer.add_weight()` method instead.", UserWarning, stacklevel=2)
        return self.add_weight(*args, **kwargs)

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        for layer in self._flatten_layers(include_self=True):
            layer.__dict__["_trainable"] = bool(value)

    @property
    def trainable_weights(self):
        if not self._trainable:
            return []
        out = [v for v in self._trainable_weights if v.trainable]
        out += [v for v in self._container_variables() if v.trainable]
        for layer in self._weighted_sublayers():
            out += layer.trainable_weights
        return _dedup(out)

    @property
    def non_trainable_weights(self):
        own = self._trainable_weights + self._non_trainable_weights + self._container_variables()
        if self._trainable:
            out = [v for v in own if not v.trainable]
        else:
            out = list(own)
        for layer in self._weighted_sublayers():
            out += layer.non_trainable_weights if layer.trainable or not self._trainable \
                else layer.weights
        return _dedup(out)

    def _weighted_sublayers(self):
        """The sublayers whose weights are this layer's: not its metrics (a Model's are)."""
        if self._is_metric:
            return self._direct_sublayers()
        return [layer for layer in self._direct_sublayers() if not layer._is_metric]

    @property
    def weights(self):
        return _dedup(self.trainable_weights + self.non_trainable_weights)

    @property
    def variables(self):
        return self.weights

    @property
    def trainable_variables(self):
        return self.trainable_weights

    @property
    def non_trainable_variables(self):
        return self.non_trainable_weights

    def get_weights(self):
        """The weights' values as a list of NumPy arrays."""
        return [v.numpy() for v in self.weights]

    def set_weights(self, weights):
        """Sets the weights from NumPy arrays (same order and shapes as `get_weights()`)."""
        params = self.weights
        if len(params) != len(weights):
            raise ValueError(f"You called `set_weights(weights)` on layer \"{self.name}\" with a weight "
                             f"list of length {len(weights)}, but the layer was expecting "
                             f"{len(params)} weights. Provided weights: {str(weights)[:50]}...")
        for p, w in zip(params, weights):
            w = np.asarray(w)
            if not p.shape.is_compatible_with(w.shape):
                raise ValueError(f"Layer {self.name} weight shape {tuple(p.shape.as_list())} is not "
                                 f"compatible with provided weight shape {w.shape}.")
        for p, w in zip(params, weights):
            p.assign(np.asarray(w))

    def count_params(self):
        """The number of scalars in the weights (the layer must be built)."""
        if not self.built:
            raise ValueError(f"You tried to call `count_params` on layer {self.name}, but the layer "
                             "isn't built. You can build it manually via: "
                             f"`{self.name}.build(batch_input_shape)`.")
        return int(sum(np.prod(v.shape.as_list(), dtype=np.int64) for v in self.weights))

    # -- losses --------------------------------------------------------------------------
    def add_loss(self, losses, **kwargs):
        """Adds a loss (tensor or zero-argument callable) collected by `layer.losses`."""
        for loss in nest.flatten(losses):
            if callable(loss):
                self._callable_losses.append(loss)
            elif loss is not None:
                self._losses.append(convert_to_tensor(loss))
                _losses_added[0] = True

    @property
    def losses(self):
        out = list(self._losses) + [convert_to_tensor(f()) for f in self._callable_losses]
        for layer in self._direct_sublayers():
            out += layer.losses
        return out

    # -- calling ---------------------------------------------------------------------------
    def build(self, input_shape):
        """Creates the weights; the default does nothing but mark the layer built."""
        self.built = True

    def call(self, inputs, *args, **kwargs):
        return inputs

    def __call__(self, *args, **kwargs):
        if args:
            inputs, args = args[0], args[1:]
        elif "inputs" in kwargs:
            inputs = kwargs.pop("inputs")
        else:
            raise TypeError(f"Layer {self.name}.__call__() is missing the 'inputs' argument")
        if type(inputs) is not Tensor:
            if _kt.depth.value == 0 and (_kt.any_keras_tensor(inputs) or _kt.any_keras_tensor(args)):
                return self._functional_call(inputs, args, kwargs)
            inputs = nest.map_structure(_to_tensor, inputs) if nest.is_nested(inputs) else _to_tensor(inputs)
        if self._autocast:
            inputs = self._autocast_inputs(inputs)
        if self.input_spec is not None:  # checked before build (the spec then grows), unwrapped as in tf-keras
            assert_input_compatibility(self.input_spec, inputs, self._name)
        if _losses_added[0] and _call_ctx.depth == 0:  # losses of the previous call are stale
            for layer in self._flatten_layers(include_self=True):
                if layer._losses:
                    layer.__dict__["_losses"] = []
        scope = ctx.scope
        if self._name_scoped:
            ctx.scope = scope + self._name + "/"
        saved_training = _call_ctx.training
        _call_ctx.depth += 1
        saved_autocast = _autocast.enter(self._dtype)  # variables read in the compute dtype
        try:
            if not self.built:  # (build's errors go out as they are: tf-keras names the layer for call's)
                self._maybe_build(inputs)
            try:
                if not self._expects_training_arg and "training" in kwargs:
                    kwargs.pop("training")  # Keras drops `training` for a call() that doesn't take it
                if self._expects_training_arg:
                    training = kwargs.get("training")
                    if training is None:
                        training = saved_training
                        if training is None and backend.global_learning_phase_is_set():
                            training = bool(backend.learning_phase())
                        if training is not None:
                            kwargs["training"] = training
                    if training is not None:
                        if isinstance(training, Tensor) and not training._is_symbolic():
                            training = bool(training)
                            kwargs["training"] = training
                        _call_ctx.training = training
                input_mask = _input_masks(inputs)  # carried by the inputs (Masking, Embedding(mask_zero)...)
                if self._expects_mask_arg and kwargs.get("mask") is None and input_mask is not None:
                    kwargs["mask"] = input_mask
                call = self.call
                if ctx.graph is not None:  # traced, or on Keras tensors: Python control flow over tensors
                    from ...autograph import convert  # in a user's call is converted (numtf's own never is)
                    call = convert(call)
                outputs = call(inputs, *args, **kwargs)
                if kwargs.get("mask") is not None:  # an explicit mask= is the one the outputs derive from
                    input_mask = kwargs["mask"]
                if input_mask is not None and self.supports_masking or _computes_masks(type(self)):
                    self._set_output_masks(inputs, outputs, input_mask)
            except Exception as e:  # noqa: BLE001 - re-raised with the layer named, as tf-keras does
                raise with_call_info(e, self, inputs, args, kwargs) from None
        finally:
            ctx.scope = scope
            _call_ctx.training = saved_training
            _call_ctx.depth -= 1
            _autocast.leave(saved_autocast)
        if self.activity_regularizer is not None:
            from .. import regularizers
            from ...ops.array_ops import shape
            reg = regularizers.get(self.activity_regularizer)
            for out in nest.flatten(outputs):  # Keras averages the penalty over the batch
                self.add_loss(reg(out) / cast(shape(out)[0], out.dtype))
        return outputs

    def compute_mask(self, inputs, mask=None):
        """The outputs' mask: the input's for a layer that `supports_masking`, else None."""
        return mask if self.supports_masking else None

    def _set_output_masks(self, inputs, outputs, input_mask):
        """Attaches compute_mask's result to the outputs (unless call() gave them masks)."""
        flat = nest.flatten(outputs)
        if all(getattr(o, "_keras_mask", None) is not None for o in flat):
            return
        masks = self.compute_mask(inputs, input_mask)
        if masks is None:
            return
        masks = nest.flatten(masks) if isinstance(masks, (list, tuple)) else [masks] * len(flat)
        for out, m in zip(flat, masks):
            if isinstance(out, Tensor) and m is not None:
                out._keras_mask = m

    def _functional_call(self, inputs, args, kwargs):
        """A call on Keras symbolic tensors: infer the outputs symbolically in Keras's scratch
        graph and record the call as a node of the functional DAG."""
        with graph_mode(_kt.keras_graph()):
            _kt.depth.value += 1
            try:
                outputs = self.__call__(inputs, *args, **kwargs)
                # an output that is a Keras tensor already (a layer returning its input) is a new
                # tensor of this call, as in tf-keras: the input keeps its own history
                outputs = nest.map_structure(_fresh_keras_tensor, outputs)
            finally:
                _kt.depth.value -= 1
        return _kt.record_layer_call(self, (inputs,) + tuple(args), kwargs, outputs)

    def _autocast_inputs(self, inputs):
        target = self._dtype
        if not target.is_floating:
            return inputs
        if type(inputs) is Tensor or isinstance(inputs, Tensor):
            d = inputs.dtype
            return cast(inputs, target) if d is not target and d.is_floating else inputs
        if nest.is_nested(inputs):
            return nest.map_structure(
                lambda t: cast(t, target) if isinstance(t, Tensor) and t.dtype.is_floating
                and t.dtype is not target else t, inputs)
        return inputs

    def _maybe_build(self, inputs):
        shapes = nest.map_structure(lambda t: t.shape if hasattr(t, "shape") else None, inputs)
        self._build_input_shape = shapes  # saving records it, so a loaded model can build at once
        if ctx.graph is not None:
            with eager_mode(keep_scope=True):  # weights are created eagerly, even while tracing
                self.build(shapes)
        else:
            self.build(shapes)
        self.built = True
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    # -- configuration -------------------------------------------------------------------
    @property
    def name(self):
        return self._name

    def name_scope(self):
        """The layer's name scope as tf-keras returns it: 'dense/' (a method on layers)."""
        return self._name + "/"

    @property
    def dtype(self):
        return self._vdtype.name

    @property
    def compute_dtype(self):
        return self._dtype.name

    @property
    def variable_dtype(self):
        return self._vdtype.name

    @property
    def dtype_policy(self):
        return self._dtype_policy

    @property
    def layers(self):
        return [layer for layer in self._flatten_layers(recursive=False) if not layer._is_metric]

    @property
    def metrics(self):
        """The metric objects attached to this layer (as attributes), then its sublayers'."""
        sub = self._direct_sublayers()
        out = [layer for layer in sub if layer._is_metric]
        for layer in sub:
            if not layer._is_metric:
                out += layer.metrics
        seen = set()
        return [m for m in out if not (id(m) in seen or seen.add(id(m)))]

    @property
    def submodules(self):
        return tuple(self._flatten_layers(recursive=True))

    def get_config(self):
        """The constructor arguments (subclasses add theirs). Enough to rebuild the layer."""
        config = {"name": self.name, "trainable": self.trainable, "dtype": _policy.serialize(self._dtype_policy)}
        if self._batch_input_shape is not None:
            config["batch_input_shape"] = self._batch_input_shape
        if type(self).get_config is Layer.get_config and type(self).__module__.split(".")[0] != "numtf":
            from .auto_config import auto_config
            config.update(auto_config(self))  # a user's layer without get_config, as tf-keras
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def compute_output_shape(self, input_shape):
        """Infers the output shape by running `call` symbolically in a scratch graph."""
        from ...framework.tensor_shape import TensorShape
        from ...graph.graph import Graph
        g = Graph()
        with g.as_default():
            shapes = nest.map_structure(TensorShape, input_shape) if nest.is_nested(input_shape) and \
                not all(isinstance(d, (int, type(None))) for d in input_shape) else TensorShape(input_shape)
            inputs = nest.map_structure(lambda s: g.placeholder(self._dtype, s), shapes) \
                if not isinstance(shapes, TensorShape) else g.placeholder(self._dtype, shapes)
            outputs = self(inputs)
        return nest.map_structure(lambda t: t.shape, outputs)

    def __repr__(self):
        return f"<{type(self).__module__}.{type(self).__name__} object at {hex(id(self))}>"


def build_in_scope(layer, input_shape):
    """Builds a sublayer before any call of it (a cell, by the RNN layer running it): its weights
    are named under its own scope inside the caller's ('rnn/lstm_cell/kernel:0') and created
    eagerly, even while tracing."""
    if layer.built:
        return
    scope = ctx.scope
    ctx.scope = scope + layer._name + "/"
    try:
        if ctx.graph is not None:
            with eager_mode(keep_scope=True):
                layer.build(input_shape)
        else:
            layer.build(input_shape)
        layer.built = True
    finally:
        ctx.scope = scope


def _fresh_keras_tensor(t):
    if not _kt.is_keras_tensor(t):
        return t
    from ...ops.stack_ops import identity
    out = identity(t)
    out._keras_mask = getattr(t, "_keras_mask", None)
    return out


def _input_masks(inputs):
    """The mask an input tensor carries, or the list of a list's masks (None when none has one)."""
    if type(inputs) is list or type(inputs) is tuple:
        masks = [getattr(t, "_keras_mask", None) for t in inputs]
        return masks if any(m is not None for m in masks) else None
    return getattr(inputs, "_keras_mask", None)


_MASK_RULES = {}


def _computes_masks(cls):
    """Whether the class defines its own compute_mask (it may make a mask from no mask)."""
    own = _MASK_RULES.get(cls)
    if own is None:
        own = _MASK_RULES[cls] = cls.compute_mask is not Layer.compute_mask
    return own


def _dedup(variables):
    seen = set()
    out = []
    for v in variables:
        if id(v) not in seen:
            seen.add(id(v))
            out.append(v)
    return out
