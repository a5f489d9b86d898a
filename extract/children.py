"""Child processes that cannot outlive their parent, run away with the CPU, or see secrets.

Every child we start (document extraction, dbt) gets, between fork and exec:
- PR_SET_PDEATHSIG = SIGKILL: the kernel kills it when the process that started it dies, even by
  kill -9 (an orphaned dbt would otherwise keep writing, an orphaned extraction keep running);
- RLIMIT_CPU: a CPU-time limit, a bound that holds even if the parent's wall-clock timeout never fires;
- optionally RLIMIT_AS (memory);
and an environment reduced to what a child needs (no passwords, tokens, webhook URLs …).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import resource
import signal
import sys

PR_SET_PDEATHSIG = 1

# What a child may inherit; everything else (alert secrets, webhook URLs, cloud keys …) is dropped.
_ALLOWED = re.compile(r"^(PATH|HOME|USER|LOGNAME|SHELL|LANG|LANGUAGE|LC_\w+|TZ|TMPDIR|TEMP|TMP|TERM|PWD|"
                      r"PYTHON\w*|VIRTUAL_ENV|DBT_\w+|DAGSTER_DBT_\w+|NO_COLOR|SOURCE_DATE_EPOCH)$")
# Within the allowed names, anything that still looks like a secret is dropped too.
SECRET_NAME = re.compile(r"(PASS|PWD$|SECRET|TOKEN|API_?KEY|PRIVATE|CREDENTIAL|AUTH|COOKIE|SESSION)", re.I)


def child_environment(environ: dict[str, str] | None = None) -> dict[str, str]:
    environ = os.environ if environ is None else environ
    return {k: v for k, v in environ.items() if _ALLOWED.match(k) and (k == "PWD" or not SECRET_NAME.search(k))}


def _libc():
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def limits(cpu_seconds: int | None = None, memory_mb: int | None = None, parent: int | None = None):
    """A preexec_fn: die with the parent (default: this process, which is about to fork), bounded in
    CPU time (and address space)."""
    parent = os.getpid() if parent is None else parent

    def apply() -> None:
        if sys.platform.startswith("linux"):
            _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            # The parent died before prctl took effect: we were re-parented (to init, pid 1).
            if os.getppid() != parent or parent == 1:
                os._exit(1)
        if cpu_seconds:
            # The soft limit sends SIGXCPU; one second later the hard limit kills.
            resource.setrlimit(resource.RLIMIT_CPU, (int(cpu_seconds), int(cpu_seconds) + 1))
        if memory_mb:
            limit = int(memory_mb) * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def exec_guarded(program: str, args: list[str], cpu_seconds: int, environment: dict[str, str] | None = None) -> None:
    """Replace this process by `program`, under the limits above (for children started by libraries
    that take only an executable's path, such as dagster-dbt's DbtCliResource)."""
    limits(cpu_seconds, parent=os.getppid())()   # exits if the parent is already gone
    os.execve(program, [program, *args], child_environment() if environment is None else environment)
