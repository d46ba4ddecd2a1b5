"""The core of `tf.distribute`: the strategy context stack, replica contexts, `ReduceOp`, the
input helpers, and the `Strategy` base class with the default strategy.

numtf runs on one CPU device, so every strategy has exactly one replica and its computations
run where they are called: `run(fn)` calls `fn` once, reductions over replicas are the value
itself, and distributed datasets yield the dataset's own elements (as TF does with one replica).
What a strategy changes is the context: inside `strategy.scope()` `tf.distribute.get_strategy()`
is that strategy and the variables created are the strategy's (MirroredVariable for
MirroredStrategy, see values.py); inside `strategy.run(fn)` `get_replica_context()` is the
replica's context.

    >>> strategy = tf.distribute.MirroredStrategy()
    >>> with strategy.scope():
    ...     tf.distribute.get_strategy() is strategy
    True
"""
import enum
import threading

from ..framework import variables as _variables
from ..framework.tensor import Tensor
from ..ops.convert import convert_to_tensor
from ..util import nest
from .values import DistributedValues, PerReplica
from .input_lib import InputReplicationMode, InputOptions, InputContext, ValueContext, RunOptions  # noqa: F401

__all__ = ["ReduceOp", "InputReplicationMode", "InputOptions", "InputContext", "ValueContext", "RunOptions",
           "ReplicaContext", "StrategyExtended", "Strategy", "get_strategy", "has_strategy",
           "in_cross_replica_context", "get_replica_context", "experimental_set_strategy"]
CPU0 = "/job:localhost/replica:0/task:0/device:CPU:0"


class ReduceOp(enum.Enum):
    """How values from the replicas are combined: `SUM` or `MEAN`.

        >>> tf.distribute.ReduceOp.SUM
        <ReduceOp.SUM: 'SUM'>
    """
    SUM = "SUM"
    MEAN = "MEAN"

    @staticmethod
    def from_variable_aggregation(aggregation):
        """The ReduceOp of a `tf.VariableAggregation` (SUM or MEAN)."""
        VA = _variables.VariableAggregation
        mapping = {VA.SUM: ReduceOp.SUM, VA.MEAN: ReduceOp.MEAN}
        if aggregation not in mapping:
            raise ValueError(f"Could not convert from `tf.VariableAggregation` {aggregation} to"
                             "`tf.distribute.ReduceOp` type")
        return mapping[aggregation]


def as_reduce_op(reduce_op):
    """A ReduceOp from a ReduceOp or its name in any case ('sum', 'MEAN'), as TF accepts."""
    if isinstance(reduce_op, ReduceOp):
        return reduce_op
    if isinstance(reduce_op, str):
        return ReduceOp(reduce_op.upper())
    raise AssertionError()  # what TF raises for other values (an int, None)


# -- the context stack --------------------------------------------------------------------------
class _Stack(threading.local):
    def __init__(self):
        self.entries = []  # (strategy, replica context or None for cross-replica), innermost last


_stack = _Stack()
_global = [None]  # the entry `experimental_set_strategy` installed, under every thread's stack


def _top():
    entries = _stack.entries
    if entries:
        return entries[-1]
    return _global[0]


def get_strategy():
    """The current strategy: the one whose `scope()` (or `run`) is open, else the default strategy.

        >>> tf.distribute.get_strategy().num_replicas_in_sync
        1
    """
    top = _top()
    return _DEFAULT if top is None else top[0]


def has_strategy():
    """Whether a strategy other than the default one is current.

        >>> tf.distribute.has_strategy()
        False
    """
    return get_strategy() is not _DEFAULT


def in_cross_replica_context():
    """True inside `strategy.scope()` (outside `run`), False in a replica context or without a
    strategy.

        >>> with tf.distribute.MirroredStrategy().scope():
        ...     tf.distribute.in_cross_replica_context()
        True
    """
    top = _top()
    return top is not None and top[1] is None


def get_replica_context():
    """The current ReplicaContext: the replica's inside `strategy.run`, None in a cross-replica
    context (inside `scope()`), the default replica context without a strategy.

        >>> tf.distribute.get_replica_context().num_replicas_in_sync
        1
    """
    top = _top()
    return _DEFAULT_REPLICA if top is None else top[1]


