// Draw a digit: the canvas, MNIST's downsampling, and every model's answer from POST /api/runs/<runId>/predict.
(() => {
  'use strict';
  const $ = (s) => document.querySelector(s);
  const runId = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  const canvas = $('#draw-canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  let drawing = false;
  let last = null;
  let pixels = null;        // the 784 values last sent
  let sequence = 0;         // answers to older requests are dropped
  let timer = null;

  $('#draw-run').textContent = runId;
  $('#back-link').href = './#/runs/' + encodeURIComponent(runId);
  clear();

  function clear() {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    pixels = null;
    $('#grid').replaceChildren();
    $('#input-image').removeAttribute('src');
    status('');
  }

  // ------------------------------------------------------------------ drawing (mouse, pen or finger)
  canvas.addEventListener('pointerdown', (e) => {
    drawing = true;
    last = point(e);
    canvas.setPointerCapture(e.pointerId);
    stroke(last, last);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drawing) return;
    const p = point(e);
    stroke(last, p);
    last = p;
    schedule();
  });
  const end = () => { if (drawing) { drawing = false; predictDrawing(); } };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);

  function point(e) {
    const r = canvas.getBoundingClientRect();
    return { x: (e.clientX - r.left) * canvas.width / r.width, y: (e.clientY - r.top) * canvas.height / r.height };
  }
  function stroke(a, b) {
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 22;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x + 0.01, b.y);
    ctx.stroke();
  }
  // as you draw: at most one prediction every 150 ms, and one when the stroke ends
  function schedule() {
    if (timer) return;
    timer = setTimeout(() => { timer = null; predictDrawing(); }, 150);
  }

  // ------------------------------------------------------------------ MNIST's downsampling
  // The ink's bounding box scaled to fit 20x20 (aspect ratio kept, each target pixel the mean of the source
  // pixels it covers), then placed in 28x28 so that its centre of mass is the centre of the image.
  function downsample() {
    const w = canvas.width, h = canvas.height;
    const data = ctx.getImageData(0, 0, w, h).data;
    let x0 = w, y0 = h, x1 = -1, y1 = -1;
    const grey = new Float32Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v = data[(y * w + x) * 4] / 255;
        grey[y * w + x] = v;
        if (v > 0) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
      }
    }
    if (x1 < 0) return null;
    const bw = x1 - x0 + 1, bh = y1 - y0 + 1;
    const scale = 20 / Math.max(bw, bh);
    const tw = Math.max(1, Math.round(bw * scale)), th = Math.max(1, Math.round(bh * scale));
    const sum = new Float32Array(tw * th), count = new Float32Array(tw * th);
    for (let y = y0; y <= y1; y++) {
      const ty = Math.min(th - 1, Math.floor((y - y0) * th / bh));
      for (let x = x0; x <= x1; x++) {
        const tx = Math.min(tw - 1, Math.floor((x - x0) * tw / bw));
        sum[ty * tw + tx] += grey[y * w + x];
        count[ty * tw + tx] += 1;
      }
    }
    let mass = 0, mx = 0, my = 0;
    const small = new Float32Array(tw * th);
    for (let i = 0; i < small.length; i++) {
      small[i] = count[i] ? sum[i] / count[i] : 0;
      mass += small[i];
      mx += small[i] * (i % tw);
      my += small[i] * Math.floor(i / tw);
    }
    // pixel centres: the centre of mass lands on 13.5/13.5, the middle of the 28x28 grid
    const ox = Math.round(13.5 - mx / mass), oy = Math.round(13.5 - my / mass);
    const out = new Array(784).fill(0);
    for (let y = 0; y < th; y++) {
      for (let x = 0; x < tw; x++) {
        const X = x + ox, Y = y + oy;
        if (X >= 0 && X < 28 && Y >= 0 && Y < 28) out[Y * 28 + X] = Math.min(1, Math.max(0, small[y * tw + x]));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ asking the models
  function predictDrawing() {
    const image = downsample();
    if (image) predict(image);
  }

  $('#noise').addEventListener('input', () => {
    $('#noise-value').textContent = Number($('#noise').value).toFixed(2);
    if (pixels) predict(pixels);
  });
  $('#clear').addEventListener('click', clear);
  $('#random-image').addEventListener('click', async () => {
    const answer = await call('GET', '/test-images/random');
    if (!answer) return;
    // shown on the canvas 10x; its own pixels are sent, not a re-downsampled copy
    const img = ctx.createImageData(280, 280);
    for (let y = 0; y < 280; y++) {
      for (let x = 0; x < 280; x++) {
        const v = Math.round(255 * answer.pixels[Math.floor(y / 10) * 28 + Math.floor(x / 10)]);
        const i = (y * 280 + x) * 4;
        img.data[i] = img.data[i + 1] = img.data[i + 2] = v;
        img.data[i + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
    $('#draw-status').dataset.testDigit = answer.digit;
    predict(answer.pixels, `test image #${answer.index}, a ${answer.className ?? answer.digit}`);
  });

  async function predict(image, label) {
    pixels = image;
    const mine = ++sequence;
    const noise = Number($('#noise').value);
    const answer = await call('POST', `/predict?noise=${noise}&seed=${mine}`, { pixels: image });
    if (!answer || mine !== sequence) return;
    $('#input-image').src = answer.input;
    $('#grid').replaceChildren(...[answer.raw, ...answer.reducers].filter(Boolean).map(cell));
    status((label ? label + ' · ' : '') + (noise > 0 ? `noise ${noise.toFixed(2)} · ` : '') + `${answer.reducers.length + 1} models answered`);
  }

  async function call(method, path, body) {
    const headers = { Accept: 'application/json' };
    const t = window.LatentLabToken.get(); // token.js: the dashboard's token
    if (t) headers.Authorization = 'Bearer ' + t;
    if (body) headers['Content-Type'] = 'application/json';
    try {
      const response = await fetch('/api/runs/' + encodeURIComponent(runId) + path,
        { method, headers, body: body ? JSON.stringify(body) : undefined });
      const json = await response.json().catch(() => ({}));
      if (!response.ok) {
        status(json.error || `the server answered ${response.status}`, true);
        return null;
      }
      return json;
    } catch (e) {
      status('the server does not answer: ' + e.message, true);
      return null;
    }
  }

  function cell(r) {
    const title = r.reducer === 'raw' ? 'raw pixels' : `${label(r)} k=${r.k}`;
    const div = document.createElement('div');
    div.className = 'cell' + (r.reducer === 'raw' ? ' raw' : '');
    div.dataset.model = r.model;
    const h = document.createElement('h4');
    h.textContent = title;
    const img = document.createElement('img');
    img.className = 'digit';
    img.alt = 'reconstruction by ' + title;
    img.src = r.reconstructionPng;
    const prediction = document.createElement('div');
    prediction.className = 'prediction';
    prediction.textContent = r.best.className ?? r.best.digit; // the dataset's class name ("T-shirt/top"; MNIST: "7")
    prediction.dataset.digit = r.best.digit;
    const probability = document.createElement('div');
    probability.className = 'probability';
    probability.textContent = `${(100 * r.best.probability).toFixed(1)} % (${r.best.arch})`;
    probability.dataset.probability = r.best.probability;
    const mse = document.createElement('div');
    mse.className = 'mse';
    mse.textContent = r.reducer === 'raw' ? 'the input itself' : `MSE ${r.mse.toFixed(4)}`;
    div.append(h, img, prediction, probability, mse);
    return div;
  }
  function label(r) {
    const names = { pca: 'PCA', ae1: 'AE-1', ae3: 'AE-3', dae: 'DAE' };
    return (names[r.reducer] || r.reducer) + (r.noiseFactor ? ` ${Math.round(100 * r.noiseFactor)} %` : '');
  }
  function status(text, error) {
    $('#draw-status').textContent = text;
    $('#draw-status').className = 'message' + (error ? ' error' : '');
  }
})();
