"""One schemathesis run of one operation in one generation mode, as the database-access conformance files make it:
requests generated from the official spec, steered, sent with a Bearer token at one API version, each answer
checked (test_schemathesis.check) and its Content-Type's version negotiated (test_schemathesis_users.negotiated);
any nonconformance fails the test with a sample of each kind."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping

import schemathesis
from hypothesis import given
from test_schemathesis import Findings, StatusAllowance, _describe, check, run_settings
from test_schemathesis_users import Steering, negotiated, versions_of

Steer = Callable[[schemathesis.Case, Steering], None]
# Looks at an answer before the common checks; True when it has judged it (the common checks are then skipped).
Judge = Callable[[schemathesis.Case, schemathesis.Response, Findings], bool]


def assert_conforms(
    operation: schemathesis.APIOperation,
    mode: schemathesis.GenerationMode,
    *,
    max_examples: Mapping[schemathesis.GenerationMode, int],
    seed: str,
    steer: Steer,
    token: str,
    base_url: str,
    version: str,
    allowances: Iterable[StatusAllowance],
    judge: Judge | None = None,
) -> None:
    operation_id = operation.definition.raw["operationId"]
    versions = versions_of(operation)
    findings = Findings()
    steering = Steering(random.Random(f"{seed}-{operation_id}-{mode.value}"))
    allowed = tuple(allowances)

    @given(case=operation.as_strategy(generation_mode=mode))
    @run_settings(max_examples[mode])
    def run(case: schemathesis.Case) -> None:
        steer(case, steering)
        case.headers = {
            **(case.headers or {}),
            "Authorization": f"Bearer {token}",
            "Accept": f"application/vnd.atlas.{version}+json",
        }
        response = case.call(base_url=base_url, timeout=30)
        if judge is not None and judge(case, response, findings):
            return
        target = check(case, response, operation_id, findings, allowed)
        wrong = None if target is None else negotiated(target, version, versions)
        if target is not None and wrong is not None:
            findings.add(("version", target.status_code), _describe(target, f"Version: {wrong}"))

    run()
    assert not findings.samples, (
        f"{operation_id} ({mode.value}): {len(findings.samples)} kind(s) of nonconformance\n\n"
        + "\n\n".join(findings.samples.values())
        + f"\n\nstatuses seen: {findings.statuses}\nallowed by name: {findings.allowed}"
    )
