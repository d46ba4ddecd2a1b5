import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

# Tests that need real data read small slices of the shared Keras cache (CI sets KERAS_HOME to it;
# a developer's plain `pytest` gets the same default).
_SHARED = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "shared", "keras"))
if "KERAS_HOME" not in os.environ and os.path.isdir(_SHARED):
    os.environ["KERAS_HOME"] = _SHARED


import numpy as np  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _fixed_seeds():
    """Every test starts from the same random state, so a check never passes or fails by luck
    (weights initialized without a seed draw from numtf's global generator)."""
    import numtf as tf
    np.random.seed(0)
    tf.random.set_seed(0)
    yield
