"""How a check reports: one line per check, `ok   <n>. <title>` or `FAIL <n>. <title>: <what was
seen>` or `skip <n>. <title>: <why>`, and under it, indented, what was measured or recorded."""

import time
import traceback


class Skip(Exception):
    """The check cannot run here; the message says why."""


class Seen:
    """What one check saw: failed expectations (all of them, so one run shows every reopened
    finding) and notes (measurements, recorded answers) printed under its line."""

    def __init__(self):
        self.failures = []
        self.notes = []

    def expect(self, condition, what_was_seen: str) -> bool:
        if not condition:
            self.failures.append(what_was_seen)
        return bool(condition)

    def note(self, text: str):
        self.notes.append(text)


class Report:
    def __init__(self, verbose=False):
        self.failed = []
        self.started = time.monotonic()
        self.verbose = verbose  # tracebacks of broken steps, and each check's duration

    def run(self, number: str, title: str, check, *args):
        seen = Seen()
        started = time.monotonic()
        try:
            check(seen, *args)
            status = "FAIL" if seen.failures else "ok  "
            detail = "; ".join(seen.failures)
        except Skip as reason:
            status, detail = "skip", str(reason)
        except Exception as error:  # a step the check needed broke: that is a failure, with its cause
            status = "FAIL"
            detail = "; ".join(seen.failures + [f"{type(error).__name__}: {error}"])
            if self.verbose:
                traceback.print_exc()
        line = f"{status} {number}. {title}" + (f": {detail}" if detail else "")
        print(line, flush=True)
        for note in seen.notes:
            print(f"       {note}", flush=True)
        if self.verbose:
            print(f"       ({time.monotonic() - started:.1f} s)", flush=True)
        if status == "FAIL":
            self.failed.append(number)

    def summary(self) -> int:
        elapsed = time.monotonic() - self.started
        if self.failed:
            print(f"probe: {len(self.failed)} failed ({', '.join(self.failed)}) in {elapsed:.0f} s", flush=True)
            return 1
        print(f"probe: all passed in {elapsed:.0f} s", flush=True)
        return 0
