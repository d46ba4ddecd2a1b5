"""What `Model.compile` turns its `loss`, `metrics`, `weighted_metrics` and `loss_weights` into
(tf-keras 2 semantics).

`LossesContainer` resolves the losses (names, functions, `Loss` objects; one for all outputs, a
list in output order, or a dict keyed by output name), sums them with `loss_weights` and the
model's regularization losses, and tracks their running means as the metric 'loss' (and
'<output>_loss' per output of a multi-output model), weighted by batch size.

`MetricsContainer` builds metric objects on the first batch, when the shapes are known: the
names 'accuracy'/'acc' and 'crossentropy'/'ce' become binary, sparse categorical or categorical
accuracy/cross-entropy from the label and output shapes, as tf-keras decides; functions are
wrapped in `MeanMetricWrapper`s named as the user wrote them; metrics of a multi-output model
are prefixed with the output name ('dense_1_accuracy').

    >>> c = LossesContainer('mse')
    >>> float(c(tf.constant([[1.]]), tf.constant([[3.]])))
    4.0
"""
from ...framework.tensor import Tensor
from ...ops.array_ops import cast, expand_dims, shape as _shape
from ...ops.math_ops import add_n
from ...util import nest
from .. import backend
from .. import losses as losses_mod
from .. import metrics as metrics_mod
from ..losses.utils import apply_mask

__all__ = []

_SPECIAL_METRICS = ("accuracy", "acc", "crossentropy", "ce")


# -- output names and structure mapping ---------------------------------------------------------
def model_output_names(model):
    """The names tf-keras gives a model's outputs: the output layers' names for a functional
    model (in sorted-key order for dict outputs), None otherwise (pseudo names come from the
    outputs)."""
    names = getattr(model, "output_names", None)
    return list(names) if names else None


def create_pseudo_output_names(outputs):
    """'output_1', 'output_2', ... for a list of outputs; the keys of dict outputs."""
    names = []
    for path in _paths(outputs):
        if not path:
            names.append("output_1")
        else:
            name = "_".join(str(p + 1 if isinstance(p, int) else p) for p in path)
            names.append("output_" + name if isinstance(path[0], int) else name)
    return names


def _paths(structure, prefix=()):
    if isinstance(structure, dict):
        out = []
        for k in sorted(structure):
            out += _paths(structure[k], prefix + (k,))
        return out
    if isinstance(structure, (list, tuple)):
        out = []
        for i, v in enumerate(structure):
            out += _paths(v, prefix + (i,))
        return out
    return [prefix]


def map_to_output_names(y_pred, output_names, struct):
    """A dict of per-output objects keyed by output name, as a list in output order (when the
    outputs are a single tensor or a flat list); anything else unchanged."""
    single = not nest.is_nested(y_pred)
    flat_list = not single and isinstance(y_pred, (list, tuple)) and not any(nest.is_nested(p) for p in y_pred)
    if not (single or flat_list) or not isinstance(struct, dict):
        return struct
    output_names = output_names or create_pseudo_output_names(y_pred)
    struct = dict(struct)
    mapped = [struct.pop(name, None) for name in output_names]
    if struct:
        raise ValueError(f"Found unexpected losses or metrics that do not correspond to any Model output: "
                         f"{struct.keys()}. Valid mode output names: {output_names}. Received struct is: {struct}.")
    return mapped[0] if len(mapped) == 1 else mapped


def _fill_missing_keys(y_pred, struct):
    if not isinstance(y_pred, dict) or not isinstance(struct, dict):
        return struct
    return {k: struct.get(k) for k in y_pred} | {k: v for k, v in struct.items() if k not in y_pred}


def match_dtype_and_rank(y_t, y_p, sw):
    """tf-keras's adjustments before a loss or metric: rank-1 labels and weights of rank-2
    outputs get a trailing axis; labels take the output's dtype when both are floats or both
    integers; weights always do."""
    ps = y_p.shape
    if ps.rank == 2:
        if y_t.shape.rank == 1:
            y_t = expand_dims(y_t, -1)
        if sw is not None and sw.shape.rank == 1:
            sw = expand_dims(sw, -1)
    td, pd = y_t.dtype, y_p.dtype
    if td is not pd and ((td.is_floating and pd.is_floating) or (td.is_integer and pd.is_integer)):
        y_t = cast(y_t, pd)
    if sw is not None and sw.dtype is not pd:
        sw = cast(sw, pd)
    return y_t, y_p, sw


def get_custom_object_name(obj):
    """The name a user loss or metric callable is tracked under."""
    if hasattr(obj, "name"):
        return obj.name
    if hasattr(obj, "__name__"):
        return obj.__name__
    from ..backend import to_snake_case
    return to_snake_case(type(obj).__name__)


