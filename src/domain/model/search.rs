//! The matrix's text search without the texts: a word index made at build time
//! (`crates/model-build`, `codegen::search_index`), a third of the texts' size. The build
//! writes it beside the app as a file of its own (`search-<hash>.bin`, [`Search::to_bytes`]),
//! which the first screen fetches while it starts (it is preloaded by index.html), so the
//! first module carries neither the texts nor the index (16.6 KB brotli).

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

/// Every distinct whitespace-separated word of the lower-cased searched texts (name,
/// description, risk, measure, assessment, implementation guide), sorted and joined by
/// `\n`; `postings` holds for each word in that order a count, then activity index deltas,
/// each a LEB128 varint.
#[derive(Debug)]
pub struct Search {
    pub words: Cow<'static, str>,
    pub postings: Cow<'static, [u8]>,
    /// With a custom model in use: how its activities are searched (the index is the
    /// embedded model's).
    pub overlay: Option<Overlay>,
}

/// How the embedded model's index answers for a custom model: each of its activities is
/// searched as an embedded one (its text unchanged) or in its own text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overlay {
    /// How many activities the index is of.
    pub official: usize,
    pub sources: Vec<Source>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Official(u16),
    /// Lower-cased.
    Text(&'static str),
}

/// How an index file starts.
const MAGIC: &[u8; 8] = b"DSOMMIX1";

impl Search {
    /// The index as a file: [`MAGIC`], the words' length (u32, little-endian), the words,
    /// the postings.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend((self.words.len() as u32).to_le_bytes());
        out.extend(self.words.as_bytes());
        out.extend(self.postings.iter());
        out
    }

    /// Reads [`Search::to_bytes`]; anything else is refused.
    pub fn from_bytes(bytes: &[u8]) -> Result<Search, &'static str> {
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or("not a DSOMM search index")?;
        let (len, rest) = rest.split_at_checked(4).ok_or("the index is cut short")?;
        let len = u32::from_le_bytes(len.try_into().expect("4 bytes")) as usize;
        let (words, postings) = rest.split_at_checked(len).ok_or("the index is cut short")?;
        let words = std::str::from_utf8(words).map_err(|_| "the index words are not UTF-8")?;
        Ok(Search {
            words: Cow::Owned(words.to_string()),
            postings: Cow::Owned(postings.to_vec()),
            overlay: None,
        })
    }
}

/// Whether `hay` holds `needle`: one copy of the substring search for the index and the
/// custom texts (each inlined copy was 1.3 KB of the first module).
#[inline(never)]
fn holds(hay: &str, needle: &str) -> bool {
    hay.contains(needle)
}

fn varint(bytes: &[u8], at: &mut usize) -> usize {
    let mut v = 0usize;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        v |= ((b & 0x7f) as usize) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    v
}

impl Search {
    /// For each of `activities` activities, whether its text holds `word` (lower-cased,
    /// without whitespace): exactly when one of its words does.
    pub fn word_hits(&self, word: &str, activities: usize) -> Vec<bool> {
        let mut hits = vec![false; activities];
        let mut at = 0;
        for w in self.words.split('\n') {
            let count = varint(&self.postings, &mut at);
            let found = holds(w, word);
            let mut index = 0;
            for _ in 0..count {
                index += varint(&self.postings, &mut at);
                if found {
                    if let Some(h) = hits.get_mut(index) {
                        *h = true;
                    }
                }
            }
        }
        hits
    }

