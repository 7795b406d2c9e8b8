// The first module's loader of the pages module: import() is syntax, so it takes a line of
// JS (a file served beside the app; the Content-Security-Policy refuses new Function).
// On a cold load of one of its pages, index.html has already started compiling its wasm
// (window.dsommPages: the module, or the URL again if compiling failed, as it does where the
// host serves wasm under another type) and running its JS (<script data-early>, which names
// its init functions in window.dsommPagesGlue: scripts/post-build). The module starts as
// soon as both are there, in the task that brought the last of them: import() of JS already
// run took a frame and 30-40 ms more. If that JS failed, import() fetches it again.
export function import_pages(js, wasm) {
  var early = window.dsommPages;
  if (!early || early.url !== wasm) return load(js, wasm);
  return Promise.all([ran(js), early.module]).then(function (both) {
    var glue = both[0], module = both[1];
    if (!glue) return load(js, module);
    if (module instanceof WebAssembly.Module) return glue.initSync({ module: module });
    return glue.init({ module_or_path: module });
  });
}

function load(js, source) {
  return import(js).then(function (m) { return m.default({ module_or_path: source }); });
}

// The glue index.html's <script data-early> ran (its `data-settled` once it ran or failed),
// or null if it did not.
function ran(js) {
  return new Promise(function (done) {
    var found = function () {
      var glue = window.dsommPagesGlue;
      return glue && glue.url === js ? glue : null;
    };
    var script = document.querySelector("script[data-early]");
    if (found() || !script || script.hasAttribute("data-settled")) return done(found());
    var settled = function () { done(found()); };
    script.addEventListener("load", settled);
    script.addEventListener("error", settled);
  });
}
