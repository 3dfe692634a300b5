"""The front door: where to go after login, the language switch, health, and the help pages."""
