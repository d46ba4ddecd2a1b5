"""`tf.keras.utils` dataset builders: `timeseries_dataset_from_array`, `text_dataset_from_directory`,
`image_dataset_from_directory` (PNG and BMP files) and `split_dataset`, with tf-keras 2.21's
arguments, checks, messages and quirks.

Each builds an index-addressable `tf.data` source (element i is computed from NumPy arrays or
read from file i when asked for), so `shuffle` and `batch` on it gather whole batches and files
are read lazily, once per epoch. Directory datasets list their files as tf-keras does: the class
subdirectories sorted, each walked recursively (directories in sorted order, files sorted),
extensions matched case-insensitively; with `shuffle` the file list is permuted by
`np.random.RandomState(seed)` (so the training/validation split is TF's), then the dataset
shuffles again each epoch (not TF's stream).

    >>> ds = tf.keras.utils.timeseries_dataset_from_array(np.arange(10), None, sequence_length=3, batch_size=4)
    >>> [x.shape for x in ds]
    [TensorShape([4, 3]), TensorShape([4, 3])]
"""
import os

import numpy as np

from ...data.dataset_ops import Dataset
from ...framework import dtypes
from ...framework.errors import NotFoundError
from ...framework.tensor import Tensor
from ...framework.tensor_shape import TensorShape
from ...framework.tensor_spec import TensorSpec
from ...ops.convert import convert_to_tensor

ALLOWLIST_IMAGE_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
_INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic")


class _Gather:
    __slots__ = ("one", "many")

    def __init__(self, one, many):
        self.one, self.many = one, many


class _IndexedSource(Dataset):
    """n elements; `one(i)` gives element i as a flat tuple of arrays, `many(idx)` a batch."""
    _tf_name = "_MapDataset"

    def __init__(self, spec, n, one, many=None):
        self._n = int(n)
        self._one = one
        if many is None:
            def many(idx):
                items = [one(i) for i in (idx if type(idx) is range else idx.tolist())]
                return tuple(np.stack([it[k] for it in items]) if items else np.zeros((0,))
                             for k in range(len(self._flat_specs)))
        self._many = many
        super().__init__(spec)

    def _cardinality(self):
        return self._n

    def _gather(self):
        return _Gather(self._one, self._many)

    def _chunks(self):
        return iter((range(self._n),))

    def _iter_flat(self):
        return self._iter_gathered()


def _as_array(x):
    """An array as `tf.convert_to_tensor` would type it (Python floats float32, ints int32)."""
    if isinstance(x, np.ndarray):
        return x
    t = x if isinstance(x, Tensor) else convert_to_tensor(x)
    return np.asarray(t.numpy())


