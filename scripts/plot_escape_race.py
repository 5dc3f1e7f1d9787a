#!/usr/bin/env python3
"""Draws the escape race's pictures from the CSV files that examples/escape_race writes.

usage: plot_escape_race.py OUTPUT_DIR
writes into OUTPUT_DIR
  escape_race_paths.png   Himmelblau's contours with every method's path from the saddle S1
  escape_race_panels.png  one panel per method: its paths from all four saddles
  escape_race_costs.png   median gradient evaluations and Hessian-vector products per method and landscape
"""
import csv
import sys
from collections import defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

# The methods that stop wherever the gradient vanishes: on an exact saddle their path is one point.
BLIND = ["gradient descent", "Adam", "L-BFGS", "Newton-CG"]
SADDLE_COLORS = {"S1": "orangered", "S2": "deepskyblue", "S3": "gold", "S4": "magenta"}


def himmelblau(x, y):
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2


def read(out: Path):
    paths = defaultdict(list)  # (method, saddle) -> [(x, y)]
    methods = []
    with open(out / "escape_race_paths.csv") as f:
        for row in csv.DictReader(f):
            if row["method"] not in methods:
                methods.append(row["method"])
            paths[(row["method"], row["saddle"])].append((float(row["x"]), float(row["y"])))
    with open(out / "escape_race_points.csv") as f:
        points = list(csv.DictReader(f))
    with open(out / "escape_race_summary.csv") as f:
        summary = list(csv.DictReader(f))
    with open(out / "escape_race_runs.csv") as f:  # the runs drawn: Himmelblau, seed 0
        drawn = {(r["method"], r["start"].split()[0]): r for r in csv.DictReader(f)
                 if r["landscape"] == "Himmelblau" and r["seed"] == "0"}
    return methods, {k: np.array(v) for k, v in paths.items()}, points, summary, drawn


def contour(ax, points, labels=True):
    xs = np.linspace(-5, 5, 400)
    X, Y = np.meshgrid(xs, xs)
    Z = np.log1p(himmelblau(X, Y))
    ax.contourf(X, Y, Z, levels=30, cmap="Greys_r", alpha=0.55)
    ax.contour(X, Y, Z, levels=15, colors="white", linewidths=0.3, alpha=0.7)
    style = {"minimum": ("*", "gold", 12), "strict_saddle": ("X", "red", 9), "maximum": ("^", "cyan", 8)}
    for pt in points:
        marker, color, size = style[pt["kind"]]
        x, y = float(pt["x"]), float(pt["y"])
        ax.plot(x, y, marker, color=color, ms=size, mec="black", zorder=5)
        if labels:
            ax.annotate(pt["name"], (x, y), textcoords="offset points", xytext=(5, 5), fontsize=9,
                        weight="bold", color="black", clip_on=True)
    ax.set_xlim(-5, 5)
    ax.set_ylim(-5, 5)
    ax.set_aspect("equal")


def paths_from_s1(out, methods, paths, points, drawn):
    fig, (ax, zoom) = plt.subplots(1, 2, figsize=(15, 7.2), gridspec_kw={"width_ratios": [1, 1.25]})
    moving = [m for m in methods if m not in BLIND]
    colors = plt.cm.tab10(np.linspace(0, 1, 10))
    for axis in (ax, zoom):
        contour(axis, points)
        for i, method in enumerate(moving):
            p = paths[(method, "S1")]
            run = drawn[(method, "S1")]
            label = (f"{method}: {run['iterations']} iterations, {run['gradient_evaluations']} g, "
                     f"{run['hvp_evaluations']} Hv")
            axis.plot(p[:, 0], p[:, 1], "-", lw=1.8, color=colors[i % 10], label=label, alpha=0.9)
            axis.plot(p[-1, 0], p[-1, 1], "o", ms=5, color=colors[i % 10], mec="black", zorder=6)
        s1 = paths[(BLIND[0], "S1")][0]
        axis.plot(s1[0], s1[1], "s", ms=13, mfc="none", mec="black", mew=2,
                  label=", ".join(BLIND) + ": stay on S1 (|g| = 0, converged_gradient)")
    ax.set_title("Himmelblau's function: every method started exactly on the saddle S1\n"
                 "(X = saddle, * = minimum, ^ = maximum; dots: where each run ended)")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    zoom.set_xlim(-0.2, 3.6)
    zoom.set_ylim(1.2, 3.3)
    zoom.set_title("near S1 and M1, seed 0")
    zoom.set_xlabel("x")
    zoom.legend(loc="lower left", fontsize=8, framealpha=0.92)
    fig.tight_layout()
    fig.savefig(out / "escape_race_paths.png", dpi=100)
    plt.close(fig)


