"""One training step of each handbook workload: numtf beside TensorFlow (tf-keras) and PyTorch.

    $ python benchmarks/handbook.py [--only mlp,cnn] [--steps N] [--seconds S] [--no-tf] [--no-torch]
                                    [--data mnistlike|uniform] [--fit]
                                    [--profile WORKLOAD [--sort cumulative|tottime]]

Workloads, written with the public API exactly as the handbook writes them (_handbook_tf.py, run
unchanged by numtf and by TensorFlow; _handbook_torch.py is the idiomatic PyTorch equivalent):
- linear: the Keras Linear model (Dense 1, zero init), SGD 0.01, MSE on the handbook's 2x3 X;
- mlp: Flatten, Dense 100 relu, Dense 10, softmax; sparse categorical cross-entropy; Adam 1e-3;
- cnn: Conv2D 32 5x5 same, MaxPool, Conv2D 64, MaxPool, Reshape, Dense 1024 relu, Dense 10, softmax;
both MNIST models on fresh random batches of 50 (float32 images in [0, 1), int32 labels; fixed seed;
MNIST-like by default, see batches()).
A step is the handbook's custom-loop body: forward under a GradientTape, loss, tape.gradient,
optimizer.apply_gradients, and fetching the loss value (the handbook prints it every batch).

Columns: numtf eager (this interpreter, this checkout); numtf traced when numtf has `tf.function`;
TensorFlow eager and `@tf.function`-traced steps; PyTorch (its own step, see _handbook_torch.py).
Each cell is the median over N timed steps after warm-up (N picked so that a cell takes about
`--seconds`, or `--steps`); the minima follow. The frameworks run one after the other, never at the
same time. TensorFlow and PyTorch run in `$NUMTF_TF_PYTHON` (default ~/tfref/bin/python) and
`$NUMTF_TORCH_PYTHON` (default ~/torchref/bin/python). The MLP row also shows the raw-NumPy floor
(numpy_floor.py). `--profile mlp` runs numtf's eager step under cProfile instead and prints the top 30.
"""
import argparse
import gc
import json
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
BATCH = 50
SEED = 1234
WORKLOADS = ["linear", "mlp", "cnn"]
DATA = ("mnistlike", "uniform")
TARGETS_MS = {"mlp": 0.8, "cnn": 40.0}
INTERPRETERS = {
    "TensorFlow": ("NUMTF_TF_PYTHON", "~/tfref/bin/python", "_handbook_tf.py"),
    "PyTorch": ("NUMTF_TORCH_PYTHON", "~/torchref/bin/python", "_handbook_torch.py"),
}


def batches(image_shape=(28, 28, 1), data="mnistlike", batch_size=BATCH, seed=SEED):
    """A `next_batch()` giving fresh random (images, labels) batches, float32 images in [0, 1) and
    int32 labels in [0, 10), the same sequence in every framework ((1, 28, 28) gives the same memory
    as (28, 28, 1)). `data`:
    - "mnistlike": about 80% of the pixels zero, as in MNIST, and labels given by a fixed random
      linear teacher, so that the models learn as they do on MNIST;
    - "uniform": dense uniform images and uniform random labels. Nothing can be learnt, and within
      ~1000 steps every hidden unit of the MLP dies: Adam's first moments then decay into float32
      subnormals, where NumPy and PyTorch arithmetic is 50-200x slower (TensorFlow flushes
      subnormals to zero), so timings depend on how many steps ran before.
    """
    if data not in DATA:
        raise ValueError(f"data must be one of {DATA}, not {data!r}")
    rng = np.random.default_rng(seed)
    teacher = rng.standard_normal((int(np.prod(image_shape)), 10)).astype(np.float32)

    def next_batch():
        X = rng.random((batch_size,) + tuple(image_shape), dtype=np.float32)
        if data == "uniform":
            return X, rng.integers(0, 10, batch_size, dtype=np.int32)
        X *= rng.random(X.shape, dtype=np.float32) < 0.2
        y = np.argmax(X.reshape(batch_size, -1) @ teacher, axis=1).astype(np.int32)
        return X, y
    return next_batch


def _cpu_busy(dt=1.0):
    """Fraction of all CPUs that other processes kept busy over `dt` seconds (Linux /proc; 0
    where unavailable). Our own threads (BLAS threads spinning after work) don't count."""
    def read():
        v = [int(x) for x in open("/proc/stat").readline().split()[1:]]
        own = open("/proc/self/stat").read().rsplit(")", 1)[1].split()
        return v[3] + v[4], sum(v), int(own[11]) + int(own[12])  # idle+iowait, all, utime+stime
    try:
        idle0, total0, own0 = read()
        time.sleep(dt)
        idle1, total1, own1 = read()
    except (OSError, ValueError, IndexError):
        return 0.0
    return 1 - (idle1 - idle0 + own1 - own0) / max(1, total1 - total0)


