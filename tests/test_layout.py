"""The code's shape (docs/ARCHITECTURE.md, the package docstrings): no import cycles between the project's
files; the answering core never imports the web, the CLI or the benchmark; `import chat` stays light.

Imports are read with `ast` from every file of ingest/, index/, chat/ and eval/: module-level and
function-level, absolute and relative. Imports under `if TYPE_CHECKING:` never run and are left out."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ingest", "index", "chat", "eval")


def project_modules() -> dict[str, Path]:
    """Dotted module name → file, for every .py file of the project's packages."""
    out = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return skip


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `name` imports (each `from a import b` is a.b when that is a module, else a)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_nodes(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            for a in node.names:
                found.add(f"{target}.{a.name}" if f"{target}.{a.name}" in modules else target)
    return {m for m in found if m in modules and m != name}


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle as [a, b, …, a], or [] when the graph is acyclic (iterative DFS, three colours)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in sorted(graph):
        if state.get(start):
            continue
        path, stack = [start], [iter(sorted(graph[start]))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph[nxt])))
    return []


def reach(graph: dict[str, set[str]], start: str) -> dict[str, list[str]]:
    """Every module `start` imports, directly or not, with one import chain leading to it."""
    chains = {start: [start]}
    todo = [start]
    while todo:
        here = todo.pop()
        for nxt in sorted(graph[here]):
            if nxt not in chains:
                chains[nxt] = chains[here] + [nxt]
                todo.append(nxt)
    return chains


def test_the_graph_reader_sees_relative_function_level_and_from_imports():
    graph = import_graph()
    assert {"chat.answer", "chat.settings", "chat.records"} <= graph["chat"]  # `from .answer import answer`
    assert "chat.generate" in graph["chat.answer"] or "chat.generate.extractive" in graph["chat.answer"]
    assert "index" in graph["chat.retriever"]  # `import index` inside a function
    assert "chat.web.page" in graph["chat.web.server"]
    assert "index" not in graph["chat.records"]  # only under TYPE_CHECKING


def test_the_cycle_finder_finds_a_planted_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def test_no_import_cycles_between_project_files():
    cycle = find_cycle(import_graph())
    assert not cycle, "import cycle: " + " → ".join(cycle)


def test_the_answering_core_never_imports_web_cli_or_eval():
    graph = import_graph()
    chat_dir = ROOT / "chat"
    core = [m for m, path in project_modules().items()
            if (path.parent == chat_dir and path.name != "cli.py") or path.parent == chat_dir / "generate"]
    assert "chat.answer" in core and "chat.generate.openai" in core and "chat.web.page" not in core
    bad = []
    for module in core:
        for target, chain in reach(graph, module).items():
            if target.startswith(("chat.web", "eval")) or target == "chat.cli":
                bad.append(" → ".join(chain))
    assert not bad, "the core reaches the web, the CLI or eval:\n" + "\n".join(bad)


def test_import_chat_loads_no_heavy_library():
    heavy = ("torch", "transformers", "sentence_transformers", "gradio", "faiss", "langchain_openai")
    code = f"import sys, chat; print(','.join(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == ""
