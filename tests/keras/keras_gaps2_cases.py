"""Cases shared by tools/make_keras_gaps2_golden.py (run under TensorFlow + tf-keras, writes
tests/golden/keras_gaps2.npz and .json) and the numtf tests: each `case_*` takes the `tf` module and
returns a dict of NumPy arrays computed from fixed inputs (weights are set, never drawn), and each
`strings_*` returns configs and error messages; the same code runs on the two libraries.
"""
import numpy as np


def _rng(seed):
    return np.random.default_rng(seed)


def _f32(rng, *shape):
    return rng.standard_normal(shape).astype(np.float32)


def _error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the type and message are the golden
        return [type(e).__name__, str(e)]
    return None


def _set(layer, rng, x):
    """Builds `layer` on x and gives its weights fixed values (a uniform draw per weight)."""
    layer(x)
    layer.set_weights([rng.uniform(-1, 1, w.shape).astype(w.dtype.as_numpy_dtype) for w in layer.weights])


def _run(tf, layer, x, key, out, training=None):
    """Output, and the gradients of sum(output * fixed weights) with respect to the input and to
    every trainable weight, stored as '<key>', '<key>_dx', '<key>_d<i>'."""
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = layer(x, training=training) if training is not None else layer(x)
        loss = tf.reduce_sum(y * tf.constant(np.linspace(-1, 1, int(np.prod(y.shape))).reshape(y.shape), y.dtype))
    grads = tape.gradient(loss, [x] + layer.trainable_weights)
    out[key] = y
    out[key + "_dx"] = grads[0]
    for i, g in enumerate(grads[1:]):
        out[f"{key}_d{i}"] = g
    out[key + "_shapes"] = np.array([f"{w.name} {w.shape.as_list()}" for w in layer.weights])


def case_depthwise_conv1d(tf):
    L, r, out = tf.keras.layers, _rng(10), {}
    x = _f32(r, 2, 9, 3)
    for key, kw in (("plain", {}), ("mult_s2", {"depth_multiplier": 2, "strides": 2}),
                    ("same_d2", {"padding": "same", "dilation_rate": 2, "depth_multiplier": 3}),
                    ("relu", {"activation": "relu"}),
                    ("nobias", {"use_bias": False, "padding": "same", "strides": 3})):
        layer = L.DepthwiseConv1D(3, **kw)
        _set(layer, r, x)
        _run(tf, layer, x, key, out)
    return out


def case_locally_connected(tf):
    L, r, out = tf.keras.layers, _rng(11), {}
    x1, x2 = _f32(r, 2, 7, 3), _f32(r, 2, 5, 6, 2)
    for impl in (1, 2, 3):
        for key, kw in (("v", {}), ("s2", {"strides": 2, "activation": "tanh"}), ("nb", {"use_bias": False})):
            layer = L.LocallyConnected1D(4, 3, implementation=impl, **kw)
            _set(layer, r, x1)
            _run(tf, layer, x1, f"lc1_{impl}_{key}", out)
            layer = L.LocallyConnected2D(3, (2, 3), implementation=impl, **dict(kw, strides=kw.get("strides", 1)))
            _set(layer, r, x2)
            _run(tf, layer, x2, f"lc2_{impl}_{key}", out)
        if impl > 1:
            for key, kw in (("same", {"padding": "same"}), ("same_s2", {"padding": "same", "strides": 2})):
                layer = L.LocallyConnected1D(2, 4, implementation=impl, **kw)
                _set(layer, r, x1)
                _run(tf, layer, x1, f"lc1_{impl}_{key}", out)
                layer = L.LocallyConnected2D(2, 3, implementation=impl, **kw)
                _set(layer, r, x2)
                _run(tf, layer, x2, f"lc2_{impl}_{key}", out)
    x1f, x2f = np.moveaxis(x1, -1, 1).copy(), np.moveaxis(x2, -1, 1).copy()
    for impl in (1, 2, 3):
        layer = L.LocallyConnected1D(2, 3, strides=2, data_format="channels_first", implementation=impl)
        _set(layer, r, x1f)
        _run(tf, layer, x1f, f"lc1_{impl}_cf", out)
        layer = L.LocallyConnected2D(2, (3, 2), data_format="channels_first", implementation=impl,
                                     **({"padding": "same"} if impl > 1 else {}))
        _set(layer, r, x2f)
        _run(tf, layer, x2f, f"lc2_{impl}_cf", out)
    return out