def experimental_set_strategy(strategy):
    """Makes `strategy` current everywhere (like entering its scope for good); None resets."""
    _global[0] = None if strategy is None or strategy is _DEFAULT else (strategy, None)


def _push(strategy, replica):
    _stack.entries.append((strategy, replica))


def _pop():
    _stack.entries.pop()


def _adopt(variable, synchronization, aggregation):
    """Variable.__init__'s hook: a variable created while a strategy is current is that strategy's
    (MirroredStrategy turns it into a MirroredVariable)."""
    top = _top()
    if top is not None:
        top[0]._extended._adopt(variable, synchronization, aggregation)


_variables.hooks["distribute"] = _adopt


class _Scope:
    """`strategy.scope()`: makes the strategy current in a cross-replica context."""
    __slots__ = ("_strategy", "_depth")

    def __init__(self, strategy):
        self._strategy = strategy
        self._depth = None

    def __enter__(self):
        s = self._strategy
        top = _top()
        if top is not None and top[0] is not s:
            if s is _DEFAULT:
                raise RuntimeError("Must not nest tf.distribute.Strategy scopes.")
            raise RuntimeError(f"Mixing different tf.distribute.Strategy objects: {s} is not {top[0]}")
        if top is not None and top[1] is not None:
            raise RuntimeError("Method requires being in cross-replica context, use "
                               "get_replica_context().merge_call()")
        self._depth = len(_stack.entries)
        if s is not _DEFAULT:  # the default strategy's scope changes nothing
            _push(s, None)
        return s

    def __exit__(self, *exc):
        # back to the stack as it was at __enter__ (a scope entered by hand inside is left too, as in TF)
        del _stack.entries[self._depth:]
        return False


# -- replica contexts ---------------------------------------------------------------------------
class ReplicaContext:
    """The context of one replica inside `strategy.run(fn)`: its id, the number of replicas, and
    the collectives (`all_reduce`, `all_gather`, `merge_call`), which with one replica give the
    value itself.

        >>> s = tf.distribute.MirroredStrategy()
        >>> s.run(lambda: tf.distribute.get_replica_context().num_replicas_in_sync)
        1
    """

    def __init__(self, strategy, replica_id_in_sync_group):
        self._strategy = strategy
        self._replica_id_in_sync_group = replica_id_in_sync_group

    @property
    def strategy(self):
        return self._strategy

    @property
    def num_replicas_in_sync(self):
        return self._strategy.num_replicas_in_sync

    @property
    def replica_id_in_sync_group(self):
        # an int32 tensor (a constant when read in a graph); the default context's is an int
        return convert_to_tensor(self._replica_id_in_sync_group, "int32")

    @property
    def devices(self):
        return self._strategy.extended.worker_devices

    def merge_call(self, merge_fn, args=(), kwargs=None):
        """Calls `merge_fn(strategy, *args, **kwargs)` in the cross-replica context."""
        if self is _DEFAULT_REPLICA:
            return merge_fn(self._strategy, *args, **(kwargs or {}))
        _push(self._strategy, None)
        try:
            return merge_fn(self._strategy, *args, **(kwargs or {}))
        finally:
            _pop()

    def all_reduce(self, reduce_op, value, options=None):
        """The value combined over the replicas (itself, as tensors, with one replica)."""
        as_reduce_op(reduce_op)
        return nest.map_structure(convert_to_tensor, value)

    def all_gather(self, value, axis, options=None):
        """The replicas' values concatenated along `axis` (the value itself with one replica)."""
        return nest.map_structure(convert_to_tensor, value)


# -- the strategy base classes ------------------------------------------------------------------
class _Colocate:
    __slots__ = ()

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


