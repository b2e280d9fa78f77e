"""A PDA vendor's view of the API (issue 18 item 2): generate a Python client from our OpenAPI schema with
openapi-python-client, import every generated module, and run an officer's journey through it against a live
server — token, me, cases with filters, file a case, its detail and events, a transition, download a document.
Every answer must parse into the generated models: a schema that lies fails here.
"""

import importlib
import json
import os
import pkgutil
import shutil
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from enforcement.accounts.models import Role

PACKAGE = "enf_pda_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    from drf_spectacular.generators import SchemaGenerator

    root = tmp_path_factory.mktemp("client")
    schema_file = root / "schema.json"
    schema_file.write_text(json.dumps(SchemaGenerator().get_schema(request=None, public=True)))
    binary = shutil.which("openapi-python-client", path=str(Path(sys.executable).parent)) or shutil.which(
        "openapi-python-client")
    assert binary, "openapi-python-client is a pinned dev dependency (pyproject.toml)"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = subprocess.run([binary, "generate", "--path", str(schema_file), "--output-path", str(root / PACKAGE),
                          "--meta", "none"], capture_output=True, text=True, env=env, timeout=300, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(PACKAGE), run.stdout + run.stderr
    finally:
        sys.path.remove(str(root))
        for name in [name for name in sys.modules if name == PACKAGE or name.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def test_every_generated_module_imports(generated):
    package, _output = generated
    failures = []
    modules = list(pkgutil.walk_packages(package.__path__, PACKAGE + "."))
    for module in modules:
        try:
            importlib.import_module(module.name)
        except Exception as exc:  # noqa: BLE001 - every failure is listed
            failures.append(f"{module.name}: {exc!r}")
    assert len(modules) > 100
    assert failures == []


def test_generator_reports_no_problem(generated):
    _package, output = generated
    assert "Warning(s) encountered" not in output, output[-3000:]


@pytest.fixture
def field_world(township, users, password):
    from catalog.tests.factories import ItemFactory
    from townships.models import Empowerment
    from townships.tests.factories import OfficerFactory

    item = ItemFactory(code="330299000001", name="对在人行道违规堆放物料的处罚", fine_min=Decimal("50"),
                       fine_max=Decimal("5000"))
    Empowerment.objects.create(township=township, item=item, valid_from=date(2020, 1, 1))
    officer = users[Role.TOWNSHIP_OFFICER]
    officers = [OfficerFactory(township=township, user=officer, name="张三"), OfficerFactory(township=township,
                                                                                            name="李四")]
    return {"user": officer, "password": password, "item": item, "officers": officers}


@pytest.mark.django_db(transaction=True)
def test_pda_journey_through_the_generated_client(generated, live_server, field_world):
    package, _output = generated
    api = importlib.import_module(f"{PACKAGE}.api.v1")
    models = importlib.import_module(f"{PACKAGE}.models")

    def call(name, *args, **kwargs):
        return importlib.import_module(f"{api.__name__}.{name}").sync_detailed(*args, **kwargs)

    anonymous = package.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    answer = call("v1_auth_token_create", client=anonymous, body=models.TokenRequestRequest(
        username=field_world["user"].username, password=field_world["password"], device_name="PDA-07"))
    assert answer.status_code == 200, answer.content
    token = answer.parsed.token
    client = package.AuthenticatedClient(base_url=live_server.url, token=token, prefix="Token",
                                         raise_on_unexpected_status=True)

    me = call("v1_me_retrieve", client=client).parsed
    assert isinstance(me, models.Me) and me.township == "east" and me.department is None

    filed = call("v1_cases_create", client=client, body=models.CaseCreateRequest(
        procedure=models.ProcedureEnum.ORDINARY, party_type=models.PartyTypeEnum.CITIZEN, party_name="王五",
        location="人民路18号", facts="在人行道上违规堆放建筑材料,影响通行。",
        violation_date=date.today() - timedelta(days=3), item=field_world["item"].code,
        officers=[officer.employee_number for officer in field_world["officers"]], file_now=True,
        penalty_kinds=[models.PenaltyKindEnum.FINE], fine="500"),
        x_client_request_id="pda-07-0000-0001")
    assert filed.status_code == 201, filed.content
    assert isinstance(filed.parsed, models.CaseDetail)
    code = filed.parsed.code

    listed = call("v1_cases_list", client=client, status=models.V1CasesListStatus("investigating"), q="王五",
                  township="east").parsed
    assert [row.code for row in listed.results] == [code]
    assert call("v1_cases_list", client=client, status=models.V1CasesListStatus("closed")).parsed.results == []

    detail = call("v1_cases_retrieve", code, client=client).parsed
    assert isinstance(detail, models.CaseDetail)
    assert sorted(o.name for o in detail.officers) == ["张三", "李四"]
    assert detail.township == "east"

    events = call("v1_cases_events_list", code, client=client).parsed
    assert [event.action for event in events.results] == ["create", "register"]

    moved = call("v1_cases_transition_create", code, client=client, body=models.NotifyInputRequest(
        action=models.NotifyInputActionEnum.NOTIFY, penalty_kinds=[models.PenaltyKindEnum.FINE], fine="500"))
    assert moved.status_code == 200, moved.content
    assert moved.parsed.status == "notified"
    kinds = {document.kind for document in moved.parsed.documents}
    assert "penalty_notice" in kinds

    download = call("v1_cases_documents_retrieve", code, models.V1CasesDocumentsRetrieveKind("penalty_notice"),
                    client=client)
    assert download.status_code == 200
    assert download.parsed.payload.read(4) == b"%PDF"
