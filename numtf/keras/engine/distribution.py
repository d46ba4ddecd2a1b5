"""How a Keras model follows `tf.distribute`: a model remembers the strategy whose scope it was
created in (`model.distribute_strategy`); compile, fit, evaluate and predict run in that
strategy's scope, and each step runs through `strategy.run` (so inside `train_step`
`tf.distribute.get_replica_context()` is the replica's), as tf-keras does. numtf's strategies
have one replica, so the step itself is unchanged.

    >>> strategy = tf.distribute.MirroredStrategy()
    >>> with strategy.scope():
    ...     model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
    >>> model.distribute_strategy is strategy
    True
"""
from ...distribute import distribute_lib as _dl

__all__ = ["strategy_at_creation", "model_strategy", "strategy_scope", "check_compile_scope", "step_strategy"]


def strategy_at_creation():
    """The strategy a model created now belongs to (None without one)."""
    return _dl.get_strategy() if _dl.has_strategy() else None


def model_strategy(model):
    """`model.distribute_strategy`: its creation strategy, else the current one."""
    return model.__dict__.get("_distribution_strategy") or _dl.get_strategy()


def strategy_scope(model):
    """The scope fit/evaluate/predict run in (entering another strategy's raises TF's RuntimeError)."""
    return model_strategy(model).scope()


def check_compile_scope(model):
    """tf-keras's check at compile: a built model compiled under a strategy must have been built
    in that strategy's scope."""
    if not (model.built and _dl.has_strategy()):
        return
    strategy = _dl.get_strategy()
    for v in model.variables:
        if not strategy.extended.variable_created_in_scope(v):
            raise ValueError(f"Variable ({v}) was not created in the distribution strategy scope of ({strategy}). "
                             "It is most likely because some layers, model, or optimizer was being created "
                             "outside the distribution strategy scope. Try to make sure your code looks similar "
                             "to the following.\nwith strategy.scope():\n  model=_create_model()\n"
                             "  model.compile(...)")


def step_strategy(model):
    """The strategy whose `run` a step of `model` goes through: its own or the current one (None
    without a strategy: the step is called directly)."""
    strategy = model.__dict__.get("_distribution_strategy")
    if strategy is None and _dl.has_strategy():
        strategy = _dl.get_strategy()
    return strategy
