"""The printable debrief carries its images inside: no file beside it is needed."""

from __future__ import annotations

import base64

from sim.classroom.printable import inline_images, write_printable


def test_each_local_png_becomes_a_data_uri_and_nothing_else_changes(tmp_path) -> None:
    (tmp_path / "fan_a.png").write_bytes(b"\x89PNG one")
    (tmp_path / "b.png").write_bytes(b"\x89PNG two")
    page = '<img src="fan_a.png" alt="a"><p>src="x"</p><img src="b.png">'
    one = base64.b64encode(b"\x89PNG one").decode()
    two = base64.b64encode(b"\x89PNG two").decode()
    assert inline_images(page, tmp_path) == (
        f'<img src="data:image/png;base64,{one}" alt="a"><p>src="x"</p>'
        f'<img src="data:image/png;base64,{two}">'
    )
    written = write_printable(page, tmp_path)
    assert written.name == "debrief.html" and "fan_a.png" not in written.read_text()
