"""Two reviewers approve one case at the same moment on a SQLite file database (the `make run` default).

Run by `test_concurrency.py` in a subprocess, because the test run itself is on PostgreSQL:
`python -m cases.tests.sqlite_race <db file>` migrates the file, prepares a case waiting for township
review, lets two reviewers' API requests start together (two threads, two connections) and prints the
two HTTP statuses and bodies as JSON.
"""

import json
import os
import sys
import threading


def main(path):
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enforcement.settings_test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    results = race()
    print(json.dumps(results, ensure_ascii=False))


def race():
    from datetime import date, timedelta
    from decimal import Decimal

    from django.db import connection

    from cases.services import case_register, case_transition
    from catalog.tests.factories import ItemFactory
    from enforcement.accounts.models import Role
    from enforcement.accounts.tests.factories import UserFactory
    from townships.models import Empowerment
    from townships.tests.factories import OfficerFactory, TownshipFactory

    township = TownshipFactory(code="east", name="东城街道")
    item = ItemFactory()
    Empowerment.objects.create(township=township, item=item, valid_from=date(2020, 1, 1))
    officer = UserFactory(role=Role.TOWNSHIP_OFFICER, township=township)
    reviewers = [UserFactory(role=Role.TOWNSHIP_REVIEWER, township=township) for _ in range(2)]
    officers = [OfficerFactory(township=township, user=officer), OfficerFactory(township=township)]
    ago = date.today() - timedelta(days=30)
    case = case_register(actor=officer, item=item, procedure="ordinary", party_type="citizen", party_name="王五",
                         location="人民路18号", facts="违规堆放", violation_date=ago, discovered_on=ago, filed_on=ago,
                         officers=officers, penalty_kinds=["fine"], fine=Decimal("20000"), file_now=True)
    for action, data in (("notify", {"penalty_kinds": ["fine"], "fine": "20000", "notice_date": ago.isoformat()}),
                         ("record_statement", {"outcome": "expired"}), ("submit_review", {})):
        case = case_transition(case=case, action=action, actor=officer, **data)
    connection.close()

    return approve_together(case, reviewers)


def approve_together(case, reviewers):
    """Each reviewer's API approval of `case` in its own thread, released at the same moment; the
    (status, body) of each, a server error included."""
    from django.db import connection

    from rest_framework.test import APIClient

    barrier = threading.Barrier(len(reviewers))
    results = []

    def approve(reviewer):
        client = APIClient()
        client.force_authenticate(user=reviewer)
        try:
            barrier.wait()
            response = client.post(f"/api/v1/cases/{case.code}/transition/",
                                   {"action": "approve_review", "opinion": "同意"}, format="json")
            results.append({"status": response.status_code, "body": response.content.decode()[:2000]})
        except Exception as exc:  # noqa: BLE001 - a server error is the outcome under test
            results.append({"status": 500, "body": repr(exc)[:2000]})
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(reviewer,)) for reviewer in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


if __name__ == "__main__":
    main(sys.argv[1])
