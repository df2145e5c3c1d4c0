"""The data every layer shares: positions, the loaded document, the recognized report, findings.

Layers (lowest first): model → loaders → recognize → engine + checks → reporters → cli.
This module imports nothing from gklint.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Union

# --------------------------------------------------------------------------- positions


@dataclass(frozen=True, slots=True)
class Span:
    """Where something is in the source file.

    ``line``/``column`` are 1-based.  For text formats they are real line and column
    numbers.  For .docx/.html, ``line`` is the 1-based ordinal of the block (paragraph
    or table) in document order and ``where`` names the place for humans, e.g.
    ``"第2个表格 第5行 第3列"``.
    """

    line: int
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    where: str = ""

    @property
    def last_line(self) -> int:
        return self.end_line if self.end_line is not None else self.line

    @property
    def last_column(self) -> int:
        return self.end_column if self.end_column is not None else self.column


def _fast_span_init():
    """The dataclass's own ``Span.__init__``, setting the fields through the slot
    descriptors: ~40% faster than ``object.__setattr__`` per field (a Span is made for
    every cell and paragraph); the class stays frozen, equal and hashable as before."""
    set_line, set_column = Span.line.__set__, Span.column.__set__  # type: ignore[attr-defined]
    set_end_line, set_end_column, set_where = Span.end_line.__set__, Span.end_column.__set__, Span.where.__set__  # type: ignore[attr-defined]

    def __init__(self, line: int, column: int = 1, end_line: int | None = None, end_column: int | None = None, where: str = "") -> None:
        set_line(self, line)
        set_column(self, column)
        set_end_line(self, end_line)
        set_end_column(self, end_column)
        set_where(self, where)

    __init__.__qualname__ = "Span.__init__"
    return __init__


Span.__init__ = _fast_span_init()  # type: ignore[method-assign]


# --------------------------------------------------------------------------- document (loader output)


@dataclass(slots=True)
class Paragraph:
    """One paragraph (a text line, a Word paragraph, an HTML block).

    ``text`` is cleaned of markup (Markdown ``#``/``**``/list marks).  ``offsets`` maps
    each character of ``text`` to its 1-based column on ``span.line`` in the source
    (text formats only; empty for .docx/.html).
    """

    text: str
    span: Span
    heading: int = 0  # Markdown/Word heading level, 0 for body text
    offsets: list[int] = field(default_factory=list)

    def span_of(self, start: int, end: int) -> Span:
        """Span of ``text[start:end]`` (falls back to the whole paragraph)."""
        if self.offsets and 0 <= start < len(self.offsets) and 0 < end <= len(self.offsets):
            return Span(self.span.line, self.offsets[start], self.span.line, self.offsets[end - 1] + 1, self.span.where)
        return self.span


@dataclass(slots=True)
class Cell:
    text: str
    span: Span


@dataclass(slots=True)
class Table:
    """A table as rows of cells, merged cells already read once (no duplication)."""

    rows: list[list[Cell]]
    span: Span


Block = Union[Paragraph, Table]


@dataclass(slots=True)
class Document:
    """What a loader yields: blocks in document order, each with its source position."""

    path: str
    format: str  # "text", "markdown", "docx", "html", or a plugin's name
    blocks: list[Block]
    text: str | None = None  # decoded source text for text formats (suppression comments, excerpts)
    encoding: str | None = None

    def line_text(self, line: int) -> str:
        if self.text is None or line < 1:
            return ""
        lines = self.text.split("\n")
        return lines[line - 1] if line <= len(lines) else ""


# --------------------------------------------------------------------------- report (recognizer output)


@dataclass(slots=True)
class Problem:
    """Something the recognizer could not read cleanly. Rules report problems; nothing is guessed.

    ``code`` is one of: ``row-missing``, ``column-missing``, ``cell-blank``, ``cell-dash``,
    ``cell-not-number``, ``cell-unit``, ``cell-negative``, ``cell-decimal``, ``too-few-values``,
    ``too-many-values``, ``number-run-ambiguous``, ``label-variant``, ``label-truncated``,
    ``header-missing``, ``table-missing``, ``table-outdated`` (表二 on the 2019 template:
    values not read), ``row-duplicate``, ``cell-covered``.
    """

    code: str
    message: str
    span: Span | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    found: str | None = None
    expected: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"code": self.code, "message": self.message}
        for key in ("table", "row", "column", "found", "expected"):
            value = getattr(self, key)
            if value is not None:
                d[key] = value
        d["line"] = self.span.line if self.span else None
        d["column_number"] = self.span.column if self.span else None
        if self.span and self.span.where:
            d["where"] = self.span.where
        return d


@dataclass(slots=True)
class Value:
    """One table cell as read: its raw text, its number (None when unreadable) and position."""

    raw: str
    number: int | float | None
    span: Span


@dataclass(slots=True)
class Row:
    key: str  # template row key, e.g. "三.三.1"
    label: str  # label text as found in the draft
    span: Span
    values: dict[str, Value]  # column key -> value (missing columns absent)


@dataclass(slots=True)
class TableData:
    """One of the format's tables, read by label."""

    name: str  # "active", "applications", "review_litigation"
    found: bool = False
    span: Span | None = None
    header_found: bool = False
    columns: list[str] = field(default_factory=list)  # column keys found (applications)
    rows: dict[str, Row] = field(default_factory=dict)

    def value(self, row: str, column: str) -> Value | None:
        r = self.rows.get(row)
        return r.values.get(column) if r else None

    def number(self, row: str, column: str) -> int | float | None:
        v = self.value(row, column)
        return v.number if v else None


@dataclass(slots=True)
class Section:
    number: str  # canonical numeral 一 … 六
    title: str  # heading text as found (cleaned)
    canonical: str  # canonical heading, e.g. "一、总体情况"
    span: Span
    numbered: bool = True  # False when the numeral is missing (e.g. "存在的主要问题及改进情况")
    numeral_found: str | None = None  # numeral as written, if any
    variant: bool = False  # title is an accepted variant, not the canonical wording
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(slots=True)
class Period:
    text: str
    span: Span
    start: date | None = None
    end: date | None = None


@dataclass(slots=True)
class Marker:
    """A label that marks something (e.g. the outdated 2019 template), where it was seen."""

    label: str
    span: Span


@dataclass(slots=True)
class Report:
    path: str
    document: Document
    title: str | None = None
    title_span: Span | None = None
    issuer: str | None = None
    year: int | None = None
    period: Period | None = None
    sections: list[Section] = field(default_factory=list)
    tables: dict[str, TableData] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    outdated_markers: list[Marker] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)  # every paragraph, in order

    def section(self, number: str) -> Section | None:
        for s in self.sections:
            if s.number == number:
                return s
        return None


