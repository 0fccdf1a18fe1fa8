from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from accounts import roles
from regioplan.models import Organisation

DEMO_PASSWORD = "demo-gezondemarke"

# username, full name, role, organisation (partners only)
DEMO_USERS = [
    ("programmateam", "Pim Programmateam", roles.PROGRAMME_TEAM, None),
    ("partner-ggd", "Petra Partner (GGD Drenthe)", roles.PARTNER, "GGD Drenthe"),
    ("partner-cosis", "Paul Partner (Cosis)", roles.PARTNER, "Cosis"),
    # Manages GGD Drenthe's accounts: invites colleagues (two-step sign-in in production).
    ("beheer-ggd", "Gerda Accountbeheer (GGD Drenthe)", roles.PARTNER, "GGD Drenthe"),
    ("bestuur", "Bea Bestuur (programmaraad)", roles.BOARD, None),
    ("beheer", "Bas Beheer", roles.ADMIN, None),
    (
        "coordinator",
        "Zora Zorgbelang (participatiecoördinator)",
        roles.COORDINATOR,
        "Zorgbelang Drenthe",
    ),
]

ORGANISATION_ADMINS = {"beheer-ggd"}


class Command(BaseCommand):
    help = "Create the demo accounts (development and demos only; refused in production)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--print-logins", action="store_true", help="print the URL and the demo logins"
        )
        parser.add_argument("--url", default="http://localhost:8000/")

    def handle(self, *args, print_logins, url, **options):
        if settings.SETTINGS_MODULE.endswith("production"):
            raise CommandError("Demo-accounts worden niet aangemaakt met productie-instellingen.")
        User = get_user_model()
        created = 0
        for username, full_name, role, org_name in DEMO_USERS:
            first, _, last = full_name.partition(" ")
            org = Organisation.objects.filter(name=org_name).first() if org_name else None
            if org_name and org is None:
                raise CommandError(
                    f"Organisatie '{org_name}' ontbreekt: laad eerst het plan (load_regioplan)."
                )
            user, was_created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "organisation": org,
                    "is_organisation_admin": username in ORGANISATION_ADMINS,
                },
            )
            if was_created:
                user.set_password(DEMO_PASSWORD)
                user.is_staff = role == roles.ADMIN
                user.is_superuser = role == roles.ADMIN
                user.save()
                created += 1
            user.groups.add(Group.objects.get(name=role))
        if not print_logins:
            self.stdout.write(
                f"Demo-accounts: {created} aangemaakt, {len(DEMO_USERS) - created} bestonden al."
            )
            return
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Het portaal draait op {url}"))
        self.stdout.write(f"Demo-logins (wachtwoord voor allemaal: {DEMO_PASSWORD}):")
        for username, _full_name, role, org_name in DEMO_USERS:
            extra = f", {org_name}" if org_name else ""
            if username in ORGANISATION_ADMINS:
                extra += ", beheert de accounts van de organisatie"
            self.stdout.write(f"  {username:<15} {role}{extra}")
        self.stdout.write(f"Beheer (Django admin): {url}beheer/")
        self.stdout.write("")
