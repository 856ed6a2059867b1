"""Record's packed pickle (columns of field values) against the default dataclass form."""
import copy
import copyreg
import io
import pickle
import random

import pytest

from dangjian_nlp import records as R
from dangjian_nlp.records import Figure, Practice, Record, Region, Slogan


def _default_dumps(obj, protocol=pickle.DEFAULT_PROTOCOL) -> bytes:
    """The form a Record had before it packed itself: copyreg's __newobj__ and its __dict__."""
    buf = io.BytesIO()
    p = pickle.Pickler(buf, protocol=protocol)
    p.dispatch_table = {**copyreg.dispatch_table, Record: lambda r: object.__reduce_ex__(r, protocol)}
    p.dump(obj)
    return buf.getvalue()


def _same(a, b) -> bool:
    """Equal values of the same types, attributes in the same order (repr tells 1 from 1.0)."""
    if repr(a) != repr(b):
        return False
    pairs = [(a, b)] if isinstance(a, Record) else list(zip(a, b))
    for x, y in pairs:
        if list(vars(x)) != list(vars(y)):
            return False
        for k in ("figures", "slogans", "practices"):
            if type(getattr(x, k)) is not type(getattr(y, k)):
                return False
            keys = lambda o: list(getattr(o, "__dict__", o))  # noqa: E731 (a foreign item: a dict)
            if any(keys(p) != keys(q) for p, q in zip(getattr(x, k), getattr(y, k))):
                return False
    return True


def _random_record(rng: random.Random) -> Record:
    words = ["三会一课", "党员", "支部", "主题党日", "“两学一做”", "", "个", "%"]
    maybe = lambda f: f() if rng.random() < 0.5 else None  # noqa: E731
    figs = [Figure(rng.choice(words), rng.choice([None, 3, 2.5, 0, -1.0]), rng.choice(words),
                   approx=maybe(lambda: rng.choice(words)), object=maybe(lambda: rng.choice(words)),
                   change_from=maybe(lambda: rng.choice([1, 1.5])), start=rng.randrange(999),
                   end=rng.randrange(999), slogan=maybe(lambda: rng.randrange(5)),
                   section=maybe(lambda: rng.choice(words)))
            for _ in range(rng.randrange(0, 30))]
    slos = [Slogan(rng.choice(words), [rng.randrange(9), rng.choice(["三", 4])][:rng.randrange(3)],
                   head=maybe(lambda: rng.choice(words)), start=rng.randrange(99), end=rng.randrange(99),
                   mentions=rng.randrange(1, 4), items=maybe(lambda: [rng.choice(words)] * rng.randrange(3)),
                   parent=maybe(lambda: 0), declared=maybe(lambda: 3), consistent=maybe(lambda: rng.random() < .5))
            for _ in range(rng.randrange(0, 6))]
    pras = [Practice(rng.choice(words), rng.randrange(99), rng.randrange(99),
                     section=maybe(lambda: rng.choice(words)), score=maybe(rng.random))
            for _ in range(rng.randrange(0, 6))]
    region = maybe(lambda: Region("浙江省", None, None, "330000", "title", None,
                                  [{"province": "浙江省", "score": 1.5, "city": None}]))
    return Record(maybe(lambda: "doc"), title=maybe(lambda: "题"), date=maybe(lambda: "2020-01-02"),
                  masked=rng.random() < 0.5, stripped=[rng.choice(words)] * rng.randrange(2), region=region,
                  slogans=slos, figures=figs, practices=pras, script="simplified",
                  error=maybe(lambda: "ValueError: x"))


def test_packed_round_trip_matches_default():
    rng = random.Random(7)
    for _ in range(300):
        rec = _random_record(rng)
        for proto in (2, 4, 5):
            new = pickle.loads(pickle.dumps(rec, protocol=proto))
            old = pickle.loads(_default_dumps(rec, proto))
            assert _same(new, rec) and _same(old, rec)
    # a chunk as a worker sends it: shared lists stay shared, the pickle is smaller
    chunk = [_random_record(rng) for _ in range(16)]
    assert _same(pickle.loads(pickle.dumps(chunk)), chunk)
    assert len(pickle.dumps(chunk)) < len(_default_dumps(chunk))


def test_old_pickles_still_load():
    rec = _random_record(random.Random(3))
    rec.figures.append(Figure("3个", 3, "个"))
    for proto in range(0, pickle.HIGHEST_PROTOCOL + 1):
        assert _same(pickle.loads(_default_dumps(rec, proto)), rec)
        assert _same(pickle.loads(pickle.dumps(rec, protocol=proto)), rec)


