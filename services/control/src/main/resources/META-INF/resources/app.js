// Latent Lab dashboard: plain JS, no build step, no external resources.
(function () {
  'use strict';

  const TERMINAL = ['COMPLETED', 'FAILED', 'CANCELLED', 'REJECTED'];
  const $ = (sel) => document.querySelector(sel);
  const state = { runId: null, source: null, run: null, jobs: new Map(), reportFor: null, listTimer: null, pollTimer: null };

  // ------------------------------------------------------------------ helpers
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === undefined || v === null) return;
      if (k === 'class') node.className = v; else if (k === 'text') node.textContent = v; else node.setAttribute(k, v);
    });
    children.forEach((c) => node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
    return node;
  }
  const fmt = (x, digits) => (x === null || x === undefined || Number.isNaN(x)) ? '' : Number(x).toFixed(digits);
  const pct = (x) => (x === null || x === undefined) ? '' : (100 * x).toFixed(2) + ' %';
  function time(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }
  function duration(a, b) {
    if (!a) return '';
    const ms = (b ? new Date(b) : new Date()) - new Date(a);
    if (ms < 0) return '';
    const s = Math.round(ms / 1000);
    return s < 90 ? s + ' s' : Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  }
  const jobKey = (job) => job.stage + '/' + job.jobId;
  const statusBadge = (status) => el('span', { class: 'status ' + status, text: status });
  async function getJson(url) {
    const res = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!res.ok) { const e = new Error(url + ' answered ' + res.status); e.status = res.status; throw e; }
    return res.json();
  }

  // ------------------------------------------------------------------ routing
  function route() {
    const m = location.hash.match(/^#\/runs\/([A-Za-z0-9._-]+)/);
    stopRun();
    if (m) { showRun(decodeURIComponent(m[1])); } else { showHome(); }
  }
  window.addEventListener('hashchange', route);

  // ------------------------------------------------------------------ home: form + runs list
  function showHome() {
    $('#home-view').hidden = false;
    $('#run-view').hidden = true;
    document.title = 'Latent Lab';
    refreshList();
    state.listTimer = setInterval(refreshList, 2000);
  }

  async function refreshList() {
    try {
      const runs = await getJson('/api/runs');
      const body = $('#runs-table tbody');
      body.replaceChildren(...runs.map((r) => {
        const c = r.counts || {};
        const planned = (c.reducerJobs || 0) + (c.classifierJobs || 0);
        const jobs = `${c.finished + c.skipped}/${Math.max(planned, c.jobs)} done` + (c.running ? `, ${c.running} running` : '') + (c.failed ? `, ${c.failed} failed` : '');
        return el('tr', { 'data-run': r.runId },
          el('td', {}, el('a', { href: '#/runs/' + encodeURIComponent(r.runId), text: r.runId })),
          el('td', { text: r.profile || '' }),
          el('td', {}, statusBadge(r.status)),
          el('td', { text: time(r.startedAt) }),
          el('td', { text: jobs }));
      }));
      $('#runs-empty').hidden = runs.length > 0;
      $('#runs-updated').textContent = '· updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      $('#runs-updated').textContent = '· ' + e.message;
    }
  }

  $('#submit-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const msg = $('#submit-message');
    msg.className = 'message';
    msg.textContent = 'submitting…';
    const request = { profile: $('#profile').value };
    const seed = $('#seed').value.trim();
    if (seed !== '') request.seed = Number(seed);
    try {
      const res = await fetch('/api/runs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) });
      const body = await res.json();
      if (res.status !== 202) throw new Error(body.error || ('answered ' + res.status));
      msg.textContent = 'submitted ' + body.runId;
      location.hash = '#/runs/' + encodeURIComponent(body.runId);
    } catch (e) {
      msg.className = 'message error';
      msg.textContent = e.message;
    }
  });

  // ------------------------------------------------------------------ run page
  function showRun(runId) {
    state.runId = runId;
    state.run = null;
    state.jobs = new Map();
    state.reportFor = null;
    $('#home-view').hidden = true;
    $('#run-view').hidden = false;
    $('#run-id').textContent = runId;
    $('#run-status').replaceWith(Object.assign(statusBadge('QUEUED'), { id: 'run-status' }));
    $('#run-meta').textContent = 'waiting for the run to appear on Kafka…';
    $('#run-reasons').replaceChildren();
    $('#jobs-table tbody').replaceChildren();
    $('#curves').replaceChildren();
    $('#report-panel').hidden = true;
    $('#cancel-button').hidden = true;
    document.title = runId + ' · Latent Lab';
    connect(runId);
  }

  function connect(runId) {
    const source = new EventSource('/api/runs/' + encodeURIComponent(runId) + '/events');
    state.source = source;
    source.onopen = () => $('#run-live').classList.add('on');
    source.onerror = () => $('#run-live').classList.remove('on'); // EventSource reconnects by itself
    source.addEventListener('run', (e) => onRun(JSON.parse(e.data)));
    source.addEventListener('job', (e) => onJob(JSON.parse(e.data)));
    // the durations of running jobs keep moving between events
    state.pollTimer = setInterval(() => { if (state.run && !TERMINAL.includes(state.run.status)) renderJobs(); }, 1000);
  }

  function stopRun() {
    if (state.source) { state.source.close(); state.source = null; }
    if (state.listTimer) { clearInterval(state.listTimer); state.listTimer = null; }
    if (state.pollTimer) { clearInterval(state.pollTimer); state.pollTimer = null; }
    state.runId = null;
    $('#run-live').classList.remove('on');
  }

  function onRun(run) {
    if (run.runId !== state.runId) return;
    state.run = run;
    state.jobs = new Map(run.jobs.map((j) => [jobKey(j), j]));
    renderRun();
    renderJobs();
    renderCurves();
    if (run.status === 'COMPLETED' && state.reportFor !== run.runId) loadReport(run.runId);
  }

  function onJob(job) {
    state.jobs.set(jobKey(job), job);
    renderJobs();
    renderCurve(job);
  }

  function renderRun() {
    const run = state.run;
    $('#run-status').replaceWith(Object.assign(statusBadge(run.status), { id: 'run-status' }));
    const c = run.counts;
    const parts = [];
    if (run.profile) parts.push('profile ' + run.profile);
    if (run.seed !== null && run.seed !== undefined) parts.push('seed ' + run.seed);
    if (run.startedAt) parts.push('started ' + time(run.startedAt));
    if (run.finishedAt) parts.push('finished ' + time(run.finishedAt) + ' (' + duration(run.startedAt, run.finishedAt) + ')');
    if (c.reducerJobs || c.classifierJobs) parts.push(c.reducerJobs + ' reducer jobs, ' + c.classifierJobs + ' classifier jobs');
    $('#run-meta').textContent = parts.join(' · ');
    $('#run-reasons').replaceChildren(...run.reasons.map((r) => el('li', { text: r })));
    $('#cancel-button').hidden = TERMINAL.includes(run.status);
  }

  function renderJobs() {
    const jobs = [...state.jobs.values()];
    const rows = jobs.map((j) => {
      const ratio = j.maxEpochs ? Math.min(1, j.epoch / j.maxEpochs) : 0;
      const epochCell = el('td', { class: 'num epoch' }, j.maxEpochs || j.epoch ? `${j.epoch}/${j.maxEpochs || '?'}` : '');
      if (j.maxEpochs && j.status === 'RUNNING') {
        const bar = el('span', { class: 'progress' }, el('span', { style: 'width:' + (100 * ratio).toFixed(0) + '%' }));
        epochCell.append(bar);
      }
      return el('tr', { 'data-job': jobKey(j), 'data-status': j.status },
        el('td', { text: j.stage }),
        el('td', { class: 'job', text: j.jobId }),
        el('td', { class: 'job-status' }, statusBadge(j.status)),
        epochCell,
        el('td', { class: 'num loss', text: fmt(j.loss, 4) }),
        el('td', { class: 'num val-loss', text: fmt(j.valLoss, 4) }),
        el('td', { class: 'num', text: duration(j.startedAt, j.finishedAt) }),
        el('td', { class: 'note', text: j.error || j.message || '' }));
    });
    $('#jobs-table tbody').replaceChildren(...rows);
    $('#jobs-empty').hidden = rows.length > 0;
  }

  // ------------------------------------------------------------------ learning curves (canvas)
  function renderCurves() {
    $('#curves').replaceChildren();
    state.jobs.forEach((job) => renderCurve(job));
  }

  function renderCurve(job) {
    if (!job.curve || job.curve.length === 0) return;
    const id = 'curve-' + jobKey(job).replace(/[^A-Za-z0-9_-]/g, '_');
    let box = document.getElementById(id);
    if (!box) {
      box = el('div', { class: 'curve', id, 'data-job': jobKey(job) },
        el('div', { class: 'title' }, el('span', { text: job.jobId }), el('span', { class: 'muted points' })),
        el('canvas', {}));
      $('#curves').append(box);
    }
    box.querySelector('.points').textContent = job.curve.length + (job.maxEpochs ? '/' + job.maxEpochs : '') + ' epochs';
    draw(box.querySelector('canvas'), job);
  }

  function draw(canvas, job) {
    // draw in CSS pixels on a backing store of the box's size times the device pixel ratio: no stretching
    const box = canvas.getBoundingClientRect(), dpr = window.devicePixelRatio || 1;
    const W = Math.max(120, Math.round(box.width)), H = Math.max(80, Math.round(box.height));
    if (canvas.width !== Math.round(W * dpr) || canvas.height !== Math.round(H * dpr)) {
      canvas.width = Math.round(W * dpr);
      canvas.height = Math.round(H * dpr);
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const pad = { l: 40, r: 8, t: 10, b: 16 };
    ctx.clearRect(0, 0, W, H);
    const pts = job.curve;
    const xs = pts.map((p) => p.epoch);
    const ys = pts.flatMap((p) => [p.loss, p.valLoss]).filter((v) => Number.isFinite(v) && v > 0);
    if (ys.length === 0) return;
    const xMax = Math.max(job.maxEpochs || 0, ...xs, 2), xMin = 1;
    let yMin = Math.min(...ys), yMax = Math.max(...ys);
    if (yMax - yMin < 1e-9) { yMax += 0.5 * (yMax || 1); yMin = Math.max(0, yMin - 0.5 * (yMin || 1)); }
    const X = (e) => pad.l + (W - pad.l - pad.r) * (e - xMin) / (xMax - xMin);
    const Y = (v) => pad.t + (H - pad.t - pad.b) * (1 - (v - yMin) / (yMax - yMin));
    ctx.strokeStyle = '#e1e4ea'; ctx.fillStyle = '#6b7385'; ctx.lineWidth = 1; ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'middle'; ctx.textAlign = 'right';
    for (let i = 0; i <= 3; i++) {
      const v = yMin + (yMax - yMin) * i / 3, y = Y(v);
      ctx.beginPath(); ctx.moveTo(pad.l, y); ctx.lineTo(W - pad.r, y); ctx.stroke();
      ctx.fillText(v.toFixed(3), pad.l - 4, y);
    }
    ctx.textBaseline = 'bottom'; ctx.textAlign = 'center';
    ctx.fillText('1', X(1), H - 2);
    ctx.fillText('epoch', (pad.l + W - pad.r) / 2, H - 2);
    ctx.fillText(String(xMax), X(xMax), H - 2);
    const line = (key, color) => {
      const ps = pts.filter((p) => Number.isFinite(p[key]) && p[key] > 0);
      if (ps.length === 0) return;
      ctx.strokeStyle = color; ctx.fillStyle = color; ctx.lineWidth = 1.5;
      ctx.beginPath();
      ps.forEach((p, i) => (i ? ctx.lineTo(X(p.epoch), Y(p[key])) : ctx.moveTo(X(p.epoch), Y(p[key]))));
      ctx.stroke();
      ps.forEach((p) => { ctx.beginPath(); ctx.arc(X(p.epoch), Y(p[key]), 2, 0, 2 * Math.PI); ctx.fill(); });
    };
    line('loss', '#2f6fde');
    line('valLoss', '#e0742a');
  }

  // ------------------------------------------------------------------ report
  async function loadReport(runId) {
    state.reportFor = runId;
    let report;
    try {
      report = await getJson('/api/runs/' + encodeURIComponent(runId) + '/report');
    } catch (e) {
      state.reportFor = null; // not in the store yet: try again on the next run event or in 2 s
      setTimeout(() => { if (state.runId === runId && state.reportFor !== runId) loadReport(runId); }, 2000);
      return;
    }
    if (state.runId !== runId) return;
    const rows = Array.isArray(report.rows) ? report.rows : [];
    const best = rows.reduce((b, r) => (b === null || (r.valAccuracy || 0) > (b.valAccuracy || 0) ? r : b), null);
    $('#report-rows tbody').replaceChildren(...rows.map((r) => reportRow(r, r === best)));
    const overall = Array.isArray(report.overall) ? report.overall : [];
    $('#report-overall tbody').replaceChildren(...overall.map((r) => reportRow(r, false)));
    $('#report-overall-block').hidden = overall.length === 0;
    const meta = [];
    if (report.dataset) meta.push(`dataset ${report.dataset.train}/${report.dataset.val}/${report.dataset.test} train/val/test images`);
    if (report.codeVersion) meta.push('code ' + report.codeVersion);
    meta.push(rows.length + ' classifiers');
    $('#report-meta').textContent = meta.join(' · ');
    const base = '/api/runs/' + encodeURIComponent(runId) + '/artifacts/';
    $('#report-json-link').href = base + 'report.json';
    $('#report-md-link').href = base + 'report.md';
    $('#report-html-link').href = base + 'report.html';
    $('#report-pictures').replaceChildren(...pictures(report, runId).map((p) =>
      el('figure', {}, el('img', { src: p.url || base + p.path.split('/').map(encodeURIComponent).join('/'), alt: p.title }),
        el('figcaption', { text: p.title }))));
    $('#report-panel').hidden = false;
  }

  function reportRow(r, best) {
    const recon = r.reconMse && typeof r.reconMse === 'object' ? r.reconMse.test : r.reconMse;
    return el('tr', { class: best ? 'best' : null },
      el('td', { text: r.reducer }),
      el('td', { class: 'num', text: r.k }),
      el('td', { text: r.arch }),
      el('td', { class: 'num val-acc', text: pct(r.valAccuracy) }),
      el('td', { class: 'num test-acc', text: pct(r.testAccuracy) }),
      el('td', { class: 'num', text: recon === undefined || recon === null ? '—' : fmt(recon, 5) }),
      el('td', { class: 'num', text: r.epochs }),
      el('td', { class: 'num', text: fmt(r.trainSeconds, 1) }));
  }

  // "pictures": ["confusion.png", ...] or [{"path"|"key"|"file": ..., "title"|"caption": ...}], relative to the run
  // Named pictures (the evaluator's) are served by name; learning curves are drawn live above, so not repeated.
  function pictures(report, runId) {
    const list = Array.isArray(report.pictures) ? report.pictures : [];
    const prefix = 'runs/' + runId + '/';
    return list.map((p) => {
      if (p && p.name && p.key) {
        if (p.name.startsWith('curve-')) return null;
        return { url: '/api/runs/' + encodeURIComponent(runId) + '/pictures/' + encodeURIComponent(p.name),
          path: p.name + '.png', title: p.caption || p.name };
      }
      let path = typeof p === 'string' ? p : (p.path || p.key || p.file || p.name);
      if (!path) return null;
      if (path.startsWith(prefix)) path = path.substring(prefix.length);
      const title = typeof p === 'string' ? path : (p.title || p.caption || path);
      return { path, title };
    }).filter((p) => p && /\.png$/i.test(p.path));
  }

  $('#cancel-button').addEventListener('click', async () => {
    if (!state.runId || !confirm('Cancel run ' + state.runId + '?')) return;
    const res = await fetch('/api/runs/' + encodeURIComponent(state.runId), { method: 'DELETE' });
    if (res.status !== 202) { const b = await res.json().catch(() => ({})); alert(b.error || ('answered ' + res.status)); }
  });

  window.addEventListener('resize', () => { if (state.run) renderCurves(); });
  route();
})();
