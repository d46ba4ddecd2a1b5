"""`tf.keras.utils`: downloads (`get_file`), label helpers, seeding, the progress bar, and the
custom-object registry. Only re-exports; see the modules for the rules (DESIGN.md, "Data").

    >>> tf.keras.utils.to_categorical([1], 2)
    array([[0., 1.]], dtype=float32)
"""
from .data_utils import get_file  # noqa: F401
from .np_utils import normalize, to_categorical, to_ordinal  # noqa: F401
from .image_utils import array_to_img, img_to_array, load_img, save_img  # noqa: F401
from .io_utils import (disable_interactive_logging, enable_interactive_logging,  # noqa: F401
                       is_interactive_logging_enabled)
from .layer_utils import get_source_inputs  # noqa: F401
from .object_registry import (CustomObjectScope, custom_object_scope, get_custom_objects,  # noqa: F401
                              get_registered_name, get_registered_object, register_keras_serializable)
from .progbar import Progbar  # noqa: F401
from .seed_utils import set_random_seed  # noqa: F401
from .sequence_utils import pad_sequences  # noqa: F401


def __getattr__(name):
    # these live with the training engine (which imports utils): loaded on first use
    if name in ("Sequence", "unpack_x_y_sample_weight", "pack_x_y_sample_weight"):
        from ..engine import data_adapter
        return getattr(data_adapter, name)
    if name in ("serialize_keras_object", "deserialize_keras_object"):  # the saving module needs the engine
        from ..saving import serialization
        return getattr(serialization, name)
    raise AttributeError(f"module 'numtf.keras.utils' has no attribute {name!r}")
from .dataset_utils import (timeseries_dataset_from_array, text_dataset_from_directory,  # noqa: F401,E402
                            image_dataset_from_directory, split_dataset)
