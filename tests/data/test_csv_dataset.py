"""tf.data.experimental.CsvDataset, tf.io.decode_csv and tf.data.experimental.make_csv_dataset
against TensorFlow 2.21: every expected value and message below is what TF gave for the same
program (files written into tmp_path)."""
import gzip
import math

import numpy as np
import pytest

import numtf as tf

CSV = tf.data.experimental.CsvDataset
ERR = tf.errors.InvalidArgumentError

# (file bytes, record_defaults, kwargs, expected rows or the InvalidArgumentError message)
FILE_CASES = [
    (b"1\r\n2\r\n", [0], {}, [(1,), (2,)]),
    (b"1\n\n2\n", [0], {}, [(1,), (0,)] + [(2,)]),
    (b"1\n\n2\n", [tf.int32], {}, "Field 0 is required but missing in record!"),
    (b'"a\nb",1\n', ["", 0], {}, [(b"a\nb", 1)]),
    (b'"a""b",1\n', ["", 0], {}, [(b'a"b', 1)]),
    (b'a"b,1\n', ["", 0], {}, "Unquoted fields cannot have quotes inside"),
    (b'"ab"c,1\n', ["", 0], {}, "Reached end of file without closing quoted field in record"),
    (b'"ab"c"\n', [""], {}, "Quote inside a string has to be escaped by another quote"),
    (b'"a"', [""], {}, [(b"a",)]),
    (b'"a""', [""], {}, "Reached end of file without closing quoted field in record"),
    (b'"a"""', [""], {}, [(b'a"',)]),
    (b" 1\n1 \n+5\n-5\n", [0], {}, [(1,), (1,), (5,), (-5,)]),
    (b"1.0\n", [0], {}, "Field 0 in record is not a valid int32: 1.0"),
    (b"0x10\n", [0], {}, "Field 0 in record is not a valid int32: 0x10"),
    (b"1_0\n", [0.0], {}, "Field 0 in record is not a valid float: 1_0"),
    (b"2147483648\n", [0], {}, "Field 0 in record is not a valid int32: 2147483648"),
    (b"-2147483649\n", [tf.int64], {}, [(-2147483649,)]),
    (b"1e3,x\n", [tf.float64] * 2, {}, "Field 1 in record is not a valid double: x"),
    (b"1,2\n3\n", [0, 0], {}, "Expect 2 fields but have 1 in record"),
    (b"1,2,3,\n", [0, 0, 0], {}, "Expect 3 fields but have more in record"),
    (b"x,2,3\n", [0, 0], {}, "Field 0 in record is not a valid int32: x"),
    (b"1,\n", [0, 7], {}, "Field 1 is required but missing in record!"),
    (b",\n", [0, 5.0], {}, [(0, 5.0)]),
    (b"1", [0], {}, [(1,)]),
    (b"", [0], {}, []),
    (b"h\n", [0], {"header": True}, []),
    (b"", [0], {"header": True}, "Can't read header of file"),
    (b'a,"b\nc"\n1,2\n', [0, 0], {"header": True}, [(1, 2)]),
    (b"1\t\t2\n", [0, 0, 0], {"field_delim": "\t"}, [(1, 0, 2)]),
    (b'"1","2"\n', [0, 0], {"use_quote_delim": False}, 'Field 0 in record is not a valid int32: "1"'),
    (b'NA,2\n"NA",3\n', [0, 0], {"na_value": "NA"}, [(0, 2), (0, 3)]),
    (b'"",2\n', ["x", 0], {}, [(b"x", 2)]),
    (b'"",2\n', [tf.string, 0], {}, "Field 0 is required but missing in record!"),
    (b"a, b ,c \n", [""] * 3, {}, [(b"a", b" b ", b"c ")]),
    (b"1,2,3,4\n", [0, 0], {"select_cols": [0, 2]}, [(1, 3)]),
    (b"1,2,x\n", [0, 0], {"select_cols": [0, 2]}, "Field 1 in record is not a valid int32: x"),
    (b"1,2\n", [0, 0], {"select_cols": [0, 2]}, "Expect 2 fields but have 1 in record"),
    (b'1,2,x"\n', [0, 0], {"select_cols": [0, 1]}, "Unquoted fields cannot have quotes inside"),
    (b"1,2,3\n", [0], {"exclude_cols": [0, 2]}, [(2,)]),
    (b"1,2,3\n", [0], {"exclude_cols": [1]}, "Expect 1 fields but have more in record"),
    (b"1,2\n3\n", [0], {"exclude_cols": [1]}, [(1,), (3,)]),
    (b"1,x\r\n2,y\r", [0, ""], {}, [(1, b"x"), (2, b"y")]),
    (b"1e39,1e-50,0x1p3,nan(1),Infinity, 1.5\n", [0.0] * 6, {}, [(math.inf, 0.0, 8.0, math.nan, math.inf, 1.5)]),
]


