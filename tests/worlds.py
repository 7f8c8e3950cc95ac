"""A small hand-built world for unit tests, and step draws chosen by hand.

The world is built by the real builder from a short scenario, so a test exercises the same code
as a run; the draws are set cell by cell so each mechanism can be checked with numbers derived
by hand.
"""

from __future__ import annotations

import numpy as np

from sim.model import CrossroadsModel
from sim.phases.draws import ACTOR_COLUMNS, StepDraws
from sim.scenario.load import load_scenario
from sim.world import World

SMALL = """\
meta: {title: Small world, summary: six actors and two tracks for unit tests}
calendar: {start: 2021-01, steps: 12}
seed: 1
issues:
  troops: {label: Troops, min: 0, max: 1000, units: troops, status_quo: 1000}
  ties: {label: Ties, min: 0, max: 100, units: index, status_quo: 20}
  command: {label: Command, min: 0, max: 100, units: index, status_quo: 40}
government: baghdad
actors:
  baghdad:
    name: Baghdad
    kind: government
    capability: 0.5
    positions:
      troops: {position: 500, salience: 1.0}
      ties: {position: 80, salience: 0.5}
      command: {position: 100, salience: 0.5}
    trust: {washington: 0.6, tehran: 0.5, riyadh: 0.7}
    domestic:
      stability: 0.5
      spending: 2.0
      income: 1.0
      arrest_resolve: 0.8
      home_concession: 0.2
      caretaker_weight: 0.2
      formation_chance: 0.3
      parliament:
        quorum: 0.5
        faction_veto: 0.2
        blocs:
          pro: {name: Pro, seats: 60, positions: {troops: {position: 400, salience: 1.0}}}
          anti: {name: Anti, seats: 40, follows: kh}
  washington:
    name: Washington
    kind: state
    capability: 1.0
    positions: {troops: {position: 600, salience: 0.8}, command: {position: 100, salience: 0.5}}
    trust: {baghdad: 0.6, kh: 0.0}
    behaviour:
      strike_resolve: 0.5
      strike_threshold: 3
      attack_concession: 0.1
      order_issues: {troops: decrease}
      order_propensity: 0.4
      order_gap: 0.1
      order_months: 2
  tehran:
    name: Tehran
    kind: state
    capability: 0.8
    positions: {troops: {position: 0, salience: 1.0}, ties: {position: 60, salience: 1.0}}
    trust: {riyadh: 0.3, baghdad: 0.5, kh: 0.9}
    behaviour: {proxy_control: 0.5, concession: 0.5}
  riyadh:
    name: Riyadh
    kind: state
    capability: 0.6
    positions: {ties: {position: 40, salience: 1.0}}
    trust: {tehran: 0.5, baghdad: 0.8}
    behaviour: {concession: 0.5}
  kh:
    name: KH
    kind: faction
    capability: 0.4
    positions: {troops: {position: 0, salience: 1.0}, command: {position: 0, salience: 1.0}}
    trust: {tehran: 0.9, washington: 0.0}
    behaviour:
      attack_propensity: 0.5
      spoiler_propensity: 0.5
      revenge: 0.2
      grievance_memory: 0.5
      target: washington
      patron: tehran
      pause_propensity: 0.5
      pause_end: 0.4
  sadrists:
    name: Sadrists
    kind: movement
    capability: 0.3
    positions: {troops: {position: 0, salience: 1.0}}
    behaviour: {protest_propensity: 0.5}
tracks:
  dialogue:
    label: Dialogue
    issues: [troops]
    parties: [baghdad, washington]
    protocol: {name: compromise}
    rounds: [2021-02]
    ratification: [baghdad]
    schedule: [{months: 2, share: 0.5}, {months: 4, share: 1.0}]
  talks:
    label: Talks
    issues: [ties]
    parties: [tehran, riyadh]
    host: baghdad
    protocol: {name: compromise}
    every: 2
    agreement_chance: 0.5
    mediation_bonus: 0.2
    step_limit: {ties: 10}
    confidence_building: {rate: 0.5, toward: max, trust_reference: 0.2}
dynamics:
  tension: 0.4
  tension_cooling: 0.5
  attack_rate: 10
  attack_dispersion: null
  attack_tension: 0.1
  attack_trust_loss: 0.01
  attack_stability_loss: 0.02
  strike_tension: 0.2
  strike_deterrence: 0.3
  strike_capability_loss: 0.5
  strike_trust_loss: 0.1
  strike_stability_loss: 0.05
  arrest_deterrence: 0.2
  deterrence_decay: 0.5
  integration_issue: command
  arrest_integration: 5
  attack_integration: 1
  round_trust_gain: 0.02
  agreement_trust_gain: 0.05
  fail_trust_loss: 0.1
  round_trust_weight: 0.5
  round_host_weight: 0.5
  round_tension_weight: 0.5
  round_failure: 0.5
"""


def small_world(tmp_path, sets: list[str] | None = None) -> World:
    """The small world at step 1 (before any phase has run)."""
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    model = CrossroadsModel(load_scenario(path, sets or []))
    model.world.clock.step = 1
    return model.world


def draws(
    world: World,
    actor: dict[tuple[str, str], float] | None = None,
    rounds: dict[str, float] | None = None,
    spoil: dict[tuple[str, str], float] | None = None,
    rules: float = 0.999,
    convene: dict[tuple[str, str], float] | None = None,
) -> StepDraws:
    """Draws where nothing happens unless a test says so: no attacks (u = 0 gives a count of
    0), every chance missed (u = 0.999), every round stalled."""
    table = np.full((len(world.actors), len(ACTOR_COLUMNS)), 0.999)
    table[:, ACTOR_COLUMNS.index("attack")] = 0.0
    for (actor_id, column), value in (actor or {}).items():
        table[world.index(actor_id), ACTOR_COLUMNS.index(column)] = value
    tracks = list(world.tracks)
    round_draws = np.full(max(len(tracks), 1), 0.999)
    for track_id, value in (rounds or {}).items():
        round_draws[tracks.index(track_id)] = value
    spoil_draws = np.full((len(world.actors), max(len(tracks), 1)), 0.999)
    for (actor_id, track_id), value in (spoil or {}).items():
        spoil_draws[world.index(actor_id), tracks.index(track_id)] = value
    convene_draws = np.full((len(world.actors), max(len(tracks), 1)), 0.999)
    for (actor_id, track_id), value in (convene or {}).items():
        convene_draws[world.index(actor_id), tracks.index(track_id)] = value
    return StepDraws(
        actor=table,
        spoil=spoil_draws,
        rounds=round_draws,
        rules=np.full(max(len(world.rules), 1), rules),
        track_seeds=np.arange(max(len(tracks), 1)),
        convene=convene_draws,
    )
