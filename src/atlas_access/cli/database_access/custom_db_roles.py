"""``atlas customDbRoles``: a project's custom database roles, with the real CLI's flags, requests and texts
(``internal/cli/customdbroles``).

Privileges are ``ACTION[@db[.collection]]`` (no database: the cluster resource); inherited roles are
``role[@db]`` (the database defaults to ``admin``). ``update --append`` reads the role first and merges: resources
of an action given again are added to the action's, other existing actions and inherited roles are kept.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from atlas_access.cli._errors import CliError
from atlas_access.cli._gostruct import decode, encode
from atlas_access.cli._help import Flag
from atlas_access.cli.database_access._commands import command, group
from atlas_access.cli.database_access._run import (
    begin,
    bool_flag,
    force_flag,
    given,
    output_flag,
    project_flag,
    required_role,
    slice_flag,
    slice_values,
)
from atlas_access.cli.database_access._shapes import ACTION, CUSTOM_DB_ROLE, INHERITED_ROLE

__all__ = ["custom_db_roles"]

CREATE_TEMPLATE = "Custom database role '{{.RoleName}}' successfully created.\n"
UPDATE_TEMPLATE = "Custom database role '{{.RoleName}}' successfully updated.\n"
_RESOURCES = (
    "{{- $actionName := .Action }} {{- range valueOrEmptySlice .Resources}}\n"
    "{{ $roleName }}\t{{ $actionName }}{{if .Db }}\t{{ .Db }}{{else}}\tN/A{{end}}"
    "{{if .Collection }}\t{{ .Collection }}{{else if .Cluster}}\tN/A{{else}}\tALL COLLECTIONS{{end}}"
    "{{if .Cluster}}\t{{ .Cluster }}{{else}}\tN/A\t{{end}}{{end}}{{end}}"
)
DESCRIBE_TEMPLATE = (
    "NAME\tACTION\tDB\tCOLLECTION\tCLUSTER {{- $roleName := .RoleName }} {{range valueOrEmptySlice .Actions}} \n"
    + _RESOURCES
    + "\n"
)
LIST_TEMPLATE = (
    "NAME\tACTION\tINHERITED ROLES\tDB\tCOLLECTION\tCLUSTER{{range valueOrEmptySlice .}}"
    "{{- $roleName := .RoleName }} {{range valueOrEmptySlice .Actions}} \n"
    "{{- $actionName := .Action }} {{- range valueOrEmptySlice .Resources}}\n"
    "{{ $roleName }}\t{{ $actionName }}\tN/A{{if .Db }}\t{{ .Db }}{{else}}\tN/A{{end}}"
    "{{if .Collection }}\t{{ .Collection }}{{else if .Cluster}}\tN/A{{else}}\tALL COLLECTIONS{{end}}"
    "{{if .Cluster}}\t{{ .Cluster }}{{else}}\tN/A\t{{end}}{{end}}{{end}}{{range valueOrEmptySlice .InheritedRoles}}\n"
    "{{ $roleName }}\tN/A\t{{ .Role }}\t{{ .Db}}\tN/A\tN/A{{end}}{{end}}\n"
)
PRIVILEGE_HELP = (
    "List of actions per database and collection. If no database or collections are provided, cluster scope is "
    "assumed. For details on actions specific to clusters, databases, or collections, see "
    "https://dochub.mongodb.org/core/privilege-actions."
)
INHERITED_HELP = "List of inherited roles and the database on which the role is granted."
UPDATE_WARNING = " Passing this flag replaces preexisting data."
APPEND_HELP = "Input action and inheritedRoles to append to the existing role."
PAGING_DEPRECATED = "--pageNum and --ItemsPerPage are not supported by customdbroles list"


# --- the real CLI's conversions (internal/convert/custom_db_role.go, customdbroles.go) ---------------------------


def build_actions(values: list[str]) -> list[dict[str, Any]]:
    """``ACTION[@db[.collection]]`` -> ``DatabasePrivilegeAction`` with one resource, joined by action (the
    resources of an action given twice are merged, the later first, as ``joinActions`` merges them)."""
    joined: dict[str, dict[str, Any]] = {}
    for value in values:
        action, at, where = value.partition("@")
        if at:
            db, _, collection = where.split("@")[0].partition(".")
            resource = {"cluster": False, "collection": collection, "db": db}
        else:
            resource = {"cluster": True, "collection": "", "db": ""}
        earlier = joined.get(action)
        resources = [resource] + (earlier["resources"] if earlier else [])
        joined[action] = {"action": action, "resources": resources}
    return list(joined.values())


def build_inherited_roles(values: list[str]) -> list[dict[str, str]]:
    """``role[@db]`` -> ``DatabaseInheritedRole`` (the database defaults to ``admin``)."""
    roles = []
    for value in values:
        parts = value.split("@")
        roles.append({"db": parts[1] if len(parts) > 1 else "admin", "role": parts[0]})
    return roles


def append_actions(existing: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``appendActions``: an action given again gets the existing resources after its own; the other existing
    actions follow (in their stored order: Go's map order is random, ours is not)."""
    remaining = {item["action"]: item for item in existing}
    merged = []
    for item in new:
        earlier = remaining.pop(item["action"], None)
        resources = item["resources"] + (earlier.get("resources", []) if earlier else [])
        merged.append({"action": item["action"], "resources": resources})
    return merged + list(remaining.values())


