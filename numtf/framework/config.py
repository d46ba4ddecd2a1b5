"""Device and threading configuration: numtf has one CPU device and NumPy's threads."""
import collections

# (namedtuples, as TF's: PhysicalDevice(name='/physical_device:CPU:0', device_type='CPU'))
PhysicalDevice = collections.namedtuple("PhysicalDevice", ["name", "device_type"])
LogicalDevice = collections.namedtuple("LogicalDevice", ["name", "device_type"])

_CPU = PhysicalDevice("/physical_device:CPU:0", "CPU")
_LOGICAL_CPU = LogicalDevice("/device:CPU:0", "CPU")


def list_physical_devices(device_type=None):
    """[CPU:0] (numtf has no GPU support); an empty list for 'GPU'."""
    return [_CPU] if device_type in (None, "CPU") else []


def list_logical_devices(device_type=None):
    """[LogicalDevice(name='/device:CPU:0', device_type='CPU')]; an empty list for 'GPU'."""
    return [_LOGICAL_CPU] if device_type in (None, "CPU") else []


def get_visible_devices(device_type=None):
    return list_physical_devices(device_type)


def set_visible_devices(devices, device_type=None):
    return None


class experimental:  # noqa: N801 - TF's namespace name
    """tf.config.experimental: memory growth etc. are no-ops on numtf's CPU device."""

    @staticmethod
    def set_memory_growth(device, enable):
        return None

    @staticmethod
    def get_memory_growth(device):
        return False

    list_physical_devices = staticmethod(list_physical_devices)
    set_visible_devices = staticmethod(set_visible_devices)


class threading:  # noqa: N801
    @staticmethod
    def set_intra_op_parallelism_threads(n):
        return None

    @staticmethod
    def set_inter_op_parallelism_threads(n):
        return None

    @staticmethod
    def get_intra_op_parallelism_threads():
        return 0

    @staticmethod
    def get_inter_op_parallelism_threads():
        return 0


class optimizer:  # noqa: N801
    @staticmethod
    def set_jit(enabled):
        return None

    @staticmethod
    def get_jit():
        return False
