"""einsum, tensordot, matvec, transposes, diagonals, trace, band_part, inv, det, norms.

Golden values, shapes, gradients and error messages were checked in real TensorFlow 2.21."""
import numpy as np
import pytest

import numtf as tf
from helpers import check_gradients, check_graph

rng = np.random.default_rng(11)
IAE = tf.errors.InvalidArgumentError
A = [[1., 2.], [3., 4.]]


def r(*shape):
    return rng.standard_normal(shape)


# -- einsum ------------------------------------------------------------------------------------------
EINSUM_CASES = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("ij,jk", [(2, 3), (3, 4)]),                          # implicit output
    ("ij->ji", [(2, 3)]),
    ("ii->i", [(3, 3)]),                                  # diagonal
    ("ii", [(3, 3)]),                                     # trace
    ("iij->j", [(2, 2, 3)]),
    ("ij->", [(2, 3)]),
    ("ij,j->i", [(2, 3), (3,)]),
    ("i,j->ij", [(2,), (3,)]),                            # outer product
    ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]),
    ("...ij,...jk->...ik", [(2, 1, 2, 3), (5, 3, 4)]),    # ellipsis broadcasting
    ("...ij,jk->...ik", [(2, 3), (3, 4)]),                # empty ellipsis
    ("i...,i...->...", [(3, 2, 1), (3, 1, 4)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),           # three operands
    ("ijk,k->i", [(2, 3, 4), (4,)]),                      # j summed in one operand only
    ("ii,ij->j", [(3, 3), (3, 2)]),
    ("bhqd,bhkd->bhqk", [(2, 2, 3, 4), (2, 2, 5, 4)]),    # attention scores
]


@pytest.mark.parametrize("equation,shapes", EINSUM_CASES)
def test_einsum_values_gradients_graph(equation, shapes):
    xs = [r(*s) for s in shapes]
    out = tf.einsum(equation, *[x.astype(np.float32) for x in xs])
    assert out.dtype == tf.float32
    np.testing.assert_allclose(out.numpy(), np.einsum(equation, *xs), rtol=1e-5, atol=1e-5)
    check_gradients(lambda *ts: tf.einsum(equation, *ts), *xs)
    check_graph(lambda *ts: tf.einsum(equation, *ts), *[x.astype(np.float32) for x in xs])


@pytest.mark.parametrize("equation,shapes", [("ij,jk->ik", [(2, 3), (3, 2)]), ("ii->i", [(3, 3)]),
                                             ("...ij,...jk->...ik", [(2, 1, 2, 3), (3, 3, 2)])])
def test_einsum_second_order(equation, shapes):
    xs = [r(*s) for s in shapes]

    def first(*ts):
        with tf.GradientTape() as tape:
            tape.watch(ts)
            y = tf.reduce_sum(tf.square(tf.einsum(equation, *ts)))
        return tape.gradient(y, list(ts))
    check_gradients(first, *xs)


def test_einsum_goldens_and_errors():
    assert tf.einsum("ij->ji", tf.constant([[1, 2]])).numpy().tolist() == [[1], [2]]
    assert tf.einsum("ii", tf.ones([3, 3])).numpy() == 3.0
    assert tf.einsum("...ij,...jk->...ik", tf.ones([2, 1, 2, 3]), tf.ones([5, 3, 4])).shape == (2, 5, 2, 4)
    x = tf.constant(A)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.einsum("ii->", x)
    assert tape.gradient(y, x).numpy().tolist() == [[1, 0], [0, 1]]
    with pytest.raises(IAE, match=r"Expected dimension 3 at axis 0 of the input shaped \[4,4\] but got dimension 4"):
        tf.einsum("ij,jk->ik", tf.ones([2, 3]), tf.ones([4, 4]))
    with pytest.raises(IAE, match=r"Expected dimension 1 at axis 0 of the input shaped \[4,3,4\]"):
        tf.einsum("bij,bjk->bik", tf.ones([1, 2, 3]), tf.ones([4, 3, 4]))
    with pytest.raises(IAE, match="cannot compute Einsum as input #1"):
        tf.einsum("i,i->", tf.ones([3]), tf.ones([3], tf.float64))
    with pytest.raises(ValueError):
        tf.einsum("ij,jk->ik", tf.ones([2, 3]))


