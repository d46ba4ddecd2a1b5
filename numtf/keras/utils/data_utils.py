"""`tf.keras.utils.get_file`: the Keras download cache, with verified, atomic downloads.

The cache is `$KERAS_HOME` (default `~/.keras`), then `cache_subdir` (default 'datasets'). When
that folder can't be written, downloads go to `<tmp>/.keras/<cache_subdir>` instead (as Keras
does), but a file the user placed in the read-only folder is still found and used.

The rules (DESIGN.md, "Data"):
- a download goes to a temporary file beside its destination, is checked against `file_hash`,
  and only then moved into place with `os.replace`: the destination is never half-written;
- a cached file whose hash matches (or any cached file, when no hash is given) is used with no
  network access;
- a cached file whose hash differs triggers a fresh download; if that fails (no network, HTTP
  error, truncated or corrupt download), the cached file is kept and used, with a warning;
- with no cached file, a failed download raises `Exception("URL fetch failure on ...")` (as
  tf-keras does) or `ValueError` for a download that fails its hash; nothing is left behind.
A host that could not be reached is not contacted again by this process (each attempt would
otherwise cost a connection timeout when the machine is offline).

    >>> path = tf.keras.utils.get_file("mnist.npz", "https://example.com/mnist.npz")  # doctest: +SKIP
"""
import hashlib
import http.client
import os
import socket
import sys
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
import warnings

from .archive_utils import extract_archive
from .progbar import Progbar

__all__ = ["get_file", "validate_file", "keras_home"]

# Seconds. Connecting (and resolving the host name) fails fast so that an offline machine notices
# at once; once connected, a slow server gets longer between two chunks.
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 60.0
_CHUNK = 1 << 16
_ERROR_MSG = "URL fetch failure on {}: {} -- {}"

# (scheme, host:port) of servers this process failed to connect to -> the reason.
_unreachable = {}
_unreachable_lock = threading.Lock()


def keras_home():
    """The Keras cache root: `$KERAS_HOME` if set, else `~/.keras`."""
    return os.path.expanduser(os.environ.get("KERAS_HOME") or os.path.join("~", ".keras"))


def _hasher(algorithm, file_hash=None):
    if algorithm == "sha256" or (algorithm == "auto" and file_hash is not None and len(file_hash) == 64):
        return hashlib.sha256()
    if algorithm not in ("auto", "md5"):
        raise ValueError(f"Unknown hash_algorithm {algorithm!r}: expected 'auto', 'sha256' or 'md5'.")
    return hashlib.md5()


def _hash_file(fpath, hasher, chunk_size=65535):
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath, file_hash, algorithm="auto", chunk_size=65535):
    """True if the file's sha256 or md5 ('auto': by the length of `file_hash`) equals `file_hash`."""
    return _hash_file(fpath, _hasher(algorithm, file_hash), chunk_size) == str(file_hash)


def _writable_dir(path):
    """Creates `path` if needed; False if it can't be written, or its mode bits say no one may write it
    (root is let through by the kernel, but a folder made read-only, like a shared dataset copy, is
    meant to stay untouched)."""
    try:
        os.makedirs(path, exist_ok=True)
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return os.access(path, os.W_OK | os.X_OK) and bool(mode & 0o222)


def get_file(fname=None, origin=None, untar=False, md5_hash=None, file_hash=None, cache_subdir="datasets",
             hash_algorithm="auto", extract=False, archive_format="auto", cache_dir=None):
    """Downloads `origin` into the Keras cache unless a good copy is there; returns its path.

        >>> tf.keras.utils.get_file("a.txt", "http://127.0.0.1:8000/a.txt")  # doctest: +SKIP
        '/root/.keras/datasets/a.txt'
    """
    if origin is None:
        raise ValueError('Please specify the "origin" argument (URL of the file to download).')
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    if file_hash is not None:
        file_hash = str(file_hash).lower()
        _hasher(hash_algorithm, file_hash)  # rejects an unknown algorithm before any work
    base = os.path.expanduser(os.fspath(cache_dir)) if cache_dir is not None else keras_home()
    fname = os.fspath(fname) if fname else ""
    if not fname:
        fname = os.path.basename(urllib.parse.urlsplit(origin).path)
        if not fname:
            raise ValueError(f"Can't parse the file name from the origin provided: '{origin}'."
                             "Please specify the `fname` as the input param.")
    if untar and fname.endswith(".tar.gz"):
        fname = fname[:-len(".tar.gz")]
    suffix = ".tar.gz" if untar else ""

    # (datadir, archive or file path) pairs, the preferred one first; the last one is writable.
    places = []
    for root in (base, os.path.join(tempfile.gettempdir(), ".keras")):
        place = os.path.join(root, cache_subdir)
        places.append((place, os.path.join(place, fname) + suffix))
        if _writable_dir(os.path.dirname(places[-1][1])):
            break
    datadir, fpath = places[-1]
    hasher_for = (lambda: _hasher(hash_algorithm, file_hash)) if file_hash is not None else None

    found = _find_cached([p for _, p in places], file_hash, hasher_for)
    if found is not None and found[1] is None:
        fpath = found[0]
    else:
        if found is not None:
            print("A local file was found, but it seems to be incomplete or outdated because the "
                  f"{hash_algorithm} file hash does not match the original value of {file_hash} "
                  "so we will re-download the data.")
        try:
            _download(origin, fpath, file_hash, hash_algorithm, hasher_for)
        except Exception as e:
            if found is None:
                raise
            stale, actual, algorithm = found
            warnings.warn(
                f"Could not download a fresh copy of {stale} from {origin} ({e}). Using the local file "
                f"{stale} as it is, although its {algorithm} hash {actual} differs from the expected "
                f"{file_hash}.", UserWarning, stacklevel=2)
            fpath = stale

    if untar:
        for _, place_path in places:
            if os.path.exists(place_path[:-len(suffix)]):
                return place_path[:-len(suffix)]
        # Keras extracts the archive into the cache folder it lies in (or the writable one).
        here = next(d for d, p in places if p == fpath)
        if not _writable_dir(here):
            here = datadir
        extract_archive(fpath, here, archive_format="tar")
        return os.path.join(here, fname)
    if extract:
        extract_archive(fpath, datadir, archive_format)
    return fpath


