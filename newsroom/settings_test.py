"""Settings for the test suite: the real settings, with fast hashing and no
HTTPS redirect (the test client speaks plain HTTP)."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key")

from newsroom.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
NEWSROOM_SERVE_MEDIA = True
# Tasks run as they are enqueued, so a test sees a photo's renditions right
# after its upload; tests of the queue itself switch to the database backend
# and run the worker.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
