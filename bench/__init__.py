"""Benchmarks for Menteo: data generator, query scaling, HTTP load and sweeps (see README)."""
