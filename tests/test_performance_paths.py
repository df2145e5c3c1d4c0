"""The fast paths added for speed give exactly what the plain code gives (no timing here).

* ``find_repeats`` tries only positions near a recurring bigram: same repeats as trying
  every position (:func:`_find_repeats_slow`, the definition);
* the format template is parsed once and cached as JSON, keyed by its content and the
  gklint version: same data, and a broken or unwritable cache never breaks a run.
"""
from __future__ import annotations

import json
import random

import pytest

from gklint import cache
from gklint.checks.repeated_phrase import _find_repeats_slow, find_repeats
from gklint.recognize import template as template_module
from gklint.resources import rules_dir

FORMAT = rules_dir() / "format-2021.yaml"


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GKLINT_CACHE_DIR", str(tmp_path / "_cache"))
    monkeypatch.delenv("GKLINT_NO_CACHE", raising=False)


# --------------------------------------------------------------------------- repeated phrases


def _random_text(rng: random.Random) -> str:
    alphabet = "可以通过政府信息公开申请的依法。，a1 \t"
    letters = rng.sample(alphabet, rng.randint(2, 6)) if rng.random() < 0.5 else list(alphabet)
    text = "".join(rng.choice(letters) for _ in range(rng.randint(0, 40)))
    if rng.random() < 0.6 and text:  # plant a repeat, exact or with one character more or less
        phrase = text[: rng.randint(2, 9)]
        copy = list(phrase)
        roll = rng.random()
        if roll < 0.3 and len(copy) > 1:
            del copy[rng.randrange(len(copy))]
        elif roll < 0.6:
            copy.insert(rng.randrange(len(copy) + 1), rng.choice(alphabet))
        at = rng.randint(0, len(text))
        text = text[:at] + phrase + "".join(copy) + text[at:]
    return text


@pytest.mark.parametrize("lo,hi", [(3, 8), (3, 3), (4, 6), (3, 20), (5, 4), (2, 8)])
def test_find_repeats_same_as_every_position(lo, hi):
    rng = random.Random(f"repeats-{lo}-{hi}")
    found = 0
    for _ in range(1500):
        text = _random_text(rng)
        fast = list(find_repeats(text, lo, hi))
        assert fast == list(_find_repeats_slow(text, lo, hi)), (text, lo, hi)
        found += bool(fast)
    assert found > 50 or hi < lo  # the planted repeats are found


@pytest.mark.parametrize("text,expected", [
    ("本年度报告内容可以通过可以通过政府网站查阅。", [(7, 15)]),
    ("本年度报告内容可通过可以通过政府网站查阅。", [(7, 14)]),
    ("依据第二十条第（一）项、第二十条第（五）项。", []),
    ("政府信息公开政府信息公开", [(0, 12)]),
])
def test_find_repeats_examples(text, expected):
    assert list(find_repeats(text, 3, 8)) == expected == list(_find_repeats_slow(text, 3, 8))


# --------------------------------------------------------------------------- template cache


def _cache_files():
    base = cache.cache_dir()
    return sorted((base / template_module.CACHE_NAMESPACE).glob("*.json")) if base else []


def test_template_data_cached_and_equal_to_yaml():
    parsed = template_module.read_yaml(FORMAT)
    first = template_module.read_template_data(FORMAT)  # parses, writes the cache
    assert first == parsed
    files = _cache_files()
    assert len(files) == 1
    second = template_module.read_template_data(FORMAT)  # from the cache
    assert second == parsed
    assert json.loads(files[0].read_text(encoding="utf-8"))["data"] == parsed


def test_template_cache_keyed_by_content_and_version(tmp_path, monkeypatch):
    copy = tmp_path / "format-copy.yaml"
    copy.write_bytes(FORMAT.read_bytes())
    template_module.read_template_data(copy)
    edited = FORMAT.read_text(encoding="utf-8").replace("name: 中华人民共和国政府信息公开工作年度报告格式", "name: 改过的格式")
    copy.write_text(edited, encoding="utf-8")
    assert template_module.read_template_data(copy)["name"] == "改过的格式"  # not the stale entry
    monkeypatch.setattr("gklint.__version__", "999.0")
    assert template_module._cache_key(copy.read_bytes()) != template_module._cache_key(FORMAT.read_bytes())
    assert len(_cache_files()) == 2


def test_corrupt_template_cache_is_ignored():
    parsed = template_module.read_template_data(FORMAT)
    for path in _cache_files():
        path.write_text("{not json", encoding="utf-8")
    assert template_module.read_template_data(FORMAT) == parsed
    for path in _cache_files():
        path.write_text(json.dumps({"format": 999, "data": {"tables": {}}}), encoding="utf-8")
    assert template_module.read_template_data(FORMAT) == parsed  # another cache format: parsed again


