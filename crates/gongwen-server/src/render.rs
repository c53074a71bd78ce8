//! Turning a stored document into what the reader page shows: the text
//! line by line from the raw bytes, outline headings as `<h2>`–`<h4>`,
//! tables from `Document::tables`, citations as links. Everything here is
//! plain text; the templates escape it.

use std::collections::HashMap;

use gongwen_core::model::{Reference, ReferenceKind};
use gongwen_core::{Document, FieldSource, OutlineKind, OutlineNode, Span, Table};

use crate::source::SourceFile;

/// A piece of a line: plain text, or a citation / highlight.
pub struct Seg {
    pub text: String,
    /// Link target, empty for none.
    pub href: String,
    /// CSS class, empty for plain text.
    pub cls: &'static str,
    /// Short note after the piece (库外, 多个候选 …), empty for none.
    pub note: String,
    /// Tooltip, empty for none.
    pub tip: String,
}

impl Seg {
    fn plain(text: String) -> Self {
        Seg {
            text,
            href: String::new(),
            cls: "",
            note: String::new(),
            tip: String::new(),
        }
    }
}

/// One block of the reader: a heading, a paragraph (one source line) or
/// a table.
pub struct Block {
    /// `h2` `h3` `h4` `p` `head` (issuer, title, 文号 lines) `addr`
    /// (主送机关) `sig` (署名, 成文日期) `art` (an article run into its
    /// text) `table`.
    pub kind: &'static str,
    /// First source line (anchor `L<line>`).
    pub line: usize,
    pub segs: Vec<Seg>,
    pub table: Option<TableView>,
}

pub struct TableView {
    pub rows: Vec<RowView>,
    pub faithful: bool,
}

pub struct RowView {
    pub header: bool,
    pub cells: Vec<CellView>,
}

pub struct CellView {
    pub lines: Vec<String>,
    pub colspan: usize,
}

/// An entry of the outline sidebar.
pub struct OutlineItem {
    pub depth: usize,
    pub label: String,
    pub heading: String,
    pub line: usize,
}

/// Longest heading shown in the outline sidebar.
const OUTLINE_HEADING_CHARS: usize = 18;

/// The outline flattened, depth first.
pub fn outline_items(nodes: &[OutlineNode]) -> Vec<OutlineItem> {
    fn walk(nodes: &[OutlineNode], depth: usize, out: &mut Vec<OutlineItem>) {
        for n in nodes {
            out.push(OutlineItem {
                depth: depth.min(5),
                label: n.label.clone(),
                heading: gongwen_store::view::cut(
                    n.heading.as_deref().unwrap_or_default(),
                    OUTLINE_HEADING_CHARS,
                ),
                line: n.span.start_line,
            });
            walk(&n.children, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(nodes, 0, &mut out);
    out
}

fn heading_lines(
    nodes: &[OutlineNode],
    depth: usize,
    out: &mut HashMap<usize, (usize, OutlineKind)>,
) {
    for n in nodes {
        out.entry(n.span.start_line).or_insert((depth, n.kind));
        heading_lines(&n.children, depth + 1, out);
    }
}

/// How the line that opens an outline node shows: a heading when it
/// stands alone (a chapter, or a short line not ending a sentence), else a
/// paragraph marked as an article start.
fn heading_kind(depth: usize, kind: OutlineKind, text: &str) -> &'static str {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let standalone = matches!(
        kind,
        OutlineKind::Part | OutlineKind::Chapter | OutlineKind::Section
    ) || (compact.chars().count() <= 30
        && !compact.ends_with(['。', '；', ';', '：', ':', '，', ',']));
    if !standalone {
        return "art";
    }
    match depth {
        0 => "h2",
        1 => "h3",
        _ => "h4",
    }
}

/// Rendering of a citation.
fn citation_seg(text: String, r: &Reference, title_of: &dyn Fn(&str) -> String) -> Seg {
    let mut s = Seg::plain(text);
    match (&r.target_id, r.ambiguous.is_empty(), r.kind) {
        (Some(t), _, _) => {
            s.href = format!("/doc/{}", path_seg(t));
            s.cls = "cite";
            s.tip = title_of(t);
        }
        (None, false, _) => {
            s.cls = "cite amb";
            s.note = "多个候选".to_string();
            s.tip = r.ambiguous.join("、");
        }
        (None, true, ReferenceKind::ToBeDrafted) => {
            s.cls = "cite todo";
            s.note = "待制定".to_string();
        }
        (None, true, ReferenceKind::Standard) => {
            s.cls = "cite std";
            s.note = "标准".to_string();
        }
        (None, true, _) => {
            s.cls = "cite ext";
            s.note = "库外".to_string();
        }
    }
    s
}

/// Bytes escaped in a path segment (with every non-ASCII byte).
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'\'')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Percent-encode one path segment.
pub fn path_seg(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, PATH_SEGMENT).to_string()
}

/// Raw byte marks of `spans` on line `no` of `f`: clipped to the line,
/// sorted, overlaps dropped. Returns (start, end, index into spans).
fn line_marks(f: &SourceFile, no: usize, spans: &[(usize, usize)]) -> Vec<(usize, usize, usize)> {
    let Some((ls, le)) = f.line_raw_range(no) else {
        return Vec::new();
    };
    let mut m: Vec<(usize, usize, usize)> = spans
        .iter()
        .enumerate()
        .filter(|(_, (a, b))| *a < le && *b > ls && a < b)
        .map(|(i, (a, b))| ((*a).max(ls), (*b).min(le), i))
        .collect();
    m.sort();
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for x in m {
        if out.last().is_none_or(|p| x.0 >= p.1) {
            out.push(x);
        }
    }
    out
}

