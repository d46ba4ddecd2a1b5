"""tf.summary.trace_on / trace_off / trace_export and tf.summary.graph: graphs for TensorBoard's
Graphs dashboard, as GraphDef protos encoded from numtf's graph IR.

What is written: each node's name, op type (numtf's op names, which mostly are TF's), inputs
('node', 'node:1', '^control') and attributes 'T' (the first output's dtype) and
'_output_shapes'. trace_export writes, under tag `name` with the plugin
'graph_run_metadata_graph', a RunMetadata whose function_graphs hold, as
pre_optimization_graph, the graph of every tf.function traced between trace_on and
trace_export (numtf records traces, not executions: a function traced before trace_on is not
included). There is no profiler: `trace_on(profiler=True)` raises NotImplementedError.

    >>> tf.summary.trace_on(graph=True)
    >>> tf.summary.trace_off()
"""
import gc
import logging
import weakref

from ..framework.context import ctx
from ..util import events
from ._writer import _state, write_with
from ..ops.convert import convert_to_tensor

__all__ = ["trace_on", "trace_off", "trace_export", "graph"]

log = logging.getLogger("tensorflow")

_ATTR_LIST = {"shape": (7, events.SHAPE, True)}
_ATTR_VALUE = {"list": (1, _ATTR_LIST, False), "s": (2, "bytes", False), "type": (6, "enum", False),
               "shape": (7, events.SHAPE, False)}
_ATTR_ENTRY = {"key": (1, "string", False), "value": (2, _ATTR_VALUE, False)}
_NODE_DEF = {"name": (1, "string", False), "op": (2, "string", False), "input": (3, "string", True),
             "device": (4, "string", False), "attr": (5, _ATTR_ENTRY, True)}
_VERSION_DEF = {"producer": (1, "int32", False)}
GRAPH_DEF = {"node": (1, _NODE_DEF, True), "versions": (4, _VERSION_DEF, False)}
_FUNCTION_GRAPHS = {"partition_graphs": (1, GRAPH_DEF, True), "pre_optimization_graph": (2, GRAPH_DEF, False)}
RUN_METADATA = {"function_graphs": (4, _FUNCTION_GRAPHS, True)}

_trace = {"on": False, "known": None}


def _shape(shape):
    if shape.rank is None:
        return {"unknown_rank": True}
    return {"dim": [{"size": -1 if d is None else int(d)} for d in shape.as_list()]}


def _input_name(t):
    return t.op.name if t.value_index == 0 else f"{t.op.name}:{t.value_index}"


def graph_def(g):
    """A GraphDef dict of numtf graph `g` (see the module docstring for what it holds)."""
    nodes = []
    for node in g.nodes:
        attrs = []
        if node.outputs:
            dtype = events.DTYPE_ENUM.get(node.outputs[0].dtype.name)
            if dtype is not None:
                attrs.append({"key": "T", "value": {"type": dtype}})
            attrs.append({"key": "_output_shapes", "value": {"list": {"shape": [_shape(o.shape) for o in node.outputs]}}})
        inputs = [_input_name(t) for t in node.inputs] + ["^" + c.name for c in node.control_inputs
                                                           if hasattr(c, "name")]
        nodes.append({"name": node.name, "op": node.op.name, "input": inputs, "attr": attrs})
    return {"node": nodes, "versions": {"producer": 1}}


def _concrete_functions():
    from ..graph.function import ConcreteFunction
    return [o for o in gc.get_objects() if isinstance(o, ConcreteFunction)]


def trace_on(graph=True, profiler=False, profiler_outdir=None):
    """Starts recording the graphs of the tf.functions traced from now on (for trace_export).

        >>> tf.summary.trace_on()
        >>> tf.summary.trace_off()
    """
    if profiler:
        raise NotImplementedError("tf.summary.trace_on(profiler=True): numtf has no profiler")
    if ctx.graph is not None:
        log.warning("Cannot enable trace inside a tf.function.")
        return
    if _trace["on"]:
        log.warning("Trace already enabled")
        return
    _trace["on"], _trace["graph"] = True, bool(graph)
    _trace["known"] = weakref.WeakSet(_concrete_functions())


def trace_off():
    """Stops recording graphs and forgets those recorded."""
    _trace["on"], _trace["known"] = False, None


def trace_export(name, step=None, profiler_outdir=None):
    """Writes the graphs recorded since trace_on under tag `name` (with the default writer, at
    `step` or the default step) and stops tracing. Raises ValueError when tracing is off.

        >>> tf.summary.trace_export('graph', step=0)   # doctest: +SKIP
    """
    if ctx.graph is not None:
        log.warning("Cannot export trace inside a tf.function.")
        return
    if not _trace["on"]:
        raise ValueError("Must enable trace before export through tf.summary.trace_on.")
    try:
        if _trace["graph"]:
            known = _trace["known"]
            functions = sorted((f for f in _concrete_functions() if f not in known), key=lambda f: f.graph.name)
            run_metadata = events.encode(RUN_METADATA, {"function_graphs": [
                {"pre_optimization_graph": graph_def(f.graph)} for f in functions]})
            metadata = events.encode(events.SUMMARY_METADATA, {"plugin_data": {
                "plugin_name": "graph_run_metadata_graph", "content": b"1"}})
            write_with(name, lambda: ([convert_to_tensor(run_metadata)], {}), step, metadata, "tensor")
    finally:
        trace_off()


def graph(graph_data):
    """Writes a graph (a numtf tf.Graph / FuncGraph, e.g. `concrete_function.graph`, or a
    serialized GraphDef) to the default writer as the Event's graph_def, at step 0. Returns
    True when written, False without a default writer.

        >>> tf.summary.graph(tf.function(lambda x: x * 2).get_concrete_function(1.0).graph)
        <tf.Tensor: shape=(), dtype=bool, numpy=False>
    """
    from ..graph.graph import Graph
    if ctx.graph is not None:
        raise ValueError("graph() cannot be invoked inside a graph context.")
    if isinstance(graph_data, Graph):
        data = events.encode(GRAPH_DEF, graph_def(graph_data))
    elif isinstance(graph_data, (bytes, bytearray)) or hasattr(graph_data, "SerializeToString"):
        data = bytes(graph_data) if isinstance(graph_data, (bytes, bytearray)) else graph_data.SerializeToString()
    else:
        raise ValueError("Argument 'graph_data' is not tf.Graph or tf.compat.v1.GraphDef. Received "
                         f"graph_data={graph_data} of type {type(graph_data).__name__}.")
    writer = _state.writer
    from ._writer import _record_condition
    if writer is None or _record_condition() is not True:
        return convert_to_tensor(False)
    import time
    writer._write_event({"wall_time": time.time(), "step": 0, "graph_def": data})
    return convert_to_tensor(True)
