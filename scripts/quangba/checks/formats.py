"""Findings in the formats people and tools read: text, JSON, SARIF 2.1.0, GitHub annotations.

The JSON format is versioned and stable: `{"version": 1, "findings": [...], "summary": {...}}`
with each finding's path, line, column, lang, source, code, family, severity, message.
"""

from __future__ import annotations

import json
from collections import Counter

from quangba import __version__
from quangba.core.findings import Finding, Severity


def summary(findings: list[Finding]) -> dict:
    errors = sum(1 for f in findings if f.severity == Severity.ERROR)
    return {
        "errors": errors,
        "warnings": len(findings) - errors,
        "files": len({f.path for f in findings}),
        "by_code": dict(sorted(Counter(f.code for f in findings).items())),
        "by_lang": dict(sorted(Counter(f.lang for f in findings).items())),
    }


def as_text(findings: list[Finding]) -> str:
    lines = [f.as_text() for f in findings]
    s = summary(findings)
    from quangba.core.messages import _, ngettext  # in the language the command line speaks (English by default)

    counts = {
        "errors": ngettext("{count} error(s)", "{count} error(s)", s["errors"]).format(count=s["errors"]),
        "warnings": ngettext("{count} warning(s)", "{count} warning(s)", s["warnings"]).format(count=s["warnings"]),
        "files": ngettext("{count} file(s)", "{count} file(s)", s["files"]).format(count=s["files"]),
    }
    lines.append((_("{errors}, {warnings} in {files}") if findings else _("{errors}, {warnings}")).format(**counts))
    return "\n".join(lines)


def as_json(findings: list[Finding]) -> str:
    data = {"version": 1, "findings": [f.as_dict() for f in findings], "summary": summary(findings)}
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_sarif(findings: list[Finding], rules: dict) -> str:
    used = sorted({f.code for f in findings} | set(rules))
    rule_index = {code: index for index, code in enumerate(used)}
    driver_rules = []
    for code in used:
        rule = rules.get(code)
        doc = rule.doc if rule else ""
        driver_rules.append({
            "id": code,
            "name": rule.name if rule else code,
            "shortDescription": {"text": doc.split("\n", 1)[0].removeprefix("What it catches: ") if doc else code},
            "fullDescription": {"text": doc},
            "help": {"text": doc},
            "properties": {"family": rule.family if rule else ""},
            "defaultConfiguration": {"level": "error" if (rule is None or rule.severity == Severity.ERROR) else "warning"},
        })
    results = [
        {
            "ruleId": f.code,
            "ruleIndex": rule_index[f.code],
            "level": "error" if f.severity == Severity.ERROR else "warning",
            "message": {"text": f.said()},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": f.line, "startColumn": f.column},
                }
            }],
            "properties": {"lang": f.lang, "source": f.source, "family": f.family},
        }
        for f in findings
    ]
    data = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "quangba", "version": __version__, "informationUri": "https://quangba.tuyenquang.gov.vn/", "rules": driver_rules}},
            "results": results,
        }],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def as_github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    lines = []
    for f in findings:
        level = "error" if f.severity == Severity.ERROR else "warning"
        props = f"file={_escape_property(f.path)},line={f.line},col={f.column},title={_escape_property(f.code)}"
        lines.append(f"::{level} {props}::{_escape_data(f.said())}")
    return "\n".join(lines)