# -- timeseries -----------------------------------------------------------------------------------------
def timeseries_dataset_from_array(data, targets, sequence_length, sequence_stride=1, sampling_rate=1,
                                  batch_size=128, shuffle=False, seed=None, start_index=None, end_index=None):
    """A dataset of sliding windows over `data` (time along axis 0): window i holds the steps
    `start_index + p_i + k * sampling_rate` for k < sequence_length, the start offsets p_i being
    0, sequence_stride, ... (shuffled with `shuffle`); with `targets`, window i comes with
    `targets[start_index + p_i]`. Batches of `batch_size` (None: single windows)."""
    if sampling_rate <= 0:
        raise ValueError(f"`sampling_rate` must be higher than 0. Received: sampling_rate={sampling_rate}")
    if sequence_stride <= 0:
        raise ValueError(f"`sequence_stride` must be higher than 0. Received: sequence_stride={sequence_stride}")
    if start_index:  # tf-keras checks the indices only when they are truthy (end_index=0 passes)
        if start_index < 0:
            raise ValueError(f"`start_index` must be 0 or greater. Received: start_index={start_index}")
        if start_index >= len(data):
            raise ValueError(f"`start_index` must be lower than the length of the data. Received: "
                             f"start_index={start_index}, for data of length {len(data)}")
    if start_index is None:
        start_index = 0
    if end_index:
        if end_index <= start_index:
            raise ValueError(f"`end_index` must be higher than `start_index`. Received: start_index={start_index}, "
                             f"and end_index={end_index} ")
        if end_index >= len(data):
            raise ValueError(f"`end_index` must be lower than the length of the data. Received: "
                             f"end_index={end_index}, for data of length {len(data)}")
    if end_index is None:
        end_index = len(data)
    values = _as_array(data)
    num_seqs = end_index - start_index - (sequence_length - 1) * sampling_rate
    tvalues = None
    if targets is not None:
        tvalues = _as_array(targets)
        num_seqs = min(num_seqs, len(tvalues))
    starts = np.arange(0, max(num_seqs, 0), sequence_stride, dtype=np.int64)
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(starts)
    steps = np.arange(0, sequence_length * sampling_rate, sampling_rate, dtype=np.int64)[:max(sequence_length, 0)]
    x_spec = TensorSpec(TensorShape([None]).concatenate(values.shape[1:]), dtypes.from_numpy(values.dtype))

    def windows(idx):
        pos = start_index + starts[idx]
        return values[pos[..., None] + steps]

    if tvalues is None:
        spec = x_spec
        one = lambda i: (windows(i),)  # noqa: E731
        many = lambda idx: (windows(_index(idx)),)  # noqa: E731
    else:
        spec = (x_spec, TensorSpec(TensorShape(tvalues.shape[1:]), dtypes.from_numpy(tvalues.dtype)))
        one = lambda i: (windows(i), tvalues[start_index + starts[i]])  # noqa: E731

        def many(idx):
            idx = _index(idx)
            return windows(idx), tvalues[start_index + starts[idx]]
    ds = _IndexedSource(spec, len(starts), one, many)
    if shuffle:
        ds = ds.shuffle(buffer_size=batch_size * 8 if batch_size else 1024, seed=seed)
    if batch_size is not None:
        ds = ds.batch(batch_size)
    return ds


def _index(idx):
    return np.arange(idx.start, idx.stop, idx.step) if type(idx) is range else np.asarray(idx)


# -- directories ----------------------------------------------------------------------------------------
def _walk(directory, formats, follow_links):
    """Files under `directory` with an allowed extension: directories in sorted order, files sorted."""
    out = []
    for root, _, files in sorted(os.walk(directory, followlinks=follow_links), key=lambda x: x[0]):
        for fname in sorted(files):
            if fname.lower().endswith(formats):
                out.append(os.path.join(root, fname))
    return out


def index_directory(directory, labels, formats, class_names=None, shuffle=True, seed=None, follow_links=False):
    """(file_paths, labels, class_names) as tf-keras lists them, printing "Found N files ..."."""
    if not os.path.isdir(directory):
        raise NotFoundError(None, None, f"Could not find directory {directory}")
    if labels == "inferred":
        subdirs = sorted(d for d in os.listdir(directory) if os.path.isdir(os.path.join(directory, d)))
        if class_names is not None:
            if set(class_names) != set(subdirs):
                raise ValueError("The `class_names` passed did not match the names of the subdirectories of the "
                                 f"target directory. Expected: {subdirs}, but received: {class_names}")
        else:
            class_names = subdirs
    else:
        subdirs = [""]
        class_names = subdirs if labels is None else None
    index = {name: i for i, name in enumerate(class_names or [])}
    paths, ints = [], []
    for sub in subdirs:
        found = _walk(os.path.join(directory, sub) if sub else directory, formats, follow_links)
        paths += found
        ints += [index.get(sub, 0)] * len(found)
    if labels in ("inferred", None):
        labels_out = ints
    else:
        if len(labels) != len(paths):
            raise ValueError("Expected the lengths of `labels` to match the number of files in the target "
                             f"directory. len(labels) is {len(labels)} while we found {len(paths)} files in "
                             f"directory {directory}.")
        labels_out = list(labels)
        class_names = sorted(set(labels_out))
    if labels is None:
        print(f"Found {len(paths)} files belonging to 1 classes.")
    else:
        print(f"Found {len(paths)} files belonging to {len(class_names)} classes.")
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(paths)
        np.random.RandomState(seed).shuffle(labels_out)
    return paths, labels_out, class_names


