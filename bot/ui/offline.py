"""Keep the chat page on the machine it runs on.

Chainlit's bundled ``index.html`` links Google Fonts (preconnect + stylesheet) and a KaTeX stylesheet on
a CDN. ``public/theme.json`` (``"custom_fonts": []``) already replaces the font stylesheet; the remaining
external ``<link>`` tags are stripped from the served page here, so the browser never contacts a host
other than the Wijzer server (and a network without internet does not stall the page on a stylesheet).
The translations Chainlit copies into ``.chainlit/translations`` are completed with ``nl-NL``, and their
line under the input box says what Wijzer is instead of Chainlit's "LLMs can make mistakes" (the default
answers are quotations, no LLM is involved).
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
import shutil
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

_EXTERNAL_LINK = re.compile(r"""<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//[^>]*>\s*""", re.IGNORECASE)
_EXTERNAL_SCRIPT = re.compile(
    r"""<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//[^>]*>\s*</script>\s*""", re.IGNORECASE
)


def strip_external_assets(html: str) -> str:
    """The page without ``<link>``/``<script src>`` tags that point to another host."""
    return _EXTERNAL_SCRIPT.sub("", _EXTERNAL_LINK.sub("", html))


def install_offline_html() -> bool:
    """Make Chainlit serve its index page without external assets; True when installed."""
    import chainlit.server as server

    original: Callable[[str], str] | None = getattr(server, "get_html_template", None)
    if original is None:
        log.warning("Wijzer: chainlit.server.get_html_template not found; external assets stay in the page")
        return False
    if getattr(original, "_wijzer_offline", False):
        return True

    def get_html_template(root_path: str) -> str:
        return strip_external_assets(original(root_path))

    get_html_template._wijzer_offline = True  # type: ignore[attr-defined]
    server.get_html_template = get_html_template
    return True


class _DropMissingMarkdownTranslation(logging.Filter):
    """Chainlit warns on every page load that there is no chainlit_<lang>.md; chainlit.md is meant."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Translated markdown file for")


def quiet_chainlit_logs() -> None:
    """Drop Chainlit's per-request warning about a missing translated readme (idempotent)."""
    chainlit_logger = logging.getLogger("chainlit")
    if not any(isinstance(f, _DropMissingMarkdownTranslation) for f in chainlit_logger.filters):
        chainlit_logger.addFilter(_DropMissingMarkdownTranslation())


WATERMARK = {
    "en-US.json": "Wijzer answers from its sources only and gives no legal advice: check what matters in the "
    "cited text.",
    "nl.json": "Wijzer antwoordt alleen uit zijn bronnen en geeft geen juridisch advies: controleer wat ertoe "
    "doet in de geciteerde tekst.",
}
WATERMARK["nl-NL.json"] = WATERMARK["nl.json"]


def ensure_translations(app_root: Path) -> None:
    """``.chainlit/translations/{en-US,nl,nl-NL}.json`` from the ones Chainlit ships, with Wijzer's line
    under the input box (idempotent)."""
    # Located without importing chainlit: importing its config creates files in the current folder.
    spec = importlib.util.find_spec("chainlit")
    if spec is None or not spec.submodule_search_locations:
        return
    shipped = Path(next(iter(spec.submodule_search_locations))) / "translations"
    target = Path(app_root) / ".chainlit" / "translations"
    target.mkdir(parents=True, exist_ok=True)
    for name, source in (("en-US.json", "en-US.json"), ("nl.json", "nl.json"), ("nl-NL.json", "nl.json")):
        if not (target / name).exists() and (shipped / source).exists():
            shutil.copyfile(shipped / source, target / name)
        _set_watermark(target / name, WATERMARK[name])


def _set_watermark(path: Path, text: str) -> None:
    if not path.exists():
        return
    strings = json.loads(path.read_text(encoding="utf-8"))
    chat = strings.setdefault("chat", {})
    if chat.get("watermark") != text:
        chat["watermark"] = text
        path.write_text(json.dumps(strings, ensure_ascii=False, indent=4) + "\n", encoding="utf-8")
