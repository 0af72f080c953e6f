/**
 * jsdom (the UI tests' environment) has no TextEncoder, which browsers and node both have: the
 * screens check signed notices with @noble/curves (static/src/notice-trust.ts), which encodes
 * text when it loads. Node's own encoder stands in.
 */
const { TextDecoder, TextEncoder } = require('node:util');

if (typeof globalThis.TextEncoder === 'undefined') globalThis.TextEncoder = TextEncoder;
if (typeof globalThis.TextDecoder === 'undefined') globalThis.TextDecoder = TextDecoder;
