// Starts the wasm app. Trunk's default starter is an inline script, which the
// Content-Security-Policy forbids (script-src 'self'): this file does the same from the
// origin. Trunk writes the bundle's hashed names into <template id="bundle"> (Trunk.toml).
const bundle = document.getElementById('bundle').dataset;
const { default: init } = await import(bundle.js);
await init({ module_or_path: bundle.wasm });
