"""Cases shared by tools/make_keras_gaps_golden.py (run under TensorFlow + tf-keras, writes
tests/golden/keras_gaps.npz) and the numtf tests: each `case_*` takes the `tf` module and returns
a dict of NumPy arrays computed from fixed inputs, so the golden file and the tests run the very
same code on the two libraries.
"""
import json

import numpy as np


def _rng(seed):
    return np.random.default_rng(seed)


def _f32(rng, *shape):
    return rng.standard_normal(shape).astype(np.float32)


def case_backend_math(tf):
    K = tf.keras.backend
    r = _rng(1)
    a, b = tf.constant(_f32(r, 3, 4, 5)), tf.constant(_f32(r, 3, 5, 2))
    m, n = tf.constant(_f32(r, 3, 4)), tf.constant(_f32(r, 3, 4))
    out = {
        "batch_dot_3d": K.batch_dot(a, b), "batch_dot_2d": K.batch_dot(m, n),
        "batch_dot_axes": K.batch_dot(a, tf.constant(_f32(r, 3, 4, 2)), axes=(1, 1)),
        "batch_dot_int": K.batch_dot(m, n, axes=1),
        "batch_dot_3d2d": K.batch_dot(a, tf.constant(_f32(r, 3, 5))),
        "arange": K.arange(2, 9, 3), "arange_f": K.arange(1, 7, 2, dtype="float32"), "arange_neg": K.arange(-3),
        "cumprod": K.cumprod(tf.constant([[1., 2.], [3., 4.]]), axis=1),
        "hard_sigmoid": K.hard_sigmoid(tf.constant([-3., -2.4, -1., 0., 1., 2.6])),
        "softsign": K.softsign(tf.constant([-3., 0., 1.])),
        "bias_add": K.bias_add(m, tf.constant([1., 2., 3., 4.])),
        "bias_add_cf": K.bias_add(tf.constant(_f32(r, 2, 3, 4, 4)), tf.constant([1., 2., 3.]), data_format="channels_first"),
        "bias_add_nd": K.bias_add(tf.constant(_f32(r, 2, 3, 4)), tf.constant(_f32(r, 3, 4))),
        "bn": K.batch_normalization(m, tf.constant([0.1, .2, .3, .4]), tf.constant([1., 2., 3., 4.]),
                                    tf.constant([0., 1., 0., 1.]), tf.constant([2., 2., 1., 1.]), epsilon=1e-3),
        "bn_cf": K.batch_normalization(tf.constant(_f32(r, 2, 3, 2, 2)), tf.constant([0.1, .2, .3]), tf.constant([1., 2., 3.]),
                                       tf.constant([0., 1., 2.]), tf.constant([1., .5, 2.]), axis=1),
        "in_top_k": K.in_top_k(tf.constant([[0.1, 0.9, 0.3], [0.8, 0.2, 0.5]]), tf.constant([2, 2]), 2),
        "permute": K.permute_dimensions(a, (2, 0, 1)), "repeat": K.repeat(m, 2),
        "repeat_elements": K.repeat_elements(m, 2, axis=1), "reverse": K.reverse(m, 1),
        "reverse2": K.reverse(m, [0, 1]), "tile": K.tile(m, (2, 1)), "tile_int": K.tile(tf.constant([1, 2]), 2),
        "ge": K.greater_equal(m, 0.0), "le": K.less_equal(m, 0.0), "ndim": np.array(K.ndim(a)),
        "count_params": np.array(K.count_params(tf.ones([2, 3, 4]))),
        "bfce": K.binary_focal_crossentropy(tf.constant([[0., 1.], [1., 0.]]), tf.constant([[0.3, 0.6], [0.9, 0.2]])),
        "bfce_bal": K.binary_focal_crossentropy(tf.constant([[0., 1.], [1., 0.]]), tf.constant([[0.3, -0.6], [0.9, 2.]]),
                                                apply_class_balancing=True, alpha=0.3, gamma=1.5, from_logits=True),
        "cfce": K.categorical_focal_crossentropy(tf.constant([[0., 1., 0.], [1., 0., 0.]]),
                                                 tf.constant([[0.2, 0.5, 0.3], [0.6, 0.3, 0.1]])),
        "cfce_logits": K.categorical_focal_crossentropy(tf.constant([[0., 1., 0.]]), tf.constant([[1., 2., -1.]]),
                                                        alpha=0.5, gamma=1.0, from_logits=True),
        "switch_scalar": K.switch(tf.constant(False), lambda: tf.constant(1.), lambda: tf.constant(2.)),
        "switch_vec": K.switch(tf.constant([True, False, True]), tf.ones([3]), tf.zeros([3])),
        "switch_tile": K.switch(tf.constant([[True], [False], [True]]), tf.ones([3, 1, 2]), tf.zeros([3, 1, 2])),
        "in_train": K.in_train_phase(tf.constant(1.), tf.constant(2.), training=True),
        "in_test": K.in_test_phase(tf.constant(1.), tf.constant(2.), training=True),
        "map_fn": K.map_fn(lambda x: x * 2, tf.constant([1, 2, 3])),
        "foldl": K.foldl(lambda acc, x: acc * 10 + x, tf.constant([1, 2, 3])),
        "foldr": K.foldr(lambda acc, x: acc * 10 + x, tf.constant([1, 2, 3])),
        "foldl_init": K.foldl(lambda acc, x: acc + x, tf.constant([1., 2.]), initializer=tf.constant(10.)),
        "eval": K.eval(tf.constant([1., 2.])),
        "to_dense": K.to_dense(tf.sparse.from_dense(tf.constant([[1, 0], [0, 3]]))),
    }
    normed, mean, var = K.normalize_batch_in_training(tf.constant(_f32(r, 4, 3)), None, None, [0])
    out.update(nbt=normed, nbt_mean=mean, nbt_var=var)
    normed, mean, var = K.normalize_batch_in_training(tf.constant(_f32(r, 4, 2, 3)), tf.constant([2., 1., .5]),
                                                      tf.constant([0., 1., 2.]), [0, 1], epsilon=1e-2)
    out.update(nbt2=normed, nbt2_mean=mean, nbt2_var=var)
    v = tf.Variable([1., 2.])
    out["mau"] = K.moving_average_update(v, tf.constant([3., 4.]), 0.9).numpy()
    out["upd"] = K.update(v, [5., 6.]).numpy()
    out["upd_add"] = K.update_add(v, [1., 1.]).numpy()
    out["upd_sub"] = K.update_sub(v, [0.5, 0.5]).numpy()
    return out