def case_spatial_dropout3d(tf):
    L, out = tf.keras.layers, {}
    x = np.arange(2 * 3 * 2 * 2 * 5, dtype=np.float32).reshape(2, 3, 2, 2, 5) + 1
    layer = L.SpatialDropout3D(0.4)
    out["infer"] = layer(tf.constant(x))
    out["train_rate0"] = L.SpatialDropout3D(0.0)(tf.constant(x), training=True)
    y = L.SpatialDropout3D(0.5, seed=3)(tf.constant(x), training=True).numpy()
    # the draw is the library's own; what must hold: each (sample, channel) is all kept (scaled) or all 0
    per = y.transpose(0, 4, 1, 2, 3).reshape(10, -1) / x.transpose(0, 4, 1, 2, 3).reshape(10, -1)
    out["train_whole_channels"] = np.array([np.allclose(p, 0) or np.allclose(p, 2.0) for p in per])
    yf = L.SpatialDropout3D(0.5, data_format="channels_first", seed=3)(tf.constant(x), training=True).numpy()
    per = yf.reshape(6, -1) / x.reshape(6, -1)
    out["train_whole_channels_cf"] = np.array([np.allclose(p, 0) or np.allclose(p, 2.0) for p in per])
    return out


def case_spectral_normalization(tf):
    L, r, out = tf.keras.layers, _rng(12), {}
    x = _f32(r, 3, 4)
    for key, inner, xin, iters in (("dense", L.Dense(3), x, 1), ("dense_it3", L.Dense(5, use_bias=False), x, 3),
                                   ("conv", L.Conv2D(2, 2), _f32(r, 2, 4, 4, 3), 2),
                                   ("emb", L.Embedding(6, 3), np.array([[1, 2], [5, 0]], np.int32), 1)):
        sn = L.SpectralNormalization(inner, power_iterations=iters)
        sn(tf.constant(xin))
        sn.set_weights([r.uniform(-1, 1, w.shape).astype(np.float32) for w in sn.weights])
        out[key + "_infer"] = sn(tf.constant(xin))  # training=False: the weights as they are
        out[key + "_u0"] = sn.vector_u.numpy()
        for step in range(2):
            if key == "emb":
                out[f"{key}_train{step}"] = sn(tf.constant(xin), training=True)
            else:
                _run(tf, sn, xin, f"{key}_train{step}", out, training=True)
            out[f"{key}_u{step + 1}"] = sn.vector_u.numpy()
            out[f"{key}_kernel{step + 1}"] = (sn.layer.embeddings if key == "emb" else sn.layer.kernel).numpy()
        out[key + "_names"] = np.array([w.name for w in sn.weights])
        out[key + "_trainable"] = np.array([w.trainable for w in sn.weights])
    # a zero kernel is left as it is (no division by a zero norm)
    sn = L.SpectralNormalization(L.Dense(2, kernel_initializer="zeros"))
    out["zero_train"] = sn(tf.constant(x), training=True)
    out["zero_kernel"] = sn.layer.kernel.numpy()
    return out


