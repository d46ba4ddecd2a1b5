"""`tf.distribute`: strategies for running on several devices. numtf has one CPU device, so
every strategy has one replica (as TF on a CPU-only machine); the logic lives in
distribute_lib.py (contexts, Strategy), strategies.py, values.py and cluster_resolver.py.

    >>> strategy = tf.distribute.MirroredStrategy()
    >>> with strategy.scope():
    ...     model = tf.keras.Sequential([tf.keras.layers.Dense(10)])
    ...     model.compile(optimizer='adam', loss='mse')
"""
from .distribute_lib import (ReduceOp, InputReplicationMode, InputOptions, InputContext, RunOptions,  # noqa: F401
                             ReplicaContext, StrategyExtended, Strategy, get_strategy, has_strategy,
                             in_cross_replica_context, get_replica_context, experimental_set_strategy)
from .values import DistributedValues, DistributedDataset, DistributedIterator  # noqa: F401
from .strategies import (MirroredStrategy, OneDeviceStrategy, MultiWorkerMirroredStrategy,  # noqa: F401
                         CrossDeviceOps, ReductionToOneDevice, HierarchicalCopyAllReduce, NcclAllReduce)
from . import cluster_resolver, experimental  # noqa: F401

__all__ = ["ReduceOp", "InputReplicationMode", "InputOptions", "InputContext", "RunOptions", "ReplicaContext",
           "StrategyExtended", "Strategy", "get_strategy", "has_strategy", "in_cross_replica_context",
           "get_replica_context", "experimental_set_strategy", "DistributedValues", "DistributedDataset",
           "DistributedIterator", "MirroredStrategy", "OneDeviceStrategy", "MultiWorkerMirroredStrategy",
           "CrossDeviceOps", "ReductionToOneDevice", "HierarchicalCopyAllReduce", "NcclAllReduce",
           "cluster_resolver", "experimental"]
