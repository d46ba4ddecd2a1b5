"""Checks against the calls that tools/make_rnn_layers_golden.py's `record_call` and
`record_sequential` stored (also used by tools/make_wrappers_golden.py): the same layer, called on
the same input, mask and initial states with the same weights, must give tf-keras's weight names,
outputs (and the masks they carry, where the case lists them) and gradients.

    check_recorded_call(make_layer(case["layer"]), GOLDEN, name, case)
"""
import numpy as np

import numtf as tf


def make_layer(spec, custom=None):
    """The layer of a case's [class name, kwargs] spec, as the tools build it: "RNN" takes a list of
    [cell class, kwargs] cells; the kwargs "layer" and "backward_layer" (wrappers) are specs too;
    `custom` maps names to classes of the test's own."""
    name, kwargs = spec
    kwargs = dict(kwargs)
    if name == "RNN":
        cells = [getattr(tf.keras.layers, c)(**k) for c, k in kwargs.pop("cell")]
        return tf.keras.layers.RNN(cells if len(cells) > 1 else cells[0], **kwargs)
    for key in ("layer", "backward_layer"):
        if key in kwargs:
            kwargs[key] = make_layer(kwargs[key], custom)
    return ((custom or {}).get(name) or getattr(tf.keras.layers, name))(**kwargs)


def recorded_args(golden, name, case):
    """([x, *initial states], call kwargs) of a recorded case."""
    g = lambda k: golden[f"{name}/{k}"]  # noqa: E731
    xs = [tf.constant(g("x"))] + [tf.constant(g(f"state{i}")) for i in range(case["states"])]
    kwargs = {}
    if case["mask"]:
        kwargs["mask"] = tf.constant(g("mask"))
    if case["states"]:
        kwargs["initial_state"] = xs[1:]
    return xs, kwargs


def check_recorded_call(layer, golden, name, case):
    """Outputs (rtol 1e-5) and gradients of sum_i sum(output_i * w_i) w.r.t. the input, the initial
    states and the weights (rtol 1e-4), with the recorded weights."""
    g = lambda k: golden[f"{name}/{k}"]  # noqa: E731
    xs, kwargs = recorded_args(golden, name, case)
    layer(xs[0], **kwargs)
    assert [w.name for w in layer.weights] == case["weight_names"]
    layer.set_weights([g(f"weight{i}") for i in range(case["weights"])])
    with tf.GradientTape() as tape:
        tape.watch(xs)
        outs = tf.nest.flatten(layer(xs[0], **kwargs))
        loss = tf.add_n([tf.reduce_sum(o * g(f"w{i}")) for i, o in enumerate(outs)])
    assert len(outs) == case["outputs"]
    for i, o in enumerate(outs):
        np.testing.assert_allclose(o.numpy(), g(f"out{i}"), rtol=1e-5, atol=1e-6, err_msg=f"output {i}")
    for i, has_mask in enumerate(case.get("out_masks", [])):
        mask = getattr(outs[i], "_keras_mask", None)
        assert (mask is not None) == has_mask, f"output {i} carries a mask: {mask is not None}"
        if has_mask:
            np.testing.assert_array_equal(mask.numpy(), g(f"out_mask{i}"))
    grads = tape.gradient(loss, xs + layer.trainable_weights)
    assert len(grads) == case["grads"]
    for i, grad in enumerate(grads):
        np.testing.assert_allclose(grad.numpy(), g(f"grad{i}"), rtol=1e-4, atol=1e-5, err_msg=f"gradient {i}")


def check_recorded_sequential(model, golden, case):
    """The same for a model starting with Embedding(mask_zero=True) on the recorded ids (gradients
    w.r.t. the weights)."""
    name = case["name"]
    g = lambda k: golden[f"{name}/{k}"]  # noqa: E731
    model(g("ids"))
    assert [v.name for v in model.weights] == case["weight_names"]
    model.set_weights([g(f"weight{i}") for i in range(case["weights"])])
    with tf.GradientTape() as tape:
        out = model(g("ids"))
        loss = tf.reduce_sum(out * g("w"))
    np.testing.assert_allclose(out.numpy(), g("out"), rtol=1e-5, atol=1e-6)
    grads = tape.gradient(loss, model.trainable_weights)
    assert len(grads) == case["weights"]
    for i, grad in enumerate(grads):
        np.testing.assert_allclose(tf.convert_to_tensor(grad).numpy(), g(f"grad{i}"), rtol=1e-4, atol=1e-5,
                                   err_msg=f"gradient {i}")
