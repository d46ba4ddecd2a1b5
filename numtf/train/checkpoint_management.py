"""`tf.train.CheckpointManager`: numbered checkpoints in a directory, keeping the newest few.

    >>> manager = tf.train.CheckpointManager(checkpoint, directory='./save', max_to_keep=3)
    >>> path = manager.save()                       # './save/ckpt-1'
    >>> checkpoint.restore(manager.latest_checkpoint)
"""
import os
import time

from . import checkpoint_io


class CheckpointManager:
    """Saves `checkpoint` as `directory/<checkpoint_name>-<n>`, records the list in the directory's
    `checkpoint` file, and deletes the oldest beyond `max_to_keep` (None keeps all), except one
    every `keep_checkpoint_every_n_hours`. A manager on a directory that already has checkpoints
    picks up their list.

        >>> manager = tf.train.CheckpointManager(ckpt, './save', max_to_keep=2, checkpoint_name='model.ckpt')
    """

    def __init__(self, checkpoint, directory, max_to_keep, keep_checkpoint_every_n_hours=None,
                 checkpoint_name="ckpt", step_counter=None, checkpoint_interval=None, init_fn=None):
        if checkpoint_interval is not None and step_counter is None:
            raise ValueError("`step_counter` should be passed if `checkpoint_interval` is not None.")
        if max_to_keep is not None and max_to_keep <= 0:
            raise ValueError(f"Expected a positive integer or `None` for `max_to_keep`, got {max_to_keep}.")
        self._checkpoint = checkpoint
        self._directory = os.fspath(directory)
        self._max_to_keep = max_to_keep
        self._keep_every_seconds = None if keep_checkpoint_every_n_hours is None \
            else keep_checkpoint_every_n_hours * 3600.0
        self._prefix = os.path.join(self._directory, checkpoint_name)
        self._step_counter = step_counter
        self._checkpoint_interval = checkpoint_interval
        self._init_fn = init_fn
        self._last_saved_step = None
        self._latest = None
        self._kept = []  # [(path, timestamp)], oldest first
        self._last_preserved = time.time()
        state = checkpoint_io.get_checkpoint_state(self._directory)
        if state is not None:
            self._latest = state.model_checkpoint_path
            stamps = state.all_model_checkpoint_timestamps
            if len(stamps) != len(state.all_model_checkpoint_paths):
                stamps = [time.time()] * len(state.all_model_checkpoint_paths)
            self._kept = list(zip(state.all_model_checkpoint_paths, stamps))
            if state.last_preserved_timestamp:
                self._last_preserved = state.last_preserved_timestamp

    @property
    def directory(self):
        return self._directory

    @property
    def checkpoint(self):
        return self._checkpoint

    @property
    def checkpoint_interval(self):
        return self._checkpoint_interval

    @property
    def latest_checkpoint(self):
        """The prefix of the newest checkpoint, or None."""
        return self._latest

    @property
    def checkpoints(self):
        """The checkpoints being kept, oldest first."""
        return [path for path, _ in self._kept]

    def _sweep(self):
        if self._max_to_keep is None:
            return
        while len(self._kept) > self._max_to_keep:
            path, stamp = self._kept.pop(0)
            if self._keep_every_seconds is not None and stamp - self._last_preserved >= self._keep_every_seconds:
                self._last_preserved = stamp  # kept on disk for good, no longer managed
                continue
            checkpoint_io.remove_checkpoint(path)

    def _write_state(self):
        checkpoint_io.update_checkpoint_state(
            self._directory, self._latest, [p for p, _ in self._kept], [t for _, t in self._kept],
            self._last_preserved)

    def save(self, checkpoint_number=None, check_interval=True, options=None):
        """Writes a new checkpoint, updates the `checkpoint` file and deletes old checkpoints.
        Returns its path (None when `checkpoint_interval` says it is not time yet).

            >>> manager.save(checkpoint_number=step)
            './save/ckpt-100'
        """
        if self._checkpoint_interval is not None:
            step = int(self._step_counter.numpy() if hasattr(self._step_counter, "numpy") else self._step_counter)
            if check_interval and self._last_saved_step is not None and \
                    step < self._last_saved_step + self._checkpoint_interval:
                return None
            self._last_saved_step = step
        counter = self._checkpoint.save_counter
        counter.assign_add(1)
        if checkpoint_number is None:
            checkpoint_number = counter.numpy()
        elif hasattr(checkpoint_number, "numpy"):
            checkpoint_number = checkpoint_number.numpy()
        path = f"{self._prefix}-{int(checkpoint_number)}"
        self._checkpoint.write(path)
        self._kept = [(p, t) for p, t in self._kept if p != path] + [(path, time.time())]
        self._latest = path
        self._sweep()
        self._write_state()
        return path

    def restore_or_initialize(self):
        """Restores the latest checkpoint and returns its path, or runs `init_fn` and returns None."""
        if self._latest is not None:
            self._checkpoint.restore(self._latest)
            return self._latest
        if self._init_fn is not None:
            self._init_fn()
        return None

    def sync(self):
        """Nothing to wait for: checkpoints are written synchronously."""
