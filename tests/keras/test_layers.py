"""Keras layers against real tf-keras: every case of tests/golden/keras_layers.npz (written by
tools/make_layer_golden.py under TF 2.21 + tf-keras) goes through layer_helpers.check_layer (output
shape/dtype, weight names, golden output with the same weights, config, config round trip,
float64 gradients vs finite differences, symbolic call with an unknown batch dimension).
Dropout in training mode is tested by statistics; error types and messages were checked in tf-keras."""
import numpy as np
import pytest

import numtf as tf
from numtf.graph.graph import Graph, run
from layer_helpers import check_layer, load_golden, check_layer_gradients, layer_args

layers = tf.keras.layers
GOLDEN = load_golden()
IAE = tf.errors.InvalidArgumentError

# The functions Lambda cases name with '@name' (tools/make_layer_golden.FUNCTIONS, numtf side).
FUNCTIONS = {
    "square_plus_one": lambda x: x * x + 1.0,
    "scaled_sum": lambda x, k=1.0: tf.reduce_sum(x, axis=-1, keepdims=True) * k,
}


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_layer_against_tf_keras(name):
    case = GOLDEN[name]
    layer_cls, kwargs, custom = layer_args(case, FUNCTIONS)
    check_layer(layer_cls, kwargs, case["shape"], str(case["x"].dtype), golden=case, call_kwargs=case["call"],
                custom_objects=custom, grad=case["grad"])


def test_every_layer_of_the_issue_has_golden_cases():
    covered = {c["layer"] for c in GOLDEN.values()}
    for cls in ("Dense", "Flatten", "Reshape", "Activation", "ReLU", "Softmax", "Dropout", "Lambda", "Embedding",
                "Conv1D", "Conv2D", "DepthwiseConv2D", "MaxPooling2D", "AveragePooling2D", "MaxPooling1D",
                "AveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling2D", "Sequential"):
        assert cls in covered, cls


def test_check_layer_without_golden():
    """The helper alone (no golden case): random input, expected shape and weight names."""
    layer, y = check_layer(layers.Dense, {"units": 4, "activation": "relu"}, (3, 5),
                           expected_output_shape=(3, 4), weight_names=["dense/kernel:0", "dense/bias:0"])
    assert layer.count_params() == 24 and y.shape == (3, 4)


