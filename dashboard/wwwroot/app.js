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

  async function call(path, options) { return callUrl(api + path, options); }

  // The rules page calls the API's own endpoints (/api/v1/rules) with the same header the dashboard sends.
  async function callUrl(url, options) {
    const opts = options || {};
    const response = await fetch(url, { ...opts, headers: { ...authHeaders(), ...(opts.headers || {}) } });
    // With the dashboard's authentication off there is no sign-in to go back to: the caller shows the refusal.
    if (response.status === 401 && me && !me.authenticationRequired && url.startsWith(RULES)) return response;
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
    applyRole();
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
      ? g.states.map(s => "// " + s.name + (s.storage ? " @" + s.storage : "") + "\n" + (s.state === null ? "(nothing stored)" : JSON.stringify(s.state, null, 2))
          + (s.entryCount > 0 ? "\n// " + s.name + " entries (" + Object.keys(s.entries).length + " of " + s.entryCount + ")\n" + JSON.stringify(s.entries, null, 2) : "")).join("\n\n")
      : "(this grain type keeps no persistent state)";
  });

  $("reminders-load").addEventListener("click", async () => {
    const response = await call("/reminders?limit=200");
    if (!response.ok) return;
    const r = await response.json();
    fillTable("reminders", r.reminders, x => ({ cells: [x.grainId, x.name, time(x.startAt), x.periodSeconds + " s"] }));
  });


  // ---- rules: versions, diff, activate/rollback, canary, shadow, sandbox --------------------------------------

  const RULES = "/api/v1/rules";
  let rules = null;
  let sandboxRun = null;
  let sandboxTimer = null;

  function canOperate() { return !!me && me.canOperate; }

  // Changing rules needs operations or admin (the API refuses anyone else too); viewers see the controls disabled.
  function applyRole() {
    for (const control of document.querySelectorAll("#tab-rules .operate button, #tab-rules .operate input, #tab-rules .operate select")) {
      if (control.id === "sandbox-cancel") continue;
      control.disabled = !canOperate();
      control.title = control.disabled ? "Operations or admin role needed" : "";
    }
  }

  function when(iso) { return iso ? new Date(iso).toLocaleString() : "–"; }

  function rulesError(text) { $("rules-error").textContent = text || ""; }

  async function loadRules() {
    try {
      const response = await callUrl(RULES);
      if (!response.ok) {
        rulesError(response.status === 403 ? "Reading rules needs the viewer, operations or admin role."
          : response.status === 401 ? "The rules API (" + RULES + ") needs an API key or token; this dashboard runs without authentication, so it has none."
          : response.status === 404 ? "This host does not serve the rules API (" + RULES + ")."
          : "Rules: " + await problemText(response));
        return;
      }
      rules = await response.json();
      renderRules();
    } catch (e) {
      if (e.message !== "unauthorized") rulesError("Rules: " + e.message);
    }
  }

  function fillVersionSelect(select, versions, preferred, keepEmpty) {
    const previous = select.value;
    const empty = keepEmpty ? [...select.options].filter(o => o.value === "") : [];
    const options = versions.map(v => {
      const option = document.createElement("option");
      option.value = String(v.versionId);
      option.textContent = "v" + v.versionId + " · " + v.name + " (" + v.status + ")";
      return option;
    });
    select.replaceChildren(...empty, ...options);
    const wanted = previous !== "" && versions.some(v => String(v.versionId) === previous) ? previous : preferred;
    if (wanted !== undefined && wanted !== null) select.value = String(wanted);
  }

  function renderRules() {
    const o = rules;
    $("rules-active").dataset.version = o.activeVersion === null ? "" : String(o.activeVersion);
    $("rules-active").textContent = o.activeVersion === null ? "none" : "v" + o.activeVersion;
    $("rules-canary").dataset.version = o.canary ? String(o.canary.versionId) : "";
    $("rules-canary").dataset.percent = o.canary ? String(o.canary.percent) : "";
    $("rules-canary").textContent = o.canary ? "v" + o.canary.versionId + " · " + o.canary.percent + "%" : "none";
    $("rules-shadow").dataset.version = o.shadowVersion === null ? "" : String(o.shadowVersion);
    $("rules-shadow").textContent = o.shadowVersion === null ? "none" : "v" + o.shadowVersion;
    $("rules-canary-text").textContent = o.canary
      ? "Canary v" + o.canary.versionId + " for " + o.canary.percent + "% of customers" + (o.canary.channels.length ? " and channels " + o.canary.channels.join(", ") : "") + ", set by " + o.canary.author + " at " + when(o.canary.since) + "."
      : "No canary: every customer uses the active version.";

    fillTable("rule-versions", o.versions, v => {
      const actions = document.createElement("span");
      const add = (label, cls, handler) => {
        const b = document.createElement("button");
        b.type = "button";
        b.className = cls;
        b.textContent = label;
        b.disabled = !canOperate();
        b.title = b.disabled ? "Operations or admin role needed" : "";
        b.addEventListener("click", () => handler(b));
        actions.append(b, " ");
      };
      if (v.status === "draft") add("Validate", "validate", b => rulesAction(b, "/versions/" + v.versionId + "/validate", "POST"));
      if (v.status === "validated") add("Activate", "activate", b => rulesAction(b, "/versions/" + v.versionId + "/activate", "POST", activationBody()));
      if (v.status === "retired") add("Roll back to this", "rollback", b => rulesAction(b, "/rollback", "POST", { version: v.versionId, comment: comment() }));
      const flags = [v.isCanary ? "canary" + (o.canary ? " " + o.canary.percent + "%" : "") : "", v.isShadow ? "shadow" : ""].filter(Boolean).join(", ");
      const effective = v.effectiveFrom || v.effectiveUntil ? when(v.effectiveFrom) + " → " + when(v.effectiveUntil) : "always";
      return {
        attrs: { "data-version": v.versionId, "data-status": v.status },
        cells: ["v" + v.versionId, v.name, [v.status, "status status-" + v.status], v.author, v.comment || "", when(v.createdAt), when(v.activatedAt),
          effective, [String(v.rules), "num"], flags || "–", actions],
      };
    });

    const newest = o.versions.length ? o.versions[0].versionId : null;
    const notActive = o.versions.find(v => v.versionId !== o.activeVersion);
    fillVersionSelect($("diff-from"), o.versions, o.activeVersion ?? newest);
    fillVersionSelect($("diff-to"), o.versions, notActive ? notActive.versionId : newest);
    const usable = o.versions.filter(v => v.status !== "draft");
    fillVersionSelect($("canary-version"), usable, notActive && notActive.status !== "draft" ? notActive.versionId : undefined);
    fillVersionSelect($("shadow-version"), usable, notActive && notActive.status !== "draft" ? notActive.versionId : undefined);
    fillVersionSelect($("sandbox-candidate"), usable, notActive && notActive.status !== "draft" ? notActive.versionId : undefined);
    fillVersionSelect($("sandbox-baseline"), usable, "", true);

    $("rules-history").replaceChildren(...o.history.slice(0, 100).map(h => {
      const li = document.createElement("li");
      li.dataset.action = h.action;
      const t = document.createElement("time");
      t.textContent = when(h.at);
      li.append(t, h.action + " v" + h.versionId + " · " + h.author + (h.comment ? " — " + h.comment : ""));
      return li;
    }));
    applyRole();
  }

  function comment() {
    const c = $("rules-comment").value.trim();
    return c || "from the dashboard";
  }

  function activationBody() {
    // datetime-local is the browser's local time; the API takes an offset, so send ISO UTC.
    const iso = id => $(id).value ? new Date($(id).value).toISOString() : null;
    return { comment: comment(), effectiveFrom: iso("rules-from"), effectiveUntil: iso("rules-until") };
  }

  async function rulesAction(button, path, method, body) {
    if (button) button.disabled = true;
    rulesError("");
    try {
      const response = await callUrl(RULES + path, body === undefined ? { method } : {
        method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      });
      if (!response.ok) rulesError(await problemWithList(response));
      else $("rules-comment").value = "";
    } catch (e) {
      if (e.message !== "unauthorized") rulesError(e.message);
    }
    await loadRules();
  }

  // Problem details, with the rule set problems (path, line, field) when the API lists them.
  async function problemWithList(response) {
    try {
      const p = await response.json();
      const list = (p.problems || []).map(x => (x.line ? "line " + x.line + " " : "") + (x.path || x.field || "") + ": " + x.message);
      const errors = Object.entries(p.errors || {}).map(([k, v]) => k + ": " + v.join(" "));
      return (p.detail || p.title || response.statusText) + (p.code ? " (" + p.code + ")" : "") + [...list, ...errors].map(x => "\n• " + x).join("");
    } catch {
      return response.status + " " + response.statusText;
    }
  }

  $("rules-refresh").addEventListener("click", loadRules);

  // Changes made elsewhere (another operator, the API) show within a few seconds while the tab is open.
  setInterval(() => { if (me && !$("app").hidden && !$("tab-rules").hidden) loadRules(); }, 5000);

  $("canary-form").addEventListener("submit", e => {
    e.preventDefault();
    const channels = $("canary-channels").value.split(",").map(c => c.trim()).filter(Boolean);
    rulesAction($("canary-set"), "/canary", "PUT", { version: Number($("canary-version").value), percent: Number($("canary-percent").value), channels, comment: comment() });
  });
  $("canary-clear").addEventListener("click", () => rulesAction($("canary-clear"), "/canary", "DELETE"));
  $("shadow-form").addEventListener("submit", e => {
    e.preventDefault();
    rulesAction($("shadow-set"), "/shadow", "PUT", { version: Number($("shadow-version").value) });
  });
  $("shadow-clear").addEventListener("click", () => rulesAction($("shadow-clear"), "/shadow", "DELETE"));

  $("diff-form").addEventListener("submit", async e => {
    e.preventDefault();
    rulesError("");
    const from = $("diff-from").value, to = $("diff-to").value;
    $("diff").replaceChildren();
    $("diff-summary").textContent = "";
    if (!from || !to) return;
    try {
      const response = await callUrl(RULES + "/diff?from=" + encodeURIComponent(from) + "&to=" + encodeURIComponent(to));
      if (!response.ok) { rulesError(await problemWithList(response)); return; }
      const d = await response.json();
      $("diff-summary").textContent = "v" + d.fromVersion + " → v" + d.toVersion + ": " + (d.changes.length ? d.changes.length + " change(s)" : "no differences");
      $("diff-summary").dataset.from = d.fromVersion;
      $("diff-summary").dataset.to = d.toVersion;
      $("diff").replaceChildren(...d.changes.map(c => {
        const li = document.createElement("li");
        li.dataset.kind = c.kind;
        li.dataset.path = c.path;
        const kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = c.kind;
        li.append(kind, c.path);
        for (const [text, cls] of [[c.before, "before"], [c.after, "after"]]) {
          if (text === null || text === undefined) continue;
          const pre = document.createElement("pre");
          pre.className = cls;
          pre.textContent = text;
          li.appendChild(pre);
        }
        return li;
      }));
    } catch (e2) {
      if (e2.message !== "unauthorized") rulesError(e2.message);
    }
  });

  // ---- sandbox ----

  $("sandbox-form").addEventListener("submit", async e => {
    e.preventDefault();
    $("sandbox-error").textContent = "";
    const request = {
      candidateVersion: Number($("sandbox-candidate").value),
      baselineVersion: $("sandbox-baseline").value ? Number($("sandbox-baseline").value) : null,
      source: "flashSale",
      seed: Number($("sandbox-seed").value) || 1,
      orders: Number($("sandbox-orders").value),
      hotSkus: Number($("sandbox-hot").value),
      outageWarehouse: $("sandbox-outage").value.trim() || null,
    };
    $("sandbox-start").disabled = true;
    try {
      const response = await callUrl(RULES + "/sandbox", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request) });
      if (!response.ok) { $("sandbox-error").textContent = await problemWithList(response); $("sandbox-start").disabled = !canOperate(); return; }
      const started = await response.json();
      sandboxRun = started.runId;
      clearSandboxResult();
      showProgress(started.progress);
      pollSandbox(started.runId);
    } catch (e2) {
      if (e2.message !== "unauthorized") $("sandbox-error").textContent = e2.message;
      $("sandbox-start").disabled = !canOperate();
    }
  });

  $("sandbox-cancel").addEventListener("click", async () => {
    if (!sandboxRun) return;
    const response = await callUrl(RULES + "/sandbox/" + encodeURIComponent(sandboxRun) + "/cancel", { method: "POST" });
    if (!response.ok) $("sandbox-error").textContent = await problemWithList(response);
  });

  function clearSandboxResult() {
    $("sandbox-kpis").tBodies[0].replaceChildren();
    $("sandbox-load").tBodies[0].replaceChildren();
    $("sandbox-changes").tBodies[0].replaceChildren();
    $("sandbox-changes-title").textContent = "";
  }

  function showProgress(p) {
    $("sandbox-progress").dataset.state = p.state;
    $("sandbox-progress").dataset.run = p.runId;
    $("sandbox-bar").max = Math.max(1, p.total);
    $("sandbox-bar").value = p.processed;
    $("sandbox-progress-text").textContent = "run " + p.runId + ": " + p.state + " · " + p.phase + " · " + p.processed + " / " + p.total + " orders" + (p.error ? " · " + p.error : "");
    const running = p.state === "running";
    $("sandbox-cancel").disabled = !running || !canOperate();
    $("sandbox-start").disabled = running || !canOperate();
  }

  async function pollSandbox(runId) {
    clearTimeout(sandboxTimer);
    if (sandboxRun !== runId) return;
    try {
      const response = await callUrl(RULES + "/sandbox/" + encodeURIComponent(runId));
      if (!response.ok) { $("sandbox-error").textContent = await problemWithList(response); showProgress({ runId, state: "failed", phase: "", processed: 0, total: 0 }); return; }
      const p = await response.json();
      showProgress(p);
      if (p.state === "running") { sandboxTimer = setTimeout(() => pollSandbox(runId), 500); return; }
      if (p.state !== "completed") return;
      const r = await callUrl(RULES + "/sandbox/" + encodeURIComponent(runId) + "/result");
      if (!r.ok) { $("sandbox-error").textContent = await problemWithList(r); return; }
      renderSandbox(await r.json());
    } catch (e) {
      if (e.message !== "unauthorized") $("sandbox-error").textContent = e.message;
    }
  }

  function renderSandbox(r) {
    const b = r.baseline, c = r.candidate;
    $("sandbox-baseline-head").textContent = b.versionId ? "Active / baseline v" + b.versionId : "No rules";
    $("sandbox-candidate-head").textContent = "Candidate v" + c.versionId;
    // [label, key, format, higher is better?]
    const rows = [["Orders", "orders", x => String(x), null], ["Allocated", "allocated", x => String(x), true],
      ["Allocation rate", "allocationRate", pct, true], ["Split-shipment rate", "splitRate", pct, false],
      ["Avg promised days", "avgPromisedDays", x => num(x, 2), false], ["p90 promised days", "p90PromisedDays", x => num(x, 2), false],
      ["Promise attainment", "promiseAttainment", pct, true], ["Cost to serve", "costToServe", x => num(x, 2), false],
      ["Backorders", "backordered", x => String(x), false], ["Orders held", "held", x => String(x), false]];
    fillTable("sandbox-kpis", rows, ([label, key, format, higher]) => {
      const delta = c[key] - b[key];
      // Per-allocated-order KPIs of a side that allocated nothing compare nothing: shown, not judged.
      const perAllocated = ["splitRate", "avgPromisedDays", "p90PromisedDays", "promiseAttainment", "costToServe"].includes(key);
      const judged = higher !== null && !(perAllocated && (b.allocated === 0 || c.allocated === 0));
      const cls = !judged || Math.abs(delta) < 1e-9 ? "num" : (delta > 0) === higher ? "num better" : "num worse";
      const shown = key.endsWith("Rate") || key === "promiseAttainment" ? (delta >= 0 ? "+" : "") + (delta * 100).toFixed(1) + " pt" : (delta >= 0 ? "+" : "") + num(delta, Number.isInteger(delta) ? 0 : 2);
      return { attrs: { "data-kpi": key }, cells: [label, [format(b[key]), "num baseline"], [format(c[key]), "num candidate"], [shown, cls]] };
    });
    const warehouses = [...new Set([...Object.keys(b.warehouseLoad), ...Object.keys(c.warehouseLoad)])].sort();
    fillTable("sandbox-load", warehouses, w => ({
      attrs: { "data-warehouse": w },
      cells: [w, [String(b.warehouseLoad[w] || 0), "num"], [String(c.warehouseLoad[w] || 0), "num"]],
    }));
    $("sandbox-changes-title").textContent = r.changedOrders + " order(s) decided differently" + (r.changes.length < r.changedOrders ? " (first " + r.changes.length + " listed)" : "")
      + " · " + r.request.orders + " orders in " + num(r.seconds, 2) + " s (" + Math.round(r.ordersPerSecond) + "/s)";
    $("sandbox-changes-title").dataset.changed = r.changedOrders;
    fillTable("sandbox-changes", r.changes.slice(0, 200), x => ({
      attrs: { "data-order": x.orderId },
      cells: [x.orderId, x.customerId, x.baseline, x.candidate, x.why.join("; ")],
    }));
  }

  $("method-sort").addEventListener("change", render);
  $("log-level").addEventListener("change", renderLogs);

  for (const button of document.querySelectorAll("nav button")) {
    button.addEventListener("click", () => {
      for (const other of document.querySelectorAll("nav button")) other.classList.toggle("active", other === button);
      for (const tab of document.querySelectorAll(".tab")) tab.hidden = tab.id !== "tab-" + button.dataset.tab;
      if (button.dataset.tab === "rules") loadRules();
    });
  }

  start();
})();
