"""The structure the code keeps: apps depend one way, modules import no cycle, files stay short.

Apps depend accounts ← reviews ← comments: comments builds on essays, essays on accounts, never
the reverse. Every import counts, including one inside a function.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "reviews", "comments"]
# What each app may import from the project's other apps.
MAY_IMPORT = {"accounts": set(), "reviews": {"accounts"}, "comments": {"accounts", "reviews"}}
MAX_LINES = 400


def source_files(*, migrations=False):
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if migrations or "migrations" not in path.parts:
                yield path


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path):
    """Every project module ``path`` imports, at any depth of its code."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else None
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module_name(path) if package is None else package
                anchor = anchor.rsplit(".", node.level - 1)[0] if node.level > 1 else anchor
                base = f"{anchor}.{base}" if base else anchor
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in names if name.split(".")[0] in APPS}


def test_apps_import_only_the_apps_below_them():
    wrong = []
    for path in source_files():
        app = path.relative_to(ROOT).parts[0]
        for name in imported_modules(path):
            other = name.split(".")[0]
            if other != app and other not in MAY_IMPORT[app]:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_no_module_imports_itself_through_a_cycle():
    modules = {module_name(path): path for path in source_files()}
    graph = {
        name: {imported for imported in imported_modules(path) if imported in modules} - {name}
        for name, path in modules.items()
    }
    # A package imports its own submodules to re-export them; that is not a cycle in intent.
    for name in graph:
        graph[name] = {other for other in graph[name] if not other.startswith(f"{name}.")}
    cycles = []
    state = {}

    def visit(name, trail):
        state[name] = "open"
        for other in sorted(graph[name]):
            if state.get(other) == "open":
                cycles.append(" → ".join([*trail[trail.index(other) :], other]))
            elif other not in state:
                visit(other, [*trail, other])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, "\n".join(cycles)


def test_no_source_file_is_longer_than_one_sitting():
    long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for path in source_files()
        if (count := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert not long, "\n".join(long)
