"""`tf.keras.losses.Loss` and the loss classes: a loss function plus a reduction.

`Loss.__call__(y_true, y_pred, sample_weight=None)` runs `call` for per-example values, folds in
masks and sample weights, and reduces ('auto' = 'sum_over_batch_size': the weighted sum divided
by the number of values; 'sum'; 'none').

    >>> class MeanSquaredError(tf.keras.losses.Loss):
    ...     def call(self, y_true, y_pred):
    ...         return tf.reduce_mean(tf.square(y_pred - y_true))
    >>> float(MeanSquaredError()(tf.constant([1.]), tf.constant([3.])))
    4.0
"""
from ...framework.context import ctx
from ...framework.tensor import Tensor
from ...framework.variables import Variable
from . import crossentropy as _ce
from . import functions as _fn
from .utils import Reduction, apply_valid_mask, compute_weighted_loss, is_tensor, squeeze_or_expand_dimensions

__all__ = []


class Loss:
    """Base class of losses: subclasses implement `call(y_true, y_pred)` (see module docstring)."""

    def __init__(self, reduction=Reduction.AUTO, name=None):
        Reduction.validate(reduction)
        self.reduction = reduction
        self.name = name
        self._allow_sum_over_batch_size = False
        self._set_name_scope()

    def _set_name_scope(self):
        if self.name is None:
            self._name_scope = self.__class__.__name__.strip("_")
        elif self.name == "<lambda>":
            self._name_scope = "lambda"
        else:
            self._name_scope = self.name.strip("_")

    def __call__(self, y_true, y_pred, sample_weight=None):
        """The weighted, reduced loss (a scalar unless the reduction is 'none')."""
        if ctx.graph is None:
            losses = self.call(y_true, y_pred)
        else:
            scope = ctx.scope
            ctx.scope = scope + self._name_scope + "/"
            try:
                losses = self.call(y_true, y_pred)
            finally:
                ctx.scope = scope
        reduction = self._get_reduction()
        in_mask = getattr(y_pred, "_keras_mask", None)
        out_mask = getattr(losses, "_keras_mask", None)
        if in_mask is not None or out_mask is not None:
            if in_mask is not None and out_mask is not None:
                from ...ops.logic_ops import logical_and
                mask = logical_and(in_mask, out_mask)
            else:
                mask = in_mask if in_mask is not None else out_mask
            if type(losses) is not Tensor and not isinstance(losses, Tensor):
                from .utils import as_tensor
                losses = as_tensor(losses)
            sample_weight = apply_valid_mask(losses, sample_weight, mask, reduction)
        return compute_weighted_loss(losses, sample_weight, reduction=reduction)

    def call(self, y_true, y_pred):
        """Per-example loss values; subclasses implement it."""
        raise NotImplementedError("Must be implemented in subclasses.")

    def _get_reduction(self):
        if self.reduction == Reduction.AUTO:
            return Reduction.SUM_OVER_BATCH_SIZE
        return self.reduction

    def get_config(self):
        """{'reduction', 'name'} (subclasses add their arguments)."""
        return {"reduction": self.reduction, "name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class LossFunctionWrapper(Loss):
    """A `Loss` calling `fn(y_true, y_pred, **kwargs)`.

        >>> float(tf.keras.losses.LossFunctionWrapper(tf.keras.losses.mae)([0., 0.], [1., 3.]))
        2.0
    """

    def __init__(self, fn, reduction=Reduction.AUTO, name=None, **kwargs):
        super().__init__(reduction=reduction, name=name)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        if is_tensor(y_pred) and is_tensor(y_true):
            if isinstance(y_pred, Variable):
                y_pred = y_pred.read_value()
            if isinstance(y_true, Variable):
                y_true = y_true.read_value()
            y_pred, y_true = squeeze_or_expand_dimensions(y_pred, y_true)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        config = super().get_config()
        for k, v in self._fn_kwargs.items():
            config[k] = v.numpy() if isinstance(v, (Tensor, Variable)) and hasattr(v, "numpy") else v
        config["fn"] = getattr(self.fn, "__name__", None)
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        fn_name = config.pop("fn", None)
        if cls is LossFunctionWrapper:
            from . import get
            config["fn"] = get(fn_name)
        return cls(**config)


class MeanSquaredError(LossFunctionWrapper):
    """mean(square(y_true - y_pred)).

        >>> float(tf.keras.losses.MeanSquaredError()([[0., 1.]], [[1., 1.]]))
        0.5
    """

    def __init__(self, reduction=Reduction.AUTO, name="mean_squared_error"):
        super().__init__(_fn.mean_squared_error, reduction=reduction, name=name)


class MeanAbsoluteError(LossFunctionWrapper):
    """mean(abs(y_true - y_pred)).

        >>> float(tf.keras.losses.MeanAbsoluteError()([[0., 1.]], [[1., 1.]]))
        0.5
    """

    def __init__(self, reduction=Reduction.AUTO, name="mean_absolute_error"):
        super().__init__(_fn.mean_absolute_error, reduction=reduction, name=name)


class MeanAbsolutePercentageError(LossFunctionWrapper):
    """100 * mean(abs((y_true - y_pred) / y_true)).

        >>> float(tf.keras.losses.MeanAbsolutePercentageError()([[2., 1.]], [[1., 1.]]))
        25.0
    """

    def __init__(self, reduction=Reduction.AUTO, name="mean_absolute_percentage_error"):
        super().__init__(_fn.mean_absolute_percentage_error, reduction=reduction, name=name)


class MeanSquaredLogarithmicError(LossFunctionWrapper):
    """mean(square(log(y_true + 1) - log(y_pred + 1))).

        >>> round(float(tf.keras.losses.MeanSquaredLogarithmicError()([[0., 1.]], [[1., 1.]])), 4)
        0.2402
    """

    def __init__(self, reduction=Reduction.AUTO, name="mean_squared_logarithmic_error"):
        super().__init__(_fn.mean_squared_logarithmic_error, reduction=reduction, name=name)


class BinaryCrossentropy(LossFunctionWrapper):
    """Binary cross-entropy (labels in [0, 1]) from probabilities, or from logits with `from_logits`.

        >>> round(float(tf.keras.losses.BinaryCrossentropy()([[1.]], [[0.5]])), 4)
        0.6931
    """

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction=Reduction.AUTO, name="binary_crossentropy"):
        super().__init__(_ce.binary_crossentropy, reduction=reduction, name=name,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits


class CategoricalCrossentropy(LossFunctionWrapper):
    """Cross-entropy for one-hot labels, from probabilities or (`from_logits`) logits.

        >>> round(float(tf.keras.losses.CategoricalCrossentropy()([[0., 1.]], [[0.5, 0.5]])), 4)
        0.6931
    """

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction=Reduction.AUTO, name="categorical_crossentropy"):
        super().__init__(_ce.categorical_crossentropy, reduction=reduction, name=name,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Cross-entropy for integer class labels, from probabilities or (`from_logits`) logits.

        >>> round(float(tf.keras.losses.SparseCategoricalCrossentropy()([1], [[0.5, 0.5]])), 4)
        0.6931
    """

    def __init__(self, from_logits=False, ignore_class=None,
                 reduction=Reduction.AUTO, name="sparse_categorical_crossentropy"):
        super().__init__(_ce.sparse_categorical_crossentropy, reduction=reduction, name=name,
                         from_logits=from_logits, ignore_class=ignore_class)
        self.from_logits = from_logits


class CosineSimilarity(LossFunctionWrapper):
    """Minus the cosine similarity along `axis` (-1 for parallel vectors).

        >>> float(tf.keras.losses.CosineSimilarity()([[0., 1.]], [[0., 3.]]))
        -1.0
    """

    def __init__(self, axis=-1, reduction=Reduction.AUTO, name="cosine_similarity"):
        super().__init__(_fn.cosine_similarity, reduction=reduction, name=name, axis=axis)


class Hinge(LossFunctionWrapper):
    """mean(maximum(1 - y_true * y_pred, 0)).

        >>> float(tf.keras.losses.Hinge()([[1., 0.]], [[0.5, -0.5]]))
        0.5
    """

    def __init__(self, reduction=Reduction.AUTO, name="hinge"):
        super().__init__(_fn.hinge, reduction=reduction, name=name)


class SquaredHinge(LossFunctionWrapper):
    """mean(square(maximum(1 - y_true * y_pred, 0))).

        >>> float(tf.keras.losses.SquaredHinge()([[1., 0.]], [[0.5, -0.5]]))
        0.25
    """

    def __init__(self, reduction=Reduction.AUTO, name="squared_hinge"):
        super().__init__(_fn.squared_hinge, reduction=reduction, name=name)


class CategoricalHinge(LossFunctionWrapper):
    """maximum(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0).

        >>> round(float(tf.keras.losses.CategoricalHinge()([[0., 1.]], [[0.3, 0.7]])), 4)
        0.6
    """

    def __init__(self, reduction=Reduction.AUTO, name="categorical_hinge"):
        super().__init__(_fn.categorical_hinge, reduction=reduction, name=name)


class Poisson(LossFunctionWrapper):
    """mean(y_pred - y_true * log(y_pred)).

        >>> round(float(tf.keras.losses.Poisson()([[1., 0.]], [[1., 1.]])), 4)
        1.0
    """

    def __init__(self, reduction=Reduction.AUTO, name="poisson"):
        super().__init__(_fn.poisson, reduction=reduction, name=name)


class LogCosh(LossFunctionWrapper):
    """mean(log(cosh(y_pred - y_true))).

        >>> round(float(tf.keras.losses.LogCosh()([[0., 0.]], [[1., 0.]])), 5)
        0.21689
    """

    def __init__(self, reduction=Reduction.AUTO, name="log_cosh"):
        super().__init__(_fn.log_cosh, reduction=reduction, name=name)


class KLDivergence(LossFunctionWrapper):
    """sum(y_true * log(y_true / y_pred)).

        >>> round(float(tf.keras.losses.KLDivergence()([[0.5, 0.5]], [[0.25, 0.75]])), 5)
        0.14384
    """

    def __init__(self, reduction=Reduction.AUTO, name="kl_divergence"):
        super().__init__(_fn.kl_divergence, reduction=reduction, name=name)


class Huber(LossFunctionWrapper):
    """Quadratic for |y_pred - y_true| <= delta, linear beyond.

        >>> float(tf.keras.losses.Huber()([[0., 0.]], [[0.5, 3.]]))
        1.3125
    """

    def __init__(self, delta=1.0, reduction=Reduction.AUTO, name="huber_loss"):
        super().__init__(_fn.huber, reduction=reduction, name=name, delta=delta)


def is_categorical_crossentropy(loss):
    """True for the categorical cross-entropy in any of its forms (class, function or name)."""
    return (isinstance(loss, CategoricalCrossentropy)
            or (isinstance(loss, LossFunctionWrapper) and loss.fn is _ce.categorical_crossentropy)
            or getattr(loss, "__name__", None) == "categorical_crossentropy"
            or (isinstance(loss, str) and loss == "categorical_crossentropy"))
