"""Bad sweep files and -p options give one InputError naming the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.errors import InputError
from sim.sweep.cli_spec import parse_parameter, sweep_from_options
from sim.sweep.plan import Where, make_plan
from sim.sweep.spec import load_sweep

ROOT = Path(__file__).resolve().parents[3]
BASELINE = ROOT / "scenarios" / "baseline_2020.yaml"
GOOD = f"""\
base: {BASELINE}
design: grid
parameters:
  actors.washington.behaviour.strike_resolve: {{values: [0.2, 0.4]}}
  actors.kataib_hezbollah.behaviour.attack_propensity: {{min: 0.2, max: 0.8, steps: 3}}
replications: 2
seed: 5
steps: 4
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sweep.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        spec, base, origins = load_sweep(path)
        make_plan(spec, base, Where(str(path), origins))
    return caught.value


def test_a_good_file_loads_and_plans(tmp_path: Path) -> None:
    spec, base, origins = load_sweep(write(tmp_path, GOOD))
    plan = make_plan(spec, base, Where("sweep.yaml", origins))
    assert spec.name == "sweep" and base == BASELINE
    assert plan.total_runs == 2 * 3 * 2
    assert "violence.attacks" in plan.outcomes and plan.header[:6][0] == "run_id"


@pytest.mark.parametrize(
    ("old", "new", "line", "key", "words"),
    [
        ("seed: 5", "seed: 5\nseeds: 6", 8, "seeds", "unknown key 'seeds'"),
        ("design: grid", "design: grid\nsamples: 8", 3, "samples", "a grid runs every combination"),
        (
            "{min: 0.2, max: 0.8, steps: 3}",
            "{min: 0.2, steps: 3}",
            5,
            "parameters.actors.kataib_hezbollah.behaviour.attack_propensity",
            "needs both min and max",
        ),
        (
            "{min: 0.2, max: 0.8, steps: 3}",
            "{min: 0.2, max: 0.8}",
            5,
            "parameters.actors.kataib_hezbollah.behaviour.attack_propensity",
            "needs steps",
        ),
        ("design: grid", "design: factorial", 2, "design", "factorial"),
        ("replications: 2", "replications: 0", 6, "replications", "greater than or equal to 1"),
        (
            "{values: [0.2, 0.4]}",
            "{values: [0.2], max: 3}",
            4,
            "parameters.actors.washington.behaviour.strike_resolve",
            "not both",
        ),
        ("steps: 4", "steps: 4\nseries: [tension, nonsense]", 9, "series", "nonsense"),
        (
            "actors.washington.behaviour.strike_resolve",
            "actors.washington.behaviour.strike_resolv",
            4,
            "parameters.actors.washington.behaviour.strike_resolv",
            "unknown key 'strike_resolv'",
        ),
        (
            "actors.washington.behaviour.strike_resolve",
            "actors.washington.name.x",
            4,
            "parameters.actors.washington.name.x",
            "is a value, not a section",
        ),
    ],
)
def test_bad_files_name_line_and_key(
    tmp_path: Path, old: str, new: str, line: int, key: str, words: str
) -> None:
    assert old in GOOD
    error = error_of(write(tmp_path, GOOD.replace(old, new, 1)))
    assert error.line == line and error.key == key, str(error)
    assert words in error.message
    assert str(error).startswith(f"{tmp_path / 'sweep.yaml'}:{line}: {key}: ") or str(error).count(
        f":{line}: {key}:"
    )
    assert "\n" not in str(error)


def test_missing_base_and_bad_yaml(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, GOOD.replace(str(BASELINE), "nowhere.yaml")))
    assert error.line == 1 and error.key == "base" and "not found" in error.message
    error = error_of(write(tmp_path, GOOD + "parameters: {}\n"))
    assert "duplicate key 'parameters'" in error.message and error.line == 9


def test_a_scenario_given_as_a_sweep_file_says_how_to_sweep_it() -> None:
    with pytest.raises(InputError, match="not a sweep file: sweep it with -p"):
        load_sweep(BASELINE)


def test_parse_parameter_forms() -> None:
    assert parse_parameter("a.b=0.5:1.0:6") == ("a.b", {"min": 0.5, "max": 1.0, "steps": 6})
    assert parse_parameter("a.b=0:2") == ("a.b", {"min": 0.0, "max": 2.0})
    assert parse_parameter("a.b=1,2.5,x") == ("a.b", {"values": [1, 2.5, "x"]})
    for bad in ("a.b", "=1", "a.b=1:x", "a.b=1:2:3:4", "a.b=0:1:2.5"):
        with pytest.raises(InputError):
            parse_parameter(bad)


def test_command_line_sweep_needs_what_its_design_needs() -> None:
    spec, base, _ = sweep_from_options(
        BASELINE, ["actors.baghdad.capability=0.3:0.7:3"], {"replications": 4, "design": "grid"}
    )
    assert spec.replications == 4 and spec.name == "baseline_2020" and base == BASELINE
    with pytest.raises(InputError) as caught:
        sweep_from_options(BASELINE, ["actors.baghdad.capability=0.3:0.7"], {"design": "random"})
    assert "needs samples" in str(caught.value) and caught.value.file == "--design"


# a Sobol example needs N = 256 for its intervals to separate the indices (docs/sweeps.md)
@pytest.mark.parametrize(
    ("name", "most"),
    [
        ("withdrawal_resolve", 400),
        ("mediation_standing", 1_500),
        ("withdrawal_resolve_sobol", 1_100),
    ],
)
def test_shipped_sweeps_plan_with_modest_run_counts(name: str, most: int) -> None:
    path = ROOT / "scenarios" / "sweeps" / f"{name}.yaml"
    spec, base, origins = load_sweep(path)
    plan = make_plan(spec, base, Where(str(path), origins))
    assert base.is_file() and 50 <= plan.total_runs <= most
    assert all(column in plan.header for column in spec.parameters)


def test_an_option_or_argument_naming_the_key_is_not_followed_by_it() -> None:
    """'-n: replications: ...' and 'runs=: replications: ...' named the key twice, once by a
    name the user never typed; a key below the one an argument names is still shown."""
    from sim.scenario.origins import Origin, Origins
    from sim.sweep.spec import validate_sweep

    data = {"base": str(BASELINE), "replications": 0, "fixed": {}}
    for given in ("-n", "runs="):
        origins = Origins({("replications",): Origin(given, None)})
        with pytest.raises(InputError) as caught:
            validate_sweep(data, origins, "ensemble")
        assert str(caught.value) == f"{given}: Input should be greater than or equal to 1 (got 0)"
    origins = Origins({("parameters",): Origin("parameters=", None)})
    bad = {"base": str(BASELINE), "parameters": {"a.b": {"min": 1}}}
    with pytest.raises(InputError) as caught:
        validate_sweep(bad, origins, "perform_experiments")
    assert str(caught.value).startswith("parameters=: parameters.a.b: ")
