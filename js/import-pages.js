// The first module's loader of the pages module: import() is syntax, so it takes a line of
// JS (a file served beside the app; the Content-Security-Policy refuses new Function). On a
// cold load of one of its pages, index.html has already compiled its wasm (window.dsommPages:
// the module, or the URL again if that failed; wasm-bindgen's init takes either).
export function import_pages(js, wasm) {
  var early = window.dsommPages;
  var source = early && early.url === wasm ? early.module : wasm;
  return import(js).then((m) => m.default({ module_or_path: source }));
}
