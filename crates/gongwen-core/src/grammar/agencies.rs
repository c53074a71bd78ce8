//! Unit names (机关、单位名称) and their normalisation.
//!
//! A unit is printed in many ways: `市发改委`, `市发展改革委`,
//! `市发展和改革委员会` are one body; `市公安局` in a 廊坊 document is
//! `廊坊市公安局`; `各县（市、区）政府` is not one body but a collective
//! (集合称谓) and stays one. [`normalize`] turns a printed name into a
//! canonical one:
//!
//! 1. compact it (no spaces), fold half-width and angle brackets to `（）`;
//! 2. recognise collectives ([`COLLECTIVE_MARKERS`]) — they are only
//!    folded, never scoped or expanded;
//! 3. split the name into place (`廊坊`), level (`市`) and body
//!    (`发改委`); map the body through [`BODY_ALIASES`] to its full name
//!    (`发展和改革委员会`); `政府` becomes `人民政府`;
//! 4. when the name has a level but no place, take the place from the
//!    issuing government (the *scope*, see [`document_scope`]), walking up
//!    [`PARENT_PLACES`] when the level differs (`市公安局` in a 巨鹿县
//!    document is `邢台市公安局`).
//!
//! All patterns live in the tables at the top of this module. Pure and
//! panic-free.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::model::Document;
use crate::source::scan::{LiteralSet, WordsByChar};
use crate::source::text::compact;

/// Body aliases: `(canonical full body, [printed short forms])`. A body is
/// a unit name without its place and level (`市发改委` → `发改委`). The
/// canonical form is the official full name; every alias (and the canonical
/// form itself) maps to it. Level-neutral: the same table serves 市 and 县.
/// Extended with every variant found in the corpus.
pub const BODY_ALIASES: &[(&str, &[&str])] = &[
    // 发展改革
    (
        "发展和改革委员会",
        &["发改委", "发展改革委", "发展和改革委", "发展改革委员会"],
    ),
    ("发展和改革局", &["发改局", "发展改革局"]),
    // 市场监管
    ("市场监督管理局", &["市场监管局", "市监局"]),
    (
        "食品药品监督管理局",
        &["食品药品监管局", "食药监局", "食药局"],
    ),
    ("质量技术监督局", &["质监局", "质量技监局"]),
    ("工商行政管理局", &["工商局"]),
    // 工信、科技
    ("工业和信息化局", &["工信局", "工业信息化局"]),
    ("科学技术局", &["科技局"]),
    ("科技和工业信息化局", &["科工信局", "科技工信局"]),
    // 人社、住建、自然资源
    (
        "人力资源和社会保障局",
        &["人社局", "人力资源社会保障局", "人力资源与社会保障局"],
    ),
    ("住房和城乡建设局", &["住建局", "住房城乡建设局"]),
    ("自然资源和规划局", &["自然资源规划局", "自规局"]),
    ("国土资源局", &["国土局"]),
    ("住房保障和房产管理局", &["房管局", "住房保障房产管理局"]),
    // 文旅、卫健、医保
    (
        "文化广电和旅游局",
        &["文广旅局", "文化广电旅游局", "文旅局"],
    ),
    ("文化广电新闻出版局", &["文广新局"]),
    (
        "卫生健康委员会",
        &["卫健委", "卫生健康委", "卫生和健康委员会"],
    ),
    ("卫生健康局", &["卫健局"]),
    (
        "卫生和计划生育委员会",
        &["卫计委", "卫生计生委", "卫生计生委员会"],
    ),
    ("医疗保障局", &["医保局"]),
    // 生态环境、农业、水
    ("环境保护局", &["环保局"]),
    ("农业农村局", &["农业农村厅"]),
    ("交通运输局", &["交通局"]),
    // 应急、安监
    ("应急管理局", &["应急局"]),
    ("安全生产监督管理局", &["安监局"]),
    // 金融、统计、审批
    ("地方金融监督管理局", &["地方金融监管局"]),
    ("行政审批局", &["审批局"]),
    ("退役军人事务局", &["退役军人局"]),
    (
        "城市管理综合行政执法局",
        &[
            "城管行政执法局",
            "城管执法局",
            "城管局",
            "城市管理行政执法局",
        ],
    ),
    // 党委部门
    (
        "委机构编制委员会办公室",
        &["委编办", "编委办", "机构编制委员会办公室"],
    ),
    ("委网络安全和信息化委员会办公室", &["委网信办", "网信办"]),
    // 政府办事机构
    ("人民政府办公室", &["政府办公室", "政府办"]),
    (
        "人民政府法制办公室",
        &["政府法制办", "法制办", "法制办公室"],
    ),
    (
        "人民政府外事办公室",
        &["外办", "政府外办", "外事办", "外事办公室"],
    ),
    (
        "人民政府新闻办公室",
        &["政府新闻办", "新闻办", "新闻办公室"],
    ),
    ("人民政府督查室", &["政府督查室", "督查室"]),
    ("人民政府应急管理办公室", &["政府应急办", "应急办"]),
    ("人民政府国有资产监督管理委员会", &["国资委", "政府国资委"]),
    ("通信管理办公室", &["通信管理办", "通信办"]),
    // 群团
    ("残疾人联合会", &["残联"]),
    ("妇女联合会", &["妇联"]),
    ("总工会", &["工会"]),
    ("中级人民法院", &["中级法院"]),
    ("人民检察院", &["检察院"]),
    ("人民法院", &["法院"]),
    ("政务服务管理办公室", &["政务服务管理办", "政务服务办"]),
    ("科学技术协会", &["科协"]),
    ("工商业联合会", &["工商联"]),
];

