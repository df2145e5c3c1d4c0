"""Configuration: ``.gklint.yaml`` or ``[tool.gklint]`` in ``pyproject.toml``.

Discovery starts in the linted file's folder and goes up to the filesystem root; the
nearest folder with a config wins (no merging).  In one folder ``.gklint.yaml`` (or
``.gklint.yml``) wins over ``pyproject.toml``; a ``pyproject.toml`` without a
``[tool.gklint]`` table is not a config.  Results are cached per folder.

Keys (``-`` and ``_`` are interchangeable): ``select``, ``ignore``, ``severity``,
``fail_on``, ``per_path_ignores``, ``extra_packs``, ``exclude``, ``plugins: {disable}``;
see ``schemas/config.schema.json``.  A bad config raises :class:`ConfigError` naming the
file and the key (the CLI exits 2).

Validated configs are cached like rule packs (see :mod:`gklint.cache`), so a pre-commit
run with an unchanged config imports neither a YAML/TOML parser nor jsonschema.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from gklint import __version__

CONFIG_NAMES = (".gklint.yaml", ".gklint.yml")
PYPROJECT = "pyproject.toml"
SCHEMA_NAME = "config.schema.json"
LEVELS = ("error", "warning", "info")
DEFAULT_FAIL_ON = "error"
CACHE_FORMAT = 1


class ConfigError(Exception):
    def __init__(self, file: str, key: str, message: str):
        self.file = file
        self.key = key
        self.message = message
        where = f"{file}" + (f"（键 {key}）" if key else "")
        super().__init__(f"配置错误：{where}：{message}")


@dataclass(slots=True)
class Config:
    path: str | None = None  # the config file ("" / None: defaults)
    root: str = "."  # folder globs and extra_packs are relative to
    select: list[str] | None = None  # None: every rule
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = DEFAULT_FAIL_ON
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)
    extra_packs: list[str] = field(default_factory=list)  # absolute paths
    exclude: list[str] = field(default_factory=list)
    plugins_disable: list[str] = field(default_factory=list)

    def relative(self, path: str | os.PathLike) -> str | None:
        """``path`` relative to :attr:`root`, with ``/``; None when outside it."""
        try:
            rel = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root))
        except ValueError:  # another drive on Windows
            return None
        rel = rel.replace(os.sep, "/")
        if rel == ".." or rel.startswith("../"):
            return None
        return rel

    def ignores_for(self, path: str | os.PathLike) -> list[str]:
        """Selectors ignored for ``path`` by ``per_path_ignores``."""
        if not self.per_path_ignores:
            return []
        rel = self.relative(path)
        if rel is None:
            return []
        out: list[str] = []
        for pattern, selectors in self.per_path_ignores.items():
            if glob_match(pattern, rel):
                out.extend(selectors)
        return out

    def is_excluded(self, path: str | os.PathLike) -> bool:
        if not self.exclude:
            return False
        rel = self.relative(path)
        return rel is not None and any(glob_match(p, rel) for p in self.exclude)


def default_config(root: str | os.PathLike = ".") -> Config:
    return Config(path=None, root=str(root))


# --------------------------------------------------------------------------- globs


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern:
    out = ""
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out += "(?:[^/]*/)*"
            i += 3
            continue
        if pattern.startswith("**", i):
            out += ".*"
            i += 2
            continue
        if c == "*":
            out += "[^/]*"
        elif c == "?":
            out += "[^/]"
        elif c == "[":
            end = pattern.find("]", i + 2 if pattern[i + 1 : i + 2] in ("!", "]") else i + 1)
            if end == -1:
                out += re.escape(c)
            else:
                body = pattern[i + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out += "[" + body.replace("\\", "\\\\") + "]"
                i = end
        else:
            out += re.escape(c)
        i += 1
    return re.compile(out + r"\Z")


def glob_match(pattern: str, rel: str) -> bool:
    """Match a ``/``-separated relative path against a config glob.

    ``*`` and ``?`` stay within one folder, ``**`` spans folders.  A pattern matching a
    folder matches everything below it.  A pattern without ``/`` matches a file or folder
    name at any depth (``drafts`` matches ``a/drafts/x.txt``).
    """
    pattern = pattern.strip().replace("\\", "/")
    if pattern.startswith("./"):
        pattern = pattern[2:]
    pattern = pattern.rstrip("/") or "**"
    regex = _glob_regex(pattern)
    parts = [p for p in rel.split("/") if p and p != "."]
    if "/" not in pattern:
        return any(regex.match(part) for part in parts)
    return any(regex.match("/".join(parts[: n + 1])) for n in range(len(parts)))


# --------------------------------------------------------------------------- discovery

_found: dict[str, Config | None] = {}


def clear_cache() -> None:
    _found.clear()


def find_config(start: str | os.PathLike) -> Config | None:
    """The nearest config for a file or folder, or None (then use :func:`default_config`)."""
    start = os.path.abspath(start)
    folder = start if os.path.isdir(start) else os.path.dirname(start)
    visited: list[str] = []
    result: Config | None = None
    while True:
        if folder in _found:
            result = _found[folder]
            break
        visited.append(folder)
        candidate = _config_in(folder)
        if candidate is not None:
            result = candidate
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    for f in visited:
        _found[f] = result
    return result


def _config_in(folder: str) -> Config | None:
    for name in CONFIG_NAMES:
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            return load_config(path)
    path = os.path.join(folder, PYPROJECT)
    if os.path.isfile(path):
        return load_config(path, missing_ok=True)
    return None


def load_config(path: str | os.PathLike, *, missing_ok: bool = False) -> Config | None:
    """Load one config file (YAML or pyproject.toml); raise :class:`ConfigError`.

    With ``missing_ok`` a pyproject.toml without ``[tool.gklint]`` gives None.
    """
    path = os.path.abspath(path)
    try:
        with open(path, "rb") as fh:
            content = fh.read()
    except OSError as exc:
        raise ConfigError(path, "", f"无法读取：{exc.strerror or exc}") from None
    is_toml = os.path.basename(path) == PYPROJECT or path.endswith(".toml")
    key = _cache_key(content, is_toml)
    from gklint import cache

    cached = cache.read_json("config", key)
    if isinstance(cached, dict) and cached.get("format") == CACHE_FORMAT:
        data = cached.get("data")
    else:
        data = _parse_toml(content, path) if is_toml else _parse_yaml(content, path)
        if data is not None:
            data = _normalize(data, path)
            _validate(data, path)
        cache.write_json("config", key, {"format": CACHE_FORMAT, "data": data})
    if data is None:
        if missing_ok:
            return None
        data = {}
    return _build(data, path)


def _cache_key(content: bytes, is_toml: bool) -> str:
    from gklint.resources import schemas_dir

    h = hashlib.sha256(f"gklint-config:{CACHE_FORMAT}:{__version__}:{is_toml}".encode())
    try:
        h.update((schemas_dir() / SCHEMA_NAME).read_bytes())
    except OSError:
        pass
    h.update(content)
    return h.hexdigest()


def _parse_yaml(content: bytes, path: str) -> dict:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(path, "", "不是 UTF-8 编码") from None
    try:
        data = YAML(typ="safe", pure=True).load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行：" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(path, "", f"YAML 语法错误：{where}{problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(path, "", "顶层应是一个映射（select、ignore、severity……）")
    return data


def _parse_toml(content: bytes, path: str) -> dict | None:
    try:
        import tomllib  # type: ignore[import-not-found]
    except ImportError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError:
            import sys

            print(f"gklint: 提示：Python {sys.version_info.major}.{sys.version_info.minor} 没有 tomllib，已跳过 {path}（安装 tomli 或改用 .gklint.yaml）", file=sys.stderr)
            return None
    try:
        doc = tomllib.loads(content.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConfigError(path, "", f"TOML 语法错误：{exc}") from None
    tool = doc.get("tool")
    if not isinstance(tool, dict) or "gklint" not in tool:
        return None
    data = tool["gklint"]
    if not isinstance(data, dict):
        raise ConfigError(path, "tool.gklint", "应是一个表（table）")
    return data


def _normalize(data: dict, path: str) -> dict:
    out: dict[str, Any] = {}
    for key, value in data.items():
        norm = str(key).replace("-", "_")
        if norm in out:
            raise ConfigError(path, str(key), f"键重复（{key} 与 {norm} 是同一个键）")
        if norm == "plugins" and isinstance(value, dict):
            value = {str(k).replace("-", "_"): v for k, v in value.items()}
        out[norm] = value
    return out


def _validate(data: dict, path: str) -> None:
    from jsonschema import Draft202012Validator

    from gklint.resources import load_schema

    errors = sorted(Draft202012Validator(load_schema(SCHEMA_NAME)).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if not errors:
        return
    error = errors[0]
    parts = list(error.absolute_path)
    key = ""
    for part in parts:
        key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else str(part))
    if error.validator == "additionalProperties":
        extra = [k for k in error.instance if k not in (error.schema.get("properties") or {})]
        allowed = "、".join(sorted((error.schema.get("properties") or {}).keys()))
        raise ConfigError(path, (key + "." if key else "") + (extra[0] if extra else "?"), f"不认识的键；允许的键：{allowed}")
    if error.validator == "pattern" or (error.validator == "$ref" and "selector" in str(error.schema)):
        raise ConfigError(path, key, f"{error.instance!r} 不是规则选择器（规则 ID 如 GK301、前缀如 GK3、规则名如 applications-balance，或 ALL）")
    if error.validator == "enum":
        raise ConfigError(path, key, f"{error.instance!r} 不是允许的值（{'、'.join(map(str, error.validator_value))}）")
    if error.validator == "type":
        names = {"array": "列表", "object": "映射", "string": "字符串"}
        raise ConfigError(path, key, f"应为{names.get(error.validator_value, error.validator_value)}")
    if error.validator == "propertyNames":
        raise ConfigError(path, key, f"{error.instance!r} 中有键不是规则选择器")
    raise ConfigError(path, key, error.message)


def _build(data: dict, path: str) -> Config:
    root = os.path.dirname(path)
    cfg = Config(path=path, root=root)
    if "select" in data:
        cfg.select = list(data["select"])
    cfg.ignore = list(data.get("ignore", []))
    cfg.severity = dict(data.get("severity", {}))
    cfg.fail_on = data.get("fail_on", DEFAULT_FAIL_ON)
    cfg.per_path_ignores = {str(k): list(v) for k, v in data.get("per_path_ignores", {}).items()}
    cfg.extra_packs = [os.path.normpath(os.path.join(root, p)) for p in data.get("extra_packs", [])]
    cfg.exclude = list(data.get("exclude", []))
    cfg.plugins_disable = list((data.get("plugins") or {}).get("disable", []))
    return cfg


# --------------------------------------------------------------------------- selectors

SELECTOR_RE = re.compile(r"^(ALL|[A-Z]{1,8}[0-9]{0,3}|[a-z][a-z0-9]*(-[a-z0-9]+)*)$")


def selector_matches(selector: str, rule_id: str, rule_name: str) -> bool:
    """``ALL``, an exact ID, an ID prefix (``GK3``) or an exact rule name."""
    if selector == "ALL":
        return True
    if selector[:1].isupper():
        return rule_id.startswith(selector)
    return selector == rule_name


def selector_specificity(selector: str, rule_id: str) -> int:
    """Higher is more specific: a name or full ID beats a long prefix beats a short one."""
    if selector == "ALL":
        return 0
    if not selector[:1].isupper() or selector == rule_id:
        return 100
    return len(selector)
