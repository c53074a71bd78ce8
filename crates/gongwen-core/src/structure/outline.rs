//! Outline (结构层次): 编/章/节/条 (+ 项/目 inside an article) for rules and
//! 一、/（一）/1./（1）/① for plans.
//!
//! The label forms are the grammar table [`OUTLINE_LEVELS`], read by
//! [`crate::grammar::labels`] (their one matcher); this module only nests
//! what it finds. Each line's compact view is matched at its start
//! (so letter-spaced `第 一 章`, labels after U+3000 indentation and
//! full-width digits all match); label and heading are then read back from
//! the raw text, spaces removed.
//!
//! Nesting is a stack of open nodes:
//! - rule levels have a fixed order (编 > 章 > 节 > 条); a 条 with no rule
//!   container may sit inside a top-level plan section (`一、机构设置`);
//! - a plan level already open on the stack closes everything below it and
//!   opens a sibling;
//! - otherwise plan levels are ranked by first appearance: the first time a
//!   form appears it becomes the child of whatever plan level is open, and
//!   that rank is kept for the rest of the text (per enclosing rule level);
//! - plan labels inside an article are its 项 ([`OutlineKind::Item`]) and 目
//!   ([`OutlineKind::SubItem`]);
//! - a line that is only `附件`/`附件2` starts an attached text: the outline
//!   starts afresh there.
//!
//! Gaps in numbering (第三条 → 第五条, （一）→（三）) are reported as
//! `outline-gap` warnings; numbering restarting under a new parent, or
//! continuing from the previous parent (1.–5. under （一）, 6. under
//! （二）), is not a gap; 条 are numbered through the whole text.
//!
//! Never headings: table content (cell lines and their continuation lines,
//! as [`crate::structure::tables`] reads them), labels inside a sentence
//! (`本办法第二十一条规定`), a reference broken onto a line start with no
//! space after it (`第二十一条规定…`), decimals and dates (`1.5万元`,
//! `2.2015年`), enumerations (`一、二季度`), and the items of a list
//! introduced by `附件：1.…` or `注：1.…`.

use crate::grammar::labels::{
    line_label, read_label, LabelForm, LabelMatch, ARABIC_DOT_LABEL, OUTLINE_ATTACHMENT_MARK,
    OUTLINE_CN_DIGITS, OUTLINE_HEADING_ENDS, OUTLINE_LEVELS, OUTLINE_LIST_INTROS,
};
use crate::model::{Diagnostic, OutlineKind, OutlineNode, Table};
use crate::source::text::{strip_spaces, Line, SourceText};
use crate::structure::tables::RULES as TABLE_RULES;

/// Number of entries in the grammar table.
const NL: usize = OUTLINE_LEVELS.len();
/// Frames for learned plan ranks: the text itself, or inside 编/章/节/条.
const FRAMES: usize = 5;

/// `附件`, `附件2`, `附件：` alone on a line.
fn is_attachment_mark(c: &str) -> bool {
    let Some(rest) = c.strip_prefix(OUTLINE_ATTACHMENT_MARK) else {
        return false;
    };
    let rest =
        rest.trim_start_matches(|ch: char| ch.is_ascii_digit() || OUTLINE_CN_DIGITS.contains(ch));
    rest.is_empty() || rest == "：" || rest == ":"
}

/// `附件：1.…` (附件说明 listing attachments), `注：1.…`: the number of the
/// first item of a list that is not part of the outline.
fn side_list_start(c: &str) -> Option<u32> {
    let rest = OUTLINE_LIST_INTROS.iter().find_map(|w| c.strip_prefix(w))?;
    let rest = rest.trim_start_matches(|ch: char| ch.is_ascii_digit());
    let rest = rest.strip_prefix('：').or_else(|| rest.strip_prefix(':'))?;
    // The first item may run into a digit (`附件：1.2015年…`), so the
    // label is read as if spaced off: without the decimal guard.
    let m = read_label(rest, ARABIC_DOT_LABEL, &|_| false)?;
    Some(m.number)
}

