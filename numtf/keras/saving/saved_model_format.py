"""Keras models in numtf's SavedModel format: `model.save('dir')` (tf-keras's default for a path
without '.keras'/'.h5'), `tf.keras.models.save_model(model, 'dir', save_format='tf')`, and
`tf.keras.models.load_model('dir')`. The format itself is described in numtf/saved_model.

Saving adds what tf-keras's SavedModel has for a Keras model: its call traced for the model's
input shape with the batch size left open (`__call__`, for training=False and, when the call
takes `training`, True), the 'serving_default' signature with Keras's input and output names,
and (in `keras_metadata.json`) the model's config and compile arguments when it has a config
(Sequential and functional models). Loading rebuilds those models from their config with
their saved weights; any other model loads as the restored object (callable, with `predict`).

    >>> model.save("saved/mlp")
    >>> model = tf.keras.models.load_model("saved/mlp")
"""
import logging
import os

import numpy as np

from ...graph.function import Function
from ...framework.tensor_spec import TensorSpec
from ...util import nest

log = logging.getLogger("tensorflow")
METADATA = "keras_metadata.json"


def _is_graph_network(model):
    from ..engine.functional import Functional
    from ..engine.sequential import Sequential
    return isinstance(model, (Functional, Sequential)) and bool(getattr(model, "inputs", None))


def _shape_dtype(model):
    """The input specs (batch size open) and names of a model's call, or (None, None) if unknown."""
    if _is_graph_network(model):
        specs = [TensorSpec([None] + t.shape.as_list()[1:], t.dtype, n) for t, n in zip(model.inputs, model.input_names)]
        return (specs[0] if len(specs) == 1 else specs), list(model.input_names)
    shape = model.__dict__.get("_build_input_shape")
    if shape is None:
        return None, None
    dtype = model.dtype
    call = getattr(model, "call", None)
    if isinstance(call, Function) and call._cache:  # the dtype of the first traced call
        first = next(iter(call._cache.values()))
        if first.graph.inputs:
            dtype = first.graph.inputs[0].dtype
    shapes = nest.flatten(shape) if nest.is_nested(shape) else [shape]
    specs = []
    for i, s in enumerate(shapes):
        dims = s.as_list() if hasattr(s, "as_list") else list(s)
        specs.append(TensorSpec([None] + dims[1:], dtype, f"input_{i + 1}"))
    spec = nest.pack_sequence_as(shape, specs) if nest.is_nested(shape) else specs[0]
    return spec, [s.name for s in specs]


def _output_keys(model, concrete):
    out = concrete.structured_outputs
    n = len(nest.flatten(out))
    if isinstance(out, dict) and all(isinstance(k, str) for k in out):
        return sorted(out)
    names = list(getattr(model, "output_names", None) or []) if _is_graph_network(model) else []
    if len(names) == n:
        return names
    return [f"output_{i + 1}" for i in range(n)]


def keras_functions(model):
    """({'__call__': tf.function}, default signature (concrete, input names, output keys)) for a
    built Keras model; ({}, None) when its input shape is unknown (as tf-keras skips it)."""
    spec, names = _shape_dtype(model)
    if spec is None:
        log.warning("Skipping full serialization of Keras layer %s, because it is not built.", model)
        return {}, None
    if model._expects_training_arg:
        def serve(inputs, training=False):
            return model(inputs, training=training)
    else:
        def serve(inputs):
            return model(inputs)
    fn = Function(serve, autograph=False, name="__call__")
    fn._saved_input_names = names  # (TF names a Keras model's call inputs as its signature does)
    concrete = fn.get_concrete_function(spec)
    if model._expects_training_arg:
        fn.get_concrete_function(spec, True)
    return {"__call__": fn}, (concrete, names, _output_keys(model, concrete))


def metadata(model):
    """keras_metadata.json: the class name, and the config of a Sequential or functional model."""
    from .keras_format import model_config
    meta = {"class_name": type(model).__name__}
    if _is_graph_network(model):
        try:
            meta["config"] = model_config(model)
        except Exception as e:  # noqa: BLE001 - still saved: it loads as the restored object
            log.warning("The model's config could not be saved (%s); it will load as a restored object.", e)
    return meta


def save_model(model, filepath, overwrite=True, include_optimizer=True, signatures=None, options=None):
    """Writes `model` as a numtf SavedModel directory with its Keras metadata (module docstring)."""
    from ...saved_model import saver as sm
    path = os.fspath(filepath)
    if not overwrite and os.path.exists(path):
        from .weights_format import confirm_overwrite
        if not confirm_overwrite(path):
            return
    sm.check_root(model)
    extra, default = keras_functions(model)
    exclude = [] if include_optimizer or getattr(model, "optimizer", None) is None else [model.optimizer]
    desc, constants, variables = sm.build_description(model, signatures, extra, default, exclude)
    sm.write_export(path, desc, constants, variables, {METADATA: metadata(model)})


def _read_metadata(path):
    import json
    meta_path = os.path.join(path, METADATA)
    if not os.path.isfile(meta_path):
        return {}
    try:
        with open(meta_path, encoding="utf-8") as f:
            meta = json.load(f)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ValueError(f"Cannot load {path!r}: {METADATA} is not valid JSON ({e}); the file is corrupt.") from None
    return meta if isinstance(meta, dict) else {}


def _predict(restored, x, batch_size=None, verbose=0, steps=None, **kwargs):
    """Runs the restored model on `x` in batches (default 32); NumPy outputs."""
    if kwargs:
        raise NotImplementedError(f"predict() of a restored SavedModel does not support {sorted(kwargs)}")
    batch_size = batch_size or 32
    n = len(nest.flatten(x)[0])
    outs = []
    for start in range(0, n, batch_size):
        part = nest.map_structure(lambda a: np.asarray(a)[start:start + batch_size], x)
        outs.append(nest.map_structure(lambda t: t.numpy(), restored(part)))
    return nest.map_structure(lambda *parts: np.concatenate(parts), *outs)


def load_model(filepath, custom_objects=None, compile=True):
    """A Keras model from a SavedModel directory: rebuilt from its config with its saved weights
    for Sequential and functional models, else the restored object (with `predict`)."""
    from ...saved_model import loader as sm_load
    from ...train import checkpoint
    from . import keras_format, serialization
    path = os.fspath(filepath)
    meta = _read_metadata(path)
    config = meta.get("config")
    if not config:
        restored = sm_load.load(path)
        if callable(restored):
            restored.__dict__["predict"] = lambda x, batch_size=None, verbose=0, steps=None, **kw: _predict(
                restored, x, batch_size, verbose, steps, **kw)
        return restored
    _, _, arrays = sm_load.read_export(path)
    model = serialization.deserialize_model(config, custom_objects, source=path)
    keras_format._build(model, config.get("build_config"))
    if compile and config.get("compile_config"):
        keras_format._compile(model, config["compile_config"], custom_objects)
    checkpoint._Restore(arrays, path).run(model)
    return model
