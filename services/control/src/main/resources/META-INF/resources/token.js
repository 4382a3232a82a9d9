// The API token, for the dashboard (app.js) and the draw page (draw.js): one key, one place.
// Kept in localStorage; sent as "Authorization: Bearer" on every API call (the mutating ones need it,
// reads need it only where a deployment closed them). Private mode (no localStorage) means no token.
window.LatentLabToken = (() => {
  'use strict';
  const KEY = 'latentlab.apiToken';
  return Object.freeze({
    get: () => { try { return localStorage.getItem(KEY) || ''; } catch (e) { return ''; } },
    set: (t) => { try { if (t) localStorage.setItem(KEY, t); else localStorage.removeItem(KEY); } catch (e) { /* private mode */ } },
  });
})();
