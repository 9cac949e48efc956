"""The bootstrap's values fixed in advance through the environment (docs/configuration.md), so that a CI file
can hard-code the credentials its steps use: ``ATLAS_ACCESS_PUBLIC_KEY`` ... Each must have the form MongoDB
Cloud issues (``core.ids.CREDENTIAL_FORMS``); a key or service account is given whole or not at all."""

from collections.abc import Mapping

from atlas_access.core.ids import credential_problem
from atlas_access.server.services.bootstrap import Identity

# variable -> (Identity field, form in core.ids.CREDENTIAL_FORMS, or None for the admin token)
VARIABLES: dict[str, tuple[str, str | None]] = {
    "ATLAS_ACCESS_ORG_ID": ("org_id", "id"),
    "ATLAS_ACCESS_PROJECT_ID": ("project_id", "id"),
    "ATLAS_ACCESS_PUBLIC_KEY": ("public_key", "publicKey"),
    "ATLAS_ACCESS_PRIVATE_KEY": ("private_key", "privateKey"),
    "ATLAS_ACCESS_CLIENT_ID": ("client_id", "clientId"),
    "ATLAS_ACCESS_CLIENT_SECRET": ("client_secret", "clientSecret"),
    "ATLAS_ACCESS_ADMIN_TOKEN": ("admin_token", None),
}
PAIRS = (
    ("ATLAS_ACCESS_PUBLIC_KEY", "ATLAS_ACCESS_PRIVATE_KEY"),
    ("ATLAS_ACCESS_CLIENT_ID", "ATLAS_ACCESS_CLIENT_SECRET"),
)
MIN_ADMIN_TOKEN = 16


def _problem(name: str, value: str) -> str | None:
    form = VARIABLES[name][1]
    if form is not None:
        return credential_problem(form, value)
    if len(value) < MIN_ADMIN_TOKEN or any(char.isspace() for char in value):
        return f"at least {MIN_ADMIN_TOKEN} characters, without spaces"
    return None


def identity_from(environ: Mapping[str, str]) -> Identity:
    """The values the environment fixes; ValueError naming the variable that is malformed or alone."""
    given = {name: environ[name] for name in VARIABLES if environ.get(name)}
    for name, value in given.items():
        problem = _problem(name, value)
        if problem is not None:
            raise ValueError(f"{name} must be {problem}")
    for first, second in PAIRS:
        if (first in given) != (second in given):
            raise ValueError(f"{first} and {second} go together: set both or neither")
    return Identity(**{VARIABLES[name][0]: value for name, value in given.items()})
