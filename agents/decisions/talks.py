"""Decisions about talks: propose a round or seek a new track, offer good offices (host),
attend, offer, accept, abandon, and how a bloc votes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from agents.decisions.form import Amounts, AnswerValue, Form, PerIssue
from agents.decisions.question import (
    Advice,
    ByChance,
    Choice,
    Question,
    Wording,
    amounts,
    pct,
)

if TYPE_CHECKING:
    from sim.scenario.schema import Scenario


@dataclass(frozen=True)
class Propose(ByChance, Question):
    """Propose a round of a track this month? Ripeness (Zartman): a way out (the expected gain
    of a round) that is worth more while the stalemate hurts, less the cost of a round:
    rho = gain (1 + hurt) - cost; the model proposes with p = 1 - exp(-rate rho) (0 if rho <= 0)
    when the step's draw falls below p."""

    kind = "propose"
    STANDING = "Call a round of the {track} when it is worth it?"
    gain: float  # P(agree) x credibility x (u(expected deal) - u(status quo ahead)), utility
    hurt: float  # what the stalemate costs: conflict cost x tension (+ home pressure), utility
    cost: float  # what convening a round costs, utility
    probability: float  # chance of proposing this month, 0-1
    draw: float  # the step's uniform draw for this actor and track, 0-1

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        return any(
            actor_id in (*t.parties, t.host, t.mediator) and t.convening is not None
            for t in scenario.tracks.values()
            if t.opens == "open"
        )

    ASKED: ClassVar[str] = "Propose a round of the {track} this month?"
    WORTH: ClassVar[str] = "a round is"
    MODEL: ClassVar[str] = "propose one"

    def describe(self, wording: Wording) -> list[str]:
        return [
            self.ASKED.format(track=wording.track),
            f"  {self.WORTH} worth {100 * self.gain:.0f} points to you on average "
            f"(100 = everything you want); the stalemate costs you {100 * self.hurt:.0f}, "
            f"a round {100 * self.cost:.0f}",
            Advice(f"  the model would {self.MODEL} with probability {pct(self.probability)}"),
            "  answer yes or no",
        ]


@dataclass(frozen=True)
class Seek(Propose):
    """Seek talks on a track that is not open yet (through its host or mediator if it has
    one)? The same ripeness as :class:`Propose`; yes opens the track and convenes its first
    round."""

    kind = "seek"
    STANDING = "Seek talks in the {track}?"

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        return any(
            actor_id in (*t.parties, t.host, t.mediator) and t.opens == "sought"
            for t in scenario.tracks.values()
        )

    ASKED = "Seek talks: open the {track}?"
    WORTH = "talks would be"
    MODEL = "seek them"


@dataclass(frozen=True)
class Host(Question):
    """Offer good offices for this round of a track? Yes when the host's stability reaches its
    threshold and the round is worth something to it: its own expected gain from a deal plus
    the standing hosting brings."""

    kind = "host"
    STANDING = "Host the rounds of the {track}?"
    stability: float  # the host government's stability, 0-1
    threshold: float  # the stability hosting needs, 0-1
    gain: float | None = None  # the host's standing gain from the round, utility

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        return any(t.host == actor_id for t in scenario.tracks.values())

    def heuristic(self) -> Choice:
        sign = ">=" if self.stability >= self.threshold else "<"
        reason = f"stability {self.stability:.2f} {sign} {self.threshold:.2f}"
        if self.gain is not None:
            reason += f"; standing gain {self.gain:.3f}"
        return Choice(self.answer(), reason)

    def answer(self) -> bool:
        """Host when steady enough and the round is worth its standing."""
        return self.stability >= self.threshold and (self.gain is None or self.gain >= 0)

    def describe(self, wording: Wording) -> list[str]:
        lines = [
            f"Host this round of the {wording.track}?",
            f"  your stability {pct(self.stability)}",
            Advice(f"  the model hosts at a stability of {pct(self.threshold)} or more"),
        ]
        if self.gain is not None:
            lines.append(f"  hosting is worth {100 * self.gain:.0f} points to your standing")
        return [*lines, "  answer yes or no"]


@dataclass(frozen=True)
class Join(Question):
    """Attend this round? Yes when trust in the others (with the broker's good offices)
    reaches the actor's threshold."""

    kind = "join"
    STANDING = "Attend the rounds of the {track}?"
    trust: float  # least trust in another party plus the broker's bonus, 0-1 (+ bonus)
    threshold: float  # the actor's join_trust, 0-1

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        return any(actor_id in t.parties for t in scenario.tracks.values())

    def heuristic(self) -> Choice:
        ok = self.answer()
        sign = ">=" if ok else "<"
        return Choice(ok, f"trust {self.trust:.2f} {sign} threshold {self.threshold:.2f}")

    def answer(self) -> bool:
        return self.trust >= self.threshold

    def describe(self, wording: Wording) -> list[str]:
        return [
            f"Attend this round of the {wording.track}?",
            f"  your confidence in the others (with the host's good offices): {pct(self.trust)}",
            Advice(f"  the model attends at a confidence of {pct(self.threshold)} or more"),
            "  answer yes or no",
        ]


