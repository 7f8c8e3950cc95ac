"""Named settings of the spatial bargaining model, spelled as KTAB spells them.

Every setting is a string enum so scenario files and the command line can select it by name;
an unknown name raises ``ValueError`` listing the names that are allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any, ClassVar, TypeVar


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


OptionValue = str | int | float | bool
"""One option's value as a scenario file or the command line gives it."""

ParsedOption = StrEnum | int | float
"""One option's value in its setting's type: an enum member, a whole or a real number."""

T = TypeVar("T")


class OptionError(ValueError):
    """An option a model refuses; ``key`` names it (None when the options clash as a whole)."""

    def __init__(self, key: str | None, message: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Setting:
    """One option a bargaining model declares: its name, its type (an enum of names, a whole
    number or a real number) and, for numbers, its range."""

    name: str
    kind: type[StrEnum] | type[int] | type[float]
    low: float | None = None
    high: float | None = None

    def parse(self, value: OptionValue) -> StrEnum | int | float:
        """The value in the option's type; OptionError names the option otherwise."""
        kind = self.kind
        if issubclass(kind, StrEnum):
            try:
                return parse_enum(kind, value, self.name)
            except ValueError as error:
                raise OptionError(self.name, str(error)) from None
        number: int | float
        if kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise OptionError(self.name, f"{self.name} must be a whole number, not {value!r}")
            number = value
        else:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise OptionError(self.name, f"{self.name} must be a number, not {value!r}")
            number = float(value)
        if (self.low is not None and number < self.low) or (
            self.high is not None and number > self.high
        ):
            low = "" if self.low is None else f"{self.low:g}"
            high = "" if self.high is None else f"{self.high:g}"
            span = f"from {low} to {high}" if low and high else f"at least {low or high}"
            raise OptionError(self.name, f"{self.name} must be {span}, not {number:g}")
        return number


def parse_settings(
    model: str, declared: tuple[Setting, ...], settings: Mapping[str, OptionValue] | None
) -> dict[str, ParsedOption]:
    """Each given option checked against the model's declaration; unknown names are errors.
    Each value has its own setting's type (``Setting.parse``), so the model's options class
    can be built from the result (``options_from``)."""
    settings = dict(settings or {})
    by_name = {setting.name: setting for setting in declared}
    unknown = sorted(set(settings) - set(by_name))
    if unknown:
        takes = ", ".join(by_name) or "none"
        raise OptionError(
            unknown[0], f"unknown {model} option(s): {', '.join(unknown)} (it takes: {takes})"
        )
    return {name: by_name[name].parse(value) for name, value in settings.items()}


def options_from(cls: type[T], parsed: Mapping[str, ParsedOption]) -> T:
    """The options class built from parsed settings. A mapping's type cannot say that each
    name's value has that field's type; ``Setting.parse`` made it so, which is why the keyword
    arguments are passed untyped here, in this one place."""
    keywords: dict[str, Any] = dict(parsed)
    return cls(**keywords)


def parse_enum(enum_type: type[StrEnum], value: object, setting: str) -> StrEnum:
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

    SETTINGS: ClassVar[tuple[Setting, ...]]

    @classmethod
    def from_mapping(cls, settings: Mapping[str, OptionValue] | None) -> SMPOptions:
        """Build options from plain data, e.g. a scenario file; unknown keys are errors."""
        return options_from(cls, parse_settings("SMP", cls.SETTINGS, settings))

    def to_dict(self) -> dict[str, OptionValue]:
        """Plain JSON-serialisable settings (enums as their KTAB names)."""
        return {
            field.name: (value.value if isinstance(value, StrEnum) else value)
            for field in fields(self)
            for value in [getattr(self, field.name)]
        }


SMPOptions.SETTINGS = (
    Setting("victory_prob", VictoryProbModel),
    Setting("voting_rule", VotingRule),
    Setting("pce", PCEModel),
    Setting("state_transition", StateTransition),
    Setting("big_r_range", BigRRange),
    Setting("big_r_adjust", BigRAdjust),
    Setting("third_party_commit", ThirdPartyCommit),
    Setting("inter_vec_brgn", InterVecBrgn),
    Setting("bargain_model", BargainModel),
    Setting("min_turns", int, 1),
    Setting("max_turns", int, 1),
    Setting("min_delta_ratio", float, 0.0),
)


@dataclass(frozen=True)
class NoOptions:
    """The options of a model that takes none (the compromise and weighted-median baselines)."""

    SETTINGS: ClassVar[tuple[Setting, ...]] = ()

    @classmethod
    def from_mapping(cls, settings: Mapping[str, OptionValue] | None, model: str) -> NoOptions:
        parse_settings(model, cls.SETTINGS, settings)
        return cls()


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
