"""The ``gklint`` command line (typer).  Thin: the logic lives in the engine and reporters.

Exit codes (like ruff):

* 0 — no finding at or above the ``fail_on`` threshold (default ``error``);
* 1 — at least one finding at or above the threshold;
* 2 — usage error, unreadable input (GK901), broken rule pack or config, a plugin
  failure under ``--strict-plugins``, or an internal error.

Start-up matters (pre-commit): typer is imported only when a command runs (``--version``
does not import it), and rich, jsonschema, ruamel.yaml, python-docx and lxml only when
needed (colour on a terminal, a cache miss, a .docx file …).
"""
import io
import os
import sys
from typing import Any, Callable, NoReturn

from gklint import __version__

FORMATS_HELP = "text | json | sarif | github（及插件提供的格式）"
LEVELS = ("error", "warning", "info")


# --------------------------------------------------------------------------- helpers


def _err(message: str) -> None:
    stream = sys.stderr
    try:
        stream.write(message + "\n")
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(message.encode(encoding, "replace").decode(encoding, "replace") + "\n")
    stream.flush()


def _exit(code: int) -> NoReturn:
    raise SystemExit(code)


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    out: list[str] = []
    for value in values:
        out.extend(part.strip() for part in value.replace("，", ",").split(",") if part.strip())
    return out


def _check_selectors(values: list[str] | None, option: str) -> None:
    from gklint.config import SELECTOR_RE

    for value in values or []:
        if not SELECTOR_RE.match(value):
            _err(f"gklint: {option} 的值 {value!r} 不是规则选择器（规则 ID 如 GK301、前缀如 GK3、规则名如 applications-balance，或 ALL）")
            _exit(2)


class _Output:
    """stdout for a reporter: UTF-8 bytes for machine formats, the console encoding
    (unencodable characters replaced, never an exception) for humans."""

    def __init__(self, encoding: str | None):
        self.wrapper: io.TextIOWrapper | None = None
        stdout = sys.stdout
        buffer = getattr(stdout, "buffer", None)
        if encoding and buffer is not None:
            stdout.flush()
            self.wrapper = io.TextIOWrapper(buffer, encoding=encoding, errors="replace", write_through=True)
            self.stream = self.wrapper
        else:
            try:
                stdout.reconfigure(errors="replace")  # type: ignore[union-attr]
            except (AttributeError, ValueError, io.UnsupportedOperation):
                pass
            self.stream = stdout

    def close(self) -> None:
        try:
            self.stream.flush()
        finally:
            if self.wrapper is not None:
                try:
                    self.wrapper.detach()  # leave sys.stdout's buffer open
                except (ValueError, OSError):
                    pass


def _emit(reporter: Callable, run: Any) -> None:
    out = _Output(getattr(reporter, "output_encoding", None))
    try:
        reporter(run, out.stream)
    finally:
        out.close()


def _use_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _show_plugin_problems(plugins, warnings: list[str] = ()) -> None:
    for failure in plugins.failures:
        _err(f"gklint: {failure}")
    for warning in warnings:
        _err(f"gklint: 警告：{warning}")


def _linter(config: str | None, select=None, ignore=None, fail_on=None, no_cache: bool = False):
    from gklint.config import ConfigError
    from gklint.engine import Linter

    try:
        return Linter(config_file=config, select=select, ignore=ignore, fail_on=fail_on, use_cache=not no_cache)
    except ConfigError as exc:
        _err(f"gklint: {exc}")
        _exit(2)


def _engine(linter, path: str | None = None):
    from gklint.config import ConfigError
    from gklint.packs import PackError

    try:
        return linter.engine_for(path or linter.cwd)
    except PackError as exc:
        _show_plugin_problems(linter.plugins)
        _err(f"gklint: 规则包有错误：\n{exc}")
        _exit(2)
    except ConfigError as exc:
        _err(f"gklint: {exc}")
        _exit(2)


def _example_text(example: Any) -> str:
    return example if isinstance(example, str) else str(example.get("text", ""))


def _indent(text: str, prefix: str = "    ") -> str:
    lines = text.rstrip("\n").split("\n") if text else ["（空文本）"]
    return "\n".join(prefix + line if line.strip() else prefix.rstrip() for line in lines)