/// The reader's blocks of `doc` (stored in `f`), with `refs` (resolved
/// citations) linked.
pub fn document_blocks(
    doc: &Document,
    refs: &[Reference],
    f: &SourceFile,
    title_of: &dyn Fn(&str) -> String,
) -> Vec<Block> {
    let mut headings = HashMap::new();
    heading_lines(&doc.outline, 0, &mut headings);
    let cites: Vec<&Reference> = refs
        .iter()
        .filter(|r| r.kind.is_external() || r.kind == ReferenceKind::Standard)
        .collect();
    let cite_spans: Vec<(usize, usize)> = cites
        .iter()
        .map(|r| (r.span.start_byte, r.span.end_byte))
        .collect();
    let header_lines = header_line_kinds(doc);
    let mut out = Vec::new();
    let last = doc.span.end_line.min(f.line_count());
    let mut no = doc.span.start_line.max(1);
    while no <= last {
        if let Some(t) = doc
            .tables
            .iter()
            .find(|t| t.span.start_line <= no && no <= t.span.end_line)
        {
            out.push(Block {
                kind: "table",
                line: no,
                segs: Vec::new(),
                table: Some(table_view(t)),
            });
            no = t.span.end_line.max(no) + 1;
            continue;
        }
        let Some((_, text)) = f.line(no) else {
            break;
        };
        if text.trim().is_empty() {
            no += 1;
            continue;
        }
        let marks = line_marks(f, no, &cite_spans);
        let ranges: Vec<(usize, usize)> = marks.iter().map(|m| (m.0, m.1)).collect();
        let segs = f
            .pieces(no, &ranges)
            .into_iter()
            .map(
                |(t, m)| match m.and_then(|i| marks.get(i)).and_then(|m| cites.get(m.2)) {
                    Some(r) => citation_seg(t, r, title_of),
                    None => Seg::plain(t),
                },
            )
            .collect();
        let kind = match headings.get(&no) {
            Some(&(depth, k)) => heading_kind(depth, k, text),
            None => header_lines.get(&no).copied().unwrap_or("p"),
        };
        out.push(Block {
            kind,
            line: no,
            segs,
            table: None,
        });
        no += 1;
    }
    out
}

/// Lines of the GB/T 9704 header elements: issuer, title and 文号 lines
/// (`head`, centred), addressees (`addr`), signature and date (`sig`).
fn header_line_kinds(doc: &Document) -> HashMap<usize, &'static str> {
    let h = &doc.header;
    let mut out = HashMap::new();
    let mut mark = |s: &Span, kind: &'static str| {
        for l in s.start_line..=s.end_line.min(s.start_line + 5) {
            out.entry(l).or_insert(kind);
        }
    };
    for f in &h.signature {
        mark(&f.span, "sig");
    }
    if let Some(f) = &h.date {
        if f.source == FieldSource::Signature {
            mark(&f.span, "sig");
        }
    }
    for f in &h.addressees {
        mark(&f.span, "addr");
    }
    for f in &h.issuers {
        if f.source == FieldSource::Header {
            mark(&f.span, "head");
        }
    }
    if let Some(f) = &h.title {
        mark(&f.span, "head");
    }
    if let Some(f) = &h.doc_number {
        mark(&f.span, "head");
    }
    for e in &doc.enclosed {
        if let Some(s) = &e.title_span {
            mark(s, "head");
        }
    }
    out
}

fn table_view(t: &Table) -> TableView {
    let cols = t.columns.unwrap_or(1);
    let rows = t
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.repeated_header)
        .map(|(i, r)| RowView {
            header: t.header_row == Some(i),
            cells: r
                .cells
                .iter()
                .map(|c| CellView {
                    lines: c.text.lines().map(|l| l.trim().to_string()).collect(),
                    colspan: if t.faithful && r.cells.len() == 1 && cols > 1 {
                        cols
                    } else {
                        1
                    },
                })
                .collect(),
        })
        .collect();
    TableView {
        rows,
        faithful: t.faithful,
    }
}

/// One line of the source view.
pub struct SourceLine {
    pub no: usize,
    pub segs: Vec<Seg>,
    /// True for the first line holding the highlighted span.
    pub first_mark: bool,
}

/// Lines `first..=last` of `f`, with raw range `mark` highlighted.
pub fn source_lines(
    f: &SourceFile,
    first: usize,
    last: usize,
    mark: (usize, usize),
) -> Vec<SourceLine> {
    let mut out = Vec::new();
    let mut seen = false;
    for no in first.max(1)..=last.min(f.line_count()) {
        let marks = line_marks(f, no, &[mark]);
        let ranges: Vec<(usize, usize)> = marks.iter().map(|m| (m.0, m.1)).collect();
        let segs: Vec<Seg> = f
            .pieces(no, &ranges)
            .into_iter()
            .map(|(t, m)| {
                let mut s = Seg::plain(t);
                if m.is_some() {
                    s.cls = "hl";
                }
                s
            })
            .collect();
        let marked = !marks.is_empty();
        out.push(SourceLine {
            no,
            segs,
            first_mark: marked && !seen,
        });
        seen |= marked;
    }
    out
}

/// `/doc/{id}/source?start=&end=#hl` for a span.
pub fn source_href(id: &str, span: &Span) -> String {
    format!(
        "/doc/{}/source?start={}&end={}#hl",
        path_seg(id),
        span.start_byte,
        span.end_byte
    )
}