def panels(out, methods, paths, points):
    moving = [m for m in methods if m not in BLIND]
    titles = [" / ".join(BLIND)] + moving
    cols = 5
    rows = (len(titles) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(3.3 * cols, 3.4 * rows))
    for ax, title in zip(axes.flat, titles):
        contour(ax, points, labels=False)
        method = BLIND[0] if title.startswith(BLIND[0]) else title
        for saddle, color in SADDLE_COLORS.items():
            p = paths.get((method, saddle))
            if p is None:
                continue
            ax.plot(p[:, 0], p[:, 1], "-", lw=1.5, color=color)
            ax.plot(p[-1, 0], p[-1, 1], "o", ms=4, color=color, mec="black", zorder=6)
        if method == BLIND[0]:
            title = "GD / Adam / L-BFGS / Newton-CG\n(stay on every saddle)"
        ax.set_title(title, fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in list(axes.flat)[len(titles):]:
        ax.axis("off")
    fig.suptitle("From each of Himmelblau's four saddles (S1 red, S2 blue, S3 yellow, S4 magenta), seed 0", fontsize=12)
    fig.tight_layout()
    fig.savefig(out / "escape_race_panels.png", dpi=100)
    plt.close(fig)


def costs(out, methods, summary):
    landscapes = []
    for row in summary:
        if "off" not in row["landscape"] and row["landscape"] not in landscapes:
            landscapes.append(row["landscape"])
    table = {(r["landscape"], r["method"]): r for r in summary}
    fig, axes = plt.subplots(2, 1, figsize=(12, 8.5), sharex=True)
    width = 0.8 / len(landscapes)
    x = np.arange(len(methods))
    columns = ["median_gradient_evaluations", "median_hvp_evaluations"]
    for j, landscape in enumerate(landscapes):
        for ax, column in zip(axes, columns):
            values = [float(table[(landscape, m)][column]) for m in methods]
            ax.bar(x + (j - (len(landscapes) - 1) / 2) * width, [v if v > 0 else np.nan for v in values], width,
                   label=landscape)
    axes[0].set_ylabel("gradient evaluations (median)")
    axes[1].set_ylabel("Hessian-vector products (median)")
    for ax in axes:
        ax.set_yscale("log")
        ax.grid(True, axis="y", which="both", alpha=0.3)
    for i, m in enumerate(methods):  # the first-order methods use no products at all
        if all(float(table[(l, m)][columns[1]]) == 0 for l in landscapes):
            axes[1].text(i, 0.5, "none", ha="center", va="center", transform=axes[1].get_xaxis_transform(),
                         fontsize=8, color="dimgray")
    escaped = {m: max(float(table[(l, m)]["escaped_percent"]) for l in landscapes) for m in methods}
    axes[1].set_xticks(x)
    axes[1].set_xticklabels([m if escaped[m] > 0 else f"{m}\n(stuck at once)" for m in methods], rotation=30,
                            ha="right", fontsize=9)
    axes[0].legend(fontsize=8, ncol=len(landscapes), loc="lower center", bbox_to_anchor=(0.5, 1.0))
    fig.suptitle("What leaving a saddle costs: medians over every saddle and 20 seeds\n"
                 "(PGD and PAGD stop at their own exit, perturbed(Adam) at its budget; 5x^2 - y^2 when f < -1e4)",
                 fontsize=11)
    fig.tight_layout()
    fig.savefig(out / "escape_race_costs.png", dpi=100)
    plt.close(fig)


def main(out: Path) -> None:
    methods, paths, points, summary, drawn = read(out)
    paths_from_s1(out, methods, paths, points, drawn)
    panels(out, methods, paths, points)
    costs(out, methods, summary)
    print("Pictures written to " + ", ".join(str(out / name) for name in
                                             ["escape_race_paths.png", "escape_race_panels.png",
                                              "escape_race_costs.png"]))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
