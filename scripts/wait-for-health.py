#!/usr/bin/env python3
"""Waits until a just-started `inflio serve` answers its health URL (the face models take a few
seconds to load before the port opens); fails at once if the process exits meanwhile.

    python3 scripts/wait-for-health.py URL PID [SECONDS]      (default 90)

Shared by scripts/browser-test.sh and scripts/probe.sh; standard library only.
"""

import os
import sys
import time
import urllib.request

url, pid = sys.argv[1], int(sys.argv[2])
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 90
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.exit(f"the server exited while starting ({url})")
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.2)
sys.exit(f"timed out after {seconds:g} s ({url})")
