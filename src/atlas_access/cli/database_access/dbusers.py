"""``atlas dbusers`` (also ``dbuser``): a project's database users, and ``certs`` for their X.509 certificates.

Flags, requests and printed texts are the real CLI's (``internal/cli/dbusers``). ``update`` reads nothing first:
it sends the username, the roles and scopes given (empty lists when none are given, as the real CLI does), the
password if given and ``x509Type`` (``NONE`` unless set).
"""

from __future__ import annotations

import click

from atlas_access.cli._checks import check_exclusive, check_required
from atlas_access.cli._errors import CliError
from atlas_access.cli._gostruct import GoTime, encode
from atlas_access.cli._help import Group
from atlas_access.cli.database_access._commands import command, group
from atlas_access.cli.database_access._run import (
    begin,
    bool_flag,
    force_flag,
    given,
    int_flag,
    output_flag,
    paging_flags,
    paging_query,
    project_flag,
    read_secret,
    required_role,
    slice_flag,
    slice_values,
    string_flag,
)
from atlas_access.cli.database_access._shapes import DATABASE_USER, DATABASE_USERS, USER_CERTS

__all__ = ["dbusers"]

ADMIN_DB = "admin"
EXTERNAL_DB = "$external"
BUILT_IN_ROLES = (
    "atlasAdmin",
    "readWriteAnyDatabase",
    "readAnyDatabase",
    "clusterMonitor",
    "backup",
    "dbAdminAnyDatabase",
    "enableSharding",
)
X509_TYPES = ("NONE", "MANAGED", "CUSTOMER")
AWS_IAM_TYPES = ("NONE", "ROLE", "USER")
LDAP_TYPES = ("NONE", "GROUP", "USER")
OIDC_TYPES = ("NONE", "IDP_GROUP", "USER")

CREATE_TEMPLATE = "Database user '{{.Username}}' successfully created.\n"
UPDATE_TEMPLATE = "Successfully updated database user '{{.Username}}'.\n"
DESCRIBE_TEMPLATE = "USERNAME\tDATABASE\n{{.Username}}\t{{.DatabaseName}}\n"
LIST_TEMPLATE = "USERNAME\tDATABASE{{range valueOrEmptySlice .Results}}\n{{.Username}}\t{{.DatabaseName}}{{end}}\n"
CERTS_CREATE_TEMPLATE = "{{.}}\n"
CERTS_LIST_TEMPLATE = (
    "ID SUBJECT CREATED AT{{range valueOrEmptySlice .Results}}\n{{.Id}}\t{{.Subject}}\t{{.CreatedAt}}{{end}}\n"
)

USERNAME_HELP = "Username for authenticating to MongoDB."
PASSWORD_HELP = "Password for the database user."
AUTH_DB_HELP = (
    "Authentication database name. If the user authenticates with AWS IAM, x.509, or LDAP, this value should be "
    "$external. If the user authenticates with SCRAM-SHA, this value should be admin."
)
ROLES_EXTENDED_HELP = (
    "Comma-separated list that specifies the user's roles and the databases or collections on which the roles "
    "apply.\nThe roles format is roleName[@dbName[.collection]].\nroleName can either be a built-in role or a "
    "custom role.\ndbName and collection are required only for built-in roles."
)
ROLES_HELP = "User's roles and the databases or collections on which the roles apply."
SCOPES_HELP = "Array of clusters and Atlas Data Lakes that this user has access to."
UPDATE_WARNING = " Passing this flag replaces preexisting data."
X509_HELP = (
    "X.509 method for authenticating the specified username. Valid values include NONE, MANAGED, and CUSTOMER. If "
    "you set this to MANAGED the user authenticates with an Atlas-managed X.509 certificate. If you set this to "
    "CUSTOMER, the user authenticates with a self-managed X.509 certificate."
)
AWS_IAM_HELP = (
    "AWS IAM method by which the provided username is authenticated. Valid values are NONE, USER, or ROLE. If you "
    "set this to USER or ROLE, the user authenticates with IAM credentials and doesn't need a password."
)
LDAP_HELP = (
    "LDAP method by which the provided username is authenticated. Valid values are NONE, USER, or GROUP. If you set "
    "this to USER or GROUP, the user authenticates with LDAP."
)
OIDC_HELP = (
    "OIDC method by which the provided database user is authenticated. Valid values are NONE, USER, or IDP_GROUP. "
    "If you set this to USER or GROUP_ID, the user authenticates with OIDC."
)
DELETE_AFTER_HELP = "Timestamp in ISO 8601 in UTC after which Atlas deletes the user."
COMPACT_HELP = (
    "Flag that enables the compact array response structure for a json output. The --compact option returns array "
    "objects as top-level responses and allows backward compatibility for scripts based on previous CLI versions. "
    "Omitting the --compact option for a json output returns array objects within a 'results' sub-array. You must "
    "specify --output json to use this option."
)


