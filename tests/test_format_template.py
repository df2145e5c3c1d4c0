"""The bundled format template is valid against its schema; a broken one is refused clearly."""
import json

import pytest
from jsonschema import Draft202012Validator

from gklint.recognize.template import TemplateError, read_template_data, validate_template_data
from gklint.resources import load_schema, rules_dir


def test_bundled_template_is_valid():
    schema = load_schema("format-template.schema.json")
    Draft202012Validator.check_schema(schema)
    data = read_template_data(rules_dir() / "format-2021.yaml")
    assert list(Draft202012Validator(schema).iter_errors(data)) == []
    assert [s["number"] for s in data["sections"]] == list("一二三四五六")
    assert len(data["tables"]["applications"]["rows"]) == 25
    assert len(data["tables"]["applications"]["columns"]) == 7
    assert len(data["tables"]["review_litigation"]["columns"]) * len(data["tables"]["review_litigation"]["rows"]) == 15
    assert sum(len(r["columns"]) for r in data["tables"]["active"]["rows"]) == 10


def test_broken_template_is_refused_with_the_path(tmp_path, monkeypatch):
    monkeypatch.setenv("GKLINT_NO_CACHE", "1")
    broken = tmp_path / "format-broken.yaml"
    text = (rules_dir() / "format-2021.yaml").read_text(encoding="utf-8").replace("  - number: 三\n", "  - numbr: 三\n", 1)
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError, match=r"sections/2"):
        read_template_data(broken)
    with pytest.raises(TemplateError, match="tables"):
        validate_template_data({"format": "2021", "name": "x", "basis": "y", "sections": []}, "x.yaml")
    json.dumps(load_schema("format-template.schema.json"))  # the schema itself is plain JSON
