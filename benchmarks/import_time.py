"""How long `import numtf` takes in a fresh interpreter, beside NumPy's and TensorFlow's.

    $ python benchmarks/import_time.py [--runs 7]

Each figure is the median (and minimum) over fresh subprocesses of the time the `import`
statement itself takes (interpreter start-up excluded). numtf's includes NumPy's, which it
imports. The budget for `import numtf` is 0.3 s. TensorFlow runs in `$NUMTF_TF_PYTHON`
(default ~/tfref/bin/python) and is reported "not available" when missing. The slowest numtf
modules (from `python -X importtime`) are listed to show where the time goes.
"""
import argparse
import os
import statistics
import subprocess
import sys

BUDGET_S = 0.3
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMER = ("import time; t = time.perf_counter(); import {module}; "
         "print(time.perf_counter() - t)")


def _env():
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_USE_LEGACY_KERAS="1")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (ROOT, env.get("PYTHONPATH")) if p)
    return env


def import_times(python, module, runs):
    """Seconds per fresh `import module`, one per run, or an error message."""
    times = []
    for _ in range(runs):
        r = subprocess.run([python, "-c", TIMER.format(module=module)], env=_env(),
                           capture_output=True, text=True)
        if r.returncode != 0:
            return (r.stderr.strip().splitlines() or ["?"])[-1]
        times.append(float(r.stdout.strip().splitlines()[-1]))
    return times


def slowest_modules(python, module, top=8):
    """The `top` modules with the largest self import time (us) under `python -X importtime`."""
    r = subprocess.run([python, "-X", "importtime", "-c", f"import {module}"], env=_env(),
                       capture_output=True, text=True)
    rows = []
    for line in r.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, name = (p.strip() for p in line[len("import time:"):].split("|"))
        rows.append((int(self_us), int(cumulative_us), name.strip()))
    return sorted(rows, reverse=True)[:top]


def _row(label, times, budget=None):
    if isinstance(times, str):
        return f"{label:12} not available ({times})"
    med, low = statistics.median(times), min(times)
    verdict = "" if budget is None else (
        f"   budget {budget:.2f} s: " + ("ok" if med <= budget else "OVER BUDGET"))
    return f"{label:12} median {med:6.3f} s   min {low:6.3f} s   ({len(times)} runs){verdict}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--tf-runs", type=int, default=3)
    args = parser.parse_args()

    print(_row("numpy", import_times(sys.executable, "numpy", args.runs)))
    print(_row("numtf", import_times(sys.executable, "numtf", args.runs), BUDGET_S))
    tf_python = os.path.expanduser(os.environ.get("NUMTF_TF_PYTHON", "~/tfref/bin/python"))
    if os.path.exists(tf_python):
        print(_row("tensorflow", import_times(tf_python, "tensorflow", args.tf_runs)))
    else:
        print(f"{'tensorflow':12} not available ({tf_python} not found; set $NUMTF_TF_PYTHON)")

    print("\nslowest modules under `import numtf` (self time, cumulative time):")
    for self_us, cumulative_us, name in slowest_modules(sys.executable, "numtf"):
        print(f"  {self_us / 1000:7.1f} ms {cumulative_us / 1000:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
