"""The short summary a run prints on the terminal."""

from __future__ import annotations

from pathlib import Path

from sim.results import RunResult

#: results of a round the parties sat down for, in the order the summary names them
HELD = ("agreed", "settled", "rejected", "failed", "stalled")


def plural(n: int, word: str) -> str:
    """``1 round``, ``2 rounds``, ``0 rounds``."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def rounds_text(track: dict) -> str:
    """``5 rounds held (4 agreed, 1 stalled), 2 refused, 1 spoiled``: every round counted once
    by its result; a refusal is a round not held; a spoil counts rounds spoiled after they
    were held."""
    rounds = track["rounds"]
    held = ", ".join(f"{rounds[r]} {r}" for r in HELD if rounds.get(r))
    text = plural(track["rounds_held"], "round") + " held" + (f" ({held})" if held else "")
    for extra in ("refused", "spoiled"):
        if rounds.get(extra):
            text += f", {rounds[extra]} {extra}"
    return text


def strikes_text(result: RunResult, strikes: int) -> str:
    """``4 strikes (then 1 suspension, 2 escalations)``: what the struck factions decided
    next, as deterrence and provocation are their decisions."""
    answers = [e.get("level") for e in result.events if e["type"] == "campaign" and e.get("struck")]
    parts = [
        plural(n, word)
        for word, n in (
            ("suspension", answers.count("suspend")),
            ("escalation", answers.count("escalate")),
        )
        if n
    ]
    return plural(strikes, "strike") + (f" (then {', '.join(parts)})" if parts else "")


def summary_text(result: RunResult, folder: Path | None = None) -> str:
    """A few lines: what ran, the rounds and agreements, where issues ended, violence,
    stability."""
    meta = result.resolved["meta"]
    out = result.outcomes
    issues = result.resolved["issues"]
    lines = [
        f"{meta['title']}  ({out['start']} to {out['end']}, "
        f"{plural(out['steps'], 'step')}, seed {result.seed})"
    ]
    for track_id, track in out["tracks"].items():
        state = f"first agreement {track['first_agreement']}" if track["agreed"] else "no agreement"
        if track["settled"]:
            state += ", settled"
        lines.append(f"  track {track_id}: {rounds_text(track)}; {state}")
    for issue, value in out["final_status_quo"].items():
        lines.append(f"  {issues[issue]['label']}: {value:,.0f} {issues[issue]['units']}")
    v = out["violence"]
    lines.append(
        f"  violence: {plural(v['attacks'], 'attack')}, {strikes_text(result, v['strikes'])}, "
        f"{plural(v['arrests'], 'arrest')}, {plural(v['spoils'], 'spoiled round')}"
    )
    if "stability" in out:
        s = out["stability"]
        lines.append(f"  stability: final {s['final']:.2f} (min {s['min']:.2f})")
    if folder is not None:
        lines.append(f"  written to {folder}/")
    return "\n".join(lines)
