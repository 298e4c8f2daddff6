#!/usr/bin/env python3
"""Checks that what README.md and docs/*.md name exists, so the docs cannot drift from the code.

    python3 Tests/Docs/check_docs.py [path/to/inflio]      (default .build/debug/inflio)

Run by `make test` after the browser test. Python 3 standard library only. It checks:

- commands: every `inflio COMMAND [SUBCOMMAND]` written in code (spans and fenced blocks) exists
  (`inflio COMMAND --help` exits 0), and every `--option` written after it appears in that
  command's --help output (`inflio bench`, hidden from the top-level help, is asked directly);
- variables: every environment variable named anywhere in the docs (any UPPER_SNAKE name:
  INFLIO_*, FAL_*, FAKE_FAL_*, DATABASE_URL, ...) is a string literal in Sources/, except the few
  test and script variables in SCRIPT_VARIABLES, which must appear in Tests/ or scripts/;
- make: every `make TARGET` in code is a Makefile target, and every `VAR=` given to it a
  Makefile variable;
- links: every relative link points to an existing file, and its #anchor to an existing heading;
- paths: every repository path in a code span (Sources/..., Tests/..., scripts/..., Public/...,
  docs/...) exists.

It prints what it checked, and on failure each missing thing with its file and line.
"""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Variables read by the tests or the scripts rather than by `inflio` itself.
SCRIPT_VARIABLES = {"INFLIO_TEST_POSTGRES_URL", "INFLIO_BIN", "INFLIO_TEST_PHOTOS", "FUZZ_SECONDS", "CLUSTER_PORT"}

VARIABLE = re.compile(r"(?<![\w-])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?![\w*])")
INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
FENCE = re.compile(r"^\s*(```|~~~)")
LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
INFLIO = re.compile(r"(\S*?)\binflio[ \t]+(\S.*)")
MAKE = re.compile(r"(?:^|[\s;&|(`])make[ \t]+([a-z][\w-]*)((?:[ \t]+[A-Z][A-Z0-9_]*=\S*)*)")
REPO_PATH = re.compile(r"(?:Sources|Tests|scripts|Public|docs)/[\w.+/-]*")
SUBCOMMAND = re.compile(r"[a-z][a-z0-9-]*")
COMMAND_ENDS = {"|", "||", "&&", ";", ">", ">>", "2>", "2>&1", "<", ")", "&"}


class Doc:
    """One markdown file: its code (spans and fenced blocks, with line numbers) and its prose."""

    def __init__(self, path: Path):
        self.path = path
        self.name = str(path.relative_to(ROOT))
        self.text = path.read_text(encoding="utf-8")
        self.spans: list[tuple[int, str]] = []  # inline code spans
        self.blocks: list[tuple[int, str]] = []  # fenced code lines, continuations joined
        prose_lines = []
        in_fence = False
        pending, pending_line = "", 0
        for number, line in enumerate(self.text.split("\n"), start=1):
            if FENCE.match(line):
                in_fence = not in_fence
                prose_lines.append("")
                continue
            if in_fence:
                if not pending:
                    pending_line = number
                if line.rstrip().endswith("\\"):
                    pending += line.rstrip()[:-1] + " "
                else:
                    self.blocks.append((pending_line, pending + line))
                    pending = ""
                prose_lines.append("")
            else:
                prose_lines.append(line)
        self.prose = "\n".join(prose_lines)
        for match in INLINE_CODE.finditer(self.prose):
            line = self.prose.count("\n", 0, match.start()) + 1
            self.spans.append((line, " ".join(match.group(2).split())))
        self.headings = self._anchors()

    def code(self):
        return self.spans + self.blocks

    def _anchors(self) -> set[str]:
        """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, -1 for repeats."""
        seen: dict[str, int] = {}
        anchors = set()
        for line in self.prose.split("\n"):
            match = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
            if not match:
                continue
            text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", match.group(1))
            slug = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            anchors.add(slug if count == 0 else f"{slug}-{count}")
        return anchors


