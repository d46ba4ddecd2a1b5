"""Attention layers: Attention (Luong dot-product), AdditiveAttention (Bahdanau) and
MultiHeadAttention (Vaswani et al., 2017), with tf-keras 2 semantics.

    >>> q, v = tf.ones([2, 3, 4]), tf.ones([2, 5, 4])
    >>> tf.keras.layers.Attention()([q, v]).shape
    TensorShape([2, 3, 4])
    >>> tf.keras.layers.MultiHeadAttention(num_heads=2, key_dim=8)(q, v).shape
    TensorShape([2, 3, 4])

They are built from numtf ops (einsum, matmul, softmax), so the tape differentiates them and
they trace into graphs like any other layer.
"""
import logging
import math
import string

import numpy as np

from ...framework import dtypes
from ...framework.tensor import Tensor
from ...framework.tensor_shape import TensorShape
from ...framework.context import ctx
from ...ops import (array_ops, creation_ops, linalg_ops, logic_ops, math_ops2, matmul_ops, nn_ops, reduction_ops,
                    stack_ops)
from ...ops.convert import convert_to_tensor
from .. import activations, backend, constraints, initializers, regularizers
from ..engine.base_layer import Layer, build_in_scope
from .core import Dropout, Softmax, _serialize, _serialize_constraint

_LETTERS = string.ascii_lowercase


def _as_float(layer, x):
    """A tensor in the layer's dtype when floating (tf-keras casts every input of a call, but
    numtf's Layer.__call__ casts only the first, the query)."""
    if x is None:
        return None
    if not isinstance(x, Tensor):
        x = convert_to_tensor(x)
    if x.dtype.is_floating and x.dtype is not layer._dtype:
        x = stack_ops.cast(x, layer._dtype)
    return x


def _causal_mask(n_query, n_value):
    """(n_query, n_value) bool: query step i sees value steps 0..i (the lower triangle)."""
    if isinstance(n_query, int) and isinstance(n_value, int):
        return convert_to_tensor(np.tril(np.ones((n_query, n_value), dtype=bool)))
    ones = creation_ops.ones(stack_ops.stack([n_query, n_value]), dtype=dtypes.bool)
    return linalg_ops.band_part(ones, -1, 0)


def _dim(x, axis):
    """x's size along `axis`: an int when static, else a scalar tensor read when the graph runs."""
    d = x.shape[axis]
    return d if d is not None else array_ops.shape(x)[axis]


