"""Property tests of the weighting (peilingen.weging): weighted margins equal the targets,
weights are never negative, an empty target cell is a B1 error."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from open_nijmegen.peilingen.weging import WegingFout, foutmarge, rake, samenvatting

WIJKEN = ["Centrum", "Oost", "Zuid", "Dukenburg"]
LEEFTIJD = ["16-24", "25-44", "45-64", "65+"]


@st.composite
def sample(draw):
    rows = draw(
        st.lists(
            st.tuples(st.sampled_from(WIJKEN), st.sampled_from(LEEFTIJD)), min_size=8, max_size=300
        )
    )
    # Every cell of wijk x leeftijd at least once: then any targets can be met (feasible).
    rows += [(w, a) for w in WIJKEN for a in LEEFTIJD]
    margins = {
        "wijk": {w: draw(st.floats(0.5, 100)) for w in WIJKEN},
        "leeftijd": {a: draw(st.floats(0.5, 100)) for a in LEEFTIJD},
    }
    return [{"wijk": w, "leeftijd": a} for w, a in rows], margins


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sample())
def test_weighted_margins_equal_the_targets_and_weights_are_never_negative(case):
    respondents, margins = case
    weights = rake(respondents, margins)
    assert len(weights) == len(respondents)
    assert all(w >= 0 for w in weights)
    total = sum(weights)
    for name, cells in margins.items():
        target_total = sum(cells.values())
        for category, target in cells.items():
            got = sum(w for w, r in zip(weights, respondents, strict=True) if r[name] == category)
            assert abs(got / total - target / target_total) < 1e-6


def test_a_target_group_without_respondents_is_a_clear_error():
    respondents = [{"wijk": "Centrum", "leeftijd": "16-24"}, {"wijk": "Oost", "leeftijd": "65+"}]
    margins = {"wijk": {"Centrum": 1, "Oost": 1, "Zuid": 1}, "leeftijd": {"16-24": 1, "65+": 1}}
    with pytest.raises(WegingFout, match="Niemand uit de groep Zuid"):
        rake(respondents, margins)
    with pytest.raises(WegingFout):
        rake([], margins)


def test_effective_sample_size_and_margin_of_error():
    summary = samenvatting([1.0, 1.0, 2.0, 2.0])
    assert summary.n == 4
    assert summary.n_eff == pytest.approx(36 / 10)
    assert summary.design_effect == pytest.approx(4 / 3.6)
    assert foutmarge(0.5, 100) == pytest.approx(0.098)
    assert math.isinf(foutmarge(0.5, 0))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sample(), st.sampled_from(["wijk", "leeftijd"]), st.data())
def test_any_target_group_without_respondents_is_a_b1_error(case, margin, data):
    """Property: whichever group nobody from answered, the error names it in plain words."""
    respondents, margins = case
    missing = data.draw(st.sampled_from(sorted(margins[margin])))
    left = [r for r in respondents if r[margin] != missing]
    with pytest.raises(WegingFout) as error:
        rake(left, margins)
    message = str(error.value)
    assert f"Niemand uit de groep {missing} ({margin}) deed mee." in message
    assert "Daarom kan de uitslag niet gewogen worden." in message
    # B1: short sentences, no code words or exception text.
    assert all(len(s.split()) <= 15 for s in message.split(". "))
    assert "Error" not in message and "Traceback" not in message


@st.composite
def sparse_sample(draw):
    """Any sample where each group appears at least once, but not every cell of wijk x
    leeftijd: the targets may then be out of reach."""
    rows = draw(
        st.lists(
            st.tuples(st.sampled_from(WIJKEN), st.sampled_from(LEEFTIJD)), min_size=1, max_size=60
        )
    )
    rows += [(w, LEEFTIJD[i % len(LEEFTIJD)]) for i, w in enumerate(WIJKEN)]
    rows += [(WIJKEN[i % len(WIJKEN)], a) for i, a in enumerate(LEEFTIJD)]
    margins = {
        "wijk": {w: draw(st.floats(0.5, 100)) for w in WIJKEN},
        "leeftijd": {a: draw(st.floats(0.5, 100)) for a in LEEFTIJD},
    }
    return [{"wijk": w, "leeftijd": a} for w, a in rows], margins


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sparse_sample())
def test_weights_are_never_negative_or_the_error_is_b1(case):
    """Property: on any sample the weights are finite and never negative, or the officer
    gets a WegingFout (a B1 sentence), never another exception."""
    respondents, margins = case
    try:
        weights = rake(respondents, margins)
    except WegingFout as error:
        assert str(error)
        return
    assert len(weights) == len(respondents)
    assert all(math.isfinite(w) and w >= 0 for w in weights)
