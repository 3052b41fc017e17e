"""A registry of object types, so shared building blocks (reactions, follows, reports, status
history, uploads) can point at "any object" with a (type, id) pair.

A model opts in with ``@register_object_type("idee")``; it then gets ``__object_type__`` and may
implement the optional hooks of ``SharedObject`` (public URL, title, who may react...).

Capabilities are opt-in per type: only a type registered with ``reactable=True`` takes
reactions (``/reacties/<type>/<id>``) and only one with ``followable=True`` can be followed
(``/volgen/<type>/<id>``); for any other type those routes answer 404. Registering checks
that the type has the hooks its capabilities need.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from open_nijmegen.core.i18n import N_

T = TypeVar("T")

_REGISTRY: dict[str, type[Any]] = {}
# object type -> the staff work area that moderates it (None: only a beheerder)
_AREAS: dict[str, str | None] = {}
# object type -> what it opted in to (REACTABLE, FOLLOWABLE)
_CAPABILITIES: dict[str, frozenset[str]] = {}

REACTABLE = "reactable"
FOLLOWABLE = "followable"
# The hooks each capability calls on an object.
_NEEDED_HOOKS = {
    REACTABLE: ("can_view", "can_react", "object_url", "object_title"),
    FOLLOWABLE: ("can_view", "object_url", "object_title"),
}
# object type -> B1 name shown to people ("Idee"), never the code
_LABELS: dict[str, str] = {}


class SharedObject(Protocol):
    __object_type__: str
    id: int

    def object_title(self) -> str: ...

    def object_url(self, _external: bool = False) -> str: ...


def register_object_type(  # type: ignore[no-untyped-def]
    name: str,
    area: str | None = None,
    *,
    reactable: bool = False,
    followable: bool = False,
    label: str | None = None,
):
    """``area``: the staff work area (``accounts.models.WorkArea`` value) whose officers
    moderate objects of this type; without one only a beheerder does. ``reactable`` /
    ``followable``: residents may react on / follow objects of this type. ``label``: the B1
    name shown on staff pages such as the logboek ("Idee")."""
    capabilities = frozenset(
        c for c, on in ((REACTABLE, reactable), (FOLLOWABLE, followable)) if on
    )

    def decorator(cls: type[T]) -> type[T]:
        if name in _REGISTRY and _REGISTRY[name] is not cls:
            raise RuntimeError(f"object type {name!r} registered twice")
        for capability in capabilities:
            missing = [h for h in _NEEDED_HOOKS[capability] if not hasattr(cls, h)]
            if missing:
                raise RuntimeError(f"object type {name!r} is {capability} but lacks {missing}")
        cls.__object_type__ = name  # type: ignore[attr-defined]
        _REGISTRY[name] = cls
        _AREAS[name] = area
        _CAPABILITIES[name] = capabilities
        _LABELS[name] = label or name.capitalize()
        return cls

    return decorator


def work_area_of(obj: Any) -> str | None:
    """The work area that moderates ``obj``: its type's, or for something that belongs to
    another object (a reaction: ``object_type``) that object's type's. None: a beheerder's."""
    area = _AREAS.get(getattr(obj, "__object_type__", ""))
    owner_type = getattr(obj, "object_type", None)
    if area is None and isinstance(owner_type, str):
        area = _AREAS.get(owner_type)
    return area


def has_capability(object_type: str, capability: str) -> bool:
    """Whether the type opted in to ``capability`` (REACTABLE, FOLLOWABLE)."""
    return capability in _CAPABILITIES.get(object_type, frozenset())


UNKNOWN_TYPE = N_("Onderdeel")


def object_type_label(object_type: str | None) -> str:
    """The B1 name of an object type, for pages; never the code."""
    from flask_babel import gettext

    if not object_type:
        return ""
    return gettext(_LABELS.get(object_type, UNKNOWN_TYPE))


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