# --- the real CLI's conversions (internal/convert/database_user.go) ------------------------------------------------


def build_roles(values: list[str]) -> list[dict[str, str]]:
    """``roleName[@dbName[.collection]]`` -> ``DatabaseUserRole`` (the database defaults to ``admin``)."""
    roles = []
    for value in values:
        role, _, database = value.partition("@")
        parts = (database or ADMIN_DB).split("@")[0].split(".")
        entry = {"databaseName": parts[0], "roleName": role}
        if len(parts) > 1:
            entry["collectionName"] = ".".join(parts[1:])
        roles.append(entry)
    return roles


def build_scopes(values: list[str]) -> list[dict[str, str]]:
    """``name[:type]`` -> ``UserScope`` (the type defaults to ``CLUSTER``, upper-cased)."""
    scopes = []
    for value in values:
        parts = value.split(":")
        scopes.append({"name": parts[0], "type": (parts[1] if len(parts) > 1 else "CLUSTER").upper()})
    return scopes


def _in(value: str, flag: str, valid: tuple[str, ...]) -> None:
    """``validate.FlagInSlice``."""
    if value not in valid:
        allowed = '", "'.join(valid)
        raise CliError(f'invalid value for "{flag}", allowed values: "{allowed}"')


def _set(value: str) -> bool:
    return value not in ("", "NONE")


# --- the commands -------------------------------------------------------------------------------------------------


