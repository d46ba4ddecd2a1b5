"""TensorFlow's V2 checkpoint files ("tensor bundle"), read and written without TensorFlow.

A checkpoint with prefix `P` is two files:

- `P.data-00000-of-00001`: the tensors' bytes, one after another, little-endian. A string tensor
  is `varint64 length` per element, then the masked CRC32C of the lengths (each as a uint32),
  then the elements' bytes.
- `P.index`: a LevelDB-style sorted table (SSTable) mapping "" to a BundleHeaderProto
  (num_shards, endianness, version) and each tensor name to a BundleEntryProto (dtype, shape,
  shard_id, offset, size, masked CRC32C of the tensor's bytes in the data file).

The table is data blocks of prefix-compressed keys with restart points (every 16 keys), an empty
metaindex block, an index block (one key and block handle per data block) and a 48-byte footer
(the two handles, zero padding, TF's table magic number); every block is followed by a
compression byte (0: none) and the masked CRC32C of the block and that byte. Nothing read from
these files is ever executed: they are parsed field by field.

    >>> write_bundle('ckpt/vars', {'v/.ATTRIBUTES/VARIABLE_VALUE': np.ones(3, np.float32)})
    >>> read_bundle('ckpt/vars').tensor('v/.ATTRIBUTES/VARIABLE_VALUE')
    array([1., 1., 1.], dtype=float32)
"""
import os
import struct

import numpy as np

from ..framework import errors
from ..util.events import DTYPE_ENUM, _read_varint, _varint, decode, encode, masked_crc32c

__all__ = ["write_bundle", "read_bundle", "Bundle", "data_path", "index_path"]

TABLE_MAGIC = 0xDB4775248B80FB57
FOOTER_SIZE = 48
BLOCK_SIZE = 262144        # TF's table_options.h default
RESTART_INTERVAL = 16
STRING_DTYPE = 7
BUNDLE_VERSION = 1         # TF's kTensorBundleVersion

# The two protos of tensor_bundle.proto (events.py's schema format), plus what they hold.
_DIM = {"size": (1, "int64", False), "name": (2, "string", False)}
_SHAPE = {"dim": (2, _DIM, True), "unknown_rank": (3, "bool", False)}
_VERSION = {"producer": (1, "int32", False), "min_consumer": (2, "int32", False),
            "bad_consumers": (3, "int32", True)}
HEADER = {"num_shards": (1, "int32", False), "endianness": (2, "enum", False), "version": (3, _VERSION, False)}
_SLICE = {"extent": (1, "bytes", True)}
# crc32c is a fixed32 (wire type 5): encoded by hand below, decoded as its 4 raw bytes.
ENTRY = {"dtype": (1, "enum", False), "shape": (2, _SHAPE, False), "shard_id": (3, "int32", False),
         "offset": (4, "int64", False), "size": (5, "int64", False), "crc32c": (6, "bytes", False),
         "slices": (7, _SLICE, True)}

_NP_OF_ENUM = {v: np.dtype(k) for k, v in DTYPE_ENUM.items() if k not in ("string", "bfloat16")}


def index_path(prefix):
    """`prefix.index`, the file whose presence marks a checkpoint."""
    return os.fspath(prefix) + ".index"


def data_path(prefix, shard=0, num_shards=1):
    """`prefix.data-00000-of-00001`, the file holding the tensors' bytes."""
    return f"{os.fspath(prefix)}.data-{shard:05d}-of-{num_shards:05d}"


# -- writing ------------------------------------------------------------------------------------
def _tensor_bytes(key, value):
    """(dtype enum, shape, bytes, masked crc32c) of one value as TF lays it out in the data file."""
    a = np.asarray(value)
    if a.dtype.kind in "OSU":
        items = [v if isinstance(v, bytes) else str(v).encode("utf-8") if isinstance(v, str) else None
                 for v in a.ravel().tolist()]
        if any(v is None for v in items):
            raise TypeError(f"Cannot checkpoint {key!r}: a string tensor holds a non-string value.")
        sizes = b"".join(struct.pack("<I", len(v)) for v in items)
        check = struct.pack("<I", masked_crc32c(sizes))
        body = b"".join(items)
        # the checksum covers the sizes as uint32s, not as the varints written
        return STRING_DTYPE, a.shape, b"".join(_varint(len(v)) for v in items) + check + body, \
            masked_crc32c(sizes + check + body)
    name = a.dtype.name
    if name not in DTYPE_ENUM or a.dtype.kind == "V":
        raise TypeError(f"Cannot checkpoint {key!r}: values of dtype {a.dtype} are not supported.")
    data = np.ascontiguousarray(a, a.dtype.newbyteorder("<")).tobytes()
    return DTYPE_ENUM[name], a.shape, data, masked_crc32c(data)


