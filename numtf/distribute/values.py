"""Distributed values: `MirroredVariable` (what `tf.Variable(...)` makes inside a
MirroredStrategy's scope), `PerReplica`, and distributed datasets and their iterators.

With one replica a distributed value has a single component. A MirroredVariable is that
variable itself (a `tf.Variable` subclass, so every op, tape, tf.function and optimizer takes it
as any variable) printed the way TF prints it:

    >>> with tf.distribute.MirroredStrategy().scope():
    ...     v = tf.Variable(1.0)
    >>> print(v)
    MirroredVariable:{
      0: <tf.Variable 'Variable:0' shape=() dtype=float32, numpy=1.0>
    }
"""
from ..framework.variables import Variable, VariableAggregation, VariableSynchronization, _UnreadVariable

__all__ = ["DistributedValues", "PerReplica", "MirroredVariable", "SyncOnReadVariable", "DistributedDataset",
           "DistributedDatasetsFromFunction", "DistributedIterator"]


class DistributedValues:
    """The base class of values with one component per replica (`values`).

        >>> with tf.distribute.MirroredStrategy().scope():
        ...     isinstance(tf.Variable(1.0), tf.distribute.DistributedValues)
        True
    """
    __slots__ = ()
    _is_distributed_values = True

    def _repr_components(self, kind):
        body = "".join(f"  {i}: {v!r}\n" for i, v in enumerate(self.values))
        return f"{kind}:{{\n{body}}}"


class PerReplica(DistributedValues):
    """Values that differ per replica (`experimental_distribute_values_from_function`); `run`
    hands each replica its component."""
    __slots__ = ("_values",)

    def __init__(self, values):
        self._values = tuple(values)

    @property
    def values(self):
        return self._values

    def __repr__(self):
        return self._repr_components("PerReplica")

    __str__ = __repr__


class _Component(_UnreadVariable):
    """The one replica's copy of a MirroredVariable: the variable itself, printed as a plain
    `tf.Variable` (reads and updates go to it)."""
    __slots__ = ()

    @property
    def name(self):
        return self._parent.name


class MirroredVariable(Variable, DistributedValues):
    """A variable kept in sync on every replica (one here). Made by `tf.Variable(...)` inside a
    MirroredStrategy's (or MultiWorkerMirroredStrategy's) scope; the strategy is
    `_distribute_strategy`.

        >>> with tf.distribute.MirroredStrategy().scope():
        ...     v = tf.Variable([1., 2.])
        >>> v.values[0]
        <tf.Variable 'Variable:0' shape=(2,) dtype=float32, numpy=array([1., 2.], dtype=float32)>
    """
    __slots__ = ()  # none added: Variable.__init__'s hook turns a Variable into one (__class__)

    _kind = "MirroredVariable"
    _synchronization = VariableSynchronization.ON_WRITE

    @property
    def values(self):
        return (_Component(self),)

    @property
    def aggregation(self):
        return self.__dict__.get("_distribute_aggregation", VariableAggregation.NONE)

    @property
    def synchronization(self):
        return self._synchronization

    def _update(self, fn, value, read_value):
        out = super()._update(fn, value, read_value)
        # an eager update reads back as TF's UnreadVariable, as a plain variable's does
        return _UnreadVariable(self) if out is self else out

    def __repr__(self):
        return self._repr_components(self._kind)

    __str__ = __repr__


class SyncOnReadVariable(MirroredVariable):
    """A variable each replica updates on its own, combined when read (`aggregation`): what a
    `synchronization=ON_READ` variable (a Keras metric's total and count) is under a
    MirroredStrategy. With one replica the read is the variable's value."""
    __slots__ = ()
    _kind = "SyncOnReadVariable"
    _synchronization = VariableSynchronization.ON_READ


# -- datasets -------------------------------------------------------------------------------------
class DistributedDataset:
    """A dataset distributed over the replicas (`strategy.experimental_distribute_dataset`):
    iterating it gives per-replica values, which with one replica are the dataset's own
    elements. `model.fit` takes it like a dataset.

        >>> s = tf.distribute.MirroredStrategy()
        >>> [x.numpy().tolist() for x in s.experimental_distribute_dataset(tf.data.Dataset.range(4).batch(2))]
        [[0, 1], [2, 3]]
    """

    def __init__(self, dataset, strategy, options=None):
        if not hasattr(dataset, "element_spec"):
            raise ValueError(f"Expected a tf.data.Dataset, got {dataset!r}.")
        self._dataset = dataset
        self._strategy = strategy
        self._options = options

    @property
    def element_spec(self):
        return self._dataset.element_spec

    @property
    def cardinality(self):
        """The number of elements (an int64: -1 infinite, -2 unknown), as TF's property."""
        import numpy as np
        return np.int64(self._dataset.cardinality().numpy())

    def __iter__(self):
        return DistributedIterator(iter(self._dataset), self.element_spec)

    def _iter_flat(self):  # numtf.data's protocol: `for x in dist_dataset` inside a tf.function
        return self._dataset._iter_flat()

    def reduce(self, initial_state, reduce_func):
        """Folds the elements into a state: `state = reduce_func(state, element)`."""
        return self._dataset.reduce(initial_state, reduce_func)


class DistributedDatasetsFromFunction(DistributedDataset):
    """What `strategy.distribute_datasets_from_function` returns."""


class DistributedIterator:
    """An iterator over a distributed dataset: `next`, `get_next()` (OutOfRangeError at the end)
    and `get_next_as_optional()`."""

    def __init__(self, iterator, element_spec):
        self._iterator = iterator
        self._element_spec = element_spec

    @property
    def element_spec(self):
        return self._element_spec

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._iterator)

    next = __next__

    def get_next(self):
        return self._iterator.get_next()

    def get_next_as_optional(self):
        return self._iterator.get_next_as_optional()


MirroredVariable._on_read_class = SyncOnReadVariable  # what an ON_READ variable becomes in scope
