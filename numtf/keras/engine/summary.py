"""Model.summary(): Keras 2's table.

Sequential-like models get three columns in 65 characters; other functional models add a
"Connected to" column in 98. Long fields wrap onto following lines, breaking after "),", "],",
"}," or "'," when a chunk contains one, as tf-keras prints them.
"""
import numpy as np


def readable_memory_size(n_bytes):
    units = ["Byte", "KB", "MB", "GB", "TB", "PB"]
    for unit in units:
        if n_bytes / 1024 < 1:
            return f"{n_bytes:.2f} {unit}"
        n_bytes /= 1024
    return f"{n_bytes:.2f} {units[-1]}"


def _count(weights):
    return int(sum(np.prod(w.shape.as_list(), dtype=np.int64) for w in weights)), \
        int(sum(np.prod(w.shape.as_list(), dtype=np.int64) * w.dtype.size for w in weights))


def _output_shape(layer):
    shape = getattr(layer, "_summary_output_shape", None)
    if type(layer).__name__ == "InputLayer":
        return str([tuple(layer._batch_input_shape)])
    return "multiple" if shape is None else str(shape)


def _rows(fields, positions):
    """The printed lines of one table row, wrapping fields that don't fit their column."""
    left = [str(f) for f in fields]
    lines = []
    while any(left):
        line = ""
        for col, text in enumerate(left):
            start = positions[col - 1] if col else 0
            last = col == len(positions) - 1
            gap = 0 if last else 2
            width = positions[col] - start - gap - (1 if col == 0 else 0)
            chunk = text[:width]
            breaks = [chunk.find(m) + len(m) for m in ("),", "},", "],", "',") if chunk.find(m) >= 0]
            if breaks and len(text) > width:
                chunk = chunk[:min(breaks)]
            line += (" " if col == 0 else "") + chunk
            left[col] = text[len(chunk):]
            line += " " * (positions[col] - len(line))
        lines.append(line)
    return lines


def _sequential_like(model):
    nodes = getattr(model, "_nodes", None)
    if nodes is None:
        return True
    depths = getattr(model, "_node_depths", {})
    by_depth = {}
    for node in nodes:
        by_depth.setdefault(depths.get(id(node), 0), []).append(node)
    for group in by_depth.values():
        if len(group) > 1 or (len(group) == 1 and len(group[0].inbound) > 1):
            return False
    layers = [n.layer for n in nodes]
    return len({id(layer) for layer in layers}) == len(layers)


def _connections(model, layer):
    nodes = [n for n in layer._inbound_nodes if n in model._nodes]
    out = []
    for node in nodes:
        for t in node.inbound:
            src, node_index, tensor_index = t._keras_history
            out.append(f"{src.name}[{node_index}][{tensor_index}]")
    return str(out)


def print_summary(model, line_length=None, positions=None, print_fn=None):
    print_fn = print_fn or print
    simple = _sequential_like(model)
    if simple:
        line_length = line_length or 65
        positions = positions or [0.45, 0.85, 1.0]
        headers = ["Layer (type)", "Output Shape", "Param #"]
    else:
        line_length = line_length or 98
        positions = positions or [0.3, 0.6, 0.7, 1.0]
        headers = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]
    print_fn(f'Model: "{model.name}"')
    print_fn("_" * line_length)
    for line in _rows(headers, positions):
        print_fn(line)
    print_fn("=" * line_length)
    layers = model.layers
    for layer in layers:
        params = layer.count_params() if layer.built else 0
        fields = [f"{layer.name} ({type(layer).__name__})", _output_shape(layer), str(params)]
        if not simple:
            fields.append(_connections(model, layer))
        for line in _rows(fields, positions):
            print_fn(line)
        print_fn(" " * line_length)
    print_fn("=" * line_length)
    total, total_b = _count(model.weights)
    train, train_b = _count(model.trainable_weights)
    non, non_b = _count(model.non_trainable_weights)
    print_fn(f"Total params: {total} ({readable_memory_size(total_b)})")
    print_fn(f"Trainable params: {train} ({readable_memory_size(train_b)})")
    print_fn(f"Non-trainable params: {non} ({readable_memory_size(non_b)})")
    print_fn("_" * line_length)
