"""Classroom exercises: exercise files, briefings, sessions with people in actors' seats, the
facilitator's controls, the session store and the debrief."""
