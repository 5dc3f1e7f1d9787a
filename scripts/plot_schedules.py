#!/usr/bin/env python3
"""Draws docs/images/schedules.png from the CSV that the schedule_gallery example prints.

usage: schedule_gallery | plot_schedules.py OUTPUT.png
(scripts/docs_images.sh builds the example and runs this.)
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(out):
    rows = list(csv.reader(sys.stdin))
    header, data = rows[0], rows[1:]
    steps = [int(r[0]) for r in data]
    names = header[1:]
    cols = 4
    lines = (len(names) + cols - 1) // cols
    fig, axes = plt.subplots(lines, cols, figsize=(4 * cols, 2.6 * lines), sharex=True)
    for i, name in enumerate(names):
        ax = axes.flat[i]
        ax.plot(steps, [float(r[i + 1]) for r in data], color="tab:red" if "momentum" in name else "tab:blue")
        ax.set_title(name, fontsize=8)
        ax.grid(True, alpha=0.3)
        ax.tick_params(labelsize=7)
    for j in range(len(names), lines * cols):
        axes.flat[j].axis("off")
    fig.suptitle("saddle's learning-rate schedules, base lr 0.1 (lr for update k = schedule(k, 0.1))", fontsize=11)
    fig.tight_layout()
    fig.savefig(out, dpi=90)
    print("wrote", out)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
