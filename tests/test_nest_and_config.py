"""tf.nest (structures, composites, TF's mismatch texts), tf.version and tf.config's device
lists. Expected texts are TF 2.21's, printed by the same calls (2026-11-24)."""
import collections

import pytest

import numtf as tf

P = collections.namedtuple("P", ["x", "y"])
Q = collections.namedtuple("Q", ["x", "y"])
MISMATCHES = [
    ((1, [1]),
     ValueError, 'The two structures don\'t have the same nested structure.\n\nFirst structure: type=int str=1\n\nSecond structure: type=list str=[1]\n\nMore specifically: Substructure "type=list str=[1]" is a sequence, while substructure "type=int str=1" is not\nEntire first structure:\n.\nEntire second structure:\n[.]'),
    (([1, (2, 3)], [1, (2, 3, 4)]),
     ValueError, "The two structures don't have the same nested structure.\n\nFirst structure: type=list str=[1, (2, 3)]\n\nSecond structure: type=list str=[1, (2, 3, 4)]\n\nMore specifically: The two structures don't have the same number of elements. First structure: type=tuple str=(2, 3). Second structure: type=tuple str=(2, 3, 4)\nEntire first structure:\n[., (., .)]\nEntire second structure:\n[., (., ., .)]"),
    ((P(1, 2), Q(1, 2)),
     TypeError, "The two structures don't have the same nested structure.\n\nFirst structure: type=P str=P(x=1, y=2)\n\nSecond structure: type=Q str=Q(x=1, y=2)\n\nMore specifically: The two namedtuples don't have the same sequence type. First structure type=P str=P(x=1, y=2) has type P, while second structure type=Q str=Q(x=1, y=2) has type Q\nEntire first structure:\nP(x=., y=.)\nEntire second structure:\nQ(x=., y=.)"),
    ((P(1, [2]), P(1, 2)),
     ValueError, 'The two structures don\'t have the same nested structure.\n\nFirst structure: type=P str=P(x=1, y=[2])\n\nSecond structure: type=P str=P(x=1, y=2)\n\nMore specifically: Substructure "type=list str=[2]" is a sequence, while substructure "type=int str=2" is not\nEntire first structure:\nP(x=., y=[.])\nEntire second structure:\nP(x=., y=.)'),
    (({"b": [1], "a": 2}, {"a": 2, "b": 3}),
     ValueError, 'The two structures don\'t have the same nested structure.\n\nFirst structure: type=dict str={\'b\': [1], \'a\': 2}\n\nSecond structure: type=dict str={\'a\': 2, \'b\': 3}\n\nMore specifically: Substructure "type=list str=[1]" is a sequence, while substructure "type=int str=3" is not\nEntire first structure:\n{\'b\': [.], \'a\': .}\nEntire second structure:\n{\'a\': ., \'b\': .}'),
    (((1,), (1, 2)),
     ValueError, "The two structures don't have the same nested structure.\n\nFirst structure: type=tuple str=(1,)\n\nSecond structure: type=tuple str=(1, 2)\n\nMore specifically: The two structures don't have the same number of elements. First structure: type=tuple str=(1,). Second structure: type=tuple str=(1, 2)\nEntire first structure:\n(.,)\nEntire second structure:\n(., .)"),
    (("ab", ["a"]),
     ValueError, 'The two structures don\'t have the same nested structure.\n\nFirst structure: type=str str=ab\n\nSecond structure: type=list str=[\'a\']\n\nMore specifically: Substructure "type=list str=[\'a\']" is a sequence, while substructure "type=str str=ab" is not\nEntire first structure:\n.\nEntire second structure:\n[.]'),
    (([1, [2]], [3, 4]),
     ValueError, 'The two structures don\'t have the same nested structure.\n\nFirst structure: type=list str=[1, [2]]\n\nSecond structure: type=list str=[3, 4]\n\nMore specifically: Substructure "type=list str=[2]" is a sequence, while substructure "type=int str=4" is not\nEntire first structure:\n[., [.]]\nEntire second structure:\n[., .]'),
    (([1, 2], [1, 2, 3]),
     ValueError, "The two structures don't have the same nested structure.\n\nFirst structure: type=list str=[1, 2]\n\nSecond structure: type=list str=[1, 2, 3]\n\nMore specifically: The two structures don't have the same number of elements. First structure: type=list str=[1, 2]. Second structure: type=list str=[1, 2, 3]\nEntire first structure:\n[., .]\nEntire second structure:\n[., ., .]"),
    (({"a": 1}, {"b": 1}),
     ValueError, "The two structures don't have the same nested structure.\n\nFirst structure: type=dict str={'a': 1}\n\nSecond structure: type=dict str={'b': 1}\n\nMore specifically: The two dictionaries don't have the same set of keys. First structure has keys type=list str=['a'], while second structure has keys type=list str=['b']\nEntire first structure:\n{'a': .}\nEntire second structure:\n{'b': .}"),
    (((1, 2), [1, 2]),
     TypeError, "The two structures don't have the same nested structure.\n\nFirst structure: type=tuple str=(1, 2)\n\nSecond structure: type=list str=[1, 2]\n\nMore specifically: The two namedtuples don't have the same sequence type. First structure type=tuple str=(1, 2) has type tuple, while second structure type=list str=[1, 2] has type list\nEntire first structure:\n(., .)\nEntire second structure:\n[., .]"),
    (([1], 1),
     ValueError, 'The two structures don\'t have the same nested structure.\n\nFirst structure: type=list str=[1]\n\nSecond structure: type=int str=1\n\nMore specifically: Substructure "type=list str=[1]" is a sequence, while substructure "type=int str=1" is not\nEntire first structure:\n[.]\nEntire second structure:\n.'),
    (({"a": 1, "b": 2}, {"a": 1}),
     ValueError, "The two structures don't have the same nested structure.\n\nFirst structure: type=dict str={'a': 1, 'b': 2}\n\nSecond structure: type=dict str={'a': 1}\n\nMore specifically: The two dictionaries don't have the same set of keys. First structure has keys type=list str=['a', 'b'], while second structure has keys type=list str=['a']\nEntire first structure:\n{'a': ., 'b': .}\nEntire second structure:\n{'a': .}"),
]


