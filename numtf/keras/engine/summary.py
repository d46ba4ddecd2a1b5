"""Model.summary(): Keras 2's table.

Sequential-like models get three columns in 65 characters; other functional models add a
"Connected to" column in 98; `show_trainable` adds an 11-character "Trainable" column (Y/N).
Long fields wrap onto following lines, breaking after "),", "],", "}," or "'," when a chunk
contains one, as tf-keras prints them. `expand_nested` prints a nested model's layers inside a
box of bars under its row.
"""
import re

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


def _rows(fields, positions, level=0):
    """The printed lines of one table row, wrapping fields that don't fit their column: a column
    holds its width less 3 characters of text, the last one its whole width, and a chunk also
    ends after its first "),", "},", "]," or "'," (tf-keras breaks there even when the text
    would fit). Rows of a nested model (`level` > 0) sit between `level` bars on each side, and
    their first column holds `level` characters less."""
    left = [str(f) for f in fields]
    lines = []
    while any(left):
        line = "|" * level
        for col, text in enumerate(left):
            start = positions[col - 1] if col else 0
            last = col == len(positions) - 1
            end = positions[col] - level if last else positions[col]
            width = end - start - (0 if last else 3)
            if col == 0:
                # the nested model's left bars take room from the name column only
                width -= level
            chunk = text[:max(width, 1)]
            breaks = [chunk.find(m) + len(m) for m in ("),", "},", "],", "',") if chunk.find(m) >= 0]
            if breaks:
                chunk = chunk[:min(breaks)]
            line += (" " if col == 0 else "") + chunk
            left[col] = text[len(chunk):]
            line += " " * (end - len(line))
        lines.append(line + "|" * level)
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


def _is_nested_model(layer):
    from .training import Model
    return isinstance(layer, Model) and bool(getattr(layer, "layers", None))


def layer_range_bounds(model, layer_range):
    """The [start, stop) slice of `model.layers` that `summary(layer_range=[first, last])` prints:
    from the first layer whose name matches the pattern `first` (re.match) to the last one
    matching `last`, in either order; the totals still count the whole model."""
    if len(layer_range) != 2:
        raise ValueError(f"layer_range must be a list or tuple of length 2. Received: layer_range = "
                         f"{layer_range} of length {len(layer_range)}")
    names = [layer.name for layer in model.layers]
    lower = [i for i, name in enumerate(names) if re.match(layer_range[0], name)]
    upper = [i for i, name in enumerate(names) if re.match(layer_range[1], name)]
    if not lower or not upper:
        raise ValueError(f"Passed layer_names do not match the layer names in the model. Received: {layer_range}")
    if min(lower) > max(upper):
        return min(upper), max(lower) + 1
    return min(lower), max(upper) + 1


def print_summary(model, line_length=None, positions=None, print_fn=None, expand_nested=False,
                  show_trainable=False, layer_range=None):
    """Prints the summary table of `model` (see `Model.summary`)."""
    print_fn = print_fn or print
    layers = model.layers
    if layer_range is not None:
        start, stop = layer_range_bounds(model, layer_range)
        layers = layers[start:stop]
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
    if show_trainable:
        line_length += 11
        positions = list(positions) + [line_length]
        headers.append("Trainable")
    print_fn(f'Model: "{model.name}"')
    print_fn("_" * line_length)
    for line in _rows(headers, positions):
        print_fn(line)
    print_fn("=" * line_length)

    def print_layer(layer, level, last):
        params = layer.count_params() if layer.built else 0
        fields = [f"{layer.name} ({type(layer).__name__})", _output_shape(layer), str(params)]
        if not simple:
            fields.append(_connections(model, layer))
        if show_trainable:
            fields.append("Y" if layer.trainable else "N")
        for line in _rows(fields, positions, level):
            print_fn(line)
        if expand_nested and _is_nested_model(layer):
            inner = level + 1
            print_fn("|" * inner + "\u00af" * (line_length - 2 * inner) + "|" * inner)
            for i, sub in enumerate(layer.layers):
                print_layer(sub, inner, i == len(layer.layers) - 1)
            print_fn("|" * level + "\u00af" * (line_length - 2 * level) + "|" * level)
        elif level == 0 or not last:
            print_fn("|" * level + " " * (line_length - 2 * level) + "|" * level)

    for i, layer in enumerate(layers):
        print_layer(layer, 0, i == len(layers) - 1)
    print_fn("=" * line_length)
    total, total_b = _count(model.weights)
    train, train_b = _count(model.trainable_weights)
    non, non_b = _count(model.non_trainable_weights)
    print_fn(f"Total params: {total} ({readable_memory_size(total_b)})")
    print_fn(f"Trainable params: {train} ({readable_memory_size(train_b)})")
    print_fn(f"Non-trainable params: {non} ({readable_memory_size(non_b)})")
    print_fn("_" * line_length)
