"""Dagster wiring only: assets call extract/, the loader, dbt and the rule catalogue."""