class _DenseAttention(Layer):
    """What Attention and AdditiveAttention share: the call on [query, value(, key)], the masks,
    the softmax and the dropout of the attention weights. Subclasses give `_calculate_scores`."""

    def __init__(self, dropout=0.0, **kwargs):
        causal = kwargs.pop("causal", False)
        self.seed = kwargs.pop("seed", None)
        super().__init__(**kwargs)
        if causal:  # accepted, deprecated and left out of the config, as in tf-keras
            logging.getLogger("tensorflow").warning("`causal` argument is deprecated. Please use `use_causal_mask` "
                                               "in call() method to specify causal masking.")
        self.causal = bool(causal)
        self.dropout = dropout
        self.supports_masking = True

    def _validate(self, inputs, mask):
        name = type(self).__name__
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(f"{name} layer must be called on a list of inputs, namely [query, value] or "
                             f"[query, value, key]. Received: {inputs}.")
        if len(inputs) < 2 or len(inputs) > 3:
            raise ValueError(f"{name} layer accepts inputs list of length 2 or 3, namely [query, value] or "
                             f"[query, value, key]. Received length: {len(inputs)}.")
        if mask is not None:
            if not isinstance(mask, (list, tuple)):
                raise ValueError(f"{name} layer mask must be a list, namely [query_mask, value_mask]. "
                                 f"Received: {mask}.")
            if len(mask) < 2 or len(mask) > len(inputs):
                raise ValueError(f"{name} layer mask must be a list of length 2, namely [query_mask, "
                                 f"value_mask]. Received length: {len(mask)}.")

    def _check_dims(self, query, key):
        """A clear error for a query and key whose features differ (tf-keras fails in its matmul)."""
        dq, dk = query.shape[-1], key.shape[-1]
        if dq is not None and dk is not None and dq != dk:
            raise ValueError(f"{type(self).__name__} layer '{self.name}': the last dimension of the query ({dq}) "
                             f"must equal the last dimension of the key ({dk}; the key is the value when no "
                             f"key is given). Received shapes: query={query.shape}, key={key.shape}.")

    def call(self, inputs, mask=None, training=None, return_attention_scores=False, use_causal_mask=False):
        self._validate(inputs, mask)
        query, value = _as_float(self, inputs[0]), _as_float(self, inputs[1])
        key = _as_float(self, inputs[2]) if len(inputs) > 2 else value
        self._check_dims(query, key)
        q_mask = mask[0] if mask else None
        v_mask = mask[1] if mask else None
        scores = self._calculate_scores(query, key)  # (batch, Tq, Tv)
        scores_mask = None
        if v_mask is not None:  # (batch, 1, Tv): the same value steps hidden from every query step
            scores_mask = array_ops.expand_dims(stack_ops.cast(v_mask, dtypes.bool), -2)
        if use_causal_mask or self.causal:
            causal = _causal_mask(_dim(scores, -2), _dim(scores, -1))
            scores_mask = causal if scores_mask is None else logic_ops.logical_and(scores_mask, causal)
        result, weights = self._apply_scores(scores, value, scores_mask, training)
        if q_mask is not None:  # masked query steps give zeros
            result = result * stack_ops.cast(array_ops.expand_dims(q_mask, -1), result.dtype)
            result._keras_mask = convert_to_tensor(q_mask)  # also for a mask given explicitly
        if return_attention_scores:
            return result, weights
        return result

    def _apply_scores(self, scores, value, scores_mask, training):
        if scores_mask is not None:  # a large negative score where attention is not allowed
            big = 65504.0 if scores.dtype == dtypes.float16 else 1.0e9
            scores = scores - big * stack_ops.cast(logic_ops.logical_not(scores_mask), scores.dtype)
        weights = nn_ops.softmax(scores, axis=-1)
        if training is None:
            training = backend.learning_phase()
        if self.dropout > 0 and training:  # the returned scores are the dropped-out weights, as tf-keras
            weights = nn_ops.dropout(weights, rate=self.dropout, seed=self.seed)
        return matmul_ops.matmul(weights, value), weights

    def compute_mask(self, inputs, mask=None):
        self._validate(inputs, mask)
        if not mask or mask[0] is None:
            return None
        return convert_to_tensor(mask[0])

    def _set_output_masks(self, inputs, outputs, input_mask):
        # the query's mask goes to the attention output only, never to the returned scores
        super()._set_output_masks(inputs, outputs[0] if isinstance(outputs, tuple) else outputs, input_mask)

    def compute_output_shape(self, input_shape):
        # tf-keras 2.21 answers the query's shape, even when the value's features differ
        return TensorShape(input_shape[0])

    def get_config(self):
        config = super().get_config()
        config["dropout"] = self.dropout
        return config


