"""Test support: helpers that tests, benchmarks and developers use (e.g. a throwaway PostgreSQL)."""
