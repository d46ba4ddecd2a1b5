"""`tf.keras.metrics`: stateful Metric classes (Keras 2 API), metric functions, and
`get`/`serialize`/`deserialize`.

    >>> m = tf.keras.metrics.SparseCategoricalAccuracy()
    >>> _ = m.update_state([1, 0], [[0.2, 0.8], [0.3, 0.7]])
    >>> float(m.result())
    0.5
"""
import warnings

from ..utils import config_utils as _config

from .base import (Metric, Reduce, Sum, Mean, MeanMetricWrapper, SumOverBatchSize,  # noqa: F401
                   SumOverBatchSizeMetricWrapper, MeanTensor)
from .accuracy import (Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,  # noqa: F401
                       TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy, accuracy, binary_accuracy,
                       categorical_accuracy, sparse_categorical_accuracy, top_k_categorical_accuracy,
                       sparse_top_k_categorical_accuracy)
from .confusion import (TruePositives, FalsePositives, TrueNegatives, FalseNegatives, Precision,  # noqa: F401
                        Recall, AUC)
from .regression import (MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,  # noqa: F401
                         MeanSquaredLogarithmicError, RootMeanSquaredError, CosineSimilarity, LogCoshError,
                         Hinge, SquaredHinge, CategoricalHinge)
from .probabilistic import (Poisson, KLDivergence, BinaryCrossentropy, CategoricalCrossentropy,  # noqa: F401
                            SparseCategoricalCrossentropy)
from .f_score import FBetaScore, F1Score  # noqa: F401
from .regression2 import R2Score, MeanRelativeError  # noqa: F401
from .iou import IoU, MeanIoU, BinaryIoU, OneHotIoU, OneHotMeanIoU  # noqa: F401
from .sensitivity import (SensitivityAtSpecificity, SpecificityAtSensitivity, PrecisionAtRecall,  # noqa: F401
                          RecallAtPrecision)
from ..losses.crossentropy import (binary_crossentropy, categorical_crossentropy,  # noqa: F401
                                   sparse_categorical_crossentropy)
from ..losses.focal import binary_focal_crossentropy, categorical_focal_crossentropy  # noqa: F401
from ..losses.functions import (mean_squared_error, mean_absolute_error, mean_absolute_percentage_error,  # noqa: F401
                                mean_squared_logarithmic_error, hinge, squared_hinge, kl_divergence, poisson,
                                log_cosh)

acc = ACC = accuracy
bce = BCE = binary_crossentropy
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence = kl_divergence
logcosh = log_cosh

_OBJECTS = {k: v for k, v in globals().items() if not k.startswith("_") and callable(v) and (
    getattr(v, "__module__", "").startswith("numtf.keras."))}
# Metric names tf-keras resolves although `tf.keras.metrics` does not export the functions.
from .regression import cosine_similarity as _cosine_similarity  # noqa: E402
from ..losses.functions import categorical_hinge as _categorical_hinge  # noqa: E402
_OBJECTS.update(cosine_similarity=_cosine_similarity, categorical_hinge=_categorical_hinge)


def serialize(metric, use_legacy_format=False):
    """A metric as a config dict ({'module', 'class_name', 'config', 'registered_name'}).

        >>> tf.keras.metrics.serialize(tf.keras.metrics.Mean())['class_name']
        'Mean'
    """
    if metric is None:
        return None
    if not isinstance(metric, Metric):
        warnings.warn("The `keras.metrics.serialize()` API should only be used for objects of type "
                      f"`keras.metrics.Metric`. Found an instance of type {type(metric)}, which may lead to "
                      "improper serialization.")
        return _config.serialize_function(metric, use_legacy_format)
    config = metric.get_config()
    if "fn" in config and callable(config["fn"]):
        config["fn"] = _config.serialize_function(config["fn"], use_legacy_format)
    return _config.serialize_instance(metric, config, __name__, "keras.metrics", use_legacy_format)


def deserialize(config, custom_objects=None, use_legacy_format=False):
    """A metric (class instance or function) from a name or a config dict from `serialize`.
    An unknown name comes back unchanged, as in tf-keras.

        >>> tf.keras.metrics.deserialize('mse') is tf.keras.metrics.mean_squared_error
        True
    """
    custom_objects = custom_objects or {}
    if isinstance(config, dict):
        return _config.from_class_config(config, custom_objects, _OBJECTS, deserialize, lambda name: ValueError(
            f"Unknown metric function: '{name}'. Please ensure you are using a "
            "`keras.utils.custom_object_scope` and that this object is included in the scope. See "
            "https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object for details."))
    if isinstance(config, str):
        obj = custom_objects.get(config) or _OBJECTS.get(config)
        if obj is None:
            return config
        return obj() if isinstance(obj, type) else obj
    raise ValueError(f"Could not interpret metric identifier: {config}")


def get(identifier):
    """A metric from a name ('accuracy', 'mse', 'AUC'), a config dict, or a callable (as is).

        >>> tf.keras.metrics.get('accuracy') is tf.keras.metrics.accuracy
        True
    """
    if isinstance(identifier, (dict, str)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret metric identifier: {identifier}")

