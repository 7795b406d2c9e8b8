//! Block scalars and scalars over several lines: YAML 1.2's folding, chomping and
//! indentation, the specification's examples, and what is refused.

use super::*;

fn seq(items: &[&str]) -> Value {
    Value::Seq(items.iter().map(|i| s(i)).collect())
}

/// The value of `k` in a one-key document.
fn k(text: &str) -> Value {
    match parse(text) {
        Ok(v) => v.get("k").cloned().unwrap_or(Value::Null),
        Err(e) => panic!("{e}\n{text}"),
    }
}

#[test]
fn literal_block_scalars_with_chomping_and_indentation_indicators() {
    assert_eq!(k("k: |\n  one\n  two\n"), s("one\ntwo\n"));
    assert_eq!(k("k: |-\n  one\n\n  two\n\n\n"), s("one\n\ntwo"));
    assert_eq!(k("k: |+\n  one\n  two\n\n\nnext: x\n"), s("one\ntwo\n\n\n"));
    // Text that starts with spaces needs the indentation in the header.
    assert_eq!(k("k: |2-\n    indented\n  more\n"), s("  indented\nmore"));
    assert_eq!(k("k: |-2\n    x\n"), s("  x"));
    // Lines keep what follows the indentation: more spaces, tabs, `#`, quotes, `: `.
    assert_eq!(
        k("k: |\n  'q' \"d\" \\n\n    a: b\n  \tc # not a comment\n"),
        s("'q' \"d\" \\n\n  a: b\n\tc # not a comment\n")
    );
    // Blank lines inside and at the start; a blank line with more spaces than the
    // indentation keeps the extra ones.
    assert_eq!(k("k: |\n\n  a\n\n     \n  b\n"), s("\na\n\n   \nb\n"));
    // A comment and the next key end it; empty, it is an empty string.
    assert_eq!(
        parse("a: |\n  x\n# c\nb: |\nc: |-\n\nd: >+\n\n\n").unwrap(),
        map(&[
            ("a", s("x\n")),
            ("b", s("")),
            ("c", s("")),
            ("d", s("\n\n"))
        ])
    );
    // At the end of a file without a final line break.
    assert_eq!(k("k: |\n  x"), s("x"));
    assert_eq!(k("k: |+\n  x\n\n  "), s("x\n\n"));
    assert_eq!(k("k: |\n  x\r\n  y\r\n"), s("x\ny\n"));
    assert_eq!(k("k: | # a comment\n  x\n"), s("x\n"));
    assert_eq!(k("k: |\t\n  x\n"), s("x\n"));
}

#[test]
fn folded_block_scalars() {
    assert_eq!(k("k: >\n  one\n  two\n\n  three\n"), s("one two\nthree\n"));
    assert_eq!(k("k: >-\n  one\n  two\n"), s("one two"));
    assert_eq!(k("k: >+\n  one\n  two\n\n"), s("one two\n\n"));
    // More indented lines and the line breaks around them are kept.
    assert_eq!(
        k("k: >\n  a\n  b\n    c\n    d\n  e\n\n  f\n"),
        s("a b\n  c\n  d\ne\nf\n")
    );
    assert_eq!(k("k: >\n  a\n\n    b\n\n  c\n"), s("a\n\n  b\n\nc\n"));
    assert_eq!(k("k: >\n  a\n  \tb\n  c\n"), s("a\n\tb\nc\n"));
    assert_eq!(k("k: >2-\n    x\n  y\n  z\n"), s("  x\ny z"));
    // As `yaml.stringify` folds long lines.
    assert_eq!(
        k("k: >-\n  para one is long enough to be folded when it goes on and on and on\n  and on\n\n\n  para two\n"),
        s("para one is long enough to be folded when it goes on and on and on and on\n\npara two")
    );
}