def _find_cached(candidates, file_hash, hasher_for):
    """(path, None, None) for a usable cached file; (path, actual_hash, algorithm) for a stale one; or None."""
    stale = None
    for path in candidates:
        if not os.path.isfile(path):
            continue
        if file_hash is None:
            return path, None, None
        hasher = hasher_for()
        actual = _hash_file(path, hasher)
        if actual == file_hash:
            return path, None, None
        if stale is None:
            stale = (path, actual, hasher.name)
    return stale


def _download(origin, fpath, file_hash, hash_algorithm, hasher_for):
    """Fetches `origin` to a temporary file beside `fpath`, verifies it, and renames it into place."""
    response = _connect(origin)  # before touching the cache folder: offline, nothing is written
    with response:
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(fpath) + ".", suffix=".part",
                                   dir=os.path.dirname(fpath))
        try:
            hasher = hasher_for() if hasher_for is not None else None
            with os.fdopen(fd, "wb") as out:
                _fetch(origin, response, out, hasher)
                out.flush()
                os.fsync(out.fileno())
            if hasher is not None and hasher.hexdigest() != file_hash:
                raise ValueError(f"Incomplete or corrupted file detected. The {hash_algorithm} file hash does "
                                 f"not match the provided value of {file_hash}.")
            os.replace(tmp, fpath)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise


def _server_key(origin):
    parts = urllib.parse.urlsplit(origin)
    return parts.scheme, parts.netloc


def _connect(origin):
    """Opens `origin`; a failure to reach the server is remembered for the rest of the process."""
    key = _server_key(origin)
    with _unreachable_lock:
        reason = _unreachable.get(key)
    if reason is not None:
        raise Exception(_ERROR_MSG.format(origin, None, f"{reason} (not retried: this server could not be "
                                                        "reached earlier in this process)"))
    print(f"Downloading data from {origin}")
    try:
        _resolve(urllib.parse.urlsplit(origin))
        return urllib.request.urlopen(origin, timeout=CONNECT_TIMEOUT)
    except urllib.error.HTTPError as e:
        raise Exception(_ERROR_MSG.format(origin, e.code, e.msg)) from None
    except urllib.error.URLError as e:
        if isinstance(e.reason, OSError):
            with _unreachable_lock:
                _unreachable[key] = e.reason
        raise Exception(_ERROR_MSG.format(origin, e.errno, e.reason)) from None
    except (OSError, http.client.HTTPException) as e:  # e.g. a connect timeout, or a garbled reply
        with _unreachable_lock:
            _unreachable[key] = e
        raise Exception(_ERROR_MSG.format(origin, None, e)) from None


def _resolve(parts):
    """Resolves the host with a time limit: a dead DNS server can block getaddrinfo for a long time."""
    host = parts.hostname
    if not host or parts.scheme not in ("http", "https"):
        return
    if parts.scheme in urllib.request.getproxies() and not urllib.request.proxy_bypass(host):
        return  # the proxy resolves the name, and this machine may not be able to
    result = {}

    def lookup():
        try:
            socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM)
        except OSError as e:
            result["error"] = e

    thread = threading.Thread(target=lookup, daemon=True)
    thread.start()
    thread.join(CONNECT_TIMEOUT)
    if thread.is_alive():
        raise urllib.error.URLError(socket.timeout(f"timed out resolving {host}"))
    if "error" in result:
        raise urllib.error.URLError(result["error"])


def _fetch(origin, response, out, hasher):
    _set_read_timeout(response)
    length = response.headers.get("Content-Length")
    total = int(length) if length and length.isdigit() else None
    bar = Progbar(total) if sys.stdout.isatty() else None
    received = 0
    while True:
        try:
            chunk = response.read(_CHUNK)
        except (OSError, http.client.HTTPException) as e:  # reset, timeout, broken chunked encoding
            detail = f"retrieval interrupted after {received} bytes: {type(e).__name__}: {e}"
            raise Exception(_ERROR_MSG.format(origin, None, detail)) from None
        if not chunk:
            break
        out.write(chunk)
        if hasher is not None:
            hasher.update(chunk)
        received += len(chunk)
        if bar is not None:
            bar.update(received if total is None else min(received, total))
    if total is not None and received < total:
        raise Exception(_ERROR_MSG.format(
            origin, None, f"retrieval incomplete: got only {received} out of {total} bytes"))
    if bar is not None and total is None:
        bar.update(received, finalize=True)


def _set_read_timeout(response):
    try:
        response.fp.raw._sock.settimeout(READ_TIMEOUT)
    except AttributeError:  # not a plain socket-backed response (e.g. file: URLs)
        pass
