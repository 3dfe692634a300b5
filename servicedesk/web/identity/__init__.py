"""Signing in and out, and the profile page for personal API tokens."""
