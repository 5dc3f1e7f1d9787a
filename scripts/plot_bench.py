#!/usr/bin/env python3
"""Draws saddle-bench's pictures from the files it wrote into DIR (saddle-bench --out DIR --plot).

  plot_bench.py DIR

Writes into DIR:
  bench_success.png       escape rate (Wilson 95% interval) per method, against dimension when the
                          run had several (one panel per landscape and start kind)
  bench_escape_cost.png   median iterations and gradient + Hessian-vector evaluations to escape
                          against dimension, log-log, with quartile bars (the runs that escaped)
  bench_cost_spread.png   the distribution of iterations to escape (or to solve, for starts away
                          from saddles) per method, one box per method and landscape
  bench_paths_<k>.png     two-dimensional landscapes: every method's paths (first seed) over contours
"""
import csv
import json
import math
import os
import sys
from collections import OrderedDict, defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def panels(n):
    cols = min(n, 3)
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(5.2 * cols, 3.9 * rows), squeeze=False)
    flat = [ax for row in axes for ax in row]
    for ax in flat[n:]:
        ax.set_visible(False)
    return fig, flat[:n]


def ordered(items):
    return list(OrderedDict.fromkeys(items))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    with open(os.path.join(out, "results.json")) as f:
        results = json.load(f)
    summary = results["summary"]
    runs = results["runs"]
    methods = ordered(s["method"] for s in summary)
    groups = ordered((s["landscape"], s["start"]) for s in summary)
    palette = plt.cm.tab10 if len(methods) <= 10 else plt.cm.tab20
    colors = {m: palette(i % palette.N) for i, m in enumerate(methods)}
    written = []

    # 1. Escape rate per method (against dimension when there are several).
    escape_groups = [g for g in groups if any(s["escaped"]["trials"] > 0 for s in summary
                                              if (s["landscape"], s["start"]) == g)]
    if escape_groups:
        fig, axes = panels(len(escape_groups))
        for ax, (landscape, start) in zip(axes, escape_groups):
            cells = [s for s in summary if (s["landscape"], s["start"]) == (landscape, start)]
            dims = sorted({s["dimension"] for s in cells})
            if len(dims) > 1:
                for m in methods:
                    pts = sorted((s["dimension"], s["escaped"]) for s in cells if s["method"] == m
                                 and s["escaped"]["trials"] > 0)
                    if not pts:
                        continue
                    d = np.array([p[0] for p in pts], dtype=float)
                    rate = np.array([p[1]["rate"] for p in pts])
                    lo = rate - np.array([p[1]["low"] for p in pts])
                    hi = np.array([p[1]["high"] for p in pts]) - rate
                    ax.errorbar(d, 100 * rate, yerr=100 * np.vstack([lo, hi]), marker="o", capsize=3,
                                label=m, color=colors[m])
                ax.set_xscale("log")
                ax.set_xlabel("dimension d")
            else:
                xs = np.arange(len(methods))
                for i, m in enumerate(methods):
                    cell = [s for s in cells if s["method"] == m and s["escaped"]["trials"] > 0]
                    if not cell:
                        continue
                    r = cell[0]["escaped"]
                    ax.bar(i, 100 * r["rate"], color=colors[m])
                    ax.errorbar(i, 100 * r["rate"], yerr=[[100 * (r["rate"] - r["low"])], [100 * (r["high"] - r["rate"])]],
                                color="black", capsize=3)
                ax.set_xticks(xs)
                ax.set_xticklabels(methods, rotation=60, ha="right", fontsize=7)
                ax.set_xlabel(f"d = {dims[0]}")
            ax.set_ylim(-5, 105)
            ax.set_ylabel("escaped (%), Wilson 95% CI")
            ax.set_title(f"{landscape}, start {start}", fontsize=9)
        handles, labels = axes[0].get_legend_handles_labels()
        if handles:
            fig.legend(handles, labels, loc="lower center", ncol=min(len(labels), 5), fontsize=7)
            fig.subplots_adjust(bottom=0.2)
        fig.tight_layout(rect=(0, 0.08 if handles else 0, 1, 1))
        path = os.path.join(out, "bench_success.png")
        fig.savefig(path, dpi=120)
        plt.close(fig)
        written.append(path)

    # 2. Cost to escape against dimension (log-log), medians with quartile bars.
    multi = [g for g in escape_groups if len({s["dimension"] for s in summary if (s["landscape"], s["start"]) == g}) > 1]
    if multi:
        fig, axes = plt.subplots(len(multi), 2, figsize=(11, 3.9 * len(multi)), squeeze=False)
        for row, (landscape, start) in zip(axes, multi):
            for m in methods:
                per_dim = defaultdict(lambda: ([], []))
                for r in runs:
                    if (r["method"], r["landscape"], r["start"]) != (m, landscape, start) or not r["escape"]["escaped"]:
                        continue
                    e = r["escape"]
                    per_dim[r["dimension"]][0].append(max(e["iteration"], 0.5))
                    per_dim[r["dimension"]][1].append(max(e["gradient_evaluations"] + e["hvp_evaluations"], 0.5))
                if not per_dim:
                    continue
                dims = sorted(per_dim)
                for ax, k in zip(row, (0, 1)):
                    q = np.array([np.percentile(per_dim[d][k], [25, 50, 75]) for d in dims])
                    ax.errorbar(dims, q[:, 1], yerr=[q[:, 1] - q[:, 0], q[:, 2] - q[:, 1]], marker="o", capsize=3,
                                label=m, color=colors[m])
            for ax, what in zip(row, ("iterations to escape", "gradient + Hv evaluations to escape")):
                ax.set_xscale("log")
                ax.set_yscale("log")
                ax.set_xlabel("dimension d")
                ax.set_ylabel(what)
                ax.set_title(f"{landscape}, start {start}", fontsize=9)
            row[0].legend(fontsize=7)
        fig.tight_layout()
        path = os.path.join(out, "bench_escape_cost.png")
        fig.savefig(path, dpi=120)
        plt.close(fig)
        written.append(path)

    # 3. The spread of the cost per method: iterations to escape (saddle-based starts) or to solve.
    spread = []
    for landscape, start in groups:
        data = []
        for m in methods:
            vals = []
            for r in runs:
                if (r["method"], r["landscape"], r["start"]) != (m, landscape, start):
                    continue
                event = r["escape"] if r["escape"]["applies"] else r["solve"]
                hit = event.get("escaped", event.get("solved"))
                if hit:
                    vals.append(max(event["iteration"], 0.5))
            data.append(vals)
        if any(data):
            spread.append((landscape, start, data))
    if spread:
        fig, axes = panels(len(spread))
        for ax, (landscape, start, data) in zip(axes, spread):
            positions = [i for i, v in enumerate(data) if v]
            ax.boxplot([data[i] for i in positions], positions=positions, widths=0.6, showfliers=True)
            ax.set_xticks(range(len(methods)))
            ax.set_xticklabels(methods, rotation=60, ha="right", fontsize=7)
            ax.set_yscale("log")
            escape = any(r["escape"]["applies"] for r in runs if (r["landscape"], r["start"]) == (landscape, start))
            ax.set_ylabel("iterations to " + ("escape" if escape else "solve"))
            ax.set_title(f"{landscape}, start {start}", fontsize=9)
        fig.tight_layout()
        path = os.path.join(out, "bench_cost_spread.png")
        fig.savefig(path, dpi=120)
        plt.close(fig)
        written.append(path)

    # 4. Paths over contours on the two-dimensional landscapes.
    paths_file = os.path.join(out, "trajectories.csv")
    if os.path.exists(paths_file):
        paths = defaultdict(list)
        with open(paths_file) as f:
            for row in csv.DictReader(f):
                paths[(row["landscape"], row["method"], row["start"], row["point"])].append(
                    (float(row["x"]), float(row["y"])))
        grids = defaultdict(list)
        with open(os.path.join(out, "contours.csv")) as f:
            for row in csv.DictReader(f):
                grids[row["landscape"]].append((float(row["x"]), float(row["y"]), float(row["value"])))
        points = defaultdict(list)
        with open(os.path.join(out, "points.csv")) as f:
            for row in csv.DictReader(f):
                points[row["landscape"]].append(row)
        for k, (landscape, start_kind) in enumerate(ordered((key[0], key[2]) for key in paths)):
            g = np.array(grids[landscape])
            n = int(round(math.sqrt(len(g))))
            xs = g[:, 0].reshape(n, n)
            ys = g[:, 1].reshape(n, n)
            zs = g[:, 2].reshape(n, n)
            # Contours of a signed log of f - min f: the basins and the saddles between them both show.
            z = np.log1p(zs - zs.min())
            fig, axes = panels(len(methods))
            for ax, m in zip(axes, methods):
                ax.contour(xs, ys, z, levels=25, cmap="Greys", linewidths=0.5)
                for (ls, mm, start, point), path in paths.items():
                    if ls != landscape or mm != m or start != start_kind:
                        continue
                    p = np.array(path)
                    ax.plot(p[:, 0], p[:, 1], "-", lw=1.0, color=colors[m])
                    ax.plot(p[0, 0], p[0, 1], "o", ms=3, color=colors[m])
                    ax.plot(p[-1, 0], p[-1, 1], "x", ms=5, color="black")
                for row in points[landscape]:
                    marker = {"minimum": "*", "strict_saddle": "s", "degenerate": "D", "maximum": "^"}.get(row["kind"], ".")
                    ax.plot(float(row["x"]), float(row["y"]), marker, ms=6, color="tab:red", mfc="none")
                ax.set_xlim(xs.min(), xs.max())
                ax.set_ylim(ys.min(), ys.max())
                ax.set_title(m, fontsize=9)
            fig.suptitle(f"{landscape}, start {start_kind}: paths of the first seed (o start, x end; red: labelled points)",
                         fontsize=10)
            fig.tight_layout()
            path = os.path.join(out, f"bench_paths_{k + 1}.png")
            fig.savefig(path, dpi=110)
            plt.close(fig)
            written.append(path)

    for path in written:
        print("wrote", path)


if __name__ == "__main__":
    main()
