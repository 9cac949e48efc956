"""``serve --workers N``: N processes serving one listening socket, on one PostgreSQL database.

The parent does everything that must happen once, before any worker exists: it binds the socket (a busy port
is said plainly, ``--port 0`` is known), migrates, bootstraps, prints the banner. Then it forks the workers, each
running the same application on the inherited socket (the kernel hands each new connection to one of them), and
supervises them:

- SIGTERM or SIGINT to the parent stops every worker gracefully (each finishes its requests, as one process
  does), then the parent exits 0. Workers sit in a process group of their own, so a Ctrl-C on the terminal reaches
  the parent only, which passes one SIGTERM to each; a worker whose parent dies gets SIGTERM from the kernel.
- A worker that dies is replaced by a new one, unless it died within ``STEADY_SECONDS`` of starting: a worker
  that cannot start would only fail again, so the whole server stops then, exiting 1 (ours).

Forking needs a parent with no threads and no open database connections: the caller disposes of its engines
first, and each worker opens its own connections.
"""

import contextlib
import ctypes
import logging
import os
import signal
import time
from collections.abc import Callable
from types import FrameType

__all__ = ["STEADY_SECONDS", "supervise"]

log = logging.getLogger("atlas_access.server")

STEADY_SECONDS = 5.0
STOP_SECONDS = 30.0  # how long stopping workers may take before they are killed
_PR_SET_PDEATHSIG = 1


class _Stop(Exception):
    """A stop signal reached the parent."""


def supervise(count: int, serve: Callable[[], None]) -> int:
    """Run ``serve`` in ``count`` forked workers until a stop signal; the parent's exit status."""
    started: dict[int, float] = {}

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        raise _Stop(signum)

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    status = 0
    try:
        for _ in range(count):
            _start(serve, started)
        log.info("serving with %d worker processes: %s", count, ", ".join(str(pid) for pid in started))
        while True:
            pid, wait_status = os.wait()
            began = started.pop(pid, None)
            if began is None:
                continue
            how = _described(wait_status)
            if time.monotonic() - began < STEADY_SECONDS:
                log.error("worker %d %s within %.0f s of starting: stopping the server", pid, how, STEADY_SECONDS)
                status = 1
                break
            replacement = _start(serve, started)
            log.warning("worker %d %s: started worker %d in its place", pid, how, replacement)
    except _Stop:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _stop_all(started)
    return status


def _start(serve: Callable[[], None], started: dict[int, float]) -> int:
    pid = os.fork()
    if pid == 0:  # the worker: never returns into the parent's code
        code = 0
        try:
            os.setpgid(0, 0)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            _die_with_parent()
            serve()
        except BaseException:
            log.exception("worker %d failed", os.getpid())
            code = 1
        finally:
            logging.shutdown()
            os._exit(code)
    started[pid] = time.monotonic()
    return pid


def _die_with_parent() -> None:
    """Linux: SIGTERM to this worker when the parent dies (even by SIGKILL), so no worker outlives it."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os.kill(os.getpid(), signal.SIGTERM)


def _stop_all(started: dict[int, float]) -> None:
    for pid in started:
        _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    while started and time.monotonic() < deadline:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.05)
        else:
            started.pop(pid, None)
    for pid in list(started):
        log.warning("worker %d did not stop within %.0f s: killed", pid, STOP_SECONDS)
        _signal(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _signal(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


def _described(wait_status: int) -> str:
    if os.WIFSIGNALED(wait_status):
        return f"was killed by {signal.Signals(os.WTERMSIG(wait_status)).name}"
    return f"exited with status {os.waitstatus_to_exitcode(wait_status)}"
