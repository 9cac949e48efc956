"""The markup of the invitee's pages: the invitation with its two forms, the answers, and the dead links.

Every value from the store is escaped here; each function answers ``(title, body)`` for ``layout.document``.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape as e

from atlas_access.core.clock import iso
from atlas_access.core.invitations import Invitation, Kind, State
from atlas_access.server.routes.pages.csrf import FIELD
from atlas_access.server.routes.pages.roles import label

NAME_MAX = 128  # the users table's limit for first and last names
GONE_BADGES = {
    State.ACCEPTED: "Already used",
    State.CANCELLED: "Cancelled",
    State.EXPIRED: "Expired",
    State.REJECTED: "Declined",
    State.REPLACED: "Replaced",
}

Markup = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Shown:
    """An invitation as its page shows it, read in one transaction at server time ``now``."""

    invitation: Invitation
    state: State
    now: int
    project_names: Mapping[str, str]  # group id -> name, for the project roles an org invitation grants


def moment(seconds: int) -> str:
    """``10 August 2026, 03:03 UTC``"""
    stamp = datetime.fromtimestamp(seconds, UTC)
    return f"{stamp.day} {stamp:%B %Y}, {stamp:%H:%M} UTC"


def relative(seconds_left: int) -> str:
    """``in 30 days``, ``in 1 day``, ``in 5 hours``, ``in 12 minutes``, ``in less than a minute``.

    Rounded to the nearest unit, so a fresh invitation reads "in 30 days" and one with 23h59m left "in 1 day".
    """
    for size, unit, grace in ((86400, "day", 1800), (3600, "hour", 30), (60, "minute", 0)):
        if seconds_left + grace >= size:
            count = (seconds_left + size // 2) // size
            return f"in {count} {unit}{'' if count == 1 else 's'}"
    return "in less than a minute"


def _where(invitation: Invitation) -> str:
    if invitation.kind is Kind.GROUP:
        return (
            f"the project <strong>{e(invitation.group_name or '')}</strong> "
            f"of the organization <strong>{e(invitation.org_name)}</strong>"
        )
    return f"the organization <strong>{e(invitation.org_name)}</strong>"


def _target(invitation: Invitation) -> str:
    """What the invitee joins, as plain text for a title."""
    if invitation.kind is Kind.GROUP:
        return f"the project {invitation.group_name}"
    return invitation.org_name


def _role_items(roles: tuple[str, ...], project: str = "") -> str:
    where = f' <span class="when">in {e(project)}</span>' if project else ""
    return "".join(f"<li>{e(label(role))}{where}<code>{e(role)}</code></li>" for role in roles)


def _roles_block(shown: Shown) -> str:
    invitation = shown.invitation
    if invitation.kind is Kind.GROUP:
        org_roles: tuple[str, ...] = ("ORG_MEMBER",)  # joining a project makes an organization member
        project_items = _role_items(invitation.roles, invitation.group_name or "")
    else:
        org_roles = invitation.roles
        project_items = "".join(
            _role_items(a.roles, shown.project_names.get(a.group_id, f"project {a.group_id}"))
            for a in invitation.group_role_assignments
        )
    blocks = []
    if org_roles:
        blocks.append(f'<dt>Organization roles</dt><dd><ul class="roles">{_role_items(org_roles)}</ul></dd>')
    if project_items:
        blocks.append(f'<dt>Project roles</dt><dd><ul class="roles">{project_items}</ul></dd>')
    return "\n".join(blocks)


def _hidden(form_token: str) -> str:
    return f'<input type="hidden" name="{FIELD}" value="{e(form_token)}">'


def invitation(shown: Shown, action: str, form_token: str) -> Markup:
    """The pending invitation: what, from whom, which roles, until when; Accept and Decline."""
    inv = shown.invitation
    scope = ""
    if inv.kind is Kind.GROUP:
        scope = f"<dt>Project</dt><dd>{e(inv.group_name or '')}</dd>\n"
    expires = (
        f'<time datetime="{e(iso(inv.expires_at))}">{e(moment(inv.expires_at))}</time> '
        f'<span class="when nowrap">({e(relative(inv.expires_at - shown.now))})</span>'
    )
    target = f'action="{e(action)}" method="post"'
    body = f"""<span class="badge">Invitation</span>
<h1>Join {_where(inv)}</h1>
<p class="lead"><strong>{e(inv.inviter_username)}</strong> invited <strong>{e(inv.username)}</strong>.</p>
<dl>
<dt>Organization</dt><dd>{e(inv.org_name)}</dd>
{scope}{_roles_block(shown)}
<dt>Invited by</dt><dd>{e(inv.inviter_username)}</dd>
<dt>Expires</dt><dd>{expires}</dd>
</dl>
<form {target}>
{_hidden(form_token)}
<fieldset>
<legend>Your name <span class="when">(optional)</span></legend>
<label for="firstName">First name</label>
<input type="text" id="firstName" name="firstName" maxlength="{NAME_MAX}" autocomplete="given-name">
<label for="lastName">Last name</label>
<input type="text" id="lastName" name="lastName" maxlength="{NAME_MAX}" autocomplete="family-name">
</fieldset>
<button class="accept" type="submit" name="action" value="accept">Accept invitation</button>
</form>
<form {target}>
{_hidden(form_token)}
<button class="decline" type="submit" name="action" value="decline">Decline</button>
</form>
<p class="fine">Nothing changes until you answer. The link works once and only for this invitation.</p>"""
    return f"Invitation to join {_target(inv)}", body


def joined(inv: Invitation) -> Markup:
    """After Accept."""
    body = f"""<span class="badge">Joined</span>
<h1>You joined {_where(inv)}</h1>
<p><strong>{e(inv.username)}</strong> is now a member of {_where(inv)}, with the roles the invitation granted.</p>
<p class="fine">This link has done its job and no longer works.</p>"""
    return f"You joined {_target(inv)}", body


def declined(inv: Invitation) -> Markup:
    """After Decline."""
    body = f"""<span class="badge">Declined</span>
<h1>You declined the invitation</h1>
<p>You will not join {_where(inv)}. If that was a mistake, ask <strong>{e(inv.inviter_username)}</strong>
to invite you again.</p>"""
    return "Invitation declined", body


def gone(inv: Invitation, state: State) -> Markup:
    """A link that no longer works (status 410), saying what happened to its invitation."""
    ask = f"Ask <strong>{e(inv.inviter_username)}</strong> or another administrator to invite you again."
    if state is State.ACCEPTED:
        title = "This invitation has already been accepted"
        text = (
            f"The link works only once, and it was used to join {_where(inv)}. "
            f"<strong>{e(inv.username)}</strong> is a member already."
        )
    elif state is State.CANCELLED:
        title = "This invitation was cancelled"
        text = f"The invitation to join {_where(inv)} was cancelled, so its link no longer works. {ask}"
    elif state is State.REJECTED:
        title = "This invitation was declined"
        text = f"The invitation to join {_where(inv)} was declined with this link, so it no longer works. {ask}"
    elif state is State.REPLACED:
        title = "This invitation was replaced by a newer one"
        text = (
            f"A newer invitation to join {_where(inv)} was sent to <strong>{e(inv.username)}</strong>. "
            "Use the link in the most recent mail."
        )
    else:
        title = "This invitation has expired"
        text = f"The invitation to join {_where(inv)} expired on {e(moment(inv.expires_at))}. {ask}"
    badge = GONE_BADGES.get(state, state.value.title())
    body = f'<span class="badge gone">{e(badge)}</span>\n<h1>{e(title)}</h1>\n<p>{text}</p>'
    return title, body
