"""Built-in policies: the heuristic behaviour of the model, and scripts that override it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from agents.chance import count_quantile
from agents.decisions import Choice, Decision, Policy


def _chance(decision: Decision, verb: str) -> Choice:
    p, u = decision.context["probability"], decision.context["draw"]
    act = u < p
    return Choice(
        act, f"{verb if act else 'no ' + verb}: draw {u:.3f} {'<' if act else '>='} p {p:.3f}"
    )


class HeuristicPolicy:
    """The model's own behaviour: compare values, follow probabilities, concede at set rates."""

    def decide(self, decision: Decision) -> Choice:
        ctx = decision.context
        match decision.kind:
            case "host":
                ok = ctx["stability"] >= ctx["threshold"]
                sign = ">=" if ok else "<"
                return Choice(ok, f"stability {ctx['stability']:.2f} {sign} {ctx['threshold']:.2f}")
            case "join":
                ok = ctx["trust"] >= ctx["threshold"]
                sign = ">=" if ok else "<"
                return Choice(
                    ok, f"trust {ctx['trust']:.2f} {sign} threshold {ctx['threshold']:.2f}"
                )
            case "offer" if "suggested" in ctx:
                return Choice(dict(ctx["suggested"]), "offer the equilibrium deal")
            case "offer":
                share = ctx["concession"]
                offer = (
                    {
                        issue: position + share * (ctx["last_proposal"][issue] - position)
                        for issue, position in ctx["position"].items()
                    }
                    if ctx.get("last_proposal")
                    else dict(ctx["position"])
                )
                why = (
                    f"concede {share:.2f} toward last proposal"
                    if ctx.get("last_proposal")
                    else ("state own position")
                )
                return Choice(offer, why)
            case "accept":
                better = ctx["value_deal"] >= max(ctx["value_no_deal"], ctx.get("value_wait", -1))
                ratifiable = ctx.get("approval", 1.0) >= ctx.get("approval_needed", 0.0)
                reason = f"deal {ctx['value_deal']:.3f} vs no deal {ctx['value_no_deal']:.3f}"
                if "value_wait" in ctx:
                    reason += f" and waiting {ctx['value_wait']:.3f}"
                if "approval" in ctx:
                    reason += (
                        f"; home approval {ctx['approval']:.2f} of {ctx['approval_needed']:.2f}"
                    )
                return Choice(better and ratifiable, reason)
            case "vote":
                yes = ctx["deal_gap"] <= ctx["quo_gap"] + 1e-12
                sign = "<=" if yes else ">"
                return Choice(
                    yes,
                    f"deal gap {ctx['deal_gap']:.3f} {sign} status quo gap {ctx['quo_gap']:.3f}",
                )
            case "concede":
                share = ctx["suggested"]
                return Choice(share, f"move {share:.3f} toward factions under pressure")
            case "attack":
                n = count_quantile(ctx["rate"], ctx["dispersion"], ctx["draw"])
                return Choice(n, f"{n} attacks: draw {ctx['draw']:.3f}, rate {ctx['rate']:.2f}")
            case "pause":
                switch = ctx["draw"] < ctx["probability"]
                paused = ctx["paused"] != switch
                verb = ("end pause" if ctx["paused"] else "declare pause") if switch else "keep"
                return Choice(
                    paused, f"{verb}: draw {ctx['draw']:.3f} vs p {ctx['probability']:.3f}"
                )
            case "sponsor":
                signal = ctx["suggested"]
                verb = "encourage" if signal > 0 else "restrain"
                return Choice(signal, f"{verb} {abs(signal):.2f}: {ctx['why']}")
            case "spoil" | "strike" | "arrest" | "protest" | "order":
                return _chance(decision, decision.kind)
        raise ValueError(f"unknown decision kind {decision.kind!r}")


@dataclass
class ScriptedPolicy:
    """Fixed answers at given dates (from YAML); anything not scripted falls back."""

    script: dict[tuple[str, str, str | None], Choice]
    fallback: Policy

    def decide(self, decision: Decision) -> Choice:
        scripted = self.script.get((decision.date, decision.kind, decision.track))
        if scripted is None:
            scripted = self.script.get((decision.date, decision.kind, None))
        if scripted is None:
            return self.fallback.decide(decision)
        if decision.kind == "offer" and not isinstance(scripted.value, dict):
            # one number for every issue of the track, in the issue's own units like all offers
            offer = {issue: float(scripted.value) for issue in decision.context["position"]}
            return Choice(offer, scripted.reason)
        if decision.kind in ("concede", "sponsor"):
            return Choice(float(scripted.value), scripted.reason)
        if decision.kind == "attack":  # yes means one attack; a number is a count
            return Choice(max(0, int(scripted.value)), scripted.reason)
        return scripted


def policy_for(spec_name: str, script: Iterable) -> Policy:
    """Build the policy a scenario names for an actor."""
    heuristic = HeuristicPolicy()
    if spec_name == "heuristic":
        return heuristic
    table = {
        (str(item.date), item.decision, item.track): Choice(item.choice, item.reason)
        for item in script
    }
    return ScriptedPolicy(table, heuristic)


def describe(policy: Policy) -> str:
    """Who answers an actor's decisions, for the run's record: ``heuristic``, ``scripted``, or
    the policy's own ``label`` (a person's seat, a named strategy), else its class name."""
    label = getattr(policy, "label", None)
    if isinstance(label, str) and label:
        return label
    if isinstance(policy, HeuristicPolicy):
        return "heuristic"
    if isinstance(policy, ScriptedPolicy):
        return "scripted"
    return type(policy).__name__
