//! Obtains the pinned DSOMM model, checks it and generates the typed model the app embeds
//! (all in the build-time crate `crates/model-build`, so its YAML and markdown parsers stay
//! out of the wasm).

fn main() {
    dsomm_model_build::run();
}
