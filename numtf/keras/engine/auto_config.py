"""The config of a user's layer that defines no `get_config`: its constructor's arguments, as
tf-keras records them (so that such a layer saves and loads without writing get_config).

    >>> class MyDense(tf.keras.layers.Layer):
    ...     def __init__(self, units, scale=1.0, **kwargs): ...
    >>> MyDense(3, scale=2.0, name="md").get_config()
    {'name': 'md', 'trainable': True, 'dtype': 'float32', 'scale': 2.0, 'units': 3}
"""
import inspect

_BASE_ARGS = ("name", "trainable", "dtype", "dynamic", "input_shape", "batch_input_shape", "batch_size",
              "input_dim", "weights", "activity_regularizer", "autocast")


def auto_config(layer):
    """A custom layer's constructor arguments by name (keyword ones first, then positional ones),
    as tf-keras records them for a layer that defines no get_config; only plain values."""
    args, kwargs = layer.__dict__.get("_init_arguments", ((), {}))
    config = {k: v for k, v in kwargs.items() if k not in _BASE_ARGS}
    if args:
        params = [p for p in inspect.signature(type(layer).__init__).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)][1:]
        config.update({p.name: v for p, v in zip(params, args)})
    if not all(_plain_value(v) for v in config.values()):
        raise NotImplementedError(
            f"Layer {type(layer).__name__} was created by passing non-serializable argument values in "
            "`__init__()`, and therefore the layer must override `get_config()` in order to be "
            "serializable. Please implement `get_config()`.")
    return config


def _plain_value(v):
    if v is None or isinstance(v, (bool, int, float, str)):
        return True
    if isinstance(v, (list, tuple)):
        return all(_plain_value(x) for x in v)
    if isinstance(v, dict):
        return all(isinstance(k, str) and _plain_value(x) for k, x in v.items())
    return False
