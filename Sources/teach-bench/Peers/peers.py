"""The peers teach-bench times teach against, on the same generated network (a lesson
written by `teach generate mlp`, read here by its `name: value` lines):

  micrograd LESSON I H D O          one forward and backward pass with micrograd's Value
                                    (one Value per operation, tanh added as the micrograd
                                    lecture adds it); prints `values seconds`
  draw LESSON I H D O FRAMES        the graph drawn as micrograd's lecture draws it, a record
                                    per Value (data, grad) and a node per operation, rendered
                                    to SVG by Graphviz's dot once per frame; prints `seconds`
                                    per frame (median)
  autograd LESSON I H D O           the vector form through HIPS autograd on numpy: value and
                                    gradient of every parameter; prints `seconds` (median of 5)

Each prints `-1` where its package is not installed."""
import math
import re
import statistics
import sys
import time


def numbers(path):
    values = {}
    for line in open(path, encoding="utf-8"):
        match = re.fullmatch(r"  (\w+): (-?[\d.]+)\n?", line)
        if match:
            values[match.group(1)] = float(match.group(2))
    return values


def micrograd_network(path, inputs, hidden, layers, outputs):
    """The loss as micrograd Values, and every Value of the graph."""
    from micrograd.engine import Value

    def tanh(v):
        t = math.tanh(v.data)
        out = Value(t, (v,), "tanh")

        def backward():
            v.grad += (1 - t * t) * out.grad
        out._backward = backward
        return out

    n = numbers(path)
    widths = [inputs] + [hidden] * layers + [outputs]
    h = [Value(n[f"x{i}"]) for i in range(1, inputs + 1)]
    for l in range(1, len(widths)):
        a = []
        for j in range(1, widths[l] + 1):
            total = Value(n[f"b{l}_{j}"])
            for i in range(1, widths[l - 1] + 1):
                total = total + Value(n[f"w{l}_{j}_{i}"]) * h[i - 1]
            a.append(total)
        h = a if l == len(widths) - 1 else [tanh(v) for v in a]
    loss = sum(((y - n[f"t{k}"]) ** 2 for k, y in enumerate(h, 1)), Value(0)) * 0.5
    return loss


def every_value(root):
    seen, order, stack = set(), [], [root]
    while stack:
        v = stack.pop()
        if id(v) in seen:
            continue
        seen.add(id(v))
        order.append(v)
        stack.extend(v._prev)
    return order


def micrograd(path, *shape):
    try:
        import micrograd  # noqa: F401
    except ImportError:
        return print(-1, -1)
    sys.setrecursionlimit(1_000_000)
    started = time.perf_counter()
    loss = micrograd_network(path, *shape)
    loss.backward()
    elapsed = time.perf_counter() - started
    print(len(every_value(loss)), elapsed)


def draw(path, *shape_and_frames):
    try:
        import graphviz
        import micrograd  # noqa: F401
    except ImportError:
        return print(-1)
    *shape, frames = shape_and_frames
    sys.setrecursionlimit(1_000_000)
    loss = micrograd_network(path, *shape)
    loss.backward()
    values = every_value(loss)
    times = []
    for _ in range(frames):
        started = time.perf_counter()
        picture = graphviz.Digraph(format="svg", graph_attr={"rankdir": "LR"})
        for v in values:
            picture.node(str(id(v)), label="{ data %.4f | grad %.4f }" % (v.data, v.grad), shape="record")
            if v._op:
                picture.node(str(id(v)) + v._op, label=v._op)
                picture.edge(str(id(v)) + v._op, str(id(v)))
            for child in v._prev:
                picture.edge(str(id(child)), str(id(v)) + v._op)
        picture.pipe()
        times.append(time.perf_counter() - started)
    print(statistics.median(times))


def autograd(path, inputs, hidden, layers, outputs):
    try:
        import autograd.numpy as np
        from autograd import value_and_grad
    except ImportError:
        return print(-1)
    n = numbers(path)
    widths = [inputs] + [hidden] * layers + [outputs]
    x = np.array([n[f"x{i}"] for i in range(1, inputs + 1)])
    t = np.array([n[f"t{k}"] for k in range(1, outputs + 1)])
    parameters = []
    for l in range(1, len(widths)):
        parameters.append(np.array([[n[f"w{l}_{j}_{i}"] for i in range(1, widths[l - 1] + 1)] for j in range(1, widths[l] + 1)]))
        parameters.append(np.array([n[f"b{l}_{j}"] for j in range(1, widths[l] + 1)]))

    def loss(parameters):
        h = x
        for l in range(0, len(parameters), 2):
            a = parameters[l] @ h + parameters[l + 1]
            h = a if l == len(parameters) - 2 else np.tanh(a)
        return 0.5 * np.sum((h - t) ** 2)

    gradient = value_and_grad(loss)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        gradient(parameters)
        times.append(time.perf_counter() - started)
    print(statistics.median(times))


if __name__ == "__main__":
    command, path, *rest = sys.argv[1:]
    {"micrograd": micrograd, "draw": draw, "autograd": autograd}[command](path, *map(int, rest))
