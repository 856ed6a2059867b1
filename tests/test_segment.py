"""Segmenter: slogans and domain terms stay whole, features carry no noise, pickling is cheap.

The sentences are written for these tests in the register of county work reports.
"""
from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

from dangjian_nlp.segment import Segmenter

# fmt: off
# (text, token that must come out whole)
KEPT_WHOLE = [
    ("全县推行“336”工作法,学校管理更加规范。", "336"),
    ("构建“1+6+N”党建联盟,辐射带动薄弱学校。", "1+6+N"),
    ("落实“5+2”课后服务模式。", "5+2"),
    ("形成“四三二”工作机制。", "四三二"),
    ("探索“一统二商三议四促”议事模式。", "一统二商三议四促"),
    ("全面实施“双培养”机制。", "双培养"),
    ("打造学校、家庭、社会六位一体育人格局。", "六位一体"),
    ("坚持“双融合、双促进”思路。", "双融合、双促进"),
    ("严格落实三会一课制度。", "三会一课"),
    ("坚持立德树人根本任务。", "立德树人"),
    ("推行党组织领导的校长负责制。", "党组织领导的校长负责制"),
    ("选优配强党组织书记。", "党组织书记"),
    ("加强师德师风建设。", "师德师风"),
]

# (text, token that must not be a feature)
DROPPED = [
    ("我们在全区开展了家访活动。", "我们"),
    ("我们在全区开展了家访活动。", "的"),
    ("惠及3万多个家庭,培训教师120人次。", "120"),
    ("惠及3万多个家庭,培训教师120人次。", "万多个"),
    ("活动 覆盖 全区。", " "),
    ("成效显著!全区满意度提升。", "!"),
    ("成效显著,全区满意度提升。", ","),
    ("会议于2023-05-23召开,为期3天。", "2023-05-23"),
    ("规划期为2021-2025年。", "2021-2025"),
]


# made-up names: only the HMM joins them
NAMES = [
    ("党员教师柯岚珊带头家访", "柯岚珊"),
    ("校长鲍昕蕤主持会议", "鲍昕蕤"),
    ("书记闫韵洁讲授党课", "闫韵洁"),
]
# fmt: on


@pytest.fixture(scope="module", params=["rjieba", "jieba"])
def seg(request):
    return Segmenter(backend=request.param)


@pytest.mark.parametrize("text,token", KEPT_WHOLE)
def test_kept_whole(seg, text, token):
    assert token in seg(text)


@pytest.mark.parametrize("text,token", DROPPED)
def test_dropped(seg, text, token):
    assert token not in seg(text)


def test_features_are_never_blank_or_punctuation(seg):
    toks = seg("一、强化政治引领\n  (一)健全机制。“三动”联动, 成效显著!!")
    assert toks and all(t.strip() and any(ch.isalnum() for ch in t) for t in toks)


def test_keep_words_per_call(seg):
    text = "全面推行四个聚焦工作法"
    assert "四个聚焦" in seg.tokens(text, keep=["四个聚焦"])
    assert seg.cut(text, keep=["四个聚焦"])[1] == "四个聚焦"


def test_traditional_input_gives_simplified_tokens(seg):
    assert seg("全面推行“三會一課”制度,開展家訪。") == seg("全面推行“三会一课”制度,开展家访。")
    assert "三会一课" in seg("全面推行“三會一課”制度,開展家訪。")


def test_unquoted_slogans_found_without_being_told(seg):
    # the slogan finder reads 四个聚焦 as a count + 个 + noun formulation
    text = "构建“四三二”工作机制:四个聚焦筑牢基础,三个坚持提升服务。"
    found = seg.prepare(text)[1]
    assert "四三二" in found
    toks = seg(text)
    assert all(s in toks for s in found)


def test_errors_raised_not_printed(seg):
    with pytest.raises(TypeError):
        seg(None)


def test_pickles_as_configuration(seg):
    seg("先用一次,建好分词器。")
    blob = pickle.dumps(seg)
    assert len(blob) < 2000  # no dictionary inside
    again = pickle.loads(blob)
    assert again._tk is None
    assert again("推行“336”工作法") == seg("推行“336”工作法")


def _tokens(args):
    s, text = args
    return s(text)


def test_process_pool(seg):
    texts = ["推行“336”工作法。", "落实三会一课制度。"]
    with ProcessPoolExecutor(max_workers=2) as pool:
        out = list(pool.map(_tokens, [(seg, t) for t in texts]))
    assert out == [seg(t) for t in texts]


@pytest.mark.parametrize("backend", ["rjieba", "jieba"])
def test_private_tokenizer_does_not_touch_jieba_default(backend):
    import jieba
    import rjieba

    mine = Segmenter(words=["聚力铸魂工程"], backend=backend)
    assert "聚力铸魂工程" in mine.cut("启动聚力铸魂工程")
    assert mine.tokenizer is not jieba.dt and mine.tokenizer is not rjieba._DEFAULT_JIEBA
    assert "聚力铸魂工程" not in jieba.dt.FREQ
    assert not rjieba.has_word("聚力铸魂工程")
    assert "聚力铸魂工程" not in Segmenter(backend=backend).cut("启动聚力铸魂工程")


