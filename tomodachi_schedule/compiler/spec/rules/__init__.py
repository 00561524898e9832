"""Validation rules: each module checks one aspect of a spec and reports `Diagnostic`s."""