/// Label (as printed, spaces removed) and heading of a heading line.
fn label_and_heading(
    src: &SourceText<'_>,
    line: &Line<'_>,
    end: usize,
) -> (String, Option<String>) {
    let c = line.compact.as_str();
    let raw = |a: usize, b: usize| -> String {
        let s = line.text_offset_of_compact(a);
        let e = if b >= c.len() {
            line.end()
        } else {
            line.text_offset_of_compact(b)
        };
        src.text
            .get(s..e.max(s))
            .map(strip_spaces)
            .unwrap_or_default()
    };
    let mut label = raw(0, end);
    if label.is_empty() {
        label = c.get(..end).unwrap_or_default().to_string();
    }
    let rest = c.get(end..).unwrap_or_default();
    let stop = rest.find(OUTLINE_HEADING_ENDS).unwrap_or(rest.len());
    let heading = if stop == 0 {
        None
    } else {
        let mut h = raw(end, end + stop);
        if h.is_empty() {
            h = rest.get(..stop).unwrap_or_default().to_string();
        }
        (!h.is_empty()).then_some(h)
    };
    (label, heading)
}

/// A node being built (arena entry).
struct Pending {
    kind: OutlineKind,
    label: String,
    number: Option<u32>,
    heading: Option<String>,
    start: usize,
    end: usize,
    children: Vec<usize>,
}

/// Last child label seen under a parent, per level: `(level, number, label)`.
type LastSeen = Vec<(usize, u32, String)>;

/// An open node on the stack.
struct Open {
    node: usize,
    level: usize,
    /// Plan rank (learned) or rule rank (fixed).
    rank: u8,
    last: LastSeen,
}

fn is_rule(level: usize) -> bool {
    OUTLINE_LEVELS
        .get(level)
        .is_some_and(|l| l.rule_rank.is_some())
}

struct Parser<'s, 'a> {
    src: &'s SourceText<'a>,
    arena: Vec<Pending>,
    roots: Vec<usize>,
    stack: Vec<Open>,
    root_last: LastSeen,
    /// Last label seen of each level anywhere in the text.
    latest: [Option<(u32, String)>; NL],
    /// Learned plan ranks, per frame.
    ranks: [[Option<u8>; NL]; FRAMES],
    diags: Vec<Diagnostic>,
}

impl<'s, 'a> Parser<'s, 'a> {
    fn close_to(&mut self, len: usize, end: usize) {
        while self.stack.len() > len {
            if let Some(o) = self.stack.pop() {
                if let Some(p) = self.arena.get_mut(o.node) {
                    p.end = end.max(p.start);
                }
            }
        }
    }

    fn reset(&mut self, end: usize) {
        self.close_to(0, end);
        self.root_last.clear();
        self.latest = Default::default();
        self.ranks = [[None; NL]; FRAMES];
    }

    /// Where a new node of `level` goes: the stack length to keep, and its
    /// plan rank.
    fn place(&mut self, level: usize) -> (usize, u8) {
        let Some(lv) = OUTLINE_LEVELS.get(level) else {
            return (self.stack.len(), 0);
        };
        if let Some(k) = self.stack.iter().rposition(|o| o.level == level) {
            let rank = self.stack.get(k).map_or(0, |o| o.rank);
            return (k, rank);
        }
        if let Some(r) = lv.rule_rank {
            let cut = match self
                .stack
                .iter()
                .rposition(|o| is_rule(o.level) && o.rank < r)
            {
                Some(k) => k + 1,
                None if lv.inside_plan => self
                    .stack
                    .iter()
                    .rposition(|o| {
                        OUTLINE_LEVELS
                            .get(o.level)
                            .is_some_and(|l| l.form == LabelForm::CnEnum)
                    })
                    .map_or(0, |k| k + 1),
                None => 0,
            };
            return (cut, r);
        }
        // A plan level not open: rank by first appearance within its frame.
        let base_idx = self.stack.iter().rposition(|o| is_rule(o.level));
        let base = base_idx.map_or(0, |k| k + 1);
        let frame = base_idx
            .and_then(|k| self.stack.get(k))
            .map_or(0, |o| o.rank as usize + 1)
            .min(FRAMES - 1);
        let learned = self
            .ranks
            .get(frame)
            .and_then(|f| f.get(level))
            .copied()
            .flatten();
        let rank = match learned {
            Some(r) => r,
            None => {
                let r = if self.stack.len() > base {
                    self.stack.last().map_or(0, |o| o.rank.saturating_add(1))
                } else {
                    0
                };
                if let Some(slot) = self.ranks.get_mut(frame).and_then(|f| f.get_mut(level)) {
                    *slot = Some(r);
                }
                r
            }
        };
        let mut k = self.stack.len();
        while k > base && self.stack.get(k - 1).is_some_and(|o| o.rank >= rank) {
            k -= 1;
        }
        (k, rank)
    }