def case_backend_rnn(tf):
    K = tf.keras.backend
    r = _rng(2)
    x = _f32(r, 2, 4, 3)
    w = _f32(r, 3, 2)
    u = _f32(r, 2, 2)

    def step(inp, states):
        h = tf.tanh(tf.matmul(inp, w) + tf.matmul(states[0], u))
        return h, [h]

    def step_c(inp, states):
        h = tf.tanh(tf.matmul(inp, w) + tf.matmul(states[0], u) + states[1])
        return h, [h]
    h0 = np.zeros((2, 2), np.float32)
    mask = np.array([[1, 1, 0, 1], [1, 0, 0, 0]], bool)
    out = {}
    for name, kw in (("plain", {}), ("back", {"go_backwards": True}), ("mask", {"mask": mask}),
                     ("maskz", {"mask": mask, "zero_output_for_mask": True}),
                     ("last", {"return_all_outputs": False}), ("unroll", {"unroll": True, "input_length": 4})):
        last, outs, states = K.rnn(step, tf.constant(x), [tf.constant(h0)], **kw)
        out[name + "_last"], out[name + "_outs"], out[name + "_state"] = last, outs, states[0]
    last, outs, states = K.rnn(step, tf.constant(x.transpose(1, 0, 2)), [tf.constant(h0)], time_major=True)
    out["tm_outs"] = outs
    last, outs, states = K.rnn(step_c, tf.constant(x), [tf.constant(h0)], constants=[tf.constant([0.5, -0.5])])
    out["const_outs"] = outs
    return out


