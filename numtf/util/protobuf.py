"""Protocol-buffer message classes without the protobuf package: the Python API of generated
messages (keyword construction, attribute access, repeated and map containers, oneofs,
`SerializeToString`, `FromString`/`ParseFromString`, `__eq__`, text format via `str()`), for the
few messages numtf declares (tf.train.Example and its parts, numtf/train/example_pb.py).

The wire format itself (varints, field keys) comes from numtf/util/events.py. A message class
lists its fields as `Field(name, number, kind, label, oneof)`; `kind` is "int64", "float",
"bytes", "string" or a Message subclass; `label` is "single", "repeated" or "map" (a map from
string keys to messages).

    >>> class Int64List(Message):
    ...     _FULL_NAME = "tensorflow.Int64List"
    ...     _FIELDS = (Field("value", 1, "int64", "repeated"),)
    >>> Int64List(value=[1, 300]).SerializeToString()
    b'\\n\\x03\\x01\\xac\\x02'
"""
import math
import numbers
import operator
import struct

import numpy as np

from .events import _fields, _packed_varints, _varint

__all__ = ["Field", "Message", "DecodeError"]


class DecodeError(Exception):
    """A serialized message that cannot be parsed (protobuf's `google.protobuf.message.DecodeError`)."""


class Field:
    """One field of a message class (see the module docstring)."""
    __slots__ = ("name", "number", "kind", "label", "oneof")

    def __init__(self, name, number, kind, label="single", oneof=None):
        self.name, self.number, self.kind, self.label, self.oneof = name, number, kind, label, oneof


# -- value checks, as protobuf's TypeErrors word them ---------------------------------------------
def _check_int64(owner, v):
    if isinstance(v, (bool, np.bool_)):
        raise TypeError(f"Field {owner._FULL_NAME}.value: Expected an int, got a boolean.")
    v = operator.index(v)  # "'float' object cannot be interpreted as an integer"
    if not -(1 << 63) <= v < 1 << 63:
        raise ValueError(f"Value out of range: {v}")
    return int(v)


def _check_float(owner, v):
    if isinstance(v, (str, bytes)) or not (isinstance(v, numbers.Real) or hasattr(v, "__float__")):
        raise TypeError(f"must be real number, not {type(v).__name__}")
    with np.errstate(over="ignore"):
        return float(np.float32(float(v)))  # the field holds a float32


def _check_bytes(owner, v):
    if not isinstance(v, bytes):
        raise TypeError(f"expected bytes, {type(v).__name__} found")
    return bytes(v)


def _check_key(v):
    if isinstance(v, bytes):
        return v.decode("utf-8")
    if not isinstance(v, str):
        raise TypeError("bad argument type for built-in operation")
    return v


_CHECKS = {"int64": _check_int64, "float": _check_float, "bytes": _check_bytes}


def _class_error(what, cls, value):
    return TypeError(f"Parameter to {what} must be {'dict or ' if what.startswith('init') else ''}instance of "
                     f"same class: expected {cls} got {type(value)}.")


def _to_message(cls, value, what="initialize message field"):
    """`value` (a `cls` instance or a dict of its fields) as a new `cls` message."""
    if isinstance(value, cls):
        out = cls()
        out.MergeFrom(value)
        return out
    if isinstance(value, dict):
        return cls(**value)
    raise _class_error(what, cls, value)


# -- containers ------------------------------------------------------------------------------------
class _Repeated:
    """What both repeated containers share: the list protocol over `_values`."""
    __slots__ = ()

    def __delitem__(self, index):
        del self._values[index]

    def __getitem__(self, index):
        return self._values[index]

    def __len__(self):
        return len(self._values)

    def __iter__(self):
        return iter(self._values)

    def __eq__(self, other):
        if isinstance(other, _Repeated):
            return self._values == other._values
        return self._values == list(other) if isinstance(other, (list, tuple)) else NotImplemented

    __hash__ = None

    def __repr__(self):
        return repr(self._values)


class RepeatedScalarContainer(_Repeated):
    """A repeated number or bytes field: a list whose elements are checked on the way in."""
    __slots__ = ("_owner", "_check", "_values")

    def __init__(self, owner, check):
        self._owner, self._check, self._values = owner, check, []

    def _conv(self, v):
        return self._check(self._owner, v)

    def append(self, value):
        self._values.append(self._conv(value))
        self._owner._modified()

    def extend(self, values):
        if values is None:
            return
        try:
            it = iter(values)
        except TypeError:
            raise TypeError("must assign iterable") from None
        new = [self._conv(v) for v in it]
        if new:
            self._values.extend(new)
            self._owner._modified()

    def insert(self, index, value):
        self._values.insert(index, self._conv(value))
        self._owner._modified()

    def pop(self, index=-1):
        return self._values.pop(index)

    def remove(self, value):
        self._values.remove(value)

    def __setitem__(self, index, value):
        if isinstance(index, slice):
            self._values[index] = [self._conv(v) for v in value]
        else:
            self._values[index] = self._conv(value)
        self._owner._modified()