    /// Report a gap in numbering before label `m` (`label` as printed).
    ///
    /// Siblings must follow each other (第三条 → 第五条 is a gap). A first
    /// child may start at 1, or continue the numbering of the same level
    /// under the previous parent (plans often number 1.–5. under （一） and
    /// 6.–9. under （二））; anything else is a gap. 条 are numbered through
    /// the whole text.
    fn gap_check(&mut self, m: &LabelMatch, continuous: bool, label: &str, line: usize) {
        if m.inserted {
            return;
        }
        let latest = self.latest.get(m.level).cloned().flatten();
        let sibling = if continuous {
            latest.clone()
        } else {
            let last = match self.stack.last() {
                Some(o) => &o.last,
                None => &self.root_last,
            };
            last.iter()
                .rev()
                .find(|e| e.0 == m.level)
                .map(|e| (e.1, e.2.clone()))
        };
        let message = match (sibling, latest) {
            (Some((pn, pl)), _) => (m.number > pn.saturating_add(1))
                .then(|| format!("结构层次编号不连续：“{pl}”之后是“{label}”")),
            (None, _) if m.number == 1 => None,
            (None, Some((ln, _))) if m.number == ln.saturating_add(1) => None,
            (None, _) => {
                let parent = self
                    .stack
                    .last()
                    .and_then(|o| self.arena.get(o.node))
                    .map_or("正文", |p| p.label.as_str());
                Some(format!(
                    "结构层次编号不连续：“{parent}”下的第一项是“{label}”"
                ))
            }
        };
        if let Some(msg) = message {
            self.diags.push(Diagnostic::warn("outline-gap", line, msg));
        }
    }

    fn heading(&mut self, line: &Line<'_>, m: LabelMatch, last_nb: usize) {
        let Some(lv) = OUTLINE_LEVELS.get(m.level) else {
            return;
        };
        let (cut, rank) = self.place(m.level);
        self.close_to(cut, last_nb);
        let (label, heading) = label_and_heading(self.src, line, m.end);

        // Kind: plan labels inside an article are its 项 and 目.
        let kind = if lv.rule_rank.is_some() {
            lv.kind
        } else {
            match self.stack.iter().rposition(|o| {
                OUTLINE_LEVELS
                    .get(o.level)
                    .is_some_and(|l| l.kind == OutlineKind::Article)
            }) {
                Some(a) if self.stack.len() - a == 1 => OutlineKind::Item,
                Some(_) => OutlineKind::SubItem,
                None => lv.kind,
            }
        };

        // Numbering gaps.
        self.gap_check(&m, lv.continuous, &label, line.no);
        if !m.inserted {
            if let Some(slot) = self.latest.get_mut(m.level) {
                *slot = Some((m.number, label.clone()));
            }
            if !lv.continuous {
                let last = match self.stack.last_mut() {
                    Some(o) => &mut o.last,
                    None => &mut self.root_last,
                };
                last.retain(|e| e.0 != m.level);
                last.push((m.level, m.number, label.clone()));
            }
        }

        let id = self.arena.len();
        self.arena.push(Pending {
            kind,
            label,
            number: Some(m.number),
            heading,
            start: line.no,
            end: line.no,
            children: Vec::new(),
        });
        match self.stack.last() {
            Some(o) => {
                if let Some(p) = self.arena.get_mut(o.node) {
                    p.children.push(id);
                }
            }
            None => self.roots.push(id),
        }
        self.stack.push(Open {
            node: id,
            level: m.level,
            rank,
            last: Vec::new(),
        });
    }