class Attention(_DenseAttention):
    """Dot-product (Luong-style) attention over `[query, value]` or `[query, value, key]`:
    `softmax(query @ key^T) @ value`, shaped like the query with the value's features.

    `use_scale` multiplies the scores by a learned scalar `scale` (initially 1);
    `score_mode="concat"` scores with `sum(tanh(query + key))` times a learned
    `concat_score_weight`. `mask=[query_mask, value_mask]` hides value steps and zeroes masked
    query steps; call with `use_causal_mask=True` for decoder self-attention and
    `return_attention_scores=True` for the weights too.

        >>> layer = tf.keras.layers.Attention(use_scale=True)
        >>> out, scores = layer([tf.ones([2, 3, 4]), tf.ones([2, 5, 4])], return_attention_scores=True)
        >>> out.shape, scores.shape, [w.name for w in layer.weights]
        (TensorShape([2, 3, 4]), TensorShape([2, 3, 5]), ['attention/scale:0'])
    """

    def __init__(self, use_scale=False, score_mode="dot", **kwargs):
        super().__init__(**kwargs)
        if score_mode not in ("dot", "concat"):
            raise ValueError(f'Received: score_mode={score_mode}. Acceptable values are: ["dot", "concat"]')
        self.use_scale = use_scale
        self.score_mode = score_mode

    def build(self, input_shape):
        self.scale = self.add_weight("scale", shape=(), initializer="ones", trainable=True) \
            if self.use_scale else None
        self.concat_score_weight = self.add_weight("concat_score_weight", shape=(), initializer="ones",
                                                   trainable=True) if self.score_mode == "concat" else None
        self.built = True

    def _calculate_scores(self, query, key):
        if self.score_mode == "dot":
            scores = matmul_ops.matmul(query, key, transpose_b=True)
            return scores if self.scale is None else scores * self.scale
        # (batch, Tq, 1, dim) + (batch, 1, Tv, dim): every query step against every key step
        pairs = array_ops.expand_dims(query, -2) + array_ops.expand_dims(key, -3)
        if self.scale is not None:
            pairs = self.scale * pairs
        return self.concat_score_weight * reduction_ops.reduce_sum(math_ops2.tanh(pairs), axis=-1)

    def get_config(self):
        config = super().get_config()
        config.update({"use_scale": self.use_scale, "score_mode": self.score_mode})
        return config


class AdditiveAttention(_DenseAttention):
    """Additive (Bahdanau-style) attention over `[query, value]` or `[query, value, key]`: the
    scores are `sum(scale * tanh(query + key), axis=-1)`, with a learned `scale` vector (one per
    feature, glorot-uniform initialized) when `use_scale` (the default). Masks, causal masking,
    dropout and the returned scores work as in `Attention`.

        >>> layer = tf.keras.layers.AdditiveAttention()
        >>> layer([tf.ones([2, 3, 4]), tf.ones([2, 5, 4])]).shape
        TensorShape([2, 3, 4])
        >>> [(w.name, w.shape.as_list()) for w in layer.weights]
        [('additive_attention/scale:0', [4])]
    """

    def __init__(self, use_scale=True, **kwargs):
        super().__init__(**kwargs)
        self.use_scale = use_scale

    def build(self, input_shape):
        # sized by the value's features (the key's are the same, or the scores fail)
        dim = TensorShape(input_shape[1])[-1] if isinstance(input_shape, (list, tuple)) and \
            len(input_shape) > 1 else None
        self.scale = self.add_weight("scale", shape=[dim], initializer="glorot_uniform", trainable=True) \
            if self.use_scale else None
        self.built = True

    def _check_dims(self, query, key):
        super()._check_dims(query, key)
        d = key.shape[-1]
        if self.scale is not None and d is not None and d != self.scale.shape[0]:
            raise ValueError(f"AdditiveAttention layer '{self.name}': the last dimension of the query and key ({d}) "
                             f"must equal that of the value ({self.scale.shape[0]}), the size of `scale`.")

    def _calculate_scores(self, query, key):
        pairs = math_ops2.tanh(array_ops.expand_dims(query, -2) + array_ops.expand_dims(key, -3))
        if self.use_scale:
            pairs = self.scale * pairs
        return reduction_ops.reduce_sum(pairs, axis=-1)

    def get_config(self):
        config = super().get_config()
        config["use_scale"] = self.use_scale
        return config