def _entry_proto(dtype, shape, offset, size, crc):
    body = encode(ENTRY, {"dtype": dtype, "shape": {"dim": [{"size": int(d)} for d in shape]},
                          "offset": offset, "size": size})
    return body + b"\x35" + struct.pack("<I", crc)  # field 6, fixed32


class _BlockBuilder:
    """One table block: keys prefix-compressed against the previous key, a restart point (a full
    key) every `interval` entries, then the restart offsets and their count (uint32s)."""

    def __init__(self, interval):
        self.interval = interval
        self.reset()

    def reset(self):
        self.buf = bytearray()
        self.restarts = [0]
        self.counter = 0
        self.last = b""

    def add(self, key, value):
        shared = 0
        if self.counter < self.interval:
            limit = min(len(key), len(self.last))
            while shared < limit and key[shared] == self.last[shared]:
                shared += 1
        else:
            self.restarts.append(len(self.buf))
            self.counter = 0
        self.buf += _varint(shared) + _varint(len(key) - shared) + _varint(len(value)) + key[shared:] + value
        self.last = key
        self.counter += 1

    def size(self):
        return len(self.buf) + 4 * len(self.restarts) + 4

    def finish(self):
        return bytes(self.buf) + b"".join(struct.pack("<I", r) for r in self.restarts) + \
            struct.pack("<I", len(self.restarts))


def _shortest_separator(start, limit):
    """LevelDB's comparator: a short key k with start <= k < limit (for index entries)."""
    n = min(len(start), len(limit))
    i = 0
    while i < n and start[i] == limit[i]:
        i += 1
    if i < n and start[i] < 0xFF and start[i] + 1 < limit[i]:
        return start[:i] + bytes([start[i] + 1])
    return start


def _short_successor(key):
    for i, b in enumerate(key):
        if b != 0xFF:
            return key[:i] + bytes([b + 1])
    return key


def build_table(items, block_size=BLOCK_SIZE):
    """The bytes of an SSTable holding `items` ((key bytes, value bytes), sorted by key)."""
    out = bytearray()
    data = _BlockBuilder(RESTART_INTERVAL)
    index = _BlockBuilder(1)
    pending = None  # (last key of the flushed block, its handle) waiting for the next key

    def write_block(contents):
        handle = _varint(len(out)) + _varint(len(contents))
        out.extend(contents + b"\x00" + struct.pack("<I", masked_crc32c(contents + b"\x00")))
        return handle

    for key, value in items:
        if pending is not None:
            index.add(_shortest_separator(pending[0], key), pending[1])
            pending = None
        data.add(key, value)
        if data.size() >= block_size:
            pending = (data.last, write_block(data.finish()))
            data.reset()
    if data.counter:
        pending = (data.last, write_block(data.finish()))
    if pending is not None:
        index.add(_short_successor(pending[0]), pending[1])
    meta_handle = write_block(_BlockBuilder(RESTART_INTERVAL).finish())
    index_handle = write_block(index.finish())
    footer = meta_handle + index_handle
    out += footer + b"\x00" * (FOOTER_SIZE - 8 - len(footer)) + struct.pack("<Q", TABLE_MAGIC)
    return bytes(out)


def bundle_bytes(arrays, last=()):
    """(index bytes, data bytes) of a checkpoint of `{key: array}`: tensors go into the data file
    in the dict's order (TF's is the object graph's, breadth first), the keys of `last` after
    them (TF writes the object graph last); the index is sorted by key."""
    order = [k for k in arrays if k not in last] + [k for k in last if k in arrays]
    data = bytearray()
    entries = []
    for key in order:
        dtype, shape, raw, crc = _tensor_bytes(key, arrays[key])
        entries.append((key.encode("utf-8"), _entry_proto(dtype, shape, len(data), len(raw), crc)))
        data += raw
    header = encode(HEADER, {"num_shards": 1, "version": {"producer": BUNDLE_VERSION}})
    index = build_table([(b"", header)] + sorted(entries))
    return index, bytes(data)


