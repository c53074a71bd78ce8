//! The text that is indexed: a document's lines and its outline units,
//! read from the raw bytes of the stored file.
//!
//! The file is decoded whole (`gongwen_core::decode`, so GBK files work) and
//! split into lines by `gongwen_core::source::text::SourceText`; a document is the
//! lines of its span. Each line is taken in its *compact* view (whitespace,
//! Word bookmarks and private-use characters dropped, full-width digits
//! folded), blank and TAB-only lines are skipped, and lines are joined with
//! `\n`.

use gongwen_core::model::{OutlineKind, OutlineNode};
use gongwen_core::source::text::SourceText;
use gongwen_core::Document;

/// A decoded stored file: its lines in compact view (index 0 = line 1).
pub struct FileText {
    lines: Vec<String>,
}

/// The text of one document and of its outline units.
#[derive(Debug, Clone, Default)]
pub struct DocText {
    /// Every non-blank line of the document span, joined with `\n`.
    pub body: String,
    pub units: Vec<UnitText>,
}

/// An outline unit (条, 项, 一、, （一） …) and its own text: the lines it
/// owns, i.e. not those of a child unit. 款 (unnumbered paragraphs) are not
/// units of their own; their lines belong to their article.
#[derive(Debug, Clone)]
pub struct UnitText {
    /// Label as printed: `第十二条`, `（三）`.
    pub label: String,
    /// Labels from the outermost unit down to this one, space-separated:
    /// `第二章 第十二条`, `二、 （三）`.
    pub path: String,
    pub start_line: usize,
    pub end_line: usize,
    pub text: String,
}

impl FileText {
    /// Decode a stored file. `None` when the bytes cannot be decoded (they
    /// were decoded at ingest, so this does not happen for stored files).
    pub fn decode(raw: &[u8]) -> Option<FileText> {
        let d = gongwen_core::decode(raw).ok()?;
        let src = SourceText::new("", &d.text, d.offsets);
        Some(FileText {
            lines: src.lines.into_iter().map(|l| l.compact).collect(),
        })
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True when the file has no lines.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Compact text of 1-based line `no` (empty when out of range).
    pub fn line(&self, no: usize) -> &str {
        no.checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .map_or("", String::as_str)
    }

    fn join(&self, lines: impl Iterator<Item = usize>) -> String {
        let mut out = String::new();
        for no in lines {
            let l = self.line(no);
            if l.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(l);
        }
        out
    }

    /// The text of `doc` and of its outline units.
    pub fn document(&self, doc: &Document) -> DocText {
        let first = doc.span.start_line.max(1);
        let last = doc.span.end_line.min(self.lines.len());
        if first > last {
            return DocText::default();
        }
        let body = self.join(first..=last);
        // Owner of each line of the span: the deepest unit containing it.
        let mut owner: Vec<Option<usize>> = vec![None; last - first + 1];
        let mut units: Vec<(String, String, usize, usize)> = Vec::new();
        for n in &doc.outline {
            collect_units(n, "", first, last, &mut owner, &mut units);
        }
        let mut texts: Vec<String> = vec![String::new(); units.len()];
        for (k, o) in owner.iter().enumerate() {
            let Some(u) = *o else { continue };
            let l = self.line(first + k);
            if l.is_empty() {
                continue;
            }
            if let Some(t) = texts.get_mut(u) {
                if !t.is_empty() {
                    t.push('\n');
                }
                t.push_str(l);
            }
        }
        let units = units
            .into_iter()
            .zip(texts)
            .filter(|(_, t)| !t.is_empty())
            .map(|((label, path, start_line, end_line), text)| UnitText {
                label,
                path,
                start_line,
                end_line,
                text,
            })
            .collect();
        DocText { body, units }
    }
}

/// Walk the outline in pre-order: each unit claims its lines, children
/// overwrite their parent's claim.
fn collect_units(
    n: &OutlineNode,
    parent_path: &str,
    first: usize,
    last: usize,
    owner: &mut [Option<usize>],
    units: &mut Vec<(String, String, usize, usize)>,
) {
    if n.kind == OutlineKind::Paragraph {
        // 款: its lines stay with the article (already claimed).
        for c in &n.children {
            collect_units(c, parent_path, first, last, owner, units);
        }
        return;
    }
    let path = if parent_path.is_empty() {
        n.label.clone()
    } else {
        format!("{parent_path} {}", n.label)
    };
    let k = units.len();
    units.push((
        n.label.clone(),
        path.clone(),
        n.span.start_line,
        n.span.end_line,
    ));
    let a = n.span.start_line.max(first);
    let b = n.span.end_line.min(last);
    for no in a..=b {
        if let Some(o) = owner.get_mut(no - first) {
            *o = Some(k);
        }
    }
    for c in &n.children {
        collect_units(c, &path, first, last, owner, units);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: &str = "某市人民政府\n\n关于印发某市停车管理办法的通知\n\n某政〔2018〕9号\n\n各县（区）人民政府：\n\n现将《某市停车管理办法》印发给你们。\n\n某市人民政府\n\n2018年6月1日\n\n某市停车管理办法\n\n第一条　为规范停车，\n制定本办法。\n\n第二条　停车场应当：\n（一）公示收费标准；\n（二）保持设施完好。\n\n第三条　本办法自2018年7月1日起施行。\n";

    #[test]
    fn units_own_their_lines() {
        let p = gongwen_core::parse_bytes("a.txt", RULE.as_bytes()).unwrap();
        let f = FileText::decode(RULE.as_bytes()).unwrap();
        let d = f.document(&p.documents[0]);
        assert!(d.body.contains("为规范停车，\n制定本办法。"));
        // TAB-only lines are blank.
        let t = FileText::decode("甲\n\t\n\t乙".as_bytes()).unwrap();
        assert_eq!((t.line(2), t.line(3), t.len()), ("", "乙", 3));
        let labels: Vec<&str> = d.units.iter().map(|u| u.path.as_str()).collect();
        assert!(labels.contains(&"第一条"), "{labels:?}");
        let item = d.units.iter().find(|u| u.label == "（二）").unwrap();
        assert_eq!(item.text, "（二）保持设施完好。");
        assert!(item.path.starts_with("第二条"));
        let art = d.units.iter().find(|u| u.label == "第二条").unwrap();
        assert!(!art.text.contains("公示"), "{}", art.text);
    }
}