def _as_tensor(x):
    if x is None or isinstance(x, Tensor):
        return x
    from ...ops.convert import convert_to_tensor
    return convert_to_tensor(x)


def _batch_dim(y):
    if type(y) is Tensor:  # eager: a Python int, no op
        return float(y.shape[0]) if y.shape.rank else 1.0
    return cast(_shape(y)[0], "float32")


class _Container:
    def __init__(self, output_names=None):
        self._output_names = output_names

    def _build_names(self, y_pred):
        if self._output_names is None:
            self._output_names = create_pseudo_output_names(y_pred)

    def _conform_to_outputs(self, outputs, struct):
        """`struct` (labels, weights, losses, metrics) shaped like `outputs`: a dict mapped to
        the output order, missing keys filled with None, a single item repeated per output."""
        struct = map_to_output_names(outputs, self._output_names, struct)
        struct = _fill_missing_keys(outputs, struct)
        if not nest.is_nested(struct) and nest.is_nested(outputs):
            struct = nest.map_structure(lambda _: struct, outputs)
        return struct


# -- losses ---------------------------------------------------------------------------------------
def _get_loss_object(loss):
    if loss is None:
        return None
    loss = losses_mod.get(loss)
    if not isinstance(loss, losses_mod.Loss):
        loss = losses_mod.LossFunctionWrapper(loss, name=get_custom_object_name(loss))
    loss._allow_sum_over_batch_size = True
    return loss


class LossesContainer(_Container):
    """The compiled loss: `container(y_true, y_pred, sample_weight, regularization_losses)`
    returns the total loss and updates the loss metrics (see module docstring)."""

    def __init__(self, losses, loss_weights=None, output_names=None, total_loss_mean=None):
        super().__init__(output_names)
        self._user_losses = losses
        self._user_loss_weights = loss_weights
        # names resolve in build(), in the first step, so an unknown loss fails in fit(), as in tf-keras
        self._losses = losses
        self._loss_weights = loss_weights
        self._per_output_metrics = None
        self._total_loss_mean = total_loss_mean or metrics_mod.Mean(name="loss")
        self._built = False

    @property
    def built(self):
        return self._built

    @property
    def metrics(self):
        """The total-loss metric, then the per-output loss metrics (once built)."""
        if not self._built:
            return []
        return [self._total_loss_mean] + [m for m in self._per_output_metrics if m is not None]

    def build(self, y_pred):
        self._build_names(y_pred)
        losses = nest.map_structure(_get_loss_object, self._losses) if nest.is_nested(self._losses) \
            else _get_loss_object(self._losses)
        self._losses = losses
        if not nest.is_nested(losses):
            losses = nest.map_structure(lambda _: self._losses, y_pred)
        losses = self._conform_to_outputs(y_pred, losses)
        self._losses = nest.flatten(losses)
        weights = self._loss_weights
        if not nest.is_nested(weights):
            weights = nest.map_structure(lambda _: self._loss_weights, y_pred)
        self._loss_weights = nest.flatten(self._conform_to_outputs(y_pred, weights))
        if len(self._output_names) == 1:
            self._per_output_metrics = [None]
        else:
            self._per_output_metrics = [None if loss is None else metrics_mod.Mean(name + "_loss")
                                        for loss, name in zip(self._losses, self._output_names)]
        self._built = True

    def __call__(self, y_true, y_pred, sample_weight=None, regularization_losses=None):
        y_true = self._conform_to_outputs(y_pred, y_true)
        sample_weight = self._conform_to_outputs(y_pred, sample_weight)
        if not self._built:
            self.build(y_pred)
        y_pred = nest.flatten(y_pred)
        y_true = nest.flatten(y_true)
        sample_weight = nest.flatten(sample_weight)
        if len(sample_weight) != len(y_pred):
            if any(w is not None for w in sample_weight):
                raise ValueError(f"Expected one `sample_weight` per model output ({len(y_pred)}), got "
                                 f"{len(sample_weight)}.")
            sample_weight = [None] * len(y_pred)
        loss_values, mean_values, batch_dim = [], [], None
        for y_t, y_p, sw, loss_obj, weight, metric in zip(y_true, y_pred, sample_weight, self._losses,
                                                            self._loss_weights, self._per_output_metrics):
            if y_t is None or loss_obj is None:
                continue
            y_t, y_p, sw = match_dtype_and_rank(_as_tensor(y_t), _as_tensor(y_p), _as_tensor(sw))
            sw = apply_mask(y_p, sw, getattr(y_p, "_keras_mask", None))
            value = loss_obj(y_t, y_p, sample_weight=sw)
            if batch_dim is None:
                batch_dim = _batch_dim(y_t)
            if metric is not None:
                metric.update_state(value, sample_weight=batch_dim)
            if weight is not None:
                value = value * weight
            loss_values.append(value)
            mean_values.append(value)
        if regularization_losses:
            reg = [_as_tensor(r) for r in regularization_losses]
            dtype = loss_values[0].dtype if loss_values else reg[0].dtype
            reg = add_n([r if r.dtype is dtype else cast(r, dtype) for r in reg])
            loss_values.append(reg)
            mean_values.append(reg)
        if not loss_values:
            return None
        dtype = loss_values[0].dtype
        loss_values = [v if v.dtype is dtype else cast(v, dtype) for v in loss_values]
        total = loss_values[0] if len(loss_values) == 1 else add_n(loss_values)
        self._total_loss_mean.update_state(total, sample_weight=1.0 if batch_dim is None else batch_dim)
        return total

    def reset_state(self):
        for metric in self.metrics:
            metric.reset_state()


