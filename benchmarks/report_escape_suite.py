#!/usr/bin/env python3
"""The escape suite's summary: reads the results.json that saddle-bench wrote for each part of
benchmarks/escape_suite.json (run by benchmarks/run_escape.sh) and prints the facts, one line each,
with the markdown tables behind them.

  report_escape_suite.py OUT      (OUT/<part>/results.json for every part)
"""
import json
import math
import os
import sys
from collections import OrderedDict, defaultdict

STAY = ["gd", "adam", "lbfgs", "newton_cg"]  # the methods that watch only the gradient


def load(out, part):
    with open(os.path.join(out, part, "results.json")) as f:
        return json.load(f)


def options(spec):
    """'pgd:lr=0.05,radius=0.01' -> ('pgd', {'lr': '0.05', 'radius': '0.01'}) (no nested specs here)."""
    name, _, rest = spec.partition(":")
    return name, dict(item.split("=", 1) for item in rest.split(",") if item)


def base_name(spec):
    return spec.split(":")[0].split("(")[0]


def quantile(values, q):
    v = sorted(values)
    h = (len(v) - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (h - lo) * (v[hi] - v[lo])


def fit(t, y):
    n = len(t)
    tm, ym = sum(t) / n, sum(y) / n
    b = sum((a - tm) * (c - ym) for a, c in zip(t, y)) / sum((a - tm) ** 2 for a in t)
    a = ym - b * tm
    rms = math.sqrt(sum((c - a - b * x) ** 2 for x, c in zip(t, y)) / n)
    return a, b, rms


def ordered(items):
    return list(OrderedDict.fromkeys(items))


def exact_saddles(doc, facts):
    runs = doc["runs"]
    methods = ordered(r["method"] for r in runs)
    landscapes = ordered(r["landscape"] for r in runs)
    print("### From exact saddles\n")
    print(f"Every labelled saddle of {', '.join(landscapes)}; {doc['config']['seeds']} seeds each; "
          f"budget {doc['config']['max_iterations']} iterations. *Escaped*: f fell halfway from the saddle's "
          "value to f*.\n")
    print("| method | " + " | ".join(landscapes) + " | all |")
    print("|---|" + "---|" * (len(landscapes) + 1))
    stayed, left, partial = [], [], []
    for m in methods:
        cells = []
        total = [0, 0]
        for ls in landscapes:
            sel = [r for r in runs if r["method"] == m and r["landscape"] == ls]
            k = sum(r["escape"]["escaped"] for r in sel)
            cells.append(f"{k}/{len(sel)}")
            total[0] += k
            total[1] += len(sel)
        print(f"| {m} | " + " | ".join(cells) + f" | **{total[0]}/{total[1]}** |")
        (stayed if total[0] == 0 else left if total[0] == total[1] else partial).append(m)
    print()
    n = len([r for r in runs if r["method"] == methods[0]])
    facts.append(f"From exact saddles ({n} runs per method over {len(landscapes)} landscapes): "
                 f"{', '.join(stayed) or 'none'} stay in every run; {', '.join(left) or 'none'} escape in every run"
                 + (f"; {', '.join(partial)} in some" if partial else "") + ".")
    deterministic = [m for m in methods if base_name(m) in STAY]
    if any(m not in stayed for m in deterministic):
        facts.append("NOTE: a method that watches only the gradient left an exact saddle: check the table.")


def pgd_scaling(doc, facts):
    runs = doc["runs"]
    print("### PGD's escape time against the dimension\n")
    landscape = runs[0]["landscape"]
    _, lopts = options(landscape)
    gamma = float(lopts.get("gamma", 1.0))
    print(f"`{landscape}` from its saddle (the origin), {doc['config']['seeds']} seeds per row; *iterations*: "
          "PGD's steps until f fell halfway from f(saddle) = 0 to f*.\n")
    print("| method | d | escaped | iterations: median | quartiles | f+g evaluations (median) |")
    print("|---|---|---|---|---|---|")
    fits = []
    for m in ordered(r["method"] for r in runs):
        dims = sorted({r["dimension"] for r in runs if r["method"] == m})
        med = []
        for d in dims:
            sel = [r for r in runs if r["method"] == m and r["dimension"] == d]
            its = [r["escape"]["iteration"] for r in sel if r["escape"]["escaped"]]
            evals = [r["escape"]["function_evaluations"] for r in sel if r["escape"]["escaped"]]
            if not its:
                print(f"| {m} | {d} | 0/{len(sel)} | - | - | - |")
                continue
            med.append((d, quantile(its, 0.5)))
            print(f"| {m} | {d} | {len(its)}/{len(sel)} | {quantile(its, 0.5):.0f} | "
                  f"{quantile(its, 0.25):.0f}-{quantile(its, 0.75):.0f} | {quantile(evals, 0.5):.0f} |")
        if len(med) < 2:
            continue
        name, o = options(m)
        # The closed form: a uniform point of the ball of radius r has a component ~ r |N(0,1)| / sqrt(d)
        # along the escape direction, which each step multiplies by 1 + eta gamma: escaping takes
        # (ln(1/r) + ln(d) / 2) / ln(1 + eta gamma) + const steps. theory() makes eta and r depend on
        # (ell, rho, epsilon, delta, delta_f, d) as Jin et al. 2017 set them.
        if o.get("preset") == "theory":
            ell, eps, delta, delta_f = (float(o[k]) for k in ("ell", "epsilon", "delta", "delta_f"))
            c = float(o.get("c", 1.0))
            eta = c / ell

            def radius(d):
                chi = 3 * max(math.log(d * ell * delta_f / (c * eps * eps * delta)), 4)
                return math.sqrt(c) / chi ** 2 * eps / ell
        else:
            eta = float(o.get("lr", 0.01))
            r0 = float(o.get("radius", 0.01))

            def radius(d):
                return r0
        predicted = [(math.log(1 / radius(d)) + 0.5 * math.log(d)) / math.log(1 + eta * gamma) for d, _ in med]
        t = [math.log(d) for d, _ in med]
        a, b, rms = fit(t, [y for _, y in med])
        _, b2, rms2 = fit([x * x for x in t], [y for _, y in med])
        _, closed, _ = fit(t, predicted)
        fits.append((m, a, b, rms, b2, rms2, closed))
    print()
    print("| method | fit against ln d | RMS residual | slope against ln² d | RMS residual | closed-form slope |")
    print("|---|---|---|---|---|---|")
    for m, a, b, rms, b2, rms2, closed in fits:
        print(f"| {m} | {a:.1f} + **{b:.2f} ln d** | {rms:.2f} | {b2:.3f} | {rms2:.2f} | {closed:.2f} |")
        facts.append(f"PGD ({m}) from the saddle, d = 10^2 ... 10^5: median escape iterations = {a:.1f} + {b:.2f} ln d "
                     f"(RMS residual {rms:.2f}; against ln^2 d {rms2:.2f}); the closed form's slope is {closed:.2f}.")
    print()


def near_saddle_cost(doc, facts):
    runs = doc["runs"]
    print("### From near a saddle to a minimum: the cost side by side\n")
    print(f"Starts {', '.join(ordered(r['start'] for r in runs))} from every labelled saddle; "
          f"{doc['config']['seeds']} seeds. *Solved*: f - f* <= {doc['config']['solve_tolerance']:g} "
          "max(1, f(x0) - f*); costs are medians over the solved runs (f / g / Hv evaluations to the first "
          "solved iterate).\n")
    groups = ordered((r["landscape"], r["start"]) for r in runs)
    print("| method | " + " | ".join(f"{ls}, {st}" for ls, st in groups) + " |")
    print("|---|" + "---|" * len(groups))
    cheapest = {}
    for m in ordered(r["method"] for r in runs):
        cells = []
        for g in groups:
            sel = [r for r in runs if r["method"] == m and (r["landscape"], r["start"]) == g]
            ok = [r for r in sel if r["solve"]["solved"]]
            if not ok:
                cells.append(f"0/{len(sel)}")
                continue
            f = quantile([r["solve"]["function_evaluations"] for r in ok], 0.5)
            gr = quantile([r["solve"]["gradient_evaluations"] for r in ok], 0.5)
            hv = quantile([r["solve"]["hvp_evaluations"] for r in ok], 0.5)
            cells.append(f"{len(ok)}/{len(sel)}: {f:.0f} / {gr:.0f} / {hv:.0f}")
            if len(ok) == len(sel):
                cost = gr + hv
                if g not in cheapest or cost < cheapest[g][1]:
                    cheapest[g] = (m, cost)
        print(f"| {m} | " + " | ".join(cells) + " |")
    print()
    for g, (m, cost) in cheapest.items():
        facts.append(f"Cheapest to a minimum from near a saddle of {g[0]} ({g[1]}), every run solved: {m}, "
                     f"median {cost:.0f} gradient + Hessian-vector evaluations.")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    facts = []
    parts = {"exact_saddles": exact_saddles, "pgd_scaling": pgd_scaling, "near_saddle_cost": near_saddle_cost}
    env = None
    for part, report in parts.items():
        if os.path.exists(os.path.join(out, part, "results.json")):
            doc = load(out, part)
            env = env or doc["environment"]
            report(doc, facts)
    if env:
        print(f"Machine: {env['cpu']} ({env['system']}, {env['hardware_threads']} threads), {env['compiler']}, "
              f"saddle {env['saddle_version']}, {env['date']}.\n")
    print("### The facts\n")
    for fact in facts:
        print(f"- {fact}")
    print()


if __name__ == "__main__":
    main()
