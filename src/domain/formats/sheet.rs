//! Spreadsheet exports: a [`Sheet`] (what the pages build, `super::exports`), written as CSV
//! (the `csv` crate: RFC 4180 quoting, UTF-8 with a BOM so Excel reads it as UTF-8) or as an
//! XLSX workbook (`rust_xlsxwriter`, in the export module that is loaded only when a user
//! exports, `src/export_main.rs`).
//!
//! No text can become a formula or a link: XLSX cells are written as strings (never parsed
//! as formulas, never turned into hyperlinks), and in CSV, where the program opening the
//! file decides, a text starting with a formula trigger gets a leading `'` ([`csv_text`],
//! OWASP's CSV-injection guidance).

use std::borrow::Cow;

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    /// An integer (levels, counts).
    Int(i64),
    /// `done` of `of` (`of` > 0), shown as a percentage. Integers, not a float: formatting
    /// and parsing floats would add about 8 KB of code to the pages module.
    Share {
        done: u32,
        of: u32,
    },
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

/// One worksheet: a header row, then one row per record (each as long as the header).
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    /// Worksheet name (Excel: at most 31 characters, none of `[]:*?/\`).
    pub name: String,
    /// (title, width in characters) of each column.
    pub columns: Vec<(String, u16)>,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub fn new(name: &str, columns: Vec<(String, u16)>) -> Sheet {
        Sheet {
            name: sheet_name(name),
            columns,
            rows: Vec::new(),
        }
    }

    /// Adds a row, cut or padded to the number of columns.
    pub fn push(&mut self, mut row: Vec<Cell>) {
        row.resize(self.columns.len(), Cell::Empty);
        self.rows.push(row);
    }
}

/// A worksheet name Excel accepts: without `[]:*?/\`, at most 31 characters, not empty.
pub fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c) && !c.is_control())
        .take(31)
        .collect();
    if clean.trim().is_empty() {
        "Sheet1".into()
    } else {
        clean
    }
}

/// Excel's longest cell text; longer texts are cut (with "…") rather than refused.
pub const MAX_CELL_CHARS: usize = 32_767;

/// A text cut to [`MAX_CELL_CHARS`].
pub fn cell_text(text: &str) -> Cow<'_, str> {
    if text.len() <= MAX_CELL_CHARS {
        return Cow::Borrowed(text);
    }
    match text.char_indices().nth(MAX_CELL_CHARS - 1) {
        Some((at, _)) => Cow::Owned(format!("{}…", &text[..at])),
        None => Cow::Borrowed(text),
    }
}

/// Characters that make a spreadsheet program read a CSV cell as a formula (OWASP CSV
/// injection: `=`, `+`, `-`, `@`, tab, carriage return; and the full-width forms some
/// programs also accept).
const FORMULA_TRIGGERS: &[char] = &['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// The text of a CSV cell: a text whose first non-space character is a formula trigger
/// gets a leading `'`, so it stays text (numbers the app wrote itself are not texts).
pub fn csv_text(text: &str) -> Cow<'_, str> {
    let text = cell_text(text);
    let first = text.trim_start_matches(' ').chars().next();
    match first {
        Some(c) if FORMULA_TRIGGERS.contains(&c) => Cow::Owned(format!("'{text}")),
        _ => text,
    }
}

/// A share as the CSV shows it (`75%`, rounded half up).
fn percent_text(done: u32, of: u32) -> String {
    let of = u64::from(of.max(1));
    let pct = (u64::from(done) * 200 + of) / (2 * of);
    format!("{}%", pct.min(100))
}

/// The sheet as CSV: UTF-8 with a byte-order mark, comma-separated, RFC 4180 quoting, CRLF
/// line ends, every text through [`csv_text`].
pub fn to_csv(sheet: &Sheet) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice("\u{feff}".as_bytes());
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let header: Vec<Cow<str>> = sheet.columns.iter().map(|(t, _)| csv_text(t)).collect();
    // Writing to a Vec cannot fail.
    let _ = w.write_record(header.iter().map(|c| c.as_bytes()));
    for row in &sheet.rows {
        let fields: Vec<Cow<str>> = row
            .iter()
            .map(|c| match c {
                Cell::Text(t) => csv_text(t),
                Cell::Int(n) => Cow::Owned(n.to_string()),
                Cell::Share { done, of } => Cow::Owned(percent_text(*done, *of)),
                Cell::Empty => Cow::Borrowed(""),
            })
            .collect();
        let _ = w.write_record(fields.iter().map(|c| c.as_bytes()));
    }
    w.into_inner().unwrap_or_default()
}