def _role_body(actions: list[dict[str, Any]], inherited: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "actions": [encode(ACTION, item) for item in actions],
        "inheritedRoles": [encode(INHERITED_ROLE, item) for item in inherited],
    }


# --- the commands -------------------------------------------------------------------------------------------------


def _create() -> click.Command:
    def run(
        args: tuple[str, ...],
        inheritedRole: tuple[str, ...],
        privilege: tuple[str, ...],
        project_id: str | None,
        output: str | None,
    ) -> None:
        invocation = begin(args, project_id, exactly=1)
        # The real check compares the inherited roles to nil, which they never are: only actions count.
        body = _role_body(build_actions(slice_values(privilege)), build_inherited_roles(slice_values(inheritedRole)))
        body["roleName"] = args[0]
        data = invocation.call("createCustomDatabaseRole", body=body)
        invocation.print(output, CREATE_TEMPLATE, data, CUSTOM_DB_ROLE)

    flags = [
        slice_flag("inheritedRole", INHERITED_HELP),
        slice_flag("privilege", PRIVILEGE_HELP),
        project_flag(),
        output_flag(),
    ]
    examples = (
        "  # Create a custom database role\n"
        "  atlas customDbRoles create customRole --privilege FIND@databaseName,UPDATE@databaseName.collectionName\n\n"
        "  # Create a customer database role with granted action on the cluster resource\n"
        "  atlas customDbRoles create customRole --privilege GET_CMD_LINE_OPTS\n\n"
        "  # Use an inherited role\n  atlas customDbRoles create customRole --inheritedRole read@databaseName"
    )
    return command(
        "create",
        run,
        flags,
        short="Create a custom database role for your project.",
        usage="<roleName> [flags]",
        long="Arguments: <roleName> Name of the custom role to create.\n\n" + required_role("Project Owner"),
        examples=examples,
    )


def _list() -> click.Command:
    def run(
        args: tuple[str, ...], page: int | None, limit: int | None, project_id: str | None, output: str | None
    ) -> None:
        for name in given("page", "limit"):
            sys.stderr.write(f"Flag --{name} has been deprecated, {PAGING_DEPRECATED}\n")
        invocation = begin(args, project_id, exactly=0)
        data = invocation.call("listCustomDatabaseRoles")
        invocation.print(output, LIST_TEMPLATE, data, CUSTOM_DB_ROLE, many=True)

    flags = [
        Flag(["--page", "page"], type=int, default=1, go_type="int", hidden=True, help="Page number."),
        Flag(["--limit", "limit"], type=int, default=100, go_type="int", hidden=True, help="Items per page."),
        project_flag(),
        output_flag(),
    ]
    return command(
        "list",
        run,
        flags,
        short="List custom database roles for your project.",
        aliases=("ls",),
        long=required_role("Project Read Only"),
    )


