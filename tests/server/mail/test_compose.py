"""A new invitation's mail is sealed as what its letter says, and written when it is shown or sent: the same
letter as writing it at once; mails sealed whole before still open as they were."""

from __future__ import annotations

import json

from cryptography.fernet import Fernet

from atlas_access.core.clock import iso
from atlas_access.core.invitations import GroupRoleAssignment, Invitation, Kind, State
from atlas_access.server.mail.compose import UNREADABLE, Letter, facts, opened, whole, written
from atlas_access.server.mail.seal import Seal

LINK = "http://127.0.0.1:8080/account/invitations/" + "T" * 43
EXPIRES = 1_796_600_000


def _invitation(kind: Kind = Kind.ORG) -> Invitation:
    project = kind is Kind.GROUP
    return Invitation(
        id="a" * 24,
        kind=kind,
        org_id="b" * 24,
        org_name='R&D "Labs" <eu>',
        group_id="c" * 24 if project else None,
        group_name="Data & Co" if project else None,
        username="ada@example.com",
        roles=("ORG_MEMBER",) if not project else ("GROUP_READ_ONLY",),
        team_ids=(),
        group_role_assignments=() if project else (GroupRoleAssignment("d" * 24, ("GROUP_OWNER",)),),
        inviter_username="grace@example.com",
        state=State.PENDING,
        created_at=EXPIRES - 30 * 86400,
        expires_at=EXPIRES,
        pending_user_id=None,
    )


def test_the_letter_says_who_what_which_roles_until_when_and_the_link() -> None:
    letter = written(facts(_invitation(), LINK))
    assert 'grace@example.com invited you to join the organization "R&D "Labs" <eu>".' in letter.text
    assert f"Roles: ORG_MEMBER, GROUP_OWNER (project {'d' * 24})" in letter.text
    assert f"expires at {iso(EXPIRES)}" in letter.text
    assert LINK in letter.text and letter.link == LINK
    assert "R&amp;D &quot;Labs&quot; &lt;eu&gt;" in letter.html  # escaped in HTML only
    assert f'<a href="{LINK}">' in letter.html


def test_a_project_invitation_names_the_project_and_its_organization() -> None:
    letter = written(facts(_invitation(Kind.GROUP), LINK))
    assert 'the project "Data & Co" of the organization "R&D "Labs" <eu>"' in letter.text
    assert "Roles: GROUP_READ_ONLY\n" in letter.text


def test_sealed_facts_open_to_the_letter_written_at_once() -> None:
    seal = Seal(Fernet.generate_key())
    for kind in Kind:
        invitation = _invitation(kind)
        sealed = seal.close(facts(invitation, LINK))
        assert opened(seal.open(sealed)) == written(facts(invitation, LINK))
        assert "invited you" not in sealed and LINK not in sealed


def test_a_mail_sealed_whole_before_opens_as_it_was() -> None:
    seal = Seal(Fernet.generate_key())
    kept = Letter("an older text", "<p>an older page</p>", LINK)
    assert opened(seal.open(seal.close(whole(kept)))) == kept
    # as mails were sealed before: default JSON separators, ASCII escapes
    before = Fernet(key := Fernet.generate_key()).encrypt(json.dumps(whole(kept)).encode()).decode()
    assert opened(Seal(key).open(before)) == kept


def test_what_does_not_open_is_unreadable() -> None:
    sealed = Seal(Fernet.generate_key()).close(facts(_invitation(), LINK))
    assert opened(Seal(Fernet.generate_key()).open(sealed)) is UNREADABLE  # another key
    assert opened(None) is UNREADABLE
    assert opened({"inviter": "x"}) is UNREADABLE  # neither a whole letter nor facts
    assert opened({"inviter": "x", "to": "y", "roles": [], "expires": "soon", "link": LINK}) is UNREADABLE


def test_a_lone_surrogate_is_sealed_and_opens_as_it_was() -> None:
    seal = Seal(Fernet.generate_key())
    said = facts(_invitation(), LINK) | {"inviter": "a\ud800b"}
    assert seal.open(seal.close(said)) == said


def test_no_roles_reads_none() -> None:
    said = facts(_invitation(), LINK) | {"roles": []}
    assert "Roles: (none)\n" in written(said).text