#[test]
fn block_scalars_in_lists() {
    let v = parse("- |\n  a\n  b\n- >-\n  c\n  d\n- |2+\n    e\n\n- - |-\n    f\n- x\n").unwrap();
    assert_eq!(
        v,
        Value::Seq(vec![
            s("a\nb\n"),
            s("c d"),
            s("  e\n\n"),
            seq(&["f"]),
            s("x")
        ])
    );
    let v = parse(
        "list:\n  - k: >-\n      one\n      two\n    n: |\n      x\n  - k: |\n     y\nafter: 1\n",
    )
    .unwrap();
    assert_eq!(
        v,
        map(&[
            (
                "list",
                Value::Seq(vec![
                    map(&[("k", s("one two")), ("n", s("x\n"))]),
                    map(&[("k", s("y\n"))])
                ])
            ),
            ("after", s("1"))
        ])
    );
    // A list at the key's own indentation.
    assert_eq!(k("k:\n- |-\n  a\n- b\n"), seq(&["a", "b"]));
}

#[test]
fn yaml_spec_block_scalar_examples() {
    // Example 8.1, Block Scalar Header.
    assert_eq!(
        parse("- | # Empty header\n literal\n- >1 # Indentation indicator\n  folded\n- |+ # Chomping indicator\n keep\n\n- >1- # Both indicators\n  strip\n").unwrap(),
        seq(&["literal\n", " folded\n", "keep\n\n", " strip"])
    );
    // Example 8.2, Block Indentation Indicator.
    assert_eq!(
        parse("- |\n detected\n- >\n \n  \n  # detected\n- |1\n  explicit\n- >\n \t\n detected\n")
            .unwrap(),
        seq(&[
            "detected\n",
            "\n\n# detected\n",
            " explicit\n",
            "\t\ndetected\n"
        ])
    );
    // Example 8.3, Invalid Block Scalar Indentation Indicators.
    assert!(e("- |\n  \n text\n").starts_with("line 2: this blank line"));
    assert!(e("- >\n  text\n text\n").starts_with("line 3: this line is indented less"));
    assert!(e("- |2\n text\n").starts_with("line 2: this line is indented less"));
    // Example 8.4, Chomping Final Line Break.
    assert_eq!(
        parse("strip: |-\n  text\nclip: |\n  text\nkeep: |+\n  text\n").unwrap(),
        map(&[
            ("strip", s("text")),
            ("clip", s("text\n")),
            ("keep", s("text\n"))
        ])
    );
    // Example 8.5, Chomping Trailing Lines.
    assert_eq!(
        parse(" # Strip\n  # Comments:\nstrip: |-\n  # text\n  \n # Clip\n  # comments:\n\nclip: |\n  # text\n \n # Keep\n  # comments:\n\nkeep: |+\n  # text\n\n # Trail\n  # comments.\n").unwrap(),
        map(&[("strip", s("# text")), ("clip", s("# text\n")), ("keep", s("# text\n\n"))])
    );
    // Example 8.6, Empty Scalar Chomping.
    assert_eq!(
        parse("strip: >-\n\nclip: >\n\nkeep: |+\n\n").unwrap(),
        map(&[("strip", s("")), ("clip", s("")), ("keep", s("\n"))])
    );
    // Examples 8.7 to 8.13 are documents that are one block scalar: here list items.
    // 8.7, Literal Scalar.
    assert_eq!(
        parse("- |\n literal\n \ttext\n\n").unwrap(),
        seq(&["literal\n\ttext\n"])
    );
    // 8.8, Literal Content.
    assert_eq!(
        parse("- |\n \n  \n  literal\n   \n  \n  text\n\n # Comment\n").unwrap(),
        seq(&["\n\nliteral\n \n\ntext\n"])
    );
    // 8.9, Folded Scalar.
    assert_eq!(
        parse("- >\n folded\n text\n\n").unwrap(),
        seq(&["folded text\n"])
    );
    // 8.10 Folded Lines, 8.11 More Indented Lines, 8.12 Empty Separation Lines and
    // 8.13 Final Empty Lines (one text).
    assert_eq!(
        parse("- >\n\n folded\n line\n\n next\n line\n   * bullet\n\n   * list\n   * lines\n\n last\n line\n\n# Comment\n").unwrap(),
        seq(&["\nfolded line\nnext line\n  * bullet\n\n  * list\n  * lines\n\nlast line\n"])
    );
    // Examples 6.6 and 6.7, Line Folding and Block Folding.
    assert_eq!(
        parse("- >-\n  trimmed\n  \n \n\n  as\n  space\n- >\n  foo \n \n  \t bar\n\n  baz\n")
            .unwrap(),
        seq(&["trimmed\n\n\nas space", "foo \n\n\t bar\n\nbaz\n"])
    );
    // Example 8.20, Block Types (without its tag), and 8.21, Block Scalar Nodes (a
    // header on the line after its key; without the tag).
    assert_eq!(
        parse("-\n  \"flow in block\"\n- >\n Block scalar\n").unwrap(),
        seq(&["flow in block", "Block scalar\n"])
    );
    assert_eq!(
        parse("literal: |2\n  value\nfolded:\n  >1\n value\n").unwrap(),
        map(&[("literal", s("value\n")), ("folded", s("value\n"))])
    );
}

