"""`tf.keras.callbacks`: hooks into `fit`/`evaluate`/`predict` (tf-keras 2 semantics). Only
re-exports; see base.py (Callback, CallbackList, History, ProgbarLogger, ...), monitors.py
(EarlyStopping, ReduceLROnPlateau, LearningRateScheduler, CSVLogger), checkpoint.py
(ModelCheckpoint, BackupAndRestore) and tensorboard.py.

    >>> cb = tf.keras.callbacks.EarlyStopping(monitor='loss', patience=2)
"""
from .base import (BaseLogger, Callback, CallbackList, History, LambdaCallback, ProgbarLogger,  # noqa: F401
                   TerminateOnNaN)
from .checkpoint import BackupAndRestore, ModelCheckpoint  # noqa: F401
from .monitors import CSVLogger, EarlyStopping, LearningRateScheduler, ReduceLROnPlateau  # noqa: F401
from .tensorboard import TensorBoard  # noqa: F401

__all__ = ["Callback", "CallbackList", "History", "ProgbarLogger", "BaseLogger", "TerminateOnNaN",
           "LambdaCallback", "EarlyStopping", "ReduceLROnPlateau", "LearningRateScheduler", "CSVLogger",
           "ModelCheckpoint", "BackupAndRestore", "TensorBoard"]
