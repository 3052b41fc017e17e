"""A registry of object types, so shared building blocks (reactions, follows, reports, status
history, uploads) can point at "any object" with a (type, id) pair.

A model opts in with ``@register_object_type("idee")``; it then gets ``__object_type__`` and may
implement the optional hooks of ``SharedObject`` (public URL, title, who may react...).
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

T = TypeVar("T")

_REGISTRY: dict[str, type[Any]] = {}


class SharedObject(Protocol):
    __object_type__: str
    id: int

    def object_title(self) -> str: ...

    def object_url(self, _external: bool = False) -> str: ...


def register_object_type(name: str):  # type: ignore[no-untyped-def]
    def decorator(cls: type[T]) -> type[T]:
        if name in _REGISTRY and _REGISTRY[name] is not cls:
            raise RuntimeError(f"object type {name!r} registered twice")
        cls.__object_type__ = name  # type: ignore[attr-defined]
        _REGISTRY[name] = cls
        return cls

    return decorator


def object_types() -> dict[str, type[Any]]:
    return dict(_REGISTRY)


def model_for(object_type: str) -> type[Any] | None:
    return _REGISTRY.get(object_type)


def load_object(object_type: str, object_id: int) -> Any | None:
    from open_nijmegen.extensions import db

    cls = _REGISTRY.get(object_type)
    if cls is None:
        return None
    return db.session.get(cls, object_id)
