"""Chinese word segmentation for topic features: a private tokenizer, domain words, stop words.

jieba keeps one process-wide ``Tokenizer`` whose ``add_word`` changes every caller's cut;
a `Segmenter` instead owns a tokenizer built from its own configuration (the domain user
dictionary ``lexicons/userdict.txt`` by default) and never changes it after building.
The default backend is rjieba (jieba-rs: jieba's dictionary and algorithm compiled, about
ten times faster); ``backend="jieba"`` gives jieba's own ``Tokenizer``, token for token.
Slogans are kept whole without touching the tokenizer: the slogans the library finds in a
text (and any words asked for) are cut out before the tokenizer sees it, so “336”, 1+6+N
and 一统二商三议四促 stay one token.

    >>> seg = Segmenter()
    >>> seg("全面推行“336”工作法和“1+6+N”模式,落实党组织领导的校长负责制。")
    ['全面推行', '336', '工作法', '1+6+N', '模式', '党组织领导的校长负责制']

Raw text is normalized and searched for slogans first. A pipeline that already holds the
`Document` and its slogans hands them over instead of having that redone
(`Segmenter.doc_tokens`, or ``tokens(text, keep=slogans, prepared=True)``):

    >>> from dangjian_nlp.structure import make_document
    >>> from dangjian_nlp.slogans import find_slogans
    >>> doc = make_document("某校党支部\\n推行“三會一課”制度。\\n創新“336”工作法。")
    >>> seg.doc_tokens(doc, find_slogans(doc))
    [['某校', '党支部'], ['推行', '三会一课', '制度'], ['创新', '336', '工作法']]

A Segmenter pickles as its configuration only (scikit-learn clones, process pools); the
tokenizer is rebuilt on first use after unpickling, once per process and configuration.
"""
from __future__ import annotations

import bisect
import functools
import os
from pathlib import Path
from typing import Iterable, Optional, Union

import regex

from .resources import data_path, load_lines, new_jieba_tokenizer

PathLike = Union[str, os.PathLike]

DEFAULT_USERDICT = "lexicons/userdict.txt"
DEFAULT_STOPWORDS = "lexicons/stopwords.txt"

# slogan shapes protected without being told: a short quoted formulation holding a
# numeral (“四三二” “336” “双培养” “1+6+N”), an arithmetic formula, N位一体
RE_SLOGAN_SHAPES = regex.compile(r"""
    (?<=[“"「])[^“”"「」\n]{0,10}[0-9一二两三四五六七八九十百双][^“”"「」\n]{0,10}(?=[”"」])  # quoted, with a numeral
  | (?<![\w.+])\d{1,2}(?:\s*\+\s*(?:\d{1,2}|[Nnx]))+(?![\w.])       # 1+6+N, 5+2
  | [一二两三四五六七八九十\d]位一体                                    # 六位一体
""", regex.VERBOSE)
RE_WORDLIKE = regex.compile(r"[\p{L}\p{N}]")
# a bare quantity (80, 3万多个, 一批) or date (2023-05-23, 2011-2020, 8:30: rjieba keeps
# such an ASCII run whole): figures, not topic features
RE_NUMBER = regex.compile(r"^[\d.,%:/~\-零一二两三四五六七八九十百千万亿]+[多余]?[个名所家人次项处份篇门节条批位户元]?$")
_MAX_QUOTED = 12  # a longer quotation is a sentence, not a slogan
# every slogan shape needs one of these: most paragraphs skip the regex
_SHAPE_MARKS = regex.compile(r"[“\"「+]|位一体").search


def _read_entries(source) -> tuple[str, ...]:
    """Entries of a user's file (an existing path) or of a package data file (a name such
    as ``lexicons/stopwords.txt``); `#` lines skipped."""
    if os.path.exists(source):
        lines = Path(source).read_text(encoding="utf-8").splitlines()
        return tuple(s for s in (ln.strip() for ln in lines) if s and not s.startswith("#"))
    if isinstance(source, str) and data_path(source).is_file():
        return load_lines(source)
    raise FileNotFoundError(f"no word list {source!r} (nor a package data file of that name)")


