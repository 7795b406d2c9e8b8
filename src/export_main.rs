//! The third wasm module: writes spreadsheet exports (XLSX with rust_xlsxwriter, CSV with the
//! csv crate). The pages module loads it only when a user exports (`src/ui/export.rs`), so no
//! page's first load carries the workbook writer.

#[cfg(target_arch = "wasm32")]
mod exports {
    use dsomm::domain::formats::sheet::{decode_sheets, to_csv, to_xlsx};
    use wasm_bindgen::prelude::*;

    /// Writes the sheets `data` holds (`sheet::encode_sheets`) as `kind` ("xlsx": one
    /// workbook with every sheet; "csv": the first sheet).
    #[wasm_bindgen]
    pub fn export_sheets(kind: &str, data: &str) -> Result<Vec<u8>, JsValue> {
        let sheets = decode_sheets(data).map_err(|e| JsValue::from_str(&e.to_string()))?;
        match kind {
            "xlsx" => to_xlsx(&sheets).map_err(|e| JsValue::from_str(&e.to_string())),
            "csv" => sheets
                .first()
                .map(to_csv)
                .ok_or_else(|| JsValue::from_str("nothing to export")),
            other => Err(JsValue::from_str(&format!("unknown export kind {other}"))),
        }
    }
}

fn main() {}
