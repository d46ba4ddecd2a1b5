"""`tf.keras.utils.Progbar`: Keras 2's progress bar.

On a terminal it redraws one line (`\\r`); when stdout is not a terminal (logs, CI, pipes) it
prints each finished bar once, with no carriage-return spam.

    >>> bar = tf.keras.utils.Progbar(3)
    >>> for i in range(3): bar.update(i + 1, values=[('loss', 0.5)])  # doctest: +SKIP
    3/3 [==============================] - 0s 100us/step - loss: 0.5000
"""
import os
import sys
import time

import numpy as np


def _is_dynamic(stream):
    return (hasattr(stream, "isatty") and stream.isatty()) or "ipykernel" in sys.modules \
        or "posix" in sys.modules and os.environ.get("NUMTF_PROGBAR_DYNAMIC") == "1"


def format_time_per_unit(seconds_per_unit, unit_name="step"):
    """'3s/step', '12ms/step' or '250us/step' (or per `unit_name`)."""
    if seconds_per_unit >= 1 or seconds_per_unit == 0:
        return f"{seconds_per_unit:.0f}s/{unit_name}"
    if seconds_per_unit >= 1e-3:
        return f"{seconds_per_unit * 1e3:.0f}ms/{unit_name}"
    return f"{seconds_per_unit * 1e6:.0f}us/{unit_name}"


def _write(line):
    """A finished line: to stdout, or to the log when interactive logging is off."""
    from .io_utils import print_msg
    print_msg(line, line_break=False)


class Progbar:
    """Displays progress of `target` steps with running averages of `values`."""

    def __init__(self, target, width=30, verbose=1, interval=0.05, stateful_metrics=None, unit_name="step"):
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        self.stateful_metrics = set(stateful_metrics or ())
        from .io_utils import is_interactive_logging_enabled
        self._dynamic = _is_dynamic(sys.stdout) and is_interactive_logging_enabled()
        self._values = {}
        self._order = []
        self._start = time.time()
        self._last_update = 0.0
        self._seen = 0
        self._total_width = 0
        self._after_first = None

    def update(self, current, values=None, finalize=None):
        """Moves the bar to step `current`, folding `values` [(name, value)] into the averages."""
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        for name, value in values or ():
            if name not in self._values:
                self._order.append(name)
            if name in self.stateful_metrics:
                self._values[name] = [float(np.mean(value)), 1]
            else:
                step = max(current - self._seen, 1)
                acc = self._values.setdefault(name, [0.0, 0])
                acc[0] += float(np.mean(value)) * step
                acc[1] += step
        self._seen = current
        now = time.time()
        if self._after_first is None and current >= 1:
            self._after_first = now
        if self.verbose != 1 or (not finalize and not self._dynamic) or \
                (not finalize and now - self._last_update < self.interval):
            if self.verbose == 2 and finalize:
                self._print_final(now, current)
            return
        self._last_update = now
        line = self._bar(current) + self._info(now, current, finalize)
        if self._dynamic:
            pad = max(self._total_width - len(line), 0)
            sys.stdout.write("\r" + line + " " * pad)
            self._total_width = len(line)
            if finalize:
                sys.stdout.write("\n")
        else:
            _write(line + "\n")
        sys.stdout.flush()

    def add(self, n, values=None):
        self.update(self._seen + n, values)

    def _bar(self, current):
        if self.target is None:
            return f"{current:7d}/Unknown"
        digits = len(str(self.target))
        text = f"{current:{digits}d}/{self.target} ["
        prog = float(current) / self.target
        filled = int(self.width * prog)
        if filled > 0:
            text += "=" * (filled - 1) + (">" if current < self.target else "=")
        return text + "." * (self.width - filled) + "]"

    def _info(self, now, current, finalize):
        elapsed = now - self._start
        per_unit = self._per_unit(now, current)
        if finalize or self.target is None:
            info = f" - {elapsed:.0f}s {format_time_per_unit(per_unit, self.unit_name)}"
        else:
            eta = int(per_unit * (self.target - current))
            if eta > 3600:
                text = f"{eta // 3600}:{(eta % 3600) // 60:02d}:{eta % 60:02d}"
            elif eta > 60:
                text = f"{eta // 60}:{eta % 60:02d}"
            else:
                text = f"{eta}s"
            info = f" - ETA: {text}"
        for name in self._order:
            total, count = self._values[name]
            avg = total / max(count, 1)
            info += f" - {name}: {avg:.4f}" if abs(avg) > 1e-3 else f" - {name}: {avg:.4e}"
        return info

    def _per_unit(self, now, current):
        # the first step (which often includes tracing) is left out of the time per step
        if current > 1 and self._after_first is not None:
            return (now - self._after_first) / (current - 1)
        return (now - self._start) / current if current else 0

    def _print_final(self, now, current):
        """verbose=2: the one line at the end, `4/4 - 0s - loss: 0.7500 - 10ms/epoch - 2ms/step`."""
        elapsed = now - self._start
        digits = len(str(self.target if self.target is not None else current))
        info = f"{current:{digits}d}/{self.target if self.target is not None else current} - {elapsed:.0f}s"
        for name in self._order:
            total, count = self._values[name]
            avg = total / max(count, 1)
            info += f" - {name}: {avg:.4f}" if avg > 1e-3 else f" - {name}: {avg:.4e}"
        info += f" - {format_time_per_unit(elapsed, 'epoch')} - " + \
            format_time_per_unit(self._per_unit(now, current), self.unit_name)
        _write(info + "\n")
        sys.stdout.flush()
