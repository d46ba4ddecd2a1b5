"""`tf.TensorArray`: a list of tensors, written and read by index.

Eagerly it is a Python list of tensors (writes update it in place and return the same array;
reads give back the written tensor, so the tape differentiates through it for free). In a graph
it follows TensorFlow's flow design: every write returns a new TensorArray around a new `flow`
tensor, whose run-time value is an immutable `TensorList` (a Python list of arrays). Loops and
conditionals carry TensorArrays as their flows. The flow is a float32 scalar in static terms (as
TF 1's flow was), so the graph backward pass sends gradients through it: the gradient of a flow is
a TensorList of per-element gradients (or a 0.0 scalar meaning all zeros).

    >>> ta = tf.TensorArray(tf.float32, size=2).write(0, 1.0).write(1, 2.0)
    >>> ta.stack().numpy()
    array([1., 2.], dtype=float32)
"""
import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import InvalidArgumentError, OutOfRangeError
from ..framework.tensor import Tensor, SymbolicTensor
from ..framework.tensor_shape import TensorShape
from .convert import convert_to_tensor
from .registry import primitive, no_gradient, defgrad, execute

__all__ = ["TensorArray"]

_FLOW = dtypes.float32
_FLOW_SPEC = [(TensorShape([]), _FLOW)]


class TensorList:
    """The run-time value of a graph TensorArray's flow: items (arrays, None if unwritten).
    `+` adds elementwise (gradients of one flow used twice are summed by the backward pass);
    anything that is not a TensorList counts as zero."""
    __slots__ = ("items",)

    def __init__(self, items):
        self.items = items

    def __add__(self, other):
        if not isinstance(other, TensorList):
            return self
        a, b = self.items, other.items
        out = []
        for i in range(max(len(a), len(b))):
            x = a[i] if i < len(a) else None
            y = b[i] if i < len(b) else None
            out.append(y if x is None else x if y is None else x + y)
        return TensorList(out)

    __radd__ = __add__

    def __repr__(self):
        return f"<TensorList of {len(self.items)}>"


def _err(op, msg):
    return InvalidArgumentError(None, op, f"{msg} [Op:{op}]")


def _element_zeros(lst, element_shape, dtype, op):
    """Zeros standing in for an unwritten element: of the declared element shape, else of the
    shape of a written element."""
    if element_shape.is_fully_defined():
        return np.zeros(element_shape.as_list(), dtype._np)
    for x in lst.items:
        if x is not None:
            return np.zeros_like(x)
    raise _err(op, "Trying to read an uninitialized tensor but element_shape is not fully defined: "
                   f"{element_shape} and no list element is set.")


def _filled(lst, element_shape, dtype, op):
    zero = None
    out = []
    for x in lst.items:
        if x is None:
            if zero is None:
                zero = _element_zeros(lst, element_shape, dtype, op)
            x = zero
        out.append(x)
    return out


def _index(i, n, op, verb):
    i = int(i)
    if i < 0 or i >= n:
        raise _err(op, f"Trying to {verb} element {i} in a list with {n} elements.")
    return i


# -- forward ops on flows (graph mode) ---------------------------------------------------------
def _reserve(size, element_shape, element_dtype):
    return TensorList([None] * int(size))


def _set_item(lst, index, item, resize):
    items = list(lst.items)
    i = int(index)
    if resize and i >= len(items):
        items.extend([None] * (i + 1 - len(items)))
    items[_index(i, len(items), "TensorListSetItem", "modify")] = item
    return TensorList(items)


def _get_item(lst, index, element_shape, element_dtype):
    x = lst.items[_index(index, len(lst.items), "TensorListGetItem", "access")]
    return _element_zeros(lst, element_shape, element_dtype, "TensorListGetItem") if x is None else x


