"""The rewriting of scripts/relayout.py: old module names and ``sim/...`` paths in text, and in
Python the imports (by the syntax tree), names, strings and comments (by tokens)."""

from __future__ import annotations

import ast
import io
import json
import re
import textwrap
import tokenize

from relayout_map import FOLDERS, NEW, OLD, PATHS, is_module, module_of, moves, new_module

# ---- text: dotted names and paths -------------------------------------------------------------

DOTTED = re.compile(r"(?<![\w.\-/])sim((?:\.\w+)+)")
PATH = re.compile(r"(?<![\w.\-/])sim/([\w.*<>/\-]*)")


def _dotted(match: re.Match) -> str:
    parts = match.group(0).split(".")
    for end in range(len(parts), 1, -1):  # the longest prefix that is a module
        head = ".".join(parts[:end])
        if is_module(head):
            return new_module(head) + match.group(0)[len(head):]
    return match.group(0)


def _path(match: re.Match) -> str:
    rest = match.group(1)
    parts = rest.split("/")
    for end in range(len(parts), 0, -1):
        head = f"{OLD}/" + "/".join(parts[:end])
        if head in PATHS:
            return PATHS[head] + match.group(0)[len(head):]
    return f"{NEW}/{rest}"


def rewrite_text(text: str, prose: bool = False) -> str:
    """Module names and paths; in ``prose`` (docs, notebooks: no variable is called ``sim`` there)
    also the package's own attributes (``sim.load_scenario`` -> ``binjai_sim.load_scenario``)."""
    text = DOTTED.sub(_dotted, text)
    text = PATH.sub(_path, text)
    text = re.sub(r"(?<![\w.\-])from sim import ", "from binjai_sim import ", text)
    text = text.replace("`sim` package", "`binjai_sim` package")
    text = re.sub(r"(?m)((?:^|\")\s*import (?:[\w.]+, )*)sim(?![\w.\-])", r"\1binjai_sim", text)
    if prose:
        text = re.sub(r"(?<![\w.\-/])sim\.(?=[A-Za-z_])", "binjai_sim.", text)
    return text


# ---- Python: imports by the syntax tree, names, strings and comments by tokens ---------------

def _from_text(new_target: str, here: str, relative: bool) -> str:
    """A module to import from, relative when it was and still lies in the importer's package."""
    package = here.rpartition(".")[0]
    if relative and (new_target == package or new_target.startswith(package + ".")):
        return "." + new_target[len(package) + 1:]
    return new_target


def _aliases(names: list[ast.alias]) -> list[str]:
    return [a.name + (f" as {a.asname}" if a.asname else "") for a in names]


def _statement(indent: str, module: str, names: list[str]) -> str:
    line = f"from {module} import {', '.join(names)}"
    if len(indent) + len(line) <= 120:
        return line
    return f"from {module} import (\n" + "".join(f"{indent}    {n},\n" for n in names) + f"{indent})"


def _rewrite_import(node: ast.stmt, segment: str, here_old: str, here_new: str, is_package: bool,
                    indent: str) -> str | None:
    """The statement's new text, None when it does not change."""
    if isinstance(node, ast.Import):
        if not any(a.name == OLD or a.name.startswith(OLD + ".") for a in node.names):
            return None
        out = []
        for a in node.names:
            name = NEW if a.name == OLD else (new_module(a.name) or a.name)
            out.append(name + (f" as {a.asname}" if a.asname else ""))
        return "import " + ", ".join(out)
    if node.level:
        base = (here_old if is_package else here_old.rpartition(".")[0]).split(".")
        base = base[: len(base) - node.level + 1]
        old_from = ".".join(base + ([node.module] if node.module else []))
    elif node.module == OLD or (node.module or "").startswith(OLD + "."):
        old_from = node.module
    else:
        return None
    here = here_new + (".__init__" if is_package else "")
    groups: dict[str, list[str]] = {}
    for a, text in zip(node.names, _aliases(node.names), strict=True):
        full = f"{old_from}.{a.name}"
        if is_module(full):  # a module imported by its name: from its new parent
            target = new_module(full)
            parent, _, last = target.rpartition(".")
            text = last + (f" as {a.asname}" if a.asname else (f" as {a.name}" if last != a.name else ""))
            groups.setdefault(_from_text(parent, here, bool(node.level)), []).append(text)
        else:
            groups.setdefault(_from_text(new_module(old_from) or old_from, here, bool(node.level)), []).append(text)
    if len(groups) == 1:
        (module, names), = groups.items()
        head = re.match(r"from\s+([.\w]+)\s+import\b", segment)
        fits = "(" in segment or len(indent) + len(segment) - len(head.group(1)) + len(module) <= 120
        if names == _aliases(node.names) and fits:  # only the module changes: keep the statement's layout
            return segment[: head.start(1)] + module + segment[head.end(1):]
    return f"\n{indent}".join(_statement(indent, m, n) for m, n in groups.items())


def _offsets(source: str) -> list[int]:
    starts, total = [0], 0
    for line in source.splitlines(keepends=True):
        total += len(line)
        starts.append(total)
    return starts


