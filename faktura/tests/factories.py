"""Test data built through the same services the API uses."""

import itertools

from faktura.accounts import services
from faktura.accounts.models import Membership
from faktura.catalog.models import Department

_counter = itertools.count(1)
PASSWORD = "correct horse"


def account(prefix: str | None = None, **company) -> Membership:
    n = next(_counter)
    prefix = prefix or f"acct{n}"
    return services.account_create(
        account=services.NewAccount(prefix=prefix),
        user=services.NewUser(
            login=f"{prefix}-owner", email=f"owner@{prefix}.example", password=PASSWORD
        ),
        company={"name": f"{prefix.title()} sp. z o.o.", **company},
    )


def member(owner: Membership, role: str = "member", email: str | None = None) -> Membership:
    n = next(_counter)
    return services.membership_add(
        actor=owner,
        invite=False,
        email=email or f"user{n}@{owner.account.prefix}.example",
        password=PASSWORD,
        role=role,
    )


def department(owner: Membership, name: str = "Oddział", **fields) -> Department:
    return Department.objects.create(account=owner.account, name=name, **fields)
