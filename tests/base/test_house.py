"""The house rules of ``pipeline/``: no import circle, and no import up the layers.

A circle (``a`` imports ``b`` imports ``a``) makes the import order decide
what works, and it is how a module ends up in the wrong room: the issue that
asked for this test found ``speech/render.py`` ↔ ``speech/sections.py``
(through ``SectionJob``). An import inside a function counts too: it only
postpones the circle to the first call, it does not remove it. Imports under
``if TYPE_CHECKING:`` are left out, since they never run.

Edges are read from the source with :mod:`ast`, so the test needs no import
of the package and names the file and line of every import in a circle.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

PIPELINE = Path(__file__).resolve().parents[2] / "pipeline"


@dataclass(frozen=True)
class Import:
    """One pipeline module importing another: where, and whether inside a function."""

    importer: str
    imported: str
    line: int
    in_function: bool


def modules(root: Path = PIPELINE) -> dict[str, Path]:
    """Every module of the package by dotted name (a package under its own name)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The module a dotted name is in (``pipeline.a.b.Thing`` → ``pipeline.a.b``)."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


class _Walker(ast.NodeVisitor):
    """Import statements that run: at module level or in a function, not under TYPE_CHECKING."""

    def __init__(self) -> None:
        self.found: list[tuple[ast.Import | ast.ImportFrom, bool]] = []
        self.depth = 0  # functions the walk is inside

    def visit_Import(self, node: ast.Import) -> None:
        self.found.append((node, self.depth > 0))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.found.append((node, self.depth > 0))

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
            isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
        ):
            for statement in node.orelse:
                self.visit(statement)
        else:
            self.generic_visit(node)

    def _function(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The dotted names an import statement reaches (``from p import sub`` reaches ``p.sub``)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join([*package, *([node.module] if node.module else [])])
    return [f"{base}.{alias.name}" for alias in node.names]


def imports(root: Path = PIPELINE) -> list[Import]:
    """Every import of one pipeline module by another, module-level and in functions."""
    known = modules(root)
    found = []
    for module, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        walker = _Walker()
        walker.visit(tree)
        for node, in_function in walker.found:
            for name in _targets(node, module, is_package):
                target = _resolve(name, known)
                if target is not None and target != module:
                    found.append(Import(module, target, node.lineno, in_function))
    return found


def find_cycle(edges: list[Import]) -> list[Import] | None:
    """One import circle, as the imports that make it, or None (depth-first search)."""
    graph: dict[str, list[Import]] = {}
    for edge in sorted(edges, key=lambda e: (e.importer, e.imported, e.line)):
        graph.setdefault(edge.importer, []).append(edge)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[Import] = []

    def visit(module: str) -> list[Import] | None:
        state[module] = 1
        for edge in graph.get(module, []):
            if state.get(edge.imported) == 1:
                start = next(i for i, e in enumerate(path) if e.importer == edge.imported)
                return [*path[start:], edge]
            if edge.imported not in state:
                path.append(edge)
                cycle = visit(edge.imported)
                if cycle is not None:
                    return cycle
                path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            cycle = visit(module)
            if cycle is not None:
                return cycle
    return None


def _describe(cycle: list[Import]) -> str:
    return "\n".join(
        f"  {e.importer} -> {e.imported} "
        f"({modules()[e.importer].relative_to(PIPELINE.parent)}:{e.line}"
        f"{', in a function' if e.in_function else ''})"
        for e in cycle
    )


def test_no_import_cycle_in_pipeline() -> None:
    cycle = find_cycle(imports())
    assert cycle is None, "import circle in pipeline/:\n" + _describe(cycle or [])


def test_the_walk_sees_module_and_function_imports(tmp_path: Path) -> None:
    """The checker itself: a circle closed by an import inside a function is found, and one
    under ``if TYPE_CHECKING:`` is not (it never runs)."""
    package = tmp_path / "pipeline"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from pipeline.sub import b\n")
    (package / "sub" / "b.py").write_text("def f():\n    from pipeline import a\n")
    (package / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pipeline import d\n"
    )
    (package / "d.py").write_text("from . import c\n")
    cycle = find_cycle(imports(package))
    assert cycle is not None
    assert [(e.importer, e.imported, e.in_function) for e in cycle] == [
        ("pipeline.a", "pipeline.sub.b", False),
        ("pipeline.sub.b", "pipeline.a", True),
    ]
    (package / "sub" / "b.py").write_text("def f():\n    return 1\n")
    assert find_cycle(imports(package)) is None


# The layer order, lowest first (README, "Architecture"). A module may import its own
# layer and the ones below; an import that runs up a floor is a module in the wrong room.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "errors",
        "limits",
        "fsio",
        "safety",
        "memory",
        "languages",
        "digests",
        "report",
        "failures",
        "executor",
        "cache",
        "runs",
        "config",
        "printing",
    ),
    ("article",),
    ("project", "lock"),
    ("catalog", "words", "localize", "quantity"),
    ("check",),
    ("publish",),
    ("text", "speech"),
    ("book", "print"),
    ("site",),
    ("cli", "commands", "cli_parser", "__main__"),
)


