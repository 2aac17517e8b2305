"""pyproject.toml declares every distribution the code imports: the app's among the
dependencies, the tests' and the benchmark's among the dev ones (the locks pin them, pyproject
says which are ours)."""

import ast
import re
import tomllib
from importlib.metadata import packages_distributions, requires
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(requirements: list[str]) -> set[str]:
    """The declared names and what they bring (an extra such as celery[redis] declares redis)."""
    names = {canonical(re.split(r"[\[<>=!~; ]", line, maxsplit=1)[0]) for line in requirements}
    brought = set()
    for name in names:
        for requirement in requires(name) or []:
            brought.add(canonical(re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0]))
    return names | brought


def imported_distributions(paths: list[Path]) -> set[str]:
    modules = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.partition(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.partition(".")[0])
    distributions = packages_distributions()
    return {canonical(dist) for module in modules for dist in distributions.get(module, [])}


def test_every_imported_distribution_is_declared_in_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = declared(project["dependencies"])
    dev = runtime | declared(project["optional-dependencies"]["dev"])
    sources = [
        path
        for path in ROOT.rglob("*.py")
        if not {".venv", "node_modules"} & set(path.relative_to(ROOT).parts)
    ]
    app = [path for path in sources if path.relative_to(ROOT).parts[0] not in {"tests", "bench"}]
    tooling = [path for path in sources if path.relative_to(ROOT).parts[0] in {"tests", "bench"}]
    assert imported_distributions(app) - runtime == set()
    assert imported_distributions(tooling) - dev == set()
