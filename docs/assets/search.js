// Site search over Pagefind's index (pagefind/, written after each build by
// scripts/glossary/search_index.py). Neither this script nor Pagefind loads until a reader
// focuses a search box or presses "/": a first visit fetches none of it, and a query fetches
// only the index chunks for its words and the excerpts of the results it shows.
(function () {
  "use strict";

  const SHOWN = 8; // results listed; each costs one small request for its title and excerpt
  // A query waits this long after the last keystroke, and needs two characters: a search per
  // keystroke would fetch the index chunks and excerpts of every prefix typed on the way.
  const PAUSE_MS = 200;
  const SHORTEST = 2;
  let engine = null;

  function siteBase() {
    const config = document.getElementById("__config");
    const base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.endsWith("/") ? base : base + "/", location.href);
  }

  // Pagefind's module, loaded once; a failure (no index yet under `mkdocs serve`) is retried
  // at the next focus.
  function loadEngine() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", siteBase()).href).then(async (pagefind) => {
        // On the main thread: for an index this size a worker saves nothing a reader notices,
        // and it would cost one more script to fetch.
        await pagefind.options({ noWorker: true, excerptLength: 24 });
        await pagefind.init();
        return pagefind;
      });
      engine.catch(() => {
        engine = null;
      });
    }
    return engine;
  }

  // Pagefind's excerpt is HTML with <mark> around the matched words. Parsed in an inert
  // template and rebuilt from text, so that nothing else in it can become markup.
  function excerptNodes(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    return Array.from(template.content.childNodes, (node) => {
      if (node.nodeName !== "MARK") return document.createTextNode(node.textContent);
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      return mark;
    });
  }

  function resultItem(data) {
    const link = document.createElement("a");
    link.className = "site-search__result";
    // A path from the host's root: Pagefind prefixes the folder it was loaded from, so a site
    // under a sub-path (https://example.org/glossary/) gets its results' URLs right.
    link.href = new URL(data.url, location.href).href;
    const title = document.createElement("span");
    title.className = "site-search__title";
    title.textContent = (data.meta && data.meta.title) || data.url;
    const excerpt = document.createElement("span");
    excerpt.className = "site-search__excerpt";
    excerpt.append(...excerptNodes(data.excerpt || ""));
    link.append(title, excerpt);
    const item = document.createElement("li");
    item.append(link);
    return item;
  }

  function setUp(input) {
    const box = input.closest(".site-search");
    const panel = box.querySelector("[data-site-search-results]");
    const status = box.querySelector(".site-search__status");
    // Focusable, so that a click inside the results keeps the focus within the box (Safari
    // does not focus a clicked link) and does not close them before the click lands.
    panel.tabIndex = -1;
    let asked = 0; // the latest query; an older answer arriving late is dropped
    let timer = null;

    function links() {
      return Array.from(panel.querySelectorAll("a"));
    }

    function close() {
      panel.hidden = true;
    }

    function show(message, items) {
      const note = document.createElement("p");
      note.className = "site-search__note";
      note.textContent = message;
      panel.replaceChildren(note);
      if (items && items.length) {
        const list = document.createElement("ol");
        list.className = "site-search__list";
        list.append(...items);
        panel.append(list);
      }
      status.textContent = message;
      panel.hidden = false;
    }

    async function search() {
      const query = input.value.trim();
      const mine = ++asked;
      if (query.length < SHORTEST) {
        close();
        status.textContent = "";
        return;
      }
      let found;
      try {
        const pagefind = await loadEngine();
        found = await pagefind.search(query);
      } catch (error) {
        if (mine === asked) show("Search is not available here: its index did not load.");
        return;
      }
      if (mine !== asked) return;
      const total = found.results.length;
      if (!total) {
        show(`No results for “${query}”.`);
        return;
      }
      const data = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
      if (mine !== asked) return;
      const count = total === 1 ? "1 result" : `${total} results`;
      const shown = total > SHOWN ? `, the first ${SHOWN} shown` : "";
      show(`${count} for “${query}”${shown}.`, data.map(resultItem));
    }

    input.addEventListener("focus", () => {
      loadEngine();
      if (input.value.trim() && panel.querySelector("a")) panel.hidden = false;
    });
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, PAUSE_MS);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && links().length && !panel.hidden) {
        event.preventDefault();
        links()[0].focus();
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (links().length && !panel.hidden) links()[0].click();
      } else if (event.key === "Escape" && !panel.hidden) {
        event.preventDefault();
        close();
      }
    });
    panel.addEventListener("keydown", (event) => {
      const all = links();
      const at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const next = at + (event.key === "ArrowDown" ? 1 : -1);
        if (next < 0) input.focus();
        else all[Math.min(next, all.length - 1)].focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
        input.focus();
      }
    });
    // Leaving the box (a click elsewhere, Tab past the last result) closes the results.
    box.addEventListener("focusout", (event) => {
      if (!box.contains(event.relatedTarget)) close();
    });
    return search;
  }

  // This script arrives when a box is first focused (see partials/site-search.html): pick up
  // that box and anything typed into it meanwhile.
  document.querySelectorAll("input[data-site-search]").forEach((input) => {
    const search = setUp(input);
    if (document.activeElement === input) {
      loadEngine();
      if (input.value.trim()) search();
    }
  });
})();
