"""docs/architecture.md against the import contracts in pyproject.toml: the page's layer table
must list the contract's layers, in order, with the same modules, and every module of the
packages must sit in a layer (so a new module cannot slip past the contracts unnoticed)."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "architecture.md"
LAYER_NAMES = ("interfaces", "services", "engine", "core")
# Package roots whose own __init__ re-exports modules that sit in several layers.
ROOTS = {"sim", "agents", "sim.bargaining"}


def contract_layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (layers,) = [c["layers"] for c in contracts if c["type"] == "layers"]
    return [[name.strip() for name in layer.split(":")] for layer in layers]


def page_layers() -> dict[str, list[str]]:
    text = PAGE.read_text(encoding="utf-8")
    table = text.split("<!-- layers: start -->")[1].split("<!-- layers: end -->")[0]
    rows = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] in LAYER_NAMES:
            rows[cells[0]] = re.findall(r"`([\w.]+)`", cells[1])
    return rows


def modules() -> list[str]:
    found = []
    for root in ("sim", "agents"):
        for path in (ROOT / root).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found.append(".".join(parts))
    return sorted(found)


def test_the_page_lists_the_contract_s_layers_in_order_with_the_same_modules():
    assert page_layers() == dict(zip(LAYER_NAMES, contract_layers(), strict=True))


def test_every_module_sits_in_a_layer():
    entries = [name for layer in contract_layers() for name in layer]
    outside = [
        module
        for module in modules()
        if module not in ROOTS
        and not any(module == entry or module.startswith(entry + ".") for entry in entries)
    ]
    assert outside == []


def test_the_files_the_page_names_exist():
    text = PAGE.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:sim|agents|tests)/[\w/]+\.py)`", text))
    assert named, "the page names no files"
    assert [path for path in sorted(named) if not (ROOT / path).is_file()] == []
