"""Resolving cases and writing to requesters: closure codes (avslutskoder), standard
answers (svarsmallar) with placeholders filled for one ticket, and macros (a standard
answer plus field changes applied in one unit of work)."""
