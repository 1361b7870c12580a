"""axe-core in the browser tests: every page a test opens is checked for serious and critical violations, at the
width the test uses and again at the other one (phone 390 px, desktop 1280 px).

axe-core comes from npm and is read from the static files Lvzhi serves itself (`vendor/axe-core`), never a CDN.
It is injected into every document of the browser context; on each page load it runs once and reports back to
Python. Pages the test left before axe finished, and every page at the other width, are opened again (GET) when
the test ends, so no page goes unchecked.
"""

import contextlib
from dataclasses import dataclass, field
from typing import Any

from django.contrib.staticfiles import finders
from playwright.sync_api import TimeoutError as PlaywrightTimeout

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
IMPACTS = ("serious", "critical")

RUN_ON_LOAD = """
(() => {
  if (window.top !== window) return;
  window.addEventListener("load", () => setTimeout(async () => {
    if (typeof axe === "undefined" || !document.body) return;
    const result = await axe.run(document, {resultTypes: ["violations"]});
    const bad = result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " — " + (n.failureSummary || ""))}));
    await window.__lzAxeReport(location.href, bad);
    window.__lzAxeDone = true;
  }, 0));
})();
"""


@dataclass
class AxeWatch:
    """Collects axe results per (url, viewport width) for one browser context."""

    context: Any
    reports: dict[tuple[str, int], list[dict]] = field(default_factory=dict)
    loaded: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        script = finders.find("vendor/axe-core/axe.min.js")
        assert script, "axe-core is missing: run `npm ci`"
        self.context.expose_binding("__lzAxeReport", self._report)
        self.context.add_init_script(path=script)
        self.context.add_init_script(script=RUN_ON_LOAD)
        self.context.on("page", self._watch)

    def _watch(self, page: Any) -> None:
        page.on("load", lambda: self.loaded.append(page.url) if page.url.startswith("http") else None)

    def _report(self, source: dict, url: str, violations: list[dict]) -> None:
        self.reports[(url, source["page"].viewport_size["width"])] = violations

    def check(self, url: str, viewport: dict) -> None:
        page = self.context.new_page()
        page.set_viewport_size(viewport)
        page.goto(url)
        if page.url.startswith("http") and (page.url, viewport["width"]) not in self.reports:
            page.wait_for_function("window.__lzAxeDone === true", timeout=30_000)
        page.close()

    def finish(self) -> None:
        for page in self.context.pages:
            # Let the page on screen finish its check (it may still be running).
            with contextlib.suppress(PlaywrightTimeout):  # a page that never reports is opened again below
                page.wait_for_function("window.__lzAxeDone === true", timeout=15_000)
        for url in dict.fromkeys(self.loaded):
            for viewport in (PHONE, DESKTOP):
                if (url, viewport["width"]) not in self.reports:
                    self.check(url, viewport)
        failures = {key: found for key, found in self.reports.items() if found}
        lines = [
            f"{url} @ {width}px: [{v['impact']}] {v['id']} — {v['help']}\n      " + "\n      ".join(v["nodes"])
            for (url, width), found in failures.items()
            for v in found
        ]
        assert not failures, "axe-core found serious/critical violations:\n" + "\n".join(lines)
        assert self.reports or not self.loaded, "axe-core checked none of the pages opened"