BACKENDS = ("rjieba", "jieba")


@functools.lru_cache(maxsize=8)
def _build_tokenizer(backend: str, userdict_key: Optional[str], words: tuple[str, ...]):
    """A fresh tokenizer of `backend` with the user dictionary's words (built once per key).

    A word without a frequency gets the one jieba's ``suggest_freq`` gives (just enough to
    be cut whole); rjieba computes it with the same formula (in floating point it may
    come out one count lower for a word jieba's dictionary already has).
    """
    if backend == "rjieba":
        import rjieba

        tk = rjieba.Jieba()
    elif backend == "jieba":
        tk = new_jieba_tokenizer()
    else:
        raise ValueError(f"backend must be one of {BACKENDS}, not {backend!r}")
    entries = _read_entries(userdict_key) if userdict_key else ()
    for line in entries + words:
        parts = line.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        tk.add_word(word, freq, tag)
    return tk


@functools.lru_cache(maxsize=32)
def _keep_matcher(words: tuple[str, ...]):
    """An Aho-Corasick automaton over the words to keep whole (leftmost-longest), or None."""
    words = tuple(sorted({w for w in words if w}))
    if not words:
        return None
    import ahocorasick_rs

    return ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)


class _Features(dict):
    """raw token → the feature it gives ("" for none), judged on first sight."""

    def __init__(self, judge):
        super().__init__()
        self._judge = judge

    def __missing__(self, tok: str) -> str:
        f = self[tok] = self._judge(tok)
        return f


