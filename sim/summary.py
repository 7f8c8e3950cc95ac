"""The short summary a run prints on the terminal."""

from __future__ import annotations

from pathlib import Path

from sim.results import RunResult


def plural(n: int, word: str) -> str:
    """``1 round``, ``2 rounds``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_text(result: RunResult, folder: Path | None = None) -> str:
    """A few lines: what ran, the agreements, where issues ended, violence, stability."""
    meta = result.resolved["meta"]
    out = result.outcomes
    issues = result.resolved["issues"]
    lines = [
        f"{meta['title']}  ({out['start']} to {out['end']}, "
        f"{out['steps']} steps, seed {result.seed})"
    ]
    for track_id, track in out["tracks"].items():
        state = f"first agreement {track['first_agreement']}" if track["agreed"] else "no agreement"
        if track["settled"]:
            state += ", settled"
        rounds = track["rounds"]
        tally = ", ".join(f"{n} {result}" for result, n in rounds.items() if n)
        lines.append(
            f"  track {track_id}: {plural(track['rounds_held'], 'round')} held"
            f"{' (' + tally + ')' if tally else ''}; {state}"
        )
    for issue, value in out["final_status_quo"].items():
        lines.append(f"  {issues[issue]['label']}: {value:,.0f} {issues[issue]['units']}")
    v = out["violence"]
    lines.append(
        f"  violence: {plural(v['attacks'], 'attack')}, {plural(v['strikes'], 'strike')}, "
        f"{plural(v['arrests'], 'arrest')}, {plural(v['spoils'], 'spoiled round')}"
    )
    if "stability" in out:
        s = out["stability"]
        lines.append(f"  stability: final {s['final']:.2f} (min {s['min']:.2f})")
    if folder is not None:
        lines.append(f"  written to {folder}/")
    return "\n".join(lines)
