"""`tf.data.Options` and `Dataset.with_options`: accepted and stored (numtf's pipelines run the
same whatever they say), with TF's attribute names, defaults and errors so code that sets them runs.

    >>> options = tf.data.Options()
    >>> options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    >>> ds = ds.with_options(options)
"""
import enum

from .dataset_ops import Dataset


class AutoShardPolicy(enum.IntEnum):
    OFF = -1
    AUTO = 0
    FILE = 1
    DATA = 2
    HINT = 3


class ExternalStatePolicy(enum.Enum):
    WARN = 0
    IGNORE = 1
    FAIL = 2


class AutotuneAlgorithm(enum.Enum):
    DEFAULT = 0
    HILL_CLIMB = 1
    GRADIENT_DESCENT = 2
    MAX_PARALLELISM = 3
    STAGE_BASED = 4


class _OptionsGroup:
    """A set of named options with defaults; unknown names raise TF's AttributeError."""
    _defaults = {}
    _label = "Options"

    def __init__(self):
        object.__setattr__(self, "_values", {})
        for name, default in self._defaults.items():
            if isinstance(default, type) and issubclass(default, _OptionsGroup):
                self._values[name] = default()

    def __getattr__(self, name):
        values = self.__dict__.get("_values", {})
        if name in values:
            return values[name]
        if name in self._defaults:
            return self._defaults[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __setattr__(self, name, value):
        if name not in self._defaults:
            raise AttributeError(f"Cannot set the property {name} on {self._label}.")
        self._values[name] = value

    def __eq__(self, other):
        return type(self) is type(other) and self._values == other._values

    def __hash__(self):
        return id(self)

    def _merge_from(self, other):
        for name, value in other._values.items():
            if isinstance(value, _OptionsGroup):
                self._values[name]._merge_from(value)
            else:
                self._values[name] = value

    def merge(self, options):
        """A new object with `options`' explicitly set values on top of this one's."""
        out = type(self)()
        out._merge_from(self)
        out._merge_from(options)
        return out


class OptimizationOptions(_OptionsGroup):
    _label = "OptimizationOptions"
    _defaults = dict.fromkeys(["apply_default_optimizations", "filter_fusion", "filter_parallelization",
                               "inject_prefetch", "map_and_batch_fusion", "map_and_filter_fusion", "map_fusion",
                               "map_parallelization", "noop_elimination", "parallel_batch",
                               "seq_interleave_prefetch", "shuffle_and_repeat_fusion"])


class ThreadingOptions(_OptionsGroup):
    _label = "ThreadingOptions"
    _defaults = {"max_intra_op_parallelism": None, "private_threadpool_size": None}


class DistributeOptions(_OptionsGroup):
    _label = "DistributeOptions"
    _defaults = {"auto_shard_policy": AutoShardPolicy.AUTO, "num_devices": None}


class AutotuneOptions(_OptionsGroup):
    _label = "AutotuneOptions"
    _defaults = dict.fromkeys(["autotune_algorithm", "cpu_budget", "enabled", "initial_parallelism",
                               "min_parallelism", "ram_budget"])


class Options(_OptionsGroup):
    """Dataset options (see module docstring)."""
    _defaults = {"autotune": AutotuneOptions, "dataset_name": None, "deterministic": None,
                 "experimental_deterministic": None, "experimental_distribute": DistributeOptions,
                 "experimental_external_state_policy": None, "experimental_optimization": OptimizationOptions,
                 "experimental_service": None, "experimental_slack": None,
                 "experimental_symbolic_checkpoint": None, "experimental_threading": None,
                 "experimental_warm_start": None, "framework_type": None, "threading": ThreadingOptions}


class OptionsDataset(Dataset):
    _tf_name = "_OptionsDataset"

    def __init__(self, input_dataset, options):
        if not isinstance(options, Options):
            raise TypeError(f"Invalid `options`. `options` should be a `tf.data.Options` object but got {options!r}.")
        self._input = input_dataset
        self._options = input_dataset.options().merge(options)
        super().__init__(input_dataset.element_spec)

    def _cardinality(self):
        return self._input._cardinality()

    def _iter_flat(self):
        return self._input._iter_flat()

    def _gather(self):
        return self._input._gather()

    def _chunks(self):
        return self._input._chunks()
