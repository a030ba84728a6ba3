"""WSGI entry point: `gunicorn newsroom.wsgi` (see README.md).

With DEBUG off and no SECRET_KEY it refuses to start.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

# Reading an empty SECRET_KEY raises ImproperlyConfigured: with DEBUG off and
# no SECRET_KEY in the environment the server stops here instead of serving.
_secret_key = settings.SECRET_KEY

application = get_wsgi_application()