/// Markers of a collective unit (集合称谓): a name containing one of these
/// names several bodies at once and is kept as printed (folded only).
pub const COLLECTIVE_MARKERS: &[&str] = &[
    "各",
    "有关",
    "相关",
    "成员单位",
    "县（市、区）",
    "所属",
    "其他",
];

/// Collectives of the governments of an area, named without an
/// organisation suffix (`各地区、各部门按职责分工负责`, `各镇街区`): unit names
/// all the same (brackets folded to full width before the lookup; a
/// trailing `等` tail is allowed).
pub const COLLECTIVE_AREAS: &[&str] = &[
    "各地区",
    "各地",
    "各地方",
    "各省",
    "各市",
    "各州",
    "各县",
    "各区",
    "各乡",
    "各镇",
    "各省（区、市）",
    "各省（自治区、直辖市）",
    "各市（州）",
    "各市（地）",
    "各县（市、区）",
    "各县（市）",
    "各县（区）",
    "各县区",
    "各区（县）",
    "各区县",
    "各乡镇",
    "各乡（镇）",
    "各乡镇（街道）",
    "各镇（街道）",
    "各镇街",
    "各镇街区",
    "各街道",
];

/// Names of a place and the place above it (上级行政区), used to scope a
/// name printed at a higher level than the issuing government (`市公安局`
/// in a 巨鹿县 document) and to resolve `省` names.
pub const PARENT_PLACES: &[(&str, &str)] = &[
    ("廊坊市", "河北省"),
    ("邯郸市", "河北省"),
    ("邢台市", "河北省"),
    ("巨鹿县", "邢台市"),
    ("香河县", "廊坊市"),
    ("文安县", "廊坊市"),
    ("霸州市", "廊坊市"),
    ("三河市", "廊坊市"),
    ("固安县", "廊坊市"),
    ("永清县", "廊坊市"),
    ("大城县", "廊坊市"),
    ("大厂回族自治县", "廊坊市"),
    ("广阳区", "廊坊市"),
    ("安次区", "廊坊市"),
    ("邯山区", "邯郸市"),
];

/// What may follow `等` at the end of an open-ended list (`市残联等有关部门`,
/// `市安监局等相关市场监管部门`): the name before `等` is the unit.
const ETC_TAILS: &[&str] = &["部门", "单位", "机构", "企业"];

