//! Declarative pattern tables: every word list and textual form the parser
//! recognises lives here, one place each. Stages refer to these tables
//! instead of embedding literals. Outline labels have their own module,
//! [`crate::grammar::labels`].

/// 文种: genre words a title can end with. The genre of a title is the
/// *longest* entry that ends it (`…实施意见` → 实施意见, `…意见` → 意见).
/// 15 genres of the 党政机关公文处理工作条例, rule names and plan names.
pub const GENRES: &[&str] = &[
    // 党政机关公文处理工作条例 第八条
    "决议",
    "决定",
    "命令",
    "令",
    "公报",
    "公告",
    "通告",
    "意见",
    "通知",
    "通报",
    "报告",
    "请示",
    "批复",
    "议案",
    "函",
    "纪要",
    // notices for public comment or announcement (公示期)
    "公示",
    // composite forms counted as their own genre
    "实施意见",
    "实施方案",
    "实施细则",
    "实施办法",
    // rules (法规规章和规范性文件名称)
    "条例",
    "规定",
    "办法",
    "细则",
    "规则",
    "规程",
    "章程",
    "决议",
    // plans and other named texts
    "规划",
    "计划",
    "方案",
    "预案",
    "要点",
    "措施",
    "纲要",
    "清单",
    "目录",
    "指南",
    "制度",
];

/// Genre words that mark a *cover* title (a notice or similar that can wrap
/// an enclosed text).
pub const COVER_GENRES: &[&str] = &["通知", "通告", "决定", "意见", "通报", "公告"];

/// Verbs that make a title a cover notice carrying an enclosed text
/// (`关于印发《X》的通知`). 公布 and 学习贯彻 are deliberately absent: their
/// notices publish a list or study a text but do not enclose one by title.
pub const ENCLOSING_VERBS: &[&str] = &["印发", "转发", "颁发", "下发", "发布"];

/// Endings of an issuing-agency name (发文机关), longest first.
pub const AGENCY_SUFFIXES: &[&str] = &[
    "人民代表大会常务委员会",
    "人民政府办公室",
    "人民政府办公厅",
    "人民政府",
    "人民法院",
    "人民检察院",
    "军分区",
    "警备区",
    "办公室",
    "办公厅",
    "委员会",
    "管委会",
    "管理委员会",
    "街道办事处",
    "办事处",
    "政府",
    "国务院",
    "委",
    "厅",
    "局",
    "部",
    "院",
    "署",
    "会",
    "办",
    "中心",
    "支队",
    "总队",
];

/// Leading words of an agency name that are not administrative divisions
/// but still start an issuer (`中共…`, `国务院…`).
pub const AGENCY_PREFIXES: &[&str] = &["中共", "中国共产党", "国务院", "全国人民代表大会"];

/// Words that make a line an addressee line (主送机关) when it ends with `：`.
pub const ADDRESSEE_HINTS: &[&str] = &[
    "人民政府",
    "政府",
    "管委会",
    "各部门",
    "有关部门",
    "有关单位",
    "各单位",
    "各乡镇",
    "各县",
    "委员会",
    "各区",
    "各市",
    "办公厅",
    "办公室",
];

/// Disclosure notes (附注, 公开属性).
pub const DISCLOSURE_NOTES: &[&str] = &[
    "此件公开发布",
    "此件依申请公开",
    "此件不予公开",
    "此件不公开",
    "此件主动公开",
    "此件删减后公开",
];

/// Labels of a website metadata block (索引号 … 有效性), each with the
/// canonical key it fills.
pub const METADATA_LABELS: &[(&str, &str)] = &[
    ("索引号", "index_no"),
    ("主题分类", "subject"),
    ("发文机关", "issuer"),
    ("发布机构", "issuer"),
    ("发文字号", "doc_number"),
    ("文号", "doc_number"),
    ("成文日期", "date"),
    ("发文日期", "date"),
    ("发布日期", "published"),
    ("公布日期", "published"),
    ("施行日期", "effective"),
    ("实施日期", "effective"),
    ("有效性", "validity"),
    ("时效性", "validity"),
    ("标题", "title"),
    ("名称", "title"),
    ("文件名称", "title"),
];

