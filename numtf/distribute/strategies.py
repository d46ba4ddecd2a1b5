"""The strategies: MirroredStrategy, OneDeviceStrategy, CentralStorageStrategy and
MultiWorkerMirroredStrategy (one worker), and the cross-device reductions they may be given.

numtf runs one process on one CPU device, so each strategy has one replica on
'/job:localhost/replica:0/task:0/device:CPU:0' (TF on a CPU-only machine has the same). A
strategy asked for more devices or more workers raises NotImplementedError.

    >>> strategy = tf.distribute.MirroredStrategy()
    >>> strategy.num_replicas_in_sync
    1
"""
import enum
import logging

from ..framework.device import DeviceSpec
from ..ops.convert import convert_to_tensor
from ..util import nest
from .distribute_lib import Strategy, StrategyExtended, ValueContext, as_reduce_op
from .values import MirroredVariable, PerReplica

__all__ = ["MirroredStrategy", "OneDeviceStrategy", "CentralStorageStrategy", "CollectiveAllReduceStrategy",
           "MultiWorkerMirroredStrategy", "CrossDeviceOps",
           "ReductionToOneDevice", "AllReduceCrossDeviceOps", "HierarchicalCopyAllReduce", "NcclAllReduce",
           "CommunicationImplementation", "CommunicationOptions"]
log = logging.getLogger("tensorflow")
_LOCAL = DeviceSpec(job="localhost", replica=0, task=0, device_type="CPU", device_index=0)


def canonical_device(name):
    """'/cpu:0' -> '/job:localhost/replica:0/task:0/device:CPU:0' (TF's full device names)."""
    if isinstance(name, DeviceSpec):
        return _LOCAL.make_merged_spec(name).to_string()
    return _LOCAL.make_merged_spec(DeviceSpec.from_string(name)).to_string()


def _one_device(devices, who):
    """The one canonical device of `devices`; numtf cannot run on more."""
    names = tuple(canonical_device(d) for d in devices)  # a str is iterated, as TF does (and fails)
    if not names:
        raise ValueError("Must specify at least one device.")
    if len(set(names)) > 1:
        raise NotImplementedError(f"numtf runs on one device: {who}(devices={list(devices)!r}) asks for "
                                  f"{len(names)} replicas.")
    return names[:1]


# -- cross-device reductions (with one replica: the value itself) ---------------------------------
class CrossDeviceOps:
    """The base class of the reductions across devices a MirroredStrategy can use
    (`cross_device_ops=`). With one device a reduction gives the value itself.

        >>> tf.distribute.MirroredStrategy(cross_device_ops=tf.distribute.HierarchicalCopyAllReduce())
        ... # doctest: +ELLIPSIS
        <...MirroredStrategy object at ...>
    """

    def reduce(self, reduce_op, per_replica_value, destinations, options=None):
        as_reduce_op(reduce_op)
        value = per_replica_value.values[0] if isinstance(per_replica_value, PerReplica) else per_replica_value
        return nest.map_structure(convert_to_tensor, value)

    def batch_reduce(self, reduce_op, value_destination_pairs, options=None):
        return [self.reduce(reduce_op, v, d, options) for v, d in value_destination_pairs]

    def broadcast(self, tensor, destinations):
        return tensor


class ReductionToOneDevice(CrossDeviceOps):
    """Copies the values to one device and reduces them there."""

    def __init__(self, reduce_to_device=None, accumulation_fn=None):
        self.reduce_to_device = reduce_to_device
        self.accumulation_fn = accumulation_fn


class AllReduceCrossDeviceOps(CrossDeviceOps):
    """All-reduce in packs ('nccl' or 'hierarchical_copy')."""

    def __init__(self, all_reduce_alg="nccl", num_packs=1):
        self._all_reduce_alg = all_reduce_alg
        self._num_packs = num_packs


class HierarchicalCopyAllReduce(AllReduceCrossDeviceOps):
    """Hierarchical-copy all-reduce (for GPUs in a DGX-1 topology)."""

    def __init__(self, num_packs=1):
        if num_packs < 0:
            raise ValueError(f"HierarchicalCopy requires num_packs >= 0, but {num_packs} is specified")
        super().__init__("hierarchical_copy", num_packs)


class NcclAllReduce(AllReduceCrossDeviceOps):
    """NCCL all-reduce (GPUs)."""

    def __init__(self, num_packs=1):
        if num_packs < 0:
            raise ValueError(f"NCCL all-reduce requires num_packs >= 0, but {num_packs} is specified")
        super().__init__("nccl", num_packs)


class CommunicationImplementation(enum.Enum):
    """The collective implementation of MultiWorkerMirroredStrategy."""
    AUTO = "AUTO"
    RING = "RING"
    NCCL = "NCCL"


