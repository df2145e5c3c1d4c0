"""Read the format's three tables by their labels, whatever the layout.

Rows from every table block of the document are pooled: a row belongs to the table
whose labels it carries, not to a position.  A data row is a known row label followed
by its value cells; a header row carries column labels.  Table 四 has no row labels:
its values are a row of numbers only (15 in the standard layout), or three rows
labelled 行政复议 / 未经复议直接起诉 / 复议后起诉.

Nothing is guessed: every cell that cannot be read, every missing row or column, every
label that is only close to the standard one is recorded as a :class:`Problem`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from gklint.model import Cell, Problem, Row, Span, Table, TableData, Value
from gklint.recognize.labels import LabelSet, Match
from gklint.recognize.numbers import is_number_run, is_numberish, read_number
from gklint.recognize.template import MEMO_MAX, MEMO_TEXT_MAX, TableSpec, Template

REVIEW = "review_litigation"
APPLICATIONS = "applications"
ACTIVE = "active"
REVIEW_GROUPS = ("复议", "直接起诉", "复议后起诉")

PROBLEM_TEXT = {
    "cell-blank": "单元格为空，应填写数字（没有发生的填 0）",
    "cell-dash": "单元格填写了「{found}」，应填写数字（没有发生的填 0）",
    "cell-not-number": "单元格内容「{found}」不是数字",
    "cell-unit": "单元格中写了单位「{found}」，表格中只填数字",
    "cell-negative": "单元格为负数",
    "cell-decimal": "单元格数字格式不对：{found}",
}


@dataclass
class _RowInfo:
    cells: list[Cell]
    section: str | None


_UNKNOWN = object()  # a memo miss (dict.get: a miss costs no KeyError)
_PLAN_MAX_CELLS = 64  # rows longer than any table's are classified afresh (not remembered)


def _span_after(span: Span) -> Span:
    return Span(span.last_line, span.last_column, span.last_line, span.last_column, span.where)


class TableReader:
    def __init__(self, template: Template):
        self.t = template
        self.specs = template.tables
        self.data = {k: TableData(name=k) for k in self.specs}
        self.problems: list[Problem] = []
        self.header_columns: dict[str, set[str]] = {k: set() for k in self.specs}
        self.last_span: dict[str, Span] = {}
        self.review_numeric: list[list[Cell]] = []
        self.section_table = {spec.section: k for k, spec in self.specs.items()}
        # 表二 written on the outdated 2019 template: its columns mean other things, so its
        # values are not read as 2021 values (the outdated-template rule reports it)
        outdated = template.memo.get("outdated_labels")
        if outdated is None:
            outdated = template.memo["outdated_labels"] = LabelSet([{"key": f"2019:{i}", "label": label} for i, label in enumerate(template.outdated_labels)])
        self.outdated_labels = outdated
        # what each cell text is (row label of which table, column labels …), learnt once
        # per template: the same texts recur in every report
        self._row_memo = template.memo_table("row")
        self._column_memo = template.memo_table("column")
        self._other_memo = template.memo_table("other")
        self._group_memo = template.memo_table("group")
        self._value_memo = template.memo_table("value")
        self._token_memo = template.memo_table("token")
        self._plan_memo = template.memo_table("plan")
        self._outdated_memo = template.memo_table("outdated")
        self.outdated_tables: set[str] = set()
        # (table, label cell index) -> how many blank cells surround the values of the
        # fully filled rows of the table block being read (see _edge_patterns)
        self._edges: dict[tuple[str, int], Counter] = {}
        # (id of a row's cell list, label index) -> the cells after the label, number runs
        # split: found for the edge patterns, used again for the data row
        self._split: dict[tuple[int, int], list[Cell]] = {}
        self._column_keys = {k: [c["key"] for c in spec.columns] for k, spec in self.specs.items()}

    # ------------------------------------------------------------------ helpers
    def _problem(self, code: str, message: str, span: Span | None, table: str, row: str | None = None,
                 column: str | None = None, found: str | None = None, expected: str | None = None) -> None:
        self.problems.append(Problem(code, message, span, table, row, column, found, expected))

    def display_row(self, table: str, key: str) -> str:
        return self.specs[table].display_row(key)

    def column_label(self, table: str, key: str) -> str:
        return self.specs[table].column_by_key[key]["label"]

    def _label_problem(self, table: str, m: Match, cell: Cell, kind: str, row: str | None = None, column: str | None = None) -> None:
        if m.how in ("exact", "fragment"):
            return
        code = "label-truncated" if m.how == "truncated" else "label-variant"
        what = {"row": "行标签", "group": "分组标签", "column": "列标题"}[kind]
        if code == "label-truncated":
            msg = f"{self.specs[table].name}的{what}「{cell.text}」不完整，标准写法为「{m.canonical}」"
        else:
            msg = f"{self.specs[table].name}的{what}「{cell.text}」与格式不一致，标准写法为「{m.canonical}」"
        self._problem(code, msg, cell.span, table, row=row, column=column, found=cell.text, expected=m.canonical)

    # ------------------------------------------------------------------ classification
    @staticmethod
    def _remember(memo: dict, text: str, value):
        if len(text) <= MEMO_TEXT_MAX:
            if len(memo) >= MEMO_MAX:
                memo.clear()
            memo[text] = value
        return value

    def _row_hit(self, text: str) -> tuple[str, Match] | None:
        """The first table whose row labels match ``text`` (a non-empty cell).

        Label texts are remembered; number-like texts (never a label) are not, so the
        memo is not flooded and emptied by the figures of thousands of reports."""
        found = self._row_memo.get(text, _UNKNOWN)
        if found is not _UNKNOWN:
            return found
        if is_numberish(text):
            return None
        hit = None
        for key, spec in self.specs.items():
            m = spec.row_labels.match(text)
            if m:
                hit = (key, m)
                break
        return self._remember(self._row_memo, text, hit)

    def _value_like(self, text: str) -> bool:
        """A number, dash, number with a unit, or a run of numbers (``is_numberish or is_number_run``).
        (Its memo fills up with figures and is emptied now and then: cheap to redo.)"""
        found = self._value_memo.get(text, _UNKNOWN)
        if found is not _UNKNOWN:
            return found
        return self._remember(self._value_memo, text, is_numberish(text) or is_number_run(text))

    def _is_outdated_label(self, text: str) -> bool:
        found = self._outdated_memo.get(text, _UNKNOWN)
        if found is not _UNKNOWN:
            return found
        return self._remember(self._outdated_memo, text, bool(text and self.outdated_labels.match(text, fuzzy=False)))

    def _row_hits(self, cells: list[Cell]) -> list[tuple[int, str, Match]]:
        hits = []
        for i, c in enumerate(cells):
            if c.text:
                hit = self._row_hit(c.text)
                if hit is not None:
                    hits.append((i, hit[0], hit[1]))
        return hits

    def _column_matches(self, text: str) -> tuple[tuple[str, Match], ...]:
        """Every table whose column labels match ``text`` (a non-empty cell), in table order."""
        found = self._column_memo.get(text, _UNKNOWN)
        if found is not _UNKNOWN:
            return found
        if is_numberish(text):  # not remembered (see _row_hit)
            return ()
        found = []
        for key, spec in self.specs.items():
            m = spec.column_labels.match(text, fuzzy=True)
            if m and m.how != "truncated":
                found.append((key, m))
        return self._remember(self._column_memo, text, tuple(found))

    def _column_hits(self, cells: list[Cell], section: str | None = None) -> list[tuple[int, str, Match]]:
        """Column labels in a row, each given to one table.

        A label several tables share (「总计」 heads a column of 表三 and of 表四) goes to
        the table the row's other column labels belong to, else to the table of the
        current section, else to the first table that has it.
        """
        found: list[tuple[int, tuple[tuple[str, Match], ...]]] = []
        for i, c in enumerate(cells):
            if c.text:
                matches = self._column_matches(c.text)
                if matches:
                    found.append((i, matches))
        if not found:
            return []
        if all(len(matches) == 1 for _, matches in found):  # no label shared by tables: nothing to vote on
            return [(i, matches[0][0], matches[0][1]) for i, matches in found]
        votes = Counter(matches[0][0] for _, matches in found if len(matches) == 1)
        context = self._context(section)
        hits = []
        for i, matches in found:
            key, m = matches[0] if len(matches) == 1 else min(matches, key=lambda km: (-votes[km[0]], km[0] != context))  # stable: first table wins ties
            hits.append((i, key, m))
        return hits

    def _other_hit(self, text: str) -> str | None:
        found = self._other_memo.get(text, _UNKNOWN)
        if found is not _UNKNOWN:
            return found
        hit = None
        for key, spec in self.specs.items():
            if spec.other.match(text, fuzzy=False) or spec.group_labels.match(text, fuzzy=False):
                hit = key
                break
        return hit if is_numberish(text) else self._remember(self._other_memo, text, hit)

    def _other_hits(self, cells: list[Cell]) -> list[str]:
        tables = []
        for c in cells:
            if c.text:
                hit = self._other_hit(c.text)
                if hit is not None:
                    tables.append(hit)
        return tables

    def feed(self, table: Table, section: str | None) -> None:
        plans = [self._row_plan(cells, section) for cells in table.rows]
        self._edges = self._edge_patterns(table.rows, [plan[0] for plan in plans])
        try:
            for cells, plan in zip(table.rows, plans):
                self._feed_row(cells, section, plan)
        finally:
            self._edges = {}
            self._split = {}

    def _edge_patterns(self, rows: list[list[Cell]], row_hits: list | None = None) -> dict[tuple[str, int], Counter]:
        """Blank cells that are layout, learnt from the rows whose values are all filled.

        A grid export keeps empty cells around the values (a merged label column before
        them, an empty cell after them), the same in every row whose label sits in the
        same cell.  Counting them on the complete rows tells, in a row with blank values
        at its ends, which blanks are layout and which are blank values.
        """
        patterns: dict[tuple[str, int], Counter] = {}
        for n, cells in enumerate(rows):
            hits = row_hits[n] if row_hits is not None else self._row_hits(cells)
            if not hits:
                continue
            i, table, _ = hits[-1]
            values = self._split[(id(cells), i)] = self._split_runs(cells[i + 1:])  # the data row reuses it
            lead = next((n for n, c in enumerate(values) if c.text), len(values))
            if lead == len(values):
                continue
            trail = next(n for n, c in enumerate(reversed(values)) if c.text)
            core = values[lead:len(values) - trail]
            if all(is_numberish(c.text) for c in core):  # a filled data row, not a header naming 「总计」
                patterns.setdefault((table, i), Counter())[(lead, trail)] += 1
        return patterns

    def _context(self, section: str | None) -> str | None:
        return self.section_table.get(section or "")

    # ------------------------------------------------------------------ what a row is
    def _token(self, text: str):
        """A cell text as the row classification sees it: "" (blank), "#" (a number that is
        no label: every such number is classified alike), or the text itself."""
        found = self._token_memo.get(text, _UNKNOWN)
        if found is not _UNKNOWN:
            return found
        token = "#" if text and is_numberish(text) and not self._is_outdated_label(text) else text
        return self._remember(self._token_memo, text, token)

    def _row_plan(self, cells: list[Cell], section: str | None) -> tuple:
        """``(row hits, action, detail)`` for a row (see :meth:`_plan`), remembered per
        template for the row's shape — its tokens and the section: the rows of every
        report repeat, only their figures change."""
        if len(cells) > _PLAN_MAX_CELLS:
            return self._plan(cells, section)
        token = self._token
        key = (tuple([token(c.text) for c in cells]), section)
        plan = self._plan_memo.get(key)
        if plan is None:
            plan = self._plan(cells, section)
            if all(len(t) <= MEMO_TEXT_MAX for t in key[0]):
                if len(self._plan_memo) >= MEMO_MAX:
                    self._plan_memo.clear()
                self._plan_memo[key] = plan
        return plan

    def _plan(self, cells: list[Cell], section: str | None) -> tuple:
        """What :meth:`_feed_row` does with a row; a function of the cell texts and the
        section only.  Action ``"blank"``, ``"values"`` (a row of numbers only),
        ``"outdated"`` (detail: index of the first non-blank cell), ``"header"`` (detail:
        the column hits) or ``"data"`` (detail: the label cell's ``(index, table, match)``)."""
        row_hits = self._row_hits(cells)
        nonblank = [j for j, c in enumerate(cells) if c.text]
        if not nonblank:
            return row_hits, "blank", None
        value_like = self._value_like
        if all(value_like(cells[j].text) for j in nonblank):
            return row_hits, "values", None
        is_outdated = self._is_outdated_label
        if any(is_outdated(cells[j].text) for j in nonblank):
            return row_hits, "outdated", nonblank[0]
        col_hits = self._column_hits(cells, section)
        data_hit = None
        # index of the last number-like cell, found once (a row of thousands of labels stays linear)
        last_number = -1
        for j in range(len(cells) - 1, -1, -1):
            if value_like(cells[j].text):
                last_number = j
                break
        for i, table, m in reversed(row_hits):
            expected = self._expected_count(table, m.key)
            has_number = last_number > i
            if has_number or (table != REVIEW and len(cells) - i - 1 >= expected):
                data_hit = (i, table, m)
                break
        header_hits = [h for h in col_hits if data_hit is None or h[0] != data_hit[0]]
        if data_hit is None or len(header_hits) >= 2:
            return row_hits, "header", col_hits
        return row_hits, "data", data_hit

    def _feed_row(self, cells: list[Cell], section: str | None, plan: tuple | None = None) -> None:
        _, action, detail = plan if plan is not None else self._plan(cells, section)
        if action == "blank":
            return
        if action == "values":
            count = sum(len(c.text.split()) for c in cells if c.text)
            if count >= 10 or self._context(section) == REVIEW:
                self.review_numeric.append(cells)
            return
        if action == "outdated":
            self.outdated_tables.add(ACTIVE)
            self._touch(ACTIVE, cells[detail].span)
            return
        if action == "header":
            self._header_row(cells, detail, section)
            return
        self._group_labels(cells[: detail[0]])
        self._data_row(cells, *detail)

    def _expected_count(self, table: str, row_key: str) -> int:
        spec = self.specs[table]
        if table == APPLICATIONS:
            return len(spec.columns)
        if table == REVIEW:
            return len(spec.columns)
        return len(spec.row_by_key[row_key].get("columns", []))

    def _group_hit(self, text: str) -> tuple[str, Match] | None:
        found = self._group_memo.get(text, _UNKNOWN)
        if found is not _UNKNOWN:
            return found
        hit = None
        for key, spec in self.specs.items():
            m = spec.group_labels.match(text)
            if m:
                hit = (key, m)
                break
        return hit if is_numberish(text) else self._remember(self._group_memo, text, hit)

    def _group_labels(self, cells: list[Cell]) -> None:
        for c in cells:
            if not c.text:
                continue
            hit = self._group_hit(c.text)
            if hit is not None:
                key, m = hit
                self._label_problem(key, m, c, "group")
                self._touch(key, c.span)

    def _touch(self, table: str, span: Span) -> None:
        data = self.data[table]
        if not data.found:
            data.found = True
            data.span = span
        self.last_span[table] = span

    def _header_row(self, cells: list[Cell], col_hits: list[tuple[int, str, Match]], section: str | None) -> None:
        tables = [t for _, t, _ in col_hits] + self._other_hits(cells)
        if not tables:
            return
        self._group_labels(cells)
        for i, table, m in col_hits:
            self.header_columns[table].add(m.key)
            self._label_problem(table, m, cells[i], "column", column=m.key)
        for table in set(tables):
            self._touch(table, cells[0].span if cells else Span(1))
            if any(t == table for _, t, _ in col_hits):
                self.data[table].header_found = True

    # ------------------------------------------------------------------ values
    @staticmethod
    def _split_runs(cells: list[Cell]) -> list[Cell]:
        """The cells with each run of numbers (``"0 0 0"``) split into one cell per number (a new list)."""
        values: list[Cell] | None = None
        for k, c in enumerate(cells):
            if is_number_run(c.text):
                if values is None:
                    values = cells[:k]
                values.extend(Cell(piece, c.span) for piece in c.text.split())
            elif values is not None:
                values.append(c)
        return list(cells) if values is None else values

    def _values(self, cells: list[Cell], want: int, edges: Counter | None = None, split: list[Cell] | None = None) -> list[Cell]:
        """Value cells after the label: number runs split, layout blanks trimmed to ``want``.

        Blank cells beyond ``want`` at the ends of the row are layout (a merged label
        column before the values, an empty cell after them); the others are blank values.
        When there are blanks at both ends and too few cells between them, the layout of
        the table's complete rows (``edges``) says which blanks are layout; without it,
        which end holds the blank value is unknown and only the cells between the
        blanks are returned (the caller reports too few values).  ``split``: the cells with
        their number runs already split (never changed here).
        """
        values = split if split is not None else self._split_runs(cells)
        if len(values) <= want:
            return values
        lead = next((n for n, c in enumerate(values) if c.text), len(values))
        if lead == len(values):  # nothing but blanks
            return values[:want]
        trail = next(n for n, c in enumerate(reversed(values)) if c.text)
        core = values[lead:len(values) - trail]
        if len(core) >= want:
            return core
        for (lay_lead, lay_trail), _ in (edges or Counter()).most_common():
            if lay_lead <= lead and lay_trail <= trail and len(values) - lay_lead - lay_trail == want:
                return values[lay_lead:len(values) - lay_trail]
        if trail == 0:
            return values[len(values) - want:]
        if lead == 0:
            return values[:want]
        return core

    def _width(self, table: str, columns: list[str]) -> list[str]:
        """Columns a data row of ``table`` is expected to carry (the header may lack some)."""
        if table == APPLICATIONS and self.data[table].header_found:
            present = [c for c in columns if c in self.header_columns[table]]
            if len(present) >= len(columns) - 2:
                return present
        return columns

    def _data_row(self, cells: list[Cell], i: int, table: str, m: Match) -> None:
        spec = self.specs[table]
        label_cell = cells[i]
        data = self.data[table]
        self._touch(table, label_cell.span)
        if table in self.outdated_tables:
            data.rows.setdefault(m.key, Row(key=m.key, label=label_cell.text, span=label_cell.span, values={}))
            return
        if m.key in data.rows:
            self._problem("row-duplicate", f"{spec.name}的「{self.display_row(table, m.key)}」行出现了两次，只读取第一次",
                          label_cell.span, table, row=m.key, found=label_cell.text)
            return
        self._label_problem(table, m, label_cell, "row", row=m.key)
        if table == REVIEW or table == APPLICATIONS:
            columns = self._column_keys[table]
        else:
            columns = spec.row_by_key[m.key].get("columns", [])
        columns = self._width(table, columns)  # (the lists are only read)
        values = self._values(cells[i + 1:], len(columns), self._edges.get((table, i)), self._split.get((id(cells), i)))
        row = Row(key=m.key, label=label_cell.text, span=label_cell.span, values={})
        data.rows[m.key] = row
        covering = [c for c in cells[:i] if c.text]
        assigned = self._assign(table, m.key, columns, values, label_cell, covering)
        row_spec = spec.row_by_key[m.key]
        for col, cell in assigned:
            self._read_cell(table, m.key, col, cell, row, row_spec)

    def _assign(self, table: str, row_key: str, columns: list[str], values: list[Cell], label_cell: Cell,
                covering: list[Cell]) -> list[tuple[str, Cell]]:
        if len(values) == len(columns):
            return list(zip(columns, values))
        name = self.specs[table].name
        where = self.display_row(table, row_key)
        deficit = len(columns) - len(values)
        if 0 < deficit <= len(covering) and values:
            # A merged group label exported into this row pushed the row label right: the
            # label now sits where the first value(s) were. Values stay right-aligned.
            for col in columns[:deficit]:
                self._problem("cell-covered", f"{name}「{where}」行「{self.column_label(table, col)}」列的数值缺失："
                              f"该位置被分组标签「{covering[-1].text}」占据（常见于合并单元格导出），请核对原表",
                              label_cell.span, table, row=row_key, column=col, found=covering[-1].text)
            return list(zip(columns[deficit:], values))
        if len(values) < len(columns):
            self._problem("too-few-values", f"{name}「{where}」行只有 {len(values)} 个数值，应有 {len(columns)} 个，无法确定各数值对应的列",
                          label_cell.span, table, row=row_key, found=str(len(values)), expected=str(len(columns)))
            return []
        self._problem("too-many-values", f"{name}「{where}」行有 {len(values)} 个数值，应有 {len(columns)} 个，多出的数值无法对应到列",
                      label_cell.span, table, row=row_key, found=str(len(values)), expected=str(len(columns)))
        return []

    def _read_cell(self, table: str, row_key: str, col: str, cell: Cell, row: Row, row_spec: dict) -> None:
        reading = read_number(cell.text, int(row_spec.get("decimals", 0)))
        row.values[col] = Value(cell.text, reading.number, cell.span)
        if not reading.problem and not reading.also:
            return
        problems = ([(reading.problem, reading.detail)] if reading.problem else []) + list(reading.also)
        for problem, detail in problems:
            where = f"{self.specs[table].name}「{self.display_row(table, row_key)}」行「{self.column_label(table, col)}」列"
            text = PROBLEM_TEXT[problem].format(found=detail or cell.text)
            self._problem(problem, f"{where}：{text}", cell.span, table, row=row_key, column=col, found=cell.text)

    # ------------------------------------------------------------------ finishing
    def _finish_review(self) -> None:
        spec = self.specs[REVIEW]
        data = self.data[REVIEW]
        if data.rows or not self.review_numeric:
            return
        cells = self.review_numeric[0]
        columns = [c["key"] for c in spec.columns]
        want = len(columns) * len(REVIEW_GROUPS)
        values = self._values(cells, want)
        while values and not values[0].text and len(values) > want:
            values.pop(0)
        self._touch(REVIEW, cells[0].span)
        if len(values) != want:
            code = "too-few-values" if len(values) < want else "too-many-values"
            self._problem(code, f"{spec.name}的数值行有 {len(values)} 个数值，应有 {want} 个（行政复议 5 个、未经复议直接起诉 5 个、复议后起诉 5 个），无法确定各数值对应的列",
                          cells[0].span, REVIEW, found=str(len(values)), expected=str(want))
            for g in REVIEW_GROUPS:
                data.rows[g] = Row(key=g, label=spec.row_label(g), span=cells[0].span, values={})
            return
        for gi, g in enumerate(REVIEW_GROUPS):
            row = Row(key=g, label=spec.row_label(g), span=values[gi * 5].span, values={})
            data.rows[g] = row
            for ci, col in enumerate(columns):
                self._read_cell(REVIEW, g, col, values[gi * 5 + ci], row, spec.row_by_key[g])

    @staticmethod
    def _missing_row_span(data: TableData, order: list[str], index: int) -> Span | None:
        """Where a missing row belongs: just after the row before it that was read (its
        last cell), else at the start of the first row after it that was read."""
        for key in reversed(order[:index]):
            row = data.rows.get(key)
            if row is not None:
                spans = [row.span] + [v.span for v in row.values.values()]
                return _span_after(max(spans, key=lambda sp: (sp.last_line, sp.last_column)))
        for key in order[index + 1:]:
            row = data.rows.get(key)
            if row is not None:
                return Span(row.span.line, row.span.column, row.span.line, row.span.column, row.span.where)
        return None

    def finish(self) -> tuple[dict[str, TableData], list[Problem]]:
        self._finish_review()
        for key, spec in self.specs.items():
            data = self.data[key]
            data.columns = [c["key"] for c in spec.columns if key != APPLICATIONS or not self.header_columns[key] or c["key"] in self.header_columns[key]]
            if not data.found:
                self._problem("table-missing", f"没有找到{spec.name}", None, key)
                continue
            if key in self.outdated_tables:
                self._problem("table-outdated", f"{spec.name}使用了已废止的 2019 年格式的栏目，数值未按 2021 年格式读取", data.span, key)
                continue
            if not data.header_found:
                self._problem("header-missing", f"{spec.name}缺少表头（列标题），无法核对各数值对应的列", data.span, key)
            if key == APPLICATIONS and data.header_found:
                for c in spec.columns:
                    if c["key"] not in self.header_columns[key]:
                        self._problem("column-missing", f"{spec.name}缺少「{c['label']}」列", data.span, key, column=c["key"], expected=c["label"])
            end = self.last_span.get(key, data.span)
            for index, r in enumerate(spec.rows):
                if r["key"] not in data.rows:
                    span = self._missing_row_span(data, spec.row_order, index) or (_span_after(end) if end else None)
                    self._problem("row-missing", f"{spec.name}缺少「{self.display_row(key, r['key'])}」行", span,
                                  key, row=r["key"], expected=self.display_row(key, r["key"]))
        return self.data, self.problems

