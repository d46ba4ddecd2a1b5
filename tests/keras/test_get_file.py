"""tf.keras.utils.get_file against a local http.server: verified atomic downloads, the cache rules of
DESIGN.md ("Data"), tf-keras's error messages, and safe tar/zip extraction. No real network."""
import functools
import hashlib
import http.server
import io
import os
import socket
import stat
import tarfile
import threading
import urllib.request
import zipfile

import pytest

import numtf as tf
from numtf.keras.utils import data_utils

GOOD = b"numtf good payload\n" * 5000
GOOD_SHA256 = hashlib.sha256(GOOD).hexdigest()
GOOD_MD5 = hashlib.md5(GOOD).hexdigest()
OLD = b"the user's own copy\n" * 100


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the fixture folder; /half/<name> sends half of <name> under a full Content-Length and
    hangs up; /error/<code> answers with that HTTP status."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.requests.append(self.path)
        if self.path.startswith("/half/"):
            with open(os.path.join(self.directory, self.path[len("/half/"):]), "rb") as f:
                data = f.read()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        if self.path.startswith("/error/"):
            self.send_error(int(self.path.rsplit("/", 1)[1]), "Server exploded")
            return
        super().do_GET()


@pytest.fixture(scope="module")
def http_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("served")
    (root / "good.bin").write_bytes(GOOD)
    (root / "corrupt.bin").write_bytes(GOOD[:-10] + b"0123456789")
    handler = functools.partial(_Handler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", root, httpd.requests
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def server(http_server):
    """(base URL, served folder, request log) of an http.server on an ephemeral 127.0.0.1 port."""
    http_server[2].clear()
    return http_server


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """Forgets unreachable servers between tests; any fallback cache goes under tmp_path."""
    monkeypatch.setattr(data_utils, "_unreachable", {})
    fallback_tmp = tmp_path / "systmp"
    fallback_tmp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(fallback_tmp))
    return fallback_tmp


