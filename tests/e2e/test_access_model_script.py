"""Issue 6's done-means: ``examples/access_model.py``, a script that speaks only HTTP, starts from the bootstrap
credentials of a real ``atlas-access serve`` process and builds a second organization, projects, a team, an API key
limited to one project with an access list, and a service account; then every credential does exactly what its
roles allow. The script checks each answer itself (exit 1 at the first surprise); this test runs it as a user
would, then reads the result back over the API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support.process import V2_ACCEPT, ServerProcess

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "access_model.py"


def test_the_script_builds_an_organization_whose_credentials_do_what_their_roles_allow(tmp_path: Path) -> None:
    with ServerProcess(tmp_path / "data") as server:
        bootstrap_file = server.data_dir / "bootstrap.json"
        done = subprocess.run(
            [sys.executable, str(SCRIPT), str(bootstrap_file)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={"PATH": "/usr/bin:/bin"},
        )
        assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
        out = done.stdout
        assert out.rstrip().endswith("Every credential did exactly what its roles allow.")
        # Every check printed its line: allowed and refused, for each kind of credential.
        for line in (
            "project reader key",
            "auditor service account",
            "bootstrap key",
            "second org owner key",
            "refused (NOT_IN_GROUP)",
            "refused (IP_ADDRESS_NOT_ON_ACCESS_LIST)",
            "refused (NOT_ORG_GROUP_CREATOR)",
            "refused (USER_CANNOT_ACCESS_ORG)",
        ):
            assert line in out, out
        # What it built is there, seen from the server: the new organization is not the bootstrap key's.
        listed = server.digest().get("/api/atlas/v2/orgs", headers={"Accept": V2_ACCEPT}).json()["results"]
        assert [org["id"] for org in listed] == [server.org_id]


def test_the_script_says_how_to_run_it() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith("usage: access_model.py [-h] DATA_DIR/bootstrap.json\n"), done.stderr
