"""Benchmarks of lhrctl (`make bench`); not run by CI."""