/// Level characters (行政级别) a unit name may start with.
const LEVELS: &[char] = &['省', '市', '县', '区', '乡', '镇'];

/// Bodies that begin with a level character but are not levelled
/// (`市场监管局` without a level is a body, not 市 + `场监管局`).
const LEVEL_CHAR_BODIES: &[&str] = &["市场", "区域", "县域", "市级", "县级", "区级", "省级"];

/// Suffixes that end the name of an organisation (机构名称后缀). Used to
/// tell a unit from other text and to cut a unit out of a job title.
pub const ORG_SUFFIXES: &[&str] = &[
    "管委会",
    "委员会",
    "办公室",
    "办公厅",
    "军分区",
    "分局",
    "支行",
    "大队",
    "中队",
    "支队",
    "公司",
    "中心",
    "部门",
    "单位",
    "机构",
    "政府",
    "局",
    "委",
    "办",
    "部",
    "厅",
    "院",
    "府",
    "会",
    "处",
    "站",
    "队",
    "所",
    "行",
    "社",
    "室",
    "联",
    "协",
    "台",
    "馆",
    "校",
    "组",
    "署",
    "团",
    "庭",
    "科",
    "股",
];

/// A unit name: as printed and normalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// As printed (spaces removed).
    pub name: String,
    /// Canonical name: full body name, scoped to the issuing government.
    pub normalized: String,
    /// True for a collective (集合称谓) such as `各县（市、区）政府`,
    /// `市政府各部门`, `各有关单位`: several bodies, kept as printed.
    pub collective: bool,
}

/// Normalise a printed unit name. `scope` is the issuing government, as a
/// place (`廊坊市`) or an issuer name (`廊坊市人民政府办公室`); `None`
/// leaves level-only names unscoped. Never panics.
pub fn normalize(name: &str, scope: Option<&str>) -> Unit {
    let printed = compact(name);
    let folded = fold_brackets(&printed);
    // `市残联等有关部门`: the named unit is 市残联 (the rest is open-ended).
    // `县应急管理局（地震局）`: the second name in brackets is dropped.
    let core = strip_trailing_etc(strip_trailing_bracket(&folded));
    if core.is_empty() || is_collective(core) {
        let base = if core.is_empty() {
            folded.as_str()
        } else {
            core
        };
        return Unit {
            name: printed,
            normalized: expand_government(base),
            collective: true,
        };
    }
    let parts = split_name(core);
    let body = canonical_body(parts.body);
    let place = match (parts.place, parts.level) {
        (Some(p), _) => Some(p.to_string()),
        (None, Some(level)) => scope
            .and_then(scope_place)
            .and_then(|s| place_for_level(&s, level)),
        (None, None) => None,
    };
    let mut normalized = String::new();
    if let Some(p) = &place {
        normalized.push_str(p);
    }
    if let Some(l) = parts.level {
        normalized.push(l);
    }
    normalized.push_str(&body);
    Unit {
        name: printed,
        normalized,
        collective: false,
    }
}

/// Most distinct names [`normalize_cached`] keeps per thread before it
/// starts afresh (a bound for long-running processes).
const NORMALIZE_CACHE_MAX: usize = 8192;

thread_local! {
    /// scope (`None` as "\0") → printed name → unit.
    static NORMALIZE_CACHE: RefCell<HashMap<String, HashMap<String, Unit>>> =
        RefCell::new(HashMap::default());
}

/// [`normalize`], memoised per thread: the same few hundred unit names
/// recur in every bracket of every document of a file.
pub fn normalize_cached(name: &str, scope: Option<&str>) -> Unit {
    let key = scope.unwrap_or("\0");
    let hit = NORMALIZE_CACHE.with(|c| c.borrow().get(key).and_then(|m| m.get(name)).cloned());
    if let Some(u) = hit {
        return u;
    }
    let u = normalize(name, scope);
    NORMALIZE_CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.values().map(HashMap::len).sum::<usize>() >= NORMALIZE_CACHE_MAX {
            c.clear();
        }
        c.entry(key.to_string())
            .or_default()
            .insert(name.to_string(), u.clone());
    });
    u
}

