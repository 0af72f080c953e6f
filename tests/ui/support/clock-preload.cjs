// Loaded with `node --require` into the UI tests' host process: the app's clock seam
// (src/services/lean-coffee-clock.ts) reads an offset in milliseconds from COP_KIT_CLOCK_FILE, so
// a test moves the server's time forward instead of waiting for a timebox to expire.
const { readFileSync } = require('node:fs');

const file = process.env.COP_KIT_CLOCK_FILE;
if (file) {
  globalThis.__copKitClock = () => {
    let offset = 0;
    try {
      offset = Number(readFileSync(file, 'utf8')) || 0;
    } catch {
      offset = 0;
    }
    return Date.now() + offset;
  };
}
