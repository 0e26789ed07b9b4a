"""The command line speaks Vietnamese or English (quangba.core.messages): every message is marked,
every marked message is in every catalog, Vietnamese has them all translated, and the real
command picks its language from --lang or the computer's locale. That holds for the findings of
every rule, the `explain` text of every rule, and the errors and output made inside the core
(`T_`), not only for the CLI's own words."""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from projects import FIXTURES, copy_project

from quangba.checks import formats

from quangba.core import messages
from quangba.cli import _pre_parse_config, _requested_language
from quangba.core.findings import Finding, Severity

PACKAGE = Path(messages.__file__).resolve().parent.parent
SOURCES = sorted(PACKAGE.rglob("*.py"))
LOCALES = PACKAGE / "locales"
MARKERS = {"_": 1, "N_": 1, "T_": 1, "ngettext": 2}  # marker -> how many leading literal arguments are msgids
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([A-Za-z_]+\))?[sdr%]")
TEXT = re.compile(r"[A-Za-z]{2,}")  # a word: literals with words are meant for people
CODE_SPAN = re.compile(r"`[^`]*`")  # code, file names and examples stay as they are
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def _marker(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS:
        return node.func.id
    return None


def extract(path: Path) -> dict[str, str | None]:
    """msgid -> msgid_plural (None for a message without plural) of every marked literal."""
    found: dict[str, str | None] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        name = _marker(node)
        if name is None or (path.name == "messages.py" and not node.args):
            continue
        args = node.args[: MARKERS[name]]
        assert len(args) == MARKERS[name] and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args), (
            f"{path.name}:{node.lineno}: {name}() must get string literals, or the catalogs cannot know its message"
        )
        found[args[0].value] = args[1].value if name == "ngettext" else None
    return found


def doc_msgids() -> dict[str, str | None]:
    """Every part of every rule's doc: what `quangba explain` translates."""
    from quangba.checks import RULES, _load_families

    _load_families()
    return {text: None for rule in RULES.values() for _, text in rule.parts()}


def marked() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for path in SOURCES:
        out.update(extract(path))
    out.update(doc_msgids())
    return out


def catalogs() -> dict[str, object]:
    found = {}
    for po in sorted(LOCALES.glob(f"*/LC_MESSAGES/{messages.DOMAIN}.po")):
        with po.open("rb") as handle:
            found[po.parent.parent.name] = read_po(handle, locale=po.parent.parent.name, abort_invalid=True)
    return found


def _entries(catalog) -> dict[str, object]:
    return {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalog if m.id}


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.fixture
def speak():
    """Switch the language in this process; English again afterwards."""
    yield messages.set_language
    messages.set_language("en")


# -- the catalogs ------------------------------------------------------------------------------

def test_there_are_english_and_vietnamese_catalogs():
    assert {"en", "vi"} <= set(catalogs())
    assert set(messages.languages()) == set(catalogs())


def test_something_is_marked():
    found = marked()
    assert "{count} error(s)" in found and found["{count} error(s)"] == "{count} error(s)"
    assert "Built {site}/ in {seconds} s (pages: {pages})" in found
    assert len(found) > 80


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_marked_message_is_in_the_catalog_and_nothing_else(lang):
    catalog = catalogs()[lang]
    entries = _entries(catalog)
    found = marked()
    assert sorted(set(found) - set(entries)) == [], f"missing from locales/{lang}: add them"
    assert sorted(set(entries) - set(found)) == [], f"obsolete in locales/{lang}: no longer in the code"
    assert not catalog.obsolete, f"locales/{lang} keeps #~ obsolete entries"
    for msgid, plural in found.items():
        message = entries[msgid]
        if plural is None:
            assert not message.pluralizable, msgid
        else:
            assert message.pluralizable and message.id[1] == plural, msgid


def test_every_other_language_translates_everything():
    for lang, catalog in catalogs().items():
        if lang == messages.SOURCE_LANGUAGE:
            continue
        assert catalog.num_plurals >= 1
        for msgid, message in _entries(catalog).items():
            assert not message.fuzzy, (lang, msgid)
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            assert len(forms) == (catalog.num_plurals if message.pluralizable else 1), (lang, msgid)
            assert all(form and form.strip() for form in forms), f"locales/{lang}: no translation for {msgid!r}"