/// The scope (issuing government's place, `廊坊市`) of an issuer name such
/// as `廊坊市人民政府办公室`. `None` when the name does not start with a
/// place.
pub fn scope_place(issuer: &str) -> Option<String> {
    let c = fold_brackets(&compact(issuer));
    let parts = split_name(&c);
    let place = parts.place?;
    let level = parts.level?;
    Some(format!("{place}{level}"))
}

/// The scope of a document: the place of its first issuer that names one,
/// else of its signature.
pub fn document_scope(doc: &Document) -> Option<String> {
    doc.header
        .issuers
        .iter()
        .chain(doc.header.signature.iter())
        .find_map(|f| scope_place(&f.value))
}

/// True when `s` looks like the name of a unit: short, no sentence
/// punctuation, and ending with an organisation suffix (or a collective).
pub fn is_unit_like(s: &str) -> bool {
    // The ending first: it rejects most texts without reading them.
    let core = strip_trailing_etc(strip_trailing_bracket(s));
    let named = has_org_suffix(core)
        || ((s.ends_with("部门") || s.ends_with("单位")) && is_collective(s))
        || is_collective_area(strip_trailing_etc(s));
    named
        && (2..=40).contains(&s.chars().count())
        && !s.contains(['。', '；', ';', '：', ':', '，', ',', '《', '“', '的'])
}

/// True when `s` is one of the [`COLLECTIVE_AREAS`] (either bracket
/// width).
fn is_collective_area(s: &str) -> bool {
    s.starts_with('各') && COLLECTIVE_AREAS.contains(&fold_brackets(s).as_str())
}

/// True when `s` ends with one of the [`ORG_SUFFIXES`]: only those ending
/// in the last char of `s` are compared (42 suffixes, 32 last chars).
fn has_org_suffix(s: &str) -> bool {
    static BY_LAST: LazyLock<WordsByChar> =
        LazyLock::new(|| WordsByChar::trailing(ORG_SUFFIXES.iter().copied()));
    BY_LAST.find(s).is_some()
}

/// `县应急管理局（市地震局）` → `县应急管理局`: a trailing bracketed
/// second name (挂牌机构) or note.
fn strip_trailing_bracket(s: &str) -> &str {
    if !s.ends_with(['）', ')']) {
        return s;
    }
    match s.rfind(['（', '(']) {
        Some(k) if k > 0 => &s[..k],
        _ => s,
    }
}

/// True when a (folded) name is a collective.
pub fn is_collective(name: &str) -> bool {
    // `各` counts only at the start or in 各部门 / 各单位; every other
    // marker anywhere. One automaton for the lot (names are short, and
    // `contains` set up a searcher per marker).
    static ANYWHERE: LazyLock<LiteralSet> = LazyLock::new(|| {
        let words: Vec<&'static str> = COLLECTIVE_MARKERS
            .iter()
            .flat_map(|m| {
                if *m == "各" {
                    vec!["各部门", "各单位"]
                } else {
                    vec![*m]
                }
            })
            .collect();
        LiteralSet::new(&words)
    });
    (COLLECTIVE_MARKERS.contains(&"各") && name.starts_with('各')) || ANYWHERE.is_in(name)
}

thread_local! {
    /// job title → its organisation ([`unit_of_position`]).
    static POSITION_CACHE: RefCell<HashMap<String, Option<String>>> =
        RefCell::new(HashMap::default());
}

/// [`unit_of_position`], memoised per thread: rosters repeat the same job
/// titles in document after document. Bounded like [`normalize_cached`].
pub fn unit_of_position_cached(position: &str) -> Option<String> {
    if let Some(u) = POSITION_CACHE.with(|c| c.borrow().get(position).cloned()) {
        return u;
    }
    let u = unit_of_position(position);
    POSITION_CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= NORMALIZE_CACHE_MAX {
            c.clear();
        }
        c.insert(position.to_string(), u.clone());
    });
    u
}