    fn finish(self) -> (Vec<OutlineNode>, Vec<Diagnostic>) {
        let src = self.src;
        // Children always come after their parent in the arena: build from
        // the back so each child is complete before its parent takes it.
        let mut built: Vec<Option<OutlineNode>> = Vec::with_capacity(self.arena.len());
        built.resize_with(self.arena.len(), || None);
        for (i, p) in self.arena.into_iter().enumerate().rev() {
            let children = p
                .children
                .iter()
                .filter_map(|&c| built.get_mut(c).and_then(Option::take))
                .collect();
            if let Some(slot) = built.get_mut(i) {
                *slot = Some(OutlineNode {
                    kind: p.kind,
                    label: p.label,
                    number: p.number,
                    heading: p.heading,
                    span: src.span_lines(p.start, p.end.max(p.start)),
                    children,
                });
            }
        }
        let roots = self
            .roots
            .iter()
            .filter_map(|&r| built.get_mut(r).and_then(Option::take))
            .collect();
        (roots, self.diags)
    }
}

/// [`parse_outline`] with the tables of the range already rebuilt (so a
/// caller holding them does not read them twice). Lines inside any of
/// `tables` are skipped.
pub fn parse_outline_with_tables(
    src: &SourceText<'_>,
    first: usize,
    last: usize,
    tables: &[Table],
) -> (Vec<OutlineNode>, Vec<Diagnostic>) {
    let first = first.max(1);
    let last = last.min(src.len());
    let mut p = Parser {
        src,
        arena: Vec::new(),
        roots: Vec::new(),
        stack: Vec::new(),
        root_last: Vec::new(),
        latest: Default::default(),
        ranks: [[None; NL]; FRAMES],
        diags: Vec::new(),
    };
    if first > last {
        return p.finish();
    }
    let mut in_table: Vec<(usize, usize)> = tables
        .iter()
        .map(|t| (t.span.start_line, t.span.end_line))
        .collect();
    in_table.sort_unstable();
    let mut ti = 0;
    let mut last_nb = first;
    // Next item number while inside a 附件说明 list (`附件：1.…` / `2.…`).
    let mut attach_next: Option<u32> = None;
    for line in src.lines.get(first - 1..last).unwrap_or_default() {
        if line.is_blank() {
            continue;
        }
        let before = last_nb;
        last_nb = line.no;
        while in_table.get(ti).is_some_and(|t| t.1 < line.no) {
            ti += 1;
        }
        if in_table.get(ti).is_some_and(|t| t.0 <= line.no)
            || TABLE_RULES.cell_content(line.text).is_some()
        {
            continue;
        }
        let c = line.compact.as_str();
        if is_attachment_mark(c) {
            attach_next = None;
            p.reset(before);
            continue;
        }
        if let Some(n) = side_list_start(c) {
            attach_next = Some(n.saturating_add(1));
            continue;
        }
        let Some(m) = line_label(line) else {
            continue;
        };
        if let Some(next) = attach_next {
            let dot = OUTLINE_LEVELS
                .get(m.level)
                .is_some_and(|l| l.form == LabelForm::ArabicDot);
            if dot && m.number == next {
                attach_next = Some(next.saturating_add(1));
                continue;
            }
            attach_next = None;
        }
        p.heading(line, m, before);
    }
    p.close_to(0, last_nb);
    p.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::labels::leading_label;
    use crate::source::text::OffsetMap;
    use crate::structure::tables::parse_tables;

    /// Build the outline tree of lines `first..=last` (1-based, inclusive).
    /// Table content (cell lines and their continuation lines, as
    /// [`parse_tables`] reads them) is never a heading. Never panics.
    pub fn parse_outline(
        src: &SourceText<'_>,
        first: usize,
        last: usize,
    ) -> (Vec<OutlineNode>, Vec<Diagnostic>) {
        let (tables, _) = parse_tables(src, first, last);
        parse_outline_with_tables(src, first, last, &tables)
    }

    fn parse(text: &str) -> (Vec<OutlineNode>, Vec<Diagnostic>) {
        let src = SourceText::new("t.txt", text, OffsetMap::Identity);
        parse_outline(&src, 1, src.len())
    }

    /// `(kind, label, heading, start_line, end_line)` of `n`.
    fn sig(n: &OutlineNode) -> (OutlineKind, &str, Option<&str>, usize, usize) {
        (
            n.kind,
            n.label.as_str(),
            n.heading.as_deref(),
            n.span.start_line,
            n.span.end_line,
        )
    }

    fn count(nodes: &[OutlineNode]) -> usize {
        nodes.iter().map(|n| 1 + count(&n.children)).sum()
    }

    fn gaps(d: &[Diagnostic]) -> Vec<usize> {
        d.iter()
            .filter(|d| d.code == "outline-gap")
            .map(|d| d.line)
            .collect()
    }

    const RULE: &str = "某某市养犬管理办法\n\
        \n\
        第一章　总　　则\n\
        \n\
        第一条　为了规范养犬行为，制定本办法。\n\
        第二条　本办法适用于本市市区。\n\
        第二章　管理\n\
        第三条　有下列情形之一的，予以处罚：\n\
        （一）未登记的；\n\
        （二)未按时免疫的：\n\
        1.情节轻微的，予以警告；\n\
        2.情节严重的，处以罚款。\n\
        第三条之一　补充规定。\n\
        第五条　本办法自2015年8月1日起施行。\n";

    #[test]
    fn rule_with_chapters_articles_items() {
        let (o, d) = parse(RULE);
        assert_eq!(o.len(), 2);
        assert_eq!(
            sig(&o[0]),
            (OutlineKind::Chapter, "第一章", Some("总则"), 3, 6)
        );
        assert_eq!(o[0].number, Some(1));
        assert_eq!(
            sig(&o[0].children[0]),
            (
                OutlineKind::Article,
                "第一条",
                Some("为了规范养犬行为，制定本办法"),
                5,
                5
            )
        );
        let ch2 = &o[1];
        assert_eq!(ch2.label, "第二章");
        let labels: Vec<&str> = ch2.children.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["第三条", "第三条之一", "第五条"]);
        let a3 = &ch2.children[0];
        assert_eq!(a3.span.end_line, 12);
        assert_eq!(
            sig(&a3.children[1]),
            (OutlineKind::Item, "（二)", Some("未按时免疫的"), 10, 12)
        );
        assert_eq!(a3.children[0].heading.as_deref(), Some("未登记的"));
        let sub = &a3.children[1].children;
        assert_eq!(sub.len(), 2);
        assert_eq!(sig(&sub[0]).0, OutlineKind::SubItem);
        assert_eq!(sub[1].label, "2.");
        assert_eq!(ch2.children[1].number, Some(3));
        // 第三条 → 第五条 is a gap (第三条之一 does not fill it).
        assert_eq!(gaps(&d), [14]);
        assert_eq!(count(&o), 11);
    }

    const PLAN: &str = "一、总体要求\n\
        （一）指导思想。坚持稳中求进，推动发展。\n\
        （二）基本原则\n\
        1.坚持统筹。要统筹推进；\n\
        2．坚持创新\n\
        （1）加强领导；\n\
        （2）强化考核\n\
        ①定期调度，每月一次。\n\
        ②年终考评\n\
        \n\
        二、主要任务\n\
        （一）加强组织领导。各县（市、区）要建立机制。\n\
        3、完善制度\n";

    #[test]
    fn plan_levels_run_in_and_standalone() {
        let (o, d) = parse(PLAN);
        assert!(gaps(&d).is_empty(), "{d:?}");
        assert_eq!(o.len(), 2);
        assert_eq!(
            sig(&o[0]),
            (OutlineKind::Level1, "一、", Some("总体要求"), 1, 9)
        );
        let l2 = &o[0].children;
        assert_eq!(
            sig(&l2[0]),
            (OutlineKind::Level2, "（一）", Some("指导思想"), 2, 2)
        );
        assert_eq!(
            sig(&l2[1]),
            (OutlineKind::Level2, "（二）", Some("基本原则"), 3, 9)
        );
        let l3 = &l2[1].children;
        assert_eq!(
            sig(&l3[0]),
            (OutlineKind::Level3, "1.", Some("坚持统筹"), 4, 4)
        );
        assert_eq!(
            sig(&l3[1]),
            (OutlineKind::Level3, "2．", Some("坚持创新"), 5, 9)
        );
        let l4 = &l3[1].children;
        assert_eq!(
            sig(&l4[0]),
            (OutlineKind::Level4, "（1）", Some("加强领导"), 6, 6)
        );
        let l5 = &l4[1].children;
        assert_eq!(
            sig(&l5[0]),
            (OutlineKind::Level5, "①", Some("定期调度，每月一次"), 8, 8)
        );
        assert_eq!(l5[1].number, Some(2));
        let l2b = &o[1].children[0];
        assert_eq!(l2b.heading.as_deref(), Some("加强组织领导"));
        // 1.–2. under （二） of 一、, then 3、 under （一） of 二、: the
        // numbering continues, which is not a gap.
        assert_eq!(
            sig(&l2b.children[0]),
            (OutlineKind::Level3, "3、", Some("完善制度"), 13, 13)
        );
    }

    #[test]
    fn first_appearance_decides_the_nesting_order() {
        // Here （1） appears under 1. first, so it is the deeper level.
        let (o, _) = parse("1.甲\n（1）乙\n（2）丙\n2.丁\n（1）戊\n");
        assert_eq!(o.len(), 2);
        assert_eq!(o[0].children.len(), 2);
        assert_eq!(o[1].children[0].kind, OutlineKind::Level4);
        // And here 1. appears under （1）.
        let (o, _) = parse("（1）甲\n1.乙\n2.丙\n（2）丁\n");
        assert_eq!(o.len(), 2);
        assert_eq!(o[0].children.len(), 2);
        assert_eq!(o[0].children[0].kind, OutlineKind::Level3);
    }

    #[test]
    fn mixed_brackets_spacing_and_full_width() {
        let text = "　　第 一 章　总　则\n\
            \u{3000}第一条 规定。\n\
            (一)  加强领导。\n\
            （二) 强化措施\n\
            (三）其他\n\
            \u{3000}１．全角数字\n";
        let (o, d) = parse(text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            sig(&o[0]),
            (OutlineKind::Chapter, "第一章", Some("总则"), 1, 6)
        );
        let a = &o[0].children[0];
        let items: Vec<&str> = a.children.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(items, ["(一)", "（二)", "(三）"]);
        assert_eq!(a.children[0].heading.as_deref(), Some("加强领导"));
        assert_eq!(a.children[1].heading.as_deref(), Some("强化措施"));
        let sub = &a.children[2].children[0];
        assert_eq!(
            (sub.kind, sub.label.as_str(), sub.number),
            (OutlineKind::SubItem, "１．", Some(1))
        );
    }

    #[test]
    fn gap_in_plan_numbering_is_a_warning() {
        let (o, d) = parse("一、甲\n（一）乙\n（三）丙\n二、丁\n（一）重新开始\n四、戊\n");
        assert_eq!(count(&o), 6);
        assert_eq!(gaps(&d), [3, 6]);
        assert!(d
            .iter()
            .all(|d| d.severity == crate::model::Severity::Warning));
        assert!(d[0].message.contains("（一）") && d[0].message.contains("（三）"));
    }

    #[test]
    fn articles_nested_in_plan_sections() {
        let text = "一、机构设置\n\
            第一条　领导小组是议事协调机构。\n\
            第二条　组长由副市长担任。\n\
            二、领导小组职责\n\
            第三条　领导小组负责以下工作：\n\
            （一）贯彻落实决策部署；\n\
            （二）研究制定政策。\n\
            三、工作制度\n\
            第四条　会议每年召开一次。\n";
        let (o, d) = parse(text);
        assert!(d.is_empty(), "{d:?}");
        let top: Vec<(OutlineKind, &str)> = o.iter().map(|n| (n.kind, n.label.as_str())).collect();
        assert_eq!(
            top,
            [
                (OutlineKind::Level1, "一、"),
                (OutlineKind::Level1, "二、"),
                (OutlineKind::Level1, "三、")
            ]
        );
        assert_eq!(o[0].children.len(), 2);
        assert_eq!(o[0].children[1].kind, OutlineKind::Article);
        let a3 = &o[1].children[0];
        assert_eq!((a3.label.as_str(), a3.span.end_line), ("第三条", 7));
        assert_eq!(a3.children.len(), 2);
        assert_eq!(a3.children[0].kind, OutlineKind::Item);
        assert_eq!(o[2].children[0].label, "第四条");
    }

    #[test]
    fn parts_sections_and_letter_spacing() {
        let text = "第一编　总则\n第一章　一般规定\n第一节　适用\n第一条　甲。\n第二节　例外\n第二条　乙。\n第二章　其他\n第三条　丙。\n第二编　分则\n第一章　重新编号\n第四条　丁。\n";
        let (o, d) = parse(text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(o.len(), 2);
        assert_eq!(o[0].kind, OutlineKind::Part);
        assert_eq!(o[0].children.len(), 2);
        let ch1 = &o[0].children[0];
        assert_eq!(ch1.children.len(), 2);
        assert_eq!(ch1.children[1].kind, OutlineKind::Section);
        assert_eq!(ch1.children[1].children[0].label, "第二条");
        assert_eq!(o[0].children[1].children[0].label, "第三条");
        assert_eq!(o[1].children[0].children[0].label, "第四条");
    }

    #[test]
    fn not_headings() {
        let text = "为加强管理，根据本办法第二十一条规定，制定本细则。\n\
            1.5万元用于奖励。\n\
            2021年完成验收。\n\
            2.2015年无偿献血计划表\n\
            一、二季度完成招标。\n\
            第二十一条规定的期限内完成。\n\
            \t一、表格中的单元格\n\
            \t（一）单元格\n\
            1.单元格的续行\n\
            \n\
            附件：1.名单\n\
            2.汇总表\n\
            注：1.此表每月报送。\n\
            2.报送市政府办公室。\n\
            这不是（一）标题\n";
        let (o, d) = parse(text);
        assert!(o.is_empty(), "{o:#?}");
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn spaced_decimal_is_a_label_but_decimal_is_not() {
        let (o, _) = parse("9. 2022年统计公报\n10.党政机关\n");
        let labels: Vec<&str> = o.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["9.", "10."]);
        assert_eq!(o[0].heading.as_deref(), Some("2022年统计公报"));
        assert!(leading_label("1.5万元").is_none());
        assert!(leading_label("1、加强").is_some());
        assert!(leading_label("十二、").is_some_and(|m| m.number == 12));
        assert!(leading_label("第一百零五条").is_some_and(|m| m.number == 105));
        assert!(leading_label("（2015）").is_none());
        assert!(leading_label("㉑").is_some_and(|m| m.number == 21));
    }

    #[test]
    fn attachment_starts_afresh() {
        let text = "一、甲\n二、乙\n\n附件\n\n一、附件的第一部分\n（一）细则\n";
        let (o, d) = parse(text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(o.len(), 3);
        assert_eq!(o[1].span.end_line, 2);
        assert_eq!((o[2].label.as_str(), o[2].span.start_line), ("一、", 6));
        assert_eq!(o[2].children.len(), 1);
    }

    #[test]
    fn spans_map_back_to_the_source() {
        let text = "前言\n第一条　甲。\n\n乙。\n\n\n第二条　丙。\n";
        let src = SourceText::new("t.txt", text, OffsetMap::Identity);
        let (o, _) = parse_outline(&src, 1, src.len());
        assert_eq!((o[0].span.start_line, o[0].span.end_line), (2, 4));
        assert_eq!(
            &text[o[0].span.start_byte..o[0].span.end_byte],
            "第一条　甲。\n\n乙。"
        );
        assert_eq!(
            &text[o[1].span.start_byte..o[1].span.end_byte],
            "第二条　丙。"
        );
        // Lines out of range are ignored.
        let (o, _) = parse_outline(&src, 3, 4);
        assert!(o.is_empty());
        let (o, _) = parse_outline(&src, 7, 99);
        assert_eq!(o.len(), 1);
        assert!(parse_outline(&src, 9, 2).0.is_empty());
        assert!(parse_outline(&src, 0, 0).0.is_empty());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(
            s in "[第一二十条章节编之、（）()1０.．、①㉑\t \n\u{3000}甲。：附件注]{0,60}",
            a in 0usize..20,
            b in 0usize..20,
        ) {
            let src = SourceText::new("t.txt", &s, OffsetMap::Identity);
            let (o, _) = parse_outline(&src, a, b);
            fn check(n: &[OutlineNode], len: usize, lines: usize) {
                for x in n {
                    assert!(x.span.start_byte <= x.span.end_byte && x.span.end_byte <= len);
                    assert!(1 <= x.span.start_line && x.span.start_line <= x.span.end_line);
                    assert!(x.span.end_line <= lines);
                    check(&x.children, len, lines);
                }
            }
            check(&o, s.len(), src.len());
        }
    }
}
