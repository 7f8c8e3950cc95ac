"""Named settings of the spatial bargaining model, spelled as KTAB spells them.

Every setting is a string enum so scenario files and the command line can select it by name;
an unknown name raises ``ValueError`` listing the names that are allowed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any


class VictoryProbModel(StrEnum):
    """How coalition strengths turn into a probability of victory."""

    LINEAR = "Linear"
    SQUARE = "Square"
    QUARTIC = "Quartic"
    OCTIC = "Octic"
    BINARY = "Binary"


class VotingRule(StrEnum):
    """How an actor's difference in utility becomes a vote."""

    BINARY = "Binary"
    PROP_BIN = "PropBin"
    PROP = "Prop"
    PROP_CBC = "PropCbc"
    CUBIC = "Cubic"
    ASYM_PROSP = "ASymProsp"


class PCEModel(StrEnum):
    """How pairwise victory probabilities become the probability each option prevails."""

    CONDITIONAL = "Conditional"
    MARKOV_INCENTIVE = "MarkovIncentive"
    MARKOV_UNIFORM = "MarkovUniform"


class StateTransition(StrEnum):
    """Whether each actor adopts its most likely bargain or draws one at random."""

    DETERMINISTIC = "Deterministic"
    STOCHASTIC = "Stochastic"


class BigRRange(StrEnum):
    """Range onto which win probabilities are mapped as risk attitudes."""

    MIN = "Min"
    MID = "Mid"
    MAX = "Max"


class BigRAdjust(StrEnum):
    """How far an observer's estimate of another's risk attitude is anchored on its own."""

    NONE = "None"
    ONE_THIRD = "OneThird"
    HALF = "Half"
    TWO_THIRDS = "TwoThirds"
    FULL = "Full"


class ThirdPartyCommit(StrEnum):
    """How committed a third party is to the side it joins in a two-actor contest."""

    NO_COMMIT = "NoCommit"
    SEMI_COMMIT = "SemiCommit"
    FULL_COMMIT = "FullCommit"


class InterVecBrgn(StrEnum):
    """Weights used to interpolate a bargain between two positions, dimension by dimension."""

    S1P1 = "S1P1"
    S2P2 = "S2P2"
    S2PMAX = "S2PMax"


class BargainModel(StrEnum):
    """Whose view of the contest shapes the bargain that is put on the table."""

    INIT_ONLY_INTERP = "InitOnlyInterp"
    INIT_RCVR_INTERP = "InitRcvrInterp"
    PW_COMP_INTERP = "PWCompInterp"


def parse_enum(enum_type: type[StrEnum], value: Any, setting: str) -> StrEnum:
    """Accept an enum member or its name (case-insensitive); reject anything else clearly."""
    if isinstance(value, enum_type):
        return value
    if isinstance(value, str):
        wanted = value.strip().lower()
        for member in enum_type:
            if member.value.lower() == wanted or member.name.lower() == wanted:
                return member
    allowed = ", ".join(member.value for member in enum_type)
    raise ValueError(f"unknown {setting} {value!r}; expected one of: {allowed}")


@dataclass(frozen=True)
class SMPOptions:
    """The nine settings of KTAB's SMP; the defaults are KTAB's defaults.

    Strings are converted to the enums on construction, so
    ``SMPOptions(voting_rule="Cubic")`` works and ``SMPOptions(voting_rule="Cube")`` raises.
    """

    victory_prob: VictoryProbModel = VictoryProbModel.LINEAR
    voting_rule: VotingRule = VotingRule.PROP
    pce: PCEModel = PCEModel.CONDITIONAL
    state_transition: StateTransition = StateTransition.DETERMINISTIC
    big_r_range: BigRRange = BigRRange.MID
    big_r_adjust: BigRAdjust = BigRAdjust.ONE_THIRD
    third_party_commit: ThirdPartyCommit = ThirdPartyCommit.SEMI_COMMIT
    inter_vec_brgn: InterVecBrgn = InterVecBrgn.S2P2
    bargain_model: BargainModel = BargainModel.INIT_ONLY_INTERP
    min_turns: int = 2
    max_turns: int = 100
    min_delta_ratio: float = 0.02

    def __post_init__(self) -> None:
        for field in fields(self):
            enum_type = _ENUM_FIELDS.get(field.name)
            if enum_type is not None:
                parsed = parse_enum(enum_type, getattr(self, field.name), field.name)
                object.__setattr__(self, field.name, parsed)
        if not 1 <= self.min_turns <= self.max_turns:
            raise ValueError("need 1 <= min_turns <= max_turns")
        if self.min_delta_ratio < 0:
            raise ValueError("min_delta_ratio must be non-negative")

    @classmethod
    def from_mapping(cls, settings: dict[str, Any] | None) -> SMPOptions:
        """Build options from plain data, e.g. a scenario file; unknown keys are errors."""
        settings = dict(settings or {})
        known = {field.name for field in fields(cls)}
        unknown = sorted(set(settings) - known)
        if unknown:
            raise ValueError(f"unknown SMP option(s): {', '.join(unknown)}")
        return cls(**settings)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable settings (enums as their KTAB names)."""
        return {
            field.name: (value.value if isinstance(value, StrEnum) else value)
            for field in fields(self)
            for value in [getattr(self, field.name)]
        }


_ENUM_FIELDS: dict[str, type[StrEnum]] = {
    "victory_prob": VictoryProbModel,
    "voting_rule": VotingRule,
    "pce": PCEModel,
    "state_transition": StateTransition,
    "big_r_range": BigRRange,
    "big_r_adjust": BigRAdjust,
    "third_party_commit": ThirdPartyCommit,
    "inter_vec_brgn": InterVecBrgn,
    "bargain_model": BargainModel,
}
