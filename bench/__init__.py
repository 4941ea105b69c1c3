"""Benchmarks: `make bench` runs every module's run() and writes docs/benchmarks.md."""
