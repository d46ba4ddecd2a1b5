"""`tf.keras.models`: re-exports only."""
from .engine.training import Model  # noqa: F401
from .engine.sequential import Sequential  # noqa: F401,E402
from .engine.functional import Functional  # noqa: F401,E402
from .saving.keras_format import load_model, save_model  # noqa: F401,E402
from .saving.model_json import model_from_json, model_from_config, clone_model  # noqa: F401,E402


def model_from_yaml(yaml_string, custom_objects=None):
    """Removed in tf-keras (YAML loading could run arbitrary code): always raises RuntimeError."""
    raise RuntimeError("Method `model_from_yaml()` has been removed due to security risk of arbitrary code "
                       "execution. Please use `Model.to_json()` and `model_from_json()` instead.")
