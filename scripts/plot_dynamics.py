#!/usr/bin/env python3
"""Draws the n-dimensional landscapes from the CSV files of the landscape_dynamics example.

    plot_dynamics.py DIRECTORY OUT.png

Six panels: the extended Rosenbrock function's saddle between its two minima (a plane through all
three, with gradient descent leaving the saddle both ways), loss curves of gradient descent on
matrix factorization, a deep linear network (and its mode strengths) and the orthogonal quartic,
with the critical values the runs pass drawn behind them, and the orthogonal quartic's count of
critical points by index for d = 10.
"""
import csv
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def rows(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def rosenbrock_panel(ax, directory):
    grid = rows(f"{directory}/rosenbrock_slice.csv")
    alphas = sorted({float(r["alpha"]) for r in grid})
    betas = sorted({float(r["beta"]) for r in grid})
    values = np.array([float(r["value"]) for r in grid]).reshape(len(alphas), len(betas))
    a, b = np.meshgrid(alphas, betas, indexing="ij")
    ax.contourf(a, b, np.log10(1.0 + values), levels=40, cmap="viridis")
    ax.contour(a, b, np.log10(1.0 + values), levels=20, colors="white", linewidths=0.3, alpha=0.6)
    paths = defaultdict(list)
    for r in rows(f"{directory}/rosenbrock_paths.csv"):
        paths[r["path"]].append((float(r["alpha"]), float(r["beta"])))
    for (name, points), colour in zip(sorted(paths.items()), ["#ff7f0e", "#d62728"]):
        xs, ys = zip(*points)
        ax.plot(xs, ys, color=colour, linewidth=1.6, label=f"gradient descent, {name}")
    markers = {"minimum": ("*", "gold", 16), "strict_saddle": ("X", "red", 11)}
    for r in rows(f"{directory}/rosenbrock_points.csv"):
        marker, colour, size = markers[r["kind"]]
        ax.plot(float(r["alpha"]), float(r["beta"]), marker=marker, color=colour, markersize=size,
                markeredgecolor="black", linestyle="none")
        ax.annotate(f"{r['name']}\nf = {float(r['value']):.3f}", (float(r["alpha"]), float(r["beta"])),
                    textcoords="offset points", xytext=(-70 if r["name"] == "global minimum" else 8, 8),
                    fontsize=7, color="white")
    ax.set_title("extended Rosenbrock, n = 5: the plane through\nits saddle (index 1) and both minima",
                 fontsize=9)
    ax.set_xlabel("towards the global minimum", fontsize=8)
    ax.set_ylabel("towards the local minimum", fontsize=8)
    ax.legend(fontsize=7, loc="lower left")


def curve_panel(ax, curves, levels, panel, title, level_label):
    points = [(int(r["iteration"]), float(r["value"])) for r in curves if r["panel"] == panel]
    iterations, values = zip(*points)
    for r in levels:
        if r["panel"] != panel:
            continue
        value = float(r["value"])
        colour = "#2ca02c" if r["kind"] == "minimum" else ("magenta" if r["kind"] == "degenerate" else "#d62728")
        ax.axhline(value, color=colour, linestyle="--", linewidth=0.8)
        ax.annotate(level_label(r), (iterations[-1], value),
                    textcoords="offset points", xytext=(-4, 3), ha="right", fontsize=7, color=colour)
    ax.plot(iterations, values, color="#1f77b4", linewidth=1.6)
    ax.set_title(title, fontsize=9)
    ax.set_xlabel("gradient-descent iteration", fontsize=8)
    ax.set_ylabel("f", fontsize=8)


def saddle_label(r):
    if r["label"]:
        return r["label"]
    if r["kind"] == "minimum":
        return "minimum"
    return f"saddle, index {r['index']}"


def modes_panel(ax, directory):
    strengths = defaultdict(list)
    for r in rows(f"{directory}/modes.csv"):
        strengths[float(r["mode"])].append((int(r["iteration"]), float(r["strength"])))
    for sigma, points in sorted(strengths.items(), reverse=True):
        xs, ys = zip(*points)
        line, = ax.plot(xs, ys, linewidth=1.6, label=f"mode with singular value {sigma:g}")
        ax.axhline(sigma, color=line.get_color(), linestyle=":", linewidth=0.8)
    ax.set_title("deep linear network: each mode is learned\nafter its own plateau (Saxe et al. 2014)",
                 fontsize=9)
    ax.set_xlabel("gradient-descent iteration", fontsize=8)
    ax.set_ylabel("strength a_k^T W_3 W_2 W_1 b_k", fontsize=8)
    ax.legend(fontsize=7, loc="center right")


def census_panel(ax, directory):
    census = rows(f"{directory}/census.csv")
    index = [int(r["index"]) for r in census]
    log_count = [float(r["log10_count"]) for r in census]
    colours = ["#2ca02c" if i == 0 else ("#17becf" if i == len(index) - 1 else "#d62728") for i in index]
    ax.bar(index, log_count, color=colours)
    for i, r in zip(index, census):
        ax.annotate(f"{float(r['value']):.3f}", (i, float(r["log10_count"])), textcoords="offset points",
                    xytext=(0, 2), ha="center", fontsize=6)
    saddles = sum(float(r["count"]) for r in census[1:-1])
    total = sum(float(r["count"]) for r in census)
    ax.set_title(f"orthogonal quartic, d = 10: {int(total)} critical points,\n"
                 f"{100.0 * saddles / total:.3f}% saddles (bar labels: f, rising with the index)", fontsize=9)
    ax.set_xlabel("index (number of negative Hessian eigenvalues)", fontsize=8)
    ax.set_ylabel("log10 (number of critical points)", fontsize=8)
    ax.set_xticks(index)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    directory, output = sys.argv[1], sys.argv[2]
    curves = rows(f"{directory}/curves.csv")
    levels = rows(f"{directory}/levels.csv")
    figure, axes = plt.subplots(2, 3, figsize=(16, 10))
    rosenbrock_panel(axes[0][0], directory)
    curve_panel(axes[0][1], curves, levels, "matrix factorization",
                "matrix factorization 1/4 |UU^T - M|^2, d = 6, r = 3:\nthe saddles gradient descent passes",
                saddle_label)
    axes[0][1].set_yscale("log")
    curve_panel(axes[0][2], curves, levels, "deep linear network",
                "deep linear network 6-6-6-6 (Saxe et al. 2014):\nstage-like plateaus, one per singular mode",
                saddle_label)
    axes[0][2].set_yscale("symlog", linthresh=1e-2)
    modes_panel(axes[1][0], directory)
    curve_panel(axes[1][1], curves, levels, "orthogonal quartic",
                "orthogonal quartic, d = 5: from the index-4 saddle\ndown a staircase of saddles",
                saddle_label)
    census_panel(axes[1][2], directory)
    for row in axes:
        for ax in row:
            ax.tick_params(labelsize=7)
    figure.suptitle("saddle's n-dimensional landscapes: what gradient descent meets on them", fontsize=12)
    figure.tight_layout(rect=(0, 0, 1, 0.96))
    figure.savefig(output, dpi=80)
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
