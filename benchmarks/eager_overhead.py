"""Eager dispatch overhead: numtf beside NumPy, TensorFlow and PyTorch, measured in one run.

    $ python benchmarks/eager_overhead.py

Three workloads on 50x100 float32 tensors, each timed as the minimum over repeats:
- `tf.add(x, y)` with no tape (budget 3 us per op);
- `tf.add(v, y)` recorded on a GradientTape, `v` a trainable Variable (budget 6 us per op);
- a 10-op chain (add/multiply alternating) and `tape.gradient` of it, per forward+backward.
`np.add` of the same arrays is the floor. numtf runs in this interpreter; TensorFlow and PyTorch
run in their own interpreters, `$NUMTF_TF_PYTHON` (default ~/tfref/bin/python) and
`$NUMTF_TORCH_PYTHON` (default ~/torchref/bin/python), and print "not available" when missing.
"""
import json
import os
import subprocess
import sys
import timeit

import numpy as np

SHAPE = (50, 100)
BUDGETS_US = {"add": 3.0, "add_taped": 6.0, "chain_grad": None}
LABELS = {"add": "add, no tape", "add_taped": "add on a tape (Variable input)",
          "chain_grad": "10-op chain forward + tape.gradient"}
INTERPRETERS = {
    "TensorFlow": ("NUMTF_TF_PYTHON", "~/tfref/bin/python", "tf"),
    "PyTorch": ("NUMTF_TORCH_PYTHON", "~/torchref/bin/python", "torch"),
}


def per_call_us(fn, number, repeat=7):
    """Minimum over `repeat` runs of `number` calls, per call, in microseconds."""
    fn()  # warm up (first-call caches, lazy imports)
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e6


def _arrays():
    rng = np.random.default_rng(0)
    return (rng.standard_normal(SHAPE).astype(np.float32),
            rng.standard_normal(SHAPE).astype(np.float32))


def bench_numpy():
    a, b = _arrays()
    return {"add": per_call_us(lambda: np.add(a, b), 20000)}


def bench_tf_like(tf):
    """numtf and TensorFlow run the very same code."""
    a, b = _arrays()
    x, y = tf.constant(a), tf.constant(b)
    v = tf.Variable(a)
    add = tf.add
    mul = tf.multiply
    results = {"add": per_call_us(lambda: add(x, y), 20000)}

    n = 2000
    def taped():
        with tf.GradientTape():
            for _ in range(n):
                add(v, y)
    results["add_taped"] = per_call_us(taped, 1, repeat=15) / n

    def chain():
        with tf.GradientTape() as tape:
            h = v
            for i in range(10):
                h = mul(h, y) if i % 2 else add(h, y)
        return tape.gradient(h, v)
    results["chain_grad"] = per_call_us(chain, 300)
    return results


def bench_torch():
    import torch
    a, b = _arrays()
    x, y = torch.from_numpy(a), torch.from_numpy(b)
    v = torch.from_numpy(a.copy()).requires_grad_()
    ones = torch.ones(SHAPE)
    add, mul = torch.add, torch.mul
    results = {"add": per_call_us(lambda: add(x, y), 20000)}
    results["add_taped"] = per_call_us(lambda: add(v, y), 20000)

    def chain():
        h = v
        for i in range(10):
            h = mul(h, y) if i % 2 else add(h, y)
        return torch.autograd.grad(h, v, grad_outputs=ones)
    results["chain_grad"] = per_call_us(chain, 300)
    return results


def run_worker(kind):
    if kind == "tf":
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        import tensorflow as tf
        return bench_tf_like(tf)
    if kind == "torch":
        return bench_torch()
    raise SystemExit(f"unknown worker {kind!r}")


def measure_elsewhere(name):
    """Runs this file's worker for `name` in its interpreter; None when not available."""
    var, default, kind = INTERPRETERS[name]
    python = os.path.expanduser(os.environ.get(var, default))
    if not os.path.exists(python):
        return None, f"not available ({python} not found; set ${var})"
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_USE_LEGACY_KERAS="1")
    r = subprocess.run([python, os.path.abspath(__file__), "--worker", kind], env=env,
                       capture_output=True, text=True)
    lines = r.stdout.strip().splitlines()
    if r.returncode != 0 or not lines:
        err = (r.stderr.strip().splitlines() or ["?"])[-1]
        return None, f"not available ({err})"
    return json.loads(lines[-1]), None


def main():
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import numtf
    results = {"NumPy": bench_numpy(), "numtf": bench_tf_like(numtf)}
    notes = {}
    for name in INTERPRETERS:
        results[name], notes[name] = measure_elsewhere(name)

    print(f"Eager overhead per call, microseconds (50x100 float32; min of repeats; "
          f"numtf {numtf.__version__}, NumPy {np.__version__})")
    head = f"{'':38}{'NumPy':>8}{'numtf':>8}{'budget':>8}{'TF':>8}{'PyTorch':>9}{'TF/numtf':>10}"
    print(head)
    for key, label in LABELS.items():
        def cell(name, width):
            r = results.get(name)
            return f"{r[key]:{width}.2f}" if r and key in r else f"{'-':>{width}}"
        budget = BUDGETS_US[key]
        ours = results["numtf"][key]
        ratio = (f"{results['TensorFlow'][key] / ours:10.1f}x" if results["TensorFlow"]
                 else f"{'-':>10}")
        verdict = "" if budget is None else ("  ok" if ours <= budget else "  OVER BUDGET")
        print(f"{label:38}{cell('NumPy', 8)}{cell('numtf', 8)}"
              f"{(f'{budget:8.1f}' if budget else '       -')}{cell('TensorFlow', 8)}"
              f"{cell('PyTorch', 9)}{ratio}{verdict}")
    for name, note in notes.items():
        if note:
            print(f"{name}: {note}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        print(json.dumps(run_worker(sys.argv[2])))
    else:
        main()
