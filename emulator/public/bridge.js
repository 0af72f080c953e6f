/*
 * window.__bridge inside a module iframe on the local host. The unmodified @forge/bridge calls
 * window.__bridge.callBridge(name, payload); each call is posted to the parent shell, which answers
 * it (context, theme, navigation) or forwards it to the host (invoke, realtime). Realtime callbacks
 * stay in the iframe; events come back as messages. Also reports the content height (auto-resize).
 */
(function () {
  'use strict';
  var seq = 0;
  var pending = new Map();
  var subscriptions = new Map();

  function send(name, payload) {
    return new Promise(function (resolve, reject) {
      seq += 1;
      var id = seq;
      pending.set(id, { resolve: resolve, reject: reject });
      try {
        window.parent.postMessage(
          { type: 'forge-bridge-call', id: id, name: name, payload: payload },
          '*',
        );
      } catch (e) {
        pending.delete(id);
        reject(new Error('The bridge payload of ' + name + ' cannot be sent: ' + (e && e.message)));
      }
    });
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent) return;
    var m = event.data;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'forge-bridge-result') {
      var p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.error));
    } else if (m.type === 'forge-bridge-event') {
      var cb = subscriptions.get(m.subscriptionId);
      if (cb) cb(m.payload);
    }
  });

  function applyTheme(theme) {
    var mode = theme && theme.colorMode === 'dark' ? 'dark' : 'light';
    var root = document.documentElement;
    root.setAttribute('data-color-mode', mode);
    root.setAttribute('data-theme', 'dark:dark light:light spacing:spacing typography:typography');
  }

  window.__bridge = {
    callBridge: function (name, payload) {
      if (name === 'subscribeRealtimeChannel') {
        var options = payload || {};
        var subscriptionId =
          'sub-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
        subscriptions.set(subscriptionId, options.onEvent);
        return send(name, {
          channelName: options.channelName,
          isGlobal: options.isGlobal === true,
          options: options.options,
          subscriptionId: subscriptionId,
        }).then(
          function () {
            return {
              unsubscribe: function () {
                subscriptions.delete(subscriptionId);
                return send('unsubscribeRealtimeChannel', { subscriptionId: subscriptionId }).then(
                  function () {
                    return undefined;
                  },
                );
              },
            };
          },
          function (e) {
            subscriptions.delete(subscriptionId);
            throw e;
          },
        );
      }
      if (name === 'enableTheming') {
        return send(name).then(function (theme) {
          applyTheme(theme);
          return undefined;
        });
      }
      if (name === 'on' || name === 'onPublic' || name === 'createHistory') {
        return Promise.reject(new Error(name + ' is not supported by the local host'));
      }
      return send(name, payload);
    },
  };

  var lastHeight = -1;
  function reportHeight() {
    var body = document.body;
    if (!body) return;
    var style = window.getComputedStyle(body);
    var height = Math.ceil(
      body.getBoundingClientRect().height +
        parseFloat(style.marginTop || '0') +
        parseFloat(style.marginBottom || '0'),
    );
    if (height === lastHeight) return;
    lastHeight = height;
    window.parent.postMessage({ type: 'forge-bridge-resize', height: height }, '*');
  }
  function watch() {
    reportHeight();
    if (typeof ResizeObserver === 'function' && document.body) {
      new ResizeObserver(reportHeight).observe(document.body);
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watch);
  else watch();
  window.addEventListener('load', reportHeight);
})();