class StrategyExtended:
    """The less common parts of a strategy's API (`strategy.extended`).

        >>> tf.distribute.MirroredStrategy().extended.worker_devices
        ('/job:localhost/replica:0/task:0/device:CPU:0',)
    """
    _variable_class = None  # the class a tf.Variable made in scope becomes (MirroredVariable) or None

    def __init__(self, container_strategy, devices=(CPU0,)):
        self._container = container_strategy
        self._devices = tuple(devices)

    def _adopt(self, variable, synchronization, aggregation):
        variable.__dict__["_distribute_strategy"] = self._container
        cls = self._variable_class
        if cls is not None and type(variable) is _variables.Variable:
            if synchronization == _variables.VariableSynchronization.ON_READ:
                cls = cls._on_read_class
            # same memory layout (cls adds no slots): the variable keeps its value and becomes the
            # strategy's kind, as TF's variable creator makes it in scope
            variable.__class__ = cls
            variable.__dict__["_distribute_aggregation"] = aggregation

    @property
    def worker_devices(self):
        return self._devices

    @property
    def worker_devices_by_replica(self):
        return tuple((d,) for d in self._devices)

    @property
    def parameter_devices(self):
        return self._devices

    @property
    def experimental_between_graph(self):
        return False

    @property
    def experimental_should_init(self):
        return True

    @property
    def should_checkpoint(self):
        return True

    @property
    def should_save_summary(self):
        return True

    @property
    def experimental_require_static_shapes(self):
        return False

    def variable_created_in_scope(self, v):
        """Whether `v` was created while this strategy was current."""
        return getattr(v, "_distribute_strategy", None) is (None if self._container is _DEFAULT
                                                             else self._container)

    def colocate_vars_with(self, colocate_with_variable):
        """A scope placing new variables with `colocate_with_variable` (one device: everywhere)."""
        if not self.variable_created_in_scope(colocate_with_variable):
            raise ValueError("`colocate_vars_with` must only be passed a variable created in this "
                             f"tf.distribute.Strategy.scope(), not: {colocate_with_variable!r}")
        return _Colocate()

    def call_for_each_replica(self, fn, args=(), kwargs=None):
        return self._container.run(fn, args, kwargs)

    def reduce_to(self, reduce_op, value, destinations, options=None):
        """`value` reduced over the replicas onto `destinations` (itself with one replica)."""
        as_reduce_op(reduce_op)
        return nest.map_structure(convert_to_tensor, value)

    def batch_reduce_to(self, reduce_op, value_destination_pairs, options=None):
        return [self.reduce_to(reduce_op, v, d, options) for v, d in value_destination_pairs]

    def broadcast_to(self, tensor, destinations):
        return tensor

    def update(self, var, fn, args=(), kwargs=None, group=True):
        """Runs `fn(var, *args, **kwargs)` for the variable (one copy here)."""
        return fn(var, *args, **(kwargs or {}))

    def value_container(self, value):
        return value

    def read_var(self, v):
        return v.read_value()

    def non_slot_devices(self, var_list):
        return self._devices


