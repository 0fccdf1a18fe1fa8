"""Test settings: fast hasher, local memory e-mail, tasks in process."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Pages are not cached in tests (query counts measure the real work); test_page_cache.py
# switches the cache on where it tests it.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
WHITENOISE_AUTOREFRESH = True

import tempfile  # noqa: E402

# Uploaded evidence in tests goes to a scratch folder, never into the project.
MEDIA_ROOT = tempfile.mkdtemp(prefix="gezondemarke-test-media-")

# In the test process tasks always run eagerly, through the same code; tests that need a real
# worker and broker (tests/monitoring/test_worker_integration.py) start their own processes.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"

# The suite makes many anonymous API calls; test_api_rules.py checks throttling on its own.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405 (from base)
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
}