@pytest.fixture
def closed_port():
    """A local URL nothing listens on: connections are refused at once (the offline case)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _listing(folder):
    return sorted(os.listdir(folder))


def test_good_download_is_verified_and_in_place(server, tmp_path):
    url, _, _ = server
    path = tf.keras.utils.get_file("good.bin", url + "/good.bin", file_hash=GOOD_SHA256, cache_dir=tmp_path / "c")
    assert path == str(tmp_path / "c" / "datasets" / "good.bin")
    assert open(path, "rb").read() == GOOD
    assert _listing(tmp_path / "c" / "datasets") == ["good.bin"]  # no temporary file left


def test_cached_good_file_is_used_without_network(server, tmp_path):
    url, _, requests = server
    cache = tmp_path / "c"
    tf.keras.utils.get_file("good.bin", url + "/good.bin", file_hash=GOOD_SHA256, cache_dir=cache)
    assert len(requests) == 1
    again = tf.keras.utils.get_file("good.bin", url + "/good.bin", file_hash=GOOD_SHA256, cache_dir=cache)
    md5 = tf.keras.utils.get_file("good.bin", url + "/good.bin", md5_hash=GOOD_MD5, cache_dir=cache)
    no_hash = tf.keras.utils.get_file("good.bin", url + "/good.bin", cache_dir=cache)
    assert again == md5 == no_hash and len(requests) == 1


def test_keras_home_and_default_file_name(server, tmp_path, monkeypatch):
    url, _, _ = server
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    path = tf.keras.utils.get_file(origin=url + "/good.bin", cache_subdir="sub")
    assert path == str(tmp_path / "kh" / "sub" / "good.bin")
    assert data_utils.keras_home() == str(tmp_path / "kh")


def test_corrupt_download_beside_good_cached_file_keeps_it(server, tmp_path):
    url, _, _ = server
    folder = tmp_path / "c" / "datasets"
    folder.mkdir(parents=True)
    (folder / "data.bin").write_bytes(GOOD)
    # The expected hash is the cached file's, so the corrupt server file is never fetched...
    assert tf.keras.utils.get_file("data.bin", url + "/corrupt.bin", file_hash=GOOD_SHA256,
                                   cache_dir=tmp_path / "c") == str(folder / "data.bin")
    # ...and when the cached file is stale, a download that fails its hash doesn't replace it.
    expected = hashlib.sha256(b"something else").hexdigest()
    with pytest.warns(UserWarning) as record:
        path = tf.keras.utils.get_file("data.bin", url + "/corrupt.bin", file_hash=expected, cache_dir=tmp_path / "c")
    assert path == str(folder / "data.bin")
    assert (folder / "data.bin").read_bytes() == GOOD
    assert _listing(folder) == ["data.bin"]
    text = str(record[0].message)
    assert "Incomplete or corrupted file detected" in text and expected in text and GOOD_SHA256 in text


def test_stale_cached_file_and_no_network_is_used_with_warning(closed_port, tmp_path):
    folder = tmp_path / "c" / "datasets"
    folder.mkdir(parents=True)
    (folder / "mnist.npz").write_bytes(OLD)
    with pytest.warns(UserWarning) as record:
        path = tf.keras.utils.get_file("mnist.npz", closed_port + "/mnist.npz", file_hash=GOOD_SHA256,
                                       cache_dir=tmp_path / "c")
    assert path == str(folder / "mnist.npz")
    assert (folder / "mnist.npz").read_bytes() == OLD
    assert _listing(folder) == ["mnist.npz"]
    text = str(record[0].message)
    assert str(folder / "mnist.npz") in text and GOOD_SHA256 in text
    assert hashlib.sha256(OLD).hexdigest() in text and "URL fetch failure" in text


def test_stale_cached_file_is_replaced_by_a_verified_download(server, tmp_path):
    url, _, _ = server
    folder = tmp_path / "c" / "datasets"
    folder.mkdir(parents=True)
    (folder / "good.bin").write_bytes(OLD)
    path = tf.keras.utils.get_file("good.bin", url + "/good.bin", file_hash=GOOD_SHA256, cache_dir=tmp_path / "c")
    assert open(path, "rb").read() == GOOD and _listing(folder) == ["good.bin"]


def test_unreachable_server_is_not_retried(closed_port, tmp_path, monkeypatch):
    calls = []
    real_urlopen = urllib.request.urlopen
    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: calls.append(a) or real_urlopen(*a, **k))
    for name in ("a.bin", "b.bin"):
        with pytest.raises(Exception, match="URL fetch failure on " + closed_port):
            tf.keras.utils.get_file(name, f"{closed_port}/{name}", cache_dir=tmp_path)
    assert len(calls) == 1
    assert _listing(tmp_path / "datasets") == []


def test_no_cached_file_and_failing_server(server, closed_port, tmp_path):
    url, _, _ = server
    folder = tmp_path / "datasets"
    with pytest.raises(Exception) as err:
        tf.keras.utils.get_file("x.bin", url + "/error/500", cache_dir=tmp_path)
    assert type(err.value) is Exception
    assert str(err.value) == f"URL fetch failure on {url}/error/500: 500 -- Server exploded"
    with pytest.raises(Exception) as err:
        tf.keras.utils.get_file("x.bin", url + "/missing.bin", cache_dir=tmp_path)
    assert str(err.value) == f"URL fetch failure on {url}/missing.bin: 404 -- File not found"
    with pytest.raises(Exception) as err:
        tf.keras.utils.get_file("x.bin", closed_port + "/x.bin", cache_dir=tmp_path)
    assert str(err.value).startswith(f"URL fetch failure on {closed_port}/x.bin: None -- ")
    assert "refused" in str(err.value)
    with pytest.raises(ValueError, match="Incomplete or corrupted file detected. The auto file hash does not "
                                         "match the provided value of " + GOOD_SHA256):
        tf.keras.utils.get_file("x.bin", url + "/corrupt.bin", file_hash=GOOD_SHA256, cache_dir=tmp_path)
    assert _listing(folder) == []


def test_interrupted_download_replaces_nothing(server, tmp_path):
    url, _, _ = server
    folder = tmp_path / "c" / "datasets"
    with pytest.raises(Exception, match="retrieval incomplete: got only 47500 out of 95000 bytes"):
        tf.keras.utils.get_file("good.bin", url + "/half/good.bin", cache_dir=tmp_path / "c")
    assert _listing(folder) == []
    (folder / "good.bin").write_bytes(OLD)
    with pytest.warns(UserWarning, match="retrieval incomplete"):
        path = tf.keras.utils.get_file("good.bin", url + "/half/good.bin", file_hash=GOOD_SHA256,
                                       cache_dir=tmp_path / "c")
    assert open(path, "rb").read() == OLD and _listing(folder) == ["good.bin"]


def test_read_only_cache_falls_back_but_finds_the_users_file(server, tmp_path, isolated):
    url, _, _ = server
    folder = tmp_path / "ro" / "datasets"
    folder.mkdir(parents=True)
    (folder / "mine.bin").write_bytes(OLD)
    (folder / "good.bin").write_bytes(OLD)
    folder.chmod(0o555)
    try:
        assert tf.keras.utils.get_file("mine.bin", url + "/x", cache_dir=tmp_path / "ro") == str(folder / "mine.bin")
        # A stale file in the read-only folder: the verified download goes to <tmp>/.keras instead.
        path = tf.keras.utils.get_file("good.bin", url + "/good.bin", file_hash=GOOD_SHA256, cache_dir=tmp_path / "ro")
        assert path == str(isolated / ".keras" / "datasets" / "good.bin")
        assert open(path, "rb").read() == GOOD and (folder / "good.bin").read_bytes() == OLD
        assert tf.keras.utils.get_file("good.bin", "http://127.0.0.1:1/unused", file_hash=GOOD_SHA256,
                                       cache_dir=tmp_path / "ro") == path
    finally:
        folder.chmod(0o755)


def test_bad_arguments():
    with pytest.raises(ValueError, match='Please specify the "origin" argument'):
        tf.keras.utils.get_file("x")
    with pytest.raises(ValueError, match="Can't parse the file name from the origin provided"):
        tf.keras.utils.get_file(origin="http://127.0.0.1:1/")
    with pytest.raises(ValueError, match="Unknown hash_algorithm"):
        tf.keras.utils.get_file("x", "http://127.0.0.1:1/x", file_hash="ab", hash_algorithm="sha1")


# ---- extraction ---------------------------------------------------------------------------------

def _tar(path, entries, mode="w:gz"):
    """entries: (name, bytes) for files, (name, ('symlink'|'hardlink', target)), (name, 'dir'|'device')."""
    with tarfile.open(path, mode) as tar:
        for name, content in entries:
            info = tarfile.TarInfo(name)
            if content == "dir":
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            elif content == "device":
                info.type, info.devmajor, info.devminor = tarfile.CHRTYPE, 1, 3
                tar.addfile(info)
            elif isinstance(content, tuple):
                info.type = tarfile.SYMTYPE if content[0] == "symlink" else tarfile.LNKTYPE
                info.linkname = content[1]
                tar.addfile(info)
            else:
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))


def _zip(path, entries):
    with zipfile.ZipFile(path, "w") as zf:
        for name, content in entries:
            if isinstance(content, tuple) or content == "device":
                info = zipfile.ZipInfo(name)
                kind = stat.S_IFLNK if content != "device" else stat.S_IFCHR
                info.external_attr = (kind | 0o777) << 16
                zf.writestr(info, content[1] if content != "device" else b"")
            else:
                zf.writestr(name, content)


def _tree(folder):
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for n in dirnames + filenames:
            p = os.path.join(dirpath, n)
            out[os.path.relpath(p, folder)] = (os.readlink(p) if os.path.islink(p) else
                                               None if os.path.isdir(p) else open(p, "rb").read())
    return out


def test_extract_tar_and_zip(server, tmp_path):
    url, root, _ = server
    _tar(root / "pack.tar.gz", [("pack", "dir"), ("pack/a.txt", b"A"), ("pack/sub/b.txt", b"B"),
                                ("pack/link", ("symlink", "sub/b.txt")), ("pack/hard", ("hardlink", "pack/a.txt"))])
    _zip(root / "zpack.zip", [("zpack/", b""), ("zpack/c.txt", b"C"), ("zpack/d/e.txt", b"E")])
    cache = tmp_path / "c"
    archive = tf.keras.utils.get_file("pack.tar.gz", url + "/pack.tar.gz", extract=True, cache_dir=cache)
    assert archive == str(cache / "datasets" / "pack.tar.gz")
    assert _tree(cache / "datasets" / "pack") == {"a.txt": b"A", "sub": None, "sub/b.txt": b"B",
                                                  "link": "sub/b.txt", "hard": b"A"}
    tf.keras.utils.get_file("zpack.zip", url + "/zpack.zip", extract=True, cache_dir=cache)
    assert _tree(cache / "datasets" / "zpack") == {"c.txt": b"C", "d": None, "d/e.txt": b"E"}
    # untar: the '.tar.gz' is implied, and the extracted folder's path is returned.
    path = tf.keras.utils.get_file("pack", url + "/pack.tar.gz", untar=True, cache_dir=tmp_path / "u")
    assert path == str(tmp_path / "u" / "datasets" / "pack") and open(os.path.join(path, "a.txt")).read() == "A"
    assert sorted(os.listdir(tmp_path / "u" / "datasets")) == ["pack", "pack.tar.gz"]
    # Extracting again over the same tree replaces files and merges folders.
    tf.keras.utils.get_file("pack.tar.gz", url + "/pack.tar.gz", extract=True, cache_dir=cache)
    assert sorted(os.listdir(cache / "datasets")) == ["pack", "pack.tar.gz", "zpack", "zpack.zip"]


MALICIOUS = [  # (id, archive kinds, entries, error fragment)
    ("dotdot", "tar zip", [("ok.txt", b"fine"), ("../evil.txt", b"pwned")], "'..' component"),
    ("nested_dotdot", "tar zip", [("a/../../evil.txt", b"pwned")], "'..' component"),
    ("absolute", "tar zip", [("ok.txt", b"fine"), ("/tmp/numtf-evil-absolute.txt", b"pwned")], "absolute path"),
    ("symlink_out", "tar zip", [("link", ("symlink", "../..")), ("link/evil.txt", b"pwned")],
     "is a link to '../..', outside the target folder"),
    ("symlink_abs", "tar zip", [("link", ("symlink", "/etc"))], "absolute path '/etc'"),
    ("symlink_chain", "tar zip", [("x", ("symlink", "d/..")), ("d", ("symlink", ".")), ("x/evil.txt", b"pwned")],
     "would be written through a link outside the target folder"),
    ("symlink_late", "tar zip", [("x", ("symlink", "d/..")), ("d", ("symlink", "."))],
     "'x' is a link to 'd/..', outside the target folder"),
    ("hardlink_out", "tar", [("hard", ("hardlink", "../outside.txt"))], "hard link to '../outside.txt'"),
    ("hardlink_abs", "tar", [("hard", ("hardlink", "/etc/passwd"))], "hard link to '/etc/passwd'"),
    ("device", "tar zip", [("ok.txt", b"fine"), ("null", "device")], "'null' is a device file"),
]
CASES = [(kind,) + case[:1] + case[2:] for case in MALICIOUS for kind in case[1].split()]


@pytest.mark.parametrize("kind,case,entries,message", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_malicious_archives_are_refused(tmp_path, kind, case, entries, message):
    outer = tmp_path / "outer"
    cache = outer / "c"
    folder = cache / "datasets"
    folder.mkdir(parents=True)
    (folder / "existing.txt").write_bytes(b"keep me")
    archive = tmp_path / f"bad.{kind}"
    (_tar if kind == "tar" else _zip)(archive, entries)
    before = _tree(outer)
    with pytest.raises(ValueError, match=message) as err:
        tf.keras.utils.get_file("bad", archive.as_uri(), extract=True, cache_dir=cache)
    assert "Refusing to extract" in str(err.value)
    assert _tree(outer) == {**before, "c/datasets/bad": archive.read_bytes()}  # only the archive arrived
    assert not os.path.exists("/tmp/numtf-evil-absolute.txt")
    assert not (tmp_path / "evil.txt").exists() and not (outer / "evil.txt").exists()


def test_progress_bar_on_a_terminal(server, tmp_path, monkeypatch):
    url, _, _ = server

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    out = Terminal()
    monkeypatch.setattr("sys.stdout", out)
    tf.keras.utils.get_file("good.bin", url + "/good.bin", cache_dir=tmp_path)
    text = out.getvalue()
    assert f"Downloading data from {url}/good.bin" in text
    assert f"{len(GOOD)}/{len(GOOD)} [==============================]" in text


def test_no_progress_bar_in_logs(server, tmp_path, capsys):
    url, _, _ = server
    tf.keras.utils.get_file("good.bin", url + "/good.bin", cache_dir=tmp_path)
    assert capsys.readouterr().out == f"Downloading data from {url}/good.bin\n"
