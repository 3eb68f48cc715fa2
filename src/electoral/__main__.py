from __future__ import annotations

from electoral.cli import main

main()
