"""Figure helpers with numbers derived by hand, and every figure drawn for a short run."""

import pytest

from sim.plots import save_figures
from sim.plots.canvas import spans
from sim.plots.labels import group_coinciding, group_label, spread
from sim.plots.marks import round_marks
from sim.runner import run_scenario
from sim.scenario import load_scenario
from sim.scenario_ids import resolve


def test_coinciding_series_share_one_group_in_first_seen_order():
    groups = group_coinciding(
        {"a": [0, 0, 0], "b": [5, 5, 5], "c": [0, 0.004, 0], "d": [0, 0, 1]}, tolerance=0.005
    )
    assert [g.members for g in groups] == [["a", "c"], ["b"], ["d"]]


def test_group_labels_count_members_and_name_three_factions_together():
    kinds = ["state", "faction", "faction", "faction"]
    assert group_label(["Tehran", "KH", "Badr", "Nujaba"], kinds) == "Tehran, factions (4)"
    assert group_label(["KH", "Nujaba"], ["faction", "faction"]) == "KH, Nujaba (2)"
    assert group_label(["Erbil"], ["government"]) == "Erbil"


def test_labels_are_spread_at_least_a_gap_apart_within_the_axis():
    # 0, 0.01 and 0.02 with a gap of 0.1 -> 0, 0.1, 0.2; at the top edge they are pushed down
    assert spread([0.0, 0.01, 0.02], 0.1, 0.0, 1.0) == pytest.approx([0.0, 0.1, 0.2])
    assert spread([1.0, 0.99], 0.1, 0.0, 1.0) == pytest.approx([1.0, 0.9])


def test_spans_are_runs_of_flags():
    assert spans([0, 1, 1, 0, 1]) == [(1, 2), (4, 4)]


def test_every_figure_is_drawn_and_rounds_are_marked_by_result(tmp_path):
    result = run_scenario(load_scenario(resolve("regional_mediation-spoiler_attack")))
    names = sorted(p.name for p in save_figures(result, tmp_path))
    assert names == [
        "domestic.png",
        "positions_faction_integration.png",
        "positions_iran_saudi_ties.png",
        "positions_us_troops.png",
        "status_quo.png",
        "trust.png",
        "violence.png",
    ]
    kinds = [m.kind for m in round_marks(result, "iran_saudi_talks")]
    rounds = result.outcomes["tracks"]["iran_saudi_talks"]["rounds"]
    assert (
        kinds.count("refused") == rounds["refused"] and kinds.count("spoiled") == rounds["spoiled"]
    )
    assert all((tmp_path / n).stat().st_size > 10_000 for n in names)


def test_month_ticks_fall_on_regular_calendar_months():
    from sim.plots.canvas import month_ticks

    # a run from 2020-05, its first month recorded twice (start and end of the month): 31
    # rows over 30 months -> every 6th month, January and July, each at its first row
    labels = ["2020-05", *(f"{2020 + (4 + i) // 12}-{(4 + i) % 12 + 1:02d}" for i in range(30))]
    rows = month_ticks(labels)
    assert [labels[r] for r in rows] == ["2020-07", "2021-01", "2021-07", "2022-01", "2022-07"]
    assert rows == [3, 9, 15, 21, 27]
    assert month_ticks(["2021-02", "2021-03", "2021-04"]) == [0, 1, 2]  # short: every month
    assert month_ticks(["a", "b", "c", "d", "e", "f", "g"]) == [0, 1, 2, 3, 4, 5, 6]


def test_a_line_beneath_others_that_meet_it_is_wider():
    from sim.plots.labels import layered_widths, meets

    groups = group_coinciding({"a": [0, 1, 2], "b": [5, 1, 9], "c": [0, 7, 7]}, 0.01)
    # a meets b (step 1) and c (step 0): two steps wider; b meets nothing later; c is on top
    assert layered_widths(groups, 0.01, 1.0, 0.5) == [2.0, 1.0, 1.0]
    assert meets([0, 1], [3, 1.005], 0.01) and not meets([0, 1], [3, 2], 0.01)


def test_a_trust_pair_has_one_style_in_every_panel():
    from sim.plots.canvas import pair_styles
    from sim.plots.trust import panels

    result = run_scenario(load_scenario(resolve("baseline_2020")), steps=3)
    styles = pair_styles(result)
    assert len(set(styles.values())) == len(styles)  # no two pairs alike
    in_panels = [pair for _, _, pairs in panels(result) for pair in pairs]
    assert len(in_panels) > len(set(in_panels))  # a pair shown twice gets its one style twice