/// The organisation part of a job title (`市发改委副主任` → `市发改委`,
/// `市公安局治安支队副支队长` → `市公安局治安支队`). For a title naming
/// several posts (`市委副书记、市政府市长`) the last post whose organisation
/// carries a level or place is used (else the last found); a bare head of
/// government (`副市长`) gives that level's government (`市政府`). `None`
/// when no organisation can be cut out.
pub fn unit_of_position(position: &str) -> Option<String> {
    let c = fold_brackets(&compact(position));
    let mut found: Vec<String> = Vec::new();
    for part in c.split(['、', '，', ',', '兼']) {
        if let Some(u) = unit_of_single_post(part) {
            found.push(u);
            continue;
        }
        let Some((_, gov)) = GOVERNMENT_HEADS.iter().find(|(t, _)| part.ends_with(t)) else {
            continue;
        };
        // `广阳区委常委、副区长`: the place comes from the earlier post.
        let level = gov.chars().next().unwrap_or('市');
        let place = found.iter().rev().find_map(|u| {
            let p = split_name(u);
            match (p.place, p.level) {
                (Some(pl), Some(l)) if l == level => Some(pl.to_string()),
                _ => None,
            }
        });
        found.push(format!("{}{gov}", place.unwrap_or_default()));
    }
    let levelled = found.iter().rev().find(|u| {
        let p = split_name(u);
        p.place.is_some() || p.level.is_some()
    });
    levelled.or(found.last()).cloned()
}

/// Heads of government printed without their organisation, and the
/// government they belong to.
const GOVERNMENT_HEADS: &[(&str, &str)] = &[
    ("市长", "市政府"),
    ("县长", "县政府"),
    ("区长", "区政府"),
    ("镇长", "镇政府"),
    ("乡长", "乡政府"),
];

/// Words that begin a job title (职务): the text after an organisation
/// name in a roster line starts with one of these.
const TITLE_STARTS: &[&str] = &[
    "副",
    "常务",
    "主任",
    "主席",
    "局长",
    "部长",
    "处长",
    "科长",
    "院长",
    "庭长",
    "所长",
    "站长",
    "行长",
    "队长",
    "馆长",
    "社长",
    "台长",
    "校长",
    "书记",
    "党",
    "一级",
    "二级",
    "三级",
    "四级",
    "调研员",
    "巡视员",
    "秘书",
    "委员",
    "经理",
    "总",
    "司令",
    "参谋",
    "政委",
    "干事",
    "助理",
    "科员",
    "专职",
    "市长",
    "县长",
    "区长",
    "镇长",
    "乡长",
    "常委",
    "检察长",
    "负责人",
    "理事长",
    "会长",
    "组长",
    "主管",
    "督学",
    "纪检",
    "正处",
    "副处",
    "正科",
    "高级",
    "工委",
    "指挥长",
    "支队长",
    "大队长",
    "主任科员",
    "局党",
    "政治",
    "干部",
    "职员",
    "工作人员",
];

/// Last chars of [`ORG_SUFFIXES`] and first chars of [`TITLE_STARTS`],
/// sorted: where an organisation name can end and a job title begin.
static POST_BOUNDARY_CHARS: LazyLock<(Vec<char>, Vec<char>)> = LazyLock::new(|| {
    let mut lasts: Vec<char> = ORG_SUFFIXES
        .iter()
        .filter_map(|s| s.chars().next_back())
        .collect();
    let mut firsts: Vec<char> = TITLE_STARTS
        .iter()
        .filter_map(|t| t.chars().next())
        .collect();
    lasts.sort_unstable();
    lasts.dedup();
    firsts.sort_unstable();
    firsts.dedup();
    (lasts, firsts)
});

