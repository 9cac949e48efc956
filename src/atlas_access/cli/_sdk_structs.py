"""How atlas-sdk-go's generated structs are declared for ``cli/_gostruct.py``: a member's Go name is its JSON name
with a capital first letter, a decoding error names fields by their Go names (``Model.go_paths``), and a paginated
answer is ``{links, results, totalCount}``. The database-access and federation structs are written with these."""

from typing import Any

from atlas_access.cli._gostruct import Field, Kind, Model

__all__ = ["LINK", "LINKS", "member", "paginated", "struct"]


def struct(name: str, members: tuple[Field, ...]) -> Model:
    """A generated struct, its members in the SDK's order."""
    return Model(name, members, go_paths=True)


def member(
    json_name: str, kind: Kind = "value", item: Model | None = None, *, pointer: bool = True, zero: Any = ""
) -> Field:
    """A member whose Go name is its JSON name with a capital first letter, as the SDK generator names them."""
    return Field(json_name, json_name[:1].upper() + json_name[1:], kind, pointer, item, zero)


LINK = struct("Link", (member("href"), member("rel")))
LINKS = member("links", "objects", LINK)


def paginated(name: str, item: Model) -> Model:
    """A paginated list of ``item``: ``{links, results, totalCount}``."""
    return struct(name, (LINKS, member("results", "objects", item), member("totalCount")))
