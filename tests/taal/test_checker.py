"""Tests for the B1 language checker (open_nijmegen.taal)."""

from __future__ import annotations

import csv
import dataclasses
import json
import threading
from importlib import resources
from pathlib import Path

import pytest
import wordfreq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from open_nijmegen.taal import checker, lexicon
from open_nijmegen.taal.bench import run_bench
from open_nijmegen.taal.checker import Report, Verdict, check_text, flesch_douma, score_label
from open_nijmegen.taal.sentences import split_sentences

CORPUS = Path(__file__).parent / "teksten"
B1_TEXTS = sorted(CORPUS.glob("b1_*.txt"))
HARD_TEXTS = sorted(CORPUS.glob("moeilijk_*.txt"))
MIDDLE_TEXTS = sorted(CORPUS.glob("midden_*.txt"))


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def _sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def _assert_consistent(report: Report, text: str) -> None:
    """Every position lies in the text and the dict survives JSON."""
    for item in (
        *report.long_sentences,
        *report.difficult_words,
        *report.officialese,
        *report.passives,
    ):
        assert 0 <= item.start < item.end <= len(text)
    json.dumps(report.to_dict())


# --- Calibration corpus -------------------------------------------------------------------


def test_corpus_has_enough_texts_of_the_right_length() -> None:
    assert len(B1_TEXTS) >= 8
    assert len(HARD_TEXTS) >= 8
    for path in B1_TEXTS + HARD_TEXTS:
        words = check_text(path.read_text(encoding="utf-8")).word_count
        assert 80 <= words <= 250, (path.name, words)


@pytest.mark.parametrize("path", B1_TEXTS, ids=_ids(B1_TEXTS))
def test_plain_texts_are_b1(path: Path) -> None:
    report = check_text(path.read_text(encoding="utf-8"))
    assert report.verdict is Verdict.B1, report.summary
    assert report.verdict_text == "Uw tekst is goed te lezen (B1)."


@pytest.mark.parametrize("path", HARD_TEXTS, ids=_ids(HARD_TEXTS))
def test_official_texts_are_too_hard(path: Path) -> None:
    report = check_text(path.read_text(encoding="utf-8"))
    assert report.verdict is Verdict.TE_MOEILIJK, report.summary
    assert report.officialese
    assert report.long_sentences


@pytest.mark.parametrize("path", MIDDLE_TEXTS, ids=_ids(MIDDLE_TEXTS))
def test_ordinary_texts_are_almost_b1(path: Path) -> None:
    assert check_text(path.read_text(encoding="utf-8")).verdict is Verdict.BIJNA


# --- Data files ---------------------------------------------------------------------------


def _officialese_rows() -> list[dict[str, str]]:
    data = resources.files("open_nijmegen.taal").joinpath("data")
    text = data.joinpath("ambtelijk.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_officialese_list_is_large_and_has_no_duplicates() -> None:
    rows = _officialese_rows()
    assert len(rows) >= 150
    keys = [" ".join(row["woord"].lower().split()) for row in rows]
    assert len(keys) == len(set(keys))
    for row in rows:
        assert row["woord"].strip() and row["alternatief"].strip()
        assert row["woord"].strip().lower() != row["alternatief"].strip().lower()


def test_data_files_are_package_data() -> None:
    data = resources.files("open_nijmegen.taal").joinpath("data")
    for name in ("ambtelijk.csv", "lettergrepen.txt", "nijmegen_woorden.txt"):
        assert data.joinpath(name).is_file()


def test_nijmegen_words_hold_wijken_places_and_site_words() -> None:
    words = lexicon.load_nijmegen_words()
    for word in (
        "dukenburg",
        "lindenholt",
        "waterkwartier",
        "waalkade",
        "hunnerpark",
        "oversteek",
        "goffertpark",
        "kronenburgerpark",
        "staddijk",
        "inwonersberaad",
        "uitdaagrecht",
        "wijk",
        "gemeente",
    ):
        assert word in words


# --- Syllables and score ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("huis", 1),
        ("idee", 2),
        ("ideeën", 3),
        ("radio", 3),
        ("museum", 3),
        ("politie", 3),
        ("avond", 2),
        ("over", 2),
        ("gemeente", 3),
        ("situatie", 4),
        ("ruïne", 3),
        ("geïnteresseerd", 5),
        ("nieuwe", 2),
        ("mooie", 2),
        ("België", 3),
        ("café", 2),
        ("één", 1),
        ("website", 2),
        ("e-mail", 2),
        ("auto's", 2),
        ("Nijmegen", 3),
        ("Nijmegen-Oost", 4),
        ("inwonersberaad", 5),
        ("participatie", 5),
    ],
)
def test_syllables(word: str, count: int) -> None:
    assert lexicon.syllables(word) == count


