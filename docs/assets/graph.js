// The concept graph page: nodes from concepts.json laid out in one cluster per track, drawn as
// SVG, with pan, zoom, track filters and neighbour highlighting. No library, nothing remote.
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
  const SPACING_LABELLED = 64; // distance between neighbouring dots when names are shown
  const SPACING_DENSE = 26; // ... and when names appear only on hover
  const LABEL_LIMIT = 150; // above this many concepts, names show on hover only

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (parent) parent.appendChild(node);
    return node;
  }

  // Tracks on a circle; inside each, concepts on a sunflower spiral, most connected first.
  function layout(concepts, tracks, degree, spacing) {
    const sizes = tracks.map((t) => concepts.filter((c) => c.track === t).length);
    const biggest = Math.max(...sizes.map((n) => spacing * Math.sqrt(n) + spacing), spacing);
    // Far enough apart that neighbouring clusters never overlap.
    const ring = tracks.length > 1 ? (1.15 * biggest) / Math.sin(Math.PI / tracks.length) : 0;
    const positions = new Map();
    tracks.forEach((track, t) => {
      const angle = (2 * Math.PI * t) / tracks.length - Math.PI / 2;
      const cx = ring * Math.cos(angle);
      const cy = ring * Math.sin(angle);
      const members = concepts
        .filter((c) => c.track === track)
        .sort((a, b) => degree.get(b.slug) - degree.get(a.slug) || a.slug.localeCompare(b.slug));
      members.forEach((c, k) => {
        const r = spacing * Math.sqrt(k + 0.5);
        positions.set(c.slug, [cx + r * Math.cos(k * GOLDEN_ANGLE), cy + r * Math.sin(k * GOLDEN_ANGLE)]);
      });
    });
    return positions;
  }

  function draw(root, data) {
    const base = new URL(root.dataset.src, location.href);
    const concepts = data.concepts;
    const tracks = [...new Set(concepts.map((c) => c.track))].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    const known = new Set(concepts.map((c) => c.slug));
    const edges = new Map();
    for (const c of concepts) {
      for (const other of [...c.related, ...c.prerequisites]) {
        if (!known.has(other) || other === c.slug) continue;
        const key = [c.slug, other].sort().join(" ");
        edges.set(key, [c.slug, other]);
      }
    }
    const neighbours = new Map(concepts.map((c) => [c.slug, new Set()]));
    for (const [a, b] of edges.values()) {
      neighbours.get(a).add(b);
      neighbours.get(b).add(a);
    }
    const degree = new Map([...neighbours].map(([slug, set]) => [slug, set.size]));
    const showLabels = concepts.length <= LABEL_LIMIT;
    const positions = layout(concepts, tracks, degree, showLabels ? SPACING_LABELLED : SPACING_DENSE);

    root.replaceChildren();
    const controls = document.createElement("div");
    controls.className = "concept-graph-controls";
    const legend = document.createElement("fieldset");
    legend.className = "concept-graph-legend";
    legend.innerHTML = "<legend>Tracks</legend>";
    tracks.forEach((track, t) => {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = track;
      const swatch = document.createElement("span");
      swatch.className = `swatch track-${t % 8}`;
      label.append(box, swatch, document.createTextNode(` ${track}`));
      legend.appendChild(label);
    });
    const zoomBox = document.createElement("div");
    zoomBox.className = "concept-graph-zoom";
    for (const [name, text] of [["in", "Zoom in"], ["out", "Zoom out"], ["reset", "Reset view"]]) {
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.zoom = name;
      button.className = "md-button";
      button.textContent = text;
      zoomBox.appendChild(button);
    }
    controls.append(legend, zoomBox);
    root.appendChild(controls);

    const xs = [...positions.values()].map((p) => p[0]);
    const ys = [...positions.values()].map((p) => p[1]);
    const pad = 130; // room for the names at the edges
    const box = [Math.min(...xs) - pad, Math.min(...ys) - pad, Math.max(...xs) - Math.min(...xs) + 2 * pad, Math.max(...ys) - Math.min(...ys) + 2 * pad];
    const svg = el("svg", { viewBox: box.join(" "), role: "group", "aria-label": `Graph of ${concepts.length} concepts`, class: "concept-graph-svg" }, root);
    const view = el("g", { class: "viewport" }, svg);
    const edgeLayer = el("g", { class: "edges" }, view);
    const nodeLayer = el("g", { class: "nodes" }, view);
    const edgeEls = [];
    for (const [a, b] of edges.values()) {
      const [x1, y1] = positions.get(a);
      const [x2, y2] = positions.get(b);
      const line = el("line", { x1, y1, x2, y2, class: "graph-edge" }, edgeLayer);
      line.dataset.a = a;
      line.dataset.b = b;
      edgeEls.push(line);
    }
    const nodeEls = new Map();
    for (const c of concepts) {
      const [x, y] = positions.get(c.slug);
      const link = el("a", { href: new URL(c.path, base).href, class: `graph-node track-${tracks.indexOf(c.track) % 8}`, "data-slug": c.slug, "data-track": c.track, "aria-label": `${c.title}: ${c.summary}` }, nodeLayer);
      el("circle", { cx: x, cy: y, r: 8 + Math.min(degree.get(c.slug), 6) }, link);
      const title = el("title", {}, link);
      title.textContent = `${c.title} — ${c.summary}`;
      const text = el("text", { x, y: y + 30, "text-anchor": "middle", class: showLabels ? "" : "hover-only" }, link);
      text.textContent = c.title;
      nodeEls.set(c.slug, link);
    }

    // Neighbour highlighting on hover and keyboard focus.
    function highlight(slug) {
      svg.classList.toggle("dimmed", Boolean(slug));
      const near = slug ? neighbours.get(slug) : new Set();
      for (const [s, node] of nodeEls) node.classList.toggle("near", Boolean(slug) && (s === slug || near.has(s)));
      for (const line of edgeEls) line.classList.toggle("near", Boolean(slug) && (line.dataset.a === slug || line.dataset.b === slug));
    }
    nodeLayer.addEventListener("mouseover", (e) => { const n = e.target.closest("a"); if (n) highlight(n.dataset.slug); });
    nodeLayer.addEventListener("mouseout", (e) => { const n = e.target.closest("a"); if (n && !n.contains(e.relatedTarget)) highlight(null); });
    nodeLayer.addEventListener("focusin", (e) => { const n = e.target.closest("a"); if (n) highlight(n.dataset.slug); });
    nodeLayer.addEventListener("focusout", () => highlight(null));

    // Track filter: hide a track's nodes and every edge touching them.
    legend.addEventListener("change", () => {
      const shown = new Set([...legend.querySelectorAll("input:checked")].map((i) => i.value));
      for (const node of nodeEls.values()) node.classList.toggle("hidden", !shown.has(node.dataset.track));
      for (const line of edgeEls) {
        const hide = nodeEls.get(line.dataset.a).classList.contains("hidden") || nodeEls.get(line.dataset.b).classList.contains("hidden");
        line.classList.toggle("hidden", hide);
      }
    });

    // Pan and zoom: one transform on the viewport group, so 1000 nodes stay smooth.
    let scale = 1, tx = 0, ty = 0;
    const apply = () => view.setAttribute("transform", `translate(${tx} ${ty}) scale(${scale})`);
    function toSvg(clientX, clientY) {
      const point = svg.createSVGPoint();
      point.x = clientX;
      point.y = clientY;
      return point.matrixTransform(svg.getScreenCTM().inverse());
    }
    function zoom(factor, cx, cy) {
      const next = Math.min(8, Math.max(0.2, scale * factor));
      tx = cx - ((cx - tx) * next) / scale;
      ty = cy - ((cy - ty) * next) / scale;
      scale = next;
      apply();
    }
    svg.addEventListener("wheel", (e) => {
      e.preventDefault();
      const p = toSvg(e.clientX, e.clientY);
      zoom(e.deltaY < 0 ? 1.2 : 1 / 1.2, p.x, p.y);
    }, { passive: false });
    let drag = null;
    svg.addEventListener("pointerdown", (e) => {
      if (e.target.closest("a")) return;
      drag = { start: toSvg(e.clientX, e.clientY), tx, ty };
      svg.setPointerCapture(e.pointerId);
    });
    svg.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const p = toSvg(e.clientX, e.clientY);
      tx = drag.tx + (p.x - drag.start.x);
      ty = drag.ty + (p.y - drag.start.y);
      apply();
    });
    svg.addEventListener("pointerup", () => { drag = null; });
    const centre = () => [box[0] + box[2] / 2, box[1] + box[3] / 2];
    zoomBox.addEventListener("click", (e) => {
      const action = e.target.dataset && e.target.dataset.zoom;
      if (action === "in") zoom(1.3, ...centre());
      if (action === "out") zoom(1 / 1.3, ...centre());
      if (action === "reset") { scale = 1; tx = 0; ty = 0; apply(); }
    });
    root.dataset.ready = "true";
  }

  function init() {
    const root = document.getElementById("graph-view");
    if (!root || root.dataset.started) return;
    root.dataset.started = "true";
    fetch(new URL(root.dataset.src, location.href))
      .then((response) => response.json())
      .then((data) => draw(root, data));
  }

  if (window.document$) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