/// Sheets as one string, to hand them to the export module (another wasm module, reached
/// through JavaScript): every field as `<length>:<text>`, so any text survives.
pub fn encode_sheets(sheets: &[Sheet]) -> String {
    let mut out = String::new();
    let mut field = |s: &str| {
        out.push_str(&s.len().to_string());
        out.push(':');
        out.push_str(s);
    };
    field(&sheets.len().to_string());
    for sheet in sheets {
        field(&sheet.name);
        field(&sheet.columns.len().to_string());
        for (title, width) in &sheet.columns {
            field(title);
            field(&width.to_string());
        }
        field(&sheet.rows.len().to_string());
        for row in &sheet.rows {
            for cell in row {
                match cell {
                    Cell::Text(t) => {
                        field("t");
                        field(t);
                    }
                    Cell::Int(n) => {
                        field("i");
                        field(&n.to_string());
                    }
                    Cell::Share { done, of } => {
                        field("s");
                        field(&done.to_string());
                        field(&of.to_string());
                    }
                    Cell::Empty => field("e"),
                }
            }
        }
    }
    out
}

message_error!(
    /// Why sheets cannot be read back or written as a workbook (the export module's).
    SheetError
);

/// Reads what [`encode_sheets`] wrote.
pub fn decode_sheets(text: &str) -> Result<Vec<Sheet>, SheetError> {
    let mut rest = text;
    let mut field = || -> Result<&str, &'static str> {
        let (len, tail) = rest.split_once(':').ok_or("a field has no length")?;
        let len: usize = len
            .parse()
            .map_err(|_| "a field's length is not a number")?;
        let value = tail.get(..len).ok_or("a field is cut short")?;
        rest = &tail[len..];
        Ok(value)
    };
    let number = |s: &str| s.parse::<usize>().map_err(|_| format!("not a count: {s}"));
    let mut sheets = Vec::new();
    for _ in 0..number(field()?)? {
        let name = field()?.to_string();
        let mut columns = Vec::new();
        for _ in 0..number(field()?)? {
            let title = field()?.to_string();
            let width = field()?
                .parse()
                .map_err(|_| "a column width is not a number")?;
            columns.push((title, width));
        }
        let mut sheet = Sheet::new(&name, columns);
        for _ in 0..number(field()?)? {
            let mut row = Vec::with_capacity(sheet.columns.len());
            for _ in 0..sheet.columns.len() {
                row.push(match field()? {
                    "t" => Cell::Text(field()?.to_string()),
                    "i" => Cell::Int(field()?.parse().map_err(|_| "not an integer")?),
                    "s" => Cell::Share {
                        done: field()?.parse().map_err(|_| "not a count")?,
                        of: field()?.parse().map_err(|_| "not a count")?,
                    },
                    "e" => Cell::Empty,
                    other => return Err(format!("unknown cell kind {other}").into()),
                });
            }
            sheet.rows.push(row);
        }
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// Writes sheets as an XLSX workbook: header row bold and frozen, an autofilter over the
/// table, the given column widths, texts wrapped at the top of their cells; every text is
/// written as a string cell, so nothing becomes a formula or a link.
pub fn to_xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, SheetError> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| SheetError::from(e.to_string());
    let mut book = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let percent = Format::new()
        .set_num_format("0%")
        .set_align(FormatAlign::Top);
    let int = Format::new().set_align(FormatAlign::Top);
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name).map_err(err)?;
        for (c, (title, width)) in sheet.columns.iter().enumerate() {
            let c = c as u16;
            ws.set_column_width(c, f64::from(*width)).map_err(err)?;
            ws.write_string_with_format(0, c, cell_text(title), &header)
                .map_err(err)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(t) => ws.write_string_with_format(r, c, cell_text(t), &text),
                    Cell::Int(n) => ws.write_number_with_format(r, c, *n as f64, &int),
                    Cell::Share { done, of } => ws.write_number_with_format(
                        r,
                        c,
                        f64::from(*done) / f64::from((*of).max(1)),
                        &percent,
                    ),
                    Cell::Empty => Ok(&mut *ws),
                }
                .map_err(err)?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(err)?;
        let last_col = sheet.columns.len().saturating_sub(1) as u16;
        ws.autofilter(0, 0, sheet.rows.len() as u32, last_col)
            .map_err(err)?;
    }
    book.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Sheet {
        let mut s = Sheet::new(
            "Mappings: all/teams?",
            vec![
                ("Name".into(), 20),
                ("Level".into(), 6),
                ("Share".into(), 8),
            ],
        );
        s.push(vec![
            "=HYPERLINK(\"http://x\")".into(),
            Cell::Int(2),
            Cell::Share { done: 1, of: 2 },
        ]);
        s.push(vec![
            "a, \"quoted\"\nline".into(),
            Cell::Int(-3),
            Cell::Empty,
        ]);
        s.push(vec![
            "  +1".into(),
            Cell::Empty,
            Cell::Share { done: 3, of: 3 },
        ]);
        s.push(vec!["-2".into()]);
        s
    }

    #[test]
    fn sheet_names_are_what_excel_accepts() {
        assert_eq!(sample().name, "Mappings allteams");
        assert_eq!(sheet_name("[]"), "Sheet1");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
    }

    #[test]
    fn formula_triggers_never_start_a_csv_cell() {
        for t in [
            "=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "  =1", "＝1",
        ] {
            assert!(csv_text(t).starts_with('\''), "{t:?}");
        }
        for t in ["Team A", "1.2", "", "a=b", "5.10"] {
            assert_eq!(csv_text(t), t);
        }
    }

    #[test]
    fn csv_has_bom_crlf_and_rfc4180_quoting() {
        let bytes = to_csv(&sample());
        assert!(bytes.starts_with("\u{feff}".as_bytes()));
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("\r\n"));
        // Read back with the csv crate: every cell as written (texts neutralised).
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(rows[0], ["Name", "Level", "Share"]);
        assert_eq!(rows[1], ["'=HYPERLINK(\"http://x\")", "2", "50%"]);
        assert_eq!(rows[2], ["a, \"quoted\"\nline", "-3", ""]);
        assert_eq!(rows[3], ["'  +1", "", "100%"]);
        assert_eq!(rows[4], ["'-2", "", ""]);
    }

    #[test]
    fn sheets_survive_the_trip_to_the_export_module() {
        let mut odd = Sheet::new("x", vec![("1:2".into(), 3)]);
        odd.push(vec!["12:ab:\u{2028}é🙂".into()]);
        let sheets = vec![sample(), odd, Sheet::new("empty", vec![])];
        assert_eq!(decode_sheets(&encode_sheets(&sheets)).unwrap(), sheets);
        assert!(decode_sheets("1:1").is_err());
        assert!(decode_sheets("1:1x").is_err());
        assert!(decode_sheets("999999:").is_err());
    }

    #[test]
    fn long_texts_are_cut_to_excels_limit() {
        let long = "é".repeat(MAX_CELL_CHARS + 10);
        let cut = cell_text(&long);
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with('…'));
    }

    // Host only (calamine).
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn characters_xml_cannot_hold_still_give_a_workbook_that_opens() {
        use calamine::{Reader, Xlsx};
        let mut s = Sheet::new("odd", vec![("T".into(), 10)]);
        s.push(vec!["a\u{1}b\u{b}c\u{fffe}d\ttab\r\nline".into()]);
        let bytes = to_xlsx(&[s]).unwrap();
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("odd").unwrap();
        let text = range.get_value((1, 0)).unwrap().to_string();
        assert!(text.starts_with('a') && text.contains("line"), "{text:?}");
    }

    // Host only (calamine).
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn xlsx_cells_read_back_as_written_and_texts_stay_texts() {
        use calamine::{Data, Reader, Xlsx};
        let bytes = to_xlsx(&[sample()]).unwrap();
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["Mappings allteams"]);
        let range = book.worksheet_range("Mappings allteams").unwrap();
        let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(0, 0), Data::String("Name".into()));
        assert_eq!(cell(1, 0), Data::String("=HYPERLINK(\"http://x\")".into()));
        assert_eq!(cell(1, 1), Data::Float(2.0));
        assert_eq!(cell(1, 2), Data::Float(0.5));
        assert_eq!(cell(2, 0), Data::String("a, \"quoted\"\nline".into()));
        assert_eq!(cell(3, 0), Data::String("  +1".into()));
        // No formula anywhere in the workbook.
        let formulas = book.worksheet_formula("Mappings allteams").unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    }
}
