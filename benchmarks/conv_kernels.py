"""Forward and backward times of the convolution and pooling ops on the handbook CNN's shapes
(batch 50: conv 5x5x32 SAME on 28x28x1, max pool 2x2, conv 5x5x64 SAME, max pool 2x2), for
numtf and, when ~/torchref exists, PyTorch (run in a subprocess, same shapes, NCHW).

    python benchmarks/conv_kernels.py [--repeat 30] [--compare]   (--compare: each kernel's strategies)

Times are the minimum and median of `repeat` runs in milliseconds (the minimum is the stable
figure on a shared machine). Each run uses a fresh input array, as a training step does.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import numtf as tf  # noqa: E402
from numtf.ops import conv_ops, conv_rows, depthwise_ops, pool_ops  # noqa: E402

N = 50
CASES = [  # name, input shape (NHWC), filter shape or pool size, input needs a gradient
    ("conv1 5x5 1->32 SAME", (N, 28, 28, 1), (5, 5, 1, 32), False),
    ("pool1 2x2 max", (N, 28, 28, 32), 2, True),
    ("conv2 5x5 32->64 SAME", (N, 14, 14, 32), (5, 5, 32, 64), True),
    ("pool2 2x2 max", (N, 14, 14, 64), 2, True),
    ("avg pool 2x2 (28x28x32)", (N, 28, 28, 32), -2, True),
    ("depthwise 3x3 (28x28x32)", (N, 28, 28, 32), (3, 3, 32, 1), True),
]


def timeit(fn, repeat):
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return min(times), float(np.median(times))


def numtf_times(repeat):
    rng = np.random.default_rng(0)
    out = {}
    for name, xshape, spec, needs_x in CASES:
        xs = [tf.constant(rng.standard_normal(xshape, dtype=np.float32)) for _ in range(2)]
        if isinstance(spec, tuple):
            w = tf.Variable(rng.standard_normal(spec, dtype=np.float32) * 0.1)
            if spec[3] == 1 and spec[2] > 1:
                f = lambda x: depthwise_ops.depthwise_conv2d(x, w, [1, 1, 1, 1], "SAME")  # noqa: E731
            else:
                f = lambda x: conv_ops.conv2d(x, w, 1, "SAME")  # noqa: E731
        elif spec > 0:
            w, f = None, (lambda x: pool_ops.max_pool2d(x, 2, 2, "VALID"))
        else:
            w, f = None, (lambda x: pool_ops.avg_pool2d(x, 2, 2, "VALID"))
        i = [0]

        def fresh():
            i[0] ^= 1
            return xs[i[0]]

        def fwd():
            f(fresh())

        def fwd_bwd():
            x = fresh()
            with tf.GradientTape() as tape:
                if needs_x:
                    tape.watch(x)
                y = f(x)
            sources = ([x] if needs_x else []) + ([w] if w is not None else [])
            tape.gradient(y, sources, output_gradients=tf.ones_like(y))

        f_min, f_med = timeit(fwd, repeat)
        fb_min, fb_med = timeit(fwd_bwd, repeat)
        out[name] = {"fwd": (f_min, f_med), "fwd+bwd": (fb_min, fb_med)}
    return out


TORCH_SCRIPT = r"""
import json, sys, time
import numpy as np, torch
import torch.nn.functional as F
torch.set_num_threads(2)
cases, repeat = json.loads(sys.argv[1]), int(sys.argv[2])
def timeit(fn):
    fn(); ts = []
    for _ in range(repeat):
        t0 = time.perf_counter(); fn(); ts.append((time.perf_counter() - t0) * 1e3)
    return min(ts), float(np.median(ts))
