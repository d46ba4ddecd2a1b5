"""The shared Keras layer check: one call verifies a layer the six ways the issue asks for.

    check_layer(tf.keras.layers.Dense, {"units": 3}, (2, 4), golden=GOLDEN["dense/basic"])

1. build + call on an input: output shape and dtype (tf-keras's when a golden case is given);
2. weights: names ('dense/kernel:0', after clear_session), count, trainable/non-trainable split,
   count_params;
3. golden (tools/make_layer_golden.py, real tf-keras): the same input and the SAME weights (set via
   set_weights) give tf-keras's output (rtol 1e-5); weight names/shapes, get_config() (same keys,
   same values) and compute_output_shape match tf-keras's;
4. config round trip: `type(layer).from_config(layer.get_config())` with the same weights gives
   the same output;
5. gradients in float64 (the layer rebuilt with dtype='float64') of the output w.r.t. the input
   and each trainable weight against central differences;
6. symbolic: the layer called on a placeholder with an unknown batch dimension in a numtf Graph
   has static shape (None, *eager_shape[1:]) and, run by the reference executor, gives the eager
   output.
"""
import json
import math
import os

import numpy as np

import numtf as tf
from numtf.graph.graph import Graph, run
from helpers import numeric_grad

GOLDEN_FILE = os.path.join(os.path.dirname(__file__), "..", "golden", "keras_layers.npz")


def load_golden(path=GOLDEN_FILE):
    """{case name: case dict} with the arrays attached as 'x', 'y' and 'weights'."""
    data = np.load(path)
    cases = {}
    for c in json.loads(str(data["cases"])):
        key = c["name"]
        c["x"], c["y"] = data[f"{key}/x"], data[f"{key}/y"]
        c["weights"] = [data[f"{key}/w{i}"] for i in range(len(c["tf"]["weight_names"]))]
        cases[key] = c
    return cases


def sequential(layers=(), dtype=None):
    """A Sequential of [class name, kwargs] pairs (the golden files' form); `dtype` goes to each layer."""
    extra = {} if dtype is None else {"dtype": dtype}
    return tf.keras.Sequential([getattr(tf.keras.layers, cls)(**kw, **extra) for cls, kw in layers])


def layer_args(case, functions=None):
    """(layer factory, kwargs, custom_objects) for `check_layer` from a golden case; kwargs values
    "@name" name a function of `functions` (Lambda layers)."""
    if case["layer"] == "Sequential":
        return sequential, case["kwargs"], None
    kwargs, custom = {}, None
    for k, v in case["kwargs"].items():
        if isinstance(v, str) and v.startswith("@"):
            v = functions[v[1:]]
            custom = {v.__name__: v}
        kwargs[k] = v
    return getattr(tf.keras.layers, case["layer"]), kwargs, custom


