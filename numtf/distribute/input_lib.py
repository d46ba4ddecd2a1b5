"""The input side of `tf.distribute`: `InputContext` (what an input function of
`distribute_datasets_from_function` is told), `InputOptions`, `InputReplicationMode`, and the
`ValueContext` and `RunOptions` of `experimental_distribute_values_from_function` and `run`.

    >>> tf.distribute.InputContext(2, 1, 4).get_per_replica_batch_size(64)
    16
"""
import enum

__all__ = ["InputReplicationMode", "InputOptions", "InputContext", "ValueContext", "RunOptions"]


class InputReplicationMode(enum.Enum):
    """Whether an input function makes one dataset per worker or per replica."""
    PER_WORKER = "PER_WORKER"
    PER_REPLICA = "PER_REPLICA"


class InputOptions:
    """Options for `experimental_distribute_dataset` and `distribute_datasets_from_function`.
    With one device every option gives the same elements.

        >>> tf.distribute.InputOptions(experimental_fetch_to_device=False).experimental_fetch_to_device
        False
    """

    def __init__(self, experimental_fetch_to_device=None,
                 experimental_replication_mode=InputReplicationMode.PER_WORKER,
                 experimental_place_dataset_on_device=False, experimental_per_replica_buffer_size=1):
        self.experimental_fetch_to_device = True if experimental_fetch_to_device is None else \
            experimental_fetch_to_device
        self.experimental_replication_mode = experimental_replication_mode
        self.experimental_place_dataset_on_device = experimental_place_dataset_on_device
        self.experimental_per_replica_buffer_size = experimental_per_replica_buffer_size

    def __repr__(self):
        return (f"InputOptions(experimental_fetch_to_device={self.experimental_fetch_to_device}, "
                f"experimental_replication_mode={self.experimental_replication_mode!r}, "
                f"experimental_place_dataset_on_device={self.experimental_place_dataset_on_device}, "
                f"experimental_per_replica_buffer_size={self.experimental_per_replica_buffer_size})")


class InputContext:
    """What an input function of `distribute_datasets_from_function` is told: how many input
    pipelines there are, which one this is, and the replicas in sync.

        >>> ctx = tf.distribute.InputContext()
        >>> ctx.get_per_replica_batch_size(64)
        64
    """

    def __init__(self, num_input_pipelines=1, input_pipeline_id=0, num_replicas_in_sync=1):
        self._num_input_pipelines = num_input_pipelines
        self._input_pipeline_id = input_pipeline_id
        self._num_replicas_in_sync = num_replicas_in_sync

    num_input_pipelines = property(lambda self: self._num_input_pipelines)
    input_pipeline_id = property(lambda self: self._input_pipeline_id)
    num_replicas_in_sync = property(lambda self: self._num_replicas_in_sync)

    def get_per_replica_batch_size(self, global_batch_size):
        """`global_batch_size` divided among the replicas in sync."""
        if global_batch_size % self._num_replicas_in_sync != 0:
            raise ValueError(f"The `global_batch_size` {global_batch_size!r} is not divisible by "
                             f"`num_replicas_in_sync` {self._num_replicas_in_sync!r} ")
        return global_batch_size // self._num_replicas_in_sync

    def __str__(self):
        return f"tf.distribute.InputContext(input pipeline id {self._input_pipeline_id}, " \
               f"total: {self._num_input_pipelines})"


class ValueContext:
    """What the function of `experimental_distribute_values_from_function` is told."""

    def __init__(self, replica_id_in_sync_group=0, num_replicas_in_sync=1):
        self._replica_id_in_sync_group = replica_id_in_sync_group
        self._num_replicas_in_sync = num_replicas_in_sync

    replica_id_in_sync_group = property(lambda self: self._replica_id_in_sync_group)
    num_replicas_in_sync = property(lambda self: self._num_replicas_in_sync)

    def __str__(self):
        return f"tf.distribute.ValueContext(replica id {self._replica_id_in_sync_group},  total replicas in " \
               f"sync: {self._num_replicas_in_sync})"


class RunOptions:
    """Options of `Strategy.run`. They concern TPU compilation (dynamic batch sizes, XLA), which a
    CPU replica does not do, so no value changes what `run` does.

        >>> tf.distribute.RunOptions().experimental_enable_dynamic_batch_size
        True
    """

    def __init__(self, experimental_enable_dynamic_batch_size=True, experimental_bucketizing_dynamic_shape=False,
                 experimental_xla_options=None):
        self.experimental_enable_dynamic_batch_size = experimental_enable_dynamic_batch_size
        self.experimental_bucketizing_dynamic_shape = experimental_bucketizing_dynamic_shape
        self.experimental_xla_options = experimental_xla_options
