//! The facts read from one document's text, and the fingerprints of its
//! paragraphs.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Assignment, Clause, Reference, Span, Target};

/// Facts (事实) read from a document's text; each carries its [`Span`].
/// Citations and repeals are resolved to stored documents at read time
/// (the store knows the other documents; the parser does not).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// Citations of other documents, standards and of its own parts.
    pub references: Vec<Reference>,
    /// Effective-date, validity, repeal and supersession clauses.
    pub clauses: Vec<Clause>,
    /// Assignments of work (责任分工) with deadlines.
    pub assignments: Vec<Assignment>,
    /// Quantitative targets (目标指标).
    pub targets: Vec<Target>,
    /// Fingerprints of the body paragraphs (for finding text duplicated
    /// across documents): paragraphs of at least
    /// [`crate::pipeline::FINGERPRINT_MIN_CHARS`] chars.
    #[serde(default)]
    pub fingerprints: Vec<Fingerprint>,
}

/// A paragraph's fingerprint: XXH3-64 of its compact text, its length and
/// where the paragraph is in the document's file ([`Fingerprint::span`]).
///
/// Stored as one array per paragraph, `[hash, chars, start_byte, end_byte,
/// start_line, end_line]`: a gazette has thousands, and written as a
/// [`Span`] object each repeated the file path (172 bytes a fingerprint,
/// a third of the facts' JSON). The object form earlier stores hold
/// (`{"hash", "chars", "span": {…}}`) still reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub hash: u64,
    pub chars: usize,
    pub start_byte: usize,
    pub end_byte: usize,
    pub start_line: usize,
    pub end_line: usize,
}

impl Fingerprint {
    /// The paragraph's span in `file` (the document's).
    pub fn span(&self, file: &Arc<str>) -> Span {
        Span {
            file: file.clone(),
            start_byte: self.start_byte,
            end_byte: self.end_byte,
            start_line: self.start_line,
            end_line: self.end_line,
        }
    }

    fn to_array(self) -> [u64; 6] {
        [
            self.hash,
            self.chars as u64,
            self.start_byte as u64,
            self.end_byte as u64,
            self.start_line as u64,
            self.end_line as u64,
        ]
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_array().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{Error, MapAccess, SeqAccess, Visitor};

        fn size<E: Error>(v: u64) -> Result<usize, E> {
            usize::try_from(v).map_err(|_| E::custom(format!("fingerprint value {v} too large")))
        }

        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Fingerprint;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a fingerprint: [hash, chars, start_byte, end_byte, start_line, end_line]",
                )
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Fingerprint, A::Error> {
                let mut v = [0u64; 6];
                for (k, x) in v.iter_mut().enumerate() {
                    *x = seq
                        .next_element()?
                        .ok_or_else(|| A::Error::invalid_length(k, &self))?;
                }
                if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    return Err(A::Error::invalid_length(7, &self));
                }
                Ok(Fingerprint {
                    hash: v[0],
                    chars: size(v[1])?,
                    start_byte: size(v[2])?,
                    end_byte: size(v[3])?,
                    start_line: size(v[4])?,
                    end_line: size(v[5])?,
                })
            }

            /// The object form of stores written before the array form.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fingerprint, A::Error> {
                let (mut hash, mut chars, mut span) = (None, None, None::<Span>);
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "hash" => hash = Some(map.next_value()?),
                        "chars" => chars = Some(map.next_value()?),
                        "span" => span = Some(map.next_value()?),
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                let span = span.ok_or_else(|| A::Error::missing_field("span"))?;
                Ok(Fingerprint {
                    hash: hash.ok_or_else(|| A::Error::missing_field("hash"))?,
                    chars: chars.ok_or_else(|| A::Error::missing_field("chars"))?,
                    start_byte: span.start_byte,
                    end_byte: span.end_byte,
                    start_line: span.start_line,
                    end_line: span.end_line,
                })
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp() -> Fingerprint {
        Fingerprint {
            hash: u64::MAX - 7,
            chars: 50,
            start_byte: 44791,
            end_byte: 44941,
            start_line: 379,
            end_line: 380,
        }
    }

    #[test]
    fn fingerprints_are_stored_as_arrays_and_read_back() {
        let json = serde_json::to_string(&vec![fp()]).unwrap_or_default();
        assert_eq!(json, "[[18446744073709551608,50,44791,44941,379,380]]");
        let back: Vec<Fingerprint> = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, vec![fp()]);
        let file: Arc<str> = Arc::from("a.txt");
        let s = fp().span(&file);
        assert_eq!(
            (&*s.file, s.start_byte, s.end_byte, s.start_line, s.end_line),
            ("a.txt", 44791, 44941, 379, 380)
        );
    }

    #[test]
    fn fingerprints_of_earlier_stores_still_read() {
        let old = r#"{"hash":18446744073709551608,"chars":50,"span":{"file":"x.txt","start_byte":44791,"end_byte":44941,"start_line":379,"end_line":380}}"#;
        let got: Result<Fingerprint, _> = serde_json::from_str(old);
        assert_eq!(got.ok(), Some(fp()));
        for bad in [
            "[1,2,3,4,5]",
            "[1,2,3,4,5,6,7]",
            "[1,2,3,4,5,-6]",
            r#"{"hash":1,"chars":2}"#,
            "\"x\"",
        ] {
            assert!(serde_json::from_str::<Fingerprint>(bad).is_err(), "{bad}");
        }
    }
}
