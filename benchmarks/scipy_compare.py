#!/usr/bin/env python3
"""SciPy's L-BFGS-B on the problems of bench_curvature, in the shape of its CSV output.

usage: scipy_compare.py [--check saddle_curvature.csv] [--min-time 0.05] > scipy_curvature.csv

Same start points and analytic gradients (written here in numpy), memory maxcor = 6, at most 10000
iterations. Stopping rule: L-BFGS-B tests the projected gradient's max-norm, max_i |g_i| <= pgtol;
with pgtol = 1e-5 / sqrt(n) that implies |g|_2 <= sqrt(n) max_i |g_i| <= 1e-5, so it is at least as
strict as the C++ solvers' |g|_2 <= 1e-5 (stricter by up to sqrt(n) when g is spread over all
coordinates). ftol = 0 switches the relative-reduction test off except when f stops decreasing
altogether. With --check, f(x0) and |g(x0)| of every problem are compared with the C++ values
(relative 1e-12) and the script fails if they differ: both sides must solve the same problem.
Run with Debian's /usr/bin/python3 (python3-scipy).
"""
import argparse
import csv
import math
import sys
import time

import numpy as np
import scipy
from scipy.optimize import minimize

GRADIENT_TOLERANCE = 1e-5
MAX_ITERATIONS = 10000
MEMORY = 6

# f(x0) from Moré, Garbow & Hillstrom (1981), per block for the extended problems.
MGH_START_VALUES = {"beale": 14.203125, "wood": 19192.0, "helical_valley": 2500.0}


