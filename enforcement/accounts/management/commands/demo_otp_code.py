from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo account (DEBUG only; demo accounts only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        from django_otp.oath import totp
        from django_otp.plugins.otp_totp.models import TOTPDevice

        if not settings.DEBUG:
            raise CommandError(_("Demo data is for development only: set DEBUG=1."))
        device = TOTPDevice.objects.filter(user__username=username, user__is_demo=True, confirmed=True).first()
        if device is None:
            raise CommandError(_("%(user)s is not a demo account with two-factor login.") % {"user": username})
        self.stdout.write(f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}")