def case_abstract_rnn_cell(tf):
    class MinimalRNNCell(tf.keras.layers.AbstractRNNCell):
        def __init__(self, units, **kwargs):
            self.units = units
            super().__init__(**kwargs)

        @property
        def state_size(self):
            return self.units

        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="ones", name="kernel")
            self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), initializer="identity",
                                                    name="recurrent_kernel")
            self.built = True

        def call(self, inputs, states):
            output = tf.tanh(tf.matmul(inputs, self.kernel) * 0.1 + tf.matmul(states[0], self.recurrent_kernel) * 0.5)
            return output, output

    r = _rng(13)
    x = _f32(r, 2, 4, 3)
    cell = MinimalRNNCell(2)
    layer = tf.keras.layers.RNN(cell, return_sequences=True)
    out = {"seq": layer(tf.constant(x)), "init": cell.get_initial_state(batch_size=3, dtype=tf.float32),
           "names": np.array([w.name for w in layer.weights])}
    return out


def strings_layers(tf):
    L = tf.keras.layers
    configs = {}
    for key, layer in (("dw", L.DepthwiseConv1D(3, strides=2, depth_multiplier=2, padding="same", name="dw")),
                       ("sd3", L.SpatialDropout3D(0.3, seed=2, name="sd3")),
                       ("sd3_cf", L.SpatialDropout3D(0.3, data_format="channels_first", name="sd3_cf")),
                       ("lc1", L.LocallyConnected1D(4, 3, strides=2, implementation=2, activation="relu",
                                                    name="lc1")),
                       ("lc2", L.LocallyConnected2D(3, (2, 2), padding="same", implementation=3, name="lc2")),
                       ("sn", L.SpectralNormalization(L.Dense(3, name="inner"), power_iterations=2, name="sn"))):
        config = layer.get_config()
        again = type(layer).from_config(config).get_config()
        configs[key] = [config, again]
    model = tf.keras.Sequential([tf.keras.Input((6, 2)), L.DepthwiseConv1D(2, name="d"),
                                 L.LocallyConnected1D(2, 2, name="l"), L.Flatten(name="f"),
                                 L.SpectralNormalization(L.Dense(1, name="o"), name="s")], name="m")
    import json
    json_config = json.loads(model.to_json())
    for layer in json_config["config"]["layers"]:  # tf-keras writes the Flatten/Sequential build config too
        layer.pop("build_config", None)
        if layer["class_name"] == "SpectralNormalization":
            layer["config"]["layer"].pop("build_config", None)
    # tf-keras cannot read SpectralNormalization back from model JSON (its legacy deserializer does
    # not know the class: TypeError); numtf can. The round trip is checked on the rest of the model.
    sn_json_error = _error(lambda: tf.keras.models.model_from_json(model.to_json()))
    model.pop()
    rebuilt = tf.keras.models.model_from_json(model.to_json())
    errors = [
        _error(lambda: L.LocallyConnected1D(2, 3, padding="same", implementation=1)),
        _error(lambda: L.LocallyConnected2D(2, 3, implementation=4)(tf.ones([1, 4, 4, 2]))),
        _error(lambda: L.LocallyConnected1D(2, 3, padding="causal", implementation=2)(tf.ones([1, 4, 2]))),
        _error(lambda: L.LocallyConnected1D(2, 3, padding="causal")),
        _error(lambda: L.LocallyConnected1D(2, 3)(tf.ones([1, 2, 3]))),
        _error(lambda: L.LocallyConnected2D(2, 3)(tf.ones([1, 4, 3]))),
        _error(lambda: L.SpectralNormalization(L.Dense(2), power_iterations=0)),
        _error(lambda: L.SpectralNormalization(L.Flatten())(tf.ones([1, 2]))),
        _error(lambda: L.SpectralNormalization("dense")),
        _error(lambda: L.DepthwiseConv1D(3)(tf.ones([1, 5, 2, 2]))),
        _error(lambda: L.DepthwiseConv1D(3, padding="causal")),
        _error(lambda: L.SpatialDropout3D(0.5)(tf.ones([1, 2, 2, 2]))),
        _error(lambda: L.SpatialDropout3D(0.5, data_format="nchw")),
        _error(lambda: L.AbstractRNNCell().state_size),
        _error(lambda: L.AbstractRNNCell().output_size),
        _error(lambda: L.AbstractRNNCell()(tf.ones([1, 2]), [tf.ones([1, 2])])),
    ]
    return {"configs": configs, "model_json": json_config, "sn_json_error": sn_json_error, "rebuilt": [w.shape.as_list() for w in rebuilt.weights]
            if rebuilt.built else None, "errors": errors}