def test_vietnamese_has_one_plural_form_and_reads_as_vietnamese():
    catalog = catalogs()["vi"]
    assert catalog.num_plurals == 1 and catalog.plural_expr == "0"
    untouched = [m.id for m in catalog if m.id and not isinstance(m.id, tuple) and m.string == m.id and TEXT.search(
        CODE_SPAN.sub("", PLACEHOLDER.sub("", m.id)).replace("quangba", ""))]
    assert untouched == [], "left in English"
    assert sum(1 for m in catalog if m.id and VIETNAMESE.search(str(m.string))) > 60


def test_placeholders_survive_translation():
    for lang, catalog in catalogs().items():
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in ids[1:]:
                assert _placeholders(text) == _placeholders(ids[0]), ids
            for text in strings:
                if text:  # English leaves them empty: the msgid is the text
                    assert _placeholders(text) == _placeholders(ids[0]), (lang, ids[0], text)
                    assert text.count("%") == ids[0].count("%"), (lang, ids[0], text)
                    assert text.endswith("\n") == ids[0].endswith("\n"), (lang, ids[0])


def test_headers_name_the_language():
    for lang, catalog in catalogs().items():
        assert str(catalog.locale) == lang
        assert catalog.charset.lower() == "utf-8"
        with (LOCALES / lang / "LC_MESSAGES" / "quangba.po").open(encoding="utf-8") as handle:
            head = handle.read(2000)
        assert f'"Language: {lang}\\n"' in head and "Plural-Forms:" in head


def test_argparse_still_uses_the_words_we_translate():
    tree = ast.parse(Path(argparse.__file__).read_text(encoding="utf-8"))
    used = {
        node.args[0].value for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext")
        and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
    }
    assert set(messages.ARGPARSE_MESSAGES) - used == set()


# -- nothing left unmarked -----------------------------------------------------------------------

