"""``flask taal check FILE`` and ``flask taal audit`` (the site's own template texts)."""

from __future__ import annotations

import re
from pathlib import Path

import click
from flask import Flask

from open_nijmegen.taal.checker import Report, Verdict, check_text

_GETTEXT = re.compile(r"""_\(\s*(['"])(.+?)(?<!\\)\1""", re.DOTALL)
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def template_texts(root: Path) -> dict[str, str]:
    """The translatable (visible) Dutch text of each template, one sentence per string."""
    texts: dict[str, str] = {}
    for path in sorted(root.rglob("templates/**/*.html")):
        if "/mail/" in str(path):
            continue
        strings = [m.group(2) for m in _GETTEXT.finditer(path.read_text(encoding="utf-8"))]
        strings = [_PLACEHOLDER.sub("Nijmegen", s).strip() for s in strings if s.strip()]
        if strings:
            text = " ".join(s if s.endswith((".", "?", "!", ":")) else s + "." for s in strings)
            texts[str(path.relative_to(root))] = text
    return texts


def place(text: str, offset: int) -> str:
    """``line:column`` (both from 1) of a character offset, as editors and compilers show it."""
    before = text[:offset]
    line = before.count("\n") + 1
    column = offset - (before.rfind("\n") + 1) + 1
    return f"{line}:{column}"


def _quoted(text: str) -> str:
    return " ".join(text.split())


def print_report(report: Report, text: str) -> None:
    """The report with every finding named and placed: ``3:14 teneinde → om``."""
    click.echo(f"Oordeel: {report.verdict_text} ({report.verdict.value})")
    if report.flesch_douma is not None:
        click.echo(f"Flesch-Douma: {report.flesch_douma:.0f} ({report.score_label})")
    click.echo(
        f"Woorden: {report.word_count}, zinnen: {report.sentence_count}, "
        f"gemiddeld {report.average_sentence_length:.1f} woorden per zin"
    )
    for line in report.summary:
        click.echo(f"- {line}")
    for s in report.long_sentences:
        click.echo(
            f"  {place(text, s.start)} lange zin ({s.word_count} woorden): {_quoted(s.text)[:80]}"
        )
    for o in report.officialese:
        better = " of ".join(o.alternatives)
        click.echo(f"  {place(text, o.start)} {_quoted(o.text)} → {better}  ({o.message})")
    for w in report.difficult_words:
        click.echo(f"  {place(text, w.start)} {w.word}  ({w.message})")
    for p in report.passives:
        click.echo(f"  {place(text, p.start)} {_quoted(p.text)}  ({p.message})")


def register_cli(app: Flask) -> None:
    @app.cli.group("taal", help="De B1-taalhulp.")
    def taal() -> None:
        pass

    @taal.command("check")
    @click.argument("file", type=click.File("r", encoding="utf-8"))
    def check(file: click.File) -> None:  # type: ignore[valid-type]
        """Controleer de tekst in FILE (of - voor standaardinvoer)."""
        text = file.read()  # type: ignore[attr-defined]
        print_report(check_text(text), text)

    @taal.command("audit")
    def audit() -> None:
        """Controleer de zichtbare tekst van elke template; toon wat niet B1 is."""
        root = Path(app.root_path)
        failing = 0
        texts = template_texts(root)
        for name, text in texts.items():
            report = check_text(text)
            if report.verdict not in (Verdict.B1, Verdict.LEEG):
                failing += 1
                click.echo(f"\n{name}")
                print_report(report, text)
        click.echo(f"\n{len(texts)} templates gecontroleerd, {failing} niet op B1-niveau.")
