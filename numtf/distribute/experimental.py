"""`tf.distribute.experimental`: CentralStorageStrategy, the experimental MultiWorkerMirroredStrategy
and the collective communication options.

    >>> tf.distribute.experimental.CentralStorageStrategy().num_replicas_in_sync
    1
"""
from .distribute_lib import ValueContext  # noqa: F401
from .strategies import (CentralStorageStrategy, CommunicationImplementation, CommunicationOptions,  # noqa: F401
                         _CollectiveAllReduceStrategyExperimental as MultiWorkerMirroredStrategy)

CollectiveCommunication = CommunicationImplementation  # TF's older name
CollectiveHints = CommunicationOptions  # TF's older name

__all__ = ["ValueContext", "CentralStorageStrategy", "CommunicationImplementation", "CommunicationOptions",
           "MultiWorkerMirroredStrategy", "CollectiveCommunication", "CollectiveHints"]