#[test]
fn yaml_spec_multi_line_flow_scalar_examples() {
    // The examples are documents that are one scalar: here the value of a key, so
    // the lines after the first are indented.
    // Example 6.8, Flow Folding.
    assert_eq!(
        k("k: \"\n  foo \n \n  \t bar\n\n  baz\n \"\n"),
        s(" foo\nbar\nbaz ")
    );
    // Example 7.5, Double Quoted Line Breaks.
    assert_eq!(
        k("k: \"folded \n to a space,\t\n \n to a line feed, or \t\\\n \\ \tnon-content\"\n"),
        s("folded to a space,\nto a line feed, or \t \tnon-content")
    );
    // Example 7.6, Double Quoted Lines.
    assert_eq!(
        k("k: \" 1st non-empty\n\n 2nd non-empty \n \t3rd non-empty \"\n"),
        s(" 1st non-empty\n2nd non-empty 3rd non-empty ")
    );
    // Example 7.9, Single Quoted Lines.
    assert_eq!(
        k("k: ' 1st non-empty\n\n 2nd non-empty \n \t3rd non-empty '\n"),
        s(" 1st non-empty\n2nd non-empty 3rd non-empty ")
    );
    // Example 7.12, Plain Lines; also as a list item.
    assert_eq!(
        k("k: 1st non-empty\n\n 2nd non-empty \n \t3rd non-empty\n"),
        s("1st non-empty\n2nd non-empty 3rd non-empty")
    );
    assert_eq!(
        parse("- 1st non-empty\n\n  2nd non-empty \n  \t3rd non-empty\n").unwrap(),
        seq(&["1st non-empty\n2nd non-empty 3rd non-empty"])
    );
}

