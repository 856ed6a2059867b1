"""Practice types per section, each report's practice profile, and clusters of reports.

Three scikit-learn estimators (``fit`` / ``transform`` / ``predict``, composable in a Pipeline):

- `TaxonomyClassifier`: each text (a section) → its practice types, scored by weighted
  indicative terms from an editable taxonomy (``taxonomy/terms.tsv`` + ``types.tsv``, or a
  user's own file). A type needs real support: a decisive term, or several indicative ones;
  a passing word is not enough. With labels, ``fit`` tunes each type's threshold.
- `PracticeClusterer`: TF-IDF on `Segmenter` tokens + a clustering estimator (KMeans by
  default), reporting each cluster's top terms; near-empty texts are skipped with a reason.
- `tag_practices(doc)`: what the pipeline calls: one `Practice` per (section, type).

    >>> from dangjian_nlp.practices import TaxonomyClassifier
    >>> clf = TaxonomyClassifier().fit()
    >>> clf.predict_labels(["全面推行党组织领导的校长负责制,健全议事规则和决策程序。"])
    [['leadership']]
"""
from __future__ import annotations

import bisect
import functools
import itertools
import math
import operator
import os
import re
from collections import _count_elements  # Counter's C counting loop

import regex

from . import coded
from .records import Document, Practice
from .resources import data_path, load_table

DEFAULT_TERMS = "taxonomy/terms.tsv"
DEFAULT_TYPES = "taxonomy/types.tsv"

RE_HAN = regex.compile(r"\p{Han}")
RE_BRACKETED = regex.compile(r"^\s*[(（\[【].*[)）\]】]\s*$", regex.S)  # an author or source note
RE_BRACKET_OPEN = regex.compile(r"\s*[(（\[【]")  # how RE_BRACKETED starts


