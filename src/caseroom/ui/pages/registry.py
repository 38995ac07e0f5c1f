"""The pages of the main window, imported lazily by name.

Each page lives in `caseroom.ui.pages.<module>` as `<Class>(context, navigator, parent)`
(see `ui/navigation.py`). A page module is imported only when its page is first shown, so
the window opens fast. A module that is not there yet shows an empty state instead, so the
window works while parts are still being built.
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from caseroom.i18n import N_, _
from caseroom.ui.widgets.empty_state import EmptyState

if TYPE_CHECKING:  # the data stack is imported after the window has painted
    from caseroom.services.common import Actor
    from caseroom.ui.context import AppContext
    from caseroom.ui.navigation import Navigator


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One page: its name (as `Navigator.show_page` takes it), title, icon and class."""

    name: str
    title: str
    """English title marked with `N_()`; translate when shown."""
    icon: str
    module: str
    class_name: str
    permission: str | tuple[str, ...] | None = None
    """The `services.permissions.Permission` value(s) the page needs (any one of them);
    None: everyone may use it."""

    @property
    def label(self) -> str:
        """The translated title."""
        return _(self.title)

    def allows(self, actor: Actor) -> bool:
        """Whether `actor` may use this page (imports the permission table on first use)."""
        if self.permission is None:
            return True
        from caseroom.services.permissions import Permission, allowed

        needed = (self.permission,) if isinstance(self.permission, str) else self.permission
        return any(allowed(actor, Permission(value)) for value in needed)


_RECORDS = "view_records"  # Permission.VIEW_RECORDS (the data stack is imported later)

PAGES: tuple[PageSpec, ...] = (
    PageSpec("today", N_("Today"), "today", "today", "TodayPage", _RECORDS),
    PageSpec("children", N_("Children"), "children", "children", "ChildrenPage", _RECORDS),
    PageSpec("families", N_("Families"), "families", "families", "FamiliesPage", _RECORDS),
    PageSpec("journal", N_("Journal"), "journal", "journal", "JournalPage", _RECORDS),
    PageSpec("timetable", N_("Timetable"), "timetable", "timetable", "TimetablePage", _RECORDS),
    PageSpec("groups", N_("Groups"), "groups", "groups", "GroupsPage", _RECORDS),
    PageSpec(
        "reports",
        N_("Reports"),
        "reports",
        "reports.page",
        "ReportsPage",
        ("make_reports", "export_summary"),
    ),
    PageSpec(
        "directory",
        N_("Help directory"),
        "search",
        "directory",
        "DirectoryPage",
        (_RECORDS, "keep_directory"),
    ),
    PageSpec("settings", N_("Settings"), "settings", "settings.page", "SettingsPage"),
)
"""The pages in rail order (Ctrl+1 … Ctrl+9, then Ctrl+0)."""

PAGE_NAMES: tuple[str, ...] = tuple(spec.name for spec in PAGES)


def spec_of(name: str) -> PageSpec:
    """The page called `name`."""
    for spec in PAGES:
        if spec.name == name:
            return spec
    raise KeyError(name)


def _import(spec: PageSpec) -> ModuleType | None:
    module_name = f"caseroom.ui.pages.{spec.module}"
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name == module_name:
            return None
        raise


def _page_class(spec: PageSpec, module: ModuleType) -> type[QWidget] | None:
    found = getattr(module, spec.class_name, None)
    if isinstance(found, type) and issubclass(found, QWidget):
        return found
    # A page class named otherwise: the module's own QWidget subclass ending in "Page".
    for name, value in inspect.getmembers(module, inspect.isclass):
        if (
            name.endswith("Page")
            and issubclass(value, QWidget)
            and value.__module__ == module.__name__
        ):
            return value
    return None


def is_built(name: str) -> bool:
    """Whether the page's module and class exist."""
    spec = spec_of(name)
    module = _import(spec)
    return module is not None and _page_class(spec, module) is not None


def building_placeholder(spec: PageSpec, parent: QWidget | None = None) -> EmptyState:
    """What stands in for a page that is not there yet."""
    state = EmptyState(
        _("{page}: this part is being built.").format(page=spec.label), parent=parent
    )
    state.setObjectName(f"page_{spec.name}_building")
    state.setAccessibleName(spec.label)
    return state


def denied_placeholder(spec: PageSpec, parent: QWidget | None = None) -> EmptyState:
    """What stands in for a page the acting person's role may not use."""
    state = EmptyState(
        _("{page} is not available to your role.").format(page=spec.label), parent=parent
    )
    state.setObjectName(f"page_{spec.name}_denied")
    state.setAccessibleName(spec.label)
    return state


def create_page(
    name: str, context: AppContext, navigator: Navigator, parent: QWidget | None = None
) -> QWidget:
    """Import and build the page called `name`, or a "being built" or "not for your role"
    empty state."""
    spec = spec_of(name)
    if not spec.allows(context.actor):
        return denied_placeholder(spec, parent)
    module = _import(spec)
    page_class = None if module is None else _page_class(spec, module)
    if page_class is None:
        return building_placeholder(spec, parent)
    factory: Any = page_class  # the page constructor convention of ui/navigation.py
    page: QWidget = factory(context, navigator, parent)
    page.setObjectName(f"page_{spec.name}")
    if not page.accessibleName():
        page.setAccessibleName(spec.label)
    return page