@dataclass(frozen=True)
class Offer(Question):
    """The stated position per issue, in the issue's own units. The model concedes a share of
    the way toward the last proposal, or offers the equilibrium deal when one is suggested."""

    kind = "offer"
    STANDING = "Your offer in the {track}"
    FORM = PerIssue({}, {})  # the bounds are the decision's own scales: see form()
    position: Amounts  # the actor's position now, issue units
    last_proposal: Amounts | None  # the last proposal on the table, issue units
    concession: float  # share of the way toward the last proposal, 0-1
    scales: dict[str, tuple[float, float]]  # each issue's min and max, issue units
    suggested: Amounts | None = None  # alternating offers: the equilibrium offer, issue units
    rounds_left: int | None = None  # alternating offers: offers left, this one included
    reservation: float | None = None  # alternating offers: value of walking away, utility

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        return any(actor_id in t.parties for t in scenario.tracks.values())

    def heuristic(self) -> Choice:
        if self.suggested is not None:
            return Choice(dict(self.suggested), "offer the equilibrium deal")
        share, last = self.concession, self.last_proposal
        if last:
            offer = {
                issue: position + share * (last[issue] - position)
                for issue, position in self.position.items()
            }
            return Choice(offer, f"concede {share:.2f} toward last proposal")
        return Choice(dict(self.position), "state own position")

    def describe(self, wording: Wording) -> list[str]:
        lines = [f"Your offer in the {wording.track}:"]
        for issue, (low, high) in self.scales.items():
            lines.append(
                f"  {wording.issue_label(issue)}, {low:,.0f} to {high:,.0f} "
                f"{wording.issue_units(issue)}"
            )
            lines.append(f"    your position now: {wording.amount(issue, self.position[issue])}")
            if self.last_proposal:
                lines.append(
                    "    last proposal on the table: "
                    f"{wording.amount(issue, self.last_proposal[issue])}"
                )
            if self.suggested is not None:
                lines.append(
                    Advice(
                        "    the offer the other side should accept at once: "
                        f"{wording.amount(issue, self.suggested[issue])}"
                    )
                )
        if self.rounds_left is not None:
            lines.append(f"  offers left before the talks lapse: {self.rounds_left}")
        lines.append("  answer a number in the issue's units")
        return lines

    def form(self) -> Form:
        start = self.suggested if self.suggested is not None else self.position
        return PerIssue(dict(self.scales), {i: float(start[i]) for i in self.scales})

    def scripted(self, value: bool | float) -> AnswerValue:
        # one number for every issue of the track, in the issue's own units like all offers
        return {issue: float(value) for issue in self.position}


@dataclass(frozen=True)
class Accept(Question):
    """Accept the deal on the table? Yes when it is worth at least walking away (and, in
    alternating offers, waiting) and, where parliament must ratify, enough seats approve."""

    kind = "accept"
    STANDING = "Accept a deal put to you in the {track}?"
    value_deal: float  # utility of the deal plus the broker's bonus (1 = all one wants)
    value_no_deal: float  # utility of the status quo less the cost of conflict
    deal: Amounts  # the deal, issue units
    value_wait: float | None = None  # alternating offers: refusing and proposing next
    rounds_left: int | None = None  # alternating offers: offers left, this one included
    approval: float | None = None  # share of seats that would vote for it, 0-1
    approval_needed: float | None = None  # share of seats ratification needs, 0-1

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        return any(
            actor_id in (t.must_accept if t.must_accept is not None else t.parties)
            for t in scenario.tracks.values()
        )

    def heuristic(self) -> Choice:
        needed = 0.0 if self.approval_needed is None else self.approval_needed
        reason = f"deal {self.value_deal:.3f} vs no deal {self.value_no_deal:.3f}"
        if self.value_wait is not None:
            reason += f" and waiting {self.value_wait:.3f}"
        if self.approval is not None:
            reason += f"; home approval {self.approval:.2f} of {needed:.2f}"
        return Choice(self.answer(), reason)

    def answer(self) -> bool:
        """Accept a deal worth at least no deal and waiting, that home would approve."""
        wait = -1.0 if self.value_wait is None else self.value_wait
        better = self.value_deal >= max(self.value_no_deal, wait)
        approval = 1.0 if self.approval is None else self.approval
        needed = 0.0 if self.approval_needed is None else self.approval_needed
        return better and approval >= needed

    def describe(self, wording: Wording) -> list[str]:
        lines = [
            f"Accept the deal in the {wording.track}: {amounts(wording, self.deal)}?",
            f"  the deal is worth {100 * self.value_deal:.0f} points to you, "
            f"no deal {100 * self.value_no_deal:.0f} (100 = everything you want)",
        ]
        if self.value_wait is not None:
            lines.append(
                f"  refusing and proposing next round is worth "
                f"{100 * self.value_wait:.0f}; offers left: {self.rounds_left}"
            )
        if self.approval is not None:
            needed = 0.0 if self.approval_needed is None else self.approval_needed
            lines.append(
                f"  parliament: {pct(self.approval)} of seats would vote for it; "
                f"it needs {pct(needed)}"
            )
        return [*lines, "  answer yes or no"]


