"""Local development: the embedded default with DEBUG on unless DEBUG says otherwise."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", default=True)
