"""The command line behaves like the tools people know: --version, an example in every
verb's -h, "did you mean" for a mistyped verb or option, bash completion, exit 1 for content
errors and 2 for usage errors, progress on a terminal only."""

from __future__ import annotations

import io
import os
import shlex
import subprocess
import sys

import pytest

from quangba import __version__
from quangba import cli
from quangba.core import messages
from quangba.core.messages import T_
from quangba.core.progress import Progress


@pytest.fixture
def speak():
    yield messages.set_language
    messages.set_language("en")


def run(*args: str, cwd=None, **environ: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in messages.ENVIRONMENT}
    env.update(environ)
    return subprocess.run([sys.executable, "-m", "quangba", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=300)


def test_version_and_an_example_in_every_verbs_help(tmp_path):
    result = run("--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == f"quangba {__version__}"
    root = cli.parser()
    verbs = cli._verbs(root)
    assert set(verbs) == set(cli.EXAMPLES)
    for name, verb in verbs.items():
        example = cli.EXAMPLES[name]
        assert verb.format_help().rstrip().endswith(f"example: {example}"), name
        words = shlex.split(example.split(" > ")[0])
        assert words[:2] == ["quangba", name]
        parsed = root.parse_args(cli._pre_parse_config(words[1:]))  # the example is a valid command
        assert parsed.verb == name
    said = run("--lang", "vi", "new", "-h", cwd=tmp_path)
    assert said.returncode == 0 and said.stdout.rstrip().endswith(f"ví dụ: {cli.EXAMPLES['new']}")


def test_did_you_mean(speak, tmp_path):
    root = cli.parser()
    assert cli.did_you_mean(["chek"], root) == "quangba: `chek` is not a command; did you mean `check`?"
    assert cli.did_you_mean(["-f", "x.yml", "check", "--selct", "LNK"], root) == (
        "quangba check: `--selct` is not an option; did you mean `--select`?")
    assert cli.did_you_mean(["publish", "--kep=3"], root).endswith("did you mean `--keep`?")
    assert cli.did_you_mean(["check", "--select", "LNK"], root) is None
    assert cli.did_you_mean(["zzzzzz"], root) is None  # argparse's own error, with the list of commands
    result = run("--lang", "vi", "statsu", cwd=tmp_path)
    assert result.returncode == 2 and "có phải bạn muốn gõ `status`?" in result.stderr and "Traceback" not in result.stderr


def complete(words: str) -> list[str]:
    script = cli.bash_completion(cli.parser())
    line = f"{script}\nCOMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); _quangba; printf '%s\\n' \"${{COMPREPLY[@]}}\""
    result = subprocess.run(["bash", "-c", line], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_bash_completion():
    assert complete("quangba che") == ["check"]
    assert "--select" in complete("quangba check --sel")
    assert complete("quangba -f mkdocs.yml new her") == ["heritage"]
    assert complete("quangba --lang vi xliff exp") == ["export"]
    assert "--version" in complete("quangba --ver")
    printed = run("completion", "bash")
    assert printed.returncode == 0 and "complete -o default -o bashdefault -F _quangba quangba" in printed.stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_only(speak):
    terminal, pipe = _Terminal(), io.StringIO()
    speak("vi")
    for stream in (terminal, pipe):
        with Progress(stream) as progress:
            progress.show(T_("Checking the content…"))
            progress.show(T_("Building the site: {done}/{languages} languages built…", done=2, languages=5))
    assert pipe.getvalue() == ""
    assert terminal.getvalue() == ("\r\x1b[KĐang kiểm tra nội dung…\r\x1b[KĐang tạo trang web: đã xong 2/5 ngôn ngữ…"
                                   "\r\x1b[K")


def test_exit_codes_usage_2_content_1(mini_project, tmp_path):
    usage = run("report", "--year", "1999", cwd=mini_project)
    assert usage.returncode == 2 and "--year 1999" in usage.stderr
    (tmp_path / "page.xlf").write_text("<html/>", encoding="utf-8")
    content = run("xliff", "import", str(tmp_path / "page.xlf"), cwd=mini_project)
    assert content.returncode == 1 and "not an XLIFF 1.2 file" in content.stderr
    broken = mini_project / "mkdocs.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("site_name: ", "site_name: x: ", 1), encoding="utf-8")
    assert run("status", cwd=mini_project).returncode == 1


def test_the_preview_page_while_there_is_no_site_speaks_the_language_and_escapes(speak):
    from quangba.ops.serve import _status_page

    speak("vi")
    page = _status_page(T_("The build failed. Fix the files and save: the preview rebuilds."),
                        "docs/vi/a.md:3:1: SYN001 <script>x</script>")
    assert '<html lang="vi">' in page and "Tạo trang thất bại" in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page
