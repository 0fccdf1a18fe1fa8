"""Only for `collectstatic` while building an image: production's static storage, no secrets.

It serves nothing and reaches no database; the running containers use production settings.
"""

from .base import *  # noqa: F403

SECRET_KEY = "collectstatic-only-this-settings-module-never-serves-a-request"
DEBUG = False
STORAGES = PRODUCTION_STORAGES  # noqa: F405
