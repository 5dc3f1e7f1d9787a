#!/usr/bin/env python3
"""Draws a landscape slice written by saddle (Slice1D/Slice2D::write_csv), with optimizer paths on top.

usage: plot_slice.py SLICE.csv OUTPUT.png [PATH.csv ...]
A 1-D slice (alpha,value) is drawn as a curve; a 2-D slice (alpha,beta,value) as filled contours.
Each PATH.csv (alpha,beta[,value] — e.g. from saddle::project_onto_plane) is drawn as a line with
its start marked; its file name (without "path_") is the legend.
"""
import csv
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def main(slice_path, out, paths):
    with open(slice_path) as f:
        rows = list(csv.DictReader(f))
    fig, ax = plt.subplots(figsize=(7.5, 6))
    if "beta" in rows[0]:
        alphas = sorted({float(r["alpha"]) for r in rows})
        betas = sorted({float(r["beta"]) for r in rows})
        z = np.array([float(r["value"]) for r in rows]).reshape(len(alphas), len(betas))
        c = ax.contourf(alphas, betas, z.T, levels=40, cmap="viridis")
        ax.contour(alphas, betas, z.T, levels=20, colors="white", linewidths=0.3, alpha=0.6)
        fig.colorbar(c, ax=ax, label="f")
        ax.set_xlabel("alpha (first direction)")
        ax.set_ylabel("beta (second direction)")
        colors = ["orangered", "white", "cyan", "magenta", "yellow"]
        for i, p in enumerate(paths):
            with open(p) as f:
                pr = list(csv.DictReader(f))
            a = [float(r["alpha"]) for r in pr]
            b = [float(r["beta"]) for r in pr]
            name = Path(p).stem.replace("path_", "").replace("_", " ")
            ax.plot(a, b, "-", color=colors[i % len(colors)], lw=1.5, label=f"{name} ({len(a) - 1} steps)")
            ax.plot(a[0], b[0], "o", color=colors[i % len(colors)], ms=5)
        ax.set_xlim(min(alphas), max(alphas))
        ax.set_ylim(min(betas), max(betas))
        if paths:
            ax.legend(loc="upper right", fontsize=8)
    else:
        ax.plot([float(r["alpha"]) for r in rows], [float(r["value"]) for r in rows])
        ax.set_xlabel("alpha")
        ax.set_ylabel("f")
        ax.grid(True, alpha=0.3)
    ax.set_title(Path(slice_path).stem)
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    print("wrote", out)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
