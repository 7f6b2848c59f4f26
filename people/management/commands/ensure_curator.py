import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "For local use: create the superuser account 'curator' with a random password, printed once. "
        "Does nothing if the account exists (use 'manage.py changepassword curator' to reset it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="curator")

    def handle(self, *args, username, **options):
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Admin account '{username}' exists. Forgot its password? "
                f"Run: .venv/bin/python manage.py changepassword {username}"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username, "", password)
        self.stdout.write(self.style.SUCCESS("Created a curator account for this machine:"))
        self.stdout.write(f"  admin:    http://127.0.0.1:8000/{settings.ADMIN_PATH}")
        self.stdout.write(f"  user:     {username}\n  password: {password}")
        self.stdout.write("This password is shown only once; keep it or reset it with changepassword.")
