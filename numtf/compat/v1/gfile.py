"""`tf.compat.v1.gfile`: TF1's CamelCase names for `tf.io.gfile` (re-exports only).

    >>> tf.compat.v1.gfile.Exists('data')
"""
from ...util.gfile import (GFile, GFile as Open, GFile as FastGFile, copy as Copy,  # noqa: F401
                           exists as Exists, glob as Glob, isdir as IsDirectory, listdir as ListDirectory,
                           makedirs as MakeDirs, mkdir as MkDir, remove as Remove, rename as Rename,
                           rmtree as DeleteRecursively, stat as Stat, walk as Walk)
