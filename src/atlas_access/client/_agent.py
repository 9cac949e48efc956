"""The User-Agent this package sends: its name and version, Python's, and the platform."""

import os
import sys

from atlas_access import __version__

__all__ = ["USER_AGENT"]

USER_AGENT = (
    f"atlas-access/{__version__} (python {sys.version_info.major}.{sys.version_info.minor}; "
    f"{sys.platform}; {os.uname().machine if hasattr(os, 'uname') else 'unknown'})"
)
