"""The web classroom: the exercise engine (:mod:`sim.classroom`) behind a FastAPI server, a
facilitator page and a page per seat, kept live over one WebSocket per page.

Nothing here decides anything about the exercise: every action goes to
:class:`sim.classroom.session.Session`, whose store keeps every answer; the web layer adds the
seats' tokens, the facilitator's secret and the pages.
"""
