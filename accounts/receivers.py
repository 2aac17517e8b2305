from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from accounts.services import welcome_email_schedule


@receiver(email_confirmed)
def welcome_after_confirmation(sender, request, email_address, **kwargs) -> None:
    welcome_email_schedule(user=email_address.user)