class Checker:
    def __init__(self, binary: str):
        self.binary = binary
        self.docs = [Doc(ROOT / "README.md")] + [Doc(p) for p in sorted((ROOT / "docs").glob("*.md"))]
        self.problems: list[str] = []
        self.help_cache: dict[tuple[str, ...], tuple[int, str]] = {}

    def problem(self, doc: Doc, line: int, message: str):
        self.problems.append(f"{doc.name}:{line}: {message}")

    # ------------------------------------------------------------ commands

    def help(self, path: tuple[str, ...]) -> tuple[int, str]:
        if path not in self.help_cache:
            try:
                run = subprocess.run(
                    [self.binary, *path, "--help"], capture_output=True, text=True, timeout=60, cwd=ROOT)
                text = run.stdout + run.stderr
                status = run.returncode
                # ArgumentParser answers `inflio nosuch --help` with the top-level help and status 0:
                # a command exists only if its own usage line names it.
                usage = r"USAGE: inflio" + "".join(" " + re.escape(word) for word in path) + r"(?:\s|$)"
                if status == 0 and not re.search(usage, text):
                    status = -2
                self.help_cache[path] = (status, text)
            except (OSError, subprocess.TimeoutExpired) as error:
                self.help_cache[path] = (-1, str(error))
        return self.help_cache[path]

    @staticmethod
    def why(status: int) -> str:
        return "its --help shows another command's usage" if status == -2 else f"--help exited {status}"

    @staticmethod
    def subcommands(help_text: str) -> set[str]:
        """The names listed under SUBCOMMANDS: in ArgumentParser's help."""
        names, inside = set(), False
        for line in help_text.split("\n"):
            if line.strip().upper() == "SUBCOMMANDS:":
                inside = True
                continue
            if inside:
                if line and not line.startswith(" "):
                    break
                match = re.match(r"\s{2,}([a-z][a-z0-9-]*)\b", line)
                if match:
                    names.add(match.group(1))
        return names

    def check_commands(self):
        mentions, options = 0, 0
        for doc in self.docs:
            for line, code in doc.code():
                for match in INFLIO.finditer(code):
                    prefix = match.group(1)
                    # `inflio ...` or `.build/release/inflio ...`, `$(inflio ...`; not Sources/inflio.
                    if not re.fullmatch(r"""[("'=$`]*(\S*\.build/[\w-]+/)?""", prefix):
                        continue
                    tokens = []
                    for token in match.group(2).split():
                        if token in COMMAND_ENDS or token.startswith("#"):
                            break
                        tokens.append(token)
                    if not tokens:
                        continue
                    path: list[str] = []
                    rest = tokens
                    first = tokens[0].strip("`:,.;)]'\"")
                    if SUBCOMMAND.fullmatch(first):
                        path = [first]
                        rest = tokens[1:]
                    elif not first.startswith("-"):
                        continue  # a placeholder such as COMMAND
                    mentions += 1
                    status, text = self.help(tuple(path))
                    if status != 0:
                        self.problem(doc, line, f"`inflio {' '.join(path)}` does not exist ({self.why(status)})")
                        continue
                    # Descend into subcommands the help lists (`inflio persona create`, `inflio bench fal`).
                    while rest:
                        word = rest[0].strip("`:,.;)]'\"")
                        if word not in self.subcommands(text):
                            # A group such as `inflio persona` takes nothing but its subcommands.
                            group = re.search(r"USAGE: inflio[ a-z-]* <subcommand>", text)
                            if group and SUBCOMMAND.fullmatch(word):
                                self.problem(doc, line, f"`inflio {' '.join(path)}` has no subcommand {word}")
                                status = -3
                            break
                        path.append(word)
                        rest = rest[1:]
                        status, text = self.help(tuple(path))
                        if status != 0:
                            self.problem(doc, line, f"`inflio {' '.join(path)}` does not exist ({self.why(status)})")
                            break
                    if status != 0:
                        continue
                    for token in rest:
                        option = token.strip("[]()`,.;'\"").split("=")[0]
                        if not re.fullmatch(r"--[a-z][a-z0-9-]*", option):
                            continue
                        options += 1
                        if option != "--help" and not re.search(re.escape(option) + r"(?![\w-])", text):
                            self.problem(doc, line, f"`inflio {' '.join(path)}` has no option {option} in its --help")
        commands = len(self.help_cache)
        print(f"check_docs: commands: {mentions} mentions of {commands} distinct commands, {options} options")

    # ------------------------------------------------------------ variables

    def check_variables(self):
        literals = set()
        for path in (ROOT / "Sources").rglob("*"):
            if path.suffix in {".swift", ".c", ".cpp", ".h"}:
                literals.update(re.findall(r'"([A-Z][A-Z0-9_]*)"', path.read_text(encoding="utf-8", errors="replace")))
        elsewhere = ""
        for folder in ("Tests", "scripts"):
            for path in (ROOT / folder).rglob("*"):
                if path.is_file() and path.suffix in {".swift", ".py", ".sh"}:
                    elsewhere += path.read_text(encoding="utf-8", errors="replace") + "\n"
        named: set[str] = set()
        for doc in self.docs:
            for number, line in enumerate(doc.text.split("\n"), start=1):
                for name in VARIABLE.findall(line):
                    named.add(name)
                    if name in SCRIPT_VARIABLES:
                        if not re.search(r"\b" + name + r"\b", elsewhere):
                            self.problem(doc, number, f"variable {name} is not used in Tests/ or scripts/")
                    elif name not in literals:
                        self.problem(doc, number, f"variable {name} is not a string literal in Sources/")
        in_sources = len(named - SCRIPT_VARIABLES)
        print(f"check_docs: variables: {len(named)} distinct ({in_sources} read by inflio, "
              f"{len(named) - in_sources} by tests or scripts)")

    # ------------------------------------------------------------ make

    def check_make(self):
        makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
        targets = set()
        for match in re.finditer(r"^([A-Za-z0-9_.\- ]+):(?!=)", makefile, re.M):
            targets.update(name for name in match.group(1).split() if not name.startswith("."))
        variables = set(re.findall(r"^([A-Za-z_][A-Za-z0-9_]*)\s*[:?+]?=", makefile, re.M))
        variables |= set(re.findall(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", makefile))
        mentions = set()
        for doc in self.docs:
            for line, code in doc.code():
                for match in MAKE.finditer(code):
                    target = match.group(1)
                    mentions.add(target)
                    if target not in targets:
                        self.problem(doc, line, f"`make {target}`: no such target in the Makefile")
                    for assignment in match.group(2).split():
                        name = assignment.split("=")[0]
                        if name not in variables:
                            self.problem(doc, line, f"`make {target} {name}=`: {name} is not a Makefile variable")
        print(f"check_docs: make: {len(mentions)} targets named, of {len(targets)} in the Makefile")

    # ------------------------------------------------------------ links and paths

    def check_links(self):
        by_path = {doc.path.resolve(): doc for doc in self.docs}
        count = 0
        for doc in self.docs:
            for match in LINK.finditer(doc.prose):
                target = match.group(1)
                if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
                    continue
                count += 1
                line = doc.prose.count("\n", 0, match.start()) + 1
                file_part, _, anchor = target.partition("#")
                resolved = (doc.path.parent / file_part).resolve() if file_part else doc.path.resolve()
                if not resolved.exists():
                    self.problem(doc, line, f"link to {target}: {file_part} does not exist")
                    continue
                if anchor:
                    linked = by_path.get(resolved) or (Doc(resolved) if resolved.suffix == ".md" else None)
                    if linked is not None and anchor not in linked.headings:
                        self.problem(doc, line, f"link to {target}: no heading #{anchor} in {file_part or doc.name}")
        print(f"check_docs: links: {count} relative links")

    def check_paths(self):
        count = 0
        for doc in self.docs:
            for line, span in doc.spans:
                match = REPO_PATH.fullmatch(span.rstrip(".,;:"))
                if not match:
                    continue
                count += 1
                if not (ROOT / match.group(0)).exists():
                    self.problem(doc, line, f"path {match.group(0)} does not exist")
        print(f"check_docs: paths: {count} repository paths in code spans")

    def run(self) -> int:
        print(f"check_docs: {len(self.docs)} files: " + ", ".join(doc.name for doc in self.docs))
        self.check_commands()
        self.check_variables()
        self.check_make()
        self.check_links()
        self.check_paths()
        if self.problems:
            print(f"check_docs: FAILED, {len(self.problems)} missing:")
            for problem in self.problems:
                print(f"  {problem}")
            return 1
        print("check_docs: ok")
        return 0


def main() -> int:
    binary = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/inflio"
    binary_path = Path(binary) if Path(binary).is_absolute() else Path.cwd() / binary
    if not binary_path.is_file():
        print(f"check_docs: FAILED: no inflio binary at {binary} (build it, or pass its path)", file=sys.stderr)
        return 1
    return Checker(str(binary_path.resolve())).run()


if __name__ == "__main__":
    sys.exit(main())