# -- datasets: small synthetic archives of the published formats --------------------------------
import contextlib  # noqa: E402
import gzip  # noqa: E402
import io  # noqa: E402
import json as _json  # noqa: E402
import os  # noqa: E402
import pickle  # noqa: E402
import tarfile  # noqa: E402
import tempfile  # noqa: E402

WORDS = ["the", "a", "movie", "film", "good", "bad", "plot", "actor", "great", "boring", "and", "is"]


def _sequences(rng, count, vocab, longest):
    return [list(map(int, rng.integers(1, vocab, rng.integers(1, longest + 1)))) for _ in range(count)]


def _object_array(seqs):
    out = np.empty(len(seqs), dtype=object)
    out[:] = seqs
    return out


def _cifar_images(n, offset):
    """n flat (3 * 32 * 32) uint8 images: a pattern that gzip squeezes (the archive stays small)."""
    i = np.arange(n, dtype=np.int64)[:, None]
    j = np.arange(3072, dtype=np.int64)[None, :]
    return ((i * 7 + j // 32 * 3 + j % 32 + offset) % 256).astype(np.uint8)


def _pickle_member(tar, name, obj):
    data = pickle.dumps(obj, protocol=2)  # the published batches are protocol-2 pickles
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def write_cifar10(folder, per_batch=10000, test=10000):
    """<folder>/cifar-10-batches-py.tar.gz holding data_batch_1..5 and test_batch (dicts with bytes keys)."""
    rng = _rng(40)
    path = os.path.join(folder, "cifar-10-batches-py.tar.gz")
    with tarfile.open(path, "w:gz", compresslevel=1) as tar:
        for i, (name, n) in enumerate([(f"data_batch_{k}", per_batch) for k in range(1, 6)] + [("test_batch", test)]):
            _pickle_member(tar, f"cifar-10-batches-py/{name}", {
                b"batch_label": name.encode(), b"labels": [int(v) for v in rng.integers(0, 10, n)],
                b"data": _cifar_images(n, 17 * i), b"filenames": [f"img_{k}.png".encode() for k in range(n)]})
        _pickle_member(tar, "cifar-10-batches-py/batches.meta", {b"label_names": [b"airplane"] * 10})
    return path


def write_cifar100(folder, train=12, test=5):
    rng = _rng(41)
    path = os.path.join(folder, "cifar-100-python.tar.gz")
    with tarfile.open(path, "w:gz") as tar:
        for i, (name, n) in enumerate((("train", train), ("test", test))):
            _pickle_member(tar, f"cifar-100-python/{name}", {
                b"batch_label": name.encode(), b"fine_labels": [int(v) for v in rng.integers(0, 100, n)],
                b"coarse_labels": [int(v) for v in rng.integers(0, 20, n)], b"data": _cifar_images(n, 5 + i),
                b"filenames": [b"x.png"] * n})
    return path


def write_text_datasets(folder):
    rng = _rng(42)
    np.savez(os.path.join(folder, "imdb.npz"), x_train=_object_array(_sequences(rng, 9, 12, 10)),
             y_train=rng.integers(0, 2, 9), x_test=_object_array(_sequences(rng, 7, 12, 10)),
             y_test=rng.integers(0, 2, 7))
    np.savez(os.path.join(folder, "reuters.npz"), x=_object_array(_sequences(rng, 13, 15, 9)),
             y=rng.integers(0, 46, 13))
    for name in ("imdb_word_index.json", "reuters_word_index.json"):
        with open(os.path.join(folder, name), "w") as f:
            _json.dump({w: i + 1 for i, w in enumerate(WORDS)}, f)
    np.savez(os.path.join(folder, "boston_housing.npz"), x=rng.standard_normal((11, 13)), y=rng.uniform(5, 50, 11))


@contextlib.contextmanager
def keras_home():
    """A temporary KERAS_HOME whose datasets/ folder the writers above fill."""
    old = os.environ.get("KERAS_HOME")
    with tempfile.TemporaryDirectory() as home:
        os.makedirs(os.path.join(home, "datasets"))
        os.environ["KERAS_HOME"] = home
        try:
            yield os.path.join(home, "datasets")
        finally:
            if old is None:
                os.environ.pop("KERAS_HOME", None)
            else:
                os.environ["KERAS_HOME"] = old


def _ragged(out, key, seqs):
    """An object array of int lists as flat values + lengths (npz files hold no objects here)."""
    out[key + "_dtype"] = np.array(str(seqs.dtype))
    out[key + "_len"] = np.array([len(s) for s in seqs])
    out[key + "_flat"] = np.array([int(v) for s in seqs for v in s], np.int64)


def case_datasets_cifar(tf):
    out = {}
    with keras_home() as folder:
        write_cifar10(folder)
        (x, y), (xt, yt) = tf.keras.datasets.cifar10.load_data()
        out.update(x_shape=np.array(x.shape), x_dtype=np.array(str(x.dtype)), y=y, y_dtype=np.array(str(y.dtype)),
                   x_sum=np.array(x.sum(dtype=np.int64)), x_some=x[::9973], xt_some=xt[::997], yt=yt,
                   xt_shape=np.array(xt.shape))
        write_cifar100(folder)
        for mode in ("fine", "coarse"):
            (x, y), (xt, yt) = tf.keras.datasets.cifar100.load_data(label_mode=mode)
            out.update({f"c100_{mode}_x": x, f"c100_{mode}_y": y, f"c100_{mode}_xt": xt, f"c100_{mode}_yt": yt})
    return out


IMDB_ARGS = {"default": {}, "words": {"num_words": 9, "skip_top": 2, "maxlen": 8, "seed": 7},
             "nostart": {"start_char": None, "oov_char": None, "num_words": 10, "index_from": 1},
             "noindex": {"start_char": None, "index_from": 2, "oov_char": 5, "skip_top": 3}}
REUTERS_ARGS = {"default": {}, "half": {"test_split": 0.5, "num_words": 8, "oov_char": None, "seed": 1},
                "maxlen": {"maxlen": 6, "skip_top": 1, "start_char": 3, "index_from": 4}}


def case_datasets_text(tf):
    out = {}
    ds = tf.keras.datasets
    with keras_home() as folder:
        write_text_datasets(folder)
        for name, module, table in (("imdb", ds.imdb, IMDB_ARGS), ("reuters", ds.reuters, REUTERS_ARGS)):
            for key, kwargs in table.items():
                (x, y), (xt, yt) = module.load_data(**kwargs)
                _ragged(out, f"{name}_{key}_x", x)
                _ragged(out, f"{name}_{key}_xt", xt)
                out.update({f"{name}_{key}_y": y, f"{name}_{key}_yt": yt})
        for key, kwargs in (("default", {}), ("split", {"test_split": 0.3, "seed": 1}), ("zero", {"test_split": 0})):
            (x, y), (xt, yt) = ds.boston_housing.load_data(**kwargs)
            out.update({f"boston_{key}_x": x, f"boston_{key}_y": y, f"boston_{key}_xt": xt, f"boston_{key}_yt": yt})
    return out


def strings_datasets(tf):
    ds = tf.keras.datasets
    with keras_home() as folder:
        write_text_datasets(folder)
        write_cifar100(folder)
        return {"imdb_index": ds.imdb.get_word_index(), "reuters_index": ds.reuters.get_word_index(),
                "reuters_labels": list(ds.reuters.get_label_names()),
                "errors": [_error(lambda: ds.imdb.load_data(maxlen=1)),
                           _error(lambda: ds.imdb.load_data(bad_arg=1)),
                           _error(lambda: ds.reuters.load_data(maxlen=1)),
                           _error(lambda: ds.reuters.load_data(foo=2)),
                           _error(lambda: ds.cifar100.load_data(label_mode="medium")),
                           _error(lambda: ds.boston_housing.load_data(test_split=1))]}


# -- mixed precision ------------------------------------------------------------------------------
POLICY_NAMES = ["float32", "float64", "float16", "bfloat16", "mixed_float16", "mixed_bfloat16", "int32", "_infer"]


def _policy_facts(mp, p):
    return [p.name, p.compute_dtype, p.variable_dtype, repr(p), p.get_config()]


def strings_mixed_precision(tf):
    mp, L = tf.keras.mixed_precision, tf.keras.layers
    out = {"policies": [_policy_facts(mp, mp.Policy(n)) for n in POLICY_NAMES],
           "global_default": _policy_facts(mp, mp.global_policy()),
           "from_config": _policy_facts(mp, mp.Policy.from_config({"name": "mixed_float16"}))}
    layers = {}
    for key, dtype in (("name", "mixed_float16"), ("policy", mp.Policy("mixed_bfloat16")), ("f64", "float64"),
                       ("f16", "float16"), ("dict", {"class_name": "Policy", "config": {"name": "mixed_float16"}})):
        layer = L.Dense(2, dtype=dtype, name="d_" + key)
        y = layer(tf.ones([1, 3]))
        layers[key] = [layer.dtype, layer.compute_dtype, layer.variable_dtype, repr(layer.dtype_policy),
                       layer.kernel.dtype.name, y.dtype.name, layer.get_config()["dtype"]]
    out["layers"] = layers
    mp.set_global_policy("mixed_float16")
    try:
        g = mp.global_policy()
        inp = tf.keras.Input((3,))
        dense = L.Dense(2, name="g")
        act = L.Activation("softmax", dtype="float32", name="a")
        model = tf.keras.Model(inp, act(dense(inp)))
        model.compile(tf.keras.optimizers.SGD(0.1), "mse")
        out["global"] = {
            "policy": _policy_facts(mp, g), "input": inp.dtype.name, "dense": [dense.dtype, dense.compute_dtype],
            "dense_out": dense.output.dtype.name, "act_out": model.output.dtype.name,
            "model_policy": repr(model.dtype_policy), "optimizer": type(model.optimizer).__name__,
            "inner": type(model.optimizer.inner_optimizer).__name__,
            "dense_config": dense.get_config()["dtype"], "act_config": act.get_config()["dtype"],
            "model_json_dense_dtype": [lay["config"]["dtype"] for lay in
                                       __import__("json").loads(model.to_json())["config"]["layers"]],
            "bn_vars": [w.dtype.name for w in _built(L.BatchNormalization(), tf.ones([2, 3])).weights]}
        mp.set_global_policy(mp.Policy("mixed_bfloat16"))
        out["global_bf16"] = [repr(mp.global_policy()), L.Dense(1).compute_dtype]
    finally:
        mp.set_global_policy(None)
    out["after_reset"] = repr(mp.global_policy())
    lso = mp.LossScaleOptimizer(tf.keras.optimizers.SGD(0.5))
    out["lso"] = {"dynamic": lso.dynamic, "initial_scale": float(lso.initial_scale),
                  "growth": lso.dynamic_growth_steps, "config": lso.get_config(),
                  "fixed": _lso_fixed_config(mp, tf)}
    out["errors"] = [_error(lambda: mp.Policy("mixed_int8")), _error(lambda: mp.Policy(3)),
                     _error(lambda: mp.Policy("float17")), _error(lambda: mp.set_global_policy("int32")),
                     _error(lambda: mp.LossScaleOptimizer("sgd")),
                     _error(lambda: mp.LossScaleOptimizer(tf.keras.optimizers.SGD(), initial_scale=0)),
                     _error(lambda: mp.LossScaleOptimizer(tf.keras.optimizers.SGD(), dynamic=False)),
                     _error(lambda: mp.LossScaleOptimizer(tf.keras.optimizers.SGD(), dynamic=False,
                                                          initial_scale=4, dynamic_growth_steps=3)),
                     _error(lambda: mp.LossScaleOptimizer(tf.keras.optimizers.SGD(), dynamic_growth_steps=0))]
    return out


def _built(layer, x):
    layer(x)
    return layer


def _lso_fixed_config(mp, tf):
    lso = mp.LossScaleOptimizer(tf.keras.optimizers.SGD(0.5), dynamic=False, initial_scale=128)
    return [lso.dynamic, float(lso.loss_scale), lso.get_config()]


def case_loss_scale_optimizer(tf):
    mp, out = tf.keras.mixed_precision, {}
    v = tf.Variable([1.0, 2.0])
    lso = mp.LossScaleOptimizer(tf.keras.optimizers.SGD(0.5), initial_scale=8.0, dynamic_growth_steps=2)
    out["scaled"] = lso.get_scaled_loss(tf.constant(3.0))
    out["scaled_fn"] = lso.get_scaled_loss(lambda: tf.constant(3.0))()
    out["unscaled"] = lso.get_unscaled_gradients([tf.constant([8.0, 16.0]), None])[0]
    scales, values, iters = [], [], []
    for g in ([1.0, 1.0], [np.inf, 1.0], [2.0, 2.0], [1.0, 1.0], [np.nan, 0.0], [1.0, -1.0], [0.5, 0.5]):
        lso.apply_gradients([(tf.constant(g), v)])
        scales.append(float(lso.loss_scale))
        values.append(v.numpy().copy())
        iters.append(int(lso.iterations.numpy()))
    out["scales"], out["values"], out["iters"] = np.array(scales), np.array(values), np.array(iters)
    # minimize with a tape: the loss is scaled, the gradients unscaled, then applied
    w = tf.Variable([3.0])
    lso2 = mp.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(w * w)
    lso2.minimize(loss, [w], tape=tape)
    out["minimize"] = w.numpy()
    out["minimize_scale"] = np.array(float(lso2.loss_scale))
    # the scale never goes below 1
    lso3 = mp.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1), initial_scale=2.0)
    for _ in range(3):
        lso3.apply_gradients([(tf.constant([np.inf]), w)])
    out["floor"] = np.array(float(lso3.loss_scale))
    # a fixed scale never changes and still skips nothing
    lso4 = mp.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1), dynamic=False, initial_scale=4.0)
    lso4.apply_gradients([(tf.constant([1.0]), w)])
    out["fixed_after"] = np.array([float(lso4.loss_scale), float(w.numpy()[0])])
    return out


def case_mixed_layers(tf):
    mp, L, r, out = tf.keras.mixed_precision, tf.keras.layers, _rng(20), {}
    x = _f32(r, 4, 5)
    dense = L.Dense(3, activation="tanh", dtype="mixed_float16")
    _set(dense, r, x)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = dense(xt)
        loss = tf.reduce_sum(tf.cast(y, tf.float32) * tf.constant(np.linspace(-1, 1, 12).reshape(4, 3), tf.float32))
    gx, gk, gb = tape.gradient(loss, [xt, dense.kernel, dense.bias])
    out.update(y=y, gx=gx, gk=gk, gb=gb)
    f64 = L.Dense(2, dtype="float64")
    _set(f64, r, x)
    out["f64"] = f64(xt)
    mp.set_global_policy("mixed_float16")
    try:
        conv = L.Conv2D(2, 2)
        xi = _f32(r, 1, 4, 4, 3)
        _set(conv, r, xi)
        out["conv"] = conv(tf.constant(xi))
        out["conv_kernel_dtype"] = np.array(conv.kernel.dtype.name)
        bn = L.BatchNormalization()
        _set(bn, r, xi)
        out["bn"] = bn(tf.constant(xi), training=False)
    finally:
        mp.set_global_policy(None)
    return out
