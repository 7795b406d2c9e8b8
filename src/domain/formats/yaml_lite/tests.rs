use super::*;

fn s(v: &str) -> Value {
    Value::Scalar(v.into())
}

fn map(entries: &[(&str, Value)]) -> Value {
    Value::Map(
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

#[test]
fn block_mappings_with_comments_and_quotes() {
    let v = parse(
        "# header\nprogress:\n  f6f7:  # Defined build process\n    'Team A':\n      'Started': 2025-01-10 # c\n    \"O'Brien: \\\"ops\\\"\":\n      Started: 2025-04-02\n",
    )
    .unwrap();
    let team_a = map(&[("Started", s("2025-01-10"))]);
    let obrien = map(&[("Started", s("2025-04-02"))]);
    let expected = map(&[(
        "progress",
        map(&[(
            "f6f7",
            map(&[("Team A", team_a), ("O'Brien: \"ops\"", obrien)]),
        )]),
    )]);
    assert_eq!(v, expected);
}

#[test]
fn sequences_block_and_flow() {
    let v = parse("teams:\n- Team A\n- 'Team B'\ngroups:\n  G: [Team A, \"Team, B\"]\nlist:\n  - id: 1\n    teams: [x]\n  - id: 2\nempty: []\nnone:\n").unwrap();
    assert_eq!(
        v.get("teams"),
        Some(&Value::Seq(vec![s("Team A"), s("Team B")]))
    );
    assert_eq!(
        v.get("groups").unwrap().get("G"),
        Some(&Value::Seq(vec![s("Team A"), s("Team, B")]))
    );
    let list = v.get("list").unwrap();
    assert_eq!(
        list,
        &Value::Seq(vec![
            map(&[("id", s("1")), ("teams", Value::Seq(vec![s("x")]))]),
            map(&[("id", s("2"))])
        ])
    );
    assert_eq!(v.get("empty"), Some(&Value::Seq(vec![])));
    assert_eq!(v.get("none"), Some(&Value::Null));
}

#[test]
fn flow_mappings_and_scalars_as_written() {
    let v = parse(
        "a: {type: link, externalLink: 'https://x.example/a?b=c#d', n: 5.10}\nb: 5.10\nc: ~\n",
    )
    .unwrap();
    assert_eq!(
        v.get("a"),
        Some(&map(&[
            ("type", s("link")),
            ("externalLink", s("https://x.example/a?b=c#d")),
            ("n", s("5.10"))
        ]))
    );
    assert_eq!(v.get("b"), Some(&s("5.10")));
    assert_eq!(v.get("c"), Some(&Value::Null));
    assert_eq!(
        parse("a: https://x.example/p:8080\n").unwrap().get("a"),
        Some(&s("https://x.example/p:8080"))
    );
}

#[test]
fn escapes_in_double_quotes() {
    let v = parse("k: \"a\\\\b\\n\\t\\u00e9\\x41\\\"\\/\"\n").unwrap();
    assert_eq!(v.get("k"), Some(&s("a\\b\n\té\u{41}\"/")));
    assert_eq!(parse("k: 'it''s'\n").unwrap().get("k"), Some(&s("it's")));
}

#[test]
fn document_markers() {
    assert_eq!(parse("---\na: 1\n...\n").unwrap(), map(&[("a", s("1"))]));
    assert_eq!(parse("").unwrap(), Value::Null);
    assert_eq!(parse("# only a comment\n").unwrap(), Value::Null);
    assert_eq!(parse("\u{feff}a: 1\r\n").unwrap(), map(&[("a", s("1"))]));
}

fn e(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

#[test]
fn refuses_what_assessment_files_never_need() {
    assert_eq!(
        e("a: &x 1\nb: *x\n"),
        "line 1: anchors and aliases (& and *) are not supported"
    );
    assert!(e("a: [*x]\n").contains("aliases"));
    assert!(e("a: !!str 1\n").contains("tags"));
    assert!(e("a: 1\n---\nb: 2\n").contains("line 2: the file holds more than one YAML document"));
    assert!(e("a: 1\na: 2\n").contains("line 2: the key \"a\" appears twice"));
    assert!(e("a:\n\tb: 1\n").contains("tabs"));
    assert!(e("a: \"open\n").contains("not closed"));
    assert!(e("a: [1, 2\n").contains("not closed"));
    assert!(e("a: 1\n   b: 2\n").contains("line 2: unexpected indentation"));
    assert!(e("just text\n").contains("expected `key: value`"));
    assert!(e("a: b: c\n").contains("quote it"));
    assert!(e("a: \u{0}\n").contains("control character"));
    assert!(e("? complex\n").contains("complex mapping keys"));
    assert!(e("a: \"\\q\"\n").contains("unknown escape"));
}

#[test]
fn review_cases() {
    assert_eq!(
        parse("-\n- b\n").unwrap(),
        Value::Seq(vec![Value::Null, s("b")])
    );
    assert_eq!(
        parse("a:\n  - x\n  -\n  - y\n").unwrap().get("a"),
        Some(&Value::Seq(vec![s("x"), Value::Null, s("y")]))
    );
    assert_eq!(parse("- # c\n").unwrap(), Value::Seq(vec![Value::Null]));
    assert_eq!(
        parse("a: b\t# c\n  \t# comment\n").unwrap().get("a"),
        Some(&s("b"))
    );
    assert_eq!(parse("a: b#c\n").unwrap().get("a"), Some(&s("b#c")));
    assert!(e("k: \"\\x+1\"\n").contains("bad escape"));
    assert_eq!(
        parse("k: \"\\ud83d\\ude80\"\n").unwrap().get("k"),
        Some(&s("🚀"))
    );
    assert!(e("k: \"\\ud83d x\"\n").contains("bad escape"));
    assert!(e("k: \"\\ude80\"\n").contains("bad escape"));
    assert!(e("&a x: 1\n").contains("anchors"));
    assert!(e("!t k: 1\n").contains("tags"));
    assert!(e("a: 1\n...\nb: 2\n").contains("line 3: the file holds more than one"));
    assert!(e("a: [x,,y]\n").contains("empty entry"));
    assert!(e("a: [x #y]\n").contains("comments inside"));
    // The reference app's unescaped single quotes.
    let v = parse("'O'Brien':\n  'Started': 2025-01-01\n").unwrap();
    assert_eq!(
        v.get("O'Brien").and_then(|x| x.get("Started")),
        Some(&s("2025-01-01"))
    );
}

#[test]
fn one_line_json_is_read() {
    let v = parse("{\"Team A\":{\"Started\":\"2025-01-10\"},\"B\":{}}").unwrap();
    assert_eq!(
        v.get("Team A").and_then(|t| t.get("Started")),
        Some(&s("2025-01-10"))
    );
    assert_eq!(v.get("B"), Some(&Value::Map(vec![])));
    assert_eq!(
        parse("[\"a\",\"b\"]").unwrap(),
        Value::Seq(vec![s("a"), s("b")])
    );
    assert_eq!(
        parse("{\"n\":5,\"x\":null}").unwrap().get("n"),
        Some(&s("5"))
    );
}

#[test]
fn many_keys_are_read_in_linear_time() {
    let text: String = (0..100_000).map(|i| format!("k{i}: v\n")).collect();
    assert!(matches!(parse(&text), Ok(Value::Map(m)) if m.len() == 100_000));
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    // A long list of bare dashes is a flat list, not nesting.
    assert!(matches!(parse(&"-\n".repeat(100_000)), Ok(Value::Seq(v)) if v.len() == 100_000));
    let flow = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    assert!(e(&flow).contains("too deep"));
    let mut block = String::new();
    for i in 0..200 {
        block.push_str(&" ".repeat(i));
        block.push_str("k:\n");
    }
    assert!(e(&block).contains("too deep"));
}

mod scalars;

#[cfg(not(target_arch = "wasm32"))]
mod props {
    use super::*;
    use proptest::prelude::*;

    fn matches_json(ours: &Value, json: &serde_json::Value, path: &str, strings: &mut usize) {
        match (ours, json) {
            (Value::Scalar(a), serde_json::Value::String(b)) => {
                assert_eq!(a, b, "at {path}");
                *strings += 1;
            }
            (Value::Seq(a), serde_json::Value::Array(b)) => {
                assert_eq!(a.len(), b.len(), "at {path}");
                for (i, (x, y)) in a.iter().zip(b).enumerate() {
                    matches_json(x, y, &format!("{path}[{i}]"), strings);
                }
            }
            (Value::Map(a), serde_json::Value::Object(b)) => {
                assert_eq!(a.len(), b.len(), "at {path}");
                for (k, x) in a {
                    matches_json(x, &b[k], &format!("{path}/{k}"), strings);
                }
            }
            _ => panic!("at {path}: {ours:?} is not {json}"),
        }
    }

    /// Random strings as the reference app's `yaml` library writes them (block scalars
    /// with every indicator, folded plain and quoted lines, escapes), with the same data
    /// as JSON; made by scripts/yaml-stringify-fixture.mjs.
    #[test]
    fn reads_what_the_reference_yaml_library_writes() {
        let yaml = include_str!("../../../../tests/fixtures/yaml-stringify.yaml");
        let json = include_str!("../../../../tests/fixtures/yaml-stringify.json");
        let json: serde_json::Value = serde_json::from_str(json).unwrap();
        let mut strings = 0;
        matches_json(&parse(yaml).unwrap(), &json, "", &mut strings);
        assert!(strings > 100);
        for header in ["|", "|-", "|+", "|2-", ">", ">-", ">+", ">2"] {
            let written = yaml.lines().any(|l| l.ends_with(&format!(" {header}")));
            assert!(written, "the fixture has no {header} block");
        }
        assert!(
            yaml.lines().any(|l| l.ends_with('\\')),
            "no escaped line break"
        );
    }

    /// A tiny deterministic generator (xorshift64*): the same documents on every run.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32) as usize % n
        }

        fn chance(&mut self, percent: usize) -> bool {
            self.below(100) < percent
        }

        fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
            xs[self.below(xs.len())]
        }

        fn indent(&mut self, at_least: usize, more: usize) -> String {
            " ".repeat(at_least + self.below(more + 1))
        }
    }

    const WORDS: [&str; 22] = [
        "a",
        "b c",
        "x:y",
        "#z",
        "a #c",
        "it's",
        "say \"hi\"",
        "-",
        "- d",
        "? q",
        "k: v",
        "  sp",
        "e ",
        "\\",
        "\\n",
        "é ü",
        "--",
        "[x]",
        "{y}",
        "%p",
        "@",
        "a:",
    ];

    /// A value for a key or item in column `n`: the text after `key:` or `-`, and the
    /// lines after it.
    fn value(r: &mut Rng, n: usize, depth: usize) -> (String, Vec<String>) {
        let mut lines = Vec::new();
        let p = r.below(100);
        let first = if p < 35 {
            let given = r.chance(30).then(|| 1 + r.below(3));
            let mut header = r.pick(&["|", ">"]).to_string();
            if let Some(k) = given {
                header += &k.to_string();
            }
            header += r.pick(&["", "", "-", "+"]);
            if r.chance(20) {
                header += r.pick(&[" # c", "  #c"]);
            }
            let m = n + given.unwrap_or_else(|| 1 + r.below(3));
            for _ in 0..r.below(6) {
                let q = r.below(100);
                lines.push(match q {
                    0..15 => r.indent(0, m + 2),
                    15..25 => r.indent(m + 1, 2) + r.pick(&WORDS),
                    25..30 => " ".repeat(m) + "\t" + r.pick(&WORDS),
                    30..33 => r.indent(0, m) + "# comment",
                    _ => " ".repeat(m) + r.pick(&WORDS),
                });
            }
            format!(" {header}")
        } else if p < 55 {
            let q = r.pick(&["\"", "'"]);
            let word = |r: &mut Rng| {
                r.pick(&WORDS)
                    .replace([q.chars().next().unwrap_or('"'), '\\'], "")
            };
            let mut parts = vec![format!("{q}{}{}", r.pick(&["", " "]), word(r))];
            for _ in 0..r.below(4) {
                let k = r.below(100);
                if k < 20 {
                    parts.push(r.indent(0, n + 2));
                } else {
                    if q == "\"" && k < 35 {
                        if let Some(last) = parts.last_mut() {
                            last.push('\\');
                        }
                    }
                    let lead = r.indent(n + 1, 2) + r.pick(&["", "\t"]);
                    parts.push(lead + &word(r) + r.pick(&["", " "]));
                }
            }
            if let Some(last) = parts.last_mut() {
                last.push_str(q);
            }
            let first = format!(" {}", parts.remove(0));
            lines.extend(parts);
            first
        } else if p < 70 {
            for _ in 0..r.below(4) {
                let k = r.below(100);
                lines.push(match k {
                    0..20 => r.indent(0, n + 2),
                    20..25 => " ".repeat(n + 1) + "# c",
                    _ => r.indent(n + 1, 2) + r.pick(&["p", "q r", "- s", "t #c", "u:v", "[w]"]),
                });
            }
            format!(" {}", r.pick(&["a", "b c", "word", "x y z"]))
        } else if depth < 2 && p < 85 {
            lines = list(r, n + 2, depth + 1);
            String::new()
        } else if depth < 2 {
            lines = mapping(r, n + 2, depth + 1);
            String::new()
        } else {
            " x".into()
        };
        (first, lines)
    }

    fn mapping(r: &mut Rng, col: usize, depth: usize) -> Vec<String> {
        let mut out = Vec::new();
        for i in 0..1 + r.below(3) {
            let (first, rest) = value(r, col, depth);
            out.push(format!("{}k{i}:{first}", " ".repeat(col)));
            out.extend(rest);
        }
        out
    }

    fn list(r: &mut Rng, col: usize, depth: usize) -> Vec<String> {
        let mut out = Vec::new();
        for _ in 0..1 + r.below(3) {
            if r.chance(30) {
                let (first, rest) = value(r, col + 2, depth);
                out.push(format!("{}- k:{first}", " ".repeat(col)));
                out.extend(rest);
                if r.chance(50) {
                    let (first, rest) = value(r, col + 2, depth);
                    out.push(format!("{}k2:{first}", " ".repeat(col + 2)));
                    out.extend(rest);
                }
            } else {
                let (first, rest) = value(r, col, depth);
                out.push(format!("{}-{first}", " ".repeat(col)));
                out.extend(rest);
            }
        }
        out
    }

    fn same(ours: &Value, theirs: &serde_yaml::Value) -> bool {
        use serde_yaml::Value as Y;
        match (ours, theirs) {
            (Value::Null, Y::Null) => true,
            (Value::Scalar(a), Y::String(b)) => a == b,
            (Value::Seq(a), Y::Sequence(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
            }
            (Value::Map(a), Y::Mapping(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, x)| b.get(k.as_str()).is_some_and(|y| same(x, y)))
            }
            _ => false,
        }
    }

    /// Generated documents full of block scalars and folded lines read as libyaml (a
    /// full YAML parser) reads them, whenever both read them.
    #[test]
    fn agrees_with_a_full_yaml_parser() {
        let mut r = Rng(0x9E37_79B9_7F4A_7C15);
        let mut both = 0;
        for _ in 0..3000 {
            let mut lines = if r.chance(70) {
                mapping(&mut r, 0, 0)
            } else {
                list(&mut r, 0, 0)
            };
            if r.chance(80) {
                lines.push(String::new());
            }
            let doc = lines.join("\n");
            let (Ok(ours), Ok(theirs)) = (parse(&doc), serde_yaml::from_str(&doc)) else {
                continue;
            };
            assert!(
                same(&ours, &theirs),
                "{doc:?}\nours: {ours:?}\nlibyaml: {theirs:?}"
            );
            both += 1;
        }
        assert!(both > 2000, "only {both} documents were read by both");
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(text in "(?s).{0,200}") {
            let _ = parse(&text);
        }

        #[test]
        fn never_panics_on_yamlish_text(text in "[ a-z:'\"#\\-\\[\\]{},\n\\\\]{0,120}") {
            let _ = parse(&text);
        }

        #[test]
        fn never_panics_on_block_and_folded_scalars(text in "[ a-c:'\"#\\-|>+0-9\t\n\\\\]{0,160}") {
            let _ = parse(&text);
        }

        /// Lines built from headers, indicators, quotes, escapes and continuation text at
        /// random indentations.
        #[test]
        fn never_panics_on_lines_of_scalars(lines in prop::collection::vec(
            (0usize..10, prop::sample::select(vec![
                "k: |", "k: |-", "k: >+", "k: |2-", "k: >9", "k: |0", "k: |+1 # c", "k: >x",
                "- |", "- >1", "- >-", "- k: |+", "- k: >2-", "k:", "-", "- - |", "k: 'a",
                "k: \"a\\", "k: \"a\\ ", "b'", "c\"", "''", "\\\"", "\\x4", "\\u00e9\"",
                "text", "a b", "# c", "", "  ", "\t", "\tx", "x\t", "a: b", "'q': |", "---",
                "...", "k: [a,", "k: {a: 'b", "k: a #c", ": x", "k: 'x\" y'",
            ])),
            0..24,
        )) {
            let text: String = lines
                .iter()
                .map(|(indent, line)| format!("{}{line}\n", " ".repeat(*indent)))
                .collect();
            let _ = parse(&text);
            let _ = parse(text.trim_end());
        }
    }
}