class CommunicationOptions:
    """Options of the collectives (`tf.distribute.experimental.CommunicationOptions`)."""

    def __init__(self, bytes_per_pack=0, timeout_seconds=None, implementation=CommunicationImplementation.AUTO):
        if bytes_per_pack < 0:
            raise ValueError(f"bytes_per_pack must be non-negative, got {bytes_per_pack}")
        if isinstance(implementation, str):
            implementation = CommunicationImplementation(implementation.upper())
        self.bytes_per_pack = bytes_per_pack
        self.timeout_seconds = timeout_seconds
        self.implementation = implementation

    def __repr__(self):
        return (f"Options(bytes_per_pack={self.bytes_per_pack},timeout_seconds={self.timeout_seconds}, "
                f"implementation={self.implementation})")


# -- the strategies -------------------------------------------------------------------------------
class MirroredExtended(StrategyExtended):
    _variable_class = MirroredVariable


class _MirroredBase(Strategy):
    """What MirroredStrategy and its multi-worker kin share: MirroredVariables, per-replica values
    from `experimental_distribute_values_from_function`."""

    def experimental_distribute_values_from_function(self, value_fn):
        return PerReplica([value_fn(ValueContext(0, self.num_replicas_in_sync))])


class MirroredStrategy(_MirroredBase):
    """Synchronous training on the devices of one machine, each with a copy of the variables.
    numtf has one CPU device, so there is one replica (as in TF on a CPU-only machine).

        >>> strategy = tf.distribute.MirroredStrategy()
        >>> with strategy.scope():
        ...     model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
        ...     model.compile(optimizer='sgd', loss='mse')
    """

    def __init__(self, devices=None, cross_device_ops=None):
        if cross_device_ops is not None and not isinstance(cross_device_ops, CrossDeviceOps):
            raise ValueError(f"cross_device_ops must be a tf.distribute.CrossDeviceOps, got {cross_device_ops!r}")
        names = _one_device(("/cpu:0",) if devices is None else devices, "MirroredStrategy")
        self._cross_device_ops = cross_device_ops
        super().__init__(MirroredExtended(self, names))
        log.info("Using MirroredStrategy with devices %r", names)


class OneDeviceStrategy(Strategy):
    """Runs everything on one device (`'/cpu:0'`, `'/gpu:0'`, ...).

        >>> tf.distribute.OneDeviceStrategy('/cpu:0').extended.worker_devices
        ('/job:localhost/replica:0/task:0/device:CPU:0',)
    """

    def __init__(self, device):
        super().__init__(OneDeviceExtended(self, (canonical_device(device),)))

    def _reduce_per_replica(self, reduce_op, value):
        return value  # TF's OneDeviceStrategy hands a reduced value back unchanged


class OneDeviceExtended(StrategyExtended):
    pass


class CentralStorageExtended(StrategyExtended):
    pass


class CentralStorageStrategy(Strategy):
    """Variables on one device, computation mirrored over the compute devices (one here)
    (`tf.distribute.experimental.CentralStorageStrategy`)."""

    def __init__(self, compute_devices=None, parameter_device=None):
        names = _one_device(("/cpu:0",) if compute_devices is None else compute_devices, "CentralStorageStrategy")
        super().__init__(CentralStorageExtended(self, names))
        log.info("ParameterServerStrategy (CentralStorageStrategy if you are using a single machine) with "
                 "compute_devices = %r, variable_device = %r", names, names[0])


class CollectiveAllReduceExtended(MirroredExtended):
    pass


class CollectiveAllReduceStrategy(_MirroredBase):
    """`tf.distribute.MultiWorkerMirroredStrategy`: synchronous training over workers, each with
    its devices. numtf runs one process: the cluster may name one worker only (TF_CONFIG unset,
    or a cluster of one).

        >>> tf.distribute.MultiWorkerMirroredStrategy().num_replicas_in_sync
        1
    """

    def __init__(self, cluster_resolver=None, communication_options=None):
        from .cluster_resolver import TFConfigClusterResolver
        if cluster_resolver is None:
            cluster_resolver = TFConfigClusterResolver()
        spec = cluster_resolver.cluster_spec().as_dict()
        tasks = sum(len(spec.get(job, ())) for job in ("chief", "worker"))
        if tasks > 1:
            raise NotImplementedError(f"numtf runs one process on one machine: MultiWorkerMirroredStrategy cannot "
                                      f"train with the {tasks} workers of this cluster ({spec}).")
        if communication_options is None:
            communication_options = CommunicationOptions()
        self._cluster_resolver = cluster_resolver
        self._communication_options = communication_options
        super().__init__(CollectiveAllReduceExtended(self, (canonical_device("/cpu:0"),)))

    @property
    def cluster_resolver(self):
        return self._cluster_resolver


MultiWorkerMirroredStrategy = CollectiveAllReduceStrategy


class _CollectiveAllReduceStrategyExperimental(CollectiveAllReduceStrategy):
    """`tf.distribute.experimental.MultiWorkerMirroredStrategy(communication, cluster_resolver)`."""

    def __init__(self, communication=CommunicationImplementation.AUTO, cluster_resolver=None):
        super().__init__(cluster_resolver, CommunicationOptions(implementation=communication))