def test_flesch_douma_formula() -> None:
    assert flesch_douma(100, 10, 150) == pytest.approx(206.84 - 0.77 * 150 - 0.93 * 10)
    assert flesch_douma(0, 0, 0) is None


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (95.0, "Heel makkelijk te lezen"),
        (75.0, "Makkelijk te lezen"),
        (65.0, "Redelijk makkelijk te lezen"),
        (55.0, "Redelijk moeilijk te lezen"),
        (40.0, "Moeilijk te lezen"),
        (-12.0, "Heel moeilijk te lezen"),
    ],
)
def test_score_labels(score: float, label: str) -> None:
    assert score_label(score) == label


def test_report_figures() -> None:
    report = check_text("Ik woon in Nijmegen. Mijn huis staat aan de Waal.")
    assert report.word_count == 10
    assert report.sentence_count == 2
    assert report.average_sentence_length == 5.0
    expected = flesch_douma(10, 2, report.syllable_count)
    assert expected is not None
    assert report.flesch_douma == round(expected, 1)
    assert report.score_label.lower() in report.score_explanation


def test_zipf_fast_path_matches_wordfreq() -> None:
    for word in ("huis", "fiets", "gemeente", "ideeën", "België", "xqzt", "parkeervergunning"):
        assert lexicon.zipf(word) == wordfreq.zipf_frequency(word, "nl")


