"""Figures: what a fresh process pays at each new text (issue 7, round 2), against the plain
code it replaces: the tagger's pairs and the elliptical-clause test of count_object."""
from __future__ import annotations

import random

from dangjian_nlp import figures
from dangjian_nlp.resources import load_table

# made-up report phrases, with the words of figures/pos.tsv, blanks, quotes and Latin
_PIECES = ["全县", "党员教师", "组织", "党组织", "汇总", "员", "示范", "开展调研", "被", "立项", "课题",
           "民办幼儿园", "覆盖率", "达到", "建成", "的", "了", "县", "乡镇", "服务", "中心", "项目",
           "“", "”", '"', "六好", "支部", " ", "\u3000", "\n", "ABC", "2024", "%", "/", "(", ")",
           "叙州区", "地处", "川南", "累计", "发放", "补助", "资金", "同比", "增长", "培育", "品牌"]


def _cut_plain(s):
    """figures._cut as it was: every pair rebuilt with its pos.tsv tag, blanks kept."""
    jb, tags = figures._jieba()
    has_word, han = jb.has_word, figures.RE_HAN.fullmatch
    out, run = [], []

    def flush():
        text = "".join(w for w, _ in run)
        out.extend(figures._hmm_words(text) if len(text) > 1 and not has_word(text) else run)

    for p in jb.tag(s, True):
        w = p[0]
        if "\u4e00" <= w <= "\u9fd5" if len(w) == 1 else not has_word(w) and han(w):
            run.append(p)
            continue
        if run:
            flush()
            run = []
        out.append(p)
    if run:
        flush()
    return [(w, tags.get(w, f)) for w, f in out]


def _tag_plain(s):
    if "“" not in s and '"' not in s:
        return tuple(p for p in _cut_plain(s) if p[0].strip())
    out, pos = [], 0
    for m in figures.RE_QUOTED.finditer(s):
        out.extend(p for p in _cut_plain(s[pos:m.start()]) if p[0].strip())
        out.append((m.group(1) or m.group(2), "nq"))
        pos = m.end()
    out.extend(p for p in _cut_plain(s[pos:]) if p[0].strip())
    return tuple(out)


def test_tag_equals_the_plain_cut():
    rng = random.Random(5)
    words = [w for w, _ in load_table("figures/pos.tsv")]
    for _ in range(3000):
        s = "".join(rng.choice(_PIECES + words) for _ in range(rng.randint(0, 12)))
        figures.tag.cache_clear()
        assert figures.tag(s) == _tag_plain(s), s


def _count_object_plain(text, c, lo, hi, prev, nxt):
    """figures.count_object as it was: the elliptical clause's verb tagged before the tests
    on the previous figure."""
    F = figures
    ceiling = nxt.start if nxt is not None and nxt.start < hi else hi
    after = text[c.end:F._clause_end(text, c.end, ceiling)]
    obj = F.noun_after(after) if after else None
    if obj:
        return F._with_parenthesis(text, c.end + len(after), obj)
    floor = prev.end if prev is not None and prev.end > lo else lo
    before = F.strip_link_tail(text[F._clause_start(text, c.start, floor):c.start])
    obj = F.noun_before(before)
    if obj:
        return obj
    growth = F.clean_object(before)
    if growth and F._is_growth(growth):
        if prev is not None and prev.object and not prev.object.endswith(growth) and c.start - prev.end <= 20:
            return prev.object + growth
        return None
    verb = F.clean_object(before.lstrip("被并又再"))
    if verb and not before.startswith("被") and not all(f[0] in "vdp" for _, f in F.tag(verb)):
        verb = None
    if (verb and len(verb) >= 2 and not F._link_tail().fullmatch(verb) and prev is not None
            and prev.object and c.start - prev.end <= 20 and text.find("。", prev.end, c.start) < 0):
        return verb + prev.object
    subject = F._subject_of_verb(before)
    if subject:
        return subject
    pred = F.clean_object(after.replace("了", ""))
    return pred if pred and len(pred) <= 16 else None