def case_backend_conv(tf):
    K = tf.keras.backend
    r = _rng(3)
    x1, k1 = _f32(r, 2, 7, 3), _f32(r, 3, 3, 4)
    x2, k2 = _f32(r, 2, 6, 5, 3), _f32(r, 3, 2, 3, 4)
    x3, k3 = _f32(r, 1, 4, 5, 4, 2), _f32(r, 2, 2, 2, 2, 3)
    dk, pk = _f32(r, 2, 2, 3, 2), _f32(r, 1, 1, 6, 4)
    tk = _f32(r, 3, 3, 4, 3)
    lk1, lk2, lk3 = _f32(r, 3, 9, 4), _f32(r, 6, 12, 4), _f32(r, 6, 12, 4)
    cf = lambda t: tf.constant(np.moveaxis(t, -1, 1))  # noqa: E731
    x1, k1, x2, k2, x3, k3, dk, pk, tk = (tf.constant(v) for v in (x1, k1, x2, k2, x3, k3, dk, pk, tk))
    lk1, lk2, lk3 = tf.constant(lk1), tf.constant(lk2), tf.constant(lk3)
    out = {
        "conv1d": K.conv1d(x1, k1), "conv1d_same_s2": K.conv1d(x1, k1, strides=2, padding="same"),
        "conv1d_causal": K.conv1d(x1, k1, padding="causal", dilation_rate=2),
        "conv1d_cf": K.conv1d(cf(x1), k1, data_format="channels_first"),
        "conv2d": K.conv2d(x2, k2), "conv2d_same": K.conv2d(x2, k2, strides=(2, 1), padding="same"),
        "conv2d_dil": K.conv2d(x2, k2, dilation_rate=(2, 1)),
        "conv2d_cf": K.conv2d(cf(x2), k2, data_format="channels_first"),
        "conv3d": K.conv3d(x3, k3), "conv3d_same": K.conv3d(x3, k3, strides=(1, 2, 2), padding="same"),
        "dw": K.depthwise_conv2d(x2, dk), "dw_same": K.depthwise_conv2d(x2, dk, strides=(2, 2), padding="same"),
        "sep": K.separable_conv2d(x2, dk, pk), "sep_same": K.separable_conv2d(x2, dk, pk, padding="same"),
        "convt": K.conv2d_transpose(x2[:, :3, :3], tk, (2, 7, 7, 4), strides=(2, 2)),
        "convt_same": K.conv2d_transpose(x2[:, :3, :3], tk, (2, 6, 6, 4), strides=(2, 2), padding="same"),
        "convt_none": K.conv2d_transpose(x2[:, :3, :3], tk, (None, 5, 5, 4)),
        "pool_max": K.pool2d(x2, (2, 2), (2, 2)), "pool_avg": K.pool2d(x2, (3, 2), (1, 1), "same", pool_mode="avg"),
        "pool_cf": K.pool2d(cf(x2), (2, 2), (2, 2), data_format="channels_first"),
        "pool3_max": K.pool3d(x3, (2, 2, 2), (2, 2, 2)), "pool3_avg": K.pool3d(x3, (2, 2, 2), (1, 1, 1), "same",
                                                                              pool_mode="avg"),
        "lc1": K.local_conv1d(x1, lk1, (3,), (2,)),
        "lc2": K.local_conv2d(x2, lk2, (2, 2), (2, 2), (3, 2)),
        "lc2_cf": K.local_conv2d(cf(x2), lk3, (2, 2), (2, 2), (3, 2), data_format="channels_first"),
        "resize_nn": K.resize_images(x2, 2, 3, "channels_last"),
        "resize_bil": K.resize_images(x2, 2, 2, "channels_last", interpolation="bilinear"),
        "resize_cf": K.resize_images(cf(x2), 2, 1, "channels_first"),
        "resize_vol": K.resize_volumes(x3, 2, 1, 2, "channels_last"),
        "tpad": K.temporal_padding(x1, (1, 2)), "pad2": K.spatial_2d_padding(x2, ((1, 0), (2, 1))),
        "pad2_cf": K.spatial_2d_padding(cf(x2), ((1, 0), (2, 1)), data_format="channels_first"),
        "pad3": K.spatial_3d_padding(x3, ((1, 0), (0, 1), (1, 1))),
    }
    sp = K.ctc_label_dense_to_sparse(tf.constant([[1, 2, 3, 0], [4, 5, 0, 0]]), tf.constant([3, 1]))
    out.update(ctc_idx=sp.indices, ctc_val=sp.values, ctc_shape=sp.dense_shape)
    return out