# --- Sentence splitter --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dit is één. Dit is twee.", ["Dit is één.", "Dit is twee."]),
        ("Kom je? Ja! Fijn.", ["Kom je?", "Ja!", "Fijn."]),
        (
            "Neem bijv. een fiets mee. Dat is o.a. gezond.",
            ["Neem bijv. een fiets mee.", "Dat is o.a. gezond."],
        ),
        ("Dat is d.w.z. gratis. Echt.", ["Dat is d.w.z. gratis.", "Echt."]),
        ("Zie huisnr. 12 en art. 4 van de wet.", ["Zie huisnr. 12 en art. 4 van de wet."]),
        (
            "Er kwamen ca. 1.000 mensen. Dat is 3.5 keer meer.",
            ["Er kwamen ca. 1.000 mensen.", "Dat is 3.5 keer meer."],
        ),
        ("Het kost 2,50 euro. Betaal met pin.", ["Het kost 2,50 euro.", "Betaal met pin."]),
        ("Appels, peren, etc. Daarna gaan we.", ["Appels, peren, etc.", "Daarna gaan we."]),
        ("Appels, peren, etc. en bananen.", ["Appels, peren, etc. en bananen."]),
        ("Ik dacht... misschien morgen.", ["Ik dacht... misschien morgen."]),
        ("Ik wacht… Daarna ga ik.", ["Ik wacht…", "Daarna ga ik."]),
        ("J. de Vries komt ook.", ["J. de Vries komt ook."]),
        ("Afval\nScheiden doet u zo", ["Afval", "Scheiden doet u zo"]),
        (
            "Dit is een zin die\ndoorloopt op de volgende regel.",
            ["Dit is een zin die\ndoorloopt op de volgende regel."],
        ),
        (
            "Wat heeft u nodig?\n- uw paspoort\n- een pasfoto\n• geld",
            ["Wat heeft u nodig?", "uw paspoort", "een pasfoto", "geld"],
        ),
        (
            "Stappen:\n1. Vul het formulier in.\n2. Stuur het op.",
            ["Stappen:", "Vul het formulier in.", "Stuur het op."],
        ),
        ("Eerste regel\r\nTweede regel", ["Eerste regel", "Tweede regel"]),
        ("Alinea een.\n\n\nAlinea twee.", ["Alinea een.", "Alinea twee."]),
        ("Hij zei: 'Kom.' Toen ging hij.", ["Hij zei: 'Kom.'", "Toen ging hij."]),
        (
            "Kijk op www.nijmegen.nl. Daar staat het.",
            ["Kijk op www.nijmegen.nl.", "Daar staat het."],
        ),
        ("Mail info@nijmegen.nl voor hulp.", ["Mail info@nijmegen.nl voor hulp."]),
        ("Op 1 jan. 2026 begint het. Kom ook.", ["Op 1 jan. 2026 begint het.", "Kom ook."]),
        ("Dit is van Jan. Hij is blij.", ["Dit is van Jan.", "Hij is blij."]),
        ("   ", []),
        ("--- *** ---", []),
    ],
)
def test_sentence_splitter(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_abbreviations_with_dots_count_as_one_word() -> None:
    (sentence,) = split_sentences("Dat is o.a. d.w.z. gratis.")
    assert [t.text for t in sentence.tokens] == ["Dat", "is", "o.a.", "d.w.z.", "gratis"]


def test_long_sentences_have_positions_and_counts() -> None:
    short = "Dit is kort."
    long = (
        "Dit is een zin met heel veel woorden die maar doorgaat en doorgaat "
        "zonder dat er een einde aan lijkt te komen."
    )
    text = f"{short} {long} {short}"
    report = check_text(text)
    (hit,) = report.long_sentences
    assert text[hit.start : hit.end] == long == hit.text
    assert hit.word_count == 22
    assert "22" in hit.message
    assert check_text(text, max_sentence_words=25).long_sentences == ()
    with pytest.raises(ValueError):
        check_text(text, max_sentence_words=0)


# --- Officialese --------------------------------------------------------------------------


def test_officialese_single_word_with_position_and_suggestion() -> None:
    text = "Wij sturen de brief teneinde u te helpen."
    (hit,) = check_text(text).officialese
    assert text[hit.start : hit.end] == "teneinde"
    assert hit.alternatives == ("om",)
    assert '"om"' in hit.message


def test_officialese_multi_word_and_case_insensitive() -> None:
    text = "Ten Behoeve Van de wijk doen wij dit, in het\nkader van het plan."
    hits = check_text(text).officialese
    assert [h.term for h in hits] == ["ten behoeve van", "in het kader van"]
    assert text[hits[0].start : hits[0].end] == "Ten Behoeve Van"
    assert text[hits[1].start : hits[1].end] == "in het\nkader van"
    # A capital at the start of the sentence carries over to the suggestion.
    assert '"Voor"' in hits[0].message


def test_officialese_respects_word_boundaries() -> None:
    report = check_text("U kunt uw idee indienen. Mijn dochter is thuis. Dat is reedsig.")
    assert report.officialese == ()
    report = check_text("Bel ons indien nodig. Indien u wilt, kom dan.")
    assert [h.term for h in report.officialese] == ["indien nodig", "indien"]


def test_officialese_does_not_match_across_punctuation() -> None:
    report = check_text("Wij zijn er ten, behoeve van u.")
    assert all(h.term != "ten behoeve van" for h in report.officialese)


def test_officialese_abbreviation() -> None:
    (hit,) = check_text("Bel de wijkagent c.q. de gemeente.").officialese
    assert hit.term == "c.q."


@pytest.mark.parametrize("row", _officialese_rows(), ids=lambda row: row["woord"])
def test_every_officialese_term_is_found(row: dict[str, str]) -> None:
    term = " ".join(row["woord"].lower().split())
    report = check_text(f"Wij schrijven {row['woord']} in deze zin.")
    assert term in [h.term for h in report.officialese]


def test_officialese_words_are_not_also_difficult_words() -> None:
    report = check_text("Wij komen onverwijld naar u toe.")
    assert [h.term for h in report.officialese] == ["onverwijld"]
    assert report.difficult_words == ()


# --- Passive ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Het afval wordt op dinsdag opgehaald.",
        "Een paspoort kan online worden aangevraagd.",
        "De brief werd gisteren verstuurd.",
        "De bomen werden door de gemeente gekapt.",
        "Ik weet dat de bak morgen geleegd wordt.",
        "Het plan is goedgekeurd geworden.",
        "Het besluit is door de raad genomen.",
        "Het pakket is door de postbode bezorgd.",
        "Er wordt gezegd dat het gaat regenen.",
        "Uw gegevens worden niet bewaard.",
        "Uw aanvraag wordt, als alles klopt, binnen twee weken behandeld.",
        "Het besluit werd bekendgemaakt.",
        "De aanvraag wordt door de afdeling Vergunningen beoordeeld.",
    ],
)
def test_passive_found(text: str) -> None:
    (hint,) = check_text(text).passives
    assert text[hint.start : hint.end] == hint.text
    assert hint.participle.lower() not in {"vergunningen"}
    assert "wie het doet" in hint.message