def _create() -> click.Command:
    def run(
        args: tuple[str, ...],
        username: str | None,
        password: str | None,
        deleteAfter: str | None,
        role: tuple[str, ...],
        scope: tuple[str, ...],
        x509Type: str,
        awsIAMType: str,
        ldapType: str,
        oidcType: str,
        project_id: str | None,
        output: str | None,
    ) -> None:
        for arg in args:  # cobra.OnlyValidArgs
            if arg not in BUILT_IN_ROLES:
                raise CliError(f'invalid argument "{arg}" for "atlas dbusers create"')
        check_required("username", bool(username))
        changed = given("awsIAMType", "ldapType", "x509Type", "oidcType", "password")
        check_exclusive(("awsIAMType", "ldapType", "x509Type", "oidcType"), changed)
        check_exclusive(("password", "oidcType"), changed)
        invocation = begin((), project_id, exactly=0)
        roles = slice_values(role) + list(args)
        external = _set(x509Type) or _set(awsIAMType) or _set(ldapType)
        if not roles:
            raise CliError("missing role for the user")
        if external and password:
            raise CliError("can't supply both $external authentication and password")
        _in(x509Type, "x509Type", X509_TYPES)
        _in(awsIAMType, "awsIAMType", AWS_IAM_TYPES)
        _in(oidcType, "oidcType", OIDC_TYPES)
        _in(ldapType, "ldapType", LDAP_TYPES)
        if not (external or _set(oidcType) or password):
            password = read_secret()
        user: dict[str, object] = {
            "databaseName": EXTERNAL_DB if external and ldapType != "GROUP" else ADMIN_DB,
            "groupId": invocation.project_id,
            "roles": build_roles(roles),
            "scopes": build_scopes(slice_values(scope)),
            "username": username,
            "x509Type": x509Type,
            "awsIAMType": awsIAMType,
            "ldapAuthType": ldapType,
            "oidcAuthType": oidcType,
        }
        stamp = GoTime.parse(deleteAfter or "")
        if stamp is not None:  # convert.ParseDeleteAfter: a value that does not parse is dropped
            user["deleteAfterDate"] = stamp.rfc3339()
        if password:
            user["password"] = password
        data = invocation.call("createDatabaseUser", body=encode(DATABASE_USER, user))
        invocation.print(output, CREATE_TEMPLATE, data, DATABASE_USER)

    flags = [
        string_flag("username", USERNAME_HELP, short="u", required=True),
        string_flag("password", PASSWORD_HELP, short="p"),
        string_flag("deleteAfter", DELETE_AFTER_HELP),
        slice_flag("role", ROLES_EXTENDED_HELP),
        slice_flag("scope", SCOPES_HELP),
        string_flag("x509Type", X509_HELP, default="NONE"),
        string_flag("awsIAMType", AWS_IAM_HELP, default="NONE"),
        string_flag("ldapType", LDAP_HELP, default="NONE"),
        string_flag("oidcType", OIDC_HELP, default="NONE"),
        project_flag(),
        output_flag(),
    ]
    long = (
        "If you set --ldapType, --x509Type, --oidcType and --awsIAMType to NONE, Atlas authenticates this user "
        "through SCRAM-SHA. To learn more, see https://www.mongodb.com/docs/manual/core/security-scram/.\n\n"
        "Arguments: [builtInRole]... Atlas built-in role that you want to assign to the user: "
        + ", ".join(BUILT_IN_ROLES)
        + ".\nWithout --password and outside an external method, the password is asked for (or read from stdin).\n\n"
        + required_role("Project Owner")
    )
    examples = (
        "  # Create an Atlas database admin user named myAdmin for the project with ID 5e2211c17a3e5a48f5497de3:\n"
        "  atlas dbusers create atlasAdmin --username myAdmin  --projectId 5e2211c17a3e5a48f5497de3\n\n"
        "  # Create a database user named myUser with multiple roles for the project with ID "
        "5e2211c17a3e5a48f5497de3:\n"
        "  atlas dbusers create --username myUser --role clusterMonitor,backup --projectId 5e2211c17a3e5a48f5497de3"
    )
    return command(
        "create",
        run,
        flags,
        short="Create a database user for your project.",
        usage="[builtInRole]... [flags]",
        long=long,
        examples=examples,
    )


def _list() -> click.Command:
    def run(
        args: tuple[str, ...],
        page: int,
        limit: int,
        omitCount: bool,
        project_id: str | None,
        output: str | None,
        compact: bool,
    ) -> None:
        invocation = begin(args, project_id, exactly=0)
        data = invocation.call("listDatabaseUsers", query=paging_query(page, limit, omitCount))
        if compact and (output or invocation.session.profile.output) == "json":
            results = data.get("results") if isinstance(data, dict) else None
            invocation.print(output, LIST_TEMPLATE, results or [], DATABASE_USER, many=True)
            return
        invocation.print(output, LIST_TEMPLATE, data, DATABASE_USERS)

    flags = [
        *paging_flags(),
        project_flag(),
        output_flag(),
        bool_flag("compact", COMPACT_HELP, short="c"),
    ]
    examples = (
        "  # Return a JSON-formatted list of all database users for the project with the ID "
        "5e2211c17a3e5a48f5497de3:\n  atlas dbusers list --projectId 5e2211c17a3e5a48f5497de3 --output json"
    )
    return command(
        "list",
        run,
        flags,
        short="Return all database users for your project.",
        aliases=("ls",),
        long=required_role("Project Read Only"),
        examples=examples,
    )