#[test]
fn multi_line_plain_and_quoted_scalars() {
    // Plain: a line break is a space, each blank line a `\n`; a comment ends the value.
    assert_eq!(
        parse("a: one\n  two\n\n\n  three # c\nb: x\n").unwrap(),
        map(&[("a", s("one two\n\nthree")), ("b", s("x"))])
    );
    assert_eq!(k("k: a\n  # c\n"), s("a"));
    assert_eq!(k("k: a\n  - b\n  [c] 'd'\n"), s("a - b [c] 'd'"));
    // The first line of a value on its own is kept as written; `~` starts text if
    // continued.
    assert_eq!(k("k: a  b\n"), s("a  b"));
    assert_eq!(k("k: ~\n  x\n"), s("~ x"));
    // Single quotes: `''` is a quote; white space around a line break is dropped.
    assert_eq!(
        k("k: 'it''s   \n    a  \n\n   ''quote'''\n"),
        s("it's a\n'quote'")
    );
    // Double quotes: escapes; `\` ends a line without a space; `\ ` keeps a space.
    assert_eq!(
        k("k: \"a\\tb \\\n   c\\\n   \\ d\\x41 \\\n  \n   e\"\n"),
        s("a\tb c d\u{41} \ne")
    );
    assert_eq!(k("k: \"a\\ \n  b\"\n"), s("a  b"));
    assert_eq!(
        k("k: \"#1\n  # not a comment\n  x: y\" # c\n"),
        s("#1 # not a comment x: y")
    );
    // In lists, and in lists of mappings (continuations indented past the key).
    assert_eq!(
        parse("- one\n  two\n- 'three\n  four'\n- \"five\n\n  six\"\n- k: seven\n    eight\n  n: 'nine\n    ten'\n")
            .unwrap(),
        Value::Seq(vec![
            s("one two"),
            s("three four"),
            s("five\nsix"),
            map(&[("k", s("seven eight")), ("n", s("nine ten"))])
        ])
    );
    // A long key puts `yaml.stringify`'s value on the next lines.
    assert_eq!(
        parse("a-long-key:\n  value written\n  below it\nb:\n  \"quoted\n  below\"\nc:\n  [x]\n")
            .unwrap(),
        map(&[
            ("a-long-key", s("value written below it")),
            ("b", s("quoted below")),
            ("c", seq(&["x"]))
        ])
    );
}

#[test]
fn single_line_scalars_stay_as_written() {
    let v = parse("a: 5.10\nb: x  y \nc: 'x  y '\nd: \"x\\u00A0 \"\ne: x\u{a0}\n").unwrap();
    assert_eq!(
        v,
        map(&[
            ("a", s("5.10")),
            ("b", s("x  y")),
            ("c", s("x  y ")),
            ("d", s("x\u{a0} ")),
            ("e", s("x\u{a0}"))
        ])
    );
}

/// `team-evidence.yaml` as the reference app's `yaml.stringify` writes it.
#[test]
fn reads_the_reference_evidence_file_shape() {
    let text = "evidence:
  f6f7737f-25a9-4317-8de2-09bf59f29b5b:
    - id: 0b8f7c1e-4d5a-4e7b-9d2e-1f3a5c7e9b11
      teams:
        - Team A
        - Team C
      title: Pipeline config reviewed and a rather long title that the yaml library
        folds onto a second line
      description: |-
        Jenkinsfile includes SAST stage.

        Second paragraph with \"quotes\" and 'apostrophes'.
      evidenceRecorded: 2026-03-01
      attachment:
        - type: link
          externalLink: https://jira.example.com/ABC-1
    - id: x
      teams:
        - \"  lead\"
        - |2-
            indented
          more
        - \"a: b and a very long line that goes on and on and on and on and on
          and on and on and on\"
        - \"\\\"dq\\\" very long line that goes on and on and on and on and on and on
          and on and on and on \\x01 here\"
      title: \"single\\nline with trailing\\n  \"
      description: |2+
          starts with spaces
        and then


      notes: >-
        long line that goes on and on and on and on and on and on and on and on
        and on and on
          more indented
        back
";
    // `yaml.stringify` writes "\n" as `|+` and a line of indentation only.
    let text = format!(
        "{text}      nl: |+\n{}\n      evidenceRecorded: 2026-03-02\n",
        " ".repeat(8)
    );
    let v = parse(&text).unwrap();
    let entries = v
        .get("evidence")
        .and_then(|e| e.get("f6f7737f-25a9-4317-8de2-09bf59f29b5b"))
        .unwrap();
    let Value::Seq(entries) = entries else {
        panic!("a list")
    };
    assert_eq!(
        entries[0],
        map(&[
            ("id", s("0b8f7c1e-4d5a-4e7b-9d2e-1f3a5c7e9b11")),
            ("teams", seq(&["Team A", "Team C"])),
            (
                "title",
                s("Pipeline config reviewed and a rather long title that the yaml library folds onto a second line")
            ),
            (
                "description",
                s("Jenkinsfile includes SAST stage.\n\nSecond paragraph with \"quotes\" and 'apostrophes'.")
            ),
            ("evidenceRecorded", s("2026-03-01")),
            (
                "attachment",
                Value::Seq(vec![map(&[
                    ("type", s("link")),
                    ("externalLink", s("https://jira.example.com/ABC-1"))
                ])])
            ),
        ])
    );
    let e = &entries[1];
    assert_eq!(
        e.get("teams"),
        Some(&seq(&[
            "  lead",
            "  indented\nmore",
            "a: b and a very long line that goes on and on and on and on and on and on and on and on",
            "\"dq\" very long line that goes on and on and on and on and on and on and on and on and on \u{1} here",
        ]))
    );
    assert_eq!(e.get("title"), Some(&s("single\nline with trailing\n  ")));
    assert_eq!(
        e.get("description"),
        Some(&s("  starts with spaces\nand then\n\n\n"))
    );
    assert_eq!(
        e.get("notes"),
        Some(&s("long line that goes on and on and on and on and on and on and on and on and on and on\n  more indented\nback"))
    );
    assert_eq!(e.get("nl"), Some(&s("\n")));
    assert_eq!(e.get("evidenceRecorded"), Some(&s("2026-03-02")));
}