def write_bundle(prefix, arrays, last=()):
    """Atomically writes `{key: array}` as `prefix.index` + `prefix.data-00000-of-00001`: both go
    to temporary files first, the data file is renamed first and the index last (its presence
    marks the checkpoint). Returns the index file's name."""
    from ..util import atomic
    index, data = bundle_bytes(arrays, last)
    os.makedirs(os.path.dirname(os.path.abspath(index_path(prefix))), exist_ok=True)
    atomic.write_bytes(data_path(prefix), data)
    atomic.write_bytes(index_path(prefix), index)
    return index_path(prefix)


# -- reading ----------------------------------------------------------------------------------------
class _Corrupt(Exception):
    """A defect found while parsing; becomes a DataLossError naming the file."""


def _handle(buf, pos):
    offset, pos = _read_varint(buf, pos)
    size, pos = _read_varint(buf, pos)
    return offset, size, pos


def _block(buf, offset, size):
    end = offset + size
    if end + 5 > len(buf):
        raise _Corrupt(f"a block ({offset}, {size}) runs past the end of the file")
    contents = buf[offset:end]
    kind = buf[end]
    if masked_crc32c(buf[offset:end + 1]) != struct.unpack_from("<I", buf, end + 1)[0]:
        raise _Corrupt(f"block checksum mismatch at offset {offset}")
    if kind != 0:
        raise _Corrupt(f"block at offset {offset} has compression type {kind}, not 0 (TF never compresses "
                       "checkpoint indexes)")
    return contents


def _block_items(contents):
    if len(contents) < 4:
        raise _Corrupt("a block is too short")
    count = struct.unpack_from("<I", contents, len(contents) - 4)[0]
    limit = len(contents) - 4 - 4 * count
    if limit < 0:
        raise _Corrupt("a block's restart array is malformed")
    pos, key = 0, b""
    while pos < limit:
        shared, pos = _read_varint(contents, pos)
        non_shared, pos = _read_varint(contents, pos)
        size, pos = _read_varint(contents, pos)
        if shared > len(key) or pos + non_shared + size > limit:
            raise _Corrupt("a block entry is malformed")
        key = key[:shared] + contents[pos:pos + non_shared]
        pos += non_shared
        yield key, contents[pos:pos + size]
        pos += size


def read_table(buf):
    """The (key, value) pairs of the SSTable `buf` (bytes), checking every block's checksum."""
    if len(buf) < FOOTER_SIZE:
        raise _Corrupt(f"the file is {len(buf)} bytes long, shorter than a table footer ({FOOTER_SIZE} bytes)")
    footer = len(buf) - FOOTER_SIZE
    if struct.unpack_from("<Q", buf, len(buf) - 8)[0] != TABLE_MAGIC:
        raise _Corrupt("not an sstable (bad magic number)")
    _, _, pos = _handle(buf, footer)
    offset, size, _ = _handle(buf, pos)
    items = []
    for _, handle in _block_items(_block(buf, offset, size)):
        b_offset, b_size, _ = _handle(handle, 0)
        items.extend(_block_items(_block(buf, b_offset, b_size)))
    return items


def _read_file(path):
    with open(path, "rb") as f:
        return f.read()


def _data_loss(path, why):
    return errors.DataLossError(None, None, f"Unable to read checkpoint file {path}: {why}. The file is truncated, "
                                "corrupt, or not a TensorFlow checkpoint index.")


