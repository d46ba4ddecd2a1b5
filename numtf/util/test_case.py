"""`tf.test`: `TestCase` (a `unittest.TestCase` with TensorFlow's array assertions, `evaluate` and
sessions), `main`, `compute_gradient` and the build queries (numtf is a CPU-only build: no CUDA,
ROCm, XLA or GPU).

    >>> class SquareTest(tf.test.TestCase):
    ...     def test_square(self):
    ...         self.assertAllClose(tf.square([2.0, 3.0]), [4.0, 9.0])
    >>> tf.test.main()
"""
import contextlib
import random
import re
import shutil
import tempfile
import unittest

import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import OpError, InvalidArgumentError
from ..framework.tensor import Tensor, SymbolicTensor

__all__ = ["TestCase", "main", "compute_gradient", "is_gpu_available", "is_built_with_cuda",
           "is_built_with_rocm", "is_built_with_gpu_support", "is_built_with_xla", "gpu_device_name"]

_DEFAULT_SEED = 87654321  # TF's DEFAULT_GRAPH_SEED, which its TestCase.setUp seeds everything with


def _is_leaf(x):
    return not isinstance(x, (list, tuple, dict)) or hasattr(x, "numpy")


def _to_numpy(x):
    """A tensor, variable, sparse/ragged tensor or array-like as a NumPy value (eager values only)."""
    from ..framework.sparse_tensor import SparseTensor
    from ..framework.ragged_tensor import RaggedTensor
    if isinstance(x, SparseTensor):
        from ..ops.sparse_ops import to_dense
        return to_dense(x).numpy()
    if isinstance(x, RaggedTensor):
        return x.to_list()
    if hasattr(x, "numpy"):
        return x.numpy()
    return x