def test_einsum_large_operands_use_blas_path():
    a, b = r(40, 30, 20).astype(np.float32), r(20, 50).astype(np.float32)
    out = tf.einsum("abc,cd->abd", a, b)
    assert out.dtype == tf.float32
    np.testing.assert_allclose(out.numpy(), np.einsum("abc,cd->abd", a, b), rtol=1e-4, atol=1e-4)


# -- tensordot, matvec, matmul, transposes -------------------------------------------------------------
@pytest.mark.parametrize("shapes,axes", [
    (((2, 3), (3, 4)), 1), (((2, 3, 4), (4, 5)), 1), (((2, 3, 4), (3, 4, 5)), 2), (((2, 3), (4,)), 0),
    (((2, 3), (2, 3)), [[0], [0]]), (((2, 3, 4), (4, 3, 5)), [[1, 2], [1, 0]]), (((3,), (3,)), 1),
    (((2, 3), (3, 2)), [1, 0]),
])
def test_tensordot(shapes, axes):
    a, b = r(*shapes[0]), r(*shapes[1])
    ax = axes if isinstance(axes, int) else (axes if np.ndim(axes[0]) else ([axes[0]], [axes[1]]))
    expected = np.tensordot(a, b, ax)
    out = tf.tensordot(a.astype(np.float32), b.astype(np.float32), axes)
    assert out.dtype == tf.float32 and out.shape == expected.shape
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-5, atol=1e-5)
    check_gradients(lambda x, y: tf.tensordot(x, y, axes), a, b)
    check_graph(lambda x, y: tf.tensordot(x, y, axes), a, b)  # float64: the unknown-dims graph takes another path


def test_tensordot_keras_dense_case_in_graph():
    from numtf.graph.graph import Graph, run
    g = Graph()
    x = r(4, 5, 3).astype(np.float32)
    k = r(3, 2).astype(np.float32)
    with g.as_default():
        ph = g.placeholder(tf.float32, [None, 5, 3])
        y = tf.tensordot(ph, tf.constant(k), [[2], [0]])
    assert y.shape.as_list() == [None, 5, 2]
    assert [n.op.name for n in g.nodes].count("MatMul") == 1
    np.testing.assert_allclose(run(g, [y], {ph: x})[0], np.tensordot(x, k, 1), rtol=1e-5)


def test_tensordot_goldens_and_errors():
    assert tf.tensordot(A, A, [[0], [1]]).numpy().tolist() == [[7, 15], [10, 22]]
    assert tf.tensordot(A, A, 0).shape == (2, 2, 2, 2)
    assert tf.tensordot([1., 2.], [3., 4.], 1).numpy() == 11.0
    with pytest.raises(ValueError, match="`axes` must not be larger than the number of dimensions"):
        tf.tensordot(A, A, 3)
    with pytest.raises(IAE, match=r"Matrix size-incompatible: In\[0\]: \[2,2\], In\[1\]: \[3,2\]"):
        tf.tensordot(tf.constant(A), tf.ones([3, 2]), [[1], [0]])


def test_matvec_and_transposes():
    assert tf.linalg.matvec(A, [1., 1.]).numpy().tolist() == [3, 7]
    assert tf.linalg.matvec(A, [1., 1.], transpose_a=True).numpy().tolist() == [4, 6]
    check_gradients(lambda a, b: tf.linalg.matvec(a, b), r(2, 3, 4), r(4))
    check_graph(lambda a, b: tf.linalg.matvec(a, b, transpose_a=True), r(2, 4, 3).astype(np.float32), r(2, 4).astype(np.float32))
    assert tf.linalg.matrix_transpose(tf.ones([2, 3, 4])).shape == (2, 4, 3)
    assert tf.linalg.transpose is tf.linalg.matrix_transpose
    assert tf.linalg.adjoint(tf.ones([2, 3])).shape == (3, 2)
    check_gradients(lambda a: tf.linalg.matrix_transpose(a), r(2, 3, 4))
    assert tf.linalg.matmul is tf.matmul
    with pytest.raises(ValueError, match="rank >= 2"):
        tf.linalg.matrix_transpose([1., 2.])