class RepeatedCompositeContainer(_Repeated):
    """A repeated message field: `add(**fields)`, `append(msg)` (a copy), indexing, `len`."""
    __slots__ = ("_owner", "_cls", "_values")

    def __init__(self, owner, cls):
        self._owner, self._cls, self._values = owner, cls, []

    def add(self, **kwargs):
        msg = self._cls(**kwargs)
        self._values.append(msg)
        self._owner._modified()
        return msg

    def append(self, value):
        self._values.append(_to_message(self._cls, value, "CopyFrom()") if not isinstance(value, dict)
                            else self._cls(**value))
        self._owner._modified()

    def extend(self, values):
        for v in values:
            self.append(v)

    def pop(self, index=-1):
        return self._values.pop(index)


class MessageMap:
    """A map<string, message> field: `m[key]` creates a missing entry (as protobuf does); entries
    keep their insertion order (serialization order); values cannot be assigned, only changed
    in place (`m[key].CopyFrom(msg)`)."""
    __slots__ = ("_owner", "_cls", "_values")

    def __init__(self, owner, cls):
        self._owner, self._cls, self._values = owner, cls, {}

    def __getitem__(self, key):
        key = _check_key(key)
        msg = self._values.get(key)
        if msg is None:
            msg = self._values[key] = self._cls()
            self._owner._modified()
        return msg

    get_or_create = __getitem__

    def get(self, key, default=None):
        return self._values.get(_check_key(key), default)

    def __setitem__(self, key, value):
        raise ValueError("Message objects may not be assigned")

    def _set(self, key, value):
        self._values[_check_key(key)] = _to_message(self._cls, value, "CopyFrom()")

    def __delitem__(self, key):
        del self._values[_check_key(key)]

    def __contains__(self, key):
        return _check_key(key) in self._values

    def __len__(self):
        return len(self._values)

    def __iter__(self):
        return iter(self._values)

    def keys(self):
        return self._values.keys()

    def values(self):
        return self._values.values()

    def items(self):
        return self._values.items()

    def clear(self):
        self._values.clear()

    def __eq__(self, other):
        if isinstance(other, MessageMap):
            other = other._values
        return self._values == other

    __hash__ = None

    def __repr__(self):
        return repr(self._values)