def _rows(ds):
    return [tuple(x.item() if isinstance(x, np.generic) else x for x in row) for row in ds.as_numpy_iterator()]


@pytest.mark.parametrize("content,defaults,kwargs,expected", FILE_CASES)
def test_csv_dataset_records(tmp_path, content, defaults, kwargs, expected):
    p = tmp_path / "t.csv"
    p.write_bytes(content)
    ds = CSV(str(p), defaults, **kwargs)
    if isinstance(expected, str):
        with pytest.raises(ERR) as e:
            list(ds)
        assert str(e.value) == expected
    else:
        got = _rows(ds)
        assert len(got) == len(expected)
        for g, w in zip(got, expected):
            np.testing.assert_equal(g, w)


@pytest.mark.parametrize("kwargs,message", [
    ({"select_cols": [1, 0]}, "select_cols should be strictly increasing indices"),
    ({"select_cols": [-1, 0]}, "select_cols should be non-negative indices"),
    ({"select_cols": [0]}, "select_cols should match output size"),
    ({"select_cols": [0, 1], "exclude_cols": [2]}, "Either select_cols or exclude_cols should be empty"),
    ({"exclude_cols": [1, 1]}, "exclude_cols should be strictly increasing indices"),
    ({"field_delim": ";;"}, "field_delim should be only 1 char"),
    ({"buffer_size": 0}, "buffer_size should be positive"),
    ({"compression_type": "BAD"}, "Unsupported compression_type: BAD."),
])
def test_csv_dataset_argument_errors(kwargs, message):
    with pytest.raises(ERR) as e:
        CSV("a.csv", [0, 0], **kwargs)
    assert str(e.value) == message


def test_csv_dataset_record_defaults_and_spec(tmp_path):
    def spec(rd):
        return [s.dtype.name for s in CSV("x.csv", rd).element_spec]
    # TF compares each default with the accepted dtypes, and a DType equals its enum number
    assert spec([1, 2, 3, 7, 9, 0, 5, True, 1.0, "1", [1], []]) == [
        "float32", "float64", "int32", "string", "int64", "int32", "int32", "float32", "float32", "string",
        "int32", "float32"]
    assert spec([tf.constant(1, tf.int64), np.float64(0.5)]) == ["int64", "float64"]
    with pytest.raises(ERR, match="Value for attr 'output_types' of bool is not in the list of allowed values: "
                                  "float, double, int32, int64, string"):
        CSV("x.csv", [False])
    with pytest.raises(ValueError, match=r"Attempt to convert a value \(tf.bool\)"):
        CSV("x.csv", [tf.bool])
    p = tmp_path / "a.csv"
    p.write_text('a,b,c\n1,2.5,x\n3,,"y,z"\n"4",5,""\n')
    ds = CSV(str(p), [tf.int32, 0.0, ""], header=True)
    assert repr(ds) == ("<CsvDatasetV2 element_spec=(TensorSpec(shape=(), dtype=tf.int32, name=None), "
                        "TensorSpec(shape=(), dtype=tf.float32, name=None), TensorSpec(shape=(), dtype=tf.string, "
                        "name=None))>")
    assert int(ds.cardinality()) == -2
    assert _rows(ds) == [(1, 2.5, b"x"), (3, 0.0, b"y,z"), (4, 5.0, b"")]
    assert int(ds.map(lambda a, b, c: a * 2).reduce(np.int32(0), lambda s, x: s + x)) == 16
    batch = next(iter(ds.batch(2)))
    assert batch[0].shape.as_list() == [2] and batch[2].dtype == tf.string


