"""Model.summary(): Keras 2's table."""


def readable_memory_size(n_bytes):
    units = ["Byte", "KB", "MB", "GB", "TB", "PB"]
    scale = 1024
    for unit in units:
        if n_bytes / scale < 1:
            return f"{n_bytes:.2f} {unit}"
        n_bytes /= scale
    return f"{n_bytes:.2f} {units[-1]}"


def _count(weights):
    import numpy as np
    return int(sum(np.prod(w.shape.as_list(), dtype=np.int64) for w in weights)), \
        int(sum(np.prod(w.shape.as_list(), dtype=np.int64) * w.dtype.size for w in weights))


def _output_shape(layer):
    shape = getattr(layer, "_summary_output_shape", None)
    return "multiple" if shape is None else str(shape)


def print_summary(model, line_length=None, positions=None, print_fn=None):
    line_length = line_length or 65
    positions = positions or [0.45, 0.85, 1.0]
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]
    print_fn = print_fn or print
    headers = ["Layer (type)", "Output Shape", "Param #"]

    def row(fields):
        line = ""
        for i, field in enumerate(fields):
            if i > 0:
                line = line[:-1] + " "
            line += str(field)
            line = line[:positions[i]]
            line += " " * (positions[i] - len(line))
        return line

    print_fn(f'Model: "{model.name}"')
    print_fn("_" * line_length)
    print_fn(row([" " + headers[0]] + headers[1:]))
    print_fn("=" * line_length)
    layers = model.layers
    for layer in layers:
        params = layer.count_params() if layer.built else 0
        print_fn(row([f" {layer.name} ({type(layer).__name__})", _output_shape(layer), str(params)]))
        print_fn(" " * line_length)
    print_fn("=" * line_length)
    total, total_b = _count(model.weights)
    train, train_b = _count(model.trainable_weights)
    non, non_b = _count(model.non_trainable_weights)
    print_fn(f"Total params: {total} ({readable_memory_size(total_b)})")
    print_fn(f"Trainable params: {train} ({readable_memory_size(train_b)})")
    print_fn(f"Non-trainable params: {non} ({readable_memory_size(non_b)})")
    print_fn("_" * line_length)