def _describe() -> click.Command:
    def run(args: tuple[str, ...], authDB: str, project_id: str | None, output: str | None) -> None:
        ctx = click.get_current_context()
        from atlas_access.cli._checks import check_args

        check_args(ctx, args, exactly=1)
        _in(authDB, "authDB", (ADMIN_DB, EXTERNAL_DB))
        invocation = begin(args, project_id, exactly=1)
        data = invocation.call("getDatabaseUser", {"databaseName": authDB, "username": args[0]})
        invocation.print(output, DESCRIBE_TEMPLATE, data, DATABASE_USER)

    flags = [string_flag("authDB", AUTH_DB_HELP, default=ADMIN_DB), project_flag(), output_flag()]
    examples = (
        "  # Return the details for the SCRAM SHA-authenticating database user named myDbUser:\n"
        "  atlas dbuser describe myDbUser --authDB admin --output json\n\n"
        "  # Return the details for the X.509-authenticating database user with the RFC 2253 Distinguished Name "
        "CN=ellen@example.com,OU=users,DC=example,DC=com. Prepend $external with \\ to escape the special-use "
        "character:\n  atlas dbuser describe CN=ellen@example.com,OU=users,DC=example,DC=com --authDB \\$external "
        "--output json"
    )
    return command(
        "describe",
        run,
        flags,
        short="Return the details for the specified database user for your project.",
        usage="<username> [flags]",
        aliases=("get",),
        long="Arguments: <username> Username to retrieve from the MongoDB database. The format of the username "
        "depends on the user's method of authentication.\n\n" + required_role("Project Read Only"),
        examples=examples,
    )


def _update() -> click.Command:
    def run(
        args: tuple[str, ...],
        username: str | None,
        password: str | None,
        authDB: str | None,
        role: tuple[str, ...],
        scope: tuple[str, ...],
        x509Type: str,
        project_id: str | None,
        output: str | None,
    ) -> None:
        invocation = begin(args, project_id, exactly=1)
        if authDB:
            _in(authDB, "authDB", (ADMIN_DB, EXTERNAL_DB))
        current = args[0]
        external = x509Type in ("MANAGED", "CUSTOMER")  # convert.GetAuthDB for what update knows
        user: dict[str, object] = {
            "databaseName": authDB or (EXTERNAL_DB if external else ADMIN_DB),
            "groupId": invocation.project_id,
            "roles": build_roles(slice_values(role)),
            "scopes": build_scopes(slice_values(scope)),
            "username": username or current,
        }
        if password:
            user["password"] = password
        if x509Type:
            user["x509Type"] = x509Type
        path = {"databaseName": str(user["databaseName"]), "username": current}
        data = invocation.call("updateDatabaseUser", path, body=encode(DATABASE_USER, user))
        invocation.print(output, UPDATE_TEMPLATE, data, DATABASE_USER)

    flags = [
        string_flag("username", USERNAME_HELP, short="u"),
        string_flag("password", PASSWORD_HELP, short="p"),
        string_flag("authDB", AUTH_DB_HELP),
        slice_flag("role", ROLES_HELP + UPDATE_WARNING),
        slice_flag("scope", SCOPES_HELP + UPDATE_WARNING),
        string_flag("x509Type", X509_HELP, default="NONE"),
        project_flag(),
        output_flag(),
    ]
    examples = (
        "  # Update roles for a database user named myUser for the project with the ID 5e2211c17a3e5a48f5497de3:\n"
        "  atlas dbuser update myUser --role readWriteAnyDatabase --projectId 5e2211c17a3e5a48f5497de3\n\n"
        "  # Update scopes for a database user named myUser for the project with the ID 5e2211c17a3e5a48f5497de3:\n"
        "  atlas dbuser update myUser --scope resourceName:resourceType --projectId 5e2211c17a3e5a48f5497de3"
    )
    return command(
        "update",
        run,
        flags,
        short="Modify the details of a database user in your project.",
        usage="<username> [flags]",
        long="Arguments: <username> Username to update in the MongoDB database.\n\n"
        "Only what you pass is sent; --role and --scope replace the user's roles and scopes.\n\n"
        + required_role("Project Owner"),
        examples=examples,
    )


