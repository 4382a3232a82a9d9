// Latent Lab dashboard: plain JS, no build step, no external resources.
(function () {
  'use strict';

  const TERMINAL = ['COMPLETED', 'FAILED', 'CANCELLED', 'REJECTED'];
  // a STALLED run (no job has made progress for latentlab.control.stall-seconds) is retried as a failed one
  const RETRYABLE = ['FAILED', 'STALLED'];
  const $ = (sel) => document.querySelector(sel);
  const state = { runId: null, source: null, run: null, jobs: new Map(), reportFor: null, listTimer: null, pollTimer: null, picked: [] };

  // ------------------------------------------------------------------ helpers
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === undefined || v === null) return;
      // style through the CSSOM: the Content-Security-Policy (style-src 'self') refuses style attributes
      if (k === 'class') node.className = v; else if (k === 'text') node.textContent = v;
      else if (k === 'style') node.style.cssText = v; else node.setAttribute(k, v);
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
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // ------------------------------------------------------------------ the API token
  // Where it is kept: token.js (shared with the draw page). A 401 opens the token panel.
  const token = {
    get: () => window.LatentLabToken.get(),
    set: (t) => { window.LatentLabToken.set(t); showTokenState(); },
  };
  let tokenWaiters = [];
  function showTokenState() {
    $('#token-button').classList.toggle('set', !!token.get());
    $('#token-button').title = token.get() ? 'an API token is set (click to change it)' : 'no API token set';
  }
  function askToken(message) {
    $('#token-panel').hidden = false;
    $('#token-message').className = 'message error';
    $('#token-message').textContent = message || '';
    $('#token-input').focus();
  }
  function waitForToken() { return new Promise((resolve) => tokenWaiters.push(resolve)); }
  $('#token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const t = $('#token-input').value.trim();
    if (!t) return;
    token.set(t);
    $('#token-input').value = '';
    $('#token-panel').hidden = true;
    const waiters = tokenWaiters; tokenWaiters = [];
    waiters.forEach((w) => w());
  });
  $('#token-clear').addEventListener('click', () => { token.set(''); $('#token-message').className = 'message'; $('#token-message').textContent = 'token forgotten'; });
  $('#token-close').addEventListener('click', () => {
    $('#token-panel').hidden = true;
    const waiters = tokenWaiters; tokenWaiters = [];
    waiters.forEach((w) => w());
  });
  $('#token-button').addEventListener('click', () => {
    const panel = $('#token-panel');
    panel.hidden = !panel.hidden;
    if (!panel.hidden) { $('#token-message').className = 'message'; $('#token-message').textContent = token.get() ? 'a token is set' : ''; $('#token-input').focus(); }
  });
  // ./latentlab up prints http://127.0.0.1:8080/#token=...: the fragment never leaves the browser (taken on
  // load and on every hash change, then replaced by the runs list's #/)
  function tokenFromUrl() {
    const m = location.hash.match(/^#token=([^&]+)/);
    if (m) {
      token.set(decodeURIComponent(m[1]));
      history.replaceState(null, '', location.pathname + location.search + '#/');
    }
  }
  tokenFromUrl();

  function authHeaders(headers) {
    const h = Object.assign({}, headers || {});
    const t = token.get();
    if (t) h.Authorization = 'Bearer ' + t;
    return h;
  }
  /** fetch() with the token; a 401 or 403 also says what to do about it. */
  async function api(url, options) {
    const opts = Object.assign({}, options || {});
    opts.headers = authHeaders(opts.headers);
    const res = await fetch(url, opts);
    if (res.status === 401) askToken(token.get() ? 'the API refused this token: enter the right one' : 'this needs the API token');
    if (res.status === 403) askToken('this token may only read: starting, cancelling and retrying runs need the write token');
    return res;
  }
  async function getJson(url) {
    const res = await api(url, { headers: { Accept: 'application/json' } });
    if (!res.ok) { const e = new Error(url + ' answered ' + res.status); e.status = res.status; throw e; }
    return res.json();
  }
  async function errorOf(res) {
    const body = await res.json().catch(() => ({}));
    return body.error || ('answered ' + res.status);
  }
  /** An image or a file of the API: fetched with the token when one is set (reads may be closed). */
  async function blobUrl(url) {
    const res = await api(url);
    if (!res.ok) throw new Error(url + ' answered ' + res.status);
    return URL.createObjectURL(await res.blob());
  }
  function setImage(img, url) {
    if (!token.get()) { img.src = url; return; }
    blobUrl(url).then((u) => { img.src = u; }).catch(() => { img.src = url; });
  }
  // report.json, report.md and report.csv, fetched with the token, open as plain text: a blob shares the dashboard's origin,
  // so nothing of the store is ever rendered as a document there
  function openAuthed(ev) {
    if (!token.get()) return; // a plain link: reads are open
    ev.preventDefault();
    const win = window.open('', '_blank');
    api(ev.currentTarget.href).then(async (res) => {
      if (!res.ok) throw new Error(ev.currentTarget.href + ' answered ' + res.status);
      const u = URL.createObjectURL(new Blob([await res.arrayBuffer()], { type: 'text/plain; charset=utf-8' }));
      if (win) win.location = u; else location = u;
    }).catch((e) => { if (win) win.close(); alert(e.message); });
  }
  // report.html is never a blob of this origin (its scripts could read the token): it opens from its URL, where
  // the API's Content-Security-Policy makes it a sandboxed document of no origin. Where reads are closed the
  // URL answers 401 without the token: then it is fetched with the token and shown in a sandboxed frame.
  function openReport(ev) {
    if (!token.get()) return; // a plain link (rel=noopener): reads are open
    ev.preventDefault();
    const url = ev.currentTarget.href;
    const win = window.open('', '_blank');
    if (!win) { alert('allow pop-ups to open the report'); return; }
    win.opener = null;
    fetch(url, { method: 'HEAD', cache: 'no-store' }).then(async (open) => {
      if (open.ok) { win.location = url; return; }
      const res = await api(url);
      if (!res.ok) throw new Error(url + ' answered ' + res.status);
      const frame = win.document.createElement('iframe');
      frame.setAttribute('sandbox', '');
      frame.srcdoc = await res.text();
      frame.style.cssText = 'border:0;width:100%;height:100vh';
      win.document.title = 'report.html';
      win.document.body.replaceChildren(frame);
    }).catch((e) => { win.close(); alert(e.message); });
  }
  ['#report-json-link', '#report-md-link', '#report-csv-link'].forEach((id) => $(id).addEventListener('click', openAuthed));
  $('#report-html-link').addEventListener('click', openReport);
  fetch('/q/swagger-ui/', { method: 'HEAD' }).then((r) => { $('#swagger-link').hidden = !r.ok; }).catch(() => {});
  showTokenState();

  // ------------------------------------------------------------------ routing
  function route() {
    tokenFromUrl();
    const m = location.hash.match(/^#\/runs\/([A-Za-z0-9._-]+)/);
    const c = location.hash.match(/^#\/compare(?:\?runs=([^&]*))?/);
    stopRun();
    if (m) { showRun(decodeURIComponent(m[1])); } else if (c) { showCompare(c[1] ? decodeURIComponent(c[1]) : ''); } else { showHome(); }
  }
  window.addEventListener('hashchange', route);

  // ------------------------------------------------------------------ home: form + runs list
  function showHome() {
    $('#home-view').hidden = false;
    $('#run-view').hidden = true;
    $('#compare-view').hidden = true;
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
        const jobs = `${c.finished + c.skipped}/${Math.max(planned, c.jobs)} done` + (c.cached ? ` (${c.cached} cached)` : '') + (c.running ? `, ${c.running} running` : '') + (c.failed ? `, ${c.failed} failed` : '');
        const pick = el('input', { type: 'checkbox', class: 'pick-run', 'data-run': r.runId, title: r.status === 'COMPLETED' ? 'compare this run' : 'only completed runs can be compared' });
        pick.checked = state.picked.includes(r.runId);
        pick.disabled = r.status !== 'COMPLETED';
        pick.addEventListener('change', () => {
          state.picked = state.picked.filter((id) => id !== r.runId);
          if (pick.checked) state.picked.push(r.runId);
          $('#compare-button').disabled = state.picked.length < 2;
        });
        return el('tr', { 'data-run': r.runId },
          el('td', { class: 'pick' }, pick),
          el('td', {}, el('a', { href: '#/runs/' + encodeURIComponent(r.runId), text: r.runId })),
          el('td', { text: r.profile || '' }),
          el('td', { class: 'run-status', title: r.stall ? r.stall.reason : '' }, statusBadge(r.status), r.attempt > 1 ? el('span', { class: 'muted', text: ' attempt ' + r.attempt }) : '',
            r.stall ? el('span', { class: 'muted stall-since', text: ' no progress since ' + time(r.stall.lastProgressAt) }) : ''),
          el('td', { text: time(r.startedAt) }),
          el('td', { text: jobs }));
      }));
      $('#runs-empty').hidden = runs.length > 0;
      $('#compare-button').disabled = state.picked.length < 2;
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
      let res = await api('/api/runs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) });
      if (res.status === 401 || res.status === 403) {
        msg.textContent = 'waiting for the API token…';
        await waitForToken();
        msg.textContent = 'submitting…';
        res = await api('/api/runs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) });
      }
      if (res.status !== 202) throw new Error(await errorOf(res));
      const body = await res.json();
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
    state.shownStatus = null;
    state.shownAttempt = null;
    $('#home-view').hidden = true;
    $('#compare-view').hidden = true;
    $('#run-view').hidden = false;
    $('#run-id').textContent = runId;
    $('#run-status').replaceWith(Object.assign(statusBadge('QUEUED'), { id: 'run-status' }));
    $('#run-meta').textContent = 'waiting for the run to appear on Kafka…';
    $('#run-reasons').replaceChildren();
    $('#jobs-table tbody').replaceChildren();
    $('#curves').replaceChildren();
    $('#timeline').removeAttribute('src');
    state.timelineAt = null;
    $('#report-panel').hidden = true;
    $('#cancel-button').hidden = true;
    $('#retry-button').hidden = true;
    $('#run-failure').hidden = true;
    $('#run-history').hidden = true;
    $('#run-message').textContent = '';
    document.title = runId + ' · Latent Lab';
    connect(runId);
  }

  // The live feed (text/event-stream) read with fetch(), not EventSource: EventSource cannot send the
  // token, and a deployment may close reads. Reconnects after 2 s, as EventSource would.
  function connect(runId) {
    const control = new AbortController();
    state.source = control;
    follow(runId, control);
    // the durations of running jobs keep moving between events
    state.pollTimer = setInterval(() => { if (state.run && !TERMINAL.includes(state.run.status)) renderJobs(); }, 1000);
  }

  async function follow(runId, control) {
    const url = '/api/runs/' + encodeURIComponent(runId) + '/events';
    while (!control.signal.aborted) {
      try {
        const res = await fetch(url, { headers: authHeaders({ Accept: 'text/event-stream' }), signal: control.signal, cache: 'no-store' });
        if (res.status === 401 || res.status === 403) {
          askToken('reading runs needs the API token here');
          await waitForToken();
          continue;
        }
        if (!res.ok || !res.body) throw new Error(url + ' answered ' + res.status);
        $('#run-live').classList.add('on');
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
            dispatch(block);
          }
        }
      } catch (e) {
        if (control.signal.aborted) return;
      }
      $('#run-live').classList.remove('on');
      await sleep(2000);
    }
  }

  function dispatch(block) {
    let name = 'message';
    const data = [];
    block.split(/\r?\n/).forEach((line) => {
      if (line === '' || line.startsWith(':')) return; // comments: keep-alives
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') name = value; else if (field === 'data') data.push(value);
    });
    if (data.length === 0) return;
    const payload = JSON.parse(data.join('\n'));
    if (name === 'run') onRun(payload); else if (name === 'job') onJob(payload);
  }

  function stopRun() {
    if (state.source) { state.source.abort(); state.source = null; }
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
    renderTimeline(true);
    if (run.status === 'COMPLETED' && state.reportFor !== run.runId) loadReport(run.runId);
  }

  function onJob(job) {
    state.jobs.set(jobKey(job), job);
    renderJobs();
    renderCurve(job);
    renderTimeline();
  }

  /** The timeline SVG (drawn by the control service), at most every 3 s while jobs change, and on every run event. */
  function renderTimeline(now) {
    if (!state.runId) return;
    const due = now || !state.timelineAt || Date.now() - state.timelineAt > 3000;
    if (!due) {
      if (!state.timelineTimer) state.timelineTimer = setTimeout(() => { state.timelineTimer = null; renderTimeline(true); }, 3000);
      return;
    }
    state.timelineAt = Date.now();
    setImage($('#timeline'), '/api/runs/' + encodeURIComponent(state.runId) + '/timeline.svg?at=' + state.timelineAt);
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
    if (c.cached) parts.push(c.cached + ' jobs cached');
    if (run.attempt > 1) parts.push('attempt ' + run.attempt);
    $('#run-meta').textContent = parts.join(' · ');
    const f = run.failure;
    // a failure is shown with its job below; other reasons (rejection, cancellation) as a list
    $('#run-reasons').replaceChildren(...(f ? [] : run.reasons).map((r) => el('li', { text: r })));
    $('#run-failure').hidden = !f && !run.stall;
    if (f) {
      $('#run-failure').textContent = 'Attempt ' + f.attempt + ' failed' + (f.jobId ? ' in job ' + f.jobId + (f.stage ? ' (' + f.stage + ')' : '') : '') + ': ' + f.reason;
    } else if (run.stall) {
      $('#run-failure').textContent = 'Stalled since ' + time(run.stall.stalledAt) + ': ' + run.stall.reason;
    }
    const history = run.previousFailures || [];
    $('#run-history').hidden = history.length === 0;
    $('#run-history').replaceChildren(...history.map((h) => el('li', { text: 'attempt ' + h.attempt + ' failed' + (h.jobId ? ' in ' + h.jobId : '') + ': ' + h.reason })));
    $('#cancel-button').hidden = TERMINAL.includes(run.status);
    $('#retry-button').hidden = !RETRYABLE.includes(run.status);
    if (!RETRYABLE.includes(run.status)) $('#retry-button').disabled = false;
    if (state.shownAttempt && run.attempt > state.shownAttempt) $('#run-message').textContent = 'retried: attempt ' + run.attempt + ' runs';
    else if (state.shownStatus === 'STALLED' && run.status === 'RUNNING') $('#run-message').textContent = 'progressing again';
    state.shownAttempt = run.attempt;
    state.shownStatus = run.status;
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
      const cached = j.status === 'SKIPPED' && j.cachedFrom;
      const notes = [];
      if (cached) notes.push(el('span', { class: 'cached' }, 'cached, trained by run ',
        j.cachedFrom === state.runId ? 'this run' : el('a', { href: '#/runs/' + encodeURIComponent(j.cachedFrom), text: j.cachedFrom })));
      if (j.resumedFromEpoch !== null && j.resumedFromEpoch !== undefined) notes.push(el('span', { class: 'resumed', text: 'resumed at epoch ' + j.resumedFromEpoch }));
      const text = j.error || j.message || '';
      if (text && !(j.resumedFromEpoch !== null && j.resumedFromEpoch !== undefined && /^resumed/i.test(text))) notes.push(text);
      const note = el('td', { class: 'note' });
      notes.forEach((n, i) => { if (i) note.append(' · '); note.append(n instanceof Node ? n : document.createTextNode(n)); });
      return el('tr', { 'data-job': jobKey(j), 'data-status': j.status, 'data-cached-from': j.cachedFrom, 'data-resumed-from': j.resumedFromEpoch },
        el('td', { text: j.stage }),
        el('td', { class: 'job', text: j.jobId }),
        el('td', { class: 'job-status' }, statusBadge(cached ? 'CACHED' : j.status)),
        epochCell,
        el('td', { class: 'num loss', text: fmt(j.loss, 4) }),
        el('td', { class: 'num val-loss', text: fmt(j.valLoss, 4) }),
        el('td', { class: 'num', text: duration(j.startedAt, j.finishedAt) }),
        note);
    });
    $('#jobs-table tbody').replaceChildren(...rows);
    $('#jobs-empty').hidden = rows.length > 0;
  }

  // ------------------------------------------------------------------ learning curves (canvas)
  function renderCurves() {
    $('#curves').replaceChildren();
    if (state.run && state.run.curvesTrimmed) {
      // the control service keeps every epoch of its most recent finished runs only (latentlab.control.curve-runs)
      $('#curves').append(el('p', { class: 'muted', id: 'curves-trimmed',
        text: 'An older run: its epoch-by-epoch curves are no longer held live; the report\'s curve pictures below show them.' }));
    }
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
    const seeds = report.repeats && Array.isArray(report.repeats.seeds) ? report.repeats.seeds : [];
    meta.push(rows.length + ' configurations' + (seeds.length > 1 ? ' × ' + seeds.length + ' seeds (' + seeds.join(', ') + ')' : ''));
    $('#report-meta').textContent = meta.join(' · ');
    const verdict = Array.isArray(report.verdict) ? report.verdict : [];
    $('#report-verdict').replaceChildren(...verdict.map((s) => el('li', { text: s })));
    $('#report-verdict-block').hidden = verdict.length === 0;
    const base = '/api/runs/' + encodeURIComponent(runId) + '/artifacts/';
    // the evaluator's charts (SVG with axes, ticks and legends), shown as images: never inlined into the page
    const prefix = 'runs/' + runId + '/';
    $('#report-charts').replaceChildren(...(Array.isArray(report.charts) ? report.charts : [])
      .filter((c) => c && c.key && c.key.startsWith(prefix))
      .map((c) => {
        const img = el('img', { alt: c.caption || c.name, 'data-chart': c.name });
        setImage(img, base + c.key.substring(prefix.length).split('/').map(encodeURIComponent).join('/'));
        return el('figure', { class: 'chart', 'data-chart': c.name }, img, el('figcaption', { text: c.caption || c.name }));
      }));
    $('#draw-link').href = 'draw.html#' + encodeURIComponent(runId);
    $('#report-json-link').href = base + 'report.json';
    $('#report-md-link').href = base + 'report.md';
    $('#report-csv-link').href = base + 'report.csv';
    $('#report-html-link').href = base + 'report.html';
    $('#report-pictures').replaceChildren(...pictures(report, runId).map((p) => {
      const img = el('img', { alt: p.title });
      setImage(img, p.url || base + p.path.split('/').map(encodeURIComponent).join('/'));
      return el('figure', {}, img, el('figcaption', { text: p.title }));
    }));
    renderDifferences(report, runId, base);
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
      el('td', { class: 'num n', text: r.n || 1 }),
      el('td', { class: 'ci', text: interval(r.stats && r.stats.testAccuracy) }),
      el('td', { class: 'num', text: recon === undefined || recon === null ? '—' : fmt(recon, 5) }),
      el('td', { class: 'num', text: r.epochs }),
      el('td', { class: 'num', text: fmt(r.trainSeconds, 1) }));
  }

  /** "95.10–96.40 %" from an estimate's ci95 (fractions), "" when there is none. */
  function interval(estimate) {
    if (!estimate || !Array.isArray(estimate.ci95) || estimate.ci95.length !== 2) return '';
    return (100 * estimate.ci95[0]).toFixed(2) + '–' + (100 * estimate.ci95[1]).toFixed(2) + ' %'
      + (estimate.method === 'wilson' ? ' (binomial)' : '');
  }

  // ------------------------------------------------------------------ compare
  function showCompare(runs) {
    $('#home-view').hidden = true;
    $('#run-view').hidden = true;
    $('#compare-view').hidden = false;
    document.title = 'Compare · Latent Lab';
    $('#compare-runs').value = runs;
    $('#compare-result').hidden = true;
    $('#compare-message').textContent = '';
    if (runs) loadComparison(runs);
  }

  $('#compare-button').addEventListener('click', () => {
    if (state.picked.length >= 2) location.hash = '#/compare?runs=' + encodeURIComponent(state.picked.join(','));
  });
  $('#compare-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const runs = $('#compare-runs').value.split(',').map((r) => r.trim()).filter((r) => r).join(',');
    const target = '#/compare?runs=' + encodeURIComponent(runs);
    if (location.hash === target) loadComparison(runs); else location.hash = target;
  });

  async function loadComparison(runs) {
    const msg = $('#compare-message');
    msg.className = 'message';
    msg.textContent = 'comparing…';
    let result;
    try {
      const res = await api('/api/compare?runs=' + encodeURIComponent(runs), { headers: { Accept: 'application/json' } });
      if (!res.ok) throw new Error(await errorOf(res));
      result = await res.json();
    } catch (e) {
      msg.className = 'message error';
      msg.textContent = e.message;
      $('#compare-result').hidden = true;
      return;
    }
    msg.textContent = result.rows.length + ' shared configurations';
    renderComparison(result);
  }

  function renderComparison(result) {
    const runIds = result.runs.map((r) => r.runId);
    $('#compare-runs-table tbody').replaceChildren(...result.runs.map((r, i) => el('tr', { 'data-run': r.runId },
      el('td', {}, el('a', { href: '#/runs/' + encodeURIComponent(r.runId), text: r.runId }), i === 0 ? el('span', { class: 'muted', text: ' (baseline)' }) : ''),
      el('td', { text: r.profile }),
      el('td', { class: 'dataset', title: r.dataset ? (r.dataset.classNames || []).join(', ') : '' }, r.dataset ? r.dataset.name : ''),
      el('td', { text: (r.seeds || []).join(', ') }),
      el('td', { text: r.codeVersion }),
      el('td', { class: 'note' }, el('ul', { class: 'verdict' }, ...(r.verdict || []).map((s) => el('li', { text: s })))))));
    const diffs = result.requestDifferences || [];
    $('#compare-request-block').hidden = diffs.length === 0;
    $('#compare-request thead').replaceChildren(el('tr', {}, el('th', { text: 'field' }), ...runIds.map((id) => el('th', { text: id }))));
    $('#compare-request tbody').replaceChildren(...diffs.map((d) => el('tr', { 'data-field': d.field },
      el('td', { text: d.field }), ...d.values.map((v) => el('td', { text: v === '' ? '—' : v })))));
    const head = [el('th', { text: 'configuration' })];
    runIds.forEach((id, i) => {
      head.push(el('th', { text: id + ' test acc' }));
      if (i > 0) head.push(el('th', { text: 'Δ vs ' + runIds[0] }));
    });
    $('#compare-rows thead').replaceChildren(el('tr', {}, ...head));
    $('#compare-rows tbody').replaceChildren(...result.rows.map((row) => {
      const cells = [el('td', { class: 'config', text: row.label })];
      row.cells.forEach((c, i) => {
        const ci = Array.isArray(c.testCi95) ? (100 * c.testCi95[0]).toFixed(2) + '–' + (100 * c.testCi95[1]).toFixed(2) : '';
        const mse = c.reconMseTest === null || c.reconMseTest === undefined ? '' : ' mse ' + fmt(c.reconMseTest, 5);
        cells.push(el('td', { class: 'num value', 'data-run': c.runId }, pct(c.testAccuracy), el('small', { text: (c.n > 1 ? 'n=' + c.n + ' ' : '') + ci + mse })));
        if (i > 0) {
          const d = c.testDifferencePoints;
          const cls = ['num', 'delta', d > 0 ? 'up' : d < 0 ? 'down' : 'same', c.beyondNoise ? 'beyond-noise' : 'within-noise'].join(' ');
          cells.push(el('td', { class: cls, 'data-run': c.runId, title: c.beyondNoise === null || c.beyondNoise === undefined ? 'no intervals to compare'
            : c.beyondNoise ? 'the 95 % intervals do not overlap' : 'the 95 % intervals overlap: within noise' },
          (d > 0 ? '+' : d < 0 ? '−' : '±') + Math.abs(d).toFixed(2)));
        }
      });
      return el('tr', { 'data-config': row.key }, ...cells);
    }));
    $('#compare-csv-link').href = '/api/compare?format=csv&runs=' + encodeURIComponent(runIds.join(','));
    renderVerdicts(result);
    const unshared = result.unshared || [];
    $('#compare-unshared-block').hidden = unshared.length === 0;
    $('#compare-unshared').replaceChildren(...unshared.map((u) => el('li', { 'data-config': u.key, text: u.label + ' — only in ' + u.presentIn.join(', ') })));
    $('#compare-result').hidden = false;
  }

  /** Each paired comparison behind the verdicts, every run's side of it, and whether it holds on all of them. */
  function renderVerdicts(result) {
    const lines = result.verdicts || [];
    $('#compare-verdicts-block').hidden = lines.length === 0;
    $('#compare-verdicts thead').replaceChildren(el('tr', {}, el('th', { text: 'comparison (a vs b)' }),
      ...result.runs.map((r) => el('th', { text: r.runId + (r.dataset ? ' (' + r.dataset.name + ')' : '') })),
      el('th', { text: 'holds on ' + (result.runs.length === 2 ? 'both' : 'all') + '?' })));
    const points = (x) => (x > 0 ? '+' : x < 0 ? '−' : '±') + Math.abs(100 * x).toFixed(2);
    $('#compare-verdicts tbody').replaceChildren(...lines.map((line) => el('tr', { 'data-verdict': line.key },
      el('td', { class: 'config', text: line.claim }),
      ...line.sides.map((side, i) => {
        if (!side) return el('td', { class: 'muted', 'data-run': result.runs[i].runId, text: 'not compared' });
        const ci = Array.isArray(side.ci95) ? ' [' + points(side.ci95[0]) + ', ' + points(side.ci95[1]) + ']' : '';
        const p = (side.pValue === null || side.pValue === undefined ? '' : 'p ' + Number(side.pValue).toPrecision(2))
          + (side.pAdjusted === null || side.pAdjusted === undefined ? '' : ', adjusted ' + Number(side.pAdjusted).toPrecision(2)
            + (side.correction ? ' (' + side.correction + ')' : ''));
        return el('td', { class: 'num side ' + (side.significant ? 'beyond-noise' : 'within-noise'), 'data-run': side.runId,
          title: side.a + ' vs ' + side.b }, points(side.difference) + ci, el('small', { text: p }));
      }),
      el('td', { class: 'agreement ' + line.outcome, text: line.summary }))));
  }

  // the CSV link is a plain download where reads are open; with a token it is fetched with it and saved from memory
  $('#compare-csv-link').addEventListener('click', (ev) => {
    if (!token.get()) return;
    ev.preventDefault();
    api(ev.currentTarget.href).then(async (res) => {
      if (!res.ok) throw new Error(await errorOf(res));
      const name = (res.headers.get('Content-Disposition') || '').match(/filename="([^"]+)"/);
      const a = el('a', { href: URL.createObjectURL(await res.blob()), download: name ? name[1] : 'compare.csv' });
      document.body.append(a);
      a.click();
      a.remove();
    }).catch((e) => { $('#compare-message').className = 'message error'; $('#compare-message').textContent = e.message; });
  });

  // "pictures": ["confusion.png", ...] or [{"path"|"key"|"file": ..., "title"|"caption": ...}], relative to the run
  // Named pictures (the evaluator's) are served by name; learning curves are drawn live above, so not repeated,
  // unless the run is an older one whose live curves were let go.
  function pictures(report, runId) {
    const list = Array.isArray(report.pictures) ? report.pictures : [];
    const prefix = 'runs/' + runId + '/';
    const curvesLive = !(state.run && state.run.runId === runId && state.run.curvesTrimmed);
    return list.map((p) => {
      if (p && p.name && p.key) {
        if (curvesLive && p.name.startsWith('curve-')) return null;
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

  // report.json comparisons[].discordant: per comparison of the verdict, the test images one configuration gets right
  // and the other wrong (McNemar's discordant pairs) and the evaluator's sheets of the first of them, read from the
  // run's files through the artifacts route
  function renderDifferences(report, runId, base) {
    const prefix = 'runs/' + runId + '/';
    const comparisons = (Array.isArray(report.comparisons) ? report.comparisons : []).filter((c) => c && c.a && c.b);
    const first = comparisons.map((c) => c.discordant).find((d) => d);
    const seeds = report.repeats && Array.isArray(report.repeats.seeds) ? report.repeats.seeds : [];
    $('#report-differences-note').textContent = 'Each comparison of the verdict: the test images a classifies right and b wrong, and the reverse'
      + (first ? '; the first ' + first.cap + ' of each way drawn as the image, its reconstruction under a\'s and b\'s reducer, the true class and both predictions' : '')
      + (seeds.length > 1 && first ? ' (the run\'s first seed, ' + first.seed + ')' : '') + '.';
    $('#report-differences').replaceChildren(...comparisons.map((c, i) => {
      const d = c.discordant;
      const summary = el('summary', {}, c.a.label + ' vs ' + c.b.label + ' — ');
      if (!d) {
        summary.append(el('span', { class: 'muted', text: 'images not available' }));
        return el('details', { class: 'difference', 'data-comparison': i }, summary);
      }
      summary.append('a right, b wrong: ', el('b', { class: 'a-right-b-wrong', text: d.aRightBWrong }),
        ' · b right, a wrong: ', el('b', { class: 'b-right-a-wrong', text: d.bRightAWrong }),
        el('span', { class: 'muted', text: ' · ' + d.shown + ' shown' }));
      const sheets = (Array.isArray(d.sheets) ? d.sheets : []).filter((s) => s && s.key && s.key.startsWith(prefix)).map((s) => {
        const img = el('img', { alt: s.caption || s.name, 'data-sheet': s.name });
        setImage(img, base + s.key.substring(prefix.length).split('/').map(encodeURIComponent).join('/'));
        return el('figure', { 'data-direction': s.direction }, img, el('figcaption', { text: s.caption || s.name }));
      });
      return el('details', { class: 'difference', 'data-comparison': i }, summary, el('div', { class: 'pictures' }, ...sheets));
    }));
    $('#report-differences-block').hidden = comparisons.length === 0;
  }

  $('#cancel-button').addEventListener('click', async () => {
    if (!state.runId || !confirm('Cancel run ' + state.runId + '?')) return;
    const res = await api('/api/runs/' + encodeURIComponent(state.runId), { method: 'DELETE' });
    const msg = $('#run-message');
    if (res.status === 202 || res.status === 200) { msg.className = 'message'; msg.textContent = 'cancellation published'; }
    else { msg.className = 'message error'; msg.textContent = await errorOf(res); }
  });

  $('#retry-button').addEventListener('click', async () => {
    if (!state.runId) return;
    const runId = state.runId;
    const button = $('#retry-button');
    const msg = $('#run-message');
    button.disabled = true;
    let res = await api('/api/runs/' + encodeURIComponent(runId) + '/retry', { method: 'POST' });
    if (res.status === 401 || res.status === 403) {
      msg.className = 'message'; msg.textContent = 'waiting for the API token…';
      await waitForToken();
      res = await api('/api/runs/' + encodeURIComponent(runId) + '/retry', { method: 'POST' });
    }
    if (res.status === 202) {
      msg.className = 'message';
      msg.textContent = 'retry published: finished jobs are reused, the run shows RUNNING once data-prep accepts it';
    } else {
      button.disabled = false;
      msg.className = 'message error';
      msg.textContent = await errorOf(res);
    }
  });

  window.addEventListener('resize', () => { if (state.run) renderCurves(); });
  route();
})();
