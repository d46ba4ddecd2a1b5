"""TensorFlow event files without TensorFlow: CRC32C, TFRecord framing, and the protocol-buffer
wire format of the few messages a summary writer needs (Event, Summary, TensorProto,
SummaryMetadata, and GraphDef/RunMetadata for trace_export), encoded and decoded here.

A TFRecord is `uint64 length | uint32 masked_crc32c(length) | data | uint32 masked_crc32c(data)`,
all little-endian; an event file is a sequence of TFRecords, each a serialized `Event`.

    >>> crc32c(b"123456789") == 0xE3069283
    True
    >>> ev = decode(EVENT, encode(EVENT, {"step": 3, "file_version": "brain.Event:2"}))
    >>> ev.step, ev.file_version
    (3, 'brain.Event:2')
"""
import functools
import itertools
import os
import socket
import struct
import threading
import time
import weakref

import numpy as np

__all__ = ["crc32c", "masked_crc32c", "frame_record", "read_records", "encode", "decode", "Message",
           "EVENT", "SUMMARY", "TENSOR", "SUMMARY_METADATA", "tensor_proto", "tensor_to_ndarray",
           "summary_iterator", "EventFileWriter"]

# -- CRC32C (Castagnoli) -------------------------------------------------------------------------
_POLY = 0x82F63B78  # the reflected Castagnoli polynomial


def _make_table():
    t = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        t = np.where(t & 1, (t >> 1) ^ np.uint32(_POLY), t >> 1).astype(np.uint32)
    return t


_TABLE = _make_table()
_TABLE_LIST = _TABLE.tolist()
_SMALL = 1024  # below this many bytes a plain byte loop is fastest


def _crc_loop(reg, data):
    tab = _TABLE_LIST
    for b in data:
        reg = tab[(reg ^ b) & 0xFF] ^ (reg >> 8)
    return reg


@functools.lru_cache(maxsize=16)
def _zero_shift_tables(length):
    """Four 256-entry tables whose XOR maps a CRC register r to the register after `length` zero
    bytes: the update is linear in r over GF(2), so each byte of r contributes independently."""
    regs = (np.arange(256, dtype=np.uint32)[None, :] << (np.arange(4, dtype=np.uint32)[:, None] * 8)).ravel()
    for _ in range(length):
        regs = _TABLE[regs & 0xFF] ^ (regs >> 8)
    return [row.tolist() for row in regs.reshape(4, 256)]


def _crc_register(reg, data):
    """The raw CRC register after `data`, starting from `reg` (no final XOR)."""
    n = len(data)
    if n < _SMALL:
        return _crc_loop(reg, data)
    # Long inputs: the CRCs of m chunks of L bytes (from a zero register) run side by side in
    # NumPy, one byte column at a time, then fold left to right: reg = shift_L(reg) ^ crc(chunk).
    length = 1 << max(6, (int(n ** 0.5) - 1).bit_length())
    m = n // length
    cols = np.frombuffer(data, np.uint8, m * length).reshape(m, length).T.astype(np.uint32)
    chunk = np.zeros(m, np.uint32)
    for col in cols:
        chunk = _TABLE[(chunk ^ col) & 0xFF] ^ (chunk >> 8)
    t0, t1, t2, t3 = _zero_shift_tables(length)
    for c in chunk.tolist():
        reg = t0[reg & 0xFF] ^ t1[(reg >> 8) & 0xFF] ^ t2[(reg >> 16) & 0xFF] ^ t3[reg >> 24] ^ c
    return _crc_loop(reg, memoryview(data)[m * length:])


def crc32c(data):
    """The CRC32C (Castagnoli) checksum of `data` (bytes), as TFRecord files use it.

        >>> hex(crc32c(b"123456789"))
        '0xe3069283'
    """
    return _crc_register(0xFFFFFFFF, bytes(data)) ^ 0xFFFFFFFF


def masked_crc32c(data):
    """TFRecord's masked CRC: rotate right by 15 bits and add a constant (so that a CRC of data
    holding CRCs is not trivially related to them)."""
    crc = crc32c(data)
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def frame_record(data):
    """One TFRecord around `data` (bytes).

        >>> len(frame_record(b"abc"))
        19
    """
    header = struct.pack("<Q", len(data))
    return header + struct.pack("<I", masked_crc32c(header)) + data + struct.pack("<I", masked_crc32c(data))


