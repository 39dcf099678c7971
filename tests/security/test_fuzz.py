"""schemathesis over /openapi.json, in process, with every check it has: generated requests, valid and invalid,
never get a 5xx, every response is documented (status, content type, headers, body schema, SSE events),
requests valid by the schema are accepted and invalid ones rejected, and no response leaks prompt wording,
tracebacks or server paths. Bounded: EXAMPLES per operation and mode, derandomized so a failure reproduces.

Stated exceptions: a draft uploaded to /v1/draft/review may be valid base64 of a damaged .docx, an uploaded
document may be unreadable, a candidate id may not exist: no schema can say that, so those operations answer
with 404/422 (and a reason) and are not held to "schema-valid means accepted".
"""

from __future__ import annotations

import shutil

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="pip install schemathesis (the test extra)")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402

pytestmark = pytest.mark.security

EXAMPLES = 25
# Where schema-valid input can still be wrong in a way no schema can say (a damaged file, a candidate id that
# does not exist, ids and all both given, a region no gazetteer knows), the server answers 404/422 with the
# reason; those operations are not held to "schema-valid means accepted".
_SEMANTIC = ("POST /v1/draft/review", "POST /v1/documents", "POST /v1/rules/candidates/accept",
             "POST /v1/rules/candidates/reject", "POST /v1/rules/candidates/{cid}/edit", "GET /v1/rules/candidates")
_EXCLUDED = {label: [schemathesis.checks.positive_data_acceptance] for label in _SEMANTIC}


def _cases() -> list[tuple[str, str]]:
    """(operation, mode) for every operation of the spec; negative only where there is input to get wrong.
    The spec needs no loaded advisor, so this runs at collection."""
    from assistant.api.app import AdvisorHolder, create_app

    spec = create_app(AdvisorHolder(), with_ui=False).openapi()
    out = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            out.append((f"{method.upper()} {path}", "positive"))
            if op.get("parameters") or op.get("requestBody"):
                out.append((f"{method.upper()} {path}", "negative"))
    return out


def _leaks(label: str, text: str, no_leak) -> None:
    if label == "GET /readyz":  # reports the index folder: see test_readyz_reveals_no_server_path
        return
    no_leak(text)


@pytest.fixture(scope="module")
def api_schema(fake_advisor, tmp_path_factory):
    from assistant.api.app import AdvisorHolder, create_app
    from assistant.store import SQLiteStore
    from tests.conftest import CORPUS, make_settings

    tmp = tmp_path_factory.mktemp("fuzz")
    store = SQLiteStore(tmp / "store.sqlite3")
    shutil.copytree(CORPUS, tmp / "corpus")  # uploads and reviews write into a copy, never the repository's
    holder = AdvisorHolder(advisor=fake_advisor, store=store, settings=make_settings(tmp, corpus=tmp / "corpus"))
    app = create_app(holder, with_ui=False, rate_limit_per_minute=0)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.parametrize("label,mode", _cases())
def test_no_server_error_and_no_leak(api_schema, no_leak, label, mode):
    operation = api_schema.find_operation_by_label(label)
    if operation is None:
        pytest.fail(f"{label} is in the spec but schemathesis cannot find it")
    strategy = operation.as_strategy(schemathesis.GenerationMode(mode))

    @given(case=strategy)
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        response = case.call()
        assert response.status_code < 500, \
            f"{case.method} {case.formatted_path} {case.body!r:.200} → {response.status_code}: " \
            f"{response.text[:300]}"
        _leaks(label, response.text, no_leak)
        if mode == "negative" and response.status_code == 413:
            return  # an invalid body so large it was refused for its size: rejected, and documented as 413
        case.validate_response(response, excluded_checks=_EXCLUDED.get(label, []))

    try:
        run()
    except Unsatisfiable:  # a bare string path parameter: no invalid value can be written into a URL
        pytest.skip(f"{label}: no invalid input can be expressed")


def test_readyz_reveals_no_server_path(api, no_leak):
    r = api.get("/readyz")
    assert r.status_code == 200
    no_leak(r.text)
