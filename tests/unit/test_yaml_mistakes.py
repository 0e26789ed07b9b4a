"""The YAML mistakes editors make are explained in plain words, with the line and the fix,
in English and Vietnamese, in the front matter, the glossary and mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

import pytest

from quangba.core import messages
from quangba.core.content import parse_text
from quangba.core.errors import QuangbaError
from quangba.core.glossary import parse as parse_glossary
from quangba.core.project import load_project
from quangba.core.schema import validate_source

HEAD = "---\ntype: heritage\n"


@pytest.fixture
def speak():
    yield messages.set_language
    messages.set_language("en")


def problems(text: str) -> list[tuple[int, str, str]]:
    page = parse_text(text, "vi", "a.md", Path("docs/vi/a.md"))
    return [(p.line, p.code, str(p.message)) for p in page.problems]


@pytest.mark.parametrize("name, text, line, english, vietnamese", [
    ("colon in a value", HEAD + "title: Tân Trào: di tích\n---\n", 3,
     'the value of `title` contains `: `, which YAML reads as a new field: put the value in double quotes: '
     '`title: "Tân Trào: di tích"`', "hãy đặt giá trị trong dấu ngoặc kép: `title: \"Tân Trào: di tích\"`"),
    ("tab", HEAD + "image:\n\tsrc: a.png\n---\n", 4, "line 4 starts with a tab", "bắt đầu bằng phím Tab"),
    ("indented too far", HEAD + "title: Tân Trào\n  description: Khu di tích\n---\n", 4,
     "line 4 is indented more than the line above", "thụt vào sâu hơn dòng trên"),
    ("indented too little", HEAD + "image:\n  src: a.png\n alt: Cây đa\n---\n", 5,
     "line 5 is not indented like the fields beside it", "không thụt vào giống các trường bên cạnh"),
    ("quote then more text", HEAD + 'title: "Tân Trào" di tích\n---\n', 3,
     "starts with a quote mark, so it must also end with one", "bắt đầu bằng dấu ngoặc kép"),
    ("unclosed quote", HEAD + 'title: "Tân Trào\ndescription: x\n---\n', 3, "a quote mark opens the value but none closes it",
     "không có dấu đóng"),
    ("unclosed bracket", HEAD + "title: [Khu di tích\n---\n", 3, '`title: "[Khu di tích"`', "không được đóng"),
    ("reserved sign", HEAD + "title: *Tân Trào*\n---\n", 3, '`title: "*Tân Trào*"`', "ký hiệu YAML dành riêng"),
    ("list item among fields", HEAD + "title: x\n- y\n---\n", 4, "is a list item (`- …`) where a field", "mục danh sách"),
    ("no opening ---", "type: heritage\ntitle: Tân Trào\n---\n\nBài viết.\n", 1, "has no opening `---`", "thiếu dòng `---` mở đầu"),
    ("no --- at all", "type: heritage\ntitle: Tân Trào\n\nBài viết.\n", 1, "put a line `---` before the first field",
     "hãy đặt một dòng `---` trước trường đầu tiên"),
])
def test_front_matter_mistakes(speak, name, text, line, english, vietnamese):
    [(found_line, code, message)] = problems(text)
    assert (found_line, code) == (line, "SYN001"), name
    assert english in message, (name, message)
    assert "mapping values" not in message and "could not find" not in message and "did not find" not in message
    speak("vi")
    [(_, _, said)] = problems(text)
    assert vietnamese in said, (name, said)


def test_the_fixes_it_proposes_are_valid_yaml():
    for text in (HEAD + "title: Tân Trào: di tích\n---\n", HEAD + 'title: "Tân Trào" di tích: 1945\n---\n',
                 HEAD + "title: [Khu di tích\n---\n", HEAD + "title: *Tân Trào*\n---\n"):
        [(_, _, message)] = problems(text)
        fixed = message.rsplit("`", 2)[1]  # the last code span: `title: …`
        fixed_page = HEAD + fixed + "\n---\n"
        assert problems(fixed_page) == [], (message, fixed_page)


def test_a_list_where_a_text_is_expected(speak):
    meta = {"type": "page", "title": ["Tân Trào", "di tích"], "description": {"Khu di tích": "Tân Trào"}}
    messages_ = {p.key: str(p.message) for p in validate_source(meta)}
    assert "`title` must be one text, but YAML read a list" in messages_["title"]
    assert "`description` must be one text, but YAML read a group of fields" in messages_["description"]
    speak("vi")
    said = {p.key: str(p.message) for p in validate_source(meta)}
    assert "`title` phải là một đoạn chữ" in said["title"]


def test_glossary_and_mkdocs_yml_are_explained_too(tmp_path, speak):
    broken = parse_glossary("terms:\n  - {vi: Tân Trào, zh: 新潮}\nnames:\n\t- Sơn Dương\n")
    [problem] = broken.problems
    assert problem.line == 4 and "starts with a tab" in str(problem.message)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Tuyên Quang: cổng thông tin\n", encoding="utf-8")
    speak("vi")
    with pytest.raises(QuangbaError) as caught:
        load_project(config)
    assert str(caught.value).startswith(f"{config}:1: dòng 1: giá trị của `site_name` có `: `")
    assert '`site_name: "Tuyên Quang: cổng thông tin"`' in str(caught.value)