def wait_idle(limit):
    """Waits up to `limit` seconds for the machine to be idle (<10% busy over a second): True
    when it was (or `limit` is 0: no waiting asked)."""
    end = time.time() + limit
    while limit > 0:
        if _cpu_busy() < 0.1:
            return True
        if time.time() > end:
            return False
    return True


def measure(train_step, next_batch, steps=None, seconds=3.0, min_warmup=3, warmup_seconds=0.5):
    """Times `float(train_step(*next_batch()))` step by step (the batch is made outside the clock).

    Warm-up: at least `min_warmup` steps and `warmup_seconds` (first calls build layers and trace
    functions). Then `steps` timed steps; without `steps`, as many as the fastest warm-up step says
    fit in `seconds` (10 to 20,000), cut short after 3 x `seconds` on a busy machine (10 at least).
    With `$NUMTF_BENCH_WAIT_IDLE` seconds set (handbook.py --wait-idle), the timed steps wait for
    an idle machine first. Returns {"median", "min"} in milliseconds, the step count "n", and "busy"
    when the machine never went idle."""
    def one():
        batch = next_batch()
        start = time.perf_counter()
        float(train_step(*batch))
        return time.perf_counter() - start

    warm, began = [], time.perf_counter()
    while len(warm) < min_warmup or (time.perf_counter() - began < warmup_seconds and len(warm) < 1000):
        warm.append(one())
    limit = float("inf")
    if steps is None:
        steps = int(min(max(seconds / max(min(warm[1:]), 1e-6), 10), 20000))
        limit = 3 * seconds
    gc.collect()
    idle = wait_idle(float(os.environ.get("NUMTF_BENCH_WAIT_IDLE", 0)))
    times, began = [], time.perf_counter()
    while len(times) < steps and (len(times) < 10 or time.perf_counter() - began < limit):
        times.append(one())
    times = np.array(times) * 1e3
    return {"median": float(np.median(times)), "min": float(times.min()), "n": len(times),
            "busy": not idle}


def measure_elsewhere(name, workloads, data, steps, seconds, fit):
    """Runs the worker of `name` in its interpreter: (version, results) or (None, reason)."""
    var, default, script = INTERPRETERS[name]
    python = os.path.expanduser(os.environ.get(var, default))
    if not os.path.exists(python):
        return None, f"not available ({python} not found; set ${var})"
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_USE_LEGACY_KERAS="1",
               NUMTF_BENCH_AGAINST="tensorflow")
    cmd = [python, os.path.join(HERE, script), "--workloads", ",".join(workloads),
           "--data", data, "--seconds", str(seconds)]
    if steps:
        cmd += ["--steps", str(steps)]
    if fit and name == "TensorFlow":
        cmd.append("--fit")
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    lines = r.stdout.strip().splitlines()
    if r.returncode != 0 or not lines:
        err = (r.stderr.strip().splitlines() or ["?"])[-1]
        return None, f"failed ({err})"
    out = json.loads(lines[-1])
    return out["version"], out["results"]


def profile(workload, data, steps, sort):
    """numtf's eager step of `workload` under cProfile, after warm-up: top 30 by `sort`."""
    import cProfile
    import pstats
    import _handbook_tf as bench
    import numtf as tf
    tf.random.set_seed(SEED)
    _, train_step, next_batch, _ = bench.WORKLOADS[workload](data)
    timing = measure(train_step, next_batch, None, 1.0)
    steps = steps or int(min(max(3000.0 / timing["median"], 10), 5000))
    data = [next_batch() for _ in range(steps)]
    wait_idle(float(os.environ.get("NUMTF_BENCH_WAIT_IDLE", 0)))
    prof = cProfile.Profile()
    prof.enable()
    for batch in data:
        float(train_step(*batch))
    prof.disable()
    print(f"numtf {workload} eager step: median {timing['median']:.3f} ms unprofiled; "
          f"cProfile over {steps} steps (per-step figures: divide by {steps})")
    pstats.Stats(prof).strip_dirs().sort_stats(sort).print_stats(30)


def _fmt(value, width=9, digits=None):
    if value is None:
        return f"{'-':>{width}}"
    if digits is None:
        digits = 3 if value < 10 else 1
    return f"{value:{width}.{digits}f}"


def _ratio(a, b, width=9):
    return f"{'-':>{width}}" if a is None or b is None else f"{a / b:{width - 1}.2f}x"