def _describe() -> click.Command:
    def run(args: tuple[str, ...], project_id: str | None, output: str | None) -> None:
        invocation = begin(args, project_id, exactly=1)
        data = invocation.call("getCustomDatabaseRole", {"roleName": args[0]})
        invocation.print(output, DESCRIBE_TEMPLATE, data, CUSTOM_DB_ROLE)

    return command(
        "describe",
        run,
        [project_flag(), output_flag()],
        short="Return a single custom database role for your project.",
        usage="<roleName> [flags]",
        aliases=("get",),
        long="Arguments: <roleName> Name of the custom role to retrieve.\n\n" + required_role("Project Read Only"),
    )


def _update() -> click.Command:
    def run(
        args: tuple[str, ...],
        inheritedRole: tuple[str, ...],
        privilege: tuple[str, ...],
        append: bool,
        project_id: str | None,
        output: str | None,
    ) -> None:
        invocation = begin(args, project_id, exactly=1)
        actions, inherited = slice_values(privilege), slice_values(inheritedRole)
        if not actions and not inherited:
            raise CliError("you must provide either actions or inherited roles")
        role_name = args[0]
        new_actions, new_inherited = build_actions(actions), build_inherited_roles(inherited)
        if append:
            existing = decode(CUSTOM_DB_ROLE, invocation.call("getCustomDatabaseRole", {"roleName": role_name}))
            new_actions = append_actions([encode(ACTION, a) for a in existing.get("actions", [])], new_actions)
            new_inherited = new_inherited + [encode(INHERITED_ROLE, r) for r in existing.get("inheritedRoles", [])]
        data = invocation.call(
            "updateCustomDatabaseRole", {"roleName": role_name}, body=_role_body(new_actions, new_inherited)
        )
        invocation.print(output, UPDATE_TEMPLATE, data, CUSTOM_DB_ROLE)

    flags = [
        slice_flag("inheritedRole", INHERITED_HELP + UPDATE_WARNING),
        slice_flag("privilege", PRIVILEGE_HELP + UPDATE_WARNING),
        bool_flag("append", APPEND_HELP),
        project_flag(),
        output_flag(),
    ]
    return command(
        "update",
        run,
        flags,
        short="Update a custom database role for your project.",
        usage="<roleName> [flags]",
        long="Arguments: <roleName> Name of the custom role to update.\n\n"
        "Without --append, the privileges and inherited roles given replace the role's; with --append, the role is "
        "read first and they are added to it.\n\n" + required_role("Project Owner"),
    )


def _delete() -> click.Command:
    def run(args: tuple[str, ...], force: bool, project_id: str | None) -> None:
        invocation = begin(args, project_id, exactly=1)
        role_name = args[0]
        path, noun = {"roleName": role_name}, "Custom database role"
        invocation.delete("deleteCustomDatabaseRole", path, entry=role_name, noun=noun, force=force)

    return command(
        "delete",
        run,
        [force_flag(), project_flag()],
        short="Remove the specified custom database role from your project.",
        usage="<roleName> [flags]",
        aliases=("rm",),
        long="Arguments: <roleName> Name of the custom role to delete.\n\n" + required_role("Project Owner"),
    )


custom_db_roles = group(
    "customDbRoles",
    "Manage custom database roles for your project.",
    [_create(), _describe(), _list(), _delete(), _update()],
    aliases=("customdbroles", "custom-db-roles", "customDbRole", "customdbrole", "custom-db-role", "customDBRoles"),
)
