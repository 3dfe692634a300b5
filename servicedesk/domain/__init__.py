"""Domain rules: plain functions per area, testable without HTTP. They flush, never commit."""