def test_a_trust_pair_has_its_own_colour_in_every_scenario_and_never_an_actors():
    from sim.plots.canvas import PALETTE, pair_styles

    # Tehran -> Riyadh is the 3rd trust column in baseline_2020 and the 1st in the spoiler
    # scenario: by column order it had two colours, by its own ids it has one
    base = run_scenario(load_scenario(resolve("baseline_2020")), steps=1)
    spoiler = run_scenario(load_scenario(resolve("regional_mediation-spoiler_attack")), steps=1)
    trust_columns = [c for c in base.columns if c.startswith("trust:")]
    assert trust_columns.index("trust:tehran:riyadh") == 2
    assert next(c for c in spoiler.columns if c.startswith("trust:")) == "trust:tehran:riyadh"
    in_base, in_spoiler = pair_styles(base), pair_styles(spoiler)
    assert set(in_spoiler) < set(in_base)
    assert all(in_spoiler[pair] == in_base[pair] for pair in in_spoiler)
    assert not {colour for colour, _ in [*in_base.values(), *in_spoiler.values()]} & set(PALETTE)


def test_pair_looks_do_not_depend_on_order_and_pairs_sharing_a_colour_differ_by_line():
    from sim.plots.canvas import PAIR_PALETTE, PAIR_STYLES, pair_colour, pair_looks

    pairs = [("tehran", "baghdad"), ("riyadh", "tehran"), ("washington", "baghdad")]
    assert pair_looks(pairs) == pair_looks(pairs[::-1])
    assert pair_looks(pairs)[("tehran", "baghdad")] == (pair_colour(("tehran", "baghdad")), "-")
    # 4 pairs per colour at least once: more pairs than colours, so some share one
    many = [(f"a{i}", f"b{i}") for i in range(2 * len(PAIR_PALETTE))]
    looks = pair_looks(many)
    assert all(looks[p][0] == pair_colour(p) for p in many)  # a pair keeps its own colour
    by_colour: dict[str, list[str]] = {}
    for pair in sorted(many):
        by_colour.setdefault(looks[pair][0], []).append(looks[pair][1])
    # within a colour the lines run solid, dashed, dotted, dash-dot
    assert all(styles == list(PAIR_STYLES[: len(styles)]) for styles in by_colour.values())
    assert any(len(styles) > 1 for styles in by_colour.values())


def test_home_front_injects_are_those_with_a_domestic_effect_on_the_government():
    from sim.plots.domestic import home_injects

    result = run_scenario(load_scenario(resolve("baseline_2020")), steps=16)
    found = home_injects(result)
    assert (11, "Oil income recovers") in found  # income -> the fiscal stress step
    effects = [e for e in result.events if e["type"] == "effect"]
    assert all(
        any(e["cause"] == label and e["kind"] == "domestic" for e in effects) for _, label in found
    )
    assert "White House visit; Taji handed over" not in {label for _, label in found}  # trust


def test_a_trust_line_that_another_joins_is_drawn_wider_beneath_it():
    from sim.plots.trust import LINE, WIDER, panel_lines

    lines = panel_lines(
        {
            ("tehran", "baghdad"): [0.5, 0.5, 0.6, 0.6],  # rises onto Riyadh's line at step 2
            ("riyadh", "baghdad"): [0.6, 0.6, 0.6, 0.6],
            ("washington", "tehran"): [0.02, 0.02, 0.02, 0.02],
            ("tehran", "washington"): [0.021, 0.021, 0.021, 0.021],  # within 0.005 all along
        }
    )
    assert [(g.members, w) for g, w in lines] == [
        ([("tehran", "baghdad")], LINE + WIDER),  # beneath, wider: it shows on both sides
        ([("riyadh", "baghdad")], LINE),
        ([("washington", "tehran"), ("tehran", "washington")], LINE),  # one line, one label
    ]


def test_violence_legend_shows_campaign_boxes_in_the_colours_drawn(tmp_path, monkeypatch):
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import to_hex

    import sim.plots.violence as violence

    drawn = []
    monkeypatch.setattr(violence, "save", lambda fig, path, dpi: drawn.append(fig) or path)
    result = run_scenario(load_scenario(resolve("baseline_2020")))
    levels = {
        lv for f in ("kataib_hezbollah", "badr") for lv in violence.campaign_levels(result, f)
    }
    assert {"suspend", "escalate"} <= levels  # the seed's run has both kinds of box
    violence.violence_figure(result, tmp_path / "violence.png", 50)
    fig = drawn[0]
    legend = {h.get_label(): h for h in fig.legends[0].legend_handles}
    strip = fig.axes[-1]
    boxes = [c for c in strip.collections if isinstance(c, PolyCollection)]
    for label, hatch in (("campaign suspended", "////"), ("campaign escalated", None)):
        key = to_hex(legend[label].get_edgecolor())
        edges = {
            to_hex(c.get_edgecolor()[0])
            for c in boxes
            if c.get_hatch() == hatch and not c.get_facecolor().any()
        }
        assert edges == {key}, label


def test_values_in_issue_units_have_thousands_separators():
    from sim.plots.canvas import grouped

    assert [grouped(v) for v in (5200.0, 12500, 0.25, -0.0, 0.1 + 0.2)] == [
        "5,200",
        "12,500",
        "0.25",
        "0",
        "0.3",
    ]
