// The first module's loader of the pages module: import() is syntax, so it takes a line of
// JS (a file served beside the app; the Content-Security-Policy refuses new Function). On a
// cold load of one of its pages, index.html has already run its JS (so import() finds it
// ready, or fetches it again if that failed) and started compiling its wasm
// (window.dsommPages: the module, or the URL again if compiling failed, as it does where the
// host serves wasm under another type). That is awaited before wasm-bindgen's init, which
// fetches a URL itself but would take a promise of one for a module.
export function import_pages(js, wasm) {
  var early = window.dsommPages;
  var source = early && early.url === wasm ? early.module : wasm;
  return Promise.all([import(js), source]).then(([m, s]) => m.default({ module_or_path: s }));
}
