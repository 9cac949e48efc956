"""How the real Atlas CLI names ``atlas api`` groups and commands (iancoleman/strcase v0.3.0 ``ToLowerCamel``)."""

from __future__ import annotations

from atlas_access.spec import Operation

__all__ = ["command_aliases", "command_name", "group_name", "lower_camel"]


def lower_camel(text: str) -> str:
    """A byte-for-byte port of strcase's ``ToLowerCamel`` (no acronym table).

    Only ASCII letters and digits are kept; ``_``, space, ``-`` and ``.`` capitalise the next letter, and
    so does a digit; the first letter is lowered, and an uppercase letter after an uppercase one is lowered
    (``MongoDB Cloud Users`` -> ``mongoDbCloudUsers``, ``X.509 Authentication`` -> ``x509Authentication``).
    """
    out: list[str] = []
    cap_next = False
    prev_is_cap = False
    for i, ch in enumerate(text.strip()):
        is_cap = "A" <= ch <= "Z"
        is_low = "a" <= ch <= "z"
        if cap_next:
            if is_low:
                ch = ch.upper()
        elif i == 0:
            if is_cap:
                ch = ch.lower()
        elif prev_is_cap and is_cap:
            ch = ch.lower()
        prev_is_cap = is_cap
        if is_cap or is_low:
            out.append(ch)
            cap_next = False
        elif "0" <= ch <= "9":
            out.append(ch)
            cap_next = True
        else:
            cap_next = ch in "_ -."
    return "".join(out)


def group_name(tag: str) -> str:
    """``Organizations`` -> ``organizations``; ``MongoDB Cloud Users`` -> ``mongoDbCloudUsers``."""
    return lower_camel(tag)


def command_name(operation: Operation) -> str:
    """The short operation id when the spec gives one (``addGroupUser``), else the operation id."""
    return lower_camel(operation.short_name or operation.operation_id)


def command_aliases(operation: Operation) -> tuple[str, ...]:
    """Other names that run the same command: the long operation id when a short one names it, then the
    operation ids used before the 2026 renaming (seed 004's ``deleteProjectInvitation``)."""
    name = command_name(operation)
    aliases: list[str] = []
    for alias in (lower_camel(operation.operation_id), *(lower_camel(i) for i in operation.legacy_ids)):
        if alias != name and alias not in aliases:
            aliases.append(alias)
    return tuple(aliases)
