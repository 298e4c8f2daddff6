"""The security probe's helpers (see scripts/probe.py): an HTTP client that keeps every error it
sees, the photos and damaged files it sends, RS256 tokens and a key set, and the checks."""