out = {}
for name, xshape, spec, needs_x in cases:
    n, h, w_, c = xshape
    xs = [torch.randn(n, c, h, w_, requires_grad=needs_x) for _ in range(2)]
    if isinstance(spec, list):
        kh, kw, ci, co = spec
        if co == 1 and ci > 1:
            wt = torch.randn(ci, 1, kh, kw, requires_grad=True)
            f = lambda x: F.conv2d(x, wt, padding=kh // 2, groups=ci)
        else:
            wt = torch.randn(co, ci, kh, kw, requires_grad=True)
            f = lambda x: F.conv2d(x, wt, padding=kh // 2)
    elif spec > 0:
        f = lambda x: F.max_pool2d(x, 2, 2)
    else:
        f = lambda x: F.avg_pool2d(x, 2, 2)
    i = [0]
    def fresh():
        i[0] ^= 1
        return xs[i[0]]
    def fwd():
        with torch.no_grad():
            f(fresh())
    def fwd_bwd():
        y = f(fresh()); y.backward(torch.ones_like(y))
    out[name] = {"fwd": timeit(fwd), "fwd+bwd": timeit(fwd_bwd)}
print(json.dumps(out))
"""


def torch_times(repeat):
    python = os.path.expanduser("~/torchref/bin/python")
    if not os.path.exists(python):
        return None
    cases = [[n, list(x), list(s) if isinstance(s, tuple) else s, nx] for n, x, s, nx in CASES]
    try:
        res = subprocess.run([python, "-c", TORCH_SCRIPT, json.dumps(cases), str(repeat)],
                             capture_output=True, text=True, timeout=600)
        return json.loads(res.stdout.strip().splitlines()[-1])
    except Exception as e:  # noqa: BLE001 - the reference is optional
        print(f"(PyTorch reference failed: {e})")
        return None


def compare_strategies(repeat):
    """The kernels' strategies on stride-1 convolutions: row taps (conv_rows: im2col over the
    filter's columns only, one product for all its rows) or full im2col, for the forward and both
    gradients; for the input gradient also one product per kernel tap (conv_ops.DX_AS_CONV off)."""
    rng = np.random.default_rng(0)
    attrs = dict(strides=(1, 1, 1, 1), padding="SAME", explicit_paddings=(), dilations=(1, 1, 1, 1),
                 data_format="NHWC")
    strategies = (("row taps", True, True), ("im2col", False, True), ("per tap", False, False))
    print("stride-1 convolution strategies, min (median) ms:")
    for n, h, c, k, o in ((N, 14, 32, 5, 64), (N, 28, 1, 5, 32), (32, 16, 64, 3, 64), (N, 14, 64, 3, 32)):
        w = rng.standard_normal((k, k, c, o), dtype=np.float32)
        xs = [rng.standard_normal((n, h, h, c), dtype=np.float32) for _ in range(2)]
        dys = [rng.standard_normal((n, h, h, o), dtype=np.float32) for _ in range(2)]
        kernels = {
            "forward": lambda i: conv_ops._conv2d_kernel(xs[i], w, **attrs),
            "input grad": lambda i: conv_ops._conv2d_backprop_input_kernel(
                np.array((n, h, h, c), np.int32), w, dys[i], **attrs),
            "filter grad": lambda i: conv_ops._conv2d_backprop_filter_kernel(
                xs[i], np.array(w.shape, np.int32), dys[i], **attrs)}
        print(f"  {n}x{h}x{h}x{c} {k}x{k} -> {o}:")
        for what, kernel in kernels.items():
            line = f"    {what:12s}"
            for label, rows, as_conv in strategies:
                if not as_conv and what != "input grad":
                    continue
                conv_rows.ROW_TAPS, conv_ops.DX_AS_CONV = rows, as_conv
                i = [0]

                def run():
                    i[0] ^= 1
                    kernel(i[0])
                best, med = timeit(run, repeat)
                line += f"  {label} {best:6.2f} ({med:6.2f})"
            conv_rows.ROW_TAPS, conv_ops.DX_AS_CONV = True, True
            print(line)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--compare", action="store_true", help="also time the kernels' strategies")
    args = ap.parse_args()
    if args.compare:
        compare_strategies(args.repeat)
    ours = numtf_times(args.repeat)
    ref = torch_times(args.repeat)
    print(f"{'op (batch 50)':28s} {'numtf fwd':>14s} {'numtf fwd+bwd':>16s}"
          + (f" {'torch fwd':>14s} {'torch fwd+bwd':>16s} {'ratio':>6s}" if ref else ""))
    total = [0.0, 0.0]
    for name, _, _, _ in CASES:
        o = ours[name]
        line = f"{name:28s} {o['fwd'][0]:6.2f} ({o['fwd'][1]:5.2f}) {o['fwd+bwd'][0]:8.2f} ({o['fwd+bwd'][1]:5.2f})"
        if ref:
            t = ref[name]
            line += (f" {t['fwd'][0]:6.2f} ({t['fwd'][1]:5.2f}) {t['fwd+bwd'][0]:8.2f} ({t['fwd+bwd'][1]:5.2f})"
                     f" {o['fwd+bwd'][0] / t['fwd+bwd'][0]:6.2f}")
            if "depthwise" not in name and "avg" not in name:
                total[1] += t["fwd+bwd"][0]
        print(line)
        if "depthwise" not in name and "avg" not in name:
            total[0] += o["fwd+bwd"][0]
    print(f"handbook CNN conv+pool layers, fwd+bwd: numtf {total[0]:.2f} ms"
          + (f", PyTorch {total[1]:.2f} ms" if ref else "") + "   [min (median)] ms")


if __name__ == "__main__":
    main()
