"""The overlay round trip: written by a calibration, applied through a scenario's ``overlays``.

The overlay applies right after the declaring file's own keys: a child that extends it can
still override a fitted value, and ``--set`` wins over everything.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.calibrate.prepare import prepare
from sim.calibrate.report import overlay_text
from sim.calibrate.spec import load_calibration
from sim.calibrate.trials import TrialResult
from sim.errors import InputError
from sim.scenario.load import load_scenario
from sim.scenario.quantity import Quantity
from tests.conftest import BASELINE
from tests.sim.calibrate.test_spec import GOOD

CONCESSION = "actors.washington.behaviour.concession"
PACE = "tracks.strategic_dialogue.max_change_per_step.us_troops"


@pytest.fixture(scope="module")
def overlay(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A scenario folder with an overlay written as the calibration writes it."""
    folder = tmp_path_factory.mktemp("overlay")
    cal_file = folder / "cal.yaml"
    cal_file.write_text(GOOD, encoding="utf-8")
    prepared = prepare(load_calibration(cal_file))
    best = TrialResult(3, {CONCESSION: 0.123, PACE: 456.5}, 0.25, 0, [])
    (folder / "fit.yaml").write_text(overlay_text(prepared, best, 7), encoding="utf-8")
    (folder / "base.yaml").write_text(
        f"extends: {BASELINE}\noverlays: [fit.yaml]\n"
        "actors: {washington: {behaviour: {concession: 0.4}}}\n",
        encoding="utf-8",
    )
    (folder / "child.yaml").write_text(
        "extends: base.yaml\nactors: {washington: {behaviour: {concession: 0.3}}}\n",
        encoding="utf-8",
    )
    return folder, cal_file.resolve().as_posix()


def value_at(scenario, dotted: str) -> Quantity:
    node = scenario
    for part in dotted.split("."):
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    return node


def test_the_overlay_file_says_calibrated_and_names_its_calibration(overlay) -> None:
    folder, name = overlay
    text = (folder / "fit.yaml").read_text(encoding="utf-8")
    assert "the best of 7 trials (trial 3, loss 0.25)" in text
    assert f"{CONCESSION}: {{value: 0.123, source: calibrated, calibration: {name}}}" in text


def test_fitted_values_come_back_with_their_source(overlay) -> None:
    folder, name = overlay
    scenario = load_scenario(folder / "base.yaml")
    # the overlay applies after the file's own keys: its 0.123 beats base.yaml's 0.4
    for path, value in ((CONCESSION, 0.123), (PACE, 456.5)):
        number = value_at(scenario, path)
        assert (float(number), number.source, number.calibration) == (value, "calibrated", name)
    resolved = scenario.model_dump(mode="json")
    assert resolved["actors"]["washington"]["behaviour"]["concession"] == {
        "value": 0.123,
        "source": "calibrated",
        "calibration": name,
    }


def test_a_child_overrides_a_fitted_value_and_set_wins(overlay) -> None:
    folder, _name = overlay
    child = load_scenario(folder / "child.yaml")
    assert float(value_at(child, CONCESSION)) == 0.3
    assert value_at(child, CONCESSION).source is None
    assert value_at(child, PACE).source == "calibrated"  # not overridden: still the fit
    overridden = load_scenario(folder / "child.yaml", [f"{PACE}=222"])
    assert float(value_at(overridden, PACE)) == 222.0
    assert value_at(overridden, PACE).source == "override"


def test_validate_shows_the_calibrated_values(cli, overlay) -> None:
    folder, name = overlay
    done = cli("validate", "base.yaml", cwd=folder)
    assert done.returncode == 0, done.stderr
    assert f"  calibrated: {CONCESSION} = 0.123 ({name})" in done.stdout
    assert f"  calibrated: {PACE} = 456.5 ({name})" in done.stdout


