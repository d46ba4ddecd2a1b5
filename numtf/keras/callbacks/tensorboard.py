"""`tf.keras.callbacks.TensorBoard`: scalar summaries of training for TensorBoard.

Event files are written with the `tensorboard` package's writer and protocol buffers, as
tf-keras lays them out: `log_dir/train` and `log_dir/validation`, tags 'epoch_loss',
'epoch_accuracy', ... per epoch ('batch_loss', ... every `update_freq` batches when it is an
integer), 'evaluation_loss_vs_iterations' at each validation. Without the `tensorboard`
package the callback says so in one line when it is created and does nothing.

    >>> cb = tf.keras.callbacks.TensorBoard(log_dir='logs')   # doctest: +SKIP
"""
import logging
import os
import time

import numpy as np

from .base import Callback

__all__ = []

log = logging.getLogger("numtf")

_MISSING = ("TensorBoard callback: the `tensorboard` package is not installed, so no event files will be "
            "written (pip install tensorboard).")


def _load_writer():
    """(EventFileWriter class, event_pb2, summary_pb2) from the tensorboard package, or None."""
    try:
        from tensorboard.compat.proto import event_pb2, summary_pb2
        from tensorboard.summary.writer.event_file_writer import EventFileWriter
    except ImportError:
        return None
    return EventFileWriter, event_pb2, summary_pb2


class _ScalarWriter:
    """Scalar events into one run directory."""

    def __init__(self, logdir, backend):
        self._cls, self._event_pb2, self._summary_pb2 = backend
        self._writer = self._cls(logdir)

    def scalar(self, tag, value, step):
        summary = self._summary_pb2.Summary(value=[self._summary_pb2.Summary.Value(tag=tag,
                                                                                   simple_value=float(value))])
        self._writer.add_event(self._event_pb2.Event(wall_time=time.time(), step=int(step), summary=summary))

    def flush(self):
        self._writer.flush()

    def close(self):
        self._writer.close()


class TensorBoard(Callback):
    """Logs the epoch metrics (and optionally batch metrics every `update_freq` batches) for
    TensorBoard; see the module docstring. Histograms, graphs, images, embeddings and profiling
    are accepted and not written."""

    def __init__(self, log_dir="logs", histogram_freq=0, write_graph=True, write_images=False,
                 write_steps_per_second=False, update_freq="epoch", profile_batch=0, embeddings_freq=0,
                 embeddings_metadata=None, **kwargs):
        super().__init__()
        self._supports_tf_logs = True
        unknown = set(kwargs) - {"write_grads", "embeddings_layer_names", "embeddings_data", "batch_size"}
        if unknown:
            raise ValueError(f"Unrecognized arguments in `TensorBoard` Callback: {unknown}. Supported kwargs are: "
                             "{'write_grads', 'embeddings_layer_names', 'embeddings_data', 'batch_size'}")
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        self.profile_batch = profile_batch
        self._backend = _load_writer()
        if self._backend is None:
            log.warning(_MISSING)
        self._writers = {}
        self._global_train_batch = 0
        self._epoch_start = None
        self._epoch_steps = 0

    @property
    def available(self):
        """Whether event files are being written (the `tensorboard` package is installed)."""
        return self._backend is not None

    def _writer(self, run):
        writer = self._writers.get(run)
        if writer is None:
            writer = self._writers[run] = _ScalarWriter(os.path.join(self.log_dir, run), self._backend)
        return writer

    def _implements_train_batch_hooks(self):
        return self._backend is not None and isinstance(self.update_freq, int)

    def on_train_begin(self, logs=None):
        self._global_train_batch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start = time.time()
        self._epoch_steps = 0

    def on_train_batch_end(self, batch, logs=None):
        if self._backend is None:
            return
        self._global_train_batch += 1
        self._epoch_steps += 1
        if isinstance(self.update_freq, int) and self._global_train_batch % self.update_freq == 0:
            writer = self._writer("train")
            for name, value in (logs or {}).items():
                if np.ndim(value) == 0:
                    writer.scalar("batch_" + name, value, self._global_train_batch)

    def on_epoch_end(self, epoch, logs=None):
        if self._backend is None or not logs:
            return
        train = {k: v for k, v in logs.items() if not k.startswith("val_") and np.ndim(v) == 0}
        val = {k[4:]: v for k, v in logs.items() if k.startswith("val_") and np.ndim(v) == 0}
        optimizer = getattr(self.model, "optimizer", None)
        lr = getattr(optimizer, "learning_rate", None) if optimizer is not None else None
        if hasattr(lr, "numpy") and "learning_rate" not in train:
            train["learning_rate"] = float(np.asarray(lr.numpy()))
        if self.write_steps_per_second and self._epoch_start is not None:
            train["steps_per_second"] = self._epoch_steps / max(time.time() - self._epoch_start, 1e-9)
        if train:
            writer = self._writer("train")
            for name, value in train.items():
                writer.scalar("epoch_" + name, value, epoch)
            writer.flush()
        if val:
            writer = self._writer("validation")
            step = int(np.asarray(optimizer.iterations.numpy())) if optimizer is not None else epoch
            for name, value in val.items():
                writer.scalar("epoch_" + name, value, epoch)
                writer.scalar("evaluation_" + name + "_vs_iterations", value, step)
            writer.flush()

    def on_train_end(self, logs=None):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}
