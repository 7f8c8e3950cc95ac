"""A scripted class: students who answer every decision their own way, deterministically."""

from __future__ import annotations

from sim.classroom.session import Session


def student_answer(session: Session):
    """An answer a stubborn student might give: the opposite of the model's yes/no every third
    month, a tougher offer, fewer attacks, a bigger concession."""
    decision = session.pending.decision
    model = session.suggestion().value
    ctx = decision.context
    if decision.kind == "offer":
        out = {}
        for issue in ctx["scales"]:  # positions and the model's offer are in issue units
            out[issue] = round(0.5 * ctx["position"][issue] + 0.5 * model[issue], 3)
        return out, "split the difference between my line and the model's"
    if isinstance(model, bool):
        flip = decision.step % 3 == 0
        return (not model if flip else model), ("contrarian month" if flip else "agree")
    if decision.kind == "attack":
        return max(0, int(model) - 1), "one attack fewer"
    if decision.kind == "concede":
        return min(1.0, float(model) + 0.1), "bend a little more"
    if decision.kind == "sponsor":
        return max(-1.0, float(model) - 0.3), "hold them back a bit"
    return model, "as the model"


def play_through(session: Session, turns: int | None = None) -> int:
    """Answer every pending decision (in a simultaneous session: send every waiting seat's form,
    each slot left to its advisers) and open turns until the end (or ``turns`` turns)."""
    answered = 0
    while not session.finished and (turns is None or session.turn <= turns):
        waiting = session.waiting_for() if session.simultaneous else []
        if waiting:
            for seat in waiting:
                orders = {slot.key: "advisers" for slot in session.slots(seat)}
                session.send_orders(seat, orders, "as the advisers judge", who="scripted team")
                answered += 1
        elif session.pending is not None:
            value, reason = student_answer(session)
            session.answer(session.pending.decision.actor, value, reason, who="scripted student")
            answered += 1
        elif turns is not None and session.turn == turns:
            break
        else:
            session.next_turn()
    return answered
