"""`tf.keras.metrics.Metric` and the reducing metrics it is built into: Reduce, Sum, Mean,
MeanMetricWrapper, SumOverBatchSize(MetricWrapper), MeanTensor.

A Metric is a Layer whose state lives in non-trainable variables (`add_weight`), updated in place
by `update_state` (assign_add) and read by `result`; `__call__` does both; `reset_state` zeroes
the variables.

    >>> m = tf.keras.metrics.Mean()
    >>> _ = m.update_state([1., 2.]); _ = m.update_state([3.])
    >>> float(m.result())
    2.0
"""
import functools
import warnings

import numpy as np

from ...framework.tensor import Tensor
from ...framework.variables import Variable, VariableAggregationV2 as VariableAggregation, VariableSynchronization
from ...ops.array_ops import broadcast_to, cast, identity, shape as _shape, size
from ...ops.math_ops2 import divide_no_nan
from ...ops.reduction_ops import reduce_mean, reduce_sum
from ..engine import v1_graph
from ..engine.base_layer import Layer
from ..losses.utils import (LabelShapeError, apply_valid_mask, fmt_shape, squeeze_or_expand_dimensions,
                            static_shape)

__all__ = []


def _as_result(value, metric):
    """`result()`'s value as a Tensor (tf-keras passes it through tf.identity)."""
    if type(value) is Tensor:
        return value
    if isinstance(value, dict):
        return {k: _as_result(v, metric) for k, v in value.items()}
    if isinstance(value, (Tensor, Variable, float, int, np.ndarray, np.generic)):
        return identity(value)
    try:
        return identity(value)
    except (ValueError, TypeError):
        raise RuntimeError("The output of `metric.result()` can only be a single Tensor/Variable, or a dict "
                           f"of Tensors/Variables. For metric {metric.name}, got result {value}.") from None


def _wrap_result(fn):
    @functools.wraps(fn)
    def result(self, *args):
        return _as_result(fn(self, *args), self)
    result._numtf_result_wrapper = True
    return result


