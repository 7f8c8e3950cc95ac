"""Debrief figures put each answer at its step and call the row before the first step "start"."""

from __future__ import annotations

from sim.classroom import figures
from sim.classroom.answers import Answer

DATES = ["2021-01", "2021-01", "2021-02", "2021-03"]  # row 0: the state before step 1


def _answer(step: int, date: str, value: float, model_value: float) -> Answer:
    return Answer(step, "tehran", "sponsor", None, 0, value, "", "person", date, {}, model_value)


def test_an_answer_sits_at_its_step_and_row_zero_is_start(tmp_path, monkeypatch):
    saved = []
    monkeypatch.setattr(figures, "_save", lambda fig, path: saved.append(fig))
    answers = [_answer(1, "2021-01", 0.1, 0.1), _answer(3, "2021-03", 0.5, -0.2)]
    figures.choices_figure(tmp_path / "c.png", "Tehran", answers, DATES)
    ax = saved[0].axes[0]
    same, different = (c.get_offsets()[:, 0].tolist() for c in ax.collections)
    # the answer of step 1 (Jan. 2021) is at x = 1, not at the start row that shares its month
    assert same == [1.0] and different == [3.0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["start", "2021-01", "2021-02", "2021-03"]
