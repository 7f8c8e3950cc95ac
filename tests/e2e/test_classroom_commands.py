"""``play`` in the terminal (driven line by line) and ``debrief`` on finished and partial
sessions, as a user runs them."""

from __future__ import annotations

import re

import numpy as np

from sim.classroom.debrief import flipped, percentile
from sim.classroom.session import Session
from tests.conftest import SCENARIOS
from tests.sim.classroom.students import play_through

TALKS = SCENARIOS / "exercises" / "iran_saudi_talks.yaml"
DIALOGUE = SCENARIOS / "exercises" / "us_withdrawal_dialogue.yaml"


def _play(tmp_path, lines: list[str], *extra: str):
    import subprocess
    import sys

    from tests.conftest import ROOT

    return subprocess.run(
        [sys.executable, str(ROOT / "run.py"), "play", *extra],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )


def test_play_in_the_terminal_shows_readable_numbers_and_resumes(tmp_path):
    store = tmp_path / "class.sqlite"
    done = _play(
        tmp_path,
        [
            ":advice on",
            "?",
            "no | too early",
            "help",
            ":menu",
            ":inject neighbours_summit",
            ":quit",
        ],
        str(TALKS),
        "--session",
        str(store),
        "--turns",
        "sequential",
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Month 2021-01 (turn 1 of 11)" in out
    assert "Iran-Saudi relations: 10 index" in out
    assert "the model would answer" in out
    assert "recorded: no (person)" in out
    assert "released 'Baghdad summit of neighbours'" in out
    assert not re.search(r"\b0\.\d{3,}\b", out)  # no raw 0-1 values on screen
    again = _play(tmp_path, [":status", ":quit"], "--resume", str(store))
    assert again.returncode == 0, again.stderr
    session = Session.resume(store)
    kinds = [a.reason for a in session.answers()]
    assert "too early" in kinds and session.released[0].name == "neighbours_summit"
    session.close()


def test_play_tells_each_turns_public_news_once_the_turn_is_done(tmp_path):
    seats = [f":seat {seat} model" for seat in ("baghdad", "riyadh", "tehran", "kataib_hezbollah")]
    done = _play(tmp_path, [*seats, ":quit"], str(TALKS), "--session", str(tmp_path / "c.sqlite"))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    news = out.split("\nNews:\n", 1)[1].split("\nturn 1 done", 1)[0].splitlines()
    assert news and all(re.fullmatch(r"  2021-0[12] [A-Z].*", line) for line in news), news
    assert "You chose" not in out and "draw" not in out  # public lines only, no dice


def test_play_rejects_a_bad_answer_without_losing_the_session(tmp_path):
    store = tmp_path / "class.sqlite"
    done = _play(
        tmp_path, ["maybe", ":quit"], str(TALKS), "--session", str(store), "--turns", "sequential"
    )
    assert "not taken: answer: riyadh.propose: answer yes or no\n" in done.stdout
    assert done.returncode == 0


def test_percentile_and_flip_by_hand():
    values = np.array([1.0, 2.0, 3.0, 4.0])
    assert percentile(values, 2.5) == 50.0
    assert percentile(values, 3.0) == 62.5  # two below, one tie counted half
    from sim.classroom.answers import Answer

    yes = Answer(3, "tehran", "join", "t", 0, True, "r", "person", model_value=True)
    assert flipped(yes).value is False
    same = Answer(3, "tehran", "sponsor", None, 0, 0.5, "r", "person", model_value=0.5)
    assert flipped(same) is None
    other = Answer(3, "tehran", "sponsor", None, 0, -0.5, "r", "person", model_value=0.5)
    assert flipped(other).value == 0.5


def test_debrief_compares_sections_with_the_ensemble(cli, tmp_path):
    stores = []
    for seed in (1, 2):
        store = tmp_path / f"section{seed}.sqlite"
        session = Session.create(TALKS, store, seed=seed, turns="sequential")
        play_through(session, turns=3)
        session.close()
        stores.append(store)
    done = cli(
        "debrief",
        *map(str, stores),
        "--out",
        str(tmp_path / "debrief"),
        "--runs",
        "12",
        "--workers",
        "1",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "debrief"
    page = (folder / "index.html").read_text(encoding="utf-8")
    for needle in (
        "Sections side by side",
        "section1: turning points",
        "section2: timeline",
        "class percentile",
        "fan_iran_saudi_ties.png",
        "choices_section1_tehran.png",
        "Did each seat get what it wanted?",
    ):
        assert needle in page, needle
    for png in re.findall(r'src="([^"]+)"', page):
        assert (folder / png).stat().st_size > 1000
    printable = (folder / "debrief.html").read_text(encoding="utf-8")
    sources = re.findall(r'src="([^"]+)"', printable)
    assert len(sources) == len(re.findall(r'src="([^"]+)"', page))
    assert all(s.startswith("data:image/png;base64,") for s in sources)
    (kept,) = (tmp_path / "ensembles").iterdir()  # beside the sessions, for the next debrief
    assert kept.name.endswith("-12.npy")
    other = tmp_path / "other.sqlite"
    Session.create(DIALOGUE, other).close()
    bad = cli("debrief", str(stores[0]), str(other), "--out", str(tmp_path / "d2"), cwd=tmp_path)
    assert bad.returncode == 2 and "compare sections of one exercise" in bad.stderr
    assert not (tmp_path / "d2").exists()
    missing = cli(
        "debrief", str(tmp_path / "nope.sqlite"), "--out", str(tmp_path / "d3"), cwd=tmp_path
    )
    assert missing.returncode == 2 and missing.stderr.startswith("error: ")


def test_play_a_simultaneous_turn_in_the_terminal(tmp_path):
    """Each seat's form in turn (a hot seat), N VALUE changes one order, send sends it; the
    turn runs after the last seat, and the orders are in the session file."""
    store = tmp_path / "class.sqlite"
    lines = ["1 maybe", "1 yes | talk first", "send"]  # Baghdad: a bad value, then its call
    lines += ["send"] * 2  # Riyadh and Tehran as shown (their advisers decide)
    lines += ["show", "3 2.5", "3 2", "send", ":quit"]  # Kataib Hezbollah: two attacks a month
    done = _play(tmp_path, lines, str(TALKS), "--session", str(store))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Baghdad (Kadhimi government): your orders for turn 1" in out
    bad_call = "answer yes or no (or advisers)"
    assert f"not taken: orders: baghdad.propose@iran_saudi_talks: {bad_call}\n" in out
    bad_count = "2.5 is not a whole number of attacks (or advisers)"
    said = f"not taken: orders: kataib_hezbollah.attack: {bad_count}\n"
    assert said in out  # a question's answer: the same words, without the advisers
    assert "order 1: yes" in out and "every seat's orders are in and the turn has run" in out
    session = Session.resume(store)
    assert session.turn_ran() and session.model.steps == session.last_step(1)
    assert "3. How many attacks this month?" in out  # the form's third line, as typed
    assert session.standing.get("kataib_hezbollah", "attack").value == 2
    attacks = [a.value for a in session.answers() if a.kind == "attack"]
    assert attacks == [2, 2]  # two months a turn, one order
    assert session.standing.get("baghdad", "propose@iran_saudi_talks").value is True
    session.close()


def test_debrief_shows_the_ensemble_s_progress_as_ensemble_does(cli, tmp_path, monkeypatch):
    """It once ran its ensemble without a word; off a terminal it says how far it is in lines
    (every 10 s: here every run, so a short ensemble shows them)."""
    import sim.sweep.progress

    class Often(sim.sweep.progress.Progress):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs, every=0.0)

    monkeypatch.setattr(sim.sweep.progress, "Progress", Often)
    store = tmp_path / "class.sqlite"
    session = Session.create(TALKS, store, seed=1, turns="sequential")
    play_through(session, turns=2)
    session.close()
    done = cli(
        "debrief", str(store), "--out", str(tmp_path / "debrief"), "--runs", "10", "--flips",
        "0", "--workers", "1", "--cache", str(tmp_path / "cache"), cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if " of 10 runs (" in line]
    assert lines[0].startswith("1 of 10 runs (10%), 0 failed")
    assert lines[-1].startswith("10 of 10 runs (100%), 0 failed")
