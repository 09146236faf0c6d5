"""Write docs/data_dictionary.md from the code (binjai_sim/outputs/datadict.py); ``--check`` only compares and
exits 1 when the page is out of date (tests/test_data_dictionary.py runs it)."""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from binjai_sim.outputs.datadict import markdown  # noqa: E402

PAGE = ROOT / "docs" / "data_dictionary.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the page differs from the code")
    args = parser.parse_args()
    text = markdown()
    if args.check:
        current = PAGE.read_text(encoding="utf-8") if PAGE.is_file() else ""
        if current != text:
            print(f"{PAGE.relative_to(ROOT)} is out of date: run python scripts/data_dictionary.py", file=sys.stderr)
            return 1
        print(f"{PAGE.relative_to(ROOT)} is up to date")
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