def _error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the type and message are the golden
        return [type(e).__name__, str(e)]
    return None


TEXTS = ["The cat sat on the mat.", "The dog ate my homework!", "Cat & dog: friends?", "", "the THE the end"]


def _tokenizer_json(s):
    """word_docs/index_docs are filled in set order (which varies with Python's string hashing):
    compared as sorted items; the rest of the JSON as written."""
    d = json.loads(s)
    for key in ("word_docs", "index_docs"):
        d["config"][key] = sorted(json.loads(d["config"][key]).items())
    return d


def strings_text(tf):
    text = tf.keras.preprocessing.text
    out = {"words": text.text_to_word_sequence("Hello, World! It's  a\ttest--ok"),
           "words_split": text.text_to_word_sequence("a-b c;d", filters=";", split="-", lower=False),
           "md5": text.hashing_trick("The cat sat on the mat", 20, hash_function="md5"),
           "custom_hash": text.hashing_trick("a bb ccc", 5, hash_function=len)}
    for name, kw in (("plain", {}), ("num", {"num_words": 5}), ("oov", {"num_words": 6, "oov_token": "<unk>"}),
                     ("char", {"char_level": True}), ("nolower", {"lower": False, "filters": "."})):
        t = text.Tokenizer(**kw)
        t.fit_on_texts(TEXTS)
        seqs = t.texts_to_sequences(TEXTS + ["unknown cat words"])
        out[name] = {"word_index": t.word_index, "word_counts": list(t.word_counts.items()),
                     "seqs": seqs, "texts": t.sequences_to_texts(seqs), "json": _tokenizer_json(t.to_json()),
                     "doc_count": t.document_count,
                     "matrices": {m: t.texts_to_matrix(TEXTS[:3], mode=m).tolist()
                                  for m in ("binary", "count", "freq", "tfidf")}}
        back = text.tokenizer_from_json(t.to_json())
        out[name]["roundtrip"] = [back.texts_to_sequences(TEXTS), back.to_json() == t.to_json(),
                                  sorted(back.index_docs.items())]
    t = text.Tokenizer()
    t.fit_on_texts([["A", "b"], ["b", "C"]])
    t.fit_on_sequences([[1, 2], [2]])
    out["lists"] = [t.word_index, t.texts_to_sequences([["a", "c", "zz"]]), t.document_count,
                    t.sequences_to_matrix([[1, 2, 2]], mode="tfidf").tolist()]
    out["errors"] = [_error(lambda: text.Tokenizer().texts_to_matrix(["a"])),
                     _error(lambda: text.Tokenizer(foo=1)),
                     _error(lambda: text.Tokenizer(num_words=3).sequences_to_matrix([[1]], mode="tfidf")),
                     _error(lambda: text.Tokenizer(num_words=3).sequences_to_matrix([[1]], mode="bad"))]
    return out


def _write_png(tf, path, array):
    with open(path, "wb") as f:
        data = tf.io.encode_png(tf.constant(array)).numpy()
        f.write(data if isinstance(data, bytes) else data.item())