def _stack(lst, element_shape, element_dtype, num_elements):
    if all(x is None for x in lst.items):
        if not element_shape.is_fully_defined():
            raise _err("TensorListStack", "Tried to stack list which only contains uninitialized tensors and has a "
                                          f"non-fully-defined element_shape: {element_shape}")
        return np.zeros([len(lst.items)] + element_shape.as_list(), element_dtype._np)
    return np.stack(_filled(lst, element_shape, element_dtype, "TensorListStack"))


def _from_tensor(tensor):
    return TensorList([tensor[i] for i in range(tensor.shape[0])])


def _gather(lst, indices, element_shape, element_dtype):
    n = len(lst.items)
    rows = [lst.items[_index(i, n, "TensorListGather", "access")] for i in np.reshape(indices, -1)]
    if not rows:
        return np.zeros([0] + (element_shape.as_list() if element_shape.is_fully_defined() else []),
                        element_dtype._np)
    zero = None
    out = []
    for x in rows:
        if x is None:
            zero = _element_zeros(lst, element_shape, element_dtype, "TensorListGather") if zero is None else zero
            x = zero
        out.append(x)
    return np.stack(out)


def _scatter(lst, tensor, indices, resize):
    items = list(lst.items)
    for row, i in zip(tensor, np.reshape(indices, -1)):
        i = int(i)
        if resize and i >= len(items):
            items.extend([None] * (i + 1 - len(items)))
        items[_index(i, len(items), "TensorListScatterIntoExistingList", "modify")] = row
    return TensorList(items)


def _concat(lst, element_shape, element_dtype):
    items = _filled(lst, element_shape, element_dtype, "TensorListConcat")
    for k, x in enumerate(items):
        if np.ndim(x) == 0:
            raise _err("TensorListConcat", f"Concat saw a scalar shape at index {k} but requires at least vectors.")
    if not items:
        return np.zeros([0] + element_shape.as_list()[1:], element_dtype._np)
    return np.concatenate(items, axis=0)


def _split(tensor, lengths):
    lengths = [int(n) for n in np.reshape(lengths, -1)]
    if sum(lengths) != tensor.shape[0]:
        raise _err("TensorListSplit", f"Expected sum of lengths to be equal to values.shape[0], but sum of lengths "
                                      f"is {sum(lengths)} and value's shape is: {list(tensor.shape)}")
    bounds = np.cumsum([0] + lengths)
    return TensorList([tensor[bounds[k]:bounds[k + 1]] for k in range(len(lengths))])


def _length(lst):
    return np.array(len(lst.items), np.int32)


def _flow_infer(ins, attrs):
    return _FLOW_SPEC


def _element_infer(ins, attrs):
    return [(attrs["element_shape"], attrs["element_dtype"])]


def _rows_infer(n):
    def infer(ins, attrs):
        es = attrs["element_shape"]
        return [(TensorShape([n(ins, attrs)]).concatenate(es), attrs["element_dtype"])]
    return infer


def _indices_count(ins, attrs):
    s = ins[1].shape
    return None if s.rank is None else s.num_elements()


def _concat_infer(ins, attrs):
    es = attrs["element_shape"]
    shape = TensorShape(None) if es.rank is None else TensorShape([None] + es.as_list()[1:])
    return [(shape, attrs["element_dtype"])]


RESERVE = primitive("TensorListReserve", _reserve, _flow_infer)
SET_ITEM = primitive("TensorListSetItem", _set_item, _flow_infer)
GET_ITEM = primitive("TensorListGetItem", _get_item, _element_infer)
STACK = primitive("TensorListStack", _stack, _rows_infer(lambda ins, attrs: attrs["num_elements"]))
FROM_TENSOR = primitive("TensorListFromTensor", _from_tensor, _flow_infer)
GATHER = primitive("TensorListGather", _gather, _rows_infer(_indices_count))
SCATTER = primitive("TensorListScatterIntoExistingList", _scatter, _flow_infer)
CONCAT = primitive("TensorListConcat", _concat, _concat_infer)
SPLIT = primitive("TensorListSplit", _split, _flow_infer)
LENGTH = primitive("TensorListLength", _length, lambda ins, attrs: [(TensorShape([]), dtypes.int32)])
no_gradient(RESERVE, "a new TensorArray's flow depends on no differentiable input")
no_gradient(LENGTH, "the length of a TensorArray is an integer")


