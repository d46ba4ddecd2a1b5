"""`tf.keras.mixed_precision.LossScaleOptimizer`: loss scaling for float16 training.

float16 gradients of small losses underflow to zero. The loss is multiplied by a scale before
differentiating (`get_scaled_loss`) and the gradients divided by it after (`get_unscaled_gradients`).
With `dynamic=True` (the default) the scale starts at 2**15; a step whose gradients are not all
finite is skipped (the variables and the inner optimizer's state are left alone, `iterations`
still counts it) and halves the scale (never below 1); `dynamic_growth_steps` (2000) finite steps
in a row double it. `minimize` (what Model.fit calls) does all of it; `Model.compile` wraps the
optimizer in one when the model's policy is 'mixed_float16', as tf-keras does.

    >>> opt = tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1))
    >>> float(opt.loss_scale)
    32768.0
"""
from ...framework import dtypes
from ...framework.indexed_slices import IndexedSlices, densify
from ...framework.variables import Variable
from ...ops.array_ops import cast
from ..optimizers.optimizer import Optimizer

__all__ = ["LossScaleOptimizer", "LossScaleOptimizerV3"]

_INITIAL_SCALE = 2.0 ** 15
_GROWTH_STEPS = 2000


def _tf():
    import numtf
    return numtf


class LossScaleOptimizer(Optimizer):
    """An optimizer that scales the loss and skips non-finite steps (see the module docstring);
    every other attribute (learning_rate, iterations, variables...) is the inner optimizer's.

        >>> opt = tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD(), dynamic_growth_steps=100)
        >>> opt.dynamic_growth_steps
        100
    """

    def __new__(cls, *args, **kwargs):
        # tf-keras hands out its V3 class (the one for the new optimizers): so does numtf
        return super().__new__(LossScaleOptimizerV3 if cls is LossScaleOptimizer else cls)

    def __init__(self, inner_optimizer, dynamic=True, initial_scale=None, dynamic_growth_steps=None):
        if not isinstance(inner_optimizer, Optimizer):
            raise TypeError('"inner_optimizer" must be an instance of `tf.keras.optimizers.Optimizer` or '
                            f"`tf.keras.optimizers.experimental.Optimizer`, but got: {inner_optimizer}.")
        if not isinstance(dynamic, bool):
            raise TypeError(f'"dynamic" argument to LossScaleOptimizer.__init__ must be a bool, but got: {dynamic!r}')
        if isinstance(inner_optimizer, LossScaleOptimizer):
            raise TypeError(f"LossScaleOptimizer cannot wrap another LossScaleOptimizer, but got: {inner_optimizer}")
        d = self.__dict__
        d["_inner"] = inner_optimizer
        d["_dynamic"] = dynamic
        if dynamic:
            initial = _INITIAL_SCALE if initial_scale is None else float(initial_scale)
            growth = _GROWTH_STEPS if dynamic_growth_steps is None else int(dynamic_growth_steps)
        else:
            if initial_scale is None:
                raise ValueError('"initial_scale" must be specified if "dynamic" is False')
            if dynamic_growth_steps is not None:
                raise ValueError('"dynamic_growth_steps" must be None if "dynamic" is False, but got: '
                                 f"{dynamic_growth_steps}")
            initial, growth = float(initial_scale), None
        d["_initial_scale"], d["_growth_steps"] = initial, growth
        d["_scale"] = Variable(initial, name="current_loss_scale", dtype="float32", trainable=False)
        d["_counter"] = Variable(0, name="good_steps", dtype="int64", trainable=False)
        d["name"] = "LossScaleOptimizer"

    # -- delegation ----------------------------------------------------------------------------
    def __getattr__(self, name):
        inner = self.__dict__.get("_inner")
        if inner is None:
            raise AttributeError(name)
        return getattr(inner, name)

    def __setattr__(self, name, value):
        if name in ("learning_rate", "lr", "iterations"):
            setattr(self._inner, name, value)
        else:
            object.__setattr__(self, name, value)

    @property
    def inner_optimizer(self):
        return self._inner

    @property
    def iterations(self):
        return self._inner.iterations

    @property
    def learning_rate(self):
        return self._inner.learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        self._inner.learning_rate = value

    @property
    def variables(self):
        return self._inner.variables

    def build(self, var_list):
        self._inner.build(var_list)

    # -- scaling -------------------------------------------------------------------------------
    @property
    def dynamic(self):
        return self._dynamic

    @property
    def loss_scale(self):
        """The current scale (a float32 tensor)."""
        return self._scale.read_value()

    @property
    def initial_scale(self):
        return self._initial_scale

    @property
    def dynamic_growth_steps(self):
        return self._growth_steps

    @property
    def dynamic_counter(self):
        """The finite steps since the scale last changed (None for a fixed scale)."""
        return self._counter.read_value() if self._dynamic else None

    def get_scaled_loss(self, loss):
        """loss * loss_scale (in the loss's dtype); a callable loss gives a callable."""
        tf = _tf()
        if callable(loss):
            return lambda: self.get_scaled_loss(loss())
        loss = tf.convert_to_tensor(loss)
        return loss * cast(self._scale.read_value(), loss.dtype)

    def get_unscaled_gradients(self, grads):
        """Each gradient / loss_scale (None gradients stay None)."""
        tf = _tf()
        inverse = 1.0 / self._scale.read_value()
        out = []
        for g in grads:  # (IndexedSlices stay IndexedSlices, as in TF)
            if isinstance(g, IndexedSlices):
                out.append(IndexedSlices(g.values * cast(inverse, g.dtype), g.indices, g.dense_shape))
            else:
                out.append(None if g is None else g * cast(inverse, tf.convert_to_tensor(g).dtype))
        return out

    # -- steps ---------------------------------------------------------------------------------
    def compute_gradients(self, loss, var_list, tape=None):
        """[(gradient, variable)] of the loss, differentiated scaled and then unscaled."""
        tf = _tf()
        if not callable(loss) and tape is None:
            raise ValueError(f"`tape` is required when a `Tensor` loss is passed. Received: loss={loss}, tape={tape}.")
        if tape is None:
            tape = tf.GradientTape()
        if callable(loss):
            with tape:
                if not callable(var_list):
                    tape.watch(var_list)
                loss = loss()
                if callable(var_list):
                    var_list = var_list()
        loss = tf.convert_to_tensor(loss)
        # d(scale * loss)/dw without re-entering the tape: the scale is the output gradient
        scale = tf.fill(tf.shape(loss), cast(self._scale.read_value(), loss.dtype))
        grads = tape.gradient(loss, var_list, output_gradients=scale)
        return list(zip(self.get_unscaled_gradients(grads), var_list))

    def minimize(self, loss, var_list, tape=None):
        self.apply_gradients(self.compute_gradients(loss, var_list, tape))

    def apply_gradients(self, grads_and_vars, name=None, skip_gradients_aggregation=False, **kwargs):
        """Applies the gradients if they are all finite (else skips the step); updates the scale."""
        tf = _tf()
        pairs = [(densify(g), v) for g, v in grads_and_vars]
        inner = self._inner
        if not getattr(inner, "_built", False):
            inner.build([v for _, v in pairs])
        if not self._dynamic:
            return inner.apply_gradients(pairs, name=name, skip_gradients_aggregation=skip_gradients_aggregation,
                                         **kwargs)
        grads = [g for g, _ in pairs if g is not None]
        finite = tf.reduce_all([tf.reduce_all(tf.math.is_finite(g)) for g in grads]) if grads else tf.constant(True)

        def apply():
            inner.apply_gradients(pairs, name=name, skip_gradients_aggregation=skip_gradients_aggregation, **kwargs)
            grown = self._counter + 1 >= self._growth_steps
            self._scale.assign(tf.where(grown, self._scale * 2.0, self._scale))
            self._counter.assign(tf.where(grown, tf.constant(0, dtypes.int64), self._counter + 1))
            return tf.constant(True)

        def skip():
            self._scale.assign(tf.maximum(self._scale / 2.0, 1.0))
            self._counter.assign(tf.constant(0, dtypes.int64))
            inner.iterations.assign_add(1)  # a skipped step still counts, as in tf-keras
            return tf.constant(False)
        if tf.executing_eagerly():
            apply() if bool(finite) else skip()
        else:
            tf.cond(finite, apply, skip)
        return inner.iterations

    # -- config --------------------------------------------------------------------------------
    def get_config(self):
        from ..optimizers import serialize
        return {"inner_optimizer": serialize(self._inner), "dynamic": self._dynamic,
                "initial_scale": self._initial_scale, "dynamic_growth_steps": self._growth_steps}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from ..optimizers import deserialize
        config = dict(config)
        inner = deserialize(config.pop("inner_optimizer"), custom_objects=custom_objects) \
            if custom_objects else deserialize(config.pop("inner_optimizer"))
        return cls(inner, **config)

    def __repr__(self):
        return f"<LossScaleOptimizer inner={self._inner!r} loss_scale={float(self._scale.numpy())}>"


class LossScaleOptimizerV3(LossScaleOptimizer):
    """The class `LossScaleOptimizer(...)` instances have (tf-keras's name for the new optimizers)."""


def wrap_for_policy(model, optimizer):
    """`Model.compile`'s rule: a model whose policy is mixed_float16 trains with loss scaling."""
    policy = getattr(model, "_dtype_policy", None)
    if optimizer is not None and policy is not None and policy.name == "mixed_float16" and \
            not isinstance(optimizer, LossScaleOptimizer):
        return LossScaleOptimizer(optimizer)
    return optimizer
