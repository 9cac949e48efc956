"""The real Atlas CLI's friendly commands for a project's database and network access: ``atlas dbusers`` (and
``dbusers certs``), ``atlas customDbRoles``, ``atlas accessLists``, ``atlas auditing``, ``atlas security ldap`` and
``atlas projects settings``.

Each takes the same flags, sends the same requests (API version 2023-01-01) and prints the same texts as the real
CLI; ``-o json`` prints the SDK struct and ``-o go-template=...`` runs against it (``_shapes.py``). Each command
group lives in its own module, imported only when it runs (``cli/_root.py``).
"""

__all__: list[str] = []
