"""`quangba <verb>`: the command line for editors, translators and the web administrator."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # before MkDocs or Material are imported

from quangba.core import messages  # noqa: E402
from quangba.core.errors import ContentError, QuangbaError  # noqa: E402
from quangba.core.findings import Finding, Severity  # noqa: E402
from quangba.core.messages import _, decimal, ngettext  # noqa: E402
from quangba import __version__  # noqa: E402
from quangba.core.project import CONFIG_NAME, load_project  # noqa: E402
from quangba.core.schema import PAGE_TYPES  # noqa: E402


def _print_findings(findings: list[Finding], stream=sys.stdout) -> None:
    for item in findings:
        print(item.as_text(), file=stream)


def _print_backlog(lines: list[str], stream=sys.stdout) -> None:
    """The translations still to do, one line per language: work, not errors."""
    if lines:
        print(_("Translations to do (readers get the original or a notice meanwhile):"), file=stream)
        for line in lines:
            print(f"  {line}", file=stream)


def _backlog_of(project) -> list[str]:
    """The backlog lines of the project's current check (reused from the check's cache)."""
    from quangba.checks import run_checks_cached
    from quangba.checks.formats import backlog_lines

    findings = run_checks_cached(project)
    return backlog_lines([f for f in findings if f.severity == Severity.BACKLOG], project.languages)


def cmd_build(args: argparse.Namespace) -> int:
    from quangba.ops.build import BuildFailed, DiskFull, build_site

    if args.engine:
        from quangba.ops.engine import ENGINE_ENV

        os.environ[ENGINE_ENV] = args.engine  # the build's worker processes read it too
    from quangba.ops.engine import engine

    try:
        engine()  # chosen now, before anything loads MkDocs
    except QuangbaError as exc:
        print(_("quangba build: {error}").format(error=exc), file=sys.stderr)
        return 2
    project = load_project(args.config_file)
    try:
        result = build_site(project, Path(args.site_dir) if args.site_dir else None, jobs=args.jobs,
                            cache=not args.no_cache)
    except DiskFull as exc:
        print(_("quangba build: the disk is full: could not write {path}; {free} MB free in {folder}. "
                "The published site was not changed: free some space and build again.").format(
            path=exc.path, free=decimal(exc.free / 1e6), folder=exc.folder), file=sys.stderr)
        return 1
    except BuildFailed as exc:
        _print_findings(exc.findings, sys.stderr)
        print(_("quangba build: {error}").format(error=exc), file=sys.stderr)
        return 1
    _print_findings(result.warnings)
    for message in result.mkdocs_warnings:
        print(_("warning: {message}").format(message=message))
    for item in result.held_back:
        print(_("held back (not published): {item}").format(item=item))
    _print_backlog(result.backlog)
    pages = ", ".join(f"{lang} {count}" for lang, count in result.pages.items())
    print(_("Built {site}/ in {seconds} s (pages: {pages})").format(
        site=project.relpath(result.site_dir), seconds=decimal(result.seconds), pages=pages))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from quangba.ops.serve import serve

    serve(load_project(args.config_file), args.dev_addr)
    return 0


def _limit_to_paths(findings: list[Finding], paths: list[str], project) -> list[Finding]:
    """Findings in the given files or folders only (paths as typed, relative to the root)."""
    if not paths:
        return findings
    wanted = [project.relpath(Path(p).resolve()).rstrip("/") for p in paths]

    def within(path: str) -> bool:
        return any(path == w or path.startswith(w + "/") for w in wanted)

    # A changed source also reports the backlog it creates: its translations are now stale.
    return [f for f in findings if within(f.path) or (f.severity == Severity.BACKLOG and within(f.source))]


def _check_usage_problem(paths: list[str], select: list[str] | None, ignore: list[str] | None) -> str | None:
    """What is wrong with the check's arguments, if anything: a path that does not exist, or
    a code (or prefix) that no rule has."""
    from quangba.checks import RULES, _load_families

    for path in paths:
        if not Path(path).exists():
            return _("{path}: no such file or folder").format(path=path)
    _load_families()
    for option, codes in (("--select", select), ("--ignore", ignore)):
        for code in codes or []:
            if not any(known.startswith(code.upper()) for known in RULES):
                return _("{option} {code}: no rule has this code; see `quangba explain CODE`, e.g. {example}").format(
                    option=option, code=code, example=", ".join(sorted(RULES)[:3]))
    return None


def cmd_check(args: argparse.Namespace) -> int:
    from quangba.checks import formats
    from quangba.checks import RULES, run_checks, run_checks_cached
    from quangba.core.corpus import Corpus

    project = load_project(args.config_file)
    select = [c.strip() for c in args.select.split(",") if c.strip()] if args.select else None
    ignore = [c.strip() for c in args.ignore.split(",") if c.strip()] if args.ignore else None
    problem = _check_usage_problem(args.paths, select, ignore)
    if problem:
        # No false green: a typo in a path or a code would otherwise report "0 errors".
        print(_("quangba check: {problem}").format(problem=problem), file=sys.stderr)
        return 2
    if args.fix:
        _apply_fixes(project, args.paths)
    if args.no_cache:
        from quangba.checks import _rare_collections

        with _rare_collections():
            findings = run_checks(Corpus.load(project), select, ignore, parallel=True)
    else:
        findings = run_checks_cached(project, select, ignore)
    findings = _limit_to_paths(findings, args.paths, project)
    if args.format == "json":
        print(formats.as_json(findings))
    elif args.format == "sarif":
        from quangba.checks import _load_families

        _load_families()  # a cached run has not imported the rules that describe its findings
        print(formats.as_sarif(findings, RULES))
    elif args.format == "github":
        output = formats.as_github(findings)
        if output:
            print(output)
    else:
        print(formats.as_text(findings))
    failing = {Severity.ERROR} | ({Severity.BACKLOG} if args.backlog == "fail" else set())
    return 1 if any(f.severity in failing for f in findings) else 0


def _apply_fixes(project, paths: list[str]) -> None:
    """--fix: only safe, mechanical fixes; say what changed, file by file."""
    from quangba.core.textfix import fix_text

    wanted = [Path(p).resolve() for p in paths]
    for lang in project.languages:
        root = project.lang_dir(lang)
        for path in sorted(root.rglob("*.md")) if root.is_dir() else []:
            if wanted and not any(path.resolve() == w or w in path.resolve().parents for w in wanted):
                continue
            try:
                text = path.read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # reported by SYN005; not safe to rewrite
            fixed = fix_text(text)
            if fixed.changes:
                path.write_text(fixed.text, encoding="utf-8")
                print(_("{path}: fixed: {changes}").format(path=project.relpath(path), changes="; ".join(fixed.changes)),
                      file=sys.stderr)


def cmd_diff(args: argparse.Namespace) -> int:
    from quangba.core.corpus import Corpus
    from quangba.translation.diff import source_diff, word_diff, word_diff_html

    project = load_project(args.config_file)
    key = _page_key(project, args.page, args.lang)
    corpus = Corpus.load(project)
    if args.format == "html":
        print(word_diff_html(corpus, args.lang, key), end="")
        return 0
    if args.words:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        text = word_diff(corpus, args.lang, key, color=color)
    else:
        text = source_diff(corpus, args.lang, key)
    print(text if text else _("{path}: up to date with the source").format(path=project.page_path(args.lang, key)))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from quangba.translation import status
    from quangba.core.corpus import Corpus

    corpus = Corpus.load(load_project(args.config_file))
    print({"text": status.as_text, "json": status.as_json, "html": status.as_html}[args.format](corpus))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    import datetime as dt

    from quangba.office.package import export_packages

    project = load_project(args.config_file)
    since = dt.date.fromisoformat(args.since) if args.since else None
    langs = args.lang.split(",") if args.lang else None
    written = export_packages(project, Path(args.out), since=since, langs=langs)
    for path in written:
        print(path)
    if written:
        _print_backlog(_backlog_of(project))
    print(ngettext("{count} package(s) in {folder}", "{count} package(s) in {folder}", len(written)).format(
        count=len(written), folder=args.out))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from quangba.translation.workflow import new_page

    path = new_page(load_project(args.config_file), args.type, args.slug, title=args.title)
    print(_("created {path}").format(path=path))
    return 0


def cmd_translate(args: argparse.Namespace) -> int:
    from quangba.translation.workflow import start_translation

    project = load_project(args.config_file)
    path = start_translation(project, args.lang, _page_key(project, args.page, args.lang), force=args.force)
    print(_("created {path}").format(path=path))
    return 0


def cmd_xliff(args: argparse.Namespace) -> int:
    from quangba.translation import xliff

    project = load_project(args.config_file)
    if args.action == "export":
        if not args.lang or not args.out:
            print(_("quangba xliff export: --lang and --out are required"), file=sys.stderr)
            return 2
        pages = [_page_key(project, p, args.lang) for p in args.pages] or None
        for path in xliff.export_xliff(project, args.lang, Path(args.out), pages=pages, stale_only=args.stale):
            print(path)
        return 0
    for path in xliff.import_xliff(project, [Path(p) for p in args.pages]):
        print(_("wrote {path}").format(path=path))
    return 0


def cmd_publication(args: argparse.Namespace) -> int:
    from quangba.office.publication import make_publication

    project = load_project(args.config_file)
    result = make_publication(project, args.langs.split(","), Path(args.out), section=args.section,
                              print_ready=args.print_ready)
    for warning in result.warnings:
        print(_("warning: {message}").format(message=warning))
    print(_("wrote {path}").format(path=result.path))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    import datetime as dt

    from quangba.office.report import WrittenDocument, yearly_report

    project = load_project(args.config_file)
    signed = None
    if args.signed:
        try:
            signed = dt.date.fromisoformat(args.signed)
        except ValueError:
            raise QuangbaError(_("--signed {value}: give the signing date as YYYY-MM-DD, e.g. 2026-11-05").format(
                value=args.signed)) from None
    result = yearly_report(project, args.year, args.format, Path(args.out) if args.out else None, lang=args.lang,
                           number=args.number, signed=signed, signer=args.signer)
    if isinstance(result, WrittenDocument):
        print(_("wrote {path}").format(path=result.path))
        if result.blanks:
            print(ngettext("{count} place for the office to fill is marked in yellow, in [square brackets]",
                           "{count} places for the office to fill are marked in yellow, in [square brackets]",
                           result.blanks).format(count=result.blanks))
    elif isinstance(result, Path):
        print(_("wrote {path}").format(path=result))
    else:
        print(result)
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from quangba.ops.publish import publish

    project = load_project(args.config_file)
    release = publish(project, Path(args.to), keep=args.keep)
    _print_backlog(_backlog_of(project))
    print(_("published {release}").format(release=release))
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    from quangba.ops.publish import rollback

    release = rollback(Path(args.to))
    print(_("rolled back: current is now {release}").format(release=release))
    return 0


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(_("a number of pages, or several separated by commas: {text}").format(text=text)) from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(_("a number of pages, or several separated by commas: {text}").format(text=text))
    return sizes


def cmd_bench(args: argparse.Namespace) -> int:
    from quangba.ops.bench import bench_check

    if args.what == "check":
        print(bench_check(args.pages[0], args.repeat, build=not args.no_build))
    elif args.what == "build" and len(args.pages) > 1:
        from quangba.ops.bench import bench_growth

        print(bench_growth(args.pages))
    elif args.what == "build":
        from quangba.ops.bench import bench_build

        print(bench_build(args.pages[0], args.repeat, vs_hugo=args.vs_hugo))
    elif args.what == "site":
        from quangba.ops.bench_site import bench_site

        print(bench_site(load_project(args.config_file)))
    else:
        from quangba.ops.bench import bench_serve

        print(bench_serve(args.pages[0], args.repeat))
    return 0


def _page_key(project, page: str, lang: str) -> str:
    return project.page_key(page, lang)


def _source_language(args: argparse.Namespace) -> str:
    """The project's source language, for texts that name it; this site's outside a project."""
    try:
        return load_project(args.config_file).source_language
    except QuangbaError:
        return "vi"


def cmd_explain(args: argparse.Namespace) -> int:
    from quangba.checks import RULES, _load_families, explain_text

    _load_families()
    rule = RULES.get(args.code.upper())
    if rule is None:
        print(_("quangba explain: no rule {code}; known: {codes}").format(code=args.code, codes=", ".join(sorted(RULES))),
              file=sys.stderr)
        return 2
    print(explain_text(rule.explained(), _source_language(args)))
    return 0


def cmd_stamp(args: argparse.Namespace) -> int:
    from quangba.core.corpus import Corpus
    from quangba.translation.stamp import StampRefused, checked_findings, stamp

    project = load_project(args.config_file)
    corpus = Corpus.load(project)
    targets: list[tuple[str, str]] = []
    if args.all:
        targets = [(lang, key) for lang in project.translation_languages for key in sorted(corpus.pages.get(lang, {}))]
    elif args.lang and args.page:
        targets = [(args.lang, _page_key(project, args.page, args.lang))]
    else:
        print(_("quangba stamp: give LANG PAGE, or --all"), file=sys.stderr)
        return 2
    checked = None if args.force or args.as_of else checked_findings(corpus)
    refused = 0
    for lang, key in targets:
        try:
            value = stamp(corpus, lang, key, force=args.force, findings=checked, as_of=args.as_of)
        except StampRefused as exc:
            _print_findings(exc.findings, sys.stderr)
            print(_("quangba: {error}").format(error=exc), file=sys.stderr)
            refused += 1
            continue
        print(_("{path}: source_hash {value}").format(path=project.page_path(lang, key), value=value))
    return 1 if refused else 0


# One example a verb's --help ends with (commands are not translated).
EXAMPLES = {
    "build": "quangba build -d site/",
    "serve": "quangba serve -a 127.0.0.1:8000",
    "check": "quangba check docs/vi/heritage --select LNK,STR",
    "diff": "quangba diff en heritage/tan-trao.md --words",
    "status": "quangba status --format html > status.html",
    "explain": "quangba explain SYN001",
    "stamp": "quangba stamp en heritage/tan-trao.md",
    "export": "quangba export package --since 2026-01-01 --out packages/",
    "new": 'quangba new heritage le-hoi-thanh-tuyen --title "Lễ hội Thành Tuyên"',
    "translate": "quangba translate en heritage/tan-trao.md",
    "xliff": "quangba xliff export --lang ja --stale --out xlf/",
    "publication": "quangba publication --langs vi,en --out brochure.pdf",
    "report": "quangba report --year 2026 --format docx --out bao-cao-2026.docx",
    "publish": "quangba publish --to /srv/quangba",
    "rollback": "quangba rollback --to /srv/quangba",
    "bench": "quangba bench check --pages 205",
    "completion": "quangba completion bash > ~/.local/share/bash-completion/completions/quangba",
}


def _verb(verbs, name: str, text: str, func) -> argparse.ArgumentParser:
    """A verb whose one-line help is also the description of its own --help, which ends
    with an example."""
    verb = verbs.add_parser(name, help=text, description=text, formatter_class=argparse.RawDescriptionHelpFormatter,
                            epilog=_("example: {command}").format(command=EXAMPLES[name]))
    verb.set_defaults(func=func)
    return verb


def parser() -> argparse.ArgumentParser:
    """The command line, in the current language (messages.set_language first)."""
    root = argparse.ArgumentParser(
        prog="quangba", description=_("quangba COMMAND: the command line for editors, translators and the web administrator."))
    root.add_argument("--version", action="version", version=f"quangba {__version__}",
                      help=_("show quangba's version and exit"))
    root.add_argument("-f", "--config-file", default=CONFIG_NAME, help=_("the project's mkdocs.yml"))
    root.add_argument("--lang", dest="ui_lang", choices=messages.languages(), help=_(
        "the language quangba speaks: {choices} (default: the computer's language setting, else English)"
    ).format(choices=", ".join(messages.languages())))
    verbs = root.add_subparsers(dest="verb", required=True, title=_("commands"), metavar=_("COMMAND"))
    lang_help = _("the translation's language code, e.g. en")
    page_help = _("page path relative to the language folder")

    build = _verb(verbs, "build", _("check the content and build the site into site/"), cmd_build)
    build.add_argument("-d", "--site-dir", help=_("where to write the site (default: site_dir of mkdocs.yml)"))
    build.add_argument("-j", "--jobs", type=int, help=_("processes building languages side by side (default: one per core)"))
    build.add_argument("--no-cache", action="store_true", help=_(
        "convert every page and template again (ignore what .quangba-cache/ keeps of the last build)"))
    build.add_argument("--engine", choices=["mkdocs", "properdocs"], help=_(
        "the engine that runs the plugins: mkdocs (default) or properdocs (also QUANGBA_ENGINE)"))

    serve = _verb(verbs, "serve", _("preview the site, rebuilding on every change"), cmd_serve)
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help=_("address and port of the preview (default: 127.0.0.1:8000)"))

    check = _verb(verbs, "check", _("check that the language versions agree"), cmd_check)
    check.add_argument("paths", nargs="*", help=_("limit the report to these files or folders"))
    check.add_argument("--format", choices=["text", "json", "sarif", "github"], default="text",
                       help=_("text for people (default); json, sarif or github for other tools"))
    check.add_argument("--select", help=_("comma-separated codes or prefixes to run"))
    check.add_argument("--ignore", help=_("comma-separated codes or prefixes to skip"))
    check.add_argument("--fix", action="store_true", help=_("apply safe fixes (NFC, BOM, zero-width) first"))
    check.add_argument("--no-cache", action="store_true", help=_("re-read every file (ignore .quangba-cache/)"))
    check.add_argument("--backlog", choices=["fail", "report"], default="fail", help=_(
        "missing or stale translations: fail (exit 1, the default) or report them only (exit 0 unless there are errors)"))

    diff = _verb(verbs, "diff", _("what changed in the source since a translation was made"), cmd_diff)
    diff.add_argument("lang", help=lang_help)
    diff.add_argument("page", help=page_help)
    diff.add_argument("--words", action="store_true", help=_(
        "show the changed words ([-old-]{+new+}, in colour on a terminal) instead of lines"))
    diff.add_argument("--format", choices=["text", "html"], default="text", help=_(
        "text (default), or html: the changed words as a page for the browser or the dashboard"))

    status = _verb(verbs, "status", _("which pages are translated and up to date"), cmd_status)
    status.add_argument("--format", choices=["text", "json", "html"], default="text",
                        help=_("text (default), json, or an HTML page"))

    explain = _verb(verbs, "explain", _("what a check code means and what to do"), cmd_explain)
    explain.add_argument("code", help=_("a check code, e.g. LNK001"))

    stamp = _verb(verbs, "stamp", _("record that a translation matches the current source"), cmd_stamp)
    stamp.add_argument("lang", nargs="?", help=lang_help)
    stamp.add_argument("page", nargs="?", help=page_help)
    stamp.add_argument("--all", action="store_true", help=_("stamp every translation"))
    stamp.add_argument("--force", action="store_true", help=_(
        "stamp even when the translation has structure or facts errors against the source"))
    stamp.add_argument("--as-of", help=_(
        "record the source as it was at this git commit or date (YYYY-MM-DD): the version the translation was made from"))

    export = _verb(verbs, "export", _("content packages for Vietnam.vn, the press and partners"), cmd_export)
    export.add_argument("what", choices=["package"], help=_("what to export: package"))
    export.add_argument("--since", help=_("only pages published or updated on or after this date (YYYY-MM-DD)"))
    export.add_argument("--lang", help=_("comma-separated languages to include (default: all)"))
    export.add_argument("--out", required=True, help=_("folder to write the ZIP files into"))

    new = _verb(verbs, "new", _("create a Vietnamese page from its type's template"), cmd_new)
    new.add_argument("type", choices=list(PAGE_TYPES), help=_("the kind of page"))
    new.add_argument("slug", help=_("ASCII name of the page, e.g. le-hoi-thanh-tuyen"))
    new.add_argument("--title", help=_("the page's title (Vietnamese)"))

    translate = _verb(verbs, "translate", _("start a translation with the source's structure"), cmd_translate)
    translate.add_argument("lang", help=lang_help)
    translate.add_argument("page", help=page_help)
    translate.add_argument("--force", action="store_true", help=_("overwrite an existing translation"))

    xliff_cmd = _verb(verbs, "xliff", _("XLIFF 1.2 for CAT tools (Trados, memoQ, OmegaT)"), cmd_xliff)
    xliff_cmd.add_argument("action", choices=["export", "import"], help=_("export or import"))
    xliff_cmd.add_argument("pages", nargs="*", help=_("export: pages (default all); import: XLIFF files"))
    xliff_cmd.add_argument("--lang", help=_("target language (export)"))
    xliff_cmd.add_argument("--stale", action="store_true", help=_("only missing or stale translations (export)"))
    xliff_cmd.add_argument("--out", help=_("folder for the XLIFF files (export)"))

    publication = _verb(verbs, "publication", _("a print-ready PDF brochure (bilingual or single-language)"), cmd_publication)
    publication.add_argument("--langs", default="vi,en", help=_("one language, or two side by side (vi,en)"))
    publication.add_argument("--section", help=_("only this section (heritage, investment, products, news)"))
    publication.add_argument("--out", required=True, help=_("the PDF file to write"))
    publication.add_argument("--print", dest="print_ready", action="store_true", help=_(
        "for a print shop: A4 with 3 mm bleed and crop marks, images at 300 ppi (a warning names each "
        "image with fewer pixels), no link colours, chapters one after the other"))

    report = _verb(verbs, "report", _("the yearly report on foreign-information work"), cmd_report)
    report.add_argument("--year", type=int, required=True, help=_("the year to report on"))
    report.add_argument("--format", choices=["md", "csv", "docx"], default="md", help=_("md (default), csv, or docx for Word"))
    report.add_argument("--out", help=_("file to write (required for docx; md and csv print when omitted)"))
    report.add_argument("--lang", choices=["vi", "en"], default="vi", help=_(
        "the language of the CSV's headers and words: vi (default) or en; the md and docx are in Vietnamese"))
    report.add_argument("--number", help=_("docx: the report's registration number (Số), when it has one"))
    report.add_argument("--signed", help=_("docx: the signing date, YYYY-MM-DD"))
    report.add_argument("--signer", help=_("docx: the full name of the person who signs"))

    publish = _verb(verbs, "publish", _("build, verify and release the site atomically into DIR/releases/"), cmd_publish)
    publish.add_argument("--to", required=True, help=_("the web server's folder (it gets releases/ and a `current` link)"))
    publish.add_argument("--keep", type=int, default=5, help=_("how many releases to keep"))

    rollback = _verb(verbs, "rollback", _("make the previous release current again"), cmd_rollback)
    rollback.add_argument("--to", required=True, help=_("the web server's folder, as for publish"))

    bench = _verb(verbs, "bench", _("measure speed on a generated corpus (prints times and ratios)"), cmd_bench)
    bench.add_argument("what", choices=["check", "build", "serve", "site"], help=_("what to time"))
    bench.add_argument("--pages", type=_sizes, default=[205], help=_(
        "pages per language; build: several sizes, comma-separated (200,1000,2000), print how the cost grows"))
    bench.add_argument("--repeat", type=int, default=3, help=_("how many times to run each measurement"))
    bench.add_argument("--no-build", action="store_true", help=_("check: skip timing mkdocs build"))
    bench.add_argument("--vs-hugo", action="store_true", help=_("build: also time Hugo on an equivalent site"))

    completion = _verb(verbs, "completion", _("print the shell completion script (bash)"), cmd_completion)
    completion.add_argument("shell", choices=["bash"], help=_("the shell: bash"))
    return root


# After these verbs `--lang` is theirs (the languages of the content, or of the report's CSV),
# not the language quangba speaks.
VERBS_WITH_THEIR_OWN_LANG = frozenset({"export", "xliff", "report"})


def cmd_completion(args: argparse.Namespace) -> int:
    print(bash_completion(parser()))
    return 0


def _verbs(root: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in root._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _words_of(verb: argparse.ArgumentParser) -> list[str]:
    """What may follow a verb: its options and the choices of its arguments."""
    words = [o for action in verb._actions for o in action.option_strings if o.startswith("--") or len(o) == 2]
    for action in verb._actions:
        if not action.option_strings and action.choices:
            words += list(action.choices)
    return sorted(set(words))


def bash_completion(root: argparse.ArgumentParser) -> str:
    """A bash completion script made from the parser: verbs, then each verb's options and
    the choices of its arguments, file names otherwise. `eval "$(quangba completion bash)"`."""
    verbs = _verbs(root)
    top = sorted(verbs) + [o for action in root._actions for o in action.option_strings if o.startswith("--")]
    cases = "".join(f'        {name}) words="{" ".join(_words_of(verb))}" ;;\n' for name, verb in sorted(verbs.items()))
    return f"""# bash completion for quangba (made by `quangba completion bash`)
