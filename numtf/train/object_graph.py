"""The object graph TensorFlow stores in a checkpoint (the TrackableObjectGraph proto, saved as the
scalar string tensor `_CHECKPOINTABLE_OBJECT_GRAPH`), built from numtf's objects and read back.

Node 0 is the root; every node lists its children (node id and local name, also those reached
first by another path, e.g. an optimizer's `_variables/0` is its `_iterations`), its attributes
(a variable's `VARIABLE_VALUE`: `full_name` is the variable's name, `checkpoint_key` its key in
the checkpoint), the slot variables an optimizer holds for it (TF1-style optimizers), and
`has_checkpoint_values`. Nodes are numbered breadth first from the root, children in
numtf/train/checkpoint.py's order, so a variable's key is the first path that reaches it, as
`checkpoint.walk` keys it. TensorFlow restores by this graph, matching local names to its
objects' dependencies, so the keys themselves need not match TensorFlow's own.

    >>> graph = parse(build({'v/.ATTRIBUTES/VARIABLE_VALUE': np.zeros(2)}))
    >>> graph.nodes[0].children[0].local_name
    'v'
"""
from collections import deque

from ..util.events import decode, encode

__all__ = ["OBJECT_GRAPH_KEY", "build", "parse", "numtf_keys"]

OBJECT_GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH"
ATTRIBUTES = "/.ATTRIBUTES/"

# trackable_object_graph.proto, in events.py's schema format.
_CHILD = {"node_id": (1, "int32", False), "local_name": (2, "string", False)}
_TENSOR = {"name": (1, "string", False), "full_name": (2, "string", False), "checkpoint_key": (3, "string", False),
           "optional_restore": (4, "bool", False)}
_SLOT = {"original_variable_node_id": (1, "int32", False), "slot_name": (2, "string", False),
         "slot_variable_node_id": (3, "int32", False)}
_SAVER = {"name": (1, "string", False), "object_name": (2, "string", False)}
_BOOL_VALUE = {"value": (1, "bool", False)}
_NODE = {"children": (1, _CHILD, True), "attributes": (2, _TENSOR, True), "slot_variables": (3, _SLOT, True),
         "registered_saver": (4, _SAVER, False), "has_checkpoint_values": (5, _BOOL_VALUE, False)}
GRAPH = {"nodes": (1, _NODE, True)}


class _Graph:
    """Nodes being numbered: children lists, attributes and the first path of each node."""

    def __init__(self):
        self.children = [[]]
        self.attributes = [[]]
        self.paths = {"": 0}

    def add(self, parent, name, path):
        node = len(self.children)
        self.children.append([])
        self.attributes.append([])
        self.children[parent].append({"node_id": node, "local_name": name})
        self.paths[path] = node
        return node

    def serialize(self):
        parents = [[] for _ in self.children]
        for node, kids in enumerate(self.children):
            for child in kids:
                parents[child["node_id"]].append(node)
        # a node has values when any node it reaches has an attribute (cycles are fine)
        has = [bool(a) for a in self.attributes]
        queue = deque(i for i, h in enumerate(has) if h)
        while queue:
            for p in parents[queue.popleft()]:
                if not has[p]:
                    has[p] = True
                    queue.append(p)
        nodes = [{"children": kids, "attributes": attrs, "has_checkpoint_values": {"value": True} if h else {}}
                 for kids, attrs, h in zip(self.children, self.attributes, has)]
        return encode(GRAPH, {"nodes": nodes})


def _walk_objects(graph, root, arrays, value_suffix):
    """Numbers the objects reachable from `root` breadth first, as checkpoint.walk visits them."""
    from . import checkpoint  # (checkpoint imports checkpoint_io, which imports this module)
    from ..framework.variables import Variable
    ids = {id(root): 0}
    queue = deque([(root, 0, "")])
    while queue:
        obj, node, path = queue.popleft()
        for name, child in checkpoint.children(obj, aliases=True):
            child_path = f"{path}/{name}" if path else name
            known = ids.get(id(child))
            if known is not None:
                graph.children[node].append({"node_id": known, "local_name": name})
                continue
            ids[id(child)] = new = graph.add(node, name, child_path)
            if isinstance(child, Variable):
                key = child_path + value_suffix
                if key in arrays:
                    full_name = child.name[:-2] if child.name.endswith(":0") else child.name
                    graph.attributes[new].append({"name": value_suffix[len(ATTRIBUTES):], "full_name": full_name,
                                                  "checkpoint_key": key})
            else:
                queue.append((child, new, child_path))


def build(arrays, root=None, value_suffix="/.ATTRIBUTES/VARIABLE_VALUE"):
    """The serialized TrackableObjectGraph of a checkpoint of `arrays` ({key: value}). With `root`,
    nodes are its objects as numtf/train/checkpoint.py walks them (with the variables' names);
    keys no object gave (values restored but still waiting for their layer to be built, or a
    caller without objects) get nodes from their paths."""
    graph = _Graph()
    if root is not None:
        _walk_objects(graph, root, arrays, value_suffix)
    covered = {a["checkpoint_key"] for attrs in graph.attributes for a in attrs}
    for key in arrays:
        if key in covered or key == OBJECT_GRAPH_KEY or ATTRIBUTES not in key:
            continue
        object_path, attribute = key.split(ATTRIBUTES, 1)
        node, path = 0, ""
        for part in object_path.split("/") if object_path else ():
            path = f"{path}/{part}" if path else part
            known = graph.paths.get(path)
            node = known if known is not None else graph.add(node, part, path)
        graph.attributes[node].append({"name": attribute, "full_name": "", "checkpoint_key": key})
    return graph.serialize()


def parse(data):
    """The TrackableObjectGraph in `data` (bytes) as a decoded message (ValueError if malformed).

        >>> parse(reader.get_tensor('_CHECKPOINTABLE_OBJECT_GRAPH')).nodes[0].children
    """
    graph = decode(GRAPH, bytes(data))
    count = len(graph.nodes)
    for node in graph.nodes:
        if any(not 0 <= c.node_id < count for c in node.children):
            raise ValueError("a child's node_id is out of range")
    return graph


def numtf_keys(graph):
    """{checkpoint key: the key numtf's checkpoint.walk gives that value}: the first path to each
    attribute, breadth first. A Keras model's layers are reached both as 'layer_with_weights-N'
    and 'layer-M' in TensorFlow's graphs and as 'layer-M' in numtf's, so those aliases go last."""
    if not graph.nodes:
        return {}
    paths = {0: ""}
    queue = deque([0])
    while queue:
        node = queue.popleft()
        kids = sorted(graph.nodes[node].children, key=lambda c: c.local_name.startswith("layer_with_weights-"))
        for child in kids:
            if child.node_id not in paths:
                base = paths[node]
                paths[child.node_id] = f"{base}/{child.local_name}" if base else child.local_name
                queue.append(child.node_id)
    out = {}
    for node, path in paths.items():
        for attr in graph.nodes[node].attributes:
            out.setdefault(attr.checkpoint_key, path + ATTRIBUTES + attr.name if path else ".ATTRIBUTES/" + attr.name)
    return out
