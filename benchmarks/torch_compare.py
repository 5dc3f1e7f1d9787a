#!/usr/bin/env python3
"""torch.optim step throughput on CPU, single thread, in the shape of bench_first_order's output.

usage: torch_compare.py [--sizes 1000 100000 10000000] [--min-time 0.3] > torch.json
Prints JSON: a list of {"name", "n", "ns_per_element"} for SGD, SGD_momentum, RMSprop, Adam and
AdamW in float32 and float64, with foreach off (the default on CPU in torch 1.13) and on.
Run with Debian's /usr/bin/python3 (python3-torch).
"""
import argparse
import json
import time

import torch


def measure(make, n, dtype, min_time):
    param = torch.linspace(-1, 1, n, dtype=dtype).requires_grad_(True)
    param.grad = torch.linspace(0.5, -0.25, n, dtype=dtype)
    opt = make([param])
    opt.step()  # create the state
    reps = 1
    while True:
        start = time.perf_counter()
        for _ in range(reps):
            opt.step()
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            break
        reps *= 2
    times = [elapsed]
    for _ in range(2):  # three repetitions in all; the median, as for saddle's side
        start = time.perf_counter()
        for _ in range(reps):
            opt.step()
        times.append(time.perf_counter() - start)
    return sorted(times)[1] / reps / n * 1e9


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100000, 10000000])
    parser.add_argument("--min-time", type=float, default=0.3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    optimizers = {
        "SGD": lambda p, f: torch.optim.SGD(p, lr=1e-3, foreach=f),
        "SGD_momentum": lambda p, f: torch.optim.SGD(p, lr=1e-3, momentum=0.9, foreach=f),
        "RMSprop": lambda p, f: torch.optim.RMSprop(p, foreach=f),
        "Adam": lambda p, f: torch.optim.Adam(p, foreach=f),
        "AdamW": lambda p, f: torch.optim.AdamW(p, foreach=f),
    }
    rows = []
    for dtype, type_name in ((torch.float32, "float"), (torch.float64, "double")):
        for name, make in optimizers.items():
            for foreach in (False, True):
                for n in args.sizes:
                    ns = measure(lambda p: make(p, foreach), n, dtype, args.min_time)
                    rows.append({"name": "torch_%s/%s/%s" % (name, "foreach" if foreach else "single", type_name),
                                 "n": n, "ns_per_element": ns})
    print(json.dumps({"torch_version": torch.__version__, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