# -- messages ----------------------------------------------------------------------------------------
class Message:
    """Base of the message classes: see the module docstring."""
    _FULL_NAME = ""
    _FIELDS = ()
    __slots__ = ("_values", "_parent", "_unknown")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._BY_NAME = {f.name: f for f in cls._FIELDS}
        cls._BY_NUMBER = {f.number: f for f in cls._FIELDS}
        cls._ORDERED = sorted(cls._FIELDS, key=lambda f: f.number)

    def __init__(self, *args, **kwargs):
        if args:
            raise TypeError("No positional arguments allowed")
        object.__setattr__(self, "_values", {})
        object.__setattr__(self, "_parent", None)  # (message, field) while unset in a parent
        object.__setattr__(self, "_unknown", b"")
        for f in self._FIELDS:
            if f.label == "repeated":
                self._values[f.name] = (RepeatedCompositeContainer(self, f.kind) if isinstance(f.kind, type)
                                        else RepeatedScalarContainer(self, _CHECKS[f.kind]))
            elif f.label == "map":
                self._values[f.name] = MessageMap(self, f.kind)
        for name, value in kwargs.items():
            f = self._BY_NAME.get(name)
            if f is None:
                raise ValueError(f'Protocol message {type(self).__name__} has no "{name}" field.')
            if value is None:
                continue
            if f.label == "repeated":
                if isinstance(f.kind, type):
                    for v in value:
                        self._values[name].append(_to_message(f.kind, v))
                else:
                    self._values[name].extend(value)
            elif f.label == "map":
                for k, v in value.items():
                    self._values[name]._set(k, v)
            else:
                self._adopt(f, _to_message(f.kind, value))

    # presence: a sub-message read while unset is detached until something changes it
    def _adopt(self, field, child):
        if field.oneof is not None:
            for other in self._FIELDS:
                if other.oneof == field.oneof and other is not field:
                    self._values.pop(other.name, None)
        child._parent = None
        self._values[field.name] = child

    def _modified(self):
        parent = self._parent
        if parent is not None:
            msg, field = parent
            msg._adopt(field, self)
            msg._modified()

    def __getattr__(self, name):
        f = type(self)._BY_NAME.get(name) if not name.startswith("_") else None
        if f is None:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        child = self._values.get(name)
        if child is None:  # an unset sub-message: a detached default instance
            child = f.kind()
            child._parent = (self, f)
        return child

    def __setattr__(self, name, value):
        if name.startswith("_"):
            return object.__setattr__(self, name, value)
        f = self._BY_NAME.get(name)
        if f is None:
            raise AttributeError(f'Protocol message {type(self).__name__} has no "{name}" field.')
        if f.label == "single":
            raise AttributeError(f'Assignment not allowed to message field "{name}" in protocol message object.')
        raise AttributeError(f'Assignment not allowed to map, or repeated field "{name}" in protocol message object.')

    # -- the protobuf Message API
    def HasField(self, name):  # noqa: N802 - protobuf's names
        """Whether the singular sub-message field `name` is set."""
        f = self._field(name)
        if f.label != "single":
            raise ValueError(f"Field {self._FULL_NAME}.{name} does not have presence.")
        return name in self._values

    def WhichOneof(self, oneof_group):  # noqa: N802
        """The name of the field of `oneof_group` that is set, or None."""
        members = [f for f in self._FIELDS if f.oneof == oneof_group]
        if not members:
            raise ValueError(f'Protocol message {type(self).__name__} has no "{oneof_group}" field.')
        return next((f.name for f in members if f.name in self._values), None)

    def _field(self, name):
        f = self._BY_NAME.get(name)
        if f is None:
            raise ValueError(f'Protocol message {type(self).__name__} has no "{name}" field.')
        return f

    def ClearField(self, name):  # noqa: N802
        f = self._field(name)
        if f.label == "single":
            self._values.pop(name, None)
        else:
            self._values[name]._values.clear()

    def Clear(self):  # noqa: N802
        for f in self._FIELDS:
            self.ClearField(f.name)
        object.__setattr__(self, "_unknown", b"")

    def ListFields(self):  # noqa: N802
        """(field, value) pairs of the fields that are set, in field-number order (the field is
        this module's Field, which has `name` and `number` as a protobuf FieldDescriptor does)."""
        out = []
        for f in self._ORDERED:
            v = self._values.get(f.name)
            if v is not None and (f.label == "single" or len(v)):
                out.append((f, v))
        return out

    def IsInitialized(self):  # noqa: N802 - proto3 messages have no required fields
        return True

    def CopyFrom(self, other):  # noqa: N802
        if not isinstance(other, type(self)):
            raise _class_error("CopyFrom()", type(self), other)
        if other is not self:
            self.Clear()
            self.MergeFrom(other)
        self._modified()

    def MergeFrom(self, other):  # noqa: N802
        """Merges `other` (same class) in: set sub-messages merge, repeated fields append, map
        entries are replaced."""
        if not isinstance(other, type(self)):
            raise _class_error("MergeFrom()", type(self), other)
        self.MergeFromString(other.SerializeToString())

    def SerializeToString(self, deterministic=False):  # noqa: N802
        """The wire-format bytes; maps in insertion order, or by key with `deterministic=True`."""
        out = bytearray()
        for f in self._ORDERED:
            v = self._values.get(f.name)
            if v is None:
                continue
            key = _varint(f.number << 3 | 2)
            if f.label == "single":
                body = v.SerializeToString(deterministic)
                out += key + _varint(len(body)) + body
            elif f.label == "map":
                keys = sorted(v._values) if deterministic else v._values
                for k in keys:
                    kb = k.encode("utf-8")
                    vb = v._values[k].SerializeToString(deterministic)
                    entry = b"\n" + _varint(len(kb)) + kb + b"\x12" + _varint(len(vb)) + vb
                    out += key + _varint(len(entry)) + entry
            elif not len(v):
                continue
            elif isinstance(f.kind, type):
                for m in v._values:
                    body = m.SerializeToString(deterministic)
                    out += key + _varint(len(body)) + body
            elif f.kind == "float":  # packed
                out += key + _varint(4 * len(v)) + np.asarray(v._values, "<f4").tobytes()
            elif f.kind == "int64":  # packed
                body = b"".join(_varint(x) for x in v._values)
                out += key + _varint(len(body)) + body
            else:
                for b in v._values:
                    out += key + _varint(len(b)) + b
        return bytes(out + self._unknown)

    SerializePartialToString = SerializeToString

    def ByteSize(self):  # noqa: N802
        return len(self.SerializeToString())

    def MergeFromString(self, serialized):  # noqa: N802
        """Parses `serialized` into this message (merging); returns the number of bytes read."""
        if isinstance(serialized, str):
            raise TypeError("expected bytes, str found")
        buf = bytes(serialized)
        try:
            self._merge(buf)
        except (ValueError, TypeError, struct.error, UnicodeDecodeError):
            raise DecodeError(f"Error parsing message with type '{self._FULL_NAME}': Wire format was corrupt") \
                from None
        self._modified()
        return len(buf)

    def ParseFromString(self, serialized):  # noqa: N802
        """Replaces the contents with the parsed `serialized`; returns the number of bytes read."""
        self.Clear()
        return self.MergeFromString(serialized)

    @classmethod
    def FromString(cls, serialized):  # noqa: N802
        """A new message parsed from `serialized` bytes.

            >>> tf.train.Example.FromString(example.SerializeToString()) == example   # doctest: +SKIP
            True
        """
        msg = cls()
        msg.ParseFromString(serialized)
        return msg

    def _merge(self, buf):
        unknown = bytearray()
        for number, wire, value in _fields(buf):
            if number == 0:
                raise ValueError("field number 0")
            f = self._BY_NUMBER.get(number)
            if f is None or (wire != 2 and not (f.kind in ("int64", "float") and wire == (0 if f.kind == "int64"
                                                                                            else 5))):
                unknown += _raw_field(number, wire, value)
                continue
            if f.label == "single":
                child = self._values.get(f.name)
                if child is None:
                    child = f.kind()
                    self._adopt(f, child)
                child._merge(value)
            elif f.label == "map":
                key, entry = "", f.kind()
                for n, w, v in _fields(value):
                    if n == 1 and w == 2:
                        key = bytes(v).decode("utf-8")
                    elif n == 2 and w == 2:
                        entry._merge(v)
                self._values[f.name]._values[key] = entry
            elif isinstance(f.kind, type):
                child = f.kind()
                child._merge(value)
                self._values[f.name]._values.append(child)
            else:
                self._values[f.name]._values.extend(_scalars(f.kind, wire, value))
        if unknown:
            object.__setattr__(self, "_unknown", self._unknown + bytes(unknown))

    # -- comparisons, copies and the text format
    def __eq__(self, other):
        if not isinstance(other, Message):
            return NotImplemented
        return type(self) is type(other) and self.SerializeToString(True) == other.SerializeToString(True)

    __hash__ = None

    def __reduce__(self):  # pickling and copy.copy/deepcopy go through the bytes
        return type(self).FromString, (self.SerializeToString(),)

    def __str__(self):
        return "".join(_text_lines(self, ""))

    __repr__ = __str__


