"""Atomic file writes: a crash mid-save never leaves a corrupt or missing file where a good one was.

Data goes to a temporary file in the destination's directory (same filesystem, so the final
`os.replace` is atomic), is flushed and fsync'ed, then renamed over the destination; the directory
is fsync'ed so the rename survives a power cut. If writing fails, the temporary file is removed
and the old file is untouched.

    >>> with atomic_write('weights.npz') as f:
    ...     np.savez(f, w=np.ones(3))
"""
import contextlib
import os
import tempfile

TEMP_MARKER = ".numtf-tmp-"


def _temp_in(path):
    directory, base = os.path.split(os.path.abspath(path))
    fd, temp = tempfile.mkstemp(prefix=f".{base}{TEMP_MARKER}", dir=directory)
    return fd, temp


def _fsync_dir(directory):
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # e.g. Windows cannot open directories; the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_quietly(path):
    """Deletes `path` if it exists (a file we made); never raises."""
    try:
        os.remove(path)
    except OSError:
        pass


_UMASK = []


def _default_mode(path):
    """The permissions a plain open() would give `path` (mkstemp's files are private, 0600)."""
    try:
        return os.stat(path).st_mode & 0o7777  # keep an existing file's permissions
    except OSError:
        pass
    if not _UMASK:
        mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
        os.umask(mask)
        _UMASK.append(mask)
    return 0o666 & ~_UMASK[0]


def _commit(temp, path):
    try:
        os.chmod(temp, _default_mode(path))
    except OSError:
        pass
    os.replace(temp, path)
    _fsync_dir(os.path.dirname(os.path.abspath(path)))


@contextlib.contextmanager
def atomic_write(path, mode="wb"):
    """Yields a file object open on a temporary file that replaces `path` when the block ends
    without an exception (and is deleted otherwise).

        >>> with atomic_write('notes.txt', 'w') as f:
        ...     f.write('hello')
    """
    path = os.fspath(path)
    fd, temp = _temp_in(path)
    try:
        with os.fdopen(fd, mode) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        _commit(temp, path)
    except BaseException:
        remove_quietly(temp)
        raise


@contextlib.contextmanager
def atomic_path(path):
    """Yields a temporary path for writers that need a file name (h5py); the file found there
    when the block ends replaces `path` atomically. On an exception it is deleted.

        >>> with atomic_path('w.h5') as tmp:
        ...     h5py.File(tmp, 'w').close()
    """
    path = os.fspath(path)
    fd, temp = _temp_in(path)
    os.close(fd)
    try:
        yield temp
        with open(temp, "rb+") as f:
            os.fsync(f.fileno())
        _commit(temp, path)
    except BaseException:
        remove_quietly(temp)
        raise


def write_bytes(path, data):
    """Atomically replaces `path` with `data` (bytes).

        >>> write_bytes('blob.bin', b'\\x00\\x01')
    """
    with atomic_write(path, "wb") as f:
        f.write(data)


def write_text(path, text):
    """Atomically replaces `path` with `text` (UTF-8).

        >>> write_text('checkpoint', 'model_checkpoint_path: "ckpt-1"\\n')
    """
    write_bytes(path, text.encode("utf-8"))
