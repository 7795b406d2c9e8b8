// The pages module's loader of the export module (see import-pages.js).
export function run_export(js, wasm, kind, data) { return import(js).then((m) => m.default({ module_or_path: wasm }).then(() => m.export_sheets(kind, data))); }
