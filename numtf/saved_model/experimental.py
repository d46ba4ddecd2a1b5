"""`tf.saved_model.experimental`: `VariablePolicy` (only its default, NONE, is meaningful in numtf).

    >>> tf.saved_model.experimental.VariablePolicy.NONE
"""
import enum


class VariablePolicy(enum.Enum):
    """How variables are saved with respect to devices; numtf has one device, so only NONE."""
    NONE = None
    SAVE_VARIABLE_DEVICES = "save_variable_devices"
    EXPAND_DISTRIBUTED_VARIABLES = "expand_distributed_variables"
