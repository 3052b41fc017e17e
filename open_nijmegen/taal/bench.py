"""Benchmark of the B1 checker.

Run: ``python -m open_nijmegen.taal.bench``. Prints the number of words, the time of the first
check in this process (it loads the dictionaries) and the median and 95th percentile of 50
checks, once with warm word caches and once with the word caches emptied before every run.
"""

from __future__ import annotations

import statistics
import time

from open_nijmegen.taal import lexicon
from open_nijmegen.taal.checker import check_text
from open_nijmegen.taal.sentences import tokenize

# Varied sample text (plain and official Dutch); repeated and numbered until long enough.
_SAMPLE = """\
Afval scheiden in Nijmegen. In de groene bak doet u groente, fruit en tuinafval. Plastic, blik en
pakken doet u in de oranje zak. Papier brengt u naar de blauwe container in uw straat.
Naar aanleiding van uw verzoek d.d. 3 februari jl. inzake het verkrijgen van een
parkeervergunning voor bewoners delen wij u mede dat uw aanvraag door het team Parkeren is
beoordeeld overeenkomstig de bepalingen van de vigerende verordening.
Wilt u een bankje in het park? Of meer groen in uw straat? Vertel het ons op Open Nijmegen.
Krijgt uw idee genoeg steun? Dan geeft de gemeente binnen zes weken een antwoord.
Teneinde een zo representatief mogelijke samenstelling van het inwonersberaad te waarborgen,
zal uit de ontvangen aanmeldingen middels een gestratificeerde loting een selectie worden
gemaakt, waarbij rekening wordt gehouden met leeftijd, geslacht, opleidingsniveau en woonwijk.
- Uw oude paspoort of id-kaart.
- Een goede pasfoto van niet ouder dan zes maanden.
Het college kan een verzoek afwijzen indien de continuïteit en de kwaliteit van de uitvoering
onvoldoende zijn gewaarborgd, of indien derden door de overname in hun belangen worden geschaad.
Tijdens de Vierdaagse zijn veel wegen dicht, vooral in het centrum en langs de Waalkade.
"""


def sample_text(words: int = 1000) -> str:
    """A text of at least ``words`` words (as the checker counts them), built from the sample."""
    lines: list[str] = []
    count = 0
    round_ = 0
    while count < words:
        round_ += 1
        for line in (f"Deel {round_}.", *_SAMPLE.splitlines()):
            lines.append(line)
            count += len(tokenize(line))
            if count >= words:
                break
    return "\n".join(lines)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def run_bench(
    words: int = 1000, runs: int = 50, text: str | None = None
) -> dict[str, float | int | bool]:
    """Time ``check_text`` on ``text`` (default: about ``words`` words of sample text).

    Figures are in milliseconds. "cold words" empties the per-word caches before every run, so
    every distinct word is hyphenated and looked up again (the dictionaries stay loaded).
    """
    if text is None:
        text = sample_text(words)
    was_loaded = lexicon.is_loaded()
    start = time.perf_counter()
    report = check_text(text)
    first_ms = (time.perf_counter() - start) * 1000

    warm: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        check_text(text)
        warm.append((time.perf_counter() - start) * 1000)

    cold: list[float] = []
    for _ in range(runs):
        lexicon.clear_word_caches()
        start = time.perf_counter()
        check_text(text)
        cold.append((time.perf_counter() - start) * 1000)

    return {
        "words": report.word_count,
        "first_check_loaded_dictionaries": not was_loaded,
        "first_ms": round(first_ms, 1),
        "median_ms": round(statistics.median(warm), 2),
        "p95_ms": round(_percentile(warm, 0.95), 2),
        "median_cold_words_ms": round(statistics.median(cold), 2),
        "p95_cold_words_ms": round(_percentile(cold, 0.95), 2),
    }


if __name__ == "__main__":
    results = run_bench()
    print(f"words:                         {results['words']}")
    print(
        f"first check (loads dictionaries: {results['first_check_loaded_dictionaries']}): "
        f"{results['first_ms']} ms"
    )
    print(f"median of 50 runs:             {results['median_ms']} ms")
    print(f"p95 of 50 runs:                {results['p95_ms']} ms")
    print(f"median, word caches emptied:   {results['median_cold_words_ms']} ms")
    print(f"p95, word caches emptied:      {results['p95_cold_words_ms']} ms")
