"""Property-based test of the API against its own OpenAPI document (schemathesis, via WSGI):
no 500s, and every response (also 400 and 404) is valid against the documented schema.

Schemathesis' pytest plugin is not used (it does not work with this pytest version); each
operation gets its own Hypothesis run instead."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

import open_nijmegen.api.views  # noqa: F401 - fills the registry
import open_nijmegen.begroten.api  # noqa: F401 - a module's own operations
import open_nijmegen.bijeenkomsten.api  # noqa: F401
import open_nijmegen.peilingen.api  # noqa: F401 - its operations too
from open_nijmegen.api.openapi import OPERATIONS


@pytest.mark.parametrize(
    "operation_id", sorted(e.removeprefix("api.").replace(".", "_") for e in OPERATIONS)
)
def test_api_matches_its_openapi_document(app, world, no_rate_limit, operation_id):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    operation = next(op for op in operations if op.definition.raw["operationId"] == operation_id)

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        case.call_and_validate()

    run()
