"""Knowledge base articles over the API: list and search, create, read, edit and move
between states, with the same permission rule as the pages (`article_visibility`)."""