fn unit_of_single_post(part: &str) -> Option<String> {
    let mut best: Option<usize> = None;
    for (i, _) in part.char_indices().skip(1) {
        let head = &part[..i];
        let rest = &part[i..];
        // Cheap test on the chars either side before the tables are scanned.
        let (Some(last), Some(next)) = (head.chars().next_back(), rest.chars().next()) else {
            continue;
        };
        let (org_lasts, title_firsts) = &*POST_BOUNDARY_CHARS;
        if org_lasts.binary_search(&last).is_err() || title_firsts.binary_search(&next).is_err() {
            continue;
        }
        // `县公安局党委委员`: the party committee inside a unit is a title.
        let ends_org = ORG_SUFFIXES.iter().any(|s| head.ends_with(s))
            && !head.ends_with("党委")
            && !head.ends_with("党组")
            && !head.ends_with("党支部");
        if ends_org && TITLE_STARTS.iter().any(|t| rest.starts_with(t)) {
            best = Some(i);
        }
    }
    match best {
        Some(i) => part.get(..i).map(str::to_string),
        None if ORG_SUFFIXES.iter().any(|s| part.ends_with(s)) && part.chars().count() >= 2 => {
            Some(part.to_string())
        }
        None => None,
    }
}

/// Fold half-width and angle brackets to full-width round ones
/// (`各县〈市、区〉政府`, `各县<市、区>政府` → `各县（市、区）政府`).
pub fn fold_brackets(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '(' | '〈' | '<' | '＜' => '（',
            ')' | '〉' | '>' | '＞' => '）',
            _ => c,
        })
        .collect()
}

/// `市公安局等` / `市残联等有关部门` → (`市公安局`, true): the unit named
/// before a trailing `等` tail ([`ETC_TAILS`]) and whether there was one
/// (the list it ends is open). A name that is only a tail stays whole.
pub fn split_open_list(name: &str) -> (&str, bool) {
    let core = strip_trailing_etc(name);
    if core.is_empty() || core.len() == name.len() {
        (name, false)
    } else {
        (core, true)
    }
}

/// Strip a trailing `等` / `等有关部门` / `等…部门` / `等单位` (the list was
/// open-ended, see [`ETC_TAILS`]); returns the core name.
fn strip_trailing_etc(s: &str) -> &str {
    let Some(k) = s.rfind('等') else { return s };
    let rest = &s[k + '等'.len_utf8()..];
    let open_ended = rest.is_empty()
        || (rest.chars().count() <= 12 && ETC_TAILS.iter().any(|t| rest.ends_with(t)));
    if open_ended {
        &s[..k]
    } else {
        s
    }
}

/// `…政府` at the end of a name becomes `…人民政府`.
fn expand_government(s: &str) -> String {
    match s.strip_suffix("政府") {
        Some(head) if !head.ends_with("人民") => format!("{head}人民政府"),
        _ => s.to_string(),
    }
}

/// A unit name split into place, level and body.
struct NameParts<'a> {
    place: Option<&'a str>,
    level: Option<char>,
    body: &'a str,
}

fn split_name(s: &str) -> NameParts<'_> {
    // Place: 2–7 chars followed by a level character (`廊坊市`, `巨鹿县`).
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let first_is_level = chars.first().is_some_and(|(_, c)| LEVELS.contains(c));
    for &(i, c) in chars.iter().skip(2).take(6) {
        if LEVELS.contains(&c) && !first_is_level {
            let place = &s[..i];
            if place.chars().all(is_han) {
                // `廊坊市市场监督管理局`: the level is 市, the body 市场….
                let rest = &s[i + c.len_utf8()..];
                return NameParts {
                    place: Some(place),
                    level: Some(c),
                    body: rest,
                };
            }
        }
    }
    if let Some(first) = s.chars().next() {
        if LEVELS.contains(&first) && !LEVEL_CHAR_BODIES.iter().any(|b| s.starts_with(b)) {
            let rest = &s[first.len_utf8()..];
            if !rest.is_empty() && !rest.starts_with('（') {
                return NameParts {
                    place: None,
                    level: Some(first),
                    body: rest,
                };
            }
        }
    }
    NameParts {
        place: None,
        level: None,
        body: s,
    }
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF)
}