def case_image(tf):
    """Affine warps (scipy's edge modes), shifts, Pillow-style resizes on load, generator batches."""
    import os
    import tempfile
    image = tf.keras.preprocessing.image
    r = _rng(7)
    x = r.uniform(0, 255, (7, 9, 3)).astype(np.float32)
    out = {}
    for mode in ("constant", "nearest", "reflect", "wrap"):
        out[f"rot_{mode}"] = image.apply_affine_transform(x, theta=33, row_axis=0, col_axis=1, channel_axis=2,
                                                          fill_mode=mode, cval=7.0)
        out[f"all_{mode}"] = image.apply_affine_transform(x, theta=-20, tx=1.5, ty=-2.25, shear=12, zx=0.8, zy=1.3,
                                                          row_axis=0, col_axis=1, channel_axis=2, fill_mode=mode)
        out[f"zoomout_{mode}"] = image.apply_affine_transform(x, zx=2.5, zy=1.7, row_axis=0, col_axis=1,
                                                              channel_axis=2, fill_mode=mode)
    out["order0"] = image.apply_affine_transform(x, theta=17, tx=0.4, row_axis=0, col_axis=1, channel_axis=2, order=0)
    cf = np.moveaxis(x, -1, 0)
    out["cf"] = image.apply_affine_transform(cf, theta=45, tx=1, ty=2)
    out["cf_swapped"] = image.apply_affine_transform(cf, theta=45, tx=1, ty=2, row_axis=2, col_axis=1)
    out["chshift"] = image.apply_channel_shift(x, 40.0, 2)
    out["bright"] = image.apply_brightness_shift(x, 1.3)
    out["bright_noscale"] = image.apply_brightness_shift(x * 3 - 100, 0.6, scale=False)
    out["smart"] = image.smart_resize(x, (4, 4))
    out["smart_batch"] = image.smart_resize(np.stack([x, x]), (5, 3), interpolation="nearest")
    out["a2i_rgb"] = np.asarray(image.array_to_img(x))
    out["a2i_l"] = np.asarray(image.array_to_img(x[..., :1] / 255.0))
    out["a2i_noscale"] = np.asarray(image.array_to_img(x[..., :1], scale=False))
    out["a2i_cf"] = np.asarray(image.array_to_img(cf, data_format="channels_first"))
    out["i2a"] = image.img_to_array(image.array_to_img(x), data_format="channels_first")
    tmp = tempfile.mkdtemp()
    rgba = r.integers(0, 256, (13, 17, 4)).astype(np.uint8)
    rgba[..., 3] = np.where(rgba[..., 3] < 60, 0, rgba[..., 3])
    _write_png(tf, os.path.join(tmp, "rgba.png"), rgba)
    _write_png(tf, os.path.join(tmp, "rgb.png"), rgba[..., :3])
    for interp in ("nearest", "bilinear", "bicubic", "hamming", "box", "lanczos"):
        for size in ((5, 6), (20, 30), (13, 9)):
            out[f"load_{interp}_{size[0]}x{size[1]}"] = image.img_to_array(
                image.load_img(os.path.join(tmp, "rgb.png"), target_size=size, interpolation=interp))
        out[f"load_rgba_{interp}"] = image.img_to_array(
            image.load_img(os.path.join(tmp, "rgba.png"), color_mode="rgba", target_size=(6, 8), interpolation=interp))
        out[f"load_keep_{interp}"] = image.img_to_array(
            image.load_img(os.path.join(tmp, "rgb.png"), target_size=(8, 5), interpolation=interp,
                           keep_aspect_ratio=True))
    out["load_gray"] = image.img_to_array(image.load_img(os.path.join(tmp, "rgba.png"), color_mode="grayscale"))
    out["load_rgb_from_rgba"] = image.img_to_array(image.load_img(os.path.join(tmp, "rgba.png")))
    # generators: the same NumPy draws in the same order give the same batches
    gen = image.ImageDataGenerator(rotation_range=30, width_shift_range=0.2, height_shift_range=3, shear_range=10,
                                   zoom_range=0.2, channel_shift_range=20.0, horizontal_flip=True,
                                   vertical_flip=True, brightness_range=(0.5, 1.5), fill_mode="reflect")
    params = gen.get_random_transform((7, 9, 3), seed=5)
    out["params"] = np.array([float(params[k]) for k in ("theta", "tx", "ty", "shear", "zx", "zy", "flip_horizontal",
                                                          "flip_vertical", "channel_shift_intensity", "brightness")])
    out["random_transform"] = gen.random_transform(x, seed=11)
    data = r.uniform(0, 255, (6, 7, 9, 3)).astype(np.float32)
    it = gen.flow(data, np.arange(6), batch_size=4, seed=3)
    bx, by = it[0]
    out.update(flow_x=bx, flow_y=by)
    bx, by = next(it)
    out.update(next_x=bx, next_y=by)
    norm = image.ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True, rescale=0.5)
    norm.fit(data)
    out.update(fit_mean=norm.mean, fit_std=norm.std, std_x=norm.standardize(np.copy(data[0])))
    zca = image.ImageDataGenerator(zca_whitening=True, samplewise_center=True)
    zca.fit(data[:, :3, :3])
    out.update(zca=zca.zca_whitening_matrix, zca_x=zca.standardize(np.copy(data[0, :3, :3])))
    for cls in ("a", "b"):
        os.makedirs(os.path.join(tmp, "tree", cls))
    for i in range(5):
        _write_png(tf, os.path.join(tmp, "tree", "ab"[i % 2], f"img{i}.png"),
                   r.integers(0, 256, (10 + i, 12, 3)).astype(np.uint8))
    flow_gen = image.ImageDataGenerator(rescale=1 / 255.0, validation_split=0.4)
    dit = flow_gen.flow_from_directory(os.path.join(tmp, "tree"), target_size=(6, 6), batch_size=2, shuffle=False,
                                       subset="training", interpolation="bilinear")
    bx, by = dit[0]
    out.update(dir_x=bx, dir_y=by, dir_classes=dit.classes)
    dit = image.ImageDataGenerator().flow_from_directory(os.path.join(tmp, "tree"), target_size=(5, 5),
                                                         color_mode="grayscale", class_mode="sparse", seed=1,
                                                         batch_size=3)
    bx, by = dit[1]
    out.update(dir2_x=bx, dir2_y=by)
    return out