def _raw_field(number, wire, value):
    key = _varint(number << 3 | wire)
    if wire == 0:
        return key + _varint(value)
    if wire == 2:
        return key + _varint(len(value)) + bytes(value)
    return key + bytes(value)


def _scalars(kind, wire, value):
    if kind == "bytes":
        return [bytes(value)]
    if kind == "float":
        if len(value) % 4:
            raise ValueError("truncated packed float")
        return np.frombuffer(value, "<f4").astype(float).tolist()
    vals = [value] if wire == 0 else list(_packed_varints(value))
    return [v - (1 << 64) if v >= 1 << 63 else v for v in vals]


# -- text format, as `print(message)` shows it ----------------------------------------------------------
_ESCAPES = {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", ord('"'): '\\"', ord("'"): "\\'",
            ord("\\"): "\\\\"}


def _quote(value):
    """A bytes or str value in text format: C escapes, other bytes outside ASCII's printable range
    in octal (str values keep their non-ASCII characters)."""
    if isinstance(value, str):
        return '"' + "".join(_ESCAPES.get(ord(c), c if ord(c) >= 0x20 and ord(c) != 0x7F else f"\\{ord(c):03o}")
                             for c in value) + '"'
    return '"' + "".join(_ESCAPES.get(b, chr(b) if 0x20 <= b < 0x7F else f"\\{b:03o}") for b in value) + '"'


def _format_float(v):
    """A float32 value the way protobuf prints it: 6 significant digits when they give the value
    back, else 9."""
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    short = f"{v:.6g}"
    return short if float(np.float32(float(short))) == v else f"{v:.9g}"


def _text_lines(msg, ind):
    for f in msg._ORDERED:
        v = msg._values.get(f.name)
        if v is None:
            continue
        if f.label == "single":
            yield from _block(f.name, v, ind)
        elif f.label == "map":
            for k in sorted(v._values):  # by key, as protobuf's text format prints maps
                yield f"{ind}{f.name} {{\n{ind}  key: {_quote(k)}\n"
                yield from _block("value", v._values[k], ind + "  ")
                yield f"{ind}}}\n"
        elif isinstance(f.kind, type):
            for m in v._values:
                yield from _block(f.name, m, ind)
        else:
            fmt = {"float": _format_float, "int64": str, "bytes": _quote}[f.kind]
            for x in v._values:
                yield f"{ind}{f.name}: {fmt(x)}\n"


def _block(name, msg, ind):
    yield f"{ind}{name} {{\n"
    yield from _text_lines(msg, ind + "  ")
    yield f"{ind}}}\n"