def read_records(path):
    """The payloads of the TFRecords in file `path`, checking both CRCs of each (a truncated last
    record, as a writer still running leaves it, ends the iteration).

        >>> list(read_records(path))   # doctest: +SKIP
    """
    with open(path, "rb") as f:
        buf = f.read()
    pos = 0
    while pos + 12 <= len(buf):
        header = buf[pos:pos + 8]
        (n,) = struct.unpack("<Q", header)
        if struct.unpack("<I", buf[pos + 8:pos + 12])[0] != masked_crc32c(header):
            raise ValueError(f"{path}: corrupted record at byte {pos}: bad length CRC")
        if pos + 16 + n > len(buf):
            return
        data = buf[pos + 12:pos + 12 + n]
        if struct.unpack("<I", buf[pos + 12 + n:pos + 16 + n])[0] != masked_crc32c(data):
            raise ValueError(f"{path}: corrupted record at byte {pos}: bad data CRC")
        yield data
        pos += 16 + n


# -- protocol buffers -----------------------------------------------------------------------------
# A schema maps a field name to (number, kind, repeated); kind is a scalar kind below or a nested
# schema (a dict). Encoding follows proto3: scalar fields at their default are left out, fields
# go in number order (as protobuf serializes them), repeated numbers are packed.
_VARINT = ("int64", "int32", "uint64", "enum", "bool")
_WIRE = {"double": 1, "float": 5, "string": 2, "bytes": 2}


def _varint(n):
    if n < 0:
        n += 1 << 64  # negative int64 / int32: ten-byte two's complement
    out = bytearray()
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def field_bytes(number, body):
    """A length-delimited field (a string, bytes or a serialized message) numbered `number`."""
    return _varint(number << 3 | 2) + _varint(len(body)) + bytes(body)


def _scalar(kind, value):
    if kind in _VARINT:
        return _varint(int(value))
    if kind == "double":
        return struct.pack("<d", value)
    if kind == "float":
        return struct.pack("<f", value)
    if kind == "string":
        value = value.encode("utf-8") if isinstance(value, str) else bytes(value)
    return _varint(len(value)) + bytes(value)


def _default(kind):
    if isinstance(kind, dict):
        return None
    return {"double": 0.0, "float": 0.0, "string": "", "bytes": b"", "bool": False}.get(kind, 0)


def encode(schema, msg):
    """Serializes `msg` (a dict, or a Message, of field name -> value) by `schema`.

        >>> encode(SUMMARY_METADATA, {"plugin_data": {"plugin_name": "scalars"}})
        b'\\n\\t\\n\\x07scalars'
    """
    items = msg.items() if isinstance(msg, dict) else msg._fields.items()
    fields = sorted((schema[name][0], name, value) for name, value in items if value is not None)
    out = bytearray()
    for number, name, value in fields:
        kind, repeated = schema[name][1], schema[name][2]
        if isinstance(kind, dict):
            values = value if repeated else [value]
            for v in values:
                body = v if isinstance(v, (bytes, bytearray)) else encode(kind, v)  # (pre-serialized)
                out += _varint(number << 3 | 2) + _varint(len(body)) + body
        elif repeated and kind in _VARINT + ("double", "float"):
            if len(value):
                body = b"".join(_scalar(kind, v) for v in value)
                out += _varint(number << 3 | 2) + _varint(len(body)) + body
        elif repeated:
            for v in value:
                out += _varint(number << 3 | _WIRE[kind]) + _scalar(kind, v)
        elif value != _default(kind):
            out += _varint(number << 3 | (0 if kind in _VARINT else _WIRE[kind])) + _scalar(kind, value)
    return bytes(out)


class Message:
    """A decoded message: fields as attributes (unset ones give their proto3 default, an unset
    sub-message an empty Message), `HasField(name)` as in protobuf."""

    def __init__(self, schema, fields=None):
        self._schema = schema
        self._fields = dict(fields or {})

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._fields:
            return self._fields[name]
        try:
            kind, repeated = self._schema[name][1:]
        except KeyError:
            raise AttributeError(f"message has no field {name!r}") from None
        if repeated:
            return []
        return Message(kind) if isinstance(kind, dict) else _default(kind)

    def HasField(self, name):  # noqa: N802 - protobuf's name
        return name in self._fields

    def SerializeToString(self):  # noqa: N802 - protobuf's name
        return encode(self._schema, self)

    def __eq__(self, other):
        return isinstance(other, Message) and self._schema is other._schema and self._fields == other._fields

    def __repr__(self):
        return "Message(" + ", ".join(f"{k}={v!r}" for k, v in self._fields.items()) + ")"


def _read_varint(buf, pos):
    result = shift = 0
    while True:
        if pos >= len(buf):
            raise ValueError("truncated protobuf varint")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, pos
        shift += 7


def _fields(buf):
    """(number, wire type, value) for each field of a serialized message (value: int or bytes)."""
    pos, n = 0, len(buf)
    while pos < n:
        key, pos = _read_varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _read_varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        elif wire == 2:
            size, pos = _read_varint(buf, pos)
            value, pos = buf[pos:pos + size], pos + size
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        if pos > n:
            raise ValueError("truncated protobuf message")
        yield number, wire, value


