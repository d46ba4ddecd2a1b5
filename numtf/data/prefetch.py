"""`Dataset.prefetch`: a background thread produces elements into a bounded queue.

The thread owns the upstream iterator (a Python generator runs in it), never the consumer's
iterator object, so dropping the consumer's iterator finalizes it: the thread is told to stop,
the queue is drained so a blocked `put` returns, the thread closes the upstream iterator and
exits. An exception raised upstream is handed to the consumer, which raises it at the element
where it happened; the thread has ended by then. Threads are daemons, so an endless prefetch
never keeps the interpreter alive.
"""
import itertools
import queue
import threading
import weakref

from .dataset_ops import Dataset, AUTOTUNE
from .tracing import scalar
from ..framework.errors import InvalidArgumentError

_AUTOTUNE_BUFFER = 4  # what AUTOTUNE means here: enough to overlap one step with the next element
_POLL = 0.1           # seconds between the producer's checks for a stop request
_END = object()
_names = itertools.count()


class _Failure:
    __slots__ = ("exc",)

    def __init__(self, exc):
        self.exc = exc


def _put(q, stop, item):
    """Puts `item` unless asked to stop; returns False when stopping."""
    while not stop.is_set():
        try:
            q.put(item, timeout=_POLL)
            return True
        except queue.Full:
            continue
    return False


def _produce(make_iter, q, stop):
    it = None
    try:
        it = make_iter()
        for item in it:
            if not _put(q, stop, item):
                return
        _put(q, stop, _END)
    except BaseException as e:  # noqa: BLE001 - handed to the consumer
        _put(q, stop, _Failure(e))
    finally:
        close = getattr(it, "close", None)
        if close is not None:
            try:
                close()
            except Exception:  # noqa: BLE001 - the consumer has gone; nothing to report to
                pass


def _shutdown(q, stop):
    stop.set()
    try:
        while True:
            q.get_nowait()
    except queue.Empty:
        pass


class PrefetchIterator:
    """The consumer side: takes elements from the queue the producer thread fills."""

    def __init__(self, make_iter, buffer_size):
        self._queue = q = queue.Queue(maxsize=buffer_size)
        self._stop = stop = threading.Event()
        self._done = False
        self.thread = threading.Thread(target=_produce, args=(make_iter, q, stop), daemon=True,
                                       name=f"numtf-data-prefetch-{next(_names)}")
        self._finalizer = weakref.finalize(self, _shutdown, q, stop)
        self.thread.start()

    def __iter__(self):
        return self

    def __next__(self):
        if self._done:
            raise StopIteration
        item = self._queue.get()
        if item is _END:
            self._done = True
            raise StopIteration
        if type(item) is _Failure:
            self._done = True
            raise item.exc
        return item

    def close(self):
        """Stops the producer thread (also done when this iterator is garbage collected)."""
        self._done = True
        self._finalizer()


class PrefetchDataset(Dataset):
    _tf_name = "_PrefetchDataset"

    def __init__(self, input_dataset, buffer_size):
        size = scalar(buffer_size)
        if size < AUTOTUNE:
            raise InvalidArgumentError(None, "PrefetchDataset", "buffer_size must be >= -1 (AUTOTUNE). "
                                       "[Op:PrefetchDataset]")
        self._input = input_dataset
        self._buffer_size = size
        super().__init__(input_dataset.element_spec)

    def _cardinality(self):
        return self._input._cardinality()

    def _iter_flat(self):
        size = self._buffer_size
        if size == 0:
            return self._input._iter_flat()
        return PrefetchIterator(self._input._iter_flat, _AUTOTUNE_BUFFER if size == AUTOTUNE else size)
