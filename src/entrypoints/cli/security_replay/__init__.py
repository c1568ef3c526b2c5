"""Measured accuracy: a replayable week of traffic with injected attacks, run through the detection rules."""
