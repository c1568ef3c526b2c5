"""Learner analytics: rollups, engagement, the at-risk score, journeys, cohorts and support trends."""