/// Labels of a web page's metadata block in any style (`索引号：`,
/// `[发文字号]`, `索 引 号` once spaces are gone), with their canonical key:
/// those of [`METADATA_LABELS`] and the further ones sites print.
pub const PAGE_METADATA_LABELS: &[(&str, &str)] = &[
    ("索引号", "index_no"),
    ("主题分类", "subject"),
    ("主题词", "subject"),
    ("公文目录", "subject"),
    ("发文机关", "issuer"),
    ("发文单位", "issuer"),
    ("发布机构", "issuer"),
    ("发布部门", "issuer"),
    ("发布单位", "issuer"),
    ("发文字号", "doc_number"),
    ("文件编号", "doc_number"),
    ("文号", "doc_number"),
    ("成文日期", "date"),
    ("成文时间", "date"),
    ("发文日期", "date"),
    ("生成日期", "date"),
    ("发布日期", "published"),
    ("发布时间", "published"),
    ("公布日期", "published"),
    ("施行日期", "effective"),
    ("实施日期", "effective"),
    ("生效日期", "effective"),
    ("有效性", "validity"),
    ("时效性", "validity"),
    ("法宝引证码", "index_no"),
    ("标题", "title"),
    ("名称", "title"),
    ("文件名称", "title"),
];

/// Labels whose value may follow without a separator (a TAB or a table
/// cell boundary, lost in the compact view): `发文字号曲水府发〔2023〕21号`.
pub const PAGE_METADATA_STRONG: &[&str] = &[
    "索引号",
    "发文字号",
    "成文日期",
    "发文机关",
    "发布机构",
    "主题分类",
    "文件编号",
    "文号",
    "文件名称",
];

/// Separators between a metadata label and its value.
pub const PAGE_METADATA_SEPARATORS: &[char] = &[':', '：', ']', '】', '|', '｜'];

/// Marks that may precede a metadata label (bullets, brackets, cells).
pub const PAGE_METADATA_BULLETS: &[char] =
    &['·', '•', '●', '◆', '■', '-', '*', '|', '｜', '[', '【'];

/// Breadcrumbs and navigation (当前位置：首页 > …).
pub const PAGE_BREADCRUMBS: &[&str] = &[
    "当前位置",
    "您的位置",
    "您现在的位置",
    "您所在的位置",
    "现在位置",
    "首页>",
    "首页》",
    "首页»",
    "首页›",
    "首頁>",
    ">>正文",
    ">正文",
    "»正文",
];

/// Words of a page's own lines (来源、发布时间、浏览量、字号、打印、分享 …):
/// a short line with one of them, or a longer one with two, is clutter.
pub const PAGE_CLUTTER_WORDS: &[&str] = &[
    "来源:",
    "来源：",
    "发布时间",
    "发表时间",
    "发布日期",
    "浏览量",
    "浏览次数",
    "浏览数",
    "访问量",
    "点击",
    "阅读:",
    "阅读：",
    "阅读次数",
    "作者:",
    "作者：",
    "发布人",
    "字号",
    "字体",
    "打印",
    "关闭",
    "分享",
    "收藏",
    "扫一扫",
    "二维码",
    "微信",
    "微博",
    "下载地址",
    "人看过",
    "责任编辑",
    "【大",
    "〖大",
];

/// Annotations a site prints after a title in brackets (`（已失效）`):
/// not part of the title.
pub const TITLE_ANNOTATIONS: &[&str] = &[
    "已失效",
    "已废止",
    "失效",
    "废止",
    "有效",
    "现行有效",
    "部分失效",
    "已修改",
    "已被修改",
];

/// Closing and opening formulas that name a document's genre in its text
/// (`特此通知。`, `此复。`, `现通告如下：`): the genre of a document whose
/// title is not printed.
pub const GENRE_FORMULAS: &[(&str, &str)] = &[
    ("现通告如下", "通告"),
    ("特此通告", "通告"),
    ("现公告如下", "公告"),
    ("特此公告", "公告"),
    ("特此批复", "批复"),
    ("此复", "批复"),
    ("现通知如下", "通知"),
    ("特此通知", "通知"),
    ("特此通报", "通报"),
    ("现通报如下", "通报"),
    ("特此函告", "函"),
    ("特此函复", "函"),
    ("此函", "函"),
    ("特此报告", "报告"),
    ("现报告如下", "报告"),
    ("特此决定", "决定"),
    // a cover notice (印发/转发) is a 通知
    ("印发给你们", "通知"),
    ("转发给你们", "通知"),
    // the text naming itself
    ("本通告", "通告"),
    ("本公告", "公告"),
    ("本通知", "通知"),
    ("本决定", "决定"),
    ("本意见", "意见"),
];

/// What follows a date that belongs to a sentence, not to a signature
/// (`2017年5月3日起施行`, `…日前完成`, `…日印发的`).
pub const DATE_IN_SENTENCE_FOLLOWERS: &[&str] = &[
    "起", "前", "后", "至", "到", "以", "印发", "发布", "施行", "实施", "的", "召开", "第", "在",
    "经", "通过",
];

