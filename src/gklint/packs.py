"""Rule packs: read YAML, validate, and cache the validated result.

A pack is read with ruamel.yaml in round-trip mode (which gives line numbers and never
constructs Python objects); any explicit tag other than ``!!str`` is refused, so
``!!python/object`` cannot sneak in.  The data is then validated against
``schemas/rule-pack.schema.json`` and checked further:

* every rule ID is the pack prefix plus three digits, IDs and names unique;
* the rule's ``kind`` is a known check kind and its ``params`` validate against the
  kind's ``params_schema``;
* every regular expression in params (under a key named ``pattern``, ``patterns``,
  ``regex``, ``regexes``, ``when`` or ending in ``_pattern``/``_patterns``/``_regex``)
  compiles and passes the backtracking heuristic of :mod:`gklint.safe_regex`;
* the message template has balanced braces.

Across packs (:func:`check_pack_set`): rule IDs and names unique, the ``GK`` prefix only
for built-in packs, and no two packs from different origins sharing a prefix.

Problems are reported as :class:`PackError` with file, line and a hint.

**Cache.**  A validated pack is stored as JSON in the user cache folder (see
:mod:`gklint.cache`), keyed by the SHA-256 of the file content, the gklint version, the
schema file, the known check kinds and the engine code.  A cache hit reads one small JSON
file: neither ruamel.yaml nor jsonschema is imported.
"""
from __future__ import annotations

import hashlib
import os
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from gklint import __version__
from gklint.model import Rule

CACHE_FORMAT = 1
CACHE_NAMESPACE = "packs"
SCHEMA_NAME = "rule-pack.schema.json"
RESERVED_PREFIX = "GK"
ORIGIN_BUILTIN = "builtin"


# --------------------------------------------------------------------------- errors


@dataclass(slots=True)
class PackProblem:
    file: str
    line: int | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.message}"
        if self.hint:
            text += f"\n    提示：{self.hint}"
        return text


