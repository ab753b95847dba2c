"""Code that only builds, fetches or tests: never shipped in the wheel.

Run from the repository root: ``python -m tools.fetch``; tests and benchmarks import it from
there (pytest puts the root on the path, see pyproject.toml).
"""
