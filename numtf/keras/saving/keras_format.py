"""`model.save('m.keras')` / `tf.keras.models.load_model('m.keras')`: the Keras v3 archive.

A `.keras` file is a zip holding `config.json` (the model's class name and config, plus its
`build_config` and `compile_config`, as tf-keras writes them), `metadata.json` (keras_version,
date_saved) and `model.weights.npz` (every layer's and the optimizer's variables in Keras 3's
object tree, see structure.py). tf-keras's own `.keras` files hold `model.weights.h5` instead;
numtf reads those too when h5py is installed.

Loading parses JSON and NumPy arrays only (`allow_pickle=False`): classes are found by name among
numtf's layers and models, `custom_objects`, `custom_object_scope`s and the classes registered with
`tf.keras.utils.register_keras_serializable`; nothing in the file is executed. The whole archive
is read and checked before the model is built.

    >>> model.save('mlp.keras')
    >>> restored = tf.keras.models.load_model('mlp.keras', custom_objects={'MyLayer': MyLayer})
"""
import datetime
import io
import json
import logging
import os
import warnings
import zipfile

from ...framework import errors
from ...train import checkpoint_io
from ...util import atomic
from . import serialization, structure, weights_format

log = logging.getLogger("tensorflow")
CONFIG, METADATA, WEIGHTS_NPZ, WEIGHTS_H5 = "config.json", "metadata.json", "model.weights.npz", "model.weights.h5"


# -- saving -------------------------------------------------------------------------------------
def _build_config(model):
    get = getattr(model, "get_build_config", None)
    if callable(get):
        try:
            return get()
        except Exception:  # noqa: BLE001 - a model that cannot describe its build is built on first call
            return None
    shape = model.__dict__.get("_build_input_shape")
    if shape is None:
        return None
    if hasattr(shape, "as_list"):
        shape = shape.as_list() if shape.rank is not None else None
    return None if shape is None else {"input_shape": serialization.to_json(shape)}


def _compile_config(model):
    get = getattr(model, "get_compile_config", None)
    if callable(get):
        try:
            return serialization.to_json(get())
        except Exception as e:  # noqa: BLE001 - the model is saved; it just loads uncompiled
            log.warning("The model's compile() arguments could not be saved (%s); it will load uncompiled.", e)
            return None
    config = model.__dict__.get("_compile_config")
    if not config:
        args = model.__dict__.get("_compile_args")  # what Model.compile was given
        config = args if isinstance(args, dict) or args is None else dict(vars(args))
    if not config:
        return None
    try:
        return serialization.serialize_compile_args(config, model)
    except Exception as e:  # noqa: BLE001
        log.warning("The model's compile() arguments could not be saved (%s); it will load uncompiled.", e)
        return None


def model_config(model):
    """The JSON-compatible description of `model` written to config.json."""
    config = serialization.serialize_keras_object(model)
    build = _build_config(model)
    if build is not None:
        config["build_config"] = build
    compile_config = _compile_config(model)
    if compile_config is not None:
        config["compile_config"] = compile_config
    return config


def save_model(model, filepath, overwrite=True, save_format=None, include_optimizer=True, **kwargs):
    """Saves the model's architecture, weights and compile arguments (see module docstring).

        >>> tf.keras.models.save_model(model, 'mlp.keras')
    """
    path = os.fspath(filepath)
    fmt = save_format
    if fmt is None:
        fmt = "keras" if path.endswith(".keras") else "h5" if path.endswith((".h5", ".hdf5")) else "tf"
    if fmt in ("h5", "hdf5"):
        from . import h5_format
        warnings.warn("You are saving your model as an HDF5 file via `model.save()`. This file format is "
                      "considered legacy. We recommend using instead the native TF-Keras format, e.g. "
                      "`model.save('my_model.keras')`.", UserWarning, stacklevel=2)
        return h5_format.save_model_h5(model, path, overwrite, include_optimizer)
    if fmt in ("tf", "tensorflow"):  # numtf's own SavedModel directory (numtf/saved_model)
        from . import saved_model_format
        return saved_model_format.save_model(model, path, overwrite, include_optimizer, kwargs.get("signatures"),
                                             kwargs.get("options"))
    if fmt not in ("keras", "keras_v3"):
        raise ValueError(f"Unknown `save_format` argument. Expected one of 'keras', 'tf', or 'h5'. "
                         f"Received: save_format={save_format}")
    if not overwrite and not weights_format.confirm_overwrite(path):
        return
    config = json.dumps(model_config(model)).encode("utf-8")
    metadata = json.dumps({"keras_version": weights_format.KERAS_VERSION,
                           "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
                           "numtf": True}).encode("utf-8")
    weights = weights_format.v3_to_npz_bytes(structure.arrays_of(model, include_optimizer, repr(path)))
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with atomic.atomic_write(path) as f, zipfile.ZipFile(f, "w") as z:
        z.writestr(METADATA, metadata)
        z.writestr(CONFIG, config)
        z.writestr(WEIGHTS_NPZ, weights)