def test_count_object_equals_the_plain_order():
    rng = random.Random(9)
    clauses = ["上报课题92项", "被立项27项", "并立项3项", "又新增5个", "全县建成", "净增700家", "共有",
               "同比增加12个", "发放补助资金", "覆盖率达到", "学校", "。", ",", "、", "其中", "被评为",
               "示范点", "再建成2所", "达到", "1.2万家", "组建", "汇总"]
    for _ in range(2000):
        text = "".join(rng.choice(clauses) for _ in range(rng.randint(1, 10)))
        cands = figures.merge_changes(text, figures.scan_text(text))
        for i, c in enumerate(cands):
            prev = cands[i - 1] if i else None
            if prev is not None and rng.random() < 0.7:
                prev.object = rng.choice(["课题", "学校", None, "示范点"])
            nxt = cands[i + 1] if i + 1 < len(cands) else None
            want = _count_object_plain(text, c, 0, len(text), prev, nxt)
            assert figures.count_object(text, c, 0, len(text), prev, nxt) == want, text


def _route_plain(hmm, run):
    """figures._PosHMM.route as it was: the Viterbi over every state, with masks."""
    np = hmm.np

    def char(ch):
        emit = hmm._emit(ch)
        allowed = hmm.char_states.get(ch)
        mask = np.ones(len(hmm.states), dtype=bool)
        if allowed is not None:
            mask[:] = False
            mask[[hmm.index[y] for y in allowed]] = True
        return emit, mask

    emit, present = char(run[0])
    v = hmm.start + emit
    back = []
    for ch in run[1:]:
        prev = np.flatnonzero(present & hmm.goes_on)
        expected = hmm.follows[prev].any(axis=0)
        emit, allowed = char(ch)
        present = allowed & expected
        if not present.any():
            present = expected
        cols = np.flatnonzero(present)
        scores = (v[prev][:, None] + hmm.trans[np.ix_(prev, cols)]) + emit[cols]
        best = scores.argmax(axis=0)
        v = np.full(len(hmm.states), -np.inf)
        v[cols] = scores[best, np.arange(len(cols))]
        ptr = np.zeros(len(hmm.states), dtype=np.intp)
        ptr[cols] = prev[best]
        back.append(ptr)
    last = np.flatnonzero(present)
    state = last[v[last].argmax()]
    route = [state]
    for ptr in reversed(back):
        state = ptr[state]
        route.append(state)
    return [hmm.states[i] for i in reversed(route)]


def test_the_model_has_no_dead_end():
    """What route relies on: each character may take a state with a successor, and each
    such state has a successor with one."""
    hmm = figures._pos_hmm()
    live = hmm.goes_on
    assert all(live[[hmm.index[y] for y in states]].any() for states in hmm.char_states.values())
    assert all((hmm.follows[s] & live).any() for s in range(len(hmm.states)) if live[s])


def test_route_equals_the_full_width_viterbi():
    hmm = figures._pos_hmm()
    rng = random.Random(11)
    common = "".join(sorted(hmm.char_states))[:3000]  # characters with their allowed states
    rare = "".join(ch for ch in map(chr, range(0x4E00, 0x9FD6)) if ch not in hmm.char_states)[:500]
    report = "".join(_PIECES[:21])
    for _ in range(1500):
        pool = rng.choice([common, rare, report, common + rare])
        run = "".join(rng.choice(pool) for _ in range(rng.randint(1, 9)))
        assert hmm.route(run) == _route_plain(hmm, run), run


def test_route_takes_every_following_state_where_none_allowed_follows():
    """The fallback of route, when no state a character may take follows the one before:
    found among made-up runs, for a middle and for a last character."""
    hmm = figures._pos_hmm()
    np = hmm.np
    rng = random.Random(12)
    chars = sorted(hmm.char_states)
    found = {"middle": 0, "last": 0}
    for _ in range(20000):
        run = "".join(rng.choice(chars) for _ in range(rng.randint(2, 4)))
        cols, _, live = hmm.char(run[0])
        for i, ch in enumerate(run[1:], 1):
            prev = cols[live]
            cols, _, live = hmm.char(ch)
            ok = hmm.follows[prev[:, None], cols].any(axis=0)
            if not ok.any():
                found["last" if i == len(run) - 1 else "middle"] += 1
                assert hmm.route(run) == _route_plain(hmm, run), run
                break
            cols, live = cols[ok], live[ok]
    assert found["middle"] and found["last"], found
