"""Print the checker's figures for every text in the calibration corpus.

Run: ``.venv/bin/python tests/taal/calibrate.py`` (the README in open_nijmegen/taal quotes it).
"""

from __future__ import annotations

from pathlib import Path

from open_nijmegen.taal.checker import check_text

CORPUS = Path(__file__).parent / "teksten"


def main() -> None:
    header = (
        f"{'text':34} {'words':>5} {'sent':>4} {'avg':>5} {'FD':>6} {'long%':>5} "
        f"{'amb/100':>7} {'pass%':>5} {'rare':>4}  verdict"
    )
    print(header)
    for path in sorted(CORPUS.glob("*.txt")):
        report = check_text(path.read_text(encoding="utf-8"))
        sentences = report.sentence_count or 1
        rare = sorted({w.word.lower() for w in report.difficult_words})
        print(
            f"{path.stem:34} {report.word_count:5} {report.sentence_count:4} "
            f"{report.average_sentence_length:5.1f} {report.flesch_douma:6.1f} "
            f"{100 * len(report.long_sentences) / sentences:5.0f} "
            f"{100 * len(report.officialese) / report.word_count:7.2f} "
            f"{100 * report.passive_sentence_count / sentences:5.0f} {len(rare):4}  {report.verdict.value}"
            f"  {', '.join(rare)}"
        )


if __name__ == "__main__":
    main()
