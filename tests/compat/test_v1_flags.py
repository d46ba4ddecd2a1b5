"""tf.compat.v1.flags and tf.compat.v1.app.run: absl-style command-line flags (TF1's tf.app.flags)."""
import pytest

import numtf as tf

flags = tf.compat.v1.flags


def fresh():
    values = flags.FlagValues()
    flags.DEFINE_string("name", "mlp", "model", flag_values=values)
    flags.DEFINE_integer("batch_size", 50, "batch", lower_bound=1, flag_values=values)
    flags.DEFINE_float("lr", 1e-3, "learning rate", flag_values=values)
    flags.DEFINE_boolean("eager", True, "eager?", flag_values=values)
    flags.DEFINE_list("layers", ["a"], "layers", flag_values=values)
    flags.DEFINE_enum("loop", "eager", ["eager", "graph"], "loop", flag_values=values)
    flags.DEFINE_multi_string("tag", [], "tags", flag_values=values)
    return values


def test_parsing():
    values = fresh()
    rest = values(["prog", "--batch_size=10", "--lr", "0.5", "--noeager", "--layers=x,y", "pos", "--loop=graph",
                   "--tag=a", "--tag", "b", "--", "--not-a-flag"])
    assert rest == ["prog", "pos", "--not-a-flag"]
    assert (values.name, values.batch_size, values.lr, values.eager, values.layers, values.loop, values.tag) == \
        ("mlp", 10, 0.5, False, ["x", "y"], "graph", ["a", "b"])
    assert values.flag_values_dict()["batch_size"] == 10 and "lr" in values
    values.lr = 0.1
    assert values.lr == 0.1


def test_errors():
    with pytest.raises(flags.UnrecognizedFlagError, match="Unknown command line flag 'f'"):
        fresh()(["prog", "--f=kernel.json"])  # the well-known notebook error
    with pytest.raises(flags.IllegalFlagValueError, match="batch_size=0"):
        fresh()(["prog", "--batch_size=0"])
    with pytest.raises(flags.IllegalFlagValueError, match="one of <eager|graph>"):
        fresh()(["prog", "--loop=other"])
    values = fresh()
    flags.DEFINE_string("data", None, "data", flag_values=values)
    flags.mark_flag_as_required("data", flag_values=values)
    with pytest.raises(flags.IllegalFlagValueError, match="--data must have a value"):
        values(["prog"])
    with pytest.raises(flags.Error, match="defined twice"):
        flags.DEFINE_string("name", "x", "again", flag_values=values)


def test_app_run_calls_main_and_exits(monkeypatch):
    seen = []
    monkeypatch.setattr(flags, "FLAGS", fresh())
    with pytest.raises(SystemExit) as done:
        tf.compat.v1.app.run(lambda argv: seen.append((argv, flags.FLAGS.batch_size)) or 3,
                             argv=["prog", "--batch_size=7", "rest"])
    assert done.value.code == 3 and seen == [(["prog", "rest"], 7)]
