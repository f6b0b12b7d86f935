"""Benchmarks of cable-ingest: corpus generator, throughput harness, adversarial inputs.

Not part of `make test`; run with `make bench` (see benchmarks/README.md).
"""
