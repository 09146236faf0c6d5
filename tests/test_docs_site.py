"""The documentation site builds in strict mode (a broken link or anchor fails) and needs no CDN."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytest.importorskip("mkdocs", reason="the docs extra is not installed")
pytest.importorskip("material", reason="the docs extra is not installed")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)],
                          cwd=ROOT, capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1",
                                                                          "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def test_every_page_of_the_nav_is_built_in_both_languages(site):
    for page in ("index", "quickstart", "your-region", "strategies", "calibration", "sensitivity",
                 "workshop", "ODD", "ARCHITECTURE"):
        assert (site / f"{page}.html").is_file(), page
        assert (site / "id" / f"{page}.html").is_file(), page
    assert "Kota Anda sendiri" in (site / "id" / "your-region.html").read_text()
    assert "Kota Anda sendiri" not in (site / "your-region.html").read_text().split("<article")[1]


def test_the_site_loads_nothing_from_the_network(site):
    # scripts, styles, fonts and images must come from the site itself (the workshop rooms are offline)
    loads = re.compile(r'<(?:script|img|link)[^>]+(?:src|href)="(https?:)?//[^"]+"')
    offenders = [str(p.relative_to(site)) for p in site.rglob("*.html") if loads.search(p.read_text())]
    assert offenders == []


def test_readme_stays_short_and_points_to_the_site():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 200
    for page in ("docs/quickstart.md", "docs/your-region.md", "docs/calibration.md"):
        assert page in readme and (ROOT / page).is_file()


def test_the_worked_comparison_shows_the_example_folders_numbers():
    done = subprocess.run([sys.executable, "scripts/worked_tables.py", "--check"], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr
