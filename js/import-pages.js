// The first module's loader of the pages module: import() is syntax, so it takes a line of
// JS (a file served beside the app; the Content-Security-Policy refuses new Function).
export function import_pages(js, wasm) { return import(js).then((m) => m.default({ module_or_path: wasm })); }
