// Stylesheets imported by UI code (Atlaskit's *.compiled.css): Vite bundles them; jest has nothing to do.
module.exports = {};