def rewrite_python(source: str, rel: str, fresh: bool = True) -> str:
    tree = ast.parse(source)
    here_old = here_new = ""
    is_package = rel.endswith("__init__.py")
    if rel.startswith(f"{NEW}/"):
        here_new = module_of(rel)
        here_old = next((module_of(a) for a, b in moves() if module_of(b) == here_new), "")
        if not here_old:  # inside a moved folder
            for a, b in FOLDERS.items():
                if here_new.startswith(module_of(f"{NEW}/{b}") + "."):
                    here_old = f"{OLD}.{a}" + here_new[len(module_of(f"{NEW}/{b}")):]
    starts = _offsets(source)
    edits = []  # (start, end, text)
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.ImportFrom) and node.level and not (here_old and fresh):
            continue
        start = starts[node.lineno - 1] + node.col_offset
        end = starts[node.end_lineno - 1] + node.end_col_offset
        indent = source[starts[node.lineno - 1]: start]
        indent = indent if indent.strip() == "" else ""
        text = _rewrite_import(node, source[start:end], here_old, here_new, is_package, indent)
        if text is not None and text != source[start:end]:
            edits.append((start, end, text))
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    module_user = any(isinstance(n, ast.Import) and any(a.name.split(".")[0] == OLD and not a.asname
                                                         for a in n.names) for n in ast.walk(tree))
    return _rewrite_tokens(source, module_user)


def _rewrite_tokens(source: str, module_user: bool) -> str:
    starts = _offsets(source)
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    edits = []
    for i, tok in enumerate(tokens):
        start = starts[tok.start[0] - 1] + tok.start[1]
        end = starts[tok.end[0] - 1] + tok.end[1]
        if tok.type in (tokenize.STRING, tokenize.COMMENT, tokenize.FSTRING_MIDDLE):
            # code in a string that imports the package by its bare name uses it as ``sim.x`` too
            code = re.search(r"(?m)^\s*import (?:[\w.]+, )*sim(?![\w.])", tok.string) is not None
            new = rewrite_text(tok.string, prose=code)
            if new != tok.string:
                edits.append((start, end, new))
        elif module_user and tok.type == tokenize.NAME and tok.string == OLD and \
                not (i and tokens[i - 1].string == "."):
            chain, j = [OLD], i + 1
            while j + 1 < len(tokens) and tokens[j].string == "." and tokens[j + 1].type == tokenize.NAME:
                chain.append(tokens[j + 1].string)
                j += 2
            last = tokens[j - 1]
            chain_end = starts[last.end[0] - 1] + last.end[1]
            dotted = ".".join(chain)
            new = DOTTED.sub(_dotted, dotted) if len(chain) > 1 else dotted
            if new == dotted:
                new = NEW + dotted[len(OLD):]
            edits.append((start, chain_end, new))
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    return source


# ---- special files ----------------------------------------------------------------------------

def folder_parts(match: re.Match) -> str:
    """``ROOT / "sim" / "engine"`` -> ``ROOT / "binjai_sim" / "model" / "engine"``."""
    old = "/".join(["sim", *re.findall(r'"([\w.]+)"', match.group(2))])
    new = _path(PATH.match(old + "/")).rstrip("/")
    return match.group(1) + "".join(f' / "{part}"' for part in new.split("/"))


def rewrite_pyproject(text: str) -> str:
    def data(match: re.Match) -> str:
        globs = json.loads("[" + match.group(1) + "]")
        moved = [_path(PATH.match(f"sim/{g}")).removeprefix(f"{NEW}/") for g in globs]
        return f"{NEW} = [" + ", ".join(json.dumps(g) for g in moved) + "]"
    return re.sub(r"^sim = \[(.*)\]$", data, text, flags=re.M)


LAYERS = '''LAYERS = [  # lowest first; a module belongs to the first entry that is a prefix of its name
    ("base", ["binjai_sim.base"]),
    ("schema", ["binjai_sim.schema"]),
    ("model", ["binjai_sim.model"]),
    ("scenario", ["binjai_sim.scenario"]),
    ("runs", ["binjai_sim.runs"]),
    ("outputs", ["binjai_sim.outputs"]),
    ("analysis", ["binjai_sim.analysis"]),
    ("interfaces", ["binjai_sim.interfaces", "binjai_sim"]),
]'''


def rewrite_layers(text: str) -> str:
    """tests/test_architecture.py: one layer per top-level folder, the package's root above them all."""
    tree = ast.parse(text)
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets if isinstance(t, ast.Name)] == ["LAYERS"]:
            lines = text.splitlines(keepends=True)
            return "".join(lines[: node.lineno - 1]) + LAYERS + "\n" + "".join(lines[node.end_lineno:])
    return text


def rewrite_root_init(text: str) -> str:
    """The package's lazy names point at modules relative to it: ``".model"`` -> ``".model.city"``."""
    def one(match: re.Match) -> str:
        new = new_module(f"{OLD}.{match.group(1)}")
        return f'"{new[len(NEW):]}"' if new else match.group(0)
    text = re.sub(r'"\.(\w+)"', one, text)
    lazy = re.search(r"^_LAZY = \{.*?\}\n", text, flags=re.M | re.S)
    if lazy:  # laid out again: the longer names would overrun the line
        pairs = ast.literal_eval(lazy.group(0).partition("=")[2].strip())
        items = textwrap.wrap(", ".join(f'"{k}": "{v}"' for k, v in pairs.items()), 100, break_long_words=False,
                              break_on_hyphens=False)
        text = text.replace(lazy.group(0), "_LAZY = {" + "\n         ".join(items) + "}\n")
    return text
