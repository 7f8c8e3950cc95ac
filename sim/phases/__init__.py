"""The phases of a step, in order; each is a function ``run(world, draws)``.

events -> negotiation -> violence and responses -> domestic politics -> implementation -> record
"""