#[test]
fn bad_block_and_multi_line_scalars_are_refused() {
    // Headers.
    for header in [
        "|x", "|0", "|10", "|--", "|+-2", ">-+", "|#c", "| x", ">1 2",
    ] {
        let msg = e(&format!("k: {header}\n  text\n"));
        assert!(
            msg.starts_with("line 1: the block scalar header") && msg.contains("not valid"),
            "{header}: {msg}"
        );
    }
    assert!(e("|\n  x\n").contains("a key cannot start with |"));
    assert!(e("? |\n  x\n").contains("complex mapping keys"));
    // Indentation.
    assert_eq!(
        e("a:\n  k: |\n      one\n     two\n"),
        "line 4: this line is indented less than the text of the block scalar above \
             (6 spaces) but more than its key"
    );
    assert!(e("k: |\n    \n  x\n").starts_with("line 2: this blank line at the start"));
    assert!(e("k: |\n  x\n y\n").starts_with("line 3: this line is indented less"));
    assert!(e("k: |\n    x\n  # c\n    y\n").starts_with("line 4: unexpected indentation"));
    assert!(e("k: |\n  x\n # c\n  y\n").starts_with("line 4: unexpected indentation"));
    assert!(e("- k: |\n   x\n  y\n").contains("line 3: expected `key: value`"));
    // Tabs as indentation, in and after scalars over several lines.
    assert_eq!(
        e("k: |\n  x\n\ty\n"),
        "line 3: tabs cannot be used for indentation"
    );
    assert_eq!(
        e("k: |\n\tx\n"),
        "line 2: tabs cannot be used for indentation"
    );
    assert_eq!(
        e("a:\n  k: |\n    x\n \ty\n"),
        "line 4: tabs cannot be used for indentation"
    );
    assert_eq!(
        e("k: 'a\n\tb'\n"),
        "line 2: tabs cannot be used for indentation"
    );
    assert_eq!(
        e("k: a\n\tb\n"),
        "line 2: tabs cannot be used for indentation"
    );
    assert_eq!(
        e("k:\n  \tb: 1\n"),
        "line 2: tabs cannot be used for indentation"
    );
    assert_eq!(
        e("k:\n\t- b\n"),
        "line 2: tabs cannot be used for indentation"
    );
    // Quotes.
    assert_eq!(e("k: \"a\n  b\n"), "line 1: a quoted value is not closed");
    assert_eq!(
        e("a: 'x\nb: y'\n"),
        "line 1: a quoted value is not closed (line 2 would continue it, but is not \
             indented more than its key)"
    );
    assert!(e("- k: 'x\n  y'\n").contains("line 1: a quoted value is not closed"));
    assert!(e("k: \"a\n  b\" c\n").contains("line 2: unexpected text after a quoted value"));
    assert!(e("k: \"a\n  \\q\"\n").contains("line 2: unknown escape \\q"));
    assert!(e("k: {a: \"x\n  y\"}\n").contains("line 1: a quoted value is not closed on its line"));
    assert!(e("\"a\n b\": 1\n").contains("not closed on its line"));
    // Plain continuations cannot hold `: `; a comment ends the value.
    assert_eq!(
        e("a: 1\n   b: 2\n"),
        "line 2: unexpected indentation, or an unquoted `: ` in a value continued from line 1"
    );
    assert!(e("k: a # c\n  b\n").starts_with("line 2: unexpected indentation"));
    assert!(e("k: a\n  # c\n  b\n").starts_with("line 3: unexpected indentation"));
    // Still refused inside the new syntax.
    assert!(e("k: |\n  x\n---\nb: 1\n").contains("more than one YAML document"));
    assert!(e("k: |\n  \u{1}\n").contains("control character U+0001"));
    assert!(e("k: |\n  x\n&a b: 1\n").contains("anchors"));
    assert!(e("k: 'x\n  y'\n!t b: 1\n").contains("tags"));
    assert!(e("k: >\n  x\n  *a\nb: *a\n").contains("line 4: anchors and aliases"));
}