# -- diagonals, trace, band_part -------------------------------------------------------------------------
def test_diag_family_goldens():
    assert tf.linalg.diag([1., 2.]).numpy().tolist() == [[1, 0], [0, 2]]
    assert tf.linalg.diag([1, 2], k=1).numpy().tolist() == [[0, 1, 0], [0, 0, 2], [0, 0, 0]]
    assert tf.linalg.diag([[1, 2]], num_rows=3).numpy().tolist() == [[[1, 0], [0, 2], [0, 0]]]
    assert tf.linalg.diag([1, 2], padding_value=9).numpy().tolist() == [[1, 9], [9, 2]]
    m = tf.reshape(tf.range(6.), [2, 3])
    assert tf.linalg.diag_part(m).numpy().tolist() == [0, 4]
    assert tf.linalg.diag_part(m, k=1).numpy().tolist() == [1, 5]
    assert tf.linalg.diag_part(m, k=-1).numpy().tolist() == [3]
    assert tf.linalg.set_diag(tf.zeros([2, 2]), [1., 2.]).numpy().tolist() == [[1, 0], [0, 2]]
    assert tf.linalg.trace(A).numpy() == 5.0
    assert tf.linalg.trace(tf.ones([2, 2, 3])).numpy().tolist() == [2, 2]


@pytest.mark.parametrize("k", [0, 1, -1])
def test_diag_family_gradients_and_graph(k):
    check_gradients(lambda d: tf.linalg.diag(d, k=k), r(2, 3))
    check_gradients(lambda x: tf.linalg.diag_part(x, k=k), r(2, 3, 4))
    check_gradients(lambda x, d: tf.linalg.set_diag(x, d, k=k), r(3, 3), r(3 - abs(k)))
    check_graph(lambda d: tf.linalg.diag(d, k=k), r(2, 3).astype(np.float32), unknown_dims=False)
    check_graph(lambda x: tf.linalg.diag_part(x, k=k), r(2, 3, 4).astype(np.float32))
    check_graph(lambda x: tf.linalg.trace(x), r(2, 3, 3).astype(np.float32))
    check_gradients(lambda x: tf.linalg.trace(x), r(2, 3, 3))


def test_band_part():
    assert tf.linalg.band_part(tf.ones([3, 3]), 0, -1).numpy().tolist() == [[1, 1, 1], [0, 1, 1], [0, 0, 1]]
    assert tf.linalg.band_part(tf.ones([3, 4]), 1, 0).numpy().tolist() == [[1, 0, 0, 0], [1, 1, 0, 0], [0, 1, 1, 0]]
    assert tf.linalg.band_part(tf.constant([[True, True], [True, True]]), 0, 0).numpy().tolist() == [[True, False], [False, True]]
    check_gradients(lambda x: tf.linalg.band_part(x, 1, 0), r(2, 3, 4))
    check_graph(lambda x: tf.linalg.band_part(x, -1, 0), r(3, 3).astype(np.float32))


# -- inverse, determinant ----------------------------------------------------------------------------------
def test_inv_det():
    inv = tf.linalg.inv(tf.constant(A))
    assert inv.dtype == tf.float32
    np.testing.assert_allclose(inv.numpy(), [[-2, 1], [1.5, -0.5]], rtol=1e-5)
    np.testing.assert_allclose(tf.linalg.inv(A, adjoint=True).numpy(), np.linalg.inv(np.array(A).T), rtol=1e-5)
    d = tf.linalg.det(tf.constant(A))
    assert d.dtype == tf.float32
    np.testing.assert_allclose(d.numpy(), -2.0, rtol=1e-5)
    x = tf.constant(A)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        dd, ii = tf.linalg.det(x), tf.linalg.inv(x)
    np.testing.assert_allclose(tape.gradient(dd, x).numpy(), [[4, -3], [-2, 1]], rtol=1e-5)
    np.testing.assert_allclose(tape.gradient(ii, x).numpy(), [[-0.5, 0.5], [0.5, -0.5]], rtol=1e-5, atol=1e-6)
    well = r(2, 3, 3) + 3 * np.eye(3)
    check_gradients(lambda t: tf.linalg.inv(t), well)
    check_gradients(lambda t: tf.linalg.inv(t, adjoint=True), well)
    check_gradients(lambda t: tf.linalg.det(t), well)
    check_graph(lambda t: tf.linalg.inv(t), well.astype(np.float32))
    check_graph(lambda t: tf.linalg.det(t), well.astype(np.float32))


