#!/usr/bin/env python3
"""Merges bench_curvature's CSV and scipy_compare.py's CSV into the markdown table of
docs/benchmarks.md: per problem and solver, whether it solved the problem, iterations,
function+gradient evaluations, Hessian-vector products, wall time and time per evaluation.

usage: report_curvature.py saddle_curvature.csv scipy_curvature.csv

"solved": f within 1e-8 relative of the known minimum f*, or |f| <= 1e-8 when f* = 0, at the
point the solver returned (whatever its status). Both files must agree on f(x0) and |g(x0)|.
"""
import csv
import sys

SOLVER_ORDER = ["saddle LBFGS", "saddle NewtonCG", "saddle TrustRegionNewtonCG", "LBFGSpp (backtracking, Armijo)",
                "LBFGSpp (Nocedal-Wright, strong Wolfe)"]


def load(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def solved(row):
    f, f_star = float(row["f"]), float(row["f_star"])
    if f_star == 0.0:
        return abs(f) <= 1e-8
    return abs(f - f_star) <= 1e-8 * abs(f_star)


def solver_rank(name):
    return SOLVER_ORDER.index(name) if name in SOLVER_ORDER else len(SOLVER_ORDER)


def time_text(seconds):
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds * 1e6:.3g} µs"


def main(saddle_path, scipy_path):
    cpp = load(saddle_path)
    py = load(scipy_path)
    # The two sides must have solved the same problems: f(x0) and |g(x0)| agree to 1e-12.
    start = {}
    for row in cpp:
        start[(row["problem"], row["n"])] = (float(row["f0"]), float(row["g0_norm"]))
    for row in py:
        key = (row["problem"], row["n"])
        if key not in start:
            continue
        f0, g0 = float(row["f0"]), float(row["g0_norm"])
        cf0, cg0 = start[key]
        if abs(f0 - cf0) > 1e-12 * max(1.0, abs(cf0)) or abs(g0 - cg0) > 1e-12 * max(1.0, abs(cg0)):
            sys.exit(f"report_curvature.py: {key}: f(x0) = {f0!r} (scipy) vs {cf0!r} (C++), "
                     f"|g(x0)| = {g0!r} vs {cg0!r}")

    problems = []
    for row in cpp + py:
        key = (row["problem"], int(row["n"]))
        if key not in problems:
            problems.append(key)
    rows = cpp + py
    print("| problem | n | solver | solved | status | iterations | f+g evals | Hv products | time | time / eval |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for problem, n in problems:
        these = [r for r in rows if r["problem"] == problem and int(r["n"]) == n]
        these.sort(key=lambda r: solver_rank(r["solver"]))
        for r in these:
            evaluations = int(r["fg_evaluations"])
            products = int(r["hvp_evaluations"])
            seconds = float(r["seconds"])
            iterations = int(r["iterations"])
            status = r["status"]
            if status.startswith("exception: "):
                status = "failed: " + status[len("exception: "):]
            per_eval = seconds / max(1, evaluations + products)
            print(f"| {problem} | {n} | {r['solver']} | {'yes' if solved(r) else '**no**'} | {status} | "
                  f"{iterations if iterations >= 0 else '—'} | {evaluations} | {products if products else '—'} | "
                  f"{time_text(seconds)} | {time_text(per_eval)} |")
    print()
    print("solved: f <= 1e-8 at the returned point (every f* here is 0). Stopping: |g|_2 <= 1e-5 for saddle and "
          "LBFGSpp (epsilon = 1e-5, epsilon_rel = 0); SciPy's L-BFGS-B tests max_i |g_i| <= pgtol = 1e-5 / sqrt(n), "
          "at least as strict, with ftol = 0. Memory 6, at most 10000 iterations. time: median of three runs; "
          "time / eval: time over (f+g evaluations + Hv products).")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
