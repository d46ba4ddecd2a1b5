import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

# Tests that need real data read small slices of the shared Keras cache (CI sets KERAS_HOME to it;
# a developer's plain `pytest` gets the same default).
_SHARED = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "shared", "keras"))
if "KERAS_HOME" not in os.environ and os.path.isdir(_SHARED):
    os.environ["KERAS_HOME"] = _SHARED
