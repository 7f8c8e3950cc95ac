"""Placeholder: vectorised path (to be written)."""

from __future__ import annotations

from sim.bargaining.smp_reference import best_challenges, resolve_bargains

__all__ = ["best_challenges", "resolve_bargains"]
