"""The layout rules of docs/architecture.md, checked on the source itself.

Imports are read with `ast`, not by importing, so a rule broken inside a function (a
"lazy" import that hides a cycle) fails as surely as one at the top of a module. Imports
under `if TYPE_CHECKING:` are left out: they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "servicedesk"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST):
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from _imports(ast.Module(body=node.orelse, type_ignores=[]))
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        yield from _imports(node)


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The project modules an import statement loads (its target, or the imported submodule)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = module.split(".")
            if MODULES[module].name != "__init__.py":
                package = package[:-1]
            package = package[: len(package) - node.level + 1]
            base = ".".join([*package, *([base] if base else [])])
        names = [
            f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
            for alias in node.names
        ]
    return {name for name in names if name in MODULES}


def import_graph() -> dict[str, set[str]]:
    graph = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[module] = {t for node in _imports(tree) for t in _targets(module, node)} - {module}
    return graph


GRAPH = import_graph()


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_the_graph_sees_the_packages():
    """Guards the rules below against passing on an empty or misread graph."""
    assert "servicedesk.domain.tickets.lifecycle" in GRAPH
    assert "servicedesk.infra.extensions" in GRAPH["servicedesk.domain.tickets.lifecycle"]
    assert "servicedesk.api.blueprint" in GRAPH["servicedesk.api.tickets.routes"]


def test_a_made_up_cycle_is_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_no_import_cycles():
    assert _cycles(GRAPH) == []


# Which layers each layer may import; see docs/architecture.md.
ALLOWED = {
    "infra": {"infra"},
    "models": {"infra", "models"},
    "domain": {"infra", "models", "domain"},
    "web": {"infra", "models", "domain", "boundary", "web"},
    "boundary": {"infra", "models", "domain", "boundary"},
    "api": {"infra", "models", "domain", "boundary", "api"},
    "jobs": {"infra", "models", "domain", "jobs"},
    "cli": {"infra", "models", "domain", "jobs", "demo", "cli", "api"},
    "demo": {"infra", "models", "domain", "demo"},
}


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layers_import_only_what_lies_below(layer):
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if _layer(module) == layer
        for target in targets
        if _layer(target) and _layer(target) not in ALLOWED[layer]
    )
    assert wrong == []


def test_every_module_belongs_to_a_layer():
    top = {_layer(m) for m in MODULES} - {""}
    assert top == set(ALLOWED)


AREAS = ("tickets", "changes", "reports", "catalog", "access")


@pytest.mark.parametrize("area", AREAS)
def test_each_api_area_keeps_routes_schemas_and_paths(area):
    for part in ("routes", "schemas", "paths"):
        names = {m.rsplit(".", 1)[-1] for m in MODULES if m.startswith(f"servicedesk.api.{area}.")}
        assert part in names, (area, part)


def test_areas_do_not_reach_into_each_other_inside_the_api():
    """An API area uses the shared API modules and the domain, never another area's files."""
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if module.startswith("servicedesk.api.") and module.count(".") == 3
        for target in targets
        if target.startswith("servicedesk.api.")
        and target.count(".") == 3
        and target.split(".")[2] != module.split(".")[2]
    )
    assert wrong == []


def test_moves_keep_the_default_database_file(monkeypatch):
    """A layout change must not point an existing install at a new, empty database."""
    import config

    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert config._database_url() == f"sqlite:///{ROOT / 'instance' / 'servicedesk.db'}"


def _reachable(starts: set[str]) -> set[str]:
    seen, todo = set(), list(starts)
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(GRAPH.get(module, ()))
    return seen


def _web_entries() -> set[str]:
    from servicedesk.web import BLUEPRINT_MODULES, ROUTE_MODULES

    return {f"servicedesk.web.{name}" for name in BLUEPRINT_MODULES + ROUTE_MODULES}


def _cli_entries() -> set[str]:
    from servicedesk.cli import COMMAND_GROUPS  # loaded on first use, named by module

    return {"servicedesk.cli", *(module for module, _ in COMMAND_GROUPS.values())}


# Where each registry starts, which package it must cover, and what a module to cover has.
REGISTRIES = {
    "web blueprints": (_web_entries, "servicedesk.web.", "@bp."),
    "api routes": (lambda: {"servicedesk.api"}, "servicedesk.api.", "@bp."),
    "scheduled jobs": (
        lambda: {"servicedesk.jobs.scheduler"},
        "servicedesk.jobs.",
        "@register_job",
    ),
    "cli groups": (_cli_entries, "servicedesk.cli.", "AppGroup("),
}


@pytest.mark.parametrize("registry", sorted(REGISTRIES))
def test_every_area_module_is_reached_by_its_registry(registry):
    """A new area's routes, jobs or commands that nobody imports would silently not exist."""
    entries, prefix, marker = REGISTRIES[registry]
    declaring = {
        module
        for module, path in MODULES.items()
        if module.startswith(prefix) and marker in path.read_text(encoding="utf-8")
    }
    assert declaring, registry  # the marker still matches something
    assert declaring - _reachable(entries()) == set()