def run_check(
    paths: list[str],
    format: str = "text",
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    fail_on: str | None = None,
    config: str | None = None,
    strict_plugins: bool = False,
    statistics: bool = False,
    no_cache: bool = False,
    jobs: int | None = None,
    force_exclude: bool = False,
    fix: bool = False,
    unsafe_fixes: bool = False,
) -> NoReturn:
    """``gklint check``: shared by the typer command and the fast path."""
    from gklint import batch
    from gklint.config import ConfigError
    from gklint.packs import PackError

    select_list, ignore_list = _split(select), _split(ignore)
    _check_selectors(select_list, "--select")
    _check_selectors(ignore_list, "--ignore")
    if fail_on is not None and fail_on not in LEVELS:
        _err(f"gklint: --fail-on 只能是 {' | '.join(LEVELS)}，而不是 {fail_on!r}")
        _exit(2)
    if jobs is not None and jobs < 1:
        _err(f"gklint: --jobs 必须是正整数，而不是 {jobs}")
        _exit(2)
    linter = _linter(config, select_list, ignore_list, fail_on, no_cache)
    _unknown_selectors_are_errors(linter, select_list, ignore_list)
    reporters = linter.plugins.reporters()
    if format not in reporters:
        _show_plugin_problems(linter.plugins)
        _err(f"gklint: 未知的输出格式 {format!r}；可用：{', '.join(sorted(reporters))}")
        _exit(2)
    stdin = sys.stdin.buffer.read() if "-" in paths else None
    try:
        run = batch.run(linter, paths, jobs=jobs, stdin=stdin, force_exclude=force_exclude, progress=_progress_bar)
    except PackError as exc:
        _show_plugin_problems(linter.plugins)
        _err(f"gklint: 规则包有错误：\n{exc}")
        _exit(2)
    except ConfigError as exc:
        _err(f"gklint: {exc}")
        _exit(2)
    if fix or unsafe_fixes:
        run = _apply_fixes(linter, run, unsafe_fixes)
    warnings = list(run.warnings)
    if not run.files:
        warnings.append("没有找到可检查的文件（支持的后缀：" + " ".join(sorted(linter.suffixes())) + "）")
    _show_plugin_problems(linter.plugins, warnings)
    run.statistics = statistics
    run.color = format == "text" and _use_color()
    _emit(reporters[format], run)
    code = run.exit_code
    if strict_plugins and linter.plugins.failures:
        _err("gklint: 有插件失败（--strict-plugins）")
        code = 2
    _exit(code)


def _apply_fixes(linter, run, unsafe: bool):
    """``--fix``: apply the findings' fixes to text drafts (atomically), then lint the
    fixed files again so what is shown is what is left."""
    from gklint.fix import apply_fixes

    by_path: dict[str, list] = {}
    for finding in run.findings:
        by_path.setdefault(finding.path, []).append(finding)
    fixed: set[str] = set()
    count = 0
    for path in run.files:
        if path == "-" or path not in by_path:
            continue
        try:
            result = apply_fixes(path, by_path[path], unsafe=unsafe)
        except OSError as exc:
            _err(f"gklint: {path}: 无法写入修复：{exc.strerror or exc}")
            continue
        if result.written:
            fixed.add(path)
            count += len(result.applied)
    if not fixed:
        return run
    results = [linter.lint_file(path) if path in fixed else by_path.get(path, []) for path in run.files]
    again = linter.assemble(run.files, results)
    _err(f"gklint: 已自动修复 {count} 个问题（{len(fixed)} 个文件）")
    return again


def _unknown_selectors_are_errors(linter, select: list[str] | None, ignore: list[str] | None) -> None:
    """A ``--select``/``--ignore`` value that matches no rule is a typo: exit 2 (like ruff),
    rather than a run that silently checks nothing."""
    from gklint.config import selector_matches
    from gklint.packs import PackError

    wanted = [("--select", s) for s in select or []] + [("--ignore", s) for s in ignore or []]
    if not wanted:
        return
    try:
        rules = linter.engine_for(os.getcwd()).rules.values()
    except PackError:
        return  # reported by the run itself
    for option, selector in wanted:
        if not any(selector_matches(selector, r.id, r.name) for r in rules):
            _err(f"gklint: {option} 中的 {selector!r} 不匹配任何规则（用 gklint rules 查看全部规则的 ID 和名称）")
            _exit(2)