# -- the taxonomy -------------------------------------------------------------------
def _rows(source) -> list[tuple[str, ...]]:
    """TSV rows of a package data file (name under data/) or a user's file (path)."""
    if isinstance(source, str) and not os.path.exists(source) and not data_path(source).is_file():
        raise FileNotFoundError(f"no taxonomy file {source!r} (nor a package data file of that name)")
    if isinstance(source, os.PathLike) or os.path.exists(source):
        with open(source, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
        return [tuple(c.strip() for c in ln.split("\t")) for ln in lines
                if ln.strip() and not ln.lstrip().startswith("#")]
    return list(load_table(source))


def load_taxonomy(terms=None, types=None) -> dict:
    """{type: {"label", "about", "terms": {term: weight}}} from TSV files, in file order.

    `terms` rows are ``type, term[, weight]`` (weight 2 when left out); `types` rows are
    ``type, label[, about]`` (optional for one's own taxonomy: labels default to the ids).
    A dict of the same shape passes through.

    >>> tax = load_taxonomy()
    >>> list(tax)[:3], tax["leadership"]["label"], tax["leadership"]["terms"]["校长负责制"]
    (['leadership', 'organization', 'members'], '领导体制', 4.0)
    """
    if isinstance(terms, dict):
        return terms
    out: dict = {}
    if types is None and terms is None:
        types = DEFAULT_TYPES
    for row in _rows(types) if types else ():
        out[row[0]] = {"label": row[1] if len(row) > 1 else row[0],
                       "about": row[2] if len(row) > 2 else "", "terms": {}}
    for row in _rows(terms or DEFAULT_TERMS):
        if len(row) < 2 or not row[1]:
            raise ValueError(f"taxonomy row needs type and term: {row!r}")
        entry = out.setdefault(row[0], {"label": row[0], "about": "", "terms": {}})
        entry["terms"][row[1]] = float(row[2]) if len(row) > 2 and row[2] else 2.0
    return {k: v for k, v in out.items() if v["terms"]}


@functools.cache
def type_labels() -> dict:
    """{type id: Chinese label} of the shipped taxonomy (for tables and plot axes)."""
    return {k: v["label"] for k, v in load_taxonomy().items()}


# -- the classifier ------------------------------------------------------------------
def _split_item(x) -> tuple[str, str]:
    """A section as (title, body): a str, a (title, body) pair or a mapping with those keys."""
    if isinstance(x, str):
        return "", x
    if isinstance(x, dict):
        return x.get("title") or "", x.get("text") or x.get("body") or ""
    if isinstance(x, (tuple, list)) and len(x) == 2:
        return x[0] or "", x[1] or ""
    raise TypeError(f"a section is a str, a (title, body) pair or a dict, not {type(x).__name__}")


class TermScorer:
    """Multi-label practice classifier over indicative terms, without scikit-learn.

    The engine of `TaxonomyClassifier` (which adds scikit-learn's estimator protocol);
    the extraction pipeline uses this one so that extracting never imports scikit-learn.

    Parameters (stored as given; read in `fit`):
      taxonomy: None for the shipped one, a terms TSV path, or a dict like `load_taxonomy`'s.
      types: a types TSV path (labels) to go with a custom terms file.
      threshold: weighted support a type needs in one text (4 = one decisive term or
        two indicative ones).
      relative: without a decisive term, a type also needs this share of the text's best
        score, so a section about one thing does not get every type it mentions in passing.
      title_weight: extra weight of a term in the section's title (the title is usually part
        of the body too, so a title term counts 1 + title_weight times).
      repeat: extra weight per doubling of a term's mentions (up to 4 mentions).

    `transform` gives the score matrix (n × types), `predict` the 0/1 indicator matrix
    (scikit-learn's multi-label format), `predict_labels` lists of type ids.
    """

    def __init__(self, taxonomy=None, types=None, threshold: float = 4.0,
                 relative: float = 0.25, title_weight: float = 1.0, repeat: float = 0.5):
        self.taxonomy = taxonomy
        self.types = types
        self.threshold = threshold
        self.relative = relative
        self.title_weight = title_weight
        self.repeat = repeat

    def fit(self, X=None, y=None):
        """Load the taxonomy; with labelled texts `y` (lists of type ids or an
        indicator matrix), tune each type's threshold for F1 on them."""
        import numpy as np

        for name in _DERIVED:  # built from the terms of an earlier fit
            self.__dict__.pop(name, None)
        tax = load_taxonomy(self.taxonomy, self.types)
        if not tax:
            raise ValueError("the taxonomy has no types with terms")
        self.taxonomy_ = tax
        self.classes_ = np.array(list(tax))
        self.labels_ = {k: v["label"] for k, v in tax.items()}
        index: dict = {}
        for j, (t, entry) in enumerate(tax.items()):
            for term, w in entry["terms"].items():
                index.setdefault(term, []).append((j, float(w)))
        self.term_index_ = index
        self.terms_ = list(index)
        self.thresholds_ = np.full(len(self.classes_), float(self.threshold))
        if X is not None and y is not None:
            self._tune(X, y)
        return self

    def _tune(self, X, y):

        Y = self._indicator(y)
        S = self.transform(X)
        for j in range(S.shape[1]):
            cands = sorted(set(S[:, j][S[:, j] > 0])) or [self.threshold]
            best = (-1.0, self.threshold)
            for th in cands:
                pred = S[:, j] >= th
                tp = int((pred & (Y[:, j] == 1)).sum())
                p = tp / max(pred.sum(), 1)
                r = tp / max((Y[:, j] == 1).sum(), 1)
                f = 2 * p * r / (p + r) if p + r else 0.0
                if f > best[0]:
                    best = (f, th)
            self.thresholds_[j] = best[1]

    def _indicator(self, y):
        import numpy as np

        if hasattr(y, "shape") and len(getattr(y, "shape", ())) == 2:
            return np.asarray(y, dtype=int)
        pos = {t: j for j, t in enumerate(self.classes_)}
        Y = np.zeros((len(y), len(self.classes_)), dtype=int)
        for i, labels in enumerate(y):
            for t in labels:
                if t not in pos:
                    raise ValueError(f"label {t!r} is not a type of the taxonomy")
                Y[i, pos[t]] = 1
        return Y

    def _check(self):
        if not hasattr(self, "terms_"):
            raise ValueError("call fit() first (it loads the taxonomy)")

    def _matcher(self):
        """One Aho-Corasick automaton over the terms, leftmost-longest (党员名师工作室, not
        名师 inside it); built on first use and not pickled. A DFA: for a few hundred terms
        it is small and scans twice as fast as the default NFA."""
        ac = self.__dict__.get("_ac")
        if ac is None:
            import ahocorasick_rs

            ac = ahocorasick_rs.AhoCorasick(self.terms_,
                                            matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                            implementation=ahocorasick_rs.Implementation.DFA)
            self.__dict__["_ac"] = ac
        return ac

    def _find_all(self, text: str) -> list:
        """``_matcher().find_matches_as_indexes(text)``, through the same terms coded two
        bytes a character (see `_find_columns`)."""
        return coded.find_all(self._coded_matcher(), self._matcher(), text)

    def _find_columns(self, text: str) -> tuple:
        """`_find_all`'s matches as `coded.find_columns` gives them: (term indexes, starts,
        ends, shift), the offsets in characters << shift. Regions codes the document
        already, and the DFA over the coded text scans it in about half the time."""
        return coded.find_columns(self._coded_matcher(), self._matcher(), text)

    def _coded_matcher(self):
        """`_matcher` over the terms coded two bytes a character; None where they cannot be
        coded. Built on first use and not pickled."""
        if "_bac" not in self.__dict__:
            import ahocorasick_rs

            self.__dict__["_bac"] = coded.automaton(self.terms_,
                                                    matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                                    implementation=ahocorasick_rs.Implementation.DFA)
        return self.__dict__["_bac"]

    def __getstate__(self):
        state = dict(super().__getstate__() or {})  # BaseEstimator's when mixed in
        for name in _DERIVED:
            state.pop(name, None)
        return state

    def scores_and_labels(self, X):
        """(`transform(X)`, `predict(X)`) in one pass over the texts."""
        S, decisive = self._scores(X)
        return S, self._decide(S, decisive)

    def matches(self, x) -> list[tuple[str, str, int, int, float]]:
        """(type, term, mentions in title, mentions in body, weight) of each term found.

        >>> TermScorer().fit().matches(("家访暖人心", "开展家访活动,落实课后服务。"))
        [('service', '家访', 1, 1, 4.0), ('service', '课后服务', 0, 1, 4.0)]
        """
        self._check()
        title, body = _split_item(x)
        counts: dict = {}
        ac = self._matcher()
        for k, part in enumerate((title, body)):
            for i, _s, _e in ac.find_matches_as_indexes(part):
                counts.setdefault(self.terms_[i], [0, 0])[k] += 1
        return [(str(self.classes_[j]), term, nt, nb, w)
                for term, (nt, nb) in counts.items() for j, w in self.term_index_[term]]

    def _span_scores(self, text: str, spans, hits=None) -> tuple[list, list]:
        """(rows of scores, rows of decisive flags) of spans of one text, each span a
        ((title start, end), (body start, end)): what `_scores` gives for the slices, from
        one automaton pass over the whole text; None for a span without any term.

        A leftmost-longest parse of the whole text, restricted to a span, is the span's own
        parse unless a match straddles one of its ends; those few spans are scanned alone.
        Sums are taken in `_score_one`'s order with its factors, so the floats are the same
        to the bit. `hits`: the automaton's matches in `text`, when the caller has them.
        """
        self._check()
        if hits is None:
            hits = self._matcher().find_matches_as_indexes(text)
        read = self._span_reader(text, hits)
        rows, flags = [], []
        for span in spans:
            row, dec = read(span)
            rows.append(row)
            flags.append(dec)
        return rows, flags

    def _span_reader(self, text: str, hits: list):
        """span → _span_scores' (row, flags) of it, (None, None) without any term; `hits`:
        the automaton's matches in all of `text`."""
        ac = self._matcher()
        starts = [h[1] for h in hits]
        terms = [h[0] for h in hits]
        pos = self._columns()
        n = len(self.classes_)
        body_f, title_f = self._factors()
        bisect_left = bisect.bisect_left

        def read(span):
            counts: dict = {}
            for k, (a, b) in enumerate(span):
                if b <= a:
                    continue
                i = bisect_left(starts, a)
                j = bisect_left(starts, b, i)
                if (i and hits[i - 1][2] > a) or (j and hits[j - 1][2] > b):
                    found = [h[0] for h in ac.find_matches_as_indexes(text[a:b])]
                elif i == j:
                    continue
                else:
                    found = terms[i:j]
                for t in found:
                    c = counts.get(t)
                    if c is None:
                        counts[t] = c = [0, 0]
                    c[k] += 1
            if not counts:
                return None, None
            row, dec = [0.0] * n, [False] * n
            for t, (nt, nb) in counts.items():
                f = (body_f[nb] if nb < 4 else body_f[4]) + (title_f[1] if nt else title_f[0])
                for j, w, d in pos[t]:
                    row[j] += w * f
                    if d:
                        dec[j] = True
            return row, dec
        return read

    def _factors(self) -> tuple[list, list]:
        """_score_one's body factors for 0..4 mentions (4 and more count alike) and its
        title factors for 0..1."""
        tw, rep = self.title_weight, self.repeat
        return ([(1 + rep * math.log2(min(k, 4))) if k else 0.0 for k in range(5)],
                [tw * min(k, 1) for k in range(2)])

    def _columns(self) -> list:
        """Per term index: [(column, weight, decisive)], what _score_one looks up per match;
        kept while the fitted index and the threshold stay the same."""
        return _cached(self, "_cols", lambda: [[(j, w, w >= self.threshold) for j, w in self.term_index_[t]]
                                               for t in self.terms_])

    def _score_one(self, x):
        import numpy as np

        row = np.zeros(len(self.classes_))
        decisive = np.zeros(len(self.classes_), dtype=bool)
        pos = {t: j for j, t in enumerate(self.classes_)}
        for t, _term, nt, nb, w in self.matches(x):
            # diminishing returns: a term said five times is not five pieces of evidence
            body = (1 + self.repeat * math.log2(min(nb, 4))) if nb else 0.0
            row[pos[t]] += w * (body + self.title_weight * min(nt, 1))
            decisive[pos[t]] |= w >= self.threshold
        return row, decisive

    def _scores(self, X):
        import numpy as np

        self._check()
        if isinstance(X, (str, dict)):
            raise TypeError("X is a list of texts, not one text")
        pairs = [self._score_one(x) for x in X]
        if not pairs:
            k = len(self.classes_)
            return np.zeros((0, k)), np.zeros((0, k), dtype=bool)
        return np.vstack([p[0] for p in pairs]), np.vstack([p[1] for p in pairs])

    def transform(self, X):
        """Score matrix: one row per text, one column per type (`classes_`)."""
        return self._scores(X)[0]

    decision_function = transform

    def predict(self, X):
        """0/1 indicator matrix of the types each text carries.

        A type needs `threshold` support, and either a decisive term or `relative` of the
        text's best score (so passing mentions beside a dominant topic stay out).
        """
        return self._decide(*self._scores(X))

    def _decide(self, S, decisive):
        if S.shape[0] == 0:
            return S.astype(int)
        top = S.max(axis=1, keepdims=True)
        return ((S >= self.thresholds_) & (decisive | (S >= self.relative * top))).astype(int)

    def predict_labels(self, X) -> list[list[str]]:
        """The types of each text, as lists of type ids (taxonomy order)."""
        return [[str(self.classes_[j]) for j in row.nonzero()[0]] for row in self.predict(X)]


@functools.cache
def default_classifier() -> TermScorer:
    """The shipped taxonomy's scorer, loaded once per process."""
    return TermScorer().fit()


# -- sections of a document --------------------------------------------------------
@functools.cache
def _han_class() -> str:
    """regex's \\p{Han} as a character class of the standard library's re (the code points
    are listed in lexicons/han_ranges.tsv)."""
    return "".join(f"\\U{int(a, 16):08x}-\\U{int(b, 16):08x}" for a, b in load_table("lexicons/han_ranges.tsv"))


@functools.lru_cache(maxsize=8)
def _enough_han(n: int):
    """A pattern matching (at the start) exactly when a text holds at least n Han characters:
    ``(?:\\P{Han}*+\\p{Han}){n}``, in the standard library's re, which runs it in half the time."""
    han = _han_class()
    return re.compile(r"(?:[^%s]*+[%s]){%d}" % (han, han, max(n, 0)))


class _MayOpen(dict):
    """character → whether RE_BRACKET_OPEN can match at it: it opens with whitespace or an
    opening bracket; "" (an empty span) cannot."""

    def __missing__(self, c: str) -> bool:
        out = self[c] = RE_OPENER.match(c) is not None
        return out


RE_OPENER = regex.compile(r"[\s(（\[【]")  # the first character of any RE_BRACKET_OPEN match
_MAY_OPEN = _MayOpen()


def _bracketed(text: str, s: int, e: int) -> bool:
    """Whether text[s:e] is a bracketed note (RE_BRACKETED). The whole-note test (anchored
    at both ends) wants the slice; most units fail its opening bracket already."""
    return bool(_MAY_OPEN[text[s:min(s + 1, e)]] and RE_BRACKET_OPEN.match(text, s, e)
                and RE_BRACKETED.match(text[s:e]))


def section_units(doc: Document, *, min_chars: int = 20):
    """(units, skipped) of a document: what to classify, and what was left out and why.

    A unit is (section index or None, start, end, title) in normalized offsets: every leaf
    section, and a heading's own text before its first child when that is substantive.
    Without sections the body paragraphs are the units.
    """
    secs = doc.sections
    units, skipped = [], []
    cands = _candidates(doc)
    enough, full = _enough_han(min_chars), doc.text
    for idx, s, e, title in cands:
        # an anchored match that stops at the min_chars-th Han character: counting every
        # one of them (findall) was most of this function's time
        if not enough.match(full, s, e):
            n_han = len(RE_HAN.findall(full, s, e))
            if idx is None or not (secs[idx].start == s and e < secs[idx].end):
                skipped.append((idx, title, f"near-empty ({n_han} Chinese characters)"))
            continue
        if _bracketed(full, s, e):
            skipped.append((idx, title, "bracketed note (author or source line)"))
            continue
        units.append((idx, s, e, title))
    return units, skipped


def _candidates(doc: Document) -> list:
    """(section index or None, start, end, title) of each unit before section_units' tests."""
    return list(_iter_candidates(doc))


def _iter_candidates(doc: Document):
    """`_candidates` as an iterator (the fused pass reads each once)."""
    secs = doc.sections
    if not secs:
        spans = doc.paragraphs or ([(doc.body_start, doc.body_end)] if doc.body_end > doc.body_start else [])
        return ((None, s, e, None) for s, e in spans)
    # a heading's own text ends where its first child starts (the first section naming it
    # as parent: read backwards, the first one is written last); columns through C loops
    n = len(secs)
    ends = list(map(_END, secs))
    for p, c in dict(zip(map(_PARENT, reversed(secs)), range(n - 1, -1, -1))).items():
        if p is not None and 0 <= p < n:
            ends[p] = secs[c].start
    return zip(range(n), map(_START, secs), ends, map(_TITLE, secs))


_START, _END, _PARENT, _TITLE = map(operator.attrgetter, ("start", "end", "parent", "title"))


def section_frame(docs, *, min_chars: int = 20):
    """One row per section of each Document: doc_id, section, start, end (raw offsets),
    text (normalized), skipped (why it is left out of classification and topics, or None).

    Feed ``df[df.skipped.isna()].text`` to `PracticeClusterer` to cluster sections
    rather than reports.
    """
    import pandas as pd

    rows = []
    for doc in docs:
        units, skipped = section_units(doc, min_chars=min_chars)
        for idx, s, e, title in units:
            rs, re_ = doc.raw_span(s, e)
            rows.append({"doc_id": doc.doc_id, "section": title, "start": rs, "end": re_,
                         "text": doc.text[s:e], "skipped": None})
        for idx, title, reason in skipped:
            sec = doc.sections[idx] if idx is not None else None
            s, e = (sec.start, sec.end) if sec else (0, 0)
            rs, re_ = doc.raw_span(s, e)
            rows.append({"doc_id": doc.doc_id, "section": title, "start": rs, "end": re_,
                         "text": doc.text[s:e], "skipped": reason})
    cols = ["doc_id", "section", "start", "end", "text", "skipped"]
    return pd.DataFrame(rows, columns=cols).sort_values(["doc_id", "start"], kind="stable",
                                                        ignore_index=True)


def tag_practices(doc: Document, slogans=None, *, classifier=None) -> list[Practice]:
    """One Practice per (section, type): type, RAW start/end, section title, score.

    A report with a stripped character (every 党 deleted) is matched against the terms
    with that character deleted too. `slogans` is accepted for the pipeline's signature:
    the terms read the section text, which holds the slogans' words already.
    """
    clf = classifier or (stripped_classifier(tuple(doc.stripped)) if doc.stripped
                         else default_classifier())
    if _plain_scorer(clf):
        try:
            out = _tag_units(doc, clf)
        except UnicodeEncodeError:
            out = None  # a lone surrogate somewhere: only the sections that hold one may fail, as before
        if out is not None:
            return out
    units, _ = section_units(doc)
    if not units:
        return []
    items = [(_unit_title(doc, idx, s, e), doc.text[s:e]) for idx, s, e, _t in units]
    if hasattr(clf, "scores_and_labels"):
        S, P = clf.scores_and_labels(items)
    else:  # any estimator with transform (scores) and predict (0/1 matrix) will do
        S, P = clf.transform(items), clf.predict(items)
    out = []
    for (idx, s, e, title), scores, flags in zip(units, S, P):
        rs, re_ = doc.raw_span(s, e)
        for j in flags.nonzero()[0]:
            out.append(Practice(type=str(clf.classes_[j]), start=rs, end=re_, section=title,
                                score=round(float(scores[j]), 2)))
    return out


_SCORING = ("_scores", "_score_one", "matches", "_decide", "scores_and_labels", "_matcher")


def _plain_scorer(clf) -> bool:
    """A TermScorer (or TaxonomyClassifier) scoring the stock way, so `_tag_units` may
    stand in for scores_and_labels."""
    return isinstance(clf, TermScorer) and all(
        getattr(type(clf), m) is getattr(TermScorer, m) for m in _SCORING)


def _tag_units(doc: Document, clf) -> list[Practice] | None:
    """tag_practices' loop with scores from one automaton pass over the document; the
    threshold test is `_decide`'s, row by row in plain floats. None where it cannot stand
    in, and the general loop runs: a scorer not fitted (that loop says so, as it always
    did) or a threshold of 0 or less.

    A unit without any term scores 0 everywhere and, with thresholds above 0, gets no
    type: such units are dropped before section_units' tests. The whole-text parse shows
    them: no match starts inside and none straddles an end (the title lies inside).
    """
    if not hasattr(clf, "terms_"):  # TermScorer._check's test
        return None
    ths = [float(t) for t in clf.thresholds_]
    if min(ths) <= 0:
        return None
    terms, starts, ends, sh = clf._find_columns(doc.text)
    if not terms:
        return []  # every unit is without a term
    return _tag_kept_units(doc, clf, ths, terms, starts, ends, sh)


def _tag_kept_units(doc: Document, clf, ths: list, terms, starts, ends, sh: int) -> list[Practice]:
    """_tag_units with thresholds above 0: section_units and `_span_scores` in one
    loop over the candidates, each span's hits found once (two bisects), a unit that cannot
    reach a threshold dropped unscored. Plain Python: numpy's per-call overhead on a hundred
    candidates, its code cold between the other stages, cost more than it saved.
    `terms`, `starts`, `ends`: the automaton's matches in the whole text, the offsets in
    characters << sh (TermScorer._find_columns)."""
    secs, text = doc.sections, doc.text
    n = len(clf.classes_)
    rel, least, classes = clf.relative, min(ths), clf.classes_
    bound = _score_bounds(clf)
    if bound is not None:
        # a term adds to any column at most bb per hit in the body, bt per hit in the title:
        # prefix sums of those over the hits bound a span's best column
        cb = [0.0, *itertools.accumulate(map(bound[0].__getitem__, terms))]
        ct = [0.0, *itertools.accumulate(map(bound[1].__getitem__, terms))]
        floor = least - 1e-9 * (cb[-1] + ct[-1] + abs(least))  # far below the sums' rounding
    enough = _enough_han(20)
    read = None  # clf._span_reader, for the few units the fused counts do not cover
    parts = _contributions(clf)
    count, bisect_left = _count_elements, bisect.bisect_left
    names = [str(c) for c in classes]
    out = []
    pe2 = pj = -1  # the last span's end and its bisect: the units mostly follow one another
    nh = len(starts)
    for idx, s, e, title in _iter_candidates(doc):
        s2, e2 = s << sh, e << sh
        i = pj if s2 == pe2 else bisect_left(starts, s2)
        j = i if i == nh or starts[i] >= e2 else bisect_left(starts, e2, i)  # no search for an empty unit
        pe2, pj = (e2, j) if e2 >= s2 else (-1, -1)  # (j is e2's own point only then)
        st = (i and ends[i - 1] > s2) or (j and ends[j - 1] > e2)  # a hit straddles an end
        if i == j and not st:
            continue  # no term: a row of zeros
        has_title = tst = False
        if idx is not None:  # the title, when the unit holds it (_unit_title's test)
            sec = secs[idx]
            a, b = sec.title_start, sec.title_end
            if s <= a < b <= e:
                has_title = True
                a2, b2 = a << sh, b << sh
                ti = i if a2 == s2 else bisect_left(starts, a2, i, j)  # s <= a < b <= e
                tj = bisect_left(starts, b2, ti, j)
                tst = (ti and ends[ti - 1] > a2) or (tj and ends[tj - 1] > b2)
        if bound is not None and not st and not tst and \
                cb[j] - cb[i] + (ct[tj] - ct[ti] if has_title else 0.0) < floor:
            continue  # no column can reach the least threshold
        # section_units' tests, in its order
        if not enough.match(text, s, e):
            continue
        if _bracketed(text, s, e):
            continue
        if not st and not tst and (not has_title or ti == i):
            # _span_scores' counts hold the title's terms first, then the body's: with the
            # title's hits a prefix of the body's, that is the body's order of first mention.
            # Not straddled, the unit holds hits (i < j: an empty one was passed over above)
            nb = {}
            count(nb, terms[i:j])
            row, dec = [0.0] * n, [False] * n
            tt = terms[ti:tj] if has_title else ()
            for t, c in nb.items():
                # w·f of each column, f = body_f[c] + title_f[nt], as _span_scores adds them
                for jj, v, d in parts[t][(c if c < 4 else 4) * 2 + (t in tt)]:
                    row[jj] += v
                    if d:
                        dec[jj] = True
        else:  # a hit straddles an end, or the title's hits are not the body's first
            if read is None:
                read = clf._span_reader(text, list(zip(terms, [x >> sh for x in starts], [x >> sh for x in ends])))
            row, dec = read(((a, b) if has_title else (0, 0), (s, e)))
            if row is None:
                continue  # a row of zeros: no threshold reached
        # the unit's practices: the types whose score reaches their threshold and is
        # decisive or near the unit's top score
        top = max(row)
        if top < least:
            continue  # no score reaches any threshold
        cut = rel * top
        hit = [j for j, v in enumerate(row) if v >= ths[j] and (dec[j] or v >= cut)]
        if hit:
            rs, re_ = doc.raw_span(s, e)
            for j in hit:
                out.append(Practice(names[j], rs, re_, title, round(row[j], 2)))  # type, start, end, section, score
    return out


# what a scorer builds from its fitted terms on first use: never pickled, dropped by fit()
_DERIVED = ("_ac", "_bac", "_cols", "_bounds", "_parts")


def _cached(clf, name: str, make):
    """make(), kept on the scorer while its fitted index, threshold and factors stay the same."""
    key = (clf.term_index_, clf.threshold, clf.title_weight, clf.repeat)
    cached = clf.__dict__.get(name)
    if cached is None or cached[0][0] is not key[0] or cached[0][1:] != key[1:]:
        cached = clf.__dict__[name] = (key, make())
    return cached[1]


def _score_bounds(clf):
    """Per term index, the most a mention in the body, and in the title, adds to any column
    (two lists); None when a negative weight or factor rules such bounds out.

    A term's part of a column is w·(body_f[nb] + title_f[nt]): at most w·max(body_f[k]/k)
    per body mention and w·title_weight for the title."""
    def make():
        body_f, tw = clf._factors()[0], clf.title_weight
        ws = [max(w for _j, w in clf.term_index_[t]) for t in clf.terms_]
        if tw < 0 or min(body_f) < 0 or min(ws, default=0) < 0:
            return None
        per = max(body_f[k] / k for k in range(1, 5))
        return [w * per for w in ws], [w * tw for w in ws]
    return _cached(clf, "_bounds", make)


def _contributions(clf):
    """Per term index, per (body mentions up to 4) * 2 + (in the title): [(column, w * f,
    decisive)] with f = body_f[nb] + title_f[nt] (TermScorer._factors), the products
    `_span_scores` adds."""
    def make():
        pos, (body_f, title_f) = clf._columns(), clf._factors()
        return [[[(j, w * (body_f[c] + title_f[nt]), d) for j, w, d in pos[t]]
                 for c in range(5) for nt in (0, 1)] for t in range(len(clf.terms_))]
    return _cached(clf, "_parts", make)


def _unit_title(doc: Document, idx, start: int, end: int) -> str:
    """The heading text of a unit's section, when the unit holds it."""
    if idx is None:
        return ""
    sec = doc.sections[idx]
    if start <= sec.title_start < sec.title_end <= end:
        return doc.text[sec.title_start:sec.title_end]
    return ""


def strip_variants(taxonomy: dict, chars: str) -> dict:
    """The taxonomy plus each term with `chars` deleted (党员教师 → 员教师), for a report
    whose source deleted them; variants shorter than two characters are left out.

    >>> tax = {"members": {"label": "党员队伍", "terms": {"党员教师": 2.0, "党史": 2.0}}}
    >>> strip_variants(tax, "党")["members"]["terms"]
    {'党员教师': 2.0, '党史': 2.0, '员教师': 2.0}
    """
    table = str.maketrans("", "", chars)
    out = {}
    for t, entry in taxonomy.items():
        terms = dict(entry["terms"])
        for term, w in entry["terms"].items():
            v = term.translate(table)
            if v != term and len(v) >= 2:
                terms.setdefault(v, w)
        out[t] = {**entry, "terms": terms}
    return out


@functools.lru_cache(maxsize=8)
def stripped_classifier(chars: tuple) -> TermScorer:
    """The shipped taxonomy's scorer with variants for deleted characters."""
    return TermScorer(taxonomy=strip_variants(load_taxonomy(), "".join(chars))).fit()


# -- profiles -------------------------------------------------------------------------
def practice_profile(practices, *, labels: bool = False):
    """Share of each report's tagged text per type (rows sum to 1): a DataFrame doc × type.

    `practices` is the ``practices`` table of `store.to_frames` (or Records); a section
    with several types gives each an equal part of its length.
    """
    import pandas as pd

    df = _practices_frame(practices)
    types = list(load_taxonomy())
    extra = [t for t in df["type"].dropna().unique() if t not in types] if len(df) else []
    cols = types + extra
    if df.empty:
        return pd.DataFrame(columns=cols, dtype=float)
    df = df.assign(length=(df["end"] - df["start"]).clip(lower=1))
    n_types = df.groupby(["doc_id", "start", "end"])["type"].transform("count")
    df = df.assign(part=df["length"] / n_types)
    table = df.pivot_table(index="doc_id", columns="type", values="part", aggfunc="sum", fill_value=0.0)
    table = table.reindex(columns=cols, fill_value=0.0)
    table = table.div(table.sum(axis=1).where(lambda s: s > 0, 1), axis=0)
    table.columns.name = "type"
    if labels:
        table = table.rename(columns=type_labels())
    return table


def _practices_frame(practices):
    import pandas as pd

    if isinstance(practices, pd.DataFrame):
        return practices
    from .store import to_frames

    return to_frames(practices)["practices"]


# -- clusters -------------------------------------------------------------------------
def _passthrough(tokens):
    """The analyzer for pre-tokenized input (module-level so a fitted model pickles)."""
    return tokens


# -- scikit-learn estimators (defined on first use: importing scikit-learn takes a second,
#    and extraction does not need it) -------------------------------------------------
_LAZY = ("TaxonomyClassifier", "PracticeClusterer")


@functools.cache
def _estimators() -> dict:
    from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
    from sklearn.exceptions import NotFittedError

    class TaxonomyClassifier(TermScorer, ClassifierMixin, TransformerMixin, BaseEstimator):
        __doc__ = TermScorer.__doc__.replace(", without scikit-learn", " (a scikit-learn estimator)")

        def _check(self):
            if not hasattr(self, "terms_"):
                raise NotFittedError("call fit() first (it loads the taxonomy)")

    class PracticeClusterer(TransformerMixin, BaseEstimator):
        """Unsupervised clusters of texts: TF-IDF on Segmenter tokens + a clustering estimator.

        n_clusters: for the default KMeans; `estimator`: any scikit-learn clusterer
          (``fit_predict`` / ``labels_``) used instead.
        segmenter: a `Segmenter` (default: the package's, slogans kept whole).
        min_tokens: texts with fewer feature tokens are skipped (label -1, reason in `skipped_`).
        min_df / max_df / max_features: passed to TfidfVectorizer.

        After `fit`: `labels_` (one per input text, -1 for skipped), `skipped_`
        [(index, reason)], `vectorizer_`, `centroids_` (mean TF-IDF of each cluster),
        `top_terms(n)`. `transform` gives cosine distances to the centroids, `predict`
        the nearest cluster.
        """

        def __init__(self, n_clusters: int = 4, estimator=None, segmenter=None,
                     min_tokens: int = 20, min_df=1, max_df=0.95, max_features=None,
                     random_state: int = 0):
            self.n_clusters = n_clusters
            self.estimator = estimator
            self.segmenter = segmenter
            self.min_tokens = min_tokens
            self.min_df = min_df
            self.max_df = max_df
            self.max_features = max_features
            self.random_state = random_state

        def _tokens(self, X):
            if isinstance(X, (str, bytes)):
                raise TypeError("X is a list of texts, not one text")
            seg = self.segmenter_
            out = []
            for i, x in enumerate(X):
                if x is None or (isinstance(x, float) and math.isnan(x)):
                    out.append(None)
                    continue
                if not isinstance(x, str):
                    raise TypeError(f"text {i} is {type(x).__name__}, not str")
                out.append(seg(x))
            return out

        def fit(self, X, y=None):
            import numpy as np
            from sklearn.base import clone
            from sklearn.cluster import KMeans
            from sklearn.feature_extraction.text import TfidfVectorizer

            from .segment import Segmenter

            self.segmenter_ = self.segmenter if self.segmenter is not None else Segmenter()
            toks = self._tokens(X)
            self.skipped_ = []
            keep = []
            for i, t in enumerate(toks):
                if t is None:
                    self.skipped_.append((i, "no text"))
                elif len(t) < self.min_tokens:
                    self.skipped_.append((i, f"near-empty ({len(t)} tokens < min_tokens={self.min_tokens})"))
                else:
                    keep.append(i)
            k = self.n_clusters if self.estimator is None else getattr(self.estimator, "n_clusters", 2)
            if len(keep) < max(k, 2):
                raise ValueError(f"{len(keep)} usable texts for {k} clusters "
                                 f"({len(self.skipped_)} skipped: {self.skipped_[:3]})")
            self.vectorizer_ = TfidfVectorizer(analyzer=_passthrough, lowercase=False,
                                               min_df=self.min_df, max_df=self.max_df,
                                               max_features=self.max_features, sublinear_tf=True)
            M = self.vectorizer_.fit_transform([toks[i] for i in keep])
            if M.shape[1] == 0:
                raise ValueError("no features left after min_df/max_df")
            est = (KMeans(n_clusters=self.n_clusters, n_init=10, random_state=self.random_state)
                   if self.estimator is None else clone(self.estimator))
            try:
                lab = est.fit_predict(M)
            except TypeError:  # an estimator that wants dense input (AgglomerativeClustering)
                lab = est.fit_predict(M.toarray())
            self.estimator_ = est
            self.labels_ = np.full(len(toks), -1)
            self.labels_[keep] = lab
            clusters = sorted(set(int(c) for c in lab if c >= 0))
            self.clusters_ = np.array(clusters)
            self.centroids_ = np.vstack([np.asarray(M[lab == c].mean(axis=0)).ravel() for c in clusters])
            self.sizes_ = {c: int((lab == c).sum()) for c in clusters}
            return self

        def fit_predict(self, X, y=None):
            return self.fit(X).labels_

        def _matrix(self, X):
            from sklearn.utils.validation import check_is_fitted

            check_is_fitted(self, "vectorizer_")
            toks = self._tokens(X)
            empty = [t is None or len(t) < self.min_tokens for t in toks]
            return self.vectorizer_.transform([t or [] for t in toks]), empty

        def transform(self, X):
            """Cosine distance of each text to each cluster's centroid (n × clusters)."""
            from sklearn.metrics.pairwise import cosine_distances

            M, _ = self._matrix(X)
            return cosine_distances(M, self.centroids_)

        def predict(self, X):
            """Nearest cluster of each text; -1 for a near-empty one."""
            import numpy as np

            from sklearn.metrics.pairwise import cosine_distances

            M, empty = self._matrix(X)
            lab = self.clusters_[cosine_distances(M, self.centroids_).argmin(axis=1)]
            return np.where(empty, -1, lab)

        def top_terms(self, n: int = 10):
            """Each cluster's n heaviest terms: DataFrame cluster, rank, term, weight, size."""
            import pandas as pd

            from sklearn.utils.validation import check_is_fitted

            check_is_fitted(self, "centroids_")
            vocab = self.vectorizer_.get_feature_names_out()
            rows = []
            for c, row in zip(self.clusters_, self.centroids_):
                for rank, j in enumerate(row.argsort()[::-1][:n], 1):
                    if row[j] <= 0:
                        break
                    rows.append({"cluster": int(c), "rank": rank, "term": vocab[j],
                                 "weight": round(float(row[j]), 4), "size": self.sizes_[int(c)]})
            return pd.DataFrame(rows, columns=["cluster", "rank", "term", "weight", "size"])

    out = {"TaxonomyClassifier": TaxonomyClassifier, "PracticeClusterer": PracticeClusterer}
    for cls in out.values():  # pickle finds them as dangjian_nlp.practices.<name>
        cls.__module__ = __name__
        cls.__qualname__ = cls.__name__
    return out


def __getattr__(name: str):
    if name in _LAZY:
        cls = _estimators()[name]
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