/// Canonical body: alias table, then `政府…` → `人民政府…`.
/// Every name in [`BODY_ALIASES`] (canonical names and aliases) → its
/// canonical name; the first table entry wins, as in a scan of the table.
static BODY_ALIAS_INDEX: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let mut m = HashMap::default();
    for (canonical, aliases) in BODY_ALIASES {
        for a in std::iter::once(canonical).chain(aliases.iter()) {
            m.entry(*a).or_insert(*canonical);
        }
    }
    m
});

fn canonical_body(body: &str) -> String {
    if let Some(canonical) = BODY_ALIAS_INDEX.get(body) {
        return (*canonical).to_string();
    }
    // A sub-unit (`人社局就业服务中心`): expand the longest alias prefix.
    let prefix = BODY_ALIASES
        .iter()
        .flat_map(|(canonical, aliases)| {
            aliases
                .iter()
                .chain(std::iter::once(canonical))
                .map(move |a| (*a, *canonical))
        })
        .filter(|(a, _)| {
            // `法制办公室` is not 法制办 + 公室.
            body.strip_prefix(a).is_some_and(|rest| {
                rest.chars().count() >= 2
                    && !rest.starts_with('公')
                    && ORG_SUFFIXES.iter().any(|suf| rest.ends_with(suf))
            })
        })
        .max_by_key(|(a, _)| a.len());
    if let Some((alias, canonical)) = prefix {
        return format!("{canonical}{}", &body[alias.len()..]);
    }
    if let Some(rest) = body.strip_prefix("政府") {
        return format!("人民政府{rest}");
    }
    body.to_string()
}