def extended_rosenbrock(n):
    """MGH #21 (saddle's RosenbrockForm::pairs): sum 100 (x_2j+1 - x_2j^2)^2 + (1 - x_2j)^2."""
    def fg(x):
        a, b = x[0::2], x[1::2]
        t = b - a * a
        u = 1.0 - a
        g = np.empty_like(x)
        g[0::2] = -400.0 * a * t - 2.0 * u
        g[1::2] = 200.0 * t
        return float(np.sum(100.0 * t * t + u * u)), g
    x0 = np.tile([-1.2, 1.0], n // 2)
    return fg, x0, 0.0


def extended_powell_singular(n):
    """MGH #22: per block (a, b, c, d): (a + 10 b)^2 + 5 (c - d)^2 + (b - 2 c)^4 + 10 (a - d)^4."""
    def fg(x):
        a, b, c, d = x[0::4], x[1::4], x[2::4], x[3::4]
        p = a + 10.0 * b
        q = c - d
        s = b - 2.0 * c
        t = a - d
        s3 = s ** 3
        t3 = t ** 3
        g = np.empty_like(x)
        g[0::4] = 2.0 * p + 40.0 * t3
        g[1::4] = 20.0 * p + 4.0 * s3
        g[2::4] = 10.0 * q - 8.0 * s3
        g[3::4] = -10.0 * q - 40.0 * t3
        return float(np.sum(p * p + 5.0 * q * q + s3 * s + 10.0 * t3 * t)), g
    x0 = np.tile([3.0, -1.0, 0.0, 1.0], n // 4)
    return fg, x0, 0.0


def beale(n):
    """MGH #5: sum_i (y_i - x1 (1 - x2^i))^2, y = (1.5, 2.25, 2.625)."""
    y = (1.5, 2.25, 2.625)

    def fg(x):
        x1, x2 = x
        f = 0.0
        g1 = g2 = 0.0
        for i in (1, 2, 3):
            r = y[i - 1] - x1 * (1.0 - x2 ** i)
            f += r * r
            g1 += -2.0 * r * (1.0 - x2 ** i)
            g2 += 2.0 * r * i * x1 * x2 ** (i - 1)
        return f, np.array([g1, g2])
    return fg, np.array([1.0, 1.0]), 0.0


def wood(n):
    """MGH #14."""
    def fg(x):
        x1, x2, x3, x4 = x
        t1 = x2 - x1 * x1
        u1 = 1.0 - x1
        t3 = x4 - x3 * x3
        u3 = 1.0 - x3
        s = x2 + x4 - 2.0
        d = x2 - x4
        f = 100.0 * t1 * t1 + u1 * u1 + 90.0 * t3 * t3 + u3 * u3 + 10.0 * s * s + 0.1 * d * d
        g = np.array([-400.0 * x1 * t1 - 2.0 * u1,
                      200.0 * t1 + 20.0 * s + 0.2 * d,
                      -360.0 * x3 * t3 - 2.0 * u3,
                      180.0 * t3 + 20.0 * s - 0.2 * d])
        return f, g
    return fg, np.array([-3.0, -1.0, -3.0, -1.0]), 0.0


def helical_valley(n):
    """MGH #7: theta = atan(x2 / x1) / 2 pi (+ 1/2 when x1 < 0), as in saddle::landscapes::HelicalValley."""
    def theta(x1, x2):
        if x1 > 0:
            return math.atan(x2 / x1) / (2.0 * math.pi)
        if x1 < 0:
            return math.atan(x2 / x1) / (2.0 * math.pi) + 0.5
        return 0.25 if x2 > 0 else -0.25 if x2 < 0 else 0.0

    def fg(x):
        x1, x2, x3 = x
        r2 = x1 * x1 + x2 * x2
        r = math.sqrt(r2)
        a = x3 - 10.0 * theta(x1, x2)
        b = r - 1.0
        c = 1.0 / (2.0 * math.pi * r2)
        f = 100.0 * (a * a + b * b) + x3 * x3
        g = np.array([200.0 * (a * 10.0 * x2 * c + b * x1 / r),
                      200.0 * (a * -10.0 * x1 * c + b * x2 / r),
                      200.0 * a + 2.0 * x3])
        return f, g
    return fg, np.array([-1.0, 0.0, 0.0]), 0.0


def ill_conditioned_quadratic(n, condition=1e6):
    """1/2 sum lambda_i x_i^2, lambda_i = condition^(i / (n - 1)), start (1, ..., 1)."""
    lam = condition ** (np.arange(n, dtype=float) / (n - 1))

    def fg(x):
        g = lam * x
        return 0.5 * float(x @ g), g
    return fg, np.ones(n), 0.0


PROBLEMS = ([("extended_rosenbrock", n, extended_rosenbrock) for n in (2, 10, 100, 1000, 10000)]
            + [("extended_powell_singular", n, extended_powell_singular) for n in (4, 100, 1000)]
            + [("beale", 2, beale), ("wood", 4, wood), ("helical_valley", 3, helical_valley),
               ("ill_conditioned_quadratic", 1000, ill_conditioned_quadratic)])


def status_of(result):
    message = result.message if isinstance(result.message, str) else result.message.decode()
    if "PGTOL" in message:
        return "converged_gradient"
    if "REL_REDUCTION_OF_F" in message:
        return "converged_function"
    if "ITERATIONS REACHED LIMIT" in message.upper():
        return "max_iterations"
    return message


def solve(fg, x0, n):
    calls = [0]

    def counted(x):
        calls[0] += 1
        return fg(x)
    result = minimize(counted, x0.copy(), jac=True, method="L-BFGS-B",
                      options={"maxcor": MEMORY, "gtol": GRADIENT_TOLERANCE / math.sqrt(n), "ftol": 0.0,
                               "maxiter": MAX_ITERATIONS, "maxfun": 10 ** 9})
    return result, calls[0]


def check_start(name, n, f0, g0, reference):
    expected = MGH_START_VALUES.get(name)
    if expected is not None and f0 != expected:
        sys.exit(f"scipy_compare.py: {name}: f(x0) = {f0!r}, MGH give {expected!r}")
    if reference is None:
        return
    row = reference.get((name, n))
    if row is None:
        print(f"scipy_compare.py: {name} n = {n}: no C++ row to check f(x0) against", file=sys.stderr)
        return
    cf0, cg0 = float(row["f0"]), float(row["g0_norm"])
    print(f"f(x0) {name} n = {n}: C++ {cf0!r}, numpy {f0!r}; |g(x0)| C++ {cg0!r}, numpy {g0!r}", file=sys.stderr)
    if abs(cf0 - f0) > 1e-12 * max(1.0, abs(cf0)) or abs(cg0 - g0) > 1e-12 * max(1.0, abs(cg0)):
        sys.exit(f"scipy_compare.py: {name} n = {n}: the numpy problem differs from the C++ one at x0")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", help="bench_curvature's CSV: assert f(x0) and |g(x0)| agree with it")
    parser.add_argument("--min-time", type=float, default=0.05)
    args = parser.parse_args()
    reference = None
    if args.check:
        with open(args.check, newline="") as f:
            reference = {(r["problem"], int(r["n"])): r for r in csv.DictReader(f)}

    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["problem", "n", "solver", "status", "iterations", "fg_evaluations", "hvp_evaluations", "f",
                  "gradient_norm", "f_star", "seconds", "f0", "g0_norm"])
    solver = f"scipy L-BFGS-B ({scipy.__version__})"
    for name, n, make in PROBLEMS:
        print(f"scipy_compare.py: {name} n = {n}", file=sys.stderr)
        fg, x0, f_star = make(n)
        f0, g0 = fg(x0)
        check_start(name, n, f0, float(np.linalg.norm(g0)), reference)
        start = time.perf_counter()
        result, calls = solve(fg, x0, n)
        first = time.perf_counter() - start
        value, gradient = fg(result.x)
        # Three timed runs, each repeating the solve until it has taken min_time; the median.
        repetitions = max(1, min(10 ** 6, math.ceil(args.min_time / max(first, 1e-9))))
        times = []
        for _ in range(3):
            start = time.perf_counter()
            for _ in range(repetitions):
                solve(fg, x0, n)
            times.append((time.perf_counter() - start) / repetitions)
        out.writerow([name, n, solver, status_of(result), result.nit, calls, 0, repr(value),
                      repr(float(np.linalg.norm(gradient))), repr(f_star), repr(sorted(times)[1]), repr(f0),
                      repr(float(np.linalg.norm(g0)))])
        sys.stdout.flush()


if __name__ == "__main__":
    main()