def test_csv_dataset_files_and_errors(tmp_path):
    (tmp_path / "g.csv.gz").write_bytes(gzip.compress(b"1,2\n3,4"))
    (tmp_path / "a.csv").write_bytes(b"5,6\n")
    files = [str(tmp_path / "g.csv.gz")]
    assert _rows(CSV(files, [0, 0], compression_type="GZIP")) == [(1, 2), (3, 4)]
    assert _rows(CSV([str(tmp_path / "a.csv")] * 2, [0, 0])) == [(5, 6), (5, 6)]
    with pytest.raises(tf.errors.NotFoundError, match="nope.csv; No such file or directory"):
        list(CSV(str(tmp_path / "nope.csv"), [0]))
    with pytest.raises(ValueError, match="Attempt to convert a value"):
        CSV(tf.data.Dataset.from_tensor_slices(files), [0])
    # an error leaves the iterator usable, so ignore_errors drops just the bad records
    (tmp_path / "b.csv").write_bytes(b"1\nx\n3\n")
    assert _rows(CSV(str(tmp_path / "b.csv"), [0]).ignore_errors()) == [(1,), (3,)]


DECODE_CASES = [
    ('"ab', "Quoted field has to end with quote followed by delim or end"),
    ('"ab"c,d', "Quote inside a string has to be escaped by another quote"),
    ('"a""', "Quoted field has to end with quote followed by delim or end"),
    ('"a"""', [b'a"']),
    ('""""', [b'"']),
    ('"a",', [b"a", b""]),
    (",,", [b"", b"", b""]),
    ('"a,b",c', [b"a,b", b"c"]),
    ('"a"",b",c', [b'a",b', b"c"]),
    ('"a\r"', [b"a\r"]),
    ("a\rb", "Unquoted fields cannot have quotes/CRLFs inside"),
    ('"a",b"', "Unquoted fields cannot have quotes/CRLFs inside"),
    ('"a" ', "Quote inside a string has to be escaped by another quote"),
]


@pytest.mark.parametrize("record,expected", DECODE_CASES)
def test_decode_csv_quoting(record, expected):
    n = len(expected) if isinstance(expected, list) else (2 if "," in record else 1)
    if isinstance(expected, str):
        with pytest.raises(ERR) as e:
            tf.io.decode_csv([record], [[""]] * n)
        assert str(e.value).startswith(expected)
    else:
        assert [t.numpy()[0] for t in tf.io.decode_csv([record], [[""]] * n)] == expected


def test_decode_csv_values_shapes_and_errors():
    a, b, c = tf.io.decode_csv(["1,2.5,x", '3,,"y,z"'], [[0], [0.0], [""]])
    assert repr(a) == "<tf.Tensor: shape=(2,), dtype=int32, numpy=array([1, 3], dtype=int32)>"
    assert b.numpy().tolist() == [2.5, 0.0] and c.numpy().tolist() == [b"x", b"y,z"]
    out = tf.io.decode_csv([["1,2"], ["3,4"]], [[0], [0]])
    assert out[0].shape.as_list() == [2, 1] and out[1].numpy().tolist() == [[2], [4]]
    assert tf.io.decode_csv("1,2.5", [[0], [0.0]])[1].shape.as_list() == []
    assert [t.dtype.name for t in tf.io.decode_csv(["1,2"], [[np.int64(1)], tf.constant([1.5], tf.float64)])] \
        == ["int32", "float64"]
    assert tf.io.decode_csv(["1,2,3,\"x"], [[0], [0]], select_cols=[0, 1])[1].numpy().tolist() == [2]
    assert tf.io.decode_csv([], [[0]])[0].shape.as_list() == [0]
    assert tf.compat.v1.decode_csv(["1,2"], [[0], [0]])[0].numpy().tolist() == [1]
    for args, kwargs, msg in [
            ((["1,"], [[], []]), {}, "Field 1 is required but missing in record 0!"),
            ((["1,"], [[0], [[1]]]), {}, "Each record default should be at most rank 1"),
            ((["1,"], [[0], [1, 2]]), {}, "There should only be 1 default per field but field 1 has 2"),
            ((["1,2", "3,x"], [[0], [0]]), {}, "Field 1 in record 1 is not a valid int32: x"),
            ((["1"], [[0], [0]]), {}, "Expect 2 fields but have 1 in record 0"),
            ((["1,2,3"], [[0], [0]]), {}, "Expect 2 fields but have 3 in record 0"),
            (([""], [[0]]), {}, "Expect 1 fields but have 0 in record 0"),
            ((["1,2"], [[0], [0]]), {"select_cols": [0, 3]}, "Expect 2 fields but have 1 in record 0"),
            ((["1;2"], [[0], [0]]), {"field_delim": ";;"}, "field_delim should be only 1 char"),
            ((["1,2"], [[0], [True]]), {}, "Value for attr 'OUT_TYPE' of bool is not in the list of allowed")]:
        with pytest.raises(ERR) as e:
            tf.io.decode_csv(*args, **kwargs)
        assert str(e.value).startswith(msg), (args, str(e.value))
    for kwargs, msg in [({"select_cols": [2, 0]}, "select_cols is not strictly increasing."),
                        ({"select_cols": [-1, 0]}, "select_cols contains negative values."),
                        ({"select_cols": [0]}, "Length of select_cols and record_defaults do not match.")]:
        with pytest.raises(ValueError, match=msg):
            tf.io.decode_csv(["1,2,3"], [[0], [0]], **kwargs)
    with pytest.raises(ValueError, match=r"Attempt to convert a value \(tf.int32\)"):
        tf.io.decode_csv(["1,2"], [tf.int32, tf.int32])


