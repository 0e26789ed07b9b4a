"""Findings in the formats people and tools read: text, JSON, SARIF 2.1.0, GitHub annotations.

The JSON format is versioned and stable: `{"version": 1, "findings": [...], "summary": {...}}`
with each finding's path, line, column, lang, source, code, family, severity, message.
Severity is `error`, `warning` or `backlog` (a translation missing or stale: work to do, not
a fault); SARIF gives backlog the level `note` (and `properties.severity: backlog`), GitHub
a `::notice`, so that CI can choose what fails.
"""

from __future__ import annotations

import json
from collections import Counter

from quangba import __version__
from quangba.core.findings import Finding, Severity


BACKLOG_KINDS = {"COV001": "missing", "FRS002": "stale"}


def backlog_by_language(findings: list[Finding]) -> dict[str, dict[str, int]]:
    """lang -> {"missing": n, "stale": n} of the translation work pending (whatever its
    severity: a blocking section's missing page is an error, and still a missing page)."""
    counts: dict[str, dict[str, int]] = {}
    for f in findings:
        kind = BACKLOG_KINDS.get(f.code)
        if kind:
            entry = counts.setdefault(f.lang, {"missing": 0, "stale": 0})
            entry[kind] += 1
    return dict(sorted(counts.items()))


def backlog_lines(findings: list[Finding], languages: tuple[str, ...] | list[str] = ()) -> list[str]:
    """One line per language with pending translations: `en: 2 missing, 1 stale`, in the
    project's language order."""
    from quangba.core.messages import ngettext

    counts = backlog_by_language(findings)
    order = [lang for lang in languages if lang in counts] + sorted(set(counts) - set(languages))
    lines = []
    for lang in order:
        parts = []
        if counts[lang]["missing"]:
            parts.append(ngettext("{count} missing", "{count} missing", counts[lang]["missing"]).format(count=counts[lang]["missing"]))
        if counts[lang]["stale"]:
            parts.append(ngettext("{count} stale", "{count} stale", counts[lang]["stale"]).format(count=counts[lang]["stale"]))
        lines.append(f"{lang}: {', '.join(parts)}")
    return lines


def summary(findings: list[Finding]) -> dict:
    errors = sum(1 for f in findings if f.severity == Severity.ERROR)
    backlog = sum(1 for f in findings if f.severity == Severity.BACKLOG)
    return {
        "errors": errors,
        "warnings": len(findings) - errors - backlog,
        "backlog": backlog,
        "backlog_by_lang": backlog_by_language(findings),
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
    if s["backlog"]:
        counts["warnings"] += ", " + ngettext(
            "{count} translation to do (backlog)", "{count} translations to do (backlog)", s["backlog"]
        ).format(count=s["backlog"])
    lines.append((_("{errors}, {warnings} in {files}") if findings else _("{errors}, {warnings}")).format(**counts))
    lines += backlog_lines(findings)
    return "\n".join(lines)


def as_json(findings: list[Finding]) -> str:
    data = {"version": 1, "findings": [f.as_dict() for f in findings], "summary": summary(findings)}
    return json.dumps(data, ensure_ascii=False, indent=2)


# SARIF's levels are none, note, warning and error; the backlog is a note (not a fault).
_SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.BACKLOG: "note"}
_GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.BACKLOG: "notice"}


def _sarif_level(severity: Severity) -> str:
    return _SARIF_LEVELS[severity]


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
            "defaultConfiguration": {"level": _sarif_level(rule.severity if rule else Severity.ERROR)},
        })
    results = [
        {
            "ruleId": f.code,
            "ruleIndex": rule_index[f.code],
            "level": _sarif_level(f.severity),
            "message": {"text": f.said()},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": f.line, "startColumn": f.column},
                }
            }],
            "properties": {"lang": f.lang, "source": f.source, "family": f.family, "severity": f.severity.value},
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
        level = _GITHUB_LEVELS[f.severity]
        props = f"file={_escape_property(f.path)},line={f.line},col={f.column},title={_escape_property(f.code)}"
        lines.append(f"::{level} {props}::{_escape_data(f.said())}")
    return "\n".join(lines)
