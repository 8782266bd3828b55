// The one Content-Security-Policy of the app's pages, sent by the browser shell's server and by
// the Electron app protocol alike: nothing from another origin, no inline script, no eval — only
// WebAssembly compilation ('wasm-unsafe-eval', for DuckDB-wasm) and workers from the app itself
// (blob: for the workers Monaco and DuckDB start from bundled code).
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'";
