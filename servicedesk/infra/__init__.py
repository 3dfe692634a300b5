"""The app's own machinery, below every area: extensions, database settings, the ORM base, language and time zone."""
