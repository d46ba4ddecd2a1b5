"""The handbook's workloads in idiomatic PyTorch, a worker of benchmarks/handbook.py:

    ~/torchref/bin/python benchmarks/_handbook_torch.py --workloads linear,mlp,cnn \
        [--data mnistlike|uniform] [--steps N] [--seconds S]

prints one JSON line {"version": ..., "results": {workload: {"eager": timing}}}. Same
architectures, optimizers and batches as the numtf/TensorFlow code (initial weights aside: PyTorch's
default schemes); the loss is computed PyTorch's way, log_softmax + nll_loss on the logits (the
handbook applies softmax, then cross-entropy on the probabilities), and the step reads the loss
with `.item()`. Images come in NCHW (channel 1: the same memory as the NHWC batches).
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from handbook import SEED, batches, measure  # noqa: E402

torch.set_num_threads(2)


class Linear(nn.Module):
    def __init__(self):
        super().__init__()
        self.dense = nn.Linear(3, 1)
        nn.init.zeros_(self.dense.weight)
        nn.init.zeros_(self.dense.bias)

    def forward(self, x):
        return self.dense(x)


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.dense1 = nn.Linear(784, 100)
        self.dense2 = nn.Linear(100, 10)

    def forward(self, x):               # [batch_size, 1, 28, 28]
        x = torch.flatten(x, 1)         # [batch_size, 784]
        x = F.relu(self.dense1(x))      # [batch_size, 100]
        return self.dense2(x)           # [batch_size, 10] logits


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, kernel_size=5, padding=2)    # 'same'
        self.conv2 = nn.Conv2d(32, 64, kernel_size=5, padding=2)
        self.dense1 = nn.Linear(7 * 7 * 64, 1024)
        self.dense2 = nn.Linear(1024, 10)

    def forward(self, x):                               # [batch_size, 1, 28, 28]
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)      # [batch_size, 32, 14, 14]
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)      # [batch_size, 64, 7, 7]
        x = torch.flatten(x, 1)                         # [batch_size, 7 * 7 * 64]
        x = F.relu(self.dense1(x))                      # [batch_size, 1024]
        return self.dense2(x)                           # [batch_size, 10] logits


def linear_setup():
    X = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    y = torch.tensor([[10.0], [20.0]])
    model = Linear()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

    def train_step(X, y):
        optimizer.zero_grad()
        loss = torch.mean(torch.square(model(X) - y))
        loss.backward()
        optimizer.step()
        return loss.item()

    return train_step, lambda: (X, y)


def mnist_setup(model_class, data):
    model = model_class()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    next_numpy = batches((1, 28, 28), data)

    def next_batch():
        # a data loader's tensors: float32 images, int64 class indices
        X, y = next_numpy()
        return torch.from_numpy(X), torch.from_numpy(y.astype(np.int64))

    def train_step(X, y):
        optimizer.zero_grad()
        loss = F.nll_loss(F.log_softmax(model(X), dim=1), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    return train_step, next_batch


WORKLOADS = {
    "linear": lambda data: linear_setup(),
    "mlp": lambda data: mnist_setup(MLP, data),
    "cnn": lambda data: mnist_setup(CNN, data),
}


def run(workloads, data="mnistlike", steps=None, seconds=3.0):
    results = {}
    for name in workloads:
        torch.manual_seed(SEED)
        train_step, next_batch = WORKLOADS[name](data)
        results[name] = {"eager": measure(train_step, next_batch, steps, seconds)}
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--steps", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--data", default="mnistlike")
    args = parser.parse_args()
    results = run(args.workloads.split(","), args.data, args.steps, args.seconds)
    print(json.dumps({"version": torch.__version__, "results": results}))


if __name__ == "__main__":
    main()
