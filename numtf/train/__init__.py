"""`tf.train`: object-based checkpoints. Re-exports only; the format is described in
checkpoint_io.py (one `<prefix>.npz` file per checkpoint plus TensorFlow's `checkpoint` text file).

    >>> ckpt = tf.train.Checkpoint(model=model, optimizer=optimizer)
    >>> manager = tf.train.CheckpointManager(ckpt, './save', max_to_keep=3)
    >>> manager.save()
    './save/ckpt-1'
"""
from .checkpoint import Checkpoint, CheckpointLoadStatus, CheckpointOptions  # noqa: F401
from .checkpoint_io import (CheckpointReader, CheckpointState, get_checkpoint_state,  # noqa: F401
                            latest_checkpoint, list_variables, load_checkpoint, load_variable)
from .checkpoint_management import CheckpointManager  # noqa: F401

__all__ = ["Checkpoint", "CheckpointManager", "CheckpointOptions", "latest_checkpoint", "get_checkpoint_state",
           "list_variables", "load_checkpoint", "load_variable"]
