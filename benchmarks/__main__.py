"""`python -m benchmarks [NAME ...]`: run the benchmarks and print `name: value` lines.

Each benchmark module exposes `run() -> dict[str, float]`; every figure is a ratio against a
baseline measured in the same run, or a time in seconds. Results are recorded in
docs/benchmarks.md with the command and the machine.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform

BENCHMARKS = ("pipeline", "storage", "crawl")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help=f"which to run (default: all of {', '.join(BENCHMARKS)})",
    )
    args = parser.parse_args()
    unknown = sorted(set(args.names) - set(BENCHMARKS))
    if unknown:
        choices = ", ".join(BENCHMARKS)
        parser.error(f"no benchmark named {', '.join(unknown)}; choose from {choices}")
    python = platform.python_version()
    print(f"# machine: {platform.machine()}, {os.cpu_count()} cores, Python {python}")
    for name in args.names or BENCHMARKS:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"## {name}", flush=True)
        for key, value in module.run().items():
            print(f"{key}: {value:.3f}", flush=True)


if __name__ == "__main__":
    main()