    /// Which activities hold every word of `query` (case-insensitive), or `None` for a
    /// query without words. The last answer is kept: the matrix asks once per activity.
    pub fn hits(&self, query: &str, activities: usize) -> Option<Rc<[bool]>> {
        /// (index, query, hits) of the last answer.
        type Last = Option<(usize, String, Rc<[bool]>)>;
        thread_local! {
            static LAST: RefCell<Last> = const { RefCell::new(None) };
        }
        let q = query.to_lowercase();
        if q.trim().is_empty() {
            return None;
        }
        // Which index answered (a test model has its own).
        let id = self.postings.as_ptr() as usize;
        if let Some(hit) = LAST.with_borrow(|l| {
            l.as_ref()
                .filter(|(i, k, h)| *i == id && *k == q && h.len() == activities)
                .map(|(_, _, h)| h.clone())
        }) {
            return Some(hit);
        }
        let indexed = self.overlay.as_ref().map_or(activities, |o| o.official);
        let words: Vec<&str> = q.split_whitespace().collect();
        let mut all = vec![true; indexed];
        for w in &words {
            for (a, h) in all.iter_mut().zip(self.word_hits(w, indexed)) {
                *a &= h;
            }
        }
        if let Some(o) = &self.overlay {
            all = (0..activities)
                .map(|i| match o.sources.get(i) {
                    Some(Source::Official(k)) => all.get(*k as usize).copied().unwrap_or(false),
                    // A query word has no white space: it is in a word of the text exactly
                    // when it is in the text.
                    Some(Source::Text(t)) => words.iter().all(|w| holds(t, w)),
                    None => false,
                })
                .collect();
        }
        let all: Rc<[bool]> = all.into();
        LAST.set(Some((id, q, all.clone())));
        Some(all)
    }
}

// Host only: proptest and the generated texts.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::{MODEL, SEARCH};
    use proptest::prelude::*;

    include!(concat!(env!("OUT_DIR"), "/search_texts.rs"));

    fn brute(q: &str) -> Vec<bool> {
        let q = q.to_lowercase();
        SEARCH_TEXTS
            .iter()
            .map(|t| q.split_whitespace().all(|w| t.contains(w)))
            .collect()
    }

    fn hits(q: &str) -> Vec<bool> {
        let n = MODEL.activities.len();
        SEARCH.hits(q, n).map_or(vec![true; n], |h| h.to_vec())
    }

    #[test]
    fn every_word_and_its_pieces_find_what_the_texts_find() {
        assert_eq!(SEARCH_TEXTS.len(), MODEL.activities.len());
        for (n, w) in SEARCH.words.split('\n').enumerate() {
            // Every word, and (for a sample) its prefixes and suffixes.
            assert_eq!(hits(w), brute(w), "{w}");
            if n % 7 == 0 {
                let chars: Vec<char> = w.chars().collect();
                for k in 1..chars.len() {
                    let head: String = chars[..k].iter().collect();
                    let tail: String = chars[k..].iter().collect();
                    assert_eq!(hits(&head), brute(&head), "{head}");
                    assert_eq!(hits(&tail), brute(&tail), "{tail}");
                }
            }
        }
        assert_eq!(hits("SBOM Build"), brute("sbom build"));
        assert!(hits("zzzz-not-there").iter().all(|h| !h));
    }

    #[test]
    fn the_index_file_reads_back_and_refuses_anything_else() {
        let bytes = SEARCH.to_bytes();
        let back = super::Search::from_bytes(&bytes).unwrap();
        assert_eq!(back.words, SEARCH.words);
        assert_eq!(back.postings, SEARCH.postings);
        let n = MODEL.activities.len();
        assert_eq!(back.hits("sbom", n), SEARCH.hits("sbom", n));
        assert!(super::Search::from_bytes(b"DSOMMIX1\xff\xff\xff\xff").is_err());
        assert!(super::Search::from_bytes(b"<html>").is_err());
        assert!(super::Search::from_bytes(&bytes[..10]).is_err());
    }

    #[test]
    fn names_and_descriptions_are_searched_not_headings() {
        let i = MODEL.activity_by_name("Defined build process").unwrap();
        assert!(hits("defined build process")[i]);
        assert!(
            hits("managing (third party) dependencies")[i],
            "description"
        );
        assert!(hits("without a defined and automated")[i], "risk");
        // Section titles are not text of the activity.
        assert!(!hits("measure")[i] && !hits("assessment")[i]);
    }

    proptest! {
        #[test]
        fn any_query_finds_what_the_texts_find(q in "[a-z0-9 .()-]{1,12}") {
            prop_assert_eq!(hits(&q), brute(&q));
        }
    }
}
