"""`tf.train`: object-based checkpoints and the Example protocol buffers (example_pb.py).
Re-exports only; the checkpoint format is described in checkpoint_io.py (TensorFlow's
`<prefix>.index` + `<prefix>.data-00000-of-00001` plus TensorFlow's `checkpoint` text file).

    >>> ckpt = tf.train.Checkpoint(model=model, optimizer=optimizer)
    >>> manager = tf.train.CheckpointManager(ckpt, './save', max_to_keep=3)
    >>> manager.save()
    './save/ckpt-1'
"""
from .checkpoint import Checkpoint, CheckpointLoadStatus, CheckpointOptions  # noqa: F401
from .checkpoint_io import (CheckpointReader, CheckpointState, get_checkpoint_state,  # noqa: F401
                            latest_checkpoint, list_variables, load_checkpoint, load_variable)
from .checkpoint_management import CheckpointManager  # noqa: F401
from .example_pb import (BytesList, Example, Feature, FeatureList, FeatureLists, Features,  # noqa: F401
                         FloatList, Int64List, SequenceExample)

__all__ = ["Checkpoint", "CheckpointManager", "CheckpointOptions", "latest_checkpoint", "get_checkpoint_state",
           "list_variables", "load_checkpoint", "load_variable", "BytesList", "Example", "Feature", "FeatureList",
           "FeatureLists", "Features", "FloatList", "Int64List", "SequenceExample"]
