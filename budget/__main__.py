"""`python -m budget`: the `budget` command (as `budget serve` starts its follower)."""

from budget.cli import main

main()
