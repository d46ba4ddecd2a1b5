"""tf.test: TestCase's assertions, evaluate and sessions, the build queries, and compute_gradient
against TensorFlow 2.21 (tests/golden/lookup_sets.json, tools/make_lookup_sets_golden.py)."""
import os
import unittest

import numpy as np
import pytest

import numtf as tf
from tests.ops._lookup_sets_golden import GOLDEN


def _run(case_cls):
    """Runs a TestCase class; returns {test name: None if it passed, else the failure text}."""
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(case_cls).run(result)
    out = {t.id().rsplit(".", 1)[1]: None for t in unittest.defaultTestLoader.loadTestsFromTestCase(case_cls)}
    for t, text in result.failures + result.errors:
        out[t.id().rsplit(".", 1)[1]] = text
    return out


class Passing(tf.test.TestCase):
    __test__ = False  # run by test_testcase_assertions_pass, not collected by pytest

    def test_close_and_equal(self):
        self.assertAllClose(tf.constant([1.0, 2.0]), [1.0, 2.0 + 1e-7])
        self.assertAllClose({"a": tf.constant(1.0), "b": [tf.constant([2.0]), 3.0]}, {"a": 1.0, "b": [[2.0], 3.0]})
        self.assertAllClose([np.nan, 1.0], np.array([np.nan, 1.0]))
        self.assertAllCloseAccordingToType(tf.constant([1.0], tf.float16), [1.0005])
        self.assertNotAllClose([1.0], [1.1])
        self.assertAllEqual(tf.constant([["a", "b"]]), [[b"a", b"b"]])
        self.assertAllEqual(tf.constant([1, 2]), np.array([1, 2]))
        self.assertNotAllEqual([1, 2], [1, 3])

    def test_ranges_and_comparisons(self):
        x = tf.constant([0.5, 1.0, 2.0])
        self.assertAllInRange(x, 0.5, 2.0)
        self.assertAllGreater(x, 0.0)
        self.assertAllGreaterEqual(x, 0.5)
        self.assertAllLess(x, 3)
        self.assertAllLessEqual(x, 2.0)
        self.assertAllInSet(tf.constant([1, 2, 1]), {1, 2})
        self.assertNear(1.0, 1.05, 0.1)
        self.assertArrayNear([1.0, 2.0], [1.01, 1.99], 0.02)
        self.assertNDArrayNear(np.ones((2, 2)), np.ones((2, 2)) + 1e-3, 1e-2)

    def test_shapes_dtypes_and_errors(self):
        self.assertShapeEqual(np.zeros((2, 3)), tf.zeros([2, 3]))
        self.assertDTypeEqual(tf.constant([1.0]), np.float32)
        self.assertDTypeEqual(np.array([1], np.int64), tf.int64)
        with self.assertRaisesOpError("Incompatible shapes"):
            tf.constant([1, 2]) + tf.constant([1, 2, 3])
        with self.assertRaisesWithPredicateMatch(ValueError, lambda e: "boom" in str(e)):
            raise ValueError("boom")
        with self.assertRaisesIncompatibleShapesError():
            tf.constant([1, 2]) * tf.constant([1, 2, 3])

    def test_evaluate_and_sessions(self):
        self.assertEqual(self.evaluate({"x": tf.constant(2)})["x"], 2)
        with self.cached_session() as sess:
            self.assertAllEqual(sess.run(tf.constant([1, 2])), [1, 2])
            with self.assertRaises(ValueError):
                sess.run(tf.constant(1), feed_dict={})
        d = self.get_temp_dir()
        self.assertTrue(os.path.isdir(d))
        self.assertIs(d, self.get_temp_dir())
        self.assertEqual(np.random.get_state()[1][0], np.random.RandomState(87654321).get_state()[1][0])

    def test_graph_session(self):
        g = tf.compat.v1.Graph()
        with g.as_default():
            x = tf.compat.v1.placeholder(tf.float32, [2])
            y = x * 2.0
            with self.session(graph=g) as sess:
                self.assertAllClose(sess.run(y, {x: [1.0, 2.0]}), [2.0, 4.0])
            with self.cached_session(graph=g) as sess:
                self.assertIs(tf.compat.v1.get_default_session(), sess)
                self.assertAllEqual(self.evaluate(tf.constant([3])), [3])


