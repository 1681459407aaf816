"""The case desk: clients' questions worked by the office as a team (DESIGN.md)."""