/// Verbs that open a title after its issuer (`…办公厅转发…`, `市政府贯彻…`):
/// an issuer prefix never holds one.
pub const TITLE_VERBS: &[&str] = &["关于", "印发", "转发", "批转", "贯彻", "公布", "发布"];

/// Issuer prefixes of a title that name the issuer by its level only
/// (`省人民政府关于…`, `市政府关于…`).
pub const SHORT_ISSUERS: &[&str] = &[
    "省人民政府",
    "省政府",
    "省人民政府办公厅",
    "省政府办公厅",
    "市人民政府",
    "市政府",
    "市人民政府办公室",
    "市政府办公室",
    "市人民政府办公厅",
    "市政府办公厅",
    "县人民政府",
    "县政府",
    "县人民政府办公室",
    "县政府办公室",
    "区人民政府",
    "区政府",
    "区人民政府办公室",
    "区政府办公室",
    "州人民政府",
    "州政府",
    "州人民政府办公室",
    "旗人民政府",
    "镇人民政府",
    "乡人民政府",
];

/// Running heads (书眉) of gazettes: a line containing all words of one
/// entry is a running head.
pub const RUNNING_HEAD_MARKS: &[&[&str]] = &[
    &["公报》", "合订本"],
    &["公报》", "年第"],
    &["政府公报", "第", "期"],
];

/// Endings of a ministry's or department's internal unit that signs its
/// own letters (`应急管理部安全生产基础司`, `某某厅法规处`): organs in a
/// signature only, never a header's issuer line (`…公司` is not one).
pub const SIGNING_UNIT_SUFFIXES: &[&str] = &["司", "处"];

/// Titles of signatories of a 规章 or order (`市长冯韶慧`).
pub const SIGNATORY_TITLES: &[&str] = &[
    "市长", "县长", "省长", "区长", "州长", "主任", "书记", "总理", "主席", "部长", "局长", "厅长",
];

/// Event lines of laws and regulations as published by a people's
/// congress or the State Council (`…会议通过`, `…第一次修正`).
pub const LEGISLATIVE_EVENTS: &[&str] = &["通过", "修正", "修订", "公布", "施行", "批准"];

/// The genre that ends `title` (longest match), ignoring a trailing
/// parenthetical such as `（试行）` or `（2022—2024年）`.
pub fn genre_of(title: &str) -> Option<&'static str> {
    let t = strip_trailing_paren(title);
    GENRES
        .iter()
        .filter(|g| t.ends_with(*g))
        .max_by_key(|g| g.len())
        .copied()
}

/// Remove trailing parentheticals (`…办法（试行）` → `…办法`).
pub fn strip_trailing_paren(s: &str) -> &str {
    let mut t = s;
    loop {
        let trimmed = t.trim_end_matches(['》', '”']);
        if let Some(stripped) = trimmed.strip_suffix(['）', ')']) {
            if let Some(open) = stripped.rfind(['（', '(']) {
                t = &stripped[..open];
                continue;
            }
        }
        return trimmed;
    }
}

/// Does `s` end with an agency suffix? Returns the suffix.
pub fn agency_suffix(s: &str) -> Option<&'static str> {
    AGENCY_SUFFIXES.iter().find(|x| s.ends_with(*x)).copied()
}

/// Bracket families: opening chars, closing chars, and their names in
/// messages. Full- and half-width parentheses are one family.
pub const BRACKET_PAIRS: &[(&[char], &[char], &str, &str)] = &[
    (&['（', '('], &['）', ')'], "（", "）"),
    (&['《'], &['》'], "《", "》"),
    (&['“'], &['”'], "“", "”"),
    (&['〔'], &['〕'], "〔", "〕"),
    (&['【'], &['】'], "【", "】"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genre_longest_match() {
        assert_eq!(
            genre_of("关于加快发展养老服务业的实施意见"),
            Some("实施意见")
        );
        assert_eq!(genre_of("关于加快发展现代职业教育的意见"), Some("意见"));
        assert_eq!(genre_of("廊坊市区养犬管理规定"), Some("规定"));
        assert_eq!(genre_of("关于…先进个人的表扬通报"), Some("通报"));
        assert_eq!(genre_of("廊坊市病媒生物防制管理办法（试行）"), Some("办法"));
        assert_eq!(genre_of("没有文种"), None);
    }

    #[test]
    fn page_metadata_labels_hold_the_block_labels() {
        for (label, key) in METADATA_LABELS {
            assert!(PAGE_METADATA_LABELS.contains(&(*label, *key)), "{label}");
        }
    }
}