def test_inv_det_errors():
    with pytest.raises(IAE, match=r"Input is not invertible. \[Op:MatrixInverse\]"):
        tf.linalg.inv([[1., 2.], [2., 4.]])
    with pytest.raises(IAE, match="Input matrix must be square"):
        tf.linalg.inv(tf.ones([2, 3]))
    with pytest.raises(IAE, match="Input matrix must be square"):
        tf.linalg.det(tf.ones([2, 3]))
    with pytest.raises(IAE, match="Value for attr 'T' of int32 is not in the list of allowed values: double, float"):
        tf.linalg.inv([[1, 2], [3, 4]])


# -- norms, normalization ------------------------------------------------------------------------------------
NORM_GOLDENS = [  # (kwargs, TF 2.21 value for A)
    ({}, 5.4772257804870605), ({"ord": 1}, 10.0), ({"ord": 1, "axis": [0, 1]}, 6.0),
    ({"ord": np.inf, "axis": [0, 1]}, 7.0), ({"ord": 2, "axis": [0, 1]}, 5.464985370635986),
    ({"ord": "fro", "axis": [0, 1]}, 5.4772257804870605), ({"ord": 0.5}, 37.77656936645508),
    ({"ord": np.inf}, 4.0), ({"axis": [1, 0], "ord": 1}, 7.0), ({"axis": (-2, -1)}, 5.4772257804870605),
]


@pytest.mark.parametrize("kwargs,expected", NORM_GOLDENS)
def test_norm_goldens(kwargs, expected):
    out = tf.norm(tf.constant(A), **kwargs)
    assert out.dtype == tf.float32 and out.shape == ()
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-6)
    assert tf.linalg.norm is tf.norm


@pytest.mark.parametrize("kwargs", [{}, {"ord": 1}, {"ord": 3, "axis": 1}, {"ord": np.inf, "axis": -1, "keepdims": True},
                                    {"ord": "fro", "axis": [1, 2]}, {"ord": 1, "axis": [2, 1], "keepdims": True},
                                    {"ord": np.inf, "axis": [1, 2]}, {"ord": 2, "axis": [1, 2]},
                                    {"ord": 2, "axis": [2, 0], "keepdims": True}])
def test_norm_gradients_and_graph(kwargs):
    x = rng.uniform(0.5, 2, (2, 3, 4)) * rng.choice([-1, 1], (2, 3, 4))
    check_gradients(lambda t: tf.norm(t, **kwargs), x, rtol=1e-4)
    check_graph(lambda t: tf.norm(t, **kwargs), x.astype(np.float32))


def test_norm_shapes_and_errors():
    assert tf.norm(tf.constant(A), axis=1, keepdims=True).shape == (2, 1)
    np.testing.assert_allclose(tf.norm(tf.constant(A), ord=3, axis=1).numpy(), [2.0800838, 4.4979415], rtol=1e-6)
    x = tf.constant([0., 0.])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.norm(x)
    assert np.isnan(tape.gradient(y, x).numpy()).all()  # as in TF
    with pytest.raises(ValueError, match="'ord' must be a supported vector norm, got fro"):
        tf.norm(A, ord="fro")
    with pytest.raises(ValueError, match="'ord' must be a supported vector norm, got -1"):
        tf.norm(A, ord=-1)
    with pytest.raises(ValueError, match=r"'ord' must be a supported matrix norm in \['euclidean', 'fro', 1, 2, inf\], got nuc"):
        tf.norm(A, ord="nuc", axis=[0, 1])


def test_normalize_and_l2_normalize():
    n, nv = tf.linalg.normalize([3., 4.])
    np.testing.assert_allclose(n.numpy(), [0.6, 0.8], rtol=1e-6)
    assert nv.shape == (1,) and nv.numpy().tolist() == [5.0]
    np.testing.assert_allclose(tf.linalg.l2_normalize([[3., 4.]], axis=1).numpy(), [[0.6, 0.8]], rtol=1e-6)
    assert tf.nn.l2_normalize is tf.linalg.l2_normalize
    x = tf.constant([0., 0.])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.l2_normalize(x)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [1e6, 1e6], rtol=1e-5)  # rsqrt(epsilon), as in TF
    check_gradients(lambda t: tf.nn.l2_normalize(t, axis=-1), r(3, 4))
    check_gradients(lambda t: tf.linalg.normalize(t, ord=1, axis=0)[0], rng.uniform(0.5, 2, (3, 2)))
    check_graph(lambda t: tf.nn.l2_normalize(t, axis=1), r(3, 4).astype(np.float32))
