"""Detection rules: facts, pure rules over them, and the Detector that feeds them (docs/security.md)."""