@pytest.mark.parametrize(
    "text",
    [
        "Wij halen het afval op.",
        "Het wordt een mooie dag.",
        "Ik wil lid worden.",
        "Wat wil je later worden?",
        "De dagen worden korter.",
        "Het wordt bewolkt.",
        "Zij werden vrienden.",
        "Hij is burgemeester geworden.",
        "Zij is door de stad gelopen.",
        "Ik ben door het park gefietst.",
        "Wij zijn door de regen nat geworden.",
        "Ik wil lid worden om de buurt te verbeteren.",
        "De gemeente heeft het plan goedgekeurd.",
        "Hij wordt boos omdat niemand hem heeft geholpen.",
        "Zij worden later verpleegkundige.",
    ],
)
def test_passive_not_found(text: str) -> None:
    assert check_text(text).passives == ()


# --- Difficult words ----------------------------------------------------------------------


def test_rare_word_is_reported_with_position() -> None:
    text = "Dit is een onevenredig besluit."
    (hit,) = check_text(text).difficult_words
    assert text[hit.start : hit.end] == "onevenredig" == hit.word
    assert hit.zipf < checker.RARE_ZIPF


def test_rare_words_ignore_names_numbers_short_words_and_nijmegen_words() -> None:
    text = (
        "Wij fietsen met Xyzzaflorp langs de Waalkade. "
        "Waterkwartier en Wolfskuil liggen aan de waal. "
        "Het kost 1.250 euro of 3,5 procent. "
        "Ik zag een gnu. "
        "Xyzzaflorp is blij. "
        "Het inwonersberaad en het uitdaagrecht zijn voor elke wijk. "
        "Kijk op https://open.nijmegen.nl/ideeen of mail naar info@nijmegen.nl."
    )
    assert check_text(text).difficult_words == ()


def test_compound_words_with_common_parts_are_not_difficult() -> None:
    for word in ("parkeervergunning", "afvalcontainer", "fietsenrek", "speeltuinbankje"):
        assert lexicon.zipf(word) < checker.RARE_ZIPF, word
        assert check_text(f"Dit is een {word}.").difficult_words == (), word
    # A rare word that is not made of known parts is still reported.
    assert lexicon.is_known_compound("kadastraal") is False
    assert [w.word for w in check_text("Het perceel is kadastraal bekend.").difficult_words] == [
        "kadastraal"
    ]


def test_inflected_forms_of_common_words_are_not_difficult() -> None:
    assert check_text("Er komen meer bankjes en de straat wordt groener.").difficult_words == ()


def test_rare_threshold_is_a_parameter() -> None:
    text = "Wij gaan naar de glijbaan."
    assert check_text(text).difficult_words == ()
    assert [w.word for w in check_text(text, rare_zipf=5.0).difficult_words] == ["glijbaan"]


# --- Verdict, summary and serialisation ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("Wij halen uw afval op dinsdag op. Zet de bak buiten.", Verdict.B1),
        ("Indien u wilt, halen wij uw afval op. Zet de bak buiten.", Verdict.BIJNA),
        ("Het afval wordt op dinsdag opgehaald. Zet de bak buiten.", Verdict.BIJNA),
        (
            "Indien u derhalve thans reeds beschikt over een vergunning, dient u deze middels "
            "het formulier te retourneren.",
            Verdict.TE_MOEILIJK,
        ),
    ],
)
def test_verdict_on_short_texts(text: str, verdict: Verdict) -> None:
    assert check_text(text).verdict is verdict