def _check_split(validation_split, subset, shuffle, seed):
    if validation_split and not 0 < validation_split < 1:
        raise ValueError(f"`validation_split` must be between 0 and 1, received: {validation_split}")
    if (validation_split or subset) and not (validation_split and subset):
        raise ValueError("If `subset` is set, `validation_split` must be set, and inversely.")
    if subset not in ("training", "validation", "both", None):
        raise ValueError(f'`subset` must be either "training", "validation" or "both", received: {subset}')
    if validation_split and shuffle and seed is None:
        raise ValueError("If using `validation_split` and shuffling the data, you must provide a `seed` argument, "
                         "to make sure that there is no overlap between the training and validation subset.")


def _split(samples, labels, validation_split, subset):
    """tf-keras's split, quirks included: int(split * n) files for validation, taken from the end
    (0 of them: the validation subset is everything and the training subset is empty)."""
    if not validation_split:
        return samples, labels
    n_val = int(validation_split * len(samples))
    if subset == "training":
        print(f"Using {len(samples) - n_val} files for training.")
        return samples[:-n_val], labels[:-n_val]
    print(f"Using {n_val} files for validation.")
    return samples[-n_val:], labels[-n_val:]


def _check_labels(labels, label_mode, class_names):
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError("`labels` argument should be a list/tuple of integer labels, of the same size as the "
                             "number of text files in the target directory. If you wish to infer the labels from "
                             "the subdirectory names in the target directory, pass `labels=\"inferred\"`. If you "
                             "wish to get a dataset that only contains text samples (no labels), pass "
                             f"`labels=None`. Received: labels={labels}")
        if class_names:
            raise ValueError(f'You can only pass `class_names` if `labels="inferred"`. Received: labels={labels}, '
                             f"and class_names={class_names}")
    if label_mode not in ("int", "categorical", "binary", None):
        raise ValueError('`label_mode` argument must be one of "int", "categorical", "binary", or None. '
                         f"Received: label_mode={label_mode}")


def _label_part(labels, label_mode, num_classes):
    """(spec, array of all labels) for the label mode."""
    arr = _as_array(list(labels)) if len(labels) else np.zeros((0,), np.int32)
    if label_mode == "int":
        return TensorSpec([], dtypes.from_numpy(arr.dtype)), arr
    if label_mode == "binary":
        return TensorSpec([1], dtypes.float32), arr.astype(np.float32)[:, None]
    onehot = np.zeros((len(arr), num_classes), np.float32)
    inside = (arr >= 0) & (arr < num_classes)
    onehot[np.nonzero(inside)[0], arr[inside].astype(np.int64)] = 1
    return TensorSpec([num_classes], dtypes.float32), onehot


def _build(paths, labels, label_mode, num_classes, x_spec, load, batch_size, shuffle, seed):
    if label_mode is None:
        spec = x_spec
        one = lambda i: (load(paths[i]),)  # noqa: E731
    else:
        y_spec, y = _label_part(labels, label_mode, num_classes)
        spec = (x_spec, y_spec)
        one = lambda i: (load(paths[i]), y[i])  # noqa: E731
    ds = _IndexedSource(spec, len(paths), one)
    if shuffle:
        ds = ds.shuffle(buffer_size=batch_size * 8 if batch_size else 1024, seed=seed)
    if batch_size is not None:
        ds = ds.batch(batch_size)
    return ds