class _MyRecord(Record):
    pass


ODD = ["subclass", "tuple", "rec_extra", "rec_missing", "rec_swapped", "missing", "foreign", "subitem"]


@pytest.mark.parametrize("odd", ODD)
def test_unusual_records_fall_back_to_the_default_form(odd):
    rec = Record("d", figures=[Figure("3个", 3, "个"), Figure("5%", 5.0, "%")], practices=[Practice("t", 0, 2)])
    if odd == "subclass":
        rec = _MyRecord("d", figures=list(rec.figures))
    elif odd == "tuple":
        rec.figures = tuple(rec.figures)
    elif odd == "rec_extra":
        rec.note = "x"
    elif odd == "rec_missing":
        del rec.__dict__["title"]  # the class default would answer getattr
    elif odd == "rec_swapped":  # as many attributes, not the fields
        del rec.__dict__["title"]
        rec.note = "x"
    elif odd == "missing":  # a field without a default (none on the class)
        del rec.figures[0].__dict__["unit"]
    elif odd == "foreign":
        rec.practices.append({"type": "t"})
    elif odd == "subitem":
        rec.slogans.append(type("S2", (Slogan,), {})("x", []))
    assert R._packed(rec) is None
    if odd in ("missing", "subitem"):
        return  # no repr to compare / a local class pickle cannot name
    back = pickle.loads(pickle.dumps(rec))
    assert _same(back, rec) and vars(back) == vars(rec)


def test_items_carry_their_fields():
    """An item's fields are read as attributes, in field order, whatever its __dict__ holds."""
    rec = Record("d", figures=[Figure("3个", 3, "个"), Figure("5%", 5.0, "%")])
    f = rec.figures[0]
    d = dict(reversed(list(vars(f).items())))  # the same attributes in another order
    f.__dict__.clear()
    f.__dict__.update(d)
    del rec.figures[1].__dict__["approx"]  # getattr reads the class's default, None
    rec.figures[1].note = "not a field"
    back = pickle.loads(pickle.dumps(rec))
    assert repr(back) == repr(rec)
    assert all(list(vars(g)) == list(Figure.__dataclass_fields__) for g in back.figures)
    assert back.figures[1].approx is None and not hasattr(back.figures[1], "note")


def test_copy_keeps_its_semantics():
    rec = _random_record(random.Random(5))
    rec.figures.append(Figure("3个", 3, "个"))
    shallow = copy.copy(rec)
    assert shallow is not rec and shallow.figures is rec.figures and _same(shallow, rec)
    deep = copy.deepcopy(rec)
    assert deep.figures is not rec.figures and deep.figures[0] is not rec.figures[0] and _same(deep, rec)
    box = [rec, rec]
    twice = copy.deepcopy(box)
    assert twice[0] is twice[1]


def test_asdict_and_to_dict_unchanged():
    import dataclasses
    rec = _random_record(random.Random(11))
    assert rec.to_dict() == dataclasses.asdict(rec)
    assert _same(Record.from_dict(rec.to_dict()), Record.from_dict(dataclasses.asdict(rec)))


def _typed(x):
    """x with the type of every container and value spelled out, for exact comparison."""
    if isinstance(x, dict):
        return (type(x).__name__, [(_typed(k), _typed(v)) for k, v in x.items()])
    if isinstance(x, (list, tuple, set, frozenset)):
        return (type(x).__name__, [_typed(v) for v in x])
    return (type(x).__name__, repr(x))


def test_to_dict_is_asdict():
    """_plain's fast paths (values read by one attrgetter, an item of atoms built in C)
    against dataclasses.asdict, on random records and on odd values in their fields."""
    import collections
    import dataclasses

    @dataclasses.dataclass
    class One:
        x: object = None

    @dataclasses.dataclass
    class Empty:
        pass

    class Text(str):
        pass

    Pair = collections.namedtuple("Pair", "a b")
    rng = random.Random(13)
    recs = [_random_record(rng) for _ in range(200)]
    odd = Record("odd", stripped=("党", Text("x")), figures=[Figure("3个", 3, "个", object=One([1, (2, 3)]))],
                 slogans=[Slogan("x", [Pair(1, [2.0])], items={"a": {3}})],
                 practices=[Practice("t", 0, 1, section=Empty()), Practice("t", True, 2)],
                 region=Region(candidates=[{"k": [One(), Pair("a", None)]}]))
    for rec in recs + [odd]:
        mine, ref = rec.to_dict(), dataclasses.asdict(rec)
        assert mine == ref and _typed(mine) == _typed(ref)