# -- loading ------------------------------------------------------------------------------------
def _bad(path, problem):
    return ValueError(f"Cannot load {path!r}: {problem}")


def read_archive(path):
    """(config, metadata, {path: [array]}) of a .keras file; ValueError naming any defect."""
    if not zipfile.is_zipfile(path):
        raise _bad(path, "it is not a .keras file (not a zip archive). It may be truncated, corrupt, or not a "
                         "saved model.")
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if CONFIG not in names:
                raise _bad(path, f"the archive has no {CONFIG}, so it is not a Keras model file.")
            config = json.loads(z.read(CONFIG).decode("utf-8"))
            metadata = json.loads(z.read(METADATA).decode("utf-8")) if METADATA in names else {}
            if WEIGHTS_NPZ in names:
                index, arrays = checkpoint_io.read_npz(io.BytesIO(z.read(WEIGHTS_NPZ)), "weights archive",
                                                     WEIGHTS_NPZ)
                if index.get("format") != weights_format.V3_NPZ_FORMAT:
                    raise _bad(path, f"{WEIGHTS_NPZ} has an unknown format {index.get('format')!r}.")
                groups = weights_format.v3_from_arrays(index, arrays)
            elif WEIGHTS_H5 in names:
                h5py = weights_format.h5py_module()
                with h5py.File(io.BytesIO(z.read(WEIGHTS_H5)), "r") as f:
                    groups = weights_format.read_v3_h5(f)
            else:
                raise _bad(path, f"the archive has no weights ({WEIGHTS_NPZ} or {WEIGHTS_H5}).")
    except json.JSONDecodeError as e:
        raise _bad(path, f"its JSON is invalid ({e}); the file is corrupt.") from None
    except ValueError:
        raise
    except errors.DataLossError as e:
        raise _bad(path, str(e)) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, UnicodeDecodeError, KeyError) as e:
        raise _bad(path, f"the archive is truncated or corrupt ({type(e).__name__}: {e}).") from None
    if not isinstance(config, dict) or "class_name" not in config:
        raise _bad(path, f"{CONFIG} does not describe a model (no 'class_name').")
    return config, metadata, groups


def _build(model, build_config):
    """Creates the weights from the saved input shape (otherwise they are restored when the
    model is first called)."""
    if model.built and model.weights or not build_config:
        return
    builder = getattr(model, "build_from_config", None)
    if callable(builder):
        try:
            builder(build_config)
            return
        except Exception:  # noqa: BLE001 - fall back to building from the shape
            pass
    shape = build_config.get("input_shape")
    if shape is None:
        return
    try:
        from ..engine.sequential import Sequential
        if isinstance(model, Sequential):
            model.build(shape)
        else:
            model.compute_output_shape(shape)
    except Exception as e:  # noqa: BLE001 - the weights are then restored on the first call
        log.debug("Could not build the loaded model from its input shape %s: %s", shape, e)


def _compile(model, compile_config, custom_objects):
    try:
        compiler = getattr(model, "compile_from_config", None)
        if callable(compiler):
            compiler(compile_config)
        else:
            model.compile(**serialization.deserialize_compile_args(compile_config, custom_objects))
    except Exception as e:  # noqa: BLE001 - tf-keras loads the model uncompiled in this case too
        log.warning("The model could not be compiled from its saved compile arguments (%s); it was loaded "
                    "uncompiled. Compile it manually.", e)
        return
    opt = getattr(model, "optimizer", None)
    build = getattr(opt, "build", None)
    if callable(build) and model.trainable_variables and not getattr(opt, "_built", False):
        build(model.trainable_variables)  # so that the saved optimizer state has somewhere to go


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True, **kwargs):
    """Loads a model saved with `model.save` (see module docstring).

        >>> model = tf.keras.models.load_model('mlp.keras')
    """
    path = os.fspath(filepath)
    if not os.path.exists(path):
        raise OSError(f"No file or directory found at {path}")
    if os.path.isdir(path):  # a SavedModel directory (numtf's format; TensorFlow's is refused clearly)
        from . import saved_model_format
        return saved_model_format.load_model(path, custom_objects, compile)
    if path.endswith((".h5", ".hdf5")) or weights_format._sniff(path) == "hdf5":
        from . import h5_format
        return h5_format.load_model_h5(path, custom_objects, compile)
    config, _, groups = read_archive(path)
    model = serialization.deserialize_model(config, custom_objects, source=path)
    _build(model, config.get("build_config"))
    compile_config = config.get("compile_config")
    if compile and compile_config:
        _compile(model, compile_config, custom_objects)
    structure.load(model, groups, path)
    return model

