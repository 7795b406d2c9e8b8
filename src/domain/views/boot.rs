//! How the built index.html starts the first module (a build step, `dsomm-preview`). Trunk
//! preloads its wasm and compiles it once the page is parsed. On a cold load of another page
//! the pages module is fetched beside it, and compiling the first module while both download
//! started it about 20 ms sooner; on the matrix the preload stays, as compiling there ran the
//! module before the pre-rendered matrix was first laid out and painted, which held that
//! paint. So trunk's preload is taken out and the page's boot script does one or the other,
//! with the URL read from `<meta name="dsomm-first">`; trunk's module script takes the
//! compiled module (`window.dsommFirst`) when there is one.

message_error!(
    /// Why the page cannot be changed (the build stops with it).
    BootError
);

/// The meta element that names the first module's wasm for the boot script.
pub const FIRST_META: &str = "dsomm-first";

/// `html` with trunk's preload of the first module's wasm replaced as the module says.
pub fn early_first_module(html: &str) -> Result<String, BootError> {
    const INIT: &str = "module_or_path: '";
    let at = html
        .find(INIT)
        .ok_or("trunk's module script (init with module_or_path) is not in the page")?
        + INIT.len();
    let url = &html[at..]
        .split('\'')
        .next()
        .filter(|u| u.ends_with("_bg.wasm") && !u.contains(['"', '<', '>', ' ']))
        .ok_or("the module script's wasm URL cannot be read")?;
    let init = format!("{INIT}{url}'");
    // Awaited here: it gives the module, or the URL again if compiling failed (a host that
    // serves wasm under another type), which wasm-bindgen's init then fetches itself; a
    // promise of a URL it would take for a module.
    let taken = format!("module_or_path: await (window.dsommFirst || '{url}')");
    let html = html.replacen(&init, &taken, 1);
    // The preload: the one <link> that names the URL and says rel=preload.
    let links: Vec<(usize, usize)> = html
        .match_indices("<link")
        .filter_map(|(start, _)| Some((start, start + html[start..].find('>')? + 1)))
        .filter(|&(s, e)| {
            let tag = &html[s..e];
            tag.contains("rel=preload")
                && [format!("href={url}"), format!("href=\"{url}\"")]
                    .iter()
                    .any(|h| tag.contains(h.as_str()))
        })
        .collect();
    let [(start, end)] = links[..] else {
        return Err(format!("expected one preload of {url}, found {}", links.len()).into());
    };
    let html = format!("{}{}", &html[..start], &html[end..]);
    let script = html
        .find("<script>")
        .ok_or("the page has no boot script (an inline <script>)")?;
    Ok(format!(
        "{}<meta name={FIRST_META} content={url}>{}",
        &html[..script],
        &html[script..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parts of trunk's minified page that matter here (its release build's shape).
    const TRUNK: &str = "<!doctype html><html lang=en><meta charset=utf-8><script>(()=>{})()</script><title>x</title><script type=module>import init, * as bindings from './dsomm-e3b6.js';\nconst wasm = await init({ module_or_path: './dsomm-e3b6_bg.wasm' });\n</script><link crossorigin href=./dsomm-e3b6.js rel=modulepreload><link as=fetch crossorigin href=./dsomm-e3b6_bg.wasm rel=preload type=application/wasm></head><body></body></html>";

    #[test]
    fn the_preload_becomes_a_meta_and_the_module_script_takes_a_compiled_module() {
        let out = early_first_module(TRUNK).unwrap();
        assert!(!out.contains("rel=preload"), "{out}");
        assert!(out.contains("<link crossorigin href=./dsomm-e3b6.js rel=modulepreload>"));
        assert!(
            out.contains("<meta name=dsomm-first content=./dsomm-e3b6_bg.wasm><script>(()=>{})()")
        );
        assert!(out.contains(
            "init({ module_or_path: await (window.dsommFirst || './dsomm-e3b6_bg.wasm') })"
        ));
        assert_eq!(out.matches("dsomm-e3b6_bg.wasm").count(), 2);
    }

    #[test]
    fn a_page_of_another_shape_stops_the_build() {
        let no_init = TRUNK.replace("module_or_path", "path");
        assert!(early_first_module(&no_init).is_err());
        let no_preload = TRUNK.replace("rel=preload ", "");
        let e = early_first_module(&no_preload).unwrap_err().to_string();
        assert!(
            e.contains("expected one preload of ./dsomm-e3b6_bg.wasm, found 0"),
            "{e}"
        );
        let twice = TRUNK.replace(
            "</head>",
            "<link rel=preload href=\"./dsomm-e3b6_bg.wasm\" as=fetch></head>",
        );
        assert!(early_first_module(&twice).is_err());
        let no_boot = TRUNK.replace("<script>(()=>{})()</script>", "");
        assert!(early_first_module(&no_boot).is_err());
        let odd = TRUNK.replace("./dsomm-e3b6_bg.wasm' })", "x\" onload=\"y_bg.wasm' })");
        assert!(early_first_module(&odd).is_err());
    }
}
