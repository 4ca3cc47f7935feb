"""make screenshots: the screens it takes still exist, and the README shows pictures it takes."""

import importlib.util
import re
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OCA = Path(sysconfig.get_paths()["purelib"]) / "odoo" / "addons"


def load_driver():
    spec = importlib.util.spec_from_file_location("coop_screenshots", ROOT / "scripts" / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def defines(module, xmlid):
    for base in (ROOT / "addons", OCA):
        folder = base / module
        if folder.is_dir() and any(
            f'id="{xmlid}"' in path.read_text(encoding="utf-8") for path in folder.rglob("*.xml")
        ):
            return True
    return False


def test_every_screen_opens_an_action_that_exists():
    driver = load_driver()
    actions = set()
    for screen in driver.SCREENS:
        target = screen[2]
        actions.update(re.findall(r"/odoo/action-([a-z_]+)\.([a-z_0-9]+)", target))
    # the records' forms open through actions too
    source = (ROOT / "scripts" / "screenshots.py").read_text(encoding="utf-8")
    actions.update(re.findall(r'"([a-z_]+)\.(action_[a-z_0-9]+|helpdesk_ticket_action)"', source))
    assert len(actions) >= 6, actions
    missing = [f"{m}.{x}" for m, x in sorted(actions) if not defines(m, x)]
    assert not missing, f"make screenshots opens actions that no addon defines: {missing}"


def test_readme_shows_screenshots_that_make_screenshots_takes():
    driver = load_driver()
    taken = {f"{screen[0]}-{size}.png" for screen in driver.SCREENS for size in driver.SIZES}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"docs/screenshots/([a-z0-9-]+\.png)", readme)
    assert len(set(shown)) >= 5, "the README shows the product"
    assert set(shown) <= taken, set(shown) - taken
    for name in shown:
        path = ROOT / "docs" / "screenshots" / name
        assert path.is_file(), f"{name} is shown in the README but not in docs/screenshots/"
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
