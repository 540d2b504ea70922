"""For whom the signed-in person acts: the one place views look up "my organizations" and
refuse an organization named in a request that the person may not act for (a forged form)."""

from __future__ import annotations

from flask_login import current_user

from app.common.authz import require
from app.common.request_scope import request_scope
from app.organizations.models import Organization
from app.organizations.queries import organizations_acting_for


def my_organizations() -> list[Organization]:
    """The verified organizations the signed-in person may act for (one query per request)."""
    scope = request_scope()
    if "my_organizations" not in scope:
        scope["my_organizations"] = organizations_acting_for(current_user)
    return scope["my_organizations"]


def chosen_organization(organization_id: int | None) -> Organization:
    """The organization named in the request; naming one the person does not act for is a
    forged request and answers 403."""
    organization = next((o for o in my_organizations() if o.id == organization_id), None)
    require(organization is not None)
    return organization
