// Small SVG charts for the dashboard: a time line chart, horizontal bars and the partition map. No dependencies.
"use strict";
(function () {
  const NS = "http://www.w3.org/2000/svg";
  const PALETTE = ["#2563eb", "#db2777", "#16a34a", "#ea580c", "#7c3aed", "#0891b2", "#ca8a04", "#4b5563", "#dc2626", "#0d9488"];

  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  function clear(svg) { while (svg.firstChild) svg.removeChild(svg.firstChild); }

  function size(svg) {
    const vb = svg.viewBox.baseVal;
    return { w: vb.width, h: vb.height };
  }

  function niceMax(v) {
    if (!(v > 0)) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * p) return m * p;
    return 10 * p;
  }

  function fmt(v) {
    if (v >= 1000000) return (v / 1000000).toFixed(1) + "M";
    if (v >= 1000) return (v / 1000).toFixed(1) + "k";
    if (v >= 100 || v === 0) return Math.round(v).toString();
    return v.toFixed(v >= 10 ? 1 : 2);
  }

  // series: [{ name, points: [{ t: Date|number, v: number }] }]; draws lines over the shared time range.
  function line(svg, series, options) {
    clear(svg);
    const { w, h } = size(svg);
    const left = 44, right = 8, top = 18, bottom = 20;
    const all = series.flatMap(s => s.points);
    const maxV = niceMax(Math.max(options && options.min || 0, ...all.map(p => p.v)));
    const times = all.map(p => +p.t);
    const t0 = times.length ? Math.min(...times) : 0, t1 = times.length ? Math.max(...times) : 1;
    const x = t => left + (t1 === t0 ? w - left - right : (+t - t0) / (t1 - t0) * (w - left - right));
    const y = v => top + (1 - v / maxV) * (h - top - bottom);
    for (const frac of [0, 0.5, 1]) {
      el("line", { x1: left, x2: w - right, y1: y(maxV * frac), y2: y(maxV * frac), class: "axis" }, svg);
      el("text", { x: left - 4, y: y(maxV * frac) + 4, "text-anchor": "end" }, svg).textContent = fmt(maxV * frac);
    }
    if (times.length) {
      const span = Math.round((t1 - t0) / 1000);
      el("text", { x: left, y: h - 4 }, svg).textContent = "-" + span + " s";
      el("text", { x: w - right, y: h - 4, "text-anchor": "end" }, svg).textContent = "now";
    }
    series.forEach((s, i) => {
      const color = s.color || PALETTE[i % PALETTE.length];
      if (s.points.length) {
        el("polyline", {
          points: s.points.map(p => x(p.t).toFixed(1) + "," + y(p.v).toFixed(1)).join(" "),
          fill: "none", stroke: color, "stroke-width": 2, "data-series": s.name,
          "data-last": s.points[s.points.length - 1].v,
        }, svg);
      }
      const label = el("text", { x: left + 6 + i * 110, y: 12, fill: color }, svg);
      label.style.fill = color;
      label.textContent = s.name + (s.points.length ? " " + fmt(s.points[s.points.length - 1].v) : "");
    });
  }

  // items: [{ label, value }]; one horizontal bar each, with data-status/data-count for readers and tests.
  function bars(svg, items, key) {
    clear(svg);
    const { w, h } = size(svg);
    const left = 150, right = 50;
    const rows = Math.max(items.length, 1), rowH = Math.min(26, (h - 6) / rows);
    const maxV = niceMax(Math.max(1, ...items.map(i => i.value)));
    items.forEach((item, i) => {
      const g = el("g", { ["data-" + (key || "label")]: item.label, "data-count": item.value }, svg);
      const yTop = 3 + i * rowH;
      el("text", { x: left - 6, y: yTop + rowH * 0.65, "text-anchor": "end" }, g).textContent = item.label;
      el("rect", { x: left, y: yTop + 2, height: Math.max(4, rowH - 6), width: Math.max(1, item.value / maxV * (w - left - right)), fill: PALETTE[i % PALETTE.length], rx: 2 }, g);
      el("text", { x: left + item.value / maxV * (w - left - right) + 6, y: yTop + rowH * 0.65 }, g).textContent = String(item.value);
    });
    if (!items.length) el("text", { x: w / 2, y: h / 2, "text-anchor": "middle" }, svg).textContent = "no orders yet";
  }

  // owners: silo name (or null) per partition; one square per partition coloured by its owner.
  function partitions(svg, owners, colorOf) {
    clear(svg);
    const { w, h } = size(svg);
    const n = owners.length;
    if (!n) { el("text", { x: w / 2, y: h / 2, "text-anchor": "middle" }, svg).textContent = "single silo: no partitions"; return; }
    const cols = Math.ceil(Math.sqrt(n * w / h)), rows = Math.ceil(n / cols);
    const cell = Math.min(w / cols, h / rows);
    owners.forEach((owner, p) => {
      const r = el("rect", {
        x: (p % cols) * cell + 1, y: Math.floor(p / cols) * cell + 1, width: cell - 2, height: cell - 2,
        fill: owner ? colorOf(owner) : "#d1d5db", "data-partition": p, "data-owner": owner || "",
      }, svg);
      el("title", {}, r).textContent = "partition " + p + ": " + (owner || "no owner");
    });
  }

  window.Charts = { line, bars, partitions, palette: PALETTE, fmt };
})();