def _delete() -> click.Command:
    def run(args: tuple[str, ...], force: bool, authDB: str, project_id: str | None) -> None:
        invocation = begin(args, project_id, exactly=1)
        username = args[0]
        path = {"databaseName": authDB, "username": username}
        invocation.delete("deleteDatabaseUser", path, entry=username, noun="DB user", force=force)

    flags = [force_flag(), string_flag("authDB", AUTH_DB_HELP, default=ADMIN_DB), project_flag()]
    examples = (
        "  # Delete the SCRAM SHA-authenticating database user named dylan for the project with the ID "
        "5e2211c17a3e5a48f5497de3:\n  atlas dbusers delete dylan --projectId 5e2211c17a3e5a48f5497de3"
    )
    return command(
        "delete",
        run,
        flags,
        short="Remove the specified database user from your project.",
        usage="<username> [flags]",
        aliases=("rm",),
        long="Arguments: <username> Username to delete from the MongoDB database. The format of the username "
        "depends on the user's method of authentication.\n\n" + required_role("Project Owner"),
        examples=examples,
    )


# --- certs --------------------------------------------------------------------------------------------------------


def _certs_create() -> click.Command:
    def run(
        args: tuple[str, ...],
        monthsUntilExpiration: int,
        username: str | None,
        project_id: str | None,
        output: str | None,
    ) -> None:
        check_required("username", bool(username))
        invocation = begin(args, project_id, exactly=0)
        data = invocation.call(
            "createDatabaseUserCertificate",
            {"username": str(username)},
            body={"monthsUntilExpiration": monthsUntilExpiration},
        )
        invocation.print(output, CERTS_CREATE_TEMPLATE, data, None)

    flags = [
        int_flag("monthsUntilExpiration", 3, "Number of months until the X.509 certificate expires."),
        string_flag("username", "Username of a database user.", required=True),
        project_flag(),
        output_flag(),
    ]
    examples = (
        "  # Create an Atlas-managed X.509 certificate that expires in 5 months for a MongoDB user named dbuser for "
        "the project with ID 5e2211c17a3e5a48f5497de3:\n  atlas dbusers certs create --username dbuser "
        "--monthsUntilExpiration 5 --projectId 5e2211c17a3e5a48f5497de3 --output json"
    )
    return command(
        "create",
        run,
        flags,
        short="Create a new Atlas-managed X.509 certificate for the specified database user.",
        long="The user you specify must authenticate using X.509 certificates. You can't use this command to create "
        "certificates if you are managing your own Certificate Authority (CA) in self-managed X.509 mode.\n\n"
        "The answer is the certificate and its private key in PEM format: keep it safe.",
        examples=examples,
    )


def _certs_list() -> click.Command:
    def run(args: tuple[str, ...], project_id: str | None, output: str | None) -> None:
        invocation = begin(args, project_id, exactly=1)
        data = invocation.call("listDatabaseUserCertificates", {"username": args[0]})
        invocation.print(output, CERTS_LIST_TEMPLATE, data, USER_CERTS)

    examples = (
        "  # Return a JSON-formatted list of all Atlas-managed X.509 certificates for a MongoDB user named dbuser "
        "for the project with ID 5e2211c17a3e5a48f5497de3:\n"
        "  atlas dbusers certs list dbuser --projectId 5e2211c17a3e5a48f5497de3 --output json"
    )
    return command(
        "list",
        run,
        [project_flag(), output_flag()],
        short="Return all Atlas-managed, unexpired X.509 certificates for the specified database user.",
        usage="<username> [flags]",
        aliases=("ls",),
        long="You can't use this command to return certificates if you are managing your own Certificate Authority "
        "(CA) in self-managed X.509 mode.\n\nThe user you specify must authenticate using X.509 certificates.",
        examples=examples,
    )


def _certs() -> Group:
    return group(
        "certs",
        "Manage Atlas x509 certificates for your database users.",
        [_certs_list(), _certs_create()],
        aliases=("cert",),
    )


dbusers = group(
    "dbusers",
    "Manage database users for your project.",
    [_list(), _describe(), _create(), _delete(), _update(), _certs()],
    aliases=("dbuser",),
    long="The dbusers command retrieves, creates and modifies the MongoDB database users in your project.\n"
    "Each user has a set of roles that provide access to the project's databases.\n"
    "A user's roles apply to all the clusters in the project.",
)