# --------------------------------------------------------------------------- findings (engine output)


@dataclass(frozen=True, slots=True)
class Fix:
    """A text edit that resolves a finding: replace ``span`` with ``replacement``."""

    span: Span
    replacement: str
    safe: bool = True


SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(slots=True)
class Finding:
    rule: str  # stable ID, e.g. "GK301"
    name: str  # kebab-case name, e.g. "applications-balance"
    severity: str  # error | warning | info
    message: str  # Chinese, specific
    path: str
    span: Span
    summary: str = ""  # English one-liner of the rule
    excerpt: str = ""
    fix: Fix | None = None

    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.rule, self.message)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "summary": self.summary,
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.last_line,
            "end_column": self.span.last_column,
            "where": self.span.where or None,
            "excerpt": self.excerpt or None,
            "fix": None,
        }
        if self.fix is not None:
            d["fix"] = {
                "replacement": self.fix.replacement,
                "safe": self.fix.safe,
                "line": self.fix.span.line,
                "column": self.fix.span.column,
                "end_line": self.fix.span.last_line,
                "end_column": self.fix.span.last_column,
            }
        return d


class InputError(Exception):
    """A file that cannot be read as a draft (binary, corrupt, too large, unknown format).

    The message is Chinese and names the reason; the CLI adds the path. ``code`` is the
    GK9xx rule it is reported under.
    """

    def __init__(self, message: str, code: str = "GK901"):
        super().__init__(message)
        self.code = code


# --------------------------------------------------------------------------- rules (engine input)


@dataclass(slots=True)
class Rule:
    """One rule of a pack, as declared in YAML and validated against ``schemas/rule-pack.schema.json``."""

    id: str  # e.g. "GK301" or a plugin's "HLJ101"
    name: str  # kebab-case
    kind: str  # check kind name
    severity: str  # error | warning | info
    message: str  # Chinese message template, ``{placeholders}`` filled from a Hit's values
    summary: str  # English one-liner
    basis: str  # legal or format basis
    params: dict[str, Any] = field(default_factory=dict)
    description: str = ""  # longer Chinese explanation (what / why), for `gklint explain`
    examples: dict[str, list[Any]] = field(default_factory=dict)  # {"fail": [...], "pass": [...]}
    fix_safe: bool = True
    pack: str = ""  # pack name
    source: str = ""  # file the rule came from
    source_line: int = 0
    plugin: str = ""  # plugin that contributed the pack ("" for built-in)
