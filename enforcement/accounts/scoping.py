"""The declaration a model makes about who may see its rows; `access.scope` is what applies it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ScopeRule:
    """Lookup paths from a model to the township and department that own a row.

    township: path to the owning township id (e.g. "township", "case__township", "id").
    department: path to the owning department (department liaisons see these rows).
    reference: reference data (departments, catalogue) every business role may read.
    audit: readable by the audit administrator (and only such models are).
    accounts: user accounts, readable by the system and security administrators only (三员分立).
    """

    township: str | None = None
    department: str | None = None
    reference: bool = False
    audit: bool = False
    accounts: bool = False