# -- gradient ops: they map flow gradients (TensorLists, or 0.0 for zero) to tensors --------
def _grad_clear(g, indices):
    if not isinstance(g, TensorList):
        return g
    items = list(g.items)
    for i in np.reshape(indices, -1):
        if int(i) < len(items):
            items[int(i)] = None
    return TensorList(items)


def _grad_pick(g, indices, like):
    if np.ndim(indices) == 0:
        x = g.items[int(indices)] if isinstance(g, TensorList) and int(indices) < len(g.items) else None
        return np.zeros_like(like) if x is None else x
    rows = []
    for k, i in enumerate(np.reshape(indices, -1)):
        x = g.items[int(i)] if isinstance(g, TensorList) and int(i) < len(g.items) else None
        rows.append(np.zeros_like(like[k]) if x is None else x)
    return np.stack(rows) if rows else np.zeros_like(like)


def _grad_place(lst, indices, value):
    items = [None] * len(lst.items)
    rows = [value] if np.ndim(indices) == 0 else list(value)
    for i, row in zip(np.reshape(indices, -1), rows):
        i = int(i)
        items[i] = row if items[i] is None else items[i] + row
    return TensorList(items)


def _grad_stack(g, like):
    if not isinstance(g, TensorList):
        return np.zeros_like(like)
    return np.stack([np.zeros_like(like[k]) if x is None else x for k, x in enumerate(g.items)])


def _grad_split(lst, g, element_shape):
    lengths = [x.shape[0] if x is not None else element_shape[0] for x in lst.items]
    bounds = np.cumsum([0] + lengths)
    return TensorList([g[bounds[k]:bounds[k + 1]] for k in range(len(lengths))])


def _grad_concat(g, like, lengths):
    if not isinstance(g, TensorList):
        return np.zeros_like(like)
    lengths = [int(n) for n in np.reshape(lengths, -1)]
    rows = [np.zeros((n,) + like.shape[1:], like.dtype) if x is None else x for x, n in zip(g.items, lengths)]
    return np.concatenate(rows, axis=0)


def _like_infer(k):
    return lambda ins, attrs: [(ins[k].shape, ins[k].dtype)]


def _pick_infer(ins, attrs):
    like = ins[2]
    return [(like.shape, like.dtype)]


G_CLEAR = primitive("TensorListGradClear", _grad_clear, _flow_infer)
G_PICK = primitive("TensorListGradPick", _grad_pick, _pick_infer)
G_PLACE = primitive("TensorListGradPlace", _grad_place, _flow_infer)
G_STACK = primitive("TensorListGradStack", _grad_stack, _like_infer(1))
G_SPLIT = primitive("TensorListGradSplit", _grad_split, _flow_infer)
G_CONCAT = primitive("TensorListGradConcat", _grad_concat, _like_infer(1))


def _no_second_order(node, *grads):
    raise NotImplementedError(f"Second-order gradients through {node.op.name} are not supported.")


for _op in (G_CLEAR, G_PICK, G_PLACE, G_STACK, G_SPLIT, G_CONCAT):
    defgrad(_op, _no_second_order)

defgrad(SET_ITEM, lambda n, g: (execute(G_CLEAR, (g, n.inputs[1])), None,
                                execute(G_PICK, (g, n.inputs[1], n.inputs[2]))))
defgrad(GET_ITEM, lambda n, g: (execute(G_PLACE, (n.inputs[0], n.inputs[1], g)), None))
defgrad(STACK, lambda n, g: (execute(FROM_TENSOR, (g,)),))
defgrad(FROM_TENSOR, lambda n, g: (execute(G_STACK, (g, n.inputs[0])),))
defgrad(GATHER, lambda n, g: (execute(G_PLACE, (n.inputs[0], n.inputs[1], g)), None))
defgrad(SCATTER, lambda n, g: (execute(G_CLEAR, (g, n.inputs[2])), execute(G_PICK, (g, n.inputs[2], n.inputs[1])),
                               None))
