/*
 * The parent side of the bridge in the local Confluence-like shell. Answers each iframe's
 * callBridge messages: getContext and theme locally, invoke and realtime through the host over
 * HTTP, realtime events from the host over one Server-Sent Events stream per tab.
 */
(function () {
  'use strict';
  var frames = Array.prototype.slice.call(document.querySelectorAll('iframe[data-frame]'));
  var shell = JSON.parse(document.getElementById('shell-data').textContent);
  var clientId = 'tab-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
  var subscriptions = new Map(); // subscriptionId → { iframe, body }
  var events = null;
  var ready = false;

  function frameOf(source) {
    for (var i = 0; i < frames.length; i += 1)
      if (frames[i].contentWindow === source) return frames[i];
    return null;
  }
  function frameData(iframe) {
    return JSON.parse(iframe.getAttribute('data-frame'));
  }
  function post(path, body) {
    return fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(function (r) {
      return r.json().then(function (json) {
        if (!r.ok) throw new Error((json && json.message) || 'HTTP ' + r.status);
        return json;
      });
    });
  }
  /*
   * A URL the app navigates to, as Forge's router takes it: absolute, or relative to the site
   * (`/wiki/spaces/...`, `/wiki/pages/viewpage.action?pageId=...`). A link on this site keeps the
   * viewer and theme, so following it stays the same person.
   */
  function siteUrl(raw) {
    var url = new URL(raw, window.location.origin);
    if (url.origin === window.location.origin) {
      if (!url.searchParams.has('as')) url.searchParams.set('as', shell.accountId);
      if (!url.searchParams.has('theme')) url.searchParams.set('theme', shell.colorMode);
    }
    return url.toString();
  }
  function navigateTo(payload) {
    var url = null;
    var spaceKey = (payload && payload.spaceKey) || shell.spaceKey;
    if (payload && typeof payload.url === 'string') url = siteUrl(payload.url);
    else if (typeof payload === 'string') url = siteUrl(payload);
    else if (payload && payload.target === 'contentView' && payload.contentId) {
      url = siteUrl('/wiki/pages/viewpage.action?pageId=' + encodeURIComponent(payload.contentId));
    } else if (payload && payload.target === 'spaceView') {
      url = siteUrl('/wiki/spaces/' + encodeURIComponent(spaceKey) + '/overview');
    } else if (payload && payload.target === 'module' && payload.moduleKey) {
      url = siteUrl(
        '/wiki/spaces/' +
          encodeURIComponent(spaceKey) +
          '/apps/' +
          encodeURIComponent(payload.moduleKey),
      );
    }
    if (!url)
      throw new Error(
        'router target ' + (payload && payload.target) + ' is not supported by the local host',
      );
    if (payload && payload.type === 'new-tab') window.open(url, '_blank', 'noopener');
    else window.location.assign(url);
    return undefined;
  }

  function subscribeOnHost(subscriptionId) {
    var s = subscriptions.get(subscriptionId);
    if (!s || !ready) return Promise.resolve();
    return post(
      '/__emulator/subscribe',
      Object.assign({ client: clientId, subscriptionId: subscriptionId }, s.body),
    );
  }

  function handle(iframe, name, payload) {
    var frame = frameData(iframe);
    switch (name) {
      case 'getContext':
        return Promise.resolve(JSON.parse(iframe.getAttribute('data-context')));
      case 'invoke':
        return post('/__emulator/invoke', {
          context: frame,
          functionKey: payload && payload.functionKey,
          payload: payload && payload.payload,
        }).then(function (r) {
          if (!r.ok) throw new Error(r.error.message);
          return payload && payload.metadata ? { body: r.body, metadata: {} } : r.body;
        });
      case 'enableTheming':
        return Promise.resolve({ colorMode: shell.colorMode });
      case 'subscribeRealtimeChannel':
        subscriptions.set(payload.subscriptionId, {
          iframe: iframe,
          body: {
            context: frame,
            channel: payload.channelName,
            isGlobal: payload.isGlobal,
            options: payload.options,
          },
        });
        return subscribeOnHost(payload.subscriptionId).then(function () {
          return true;
        });
      case 'unsubscribeRealtimeChannel':
        subscriptions.delete(payload.subscriptionId);
        return post('/__emulator/unsubscribe', {
          client: clientId,
          subscriptionId: payload.subscriptionId,
        });
      case 'publishRealtimeChannel':
        return post('/__emulator/publish', {
          context: frame,
          channel: payload.channelName,
          payload: payload.eventPayload,
          isGlobal: payload.isGlobal === true,
          options: payload.options,
        });
      case 'navigate':
        return Promise.resolve().then(function () {
          return navigateTo(payload);
        });
      case 'reload':
        window.location.reload();
        return Promise.resolve();
      default:
        return Promise.reject(
          new Error('@forge/bridge call "' + name + '" is not supported by the local host'),
        );
    }
  }

  window.addEventListener('message', function (event) {
    var iframe = frameOf(event.source);
    var m = event.data;
    if (!iframe || !m || typeof m !== 'object') return;
    if (m.type === 'forge-bridge-resize') {
      iframe.style.height = Math.max(40, Math.min(5000, Number(m.height) || 0)) + 'px';
      return;
    }
    if (m.type !== 'forge-bridge-call') return;
    handle(iframe, m.name, m.payload).then(
      function (result) {
        event.source.postMessage(
          { type: 'forge-bridge-result', id: m.id, ok: true, result: result },
          '*',
        );
      },
      function (e) {
        event.source.postMessage(
          {
            type: 'forge-bridge-result',
            id: m.id,
            ok: false,
            error: (e && e.message) || String(e),
          },
          '*',
        );
      },
    );
  });

  function connect() {
    events = new EventSource('/__emulator/events?client=' + encodeURIComponent(clientId));
    events.addEventListener('ready', function () {
      ready = true;
      document.documentElement.setAttribute('data-realtime', 'connected');
      subscriptions.forEach(function (_s, id) {
        subscribeOnHost(id);
      });
    });
    events.addEventListener('realtime', function (e) {
      var m = JSON.parse(e.data);
      var s = subscriptions.get(m.subscriptionId);
      if (!s || !s.iframe.contentWindow) return;
      s.iframe.contentWindow.postMessage(
        { type: 'forge-bridge-event', subscriptionId: m.subscriptionId, payload: m.payload },
        '*',
      );
    });
    events.onerror = function () {
      ready = false;
      document.documentElement.setAttribute('data-realtime', 'reconnecting');
    };
  }
  connect();

  // "Copy this page to…": Confluence's page copy (body and macro localIds kept), then open it.
  var copyForm = document.querySelector('form[data-testid=copy-page]');
  if (copyForm) {
    copyForm.addEventListener('submit', function (event) {
      event.preventDefault();
      post('/__emulator/pages/copy', {
        pageId: copyForm.getAttribute('data-page-id'),
        spaceKey: copyForm.elements.spaceKey.value,
        accountId: shell.accountId,
      }).then(
        function (copy) {
          window.location.assign(siteUrl(copy.path));
        },
        function (e) {
          window.alert('The page could not be copied: ' + ((e && e.message) || e));
        },
      );
    });
  }

  var switcher = document.getElementById('user-switcher');
  if (switcher) {
    switcher.addEventListener('change', function () {
      var u = new URL(window.location.href);
      u.searchParams.set('as', switcher.value);
      window.location.assign(u.toString());
    });
  }
})();