def _signed(v, kind):
    if kind in ("int64", "int32", "enum") and v >= 1 << 63:
        return v - (1 << 64)
    return bool(v) if kind == "bool" else v


def _decode_scalar(kind, wire, value):
    if kind in _VARINT:
        return [_signed(value, kind)] if wire == 0 else [_signed(v, kind) for v in _packed_varints(value)]
    if kind in ("double", "float"):
        fmt = "<d" if kind == "double" else "<f"
        size = struct.calcsize(fmt)
        return [struct.unpack(fmt, value[i:i + size])[0] for i in range(0, len(value), size)]
    return [bytes(value).decode("utf-8", "replace") if kind == "string" else bytes(value)]


def _packed_varints(buf):
    pos = 0
    while pos < len(buf):
        v, pos = _read_varint(buf, pos)
        yield v


def decode(schema, buf):
    """Parses a serialized message by `schema` into a Message (unknown fields are skipped)."""
    by_number = {spec[0]: (name, spec[1], spec[2]) for name, spec in schema.items()}
    fields = {}
    for number, wire, value in _fields(bytes(buf)):
        if number not in by_number:
            continue
        name, kind, repeated = by_number[number]
        values = [decode(kind, value)] if isinstance(kind, dict) else _decode_scalar(kind, wire, value)
        if repeated:
            fields.setdefault(name, []).extend(values)
        else:
            fields[name] = values[-1]
    return Message(schema, fields)


# -- the messages ----------------------------------------------------------------------------------
DIM = {"size": (1, "int64", False), "name": (2, "string", False)}
SHAPE = {"dim": (2, DIM, True), "unknown_rank": (3, "bool", False)}
TENSOR = {"dtype": (1, "enum", False), "tensor_shape": (2, SHAPE, False), "version_number": (3, "int32", False),
          "tensor_content": (4, "bytes", False), "float_val": (5, "float", True), "double_val": (6, "double", True),
          "int_val": (7, "int32", True), "string_val": (8, "bytes", True), "int64_val": (10, "int64", True),
          "bool_val": (11, "bool", True), "half_val": (13, "int32", True), "uint32_val": (16, "uint64", True),
          "uint64_val": (17, "uint64", True)}
PLUGIN_DATA = {"plugin_name": (1, "string", False), "content": (2, "bytes", False)}
SUMMARY_METADATA = {"plugin_data": (1, PLUGIN_DATA, False), "display_name": (2, "string", False),
                    "summary_description": (3, "string", False), "data_class": (4, "enum", False)}
HISTOGRAM = {"min": (1, "double", False), "max": (2, "double", False), "num": (3, "double", False),
             "sum": (4, "double", False), "sum_squares": (5, "double", False), "bucket_limit": (6, "double", True),
             "bucket": (7, "double", True)}  # TF1's histograms (tf.compat.v1.summary.histogram)
IMAGE = {"height": (1, "int32", False), "width": (2, "int32", False), "colorspace": (3, "int32", False),
         "encoded_image_string": (4, "bytes", False)}  # TF1's images
VALUE = {"tag": (1, "string", False), "simple_value": (2, "float", False), "image": (4, IMAGE, False),
         "histo": (5, HISTOGRAM, False), "node_name": (7, "string", False), "tensor": (8, TENSOR, False),
         "metadata": (9, SUMMARY_METADATA, False)}
SUMMARY = {"value": (1, VALUE, True)}
SOURCE_METADATA = {"writer": (1, "string", False)}
EVENT = {"wall_time": (1, "double", False), "step": (2, "int64", False), "file_version": (3, "string", False),
         "graph_def": (4, "bytes", False), "summary": (5, SUMMARY, False), "source_metadata": (10, SOURCE_METADATA, False)}

# TF's DataType enum values, by numtf/NumPy dtype name.
DTYPE_ENUM = {"float32": 1, "float64": 2, "int32": 3, "uint8": 4, "int16": 5, "int8": 6, "string": 7,
              "complex64": 8, "int64": 9, "bool": 10, "bfloat16": 14, "uint16": 17, "complex128": 18,
              "float16": 19, "uint32": 22, "uint64": 23}
_ENUM_NP = {v: k for k, v in DTYPE_ENUM.items() if k not in ("string", "bfloat16")}


def tensor_proto(array, dtype_name=None):
    """A TensorProto dict for a NumPy array: numbers as little-endian `tensor_content`, strings as
    `string_val`, as TF serializes a tensor."""
    a = np.asarray(array)
    name = dtype_name or ("string" if a.dtype.kind in "OSU" else a.dtype.name)
    shape = {"dim": [{"size": int(d)} for d in a.shape]}
    if name == "string":
        vals = [v if isinstance(v, bytes) else str(v).encode("utf-8") for v in a.ravel().tolist()]
        return {"dtype": 7, "tensor_shape": shape, "string_val": vals}
    content = np.ascontiguousarray(a, a.dtype.newbyteorder("<")).tobytes()
    return {"dtype": DTYPE_ENUM[name], "tensor_shape": shape, "tensor_content": content}


