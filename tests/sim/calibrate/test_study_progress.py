"""A calibration's progress off a terminal (``2>log``): a line per period with the trials done
and the best loss, one at the end; nothing when quiet. It once drew a bar on a terminal only,
so a calibration logged to a file was silent for minutes."""

from __future__ import annotations

from sim.calibrate.study import TrialProgress


def test_lines_off_a_terminal_with_the_best_loss(capsys) -> None:
    progress = TrialProgress(total=3, done=1, best=3.5, quiet=False, every=0.0)
    progress.update(2.25)  # one trial was done before (a resumed study): 2 of 3
    progress.update(2.0)
    progress.close()
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("calibrate: 2 of 3 trials (67%), best loss 2.25, about ")
    assert lines[0].endswith(" s left")
    assert lines[1:] == ["calibrate: 3 of 3 trials (100%), best loss 2"] * 2  # then the close


def test_a_trial_within_the_period_prints_nothing(capsys) -> None:
    progress = TrialProgress(total=4, done=0, best=None, quiet=False, every=3600.0)
    progress.update(1.5)
    progress.close()  # nothing printed before, so no closing line either
    assert capsys.readouterr().err == ""


def test_quiet_says_nothing(capsys) -> None:
    progress = TrialProgress(total=2, done=0, best=None, quiet=True, every=0.0)
    progress.update(1.0)
    progress.close()
    assert capsys.readouterr().err == ""