PROGRESS_MIN_FILES = 20


class _ProgressBar:
    """A rich progress bar on standard error (transient: it disappears when done)."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(file=sys.stderr, highlight=False, emoji=False, markup=False)
        label = "检查"
        try:
            label.encode(console.encoding or "ascii")
        except (UnicodeEncodeError, LookupError):
            label = "gklint"
        self.progress = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console, transient=True)
        self.task = self.progress.add_task(label, total=total)
        self.progress.start()

    def advance(self, n: int) -> None:
        self.progress.advance(self.task, n)

    def close(self) -> None:
        self.progress.stop()


def _progress_bar(total: int) -> _ProgressBar | None:
    """A progress bar only for a person watching a long run: more than
    :data:`PROGRESS_MIN_FILES` files, standard error a terminal, not in CI."""
    if total <= PROGRESS_MIN_FILES or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return None
    try:
        if not sys.stderr.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    try:
        return _ProgressBar(total)
    except Exception:  # cosmetic: never fail a run over it
        return None


def run_extract(paths: list[str], format: str = "json", output: str | None = None, config: str | None = None) -> NoReturn:
    """``gklint extract``: JSON (one object for one file, else an array) or CSV (one row per report)."""
    import json

    from gklint.loaders import load_document, read_bytes
    from gklint.model import InputError
    from gklint.recognize import recognize, to_json

    if format not in ("json", "csv"):
        _err(f"gklint: extract 的 --format 只能是 json 或 csv，而不是 {format!r}")
        _exit(2)
    linter = _linter(config)
    loaders = linter.plugins.loaders()
    files = linter.collect(paths)
    _show_plugin_problems(linter.plugins)
    if not files:
        _err("gklint: 警告：没有找到可识别的文件（支持的后缀：" + " ".join(sorted(linter.suffixes())) + "）")
    stdin = sys.stdin.buffer.read() if "-" in files else None
    reports: list[dict] = []
    rows: list[dict] = []
    failed = False
    for path in files:
        try:
            data = stdin if path == "-" else read_bytes(path)
            doc = load_document(path, data or b"", loaders=loaders)
            report = recognize(doc)
        except InputError as exc:
            _err(f"gklint: {path}：无法读取：{exc}")
            failed = True
            if format == "csv":
                from gklint.extract import error_row

                rows.append(error_row(path, str(exc)))
            continue
        value = to_json(report)
        value = json.loads(value) if isinstance(value, str) else value
        if format == "csv":
            from gklint.extract import report_row

            rows.append(report_row(report, value))
        else:
            reports.append(value)
    if format == "csv":
        from gklint.extract import to_csv

        payload = to_csv(rows)
    else:
        single = len(paths) == 1 and len(files) == 1 and not os.path.isdir(paths[0])
        document = reports[0] if single and reports else reports
        payload = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if output:
        from gklint.atomic import atomic_write_bytes

        try:
            atomic_write_bytes(output, payload)
        except OSError as exc:
            _err(f"gklint: 无法写入 {output}：{exc.strerror or exc}")
            _exit(2)
    else:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(payload)
            buffer.flush()
        else:  # a text-only stream (embedding, tests)
            sys.stdout.write(payload.decode("utf-8"))
    _exit(2 if failed else 0)


class _Decline(Exception):
    pass


def _check_parser():
    """The options of ``gklint check`` for the fast path (no typer/pydantic import).

    Must accept exactly the options of the typer command; a test compares the two.
    """
    import argparse

    class Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:  # no message: typer will report it
            raise _Decline(message)

    parser = Parser(prog="gklint check", add_help=False, allow_abbrev=False)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--format", "-f", default="text")
    parser.add_argument("--select", action="append")
    parser.add_argument("--ignore", action="append")
    parser.add_argument("--fail-on", dest="fail_on")
    parser.add_argument("--config")
    parser.add_argument("--strict-plugins", dest="strict_plugins", action="store_true")
    parser.add_argument("--statistics", action="store_true")
    parser.add_argument("--no-cache", dest="no_cache", action="store_true")
    parser.add_argument("--jobs", "-j", type=int)
    parser.add_argument("--force-exclude", dest="force_exclude", action="store_true")
    parser.add_argument("--fix", action="store_true")
    parser.add_argument("--unsafe-fixes", dest="unsafe_fixes", action="store_true")
    return parser


def _fast_check(args: list[str]) -> bool:
    """Run ``gklint check`` without typer when the arguments are plain (start-up time:
    typer builds pydantic adapters for every option, ~100 ms).  Returns False to let
    typer handle the command (help, or anything argparse would reject)."""
    if not args or args[0] != "check" or any(a in ("--help", "-h") for a in args[1:]):
        return False
    parser = _check_parser()
    try:
        namespace = parser.parse_intermixed_args(args[1:])
    except _Decline:
        return False  # typer reports the usage error in its own words
    run_check(**vars(namespace))
    return True


# --------------------------------------------------------------------------- commands


def _build_app():
    import typer

    app = typer.Typer(
        name="gklint",
        help="政府信息公开工作年度报告合规检查（国办公开办函〔2021〕30号格式）。",
        add_completion=False,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )

    def version_callback(value: bool) -> None:
        if value:
            print(f"gklint {__version__}")
            raise typer.Exit(0)

    @app.callback()
    def root(
        version: bool = typer.Option(False, "--version", "-V", help="显示版本并退出。", callback=version_callback, is_eager=True),
    ) -> None:
        """政府信息公开工作年度报告合规检查。"""

    @app.command()
    def check(
        paths: list[str] = typer.Argument(..., metavar="PATH", help="文件或文件夹（.txt .md .docx .html .htm）；- 表示从标准输入读取文本。"),
        format: str = typer.Option("text", "--format", "-f", metavar="FORMAT", help=f"输出格式：{FORMATS_HELP}。"),
        select: list[str] | None = typer.Option(None, "--select", metavar="RULES", help="只运行这些规则（ID、前缀或名称，可逗号分隔；替换配置中的 select）。"),
        ignore: list[str] | None = typer.Option(None, "--ignore", metavar="RULES", help="不运行这些规则（加到配置中的 ignore 上；ignore 优先于 select）。"),
        fail_on: str | None = typer.Option(None, "--fail-on", metavar="LEVEL", help="达到此级别的问题使退出码为 1：error（默认）| warning | info。"),
        config: str | None = typer.Option(None, "--config", metavar="FILE", help="使用此配置文件（不再向上查找 .gklint.yaml / pyproject.toml）。"),
        strict_plugins: bool = typer.Option(False, "--strict-plugins", help="插件加载或运行失败时退出码为 2。"),
        statistics: bool = typer.Option(False, "--statistics", help="只输出每条规则的问题数。"),
        no_cache: bool = typer.Option(False, "--no-cache", help="不读写规则包和配置的缓存。"),
        jobs: int | None = typer.Option(None, "--jobs", "-j", metavar="N", help="并行检查的进程数（默认：全部 CPU；文件少时不启动进程）。"),
        force_exclude: bool = typer.Option(False, "--force-exclude", help="命令行上直接给出的文件也按配置的 exclude 排除（供 pre-commit 使用）。"),
        fix: bool = typer.Option(False, "--fix", help="自动修复可安全修复的问题（只改 .txt/.md 草稿，原子写入），再报告剩下的问题。"),
        unsafe_fixes: bool = typer.Option(False, "--unsafe-fixes", help="连同不安全的修复一起应用（隐含 --fix）。"),
    ) -> None:
        """检查报告草稿。"""
        run_check(paths, format, select, ignore, fail_on, config, strict_plugins, statistics, no_cache, jobs, force_exclude, fix, unsafe_fixes)

    @app.command()
    def rules(
        format: str = typer.Option("text", "--format", "-f", metavar="FORMAT", help="text | json"),
        config: str | None = typer.Option(None, "--config", metavar="FILE", help="使用此配置文件。"),
    ) -> None:
        """列出全部规则（ID、名称、级别、摘要）。"""
        import json

        linter = _linter(config)
        engine = _engine(linter)
        _show_plugin_problems(linter.plugins)
        selected = {r.id for r in engine.selected}
        if format == "json":
            data = [
                {
                    "id": r.id,
                    "name": r.name,
                    "severity": r.severity,
                    "kind": r.kind,
                    "pack": r.pack,
                    "plugin": r.plugin or None,
                    "summary": r.summary,
                    "message": r.message,
                    "basis": r.basis,
                    "selected": r.id in selected,
                }
                for r in engine.rules.values()
            ]
            out = _Output("utf-8")
            json.dump(data, out.stream, ensure_ascii=False, indent=2)
            out.stream.write("\n")
            out.close()
            return
        if format != "text":
            _err("gklint: --format 只能是 text 或 json")
            _exit(2)
        out = _Output(None)
        width = max((len(r.name) for r in engine.rules.values()), default=10)
        for r in engine.rules.values():
            mark = " " if r.id in selected else "-"
            origin = f"  [{r.plugin}]" if r.plugin else ""
            out.stream.write(f"{mark} {r.id}  {r.name:<{width}}  {r.severity:<7}  {r.summary}{origin}\n")
        out.stream.write(f"\n共 {len(engine.rules)} 条规则，启用 {len(selected)} 条（行首 - 表示按配置未启用）\n")
        out.close()

    @app.command()
    def explain(
        rule: str = typer.Argument(..., metavar="RULE", help="规则 ID（GK301）或名称（applications-balance）。"),
        config: str | None = typer.Option(None, "--config", metavar="FILE", help="使用此配置文件。"),
    ) -> None:
        """说明一条规则：查什么、为什么、依据、不通过和通过的示例。"""
        import difflib

        linter = _linter(config)
        engine = _engine(linter)
        found = engine.rulebook.get(rule)
        if found is None:
            keys = list(engine.rules) + [r.name for r in engine.rules.values()]
            close = difflib.get_close_matches(rule, keys, n=3)
            hint = f"；你是不是要找 {'、'.join(close)}？" if close else ""
            _err(f"gklint: 没有规则 {rule!r}{hint}（运行 gklint rules 查看全部规则）")
            _exit(2)
        r = engine.rule(found.id)
        from gklint.reporters import SEVERITY_ZH

        lines = [
            f"{r.id} {r.name}（{SEVERITY_ZH.get(r.severity, r.severity)} / {r.severity}）",
            "",
            f"Summary: {r.summary}",
            f"提示模板：{r.message}",
            f"依据：{r.basis}",
            f"规则包：{r.pack}（{r.source}:{r.source_line}）" + (f"，来自插件 {r.plugin}" if r.plugin else ""),
            f"检查类型：{r.kind}" + ("" if r.fix_safe else "；修复需人工确认"),
        ]
        if r.severity != found.severity:
            lines.append(f"默认级别 {found.severity}，按配置改为 {r.severity}")
        if r.description:
            lines += ["", "说明：", _indent(r.description)]
        for title, key in (("不通过的示例", "fail"), ("通过的示例", "pass")):
            for i, example in enumerate(r.examples.get(key, [])[:2], 1):
                lines += ["", f"{title}{' ' + str(i) if len(r.examples.get(key, [])) > 1 else ''}：", _indent(_example_text(example))]
        out = _Output(None)
        out.stream.write("\n".join(lines) + "\n")
        out.close()

    @app.command()
    def extract(
        paths: list[str] = typer.Argument(..., metavar="PATH", help="草稿文件或文件夹（文件夹按 check 的方式遍历）；- 表示从标准输入读取文本。"),
        format: str = typer.Option("json", "--format", "-f", metavar="FORMAT", help="json（完整的识别结果）| csv（每份报告一行主要数字，UTF-8 带 BOM，Excel/WPS 可直接打开）。"),
        output: str | None = typer.Option(None, "--output", "-o", metavar="FILE", help="写入此文件（先写临时文件再替换，不会留下半个文件）；默认写到标准输出。"),
        config: str | None = typer.Option(None, "--config", metavar="FILE", help="使用此配置文件（exclude 和插件提供的读取器）。"),
    ) -> None:
        """把识别出的报告输出为 JSON（标题、各部分、表格数值、问题）或 CSV（每份报告一行）。"""
        run_extract(paths, format, output, config)

    @app.command()
    def plugins(
        format: str = typer.Option("text", "--format", "-f", metavar="FORMAT", help="text | json"),
        config: str | None = typer.Option(None, "--config", metavar="FILE", help="使用此配置文件。"),
    ) -> None:
        """列出已加载的插件、版本、提供的内容和加载失败。"""
        import json

        from gklint.packs import PackError

        linter = _linter(config)
        linter.plugins.collect_all()
        try:
            linter.engine_for(linter.cwd)  # validates plugin packs (failures are recorded)
        except PackError as exc:
            _err(f"gklint: 规则包有错误：\n{exc}")
        infos = list(linter.plugins.infos.values())
        failures = [str(f) for f in linter.plugins.failures]
        if format == "json":
            out = _Output("utf-8")
            json.dump({"plugins": [i.to_dict() for i in infos], "failures": failures}, out.stream, ensure_ascii=False, indent=2)
            out.stream.write("\n")
            out.close()
            return
        out = _Output(None)
        for info in infos:
            state = "已停用" if info.disabled else ("已加载" if info.loaded else "加载失败")
            kind = "内置" if info.builtin else "插件"
            out.stream.write(f"{info.name} {info.version}（{kind}，{state}）{' ' + info.module if info.module else ''}\n")
            for what, label in (("rule_packs", "规则包"), ("check_kinds", "检查类型"), ("loaders", "读取器"), ("reporters", "输出格式")):
                items = info.contributions.get(what)
                if items:
                    out.stream.write(f"    {label}：{', '.join(items)}\n")
        if failures:
            out.stream.write("\n失败：\n" + "".join(f"    {f}\n" for f in failures))
        else:
            out.stream.write("\n没有插件失败\n")
        out.close()

    pack_app = typer.Typer(help="规则包工具。", no_args_is_help=True)
    app.add_typer(pack_app, name="pack")

    @pack_app.command("validate")
    def pack_validate(
        paths: list[str] = typer.Argument(..., metavar="PACK", help="规则包 YAML 文件。"),
        config: str | None = typer.Option(None, "--config", metavar="FILE", help="使用此配置文件。"),
    ) -> None:
        """校验规则包（schema、检查类型、参数、正则）并运行其中的示例。"""
        from gklint.engine import validate_pack_files
        from gklint.packs import PackError

        linter = _linter(config)
        try:
            results = validate_pack_files(paths, linter.plugins, recognizer=linter.recognizer)
        except PackError as exc:
            _show_plugin_problems(linter.plugins)
            _err(f"gklint: 规则包有错误：\n{exc}")
            _exit(2)
        out = _Output(None)
        failed = 0
        total = 0
        for result in results:
            total += 1
            if not result.ok:
                failed += 1
                out.stream.write(f"失败  {result.rule} {result.which}[{result.index}]：{result.problem}\n")
                if result.findings:
                    out.stream.write("".join(f"        {line}\n" for line in result.findings))
        out.stream.write(f"{len(paths)} 个规则包，{total} 个示例，{failed} 个不符合预期\n")
        out.close()
        _exit(1 if failed else 0)

    return app


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: never a traceback, always an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args in (["--version"], ["-V"]):
        print(f"gklint {__version__}")
        _exit(0)
    try:
        if _fast_check(args):
            return
        app = _build_app()
        app(args=args, prog_name="gklint")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        _err("gklint: 已中断")
        _exit(130)
    except BrokenPipeError:  # `gklint check … | head`: the reader went away
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        _exit(1)
    except BaseException as exc:  # the top-level guard
        _err(f"gklint: 内部错误：{type(exc).__name__}: {exc}（请报告此问题）")
        if os.environ.get("GKLINT_DEBUG"):
            import traceback

            traceback.print_exc()
        _exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
