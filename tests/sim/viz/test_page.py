"""The SolaraViz page, headless: built and rendered with solara's own renderer (no browser),
its buttons clicked and its sliders moved as a user would."""

from __future__ import annotations

import time
import warnings

import pytest

solara = pytest.importorskip("solara", reason="the viz extra is not installed")
v = pytest.importorskip("ipyvuetify")
ipywidgets = pytest.importorskip("ipywidgets")

from sim.api import load_scenario  # noqa: E402
from sim.scenario.uncertainty import uncertain_parameters  # noqa: E402
from sim.viz import ViewModel, page, sliders  # noqa: E402
from sim.viz.page import written  # noqa: E402

SEED = 3


@pytest.fixture
def shown():
    """The baseline's page in an app layout (where SolaraViz puts its controls), rendered."""
    model = solara.reactive(ViewModel("baseline_2020", SEED))
    with warnings.catch_warnings():  # solara's hook check on Mesa's own code
        warnings.simplefilter("ignore", UserWarning)
        _, rc = solara.render(
            solara.AppLayout(children=[page("baseline_2020", SEED, model=model)]),
            handle_error=False,
        )
    yield model, rc
    rc.close()


def _images(rc) -> list[bytes]:
    return [bytes(w.value) for w in rc.find(ipywidgets.Image).widgets]


def test_a_slider_for_each_uncertain_parameter_over_its_range():
    scenario = load_scenario("baseline_2020")
    found = sliders(scenario)
    assert list(found) == list(uncertain_parameters(scenario))
    capability = found["actors.baghdad.capability"]  # triangular(low=0.3, mode=0.5, high=0.7)
    assert (capability.min, capability.max) == (0.3, 0.7)
    assert capability.value == written(scenario, "actors.baghdad.capability") == 0.5
    assert capability.step == pytest.approx(0.004)  # a hundredth of the range


def test_the_page_has_controls_sliders_and_the_run_s_charts(shown):
    _, rc = shown
    buttons = [w.children[0] for w in rc.find(v.Btn).widgets]
    assert {"Reset", "Step", "▶"} <= set(buttons)
    labels = [w.label for w in rc.find(v.Slider).widgets]
    assert "kataib_hezbollah attack_propensity" in labels  # the path, shortened
    assert "tracks iran_saudi_talks mediation_bonus" in labels
    assert len(_images(rc)) == 3 + 2  # an issue chart per issue, tension, violence


def test_step_advances_the_model_and_redraws(shown):
    model, rc = shown
    before = _images(rc)
    rc.find(v.Btn, children=["Step"]).widget.click()
    assert model.value.steps == 1
    rc.find(v.Html, children=["Step: 1"]).assert_single()
    assert _images(rc) != before


def test_reset_builds_the_model_with_the_sliders_values(shown):
    model, rc = shown
    slider = rc.find(v.Slider, label="baghdad capability").widget
    slider.v_model = 0.62
    rc.find(v.Btn, children=["Step"]).widget.click()
    rc.find(v.Btn, children=["Reset"]).widget.click()
    rebuilt = model.value
    assert rebuilt.steps == 0
    assert written(rebuilt.scenario, "actors.baghdad.capability") == 0.62
    assert rebuilt.seed == SEED


def test_play_runs_steps_until_paused(shown):
    model, rc = shown
    rc.find(v.Btn, children=["▶"]).widget.click()
    deadline = time.monotonic() + 30
    while model.value.steps < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    rc.find(v.Btn, children=["❚❚"]).widget.click()
    assert model.value.steps >= 2


def test_an_unknown_slider_name_is_refused():
    with pytest.raises(ValueError, match=r"actors\.baghdad\.resolve is not an uncertain parameter"):
        ViewModel("baseline_2020", 1, **{"actors.baghdad.resolve": 0.5})
