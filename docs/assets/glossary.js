// Reader features that need a script: concept link previews and the concepts-index filter.
// Data comes from the site's own concepts.json; nothing is loaded from another host.
(function () {
  "use strict";

  let conceptsPromise = null;

  function siteBase() {
    const config = document.getElementById("__config");
    const base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.endsWith("/") ? base : base + "/", location.href);
  }

  function loadConcepts() {
    if (!conceptsPromise) {
      conceptsPromise = fetch(new URL("concepts.json", siteBase()))
        .then((response) => response.json())
        .then((data) => new Map(data.concepts.map((c) => [c.slug, c])));
    }
    return conceptsPromise;
  }

  // The slug a link points at, when it is a concept page other than the current one.
  function conceptSlug(link) {
    if (!link.href || link.closest(".concept-preview")) return null;
    const target = new URL(link.href, location.href);
    const base = siteBase();
    if (target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) return null;
    const rest = target.pathname.slice(base.pathname.length);
    const match = /^concepts\/([a-z0-9]+(?:-[a-z0-9]+)*)\/$/.exec(rest);
    if (!match || target.pathname === location.pathname) return null;
    return match[1];
  }

  // One tooltip element, reused; it describes whichever link it is showing for.
  let tooltip = null;
  let current = null;

  function showPreview(link) {
    const slug = conceptSlug(link);
    if (!slug) return;
    current = link;
    loadConcepts().then((concepts) => {
      const concept = concepts.get(slug);
      if (!concept || current !== link) return;
      if (!tooltip) {
        tooltip = document.createElement("div");
        tooltip.className = "concept-preview";
        tooltip.id = "concept-preview";
        tooltip.setAttribute("role", "tooltip");
        document.body.appendChild(tooltip);
      }
      tooltip.replaceChildren();
      const title = document.createElement("strong");
      title.textContent = concept.title;
      const track = document.createElement("span");
      track.className = "concept-preview-track";
      track.textContent = `${concept.track} · ${concept.level}`;
      const summary = document.createElement("p");
      summary.textContent = concept.summary;
      tooltip.append(title, track, summary);
      const box = link.getBoundingClientRect();
      const width = Math.min(320, document.documentElement.clientWidth - 16);
      tooltip.style.width = `${width}px`;
      const left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
      tooltip.style.left = `${left + window.scrollX}px`;
      tooltip.style.top = `${box.bottom + window.scrollY + 6}px`;
      tooltip.hidden = false;
      link.setAttribute("aria-describedby", "concept-preview");
    });
  }

  function hidePreview() {
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    if (tooltip) tooltip.hidden = true;
  }

  document.addEventListener("mouseover", (event) => {
    const link = event.target.closest && event.target.closest("a[href]");
    if (link && link !== current) showPreview(link);
  });
  document.addEventListener("mouseout", (event) => {
    const link = event.target.closest && event.target.closest("a[href]");
    if (link && link === current && !link.contains(event.relatedTarget)) hidePreview();
  });
  document.addEventListener("focusin", (event) => {
    const link = event.target.closest && event.target.closest("a[href]");
    if (link) showPreview(link);
  });
  document.addEventListener("focusout", hidePreview);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hidePreview();
  });
  // Touch: a long press previews; a tap still follows the link.
  let pressTimer = null;
  document.addEventListener("touchstart", (event) => {
    const link = event.target.closest && event.target.closest("a[href]");
    clearTimeout(pressTimer);
    if (link) pressTimer = setTimeout(() => showPreview(link), 450);
    else hidePreview();
  }, { passive: true });
  document.addEventListener("touchend", () => clearTimeout(pressTimer));

  // The concepts index: filter every listing as you type.
  function setUpFilter() {
    const input = document.getElementById("concept-filter");
    if (!input || input.dataset.ready) return;
    input.dataset.ready = "1";
    const article = input.closest("article") || document;
    const count = document.getElementById("concept-filter-count");
    const lists = Array.from(article.querySelectorAll("ul")).filter((ul) => ul.querySelector("a"));
    function apply() {
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      const shown = new Set();
      for (const list of lists) {
        let visible = 0;
        for (const item of list.children) {
          const text = item.textContent.toLowerCase();
          const match = words.every((word) => text.includes(word));
          item.hidden = !match;
          if (match) {
            visible += 1;
            shown.add(item.querySelector("a") && item.querySelector("a").getAttribute("href"));
          }
        }
        list.hidden = visible === 0;
        const heading = list.previousElementSibling;
        if (heading && heading.tagName === "H3") heading.hidden = visible === 0;
      }
      count.textContent = words.length ? `${shown.size} matching` : "";
    }
    input.addEventListener("input", apply);
  }

  // The theme wraps each table in a scroll box; one that does scroll (a wide table on a narrow
  // screen) must take keyboard focus, or keyboard users cannot scroll it (axe rule).
  function focusableScrollBoxes() {
    for (const box of document.querySelectorAll(".md-typeset__scrollwrap")) {
      if (box.scrollWidth > box.clientWidth) box.tabIndex = 0;
      else box.removeAttribute("tabindex");
    }
  }

  function setUp() {
    setUpFilter();
    focusableScrollBoxes();
  }

  if (window.document$) window.document$.subscribe(setUp);
  else document.addEventListener("DOMContentLoaded", setUp);
  window.addEventListener("resize", focusableScrollBoxes, { passive: true });
})();
