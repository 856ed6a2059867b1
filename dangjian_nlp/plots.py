"""Plots with Chinese labels: region × practice heatmap, cluster map of reports.

matplotlib's default fonts have no Chinese glyphs (labels come out as boxes), and a
researcher's machine or CI may have no CJK font installed. The package ships one (a GB2312
subset of Droid Sans Fallback, Apache-2.0, ``data/fonts``) and registers it with
matplotlib's font manager when a plot is first drawn, never at import. Each plot draws
with a font list that puts that font first and DejaVu Sans after it,
so the caller's own rcParams are left as they were; `use_cjk_font()` makes it the default
for a whole notebook.
"""
from __future__ import annotations

import functools
from contextlib import contextmanager
from typing import Optional

from .resources import data_path

FONT_FILE = "fonts/DangjianCJKSans-Regular.ttf"
FONT_FAMILY = "Dangjian CJK Sans"


@functools.cache
def cjk_font_path() -> str:
    """Path of the shipped CJK font, registered with matplotlib on first call."""
    from matplotlib import font_manager

    path = str(data_path(FONT_FILE))
    font_manager.fontManager.addfont(path)
    return path


def font_family() -> list[str]:
    """The font list plots use: the shipped CJK font, then matplotlib's default sans."""
    cjk_font_path()
    return [FONT_FAMILY, "DejaVu Sans"]


def use_cjk_font() -> str:
    """Make the CJK font matplotlib's default for this session (e.g. at a notebook's top)."""
    import matplotlib as mpl

    mpl.rcParams["font.family"] = font_family()
    mpl.rcParams["axes.unicode_minus"] = False
    return FONT_FAMILY


@contextmanager
def cjk_context():
    """rcParams for one plot: CJK font first, ASCII minus (the CJK font has no U+2212).

    Only these two keys are set and restored: ``matplotlib.rc_context`` restores every
    key, which turns a notebook's interactive mode off again when the inline backend was
    first resolved inside it (and later figures no longer show).
    """
    import matplotlib as mpl

    new = {"font.family": font_family(), "axes.unicode_minus": False}
    old = {k: mpl.rcParams[k] for k in new}
    mpl.rcParams.update(new)
    try:
        yield
    finally:
        mpl.rcParams.update(old)


def _wide(table, value: str, index: str, columns: str):
    """A wide region × type table from tidy `compare.region_practices` output (or as is)."""
    if {index, columns, value} <= set(getattr(table, "columns", [])):
        return table.pivot_table(index=index, columns=columns, values=value, aggfunc="sum",
                                 fill_value=0, sort=False)
    return table


def practice_heatmap(table, *, value: str = "share", index: str = "region",
                     columns: str = "label", ax=None, annot: bool = True, cmap: str = "YlOrRd",
                     title: Optional[str] = "各地党建实践类型分布"):
    """Heatmap of region × practice type; returns the matplotlib Axes.

    `table` is `compare.region_practices(...)` (tidy; `value` picks share/sections/documents,
    `columns="type"` for ids instead of Chinese labels) or any wide DataFrame.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    wide = _wide(table, value, index, columns)
    if wide.shape[0] == 0 or wide.shape[1] == 0:
        raise ValueError("nothing to plot: the table is empty")
    with cjk_context():
        if ax is None:
            _, ax = plt.subplots(figsize=(2.0 + 0.8 * wide.shape[1], 1.8 + 0.45 * wide.shape[0]))
        fmt = ".2f" if wide.to_numpy().dtype.kind == "f" else "d"
        sns.heatmap(wide, ax=ax, annot=annot, fmt=fmt, cmap=cmap, linewidths=0.5,
                    cbar_kws={"shrink": 0.6}, annot_kws={"fontsize": 8})
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.tick_params(axis="y", rotation=0)  # Chinese names read across, not down
        plt.setp(ax.get_xticklabels(), rotation=40, ha="right", rotation_mode="anchor")
        if title:
            ax.set_title(title)
        ax.figure.tight_layout()
    return ax


def cluster_map(profile, *, clusters=None, row_labels=None, metric: str = "euclidean",
                method: str = "average", cmap: str = "Blues",
                title: Optional[str] = "报告聚类图"):
    """Hierarchically clustered map of reports × practice types (seaborn clustermap).

    `profile` is a wide table, e.g. `practices.practice_profile(..., labels=True)`;
    `clusters` (a label per row, e.g. `PracticeClusterer.labels_`) colours the rows;
    `row_labels` renames them (e.g. region names). Returns the seaborn ClusterGrid.
    """
    import pandas as pd
    import seaborn as sns

    data = profile.copy()
    if row_labels is not None:
        data.index = list(row_labels)
    data = data.loc[:, (data != 0).any(axis=0)] if data.shape[0] else data
    if data.shape[0] < 2 or data.shape[1] < 2:
        raise ValueError(f"a cluster map needs at least 2 rows and 2 non-empty columns, got {data.shape}")
    row_colors = None
    if clusters is not None:
        clusters = list(clusters)
        if len(clusters) != data.shape[0]:
            raise ValueError(f"{len(clusters)} cluster labels for {data.shape[0]} rows")
        palette = sns.color_palette("Set2", max(len(set(clusters)), 1))
        colour = {c: palette[i] for i, c in enumerate(sorted(set(clusters), key=str))}
        row_colors = pd.Series([colour[c] for c in clusters], index=data.index, name="聚类")
    with cjk_context():
        grid = sns.clustermap(data, metric=metric, method=method, cmap=cmap, row_colors=row_colors,
                              figsize=(2.5 + 0.7 * data.shape[1], 2.5 + 0.4 * data.shape[0]),
                              dendrogram_ratio=(0.15, 0.12), cbar_pos=(0.02, 0.85, 0.03, 0.1))
        grid.ax_heatmap.tick_params(axis="y", rotation=0)
        grid.ax_heatmap.set_ylabel("")
        grid.ax_heatmap.set_xlabel("")
        if title:
            grid.ax_col_dendrogram.set_title(title)
    return grid