_quangba() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" verb="" words="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${{COMP_WORDS[i]}}" in
            -f|--config-file|--lang) ((i++)) ;;
            -*) ;;
            *) verb="${{COMP_WORDS[i]}}"; break ;;
        esac
    done
    case "$verb" in
        "") words="{" ".join(top)}" ;;
{cases}    esac
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
}}
complete -o default -o bashdefault -F _quangba quangba"""


def did_you_mean(argv: list[str], root: argparse.ArgumentParser) -> str | None:
    """For a mistyped verb or option (`quangba chek`, `check --selct`), the usage error that
    names the closest known one; None when there is none to suggest."""
    import difflib

    verbs = _verbs(root)
    items = iter(argv)
    verb = None
    for item in items:
        if item in ("-f", "--config-file", "--lang"):
            next(items, None)
        elif not item.startswith("-"):
            verb = item
            break
    if verb is None:
        return None
    if verb not in verbs:
        match = difflib.get_close_matches(verb, list(verbs), n=1, cutoff=0.6)
        if match:
            return _("quangba: `{verb}` is not a command; did you mean `{match}`?").format(verb=verb, match=match[0])
        return None
    known = set(verbs[verb]._option_string_actions)
    for item in items:
        option = item.split("=", 1)[0]
        if option.startswith("--") and option not in known:
            match = difflib.get_close_matches(option, sorted(known), n=1, cutoff=0.6)
            if match:
                return _("quangba {verb}: `{option}` is not an option; did you mean `{match}`?").format(
                    verb=verb, option=option, match=match[0])
    return None


def _pre_parse_config(argv: list[str]) -> list[str]:
    """Let `-f` and `--lang` come after the verb too (`quangba check -f mkdocs.yml --lang vi`),
    as with mkdocs: both are moved in front of the verb. After `export`, `xliff` and `report`, `--lang`
    stays where it is: there it picks the languages of the content."""
    out, config, lang, verb = [], None, None, None
    items = iter(argv)
    for item in items:
        if item in ("-f", "--config-file"):
            config = next(items, None)
        elif item.startswith("--config-file="):
            config = item.split("=", 1)[1]
        elif (item == "--lang" or item.startswith("--lang=")) and verb not in VERBS_WITH_THEIR_OWN_LANG:
            value = item.split("=", 1)[1] if "=" in item else next(items, None)
            if value is None:
                out.append(item)  # argparse says that it needs a value
            else:
                lang = value
        else:
            if verb is None and not item.startswith("-"):
                verb = item
            out.append(item)
    out = _positionals_first(out)
    return (["-f", config] if config else []) + (["--lang", lang] if lang else []) + out


def _requested_language(argv: list[str]) -> str | None:
    """The `--lang` given before the verb in `_pre_parse_config`'s output, if any."""
    items = iter(argv)
    for item in items:
        if item == "--lang":
            return next(items, None)
        if item in ("-f", "--config-file"):
            next(items, None)
        elif not item.startswith("-"):
            return None
    return None


