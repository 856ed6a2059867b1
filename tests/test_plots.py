"""Plots render Chinese labels with the shipped CJK font, not boxes."""
from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from dangjian_nlp import plots  # noqa: E402

# fmt: off
TIDY = pd.DataFrame([
    {"region": r, "type": t, "label": lab, "sections": n, "documents": 1, "share": s}
    for r, rows in {
        "山丹县": [("leadership", "领导体制", 2, 0.4), ("equity", "教育公平与关爱", 3, 0.6)],
        "潍坊高新区": [("leadership", "领导体制", 1, 0.2), ("equity", "教育公平与关爱", 0, 0.0),
                    ("members", "党员队伍", 4, 0.8)],
        "和平区": [("members", "党员队伍", 1, 1.0)],
    }.items()
    for t, lab, n, s in rows
])
PROFILE = pd.DataFrame({"领导体制": [0.5, 0.1, 0.0, 0.3], "党员队伍": [0.2, 0.6, 0.5, 0.1],
                        "教育公平与关爱": [0.3, 0.3, 0.5, 0.6]},
                       index=["a", "b", "c", "d"])
# fmt: on


def _text_fonts(fig):
    from matplotlib import font_manager

    fig.canvas.draw()
    out = {}
    for t in fig.findobj(matplotlib.text.Text):
        s = t.get_text()
        if any("\u4e00" <= ch <= "\u9fff" for ch in s):
            found = font_manager.findfont(t.get_fontproperties())
            out[s] = str(getattr(found, "path", found))  # FontPath (matplotlib ≥ 3.11) or str
    return out


def test_shipped_font_is_registered():
    path = plots.cjk_font_path()
    assert path.endswith("DangjianCJKSans-Regular.ttf")
    from matplotlib import font_manager

    assert any(f.fname == path for f in font_manager.fontManager.ttflist)


def test_heatmap_uses_cjk_font_without_missing_glyphs():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax = plots.practice_heatmap(TIDY)
        fonts = _text_fonts(ax.figure)
    assert not [w for w in caught if "Glyph" in str(w.message) or "missing" in str(w.message)]
    assert "山丹县" in fonts and "领导体制" in fonts and "各地党建实践类型分布" in fonts
    assert set(fonts.values()) == {plots.cjk_font_path()}
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["山丹县", "潍坊高新区", "和平区"]  # regions in table order
    matplotlib.pyplot.close("all")


def test_heatmap_counts_and_empty():
    ax = plots.practice_heatmap(TIDY, value="sections", columns="type", title=None)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["leadership", "equity", "members"]
    with pytest.raises(ValueError):
        plots.practice_heatmap(TIDY.iloc[0:0])
    matplotlib.pyplot.close("all")


def test_cluster_map_uses_cjk_font():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        grid = plots.cluster_map(PROFILE, clusters=[0, 1, 1, 0],
                                 row_labels=["叙州区", "番禺区", "昆山市", "湄潭县"])
        fonts = _text_fonts(grid.figure)
    assert not [w for w in caught if "Glyph" in str(w.message)]
    assert {"叙州区", "教育公平与关爱", "报告聚类图"} <= set(fonts)
    assert set(fonts.values()) == {plots.cjk_font_path()}
    assert len(grid.dendrogram_row.reordered_ind) == 4
    matplotlib.pyplot.close("all")


def test_cluster_map_rejects_bad_input():
    with pytest.raises(ValueError):
        plots.cluster_map(PROFILE.iloc[:1])
    with pytest.raises(ValueError):
        plots.cluster_map(PROFILE, clusters=[0, 1])


def test_rc_params_left_alone():
    before = list(matplotlib.rcParams["font.family"])
    plots.practice_heatmap(TIDY)
    assert list(matplotlib.rcParams["font.family"]) == before
    matplotlib.pyplot.close("all")
