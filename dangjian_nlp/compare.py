"""Comparing reports across regions: tidy pandas tables over `to_frames` output and texts.

- `region_practices`: region × practice type (sections, documents, mean share);
- `slogan_atlas`: which regions use which slogans, with their items side by side;
- `region_figures`: what each region counts, per object and unit;
- `kwic`: keyword-in-context for any slogan or term;
- `term_frequency` and `keyness`: the quanteda workflow (dfm → textstat_frequency →
  textstat_keyness) on Segmenter tokens, in pandas.

Every function returns a long ("tidy") DataFrame: one row per observation, so
``df.pivot_table(...)`` or seaborn take it as it is.

    >>> import dangjian_nlp as dj
    >>> frames = dj.to_frames(dj.extract_many(["corpora/"]))     # doctest: +SKIP
    >>> region_practices(frames).head()                           # doctest: +SKIP
"""
from __future__ import annotations

import math
from typing import Iterable, Optional

import regex

LEVELS = ("province", "city", "county")


# -- regions -------------------------------------------------------------------------
def region_labels(documents, level: str = "county"):
    """One region name per document (a Series indexed by doc_id), most specific first.

    level="county": county, else the development zone, else city, else province;
    "city": city, else province; "province". Documents without a region get "(未知)".

    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "province": ["山东省", "天津市"],
    ...                      "city": ["潍坊市", "天津市"], "county": [None, "和平区"],
    ...                      "zone": ["潍坊高新区", None]})
    >>> region_labels(docs).tolist(), region_labels(docs, "city").tolist()
    (['潍坊高新区', '和平区'], ['潍坊市', '天津市'])
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    order = {"county": ["county", "zone", "city", "province"],
             "city": ["city", "province"], "province": ["province"]}[level]
    docs = documents.set_index("doc_id")
    out = None
    for col in order:
        if col not in docs.columns:
            continue
        vals = docs[col].where(docs[col].notna() & (docs[col].astype(str).str.len() > 0))
        out = vals if out is None else out.fillna(vals)
    if out is None:
        out = docs.index.to_series().map(lambda _: None)
    return out.fillna("(未知)").rename("region")


def _frames(frames_or_records) -> dict:
    if isinstance(frames_or_records, dict) and "documents" in frames_or_records:
        return frames_or_records
    from .store import to_frames

    return to_frames(frames_or_records)


def _with_region(df, frames: dict, level: str):
    reg = region_labels(frames["documents"], level)
    return df.assign(region=df["doc_id"].map(reg).fillna("(未知)"))


# -- practices -------------------------------------------------------------------------
def region_practices(frames, level: str = "county"):
    """Region × practice type: sections tagged, documents touching it, mean share of text.

    Columns: region, type, label, sections, documents, share (the mean over the region's
    documents of `practice_profile`'s share, so regions with more reports don't weigh more).
    Every (region, type) pair is present, zeros included; unreadable documents are left out.
    """
    import pandas as pd

    from .practices import load_taxonomy, practice_profile, type_labels

    frames = _frames(frames)
    pr = frames["practices"]
    docs = frames["documents"]
    if "error" in docs.columns:  # a report that could not be read has no practices to share
        docs = docs[docs["error"].isna()]
    regions = region_labels(docs, level)
    types = list(load_taxonomy())
    extra = [t for t in pr["type"].dropna().unique() if t not in types] if len(pr) else []
    types += extra
    grid = pd.MultiIndex.from_product([sorted(regions.unique()), types], names=["region", "type"])
    if len(pr):
        pr = _with_region(pr, frames, level)
        counts = pr.groupby(["region", "type"]).agg(sections=("doc_id", "size"),
                                                     documents=("doc_id", "nunique"))
        prof = practice_profile(pr).reindex(regions.index, fill_value=0.0)
        share = prof.groupby(regions.reindex(prof.index)).mean().stack()
        share.index.names = ["region", "type"]
    else:
        counts = pd.DataFrame(columns=["sections", "documents"])
        share = pd.Series(dtype=float)
    out = counts.reindex(grid, fill_value=0)
    out["share"] = share.reindex(grid).fillna(0.0).round(4)
    out = out.reset_index()
    out.insert(2, "label", out["type"].map(type_labels()).fillna(out["type"]))
    return out.astype({"sections": int, "documents": int})


# -- slogans ------------------------------------------------------------------------------
def _join_items(items) -> Optional[str]:
    if items is None or (isinstance(items, float) and math.isnan(items)):
        return None
    items = list(items)
    return " / ".join(str(i) for i in items) if items else None


def slogan_atlas(frames, level: str = "county", *, slogans: Optional[Iterable[str]] = None,
                 min_regions: int = 1):
    """Which regions use which slogans, and what each means by it (items side by side).

    Columns: slogan, regions (how many regions use it), region, doc_id, numbers, head,
    items (" / "-joined), n_items, mentions, parent. Sorted by how widely a slogan is used.
    `slogans` picks some; `min_regions=2` keeps the shared ones only.
    """
    import pandas as pd

    frames = _frames(frames)
    sl = frames["slogans"]
    cols = ["slogan", "regions", "region", "doc_id", "numbers", "head", "items", "n_items",
            "mentions", "parent"]
    if sl.empty:
        return pd.DataFrame(columns=cols)
    sl = _with_region(sl, frames, level)
    if slogans is not None:
        sl = sl[sl["text"].isin(list(slogans))]
    out = pd.DataFrame({
        "slogan": sl["text"], "region": sl["region"], "doc_id": sl["doc_id"],
        "numbers": sl["numbers"], "head": sl["head"],
        "items": sl["items"].map(_join_items),
        "n_items": sl["items"].map(lambda v: len(v) if isinstance(v, (list, tuple)) else 0),
        "mentions": sl["mentions"], "parent": sl.get("parent_text"),
    })
    out["regions"] = out.groupby("slogan")["region"].transform("nunique")
    out = out[out["regions"] >= min_regions]
    return (out.sort_values(["regions", "slogan", "region"], ascending=[False, True, True])
               .reset_index(drop=True)[cols])


# -- figures ------------------------------------------------------------------------------
def region_figures(frames, level: str = "county", *, by: str = "object"):
    """What each region counts: one row per (region, `by`, unit) with n, total, max, examples.

    `by` is a figure column (object, slogan_text, section). Percent and ratio figures are
    not summed (total is NaN for them).
    """
    import pandas as pd

    frames = _frames(frames)
    fg = frames["figures"]
    cols = ["region", by, "unit", "n", "total", "max", "examples"]
    if fg.empty:
        return pd.DataFrame(columns=cols)
    fg = _with_region(fg, frames, level).copy()
    fg[by] = fg[by].fillna("(未注明)")
    fg["unit"] = fg["unit"].fillna("")
    g = fg.groupby(["region", by, "unit"], sort=True)
    out = g.agg(n=("value", "size"), total=("value", "sum"), max=("value", "max"),
                examples=("text", lambda s: "、".join(list(dict.fromkeys(s))[:3]))).reset_index()
    out.loc[out["unit"].isin(["%", "ratio"]), "total"] = float("nan")
    return out[cols]


# -- texts: KWIC, frequency, keyness -------------------------------------------------
def corpus_texts(inputs, **kwargs):
    """doc_id and normalized (simplified) body text of each readable input: a DataFrame.

    Reads what `extract_many` reads (files, folders, archives, raw texts), so the doc_ids
    match the record tables.
    """
    import pandas as pd

    from .corpus import read
    from .structure import make_document

    rows = []
    for item in read(inputs if not isinstance(inputs, (str, bytes)) else [inputs], **kwargs):
        if item.error or not item.text:
            continue
        doc = make_document(item.text, item.doc_id)
        rows.append({"doc_id": item.doc_id, "text": doc.body or doc.text})
    return pd.DataFrame(rows, columns=["doc_id", "text"])


def _texts(texts):
    """(doc_ids, texts) from a DataFrame (doc_id, text), a dict or a list of strings."""
    import pandas as pd

    if isinstance(texts, pd.DataFrame):
        return list(texts["doc_id"]), list(texts["text"])
    if isinstance(texts, pd.Series):
        return list(texts.index), list(texts)
    if isinstance(texts, dict):
        return list(texts), list(texts.values())
    if isinstance(texts, str):
        raise TypeError("texts is a collection of texts, not one text")
    texts = list(texts)
    return list(range(len(texts))), texts


def kwic(texts, pattern: str, window: int = 15, *, regex_: bool = False):
    """Keyword in context: every occurrence of `pattern` with `window` characters each side.

    Columns: doc_id, start, end (offsets into the given text), left, keyword, right.
    The pattern is literal unless `regex_=True`; traditional input should be normalized
    first (`corpus_texts` does that), so one simplified query finds both scripts.

    >>> kwic({"a": "全面实施“双培养”工程,把骨干教师培养成党员。"}, "双培养", window=4)
      doc_id  start  end  left keyword right
    0      a      5    8  面实施“     双培养  ”工程,
    """
    import pandas as pd

    if not pattern:
        raise ValueError("empty pattern")
    pat = regex.compile(pattern if regex_ else regex.escape(pattern))
    rows = []
    for doc_id, text in zip(*_texts(texts)):
        if not isinstance(text, str):
            continue
        for m in pat.finditer(text):
            s, e = m.span()
            left = text[max(0, s - window):s].replace("\n", " ")
            right = text[e:e + window].replace("\n", " ")
            rows.append({"doc_id": doc_id, "start": s, "end": e, "left": left,
                         "keyword": m.group(), "right": right})
    return pd.DataFrame(rows, columns=["doc_id", "start", "end", "left", "keyword", "right"])


def _group_of(doc_ids, groups):
    import pandas as pd

    if isinstance(groups, dict):
        return [groups.get(d) for d in doc_ids]
    if isinstance(groups, pd.Series):
        if set(doc_ids) <= set(groups.index):
            return [groups.get(d) for d in doc_ids]
        return list(groups)
    return list(groups)


def term_counts(texts, groups, *, segmenter=None, keep: Iterable[str] = ()):
    """Long table group, term, count, docs (the dfm grouped, in tidy form)."""
    import pandas as pd

    from .segment import Segmenter

    seg = segmenter or Segmenter()
    doc_ids, docs = _texts(texts)
    labels = _group_of(doc_ids, groups)
    if len(labels) != len(docs):
        raise ValueError(f"{len(labels)} group labels for {len(docs)} texts")
    keep = tuple(keep)
    rows = []
    for doc_id, text, g in zip(doc_ids, docs, labels):
        if g is None or not isinstance(text, str):
            continue
        for tok in seg.tokens(text, keep=keep):
            rows.append((g, tok, doc_id))
    df = pd.DataFrame(rows, columns=["group", "term", "doc_id"])
    return (df.groupby(["group", "term"]).agg(count=("doc_id", "size"), docs=("doc_id", "nunique"))
              .reset_index())


def term_frequency(texts, groups, n: int = 20, **kwargs):
    """quanteda's textstat_frequency by group: each group's top `n` terms.

    Columns: group, rank, term, count, docs, per_10k (count per 10,000 tokens of the group).
    `groups`: a label per text (list, or Series/dict keyed by doc_id).
    """
    c = term_counts(texts, groups, **kwargs)
    if c.empty:
        return c.assign(rank=[], per_10k=[])[["group", "rank", "term", "count", "docs", "per_10k"]]
    total = c.groupby("group")["count"].transform("sum")
    c = c.assign(per_10k=(c["count"] / total * 1e4).round(1))
    c = c.sort_values(["group", "count", "term"], ascending=[True, False, True])
    c["rank"] = c.groupby("group").cumcount() + 1
    return c[c["rank"] <= n][["group", "rank", "term", "count", "docs", "per_10k"]].reset_index(drop=True)


def keyness(texts, groups, target, *, measure: str = "chi2", correction: bool = True,
            min_count: int = 2, **kwargs):
    """quanteda's textstat_keyness: terms over-used by the `target` group against the rest.

    For each term a 2×2 table (target/reference × term/other terms) gives `chi2` (Yates
    corrected, signed: negative when the reference uses the term more) or `G2`
    (log-likelihood), with its p value. Columns: term, n_target, n_reference, keyness, p.
    Sorted from the most characteristic term of the target to the least.
    """
    import numpy as np
    import pandas as pd
    from scipy.stats import chi2 as chi2_dist

    if measure not in ("chi2", "G2"):
        raise ValueError("measure is 'chi2' or 'G2'")
    c = term_counts(texts, groups, **kwargs)
    if target not in set(c["group"]):
        raise ValueError(f"target group {target!r} has no texts (groups: {sorted(set(c['group']))})")
    is_t = c["group"] == target
    a = c[is_t].groupby("term")["count"].sum()
    b = c[~is_t].groupby("term")["count"].sum()
    terms = a.index.union(b.index)
    a = a.reindex(terms, fill_value=0).astype(float)
    b = b.reindex(terms, fill_value=0).astype(float)
    keep = (a + b) >= min_count
    a, b = a[keep], b[keep]
    A, B = a.sum(), b.sum()
    # 2×2 per term: [[a, A-a], [b, B-b]]
    c_, d_ = A - a, B - b
    n = A + B
    if measure == "chi2":
        diff = (a * d_ - c_ * b).abs()
        if correction:
            diff = (diff - n / 2).clip(lower=0)
        stat = n * diff ** 2 / ((a + b) * (c_ + d_) * (a + c_) * (b + d_)).replace(0, np.nan)
    else:
        def part(o, e):
            return np.where(o > 0, o * np.log(np.where(o > 0, o, 1) / e), 0.0)

        ea, eb = (a + b) * A / n, (a + b) * B / n
        ec, ed = (c_ + d_) * A / n, (c_ + d_) * B / n
        stat = 2 * (part(a, ea) + part(b, eb) + part(c_, ec) + part(d_, ed))
        stat = pd.Series(stat, index=a.index)
    sign = np.sign(a / max(A, 1) - b / max(B, 1))
    stat = stat.fillna(0.0) * sign.replace(0, 1)
    out = pd.DataFrame({"term": a.index, "n_target": a.astype(int).values,
                        "n_reference": b.astype(int).values, "keyness": stat.round(3).values,
                        "p": chi2_dist.sf(stat.abs().values, 1).round(5)})
    return out.sort_values(["keyness", "term"], ascending=[False, True]).reset_index(drop=True)