def _directory_dataset(kind, directory, labels, label_mode, class_names, batch_size, shuffle, seed,
                       validation_split, subset, follow_links, formats, no_files, x_spec, load):
    _check_labels(labels, label_mode, class_names)
    if labels is None or label_mode is None:
        labels, label_mode = None, None
    _check_split(validation_split, subset, shuffle, seed)
    if seed is None:
        seed = np.random.randint(1e6)
    paths, label_list, class_names = index_directory(directory, labels, formats, class_names=class_names,
                                                     shuffle=shuffle, seed=seed, follow_links=follow_links)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(f'When passing `label_mode="binary"`, there must be exactly 2 class_names. '
                         f"Received: class_names={class_names}")
    subsets = ["training", "validation"] if subset == "both" else [subset]
    out = []
    for sub in subsets:
        p, lab = _split(paths, label_list, validation_split, sub)
        if not p and not (subset == "both" and sub == "validation"):
            raise ValueError(no_files.format(directory=directory))
        ds = _build(p, lab, label_mode, len(class_names), x_spec, load, batch_size, shuffle, seed)
        ds.class_names = class_names
        if kind == "image":
            ds.file_paths = p
        out.append(ds)
    return out if subset == "both" else out[0]


def text_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None, batch_size=32,
                                max_length=None, shuffle=True, seed=None, validation_split=None, subset=None,
                                follow_links=False):
    """A dataset of (text, label) from `.txt` files, one class per subdirectory of `directory`
    (`labels="inferred"`), or with the given `labels` list, or texts alone (`labels=None`).
    `max_length` keeps the first bytes of each text. Has `class_names`."""
    def load(path):
        with open(path, "rb") as f:
            text = f.read()
        if max_length is not None:
            text = text[:max_length] if max_length >= 0 else text
        return np.asarray(text, dtype=object)
    return _directory_dataset("text", directory, labels, label_mode, class_names, batch_size, shuffle, seed,
                              validation_split, subset, follow_links, (".txt",),
                              "No text files found in directory {directory}. Allowed format: .txt",
                              TensorSpec([], dtypes.string), load)


def _crop_box(height, width, target_h, target_w):
    """The centred crop with the target's aspect ratio (tf-keras's smart_resize arithmetic)."""
    crop_h = min(height, int(np.float32(width * target_h) / np.float32(target_w)))
    crop_w = min(width, int(np.float32(height * target_w) / np.float32(target_h)))
    top = int(np.float32(height - crop_h) / np.float32(2))
    left = int(np.float32(width - crop_w) / np.float32(2))
    return top, left, crop_h, crop_w


def image_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None, color_mode="rgb",
                                 batch_size=32, image_size=(256, 256), shuffle=True, seed=None, validation_split=None,
                                 subset=None, interpolation="bilinear", follow_links=False,
                                 crop_to_aspect_ratio=False, **kwargs):
    """A dataset of (image, label) from the image files under `directory`, each decoded (PNG and BMP;
    numtf has no JPEG or GIF decoder), converted to `color_mode` and resized to `image_size`
    (float32 with "bilinear", uint8 with "nearest"), optionally centre-cropped to the target's
    aspect ratio first. Labels as in `text_dataset_from_directory`; has `class_names` and
    `file_paths`."""
    if kwargs:
        raise TypeError(f"Unknown keywords argument(s): {tuple(kwargs.keys())}")
    channels = {"rgb": 3, "rgba": 4, "grayscale": 1}.get(color_mode)
    if channels is None:
        raise ValueError('`color_mode` must be one of {"rgb", "rgba", "grayscale"}. '
                         f"Received: color_mode={color_mode}")
    interpolation = interpolation.lower() if isinstance(interpolation, str) else interpolation
    if interpolation not in _INTERPOLATIONS:
        raise NotImplementedError(f"Value not recognized for `interpolation`: {interpolation}. Supported values "
                                  f"are: dict_keys({list(_INTERPOLATIONS)})")
    if interpolation not in ("bilinear", "nearest"):
        raise NotImplementedError(f"numtf resizes images with 'bilinear' or 'nearest' interpolation only, "
                                  f"got {interpolation!r}")
    from ...ops.image_io_ops import decode_image_array
    from ...ops.image_ops import _resize_kernel
    resize = _resize_kernel(interpolation)
    size = np.asarray(image_size, np.int32)
    th, tw = int(size[0]), int(size[1])

    def load(path):
        with open(path, "rb") as f:
            data = f.read()
        img = decode_image_array(data, channels, source=path)
        if img.dtype == np.uint16:
            img = (img >> 8).astype(np.uint8)
        if crop_to_aspect_ratio:
            top, left, ch, cw = _crop_box(img.shape[0], img.shape[1], th, tw)
            img = img[top:top + ch, left:left + cw]
        out = resize(img[None], size)[0]
        return out if interpolation == "nearest" else out.astype(np.float32, copy=False)

    x_dtype = dtypes.uint8 if interpolation == "nearest" else dtypes.float32
    return _directory_dataset("image", directory, labels, label_mode, class_names, batch_size, shuffle, seed,
                              validation_split, subset, follow_links, ALLOWLIST_IMAGE_FORMATS,
                              "No images found in directory {directory}. Allowed formats: "
                              + str(ALLOWLIST_IMAGE_FORMATS),
                              TensorSpec([th, tw, channels], x_dtype), load)