def tensor_to_ndarray(tensor):
    """The NumPy value of a decoded TensorProto (`tf.make_ndarray`'s job).

        >>> tensor_to_ndarray(decode(TENSOR, encode(TENSOR, tensor_proto(np.float32(2.5)))))
        array(2.5, dtype=float32)
    """
    shape = tuple(d.size for d in tensor.tensor_shape.dim)
    if tensor.dtype == 7:
        out = np.empty(len(tensor.string_val), object)
        out[:] = tensor.string_val
        return out.reshape(shape) if out.size == int(np.prod(shape)) else np.full(shape, out[-1], object)
    dtype = np.dtype(_ENUM_NP[tensor.dtype]).newbyteorder("<")
    if tensor.tensor_content:
        return np.frombuffer(tensor.tensor_content, dtype).astype(dtype.newbyteorder("=")).reshape(shape)
    for field in ("float_val", "double_val", "int_val", "int64_val", "bool_val", "uint32_val", "uint64_val"):
        vals = getattr(tensor, field)
        if vals:
            vals = np.asarray(vals).astype(dtype.newbyteorder("="))
            return vals.reshape(shape) if vals.size == int(np.prod(shape)) else np.full(shape, vals[-1], vals.dtype)
    if tensor.half_val:
        return np.asarray(tensor.half_val, np.uint16).view(np.float16).reshape(shape)
    return np.zeros(shape, dtype.newbyteorder("="))


def summary_iterator(path):
    """The Events of an event file, decoded (`tf.compat.v1.train.summary_iterator`): attributes
    as on TF's Event protos (`e.step`, `e.summary.value[0].tag`, `...tensor`, `...metadata`).

        >>> [e.step for e in summary_iterator(path)]   # doctest: +SKIP
    """
    for record in read_records(path):
        yield decode(EVENT, record)


# -- event files ------------------------------------------------------------------------------------
_FILE_IDS = itertools.count()  # one counter per process, as TF numbers its event files


class EventFileWriter:
    """Appends Events to a new file `logdir/events.out.tfevents.<seconds>.<host>.<pid>.<n><suffix>`,
    which starts with the file_version event. Events are queued and written when more than
    `max_queue` wait, when `flush_millis` passed since the last flush (checked at each event),
    on `flush()`, on `close()`, and at interpreter exit.

        >>> w = EventFileWriter('logs', filename_suffix='.v2')   # doctest: +SKIP
    """

    def __init__(self, logdir, max_queue=10, flush_millis=120000, filename_suffix=".v2"):
        os.makedirs(logdir, exist_ok=True)
        seconds = int(time.time())
        name = (f"events.out.tfevents.{seconds:010d}.{socket.gethostname()}.{os.getpid()}."
                f"{next(_FILE_IDS)}{filename_suffix}")
        self.path = os.path.join(logdir, name)
        self._max_queue, self._flush_seconds = int(max_queue), flush_millis / 1000.0
        self._state = state = {"file": open(self.path, "wb"), "queue": [], "lock": threading.Lock()}
        first = encode(EVENT, {"wall_time": float(seconds), "file_version": "brain.Event:2",
                               "source_metadata": {"writer": "tensorflow.core.util.events_writer"}})
        state["file"].write(frame_record(first))
        state["file"].flush()
        self._last_flush = time.time()
        # Queued events reach the file even if the writer is never closed (TF flushes at exit).
        self._finalizer = weakref.finalize(self, _close_state, state)

    def add_event(self, event):
        """Queues one Event (a dict or Message by the EVENT schema, or its serialized bytes)."""
        data = event if isinstance(event, bytes) else encode(EVENT, event)
        state = self._state
        with state["lock"]:
            if state["file"] is None:
                raise ValueError(f"EventFileWriter for {self.path} is closed")
            state["queue"].append(frame_record(data))
            due = len(state["queue"]) > self._max_queue or time.time() - self._last_flush > self._flush_seconds
        if due:
            self.flush()

    def flush(self):
        """Writes the queued events and flushes the file."""
        _flush_state(self._state)
        self._last_flush = time.time()

    def close(self):
        """Flushes and closes the file (later `add_event` calls raise ValueError)."""
        self._finalizer()


def _flush_state(state):
    with state["lock"]:
        f = state["file"]
        if f is not None:
            if state["queue"]:
                f.write(b"".join(state["queue"]))
                state["queue"].clear()
            f.flush()


def _close_state(state):
    _flush_state(state)
    with state["lock"]:
        if state["file"] is not None:
            state["file"].close()
            state["file"] = None
