"""`tf.compat.v1.flags` (TF1's `tf.app.flags`): command-line flags in absl's style, without absl.

    >>> flags = tf.compat.v1.flags
    >>> flags.DEFINE_integer('batch_size', 50, 'Examples per batch.')
    >>> FLAGS = flags.FLAGS
    >>> FLAGS.batch_size        # parses sys.argv on first use, as TF's wrapper does
    50

Syntax as absl: `--name=value`, `--name value`, `--flag`/`--noflag` for booleans, `--` ends the
flags. Unknown flags raise `UnrecognizedFlagError`.
"""
import sys

__all__ = ["FLAGS", "DEFINE_string", "DEFINE_integer", "DEFINE_float", "DEFINE_boolean", "DEFINE_bool",
           "DEFINE_list", "DEFINE_enum", "DEFINE_multi_string", "mark_flag_as_required", "Error",
           "UnrecognizedFlagError", "IllegalFlagValueError"]


class Error(Exception):
    """Base class of the flag errors."""


class UnrecognizedFlagError(Error):
    """A command-line flag that was never defined."""


class IllegalFlagValueError(Error):
    """A flag value that does not parse (or is not among an enum's values)."""


class _Flag:
    __slots__ = ("name", "default", "help", "parse", "boolean", "multi", "value", "required")

    def __init__(self, name, default, help_text, parse, boolean=False, multi=False):
        self.name, self.default, self.help, self.parse = name, default, help_text, parse
        self.boolean, self.multi, self.required = boolean, multi, False
        self.value = default


class FlagValues:
    """The defined flags and their values; attribute access parses sys.argv the first time."""

    def __init__(self):
        self.__dict__["_flags"] = {}
        self.__dict__["_parsed"] = False

    def _define(self, flag):
        if flag.name in self._flags:
            raise Error(f"Flag --{flag.name} is defined twice.")
        self._flags[flag.name] = flag

    def __call__(self, argv, known_only=False):
        """Parses `argv` (argv[0] is the program); returns the arguments that are not flags."""
        rest, args, i = [argv[0]] if argv else [], list(argv[1:]), 0
        while i < len(args):
            arg = args[i]
            i += 1
            if arg == "--":
                rest.extend(args[i:])
                break
            if not arg.startswith("-") or arg == "-":
                rest.append(arg)
                continue
            name, eq, value = arg.lstrip("-").partition("=")
            flag = self._flags.get(name)
            if flag is None and name.startswith("no") and not eq and name[2:] in self._flags \
                    and self._flags[name[2:]].boolean:
                self._flags[name[2:]].value = False
                continue
            if flag is None:
                if known_only:
                    rest.append(arg)
                    continue
                raise UnrecognizedFlagError(f"Unknown command line flag '{name}'")
            if flag.boolean and not eq:
                flag.value = True
                continue
            if not eq:
                if i >= len(args):
                    raise Error(f"Flag --{name} must have a value other than None.")
                value, i = args[i], i + 1
            try:
                parsed = flag.parse(value)
            except (TypeError, ValueError) as e:
                raise IllegalFlagValueError(f"flag --{name}={value}: {e}") from None
            if flag.multi:  # repeated: the list of every value given
                flag.value = ([] if flag.value is flag.default else flag.value) + [parsed]
            else:
                flag.value = parsed
        for flag in self._flags.values():
            if flag.required and flag.value is None:
                raise IllegalFlagValueError(f"flag --{flag.name}=None: Flag --{flag.name} must have a value "
                                            "other than None.")
        self.__dict__["_parsed"] = True
        return rest

    def is_parsed(self):
        return self._parsed

    def mark_as_parsed(self):
        self.__dict__["_parsed"] = True

    def __getattr__(self, name):
        flags = self.__dict__["_flags"]
        if name not in flags:
            raise AttributeError(name)
        if not self._parsed:
            self(sys.argv)  # TF's wrapper parses the command line on first access
        return flags[name].value

    def __setattr__(self, name, value):
        if name not in self._flags:
            raise AttributeError(name)
        self._flags[name].value = value

    def __contains__(self, name):
        return name in self._flags

    def flag_values_dict(self):
        """{name: value} of every flag."""
        return {n: f.value for n, f in self._flags.items()}


FLAGS = FlagValues()


def _bool(text):
    low = str(text).lower()
    if low in ("true", "t", "1", "yes"):
        return True
    if low in ("false", "f", "0", "no"):
        return False
    raise ValueError("Non-boolean argument to boolean flag")


def _define(name, default, help_text, parse, flag_values=None, **kind):
    (flag_values or FLAGS)._define(_Flag(name, default, help_text, parse, **kind))


def DEFINE_string(name, default, help, flag_values=None, **kwargs):  # noqa: N802,A002 - absl's names
    """Defines a string flag."""
    _define(name, default, help, str, flag_values)


def DEFINE_integer(name, default, help, lower_bound=None, upper_bound=None, flag_values=None, **kwargs):  # noqa: N802,A002
    """Defines an integer flag (optionally bounded)."""
    def parse(text):
        v = int(text)
        if (lower_bound is not None and v < lower_bound) or (upper_bound is not None and v > upper_bound):
            raise ValueError(f"{v} is out of the range [{lower_bound}, {upper_bound}]")
        return v
    _define(name, default, help, parse, flag_values)


def DEFINE_float(name, default, help, lower_bound=None, upper_bound=None, flag_values=None, **kwargs):  # noqa: N802,A002
    """Defines a float flag (optionally bounded)."""
    def parse(text):
        v = float(text)
        if (lower_bound is not None and v < lower_bound) or (upper_bound is not None and v > upper_bound):
            raise ValueError(f"{v} is out of the range [{lower_bound}, {upper_bound}]")
        return v
    _define(name, default, help, parse, flag_values)


def DEFINE_boolean(name, default, help, flag_values=None, **kwargs):  # noqa: N802,A002
    """Defines a boolean flag: --name, --noname or --name=false."""
    _define(name, default, help, _bool, flag_values, boolean=True)


DEFINE_bool = DEFINE_boolean


def DEFINE_list(name, default, help, flag_values=None, **kwargs):  # noqa: N802,A002
    """Defines a comma-separated list flag."""
    _define(name, default, help, lambda text: [s for s in text.split(",") if s], flag_values)


def DEFINE_enum(name, default, enum_values, help, flag_values=None, **kwargs):  # noqa: N802,A002
    """Defines a flag that takes one of `enum_values`."""
    def parse(text):
        if text not in enum_values:
            raise ValueError(f"value should be one of <{'|'.join(enum_values)}>")
        return text
    _define(name, default, help, parse, flag_values)


def DEFINE_multi_string(name, default, help, flag_values=None, **kwargs):  # noqa: N802,A002
    """Defines a string flag that may be repeated; its value is the list."""
    _define(name, default, help, str, flag_values, multi=True)


def mark_flag_as_required(flag_name, flag_values=None):
    """Parsing fails unless the flag gets a value."""
    (flag_values or FLAGS)._flags[flag_name].required = True
