"""`model.save('m.h5')` / `load_model('m.h5')`: Keras 2's legacy HDF5 model file (needs h5py).

Root attributes `model_config` (the model's class name and config as JSON) and `training_config`
(compile()'s arguments), the weights in Keras 2's layer-by-layer layout under `model_weights`, and
the optimizer's variables under `optimizer_weights`. Written atomically; read without executing
anything from the file.

    >>> model.save('mlp.h5')
    >>> tf.keras.models.load_model('mlp.h5')
"""
import json
import logging
import os

import numpy as np

from ...util import atomic
from . import keras_format, serialization, weights_format

log = logging.getLogger("tensorflow")


def save_model_h5(model, path, overwrite=True, include_optimizer=True):
    """Writes `model` as a Keras 2 HDF5 model file."""
    h5py = weights_format.h5py_module()
    if not overwrite and not weights_format.confirm_overwrite(path):
        return
    from ..engine.functional import Functional
    from ..engine.sequential import Sequential
    if not isinstance(model, (Sequential, Functional)):
        raise NotImplementedError(
            "Saving the model to HDF5 format requires the model to be a Functional model or a Sequential model. "
            "It does not work for subclassed models, because such models are defined via the body of a Python "
            "method, which isn't safely serializable. Use model.save('model.keras') or `save_weights`.")
    config = keras_format.model_config(model)
    compile_config = config.pop("compile_config", None)
    build_config = config.pop("build_config", None)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with atomic.atomic_path(path) as tmp, h5py.File(tmp, "w") as f:
        f.attrs["backend"] = "tensorflow"
        f.attrs["keras_version"] = weights_format.KERAS_VERSION
        f.attrs["model_config"] = json.dumps({"class_name": config["class_name"], "config": config["config"],
                                              "registered_name": config.get("registered_name")})
        if build_config is not None:
            f.attrs["build_config"] = json.dumps(build_config)  # numtf's addition: rebuilds unbuilt models
        weights_format._write_legacy_group(f.create_group("model_weights"), model)
        if compile_config is not None:
            f.attrs["training_config"] = json.dumps(compile_config)
        opt = getattr(model, "optimizer", None)
        variables = list(getattr(opt, "variables", None) or []) if include_optimizer else []
        if variables:
            g = f.create_group("optimizer_weights")
            names = [f"{i}/{v.name}" for i, v in enumerate(variables)]
            weights_format._save_attr(g, "weight_names", names)
            for n, v in zip(names, variables):
                g.create_dataset(n, data=v.numpy())


def load_model_h5(path, custom_objects=None, compile=True):
    """Loads a Keras 2 HDF5 model file written by numtf or tf-keras."""
    with weights_format._open_h5(path) as f:
        raw = f.attrs.get("model_config")
        if raw is None:
            raise ValueError(f"No model config found in the file at {path}.")
        raw = raw.decode("utf-8") if hasattr(raw, "decode") else raw
        training = f.attrs.get("training_config")
        training = training.decode("utf-8") if hasattr(training, "decode") else training
        build = f.attrs.get("build_config")
        build = build.decode("utf-8") if hasattr(build, "decode") else build
        layers, top = weights_format._read_legacy_group(f["model_weights"] if "model_weights" in f else f)
        optimizer_values = []
        if "optimizer_weights" in f:
            g = f["optimizer_weights"]
            optimizer_values = [np.asarray(g[n]) for n in weights_format._load_attr(g, "weight_names")]
    try:
        config = json.loads(raw)
    except ValueError as e:
        raise ValueError(f"Cannot load {path!r}: its model_config is not valid JSON ({e}).") from None
    model = serialization.deserialize_model(config, custom_objects, source=path)
    if build:
        keras_format._build(model, json.loads(build))
    weights_format.load_legacy(model, layers, top, path)
    if compile and training:
        try:
            compile_config = json.loads(training)
        except ValueError:
            compile_config = None
        if compile_config is not None and "optimizer" in compile_config:
            keras_format._compile(model, compile_config, custom_objects)
            opt = getattr(model, "optimizer", None)
            variables = list(getattr(opt, "variables", None) or [])
            if optimizer_values and len(variables) == len(optimizer_values):
                from ...train.checkpoint import assign_all, cast_for
                assign_all([(v, cast_for(v, a, "optimizer_weights")) for v, a in zip(variables, optimizer_values)])
            elif optimizer_values:
                log.warning("Error in loading the saved optimizer state. As a result, your model is starting with "
                            "a freshly initialized optimizer.")
    return model
