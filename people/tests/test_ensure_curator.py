from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command


def _run():
    out = StringIO()
    call_command("ensure_curator", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_creates_a_curator_with_a_random_password_printed_once():
    first = _run()
    password = first.split("password:")[1].split()[0]
    curator = User.objects.get(username="curator")
    assert curator.is_staff and curator.is_superuser
    assert curator.check_password(password)
    assert len(password) >= 12

    second = _run()
    assert password not in second
    assert "exists" in second
    assert User.objects.filter(username="curator").count() == 1


@pytest.mark.django_db
def test_each_machine_gets_a_different_password():
    first = _run().split("password:")[1].split()[0]
    User.objects.all().delete()
    second = _run().split("password:")[1].split()[0]
    assert first != second
