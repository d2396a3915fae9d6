// The status page's own style, markup and script (Chart.js is added beside them). Everything
// the script shows goes through textContent: no value from status.json is parsed as HTML.
#pragma once

#include <string_view>

namespace status {

inline constexpr std::string_view kStatusPageStyle = R"CSS(
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d2430; }
header { background: #1d2430; color: #fff; padding: 10px 20px; display: flex; gap: 20px;
  align-items: baseline; flex-wrap: wrap; }
header h1 { font-size: 18px; margin: 0; }
#conn[data-state="live"] { color: #7fdc8a; }
#conn[data-state="stale"], #conn[data-state="connecting"] { color: #ffb454; }
main { padding: 12px 20px; display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
section { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: 10px 14px;
  min-width: 0; }
section.wide { grid-column: 1 / -1; }
h2 { font-size: 15px; margin: 0 0 8px; }
.tiles { display: flex; gap: 12px; flex-wrap: wrap; grid-column: 1 / -1; background: none;
  border: none; padding: 0; }
.tile { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: 8px 14px;
  min-width: 130px; }
.tile b { display: block; font-size: 22px; }
.tile.alarm { border-color: #d62728; background: #fdecec; }
.chart { position: relative; height: 260px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #eceff3;
  vertical-align: top; }
th { color: #5a6473; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.active td:first-child { border-left: 3px solid #d62728; }
pre { margin: 4px 0; font-size: 12px; white-space: pre-wrap; word-break: break-all;
  max-width: 60em; }
.empty { color: #8a93a2; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
)CSS";

inline constexpr std::string_view kStatusPageBody = R"HTML(<header>
<h1>sipddos live status</h1>
<span id="meta">sensor -, model -</span>
<span>capture time <span id="capture-time">-</span></span>
<span id="conn" data-state="connecting">connecting</span>
</header>
<main id="status" data-updates="0">
<section class="tiles">
<div class="tile"><span>INVITE/s (last second)</span><b id="tile-rate">-</b></div>
<div class="tile" id="tile-active-box"><span>active attacks</span><b id="tile-active">-</b></div>
<div class="tile"><span>attacks ended</span><b id="tile-ended">-</b></div>
<div class="tile"><span>INVITEs seen</span><b id="tile-invites">-</b></div>
<div class="tile"><span>malicious windows</span><b id="tile-malicious">-</b></div>
</section>
<section><h2>INVITE rate (per second, last minutes)</h2>
<div class="chart"><canvas id="rate-chart" data-points="0" data-series="0"></canvas></div></section>
<section><h2>Window scores (max and mean per second, per server)</h2>
<div class="chart"><canvas id="score-chart" data-points="0" data-series="0"></canvas></div></section>
<section class="wide"><h2>Active alerts</h2>
<table id="active-alerts"><thead><tr><th>attack</th><th>server</th><th>started (UTC)</th>
<th>score</th><th>max score</th><th>INVITE/s</th><th>INVITEs</th><th>top sources</th>
<th>reason</th><th>EVE alert</th></tr></thead><tbody></tbody></table>
<p id="active-more" class="empty"></p></section>
<section class="wide"><h2>Recently ended attacks</h2>
<table id="ended-attacks"><thead><tr><th>attack</th><th>server</th><th>started (UTC)</th>
<th>last malicious (UTC)</th><th>duration s</th><th>INVITEs</th><th>max score</th>
<th>top sources</th><th>reason</th><th>EVE alert</th></tr></thead><tbody></tbody></table></section>
<section class="wide"><h2>Top INVITE sources <span id="sources-window" class="empty"></span></h2>
<table id="top-sources"><thead><tr><th>source</th><th>INVITEs</th></tr></thead><tbody></tbody>
</table></section>
</main>
)HTML";

inline constexpr std::string_view kStatusPageScript = R"JS(
(function () {
  'use strict';
  const palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b',
                   '#e377c2', '#17becf', '#7f7f7f'];
  const $ = (id) => document.getElementById(id);
  const pad = (n) => String(n).padStart(2, '0');
  const clock = (s) => { const d = new Date(s * 1000);
    return pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds()); };
  const isoTime = (iso) => (typeof iso === 'string' && iso.length >= 19) ? iso.substring(11, 19) : '';
  const fix = (v, d) => (typeof v === 'number') ? v.toFixed(d) : '';
  const baseOptions = (yTitle, yMax) => ({
    animation: false, responsive: true, maintainAspectRatio: false, normalized: true,
    interaction: { mode: 'index', intersect: false },
    elements: { point: { radius: 0 }, line: { borderWidth: 1.5 } },
    scales: { x: { ticks: { maxTicksLimit: 10, autoSkip: true } },
              y: { beginAtZero: true, max: yMax, title: { display: true, text: yTitle } } },
    plugins: { legend: { labels: { boxWidth: 12 } } } });
  const rateChart = new Chart($('rate-chart'), { type: 'line', data: { labels: [], datasets: [] },
    options: baseOptions('INVITE/s') });
  const scoreChart = new Chart($('score-chart'), { type: 'line', data: { labels: [], datasets: [] },
    options: baseOptions('window score', 1) });

  function setSeries(chart, canvas, labels, series) {
    chart.data.labels = labels;
    chart.data.datasets = series;
    chart.update('none');
    let points = 0;
    for (const s of series) if (!s.isReference) points += s.data.filter((v) => v !== null).length;
    canvas.dataset.points = String(points);
    canvas.dataset.series = String(series.filter((s) => !s.isReference).length);
  }

  function cell(tr, text, cls) {
    const td = document.createElement('td');
    td.textContent = text === undefined || text === null ? '' : String(text);
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }
  function sourcesText(list) {
    if (!Array.isArray(list)) return '';
    return list.map((s) => s.ip + ' (' + s.invites + ')').join(', ');
  }
  function reasonText(sd) {
    // Whatever the detector says about why (a string, a list or an object).
    const r = sd.reason !== undefined ? sd.reason : sd.reasons;
    if (r === undefined || r === null) return '';
    return typeof r === 'string' ? r : JSON.stringify(r);
  }
  function eveCell(tr, eve) {
    const td = document.createElement('td');
    const det = document.createElement('details');
    const sum = document.createElement('summary');
    sum.textContent = 'EVE';
    const pre = document.createElement('pre');
    pre.textContent = JSON.stringify(eve, null, 1);
    det.appendChild(sum);
    det.appendChild(pre);
    td.appendChild(det);
    tr.appendChild(td);
  }
  function alertRow(eve, ended) {
    const sd = eve.sipddos || {};
    const tr = document.createElement('tr');
    const server = (String(eve.dest_ip || '').includes(':') ? '[' + eve.dest_ip + ']' : eve.dest_ip) +
                   ':' + eve.dest_port;
    tr.className = ended ? 'ended' : 'active';
    tr.dataset.attackId = String(sd.attack_id);
    tr.dataset.server = server;
    tr.dataset.phase = String(sd.phase);
    cell(tr, sd.attack_id, 'num');
    cell(tr, server);
    cell(tr, isoTime(sd.started));
    if (ended) {
      cell(tr, isoTime(sd.last_malicious));
      cell(tr, fix(sd.duration_s, 1), 'num');
      cell(tr, sd.invites, 'num');
      cell(tr, fix(sd.max_score, 3), 'num');
    } else {
      cell(tr, fix(sd.score, 3), 'num');
      cell(tr, fix(sd.max_score, 3), 'num');
      cell(tr, fix(sd.invite_rate, 0), 'num');
      cell(tr, sd.invites, 'num');
    }
    cell(tr, sourcesText(sd.top_sources));
    cell(tr, reasonText(sd));
    eveCell(tr, eve);
    return tr;
  }
  function fillTable(id, rows, empty, columns) {
    const body = $(id).tBodies[0];
    body.replaceChildren();
    for (const r of rows) body.appendChild(r);
    if (rows.length === 0) {
      const tr = document.createElement('tr');
      const td = cell(tr, empty, 'empty');
      td.colSpan = columns;
      body.appendChild(tr);
    }
  }

  function render(s) {
    $('meta').textContent = 'sensor ' + s.sensor + ', model ' + s.model + ', threshold ' +
                            fix(s.threshold, 3);
    $('capture-time').textContent = s.capture_time ? s.capture_time.substring(0, 19) + ' UTC' : '-';
    const labels = s.t.map(clock);
    const rate = [{ label: 'all servers', data: s.invite_rate, borderColor: '#1d2430',
                    backgroundColor: '#1d2430', borderWidth: 2 }];
    const scores = [];
    s.servers.forEach((srv, i) => {
      const c = palette[i % palette.length];
      rate.push({ label: srv.server, data: srv.invites, borderColor: c, backgroundColor: c });
      scores.push({ label: srv.server + ' max', data: srv.max_score, borderColor: c,
                    backgroundColor: c, spanGaps: false });
      scores.push({ label: srv.server + ' mean', data: srv.mean_score, borderColor: c,
                    backgroundColor: c, borderDash: [4, 3], spanGaps: false });
    });
    scores.push({ label: 'threshold', data: s.t.map(() => s.threshold), borderColor: '#888',
                  backgroundColor: '#888', borderDash: [2, 2], borderWidth: 1, isReference: true });
    setSeries(rateChart, $('rate-chart'), labels, rate);
    setSeries(scoreChart, $('score-chart'), labels, scores);

    const n = s.invite_rate.length;
    $('tile-rate').textContent = n ? String(s.invite_rate[n - 1]) : '0';
    const active = s.active_alerts.length + s.active_alerts_not_shown;
    $('tile-active').textContent = String(active);
    $('tile-active-box').className = active > 0 ? 'tile alarm' : 'tile';
    $('tile-ended').textContent = String(s.attacks_ended);
    $('tile-invites').textContent = String(s.totals.invites);
    $('tile-malicious').textContent = s.totals.windows_malicious !== undefined
        ? String(s.totals.windows_malicious) : '-';

    fillTable('active-alerts', s.active_alerts.map((e) => alertRow(e, false)),
              'no active attack', 10);
    $('active-more').textContent = s.active_alerts_not_shown > 0
        ? s.active_alerts_not_shown + ' more active attacks (see the EVE log)' : '';
    fillTable('ended-attacks', s.recent_attacks.map((e) => alertRow(e, true)),
              'no attack ended yet', 10);
    fillTable('top-sources', s.top_sources.map((src) => {
      const tr = document.createElement('tr');
      tr.dataset.source = src.ip;
      cell(tr, src.ip);
      cell(tr, src.invites, 'num');
      return tr;
    }), 'no INVITE yet', 2);
    $('sources-window').textContent = '(last ' + s.top_sources_window_s + ' s at most, ~' +
                                      s.new_sources + ' new sources)';
  }

  let busy = false;
  async function refresh() {
    if (busy) return;
    busy = true;
    try {
      const r = await fetch('status.json', { cache: 'no-store' });
      if (!r.ok) throw new Error('HTTP ' + r.status);
      render(await r.json());
      const main = $('status');
      main.dataset.updates = String(Number(main.dataset.updates) + 1);
      $('conn').dataset.state = 'live';
      $('conn').textContent = 'live, updated ' + new Date().toISOString().substring(11, 19) + ' UTC';
    } catch (e) {
      $('conn').dataset.state = 'stale';
      $('conn').textContent = 'no answer from sipddos (retrying)';
    } finally {
      busy = false;
    }
  }
  refresh();
  setInterval(refresh, 1000);
})();
)JS";

}  // namespace status
