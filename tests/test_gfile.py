"""tf.io.gfile and TF1's tf.compat.v1.gfile: file operations with TF's error types, atomic writes."""
import os

import pytest

import numtf as tf

gfile = tf.io.gfile


def test_write_read_and_listing(tmp_path):
    path = str(tmp_path / "sub" / "a.txt")
    gfile.makedirs(str(tmp_path / "sub"))
    with gfile.GFile(path, "w") as f:
        f.write("hi\n")
        f.write(b"there\n")
        assert not os.path.exists(path)  # written atomically: appears on close
    assert gfile.exists(path) and not gfile.isdir(path) and gfile.isdir(str(tmp_path / "sub"))
    with gfile.GFile(path) as f:
        assert list(f) == ["hi\n", "there\n"]
    with gfile.GFile(path, "rb") as f:
        assert f.read(2) == b"hi" and f.tell() == 2 and f.size() == 9
    with gfile.GFile(path, "a") as f:
        f.write("more")
    assert gfile.GFile(path).read().endswith("more")
    assert gfile.listdir(str(tmp_path / "sub")) == ["a.txt"]
    assert gfile.glob(str(tmp_path / "sub" / "*.txt")) == [path]
    assert gfile.stat(path).length == 13 and not gfile.stat(path).is_directory
    assert [(os.path.basename(d), files) for d, _, files in gfile.walk(str(tmp_path / "sub"))] == [("sub", ["a.txt"])]
    assert gfile.join("a", "b") == os.path.join("a", "b")


def test_a_failed_write_keeps_the_old_file(tmp_path):
    path = str(tmp_path / "keep.txt")
    with gfile.GFile(path, "w") as f:
        f.write("old")
    with pytest.raises(KeyError):
        with gfile.GFile(path, "w") as f:
            f.write("new, half written")
            raise KeyError("crash")
    assert gfile.GFile(path).read() == "old" and gfile.listdir(str(tmp_path)) == ["keep.txt"]


def test_copy_rename_remove_and_errors(tmp_path):
    a, b, c = (str(tmp_path / n) for n in "abc")
    with gfile.GFile(a, "wb") as f:
        f.write(b"data")
    gfile.copy(a, b)
    with pytest.raises(tf.errors.AlreadyExistsError):
        gfile.copy(a, b)
    gfile.copy(a, b, overwrite=True)
    gfile.rename(b, c)
    with pytest.raises(tf.errors.AlreadyExistsError):
        gfile.rename(a, c)
    gfile.remove(c)
    with pytest.raises(tf.errors.NotFoundError):
        gfile.remove(c)
    with pytest.raises(tf.errors.NotFoundError):
        gfile.listdir(str(tmp_path / "missing"))
    with pytest.raises(tf.errors.NotFoundError):
        gfile.GFile(str(tmp_path / "missing.txt")).read()
    with pytest.raises(tf.errors.PermissionDeniedError):
        gfile.GFile(a, "r").write("x")
    gfile.mkdir(str(tmp_path / "d"))
    with pytest.raises(tf.errors.AlreadyExistsError):
        gfile.mkdir(str(tmp_path / "d"))
    gfile.rmtree(str(tmp_path / "d"))
    assert not gfile.exists(str(tmp_path / "d"))


def test_tf1_names(tmp_path):
    g = tf.compat.v1.gfile
    path = str(tmp_path / "x.txt")
    with g.GFile(path, "w") as f:
        f.write("1")
    assert g.Exists(path) and g.ListDirectory(str(tmp_path)) == ["x.txt"] and g.Glob(path) == [path]
    g.MakeDirs(str(tmp_path / "y" / "z"))
    g.DeleteRecursively(str(tmp_path / "y"))
    assert not g.IsDirectory(str(tmp_path / "y"))
