"""Benchmarks, run on demand by `make bench`; never part of `make test`."""
