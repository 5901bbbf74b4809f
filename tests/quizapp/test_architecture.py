"""The shape of the code: one package per feature, imports that run one way, no module over 500 lines.

The import graph comes from grimp (import-linter's engine); it counts every import, including those
inside functions, so a lazy import cannot hide a cycle.
"""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ("accounts", "library", "itemstats", "quiz", "study", "classroom", "authoring")
#: a feature's pages: the modules that define its blueprints' routes
VIEW_MODULES = ("views", "set_views")
MAX_LINES = 500


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("quizapp", "questions", include_external_packages=True, cache_dir=None)


def _feature(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "quizapp" else None


def _internal_imports(graph: grimp.ImportGraph, package: str = "quizapp") -> list[tuple[str, str]]:
    return [
        (importer, imported)
        for importer in sorted(graph.modules)
        if importer.split(".")[0] == package
        for imported in sorted(graph.find_modules_directly_imported_by(importer))
        if imported.split(".")[0] == package
    ]


@pytest.mark.parametrize("package", ["quizapp", "questions"])
def test_no_module_is_over_500_lines(package):
    long = {
        str(p.relative_to(ROOT)): n
        for p in (ROOT / package).rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


@pytest.mark.parametrize("package", ["quizapp", "questions"])
def test_the_modules_form_no_import_cycle(graph, package):
    edges: dict[str, set[str]] = {}
    for importer, imported in _internal_imports(graph, package):
        edges.setdefault(importer, set()).add(imported)
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for nxt in sorted(edges.get(module, ())):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_no_feature_imports_another_features_views(graph):
    bad = [
        f"{importer} imports {imported}"
        for importer, imported in _internal_imports(graph)
        if imported.rsplit(".", 1)[-1] in VIEW_MODULES
        and _feature(imported) != _feature(importer)
        and importer != "quizapp"  # create_app registers every blueprint
    ]
    assert bad == []


def test_core_imports_no_feature(graph):
    bad = [
        f"{importer} imports {imported}"
        for importer, imported in _internal_imports(graph)
        if _feature(importer) == "core" and _feature(imported) not in ("core", None)
    ]
    assert bad == []


def test_the_features_depend_on_each_other_one_way(graph):
    """Apart from their views (a page may show another feature's data), features form layers:
    accounts and library at the bottom, then study, quiz, authoring and classroom."""
    uses: dict[str, set[str]] = {}
    for importer, imported in _internal_imports(graph):
        a, b = _feature(importer), _feature(imported)
        if a in FEATURES and b in FEATURES and a != b and importer.rsplit(".", 1)[-1] not in VIEW_MODULES:
            uses.setdefault(a, set()).add(b)

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in uses.get(start, ()))

    assert [f for f in FEATURES if reaches(f, f)] == []
    assert uses.get("library", set()) == set() and uses.get("accounts", set()) == set()


def test_quiz_and_classroom_tell_study_only_through_outcomes(graph):
    bad = [
        f"{importer} imports {imported}"
        for importer, imported in _internal_imports(graph)
        if _feature(importer) in ("quiz", "classroom")
        and _feature(imported) == "study"
        and imported not in ("quizapp.study.outcomes", "quizapp.study")
    ]
    assert bad == []


@pytest.mark.parametrize("framework", ["flask", "sqlalchemy", "wtforms", "flask_wtf", "flask_sqlalchemy"])
def test_the_questions_library_never_imports_the_web_stack(graph, framework):
    importers = {m for m in graph.find_modules_that_directly_import(framework) if m.startswith("questions")}
    assert importers == set()


def test_the_questions_library_never_imports_quizapp(graph):
    assert [
        f"{importer} imports {imported}"
        for importer in sorted(graph.modules)
        if importer.startswith("questions")
        for imported in graph.find_modules_directly_imported_by(importer)
        if imported.startswith("quizapp")
    ] == []
