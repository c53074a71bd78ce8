//! The table of checks: every code, its severity, report heading and message
//! templates, in report order.

use crate::model::Severity;

// ---------------------------------------------------------------------------
// The checks (declarative table).
// ---------------------------------------------------------------------------

/// One lint check.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    /// Stable kebab-case code.
    pub code: &'static str,
    pub severity: Severity,
    /// Heading of the check's group in the rendered report.
    pub heading: &'static str,
    /// Codes of per-document [`crate::model::Diagnostic`]s this check re-emits (their
    /// message is kept as is).
    pub diagnostics: &'static [&'static str],
    /// Codes of per-document diagnostics that drop this check's finding at
    /// the same line (the source text showed it is not a defect).
    pub suppressed_by: &'static [&'static str],
    /// Message templates by variant; `{name}` is replaced by an argument.
    pub messages: &'static [(&'static str, &'static str)],
}

/// Every check, in report order.
pub const CHECKS: &[Check] = &[
    Check {
        code: "attachment-missing",
        severity: Severity::Warning,
        heading: "附件缺失",
        diagnostics: &[ATTACHMENT_ABSENT],
        suppressed_by: &[ATTACHMENT_UNLABELLED],
        messages: &[
            (
                "absent",
                "附件说明（第{line}行）列出的“{attachment}”在正文中没有",
            ),
            (
                "unlabelled",
                "“{attachment}”未标注“附件”字样，标题印在第{present_line}行",
            ),
            (
                "mismatch",
                "附件说明（第{line}行）列出的“{attachment}”在正文中没有：第{present_line}行的{present_label}是“{present_title}”",
            ),
        ],
    },
    Check {
        code: "duplicate-text",
        severity: Severity::Warning,
        heading: "文字重复",
        diagnostics: &[],
        suppressed_by: &[],
        messages: &[(
            "run",
            "第{lines}行的文字（{units}段，约{chars}字）与{other}第{other_lines}行重复",
        )],
    },
    Check {
        code: "docnum-collision",
        severity: Severity::Warning,
        heading: "文号重复",
        diagnostics: &[],
        suppressed_by: &[],
        messages: &[
            ("collision", "文号“{number}”印在{count}份文档上：{docs}"),
            (
                "bare",
                "文号“{number}”（未印机关代字）印在{count}份文档上：{docs}；发文机关分别为{issuers}，可能是不同机关各自编号",
            ),
            (
                "same-title",
                "文号“{number}”印在{count}份标题相同的文档上（可能重复收录）：{docs}",
            ),
        ],
    },
    Check {
        code: "date-malformed",
        severity: Severity::Warning,
        heading: "日期格式错误",
        diagnostics: &["date-malformed"],
        suppressed_by: &[],
        messages: &[("header", "成文日期“{raw}”格式有误，按{reading}处理")],
    },
    Check {
        code: "deadline-before-date",
        severity: Severity::Warning,
        heading: "期限早于成文日期",
        diagnostics: &[],
        suppressed_by: &[],
        messages: &[(
            "deadline",
            "任务期限“{deadline}”（{due}）早于本文成文日期{date}：{task}",
        )],
    },
    Check {
        code: "effective-before-signature",
        severity: Severity::Warning,
        heading: "施行日期早于成文日期",
        diagnostics: &[],
        suppressed_by: &[],
        messages: &[(
            "effective",
            "施行日期{effective}早于本文成文日期{date}：“{clause}”",
        )],
    },
    Check {
        code: "outline-gap",
        severity: Severity::Warning,
        heading: "结构层次编号不连续",
        diagnostics: &["outline-gap"],
        suppressed_by: &[],
        messages: &[],
    },
    Check {
        code: "unbalanced-brackets",
        severity: Severity::Warning,
        heading: "括号不配对",
        diagnostics: &[UNBALANCED_BRACKETS],
        suppressed_by: &[],
        messages: &[
            ("paragraph", "括号不配对：{problems}（…{excerpt}…）"),
            ("open", "“{open}”未闭合"),
            ("close", "“{close}”前没有对应的“{open}”"),
            ("count", "（{n}处）"),
        ],
    },
    Check {
        code: "cited-number-mismatch",
        severity: Severity::Warning,
        heading: "引用文号不符",
        diagnostics: &[],
        suppressed_by: &[],
        messages: &[(
            "mismatch",
            "引用{cited}时注明的文号“{printed}”与被引文件印发的文号“{actual}”（{target}）不一致",
        )],
    },
];

/// Diagnostic code left by [`super::attachment_findings`] for an announced
/// attachment that is absent although the model matched or missed it
/// (re-emitted as `attachment-missing`).
pub const ATTACHMENT_ABSENT: &str = "attachment-absent";
/// Diagnostic code left by [`super::attachment_findings`] for an announced
/// attachment printed by title without its `附件N` label (drops the
/// `attachment-missing` finding).
pub const ATTACHMENT_UNLABELLED: &str = "attachment-unlabelled";
/// Diagnostic code left by [`super::bracket_findings`].
pub const UNBALANCED_BRACKETS: &str = "unbalanced-brackets";

pub(crate) fn check(code: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.code == code)
}

/// Replace each `{name}` of `template` by its argument (unknown names kept).
fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(a) = rest.find('{') {
        out.push_str(&rest[..a]);
        let after = &rest[a + 1..];
        match after.find('}') {
            Some(b) => {
                let key = &after[..b];
                match args.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[b + 1..];
            }
            None => {
                out.push_str(&rest[a..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The message of `code`'s `variant` with `args`.
pub(crate) fn message(code: &str, variant: &str, args: &[(&str, String)]) -> String {
    match check(code).and_then(|c| c.messages.iter().find(|(v, _)| *v == variant)) {
        Some((_, t)) => fill(t, args),
        None => args
            .iter()
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join("，"),
    }
}

/// Longest task / clause text quoted in a message.
pub(crate) const QUOTE_CHARS: usize = 40;

pub(crate) fn attachment_name(label: &str, title: Option<&str>) -> String {
    match title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) if label == "附件" => format!("附件：{t}"),
        Some(t) => format!("{label} {t}"),
        None => label.to_string(),
    }
}

/// First `n` chars of `s`, with `…` when cut.
pub(crate) fn quote(s: &str, n: usize) -> String {
    let mut it = s.chars();
    let head: String = it.by_ref().take(n).collect();
    if it.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_keeps_unknown_names() {
        assert_eq!(fill("{a}{b}{", &[("a", "1".to_string())]), "1{b}{");
    }
}