defgrad(CONCAT, lambda n, g: (execute(G_SPLIT, (n.inputs[0], g), {"element_shape": n.attrs["element_shape"]}),))
defgrad(SPLIT, lambda n, g: (execute(G_CONCAT, (g, n.inputs[0], n.inputs[1])), None))


# -- the public class ------------------------------------------------------------------------
def _api():
    import numtf  # the public ops (stack, concat...), loaded by the time a TensorArray is used
    return numtf


def _graph_of(*values):
    if ctx.graph is not None:
        return ctx.graph
    for v in values:
        if isinstance(v, SymbolicTensor):
            return v.graph
    return None


def _static_int(x):
    if isinstance(x, (int, np.integer)):
        return int(x)
    if type(x) is Tensor:
        return int(x._value)
    return None


class TensorArray:
    """A list of tensors of one dtype: `write`/`read` by index, `stack`/`unstack`, `gather`/
    `scatter`, `concat`/`split`, `size`.

        >>> tf.TensorArray(tf.int32, size=0, dynamic_size=True).write(2, 7).stack().numpy()
        array([0, 0, 7], dtype=int32)
    """

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None, tensor_array_name=None,
                 handle=None, flow=None, infer_shape=True, element_shape=None,
                 colocate_with_first_write_call=True, name=None):
        self._dtype = dtypes.as_dtype(dtype)
        self._dynamic_size = bool(dynamic_size)
        self._clear_after_read = True if clear_after_read is None else bool(clear_after_read)
        self._infer_shape = infer_shape
        self._element_shape = [TensorShape(element_shape)]  # shared by the arrays a write derives
        graph = _graph_of(flow, size)
        if graph is None:
            if handle is not None:
                raise ValueError("TensorArray handles are not supported when eager execution is enabled.")
            if size is None:
                raise ValueError("Size must be declared for TensorArrays when eager execution is enabled.")
            self._size = _static_int(size)
            self._items = [None] * self._size
            self._cleared = set()
            self._flow = None
            return
        if flow is None and size is None:
            raise ValueError("Argument `size` must be provided if argument `flow` is not provided.")
        if flow is not None and size is not None:
            raise ValueError("Cannot provide both `flow` and `size` arguments at the same time.")
        self._items = None
        self._size = None if size is None else (_static_int(size) if _static_int(size) is not None else size)
        if flow is None:
            size_t = convert_to_tensor(size, dtypes.int32) if not isinstance(size, Tensor) else size
            flow = execute(RESERVE, (size_t,), {"element_shape": self.element_shape, "element_dtype": self._dtype})
        self._flow = flow

    # -- properties ------------------------------------------------------------------------
    @property
    def dtype(self):
        return self._dtype

    @property
    def element_shape(self):
        return self._element_shape[0]

    @property
    def dynamic_size(self):
        return self._dynamic_size

    @property
    def handle(self):
        return None

    @property
    def flow(self):
        """The flow tensor a graph TensorArray is carried by (eagerly a dummy 0)."""
        if self._flow is None:
            return convert_to_tensor(0, dtypes.int32)
        return self._flow

    def mark_used(self):
        pass

    def identity(self):
        return self

    def grad(self, source, flow=None, name=None):
        raise NotImplementedError("TensorArray.grad is not supported: numtf differentiates TensorArray "
                                  "operations like any other op.")

    # -- graph helpers -------------------------------------------------------------------------
    def _graph_flow(self):
        if self._flow is None:
            raise NotImplementedError(
                "Attempting to build a graph-mode TF2-style TensorArray from an eager-mode TensorArray. This "
                "is not currently supported. You may be attempting to capture a TensorArray inside a "
                "tf.function or tf.data map function. Instead, construct a new TensorArray inside the function.")
        return self._flow

    def _with_flow(self, flow):
        ta = object.__new__(TensorArray)
        ta.__dict__.update(self.__dict__)
        ta._flow = flow
        return ta

    def _eager(self):
        if self._flow is not None:
            return False
        if ctx.graph is not None:
            self._graph_flow()
        return True

    def _check_shape(self, shape, eager):
        if not shape.is_compatible_with(self.element_shape):
            if eager:
                raise ValueError(f"Incompatible shape for value ({shape}), expected ({self.element_shape})")
            raise ValueError(f"Inconsistent shapes: saw {shape} but expected {self.element_shape} ")
        if self._infer_shape:
            self._element_shape[0] = self.element_shape.merge_with(shape)

    def _value(self, value, eager):
        value = convert_to_tensor(value, preferred_dtype=self._dtype)
        if value.dtype is not self._dtype:
            msg = f"TensorArray dtype is {self._dtype.name} but Op is trying to write dtype {value.dtype.name} "
            if eager:
                raise InvalidArgumentError(None, "TensorArrayWrite", msg)
            raise TypeError(msg)
        return value

    def _attrs(self):
        return {"element_shape": self.element_shape, "element_dtype": self._dtype}

    # -- eager helpers -----------------------------------------------------------------------
    def _maybe_zero(self, i):
        x = self._items[i]
        if x is None:
            x = self._items[i] = _api().zeros(self.element_shape, self._dtype)
        return x

    def _eager_index(self, index, verb):
        i = _static_int(index)
        if i < 0:
            raise OutOfRangeError(None, None, f"{verb.capitalize()} negative indices (index {i}) is not allowed.")
        return i

    # -- the API -----------------------------------------------------------------------------
    def write(self, index, value, name=None):
        """The array with `value` at `index` (eagerly: this array, updated)."""
        eager = self._eager()
        value = self._value(value, eager)
        if not eager:
            self._check_shape(value.shape, False)
            flow = execute(SET_ITEM, (self._flow, convert_to_tensor(index), value), {"resize": self._dynamic_size})
            return self._with_flow(flow)
        self._write(self._eager_index(index, "writing to"), value)
        return self

    def _write(self, i, value):
        n = len(self._items)
        if i >= n:
            if not self._dynamic_size:
                raise OutOfRangeError(None, None, f"Tried to write to index {i} but array is not resizeable and "
                                                  f"size is: {n} ")
            self._items.extend([None] * (i + 1 - n))
        self._check_shape(value.shape, True)
        self._items[i] = value
        self._cleared.discard(i)

    def read(self, index, name=None):
        """The element at `index` (zeros if never written)."""
        if not self._eager():
            return execute(GET_ITEM, (self._flow, convert_to_tensor(index)), self._attrs())
        i = self._eager_index(index, "reading from")
        if i >= len(self._items):
            raise OutOfRangeError(None, None, f"Tried to read from index {i} but array size is: {len(self._items)} ")
        x = self._items[i]
        if x is None:
            if i in self._cleared:
                raise InvalidArgumentError(None, None, f"Could not read index {i} twice because it was cleared "
                                                       "after a previous read (perhaps try setting clear_after_read"
                                                       " = false?)")
            x = self._maybe_zero(i)
        if self._clear_after_read:
            self._items[i] = None
            self._cleared.add(i)
        return x

    def stack(self, name=None):
        """All elements stacked along a new first axis."""
        if not self._eager():
            n = None if self._dynamic_size else _static_int(self._size)
            return execute(STACK, (self._flow,), dict(self._attrs(), num_elements=n))
        tf = _api()
        if not self._items:
            if self.element_shape.is_fully_defined():
                return tf.zeros([0] + self.element_shape.as_list(), self._dtype)
            return tf.zeros([0], self._dtype)
        return tf.stack([self._maybe_zero(i) for i in range(len(self._items))])

    def gather(self, indices, name=None):
        """The elements at `indices`, stacked."""
        if not self._eager():
            return execute(GATHER, (self._flow, convert_to_tensor(indices)), self._attrs())
        idx = np.reshape(np.asarray(indices._value if isinstance(indices, Tensor) else indices), -1)
        return _api().stack([self._maybe_zero(int(i)) for i in idx])

    def concat(self, name=None):
        """All elements concatenated along their first axis."""
        if not self._eager():
            return execute(CONCAT, (self._flow,), self._attrs())
        items = [self._maybe_zero(i) for i in range(len(self._items))]
        for k, x in enumerate(items):
            if x.shape.rank == 0:
                raise InvalidArgumentError(None, None, f"Concat saw a scalar shape at index {k} but requires at "
                                                       "least vectors.")
        return _api().concat(items, 0)

    def unstack(self, value, name=None):
        """The array holding the rows of `value`."""
        eager = self._eager()
        value = self._value(value, eager)
        if not eager:
            self._check_shape(value.shape[1:] if value.shape.rank else TensorShape(None), False)
            return self._with_flow(execute(FROM_TENSOR, (value,)))
        rows = _api().unstack(value)
        if len(rows) > len(self._items) and not self._dynamic_size:
            raise ValueError(f"Cannot unstack {len(rows)} tensors into a TensorArray of static size "
                             f"{len(self._items)} ")
        self._items = list(rows)
        self._cleared = set()
        return self

    def scatter(self, indices, value, name=None):
        """The array with the rows of `value` written at `indices`."""
        eager = self._eager()
        value = self._value(value, eager)
        if not eager:
            self._check_shape(value.shape[1:] if value.shape.rank else TensorShape(None), False)
            flow = execute(SCATTER, (self._flow, value, convert_to_tensor(indices)), {"resize": self._dynamic_size})
            return self._with_flow(flow)
        idx = np.reshape(np.asarray(indices._value if isinstance(indices, Tensor) else indices), -1)
        for i, row in zip(idx, _api().unstack(value)):
            self._write(self._eager_index(int(i), "writing to"), row)
        return self

    def split(self, value, lengths, name=None):
        """The array holding consecutive pieces of `value` of the given `lengths`."""
        eager = self._eager()
        value = self._value(value, eager)
        lengths_t = convert_to_tensor(lengths, dtypes.int64) if not isinstance(lengths, Tensor) else lengths
        if not eager:
            return self._with_flow(execute(SPLIT, (value, lengths_t)))
        lens = [int(n) for n in np.reshape(lengths_t._value, -1)]
        if lengths_t.shape.rank != 1:
            raise InvalidArgumentError(None, None, f"Expected lengths to be a vector, received shape: "
                                                   f"{lengths_t.shape.as_list()} ")
        if value.shape.rank == 0:
            raise InvalidArgumentError(None, None, "Expected value to be at least a vector, but received shape: [] ")
        if sum(lens) != value.shape[0]:
            raise InvalidArgumentError(None, None, f"Expected sum of lengths to be equal to values.shape[0], but sum "
                                                   f"of lengths is {sum(lens)} and value's shape is: "
                                                   f"{value.shape.as_list()} ")
        if not self._dynamic_size and len(lens) != len(self._items):
            raise InvalidArgumentError(None, None, f"TensorArray's size is not equal to the size of lengths "
                                                   f"({len(self._items)} vs. {len(lens)}), and the TensorArray is "
                                                   "not marked as dynamically resizeable.")
        self._items = list(_api().split(value, lens)) if lens else []
        self._cleared = set()
        return self

    def size(self, name=None):
        """The number of elements, an int32 scalar."""
        if not self._eager():
            n = None if self._dynamic_size else self._size
            if n is not None:
                return convert_to_tensor(n, dtypes.int32) if not isinstance(n, Tensor) else n
            return execute(LENGTH, (self._flow,))
        return convert_to_tensor(len(self._items), dtypes.int32)

    def close(self, name=None):
        """Releases the elements (eagerly); a no-op in graphs."""
        if self._flow is None:
            del self._items[:]
