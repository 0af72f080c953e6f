// Browsers have TextEncoder and TextDecoder (static/src/notice-trust.ts and @noble/curves use
// them); jest's jsdom environment does not expose Node's, so the UI project gets them here.
const { TextDecoder, TextEncoder } = require('node:util');

if (typeof globalThis.TextEncoder === 'undefined') globalThis.TextEncoder = TextEncoder;
if (typeof globalThis.TextDecoder === 'undefined') globalThis.TextDecoder = TextDecoder;
