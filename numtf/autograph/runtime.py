"""The `ag__` namespace of converted code: the operators and `converted_call`.

    ag__.if_stmt(x > 0, if_body, else_body, get_state, set_state, ('x',), 1)
"""
from .operators import (if_stmt, if_exp, and_, or_, not_, ld, ret, Undefined,  # noqa: F401
                        UndefinedReturnValue, _mark_graph as mark_graph)
from .loops import while_stmt, for_stmt  # noqa: F401
from .api import converted_call  # noqa: F401

__all__ = ["if_stmt", "if_exp", "and_", "or_", "not_", "ld", "ret", "Undefined", "UndefinedReturnValue",
           "mark_graph", "while_stmt", "for_stmt", "converted_call"]