def strings_image(tf):
    image = tf.keras.preprocessing.image
    x = np.zeros((4, 4, 3), np.float32)
    return {"errors": [
        _error(lambda: image.apply_affine_transform(x, row_axis=0, col_axis=0, channel_axis=2)),
        _error(lambda: image.apply_affine_transform(x, row_axis=0, col_axis=1, channel_axis=3)),
        _error(lambda: image.apply_affine_transform(x[0], theta=3)),
        _error(lambda: image.random_zoom(x, (1, 2, 3))),
        _error(lambda: image.array_to_img(x[0])),
        _error(lambda: image.array_to_img(np.zeros((2, 2, 5)))),
        _error(lambda: image.img_to_array(x, data_format="bad")),
        _error(lambda: image.smart_resize(x, (2, 2, 2))),
        _error(lambda: image.smart_resize(x[0], (2, 2))),
        _error(lambda: image.ImageDataGenerator(zoom_range=(1, 2, 3))),
        _error(lambda: image.ImageDataGenerator(validation_split=2)),
        _error(lambda: image.ImageDataGenerator(brightness_range=0.5)),
        _error(lambda: image.ImageDataGenerator(data_format="bad")),
        _error(lambda: image.ImageDataGenerator().fit(x)),
        _error(lambda: image.ImageDataGenerator().flow(np.zeros((3, 4, 4, 3)), np.zeros(2))),
        _error(lambda: image.ImageDataGenerator().flow(np.zeros((3, 4, 4)))),
        _error(lambda: image.ImageDataGenerator().flow(np.zeros((3, 4, 4, 3)), subset="x")),
        _error(lambda: image.ImageDataGenerator().flow(np.zeros((3, 4, 4, 3)), batch_size=2)[5]),
        _error(lambda: image.load_img(12)),
        _error(lambda: image.ImageDataGenerator().flow_from_directory(".", class_mode="bad")),
    ], "random_zoom_ok": image.random_zoom(x, (1, 1)).shape}


