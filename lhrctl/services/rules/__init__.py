"""Validation rules: the catalogue (stable codes), row checks, and findings."""