/// The place (without level) to put before a name of `level`, given the
/// scope `廊坊市`: the scope itself when the levels agree, else the nearest
/// ancestor of that level.
fn place_for_level(scope: &str, level: char) -> Option<String> {
    let mut cur = scope.to_string();
    for _ in 0..4 {
        if cur.ends_with(level) {
            let cut = cur.len() - level.len_utf8();
            return cur.get(..cut).map(str::to_string);
        }
        cur = PARENT_PLACES
            .iter()
            .find(|(p, _)| *p == cur)
            .map(|(_, parent)| (*parent).to_string())?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_suffixes_are_found_by_their_last_char() {
        for suf in ORG_SUFFIXES {
            assert!(has_org_suffix(suf), "{suf}");
            assert!(has_org_suffix(&format!("市某某{suf}")), "{suf}");
            assert_eq!(
                has_org_suffix(&format!("{suf}工作")),
                ORG_SUFFIXES
                    .iter()
                    .any(|t| format!("{suf}工作").ends_with(t)),
                "{suf}"
            );
        }
        assert!(!has_org_suffix(""));
        assert!(!has_org_suffix("加强监管"));
    }

    fn n(name: &str, scope: Option<&str>) -> String {
        normalize(name, scope).normalized
    }

    #[test]
    fn aliases_collapse() {
        let a = n("市发改委", Some("廊坊市"));
        assert_eq!(a, "廊坊市发展和改革委员会");
        assert_eq!(n("市发展改革委", Some("廊坊市")), a);
        assert_eq!(n("市发展和改革委员会", Some("廊坊市")), a);
        assert_eq!(n("廊坊市发改委", None), a);
        assert_eq!(
            n("市市场监管局", Some("廊坊市人民政府办公室")),
            n("市市场监督管理局", Some("廊坊市"))
        );
        assert_eq!(n("市市场监管局", None), "市市场监督管理局");
        assert_eq!(n("市法制办公室", None), "市人民政府法制办公室");
        assert_eq!(
            n("市人社局就业服务中心", Some("廊坊市")),
            "廊坊市人力资源和社会保障局就业服务中心"
        );
        assert_eq!(
            n("县应急管理局（地震局）", Some("巨鹿县")),
            "巨鹿县应急管理局"
        );
        assert_eq!(n("市级代办机构", Some("廊坊市")), "市级代办机构");
        // Open-ended lists name their first unit.
        assert_eq!(
            n("市安监局等相关市场监管部门", Some("廊坊市")),
            "廊坊市安全生产监督管理局"
        );
        let u = normalize("市残联等有关部门", Some("廊坊市"));
        assert_eq!(
            (u.normalized.as_str(), u.collective),
            ("廊坊市残疾人联合会", false)
        );
        assert_eq!(n("市中等职业学校", None), "市中等职业学校");
    }

    #[test]
    fn scoping_to_issuer() {
        assert_eq!(n("市公安局", Some("廊坊市人民政府")), "廊坊市公安局");
        assert_eq!(n("县林业局", Some("巨鹿县人民政府")), "巨鹿县林业局");
        assert_eq!(n("县政府", Some("巨鹿县")), "巨鹿县人民政府");
        assert_eq!(n("市公安局", Some("巨鹿县")), "邢台市公安局");
        assert_eq!(n("省政府", Some("廊坊市")), "河北省人民政府");
        assert_eq!(n("市政府办公室", Some("廊坊市")), "廊坊市人民政府办公室");
        assert_eq!(n("市委宣传部", Some("廊坊市")), "廊坊市委宣传部");
        // A name with its own place keeps it.
        assert_eq!(
            n("邢台市生态环境局巨鹿县分局", Some("巨鹿县")),
            "邢台市生态环境局巨鹿县分局"
        );
        assert_eq!(n("香河县政府", Some("廊坊市")), "香河县人民政府");
        assert_eq!(n("香河县人民政府", Some("廊坊市")), "香河县人民政府");
    }

    #[test]
    fn collectives_are_kept() {
        for name in [
            "各县（市、区）政府",
            "市政府各部门",
            "各有关单位",
            "有关县(市、区)政府",
            "各县〈市、区〉政府",
            "各乡镇人民政府",
        ] {
            let u = normalize(name, Some("廊坊市"));
            assert!(u.collective, "{name}");
        }
        assert_eq!(
            n("各县〈市、区〉政府", Some("廊坊市")),
            n("各县（市、区）人民政府", None)
        );
        assert_eq!(n("市政府各部门", Some("廊坊市")), "市政府各部门");
        assert!(!normalize("市公安局", None).collective);
    }

    #[test]
    fn scope_and_positions() {
        assert_eq!(
            scope_place("廊坊市人民政府办公室").as_deref(),
            Some("廊坊市")
        );
        assert_eq!(scope_place("巨鹿县人民政府").as_deref(), Some("巨鹿县"));
        assert_eq!(scope_place("市政府"), None);
        assert_eq!(
            unit_of_position("市发改委副主任").as_deref(),
            Some("市发改委")
        );
        assert_eq!(
            unit_of_position("市公安局治安支队副支队长").as_deref(),
            Some("市公安局治安支队")
        );
        assert_eq!(
            unit_of_position("市委副书记、市政府市长").as_deref(),
            Some("市政府")
        );
        assert_eq!(
            unit_of_position("县发展和改革局一级主任科员").as_deref(),
            Some("县发展和改革局")
        );
        assert_eq!(
            unit_of_position("县公安局党委委员经侦大队长").as_deref(),
            Some("县公安局")
        );
        assert_eq!(unit_of_position("王某"), None);
    }

    #[test]
    fn unit_like() {
        assert!(is_unit_like("市发改委"));
        assert!(is_unit_like("市政府有关部门"));
        assert!(is_unit_like("武警廊坊支队"));
        assert!(is_unit_like("县应急管理局（市地震局）"));
        assert!(!is_unit_like("研究制定我市工作要点"));
        assert!(!is_unit_like("业主代表"));
        assert!(is_unit_like("各地区"));
        assert!(is_unit_like("各省(区、市)"));
        assert!(is_unit_like("各镇街区等"));
        assert!(!is_unit_like("各地区要加强领导"));
    }

    #[test]
    fn never_panics() {
        for s in [
            "",
            "市",
            "县（",
            "各",
            "（）",
            "市市市市市市市市",
            "\u{3000}",
            "a",
        ] {
            let _ = normalize(s, Some(s));
            let _ = scope_place(s);
            let _ = unit_of_position(s);
            let _ = is_unit_like(s);
        }
    }
}
