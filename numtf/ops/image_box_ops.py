"""`tf.image`'s bounding-box ops: non-max suppression (plain, with scores and Soft-NMS, padded,
over precomputed overlaps, and combined per class over a batch), draw_bounding_boxes, and
sample_distorted_bounding_box (stateful and stateless).

Boxes are [y1, x1, y2, x2] in any corner order. Greedy NMS takes boxes by decreasing score
(lower index first among equal scores), keeps those above `score_threshold`, and drops every
later box whose IoU with a kept one exceeds `iou_threshold`. None of these ops has a gradient in
TF (their outputs are indices, or drawings: DrawBoundingBoxes has no gradient rule, so the tape
raises LookupError as TF's does).

    >>> boxes = [[0.0, 0.0, 1.0, 1.0], [0.0, 0.1, 1.0, 1.1], [0.0, 2.0, 1.0, 3.0]]
    >>> tf.image.non_max_suppression(boxes, [0.9, 0.8, 0.7], 3).numpy().tolist()
    [0, 2]
"""
import numpy as np

from ..framework import dtypes, random_seed
from ..framework.errors import InvalidArgumentError
from ..framework.tensor_shape import TensorShape
from .array_ops import _as_tensor
from .convert import convert_to_tensor
from .image_box_sampling import SAMPLE_BOX, S_SAMPLE_BOX, sample_box_attrs
from .registry import execute, no_gradient, primitive

__all__ = []  # public names live in tf.image

_NO_GRAD = "it returns indices (TF defines no gradient)"


def _err(op, msg):
    return InvalidArgumentError(None, op, f"{msg} [Op:{op}]")