def test_decode_csv_in_map_and_function(tmp_path):
    ds = tf.data.Dataset.from_tensor_slices(["1,2.5", "3,4"]).map(lambda s: tf.io.decode_csv(s, [[0], [0.0]]))
    assert repr(ds.element_spec) == ("(TensorSpec(shape=(), dtype=tf.int32, name=None), "
                                     "TensorSpec(shape=(), dtype=tf.float32, name=None))")
    assert _rows(ds) == [(1, 2.5), (3, 4.0)]
    batched = tf.data.Dataset.from_tensor_slices(["1,2.5", "3,4"]).batch(2).map(
        lambda s: tuple(tf.io.decode_csv(s, [[0], [0.0]])))
    assert [x.tolist() for x in next(batched.as_numpy_iterator())] == [[1, 3], [2.5, 4.0]]
    with pytest.raises(ERR, match="Field 1 in record 0 is not a valid float: x"):
        tf.function(lambda s: tf.io.decode_csv(s, [[0], [0.0]]))(tf.constant(["1,x"]))


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return str(p)


def test_make_csv_dataset_types_and_structure(tmp_path):
    m = _write(tmp_path, "m.csv", 'a,b,c,d,label\n1,2.5,x,,0\n3,4,"y",7,1\n5,6.5,z,8,0\n')
    M = tf.data.experimental.make_csv_dataset
    ds = M(m, 2, shuffle=False, num_epochs=1, label_name="label")
    assert repr(ds) == (
        "<_PrefetchDataset element_spec=(OrderedDict([('a', TensorSpec(shape=(None,), dtype=tf.int32, name=None)), "
        "('b', TensorSpec(shape=(None,), dtype=tf.float32, name=None)), ('c', TensorSpec(shape=(None,), "
        "dtype=tf.string, name=None)), ('d', TensorSpec(shape=(None,), dtype=tf.int32, name=None))]), "
        "TensorSpec(shape=(None,), dtype=tf.int32, name=None))>")
    (f1, l1), (f2, l2) = list(ds.as_numpy_iterator())
    assert list(f1) == ["a", "b", "c", "d"] and type(f1).__name__ == "OrderedDict"
    assert f1["b"].tolist() == [2.5, 4.0] and f1["c"].tolist() == [b"x", b"y"] and f1["d"].tolist() == [0, 7]
    assert l1.tolist() == [0, 1] and f2["a"].tolist() == [5] and l2.tolist() == [0]
    assert list(M(m, 2, shuffle=False, num_epochs=1, select_columns=["label", "a"]).element_spec) == ["a", "label"]
    assert repr(M(m, 2).element_spec["a"]) == "TensorSpec(shape=(2,), dtype=tf.int32, name=None)"
    assert [int(M(m, 2, num_epochs=e).cardinality()) for e in (1, None, 0)] == [-2, -1, 0]
    q = _write(tmp_path, "q.csv", "a,b,c,d,e,f,g,h,i,j,k\n"
                                  '1_0, 1,nan,0x10,1e400,99999999999999999999,inf,-5,"1,5",1.0,3000000000\n')
    spec = M(q, 3, num_epochs=1, shuffle=False).element_spec
    assert [s.dtype.name for s in spec.values()] == ["int32", "int32", "string", "string", "string", "float32",
                                                    "string", "int32", "string", "float32", "int64"]