def test_summary_is_short_b1_and_says_u() -> None:
    messages = [
        value
        for name, value in vars(checker).items()
        if name.startswith(("MSG_", "VERDICT_TEXT")) and isinstance(value, (str, tuple, dict))
    ]
    flat: list[str] = []
    for value in messages:
        if isinstance(value, dict):
            flat.extend(value.values())
        elif isinstance(value, tuple):
            flat.extend(value)
        else:
            flat.append(value)
    for message in flat:
        words = f" {message.lower()} "
        assert " je " not in words and " jij " not in words and " jouw " not in words, message
    report = check_text((HARD_TEXTS[0]).read_text(encoding="utf-8"))
    assert len(report.summary) >= 4
    for line in report.summary:
        for sentence in split_sentences(line):
            assert sentence.word_count <= 15, line


def test_to_dict_is_json_and_complete() -> None:
    report = check_text(HARD_TEXTS[0].read_text(encoding="utf-8"))
    data = json.loads(json.dumps(report.to_dict()))
    assert data["verdict"] == "TE_MOEILIJK"
    assert set(data) == {f.name for f in dataclasses.fields(Report)}
    assert data["officialese"][0]["alternatives"]


def test_report_is_frozen() -> None:
    report = check_text("Hallo.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.verdict = Verdict.B1  # type: ignore[misc]


@pytest.mark.parametrize("text", ["", "   \n\t  ", "\u202e\u200b", "!!! ... ???", "🙂🙂🙂"])
def test_text_without_words_is_empty(text: str) -> None:
    report = check_text(text)
    assert report.verdict is Verdict.LEEG
    assert report.flesch_douma is None
    assert report.word_count == 0
    assert report.summary == ()
    json.dumps(report.to_dict())


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "Dit is \u202egevaarlijk\u202c tekst met \u200f tekens.",
        "Emoji 🙂 in een zin 👍🏽. En nog één 🇳🇱!",
        "\x00\x01\x02 nul-tekens \x00 in tekst.",
        "e\u0301e\u0308n combinerende tekens.",
        "a" * 100_000,
        ("Dit is een zin. " * 7_000)[:100_000],
        ("indien " * 15_000)[:100_000],
        "\n" * 50_000 + "- " * 20_000,
        ". " * 50_000,
        "wordt " * 20_000 + "gedaan.",
        "Ĳsbaan İstanbul ß ﬁets ＡＢＣ ١٢٣ 𝔫𝔦𝔧𝔪𝔢𝔤𝔢𝔫",
        "ab." * 33_000,
    ],
    ids=[
        "script",
        "rtl",
        "emoji",
        "nul",
        "combining",
        "one-long-word",
        "100k-sentences",
        "100k-officialese",
        "newlines",
        "dots",
        "many-auxiliaries",
        "unicode",
        "almost-an-email-address",
    ],
)
def test_hostile_text_never_raises(text: str) -> None:
    report = check_text(text)
    _assert_consistent(report, text)


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.text()
    | st.text(
        alphabet=st.sampled_from(
            list("aeiouynrstdlgkvwbpmhjz AEIOUNRSTDLGKVWBPMHJZ.,;:!?…'’\"-•*()\n\t0123456789ëéïü")
        ),
        max_size=400,
    )
)
def test_check_text_never_raises(text: str) -> None:
    report = check_text(text)
    _assert_consistent(report, text)
    assert report.verdict in Verdict


# --- Loading and benchmark ----------------------------------------------------------------


def test_lexicon_is_loaded_once_across_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real_build = lexicon._build_lexicon

    def counting_build() -> lexicon.Lexicon:
        calls.append(1)
        return real_build()

    monkeypatch.setattr(lexicon, "_lexicon", None)
    monkeypatch.setattr(lexicon, "_build_lexicon", counting_build)
    barrier = threading.Barrier(8)
    results: list[lexicon.Lexicon] = []

    def worker() -> None:
        barrier.wait()
        results.append(lexicon.get_lexicon())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert len(results) == 8 and all(r is results[0] for r in results)


def test_check_text_in_parallel_gives_the_same_report() -> None:
    text = HARD_TEXTS[1].read_text(encoding="utf-8")
    expected = check_text(text)
    lexicon.clear_word_caches()
    reports: list[Report] = []

    def worker() -> None:
        reports.append(check_text(text))

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert reports == [expected] * 6


def test_run_bench_returns_figures() -> None:
    result = run_bench(words=200, runs=2)
    assert result["words"] >= 200
    assert {"first_ms", "median_ms", "p95_ms", "median_cold_words_ms"} <= set(result)
