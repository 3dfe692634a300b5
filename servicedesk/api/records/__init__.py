"""Public records over the API: authorities, the register (masked as on the page), legal
holds and the thinning log; for registrars and admins only."""
