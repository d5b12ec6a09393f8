// The dashboard at /: one static page that talks to the API with the token the user pastes in
// (kept in the browser's sessionStorage, never sent anywhere but this server). It lists
// executions and datasets, provisions, and cleans up. Every value is inserted as text, never as
// HTML.
#include "server/api.h"

namespace tdm::server {

const std::string& DashboardHtml() {
  static const std::string page = R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tdm</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #1d2330; background: #f7f8fa; }
  h1 { font-size: 1.3rem; margin: 0 0 1rem; } h2 { font-size: 1.05rem; margin: 1.6rem 0 .5rem; }
  table { border-collapse: collapse; background: #fff; min-width: 40rem; }
  th, td { text-align: left; padding: .35rem .7rem; border-bottom: 1px solid #e3e6eb; }
  th { background: #eef1f5; font-weight: 600; }
  input, select, button { font: inherit; padding: .25rem .5rem; margin-right: .4rem; }
  .ready { color: #17803d; } .failed { color: #b42318; } .provisioning { color: #b54708; }
  .cleaned { color: #667085; } #message { margin: .8rem 0; min-height: 1.2em; }
  code { background: #eef1f5; padding: 0 .25rem; }
</style>
</head>
<body>
<h1>tdm &mdash; test data</h1>
<div>
  <label>Token <input id="token" type="password" size="40"
    placeholder="data-cli token create --role qa"></label>
  <button id="save">Use token</button>
</div>
<div id="message"></div>
<h2>Provision</h2>
<div>
  <select id="environment"></select>
  <select id="dataset"></select>
  <input id="count" type="number" min="1" placeholder="count (spec's volume)">
  <button id="provision">Provision</button>
</div>
<h2>Executions</h2>
<table><thead><tr><th>execution</th><th>status</th><th>environment</th><th>dataset</th>
<th>rows</th><th>requested by</th><th>created</th><th></th></tr></thead>
<tbody id="executions"></tbody></table>
<p>API: <a href="/openapi.json"><code>/openapi.json</code></a> &middot;
metrics: <code>/metrics</code></p>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
const token = () => sessionStorage.getItem("tdm-token") || "";
function say(text, bad) { $("message").textContent = text; $("message").className = bad ? "failed" : ""; }
async function api(method, path, body) {
  const headers = { "Content-Type": "application/json" };
  if (token()) headers["Authorization"] = "Bearer " + token();
  const res = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const data = await res.json().catch(() => ({}));
  if (!res.ok && res.status !== 202) throw new Error((data.error && data.error.message) || res.statusText);
  return data;
}
function cell(row, text, cls) {
  const td = document.createElement("td"); td.textContent = text; if (cls) td.className = cls;
  row.appendChild(td); return td;
}
async function refresh() {
  try {
    const list = await api("GET", "/api/v1/executions");
    const body = $("executions"); body.replaceChildren();
    for (const e of (list.executions || []).slice().reverse()) {
      const row = document.createElement("tr");
      cell(row, e.execution_id); cell(row, e.status, e.status); cell(row, e.environment);
      cell(row, e.dataset);
      cell(row, Object.values(e.tables || {}).reduce((a, b) => a + b, 0).toLocaleString());
      cell(row, e.requested_by || ""); cell(row, e.created_at);
      const action = cell(row, "");
      if (e.status === "ready" || e.status === "failed") {
        const b = document.createElement("button"); b.textContent = "Clean up";
        b.onclick = async () => {
          try { await api("POST", "/api/v1/cleanup/" + encodeURIComponent(e.execution_id)); refresh(); }
          catch (err) { say(err.message, true); }
        };
        action.appendChild(b);
      }
      body.appendChild(row);
    }
    if (list.executions === undefined) say(list.count + " executions (counts only for this role)");
  } catch (err) { say(err.message, true); }
}
async function loadDatasets() {
  try {
    const d = await api("GET", "/api/v1/datasets");
    const fill = (select, names) => {
      select.replaceChildren();
      for (const n of names) { const o = document.createElement("option"); o.textContent = n; select.appendChild(o); }
    };
    fill($("environment"), d.environments.length ? d.environments.map((e) => e.name) : ["local"]);
    fill($("dataset"), ["all"].concat(d.datasets.map((x) => x.name)));
  } catch (err) { say(err.message, true); }
}
$("save").onclick = () => { sessionStorage.setItem("tdm-token", $("token").value.trim()); say(""); loadDatasets(); refresh(); };
$("provision").onclick = async () => {
  const body = { environment: $("environment").value, dataset: $("dataset").value };
  if ($("count").value) body.count = Number($("count").value);
  try { const r = await api("POST", "/api/v1/test-data/provision", body); say("provisioning " + r.execution_id); refresh(); }
  catch (err) { say(err.message, true); }
};
loadDatasets(); refresh(); setInterval(refresh, 3000);
</script>
</body>
</html>
)html";
  return page;
}

}  // namespace tdm::server
