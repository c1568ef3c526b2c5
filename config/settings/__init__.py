"""Settings modules: `base` (embedded defaults), `production` (hardened), `test`."""
