"""``solara run sim/viz/app.py``: the baseline scenario's interactive view.

``CROSSROADS_SCENARIO`` (an id, as ``run.py list`` prints) and ``CROSSROADS_SEED`` choose
another scenario or seed."""

import os

from sim.viz.page import page as make_page

seed = os.environ.get("CROSSROADS_SEED")
page = make_page(
    os.environ.get("CROSSROADS_SCENARIO", "baseline_2020"), int(seed) if seed else None
)
