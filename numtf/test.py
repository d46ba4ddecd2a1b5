"""`tf.test` namespace: re-exports only (the logic is in util/test_case.py and
util/gradient_check.py).

    >>> class MyTest(tf.test.TestCase):
    ...     def test_add(self):
    ...         self.assertAllEqual(tf.add(1, 2), 3)
"""
from .util.test_case import (TestCase, main, is_gpu_available, is_built_with_cuda, is_built_with_rocm,  # noqa: F401
                             is_built_with_gpu_support, is_built_with_xla, gpu_device_name)
from .util.gradient_check import compute_gradient  # noqa: F401

__all__ = ["TestCase", "main", "compute_gradient", "is_gpu_available", "is_built_with_cuda", "is_built_with_rocm",
           "is_built_with_gpu_support", "is_built_with_xla", "gpu_device_name"]
