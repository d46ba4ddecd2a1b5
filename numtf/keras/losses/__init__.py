"""`tf.keras.losses`: loss functions, loss classes with reductions, and `get`/`serialize`/
`deserialize` (tf-keras 2 semantics).

    >>> tf.keras.losses.get('mse') is tf.keras.losses.mean_squared_error
    True
"""
import warnings

from ..utils import config_utils as _config

from .classes import (Loss, LossFunctionWrapper, MeanSquaredError, MeanAbsoluteError,  # noqa: F401
                      MeanAbsolutePercentageError, MeanSquaredLogarithmicError, BinaryCrossentropy,
                      CategoricalCrossentropy, SparseCategoricalCrossentropy, CosineSimilarity, Hinge,
                      SquaredHinge, CategoricalHinge, Poisson, LogCosh, KLDivergence, Huber,
                      is_categorical_crossentropy)
from .crossentropy import (categorical_crossentropy, sparse_categorical_crossentropy,  # noqa: F401
                           binary_crossentropy)
from .focal import (BinaryFocalCrossentropy, CategoricalFocalCrossentropy, binary_focal_crossentropy,  # noqa: F401
                    categorical_focal_crossentropy)
from .functions import (mean_squared_error, mean_absolute_error, mean_absolute_percentage_error,  # noqa: F401
                        mean_squared_logarithmic_error, hinge, squared_hinge, categorical_hinge, huber,
                        log_cosh, kl_divergence, poisson, cosine_similarity)
from .utils import Reduction, ReductionV2, compute_weighted_loss  # noqa: F401

bce = BCE = binary_crossentropy
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence = kl_divergence
logcosh = log_cosh
huber_loss = huber

_OBJECTS = {k: v for k, v in globals().items() if not k.startswith("_") and (
    callable(v) and getattr(v, "__module__", "").startswith(__name__))}
for _k in ("Reduction", "ReductionV2", "compute_weighted_loss", "is_categorical_crossentropy"):
    _OBJECTS.pop(_k, None)

_UNKNOWN = ("Unknown loss function: '{}'. Please ensure you are using a `keras.utils.custom_object_scope` "
            "and that this object is included in the scope. See "
            "https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object for details.")


def serialize(loss, use_legacy_format=False):
    """A loss as a config dict ({'module', 'class_name', 'config', 'registered_name'}).

        >>> tf.keras.losses.serialize(tf.keras.losses.Huber())['class_name']
        'Huber'
    """
    if loss is None:
        return None
    if not isinstance(loss, Loss):
        warnings.warn("The `keras.losses.serialize()` API should only be used for objects of type "
                      f"`keras.losses.Loss`. Found an instance of type {type(loss)}, which may lead to "
                      "improper serialization.")
        return _config.serialize_function(loss, use_legacy_format)
    return _config.serialize_instance(loss, loss.get_config(), __name__, "keras.losses", use_legacy_format)


def deserialize(name, custom_objects=None, use_legacy_format=False):
    """A loss from a name ('mse', 'MeanSquaredError') or a config dict from `serialize`.

        >>> tf.keras.losses.deserialize('Huber').get_config()['delta']
        1.0
    """
    custom_objects = custom_objects or {}
    if isinstance(name, dict):
        return _config.from_class_config(name, custom_objects, _OBJECTS, deserialize,
                                 lambda n: ValueError(_UNKNOWN.format(n)))
    if isinstance(name, str):
        obj = custom_objects.get(name) or _OBJECTS.get(name)
        if obj is None:
            raise ValueError(_UNKNOWN.format(name))
        return obj() if isinstance(obj, type) else obj
    raise ValueError(f"Could not interpret loss function identifier: {name}")


def get(identifier):
    """A loss from a name, a config dict, a callable (returned as is) or None.

        >>> tf.keras.losses.get('MeanSquaredError').name
        'mean_squared_error'
    """
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret loss function identifier: {identifier}")

