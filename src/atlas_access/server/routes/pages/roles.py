"""The names MongoDB Cloud's interface gives the roles, for people reading an invitation."""

LABELS: dict[str, str] = {
    "ORG_OWNER": "Organization Owner",
    "ORG_MEMBER": "Organization Member",
    "ORG_GROUP_CREATOR": "Organization Project Creator",
    "ORG_BILLING_ADMIN": "Organization Billing Admin",
    "ORG_BILLING_READ_ONLY": "Organization Billing Viewer",
    "ORG_STREAM_PROCESSING_ADMIN": "Organization Stream Processing Admin",
    "ORG_READ_ONLY": "Organization Read Only",
    "ORG_USER_ADMIN": "Organization User Admin",
    "GROUP_OWNER": "Project Owner",
    "GROUP_CLUSTER_MANAGER": "Project Cluster Manager",
    "GROUP_STREAM_PROCESSING_OWNER": "Project Stream Processing Owner",
    "GROUP_DATA_ACCESS_ADMIN": "Project Data Access Admin",
    "GROUP_DATA_ACCESS_READ_WRITE": "Project Data Access Read/Write",
    "GROUP_DATA_ACCESS_READ_ONLY": "Project Data Access Read Only",
    "GROUP_READ_ONLY": "Project Read Only",
    "GROUP_SEARCH_INDEX_EDITOR": "Project Search Index Editor",
    "GROUP_BACKUP_MANAGER": "Project Backup Manager",
    "GROUP_OBSERVABILITY_VIEWER": "Project Observability Viewer",
    "GROUP_DATABASE_ACCESS_ADMIN": "Project Database Access Admin",
    "GROUP_NETWORK_ACCESS_MANAGER": "Project Network Access Manager",
    "GROUP_USER_ADMIN": "Project User Admin",
    "GROUP_AUTOMATION_ADMIN": "Project Automation Admin",
    "GROUP_BACKUP_ADMIN": "Project Backup Admin",
    "GROUP_MONITORING_ADMIN": "Project Monitoring Admin",
}


def label(role: str) -> str:
    """``GROUP_READ_ONLY`` -> ``Project Read Only``; a role without a known name keeps its code."""
    return LABELS.get(role, role)