def scenario_with(folder: Path, overlay_yaml: str, overlays: str = "[fit.yaml]") -> Path:
    (folder / "fit.yaml").write_text(overlay_yaml, encoding="utf-8")
    path = folder / "s.yaml"
    path.write_text(f"extends: {BASELINE}\noverlays: {overlays}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("overlays", "overlay_yaml", "expected"),
    [
        ("[nothere.yaml]", "set: {a: 1}\n", "s.yaml:2: overlays[0]: overlay file not found"),
        ("fit.yaml", "set: {a: 1}\n", "s.yaml:2: overlays: overlays must be a list"),
        ("[fit.yaml]", "sett: {a: 1}\n", "fit.yaml:1: sett: unknown key 'sett' in an overlay"),
        ("[fit.yaml]", "calibration: x\n", "fit.yaml:1: set: an overlay needs set:"),
        (
            "[fit.yaml]",
            "calibration: x\nset:\n  actors.washington.behaviour.concession: "
            "{value: 1.5, source: calibrated, calibration: x}\n",
            "fit.yaml:3: actors.washington.behaviour.concession: 1.5 is out of range [0, 1]",
        ),
        (
            "[fit.yaml]",
            "set:\n  actors.washington.behaviour.concession: {value: 0.5, source: calibrated}\n",
            "fit.yaml:2: actors.washington.behaviour.concession: source: calibrated goes with "
            "calibration: FILE",
        ),
        (
            "[fit.yaml]",
            "set:\n  actors.washington.name.first: 1\n",
            "fit.yaml:2: actors.washington.name.first: 'actors.washington.name' is a value",
        ),
    ],
)
def test_bad_overlays_name_their_file_line_and_key(
    tmp_path: Path, overlays: str, overlay_yaml: str, expected: str
) -> None:
    path = scenario_with(tmp_path, overlay_yaml, overlays)
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    assert expected in str(caught.value)


def test_validate_a_bad_overlay_exits_2_with_one_line(cli, tmp_path: Path) -> None:
    path = scenario_with(tmp_path, "sett: {a: 1}\n")
    done = cli("validate", path.name, cwd=tmp_path)
    assert done.returncode == 2
    assert (
        done.stderr
        == "error: fit.yaml:1: sett: unknown key 'sett' in an overlay (expected set, calibration)\n"
    )


def test_calibrated_numbers_need_their_file_and_public_record_facts_are_known(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        f"extends: {BASELINE}\n"
        "actors: {washington: {behaviour: {concession: "
        "{value: 0.2, source: judgement, reason: r, calibration: c.yaml}}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="source: calibrated goes with calibration"):
        load_scenario(path)
    path.write_text(
        f"extends: {BASELINE}\n"
        "actors: {washington: {behaviour: {concession: {value: 0.2, source: [P01, P02]}}}}\n",
        encoding="utf-8",
    )
    assert value_at(load_scenario(path), CONCESSION).source == ("P01", "P02")  # known: P01-P03
    path.write_text(
        f"extends: {BASELINE}\n"
        "actors: {washington: {behaviour: {concession: {value: 0.2, source: [P99]}}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="unknown fact ID 'P99'"):
        load_scenario(path)


def test_the_trials_figure_names_its_calibration_and_keeps_its_legends_off_the_lines(
    tmp_path: Path,
) -> None:
    from sim.calibrate.loss import TargetScore
    from sim.calibrate.report import draw

    cal_file = tmp_path / "cal.yaml"
    cal_file.write_text(GOOD, encoding="utf-8")
    prepared = prepare(load_calibration(cal_file))

    def scores(inside: float) -> list[TargetScore]:
        names = ("troops", "rounds", "strikes")
        return [TargetScore(n, 2, 2, inside, None, None, None, None, None, 0.0) for n in names]

    trials = [TrialResult(i, {}, 3.0 - i, 0, scores(i / 2)) for i in range(3)]
    fig = draw(prepared, trials)
    # GOOD: ensemble {runs: 2, seed: 3} on the baseline scenario
    footer = "calibration cal of baseline_2020, 2 runs a trial (master seed 3)"
    assert footer in [t.get_text() for t in fig.texts]
    fig.canvas.draw()
    frame = fig.bbox
    for ax in fig.axes:
        legend = ax.get_legend().get_window_extent()
        assert legend.x0 >= ax.get_window_extent().x1  # beside the panel, not over its lines
        assert frame.x0 <= legend.x0 and legend.x1 <= frame.x1
        label = ax.yaxis.label.get_window_extent()
        assert frame.y0 <= label.y0 and label.y1 <= frame.y1  # the label is not cut off
    texts = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert texts == ["troops", "rounds", "strikes (held back)"]