#[test]
fn a_large_file_with_block_scalars_is_read_in_linear_time() {
    // About 5 MB of evidence entries with folded titles and block descriptions.
    let entry = "    - id: 0b8f7c1e-4d5a-4e7b-9d2e-1f3a5c7e9b11
      teams:
        - Team A
      title: Pipeline config reviewed and a rather long title that the yaml library
        folds onto a second line
      description: |-
        Jenkinsfile includes SAST stage.

        Second paragraph with \"quotes\" and 'apostrophes'.
      note: \"a long double-quoted text that the yaml library folds at a space \\
        and at \\\"escapes\\\"\"
      evidenceRecorded: 2026-03-01
";
    let n = 5_000_000 / entry.len();
    let text = format!("evidence:\n  u:\n{}", entry.repeat(n));
    let v = parse(&text).unwrap();
    let Some(Value::Seq(items)) = v.get("evidence").and_then(|e| e.get("u")) else {
        panic!("a list")
    };
    assert_eq!(items.len(), n);
    assert_eq!(
        items[n - 1].get("note"),
        Some(&s(
            "a long double-quoted text that the yaml library folds at a space and at \"escapes\""
        ))
    );
    // Long runs of blank lines and of continuation lines are each read once.
    let blank = "\n".repeat(1_000_000);
    assert_eq!(
        k(&format!("k: |+\n{blank}  x\n{blank}")).as_scalar_len(),
        2_000_002
    );
    assert_eq!(k(&format!("k: a\n{blank}  b\n")).as_scalar_len(), 1_000_002);
    let cont = "  b\n".repeat(500_000);
    assert_eq!(k(&format!("k: a\n{cont}")).as_scalar_len(), 1_000_001);
    assert_eq!(k(&format!("k: 'a\n{cont}  '\n")).as_scalar_len(), 1_000_002);
    assert_eq!(k(&format!("k: >\n{cont}")).as_scalar_len(), 1_000_000);
    let many: String = (0..100_000)
        .map(|i| format!("k{i}: \"a\n  b\"\n"))
        .collect();
    assert!(matches!(parse(&many), Ok(Value::Map(m)) if m.len() == 100_000));
}

impl Value {
    fn as_scalar_len(&self) -> usize {
        match self {
            Value::Scalar(s) => s.len(),
            _ => usize::MAX,
        }
    }
}