@pytest.mark.parametrize("index", range(len(MISMATCHES)))
def test_assert_same_structure_texts(index):
    (a, b), kind, text = MISMATCHES[index]
    with pytest.raises(kind) as info:
        tf.nest.assert_same_structure(a, b)
    assert type(info.value) is kind and str(info.value) == text


def test_structures_and_composites():
    assert tf.nest.flatten({"b": 1, "a": 2}) == [2, 1] and tf.nest.flatten("abc") == ["abc"]
    assert tf.nest.flatten(P(1, [2, 3])) == [1, 2, 3]
    assert tf.nest.map_structure(lambda x: x + 1, P(1, {"k": 2})) == P(2, {"k": 3})
    tf.nest.assert_same_structure((1, 2), [1, 2], check_types=False)
    assert tf.nest.map_structure(lambda x, y: x, (1, 2), [1, 2], check_types=False) == (1, 2)
    with pytest.raises(TypeError, match="The two namedtuples don't have the same sequence type"):
        tf.nest.map_structure(lambda x, y: x, (1, 2), [1, 2])
    with pytest.raises(ValueError) as info:
        tf.nest.pack_sequence_as([1, [2]], [1, 2, 3])
    assert str(info.value) == ("Could not pack sequence. Structure had 2 atoms, but flat_sequence had 3 items.  "
                               "Structure: [1, [2]], flat_sequence: [1, 2, 3].")
    sp = tf.SparseTensor([[0]], [1.0], [2])
    parts = tf.nest.flatten(sp, expand_composites=True)
    assert [p.numpy().tolist() for p in parts] == [[[0]], [1.0], [2]] and tf.nest.flatten(sp) == [sp]
    rt = tf.ragged.constant([[1, 2], [3]])
    assert [p.numpy().tolist() for p in tf.nest.flatten(rt, expand_composites=True)] == [[1, 2, 3], [0, 2, 3]]
    doubled = tf.nest.map_structure(lambda x: x * 2, {"s": sp}, expand_composites=True)["s"]
    assert isinstance(doubled, tf.SparseTensor) and doubled.values.numpy().tolist() == [2.0]
    packed = tf.nest.pack_sequence_as(rt, [tf.constant([4, 5, 6]), tf.constant([0, 1, 3], tf.int64)],
                                      expand_composites=True)
    assert packed.to_list() == [[4], [5, 6]]


def test_version_and_devices():
    assert tf.version.VERSION == tf.__version__ and isinstance(tf.version.GIT_VERSION, str)
    assert repr(tf.config.list_logical_devices()) == "[LogicalDevice(name='/device:CPU:0', device_type='CPU')]"
    assert tf.config.list_logical_devices("GPU") == [] and tf.config.list_physical_devices("GPU") == []
    cpu = tf.config.list_physical_devices("CPU")[0]
    assert repr(cpu) == "PhysicalDevice(name='/physical_device:CPU:0', device_type='CPU')"
    assert cpu == tf.config.PhysicalDevice("/physical_device:CPU:0", "CPU") and cpu.device_type == "CPU"
