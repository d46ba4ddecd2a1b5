"""`tf.keras.utils.get_source_inputs`: the `Input` tensors a Keras tensor was computed from.

    >>> x = tf.keras.Input((3,)); y = tf.keras.layers.Dense(2)(x)
    >>> tf.keras.utils.get_source_inputs(y) == [x]
    True
"""
__all__ = ["get_source_inputs"]


def get_source_inputs(tensor, layer=None, node_index=None):
    """The list of input tensors (outputs of `InputLayer`s) at the root of `tensor`'s graph, in
    first-seen order, each once."""
    if not hasattr(tensor, "_keras_history") or tensor._keras_history is None:
        return tensor
    if layer is None or node_index is None:
        layer, node_index, _ = tensor._keras_history
    if not layer._inbound_nodes or type(layer).__name__ == "InputLayer":
        return [tensor]
    node = layer._inbound_nodes[node_index]
    if not node.inbound:
        return [tensor]
    sources = []
    for t in node.inbound:
        for s in get_source_inputs(t):
            if all(s is not seen for seen in sources):
                sources.append(s)
    return sources