# -- split_dataset ----------------------------------------------------------------------------------------
def _check_size(value, name, total):
    if value is None:
        return
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TypeError(f"Invalid `{name}` Type. Expected: int or float or None, Received: "
                        f"type({name})={type(value)}.  ")
    if (isinstance(value, int) and not 0 < value < total) or (isinstance(value, float) and not 0 < value < 1):
        raise ValueError(f"`{name}` should be either a positive integer smaller than {total}, or a float within the "
                         f"range `[0, 1]`. Received: {name}={value}")


def split_dataset(dataset, left_size=None, right_size=None, shuffle=False, seed=None):
    """Splits a dataset (or arrays / a tuple of arrays, split along axis 0) into two datasets of
    `left_size` and `right_size` elements (ints) or fractions (floats); one of them may be None
    (the rest). `shuffle` permutes the elements first (`seed`)."""
    if isinstance(dataset, Dataset):
        items = [tuple(np.asarray(v) for v in el) if isinstance(el, tuple) else np.asarray(el)
                 for el in dataset.as_numpy_iterator()]
        spec = dataset.element_spec
        if isinstance(spec, tuple):
            columns = tuple(np.stack([it[k] for it in items]) if items else np.zeros((0,), s.dtype.as_numpy_dtype)
                            for k, s in enumerate(spec))
        else:
            columns = np.stack(items) if items else np.zeros((0,), spec.dtype.as_numpy_dtype)
    elif isinstance(dataset, (list, tuple)):
        columns = tuple(_as_array(c) for c in dataset)
    else:
        columns = _as_array(dataset)
    total = len(columns[0]) if isinstance(columns, tuple) else len(columns)
    if left_size is None and right_size is None:
        raise ValueError("At least one of the `left_size` or `right_size` must be specified. "
                         "Received: left_size=None and right_size=None")
    _check_size(left_size, "left_size", total)
    _check_size(right_size, "right_size", total)
    if isinstance(left_size, float) and isinstance(right_size, float) and left_size + right_size > 1:
        raise ValueError("The sum of `left_size` and `right_size` is greater than 1. It must be less than or equal to 1.")

    def count(v):
        return int(round(v * total)) if isinstance(v, float) else v
    left, right = count(left_size), count(right_size)
    if left is None:
        left = total - right
    elif right is None:
        right = total - left
    if left + right > total:
        raise ValueError(f"The sum of `left_size` and `right_size` should be smaller than the {total}. "
                         f"Received: left_size + right_size = {left + right}and total_length = {total}")
    order = np.arange(total)
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(order)

    def part(idx):
        if isinstance(columns, tuple):
            return Dataset.from_tensor_slices(tuple(c[idx] for c in columns))
        return Dataset.from_tensor_slices(columns[idx])
    return part(order[:left]), part(order[left:left + right])
