"""In-place optimizer updates (ops/update_blocks.run_update) on buffers that are not C-contiguous:
a transposed array's flat view is a copy and axpby walks memory in order, so such buffers are
updated through a contiguous copy. Every size class: whole NumPy passes, whole with axpby, blocks,
two threads."""
import numpy as np
import pytest

from numtf.ops import state_ops


@pytest.mark.parametrize("shape", [(50, 40), (128, 160), (300, 1000), (1024, 1024)])
def test_adam_on_a_transposed_buffer_matches_a_contiguous_one(shape):
    rng = np.random.default_rng(0)
    transposed = rng.random(shape[::-1], dtype=np.float32).T
    contiguous = np.ascontiguousarray(transposed)
    slots = [np.zeros(shape, np.float32) for _ in range(4)]
    g = rng.random(shape, dtype=np.float32)
    state_ops.adam_update(transposed, slots[0], slots[1], None, g, 1e-2, 0.9, 0.999, 1e-7)
    state_ops.adam_update(contiguous, slots[2], slots[3], None, g, 1e-2, 0.9, 0.999, 1e-7)
    assert not transposed.flags.c_contiguous
    np.testing.assert_array_equal(transposed, contiguous)
    np.testing.assert_array_equal(slots[0], slots[2])