class StoppedScale(tf.keras.layers.Layer):
    """A deliberately broken layer: its weight gets no gradient although it changes the output."""

    def build(self, input_shape):
        self.w = self.add_weight("w", shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return x * tf.stop_gradient(self.w)


def test_check_layer_catches_a_wrong_gradient():
    with pytest.raises(AssertionError, match=r"\[gradients\] gradient w.r.t. stopped_scale_1/w:0: tape gave None"):
        check_layer(StoppedScale, {}, (2, 3))


def test_sequential_keeps_float64_inputs_like_tf_keras():
    # tf-keras's Sequential doesn't cast its inputs to its own (float32) dtype: float64 layers inside
    # compute in float64 (a subclassed Model does cast, to float32).
    model = tf.keras.Sequential([layers.Dense(1, dtype="float64", kernel_initializer="ones")])
    out = model(np.array([[1.1, 1e-12]])).numpy()
    assert out.dtype == np.float64
    np.testing.assert_allclose(out - 1.1, [[1.0000889005823410e-12]], rtol=1e-6)


def test_sequential_weight_names_have_no_model_prefix():
    # tf-keras builds a Sequential's layers outside the model's name scope.
    model = tf.keras.Sequential([layers.Dense(3, input_shape=(4,)), layers.ReLU()])
    assert [w.name for w in model.weights] == ["dense/kernel:0", "dense/bias:0"]


def test_aliases_are_the_same_classes():
    assert layers.MaxPool2D is layers.MaxPooling2D and layers.AvgPool2D is layers.AveragePooling2D
    assert layers.MaxPool1D is layers.MaxPooling1D and layers.AvgPool1D is layers.AveragePooling1D
    assert layers.GlobalAvgPool2D is layers.GlobalAveragePooling2D
    assert layers.GlobalMaxPool2D is layers.GlobalMaxPooling2D
    assert layers.Convolution2D is layers.Conv2D and layers.Convolution1D is layers.Conv1D


# -- Dropout while training: statistics, not values ---------------------------------------------
def test_dropout_training_statistics_and_gradient():
    tf.random.set_seed(3)
    rate = 0.3
    x = np.random.default_rng(0).uniform(1.0, 2.0, (100, 100)).astype(np.float32)
    xt = tf.constant(x)
    drop = layers.Dropout(rate)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        out = drop(xt, training=True)
    y = out.numpy()
    kept = y != 0
    assert abs(1 - kept.mean() - rate) < 0.03  # 10,000 draws: sd of the fraction ~0.005
    np.testing.assert_allclose(y[kept], x[kept] / (1 - rate), rtol=1e-6)
    assert abs(y.mean() / x.mean() - 1) < 0.03
    grad = tape.gradient(out, xt).numpy()
    np.testing.assert_allclose(grad, kept / (1 - rate), rtol=1e-6)  # the same mask scales the gradient
    np.testing.assert_array_equal(drop(xt, training=False).numpy(), x)
    np.testing.assert_array_equal(drop(xt).numpy(), x)  # no training flag, no learning phase: inference


def test_dropout_noise_shape_rate_zero_and_symbolic():
    tf.random.set_seed(1)
    y = layers.Dropout(0.5, noise_shape=(None, 1))(tf.ones((40, 6)), training=True).numpy()
    assert all(len(set(row)) == 1 for row in y)  # one draw per row, broadcast along axis 1
    assert set(np.unique(y)) == {0.0, 2.0}
    np.testing.assert_array_equal(layers.Dropout(0.0)(tf.ones((2, 2)), training=True).numpy(), np.ones((2, 2)))
    g = Graph()
    with g.as_default():
        ph = g.placeholder(tf.float32, (None, 8))
        sym = layers.Dropout(0.5)(ph, training=True)
    assert sym.shape.as_list() == [None, 8]
    out = run(g, [sym], {ph: np.ones((500, 8), np.float32)})[0]
    assert set(np.unique(out)) == {0.0, 2.0} and 0.4 < (out == 0).mean() < 0.6


def test_dropout_in_sequential_follows_training():
    tf.random.set_seed(0)
    model = tf.keras.Sequential([layers.Dense(50, kernel_initializer="ones"), layers.Dropout(0.5)])
    x = tf.ones((4, 3))
    np.testing.assert_array_equal(model(x).numpy(), np.full((4, 50), 3.0, np.float32))
    trained = model(x, training=True).numpy()
    assert set(np.unique(trained)) == {0.0, 6.0}


# -- Embedding ------------------------------------------------------------------------------
def test_embedding_float_indices_are_truncated_like_tf_keras():
    # tf-keras casts non-integer indices to int32 (truncation), no error.
    emb = layers.Embedding(5, 2)
    emb(tf.constant([[0]]))
    table = np.arange(10, dtype=np.float32).reshape(5, 2)
    emb.set_weights([table])
    out = emb(tf.constant([[0.0, 1.7, 4.9]])).numpy()
    np.testing.assert_array_equal(out, table[[[0, 1, 4]]])
    out64 = emb(np.array([[3.2, 2.0]])).numpy()  # float64 NumPy: no autocast to the layer dtype first
    np.testing.assert_array_equal(out64, table[[[3, 2]]])


def test_embedding_gradient_is_a_scatter_of_the_rows():
    emb = layers.Embedding(4, 2, dtype="float64")
    idx = np.array([[1, 1, 3]], np.int32)
    emb(idx)
    check_layer_gradients(emb, idx)


# -- bad input: tf-keras's error types and messages -------------------------------------------
def test_dense_last_dimension_changed():
    d = layers.Dense(2)
    d(tf.ones((1, 2)))
    with pytest.raises(ValueError, match=r'Input 0 of layer "dense" is incompatible with the layer: expected '
                                         r"axis -1 of input shape to have value 2, but received input with "
                                         r"shape \(1, 3\)"):
        d(tf.ones((1, 3)))


def test_dense_rank_one_input():
    with pytest.raises(ValueError, match=r'Input 0 of layer "dense" is incompatible with the layer: expected '
                                         r"min_ndim=2, found ndim=1. Full shape received: \(3,\)"):
        layers.Dense(2)(tf.ones((3,)))


def test_dense_unknown_last_dimension():
    g = Graph()
    with g.as_default():
        ph = g.placeholder(tf.float32, (None, None))
        with pytest.raises(ValueError, match=r"The last dimension of the inputs to a Dense layer should be "
                                             r"defined. Found None. Full input shape received: \(None, None\)"):
            layers.Dense(2)(ph)


def test_conv2d_on_a_3d_tensor():
    with pytest.raises(ValueError, match=r'Input 0 of layer "conv2d" is incompatible with the layer: expected '
                                         r"min_ndim=4, found ndim=3. Full shape received: \(1, 3, 3\)"):
        layers.Conv2D(2, 3)(tf.ones((1, 3, 3)))


def test_conv_channels_changed_and_conv1d_rank():
    c = layers.Conv2D(2, 3)
    c(tf.ones((1, 5, 5, 3)))
    with pytest.raises(ValueError, match=r'Input 0 of layer "conv2d" is incompatible with the layer: expected '
                                         r"axis -1 of input shape to have value 3, but received input with "
                                         r"shape \(1, 5, 5, 2\)"):
        c(tf.ones((1, 5, 5, 2)))
    with pytest.raises(ValueError, match=r'Input 0 of layer "conv1d" is incompatible with the layer: expected '
                                         r"min_ndim=3, found ndim=2. Full shape received: \(4, 3\)"):
        layers.Conv1D(2, 3)(tf.ones((4, 3)))


@pytest.mark.parametrize("make,shape,message", [
    (lambda: layers.MaxPooling2D(), (1, 4, 4),
     r'Input 0 of layer "max_pooling2d" is incompatible with the layer: expected ndim=4, found ndim=3. '
     r"Full shape received: \(1, 4, 4\)"),
    (lambda: layers.AveragePooling2D(), (1, 4, 4, 1, 1),
     r'Input 0 of layer "average_pooling2d" is incompatible with the layer: expected ndim=4, found ndim=5. '
     r"Full shape received: \(1, 4, 4, 1, 1\)"),
    (lambda: layers.MaxPooling1D(), (1, 4, 4, 1),
     r'Input 0 of layer "max_pooling1d" is incompatible with the layer: expected ndim=3, found ndim=4. '
     r"Full shape received: \(1, 4, 4, 1\)"),
    (lambda: layers.GlobalAveragePooling2D(), (1, 4, 4),
     r'Input 0 of layer "global_average_pooling2d" is incompatible with the layer: expected ndim=4, '
     r"found ndim=3. Full shape received: \(1, 4, 4\)"),
    (lambda: layers.Flatten(), (),
     r'Input 0 of layer "flatten" is incompatible with the layer: expected min_ndim=1, found ndim=0. '
     r"Full shape received: \(\)"),
    (lambda: layers.ZeroPadding2D(), (2, 3, 4),
     r'Input 0 of layer "zero_padding2d" is incompatible with the layer: expected ndim=4, found ndim=3. '
     r"Full shape received: \(2, 3, 4\)"),
], ids=["maxpool2d_3d", "avgpool2d_5d", "maxpool1d_4d", "gap2d_3d", "flatten_scalar", "zeropad_3d"])
def test_pooling_and_flatten_wrong_rank(make, shape, message):
    with pytest.raises(ValueError, match=message):
        make()(tf.ones(shape))


def test_zero_padding_argument_errors():
    with pytest.raises(ValueError, match=r"`padding` should have two elements. Received: \(1, 2, 3\)."):
        layers.ZeroPadding2D((1, 2, 3))


def test_reshape_to_an_impossible_shape_names_the_layer():
    # tf-keras re-raises the op error with the layer's name and the call's arguments around it.
    with pytest.raises(IAE) as info:
        layers.Reshape((4,))(tf.ones((2, 3, 2)))
    message = str(info.value)
    assert "Exception encountered when calling layer 'reshape' (type Reshape)." in message
    assert "Input to reshape is a tensor with 12 values, but the requested shape has 8" in message
    assert "Call arguments received by layer 'reshape' (type Reshape):" in message
    assert "inputs=tf.Tensor(shape=(2, 3, 2), dtype=float32)" in message


def test_reshape_impossible_with_minus_one():
    with pytest.raises(IAE, match="Input to reshape is a tensor with 12 values, but the requested shape "
                                  "requires a multiple of 10"):
        layers.Reshape((-1, 5))(tf.ones((2, 3, 2)))


def test_embedding_index_out_of_range():
    with pytest.raises(IAE, match=r"indices\[0,1\] = 7 is not in \[0, 5\)"):
        layers.Embedding(5, 2)(tf.constant([[0, 7]]))


@pytest.mark.parametrize("make,error,message", [
    (lambda: layers.Dense(-1), ValueError,
     r"Received an invalid value for `units`, expected a positive integer. Received: units=-1"),
    (lambda: layers.Embedding(0, 2), ValueError,
     r"Both `input_dim` and `output_dim` should be positive, Received input_dim = 0 and output_dim = 2"),
    (lambda: layers.Dropout(1.5), ValueError,
     r"Invalid value 1.5 received for `rate`, expected a value between 0 and 1."),
    (lambda: layers.ReLU(max_value=-1), ValueError,
     r"max_value of a ReLU layer cannot be a negative value. Received: -1"),
    (lambda: layers.ReLU(negative_slope=-1), ValueError,
     r"negative_slope of a ReLU layer cannot be a negative value. Received: -1"),
    (lambda: layers.ReLU(threshold=-1), ValueError,
     r"threshold of a ReLU layer cannot be a negative value. Received: -1"),
    (lambda: layers.Conv2D(0, 3), ValueError,
     r"Invalid value for argument `filters`. Expected a strictly positive value. Received filters=0."),
    (lambda: layers.Conv2D(2, (3, 3, 3)), ValueError,
     r"The `kernel_size` argument must be a tuple of 2 integers. Received"),
    (lambda: layers.Conv2D(2, 3, padding="causal"), ValueError,
     r"Causal padding is only supported for `Conv1D`and `SeparableConv1D`."),
    (lambda: layers.Conv2D(3, 3, groups=2), ValueError,
     r"The number of filters must be evenly divisible by the number of groups. Received: groups=2, filters=3"),
], ids=["dense_units", "embedding_dims", "dropout_rate", "relu_max_value", "relu_negative_slope",
        "relu_threshold", "conv_filters", "conv_kernel_size", "conv2d_causal", "conv_groups"])
def test_constructor_argument_errors(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_dense_with_zero_units_is_allowed_like_tf_keras():
    # tf-keras only rejects units < 0: Dense(0) outputs an empty last axis.
    assert layers.Dense(0)(tf.ones((2, 3))).shape == (2, 0)


# get_config key order of tf-keras 2.21 (printed configs read the same)
L = tf.keras.layers
CONFIG_KEY_ORDER = {  # expression -> (maker, keys)
    'L.Dense(3)': (lambda: L.Dense(3), ['name', 'trainable', 'dtype', 'units', 'activation', 'use_bias', 'kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint']),
    'L.Conv2D(4, 3)': (lambda: L.Conv2D(4, 3), ['name', 'trainable', 'dtype', 'filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'groups', 'activation', 'use_bias', 'kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint']),
    'L.Conv1D(4, 3)': (lambda: L.Conv1D(4, 3), ['name', 'trainable', 'dtype', 'filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'groups', 'activation', 'use_bias', 'kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint']),
    'L.BatchNormalization()': (lambda: L.BatchNormalization(), ['name', 'trainable', 'dtype', 'axis', 'momentum', 'epsilon', 'center', 'scale', 'beta_initializer', 'gamma_initializer', 'moving_mean_initializer', 'moving_variance_initializer', 'beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint']),
    'L.MaxPooling2D()': (lambda: L.MaxPooling2D(), ['name', 'trainable', 'dtype', 'pool_size', 'padding', 'strides', 'data_format']),
    'L.Dropout(0.2)': (lambda: L.Dropout(0.2), ['name', 'trainable', 'dtype', 'rate', 'noise_shape', 'seed']),
    'L.Embedding(5, 2)': (lambda: L.Embedding(5, 2), ['name', 'trainable', 'dtype', 'batch_input_shape', 'input_dim', 'output_dim', 'embeddings_initializer', 'embeddings_regularizer', 'activity_regularizer', 'embeddings_constraint', 'mask_zero', 'input_length']),
    'L.DepthwiseConv2D(3)': (lambda: L.DepthwiseConv2D(3), ['name', 'trainable', 'dtype', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'groups', 'activation', 'use_bias', 'bias_initializer', 'bias_regularizer', 'activity_regularizer', 'bias_constraint', 'depth_multiplier', 'depthwise_initializer', 'depthwise_regularizer', 'depthwise_constraint']),
    'L.AveragePooling2D()': (lambda: L.AveragePooling2D(), ['name', 'trainable', 'dtype', 'pool_size', 'padding', 'strides', 'data_format']),
    'L.LSTM(2)': (lambda: L.LSTM(2), ['name', 'trainable', 'dtype', 'return_sequences', 'return_state', 'go_backwards', 'stateful', 'unroll', 'time_major', 'units', 'activation', 'recurrent_activation', 'use_bias', 'kernel_initializer', 'recurrent_initializer', 'bias_initializer', 'unit_forget_bias', 'kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'recurrent_constraint', 'bias_constraint', 'dropout', 'recurrent_dropout', 'implementation']),
    'L.LayerNormalization()': (lambda: L.LayerNormalization(), ['name', 'trainable', 'dtype', 'axis', 'epsilon', 'center', 'scale', 'beta_initializer', 'gamma_initializer', 'beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint']),
    'L.Conv2DTranspose(2, 3)': (lambda: L.Conv2DTranspose(2, 3), ['name', 'trainable', 'dtype', 'filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'groups', 'activation', 'use_bias', 'kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint', 'output_padding']),
    'L.SeparableConv2D(2, 3)': (lambda: L.SeparableConv2D(2, 3), ['name', 'trainable', 'dtype', 'filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'groups', 'activation', 'use_bias', 'kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint', 'depth_multiplier', 'depthwise_initializer', 'pointwise_initializer', 'depthwise_regularizer', 'pointwise_regularizer', 'depthwise_constraint', 'pointwise_constraint']),
    'L.GRU(2)': (lambda: L.GRU(2), ['name', 'trainable', 'dtype', 'return_sequences', 'return_state', 'go_backwards', 'stateful', 'unroll', 'time_major', 'units', 'activation', 'recurrent_activation', 'use_bias', 'kernel_initializer', 'recurrent_initializer', 'bias_initializer', 'kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'recurrent_constraint', 'bias_constraint', 'dropout', 'recurrent_dropout', 'implementation', 'reset_after']),
    'L.MaxPooling1D()': (lambda: L.MaxPooling1D(), ["name", "trainable", "dtype", "strides", "pool_size", "padding", "data_format"]),
}


@pytest.mark.parametrize("make", list(CONFIG_KEY_ORDER))
def test_config_keys_in_tf_keras_order(make):
    maker, keys = CONFIG_KEY_ORDER[make]
    assert list(maker().get_config()) == keys


def test_flatten_of_an_empty_feature_size_keeps_the_batch():
    # TF: (4, 2, 0, 4) -> (4, 0); a -1 would leave the batch undetermined
    assert tf.keras.layers.Flatten()(tf.zeros((4, 2, 0, 4))).shape == (4, 0)
    f = tf.function(lambda x: tf.keras.layers.Flatten()(x), input_signature=[tf.TensorSpec([None, 2, 0])])
    assert f(tf.zeros((3, 2, 0))).shape == (3, 0)


def test_call_errors_list_every_argument_of_call_with_defaults():
    # TF 2.21's texts (printed by the same program): every argument of call(), defaults applied
    class Failing(tf.keras.layers.Layer):
        def call(self, x, training=None, mask=None, extra=1):
            raise ValueError("boom")

    class Training(tf.keras.layers.Layer):
        def call(self, x, training=None):
            raise ValueError("boom2")

    with pytest.raises(ValueError) as info:
        Failing(name="l")(tf.ones([1, 2]), training=True)
    assert str(info.value).split("\n\n")[-1] == (
        "Call arguments received by layer 'l' (type Failing):\n  \u2022 x=tf.Tensor(shape=(1, 2), dtype=float32)\n"
        "  \u2022 training=True\n  \u2022 mask=None\n  \u2022 extra=1")
    with pytest.raises(ValueError) as info:
        tf.keras.Sequential([Training(name="t")])(tf.ones([1, 2]))
    assert str(info.value).split("\n\n")[-1] == (
        "Call arguments received by layer 't' (type Training):\n  \u2022 x=tf.Tensor(shape=(1, 2), dtype=float32)\n"
        "  \u2022 training=None")
    with pytest.raises(TypeError) as info:  # (a TypeError in TF too)
        tf.keras.Sequential([layers.Dense(2, name="dense")], name="seq")(None)
    assert str(info.value) == (
        "Exception encountered when calling layer 'seq' (type Sequential).\n\nInputs to a layer should be tensors. "
        "Got 'None' (of type <class 'NoneType'>) as input for layer 'dense'.\n\nCall arguments received by layer "
        "'seq' (type Sequential):\n  \u2022 inputs=None\n  \u2022 training=None\n  \u2022 mask=None")


def test_build_and_model_input_errors_are_not_wrapped_in_call_info():
    # TF 2.21's texts (printed by the same calls): tf-keras names the layer only for errors
    # raised inside call(); build() and the model's input check raise as they are.
    with pytest.raises(ValueError) as info:
        layers.Add()([tf.ones([2, 3]), tf.ones([2, 4])])
    assert str(info.value) == "Inputs have incompatible shapes. Received shapes (3,) and (4,)"
    with pytest.raises(ValueError) as info:
        layers.Concatenate()([tf.ones([2, 3]), tf.ones([3, 3])])
    assert str(info.value) == ("A `Concatenate` layer requires inputs with matching shapes except for the "
                               "concatenation axis. Received: input_shape=[(2, 3), (3, 3)]")
    with pytest.raises(ValueError) as info:
        layers.LSTM(3, name="lstm")(tf.ones([2, 4]))
    assert str(info.value) == ('Input 0 of layer "lstm" is incompatible with the layer: expected ndim=3, found '
                               "ndim=2. Full shape received: (2, 4)")
    with pytest.raises(ValueError, match=r"^Unknown activation function 'nope' cannot be deserialized\.$"):
        layers.Dense(2, activation="nope")
    inputs = tf.keras.Input((4,))
    model = tf.keras.Model(inputs, layers.Dense(2)(inputs), name="model")
    for bad in (tf.ones([2, 5]), np.ones([2, 5])):  # eager inputs are checked too
        with pytest.raises(ValueError) as info:
            model(bad)
        assert str(info.value) == ('Input 0 of layer "model" is incompatible with the layer: expected '
                                   "shape=(None, 4), found shape=(2, 5)")
    with pytest.raises(ValueError, match="Exception encountered when calling layer 'model'"):
        model(tf.ones([2, 4, 3]))  # (another rank: left to the layers, whose error names the model)
    assert model(tf.ones([2, 4, 1])).shape == (2, 2)
    seq = tf.keras.Sequential([layers.Dense(2, input_shape=(4,))], name="seq")
    with pytest.raises(ValueError, match=r'^Input 0 of layer "seq" is incompatible with the layer: expected '
                                         r"shape=\(None, 4\), found shape=\(2, 5\)$"):
        seq(tf.ones([2, 5]))
