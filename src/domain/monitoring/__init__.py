"""Live monitoring: telemetry from learners' browsers, who is online, grouped errors, health and detection."""