def _iou_matrix(a, b):
    """IoU of every box of `a` (N, 4) with every box of `b` (M, 4); 0 when either area is 0."""
    a = a.astype(np.float64)
    b = b.astype(np.float64)
    ay1, ay2 = np.minimum(a[:, 0], a[:, 2]), np.maximum(a[:, 0], a[:, 2])
    ax1, ax2 = np.minimum(a[:, 1], a[:, 3]), np.maximum(a[:, 1], a[:, 3])
    by1, by2 = np.minimum(b[:, 0], b[:, 2]), np.maximum(b[:, 0], b[:, 2])
    bx1, bx2 = np.minimum(b[:, 1], b[:, 3]), np.maximum(b[:, 1], b[:, 3])
    area_a, area_b = (ay2 - ay1) * (ax2 - ax1), (by2 - by1) * (bx2 - bx1)
    ih = np.clip(np.minimum(ay2[:, None], by2[None]) - np.maximum(ay1[:, None], by1[None]), 0, None)
    iw = np.clip(np.minimum(ax2[:, None], bx2[None]) - np.maximum(ax1[:, None], bx1[None]), 0, None)
    inter = ih * iw
    union = area_a[:, None] + area_b[None] - inter
    ok = (area_a[:, None] > 0) & (area_b[None] > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(ok, inter / np.where(ok, union, 1), 0.0)


def greedy_nms(overlaps, scores, max_out, threshold, score_threshold, sigma=0.0):
    """Greedy (soft) NMS over an (N, N) overlap matrix: (selected indices, their final scores).
    With sigma > 0, an overlapping box is not dropped but its score decays by
    exp(-0.5 iou^2 / sigma) (Soft-NMS, Gaussian), whatever its overlap (as TF 2.21 does); it leaves
    once its score is no longer above `score_threshold`."""
    scores = np.asarray(scores, np.float64).copy()
    alive = scores > score_threshold
    picked, picked_scores = [], []
    while len(picked) < max_out and alive.any():
        cand = np.flatnonzero(alive)
        i = cand[np.argmax(scores[cand])]  # argmax takes the first (lowest index) of ties
        picked.append(int(i))
        picked_scores.append(scores[i])
        alive[i] = False
        rest = np.flatnonzero(alive)
        ov = overlaps[rest, i]  # (candidate, kept): what TF reads from an asymmetric overlap matrix
        if sigma > 0:
            scores[rest] *= np.exp(-0.5 / sigma * ov * ov)
            alive[rest] = scores[rest] > score_threshold
        else:
            alive[rest] = ov <= threshold
    return np.asarray(picked, np.int32), np.asarray(picked_scores)


def _check_nms(op, boxes, scores, max_out, iou, what="iou_threshold"):
    if boxes.ndim != 2 or boxes.shape[1] != 4:
        raise _err(op, f"boxes must be 2-D with 4 columns, got shape [{','.join(map(str, boxes.shape))}] "
                       f"(boxes must have 4 columns)")
    if scores.ndim != 1 or scores.shape[0] != boxes.shape[0]:
        raise _err(op, f"scores has incompatible shape [{','.join(map(str, scores.shape))}] for "
                       f"{boxes.shape[0]} boxes")
    if np.ndim(max_out) != 0:
        raise _err(op, "max_output_size must be 0-D")
    if not 0 <= float(iou) <= 1:
        raise _err(op, f"{what} must be in [0, 1]")
    return max(int(max_out), 0)


def _nms_v3_kernel(boxes, scores, max_out, iou, score_threshold):
    n = _check_nms("NonMaxSuppressionV3", boxes, scores, max_out, iou)
    return greedy_nms(_iou_matrix(boxes, boxes), scores, n, float(iou), float(score_threshold))[0]


def _nms_v5_kernel(boxes, scores, max_out, iou, score_threshold, sigma, pad_to_max_output_size=False):
    n = _check_nms("NonMaxSuppressionV5", boxes, scores, max_out, iou)
    if float(sigma) < 0:
        raise _err("NonMaxSuppressionV5", "soft_nms_sigma must be non-negative")
    idx, sc = greedy_nms(_iou_matrix(boxes, boxes), scores, n, float(iou), float(score_threshold), float(sigma))
    valid = np.int32(idx.size)
    if pad_to_max_output_size:
        idx = np.concatenate([idx, np.zeros(n - idx.size, np.int32)])
        sc = np.concatenate([sc, np.zeros(n - sc.size)])
    return idx, sc.astype(scores.dtype), np.asarray(valid, np.int32)


def _nms_overlaps_kernel(overlaps, scores, max_out, threshold, score_threshold):
    op = "NonMaxSuppressionWithOverlaps"
    if overlaps.ndim != 2 or overlaps.shape[0] != overlaps.shape[1]:
        raise _err(op, f"overlaps must be square, got shape [{','.join(map(str, overlaps.shape))}]")
    if scores.shape != (overlaps.shape[0],):
        raise _err(op, f"scores has incompatible shape [{','.join(map(str, scores.shape))}]")
    return greedy_nms(overlaps.astype(np.float64), scores, max(int(max_out), 0), float(threshold),
                      float(score_threshold))[0]


def _vector_infer(ins, attrs):
    return [(TensorShape([None]), dtypes.int32)]


def _v5_infer(ins, attrs):
    return [(TensorShape([None]), dtypes.int32), (TensorShape([None]), ins[1].dtype), (TensorShape([]), dtypes.int32)]


NMS_V3 = primitive("NonMaxSuppressionV3", _nms_v3_kernel, _vector_infer)
NMS_V5 = primitive("NonMaxSuppressionV5", _nms_v5_kernel, _v5_infer, num_outputs=3)
NMS_OVERLAPS = primitive("NonMaxSuppressionWithOverlaps", _nms_overlaps_kernel, _vector_infer)


def _nms_ins(boxes, scores, max_output_size, iou_threshold, score_threshold):
    boxes = _as_tensor(boxes)
    if boxes.dtype not in (dtypes.float16, dtypes.float32, dtypes.float64):
        boxes = convert_to_tensor(boxes, dtypes.float32)
    scores = convert_to_tensor(scores, boxes.dtype)
    return (boxes, scores, convert_to_tensor(max_output_size, dtypes.int32),
            convert_to_tensor(iou_threshold, boxes.dtype), convert_to_tensor(score_threshold, boxes.dtype))


def non_max_suppression(boxes, scores, max_output_size, iou_threshold=0.5, score_threshold=float("-inf"), name=None):
    """The indices (int32) of at most `max_output_size` boxes kept by greedy NMS, best first.

        >>> tf.image.non_max_suppression([[0.0, 0.0, 1.0, 1.0], [0.0, 0.0, 1.0, 0.9]], [0.5, 0.6], 2).numpy().tolist()
        [1]
    """
    return execute(NMS_V3, _nms_ins(boxes, scores, max_output_size, iou_threshold, score_threshold))


def non_max_suppression_with_scores(boxes, scores, max_output_size, iou_threshold=0.5,
                                    score_threshold=float("-inf"), soft_nms_sigma=0.0, name=None):
    """Like `non_max_suppression`, also returning the kept boxes' scores; with `soft_nms_sigma` > 0
    overlapping boxes are down-weighted (Soft-NMS, Bodla et al.) instead of removed.

        >>> idx, sc = tf.image.non_max_suppression_with_scores([[0.0, 0.0, 1.0, 1.0]], [0.5], 1)
        >>> idx.numpy().tolist(), sc.numpy().tolist()
        ([0], [0.5])
    """
    ins = _nms_ins(boxes, scores, max_output_size, iou_threshold, score_threshold)
    ins += (convert_to_tensor(soft_nms_sigma, ins[0].dtype),)
    idx, sc, _ = execute(NMS_V5, ins, {"pad_to_max_output_size": False})
    return idx, sc


def non_max_suppression_overlaps(overlaps, scores, max_output_size, overlap_threshold=0.5,
                                 score_threshold=float("-inf"), name=None):
    """Greedy NMS where the (N, N) `overlaps` matrix replaces IoU: a box is dropped when its overlap
    with a kept box exceeds `overlap_threshold`.

        >>> tf.image.non_max_suppression_overlaps([[1.0, 0.9], [0.9, 1.0]], [0.5, 0.6], 2).numpy().tolist()
        [1]
    """
    overlaps = convert_to_tensor(overlaps, dtypes.float32)
    ins = (overlaps, convert_to_tensor(scores, dtypes.float32), convert_to_tensor(max_output_size, dtypes.int32),
           convert_to_tensor(overlap_threshold, dtypes.float32), convert_to_tensor(score_threshold, dtypes.float32))
    return execute(NMS_OVERLAPS, ins)


def _padded_batch_kernel(boxes, scores, max_out, iou, score_threshold):
    op = "NonMaxSuppressionPadded"
    lead = boxes.shape[:-2]
    if boxes.shape[-1] != 4 or scores.shape != boxes.shape[:-1]:
        raise _err(op, f"boxes [..., N, 4] and scores [..., N] do not match: "
                       f"[{','.join(map(str, boxes.shape))}] vs [{','.join(map(str, scores.shape))}]")
    n = max(int(max_out), 0)
    if not 0 <= float(iou) <= 1:
        raise _err(op, "iou_threshold must be in [0, 1]")
    flat_b, flat_s = boxes.reshape((-1,) + boxes.shape[-2:]), scores.reshape((-1, scores.shape[-1]))
    out = np.zeros((flat_b.shape[0], n), np.int32)
    valid = np.zeros(flat_b.shape[0], np.int32)
    for k in range(flat_b.shape[0]):
        idx = greedy_nms(_iou_matrix(flat_b[k], flat_b[k]), flat_s[k], n, float(iou), float(score_threshold))[0]
        out[k, :idx.size] = idx
        valid[k] = idx.size
    return out.reshape(lead + (n,)), valid.reshape(lead)


def _padded_infer(ins, attrs):
    lead = ins[0].shape[:-2] if ins[0].shape.rank else TensorShape(None)
    n = attrs.get("max_out")
    return [(lead.concatenate([n]), dtypes.int32), (lead, dtypes.int32)]


NMS_PADDED = primitive("NonMaxSuppressionPadded", lambda b, s, m, i, t, max_out=None: _padded_batch_kernel(b, s, m, i, t),
                       _padded_infer, num_outputs=2)


def non_max_suppression_padded(boxes, scores, max_output_size, iou_threshold=0.5, score_threshold=float("-inf"),
                               pad_to_max_output_size=False, name=None, sorted_input=False,
                               canonicalized_coordinates=False, tile_size=512):
    """NMS returning (selected_indices, valid_outputs). For one set of boxes [N, 4] the indices
    are the selection (padded with zeros to `max_output_size` if `pad_to_max_output_size`); for a
    batch [..., N, 4] padding is required and both outputs gain the batch dimensions.
    (`sorted_input`, `canonicalized_coordinates` and `tile_size` are TF's speed hints; the
    results do not depend on them.)

        >>> idx, n = tf.image.non_max_suppression_padded([[0.0, 0.0, 1.0, 1.0]], [0.5], 3, pad_to_max_output_size=True)
        >>> idx.numpy().tolist(), int(n)
        ([0, 0, 0], 1)
    """
    ins = _nms_ins(boxes, scores, max_output_size, iou_threshold, score_threshold)
    rank = ins[0].shape.rank
    if rank is not None and rank > 2:
        if not pad_to_max_output_size:
            raise ValueError(f"'pad_to_max_output_size' (value {pad_to_max_output_size}) must be True for "
                             "batched input")
        static = max_output_size if isinstance(max_output_size, (int, np.integer)) else None
        return execute(NMS_PADDED, ins, {"max_out": static})
    ins += (convert_to_tensor(0.0, ins[0].dtype),)
    idx, _, valid = execute(NMS_V5, ins, {"pad_to_max_output_size": bool(pad_to_max_output_size)})
    return idx, valid


def _combined_kernel(boxes, scores, max_per_class, max_total, iou, score_threshold, pad_per_class=False,
                     clip_boxes=True):
    op = "CombinedNonMaxSuppression"
    if boxes.ndim != 4 or boxes.shape[3] != 4:
        raise _err(op, f"boxes must be 4-D [batch, num_boxes, q, 4], got [{','.join(map(str, boxes.shape))}]")
    b, n, q, _ = boxes.shape
    if scores.ndim != 3 or scores.shape[:2] != (b, n) or q not in (1, scores.shape[2]):
        raise _err(op, f"scores must be 3-D [batch, num_boxes, num_classes] matching boxes' q, got "
                       f"[{','.join(map(str, scores.shape))}]")
    if not 0 <= float(iou) <= 1:
        raise _err(op, "iou_threshold must be in [0, 1]")
    per_class, total = int(max_per_class), int(max_total)
    if per_class <= 0 or total <= 0:
        raise _err(op, "max_size_per_class and max_total_size must be > 0")
    classes = scores.shape[2]
    size = min(total, per_class * classes) if pad_per_class else total
    out_boxes = np.zeros((b, size, 4), np.float32)
    out_scores = np.zeros((b, size), np.float32)
    out_classes = np.zeros((b, size), np.float32)
    valid = np.zeros(b, np.int32)
    for i in range(b):
        found = []  # (score, class, box index)
        for c in range(classes):
            cb = boxes[i, :, c if q > 1 else 0]
            idx, sc = greedy_nms(_iou_matrix(cb, cb), scores[i, :, c], per_class, float(iou), float(score_threshold))
            found += [(-s, c, j) for s, j in zip(sc, idx)]
        found.sort(key=lambda t: t[0])  # stable: equal scores keep class order
        found = found[:size]
        valid[i] = len(found)
        for k, (s, c, j) in enumerate(found):
            box = boxes[i, j, c if q > 1 else 0]
            out_boxes[i, k] = np.clip(box, 0, 1) if clip_boxes else box
            out_scores[i, k], out_classes[i, k] = -s, c
    return out_boxes, out_scores, out_classes, valid


def _combined_infer(ins, attrs):
    b = ins[0].shape[0] if ins[0].shape.rank else None
    size = attrs.get("size")
    return [(TensorShape([b, size, 4]), dtypes.float32), (TensorShape([b, size]), dtypes.float32),
            (TensorShape([b, size]), dtypes.float32), (TensorShape([b]), dtypes.int32)]


COMBINED_NMS = primitive("CombinedNonMaxSuppression",
                         lambda *a, size=None, **k: _combined_kernel(*a, **k), _combined_infer, num_outputs=4)


def combined_non_max_suppression(boxes, scores, max_output_size_per_class, max_total_size, iou_threshold=0.5,
                                 score_threshold=float("-inf"), pad_per_class=False, clip_boxes=True, name=None):
    """Per-class greedy NMS over a batch: boxes [batch, N, q, 4] (q = 1 shares boxes across
    classes), scores [batch, N, classes]. Returns (nmsed_boxes [batch, T, 4], nmsed_scores
    [batch, T], nmsed_classes [batch, T] (float32), valid_detections [batch] (int32)), best
    first, zero-padded; T is `max_total_size` (or at most max_output_size_per_class * classes with
    `pad_per_class`). `clip_boxes` clips the coordinates to [0, 1].

        >>> out = tf.image.combined_non_max_suppression(tf.ones([1, 2, 1, 4]), tf.ones([1, 2, 3]), 1, 5)
        >>> out[0].shape, int(out[3][0])
        (TensorShape([1, 5, 4]), 3)
    """
    boxes = convert_to_tensor(boxes, dtypes.float32)
    ins = (boxes, convert_to_tensor(scores, dtypes.float32), convert_to_tensor(max_output_size_per_class, dtypes.int32),
           convert_to_tensor(max_total_size, dtypes.int32), convert_to_tensor(iou_threshold, dtypes.float32),
           convert_to_tensor(score_threshold, dtypes.float32))
    size = None
    if isinstance(max_total_size, (int, np.integer)):
        size = int(max_total_size)
        classes = ins[1].shape[2] if ins[1].shape.rank == 3 else None
        if pad_per_class:
            per = max_output_size_per_class
            size = min(size, int(per) * classes) if isinstance(per, (int, np.integer)) and classes else None
    return execute(COMBINED_NMS, ins, {"pad_per_class": bool(pad_per_class), "clip_boxes": bool(clip_boxes),
                                       "size": size})


for _op in (NMS_V3, NMS_V5, NMS_OVERLAPS, NMS_PADDED, COMBINED_NMS):
    no_gradient(_op, _NO_GRAD)


# -- draw_bounding_boxes --------------------------------------------------------------------------
# TF's default colour cycle (read off its drawings), RGBA.
_DEFAULT_COLORS = np.array([[1, 1, 0, 1], [0, 0, 1, 1], [1, 0, 0, 1], [0, 1, 0, 1], [0.5, 0, 0.5, 1],
                            [0.5, 0.5, 0, 1], [0.5, 0, 0, 1], [0, 0, 0.5, 1], [0, 1, 1, 1], [1, 0, 1, 1]], np.float32)


def _draw_kernel(images, boxes, colors):
    op = "DrawBoundingBoxesV2"
    if images.ndim != 4:
        raise _err(op, f"The rank of the images should be 4 [{','.join(map(str, images.shape))}]")
    n, h, w, depth = images.shape
    if depth not in (1, 3, 4):
        raise _err(op, "Channel depth should be either 1 (GRY), 3 (RGB), or 4 (RGBA)")
    if boxes.ndim != 3 or boxes.shape[0] != n or boxes.shape[2] != 4:
        raise _err(op, f"boxes must be [batch, num_boxes, 4] for {n} images, got "
                       f"[{','.join(map(str, boxes.shape))}]")
    if colors.size == 0:
        colors = _DEFAULT_COLORS
    if colors.ndim != 2 or colors.shape[1] < depth:
        raise _err(op, f"colors must be a 2-D [num_colors, >= {depth}] tensor, got "
                       f"[{','.join(map(str, colors.shape))}]")
    out = images.copy()
    for i in range(n):
        for j, box in enumerate(boxes[i]):
            color = colors[j % colors.shape[0], :depth].astype(images.dtype)
            # edges at the pixel the coordinate truncates to (C++'s int cast), lines clipped
            top, bottom = int(box[0] * (h - 1)), int(box[2] * (h - 1))
            left, right = int(box[1] * (w - 1)), int(box[3] * (w - 1))
            if top > bottom or left > right or bottom < 0 or top >= h or right < 0 or left >= w:
                continue
            r0, r1 = max(top, 0), min(bottom, h - 1)
            c0, c1 = max(left, 0), min(right, w - 1)
            if 0 <= top < h:
                out[i, top, c0:c1 + 1] = color
            if 0 <= bottom < h:
                out[i, bottom, c0:c1 + 1] = color
            if 0 <= left < w:
                out[i, r0:r1 + 1, left] = color
            if 0 <= right < w:
                out[i, r0:r1 + 1, right] = color
    return out


# TF registers no gradient for DrawBoundingBoxes(V2): differentiating raises LookupError.
DRAW_BOXES = primitive("DrawBoundingBoxesV2", _draw_kernel, lambda ins, attrs: [(ins[0].shape, ins[0].dtype)])


def draw_bounding_boxes(images, boxes, colors, name=None):
    """Draws the outline of each box [y1, x1, y2, x2] (normalized) of boxes [batch, N, 4] onto
    float32/float16 images [batch, H, W, 1|3|4], box j in colors[j % len(colors)] (RGBA rows;
    `colors=None` cycles TF's default palette). Not differentiable (as in TF).

        >>> tf.image.draw_bounding_boxes(tf.zeros([1, 3, 3, 1]), [[[0.0, 0.0, 1.0, 1.0]]], [[1.0, 0, 0, 0]])[0, :, :, 0].numpy().tolist()
        [[1.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]]
    """
    images = _as_tensor(images)
    if images.dtype not in (dtypes.float32, dtypes.float16):
        names = {"float64": "double"}
        raise InvalidArgumentError(None, "DrawBoundingBoxesV2", f"Value for attr 'T' of "
                                   f"{names.get(images.dtype.name, images.dtype.name)} is not in the list of allowed "
                                   "values: float, half [Op:DrawBoundingBoxesV2]")
    colors = np.zeros((0, 4), np.float32) if colors is None else colors
    return execute(DRAW_BOXES, (images, convert_to_tensor(boxes, dtypes.float32),
                                convert_to_tensor(colors, dtypes.float32)))


# -- sample_distorted_bounding_box ----------------------------------------------------------------
def sample_distorted_bounding_box(image_size, bounding_boxes, seed=0, min_object_covered=0.1,
                                  aspect_ratio_range=None, area_range=None, max_attempts=None,
                                  use_image_if_no_bounding_boxes=None, name=None):
    """A random crop of an image of `image_size` [height, width, channels] for augmentation:
    (begin [y, x, 0], size [h, w, -1], bboxes [1, 1, 4] float32 normalized). The crop's aspect
    ratio (w / h) and area fraction are drawn from the ranges (defaults (0.75, 1.33), (0.05, 1));
    it must cover at least `min_object_covered` of one of `bounding_boxes` [batch, N, 4]; after
    `max_attempts` (default 100) failures the whole image is returned. `seed=0` draws from
    numtf's global seed; otherwise the op seed makes it reproducible.

        >>> begin, size, box = tf.image.sample_distorted_bounding_box([10, 20, 3], [[[0.1, 0.1, 0.5, 0.5]]], seed=3)
        >>> begin.shape, size.shape, box.shape
        (TensorShape([3]), TensorShape([3]), TensorShape([1, 1, 4]))
    """
    from .random_ops import _building
    size, boxes, attrs = sample_box_attrs(image_size, bounding_boxes, min_object_covered, aspect_ratio_range,
                                          area_range, max_attempts, use_image_if_no_bounding_boxes)
    ins = (size, boxes)
    attrs["rng"] = random_seed.stream_for(seed or None, _building(ins))
    return tuple(execute(SAMPLE_BOX, ins, attrs))


def stateless_sample_distorted_bounding_box(image_size, bounding_boxes, seed, min_object_covered=0.1,
                                            aspect_ratio_range=None, area_range=None, max_attempts=None,
                                            use_image_if_no_bounding_boxes=None, name=None):
    """`sample_distorted_bounding_box` determined by `seed` (shape [2]): same seed, same crop.

        >>> a = tf.image.stateless_sample_distorted_bounding_box([10, 20, 3], [[[0.1, 0.1, 0.5, 0.5]]], seed=[1, 2])
        >>> b = tf.image.stateless_sample_distorted_bounding_box([10, 20, 3], [[[0.1, 0.1, 0.5, 0.5]]], seed=[1, 2])
        >>> a[1].numpy().tolist() == b[1].numpy().tolist()
        True
    """
    size, boxes, attrs = sample_box_attrs(image_size, bounding_boxes, min_object_covered, aspect_ratio_range,
                                          area_range, max_attempts, use_image_if_no_bounding_boxes)
    return tuple(execute(S_SAMPLE_BOX, (size, boxes, convert_to_tensor(seed)), attrs))
