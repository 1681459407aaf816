"""Run the CLI as `python -m intake`."""

from intake.cli import main

main()