def strings_sequence(tf):
    import random
    seq = tf.keras.preprocessing.sequence
    data, targets = np.arange(40).reshape(20, 2), np.arange(20) * 10
    out = {}
    for name, kw in (("plain", {}), ("rate", {"sampling_rate": 2, "stride": 3, "batch_size": 2}),
                     ("range", {"start_index": 2, "end_index": 15, "reverse": True, "batch_size": 3})):
        g = seq.TimeseriesGenerator(data, targets, length=4, **kw)
        out[name] = {"len": len(g), "batches": [[g[i][0].tolist(), g[i][1].tolist()] for i in range(len(g))],
                     "json": g.to_json()}
    np.random.seed(3)
    g = seq.TimeseriesGenerator(data, targets, length=4, shuffle=True, batch_size=5)
    out["shuffle"] = [g[0][1].tolist(), g[1][1].tolist()]
    out["table"] = seq.make_sampling_table(12, sampling_factor=1e-2).tolist()
    random.seed(9)
    out["skip"] = seq.skipgrams([1, 2, 0, 3, 4, 2], 6, window_size=2, seed=4)
    out["skip_cat"] = seq.skipgrams([1, 2, 3], 5, window_size=1, negative_samples=2.0, categorical=True, seed=1)
    random.seed(2)
    out["skip_table"] = seq.skipgrams([1, 2, 3, 4, 5, 1, 2], 6, sampling_table=[0, .9, .1, .5, 1, .3], shuffle=False)
    out["errors"] = [_error(lambda: seq.TimeseriesGenerator(data, targets[:5], length=3)),
                     _error(lambda: seq.TimeseriesGenerator(data, targets, length=20))]
    return out


def case_registry(tf):
    r = _rng(11)
    out = {}
    for n in (2, 3, 4, 5):
        k = tf.constant(r.standard_normal((n, n, 2, 3)).astype(np.float32))
        out[f"radial{n}"] = tf.keras.constraints.RadialConstraint()(k)
    w = tf.constant(r.standard_normal((4, 6)).astype(np.float32))
    out["ortho_rows"] = tf.keras.regularizers.OrthogonalRegularizer(0.3)(w)
    out["ortho_cols"] = tf.keras.regularizers.OrthogonalRegularizer(0.3, mode="columns")(w)
    out["ordinal"] = tf.keras.utils.to_ordinal([[0, 3], [2, 1]], 5)
    out["ordinal_col"] = tf.keras.utils.to_ordinal(np.array([[2], [0], [1]]))
    return out


def strings_registry(tf):
    reg, con = tf.keras.regularizers, tf.keras.constraints
    o = reg.OrthogonalRegularizer(factor=0.02, mode="columns")
    back = reg.deserialize({"class_name": "OrthogonalRegularizer", "config": o.get_config()})
    return {
        "ortho_config": o.get_config(), "ortho_back": [type(back).__name__, back.get_config()],
        "ortho_alias": reg.orthogonal_regularizer is reg.OrthogonalRegularizer,
        "reg_deser_l2": reg.deserialize({"class_name": "L2", "config": {"l2": 0.5}}).get_config(),
        "radial_ser": con.serialize(con.RadialConstraint()),
        "radial_alias": con.radial_constraint is con.RadialConstraint,
        "con_ser": con.serialize(con.MaxNorm(3.0, axis=1)),
        "con_deser": [type(con.deserialize("max_norm")).__name__,
                      type(con.deserialize({"class_name": "RadialConstraint", "config": {}})).__name__,
                      con.deserialize({"class_name": "MinMaxNorm", "config": {"min_value": 0.5}}).get_config()],
        "vs_alias": tf.keras.initializers.variance_scaling is tf.keras.initializers.VarianceScaling,
        "layer_ser": tf.keras.layers.serialize(tf.keras.layers.Dense(2, name="d")),
        "layer_deser": tf.keras.layers.deserialize({"class_name": "Dense", "config": {"units": 3}}).get_config()["units"],
        "errors": [_error(lambda: reg.OrthogonalRegularizer(mode="x")),
                   _error(lambda: reg.OrthogonalRegularizer()(tf.ones([2, 2, 2]))),
                   _error(lambda: con.RadialConstraint()(tf.ones([3, 3, 1]))),
                   _error(lambda: tf.keras.models.model_from_yaml("a: 1"))],
    }
