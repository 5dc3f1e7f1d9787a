#!/usr/bin/env python3
"""CTest cases for saddle-bench, run as  test_bench.py SADDLE_BENCH WORK_DIR CASE.

Every bad input must give exit status 2, one line on stderr naming what was wrong and what is
allowed, and no files; a 2 x 2 x 2 matrix end to end is checked against values known by hand;
rerunning from the written results.json, and with --jobs 2, must reproduce every number.
"""
import csv
import json
import math
import os
import shutil
import subprocess
import sys

BENCH, WORK, CASE = sys.argv[1], sys.argv[2], sys.argv[3]


def run(*args, expect=0):
    p = subprocess.run([BENCH, *args], capture_output=True, text=True, timeout=600)
    if p.returncode != expect:
        sys.exit(f"exit status {p.returncode}, expected {expect}: {' '.join(args)}\n"
                 f"stdout:\n{p.stdout}\nstderr:\n{p.stderr}")
    return p


def fresh(name):
    path = os.path.join(WORK, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def bad(fragments, *args):
    """Exit status 2, one line on stderr holding every fragment, no output files."""
    out = fresh("bad-" + CASE)
    target = os.path.join(out, "results")
    p = run(*args, "--out", target, expect=2)
    lines = p.stderr.strip().splitlines()
    if len(lines) != 1 or not lines[0].startswith("saddle-bench: "):
        sys.exit(f"expected one line 'saddle-bench: ...' on stderr, got:\n{p.stderr}")
    for fragment in fragments:
        if fragment not in lines[0]:
            sys.exit(f"'{fragment}' missing from: {lines[0]}")
    if os.path.exists(target) and os.listdir(target):
        sys.exit(f"files left behind: {os.listdir(target)}")
    if p.stdout.strip():
        sys.exit(f"nothing should reach stdout, got:\n{p.stdout}")
    print(lines[0])


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


TIME_COLUMNS = {"seconds", "escape_seconds", "solve_seconds"}


def numbers(rows):
    return [{k: v for k, v in r.items() if k not in TIME_COLUMNS} for r in rows]


MATRIX = ["--method", "gd:lr=0.01", "--method", "guarded(lbfgs)",
          "--landscape", "himmelblau", "--landscape", "strict_saddle_quartic:negatives=1",
          "--dims", "3", "--start", "saddle", "--seeds", "2", "--quiet"]


def check_matrix(out):
    rows = read_csv(os.path.join(out, "results.csv"))
    # Himmelblau: 4 labelled saddles; the quartic with one negative eigenvalue: the origin alone.
    # 2 methods x (4 + 1) saddles x 2 seeds.
    assert len(rows) == 2 * 5 * 2, len(rows)
    for r in rows:
        method, landscape = r["method"], r["landscape"]
        assert r["escape_applies"] == "1"
        if landscape.startswith("strict_saddle_quartic"):
            assert r["dimension"] == "3", r
            # f = 1/2 x^T diag(-1, 1, 1) x + |x|^4 / 4: the origin's f is 0, the minima's -1/4.
            assert float(r["f_saddle"]) == 0.0 and float(r["f_star"]) == -0.25, r
        else:
            assert r["dimension"] == "2" and float(r["f_star"]) == 0.0, r
        if method == "gd:lr=0.01":
            # At an exact saddle the gradient is 0: gradient descent stops at once, on the saddle.
            assert r["escaped"] == "0" and r["iterations"] == "0", r
            assert r["status"] == "converged_gradient", r
            assert r["kind"] == "strict_saddle" and r["kind_by"] == "classify_critical_point", r
            assert r["end_label"] == r["point"], r
            assert r["index"] == "1", r
        else:
            # The guard certifies the saddle, leaves it along its negative curvature, and ends at a
            # certified minimum, f* within tolerance.
            assert r["escaped"] == "1" and r["solved"] == "1", r
            assert r["status"] == "converged_second_order", r
            assert r["kind"] == "minimum" and r["kind_by"] == "method", r
            assert int(r["saddles_escaped"]) >= 1, r
            assert r["end_label"].startswith("M"), r
            assert float(r["f_final"]) - float(r["f_star"]) <= 1e-6 * max(1.0, float(r["f_start"]) - float(r["f_star"]))
    with open(os.path.join(out, "results.json")) as f:
        doc = json.load(f)
    assert len(doc["runs"]) == len(rows)
    cells = {(s["method"], s["landscape"]): s for s in doc["summary"]}
    assert len(cells) == 4, cells.keys()
    gd = cells[("gd:lr=0.01", "himmelblau")]
    # 0 escapes in 8 trials: Wilson's 95% interval is [0, z^2 / (n + z^2)] = [0, 3.8415 / 11.8415].
    assert gd["escaped"]["successes"] == 0 and gd["escaped"]["trials"] == 8
    assert abs(gd["escaped"]["high"] - 3.841458820694124 / 11.841458820694124) < 1e-12, gd["escaped"]
    assert gd["escape_iterations"]["count"] == 0 and gd["escape_iterations"]["median"] is None
    guard = cells[("guarded(lbfgs)", "strict_saddle_quartic:negatives=1")]
    # 2 of 2: [n / (n + z^2), 1] = [2 / 5.8415, 1].
    assert guard["escaped"]["successes"] == 2 and guard["escaped"]["trials"] == 2
    assert abs(guard["escaped"]["low"] - 2 / 5.841458820694124) < 1e-12, guard["escaped"]
    # Quartiles of the escape iterations recomputed from the runs (numpy's type 7).
    its = sorted(int(r["escape_iteration"]) for r in rows
                 if r["method"] == "guarded(lbfgs)" and r["landscape"] == "himmelblau")
    n = len(its)

    def q(p):
        h = (n - 1) * p
        lo = math.floor(h)
        hi = min(lo + 1, n - 1)
        return its[lo] + (h - lo) * (its[hi] - its[lo])

    s = cells[("guarded(lbfgs)", "himmelblau")]["escape_iterations"]
    assert (s["q1"], s["median"], s["q3"]) == (q(0.25), q(0.5), q(0.75)), (s, its)
    summary = open(os.path.join(out, "summary.md")).read()
    assert "| gd:lr=0.01 | himmelblau | 2 | saddle | 8 | 0 | 0/8 = 0% [0, 32] |" in summary, summary
    assert os.path.exists(os.path.join(out, "trajectories.csv"))
    assert doc["config"]["seeds"] == 2 and doc["environment"]["saddle_version"]
    return rows


def main():
    if CASE == "list":
        p = run("--list")
        for name in ["gd", "sgd", "rmsprop", "adam", "adamw", "lbfgs", "newton_cg", "trust_region", "pgd", "pagd",
                     "nc_descent", "sfn", "arc", "guarded", "perturbed", "noisy", "himmelblau", "rosenbrock",
                     "strict_saddle_quartic", "matrix_factorization", "deep_linear", "rotated", "near_stable", "box"]:
            assert f"\n  {name}" in p.stdout, name
        assert "lr (real, default 0.001)" in p.stdout
    elif CASE == "spec-forms":
        # Nested wrappers, lists, d=, start-kind options: 1 method x (rotated quartic: 1 near_stable
        # point + 2 box points; deep linear 2-2-2: 1 + 2) x 1 seed = 6 runs.
        out = fresh("spec-forms")
        run("-m", "noisy(perturbed(adam:lr=0.01)):eta=0.001,max_iterations=200",
            "-l", "rotated(strict_saddle_quartic:negatives=2,d=4):seed=3",
            "-l", "deep_linear:widths=2/2/2,singular_values=1", "-s", "near_stable:offset=1e-6,limit=1",
            "-s", "box:count=2,lower=-1,upper=1", "--seeds", "1", "--quiet", "--out", out)
        rows = read_csv(os.path.join(out, "results.csv"))
        assert len(rows) == 6, rows
        by = {(r["landscape"].split("(")[0].split(":")[0], r["point"]): r for r in rows}
        assert sorted(by) == [("deep_linear", "S1"), ("deep_linear", "box 1"), ("deep_linear", "box 2"),
                              ("rotated", "S1"), ("rotated", "box 1"), ("rotated", "box 2")], sorted(by)
        for (landscape, point), r in by.items():
            # The quartic at d = 4; the network 2-2-2: two 2 x 2 weight matrices.
            assert r["dimension"] == ("4" if landscape == "rotated" else "8"), r
            # perturbed(...) inside: the gradient test is off, the budget of the outermost spec ends it.
            assert r["status"] == "max_iterations" and r["iterations"] == "200", r
            assert (r["f_saddle"] != "") == (point == "S1") and r["escape_applies"] == ("1" if point == "S1" else "0")
        # The origin of the rotated quartic: f = 0; of the network: 1/2 |T|_F^2 = 1/2 (T = a b^T, unit a, b).
        assert float(by[("rotated", "S1")]["f_saddle"]) == 0.0
        assert abs(float(by[("deep_linear", "S1")]["f_saddle"]) - 0.5) <= 1e-15
        # near_stable: offset 1e-6 along positive curvature raises f (by 1/2 lambda offset^2 on the quartic,
        # where the positive eigenvalues are 1).
        assert abs(float(by[("rotated", "S1")]["f_start"]) - 0.5e-12) <= 1e-18, by[("rotated", "S1")]
        assert float(by[("deep_linear", "S1")]["f_start"]) > float(by[("deep_linear", "S1")]["f_saddle"])
        doc = json.load(open(os.path.join(out, "results.json")))
        assert doc["config"]["starts"] == ["near_stable:offset=1e-6,limit=1", "box:count=2,lower=-1,upper=1"]
    elif CASE == "unknown-method":
        bad(["unknown method 'adamm'", "adam"], "-m", "adamm", "-l", "himmelblau")
    elif CASE == "unknown-landscape":
        bad(["unknown landscape 'himmelblue'", "himmelblau"], "-m", "gd", "-l", "himmelblue")
    elif CASE == "unknown-option":
        bad(["unknown option 'betaa'", "beta1"], "-m", "adam:betaa=0.9", "-l", "himmelblau")
    elif CASE == "out-of-range":
        bad(["adam:lr=-1", "lr = -1", "0 <= lr < inf"], "-m", "adam:lr=-1", "-l", "himmelblau")
    elif CASE == "not-a-number":
        bad(["lr = fast", "not a number"], "-m", "adam:lr=fast", "-l", "himmelblau")
    elif CASE == "malformed-spec":
        bad(["'adam:lr'", "not key=value"], "-m", "adam:lr", "-l", "himmelblau")
    elif CASE == "wrong-argument":
        bad(["perturbed", "lbfgs"], "-m", "perturbed(lbfgs)", "-l", "himmelblau")
    elif CASE == "unknown-start":
        bad(["unknown start kind 'corner'", "near_stable"], "-m", "gd", "-l", "himmelblau", "-s", "corner")
    elif CASE == "bad-dimension":
        bad(["dimensions", "0"], "-m", "gd", "-l", "rosenbrock", "--dims", "0")
    elif CASE == "bad-seeds":
        bad(["seeds = 0", "seeds >= 1"], "-m", "gd", "-l", "himmelblau", "--seeds", "0")
    elif CASE == "unknown-flag":
        bad(["--frobnicate"], "-m", "gd", "-l", "himmelblau", "--frobnicate")
    elif CASE == "malformed-config":
        path = os.path.join(fresh("config-" + CASE), "run.json")
        with open(path, "w") as f:
            f.write('{"methods": ["gd"], "landscapes": ["himmelblau",]}')
        bad(["not valid JSON"], "--config", path)
    elif CASE == "config-unknown-key":
        path = os.path.join(fresh("config-" + CASE), "run.json")
        with open(path, "w") as f:
            json.dump({"methods": ["gd"], "landscapes": ["himmelblau"], "seed": 3}, f)
        bad(['unknown key "seed"', "first_seed"], "--config", path)
    elif CASE == "config-wrong-type":
        path = os.path.join(fresh("config-" + CASE), "run.json")
        with open(path, "w") as f:
            json.dump({"methods": "gd", "landscapes": ["himmelblau"], "seeds": "many"}, f)
        bad(['"seeds" must be an integer'], "--config", path)
    elif CASE == "unwritable-out":
        blocker = os.path.join(fresh("blocked"), "a-file")
        open(blocker, "w").close()
        p = run("-m", "gd", "-l", "himmelblau", "--out", os.path.join(blocker, "results"), expect=2)
        assert p.stderr.startswith("saddle-bench: --out") and "cannot create" in p.stderr, p.stderr
        assert len(p.stderr.strip().splitlines()) == 1
    elif CASE == "plot-without-out":
        p = run("-m", "gd", "-l", "himmelblau", "--plot", expect=2)
        assert "--plot needs --out" in p.stderr, p.stderr
    elif CASE == "matrix":
        out = fresh("matrix")
        run(*MATRIX, "--out", out)
        check_matrix(out)
    elif CASE == "reproduce":
        first = fresh("reproduce-1")
        run(*MATRIX, "--out", first)
        again = fresh("reproduce-2")
        run("--config", os.path.join(first, "results.json"), "--quiet", "--out", again)
        parallel = fresh("reproduce-3")
        run(*MATRIX, "--jobs", "2", "--out", parallel)
        reference = numbers(read_csv(os.path.join(first, "results.csv")))
        assert numbers(read_csv(os.path.join(again, "results.csv"))) == reference, "rerun from results.json differs"
        assert numbers(read_csv(os.path.join(parallel, "results.csv"))) == reference, "--jobs 2 differs from --jobs 1"
        with open(os.path.join(again, "results.json")) as f:
            assert json.load(f)["config"] == json.load(open(os.path.join(first, "results.json")))["config"]
    elif CASE == "failure-isolated":
        # Adam with lr = 1e300 overflows on Rosenbrock's function: that run fails (non_finite), the
        # matrix goes on and the other method's runs are unaffected.
        out = fresh("failure")
        run("-m", "adam:lr=1e300", "-m", "lbfgs", "-l", "rosenbrock", "-s", "standard", "--seeds", "1", "--quiet",
            "--out", out)
        rows = read_csv(os.path.join(out, "results.csv"))
        adam = [r for r in rows if r["method"] == "adam:lr=1e300"]
        lbfgs = [r for r in rows if r["method"] == "lbfgs"]
        assert adam and all(r["failed"] == "1" and r["status"] == "non_finite" for r in adam), adam
        assert lbfgs and all(r["failed"] == "0" and r["solved"] == "1" for r in lbfgs), lbfgs
        doc = json.load(open(os.path.join(out, "results.json")))
        cell = [s for s in doc["summary"] if s["method"] == "adam:lr=1e300"][0]
        assert cell["failures"] == len(adam) and cell["solve_iterations"]["count"] == 0
    else:
        sys.exit(f"unknown case {CASE}")
    print("ok", CASE)


if __name__ == "__main__":
    main()
