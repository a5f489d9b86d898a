"""Turn disclosure documents into tables with provenance, and tables into raw rows.

Pure Python: nothing here imports Dagster or opens the warehouse.
"""
