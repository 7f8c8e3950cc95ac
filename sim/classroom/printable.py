"""The debrief as one file: the page with every figure inlined as a ``data:`` URI, so it opens,
prints and travels (a run zip, an e-mail) without the folder of images beside it."""

from __future__ import annotations

import base64
import re
from pathlib import Path

IMAGE = re.compile(r'src="([A-Za-z0-9_.-]+\.png)"')
NAME = "debrief.html"


def inline_images(page: str, folder: Path) -> str:
    """``page`` with each ``src="name.png"`` of ``folder`` replaced by the image's bytes."""

    def data(match: re.Match[str]) -> str:
        encoded = base64.b64encode((folder / match.group(1)).read_bytes()).decode("ascii")
        return f'src="data:image/png;base64,{encoded}"'

    return IMAGE.sub(data, page)


def write_printable(page: str, folder: Path) -> Path:
    """Write ``folder/debrief.html``: the page whole, images inside."""
    path = folder / NAME
    path.write_text(inline_images(page, folder), encoding="utf-8")
    return path
