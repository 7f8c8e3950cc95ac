"""A damaged session store is refused on resume like a damaged scenario file: one line with
the file, the row and the key, never a traceback and never a replay that silently diverges.
Hypothesis damages rows of a real store (payloads, keys, values, the seed, the exercise text)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.classroom.session import Session
from sim.errors import InputError
from tests.conftest import SCENARIOS
from tests.sim.classroom.students import play_through

TALKS = SCENARIOS / "exercises" / "iran_saudi_talks.yaml"


@pytest.fixture(scope="module")
def played(tmp_path_factory) -> Path:
    """A store with two turns played by scripted students (answers, turns, an inject)."""
    path = tmp_path_factory.mktemp("store") / "class.sqlite"
    session = Session.create(TALKS, path, turns="sequential")
    session.release(next(iter(session.exercise.injects)))
    play_through(session, turns=2)
    session.close()
    return path


def _copy(played: Path, scratch: Path) -> Path:
    target = scratch / "copy.sqlite"
    for stale in (target, scratch / "copy.sqlite-wal", scratch / "copy.sqlite-shm"):
        stale.unlink(missing_ok=True)  # Hypothesis reuses tmp_path between examples
    shutil.copy(played, target)
    return target


def _rows(path: Path, kind: str) -> list[tuple[int, dict]]:
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT seq, payload FROM log WHERE kind=?", (kind,)).fetchall()
    return [(seq, json.loads(text)) for seq, text in rows]


def _set_payload(path: Path, seq: int, text: str) -> None:
    db = sqlite3.connect(path)
    db.execute("UPDATE log SET payload=? WHERE seq=?", (text, seq))
    db.commit()
    db.close()


def _refused(path: Path, key_part: str) -> str:
    with pytest.raises(InputError) as caught:
        Session.resume(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and key_part in message and "\n" not in message
    return message


def test_the_store_resumes_before_damage(played: Path, tmp_path: Path) -> None:
    Session.resume(_copy(played, tmp_path)).close()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.one_of(st.text(max_size=30), st.just("[1, 2]"), st.just("null"), st.just("{")))
def test_a_payload_that_is_no_json_object_is_named_by_its_row(played, tmp_path, text) -> None:
    path = _copy(played, tmp_path)
    try:
        if isinstance(json.loads(text), dict):
            return  # an object: the kind's own checks below
    except ValueError:
        pass
    seq, _ = _rows(path, "answer")[0]
    _set_payload(path, seq, text)
    _refused(path, f"log row {seq}: the payload is not a JSON object")


ANSWER_DAMAGE = [
    ("value", 1e300),
    ("value", "yes please"),
    ("value", None),
    ("actor", "atlantis"),
    ("step", "3"),
    ("step", -1),
    ("step", 10_000),
    ("n", 1.5),
    ("kind", "teleport"),
    ("track", "no_such_track"),
    ("reason", 7),
]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    damage=st.sampled_from([*ANSWER_DAMAGE, ("step", None), ("actor", None)]),
    pick=st.integers(0, 50),
)
def test_a_damaged_answer_is_refused_with_its_key(played, tmp_path, damage, pick) -> None:
    path = _copy(played, tmp_path)
    answers = _rows(path, "answer")
    seq, payload = answers[pick % len(answers)]
    key, value = damage
    if value is None and key in ("step", "actor"):
        payload.pop(key)  # a row without its key
    else:
        payload[key] = value
    _set_payload(path, seq, json.dumps(payload))
    _refused(path, f"log row {seq} (answer).{key}")


def test_an_offer_out_of_its_scale_or_for_an_unknown_issue_is_refused(played, tmp_path) -> None:
    path = _copy(played, tmp_path)
    from sim.classroom.spec import load_exercise

    seq, payload = _rows(path, "answer")[0]
    issue = next(iter(load_exercise(TALKS)[1].issues))
    payload["kind"] = "offer"
    _set_payload(path, seq, json.dumps({**payload, "value": {issue: 99_999_999}}))
    _refused(path, f"log row {seq} (answer).value.{issue}")
    _set_payload(path, seq, json.dumps({**payload, "value": {"atlantis": 1}}))
    _refused(path, f"log row {seq} (answer).value.atlantis: unknown issue")


@pytest.mark.parametrize(
    ("kind", "payload", "key"),
    [
        ("turn", {}, "turn"),
        ("turn", {"turn": "two"}, "turn"),
        ("seat", {"actor": "riyadh"}, "holder"),
        ("seat", {"actor": "atlantis", "holder": "model"}, "actor"),
        ("inject", {"step": 2, "name": "x", "inject": {"label": "no effects"}}, "inject"),
    ],
)
def test_other_damaged_rows_name_their_key(played, tmp_path, kind, payload, key) -> None:
    path = _copy(played, tmp_path)
    rows = _rows(path, kind)
    seq = rows[0][0] if rows else _rows(path, "turn")[0][0]
    db = sqlite3.connect(path)
    db.execute("UPDATE log SET kind=?, payload=? WHERE seq=?", (kind, json.dumps(payload), seq))
    db.commit()
    db.close()
    _refused(path, f"log row {seq} ({kind}).{key}")


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("seed", "seven", "meta.seed"),
        ("seed", "-1", "meta.seed"),
        ("seed", str(2**63), "meta.seed"),
        ("exercise_text", None, "missing 'exercise_text'"),
        ("exercise", None, "missing 'exercise'"),
    ],
)
def test_damaged_meta_is_refused(played, tmp_path, key, value, expected) -> None:
    path = _copy(played, tmp_path)
    db = sqlite3.connect(path)
    if value is None:
        db.execute("DELETE FROM meta WHERE key=?", (key,))
    else:
        db.execute("UPDATE meta SET value=? WHERE key=?", (value, key))
    db.commit()
    db.close()
    _refused(path, expected)


def test_play_resume_on_a_damaged_row_is_one_line_exit_2(played, tmp_path, cli) -> None:
    path = _copy(played, tmp_path)
    seq, payload = _rows(path, "answer")[0]
    _set_payload(path, seq, json.dumps({**payload, "value": 1e300}))
    done = cli("play", "--resume", str(path), cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"error: {path}: log row {seq} (answer).value: ")
    assert done.stderr.count("\n") == 1
