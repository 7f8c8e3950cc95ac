"""The tests mirror the package, as README and docs/architecture.md say: a unit test of
``sim/sweep/design.py`` is ``tests/sim/sweep/test_design.py`` (or ``test_design_<aspect>.py``),
so the tests of a module are found from its path. Whole-command tests live in ``tests/e2e``
and the pages' own checks in ``tests/docs``; other files under tests/ are helpers."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
NOT_MIRRORED = ("e2e", "docs")


def mirrored_module(test_file: Path) -> Path | None:
    """The module (or package) under ROOT that a test file's place names, or None."""
    relative = test_file.relative_to(TESTS)
    package = ROOT.joinpath(*relative.parts[:-1])
    if len(relative.parts) < 2 or not (package / "__init__.py").is_file():
        return None
    name = relative.stem.removeprefix("test_")
    candidates = [p for p in package.iterdir() if p.stem != "__init__"]
    modules = [p for p in candidates if p.suffix == ".py" or (p / "__init__.py").is_file()]
    # the longest module name the test is named after: test_smp_kernel is smp_kernel, not smp
    matches = [m for m in modules if name == m.stem or name.startswith(m.stem + "_")]
    return max(matches, key=lambda m: len(m.stem), default=None)


def test_every_unit_test_file_is_named_after_a_module_in_the_mirrored_package():
    unit_tests = [
        path
        for path in sorted(TESTS.rglob("test_*.py"))
        if path.relative_to(TESTS).parts[0] not in NOT_MIRRORED
    ]
    stray = [str(path.relative_to(ROOT)) for path in unit_tests if mirrored_module(path) is None]
    assert unit_tests and stray == []


def test_the_rule_accepts_a_mirrored_file_and_refuses_the_old_flat_layout():
    # the same test file at its mirrored place and at the flat place it once had
    assert mirrored_module(TESTS / "sim/sweep/test_design.py") == ROOT / "sim/sweep/design.py"
    assert mirrored_module(TESTS / "sim/bargaining/test_smp_kernel.py") == (
        ROOT / "sim/bargaining/smp_kernel.py"
    )
    assert mirrored_module(TESTS / "agents/test_decisions_vote.py") == ROOT / "agents/decisions"
    assert mirrored_module(TESTS / "test_sweep_design.py") is None  # not in a package folder
    assert mirrored_module(TESTS / "sweep/test_design.py") is None  # no package sweep/ at the root
    assert mirrored_module(TESTS / "sim/sweep/test_kill.py") is None  # no module sim/sweep/kill.py
