/**
 * The console's script: plain DOM code, no framework, no build step (it is served as written).
 * Routes by the URL's hash: `#/` the accounts list, `#/accounts/{id}` one account. Data comes from
 * /console/api/* with the signed-in user's token when the deployment signs in.
 */
export const CONSOLE_JS = String.raw`
'use strict';
(function () {
  var config = window.CONSOLE_CONFIG || { refreshSeconds: 15 };
  var app = document.getElementById('app');
  var STATES = ['relink_needed', 'paused', 'failing', 'delayed', 'initial_sync', 'healthy', 'deleted'];
  var LABEL = { initial_sync: 'initial sync', healthy: 'healthy', delayed: 'delayed', relink_needed: 'relink needed', failing: 'failing', paused: 'paused', deleted: 'deleted' };
  var list = { state: '', q: '', category: '', integration: '', cursors: [null], page: 0 };
  var timer = null;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k.indexOf('on') === 0) node.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  function badge(state) { return el('span', { class: 'badge ' + state, 'data-state': state, text: LABEL[state] || state }); }
  function ago(iso) {
    if (!iso) return 'never';
    var s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
    if (s < 90) return Math.round(s) + ' s ago';
    if (s < 5400) return Math.round(s / 60) + ' min ago';
    if (s < 172800) return Math.round(s / 3600) + ' h ago';
    return Math.round(s / 86400) + ' days ago';
  }
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return '—';
    if (seconds < 90) return seconds + ' s';
    if (seconds < 5400) return Math.round(seconds / 60) + ' min';
    return Math.round(seconds / 3600) + ' h';
  }
  function token() { return sessionStorage.getItem('console-token'); }
  function api(path, options) {
    options = options || {};
    var headers = { accept: 'application/json' };
    if (options.body) headers['content-type'] = 'application/json';
    if (token()) headers.authorization = 'Bearer ' + token();
    return fetch('/console/api' + path, { method: options.method || 'GET', headers: headers, body: options.body ? JSON.stringify(options.body) : undefined })
      .then(function (res) {
        if (res.status === 401 && config.signIn) { signIn(); throw new Error('signing in'); }
        return res.json().then(function (body) {
          if (!res.ok) throw new Error(body.error || ('HTTP ' + res.status));
          return body;
        });
      });
  }
  function stamp() { document.getElementById('refreshed').textContent = 'Updated ' + new Date().toLocaleTimeString(); }
  function schedule(fn) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(fn, (config.refreshSeconds || 15) * 1000);
  }
  function showError(error) { app.replaceChildren(el('p', { class: 'error', role: 'alert', text: String(error.message || error) })); }

  // ---- the accounts list ----
  var PAGE = 50;
  function listQuery(cursor, size) {
    var p = new URLSearchParams({ order: 'problems', page_size: String(size) });
    if (list.state) p.set('state', list.state);
    if (list.q) p.set('q', list.q);
    if (list.category) p.set('category', list.category);
    if (list.integration) p.set('integration', list.integration);
    if (cursor) p.set('cursor', cursor);
    return '/accounts?' + p.toString();
  }
  // Each request reads a bounded number of accounts: a search may answer a short page with a
  // cursor to go on, so a few more requests fill the page before it is shown.
  function fetchList() {
    return api(listQuery(list.cursors[list.page], PAGE)).then(function (first) {
      var data = { results: first.results, next: first.next, counts: first.counts, total: first.total };
      function more(requests) {
        if (!data.next || data.results.length >= PAGE || requests >= 5) return data;
        return api(listQuery(data.next, PAGE - data.results.length)).then(function (page) {
          data.results = data.results.concat(page.results);
          data.next = page.next;
          return more(requests + 1);
        });
      }
      return more(1);
    });
  }
  function countText(data, state) {
    if (!data.counts) return '';
    if (state) return ' ' + (data.counts[state] || 0);
    return ' (' + STATES.reduce(function (n, s) { return n + (data.counts[s] || 0); }, 0) + ')';
  }
  // The account a hash names, or null for the list.
  function routedAccount() {
    var m = location.hash.match(/^#\/accounts\/(.+)$/);
    return m ? decodeURIComponent(m[1]) : null;
  }
  function renderList(focusSearch) {
    return fetchList().then(function (data) {
      if (routedAccount() !== null) return; // answered after the page moved on
      var chips = el('div', { class: 'chips', role: 'group', 'aria-label': 'Filter by state' }, [
        el('button', { class: 'chip', 'aria-pressed': String(list.state === ''), onclick: function () { setFilter('state', ''); }, text: 'All' + countText(data, '') })
      ].concat(STATES.map(function (s) {
        return el('button', { class: 'chip', 'data-chip': s, 'aria-pressed': String(list.state === s), onclick: function () { setFilter('state', list.state === s ? '' : s); } }, [badge(s), countText(data, s)]);
      })));
      var search = el('input', { id: 'search', type: 'search', placeholder: 'Search organization, origin id, email or account id (/)', 'aria-label': 'Search accounts', value: list.q });
      search.addEventListener('change', function () { setFilter('q', search.value.trim()); });
      var category = el('select', { id: 'category', 'aria-label': 'Category' }, [''].concat(['hris', 'ats', 'crm', 'accounting', 'ticketing', 'filestorage']).map(function (c) {
        var o = el('option', { value: c, text: c || 'All categories' }); if (c === list.category) o.selected = true; return o;
      }));
      category.addEventListener('change', function () { setFilter('category', category.value); });
      var integration = el('input', { id: 'integration', type: 'text', placeholder: 'Integration (e.g. BambooHR)', 'aria-label': 'Integration', value: list.integration });
      integration.addEventListener('change', function () { setFilter('integration', integration.value.trim()); });
      var rows = data.results.map(function (a) {
        var link = el('a', { href: '#/accounts/' + encodeURIComponent(a.id), text: a.end_user_organization_name || a.id });
        return el('tr', { 'data-account': a.id }, [
          el('td', { 'data-label': 'Organization' }, [link, el('div', { class: 'muted', text: a.id })]),
          el('td', { 'data-label': 'Integration', text: (a.integration || '—') + ' · ' + a.category }),
          el('td', { 'data-label': 'State' }, [badge(a.state)]),
          el('td', { 'data-label': 'Origin id', text: a.end_user_origin_id || '—' })
        ]);
      });
      var table = el('table', { id: 'accounts' }, [
        el('thead', {}, [el('tr', {}, ['Organization', 'Integration', 'State', 'Origin id'].map(function (h) { return el('th', { scope: 'col', text: h }); }))]),
        el('tbody', {}, rows.length ? rows : [el('tr', {}, [el('td', { colspan: '4', class: 'muted', text: data.next ? 'None found yet: Next searches on.' : 'No accounts match.' })])])
      ]);
      var pager = el('div', { class: 'pager' }, [
        el('span', { class: 'muted', id: 'total', text: data.total !== null ? data.total + ' account(s)' : data.next ? 'more may match: Next searches on' : data.results.length + ' match(es)' }),
        el('button', { id: 'prev', disabled: list.page === 0 ? '' : null, onclick: function () { list.page--; show(); }, text: 'Previous' }),
        el('button', { id: 'next', disabled: data.next ? null : '', onclick: function () { list.cursors[list.page + 1] = data.next; list.page++; show(); }, text: 'Next' })
      ]);
      app.replaceChildren(el('h1', { text: 'Accounts' }), chips, el('div', { class: 'filters' }, [search, category, integration]), table, pager);
      if (focusSearch) search.focus();
      stamp();
      schedule(function () { if (routedAccount() === null) renderList(false).catch(showError); });
    });
  }
  function setFilter(name, value) {
    list[name] = value; list.cursors = [null]; list.page = 0;
    renderList(name === 'q').catch(showError);
  }

  // ---- one account ----
  function act(id, action, body, button) {
    if (button) button.disabled = true;
    return api('/accounts/' + encodeURIComponent(id) + '/actions/' + action, { method: 'POST', body: body || {} })
      .then(function () { return renderAccount(id); })
      .catch(function (error) { alert(error.message); if (button) button.disabled = false; });
  }
  function confirmRemove(id) {
    var dialog = document.getElementById('confirm-remove');
    var input = document.getElementById('confirm-input');
    var error = document.getElementById('confirm-error');
    document.getElementById('confirm-id').textContent = id;
    input.value = ''; error.textContent = '';
    dialog.onclose = function () {
      if (dialog.returnValue !== 'ok') return;
      if (input.value.trim() !== id) { error.textContent = 'The id does not match.'; dialog.showModal(); return; }
      act(id, 'remove', { confirm: input.value.trim() });
    };
    dialog.showModal();
    input.focus();
  }
  function renderAccount(id) {
    return api('/accounts/' + encodeURIComponent(id) + '/health').then(function (h) {
      if (routedAccount() !== id) return; // answered after the page moved on
      var progress = h.initial_sync.models_total ? el('p', {}, [
        el('label', { for: 'initial', text: 'Initial sync: ' + h.initial_sync.models_done + ' of ' + h.initial_sync.models_total + ' models ' }),
        el('progress', { id: 'initial', max: String(h.initial_sync.models_total), value: String(h.initial_sync.models_done) })
      ]) : null;
      var issues = h.issues.length ? el('ul', { class: 'issues', id: 'issues' }, h.issues.map(function (i) {
        return el('li', { 'data-reason': i.reason }, [el('strong', { text: (i.model ? i.model + ': ' : '') + i.reason }), ' — ' + i.what_to_do + (i.since ? ' (since ' + ago(i.since) + ')' : '')]);
      })) : el('p', { class: 'muted', text: 'No open issues.' });
      var deleted = h.state === 'deleted';
      var models = el('table', { id: 'models' }, [
        el('thead', {}, [el('tr', {}, ['Model', 'State', 'Merge status', 'Last successful sync', 'Lag', 'Records', 'Last error', ''].map(function (t) { return el('th', { scope: 'col', text: t }); }))]),
        el('tbody', {}, h.models.map(function (m) {
          var resync = el('button', { 'data-resync': m.model, disabled: deleted ? '' : null, text: 'Resync' });
          resync.addEventListener('click', function () { act(id, 'resync', { model: m.model }, resync); });
          return el('tr', { 'data-model': m.model }, [
            el('td', { 'data-label': 'Model', text: m.model }),
            el('td', { 'data-label': 'State' }, [badge(m.state)]),
            el('td', { 'data-label': 'Merge status', text: m.merge_status || '—' }),
            el('td', { 'data-label': 'Last successful sync', class: 'last-success', title: m.last_success_at || '', text: ago(m.last_success_at) }),
            el('td', { 'data-label': 'Lag', text: duration(m.lag_seconds) }),
            el('td', { 'data-label': 'Records', text: m.records === null ? '—' : String(m.records) }),
            el('td', { 'data-label': 'Last error', text: m.last_error ? m.last_error.kind + ': ' + m.last_error.message : '' }),
            el('td', {}, [resync])
          ]);
        }))
      ]);
      var actions = el('div', { class: 'row', id: 'actions' }, [
        el('button', { id: 'full-resync', disabled: deleted ? '' : null, onclick: function (e) { act(id, 'full-resync', {}, e.currentTarget); }, text: 'Full resync' }),
        el('button', { id: 'resolve', disabled: deleted ? '' : null, onclick: function (e) { act(id, 'resolve', {}, e.currentTarget); }, text: 'Mark resolved' }),
        el('button', { id: 'remove', class: 'danger', disabled: deleted ? '' : null, onclick: function () { confirmRemove(id); }, text: 'Remove…' })
      ]);
      var timeline = el('ul', { class: 'timeline', id: 'timeline' }, h.timeline.map(function (t) {
        return el('li', {}, [el('span', { class: 'muted', title: t.at, text: ago(t.at) + ' · ' }), (t.model ? t.model + ': ' : '') + t.text]);
      }));
      app.replaceChildren(
        el('p', {}, [el('a', { href: '#/', text: '← All accounts' })]),
        el('h1', { 'data-account': h.account_id }, [(h.end_user_organization_name || h.account_id) + ' ', badge(h.state)]),
        el('p', { class: 'muted', text: h.account_id + ' · ' + (h.integration || h.category) + (h.end_user_origin_id ? ' · origin ' + h.end_user_origin_id : '') }),
        el('div', { class: 'panel' }, [el('p', { class: 'summary', id: 'summary', text: h.summary }), progress]),
        el('section', { class: 'panel' }, [el('h2', { text: 'Issues' }), issues, actions]),
        el('section', { class: 'panel' }, [el('h2', { text: 'Models' }), models]),
        el('section', { class: 'panel' }, [el('h2', { text: 'Timeline' }), timeline])
      );
      stamp();
      schedule(function () { if (routedAccount() === id) renderAccount(id).catch(showError); });
    });
  }

  // ---- sign-in (Cognito's hosted UI, authorization code with PKCE) ----
  function b64url(bytes) { return btoa(String.fromCharCode.apply(null, new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''); }
  function signIn() {
    var verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
    sessionStorage.setItem('console-verifier', verifier);
    crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)).then(function (digest) {
      var p = new URLSearchParams({ response_type: 'code', client_id: config.signIn.clientId, redirect_uri: location.origin + '/console', scope: 'openid email', code_challenge_method: 'S256', code_challenge: b64url(digest) });
      location.assign('https://' + config.signIn.domain + '/oauth2/authorize?' + p.toString());
    });
  }
  function finishSignIn() {
    var code = new URLSearchParams(location.search).get('code');
    if (!code || !config.signIn) return Promise.resolve();
    var body = new URLSearchParams({ grant_type: 'authorization_code', client_id: config.signIn.clientId, code: code, redirect_uri: location.origin + '/console', code_verifier: sessionStorage.getItem('console-verifier') || '' });
    return fetch('https://' + config.signIn.domain + '/oauth2/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body })
      .then(function (res) { return res.json(); })
      .then(function (t) { if (t.id_token) sessionStorage.setItem('console-token', t.id_token); history.replaceState(null, '', '/console' + location.hash); });
  }

  function show() {
    var id = routedAccount();
    (id !== null ? renderAccount(id) : renderList(false)).catch(showError);
  }
  document.addEventListener('keydown', function (e) {
    if (e.key === '/' && document.activeElement && document.activeElement.tagName !== 'INPUT') {
      var s = document.getElementById('search'); if (s) { e.preventDefault(); s.focus(); }
    }
  });
  // Until the next view renders, no button of the one before it stays to be pressed.
  window.addEventListener('hashchange', function () {
    app.replaceChildren(el('p', { class: 'muted', 'aria-busy': 'true', text: 'Loading…' }));
    show(); app.focus();
  });
  finishSignIn().then(function () {
    if (config.signIn && !token()) return signIn();
    show();
  });
})();
`;
