"""Object builders for the access matrix (enforcement/core/access_matrix.py OBJECTS): each creates one
object owned by the given township (and department) and returns the URL kwargs of its detail route."""

from townships.tests.factories import OfficerFactory


def department(*, township, department):
    return {"code": department.code}


def township_(*, township, department):
    return {"code": township.code}


def officer(*, township, department):
    return {"pk": OfficerFactory(township=township, home_department=department).pk}


def catalog_domain(*, township, department):
    from catalog.tests.factories import DomainFactory

    return {"code": DomainFactory().code}


def catalog_item(*, township, department):
    from catalog.tests.factories import ItemFactory

    return {"code": ItemFactory().code}