# -- MultiHeadAttention ---------------------------------------------------------------------------
def _projection_equation(free_dims, bound_dims, output_dims):
    """(equation, bias axes, output rank) of a projection that keeps `free_dims` leading axes,
    contracts `bound_dims` axes with the kernel and appends `output_dims` new ones: free=2,
    bound=1, output=2 gives 'abc,cde->abde' (a (batch, T, dim) input to (batch, T, heads, size))."""
    free = _LETTERS[:free_dims]
    bound = _LETTERS[free_dims:free_dims + bound_dims]
    new = _LETTERS[free_dims + bound_dims:free_dims + bound_dims + output_dims]
    return f"{free}{bound},{bound}{new}->{free}{new}", new, free_dims + output_dims


def _attention_equations(rank, attention_axes):
    """The einsum equations of the scores and of the combination, for projected tensors of `rank`
    (batch..., heads, size) attending over `attention_axes`: the scores are laid out as (batch axes
    and heads, query attention axes, key attention axes); for rank 4 and axes (1,): 'aecd,abcd->acbe'
    and 'acbe,aecd->abcd', scores (batch, heads, T, S)."""
    target = _LETTERS[:rank]
    batch_axes = [i for i in range(rank) if i not in attention_axes and i != rank - 1]
    fresh = iter(_LETTERS[rank:])
    source = "".join(target[i] if i in batch_axes or i == rank - 1 else next(fresh) for i in range(rank))
    product = "".join([target[i] for i in batch_axes] + [target[i] for i in attention_axes] +
                      [source[i] for i in attention_axes])
    return f"{source},{target}->{product}", f"{product},{source}->{target}", len(product)