@pytest.mark.parametrize("backend", ["rjieba", "jieba"])
@pytest.mark.parametrize("text,name", NAMES)
def test_hmm_flag(backend, text, name):
    assert name in Segmenter(backend=backend).cut_plain(text)
    no_hmm = Segmenter(backend=backend, hmm=False).cut_plain(text)
    assert name not in no_hmm and all(ch in no_hmm for ch in name)


@pytest.mark.parametrize("text", [t for t, _ in KEPT_WHOLE + DROPPED + NAMES])
def test_backends_give_the_same_features(text):
    assert Segmenter()(text) == Segmenter(backend="jieba")(text)


def test_rjieba_keeps_ascii_runs_whole():
    text = "详见www.example.cn,截至2023-05-23"
    assert {"www.example.cn", "2023-05-23"} <= set(Segmenter().cut(text))
    assert "2023-05-23" not in Segmenter(backend="jieba").cut(text)


def test_unknown_backend():
    with pytest.raises(ValueError, match="backend"):
        Segmenter(backend="pkuseg")("加强建设")


def test_prepared_text_is_cut_as_given(seg):
    # no second normalizing or slogan search: the caller's text and keep words are used
    assert seg.tokens("全面推行四个聚焦工作法", keep=["四个聚焦"], prepared=True)[1] == "四个聚焦"
    assert "开展" not in seg.tokens("開展家訪", prepared=True)
    assert seg.cut("推行“三会一课”制度", prepared=True) == seg.cut("推行“三会一课”制度")
    with pytest.raises(TypeError):
        seg.tokens(None, prepared=True)


def test_doc_tokens(seg):
    from dangjian_nlp.slogans import find_slogans
    from dangjian_nlp.structure import make_document
    from conftest import made_up_report

    from opencc import OpenCC

    raw = OpenCC("s2t").convert(made_up_report(3))  # the whole report in traditional script
    doc = make_document(raw)
    slogans = find_slogans(doc)
    assert slogans
    paras = doc.paragraphs
    per_para = seg.doc_tokens(doc, slogans)
    assert len(per_para) == len(paras)
    # what `tokens` gives each paragraph with the document's slogans kept
    keep = [s.text for s in slogans]
    assert per_para == [seg.tokens(doc.text[s:e], keep=keep, prepared=True) for s, e in paras]
    assert seg.doc_tokens(doc, keep) == per_para  # slogans as strings
    assert seg.doc_tokens(doc) == per_para  # found here when not given
    flat = [t for p in per_para for t in p]
    assert all(s.text in flat for s in slogans)
    assert "党建引领" in flat  # cut from the normalized text
    whole = seg.doc_tokens(doc, slogans, spans=[(doc.body_start, doc.body_end)])
    assert len(whole) == 1 and sorted(whole[0]) == sorted(flat)


def test_pickle_from_before_backends():
    # a Segmenter pickled before rjieba came keeps cutting as it did (with jieba)
    state = Segmenter().__getstate__()
    del state["backend"]
    old = Segmenter.__new__(Segmenter)
    old.__setstate__(state)
    assert old.backend == "jieba" and old("推行“336”工作法") == ["推行", "336", "工作法"]


def test_user_files(tmp_path):
    ud = tmp_path / "dict.txt"
    ud.write_text("# my words\n育人共同体 10 n\n", encoding="utf-8")
    sw = tmp_path / "stop.txt"
    sw.write_text("# my stop words\n建设\n", encoding="utf-8")
    s = Segmenter(userdict=ud, stopwords=sw)
    toks = s("加强育人共同体建设")
    assert "育人共同体" in toks and "建设" not in toks
    assert Segmenter(stopwords=["加强"])("加强育人共同体建设")[0] != "加强"
    with pytest.raises(FileNotFoundError):
        Segmenter(stopwords=str(tmp_path / "missing.txt"))("加强建设")


def test_scikit_learn_tokenizer(seg):
    from sklearn.base import clone
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(tokenizer=seg, token_pattern=None, lowercase=False)
    vec.fit(["推行“336”工作法,三会一课常态化。", "构建“1+6+N”联盟,开展家访。"])
    vocab = set(vec.get_feature_names_out())
    assert {"336", "1+6+N", "三会一课", "家访"} <= vocab
    clone(vec)  # deep-copies the Segmenter


def test_seed_slogans_found_stay_whole_by_default(seeds, seg):
    """With no words given, every slogan the library finds in a seed is one token."""
    checked = 0
    for doc_id, raw in seeds.items():
        text, found = seg.prepare(raw)
        toks = set(seg.cut(raw))
        missing = [t for t in found if t in text and t not in toks]
        assert not missing, f"{doc_id}: {missing}"
        checked += len(found)
    assert checked >= 20


def test_seed_slogans_stay_whole(seeds, gold, seg):
    """Every slogan found in a seed (by find_slogans, and the gold's) is one token."""
    from dangjian_nlp import make_document
    from dangjian_nlp.slogans import find_slogans

    checked = 0
    for doc_id, raw in seeds.items():
        doc = make_document(raw, doc_id)
        found = [s.text for s in find_slogans(doc)]
        found += [s["text"] for s in gold.get(doc_id, {}).get("slogans", [])]
        present = [t for t in dict.fromkeys(found) if t and t in doc.text]
        toks = set(seg.cut(doc.text, keep=present))
        missing = [t for t in present if t not in toks]
        assert not missing, f"{doc_id}: {missing}"
        checked += len(present)
    assert checked >= 20