class Metric(Layer):
    """Base class of metrics: implement `update_state(...)` and `result()`; create state with
    `self.add_weight(name, shape=(), dtype=None, initializer=None)`.

        >>> class Count(tf.keras.metrics.Metric):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.n = self.add_weight(name='n', dtype=tf.int32, initializer='zeros')
        ...     def update_state(self, x):
        ...         self.n.assign_add(tf.size(x))
        ...     def result(self):
        ...         return self.n
        >>> int(Count()([1, 2, 3]))
        3
    """

    _is_metric = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        fn = cls.__dict__.get("result")
        if fn is not None and not getattr(fn, "_numtf_result_wrapper", False):
            cls.result = _wrap_result(fn)

    def __init__(self, name=None, dtype=None, **kwargs):
        from .. import backend  # metrics keep floatx under a global mixed policy, as in tf-keras
        super().__init__(name=name, dtype=dtype or backend.floatx(), **kwargs)
        self.stateful = True
        self.built = True

    def __call__(self, *args, **kwargs):
        """update_state(*args, **kwargs), then the new result()."""
        self.update_state(*args, **kwargs)
        return self.result()

    def __str__(self):
        args = ",".join(f"{k}={v}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"

    def __deepcopy__(self, memo=None):
        new = self.from_config(self.get_config())
        if self.weights:
            new.set_weights(self.get_weights())
        if memo is not None:
            memo[id(self)] = new
        return new

    @property
    def dtype(self):
        return self._dtype.name

    def get_config(self):
        """{'name', 'dtype'} (subclasses add their arguments)."""
        return {"name": self.name, "dtype": self.dtype}

    def update_state(self, *args, **kwargs):
        raise NotImplementedError("Must be implemented in subclasses.")

    def result(self):
        raise NotImplementedError("Must be implemented in subclasses.")

    def reset_state(self):
        """Sets every state variable back to zero."""
        if type(self).reset_states is not Metric.reset_states:
            warnings.warn(f"Metric {type(self).__name__} implements a `reset_states()` method; rename it to "
                          '`reset_state()` (without the final "s"). The name `reset_states()` has been '
                          "deprecated to improve API consistency.", stacklevel=2)
            return self.reset_states()
        if self.variables and v1_graph.is_graph_variable(self.variables[0]):  # TF1: set in the Session
            return v1_graph.batch_set_value([(v, 0) for v in self.variables])
        for v in self.variables:
            v.assign(np.zeros(v.shape.as_list(), dtype=v.dtype._np))

    def reset_states(self):
        """The older name of `reset_state`."""
        return self.reset_state()

    def merge_state(self, metrics):
        """Adds the state of other metrics of the same kind into this one."""
        for metric in metrics:
            if len(self.weights) != len(metric.weights):
                raise ValueError(f"Metric {metric} is not compatible with {self}")
            for weight, other in zip(self.weights, metric.weights):
                weight.assign_add(other.read_value())

    def add_weight(self, name, shape=(), aggregation=VariableAggregation.SUM,
                   synchronization=VariableSynchronization.ON_READ, initializer=None, dtype=None):
        """A non-trainable state variable named `name` (no layer scope: 'total:0')."""
        make = functools.partial(super().add_weight, name=name, shape=shape,
                                 dtype=self._dtype if dtype is None else dtype, trainable=False,
                                 initializer=initializer, synchronization=synchronization, aggregation=aggregation)
        if v1_graph.creating_graph_variables():  # TF1: in no collection; Keras's session initializes it
            return v1_graph.create_keras_variable(make)
        return make()

    def _shape_error(self, err):
        return LabelShapeError(f"Metric '{self.name}' ({type(self).__name__}): {err}")


SUM, SUM_OVER_BATCH_SIZE, WEIGHTED_MEAN = "sum", "sum_over_batch_size", "weighted_mean"


def group_updates(updates):
    """The last of several variable updates; inside a graph it also runs the others (a control
    dependency, as tf-keras chains them), so fetching it performs the whole update. In a TF1
    graph, one op running them all (as tf-keras returns)."""
    if v1_graph.building_v1_graph():
        return v1_graph.group(updates)
    last = updates[-1]
    node = getattr(last, "op", None)
    if node is not None and hasattr(node, "control_inputs"):
        deps = [getattr(u, "op", u) for u in updates[:-1] if u is not None]
        node.control_inputs = tuple(node.control_inputs) + tuple(d for d in deps if d is not None)
    return last


def _count(shape):
    if shape is None or None in shape:
        return None
    return int(np.prod(shape, dtype=np.int64))


class Reduce(Metric):
    """Accumulates a (weighted) sum of values and, unless `reduction` is 'sum', a count."""

    def __init__(self, reduction, name, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.reduction = getattr(reduction, "value", reduction)
        self.total = self.add_weight("total", initializer="zeros")
        if self.reduction in (SUM_OVER_BATCH_SIZE, WEIGHTED_MEAN):
            self.count = self.add_weight("count", initializer="zeros")

    def update_state(self, values, sample_weight=None):
        """Adds the sum of `values` (times `sample_weight`, broadcast to them) to the total."""
        if isinstance(values, dict):
            raise RuntimeError(f"The output of a metric function can only be a single Tensor. Received: {values}. "
                               "To return a dict of values, implement a custom Metric subclass.")
        dtype = self._dtype
        values = cast(values, dtype)
        if sample_weight is not None:
            sample_weight = cast(sample_weight, dtype)
            values, _, sample_weight = squeeze_or_expand_dimensions(values, sample_weight=sample_weight)
            vs, ws = static_shape(values), static_shape(sample_weight)
            if ws != vs and ws is not None and vs is not None:
                if _weights_broadcast(ws, vs):
                    if ws:  # a scalar weight needs no materializing: the count scales it below
                        sample_weight = broadcast_to(sample_weight, _shape(values) if None in vs else vs)
                elif len(ws) < len(vs) and _weights_broadcast(ws, vs[:len(ws)]):
                    axes = list(range(len(ws), len(vs)))
                    values = (reduce_sum if self.reduction == SUM else reduce_mean)(values, axes)
                else:
                    raise LabelShapeError(f"Metric '{self.name}': `sample_weight` of shape {fmt_shape(ws)} cannot "
                                          f"be broadcast to the values of shape {fmt_shape(vs)}.")
            values = values * sample_weight
        value_sum = reduce_sum(values)
        update_total = self.total.assign_add(value_sum)
        if self.reduction == SUM:
            return group_updates([update_total])
        vs = static_shape(values)
        if self.reduction == WEIGHTED_MEAN and sample_weight is not None:
            if static_shape(sample_weight) == ():  # a scalar weight counts once per value
                n = _count(vs)
                num = sample_weight * (float(n) if n is not None else cast(size(values), dtype))
            else:
                num = reduce_sum(sample_weight)
        elif self.reduction in (WEIGHTED_MEAN, SUM_OVER_BATCH_SIZE):
            n = _count(vs)
            num = float(n) if n is not None else cast(size(values), dtype)
        else:
            raise NotImplementedError(f'Reduction "{self.reduction}" not implemented. Expected "sum", '
                                      '"weighted_mean", or "sum_over_batch_size".')
        return group_updates([update_total, self.count.assign_add(num)])

    def result(self):
        if self.reduction == SUM:
            # a fresh tensor, not a view of the variable's buffer (the next update stays in place)
            return self.total + 0
        return divide_no_nan(self.total, self.count)


def _weights_broadcast(ws, vs):
    """tf's broadcast_weights rule: a scalar, or the same rank with each dimension 1 or equal."""
    if not ws:
        return True
    return len(ws) == len(vs) and all(w is None or v is None or w == 1 or w == v for w, v in zip(ws, vs))


class Sum(Reduce):
    """The (weighted) sum of all values seen.

        >>> float(tf.keras.metrics.Sum()([1., 3., 5., 7.]))
        16.0
    """

    def __init__(self, name="sum", dtype=None):
        super().__init__(reduction=SUM, name=name, dtype=dtype)


class Mean(Reduce):
    """The (weighted) mean of all values seen.

        >>> float(tf.keras.metrics.Mean()([1., 3., 5., 7.]))
        4.0
    """

    def __init__(self, name="mean", dtype=None):
        super().__init__(reduction=WEIGHTED_MEAN, name=name, dtype=dtype)


class SumOverBatchSize(Reduce):
    """The (weighted) sum of values divided by how many there were."""

    def __init__(self, name="sum_over_batch_size", dtype=None):
        super().__init__(reduction=SUM_OVER_BATCH_SIZE, name=name, dtype=dtype)


def _fn_config(fn_kwargs):
    return {k: v.numpy() if isinstance(v, (Tensor, Variable)) and hasattr(v, "numpy") else v
            for k, v in fn_kwargs.items()}


class _FnWrapperMixin:
    """update_state for metrics that average `fn(y_true, y_pred, **kwargs)`."""

    def update_state(self, y_true, y_pred, sample_weight=None):
        dtype = self._dtype
        y_true = cast(y_true, dtype)
        y_pred = cast(y_pred, dtype)
        y_pred, y_true = squeeze_or_expand_dimensions(y_pred, y_true)
        try:
            matches = self._fn(y_true, y_pred, **self._fn_kwargs)
        except LabelShapeError as e:
            raise self._shape_error(e) from None
        mask = getattr(matches, "_keras_mask", None)
        if mask is not None:
            sample_weight = apply_valid_mask(matches, sample_weight, mask, self.reduction)
        return Reduce.update_state(self, matches, sample_weight=sample_weight)


class MeanMetricWrapper(_FnWrapperMixin, Mean):
    """The mean of `fn(y_true, y_pred, **kwargs)` over everything seen.

        >>> m = tf.keras.metrics.MeanMetricWrapper(tf.keras.losses.mae, name='mae')
        >>> float(m([[0., 0.]], [[1., 3.]]))
        2.0
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def get_config(self):
        config = super().get_config()
        config.update(_fn_config(self._fn_kwargs))
        if type(self) is MeanMetricWrapper:
            config["fn"] = self._fn
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        fn = config.pop("fn", None)
        if cls is MeanMetricWrapper:
            from . import get
            return cls(get(fn), **config)
        return cls(**config)


class SumOverBatchSizeMetricWrapper(_FnWrapperMixin, SumOverBatchSize):
    """The sum of `fn(y_true, y_pred, **kwargs)` over everything seen, divided by its count."""

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def get_config(self):
        config = super().get_config()
        config.update(_fn_config(self._fn_kwargs))
        return config


class MeanTensor(Metric):
    """The elementwise (weighted) mean of tensors of a fixed shape.

        >>> m = tf.keras.metrics.MeanTensor()
        >>> _ = m([0., 1.]); m([2., 3.]).numpy().tolist()
        [1.0, 2.0]
    """

    def __init__(self, name="mean_tensor", dtype=None, shape=None):
        super().__init__(name=name, dtype=dtype)
        self._shape = None
        self._total = self._count = None
        self._built = False
        if shape is not None:
            self._build(shape)

    def _build(self, shape):
        from ...framework.tensor_shape import TensorShape
        self._shape = TensorShape(shape)
        self._total = self.add_weight(name="total", shape=shape, initializer="zeros")
        self._count = self.add_weight(name="count", shape=shape, initializer="zeros")
        self._built = True

    @property
    def total(self):
        return self._total if self._built else None

    @property
    def count(self):
        return self._count if self._built else None

    def update_state(self, values, sample_weight=None):
        values = cast(values, self._dtype)
        if not self._built:
            self._build(values.shape)
        elif values.shape != self._shape:
            raise ValueError("MeanTensor input values must always have the same shape. Expected shape (set during "
                             f"the first call): {self._shape}. Got: {values.shape}.")
        num_values = values * 0 + 1
        if sample_weight is not None:
            sample_weight = cast(sample_weight, self._dtype)
            values, _, sample_weight = squeeze_or_expand_dimensions(values, sample_weight=sample_weight)
            num_values = num_values * sample_weight
            values = values * sample_weight
        return group_updates([self._total.assign_add(values), self._count.assign_add(num_values)])

    def result(self):
        if not self._built:
            raise ValueError("MeanTensor does not have any value yet. Please call the MeanTensor instance or use "
                             "`.update_state(value)` before retrieving the result.")
        return divide_no_nan(self.total, self.count)

    def reset_state(self):
        if self._built:
            Metric.reset_state(self)