@dataclass(frozen=True)
class Abandon(Question):
    """Abandon the track? After ``patience`` rounds in a row without an agreement (refusals
    included), a party abandons when a round is worth nothing to it any more (gain <= 0: no
    deal in reach is better than where things are heading); a track all parties abandon ends."""

    kind = "abandon"
    STANDING = "Abandon the {track}?"
    failures: int  # rounds in a row without an agreement, refusals included
    patience: int  # rounds without agreement the party sits through before it may leave
    gain: float  # what a round is still worth to it, utility (as in Propose)

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        return any(
            actor_id in t.parties and t.convening is not None for t in scenario.tracks.values()
        )

    def heuristic(self) -> Choice:
        tired = self.failures >= self.patience
        leave = tired and self.gain <= 0
        return Choice(
            leave,
            f"{self.failures} rounds without agreement (patience {self.patience}); "
            f"gain {self.gain:.3f} {'<=' if self.gain <= 0 else '>'} 0",
        )

    def describe(self, wording: Wording) -> list[str]:
        return [
            f"Abandon the {wording.track}?",
            f"  {self.failures} rounds in a row without agreement; a round is worth "
            f"{100 * self.gain:.0f} points to you (100 = everything you want)",
            Advice("  the model leaves once a round is worth nothing to it"),
            "  answer yes or no",
        ]


@dataclass(frozen=True)
class Defect(Question):
    """Walk away from an agreement being carried out? Asked of a party when the rest of the
    deal is worth less to it than stopping where things are now; the model defects when that
    loss exceeds the cost of breaking its word. Defection voids the deal's remaining steps (on
    every issue of the package) and costs the defector the others' trust."""

    kind = "defect"
    STANDING = "Walk away from your agreement in the {track}?"
    value_keep: float  # utility of the deal carried out, 0-1
    value_stop: float  # utility of stopping where things are now, 0-1
    cost: float  # what breaking one's word costs, utility
    deal: Amounts  # where the deal takes its issues, issue units

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        return any(actor_id in t.parties for t in scenario.tracks.values())

    def heuristic(self) -> Choice:
        loss = self.value_stop - self.value_keep
        walk = loss > self.cost
        sign = ">" if walk else "<="
        return Choice(walk, f"loss of keeping {loss:.3f} {sign} cost of defecting {self.cost:.3f}")

    def describe(self, wording: Wording) -> list[str]:
        return [
            f"Walk away from the {wording.track} agreement ({amounts(wording, self.deal)})?",
            f"  carried out it is worth {100 * self.value_keep:.0f} points to you; stopping "
            f"now {100 * self.value_stop:.0f}; breaking your word costs {100 * self.cost:.0f}",
            Advice("  the model walks away when stopping gains more than its word costs"),
            "  answer yes or no",
        ]


@dataclass(frozen=True)
class Vote(Question):
    """How the parliamentary bloc that follows this actor votes on a deal to ratify: yes when
    the deal is no farther from the bloc's stances than the status quo."""

    kind = "vote"
    STANDING = "Your MPs vote for a deal of the {track}?"
    government: str  # the ratifying government
    bloc: str  # the bloc that follows the actor
    seats: float  # the bloc's seats
    deal_gap: float  # distance of the deal from the bloc's stances, 0-1
    quo_gap: float  # distance of the status quo from the bloc's stances, 0-1
    deal: Amounts  # the deal, issue units

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        """A bloc follows the actor in a parliament that ratifies some track's deals."""
        follows = any(
            bloc.follows == actor_id
            for gov in scenario.actors.values()
            if gov.domestic is not None and gov.domestic.parliament is not None
            for bloc in gov.domestic.parliament.blocs.values()
        )
        return follows and any(t.ratification for t in scenario.tracks.values())

    def heuristic(self) -> Choice:
        yes = self.deal_gap <= self.quo_gap + 1e-12
        sign = "<=" if yes else ">"
        return Choice(yes, f"deal gap {self.deal_gap:.3f} {sign} status quo gap {self.quo_gap:.3f}")

    def describe(self, wording: Wording) -> list[str]:
        closer = "closer to" if self.deal_gap <= self.quo_gap else "farther from"
        vote = "yes" if closer == "closer to" else "no"
        return [
            f"How do your {self.seats:.0f} MPs "
            f"({wording.bloc_name(self.government, self.bloc)}) vote on the deal: "
            f"{amounts(wording, self.deal)}?",
            Advice(f"  the model votes {vote}: the deal is {closer} what you want than now"),
            "  answer yes or no",
        ]
