"""`tf.data`: input pipelines. The logic lives in dataset_ops.py and the modules beside it.

    >>> ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000).batch(32).prefetch(tf.data.AUTOTUNE)
"""
from .dataset_ops import (Dataset, Iterator, NumpyIterator, AUTOTUNE, INFINITE_CARDINALITY,  # noqa: F401
                          UNKNOWN_CARDINALITY)
from .options import Options, ThreadingOptions  # noqa: F401
from . import experimental  # noqa: F401
from . import sources, transforms, batching, prefetch  # noqa: F401  (Dataset's methods build these)
from .readers import TextLineDataset, FixedLengthRecordDataset, TFRecordDataset  # noqa: F401
