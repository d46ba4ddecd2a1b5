"""The Keras tensors and shapes of a layer's calls in functional models: `layer.input`,
`layer.output`, `layer.input_shape`, `layer.output_shape` (a mixin of Layer).

    >>> x = tf.keras.Input(shape=(3,))
    >>> dense = tf.keras.layers.Dense(2)
    >>> y = dense(x)
    >>> dense.output_shape
    (None, 2)
"""


class NodeIO:
    """What a layer's calls on Keras tensors (its `_inbound_nodes`) consumed and produced."""

    def _first_node(self, what):
        nodes = self._inbound_nodes
        if not nodes:
            raise AttributeError(f"Layer {self.name} is not connected, no input to return." if what == "input"
                                 else f"Layer {self.name} has no inbound nodes.")
        return nodes[0]

    @property
    def input(self):
        """The Keras tensor(s) this layer was first called on in a functional model."""
        inbound = self._first_node("input").inbound
        return inbound[0] if len(inbound) == 1 else list(inbound)

    @property
    def output(self):
        """The Keras tensor(s) of this layer's first call in a functional model, e.g. for
        `tf.keras.Model(model.input, model.get_layer("block_13_expand_relu").output)`."""
        outputs = self._first_node("output").outputs
        return outputs[0] if len(outputs) == 1 else list(outputs)

    def _node_shapes(self, what):
        if not self._inbound_nodes:
            raise AttributeError(f'The layer "{self.name}" has never been called and thus has no defined {what} '
                                 f"shape.")
        shapes = set()
        for node in self._inbound_nodes:
            tensors = node.inbound if what == "input" else node.outputs
            found = [tuple(t.shape.as_list()) for t in tensors]
            shapes.add(found[0] if len(found) == 1 else tuple(found))
        if len(shapes) > 1:
            raise AttributeError(f'The layer "{self.name}" has multiple inbound nodes, with different {what} '
                                 f'shapes. Hence the notion of "{what} shape" is ill-defined for the layer. Use '
                                 f"`get_{what}_shape_at(node_index)` instead.")
        found = shapes.pop()
        return list(found) if found and isinstance(found[0], tuple) else found

    @property
    def input_shape(self):
        return self._node_shapes("input")

    @property
    def output_shape(self):
        return self._node_shapes("output")