def test_unwritable_or_disabled_template_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("GKLINT_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    assert template_module.read_template_data(FORMAT) == template_module.read_yaml(FORMAT)
    monkeypatch.setenv("GKLINT_NO_CACHE", "1")
    assert template_module.read_template_data(FORMAT) == template_module.read_yaml(FORMAT)


def test_template_built_from_cache_recognizes_the_same(tmp_path):
    from gklint.loaders.text import parse_text
    from gklint.recognize import recognize, to_json

    from text_fixtures import render_report

    text = render_report(None, "cells").text
    cold = template_module.build_template(template_module.read_template_data(FORMAT), str(FORMAT))
    warm = template_module.build_template(template_module.read_template_data(FORMAT), str(FORMAT))
    assert to_json(recognize(parse_text(text), cold)) == to_json(recognize(parse_text(text), warm))


# --------------------------------------------------------------------------- plugin discovery without importlib.metadata


def _dist(root, name: str, entry_points: str | None) -> None:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name.split('-')[0]}\nVersion: 1.0\n", encoding="utf-8")
    if entry_points is not None:
        (folder / "entry_points.txt").write_text(entry_points, encoding="utf-8")


def _metadata_says(path, group="gklint") -> bool:
    import importlib.metadata

    return any(ep.group == group for d in importlib.metadata.distributions(path=[str(p) for p in path]) for ep in d.entry_points)


@pytest.mark.parametrize("entry_points,declares", [
    (None, False),
    ("[console_scripts]\ngklint = gklint.cli:main\n", False),  # gklint's own: a script named gklint, no plugin
    ("[gklint]\nhlj = gklint_hlj\n", True),
    ("  [gklint]  \r\nhlj = gklint_hlj\n", True),
    ("[ gklint ]\nhlj = gklint_hlj\n", False),  # another section name for importlib.metadata too
    ("[[gklint]]\nhlj = gklint_hlj\n", True),
    ("# [gklint]\n[other]\nx = y\n", False),
])
def test_entry_point_scan_agrees_with_importlib_metadata(tmp_path, entry_points, declares):
    from gklint.plugins import may_declare_entry_points

    site = tmp_path / "site"
    _dist(site, "plain-1.0.dist-info", "[console_scripts]\nx = y:z\n")
    _dist(site, "Other-2.0.EGG-INFO", entry_points)
    assert _metadata_says([site]) == declares
    assert may_declare_entry_points("gklint", [str(site)]) == declares


def test_entry_point_scan_is_cautious(tmp_path):
    from gklint.plugins import may_declare_entry_points

    missing = tmp_path / "missing"
    assert may_declare_entry_points("gklint", [str(missing)]) is False
    archive = tmp_path / "plugins.zip"
    archive.write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    assert may_declare_entry_points("gklint", [str(archive)]) is True  # importlib.metadata looks inside
    egg = tmp_path / "thing.egg"
    egg.mkdir()
    assert may_declare_entry_points("gklint", [str(egg)]) is True
    odd = tmp_path / "odd"
    (odd / "x.dist-info" / "entry_points.txt").mkdir(parents=True)  # unreadable as a file
    assert may_declare_entry_points("gklint", [str(odd)]) is True


def test_entry_point_scan_of_this_environment():
    """Never "no plugin" where importlib.metadata finds one."""
    import importlib.metadata

    from gklint.plugins import may_declare_entry_points

    if list(importlib.metadata.entry_points(group="gklint")):
        assert may_declare_entry_points("gklint")
    if list(importlib.metadata.entry_points(group="console_scripts")):
        assert may_declare_entry_points("console_scripts")


# --------------------------------------------------------------------------- Span's faster __init__


def test_span_still_a_frozen_dataclass():
    import copy
    import dataclasses
    import inspect
    import pickle

    from gklint.model import Span

    s = Span(3, 4, where="第1段")
    assert s == Span(3, 4, None, None, "第1段") and hash(s) == hash(Span(3, 4, where="第1段"))
    assert (s.line, s.column, s.end_line, s.end_column, s.where) == (3, 4, None, None, "第1段")
    assert Span(7) == Span(7, 1, None, None, "") and Span(1, 2, 3, 4).last_column == 4
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.line = 5  # type: ignore[misc]
    assert dataclasses.replace(s, column=9) == Span(3, 9, where="第1段")
    assert pickle.loads(pickle.dumps(s)) == s and copy.deepcopy(s) == s
    assert [f.name for f in dataclasses.fields(Span)] == ["line", "column", "end_line", "end_column", "where"]
    assert str(inspect.signature(Span)).startswith("(line: 'int', column: 'int' = 1, end_line:")
    with pytest.raises(TypeError):
        Span()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Span(1, 2, 3, 4, "x", 6)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Span(1, foo=2)  # type: ignore[call-arg]
