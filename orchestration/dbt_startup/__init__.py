"""Not imported by the project: the folder bw-guarded-dbt puts first on dbt's PYTHONPATH (see sitecustomize.py)."""