def test_make_csv_dataset_files_order_and_errors(tmp_path):
    M = tf.data.experimental.make_csv_dataset
    m = _write(tmp_path, "m.csv", "a,b\n1,2\n3,4\n5,6\n")
    m2 = _write(tmp_path, "m2.csv", "a,b\n7,8\n9,10\n")

    def col(ds):
        return [x["a"].tolist() for x in ds.as_numpy_iterator()]
    assert col(M(m, 2, num_epochs=2, shuffle=False)) == [[1, 3], [5, 1], [3, 5]]
    assert col(M([m2, m], 2, num_epochs=1, shuffle=False)) == [[1, 3], [5, 7], [9]]
    assert col(M(str(tmp_path / "m*.csv"), 2, num_epochs=1, shuffle=False, num_parallel_reads=2)) \
        == [[1, 7], [3, 9], [5]]
    assert sorted(sum(col(M(m, 2, num_epochs=1, shuffle_seed=3)), [])) == [1, 3, 5]
    o = _write(tmp_path, "o.csv", "i,f\n1,2\n2,x\n3,4\n")
    assert [x["f"].tolist() for x in M(o, 5, num_epochs=1, shuffle=False, num_rows_for_inference=1,
                                       ignore_errors=True).as_numpy_iterator()] == [[2, 4]]
    with pytest.raises(ERR, match="Field 1 in record is not a valid int32: x"):
        list(M(o, 5, num_epochs=1, shuffle=False, num_rows_for_inference=1))
    _write(tmp_path, "e.csv", "")
    for kwargs, msg in [
            ({"label_name": "nope"}, "`label_name` provided must be one of the columns: ['a', 'b']. Received: nope."),
            ({"select_columns": ["nope"]}, "Column nope specified in `select_columns` must be of one of the "
                                           "columns: dict_keys(['a', 'b'])."),
            ({"select_columns": [5]}, "Column index 5 specified in `select_columns` should be > 0  and <= 2, "
                                      "which is the number of columns."),
            ({"select_columns": ["a", "a"]}, "The `select_columns` argument contains duplicate columns: set()."),
            ({"column_names": ["x", "x"]}, "Either `column_names` argument or CSV header row contains duplicate "
                                           "column names: {'x'}."),
            ({"column_names": ["a"]}, "Problem inferring types: CSV row 2 has 2 number of fields. Expected: 1."),
            ({"header": False}, "Expected `column_names` or `header` arguments. Neither is provided."),
            ({"select_columns": ["b"], "column_defaults": [0.0, 0]},
             "If specified, `column_defaults` and `select_columns` must have the same length: `column_defaults` "
             "has length 2, `select_columns` has length 1.")]:
        with pytest.raises(ValueError) as e:
            M(m, 2, num_epochs=1, shuffle=False, **kwargs)
        assert str(e.value) == msg
    with pytest.raises(ValueError, match="Failed when reading the header line of .*e.csv. Is it an empty file?"):
        M(str(tmp_path / "e.csv"), 2)
    with pytest.raises(ValueError, match="No files match `file_pattern`"):
        M(str(tmp_path / "zz*.csv"), 2)
    with pytest.raises(ValueError, match="All input CSV files should have the same column names"):
        M([m, _write(tmp_path, "n.csv", "x,y\n1,2\n")], 2)
    na = _write(tmp_path, "na.csv", "a,b\nNA,x\n2,NA\n")
    (got,) = list(M(na, 2, na_value="NA", shuffle=False, num_epochs=1).as_numpy_iterator())
    assert got["a"].tolist() == [0, 2] and got["b"].tolist() == [b"x", b""]


def test_tf1_decode_csv_takes_name_before_na_value():
    import inspect
    expected = "(records, record_defaults, field_delim=',', use_quote_delim=True, name=None, na_value='', select_cols=None)"
    assert str(inspect.signature(tf.compat.v1.decode_csv)) == expected
    assert str(inspect.signature(tf.compat.v1.io.decode_csv)) == expected
    a, b = tf.compat.v1.decode_csv(["1,NA"], [[0], ["x"]], ",", True, "parse", "NA")
    assert a.numpy().tolist() == [1] and b.numpy().tolist() == [b"x"]
