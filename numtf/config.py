"""`tf.config` namespace: re-exports only (numtf runs on the CPU; device lists say so)."""
from .graph.function import run_functions_eagerly, functions_run_eagerly  # noqa: F401
from .framework.config import (list_physical_devices, list_logical_devices, get_visible_devices,  # noqa: F401
                               set_visible_devices, experimental, threading, optimizer, PhysicalDevice,
                               LogicalDevice)
