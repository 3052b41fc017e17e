"""How a web request uses the database.

Every database round trip costs a web process and the database a context switch; on a busy
server that, not the query, is most of the cost of a page. Two rules keep them few:

- ``@read_only`` views (the public pages that only read) run without a transaction: every
  statement commits by itself, so there is no BEGIN and no ROLLBACK around the page. A write in
  such a request is refused (the flush raises), so a read-only view can never half-write;
  the site-wide crawler in the tests visits every page as every role.
- Pooled connections are not tested with a round trip before use (``OPEN_NIJMEGEN_DB_PRE_PING``
  is off by default). When the database was restarted, the first statement on an old
  connection fails; SQLAlchemy then renews the whole pool, and a GET or HEAD request is run
  once more (``retry_after_lost_connection``). A form sent at that moment gets the error page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import Flask, current_app, g, request
from flask.typing import ResponseReturnValue

from open_nijmegen.extensions import db

F = TypeVar("F", bound=Callable[..., Any])
READ_ONLY_ATTR = "__read_only__"
SAFE_METHODS = frozenset({"GET", "HEAD"})


class WriteInReadOnlyRequest(RuntimeError):
    """A ``@read_only`` view tried to change the database."""


def read_only(view: F) -> F:
    """Mark a view that only reads: its GET and HEAD requests run without a transaction."""
    setattr(view, READ_ONLY_ATTR, True)
    return view


def _is_read_only_request() -> bool:
    if request.method not in SAFE_METHODS or request.endpoint is None:
        return False
    view = current_app.view_functions.get(request.endpoint)
    return bool(getattr(view, READ_ONLY_ATTR, False))


def read_rows(statement: sa.Executable, params: dict[str, Any] | None = None) -> Any:
    """The result of a Core ``select`` run straight on the session's connection. Session.execute
    adds ORM bookkeeping that costs more than a small indexed query does (measured: about
    0.06 ms a statement); this keeps its one effect that matters for a read: changes still
    pending in the session are flushed first."""
    db.session.flush()
    return db.session.connection().execute(statement, params or {})


def start_request() -> None:
    """before_request (runs first): a read-only request takes an autocommit connection."""
    if _is_read_only_request():
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        db.session.info["read_only"] = True


def _refuse_writes(session: Any, flush_context: Any, instances: Any) -> None:
    if session.info.get("read_only") and (session.new or session.dirty or session.deleted):
        raise WriteInReadOnlyRequest(
            f"{request.endpoint} is marked read_only but changes the database"
        )


def retry_after_lost_connection(error: Exception) -> ResponseReturnValue | None:
    """Run a GET or HEAD request once more when its database connection turned out to be
    dead (the database restarted). None when this is not such a case."""
    if not (
        isinstance(error, sa.exc.DBAPIError)
        and error.connection_invalidated
        and request.method in SAFE_METHODS
        and not g.get("_db_retried")
    ):
        return None
    g._db_retried = True
    current_app.logger.warning("database connection lost; %s %r tried again", request.method,
                               request.path)  # fmt: skip
    db.session.remove()
    # Again from the start, so every before_request check (access, limits) runs again.
    response = current_app.preprocess_request()
    if response is None:
        response = current_app.ensure_sync(current_app.dispatch_request)()
    return response


def init_app(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, start_request)
    if not sa.event.contains(sa.orm.Session, "before_flush", _refuse_writes):
        # First of all before_flush listeners, so none of them writes before the refusal.
        sa.event.listen(sa.orm.Session, "before_flush", _refuse_writes, insert=True)
