from allauth.socialaccount.signals import social_account_added, social_account_updated
from django.dispatch import receiver

from accounts.pictures import store_picture


@receiver(social_account_added)
@receiver(social_account_updated)
def keep_picture(sender, request, sociallogin, **kwargs):
    store_picture(sociallogin.account)
