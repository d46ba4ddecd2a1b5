"""`tf.io.gfile`: TF's file API on the local file system, with TF's errors
(`tf.errors.NotFoundError` for a missing path, `AlreadyExistsError` where TF refuses to
overwrite). Files opened for writing are written atomically: a `GFile` in 'w' mode writes to a
temporary file that replaces the destination when it is closed, so a crash never leaves a
half-written file.

    >>> with tf.io.gfile.GFile('notes.txt', 'w') as f:
    ...     f.write('hello')
    >>> tf.io.gfile.exists('notes.txt')
    True
"""
import collections
import glob as _glob
import os
import shutil

from ..framework.errors import (AlreadyExistsError, FailedPreconditionError, InvalidArgumentError,
                                NotFoundError, PermissionDeniedError)
from .atomic import atomic_write

__all__ = ["GFile", "copy", "exists", "glob", "isdir", "join", "listdir", "makedirs", "mkdir", "remove",
           "rename", "rmtree", "stat", "walk", "get_registered_schemes"]

FileStatistics = collections.namedtuple("FileStatistics", ("length", "mtime_nsec", "is_directory"))


def _path(p):
    p = os.fspath(p)
    return p.decode() if isinstance(p, bytes) else p


def _os_error(e, path):
    """TF's error type for an OSError on `path`."""
    cls = {FileNotFoundError: NotFoundError, FileExistsError: AlreadyExistsError,
           PermissionError: PermissionDeniedError, NotADirectoryError: FailedPreconditionError,
           IsADirectoryError: FailedPreconditionError}.get(type(e), InvalidArgumentError)
    reason = {NotFoundError: "No such file or directory", AlreadyExistsError: "File exists"}.get(cls, e.strerror)
    return cls(None, None, f"{path}; {reason}")


class GFile:
    """A file like Python's, with TF's modes ('r', 'rb', 'w', 'wb', 'a', 'ab') and errors;
    'w' modes write atomically (the file appears, complete, on close).

        >>> with tf.io.gfile.GFile('data.bin', 'wb') as f:
        ...     f.write(b'...')
    """

    def __init__(self, name, mode="r"):
        if mode not in ("r", "rb", "w", "wb", "a", "ab"):
            raise InvalidArgumentError(None, None, f"mode is not 'r' or 'w' or 'a' or 'rb' or 'wb' or 'ab': {mode}")
        self.name = _path(name)
        self.mode = mode
        self._binary = "b" in mode
        self._atomic = None
        try:
            if mode.startswith("w"):
                self._atomic = atomic_write(self.name, "wb")
                self._file = self._atomic.__enter__()
            else:
                self._file = open(self.name, "rb" if mode.startswith("r") else "ab")
        except OSError as e:
            raise _os_error(e, self.name) from None

    def _bytes(self, data):
        return data.encode() if isinstance(data, str) else bytes(data)

    def _out(self, data):
        return data if self._binary else data.decode()

    def write(self, file_content):
        """Writes a str or bytes."""
        if self.mode.startswith("r"):
            raise PermissionDeniedError(None, None, "File isn't open for writing")
        self._file.write(self._bytes(file_content))

    def read(self, n=-1):
        """Up to `n` bytes (all by default): str in text mode, bytes in 'rb'."""
        self._readable()
        return self._out(self._file.read(n))

    def readline(self):
        self._readable()
        return self._out(self._file.readline())

    def readlines(self):
        self._readable()
        return [self._out(line) for line in self._file.readlines()]

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def _readable(self):
        if not self.mode.startswith("r"):
            raise PermissionDeniedError(None, None, "File isn't open for reading")

    def seek(self, offset=None, whence=0, position=None):
        self._file.seek(position if offset is None else offset, whence)

    def tell(self):
        return self._file.tell()

    def size(self):
        """The file's size in bytes."""
        return os.path.getsize(self.name) if self._atomic is None else self._file.tell()

    def flush(self):
        self._file.flush()

    def close(self):
        """Closes the file; a 'w' file replaces its destination now."""
        if self._atomic is not None:
            atomic, self._atomic = self._atomic, None
            atomic.__exit__(None, None, None)
        elif not self._file.closed:
            self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if self._atomic is not None and exc_type is not None:  # a failed write leaves the old file
            atomic, self._atomic = self._atomic, None
            atomic.__exit__(exc_type, exc, tb)
            return False
        self.close()
        return False


def exists(path):
    """Whether `path` exists."""
    return os.path.exists(_path(path))


def isdir(path):
    """Whether `path` is a directory."""
    return os.path.isdir(_path(path))


def join(path, *paths):
    """Joins path components (os.path.join)."""
    return os.path.join(_path(path), *map(_path, paths))


def listdir(path):
    """The names of the entries of directory `path` (NotFoundError if it does not exist)."""
    path = _path(path)
    if not os.path.isdir(path):
        raise NotFoundError(None, None, f"Could not find directory {path}")
    return os.listdir(path)


def glob(pattern):
    """The paths matching `pattern` (a string or a list of them), sorted."""
    patterns = [pattern] if isinstance(pattern, (str, bytes, os.PathLike)) else list(pattern)
    return sorted(p for pat in patterns for p in _glob.glob(_path(pat)))


def makedirs(path):
    """Creates `path` and its missing parents (nothing if it exists)."""
    try:
        os.makedirs(_path(path), exist_ok=True)
    except OSError as e:
        raise _os_error(e, _path(path)) from None


def mkdir(path):
    """Creates directory `path` (its parent must exist)."""
    try:
        os.mkdir(_path(path))
    except OSError as e:
        raise _os_error(e, _path(path)) from None


def remove(path):
    """Deletes file `path`."""
    try:
        os.remove(_path(path))
    except OSError as e:
        raise _os_error(e, _path(path)) from None


def rmtree(path):
    """Deletes directory `path` and everything in it."""
    path = _path(path)
    if not os.path.exists(path):
        raise NotFoundError(None, None, f"{path}; No such file or directory")
    shutil.rmtree(path)


def _check_target(dst, overwrite):
    if not overwrite and os.path.exists(dst):
        raise AlreadyExistsError(None, None, f"file already exists: {dst}")


def rename(src, dst, overwrite=False):
    """Renames `src` to `dst` (AlreadyExistsError if `dst` exists, unless `overwrite`)."""
    src, dst = _path(src), _path(dst)
    _check_target(dst, overwrite)
    try:
        os.replace(src, dst)
    except OSError as e:
        raise _os_error(e, src) from None


def copy(src, dst, overwrite=False):
    """Copies file `src` to `dst` (atomically; AlreadyExistsError if `dst` exists, unless `overwrite`)."""
    src, dst = _path(src), _path(dst)
    _check_target(dst, overwrite)
    try:
        with open(src, "rb") as f, atomic_write(dst) as out:
            shutil.copyfileobj(f, out)
    except OSError as e:
        raise _os_error(e, src) from None


def stat(path):
    """FileStatistics(length, mtime_nsec, is_directory) of `path`."""
    try:
        st = os.stat(_path(path))
    except OSError as e:
        raise _os_error(e, _path(path)) from None
    return FileStatistics(st.st_size, st.st_mtime_ns, os.path.isdir(_path(path)))


def walk(top, topdown=True, onerror=None):
    """(dirpath, subdirectory names, file names) for each directory under `top`, as os.walk."""
    yield from os.walk(_path(top), topdown=topdown, onerror=onerror)


def get_registered_schemes():
    """The URI schemes this file system understands: only local paths here."""
    return ["file"]
