"""`quangba <verb>`: the command line for editors, translators and the web administrator."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # before MkDocs or Material are imported

from quangba.errors import QuangbaError  # noqa: E402
from quangba.findings import Finding, Severity  # noqa: E402
from quangba.project import CONFIG_NAME, load_project  # noqa: E402


def _print_findings(findings: list[Finding], stream=sys.stdout) -> None:
    for item in findings:
        print(item.as_text(), file=stream)


def _summary(findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == Severity.ERROR)
    warnings = len(findings) - errors
    return f"{errors} error(s), {warnings} warning(s)"


def cmd_build(args: argparse.Namespace) -> int:
    from quangba.build import BuildFailed, build_site

    project = load_project(args.config_file)
    try:
        result = build_site(project, Path(args.site_dir) if args.site_dir else None, jobs=args.jobs)
    except BuildFailed as exc:
        _print_findings(exc.findings, sys.stderr)
        print(f"quangba build: {exc}", file=sys.stderr)
        return 1
    _print_findings(result.warnings)
    for message in result.mkdocs_warnings:
        print(f"warning: {message}")
    for item in result.held_back:
        print(f"held back (not published): {item}")
    pages = ", ".join(f"{lang} {count}" for lang, count in result.pages.items())
    print(f"Built {project.relpath(result.site_dir)}/ in {result.seconds:.1f} s (pages: {pages})")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from quangba.serve import serve

    serve(load_project(args.config_file), args.dev_addr)
    return 0


def _limit_to_paths(findings: list[Finding], paths: list[str], project) -> list[Finding]:
    """Findings in the given files or folders only (paths as typed, relative to the root)."""
    if not paths:
        return findings
    wanted = [project.relpath(Path(p).resolve()).rstrip("/") for p in paths]
    return [f for f in findings if any(f.path == w or f.path.startswith(w + "/") for w in wanted)]


def cmd_check(args: argparse.Namespace) -> int:
    from quangba import formats
    from quangba.checks import RULES, run_checks, run_checks_cached
    from quangba.corpus import Corpus

    project = load_project(args.config_file)
    if args.fix:
        _apply_fixes(project, args.paths)
    select = args.select.split(",") if args.select else None
    ignore = args.ignore.split(",") if args.ignore else None
    if args.no_cache:
        findings = run_checks(Corpus.load(project), select, ignore)
    else:
        findings = run_checks_cached(project, select, ignore)
    findings = _limit_to_paths(findings, args.paths, project)
    if args.format == "json":
        print(formats.as_json(findings))
    elif args.format == "sarif":
        print(formats.as_sarif(findings, RULES))
    elif args.format == "github":
        output = formats.as_github(findings)
        if output:
            print(output)
    else:
        print(formats.as_text(findings))
    return 1 if any(f.severity == Severity.ERROR for f in findings) else 0


def _apply_fixes(project, paths: list[str]) -> None:
    """--fix: only safe, mechanical fixes; say what changed, file by file."""
    from quangba.textfix import fix_text

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
                print(f"{project.relpath(path)}: fixed: {'; '.join(fixed.changes)}", file=sys.stderr)


def cmd_diff(args: argparse.Namespace) -> int:
    from quangba.corpus import Corpus
    from quangba.diff import source_diff

    project = load_project(args.config_file)
    text = source_diff(Corpus.load(project), args.lang, _page_key(args.page, args.lang))
    print(text if text else f"docs/{args.lang}/{_page_key(args.page, args.lang)}: up to date with the source")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from quangba import status
    from quangba.corpus import Corpus

    corpus = Corpus.load(load_project(args.config_file))
    print({"text": status.as_text, "json": status.as_json, "html": status.as_html}[args.format](corpus))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    import datetime as dt

    from quangba.package import export_packages

    project = load_project(args.config_file)
    since = dt.date.fromisoformat(args.since) if args.since else None
    langs = args.lang.split(",") if args.lang else None
    written = export_packages(project, Path(args.out), since=since, langs=langs)
    for path in written:
        print(path)
    print(f"{len(written)} package(s) in {args.out}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from quangba.workflow import new_page

    path = new_page(load_project(args.config_file), args.type, args.slug, title=args.title)
    print(f"created {path}")
    return 0


def cmd_translate(args: argparse.Namespace) -> int:
    from quangba.workflow import start_translation

    path = start_translation(load_project(args.config_file), args.lang, _page_key(args.page, "vi"), force=args.force)
    print(f"created {path}")
    return 0


def cmd_xliff(args: argparse.Namespace) -> int:
    from quangba import xliff

    project = load_project(args.config_file)
    if args.action == "export":
        if not args.lang or not args.out:
            print("quangba xliff export: --lang and --out are required", file=sys.stderr)
            return 2
        pages = [_page_key(p, "vi") for p in args.pages] or None
        for path in xliff.export_xliff(project, args.lang, Path(args.out), pages=pages, stale_only=args.stale):
            print(path)
        return 0
    for path in xliff.import_xliff(project, [Path(p) for p in args.pages]):
        print(f"wrote {path}")
    return 0


def cmd_publication(args: argparse.Namespace) -> int:
    from quangba.publication import make_publication

    project = load_project(args.config_file)
    out = make_publication(project, args.langs.split(","), Path(args.out), section=args.section)
    print(f"wrote {out}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from quangba.report import yearly_report

    project = load_project(args.config_file)
    result = yearly_report(project, args.year, args.format, Path(args.out) if args.out else None)
    if isinstance(result, Path):
        print(f"wrote {result}")
    else:
        print(result)
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from quangba.publish import publish

    project = load_project(args.config_file)
    release = publish(project, Path(args.to), keep=args.keep)
    print(f"published {release}")
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    from quangba.publish import rollback

    release = rollback(Path(args.to))
    print(f"rolled back: current is now {release}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from quangba.bench import bench_check

    if args.what == "check":
        print(bench_check(args.pages, args.repeat, build=not args.no_build))
    elif args.what == "build":
        from quangba.bench import bench_build

        print(bench_build(args.pages, args.repeat, vs_hugo=args.vs_hugo))
    elif args.what == "site":
        from quangba.bench_site import bench_site

        print(bench_site(load_project(args.config_file)))
    else:
        from quangba.bench import bench_serve

        print(bench_serve(args.pages, args.repeat))
    return 0


def _page_key(page: str, lang: str) -> str:
    for prefix in (f"docs/{lang}/", "docs/vi/"):
        if page.startswith(prefix):
            return page[len(prefix):]
    return page


def cmd_explain(args: argparse.Namespace) -> int:
    from quangba.checks import RULES, _load_families

    _load_families()
    rule = RULES.get(args.code.upper())
    if rule is None:
        print(f"quangba explain: no rule {args.code}; known: {', '.join(sorted(RULES))}", file=sys.stderr)
        return 2
    print(f"{rule.code} {rule.name} ({rule.family}, {rule.severity.value})\n\n{rule.doc}")
    return 0


def cmd_stamp(args: argparse.Namespace) -> int:
    from quangba.corpus import Corpus
    from quangba.stamp import stamp

    project = load_project(args.config_file)
    corpus = Corpus.load(project)
    targets: list[tuple[str, str]] = []
    if args.all:
        targets = [(lang, key) for lang in project.translation_languages for key in sorted(corpus.pages.get(lang, {}))]
    elif args.lang and args.page:
        targets = [(args.lang, _page_key(args.page, args.lang))]
    else:
        print("quangba stamp: give LANG PAGE, or --all", file=sys.stderr)
        return 2
    for lang, key in targets:
        value = stamp(corpus, lang, key)
        print(f"docs/{lang}/{key}: source_hash {value}")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="quangba", description=__doc__)
    root.add_argument("-f", "--config-file", default=CONFIG_NAME, help="the project's mkdocs.yml")
    verbs = root.add_subparsers(dest="verb", required=True)

    build = verbs.add_parser("build", help="check the content and build the site into site/")
    build.add_argument("-d", "--site-dir", help="where to write the site (default: site_dir of mkdocs.yml)")
    build.add_argument("-j", "--jobs", type=int, help="processes building languages side by side (default: one per core)")
    build.set_defaults(func=cmd_build)

    serve = verbs.add_parser("serve", help="preview the site, rebuilding on every change")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000")
    serve.set_defaults(func=cmd_serve)

    check = verbs.add_parser("check", help="check that the language versions agree")
    check.add_argument("paths", nargs="*", help="limit the report to these files or folders")
    check.add_argument("--format", choices=["text", "json", "sarif", "github"], default="text")
    check.add_argument("--select", help="comma-separated codes or prefixes to run")
    check.add_argument("--ignore", help="comma-separated codes or prefixes to skip")
    check.add_argument("--fix", action="store_true", help="apply safe fixes (NFC, BOM, zero-width) first")
    check.add_argument("--no-cache", action="store_true", help="re-read every file (ignore .quangba-cache/)")
    check.set_defaults(func=cmd_check)

    diff = verbs.add_parser("diff", help="what changed in the source since a translation was made")
    diff.add_argument("lang")
    diff.add_argument("page", help="page path relative to the language folder")
    diff.set_defaults(func=cmd_diff)

    status = verbs.add_parser("status", help="which pages are translated and up to date")
    status.add_argument("--format", choices=["text", "json", "html"], default="text")
    status.set_defaults(func=cmd_status)

    explain = verbs.add_parser("explain", help="what a check code means and what to do")
    explain.add_argument("code")
    explain.set_defaults(func=cmd_explain)

    stamp = verbs.add_parser("stamp", help="record that a translation matches the current source")
    stamp.add_argument("lang", nargs="?")
    stamp.add_argument("page", nargs="?", help="page path relative to the language folder")
    stamp.add_argument("--all", action="store_true", help="stamp every translation")
    stamp.set_defaults(func=cmd_stamp)
    export = verbs.add_parser("export", help="content packages for Vietnam.vn, the press and partners")
    export.add_argument("what", choices=["package"])
    export.add_argument("--since", help="only pages published or updated on or after this date (YYYY-MM-DD)")
    export.add_argument("--lang", help="comma-separated languages to include (default: all)")
    export.add_argument("--out", required=True, help="folder to write the ZIP files into")
    export.set_defaults(func=cmd_export)

    new = verbs.add_parser("new", help="create a Vietnamese page from its type's template")
    new.add_argument("type", choices=["page", "heritage", "investment", "product", "news"])
    new.add_argument("slug", help="ASCII name of the page, e.g. le-hoi-thanh-tuyen")
    new.add_argument("--title", help="the page's title (Vietnamese)")
    new.set_defaults(func=cmd_new)

    translate = verbs.add_parser("translate", help="start a translation with the source's structure")
    translate.add_argument("lang")
    translate.add_argument("page", help="page path relative to the language folder")
    translate.add_argument("--force", action="store_true", help="overwrite an existing translation")
    translate.set_defaults(func=cmd_translate)

    xliff_cmd = verbs.add_parser("xliff", help="XLIFF 1.2 for CAT tools (Trados, memoQ, OmegaT)")
    xliff_cmd.add_argument("action", choices=["export", "import"])
    xliff_cmd.add_argument("pages", nargs="*", help="export: pages (default all); import: XLIFF files")
    xliff_cmd.add_argument("--lang", help="target language (export)")
    xliff_cmd.add_argument("--stale", action="store_true", help="only missing or stale translations (export)")
    xliff_cmd.add_argument("--out", help="folder for the XLIFF files (export)")
    xliff_cmd.set_defaults(func=cmd_xliff)

    publication = verbs.add_parser("publication", help="a print-ready PDF brochure (bilingual or single-language)")
    publication.add_argument("--langs", default="vi,en", help="one language, or two side by side (vi,en)")
    publication.add_argument("--section", help="only this section (heritage, investment, products, news)")
    publication.add_argument("--out", required=True, help="the PDF file to write")
    publication.set_defaults(func=cmd_publication)

    report = verbs.add_parser("report", help="the yearly report on foreign-information work")
    report.add_argument("--year", type=int, required=True)
    report.add_argument("--format", choices=["md", "csv", "docx"], default="md")
    report.add_argument("--out", help="file to write (required for docx; md and csv print when omitted)")
    report.set_defaults(func=cmd_report)

    publish = verbs.add_parser("publish", help="build, verify and release the site atomically into DIR/releases/")
    publish.add_argument("--to", required=True, help="the web server's folder (it gets releases/ and a `current` link)")
    publish.add_argument("--keep", type=int, default=5, help="how many releases to keep")
    publish.set_defaults(func=cmd_publish)

    rollback = verbs.add_parser("rollback", help="make the previous release current again")
    rollback.add_argument("--to", required=True)
    rollback.set_defaults(func=cmd_rollback)

    bench = verbs.add_parser("bench", help="measure speed on a generated corpus (prints times and ratios)")
    bench.add_argument("what", choices=["check", "build", "serve", "site"])
    bench.add_argument("--pages", type=int, default=205, help="pages per language")
    bench.add_argument("--repeat", type=int, default=3)
    bench.add_argument("--no-build", action="store_true", help="check: skip timing mkdocs build")
    bench.add_argument("--vs-hugo", action="store_true", help="build: also time Hugo on an equivalent site")
    bench.set_defaults(func=cmd_bench)
    return root


def _pre_parse_config(argv: list[str]) -> list[str]:
    """Let `-f` come after the verb too (`quangba check -f mkdocs.yml`), as with mkdocs."""
    out, config = [], None
    items = iter(argv)
    for item in items:
        if item in ("-f", "--config-file"):
            config = next(items, None)
        elif item.startswith("--config-file="):
            config = item.split("=", 1)[1]
        else:
            out.append(item)
    out = _positionals_first(out)
    return (["-f", config] if config else []) + out


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
    args = parser().parse_args(_pre_parse_config(list(sys.argv[1:] if argv is None else argv)))
    try:
        return args.func(args)
    except QuangbaError as exc:
        print(f"quangba: {exc}", file=sys.stderr)
        from quangba.build import BuildFailed

        # Content errors exit 1, as in `check`; usage and setup problems 2.
        return 1 if args.verb == "build" or isinstance(exc, BuildFailed) else 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (`| head`) went away: stop quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for editors
        if os.environ.get("QUANGBA_DEBUG"):
            raise
        print(f"quangba: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("quangba: please report this with the command you ran (QUANGBA_DEBUG=1 shows details)", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