class _FakeEagerSession:
    """What `cached_session()` gives eagerly (as TF): `run(fetches)` is `evaluate(fetches)`."""

    def __init__(self, test):
        self._test = test

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        if feed_dict is not None:
            raise ValueError("feed_dict is not supported when eager execution is enabled (in this case, "
                             "sess.run(t) is shorthand for t.numpy()")
        return self._test.evaluate(fetches)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class TestCase(unittest.TestCase):
    """`unittest.TestCase` plus TensorFlow's assertions over tensors and arrays. `setUp` seeds
    Python's, NumPy's and numtf's random generators (TF's seed 87654321) and, in TF1 graph mode,
    starts a fresh default graph."""

    def __init__(self, methodName="runTest"):  # noqa: N803 - unittest's name
        super().__init__(methodName)
        self._cached_session = None
        self._tempdir = None

    def setUp(self):
        from ..framework import random_seed
        random.seed(_DEFAULT_SEED)
        np.random.seed(_DEFAULT_SEED)
        if not ctx.eager_default and ctx.graph is ctx.default_graph:
            from ..compat.v1._graph import reset_default_graph
            reset_default_graph()
        random_seed.set_seed(_DEFAULT_SEED)

    def tearDown(self):
        self._close_cached_session()

    def _close_cached_session(self):
        if self._cached_session is not None:
            self._cached_session.close()
            self._cached_session = None

    # -- values ----------------------------------------------------------------------------------
    def evaluate(self, tensors):
        """The NumPy values of a (nested) structure of tensors: eagerly their `.numpy()`, in a TF1
        graph what the default session (or a new one) computes for them."""
        from ..util import nest
        flat = nest.flatten(tensors)
        if any(isinstance(t, SymbolicTensor) or type(t).__name__ == "Operation" for t in flat):
            from ..graph.session import get_default_session
            sess = get_default_session()
            if sess is None:
                with self.session() as sess:
                    return sess.run(tensors)
            return sess.run(tensors)
        return nest.map_structure(_to_numpy, tensors)

    @contextlib.contextmanager
    def session(self, graph=None, config=None, use_gpu=True, force_gpu=False):
        """A `tf.compat.v1.Session` on `graph` (the default graph), made the default session; eagerly,
        an object whose `run(fetches)` is `self.evaluate(fetches)`."""
        if force_gpu:
            raise NotImplementedError("force_gpu: numtf has no GPU")
        if ctx.graph is None and graph is None:
            yield _FakeEagerSession(self)
            return
        from ..graph.session import Session
        with Session(graph=graph, config=config) as sess:
            yield sess

    @contextlib.contextmanager
    def cached_session(self, graph=None, config=None, use_gpu=True, force_gpu=False):
        """Like `session()`, but the same Session for the whole test (closed in `tearDown`)."""
        if force_gpu:
            raise NotImplementedError("force_gpu: numtf has no GPU")
        if ctx.graph is None and graph is None:
            yield _FakeEagerSession(self)
            return
        from ..graph.session import Session
        from ..framework.context import graph_mode
        if self._cached_session is None or (graph is not None and self._cached_session.graph is not graph):
            self._close_cached_session()
            self._cached_session = Session(graph=graph, config=config)
        sess = self._cached_session
        with sess.as_default(), graph_mode(sess.graph):
            yield sess

    test_session = cached_session

    def get_temp_dir(self):
        """A temporary directory for this test (removed when the test ends)."""
        if self._tempdir is None:
            self._tempdir = tempfile.mkdtemp(prefix=f"{type(self).__name__}_")
            self.addCleanup(shutil.rmtree, self._tempdir, True)
        return self._tempdir

    # -- array assertions --------------------------------------------------------------------------
    def _arrays(self, a, b):
        return np.asarray(self.evaluate(a) if not isinstance(a, np.ndarray) else a), \
            np.asarray(self.evaluate(b) if not isinstance(b, np.ndarray) else b)

    def _assert_close(self, a, b, rtol, atol, path, msg):
        if isinstance(a, dict) or isinstance(b, dict):
            self.assertIsInstance(a, dict, f"{path}: {a!r} is not a dict like {b!r}")
            self.assertIsInstance(b, dict, f"{path}: {b!r} is not a dict like {a!r}")
            self.assertEqual(set(a), set(b), f"{path}: mismatched keys. {msg or ''}")
            for k in a:
                self._assert_close(a[k], b[k], rtol, atol, f"{path}[{k!r}]", msg)
            return
        if not _is_leaf(a) and not _is_leaf(b) and not isinstance(a, np.ndarray) and not isinstance(b, np.ndarray) \
                and any(not _is_leaf(v) or isinstance(v, dict) or hasattr(v, "numpy") for v in list(a) + list(b)):
            self.assertEqual(len(a), len(b), f"{path}: length {len(a)} != {len(b)}. {msg or ''}")
            for i, (x, y) in enumerate(zip(a, b)):
                self._assert_close(x, y, rtol, atol, f"{path}[{i}]", msg)
            return
        x, y = self._arrays(a, b)
        self.assertEqual(x.shape, y.shape, f"Shape mismatch: expected {x.shape}, got {y.shape} with contents "
                         f"{y}. {msg or ''}")
        if x.dtype.kind in "OSU" or y.dtype.kind in "OSU":
            np.testing.assert_array_equal(x, y, err_msg=f"{path}: {msg or ''}")
            return
        if x.dtype == np.bool_ or y.dtype == np.bool_:
            x, y = x.astype(np.float64), y.astype(np.float64)
        np.testing.assert_allclose(x, y, rtol=rtol, atol=atol, equal_nan=True,
                                   err_msg=f"Mismatched value: a is different from b. {path} {msg or ''}")

    def assertAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):  # noqa: N802 - TF's names
        """`|a - b| <= atol + rtol * |b|` elementwise, for tensors, arrays, numbers and nested
        lists/tuples/dicts of them (shapes must match; NaNs match NaNs)."""
        self._assert_close(a, b, rtol, atol, "", msg)

    def assertAllCloseAccordingToType(self, a, b, rtol=1e-6, atol=1e-6, float_rtol=1e-6, float_atol=1e-6,  # noqa: N802
                                      half_rtol=1e-3, half_atol=1e-3, bfloat16_rtol=1e-2, bfloat16_atol=1e-2,
                                      msg=None):
        """`assertAllClose` with the loosest tolerances of the dtypes involved (float32, float16,
        bfloat16 have their own)."""
        x, y = self._arrays(a, b)
        names = {np.dtype(x.dtype).name, np.dtype(y.dtype).name}
        if names & {"float32", "complex64"}:
            rtol, atol = max(rtol, float_rtol), max(atol, float_atol)
        if "float16" in names:
            rtol, atol = max(rtol, half_rtol), max(atol, half_atol)
        if "bfloat16" in names:
            rtol, atol = max(rtol, bfloat16_rtol), max(atol, bfloat16_atol)
        self.assertAllClose(x, y, rtol=rtol, atol=atol, msg=msg)

    def assertNotAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):  # noqa: N802
        """Fails when `assertAllClose(a, b)` would pass."""
        try:
            self.assertAllClose(a, b, rtol=rtol, atol=atol, msg=msg)
        except AssertionError:
            return
        raise AssertionError(f"The two values are close at all elements. {msg or ''}")

    def assertAllEqual(self, a, b, msg=None):  # noqa: N802
        """Same shape and equal elements (strings, numbers or booleans)."""
        x, y = self._arrays(a, b)
        self.assertEqual(x.shape, y.shape, f"Shape mismatch: expected {x.shape}, got {y.shape} with contents "
                         f"{y}. {msg or ''}")
        same = (x == y) if x.dtype.kind not in "fc" else ((x == y) | (np.isnan(x) & np.isnan(y)))
        if not np.all(same):
            bad = np.argwhere(~np.asarray(same))
            raise AssertionError(f"Arrays are not equal at {bad[:10].tolist()}: {x} vs {y}. {msg or ''}")

    def assertNotAllEqual(self, a, b, msg=None):  # noqa: N802
        """Fails when every element of `a` equals `b`'s."""
        try:
            self.assertAllEqual(a, b, msg)
        except AssertionError:
            return
        raise AssertionError(f"Expected unequal inputs but got equal ones: {msg or ''}")

    def _compare_all(self, a, target, op, text):
        x = np.asarray(self.evaluate(a))
        if not np.all(op(x, target)):
            raise AssertionError(f"Not all elements of {x} are {text} {target}")

    def assertAllGreater(self, a, comparison_target):  # noqa: N802
        """Every element of `a` is > `comparison_target`."""
        self._compare_all(a, comparison_target, np.greater, "greater than")

    def assertAllGreaterEqual(self, a, comparison_target):  # noqa: N802
        """Every element of `a` is >= `comparison_target`."""
        self._compare_all(a, comparison_target, np.greater_equal, "greater than or equal to")

    def assertAllLess(self, a, comparison_target):  # noqa: N802
        """Every element of `a` is < `comparison_target`."""
        self._compare_all(a, comparison_target, np.less, "less than")

    def assertAllLessEqual(self, a, comparison_target):  # noqa: N802
        """Every element of `a` is <= `comparison_target`."""
        self._compare_all(a, comparison_target, np.less_equal, "less than or equal to")

    def assertAllInRange(self, target, lower_bound, upper_bound, open_lower_bound=False,  # noqa: N802
                         open_upper_bound=False):
        """Every element is in [lower_bound, upper_bound] (ends excluded when open); NaN fails."""
        x = np.asarray(self.evaluate(target))
        if x.dtype.kind not in "iufb":
            raise AssertionError(f"The value of {target} does not have an ordered numeric type, instead it has "
                                 f"type: {x.dtype}")
        lo = x > lower_bound if open_lower_bound else x >= lower_bound
        hi = x < upper_bound if open_upper_bound else x <= upper_bound
        ok = lo & hi
        if not np.all(ok):
            bad = np.argwhere(~ok)
            raise AssertionError(f"{x.size - int(ok.sum())} of the {x.size} element(s) are outside the range "
                                 f"{'(' if open_lower_bound else '['}{lower_bound}, {upper_bound}"
                                 f"{')' if open_upper_bound else ']'}. Subscript(s) and value(s) of the offending "
                                 f"elements: {[(tuple(i), x[tuple(i)]) for i in bad[:10]]}")

    def assertAllInSet(self, target, expected_set):  # noqa: N802
        """Every element of `target` is in `expected_set`."""
        x = np.asarray(self.evaluate(target))
        extra = set(x.reshape(-1).tolist()) - set(expected_set)
        if extra:
            raise AssertionError(f"{x} contains values {sorted(extra, key=repr)} not in {expected_set}")

    def assertNear(self, f1, f2, err, msg=None):  # noqa: N802
        """`|f1 - f2| <= err` for two numbers."""
        if not (f1 == f2 or abs(f1 - f2) <= err):
            raise AssertionError(f"{f1!r} != {f2!r} +/- {err!r}{' (' + msg + ')' if msg else ''}")

    def assertArrayNear(self, farray1, farray2, err, msg=None):  # noqa: N802
        """Two lists of numbers of the same length, pairwise within `err`."""
        self.assertEqual(len(farray1), len(farray2), msg=msg)
        for f1, f2 in zip(farray1, farray2):
            self.assertNear(float(f1), float(f2), err, msg=msg)

    def assertNDArrayNear(self, ndarray1, ndarray2, err, msg=None):  # noqa: N802
        """The Euclidean norm of the difference of two arrays is below `err`."""
        if not np.linalg.norm(np.asarray(ndarray1) - np.asarray(ndarray2)) < err:
            raise AssertionError(msg or f"{ndarray1} and {ndarray2} are not within {err}")

    def assertShapeEqual(self, input_a, input_b, msg=None):  # noqa: N802
        """A NumPy array's shape equals a tensor's static shape."""
        if not isinstance(input_a, np.ndarray):
            raise TypeError("input_a must be a Numpy ndarray.")
        if not isinstance(input_b, Tensor):
            raise TypeError("input_b must be a Tensor.")
        self.assertAllEqual(input_a.shape, input_b.shape.as_list(), msg=msg)

    def assertDTypeEqual(self, target, expected_dtype):  # noqa: N802
        """`target`'s (or each of a list's) NumPy dtype is `expected_dtype` (a NumPy or tf dtype)."""
        want = dtypes.as_dtype(expected_dtype)._np if isinstance(expected_dtype, dtypes.DType) else \
            np.dtype(expected_dtype)
        items = target if isinstance(target, list) else [target]
        for t in items:
            got = np.asarray(self.evaluate(t)).dtype
            self.assertEqual(got, want, f"dtype {got} is not {want}")

    def assertDeviceEqual(self, device1, device2, msg=None):  # noqa: N802
        """Two device strings name the same device (None and '' are the same)."""
        self.assertEqual(device1 or "", device2 or "", msg or f"Devices {device1} and {device2} are not equal.")

    # -- exceptions -------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def assertRaisesWithPredicateMatch(self, exception_type, expected_err_re_or_predicate):  # noqa: N802
        """A context manager: its body must raise `exception_type` whose message matches the regex
        (searched) or for which the predicate (called with the exception) is true."""
        if callable(expected_err_re_or_predicate):
            predicate = expected_err_re_or_predicate
        else:
            def predicate(e):
                text = e.message if isinstance(e, OpError) else str(e)
                return re.search(expected_err_re_or_predicate, text) is not None
        try:
            yield
        except exception_type as e:
            if not predicate(e):
                raise AssertionError(f"Exception of type {type(e)}: {e}") from e
        else:
            raise AssertionError(f"{exception_type.__name__} not raised")

    def assertRaisesOpError(self, expected_err_re_or_predicate):  # noqa: N802
        """`assertRaisesWithPredicateMatch(tf.errors.OpError, ...)`."""
        return self.assertRaisesWithPredicateMatch(OpError, expected_err_re_or_predicate)

    def assertRaisesIncompatibleShapesError(self, exception_type=InvalidArgumentError):  # noqa: N802
        """The body raises `exception_type` about incompatible (non-broadcastable) shapes."""
        return self.assertRaisesWithPredicateMatch(
            exception_type, r"Incompatible shapes|Dimensions must be equal|required broadcastable shapes")


def main(argv=None):
    """Runs the tests of the calling module (`unittest.main`)."""
    return unittest.main(argv=argv)


def is_gpu_available(cuda_only=False, min_cuda_compute_capability=None):
    """False: numtf runs on the CPU only."""
    return False


def is_built_with_cuda():
    """False: numtf is a CPU-only build (TF's CPU-only builds answer False)."""
    return False


def is_built_with_rocm():
    """False: numtf is a CPU-only build."""
    return False


def is_built_with_gpu_support():
    """False: numtf is a CPU-only build."""
    return False


def is_built_with_xla():
    """False: numtf has no XLA compiler."""
    return False


def gpu_device_name():
    """'' (TF's answer when there is no GPU)."""
    return ""


from .gradient_check import compute_gradient  # noqa: E402,F401
