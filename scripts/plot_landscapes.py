#!/usr/bin/env python3
"""Draws docs/images/landscapes.png from the CSV that the landscape_gallery example prints.

usage: landscape_gallery | plot_landscapes.py OUTPUT.png
(scripts/docs_images.sh builds the example and runs this.)

One contour panel per 2-D landscape (log scale: log(1 + f - min f over the panel)), with the
labelled critical points marked by kind: minima (gold stars), strict saddles (red crosses),
degenerate saddles (magenta plus), maxima (cyan triangles).
"""
import csv
import sys
from collections import OrderedDict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

STYLE = {
    "minimum": ("*", "gold", 15, "minimum"),
    "strict_saddle": ("X", "red", 11, "strict saddle"),
    "degenerate": ("P", "magenta", 12, "degenerate saddle"),
    "maximum": ("^", "cyan", 10, "maximum"),
}
PLURAL = {"minimum": "minima", "strict_saddle": "strict saddles", "degenerate": "degenerate saddles",
          "maximum": "maxima"}


def counted(kind, count):
    return f"{count} {STYLE[kind][3] if count == 1 else PLURAL[kind]}"


def main(out):
    grids = OrderedDict()
    points = OrderedDict()
    for row in csv.DictReader(sys.stdin):
        name = row["landscape"]
        grids.setdefault(name, [])
        points.setdefault(name, [])
        if row["record"] == "grid":
            grids[name].append((float(row["x"]), float(row["y"]), float(row["f"])))
        else:
            points[name].append((float(row["x"]), float(row["y"]), float(row["f"]), row["kind"], int(row["index"])))
    cols = 3
    lines = (len(grids) + cols - 1) // cols
    fig, axes = plt.subplots(lines, cols, figsize=(5 * cols, 4.6 * lines))
    seen = set()
    for ax, (name, grid) in zip(axes.flat, grids.items()):
        data = np.array(grid)
        n = int(round(np.sqrt(len(data))))
        x = data[:, 0].reshape(n, n)
        y = data[:, 1].reshape(n, n)
        f = data[:, 2].reshape(n, n)
        level = np.log1p(f - f.min())
        ax.contourf(x, y, level, levels=40, cmap="viridis")
        ax.contour(x, y, level, levels=20, colors="white", linewidths=0.3, alpha=0.6)
        lo, hi = x.min(), x.max()
        for px, py, value, kind, index in points[name]:
            if not (lo <= px <= hi and lo <= py <= hi):
                continue
            marker, color, size, label = STYLE[kind]
            ax.plot(px, py, marker, color=color, ms=size, mec="black",
                    label=label if kind not in seen else None)
            seen.add(kind)
        counts = {k: sum(1 for p in points[name] if p[3] == k) for k in STYLE}
        ax.set_title(f"{name}\n" + ", ".join(counted(k, c) for k, c in counts.items() if c), fontsize=9)
        ax.set_xlim(lo, hi)
        ax.set_ylim(lo, hi)
        ax.set_aspect("equal")
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(grids):]:
        ax.axis("off")
    handles, labels = [], []
    for ax in axes.flat:
        h, lab = ax.get_legend_handles_labels()
        handles += h
        labels += lab
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=10)
    fig.suptitle("saddle's 2-D landscapes and their labelled critical points "
                 "(colour: log(1 + f - min f) over the panel)", fontsize=12)
    fig.tight_layout(rect=(0, 0.04, 1, 0.97))
    fig.savefig(out, dpi=70)
    print("wrote", out)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
