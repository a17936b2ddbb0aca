"""The domain is pure, and every event says who did it and on which business date."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

import budget.domain
from budget.domain.account import UserAccount
from budget.domain.authority import LocalAuthority
from budget.domain.budget import AnnualBudget
from budget.domain.project import Project
from budget.domain.report import ProgressReport
from budget.domain.targets import DisbursementTargets

FORBIDDEN = {
    "psycopg",
    "sqlalchemy",
    "litestar",
    "reportlab",
    "msgspec",
    "click",
    "budget.application",
}
AGGREGATES = (
    LocalAuthority,
    AnnualBudget,
    Project,
    ProgressReport,
    UserAccount,
    DisbursementTargets,
)


def test_the_domain_imports_no_http_sql_or_pdf_library() -> None:
    folder = Path(budget.domain.__file__).parent
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not any(name == f or name.startswith(f + ".") for f in FORBIDDEN), (
                    f"{path.name} imports {name}"
                )


def _event_classes() -> list[type]:
    """The event classes each aggregate declares (not the library's generic ones)."""
    found = []
    for aggregate in AGGREGATES:
        declared = [
            member
            for name, member in inspect.getmembers(aggregate, inspect.isclass)
            if issubclass(member, Aggregate.Event)
            and member.__qualname__ == f"{aggregate.__name__}.{name}"
            and name not in {"Event", "Snapshot"}
        ]
        creators = [m for m in declared if issubclass(m, Aggregate.Created)]
        unused_default = (
            [m for m in creators if m.__name__ == "Created"] if len(creators) > 1 else []
        )
        found += [m for m in declared if m not in unused_default]
    return found


def test_every_event_records_who_and_the_business_date() -> None:
    events = _event_classes()
    assert len(events) > 40
    for event_class in events:
        fields = inspect.signature(event_class).parameters
        assert "actor" in fields, f"{event_class.__qualname__} does not record who did it"
        assert "business_date" in fields, f"{event_class.__qualname__} has no business date"


def test_every_correction_says_why() -> None:
    for event_class in _event_classes():
        if "Corrected" in event_class.__name__:
            assert "reason" in inspect.signature(event_class).parameters


def test_every_command_has_exactly_one_handler() -> None:
    """`BudgetOffice.execute` runs every command the doors can build, by its type."""
    from budget.application import commands
    from budget.application.handlers import handled

    declared = {
        kind
        for kind in vars(commands).values()
        if inspect.isclass(kind) and issubclass(kind, commands.Command)
    } - {commands.Command}
    assert declared == handled()


def test_no_use_case_is_chosen_by_a_name_in_a_string() -> None:
    """No `getattr(office_or_aggregate, variable)(...)`: a command is run by its type."""
    folder = Path(budget.domain.__file__).parent.parent
    for package in ("application", "demo", "bench", "http", "cli"):
        for path in (folder / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                called = node.func if isinstance(node, ast.Call) else None
                if (
                    isinstance(called, ast.Call)
                    and isinstance(called.func, ast.Name)
                    and called.func.id == "getattr"
                ):
                    raise AssertionError(f"{path}:{node.lineno} calls what getattr found")


def test_every_api_body_is_a_commands_payload() -> None:
    """The API's write bodies are the commands' payloads (one definition of each field),
    but for the login and the own-password change, which are not use cases of the office,
    and the workbook upload, which budget.imports decodes into the same commands."""
    import typing

    from budget.http.app import CONTROLLERS

    bodies: set[type] = set()
    for controller in CONTROLLERS:
        for value in vars(controller).values():
            handler = getattr(value, "fn", None)
            if handler is None:
                continue
            hints = typing.get_type_hints(handler, include_extras=True)
            if "data" in hints:
                body = typing.get_args(hints["data"])[0]  # JSONBody[T] is Annotated[T, ...]
                bodies.update(typing.get_args(body) or (body,))  # a tagged union's members
    assert len(bodies) > 25
    outside = {b.__name__ for b in bodies if not b.__module__.startswith("budget.application")}
    assert outside == {"Login", "OwnPasswordIn", "WorkbookUpload"}


def test_no_projection_compares_event_class_names() -> None:
    """Projections match on the typed event classes (budget/projections/events), never on
    an event class's name."""
    folder = Path(budget.domain.__file__).parent.parent / "projections"
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "__qualname__":
                raise AssertionError(f"{path}:{node.lineno} reads a class's name")


def test_every_projected_topic_is_a_domain_event() -> None:
    """Each typed event is named after an event of its aggregate, so a renamed or removed
    domain event fails here rather than leaving a projection deaf to it."""
    from budget.projections.events import TOPICS

    aggregates = {
        get_topic(a): a
        for a in (AnnualBudget, LocalAuthority, Project, ProgressReport, DisbursementTargets)
    }
    for topic, event in TOPICS.items():
        owner, _, name = topic.rpartition(".")
        assert name == event.__name__, topic
        assert issubclass(getattr(aggregates[owner], name), Aggregate.Event), topic
