"""Object builders for the access matrix (enforcement/core/access_matrix.py OBJECTS): each creates one
object owned by the given township (and department) and returns the URL kwargs of its detail route."""

from townships.tests.factories import OfficerFactory


def department(*, township, department):
    return {"code": department.code}


def township_(*, township, department):
    return {"code": township.code}


def officer(*, township, department):
    return {"pk": OfficerFactory(township=township, home_department=department).pk}
