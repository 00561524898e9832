"""The lateness histogram: one panel per schedule count, one line per contender, log-scaled lateness."""

from __future__ import annotations

import math
from pathlib import Path

COLOURS = {"ours": "tab:blue", "tomodachi": "tab:red", "floor": "tab:gray"}


def plot_lateness(samples: dict[str, list[float]], path: Path) -> Path | None:
    """Draw `samples` ({"contender ×count": [seconds]}) into `path`; None when there is nothing to draw."""
    samples = {label: values for label, values in samples.items() if values}
    if not samples:
        return None
    try:
        import matplotlib
    except ImportError:  # the page then says the plot is missing and why
        return None

    matplotlib.use("Agg")  # files only: no display on CI or over ssh
    from matplotlib import pyplot

    counts = sorted(
        {label.split(" ×")[1] for label in samples}, key=lambda c: int(c.replace(",", ""))
    )
    figure, axes = pyplot.subplots(len(counts), 1, figsize=(8, 2.6 * len(counts)), squeeze=False)
    bins = log_bins(samples)
    for axis, count in zip(axes[:, 0], counts):
        for label, values in samples.items():
            name, label_count = label.split(" ×")
            if label_count == count:
                axis.hist(
                    [max(v, 1e-6) * 1000 for v in values],
                    bins=bins,
                    histtype="step",
                    linewidth=1.5,
                    label=name,
                    color=COLOURS.get(name),
                    weights=[100 / len(values)] * len(values),
                )
        axis.set_xscale("log")
        axis.set_title(
            f"{count} schedule{'' if count == '1' else 's'} firing every second", fontsize=10
        )
        axis.set_ylabel("% of fires")
        axis.legend(fontsize=8)
    axes[-1, 0].set_xlabel("lateness: handler entry − nominal instant (ms, log scale)")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    pyplot.close(figure)
    return path


def log_bins(samples: dict[str, list[float]], per_decade: int = 12) -> list[float]:
    """Bin edges in ms, evenly spaced on a log scale over every sample."""
    values = [max(v, 1e-6) * 1000 for vs in samples.values() for v in vs]
    low = math.floor(math.log10(min(values)))
    high = math.ceil(math.log10(max(values))) + (1 if max(values) == min(values) else 0)
    steps = (high - low) * per_decade
    return [10 ** (low + i / per_decade) for i in range(steps + 1)]
