"""`tf.saved_model`: save an object's variables and traced functions; load them back without
the Python code that defined them.

numtf's SavedModel is its own format, not TensorFlow's protobuf one: numtf cannot read the
SavedModels TensorFlow writes, and TensorFlow cannot read numtf's. An export is a directory:

    saved_model.json          the object graph (attributes, variables' names/dtypes/shapes,
                              tf.functions with their traces' argument specs), the traced graphs
                              (nodes by registered op name, attributes, inputs, captured variables
                              by object, nested cond/while graphs) and the signatures; with
                              "format": "numtf.saved_model" and "version": 1
    constants.npz             the graphs' constant values
    variables/variables.index, variables/variables.data-00000-of-00001
                              the variables, a checkpoint in TensorFlow's format keyed like
                              tf.train.Checkpoint ('dense1/kernel/.ATTRIBUTES/VARIABLE_VALUE')
    keras_metadata.json       (model.save(dir) only) the Keras config and compile arguments

It is written into a temporary directory and moved into place, so an existing export is never
left half-overwritten. Loading reads JSON and NumPy arrays only (`allow_pickle=False`) and
instantiates numtf's registered ops by name: it never runs code from the files. A function
using Python code (tf.numpy_function, tf.py_function, tf.custom_gradient) cannot be saved.

    >>> tf.saved_model.save(model, "saved/1")
    >>> model = tf.saved_model.load("saved/1")
    >>> model(data)
"""
from .loader import contains_saved_model, load  # noqa: F401
from .options import LoadOptions, SaveOptions  # noqa: F401
from .saver import save  # noqa: F401
from . import experimental  # noqa: F401

SERVING = "serve"
TRAINING = "train"
GPU = "gpu"
TPU = "tpu"
DEFAULT_SERVING_SIGNATURE_DEF_KEY = "serving_default"
SAVED_MODEL_FILENAME_JSON = "saved_model.json"
VARIABLES_DIRECTORY = "variables"
VARIABLES_FILENAME = "variables"
ASSETS_DIRECTORY = "assets"
PREDICT_METHOD_NAME = "tensorflow/serving/predict"
PREDICT_INPUTS = "inputs"
PREDICT_OUTPUTS = "outputs"

__all__ = ["save", "load", "contains_saved_model", "SaveOptions", "LoadOptions", "SERVING", "TRAINING", "GPU", "TPU",
           "DEFAULT_SERVING_SIGNATURE_DEF_KEY", "experimental"]
