// The first module's loader of the pages module: import() is syntax, so it takes a line of
// JS (a file served beside the app; the Content-Security-Policy refuses new Function). On a
// cold load of one of its pages, index.html has already imported its JS (null if that
// failed) and started compiling its wasm (window.dsommPages: the module, or the URL again
// if compiling failed, as it does where the host serves wasm under another type). Both are
// awaited before wasm-bindgen's init, which fetches a URL itself but would take a promise
// of one for a module.
export function import_pages(js, wasm) {
  var early = window.dsommPages;
  var mine = early && early.url === wasm;
  var module = mine ? early.js.then((m) => m || import(js)) : import(js);
  return Promise.all([module, mine ? early.module : wasm]).then(([m, s]) => m.default({ module_or_path: s }));
}
