"""Negotiation tracks: protocols that turn stated positions into a proposed deal, and rounds."""

from sim.negotiation.protocol import NegotiationProtocol, Proposal, Table, make_protocol

__all__ = ["NegotiationProtocol", "Proposal", "Table", "make_protocol"]
