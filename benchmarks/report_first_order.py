#!/usr/bin/env python3
"""Turns bench_first_order's JSON and torch_compare.py's JSON into the markdown table of
docs/benchmarks.md: ns per element, the ratio to the memory-bandwidth limit measured in the same
binary, and torch's best time over saddle's.

usage: report_first_order.py saddle.json torch.json
"""
import json
import sys

# Which bandwidth limit each stepper is compared with (arrays read / written, in place).
LIMIT_OF = {
    "SGD": "limit_2r1w",
    "SGD_momentum": "limit_3r2w",
    "RMSprop": "limit_3r2w",
    "Adam": "limit_4r3w",
    "AdamW": "limit_4r3w",
}


def load_saddle(path):
    data = json.load(open(path))
    out = {}
    aggregated = any(b.get("run_type") == "aggregate" for b in data["benchmarks"])
    for b in data["benchmarks"]:
        # With repetitions, use the median of each benchmark; otherwise its single run.
        if aggregated and b.get("aggregate_name") != "median":
            continue
        # e.g. Adam/check/float/10000000/min_time:0.300 or limit_4r3w/float/1000/min_time:0.300
        parts = [p for p in b["run_name"].split("/") if not p.startswith("min_time")]
        n = int(parts[-1])
        out[("/".join(parts[:-1]), n)] = 1e9 / b["items_per_second"]
    return data.get("context", {}), out


def main(saddle_path, torch_path):
    context, saddle = load_saddle(saddle_path)
    torch_data = json.load(open(torch_path))
    torch = {(r["name"], r["n"]): r["ns_per_element"] for r in torch_data["rows"]}
    sizes = sorted({n for (_, n) in saddle})
    print("| stepper | type | n | limit ns/elem | saddle ns/elem (check on) | ratio | saddle ns/elem (check off) | ratio | torch single | torch foreach | torch best / saddle (check on) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for type_name in ("float", "double"):
        for stepper, limit_name in LIMIT_OF.items():
            for n in sizes:
                limit = saddle[(f"{limit_name}/{type_name}", n)]
                on = saddle[(f"{stepper}/check/{type_name}", n)]
                off = saddle[(f"{stepper}/nocheck/{type_name}", n)]
                single = torch.get((f"torch_{stepper}/single/{type_name}", n), float("nan"))
                foreach = torch.get((f"torch_{stepper}/foreach/{type_name}", n), float("nan"))
                best = min(single, foreach)
                print(f"| {stepper} | {type_name} | {n:.0e} | {limit:.3f} | {on:.3f} | {on / limit:.2f} | "
                      f"{off:.3f} | {off / limit:.2f} | {single:.2f} | {foreach:.2f} | {best / on:.1f}x |")
    print()
    print(f"torch {torch_data.get('torch_version')}; machine: {context.get('num_cpus')} CPUs at "
          f"{context.get('mhz_per_cpu')} MHz, caches {[c.get('size') for c in context.get('caches', [])]}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