# -- metrics --------------------------------------------------------------------------------------
def _validate_metric(metric):
    """Metrics that are neither names, dicts nor callables fail in compile(). (An unknown name
    passes: tf-keras wraps the name itself, which fails in the first step when called.)"""
    if metric is not None and not isinstance(metric, (str, dict)) and not callable(metric):
        raise ValueError(f"Could not interpret metric identifier: {metric}")


def _unknown_metric_name(metric):
    if not isinstance(metric, str) or metric.lower() in _SPECIAL_METRICS:
        return False
    from ..utils.object_registry import get_custom_objects
    return metric not in metrics_mod._OBJECTS and metric not in get_custom_objects()


def _should_broadcast_metrics(obj):
    if not nest.is_nested(obj):
        return True
    return isinstance(obj, (list, tuple)) and not any(nest.is_nested(o) for o in obj)


def _copy_metric(obj):
    if isinstance(obj, metrics_mod.Metric):
        return type(obj).from_config(obj.get_config())
    return obj


class MetricsContainer(_Container):
    """The compiled metrics: `container.update_state(y_true, y_pred, sample_weight)` (see module
    docstring); `metrics` lists them in order once built."""

    def __init__(self, metrics=None, weighted_metrics=None, output_names=None, from_serialized=False):
        super().__init__(output_names)
        seen, duplicated = set(), []
        for m in nest.flatten(metrics) + nest.flatten(weighted_metrics):
            if isinstance(m, metrics_mod.Metric):
                if id(m) in seen:
                    duplicated.append(m)
                seen.add(id(m))
            _validate_metric(m)
        if duplicated:
            raise ValueError("Found duplicated metrics object in the user provided metrics and weighted metrics. "
                             "This will cause the same metric object to be updated multiple times, and report "
                             f"wrong results. \nDuplicated items: {duplicated}")
        self._user_metrics = metrics
        self._user_weighted_metrics = weighted_metrics
        self._metrics = metrics
        self._weighted_metrics = weighted_metrics
        self._from_serialized = from_serialized
        self._metrics_in_order = []
        self._built = False

    @property
    def built(self):
        return self._built

    @property
    def metrics(self):
        return list(self._metrics_in_order) if self._built else []

    @property
    def unweighted_metrics(self):
        return nest.flatten(self._metrics) if self._built else None

    @property
    def weighted_metrics(self):
        return nest.flatten(self._weighted_metrics) if self._built else None

    def _broadcast(self, outputs, objects):
        if not _should_broadcast_metrics(objects):
            return objects
        copy = len(nest.flatten(outputs)) > 1
        return nest.map_structure(
            lambda _: (nest.map_structure(_copy_metric, objects) if copy and objects is not None else objects),
            outputs)

    def _per_output(self, y_pred, y_true, struct):
        struct = self._conform_to_outputs(y_pred, self._broadcast(y_pred, struct))
        flat_pred = nest.flatten(y_pred)
        flat_true = nest.flatten(y_true) if nest.is_nested(y_pred) or nest.is_nested(y_true) else [y_true]
        if len(flat_true) != len(flat_pred):
            flat_true = (flat_true + [None] * len(flat_pred))[:len(flat_pred)]
        per = _flatten_up_to(y_pred, struct)
        return [[self._get_metric_object(m, y_t, y_p) for m in nest.flatten(objs)]
                for objs, y_t, y_p in zip(per, flat_true, flat_pred)]

    def build(self, y_pred, y_true):
        self._build_names(y_pred)
        # tf-keras creates the metrics named by strings ('AUC') in the first step's graph, whose
        # name counters start afresh: every model's string 'AUC' is named 'auc', not 'auc_3'.
        saved, backend._name_counts = backend._name_counts, {}
        try:
            self._metrics = self._per_output(y_pred, y_true, self._metrics)
            self._weighted_metrics = self._per_output(y_pred, y_true, self._weighted_metrics)
        finally:
            backend._name_counts = saved
        if not self._from_serialized:
            self._set_metric_names()
        self._metrics_in_order = [m for ms, ws in zip(self._metrics, self._weighted_metrics)
                                  for m in ms + ws if m is not None]
        self._built = True

    def _set_metric_names(self):
        names = set()
        multi = len(self._output_names) > 1
        for output, ms, ws in zip(self._output_names, self._metrics, self._weighted_metrics):
            for m in ms:
                if m is None:
                    continue
                if multi:
                    m._name = output + "_" + m._name
                if m._name in names:
                    raise ValueError(f"Found two metrics with the same name: {m._name}. All the metrics added to "
                                     "the model need to have unique names.")
                names.add(m._name)
            for w in ws:
                if w is None:
                    continue
                if multi:
                    w._name = (output + "_weighted_" if output + "_" + w._name in names else output + "_") + w._name
                elif w._name in names:
                    w._name = "weighted_" + w._name
                if w._name in names:
                    raise ValueError(f"Found two weighted metrics with the same name: {w._name}.All the metrics "
                                     "added to the model need to have unique names.")
                names.add(w._name)

    def _get_metric_object(self, metric, y_t, y_p):
        if metric is None:
            return None
        if str(metric).lower() in _SPECIAL_METRICS:
            ts = _static_shape(y_t)
            ps = _static_shape(y_p)
            binary = bool(ps) and ps[-1] == 1
            sparse = ts is not None and ps is not None and (
                len(ts) < len(ps) or (bool(ts) and ts[-1] == 1 and bool(ps) and (ps[-1] or 0) > 1))
            if str(metric).lower() in ("accuracy", "acc"):
                fn = metrics_mod.binary_accuracy if binary else (
                    metrics_mod.sparse_categorical_accuracy if sparse else metrics_mod.categorical_accuracy)
            else:
                fn = metrics_mod.binary_crossentropy if binary else (
                    metrics_mod.sparse_categorical_crossentropy if sparse else metrics_mod.categorical_crossentropy)
            obj = fn
        elif _unknown_metric_name(metric):
            obj = metric  # as tf-keras: calling it raises "TypeError: 'str' object is not callable"
        else:
            obj = metrics_mod.get(metric)
        if isinstance(obj, losses_mod.Loss):
            obj._allow_sum_over_batch_size = True
        if not isinstance(obj, metrics_mod.Metric):
            name = metric if isinstance(metric, str) else get_custom_object_name(metric)
            obj = metrics_mod.MeanMetricWrapper(obj, name=name)
        return obj

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = self._conform_to_outputs(y_pred, y_true)
        sample_weight = self._conform_to_outputs(y_pred, sample_weight)
        if not self._built:
            self.build(y_pred, y_true)
        y_pred = nest.flatten(y_pred)
        y_true = nest.flatten(y_true) if y_true is not None else []
        sample_weight = nest.flatten(sample_weight)
        if len(sample_weight) != len(y_pred):
            sample_weight = [None] * len(y_pred)
        for y_t, y_p, sw, ms, ws in zip(y_true, y_pred, sample_weight, self._metrics, self._weighted_metrics):
            if y_t is None or (all(m is None for m in ms) and all(w is None for w in ws)):
                continue
            y_t, y_p, sw = match_dtype_and_rank(_as_tensor(y_t), _as_tensor(y_p), _as_tensor(sw))
            mask = getattr(y_p, "_keras_mask", None)
            sw = apply_mask(y_p, sw, mask)
            for m in ms:
                if m is not None:
                    m.update_state(y_t, y_p, sample_weight=mask)
            for w in ws:
                if w is not None:
                    w.update_state(y_t, y_p, sample_weight=sw)

    def reset_state(self):
        metrics = self._metrics_in_order if self._built else \
            nest.flatten(self._user_metrics) + nest.flatten(self._user_weighted_metrics)
        for m in metrics:
            if isinstance(m, metrics_mod.Metric):
                m.reset_state()


def _static_shape(t):
    if t is None:
        return None
    s = getattr(t, "shape", None)
    if s is None:
        return None
    if hasattr(s, "rank"):
        return None if s.rank is None else tuple(s.as_list())
    return tuple(s)


def _flatten_up_to(shallow, struct):
    """`struct` flattened to the leaves of `shallow` (each leaf's part of `struct` kept whole)."""
    if isinstance(shallow, dict):
        out = []
        for k in sorted(shallow):
            out += _flatten_up_to(shallow[k], struct.get(k) if isinstance(struct, dict) else None)
        return out
    if isinstance(shallow, (list, tuple)):
        if not isinstance(struct, (list, tuple)) or len(struct) != len(shallow):
            raise ValueError(f"The metrics structure {struct} does not match the model's outputs: "
                             f"{len(shallow)} output(s).")
        out = []
        for s, v in zip(shallow, struct):
            out += _flatten_up_to(s, v)
        return out
    return [struct]