def jsonable(value):
    """A config as JSON would store it (tuples -> lists, NumPy -> Python), for comparison."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


def _same_value(ours, theirs):
    if isinstance(theirs, dict):
        return isinstance(ours, dict) and set(ours) == set(theirs) and \
            all(_same_value(ours[k], theirs[k]) for k in theirs)
    if isinstance(theirs, list):
        return isinstance(ours, list) and len(ours) == len(theirs) and \
            all(_same_value(a, b) for a, b in zip(ours, theirs))
    if isinstance(theirs, float) and isinstance(ours, (int, float)) and not isinstance(ours, bool):
        return math.isclose(ours, theirs, rel_tol=1e-6, abs_tol=1e-12)  # tf-keras stores some as float32
    return type(ours) is type(theirs) and ours == theirs


def check_config(config, tf_config, ignore=(), values_ignore=(), label="layer"):
    """`config` (numtf's get_config()) has tf-keras's keys and values, except `ignore`d keys
    (serialisation metadata) and the values of `values_ignore` keys."""
    ours, theirs = jsonable(config), jsonable(tf_config)
    ignore = set(ignore)
    missing = sorted(set(theirs) - set(ours) - ignore)
    extra = sorted(set(ours) - set(theirs) - ignore)
    assert not missing and not extra, f"{label} config keys: missing {missing}, not in tf-keras {extra}"
    wrong = {k: (ours[k], theirs[k]) for k in theirs
             if k not in ignore and k not in values_ignore and not _same_value(ours[k], theirs[k])}
    assert not wrong, f"{label} config values (numtf, tf-keras): {wrong}"


def random_input(shape, dtype="float32", seed=0, high=5):
    rng = np.random.default_rng(seed)
    if np.dtype(dtype).kind in "iu":
        return rng.integers(0, high, shape).astype(dtype)
    return (rng.standard_normal(shape) * 1.5).astype(dtype)


def check_layer_gradients(layer, x, call_kwargs=None, rtol=1e-5, atol=1e-6, seed=0):
    """Tape gradients of sum(layer(x) * r) w.r.t. a float64 `x` and each trainable weight
    against central differences (weights perturbed in place through `assign`)."""
    call_kwargs = call_kwargs or {}
    x = np.array(x)
    variables = list(layer.trainable_weights)
    out = layer(tf.constant(x), **call_kwargs)
    r = np.random.default_rng(seed).standard_normal(tuple(out.shape))
    wrt_input = x.dtype == np.float64

    def scalar(*arrays):
        xi = arrays[0] if wrt_input else x
        for v, a in zip(variables, arrays[1:] if wrt_input else arrays):
            v.assign(a)
        return float(np.sum(layer(tf.constant(xi), **call_kwargs).numpy() * r))

    originals = [v.numpy().copy() for v in variables]
    arrays = ([x.copy()] if wrt_input else []) + [o.copy() for o in originals]
    assert arrays, "nothing to differentiate"
    expected = numeric_grad(scalar, arrays)
    for v, o in zip(variables, originals):
        v.assign(o)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        if wrt_input:
            tape.watch(xt)
        total = tf.reduce_sum(layer(xt, **call_kwargs) * tf.constant(r))
    sources = ([xt] if wrt_input else []) + variables
    labels = (["the input"] if wrt_input else []) + [v.name for v in variables]
    got = tape.gradient(total, sources)
    for label, g, e in zip(labels, got, expected):
        if g is None:
            assert np.allclose(e, 0, atol=atol), f"gradient w.r.t. {label}: tape gave None"
            continue
        np.testing.assert_allclose(np.asarray(tf.convert_to_tensor(g)), e, rtol=rtol, atol=atol,
                                   err_msg=f"gradient w.r.t. {label}")


class _Findings:
    """Collects failed checks so one run reports every discrepancy of a layer, not just the first
    (a step that crashes is reported with its exception, and the other steps still run)."""

    def __init__(self):
        self.failures = []

    def check(self, step, fn, *args, **kwargs):
        try:
            fn(*args, **kwargs)
        except AssertionError as e:
            self.failures.append(f"[{step}] {e}")
        except Exception as e:  # noqa: BLE001 - reported with the rest below
            self.failures.append(f"[{step}] raised {type(e).__name__}: {e}")

    def raise_any(self, layer):
        if self.failures:
            raise AssertionError(f"{type(layer).__name__} '{layer.name}':\n" + "\n".join(self.failures))


def _weight_info(layer):
    return {"weight_names": [w.name for w in layer.weights],
            "weight_shapes": [list(w.shape.as_list()) for w in layer.weights],
            "trainable": [w.name for w in layer.trainable_weights],
            "non_trainable": [w.name for w in layer.non_trainable_weights]}


def check_layer(layer_cls, kwargs, input_shape, input_dtype="float32", golden=None, call_kwargs=None,
                input_data=None, expected_output_shape=None, expected_output_dtype=None,
                weight_names=None, custom_objects=None, grad=True, symbolic=True, rtol=1e-5, atol=1e-6):
    """Runs the six checks of the module docstring and reports every failed one together;
    returns (layer, output), the layer holding the golden weights when a golden case is given.

    `layer_cls(**kwargs)` makes the layer (any factory accepting `dtype=` works, e.g. one building a
    Sequential); `golden` is a case of `load_golden()`, whose input replaces a random one;
    `custom_objects` is passed to `from_config` (Lambda functions)."""
    call_kwargs = call_kwargs or {}
    input_shape = tuple(input_shape)
    if golden is not None:
        assert tuple(golden["x"].shape) == input_shape and str(golden["x"].dtype) == input_dtype, \
            "the test and the golden case disagree on the input"
        x = golden["x"]
        expected_output_shape = golden["y"].shape
        expected_output_dtype = golden["tf"]["output_dtype"]
    elif input_data is not None:
        x = np.asarray(input_data, dtype=input_dtype)
    else:
        x = random_input(input_shape, input_dtype)
    found = _Findings()

    # 1. build and call
    tf.keras.backend.clear_session()
    layer = layer_cls(**kwargs)
    y = layer(tf.constant(x), **call_kwargs)

    def output_checks():
        if expected_output_shape is not None:
            assert tuple(y.shape) == tuple(expected_output_shape), f"output shape {y.shape}"
        assert y.dtype == tf.as_dtype(expected_output_dtype or layer.dtype), f"output dtype {y.dtype}"
        assert layer.built
    found.check("output", output_checks)

    # 2. weights
    info = _weight_info(layer)

    def weight_checks():
        assert len(info["trainable"]) + len(info["non_trainable"]) == len(layer.weights)
        assert sorted(info["trainable"] + info["non_trainable"]) == sorted(info["weight_names"])
        assert layer.count_params() == sum(int(np.prod(s)) for s in info["weight_shapes"])
        assert len(layer.get_weights()) == len(layer.weights)
        if weight_names is not None:
            assert info["weight_names"] == list(weight_names), f"weight names {info['weight_names']}"
    found.check("weights", weight_checks)

    # 3. golden: tf-keras's output with the same weights, names, config, output-shape inference
    if golden is not None:
        ref = golden["tf"]

        def tf_weights():
            for key in ("weight_names", "weight_shapes", "trainable", "non_trainable"):
                assert info[key] == ref[key], f"{key}: numtf {info[key]}, tf-keras {ref[key]}"
            assert layer.count_params() == ref["count_params"]
        found.check("weights vs tf-keras", tf_weights)
        layer.set_weights(golden["weights"])
        y = layer(tf.constant(x), **call_kwargs)
        found.check("output vs tf-keras", np.testing.assert_allclose, y.numpy(), golden["y"], rtol=rtol, atol=atol)
        subs = layer.layers if isinstance(layer, tf.keras.Sequential) else [layer]

        def configs():
            assert len(subs) == len(ref["configs"]), f"{len(subs)} layers, tf-keras {len(ref['configs'])}"
            for sub, tf_config in zip(subs, ref["configs"]):
                check_config(sub.get_config(), tf_config, golden["config_ignore"], golden["config_values_ignore"],
                             label=type(sub).__name__)
        found.check("config", configs)
        if ref["compute_output_shape"] is not None:
            def output_shape_rule():
                inferred = tf.TensorShape(layer.compute_output_shape((None,) + input_shape[1:]))
                assert inferred.as_list() == ref["compute_output_shape"], \
                    f"numtf {inferred}, tf-keras {ref['compute_output_shape']}"
            found.check("compute_output_shape", output_shape_rule)

    # 4. config round trip
    def round_trip():
        config = layer.get_config()
        clone = type(layer).from_config(config, custom_objects=custom_objects) if custom_objects \
            else type(layer).from_config(config)
        clone(tf.constant(x), **call_kwargs)
        clone.set_weights(layer.get_weights())
        np.testing.assert_allclose(clone(tf.constant(x), **call_kwargs).numpy(), y.numpy(), rtol=1e-6,
                                   atol=1e-7, err_msg="from_config(get_config()) computes something else")
        assert jsonable(clone.get_config()) == jsonable(config), "the clone's config differs"
    found.check("config round trip", round_trip)

    # 5. gradients in float64
    if grad:
        def gradients():
            weights = layer.get_weights()
            layer64 = layer_cls(**dict(kwargs, dtype="float64"))
            x64 = x.astype(np.float64) if x.dtype.kind == "f" else x
            y64 = layer64(tf.constant(x64), **call_kwargs)
            assert y64.dtype == tf.float64, f"float64 layer output {y64.dtype}"
            layer64.set_weights([w.astype(np.float64) if w.dtype.kind == "f" else w for w in weights])
            np.testing.assert_allclose(layer64(tf.constant(x64), **call_kwargs).numpy(), y.numpy(),
                                       rtol=1e-4, atol=1e-5, err_msg="float64 layer vs float32 layer")
            check_layer_gradients(layer64, x64, call_kwargs)
        found.check("gradients", gradients)

    # 6. symbolic input with an unknown batch dimension through the graph IR
    if symbolic:
        def symbolic_call():
            g = Graph()
            with g.as_default():
                ph = g.placeholder(tf.as_dtype(x.dtype), (None,) + input_shape[1:])
                sym = layer(ph, **call_kwargs)
            assert sym.dtype == y.dtype, f"static dtype {sym.dtype}"
            value = run(g, [sym], {ph: x})[0]
            np.testing.assert_allclose(value, y.numpy(), rtol=1e-6, atol=1e-7, err_msg="graph run vs eager")
            assert sym.shape.as_list() == [None] + list(y.shape[1:]), \
                f"static shape {sym.shape}, expected {[None] + list(y.shape[1:])}"
        found.check("symbolic", symbolic_call)
    found.raise_any(layer)
    return layer, y


# -- the per-case checks of the golden files with gradients (tools/make_layers2_golden.py) ----------
def check_golden_case(case):
    """check_layer on a golden case: its input, call arguments and tf-keras's answers."""
    make, kwargs, _ = layer_args(case)
    return check_layer(make, kwargs, case["shape"], str(case["x"].dtype), golden=case, call_kwargs=case["call"],
                       grad=case["grad"])


def golden_layer(case):
    """The case's layer (named as in a fresh session), built on its input and holding its golden weights."""
    tf.keras.backend.clear_session()
    make, kwargs, _ = layer_args(case)
    layer = make(**kwargs)
    layer(tf.constant(case["x"]), **case["call"])
    layer.set_weights(case["weights"])
    return layer


def check_golden_gradients(case, arrays):
    """d sum(y * r) / d(input, each trainable weight), in float32, as tf-keras computed them
    (arrays "<case>/r" and "<case>/g<i>" of the golden file)."""
    name = case["name"]
    layer = golden_layer(case)
    assert ["input"] + [w.name for w in layer.trainable_weights] == case["tf"]["grad_sources"]
    x = tf.constant(case["x"])
    with tf.GradientTape() as tape:
        tape.watch(x)
        total = tf.reduce_sum(layer(x, **case["call"]) * arrays[f"{name}/r"])
    grads = tape.gradient(total, [x] + layer.trainable_weights)
    for i, (source, grad) in enumerate(zip(case["tf"]["grad_sources"], grads)):
        np.testing.assert_allclose(tf.convert_to_tensor(grad).numpy(), arrays[f"{name}/g{i}"], rtol=1e-4, atol=1e-5,
                                   err_msg=f"gradient w.r.t. {source}")


def check_golden_functional(case):
    """tf.keras.Input -> layer -> Model: tf-keras's symbolic output shape (also with unknown spatial
    sizes, case["sym_input"]) and the golden output from model.predict."""
    make, kwargs, _ = layer_args(case)
    layer = make(**kwargs)
    inputs = tf.keras.Input(case.get("sym_input", case["shape"][1:]))
    outputs = layer(inputs)
    assert outputs.shape.as_list() == case["tf"]["functional_shape"]
    if "sym_input" in case:  # the same layer also runs on the case's fixed-size input
        inputs = tf.keras.Input(case["shape"][1:])
        outputs = layer(inputs)
    model = tf.keras.Model(inputs, outputs)
    layer.set_weights(case["weights"])
    np.testing.assert_allclose(model.predict(case["x"], verbose=0), case["y"], rtol=1e-5, atol=1e-6)


def golden_layer_classes(golden):
    """The layer classes the golden cases exercise, also inside their Sequential cases."""
    covered = {c["layer"] for c in golden.values()}
    return covered | {cls for c in golden.values() if c["layer"] == "Sequential" for cls, _ in c["kwargs"]["layers"]}
