"""The format template (``rules/format-2021.yaml``) as the recognizer uses it.

**Cache.**  Parsing the template's YAML (pure-Python ruamel) costs more than linting a
report, on every run.  The parsed data is therefore kept as JSON in the user cache folder
(:mod:`gklint.cache`), keyed by the SHA-256 of the file content and the gklint version:
an edited template or another gklint version is parsed afresh, and a cache that cannot
be read or written (corrupt, read-only, ``GKLINT_NO_CACHE=1``) only means parsing again.
Data that does not survive a JSON round trip unchanged is never cached.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from gklint.recognize.labels import LabelSet


@dataclass(eq=False)
class TableSpec:
    key: str
    name: str
    section: str
    columns: list[dict]
    rows: list[dict]
    groups: list[dict]
    other_labels: list[str]
    tolerated_rows: list[str]

    def __post_init__(self) -> None:
        self.row_labels = LabelSet(self.rows)
        self.group_labels = LabelSet(self.groups)
        self.column_labels = LabelSet(self.columns)
        self.other = LabelSet([{"key": f"other:{i}", "label": label} for i, label in enumerate(self.other_labels)])
        self.tolerated = LabelSet([{"key": f"tolerated:{i}", "label": label} for i, label in enumerate(self.tolerated_rows)])
        self.row_by_key = {r["key"]: r for r in self.rows}
        self.column_by_key = {c["key"]: c for c in self.columns}
        self.row_order = [r["key"] for r in self.rows]

    def row_label(self, key: str) -> str:
        return self.row_by_key[key]["label"]

    def display_row(self, key: str) -> str:
        """The row as a reader knows it: 表三's numbering and group in front of the label
        (「一、本年新收…」, 「（三）不予公开 1.属于国家秘密」); other tables' plain label."""
        label = self.row_label(key)
        if not self.groups:
            return label
        parts = key.split(".")
        if len(parts) == 1:
            return f"{key}、{label}"
        if len(parts) == 2:
            return f"（{parts[1]}）{label}"
        group = next((g["label"] for g in self.groups if g["key"] == ".".join(parts[:2])), "")
        return f"（{parts[1]}）{group} {parts[2]}.{label}"


@dataclass(eq=False)
class Template:
    data: dict
    sections: list[dict]
    tables: dict[str, TableSpec]
    outdated_labels: list[str]
    period_keywords: list[str]
    source: str
    # what the recognizer learnt about cell and heading texts with this template (the
    # same texts recur in every report): see gklint.recognize.tables / sections
    memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo_table(self, name: str) -> dict:
        """A memo dict of this template, emptied when it grows past :data:`MEMO_MAX` entries."""
        table = self.memo.get(name)
        if table is None or len(table) >= MEMO_MAX:
            table = self.memo[name] = {}
        return table

    @property
    def basis(self) -> str:
        return self.data.get("basis", "")


MEMO_MAX = 16384
MEMO_TEXT_MAX = 200  # longer texts are not remembered (a pasted paragraph, a 20 MB line)
CACHE_NAMESPACE = "templates"
CACHE_FORMAT = 1


def read_yaml(path: Path) -> dict:
    from ruamel.yaml import YAML  # lazy: start-up

    yaml = YAML(typ="safe", pure=True)
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh)


def _parse(content: bytes) -> Any:
    from ruamel.yaml import YAML  # lazy: start-up

    return YAML(typ="safe", pure=True).load(content.decode("utf-8"))


def _cache_key(content: bytes) -> str:
    from gklint import __version__

    h = hashlib.sha256()
    h.update(f"gklint-template\0{__version__}\0{CACHE_FORMAT}\0".encode())
    h.update(content)
    return h.hexdigest()


class TemplateError(ValueError):
    """The format template does not match ``schemas/format-template.schema.json``."""


def validate_template_data(data: Any, source: str) -> None:
    from jsonschema import Draft202012Validator  # lazy: only on a cache miss

    from gklint.resources import load_schema

    errors = sorted(Draft202012Validator(load_schema("format-template.schema.json")).iter_errors(data),
                    key=lambda e: list(map(str, e.path)))
    if errors:
        lines = [f"{'/'.join(map(str, e.path)) or '（根）'}：{e.message}" for e in errors[:10]]
        raise TemplateError(f"格式模板 {source} 不符合 schemas/format-template.schema.json：\n  " + "\n  ".join(lines))


def read_template_data(path: Path) -> Any:
    """The template file's data: from the cache when its content was parsed before."""
    from gklint import cache

    content = Path(path).read_bytes()
    key = _cache_key(content)
    try:
        cached = cache.read_json(CACHE_NAMESPACE, key)
        if isinstance(cached, dict) and cached.get("format") == CACHE_FORMAT and "data" in cached:
            return cached["data"]
    except Exception:  # a cache problem never breaks a run
        pass
    data = _parse(content)
    validate_template_data(data, str(path))  # only validated data is ever cached
    try:
        if json.loads(json.dumps(data, ensure_ascii=False)) == data:
            cache.write_json(CACHE_NAMESPACE, key, {"format": CACHE_FORMAT, "data": data})
    except Exception:
        pass
    return data


def build_template(data: dict, source: str = "") -> Template:
    tables = {}
    for key, spec in data["tables"].items():
        tables[key] = TableSpec(
            key=key,
            name=spec.get("name", key),
            section=spec.get("section", ""),
            columns=spec.get("columns", []),
            rows=spec.get("rows", []),
            groups=spec.get("groups", []),
            other_labels=spec.get("other_labels", []),
            tolerated_rows=spec.get("tolerated_rows", []),
        )
    return Template(
        data=data,
        sections=data["sections"],
        tables=tables,
        outdated_labels=data.get("outdated_2019", {}).get("labels", []),
        period_keywords=data.get("period", {}).get("keywords", []),
        source=source,
    )


@lru_cache(maxsize=4)
def load_template(path: str | None = None) -> Template:
    """Load a format template; default: the bundled 2021 format."""
    if path is None:
        from gklint.resources import rules_dir

        p = rules_dir() / "format-2021.yaml"
    else:
        p = Path(path)
    return build_template(read_template_data(p), str(p))
