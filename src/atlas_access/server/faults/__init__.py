"""Fault injection for tests (docs/faults.md): rules, set over the local API, that answer chosen requests with an
error, delay them, or hide a write from the next reads, so that a client's retry and error paths can be seen.

``rule`` checks one rule, ``registry`` keeps a server's rules and applies them, ``hiding`` says which reads a
write hides; ``inject`` is the one piece that speaks HTTP: the hook the application calls for every request.
"""

from atlas_access.server.faults.registry import Drawn, Faults
from atlas_access.server.faults.rule import InjectedError, RuleIn

__all__ = ["Drawn", "Faults", "InjectedError", "RuleIn"]
