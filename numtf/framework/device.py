"""`tf.device` and `tf.DeviceSpec`. numtf has one device, the CPU: every tensor lives on
'/job:localhost/replica:0/task:0/device:CPU:0', as TF's own tensors do on a machine without
accelerators (TF then also runs `with tf.device('/GPU:0'):` blocks on the CPU). So `tf.device`
only checks its argument as TF parses it; placement cannot change.

    >>> with tf.device('/cpu:0'):
    ...     x = tf.constant(1.0)
    >>> x.device
    '/job:localhost/replica:0/task:0/device:CPU:0'
"""
__all__ = ["device", "DeviceSpec"]

_FIELDS = ("job", "replica", "task", "device_type", "device_index")


class DeviceSpec:
    """A parsed device name: job, replica, task, device_type, device_index (None = unset).

        >>> tf.DeviceSpec.from_string('/job:worker/device:GPU:1').device_index
        1
    """
    __slots__ = ("_job", "_replica", "_task", "_device_type", "_device_index")

    def __init__(self, job=None, replica=None, task=None, device_type=None, device_index=None):
        self._job = None if job is None else str(job)
        self._replica = None if replica is None else int(replica)
        self._task = None if task is None else int(task)
        self._device_type = device_type if device_type in (None, "CPU", "GPU", "TPU") else \
            (device_type.upper() if device_type.lower() in ("cpu", "gpu", "tpu") else device_type)
        self._device_index = None if device_index is None else int(device_index)

    job = property(lambda self: self._job)
    replica = property(lambda self: self._replica)
    task = property(lambda self: self._task)
    device_type = property(lambda self: self._device_type)
    device_index = property(lambda self: self._device_index)

    @classmethod
    def from_string(cls, spec):
        """Parses '/job:x/replica:0/task:0/device:CPU:0' and its short forms ('cpu:0', '/GPU:1')."""
        return cls(**_parse(spec))

    def parse_from_string(self, spec):
        """A new DeviceSpec parsed from `spec` (TF2 returns a new object too)."""
        return DeviceSpec.from_string(spec)

    def replace(self, **kwargs):
        """A copy with the given fields changed."""
        fields = {f: getattr(self, f) for f in _FIELDS}
        fields.update(kwargs)
        return DeviceSpec(**fields)

    def make_merged_spec(self, dev):
        """This spec with the fields `dev` sets overriding its own."""
        return self.replace(**{f: getattr(dev, f) for f in _FIELDS if getattr(dev, f) is not None})

    def to_string(self):
        parts = [f"/job:{self._job}" if self._job is not None else "",
                 f"/replica:{self._replica}" if self._replica is not None else "",
                 f"/task:{self._task}" if self._task is not None else ""]
        if self._device_type is not None:
            index = "*" if self._device_index is None else self._device_index
            parts.append(f"/device:{self._device_type}:{index}")
        return "".join(parts)

    def __eq__(self, other):
        return isinstance(other, DeviceSpec) and self.to_string() == other.to_string()

    def __hash__(self):
        return hash(self.to_string())

    def __repr__(self):
        return f"<DeviceSpec {self.to_string()!r}>"


def _parse(spec):
    """The fields of a device string, with TF's errors for what it cannot parse."""
    out = {}
    if not spec:
        return out
    splits = [s for s in spec.split("/") if s]
    for part in splits:
        bits = part.split(":")
        key = bits[0].lower()
        if len(bits) == 2 and key in ("job", "replica", "task"):
            out[key] = bits[1]
        elif len(bits) == 2 and key in ("cpu", "gpu", "tpu"):  # the short form 'cpu:0'
            out["device_type"], out["device_index"] = key.upper(), None if bits[1] == "*" else bits[1]
        elif len(bits) == 3 and key == "device":
            out["device_type"], out["device_index"] = bits[1], None if bits[2] == "*" else bits[2]
        elif len(bits) == 2 and key == "device" and bits[1]:
            out["device_type"] = bits[1]
        else:
            raise ValueError(f"Unknown attribute '{part}' is encountered while parsing the device spec: '{spec}'.")
    try:
        for k in ("replica", "task", "device_index"):
            if out.get(k) is not None:
                out[k] = int(out[k])
    except ValueError:
        raise ValueError(f"Unknown attribute in the device spec: '{spec}'.") from None
    return out


class device:  # noqa: N801 - TF's name
    """`with tf.device(name):` places the ops of the block on `name`; in numtf everything runs on
    the CPU, so this checks `name` (a string, a DeviceSpec or None) as TF does and nothing more.

        >>> with tf.device('/GPU:0'):   # runs on the CPU, as TF does without a GPU
        ...     y = tf.constant(2.0) * 3
    """
    __slots__ = ("spec",)

    def __init__(self, device_name):
        if isinstance(device_name, DeviceSpec):
            device_name = device_name.to_string()
        if device_name is not None and not isinstance(device_name, str) and not callable(device_name):
            raise ValueError(f"Expecting a string device name. Got {type(device_name)}({device_name})")
        self.spec = DeviceSpec.from_string(device_name) if isinstance(device_name, str) else None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
