"""Crossroads: scenario and negotiation simulation of Iraq between Washington, Tehran and Riyadh."""

__version__ = "0.1.0"