class PackError(Exception):
    """One or more problems in rule packs (a broken pack makes the CLI exit 2)."""

    def __init__(self, problems: Iterable[PackProblem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def file(self) -> str:
        return self.problems[0].file if self.problems else ""

    @property
    def line(self) -> int | None:
        return self.problems[0].line if self.problems else None


# --------------------------------------------------------------------------- packs


@dataclass(slots=True)
class Pack:
    name: str
    prefix: str
    description: str
    path: str
    version: str = ""
    plugin: str = ""  # contributing plugin, "" for built-in and config packs
    plugin_version: str = ""
    origin: str = ORIGIN_BUILTIN  # "builtin", "plugin:<name>" or "config:<file>"
    rules: list[Rule] = field(default_factory=list)
    from_cache: bool = False


def origin_of(plugin: str = "", config: str | None = None) -> str:
    if config:
        return f"config:{config}"
    if plugin:
        return f"plugin:{plugin}"
    return ORIGIN_BUILTIN


def read_pack(
    path: str | Path,
    *,
    kinds: Mapping[str, Any] | None = None,
    plugin: str = "",
    plugin_version: str = "",
    origin: str | None = None,
    use_cache: bool = True,
) -> Pack:
    """Read and validate one pack file; raise :class:`PackError`.

    ``kinds`` maps check-kind names to kinds (or :class:`gklint.plugins.KindEntry`); when
    None, kinds and params are not checked (and nothing is cached).
    """
    path = Path(path)
    file = str(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise PackError([PackProblem(file, None, f"无法读取规则包：{exc.strerror or exc}")]) from None
    origin = origin or origin_of(plugin)
    key = _cache_key(content, kinds) if (use_cache and kinds is not None) else None
    if key is not None:
        from gklint import cache

        cached = cache.read_json(CACHE_NAMESPACE, key)
        pack = _from_cached(cached, file, plugin, plugin_version, origin)
        if pack is not None:
            return pack
    data = _validate(content, file, kinds)
    pack = _build(data, file, plugin, plugin_version, origin)
    if key is not None:
        from gklint import cache

        cache.write_json(CACHE_NAMESPACE, key, data)
    return pack


def validate_data(content: bytes | str, file: str = "<pack>", kinds: Mapping[str, Any] | None = None) -> dict:
    """Validate pack text; return the plain data with ``line`` on each rule."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    return _validate(content, file, kinds)


def check_pack_set(packs: list[Pack]) -> list[tuple[Pack, PackProblem]]:
    """Problems between packs, each blamed on the later pack (which should be dropped)."""
    problems: list[tuple[Pack, PackProblem]] = []
    ids: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    prefixes: dict[str, Pack] = {}
    for pack in packs:
        local: list[PackProblem] = []
        if pack.prefix == RESERVED_PREFIX and pack.origin != ORIGIN_BUILTIN:
            builtin = prefixes.get(RESERVED_PREFIX)
            where = f"（内置规则包 {builtin.name}：{builtin.path}）" if builtin is not None else ""
            local.append(
                PackProblem(pack.path, 1, f"前缀 {RESERVED_PREFIX} 保留给 gklint 内置规则包{where}", "为插件或项目规则包另取前缀，如 HLJ、SZ（2–8 个大写字母）")
            )
        other = prefixes.get(pack.prefix)
        if other is not None and other.origin != pack.origin:
            local.append(
                PackProblem(
                    pack.path,
                    1,
                    f"前缀 {pack.prefix} 已被规则包 {other.name}（{other.path}）使用",
                    "每个插件或项目的规则包使用自己的前缀",
                )
            )
        for rule in pack.rules:
            if rule.id in ids:
                first = ids[rule.id]
                local.append(
                    PackProblem(pack.path, rule.source_line, f"规则 ID {rule.id} 重复：{first.source}:{first.source_line} 已定义", "换一个未用过的编号")
                )
            if rule.name in names:
                first = names[rule.name]
                local.append(
                    PackProblem(pack.path, rule.source_line, f"规则名 {rule.name} 重复：{first.source}:{first.source_line}（{first.id}）已使用", "换一个能说明所查问题的名字")
                )
        if local:
            problems.extend((pack, p) for p in local)
            continue
        prefixes.setdefault(pack.prefix, pack)
        for rule in pack.rules:
            ids[rule.id] = rule
            names[rule.name] = rule
    return problems


# --------------------------------------------------------------------------- cache


def _file_stamp(path: Path) -> str:
    try:
        st = path.stat()
        return f"{path.name}:{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        return f"{path.name}:-"


def _code_fingerprint() -> str:
    """Changes whenever the validation code or a built-in check kind changes (dev checkouts)."""
    here = Path(__file__).resolve().parent
    stamps = [_file_stamp(here / "packs.py"), _file_stamp(here / "safe_regex.py")]
    try:
        stamps += sorted(_file_stamp(p) for p in (here / "checks").glob("*.py"))
    except OSError:
        pass
    return "|".join(stamps)


def _schema_bytes() -> bytes:
    from gklint.resources import schemas_dir

    try:
        return (schemas_dir() / SCHEMA_NAME).read_bytes()
    except OSError:
        return b""


def _cache_key(content: bytes, kinds: Mapping[str, Any]) -> str:
    h = hashlib.sha256()
    for part in (
        f"gklint-pack-cache:{CACHE_FORMAT}:{__version__}".encode(),
        hashlib.sha256(_schema_bytes()).digest(),
        _code_fingerprint().encode(),
        "|".join(f"{name}={getattr(k, 'plugin', '')}@{getattr(k, 'version', '')}" for name, k in sorted(kinds.items())).encode(),
        hashlib.sha256(content).digest(),
    ):
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def _from_cached(cached: Any, file: str, plugin: str, plugin_version: str, origin: str) -> Pack | None:
    if not isinstance(cached, dict) or cached.get("format") != CACHE_FORMAT:
        return None
    try:
        pack = _build(cached, file, plugin, plugin_version, origin)
    except (KeyError, TypeError, AttributeError, ValueError):
        return None
    pack.from_cache = True
    return pack


def _build(data: dict, file: str, plugin: str, plugin_version: str, origin: str) -> Pack:
    pack = Pack(
        name=data["pack"],
        prefix=data["prefix"],
        description=data["description"],
        version=data.get("version", ""),
        path=file,
        plugin=plugin,
        plugin_version=plugin_version,
        origin=origin,
    )
    for r in data["rules"]:
        pack.rules.append(
            Rule(
                id=r["id"],
                name=r["name"],
                kind=r["kind"],
                severity=r["severity"],
                message=r["message"],
                summary=r["summary"],
                basis=r["basis"],
                params=dict(r.get("params") or {}),
                description=r.get("description", ""),
                examples={"fail": list(r["examples"]["fail"]), "pass": list(r["examples"]["pass"])},
                fix_safe=bool(r.get("fix_safe", True)),
                pack=pack.name,
                source=file,
                source_line=int(r.get("line", 0)),
                plugin=plugin,
            )
        )
    return pack


# --------------------------------------------------------------------------- validation


def _validate(content: bytes, file: str, kinds: Mapping[str, Any] | None) -> dict:
    root = _parse_yaml(content, file)
    problems: list[PackProblem] = []
    plain = _plain(root, (), problems, file, root)
    if problems:
        raise PackError(problems)
    if not isinstance(plain, dict):
        raise PackError([PackProblem(file, 1, "规则包的顶层应是一个映射（pack、prefix、description、rules）", "参照 schemas/rule-pack.schema.json")])
    problems = _schema_problems(plain, root, file)
    if problems:
        raise PackError(problems)
    for index, rule in enumerate(plain["rules"]):
        rule["line"] = _line_at(root, ("rules", index)) or 0
    problems = _semantic_problems(plain, root, file, kinds)
    if problems:
        raise PackError(problems)
    plain["format"] = CACHE_FORMAT
    return plain


def _parse_yaml(content: bytes, file: str):
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackError([PackProblem(file, None, f"规则包不是 UTF-8 编码（第 {exc.start} 字节）", "用 UTF-8 保存 YAML 文件")]) from None
    yaml = YAML(typ="rt")
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = (exc.problem or exc.context or "YAML 语法错误").strip()
        hint = "同一映射里的键不能重复" if "duplicate key" in str(exc) else "检查缩进、冒号后的空格和引号"
        raise PackError([PackProblem(file, line, f"YAML 语法错误：{problem}", hint)]) from None
    except YAMLError as exc:
        raise PackError([PackProblem(file, None, f"YAML 语法错误：{exc}", "检查缩进、冒号后的空格和引号")]) from None


def _node_line(node) -> int | None:
    lc = getattr(node, "lc", None)
    if lc is not None and getattr(lc, "line", None) is not None:
        return lc.line + 1
    return None


def _line_at(root, path: Iterable) -> int | None:
    """Line (1-based) of the YAML node at ``path`` (falls back to the nearest parent)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    node = root
    line = _node_line(root) or 1
    for key in path:
        try:
            if isinstance(node, CommentedMap) and key in node:
                line = node.lc.key(key)[0] + 1
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
                line = node.lc.item(key)[0] + 1
                node = node[key]
            else:
                break
        except (AttributeError, KeyError, TypeError, IndexError):
            break
    return line


def _plain(node, path: tuple, problems: list[PackProblem], file: str, root) -> Any:
    """Convert ruamel data to plain JSON-able data; refuse tags and non-JSON scalars."""
    import datetime

    from ruamel.yaml.comments import TaggedScalar

    tag = getattr(node, "tag", None)
    tag_value = getattr(tag, "value", None) if tag is not None and not isinstance(tag, str) else tag
    if isinstance(node, TaggedScalar):
        if tag_value in ("tag:yaml.org,2002:str", "!!str"):
            return str(node.value)
        problems.append(PackProblem(file, _line_at(root, path), f"不允许 YAML 标签 {tag_value}", "规则包只能用普通的字符串、数字、列表和映射"))
        return None
    if isinstance(node, dict):
        if tag_value and tag_value not in ("tag:yaml.org,2002:map", "!!map"):
            problems.append(PackProblem(file, _line_at(root, path), f"不允许 YAML 标签 {tag_value}", "规则包只能用普通的字符串、数字、列表和映射"))
            return None
        out = {}
        for key, value in node.items():
            if not isinstance(key, str):
                problems.append(PackProblem(file, _line_at(root, path), f"映射的键应是字符串：{key!r}", "给键加上引号"))
                continue
            out[key] = _plain(value, path + (key,), problems, file, root)
        return out
    if isinstance(node, list):
        if tag_value and tag_value not in ("tag:yaml.org,2002:seq", "!!seq"):
            problems.append(PackProblem(file, _line_at(root, path), f"不允许 YAML 标签 {tag_value}", "规则包只能用普通的字符串、数字、列表和映射"))
            return None
        return [_plain(item, path + (i,), problems, file, root) for i, item in enumerate(node)]
    if node is None:
        return None
    if isinstance(node, bool) or type(node).__name__ == "ScalarBoolean":
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        if node != node or node in (float("inf"), float("-inf")):
            problems.append(PackProblem(file, _line_at(root, path), "数值不能是 .nan 或 .inf", "写成普通数字"))
            return None
        return float(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, (datetime.date, datetime.datetime)):
        return node.isoformat()
    problems.append(PackProblem(file, _line_at(root, path), f"不支持的值类型 {type(node).__name__}", "规则包只能用普通的字符串、数字、列表和映射"))
    return None


def _path_text(path: Iterable) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "（顶层）"


def _rule_label(plain: dict, path: list) -> str:
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        try:
            rule_id = plain["rules"][path[1]].get("id")
        except (IndexError, AttributeError, KeyError, TypeError):
            rule_id = None
        if isinstance(rule_id, str):
            return f"规则 {rule_id}："
    return ""


_FIELD_HINTS = {
    "pack": "pack 是规则包名，小写字母、数字和连字符，如 core-2021",
    "prefix": "prefix 是 2–8 个大写字母，如 GK、HLJ",
    "id": "规则 ID 是包前缀加三位数字，如 GK301",
    "name": "name 用小写字母、数字和连字符（kebab-case），如 applications-balance",
    "kind": "kind 是检查类型名，运行 gklint plugins 查看已有的检查类型",
    "severity": "severity 只能是 error、warning 或 info",
    "summary": "summary 是一句英文摘要",
    "message": "message 是中文提示模板，可用 {占位符}",
    "basis": "basis 写明法规或格式依据，如 国办公开办函〔2021〕30号",
    "description": "description 是中文说明：查什么、为什么",
    "examples": "examples 需要 fail 和 pass 两个列表，各至少一个示例",
    "fail": "fail 示例是会触发本规则的草稿文字，至少一个",
    "pass": "pass 示例是不触发本规则的草稿文字，至少一个",
    "params": "params 是传给检查类型的参数映射",
    "fix_safe": "fix_safe 是 true 或 false",
    "rules": "rules 是规则列表，至少一条",
}


def _schema_problems(plain: dict, root, file: str) -> list[PackProblem]:
    from gklint.resources import load_schema

    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(load_schema(SCHEMA_NAME))
    problems = []
    seen = set()
    for error in validator.iter_errors(plain):
        path = _error_path(error)
        message, hint = _describe_schema_error(error, path)
        label = _rule_label(plain, path)
        problem = PackProblem(file, _line_at(root, path), f"{label}{_path_text(path)}：{message}", hint)
        if str(problem) not in seen:
            seen.add(str(problem))
            problems.append(problem)
    problems.sort(key=lambda p: p.line or 0)
    return problems


def _error_path(error) -> list:
    """The error's path; for an unknown key, the path of that key (so the line is the key's)."""
    path = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = (error.schema.get("properties") or {}).keys()
        extra = [k for k in error.instance if k not in allowed]
        if len(extra) == 1:
            path.append(extra[0])
    return path


def _describe_schema_error(error, path: list) -> tuple[str, str]:
    validator = error.validator
    last = next((p for p in reversed(path) if isinstance(p, str)), "")
    if validator == "required":
        instance = error.instance if isinstance(error.instance, dict) else {}
        missing = [k for k in error.validator_value if k not in instance]
        key = missing[0] if missing else "?"
        return f"缺少必需的键 {key}", _FIELD_HINTS.get(key, "")
    if validator == "additionalProperties":
        allowed = sorted((error.schema.get("properties") or {}).keys())
        instance = error.instance if isinstance(error.instance, dict) else {}
        extra = [k for k in instance if k not in allowed]
        return f"不认识的键 {', '.join(map(str, extra))}", f"检查拼写；这里允许的键：{', '.join(allowed)}"
    if validator == "pattern":
        return f"{error.instance!r} 格式不对", _FIELD_HINTS.get(last, f"应符合 {error.validator_value}")
    if validator == "enum":
        return f"{error.instance!r} 不是允许的值", "允许的值：" + "、".join(map(str, error.validator_value))
    if validator == "type":
        names = {"string": "字符串", "object": "映射", "array": "列表", "integer": "整数", "boolean": "true/false", "number": "数字"}
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return "应为" + "或".join(names.get(t, t) for t in expected), _FIELD_HINTS.get(last, "")
    if validator == "minItems":
        return f"至少需要 {error.validator_value} 项", _FIELD_HINTS.get(last, "")
    if validator == "minLength":
        return "不能为空", _FIELD_HINTS.get(last, "")
    if validator == "oneOf":
        return "示例格式不对", "示例是一段草稿文字（字符串），或映射 {text: …, format: txt|md, count: 整数, lines: [行号]}"
    if validator == "minimum":
        return f"不能小于 {error.validator_value}", ""
    return error.message, _FIELD_HINTS.get(last, "")


def _semantic_problems(plain: dict, root, file: str, kinds: Mapping[str, Any] | None) -> list[PackProblem]:
    problems: list[PackProblem] = []
    prefix = plain["prefix"]
    ids: dict[str, int] = {}
    names: dict[str, int] = {}
    for index, rule in enumerate(plain["rules"]):
        line = rule.get("line") or None
        rid = rule["id"]
        if rid[:-3] != prefix:
            problems.append(PackProblem(file, _line_at(root, ("rules", index, "id")), f"规则 ID {rid} 与包前缀 {prefix} 不符", f"本包的规则 ID 应为 {prefix} 加三位数字，如 {prefix}101"))
        if rid in ids:
            problems.append(PackProblem(file, line, f"规则 ID {rid} 重复（第 {ids[rid]} 行已定义）", "换一个未用过的编号"))
        else:
            ids[rid] = line or 0
        if rule["name"] in names:
            problems.append(PackProblem(file, line, f"规则 {rid}：规则名 {rule['name']} 重复（第 {names[rule['name']]} 行已使用）", "换一个能说明所查问题的名字"))
        else:
            names[rule["name"]] = line or 0
        try:
            list(string.Formatter().parse(rule["message"]))
        except ValueError as exc:
            problems.append(PackProblem(file, _line_at(root, ("rules", index, "message")), f"规则 {rid}：message 模板无效（{exc}）", "字面的花括号写成 {{ 和 }}"))
        params = rule.get("params") or {}
        for sub_path, pattern in _iter_regexes(params):
            problem = _regex_problem(pattern)
            if problem:
                message, hint = problem
                at = _line_at(root, ("rules", index, "params") + sub_path)
                problems.append(PackProblem(file, at, f"规则 {rid}：params.{_path_text(sub_path)} 的正则表达式 {pattern!r} {message}", hint))
        if kinds is None:
            continue
        entry = kinds.get(rule["kind"])
        if entry is None:
            known = "、".join(sorted(kinds)) or "（无）"
            problems.append(PackProblem(file, _line_at(root, ("rules", index, "kind")), f"规则 {rid}：未知的检查类型 {rule['kind']!r}", f"已知的检查类型：{known}；插件提供的类型要先安装该插件"))
            continue
        kind = getattr(entry, "kind", entry)
        problems.extend(_params_problems(kind, params, plain, root, file, index, rid))
    problems.sort(key=lambda p: p.line or 0)
    return problems


def _iter_regexes(params):
    from gklint.safe_regex import iter_param_regexes

    return iter_param_regexes(params)


def _regex_problem(pattern: str) -> tuple[str, str] | None:
    from gklint.safe_regex import UnsafeRegex, check_regex

    try:
        check_regex(pattern)
    except re.error as exc:
        return f"无法编译：{exc}", "检查括号、转义和量词；字面的 ( ) [ ] . * + ? 要写成 \\( \\) 等"
    except UnsafeRegex as exc:
        return f"有回溯风险：{exc}", "去掉嵌套的量词或重叠的分支；需要时用占有量词 a++ 或原子组 (?>…)"
    return None


def _params_problems(kind, params: dict, plain: dict, root, file: str, index: int, rid: str) -> list[PackProblem]:
    schema = getattr(kind, "params_schema", None)
    if not schema:
        return []
    from jsonschema import SchemaError
    from jsonschema.validators import validator_for

    cls = validator_for(schema, default=_default_validator())
    try:
        cls.check_schema(schema)
    except SchemaError as exc:
        return [PackProblem(file, _line_at(root, ("rules", index, "kind")), f"规则 {rid}：检查类型 {kind.name} 的 params_schema 本身无效（{exc.message}）", "这是检查类型（插件）的问题，请报告给其作者")]
    problems = []
    for error in cls(schema).iter_errors(params):
        sub_path = _error_path(error)
        path = ["rules", index, "params"] + sub_path
        message, hint = _describe_schema_error(error, path)
        if error.validator in ("required", "additionalProperties", "pattern", "enum", "type") and not hint:
            hint = f"参数说明见检查类型 {kind.name}：{getattr(kind, 'description', '')}".rstrip("：")
        sub = _path_text(["params"] + sub_path)
        problems.append(PackProblem(file, _line_at(root, path), f"规则 {rid}：{sub}：{message}", hint))
    return problems


def _default_validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator


def pack_file_kind(path: str | os.PathLike) -> str:
    """``"format"`` for format templates (``format-*.yaml``), else ``"pack"``."""
    return "format" if Path(path).name.startswith("format-") else "pack"