class Failing(tf.test.TestCase):
    __test__ = False  # each of these must fail

    def test_close(self):
        self.assertAllClose([1.0, 2.0], [1.0, 2.1])

    def test_shape(self):
        self.assertAllClose([1.0, 2.0], [[1.0, 2.0]])

    def test_equal(self):
        self.assertAllEqual(tf.constant([1, 2]), [1, 3])

    def test_range(self):
        self.assertAllInRange([0.0, 1.0], 0.0, 1.0, open_upper_bound=True)

    def test_greater(self):
        self.assertAllGreater([1, 2], 1)

    def test_near(self):
        self.assertNear(1.0, 1.2, 0.1)

    def test_op_error_not_raised(self):
        with self.assertRaisesOpError("x"):
            pass

    def test_predicate_mismatch(self):
        with self.assertRaisesWithPredicateMatch(ValueError, "expected text"):
            raise ValueError("other text")


_TEST_SESSION_WARNING = "ignore:It is deprecated to return a value:DeprecationWarning"  # see below


@pytest.mark.filterwarnings(_TEST_SESSION_WARNING)
def test_testcase_assertions_pass():
    assert _run(Passing) == {name: None for name in _run(Passing)}


@pytest.mark.filterwarnings(_TEST_SESSION_WARNING)
def test_testcase_assertions_fail():
    results = _run(Failing)
    # TF's deprecated `test_session` is a method whose name unittest takes for a test: calling it
    # only makes a context manager, so it passes there as in TF.
    assert results.pop("test_session") is None
    assert len(results) == 8
    for name, text in results.items():
        assert text is not None and "AssertionError" in text, name


def test_build_queries():
    assert tf.test.is_gpu_available() is False and tf.test.is_built_with_cuda() is False
    assert tf.test.is_built_with_gpu_support() is False and tf.test.is_built_with_xla() is False
    assert tf.test.is_built_with_rocm() == GOLDEN["build"]["is_built_with_rocm"]
    assert tf.test.gpu_device_name() == GOLDEN["build"]["gpu_device_name"] == ""


@pytest.mark.parametrize("name", sorted(GOLDEN["gradients"]))
def test_compute_gradient_matches_tf(name):
    case = GOLDEN["gradients"][name]
    xs = [tf.constant(np.array(v, dtype)) for v, dtype in case["inputs"]]
    theoretical, numerical = tf.test.compute_gradient(eval(case["src"], {"tf": tf}), xs, delta=case["delta"])
    assert isinstance(theoretical, tuple) and len(theoretical) == len(xs)
    for got, want, dt in zip(theoretical, case["theoretical"], case["dtypes"]):
        assert got.dtype.name == dt
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)
    for got, want in zip(numerical, case["numerical"]):
        tol = 1e-4 if got.dtype == np.float32 else 1e-10
        np.testing.assert_allclose(got, want, rtol=tol, atol=tol)


def test_compute_gradient_errors():
    with pytest.raises(ValueError, match="must be a list or tuple"):
        tf.test.compute_gradient(lambda x: x, tf.constant([1.0]))
    with pytest.raises(AssertionError, match="unsupported type int32 of argument 0"):
        tf.test.compute_gradient(lambda x: x, [tf.constant([1])])
    v = tf.Variable([1.0, 2.0])  # captured variables are constants of f
    t, n = tf.test.compute_gradient(lambda x: x * v, [tf.constant([1.0, 1.0])])
    np.testing.assert_allclose(t[0], [[1.0, 0.0], [0.0, 2.0]])
    np.testing.assert_allclose(n[0], t[0], rtol=1e-3)
