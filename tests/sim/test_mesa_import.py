"""Mesa imported for a command-line run: pandas and scipy.spatial wait until used, and still
work when used."""

import subprocess
import sys

SCRIPT = """
import sys
from sim.mesa_import import import_mesa
mesa = import_mesa()
print("pandas" in sys.modules, "scipy.spatial" in sys.modules, "tqdm.auto" in sys.modules)
from mesa.experimental.continuous_space import continuous_space
print(float(continuous_space.cdist([[0.0, 0.0]], [[3.0, 4.0]])[0][0]))
import mesa.datacollection
print(type(mesa.datacollection.pd.DataFrame({"a": [1]})).__name__, "scipy.spatial" in sys.modules)
import pandas
print(pandas.DataFrame is mesa.datacollection.pd.DataFrame)
import mesa.batchrunner
print(list(mesa.batchrunner.tqdm(range(2), disable=True)))
"""


def test_mesa_loads_without_pandas_and_scipy_which_load_on_first_use():
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[0] == "False False False"  # none loaded by the import
    assert out[1] == "5.0"  # cdist works through the stand-in (a 3-4-5 triangle)
    assert out[2] == "DataFrame True"  # pandas works through the stand-in
    assert out[3] == "True"  # a later import gets the same, real pandas
    assert out[4] == "[0, 1]"  # batch_run's progress bar works through its stand-in
