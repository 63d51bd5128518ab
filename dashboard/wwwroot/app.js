// The dashboard page: sign-in, one live channel (server-sent events read with fetch so the credentials header can be
// sent), and rendering of the cluster, grains, business and log views. Everything is text content: no HTML from data.
"use strict";
(function () {
  const base = document.body.dataset.base;
  const api = base + "/api";
  const STORAGE_KEY = "ordergrains.dashboard.credential";
  const LEVELS = ["Trace", "Debug", "Information", "Warning", "Error", "Critical"];
  const MAX_HISTORY = 600;
  const MAX_LOGS = 1000;

  let credential = sessionStorage.getItem(STORAGE_KEY) || "";
  let me = null;
  let liveAbort = null;
  let latest = null;
  let history = [];
  let logs = [];
  const siloColors = new Map();

  const $ = id => document.getElementById(id);

  function authHeaders() {
    if (!credential) return {};
    // A JWT has three base64url parts; anything else is taken as an API key.
    return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(credential) ? { Authorization: "Bearer " + credential } : { "X-Api-Key": credential };
  }

  async function call(path, options) {
    const opts = options || {};
    const response = await fetch(api + path, { ...opts, headers: { ...authHeaders(), ...(opts.headers || {}) } });
    if (response.status === 401) {
      showLogin(credential ? "Your credentials were refused or have expired." : "");
      throw new Error("unauthorized");
    }
    return response;
  }

  async function problemText(response) {
    try {
      const p = await response.json();
      return (p.detail || p.title || response.statusText) + (p.code ? " (" + p.code + ")" : "");
    } catch {
      return response.status + " " + response.statusText;
    }
  }

  // ---- sign-in ------------------------------------------------------------------------------------------------

  function showLogin(message) {
    stopLive();
    me = null;
    $("app").hidden = true;
    $("login").hidden = false;
    $("logout").hidden = true;
    $("whoami").textContent = "";
    $("login-error").textContent = message || "";
  }

  async function start() {
    const response = await fetch(api + "/me", { headers: authHeaders() });
    if (response.ok) {
      me = await response.json();
      showApp();
    } else if (response.status === 403) {
      showLogin("This identity may not view the dashboard (viewer, customer service, operations or admin role needed).");
    } else {
      showLogin(credential ? "Your credentials were refused or have expired." : "");
    }
  }

  $("login-form").addEventListener("submit", async e => {
    e.preventDefault();
    credential = $("credential").value.trim();
    sessionStorage.setItem(STORAGE_KEY, credential);
    $("credential").value = "";
    await start();
  });

  $("logout").addEventListener("click", () => {
    credential = "";
    sessionStorage.removeItem(STORAGE_KEY);
    showLogin("");
  });

  async function showApp() {
    $("login").hidden = true;
    $("app").hidden = false;
    $("logout").hidden = !me.authenticationRequired;
    $("whoami").textContent = me.name + (me.role ? " (" + me.role + ")" : "") + (me.canOperate ? "" : " · read-only");
    try {
      const response = await call("/history");
      if (response.ok) history = (await response.json()).slice(-MAX_HISTORY);
    } catch { /* the live channel fills the history */ }
    connectLive();
  }

  // ---- live channel -------------------------------------------------------------------------------------------

  function setLiveState(state, text) {
    const pill = $("live-state");
    pill.dataset.state = state;
    pill.textContent = text;
  }

  function stopLive() {
    if (liveAbort) liveAbort.abort();
    liveAbort = null;
  }

  async function connectLive() {
    stopLive();
    const abort = new AbortController();
    liveAbort = abort;
    try {
      const response = await call("/live?level=Trace", { signal: abort.signal, headers: { Accept: "text/event-stream" } });
      if (!response.ok) throw new Error(await problemText(response));
      setLiveState("live", "live");
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split("\n").filter(l => l.startsWith("data: ")).map(l => l.slice(6)).join("\n");
          if (data) onMessage(JSON.parse(data));
        }
      }
      throw new Error("the live channel closed");
    } catch (e) {
      if (abort.signal.aborted || e.message === "unauthorized") return;
      setLiveState("error", "reconnecting");
      setTimeout(() => { if (liveAbort === abort) connectLive(); }, 2000);
    }
  }

  function onMessage(message) {
    latest = message.snapshot;
    history.push(latest.point);
    if (history.length > MAX_HISTORY) history = history.slice(-MAX_HISTORY);
    if (message.logs && message.logs.length) {
      logs = logs.concat(message.logs).slice(-MAX_LOGS);
      renderLogs();
    }
    render();
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  function colorOf(silo) {
    if (!siloColors.has(silo)) siloColors.set(silo, Charts.palette[siloColors.size % Charts.palette.length]);
    return siloColors.get(silo);
  }

  function setKpi(id, value, text, cls) {
    const node = $(id);
    node.dataset.value = value === null || value === undefined ? "" : String(value);
    node.textContent = text;
    node.className = "value" + (cls ? " " + cls : "");
  }

  function pct(v) { return v === null || v === undefined ? "–" : (v * 100).toFixed(1) + "%"; }
  function num(v, digits) { return v === null || v === undefined ? "–" : Number(v).toFixed(digits === undefined ? 1 : digits); }
  function mb(bytes) { return (bytes / 1048576).toFixed(0) + " MB"; }
  function time(iso) { return new Date(iso).toLocaleTimeString(); }

  function uptime(seconds) {
    const s = Math.floor(seconds), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    return (d ? d + "d " : "") + (d || h ? h + "h " : "") + m + "m " + (s % 60) + "s";
  }

  // Replaces a table body's rows: cells are [text, className?]; attrs go on the row.
  function fillTable(id, items, row) {
    const body = $(id).tBodies[0];
    const rows = items.map(item => {
      const spec = row(item);
      const tr = document.createElement("tr");
      for (const [k, v] of Object.entries(spec.attrs || {})) tr.setAttribute(k, v);
      if (spec.className) tr.className = spec.className;
      for (const cell of spec.cells) {
        const td = document.createElement("td");
        if (cell instanceof Node) td.appendChild(cell);
        else if (Array.isArray(cell)) { td.textContent = cell[0]; if (cell[1]) td.className = cell[1]; }
        else td.textContent = cell;
        tr.appendChild(td);
      }
      return tr;
    });
    body.replaceChildren(...rows);
  }

  // ---- rendering ----------------------------------------------------------------------------------------------

  function render() {
    if (!latest) return;
    $("served-by").textContent = "served by " + latest.servedBy;
    renderCluster(latest);
    renderGrains(latest);
    renderBusiness(latest.business);
  }

  function renderCluster(s) {
    const up = s.silos.filter(x => x.status === "up").length;
    setKpi("kpi-silos", up, up + " / " + s.silos.length, up < s.silos.length ? "bad" : "good");
    setKpi("kpi-calls", s.totals.callsPerSecond, num(s.totals.callsPerSecond));
    setKpi("kpi-exceptions", s.totals.exceptionsPerSecond, num(s.totals.exceptionsPerSecond), s.totals.exceptionsPerSecond > 0 ? "bad" : "");
    setKpi("kpi-activations", s.totals.activations, String(s.totals.activations));
    setKpi("kpi-p99", s.totals.maxP99Ms, num(s.totals.maxP99Ms, 2));

    fillTable("silos", s.silos, x => ({
      attrs: { "data-silo": x.name, "data-status": x.status, "data-partitions": x.partitionsOwned },
      className: x.status === "up" ? "" : "down",
      cells: [x.name, x.status === "up" ? "up" : "unreachable: " + (x.error || ""), x.status === "up" ? uptime(x.uptimeSeconds) : "–",
        [num(x.cpuPercent) + "%", "num"], [mb(x.workingSetBytes), "num"], [mb(x.gcHeapBytes), "num"], [String(x.activations), "num"],
        [String(x.mailboxLength), "num"], [String(x.partitionsOwned), "num partitions"], [num(x.callsPerSecond), "num"]],
    }));

    const h = history;
    Charts.line($("chart-calls"), [
      { name: "calls/s", points: h.map(p => ({ t: Date.parse(p.at), v: p.callsPerSecond })) },
      { name: "exceptions/s", points: h.map(p => ({ t: Date.parse(p.at), v: p.exceptionsPerSecond })), color: "#c0262d" },
    ]);
    Charts.line($("chart-latency"), [
      { name: "avg", points: h.map(p => ({ t: Date.parse(p.at), v: p.averageMs })) },
      { name: "max p99", points: h.map(p => ({ t: Date.parse(p.at), v: p.maxP99Ms })), color: "#ea580c" },
    ]);
    const silos = [...new Set(h.flatMap(p => Object.keys(p.cpuBySilo || {})))];
    Charts.line($("chart-cpu"), silos.map(name => ({
      name, color: colorOf(name), points: h.filter(p => p.cpuBySilo && name in p.cpuBySilo).map(p => ({ t: Date.parse(p.at), v: p.cpuBySilo[name] })),
    })), { min: 10 });

    s.silos.forEach(x => colorOf(x.name));
    Charts.partitions($("partition-map"), s.partitions.owners, colorOf);
    const legend = s.silos.map(x => {
      const span = document.createElement("span");
      span.dataset.siloPartitions = x.name;
      span.dataset.count = s.partitions.bySilo[x.name] || 0;
      const swatch = document.createElement("i");
      swatch.style.background = colorOf(x.name);
      span.append(swatch, x.name + ": " + (s.partitions.bySilo[x.name] || 0) + " of " + s.partitions.count);
      return span;
    });
    $("partition-legend").replaceChildren(...legend);

    $("cluster-events").replaceChildren(...s.clusterEvents.map(e => {
      const li = document.createElement("li");
      li.dataset.kind = e.kind;
      const t = document.createElement("time");
      t.textContent = time(e.at);
      li.append(t, e.kind + ": " + e.detail);
      return li;
    }));
  }

  function renderGrains(s) {
    fillTable("grain-types", s.grainTypes, t => ({
      attrs: { "data-type": t.grainType },
      cells: [t.grainType, [String(t.activations), "num"], [num(t.callsPerSecond), "num"], [num(t.exceptionsPerSecond), "num"], [num(t.averageMs, 2), "num"], [num(t.p99Ms, 2), "num"]],
    }));
    const sort = $("method-sort").value;
    const methods = [...s.methods].sort((a, b) => sort === "latency" ? b.p99Ms - a.p99Ms : sort === "errors" ? b.exceptionsPerSecond - a.exceptionsPerSecond : b.callsPerSecond - a.callsPerSecond).slice(0, 20);
    fillTable("methods", methods, m => ({
      cells: [m.grainType, m.method, [num(m.callsPerSecond), "num"], [num(m.exceptionsPerSecond), "num"], [num(m.averageMs, 2), "num"], [num(m.p99Ms, 2), "num"]],
    }));
    const known = new Set([...$("grain-type-list").options].map(o => o.value));
    for (const t of s.grainTypes) {
      if (!known.has(t.grainType)) {
        const option = document.createElement("option");
        option.value = t.grainType;
        $("grain-type-list").appendChild(option);
      }
    }
    fillTable("stream-lag", s.silos.flatMap(x => Object.entries(x.streamLag || {}).map(([provider, lag]) => ({ silo: x.name, provider, lag }))), l => ({
      cells: [l.silo, l.provider, [String(l.lag), "num"]],
    }));
  }

  function renderBusiness(b) {
    if (!b) return;
    setKpi("kpi-orders-total", b.ordersTotal, String(b.ordersTotal));
    setKpi("kpi-orders-per-min", b.ordersLastMinute, String(b.ordersLastMinute));
    setKpi("kpi-allocation-rate", b.allocationSuccessRate, pct(b.allocationSuccessRate));
    setKpi("kpi-split-rate", b.splitShipmentRate, pct(b.splitShipmentRate));
    setKpi("kpi-reroutes", b.reroutes, String(b.reroutes));
    setKpi("kpi-backorders", b.backorders, String(b.backorders));
    setKpi("kpi-oversold", b.oversoldUnits, String(b.oversoldUnits), b.oversoldUnits > 0 ? "bad" : "good");
    const c = b.calibration90;
    setKpi("kpi-calibration", c ? c.attainment : null, c ? pct(c.attainment) + " of " + c.promises : "–");

    const statuses = Object.entries(b.ordersByStatus).sort((x, y) => y[1] - x[1]).map(([label, value]) => ({ label, value }));
    Charts.bars($("orders-by-status"), statuses, "status");
    Charts.line($("chart-orders"), [{ name: "orders/min", points: history.map(p => ({ t: Date.parse(p.at), v: p.ordersLastMinute })) }]);

    fillTable("warehouses", b.warehouses, w => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "toggle-status";
      const target = w.status === "Offline" ? "Online" : "Offline";
      button.textContent = target === "Offline" ? "Take offline" : "Bring online";
      button.dataset.target = target;
      button.disabled = !me || !me.canOperate;
      button.title = button.disabled ? "Operations or admin role needed" : "";
      button.addEventListener("click", () => setWarehouseStatus(w.id, target, button));
      return {
        attrs: { "data-warehouse": w.id, "data-status": w.status },
        cells: [w.id + " · " + w.name, w.city, [w.status + (w.reason ? " (" + w.reason + ")" : ""), "status status-" + w.status],
          [w.backlogUnits + " / " + w.capacityUnits + " (" + pct(w.saturation) + ")", "num"], [String(w.openAllocations), "num"], button],
      };
    });

    $("stock-note").textContent = "(" + b.stockSlotsRead + " active slots; low ≤ threshold)";
    fillTable("stock", b.stock, s => ({
      attrs: { "data-warehouse": s.warehouseId, "data-low": s.low.length },
      className: s.low.length ? "low" : "",
      cells: [s.warehouseId, [String(s.slots), "num"], [String(s.onHand), "num"], [String(s.reserved), "num"], [String(s.available), "num"],
        s.low.map(l => l.sku + " (" + l.available + ")").join(", ")],
    }));
    fillTable("calibration", b.calibration, k => ({
      cells: [pct(k.confidence), [String(k.promises), "num"], [String(k.onTime), "num"], [pct(k.attainment), "num"]],
    }));
    fillTable("at-risk", b.atRisk, o => {
      const link = document.createElement("a");
      link.href = "#";
      link.textContent = o.orderId;
      link.addEventListener("click", e => { e.preventDefault(); $("timeline-order").value = o.orderId; showTimeline(); });
      return { attrs: { "data-order": o.orderId }, cells: [link, o.status, o.channel, [String(o.units), "num"], time(o.createdAt)] };
    });
    $("business-errors").textContent = b.errors.length ? "Not read: " + b.errors.join("; ") : "";
  }

  // Levels arrive camelCase ("warning"); the page names them as .NET does ("Warning").
  function levelOf(entry) { return LEVELS.find(l => l.toLowerCase() === String(entry.level).toLowerCase()) || "Information"; }

  function renderLogs() {
    const minimum = LEVELS.indexOf($("log-level").value);
    const shown = logs.filter(l => LEVELS.indexOf(levelOf(l)) >= minimum).slice(-300).reverse();
    $("log-source").textContent = latest ? latest.silos.map(x => x.name).join(", ") + (latest.servedBy === "api" ? ", api" : "") : "";
    $("logs").replaceChildren(...shown.map(l => {
      const li = document.createElement("li");
      li.dataset.level = levelOf(l);
      const t = document.createElement("time");
      t.textContent = time(l.at);
      const category = document.createElement("span");
      category.className = "category";
      category.textContent = (l.source ? l.source + " " : "") + levelOf(l) + " " + l.category;
      li.append(t, category, l.message + (l.exception ? "\n" + l.exception : ""));
      return li;
    }));
  }

  // ---- actions ------------------------------------------------------------------------------------------------

  async function setWarehouseStatus(id, status, button) {
    button.disabled = true;
    $("warehouse-error").textContent = "";
    try {
      const response = await call("/warehouses/" + encodeURIComponent(id) + "/status", {
        method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ status, reason: "set from the dashboard" }),
      });
      if (!response.ok) $("warehouse-error").textContent = "Warehouse " + id + ": " + await problemText(response);
    } catch (e) {
      if (e.message !== "unauthorized") $("warehouse-error").textContent = e.message;
    }
  }

  async function showTimeline() {
    const id = $("timeline-order").value.trim();
    $("timeline-error").textContent = "";
    $("timeline-status").textContent = "";
    $("timeline").replaceChildren();
    if (!id) return;
    const response = await call("/orders/" + encodeURIComponent(id) + "/timeline");
    if (!response.ok) { $("timeline-error").textContent = await problemText(response); return; }
    const t = await response.json();
    $("timeline-status").textContent = t.orderId + ": " + t.status;
    $("timeline").replaceChildren(...t.events.map(e => {
      const li = document.createElement("li");
      li.dataset.type = e.type;
      const at = document.createElement("time");
      at.textContent = time(e.at);
      li.append(at, e.type + (e.reason ? " — " + e.reason : "") + " · " + e.silo + " · " + e.actor);
      return li;
    }));
  }

  $("timeline-form").addEventListener("submit", e => { e.preventDefault(); showTimeline(); });

  $("grain-form").addEventListener("submit", async e => {
    e.preventDefault();
    $("grain-error").textContent = "";
    $("grain-info").replaceChildren();
    $("grain-state").textContent = "";
    const type = $("grain-type").value.trim(), key = $("grain-key").value.trim();
    const response = await call("/grains/" + encodeURIComponent(type) + "/" + encodeURIComponent(key));
    if (!response.ok) { $("grain-error").textContent = await problemText(response); return; }
    const g = await response.json();
    const facts = [["Grain", g.grainId], ["Silo", g.silo], ["Partition", g.partition === null ? "–" : String(g.partition)],
      ["Activation", g.activation ? "#" + g.activation.activationId + " " + g.activation.state : "not active"],
      ["Mailbox", g.activation ? String(g.activation.mailboxLength) : "–"]];
    $("grain-info").replaceChildren(...facts.flatMap(([k, v]) => {
      const dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = k;
      dd.textContent = v;
      dd.dataset.fact = k.toLowerCase();
      return [dt, dd];
    }));
    $("grain-state").textContent = g.states.length
      ? g.states.map(s => "// " + s.name + (s.storage ? " @" + s.storage : "") + "\n" + (s.state === null ? "(nothing stored)" : JSON.stringify(s.state, null, 2))).join("\n\n")
      : "(this grain type keeps no persistent state)";
  });

  $("reminders-load").addEventListener("click", async () => {
    const response = await call("/reminders?limit=200");
    if (!response.ok) return;
    const r = await response.json();
    fillTable("reminders", r.reminders, x => ({ cells: [x.grainId, x.name, time(x.startAt), x.periodSeconds + " s"] }));
  });

  $("method-sort").addEventListener("change", render);
  $("log-level").addEventListener("change", renderLogs);

  for (const button of document.querySelectorAll("nav button")) {
    button.addEventListener("click", () => {
      for (const other of document.querySelectorAll("nav button")) other.classList.toggle("active", other === button);
      for (const tab of document.querySelectorAll(".tab")) tab.hidden = tab.id !== "tab-" + button.dataset.tab;
    });
  }

  start();
})();
