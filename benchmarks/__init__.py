"""Benchmarks: `python -m benchmarks` (or `make bench`). Results go to docs/benchmarks.md."""