class Bundle:
    """A checkpoint's index, parsed: `entries` ({key: decoded BundleEntryProto}) and the values on
    demand (`tensor(key)`), read from the data files with their checksums checked.

        >>> Bundle('ckpt/ckpt-1').keys()
        ['_CHECKPOINTABLE_OBJECT_GRAPH', 'step/.ATTRIBUTES/VARIABLE_VALUE']
    """

    def __init__(self, prefix):
        self.prefix = os.fspath(prefix)
        path = index_path(self.prefix)
        try:
            items = read_table(_read_file(path))
            if not items or items[0][0] != b"":
                raise _Corrupt("it has no bundle header")
            self.header = decode(HEADER, items[0][1])
            self.entries = {}
            for key, value in items[1:]:
                self.entries[key.decode("utf-8")] = decode(ENTRY, value)
        except (_Corrupt, ValueError, UnicodeDecodeError, struct.error) as e:
            raise _data_loss(path, e) from None
        if self.header.endianness != 0:
            raise errors.UnimplementedError(None, None, f"{path} was written on a big-endian machine: numtf reads "
                                            "little-endian checkpoints only.")
        if self.header.version.min_consumer > BUNDLE_VERSION:
            raise errors.InvalidArgumentError(None, None, f"Checkpoint {path} needs a newer reader (min_consumer "
                                              f"{self.header.version.min_consumer}).")
        self._data = {}

    def keys(self):
        return sorted(self.entries)

    def shape(self, key):
        return [int(d.size) for d in self.entries[key].shape.dim]

    def np_dtype(self, key):
        """The NumPy dtype of a tensor (object for strings)."""
        enum = self.entries[key].dtype
        if enum == STRING_DTYPE:
            return np.dtype(object)
        if enum not in _NP_OF_ENUM:
            raise errors.UnimplementedError(None, None, f"Checkpoint {self.prefix}: tensor {key!r} has TF dtype "
                                            f"enum {enum}, which numtf cannot represent.")
        return _NP_OF_ENUM[enum]

    def _shard(self, shard_id):
        data = self._data.get(shard_id)
        if data is None:
            path = data_path(self.prefix, shard_id, max(self.header.num_shards, 1))
            try:
                data = self._data[shard_id] = _read_file(path)
            except FileNotFoundError:
                raise errors.DataLossError(None, None, f"Checkpoint {self.prefix}: its data file {path} is "
                                           "missing.") from None
        return data

    def tensor(self, key):
        """The value of tensor `key` as a NumPy array (strings: an object array of bytes)."""
        entry = self.entries[key]
        if len(entry.slices):
            raise errors.UnimplementedError(None, None, f"Checkpoint {self.prefix}: {key!r} is saved in slices "
                                            "(a partitioned variable), which numtf does not read.")
        path = data_path(self.prefix, entry.shard_id, max(self.header.num_shards, 1))
        data = self._shard(entry.shard_id)
        raw = data[entry.offset:entry.offset + entry.size]
        if len(raw) != entry.size or entry.offset < 0:
            raise _data_loss(path, f"tensor {key!r} lies past the end of the file")
        shape = tuple(self.shape(key))
        dtype = self.np_dtype(key)
        try:
            if dtype.kind == "O":
                value, checked = _strings(raw, shape)
            else:
                value, checked = np.frombuffer(raw, dtype.newbyteorder("<")).astype(dtype).reshape(shape), raw
        except (ValueError, _Corrupt) as e:
            raise _data_loss(path, f"tensor {key!r} does not match its shape {list(shape)}: {e}") from None
        if len(entry.crc32c) == 4 and masked_crc32c(checked) != struct.unpack("<I", entry.crc32c)[0]:
            raise _data_loss(path, f"checksum mismatch for tensor {key!r}")
        return value


def _strings(raw, shape):
    n = int(np.prod(shape, dtype=np.int64))
    pos, lengths = 0, []
    for _ in range(n):
        length, pos = _read_varint(raw, pos)
        lengths.append(length)
    check = struct.unpack_from("<I", raw, pos)[0] if pos + 4 <= len(raw) else None
    if check != masked_crc32c(b"".join(struct.pack("<I", x) for x in lengths)):  # sizes as uint32s
        raise _Corrupt("the string lengths' checksum does not match")
    checked = b"".join(struct.pack("<I", x) for x in lengths) + bytes(raw[pos:pos + 4]) + bytes(raw[pos + 4:])
    pos += 4
    out = np.empty(n, object)
    for i, length in enumerate(lengths):
        out[i] = bytes(raw[pos:pos + length])
        pos += length
    if pos != len(raw):
        raise _Corrupt("the string bytes do not add up")
    return out.reshape(shape), checked


def read_bundle(prefix):
    """The checkpoint `prefix` (its `.index` must exist) as a Bundle."""
    return Bundle(prefix)