class Strategy:
    """The base class of the strategies: how a computation is spread over devices. numtf has one
    CPU device, so each strategy has one replica that runs where it is called.

        >>> strategy = tf.distribute.MirroredStrategy()
        >>> strategy.run(lambda x: x * 2, args=(tf.constant(3.),))
        <tf.Tensor: shape=(), dtype=float32, numpy=6.0>
    """
    def __init__(self, extended):
        self._extended = extended

    @property
    def extended(self):
        return self._extended

    @property
    def num_replicas_in_sync(self):
        return len(self._extended.worker_devices)

    @property
    def cluster_resolver(self):
        return None

    def scope(self):
        """A context manager making this strategy current: variables, Keras models and
        optimizers created inside belong to it."""
        return _Scope(self)

    def run(self, fn, args=(), kwargs=None, options=None):
        """Calls `fn(*args, **kwargs)` on each replica (once here), in the replica's context;
        returns its result (per-replica values: with one replica, the values themselves)."""
        top = _top()
        if top is not None and top[0] is not self:
            raise RuntimeError(f"Mixing different tf.distribute.Strategy objects: {self} is not {top[0]}")
        _push(self, ReplicaContext(self, 0))
        try:
            return fn(*local_values(args), **local_values(kwargs or {}))
        finally:
            _pop()

    def _reduce_per_replica(self, reduce_op, value):
        # MirroredStrategy and its kin turn a SUM's leaves into tensors; a MEAN of one replica's
        # value is the value as given (TF does exactly this)
        if reduce_op is ReduceOp.SUM:
            return nest.map_structure(convert_to_tensor, value)
        return value

    def reduce(self, reduce_op, value, axis):
        """Combines a per-replica `value` over the replicas, and along `axis` of each when it is
        not None (`axis=0` sums or averages the batch dimension).

            >>> s = tf.distribute.MirroredStrategy()
            >>> s.reduce(tf.distribute.ReduceOp.MEAN, tf.constant([1., 3.]), axis=0)
            <tf.Tensor: shape=(), dtype=float32, numpy=2.0>
        """
        reduce_op = as_reduce_op(reduce_op)
        value = local_values(value)
        if axis is None:
            return self._reduce_per_replica(reduce_op, value)
        return nest.map_structure(lambda v: _reduce_axis(reduce_op, v, axis), value)

    def gather(self, value, axis):
        """The replicas' values concatenated along `axis` (the value itself with one replica)."""
        return nest.map_structure(convert_to_tensor, local_values(value))

    def experimental_local_results(self, value):
        """The values of this worker's replicas as a tuple (one here)."""
        if isinstance(value, DistributedValues):
            return value.values
        return (value,)

    def experimental_distribute_dataset(self, dataset, options=None):
        """`dataset` as a distributed dataset: each element is split among the replicas (with one
        replica, the element itself)."""
        from .values import DistributedDataset
        return DistributedDataset(dataset, self, options)

    def distribute_datasets_from_function(self, dataset_fn, options=None):
        """Calls `dataset_fn(input_context)` for each input pipeline (one here) and distributes
        the datasets it returns."""
        from .values import DistributedDatasetsFromFunction
        ctx = InputContext(1, 0, self.num_replicas_in_sync)
        return DistributedDatasetsFromFunction(dataset_fn(ctx), self, options)

    experimental_distribute_datasets_from_function = distribute_datasets_from_function

    def experimental_distribute_values_from_function(self, value_fn):
        """The values `value_fn(value_context)` gives for each replica (one here)."""
        return value_fn(ValueContext(0, self.num_replicas_in_sync))

    def group(self, value, name=None):
        return value


def local_values(value):
    """`value` with each PerReplica in it replaced by its one component (the replica's value)."""
    if any(isinstance(v, PerReplica) for v in nest.flatten(value)):
        return nest.map_structure(lambda v: v.values[0] if isinstance(v, PerReplica) else v, value)
    return value


def _reduce_axis(reduce_op, value, axis):
    from ..ops.reduction_ops import reduce_sum
    from ..ops.array_ops import shape
    from ..ops.math_ops import truediv
    from ..ops.stack_ops import cast
    t = value if isinstance(value, Tensor) else convert_to_tensor(value)
    total = reduce_sum(t, axis)
    if reduce_op is ReduceOp.SUM:
        return total
    count = shape(t)[axis]  # int32; TF divides an integer sum into float64, as tf.truediv does
    return truediv(total, count if t.dtype.is_integer else cast(count, t.dtype))


class _DefaultExtended(StrategyExtended):
    pass


class _DefaultDistributionStrategy(Strategy):
    """The strategy in force when no other is: no scope, no distribution."""

    def __init__(self):
        super().__init__(_DefaultExtended(self))

    def run(self, fn, args=(), kwargs=None, options=None):
        return fn(*args, **(kwargs or {}))

    def _reduce_per_replica(self, reduce_op, value):
        return value

    def experimental_distribute_dataset(self, dataset, options=None):
        return dataset  # TF hands the dataset back unchanged

    def distribute_datasets_from_function(self, dataset_fn, options=None):
        return dataset_fn(InputContext())

    experimental_distribute_datasets_from_function = distribute_datasets_from_function


class _DefaultReplicaContext(ReplicaContext):
    """The replica context in force without a strategy: replica 0 of 1."""

    @property
    def replica_id_in_sync_group(self):
        return self._replica_id_in_sync_group


_DEFAULT = _DefaultDistributionStrategy()
_DEFAULT_REPLICA = _DefaultReplicaContext(_DEFAULT, 0)
