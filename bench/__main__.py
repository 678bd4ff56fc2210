"""`make bench`: the benchmark suite (see the benchmarks issue); writes bench/results.json."""

from __future__ import annotations

import sys


def main() -> int:
    print("No benchmarks yet: they arrive with the benchmarks issue.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
