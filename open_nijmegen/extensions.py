"""Every Flask extension, unbound; ``create_app`` binds them with ``init_app``."""

from __future__ import annotations

from authlib.integrations.flask_client import OAuth
from flask import request
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from open_nijmegen.core.db import Base


def _client_address() -> str:
    # ProxyFix (configured from OPEN_NIJMEGEN_TRUSTED_PROXIES) has already set remote_addr.
    return request.remote_addr or "onbekend"


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()
oauth = OAuth()  # OpenID Connect clients, one per configured provider (accounts/oidc)
limiter = Limiter(key_func=_client_address, default_limits=[], headers_enabled=True)
# Stylesheets, scripts and SVG only (brotli or gzip). HTML pages are not compressed: they hold
# the CSRF token next to text a visitor can put on the page, the mix that BREACH reads out.
compress = Compress()
COMPRESSED_TYPES = ["text/css", "text/javascript", "application/javascript", "image/svg+xml"]
