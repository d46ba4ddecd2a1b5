"""`tf.train.Example` and its parts: TensorFlow's example.proto and feature.proto messages
(numtf/util/protobuf.py gives them the protobuf Python API).

An Example maps feature names to lists of bytes, floats or int64s; a SequenceExample adds
`feature_lists`, lists of such lists. Serialized, they are the records of a TFRecord file.

    >>> ex = tf.train.Example(features=tf.train.Features(feature={
    ...     'label': tf.train.Feature(int64_list=tf.train.Int64List(value=[7]))}))
    >>> ex.features.feature['label'].int64_list.value[0]
    7
    >>> ex.SerializeToString()
    b'\\n\\x10\\n\\x0e\\n\\x05label\\x12\\x05\\x1a\\x03\\n\\x01\\x07'
"""
from ..util.protobuf import DecodeError, Field, Message

__all__ = ["BytesList", "FloatList", "Int64List", "Feature", "Features", "FeatureList", "FeatureLists", "Example",
           "SequenceExample", "DecodeError"]


class BytesList(Message):
    """A list of byte strings: `tf.train.BytesList(value=[b'a', b'b'])`."""
    _FULL_NAME = "tensorflow.BytesList"
    _FIELDS = (Field("value", 1, "bytes", "repeated"),)


class FloatList(Message):
    """A list of float32 values: `tf.train.FloatList(value=[0.5, 1.0])`."""
    _FULL_NAME = "tensorflow.FloatList"
    _FIELDS = (Field("value", 1, "float", "repeated"),)


class Int64List(Message):
    """A list of int64 values: `tf.train.Int64List(value=[1, 2])`."""
    _FULL_NAME = "tensorflow.Int64List"
    _FIELDS = (Field("value", 1, "int64", "repeated"),)


class Feature(Message):
    """One of a BytesList, FloatList or Int64List (the oneof `kind`).

        >>> tf.train.Feature(float_list=tf.train.FloatList(value=[1.5])).WhichOneof('kind')
        'float_list'
    """
    _FULL_NAME = "tensorflow.Feature"
    _FIELDS = (Field("bytes_list", 1, BytesList, oneof="kind"), Field("float_list", 2, FloatList, oneof="kind"),
               Field("int64_list", 3, Int64List, oneof="kind"))


class Features(Message):
    """A map from feature name to Feature: `tf.train.Features(feature={'x': feature})`."""
    _FULL_NAME = "tensorflow.Features"
    _FIELDS = (Field("feature", 1, Feature, "map"),)


class FeatureList(Message):
    """A list of Features (one per step of a sequence): `tf.train.FeatureList(feature=[f1, f2])`."""
    _FULL_NAME = "tensorflow.FeatureList"
    _FIELDS = (Field("feature", 1, Feature, "repeated"),)


class FeatureLists(Message):
    """A map from name to FeatureList: `tf.train.FeatureLists(feature_list={'frames': fl})`."""
    _FULL_NAME = "tensorflow.FeatureLists"
    _FIELDS = (Field("feature_list", 1, FeatureList, "map"),)


class Example(Message):
    """One record of named features.

        >>> ex = tf.train.Example(features=tf.train.Features(feature={'x': feature}))   # doctest: +SKIP
        >>> tf.train.Example.FromString(ex.SerializeToString()) == ex                    # doctest: +SKIP
        True
    """
    _FULL_NAME = "tensorflow.Example"
    _FIELDS = (Field("features", 1, Features),)


class SequenceExample(Message):
    """Context features plus per-step feature lists.

        >>> tf.train.SequenceExample(context=ctx_features, feature_lists=lists)   # doctest: +SKIP
    """
    _FULL_NAME = "tensorflow.SequenceExample"
    _FIELDS = (Field("context", 1, Features), Field("feature_lists", 2, FeatureLists))