def _positionals_first(argv: list[str]) -> list[str]:
    """`quangba xliff export --lang en --out DIR page.md`: argparse gives a `*` positional
    only the arguments right after the action, so move the pages there."""
    if len(argv) < 2 or argv[0] != "xliff":
        return argv
    with_value = {"--lang", "--out", "-f", "--config-file"}
    options, positionals, items = [], [], iter(argv[2:])
    for item in items:
        if item in with_value:
            options += [item, next(items, "")]
        elif item.startswith("-"):
            options.append(item)
        else:
            positionals.append(item)
    return argv[:2] + positionals + options


def main(argv: list[str] | None = None) -> int:
    as_program = argv is None  # the console script or `python -m quangba`, not a caller in Python
    argv = _pre_parse_config(list(sys.argv[1:] if argv is None else argv))
    # --lang, else the computer's locale (LC_ALL, LC_MESSAGES, LANG, LANGUAGE), else English;
    # before the parser is made, so that its help speaks that language.
    messages.set_language(_requested_language(argv))
    messages.translate_argparse()
    root = parser()
    suggestion = did_you_mean(argv, root)
    if suggestion:
        root.print_usage(sys.stderr)
        print(suggestion, file=sys.stderr)
        return 2
    args = root.parse_args(argv)
    try:
        status = args.func(args)
        if as_program and args.verb == "check":
            # The check's millions of objects (pages, outlines, facts) freed one by one at
            # exit took a second at 10,000 pages: the process ends here, its output written.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
        return status
    except QuangbaError as exc:
        print(_("quangba: {error}").format(error=exc), file=sys.stderr)
        # Content errors exit 1, as in `check`; usage and setup problems 2, in every verb.
        return 1 if isinstance(exc, ContentError) or args.verb == "build" else 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (`| head`) went away: stop quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for editors
        if os.environ.get("QUANGBA_DEBUG"):
            raise
        print(_("quangba: internal error: {kind}: {error}").format(kind=type(exc).__name__, error=exc), file=sys.stderr)
        print(_("quangba: please report this with the command you ran (QUANGBA_DEBUG=1 shows details)"), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
