#!/usr/bin/env python3
"""Draws the main demo's pictures from the CSV files that himmelblau_tour writes.

usage: plot_demo.py OUTPUT_DIR
writes OUTPUT_DIR/himmelblau_paths.png (contours, critical points, trajectories) and
OUTPUT_DIR/himmelblau_plateaus.png (f along the runs that start next to a saddle).
"""
import csv
import sys
from collections import defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def himmelblau(x, y):
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2


def main(out: Path) -> None:
    runs = defaultdict(list)
    labels = {}
    with open(out / "himmelblau_paths.csv") as f:
        for row in csv.DictReader(f):
            runs[int(row["run"])].append((float(row["x"]), float(row["y"])))
            labels[int(row["run"])] = row["label"]
    with open(out / "himmelblau_points.csv") as f:
        points = list(csv.DictReader(f))

    fig, ax = plt.subplots(figsize=(8, 7))
    xs = np.linspace(-5, 5, 400)
    X, Y = np.meshgrid(xs, xs)
    Z = himmelblau(X, Y)
    ax.contourf(X, Y, np.log1p(Z), levels=40, cmap="viridis", alpha=0.85)
    ax.contour(X, Y, np.log1p(Z), levels=20, colors="white", linewidths=0.3, alpha=0.6)
    for run, path in runs.items():
        p = np.array(path)
        nudged = "+" in labels[run]
        ax.plot(p[:, 0], p[:, 1], "-", lw=1.6 if nudged else 1.0,
                color="orangered" if nudged else "white", alpha=0.95)
        ax.plot(p[0, 0], p[0, 1], "o", ms=3, color="black")
    style = {"minimum": ("*", "gold", 14), "strict_saddle": ("X", "red", 11), "maximum": ("^", "cyan", 10)}
    for pt in points:
        marker, color, size = style[pt["kind"]]
        ax.plot(float(pt["x"]), float(pt["y"]), marker, color=color, ms=size, mec="black")
        ax.annotate(pt["name"], (float(pt["x"]), float(pt["y"])), textcoords="offset points", xytext=(6, 6),
                    color="white", fontsize=10, weight="bold")
    ax.set_title("Gradient descent on Himmelblau's function\n"
                 "white: grid starts; red: starts 1e-6 off a saddle (X = saddle, * = minimum, ^ = maximum)")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_xlim(-5, 5)
    ax.set_ylim(-5, 5)
    fig.tight_layout()
    fig.savefig(out / "himmelblau_paths.png", dpi=110)

    fig, ax = plt.subplots(figsize=(8, 4.5))
    for run, path in runs.items():
        if "+" not in labels[run]:
            continue
        p = np.array(path)
        ax.semilogy(himmelblau(p[:, 0], p[:, 1]) + 1e-16, label=labels[run])
    ax.set_xlabel("iteration")
    ax.set_ylabel("f (log scale)")
    ax.set_title("Leaving a saddle: f sits on a plateau at the saddle value, then drops")
    ax.legend()
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out / "himmelblau_plateaus.png", dpi=110)
    print(f"Pictures written to {out / 'himmelblau_paths.png'} and {out / 'himmelblau_plateaus.png'}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