class Segmenter:
    """Callable text → feature tokens, for ``TfidfVectorizer(tokenizer=Segmenter(), token_pattern=None)``.

    userdict: None for the package's domain dictionary, a path for one's own (jieba's
      ``word [freq] [tag]`` lines), False for none; `words`: more words for the tokenizer.
    stopwords: None for the package's list, a path, an iterable of words, or False.
    keep: words always kept as one token (e.g. every slogan found in a corpus).
    find_slogans: keep every slogan the library's slogan finder sees in the text itself.
    detect_slogans: also keep slogan-shaped spans (quoted numerals, 1+6+N, N位一体).
    normalize: cut the normalized text (simplified script, half-width ASCII), so
      traditional and simplified reports give the same tokens.
    min_len: shorter tokens are dropped from features (kept words are exempt).
    hmm: let the HMM join characters outside the dictionary (names, new words).
    backend: "rjieba" (compiled, the default) or "jieba" (jieba's own Tokenizer). They
      agree on 99.99% of tokens; rjieba keeps an ASCII run such as 2023-05-23 whole.

    The configuration is read on first use (tokenizer, stop words, each token's verdict):
    for another one, make another Segmenter.
    """

    def __init__(self, userdict=None, stopwords=None, keep: Iterable[str] = (), *,
                 words: Iterable[str] = (), find_slogans: bool = True, detect_slogans: bool = True,
                 normalize: bool = True, min_len: int = 2, hmm: bool = True,
                 backend: str = "rjieba"):
        self.userdict = DEFAULT_USERDICT if userdict is None else userdict
        self.stopwords = DEFAULT_STOPWORDS if stopwords is None else stopwords
        self.keep = tuple(keep)
        self.words = tuple(words)
        self.find_slogans = find_slogans
        self.detect_slogans = detect_slogans
        self.normalize = normalize
        self.min_len = min_len
        self.hmm = hmm
        self.backend = backend
        self._reset()

    def _reset(self) -> None:
        self._tk = None
        self._cutter = None
        self._stop = None
        self._features = _Features(self._feature)  # tokens repeat: each is judged once

    # -- pickling: configuration only, the tokenizer is rebuilt lazily ------------
    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    def __setstate__(self, state: dict) -> None:
        state.setdefault("backend", "jieba")  # pickled before there was a choice
        self.__dict__.update(state)
        self._reset()

    def __repr__(self) -> str:
        return (f"Segmenter(userdict={self.userdict!r}, stopwords={self.stopwords!r}, "
                f"keep=<{len(self.keep)} words>, min_len={self.min_len}, backend={self.backend!r})")

    @property
    def tokenizer(self):
        """The private tokenizer (built on first use): an ``rjieba.Jieba``, or with
        ``backend="jieba"`` a ``jieba.Tokenizer``. Their ``cut`` differ (``hmm=`` and a
        list vs ``HMM=`` and a generator); `cut_plain` is the same for both. Segmenters of
        one configuration share it: add words with ``words=``, not ``add_word``."""
        if self._tk is None:
            ud = self.userdict
            key = None if ud is False else (ud if isinstance(ud, str) else os.fspath(ud))
            self._tk = _build_tokenizer(self.backend, key, self.words)
        return self._tk

    def cut_plain(self, text: str) -> list[str]:
        """The tokenizer's cut of `text` as it is: no normalizing, no protected spans.

        >>> Segmenter().cut_plain("落实三会一课制度")
        ['落实', '三会一课', '制度']
        """
        if self._cutter is None:
            tk = self.tokenizer
            self._cutter = (functools.partial(tk.cut, hmm=self.hmm) if self.backend == "rjieba"
                            else functools.partial(tk.lcut, HMM=self.hmm))
        return self._cutter(text)

    @property
    def stopword_set(self) -> frozenset:
        if self._stop is None:
            sw = self.stopwords
            if sw is False:
                self._stop = frozenset()
            elif isinstance(sw, (str, os.PathLike)):
                self._stop = frozenset(_read_entries(sw))
            else:
                self._stop = frozenset(sw)
        return self._stop

    # -- cutting ----------------------------------------------------------------
    def protected_spans(self, text: str, keep: Iterable[str] = ()) -> list[tuple[int, int]]:
        """Non-overlapping spans of `text` to keep as single tokens, in order.

        >>> Segmenter().protected_spans("创新“四三二”工作机制", keep=["工作机制"])
        [(3, 6), (7, 11)]
        """
        return self._spans(text, _keep_matcher(self.keep + tuple(keep)))

    def _spans(self, text: str, ac) -> list[tuple[int, int]]:
        # words asked for come first; detected shapes fill the gaps (“一票否决制” must not
        # swallow a kept 一票否决)
        out = [(s, e) for _i, s, e in ac.find_matches_as_indexes(text)] if ac is not None else []
        if self.detect_slogans and _SHAPE_MARKS(text):
            starts = [s for s, _ in out]
            extra = []
            for m in RE_SLOGAN_SHAPES.finditer(text):
                s, e = m.span()
                k = bisect.bisect_left(starts, e)  # kept spans starting before e
                clash = k > 0 and out[k - 1][1] > s
                if 0 < e - s <= _MAX_QUOTED and m.group().strip() and not clash:
                    extra.append((s, e))
            if extra:
                out = sorted(out + extra)
        return out

    def cut(self, text: str, keep: Iterable[str] = (), *, prepared: bool = False) -> list[str]:
        """Every token of the (normalized) text in order, punctuation included; slogans and
        kept words one token each. `prepared`: as in `tokens`.

        >>> Segmenter().cut("推行“三会一课”制度")
        ['推行', '“', '三会一课', '”', '制度']
        """
        return [tok for toks, _ in self._pieces(*self._text_and_matcher(text, keep, prepared)) for tok in toks]

    def prepare(self, text: str) -> tuple[str, tuple[str, ...]]:
        """(the text to cut, the slogans found in it) per `normalize` / `find_slogans`.

        >>> Segmenter().prepare("推行“三會一課”制度,創新“336”工作法")
        ('推行“三会一课”制度,创新“336”工作法', ('三会一课', '336'))
        """
        if not isinstance(text, str):
            raise TypeError(f"Segmenter wants str, got {type(text).__name__}")
        if self.find_slogans:
            from .slogans import find_slogans
            from .structure import make_document

            doc = make_document(text)
            return doc.text, tuple(s.text for s in find_slogans(doc) if s.text)
        if self.normalize:
            from .normalize import normalize

            return normalize(text).text, ()
        return text, ()

    def _text_and_matcher(self, text, keep, prepared):
        """(text to cut, its keep matcher)."""
        if prepared:
            if not isinstance(text, str):
                raise TypeError(f"Segmenter wants str, got {type(text).__name__}")
        else:
            text, found = self.prepare(text)
            keep = tuple(keep) + found
        return text, _keep_matcher(self.keep + tuple(keep))

    def _pieces(self, text: str, ac):
        """(tokens, protected) of a prepared text, in order: the tokenizer's cut of each
        stretch between protected spans, and each protected span as one token."""
        cut = self.cut_plain
        pos = 0
        for s, e in self._spans(text, ac):
            if s > pos:
                yield cut(text[pos:s]), False
            yield (text[s:e],), True
            pos = e
        if pos < len(text):
            yield cut(text[pos:]), False

    def _feature(self, tok: str) -> str:
        """`tok` stripped if it is a feature, else ""."""
        tok = tok.strip()
        if (not tok or not RE_WORDLIKE.search(tok) or tok in self.stopword_set
                or RE_NUMBER.match(tok) or len(tok) < self.min_len):
            return ""
        return tok

    def _tokens(self, text: str, ac) -> list[str]:
        """Feature tokens of a prepared text: `_pieces` filtered, the tokenizer's tokens by
        `_feature` (judged once each), a protected span only when it is not blank."""
        features = self._features
        if len(features) > 500_000:  # a bound for endless streams of new words
            features.clear()
        judge = features.__getitem__
        out = []
        for toks, protected in self._pieces(text, ac):
            if not protected:
                out += filter(None, map(judge, toks))
            elif tok := toks[0].strip():
                out.append(tok)
        return out

    def tokens(self, text: str, keep: Iterable[str] = (), *, prepared: bool = False) -> list[str]:
        """Feature tokens: no blanks, punctuation, stop words, bare numbers or short tokens;
        protected spans (slogans, kept words) always stay.

        prepared: `text` is already normalized (a `Document`'s text or a slice of it) and
        `keep` already holds its slogans: nothing is normalized or searched again.

        >>> Segmenter().tokens("我们实施“双培养”工程,惠及3万多个家庭。")
        ['双培养', '工程', '惠及', '家庭']
        >>> Segmenter().tokens("推行四个聚焦工作法", keep=["四个聚焦"], prepared=True)
        ['推行', '四个聚焦', '工作法']
        """
        return self._tokens(*self._text_and_matcher(text, keep, prepared))

    __call__ = tokens

    def doc_tokens(self, doc, slogans=None, spans=None, keep: Iterable[str] = ()) -> list[list[str]]:
        """Feature tokens of each body paragraph of a prepared `Document` (what `tokens`
        gives for raw text, without normalizing or finding slogans again).

        slogans: the document's slogans (`Slogan` records or strings), as the pipeline
          found them (``Record.slogans``); None to have them found here (with
          `find_slogans`), () for none.
        spans: [(start, end)] of ``doc.text`` to cut instead of the body paragraphs; one
          span (``[(doc.body_start, doc.body_end)]``) gives the whole body in one list.
        keep: more words kept whole, as in `tokens`.
        """
        if slogans is None:
            if self.find_slogans:
                from .slogans import find_slogans

                slogans = find_slogans(doc)
            else:
                slogans = ()
        found = tuple(s if isinstance(s, str) else s.text for s in slogans)
        ac = _keep_matcher(self.keep + tuple(keep) + tuple(s for s in found if s))
        if spans is None:
            spans = doc.paragraphs or [(doc.body_start, doc.body_end)]
        text = doc.text
        return [self._tokens(text[s:e], ac) for s, e in spans]


def package_file(name: str) -> Path:
    """Where a default lexicon lives, to copy and edit (``lexicons/userdict.txt``)."""
    return data_path(name)