def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _words(node: ast.AST) -> bool:
    """A literal, or an f-string, with words in its own text (not only in what it fills in)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(TEXT.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_words(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.IfExp):
        return _words(node.body) or _words(node.orelse)
    if isinstance(node, ast.BinOp):
        return _words(node.left) or _words(node.right)
    return False


def test_cli_leaves_no_help_description_or_printed_text_unmarked():
    path = PACKAGE / "cli.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    unmarked = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg in ("help", "description", "title", "metavar", "epilog", "usage") and (
                isinstance(keyword.value, (ast.Constant, ast.JoinedStr, ast.BinOp, ast.IfExp))
            ):
                unmarked.append(f"cli.py:{node.lineno}: {keyword.arg}= without _()")
        if isinstance(node.func, ast.Name) and node.func.id == "print" and node.args and _words(node.args[0]):
            unmarked.append(f"cli.py:{node.lineno}: print() of text without _()")
    assert unmarked == []


def test_cli_has_no_sentence_outside_the_catalogs():
    """Any literal with two words or more, outside _() and docstrings, is text for people."""
    path = PACKAGE / "cli.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside = {id(arg) for node in ast.walk(tree) if _marker(node) for arg in node.args}
    # Not prose: the example commands of the verbs' help, and the bash script of `completion`.
    code = {id(sub) for node in tree.body
            if (isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "EXAMPLES" for t in node.targets))
            or (isinstance(node, ast.FunctionDef) and node.name == "bash_completion")
            for sub in ast.walk(node)}
    skip = inside | _docstrings(tree) | code
    sentence = re.compile(r"[A-Za-z]{2,}[,.:;!?)`']*\s+[(`']*[A-Za-z]{2,}")
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and sentence.search(node.value):
            found.append(f"cli.py:{node.lineno}: {node.value!r}")
    assert found == []


# -- choosing the language -------------------------------------------------------------------------

@pytest.mark.parametrize("environ, lang", [
    ({}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "POSIX"}, "en"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "vi_VN.UTF-8"}, "vi"),
    ({"LANG": "vi"}, "vi"),
    ({"LC_MESSAGES": "vi_VN", "LANG": "en_US.UTF-8"}, "vi"),
    ({"LC_ALL": "vi_VN.UTF-8", "LANG": "en_US.UTF-8"}, "vi"),
    ({"LC_ALL": "C", "LANG": "vi_VN.UTF-8"}, "en"),
    ({"LC_ALL": "", "LANG": "vi_VN.UTF-8"}, "vi"),
    ({"LANGUAGE": "vi:en"}, "vi"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
])
def test_language_from_environment(environ, lang):
    assert messages.language_from_environment(environ) == lang


@pytest.mark.parametrize("argv, normal, lang", [
    (["check"], ["check"], None),
    (["--lang", "vi", "check"], ["--lang", "vi", "check"], "vi"),
    (["check", "--lang", "vi"], ["--lang", "vi", "check"], "vi"),
    (["check", "--lang=en", "-f", "x.yml"], ["-f", "x.yml", "--lang", "en", "check"], "en"),
    (["-f", "x.yml", "build", "--lang", "vi"], ["-f", "x.yml", "--lang", "vi", "build"], "vi"),
    # after export and xliff, --lang picks the content's languages
    (["export", "package", "--lang", "vi,en", "--out", "o"], ["export", "package", "--lang", "vi,en", "--out", "o"], None),
    (["--lang", "vi", "xliff", "export", "--lang", "zh", "--out", "o", "p.md"],
     ["--lang", "vi", "xliff", "export", "p.md", "--lang", "zh", "--out", "o"], "vi"),
])
def test_lang_before_or_after_the_verb(argv, normal, lang):
    assert _pre_parse_config(argv) == normal
    assert _requested_language(normal) == lang


def test_translations_compile_in_memory(speak):
    assert speak("vi") == "vi" and messages.current_language() == "vi"
    assert messages._("wrote {path}").format(path="a.pdf") == "đã ghi a.pdf"
    assert messages.ngettext("{count} error(s)", "{count} error(s)", 1) == messages.ngettext(
        "{count} error(s)", "{count} error(s)", 5) == "{count} lỗi"
    assert messages.decimal(12.345) == "12,3"
    assert speak("en") == "en"
    assert messages._("wrote {path}") == "wrote {path}"
    assert messages.decimal(12.345) == "12.3"
    assert speak("xx") == messages.language_from_environment()


def test_text_summary_in_both_languages(speak):
    findings = [
        Finding("docs/en/a.md", 1, 1, "LNK001", "link", "links", Severity.ERROR, "en", "docs/vi/a.md"),
        Finding("docs/en/a.md", 2, 1, "MET001", "title", "meta", Severity.WARNING, "en", "docs/vi/a.md"),
        Finding("docs/zh/a.md", 2, 1, "MET001", "title", "meta", Severity.WARNING, "zh", "docs/vi/a.md"),
    ]
    assert formats.as_text([]) == "0 error(s), 0 warning(s)"
    assert formats.as_text(findings).splitlines()[-1] == "1 error(s), 2 warning(s) in 2 file(s)"
    speak("vi")
    assert formats.as_text([]) == "0 lỗi, 0 cảnh báo"
    assert formats.as_text(findings).splitlines()[-1] == "1 lỗi, 2 cảnh báo trong 2 tệp"
    assert formats.as_text(findings).splitlines()[0] == findings[0].as_text()  # the findings stay as they are


# -- the real command ------------------------------------------------------------------------------

def run(project: Path, *args: str, **environ: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in messages.ENVIRONMENT}
    env.update(environ)
    return subprocess.run([sys.executable, "-m", "quangba", *args], cwd=project, capture_output=True,
                          text=True, timeout=600, env=env)


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> Path:
    return copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("messages") / "project")


def test_check_in_vietnamese(mini):
    for args in (["--lang", "vi", "check"], ["check", "--lang", "vi"], ["check"]):
        result = run(mini, *args, LANG="vi_VN.UTF-8" if args == ["check"] else "C.UTF-8")
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.strip().endswith("0 lỗi, 0 cảnh báo"), (args, result.stdout)


def test_check_in_english(mini):
    for args, environ in ((["check"], {"LANG": "C.UTF-8"}), (["check"], {}), (["--lang", "en", "check"], {"LANG": "vi_VN.UTF-8"}),
                          (["check", "--lang", "en"], {"LC_ALL": "vi_VN.UTF-8"})):
        result = run(mini, *args, **environ)
        assert result.stdout.strip().endswith("0 error(s), 0 warning(s)"), (args, environ, result.stdout)


def test_findings_speak_the_editors_language_and_machine_formats_keep_their_shape(mini_project):
    path = mini_project / "docs/en/index.md"
    path.write_text(path.read_text(encoding="utf-8").replace("(heritage/index.md)", "(heritage/khong-co.md)"), encoding="utf-8")
    vi = run(mini_project, "--lang", "vi", "check", "--select", "LNK")
    assert vi.returncode == 1
    assert vi.stdout.splitlines()[0] == (
        "docs/en/index.md:6:1: LNK001 liên kết `heritage/khong-co.md` không dẫn tới trang nào: "
        "`docs/en/heritage/khong-co.md` không tồn tại")
    assert vi.stdout.strip().endswith("1 lỗi, 0 cảnh báo trong 1 tệp")
    # the findings cache is shared by both languages: English again right after
    en = run(mini_project, "--lang", "en", "check", "--select", "LNK")
    assert en.stdout.splitlines()[0].startswith("docs/en/index.md:6:1: LNK001 link `heritage/khong-co.md` leads to no page")
    vi_json = json.loads(run(mini_project, "--lang", "vi", "check", "--select", "LNK", "--format", "json").stdout)
    en_json = json.loads(run(mini_project, "--lang", "en", "check", "--select", "LNK", "--format", "json").stdout)
    assert vi_json.keys() == en_json.keys() and vi_json["summary"] == en_json["summary"]
    for said, english in zip(vi_json["findings"], en_json["findings"], strict=True):
        assert said.keys() == english.keys()
        assert {k: v for k, v in said.items() if k != "message"} == {k: v for k, v in english.items() if k != "message"}
        assert VIETNAMESE.search(said["message"]) and not VIETNAMESE.search(english["message"])
    for form in ("sarif", "github"):
        said = run(mini_project, "--lang", "vi", "check", "--select", "LNK", "--format", form).stdout
        english = run(mini_project, "--lang", "en", "check", "--select", "LNK", "--format", form).stdout
        assert "không dẫn tới trang nào" in said and "leads to no page" in english
        assert said.replace(vi_json["findings"][0]["message"], "M") == english.replace(en_json["findings"][0]["message"], "M")


# Calls whose text argument an editor reads: (name, index of that argument).
SAID = {"finding": 4, "QuangbaError": 0, "BuildFailed": 0, "_fail": 0, "_Refused": 0, "ParseProblem": 2,
        "SchemaProblem": 2, "GlossaryProblem": 1, "_problem": 1, "say": 0}


def test_every_finding_and_error_of_the_package_goes_through_the_catalogs():
    """A literal or an f-string with words, given as a finding's message or an error's text
    anywhere in the package, would reach the editor in English only."""
    unmarked = []
    for path in SOURCES:
        if path.name in ("cli.py", "bench.py", "bench_site.py"):  # the CLI is checked above; bench is for developers
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name not in SAID:
                continue
            index = SAID[name]
            argument = node.args[index] if len(node.args) > index else next(
                (k.value for k in node.keywords if k.arg == "message"), None)
            if argument is not None and _words(argument):
                unmarked.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {name}() of text without T_()")
    assert unmarked == []


def test_rules_explain_themselves_in_both_languages(speak):
    from quangba.checks import DOC_LABELS, RULES, _load_families

    _load_families()
    for code, rule in RULES.items():
        assert [label for label, _ in rule.parts()] == list(DOC_LABELS), code
        english = rule.explained()
        assert all(f"{label}:" in english for label in DOC_LABELS), code
    speak("vi")
    labels = [messages.translated(label) for label in DOC_LABELS]
    assert labels == ["Lỗi này là gì", "Vì sao quan trọng", "Ví dụ", "Nên làm"]
    for code, rule in RULES.items():
        said = rule.explained()
        assert said.startswith(f"{code} {rule.name} ({rule.family}, "), code
        assert all(f"{label}:" in said for label in labels) and "What it catches" not in said, code
        for _, text in rule.parts():
            if TEXT.search(CODE_SPAN.sub("", text)):  # not only an example in code
                assert messages.translated(text) != text, (code, text)


def test_texts_are_said_when_shown_and_keep_their_english_identity(speak):
    import pickle

    from quangba.core.errors import QuangbaError
    from quangba.core.messages import T_, Text, say

    nested = T_("{what} `{extra}` is not in the source", what=T_("image"), extra="a.png")
    assert nested == "image `a.png` is not in the source" and isinstance(nested, str)
    again = pickle.loads(pickle.dumps(nested))
    assert isinstance(again, Text) and again == nested and again.values["what"] == "image"
    error = QuangbaError(T_("{path}: no such translation", path="docs/en/a.md"))
    speak("vi")
    assert say(nested) == say(again) == "ảnh `a.png` không có trong bản gốc"
    assert f"{nested}" == str(nested) == "ảnh `a.png` không có trong bản gốc"
    assert nested == "image `a.png` is not in the source"  # comparisons and caches see one value
    assert str(error) == "docs/en/a.md: không có bản dịch này"
    assert say("plain text") == "plain text"


def test_explain_in_vietnamese_from_the_command_line(tmp_path):
    result = run(tmp_path, "explain", "syn001", LANG="vi_VN.UTF-8")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("SYN001 invalid-front-matter (syntax, lỗi)")
    assert "Nên làm: đặt giá trị trong dấu ngoặc kép" in result.stdout


def test_help_in_vietnamese_from_the_locale(tmp_path):
    result = run(tmp_path, "--help", LANG="vi_VN.UTF-8")
    assert result.returncode == 0
    assert result.stdout.startswith("cách dùng: quangba")
    assert "kiểm tra nội dung rồi tạo trang web" in result.stdout and "tùy chọn:" in result.stdout
    assert "show this help" not in result.stdout and "usage:" not in result.stdout
    sub = run(tmp_path, "check", "--help", "--lang", "vi")
    assert "chỉ báo cáo về các tệp hoặc thư mục này" in sub.stdout and "hiện phần hướng dẫn này" in sub.stdout


def test_help_in_english(tmp_path):
    for environ in ({"LANG": "C.UTF-8"}, {"LANG": "vi_VN.UTF-8", "LC_ALL": "en_US.UTF-8"}):
        result = run(tmp_path, "--help", **environ)
        assert result.stdout.startswith("usage: quangba") and "check the content and build the site" in result.stdout
    result = run(tmp_path, "--lang", "en", "--help", LANG="vi_VN.UTF-8")
    assert result.stdout.startswith("usage: quangba") and "show this help message and exit" in result.stdout


def test_usage_errors_in_both_languages(mini):
    vi = run(mini, "--lang", "vi", "stamp")
    assert vi.returncode == 2 and "quangba stamp: hãy ghi rõ" in vi.stderr, vi.stderr
    en = run(mini, "stamp")
    assert en.returncode == 2 and "quangba stamp: give LANG PAGE, or --all" in en.stderr
    wrong = run(mini, "--lang", "vi", "check", "--format", "xml")
    assert wrong.returncode == 2 and "lựa chọn không hợp lệ" in wrong.stderr and "lỗi:" in wrong.stderr, wrong.stderr
    unknown = run(mini, "--lang", "fr", "check")
    assert unknown.returncode == 2 and "invalid choice: 'fr'" in unknown.stderr


def test_xliff_keeps_its_own_lang(mini_project, tmp_path):
    out = tmp_path / "xlf"
    result = run(mini_project, "--lang", "vi", "xliff", "export", "--lang", "zh", "--out", str(out), "heritage/tan-trao.md")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in out.rglob("*.xlf")] == ["tan-trao.xlf"]
    assert "/zh/" in result.stdout or "zh" in result.stdout