def print_table(workloads, columns, floor, title):
    """`columns`: [(header, {workload: timing or None})]; medians, then minima (and step counts)."""
    def get(col, w, key="median"):
        t = col.get(w)
        return None if t is None else t.get(key)

    cols = dict(columns)
    head = f"{'workload':10}" + "".join(f"{h:>13} " for h, _ in columns)
    ratios = [("numtf/TF", "TF eager"), ("numtf/TF tr.", "TF traced"), ("numtf/Torch", "PyTorch")]
    ratios = [(h, c) for h, c in ratios if c in cols]
    print(title)
    print("median ms per step")
    print(head + "".join(f"{h:>14}" for h, _ in ratios) + f"{'target':>9}")
    for w in workloads:
        ours = get(cols["numtf eager"], w)
        row = f"{w:10}" + "".join(_fmt(get(c, w), 13) + ("*" if get(c, w, "busy") else " ")
                                  for _, c in columns)
        row += "".join(_ratio(ours, get(cols[c], w), 14) for _, c in ratios)
        target = TARGETS_MS.get(w)
        verdict = "" if target is None or ours is None else ("  ok" if ours <= target else "  OVER")
        row += _fmt(target, 9, 1) + verdict
        print(row)
    if floor is not None and "mlp" in workloads:
        ours = get(cols["numtf eager"], "mlp")
        print(f"{'mlp floor':10}{_fmt(floor['median'], 14)}   raw-NumPy step (numpy_floor.py)"
              + (f"; numtf eager = {ours / floor['median']:.1f}x the floor" if ours else ""))
    if any(get(c, w, "busy") for _, c in columns for w in workloads):
        print("* the machine never went idle (--wait-idle) before this cell's timed steps")
    print("min ms per step / timed steps")
    print(f"{'workload':10}" + "".join(f"{h:>14}" for h, _ in columns))
    for w in workloads:
        cells = []
        for _, c in columns:
            t = c.get(w)
            cells.append(f"{'-':>14}" if t is None else f"{_fmt(t['min'], 0)}/{t['n']}".rjust(14))
        print(f"{w:10}" + "".join(cells))
    if floor is not None and "mlp" in workloads:
        print(f"{'mlp floor':10}" + f"{_fmt(floor['min'], 0)}/{floor['n']}".rjust(14))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(WORKLOADS), help="comma-separated workloads")
    parser.add_argument("--steps", type=int, default=None, help="timed steps per cell")
    parser.add_argument("--seconds", type=float, default=3.0, help="time per cell when no --steps")
    parser.add_argument("--data", choices=DATA, default="mnistlike",
                        help="batch contents (see batches()); default mnistlike")
    parser.add_argument("--no-tf", action="store_true")
    parser.add_argument("--no-torch", action="store_true")
    parser.add_argument("--fit", action="store_true", help="add Model.fit per step (when available)")
    parser.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                        help="before each cell, wait up to SECONDS for an idle machine "
                             "(cells that never got one are marked *)")
    parser.add_argument("--profile", metavar="WORKLOAD", choices=WORKLOADS)
    parser.add_argument("--sort", default="cumulative", help="pstats sort key for --profile")
    args = parser.parse_args()
    workloads = [w for w in args.only.split(",") if w]
    unknown = set(workloads) - set(WORKLOADS)
    if unknown:
        parser.error(f"unknown workloads {sorted(unknown)}; choose from {WORKLOADS}")
    sys.path.insert(0, os.path.dirname(HERE))
    sys.path.insert(0, HERE)
    os.environ["NUMTF_BENCH_WAIT_IDLE"] = str(args.wait_idle)  # read by measure(), workers too
    if args.profile:
        return profile(args.profile, args.data, args.steps, args.sort)

    import numtf
    import _handbook_tf as bench
    ours = bench.run(workloads, args.data, args.steps, args.seconds, fit=args.fit)
    columns = [("numtf eager", {w: ours[w]["eager"] for w in workloads})]
    if hasattr(numtf, "function"):
        columns.append(("numtf traced", {w: ours[w].get("traced") for w in workloads}))
    if args.fit and bench.has_fit():
        columns.append(("numtf fit", {w: ours[w].get("fit") for w in workloads}))
    floor = None
    if "mlp" in workloads:
        import numpy_floor
        floor = measure(*numpy_floor.floor_step(args.data), args.steps, args.seconds)

    versions, notes = [f"numtf {numtf.__version__}", f"NumPy {np.__version__}"], []
    for name, skip in [("TensorFlow", args.no_tf), ("PyTorch", args.no_torch)]:
        if skip:
            continue
        version, results = measure_elsewhere(name, workloads, args.data, args.steps, args.seconds,
                                             args.fit)
        if version is None:
            notes.append(f"{name}: {results}")
            results = {}
        else:
            versions.append(f"{name} {version}")
        if name == "TensorFlow":
            columns.append(("TF eager", {w: results.get(w, {}).get("eager") for w in workloads}))
            columns.append(("TF traced", {w: results.get(w, {}).get("traced") for w in workloads}))
            if args.fit:
                columns.append(("TF fit", {w: results.get(w, {}).get("fit") for w in workloads}))
        else:
            columns.append(("PyTorch", {w: results.get(w, {}).get("eager") for w in workloads}))
    print_table(workloads, columns, floor,
                f"Handbook training steps, batch {BATCH}, {args.data} data ({', '.join(versions)}; "
                f"{os.cpu_count()} CPUs)")
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