def layer_of(module: str) -> int:
    """The floor of ``pipeline.<top>…`` by its first name below ``pipeline``."""
    if module == "pipeline":
        return 0  # the package itself: its version, nothing else
    top = module.split(".")[1]
    for floor, names in enumerate(LAYERS):
        if top in names:
            return floor
    raise AssertionError(f"{module} is in no layer: add it to LAYERS and to the README")


def upward(edges: list[Import]) -> list[Import]:
    """The imports that run from a lower floor to a higher one."""
    return [e for e in edges if layer_of(e.imported) > layer_of(e.importer)]


def test_every_module_has_a_layer() -> None:
    for module in modules():
        layer_of(module)


def test_no_import_runs_up_the_layers() -> None:
    found = upward(imports())
    assert not found, "imports from a lower layer to a higher one:\n" + _describe(found)


def test_the_layer_check_sees_an_upward_import(tmp_path: Path) -> None:
    """The checker itself: text importing site is found; site importing text is not."""
    package = tmp_path / "pipeline"
    (package / "text").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "text" / "__init__.py").write_text("")
    (package / "text" / "html.py").write_text("def f():\n    from pipeline import site\n")
    (package / "site.py").write_text("from pipeline.text import html\n")
    found = upward(imports(package))
    assert [(e.importer, e.imported, e.in_function) for e in found] == [
        ("pipeline.text.html", "pipeline.site", True)
    ]


# The sizes a reader can hold in mind: a module of at most 400 lines, a function of at
# most 50 (its docstring included). A module or function that grows past them is one
# that does two things.
MODULE_LINES = 400
FUNCTION_LINES = 50


def oversized(root: Path = PIPELINE) -> list[str]:
    """Every module and function of ``root`` over its limit, as ``path:line: what``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        shown = path.relative_to(root.parent)
        if (lines := len(text.splitlines())) > MODULE_LINES:
            found.append(f"{shown}:1: module of {lines} lines")
        for node in ast.walk(ast.parse(text, str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > FUNCTION_LINES:
                    found.append(f"{shown}:{node.lineno}: {node.name}() of {length} lines")
    return found


def test_no_module_or_function_is_oversized() -> None:
    found = oversized()
    assert not found, "over the house sizes:\n" + "\n".join(found)


def test_the_size_check_sees_a_long_function(tmp_path: Path) -> None:
    package = tmp_path / "pipeline"
    package.mkdir()
    body = "".join(f"    x{i} = {i}\n" for i in range(FUNCTION_LINES))
    (package / "long.py").write_text(f"def long():\n{body}")
    (package / "short.py").write_text("def short():\n    return 1\n")
    assert oversized(package) == [f"pipeline/long.py:1: long() of {FUNCTION_LINES + 1} lines"]
