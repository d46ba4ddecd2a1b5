"""The programs of *A Concise Handbook of TensorFlow 2*, runnable on numtf.

Run one with `python -m numtf.examples.<name>`:

- `basics`: tensors, `tf.GradientTape`, and linear regression by NumPy and by TensorFlow
  (the handbook's "TensorFlow basics" chapter).

Each program is the handbook's code with `import numtf as tf`; under
`python -m numtf PROGRAM.py` the same code runs unchanged with `import tensorflow as tf`.
"""
