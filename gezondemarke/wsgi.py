import os

from django.core.wsgi import get_wsgi_application

# Production unless told otherwise: a server started without DJANGO_SETTINGS_MODULE must not
# run with DEBUG on; production settings refuse to start without a real SECRET_KEY.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gezondemarke.settings.production")
application = get_wsgi_application()
