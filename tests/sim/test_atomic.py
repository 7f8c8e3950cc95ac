"""Files and folders written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.atomic import atomic_folder, write_text_atomic


def test_a_file_is_written_and_replaced_with_its_folder_made(tmp_path: Path) -> None:
    path = tmp_path / "new" / "a.txt"
    write_text_atomic(path, "one\n")
    write_text_atomic(path, "two\n")
    assert path.read_text(encoding="utf-8") == "two\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.txt"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    write_text_atomic(path, "old\n")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(path, "half \udc80 written")  # a lone surrogate: no UTF-8 for it
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_a_folder_is_swapped_in_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.txt").write_text("old", encoding="utf-8")
    with atomic_folder(out) as staging:
        (staging / "new.txt").write_text("new", encoding="utf-8")
        assert not (out / "new.txt").exists()  # nothing shows before the end
    assert [p.name for p in out.iterdir()] == ["new.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_failed_folder_leaves_the_old_one_and_no_staging(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.txt").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_folder(out) as staging:
        (staging / "new.txt").write_text("new", encoding="utf-8")
        raise RuntimeError("stopped half-way")
    assert [p.name for p in out.iterdir()] == ["old.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
