"""Default per-document limits: the one place they are written (orchestration.settings exposes them
as settings; extraction functions use them when called without settings, e.g. from tests)."""

TIMEOUT_SECONDS = 300          # wall clock per document; the extraction child's CPU limit too
MEMORY_MB = 3072               # address space of an extraction child
MAX_DOCUMENT_MB = 1024         # larger input files are quarantined as too_large
BUILD_CPU_SECONDS = 3600       # CPU time of one dbt build