class EinsumDense(Layer):
    """A dense projection written as an einsum (`'abc,cde->abde'`): the sublayer MultiHeadAttention
    projects with, as tf-keras's. `output_shape` gives the output's sizes after the batch axis
    (None: the input's size there); `bias_axes` names the output axes the bias spans."""

    def __init__(self, equation, output_shape, activation=None, bias_axes=None, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.equation = equation
        self.partial_output_shape = [output_shape] if isinstance(output_shape, int) else list(output_shape)
        self.activation = activations.get(activation)
        self.bias_axes = bias_axes
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

    def build(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        ins, rest = self.equation.split(",")
        kernel_spec, out = rest.split("->")
        given = [None] * (len(out) - len(self.partial_output_shape)) + self.partial_output_shape
        sizes = {c: d for c, d in zip(ins, shape)}
        sizes.update({c: d for c, d in zip(out, given) if d is not None})
        self.full_output_shape = [sizes.get(c) for c in out]
        self.kernel = self.add_weight("kernel", shape=[sizes[c] for c in kernel_spec],
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint, trainable=True)
        self.bias = None
        if self.bias_axes:
            first = min(out.index(c) for c in self.bias_axes)  # trailing axes the bias broadcasts over get 1
            bias_shape = [sizes[c] if c in self.bias_axes else 1 for c in out[first:]]
            self.bias = self.add_weight("bias", shape=bias_shape, initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                                        trainable=True)
        self.built = True

    def call(self, inputs):
        outputs = linalg_ops.einsum(self.equation, inputs, self.kernel)
        if self.bias is not None:
            outputs = outputs + self.bias
        return outputs if self.activation is activations.linear else self.activation(outputs)

    def get_config(self):
        config = super().get_config()
        config.update({
            "output_shape": self.partial_output_shape, "equation": self.equation,
            "activation": activations.serialize(self.activation), "bias_axes": self.bias_axes,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": _serialize(self.kernel_regularizer, regularizers),
            "bias_regularizer": _serialize(self.bias_regularizer, regularizers),
            "activity_regularizer": _serialize(self.activity_regularizer, regularizers),
            "kernel_constraint": _serialize_constraint(self.kernel_constraint),
            "bias_constraint": _serialize_constraint(self.bias_constraint)})
        return config


class MultiHeadAttention(Layer):
    """Multi-head attention (Vaswani et al., 2017): `query`, `key` and `value` are projected to
    `num_heads` heads (of sizes `key_dim`, `key_dim` and `value_dim`), each head attends with
    `softmax(q k^T / sqrt(key_dim))`, and the heads are projected back to the query's features (or
    to `output_shape`). Call it as `layer(query, value, key=None, attention_mask=None,
    return_attention_scores=False, training=None, use_causal_mask=False)`; the scores are
    (batch, num_heads, T, S). The `_keras_mask`s of query, value and key (from an Embedding with
    mask_zero, a Masking layer) hide steps as tf-keras does. Inputs of rank > 3 attend over
    `attention_axes` (by default every axis between the batch and the features).

        >>> layer = tf.keras.layers.MultiHeadAttention(num_heads=2, key_dim=3)
        >>> out, scores = layer(tf.ones([4, 8, 16]), tf.ones([4, 5, 16]), return_attention_scores=True)
        >>> out.shape, scores.shape
        (TensorShape([4, 8, 16]), TensorShape([4, 2, 8, 5]))
        >>> layer.weights[0].name, layer.weights[0].shape
        ('multi_head_attention/query/kernel:0', TensorShape([16, 2, 3]))
    """

    def __init__(self, num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True, output_shape=None,
                 attention_axes=None, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, softmax_robust_masking=False, **kwargs):
        for key in ("query_shape", "key_shape", "value_shape"):  # in the config; the first call builds
            kwargs.pop(key, None)
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.supports_masking = True
        self._num_heads = num_heads
        self._key_dim = key_dim
        self._value_dim = value_dim if value_dim else key_dim
        self._dropout = dropout
        self._use_bias = use_bias
        self._output_shape = output_shape
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        self._activity_regularizer = regularizers.get(activity_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        self._softmax_robust_masking = softmax_robust_masking
        self._attention_axes = (attention_axes,) if isinstance(attention_axes, int) else \
            None if attention_axes is None else tuple(attention_axes)
        self._built_from_signature = False
        self._query_shape = self._key_shape = self._value_shape = None
        self._calling = False

    def _build_from_signature(self, query, value, key=None):
        """Creates and builds the projections for inputs (or shapes) like these; a custom layer
        holding a MultiHeadAttention calls it from its own build(), as with tf-keras."""
        shape = lambda x: TensorShape(x.shape if hasattr(x, "shape") else x)  # noqa: E731
        self._built_from_signature = True
        self._query_shape, self._value_shape = shape(query), shape(value)
        self._key_shape = self._value_shape if key is None else shape(key)
        sub = dict(kernel_initializer=self._kernel_initializer, bias_initializer=self._bias_initializer,
                   kernel_regularizer=self._kernel_regularizer, bias_regularizer=self._bias_regularizer,
                   activity_regularizer=self._activity_regularizer, kernel_constraint=self._kernel_constraint,
                   bias_constraint=self._bias_constraint, dtype=self._dtype.name)

        def projection(name, input_shape, bound_dims, last_dims):
            equation, bias_axes, rank = _projection_equation(input_shape.rank - bound_dims, bound_dims,
                                                             len(last_dims))
            return EinsumDense(equation, [None] * (rank - 1 - len(last_dims)) + list(last_dims), name=name,
                               bias_axes=bias_axes if self._use_bias else None, **sub)

        heads, rank = self._num_heads, self._query_shape.rank
        self._query_dense = projection("query", self._query_shape, 1, [heads, self._key_dim])
        self._key_dense = projection("key", self._key_shape, 1, [heads, self._key_dim])
        self._value_dense = projection("value", self._value_shape, 1, [heads, self._value_dim])
        projected_rank = rank + 1
        if self._attention_axes is None:
            self._attention_axes = tuple(range(1, projected_rank - 2))
        self._dot_product_equation, self._combine_equation, scores_rank = _attention_equations(
            projected_rank, self._attention_axes)
        self._norm_axes = tuple(range(scores_rank - len(self._attention_axes), scores_rank))
        # tf-keras's Softmax and Dropout sublayers (they take the names 'softmax', 'dropout')
        self._softmax = Softmax(axis=self._norm_axes, dtype=self._dtype.name)
        self._dropout_layer = Dropout(rate=self._dropout, dtype=self._dtype.name)
        out = self._output_shape
        out = ([out] if not isinstance(out, (list, tuple)) else list(out)) if out else [self._query_shape[-1]]
        projected = self._query_shape[:-1].concatenate([heads, self._value_dim])
        self._output_dense = projection("attention_output", projected, 2, out)
        scope = ctx.scope
        if not self._calling:  # named under this layer, as when built by its first call
            ctx.scope = scope + self._name + "/"
        try:
            for layer, input_shape in ((self._query_dense, self._query_shape), (self._key_dense, self._key_shape),
                                       (self._value_dense, self._value_shape), (self._output_dense, projected)):
                build_in_scope(layer, input_shape)
        finally:
            ctx.scope = scope

    def build(self, input_shape):
        self.built = True  # the projections are built by the first call, which sees value and key too

    def _attention_mask(self, query, value, key, attention_mask, use_causal_mask):
        """The user's attention_mask combined with the inputs' _keras_masks and the causal mask:
        (batch, T, S) bool, or whatever broadcasts to it; None when there is no mask at all."""
        auto = []
        for x, axis in ((query, -1), (value, -2), (key, -2)):
            m = getattr(x, "_keras_mask", None)
            if m is not None:  # (batch, T, 1) for the query, (batch, 1, S) for value and key
                auto.append(array_ops.expand_dims(stack_ops.cast(m, dtypes.bool), axis))
        if use_causal_mask:
            auto.append(array_ops.expand_dims(_causal_mask(_dim(query, 1), _dim(value, 1)), 0))
        if not auto:
            return attention_mask
        mask = auto[0]
        for m in auto[1:]:
            mask = logic_ops.logical_and(mask, m)
        if attention_mask is not None:
            mask = logic_ops.logical_and(stack_ops.cast(attention_mask, dtypes.bool), mask)
        return mask

    def _masked_softmax(self, scores, mask):
        if mask is not None:
            mask = convert_to_tensor(mask)
            for _ in range(scores.shape.rank - mask.shape.rank):  # a mask axis for each head axis
                mask = array_ops.expand_dims(mask, -len(self._attention_axes) * 2 - 1)
            if self._softmax_robust_masking:
                scores = logic_ops.where(stack_ops.cast(mask, dtypes.bool), scores,
                                         creation_ops.fill(array_ops.shape(scores),
                                                           np.array(scores.dtype.min, scores.dtype.as_numpy_dtype)))
            else:
                big = 65504.0 if scores.dtype == dtypes.float16 else 1.0e9
                scores = scores + (1.0 - stack_ops.cast(mask, scores.dtype)) * -big
        axes = self._norm_axes
        if len(axes) == 1:
            return nn_ops.softmax(scores, axis=axes[0])
        return math_ops2.exp(scores - reduction_ops.reduce_logsumexp(scores, axis=list(axes), keepdims=True))

    def call(self, query, value=None, key=None, attention_mask=None, return_attention_scores=False, training=None,
             use_causal_mask=False):
        if value is None and isinstance(query, (list, tuple)) and len(query) in (2, 3):
            query, value, key = (list(query) + [None])[:3]  # [query, value(, key)]: how a loaded model calls it
        if value is None:
            raise ValueError(f"MultiHeadAttention layer '{self.name}' needs a `value` (and a `query`): call it as "
                             "layer(query, value) or layer(query, value, key).")
        masks = [getattr(x, "_keras_mask", None) for x in (query, value, key)]
        query, value, key = (_as_float(self, x) for x in (query, value, key))
        for x, m in zip((query, value, key), masks):  # casting drops them
            if x is not None and m is not None and getattr(x, "_keras_mask", None) is None:
                x._keras_mask = m
        key = value if key is None else key
        self._check_inputs(query, value, key)
        attention_mask = self._attention_mask(query, value, key if key is not value else None, attention_mask,
                                              use_causal_mask)
        if not self._built_from_signature:
            self._calling = True
            try:
                self._build_from_signature(query, value, key)
            finally:
                self._calling = False
        q = self._query_dense(query)  # (batch, T, heads, key_dim)
        k = self._key_dense(key)      # (batch, S, heads, key_dim)
        v = self._value_dense(value)  # (batch, S, heads, value_dim)
        q = q * (1.0 / math.sqrt(float(self._key_dim)))
        scores = linalg_ops.einsum(self._dot_product_equation, k, q)  # (batch, heads, T, S)
        scores = self._masked_softmax(scores, attention_mask)
        dropped = self._dropout_layer(scores, training=training)  # the returned scores are not dropped out
        output = self._output_dense(linalg_ops.einsum(self._combine_equation, dropped, v))
        if return_attention_scores:
            return output, scores
        return output

    def _check_inputs(self, query, value, key):
        """Clear errors for inputs the projections cannot take (tf-keras fails inside an einsum)."""
        if self._built_from_signature:
            for what, x, built in (("query", query, self._query_shape), ("value", value, self._value_shape),
                                   ("key", key, self._key_shape)):
                if x.shape[-1] is not None and built[-1] is not None and x.shape[-1] != built[-1]:
                    raise ValueError(f"MultiHeadAttention layer '{self.name}' was built for a {what} with "
                                     f"{built[-1]} features, but received one shaped {x.shape}.")
        if value.shape[:-1].rank is not None and key.shape.rank is not None and key.shape[:-1] != value.shape[:-1] \
                and key.shape[:-1].is_fully_defined() and value.shape[:-1].is_fully_defined():
            raise ValueError(f"MultiHeadAttention layer '{self.name}': the key and the value must have the same "
                             f"shape except for their last axis. Received: key={key.shape}, value={value.shape}.")

    def _set_output_masks(self, inputs, outputs, input_mask):
        # the query's mask goes to the attention output only, never to the returned scores
        super()._set_output_masks(inputs, outputs[0] if isinstance(outputs, tuple) else outputs, input_mask)

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        query_shape = TensorShape(query_shape)
        if value_shape is not None:  # tf-keras asks this here, though a call takes such inputs
            value_shape = TensorShape(value_shape)
            if query_shape[-1] != value_shape[-1]:
                raise ValueError("The last dimension of `query_shape` and `value_shape` must be equal, but are "
                                 f"{query_shape[-1]}, {value_shape[-1]}. Received: query_shape={query_shape}, "
                                 f"value_shape={value_shape}")
        if self._output_shape:
            out = self._output_shape
            return query_shape[:-1].concatenate(list(out) if isinstance(out, (list, tuple)) else [out])
        return query_shape

    def get_config(self):
        config = super().get_config()
        as_list = lambda s: None if s is None else s.as_list()  # noqa: E731
        config.update({
            "num_heads": self._num_heads, "key_dim": self._key_dim, "value_dim": self._value_dim,
            "dropout": self._dropout, "use_bias": self._use_bias, "output_shape": self._output_shape,
            "attention_axes": self._attention_axes,
            "kernel_initializer": initializers.serialize(self._kernel_initializer),
            "bias_initializer": initializers.serialize(self._bias_initializer),
            "kernel_regularizer": _serialize(self._kernel_regularizer, regularizers),
            "bias_regularizer": _serialize(self._bias_regularizer, regularizers),
            "activity_regularizer": _serialize(self._activity_regularizer, regularizers),
            "kernel_constraint": _serialize_constraint(self._kernel_constraint),
            "bias_constraint": _serialize_constraint(self._bias_constraint),
            "query_shape": as_list(self._query_shape), "key_shape": as_list(self._key_shape),
            "value_shape": as_list(self._value_shape), "softmax_robust_masking": self._softmax_robust_masking})
        return config
