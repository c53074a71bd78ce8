//! Quantitative targets on the real corpus (`../shared/corpus`).
//!
//! Every expectation below was checked by hand against the raw files.
//! Targets are looked up by the line they start on and their metric, so the
//! assertions do not depend on how the file is split into documents. When
//! the corpus folder is absent the tests print a note and pass, except in CI
//! (see `common`).
//!
//! Metrics are compared through `text::compact`, the same normalisation the
//! extractor reads, so they hold whatever the compact view folds.

mod common;

use gongwen_core::facts::targets::{self};
use gongwen_core::model::{Comparator, Target, TargetSource};
use gongwen_core::source::text::compact;

/// All targets of the corpus file whose name starts with `prefix`, with the
/// raw bytes, or `None` when the corpus is not there (see `common`).
fn load(prefix: &str) -> Option<(Vec<Target>, Vec<u8>)> {
    let f = common::parse_corpus_file(prefix)?;
    let targets = common::with_source(&f.name, &f.bytes, |src| {
        f.parsed
            .documents
            .iter()
            .flat_map(|d| targets::extract(src, d))
            .collect()
    });
    Some((targets, f.bytes))
}

/// The target starting on `line` whose metric is `metric`, with `value`.
fn find<'a>(ts: &'a [Target], line: usize, metric: &str, value: f64) -> &'a Target {
    let metric = compact(metric);
    ts.iter()
        .find(|t| t.span.start_line == line && t.metric == metric && t.value == value)
        .unwrap_or_else(|| {
            let near: Vec<String> = ts
                .iter()
                .filter(|t| t.span.start_line.abs_diff(line) <= 2)
                .map(|t| format!("l.{} {} {}{}", t.span.start_line, t.metric, t.value, t.unit))
                .collect();
            panic!("no target {metric} = {value} on line {line}; near: {near:#?}")
        })
}

fn none_on(ts: &[Target], line: usize) {
    let on: Vec<&Target> = ts.iter().filter(|t| t.span.start_line == line).collect();
    assert!(on.is_empty(), "line {line} should give no target: {on:#?}");
}

#[test]
fn indicator_table_rows() {
    let Some((ts, _)) = load("002") else { return };
    // 专栏1 “十四五”时期主要指标 (l.81–169): row 1, 安全生产类.
    let t = find(&ts, 91, "生产安全事故死亡人数", 18.0);
    assert_eq!(t.source, TargetSource::Table);
    assert_eq!((t.comparator, t.unit.as_str()), (Comparator::Decrease, "%"));
    assert_eq!(t.year, Some(2025));
    assert_eq!(t.nature.as_deref(), Some("约束性"));
    // 10小时以内: a time span counts in an indicator table.
    let t = find(
        &ts,
        153,
        "灾害事故发生后受灾人员基本生活得到有效救助时间",
        10.0,
    );
    assert_eq!(
        (t.comparator, t.unit.as_str()),
        (Comparator::AtMost, "小时")
    );
    // Health plan table (l.1480–): unit from the indicator's parenthetical,
    // baseline from the 2020年基数 column.
    let t = find(&ts, 1511, "孕产妇死亡率", 10.0);
    assert_eq!(
        (t.comparator, t.unit.as_str()),
        (Comparator::AtMost, "1/10万")
    );
    assert_eq!(t.baseline.as_deref(), Some("2020年基数：14.83"));
    assert_eq!(t.year, Some(2025));
    let t = find(&ts, 1624, "儿童青少年总体近视率", 0.5);
    assert_eq!(
        (t.comparator, t.unit.as_str()),
        (Comparator::Decrease, "个百分点")
    );
    assert!(t.aspirational);
    // Community services table (l.3410–3471), header repeated after a page break.
    let t = find(&ts, 3442, "每百户居民拥有社区综合服务设施面积", 30.0);
    assert_eq!(
        (t.comparator, t.unit.as_str()),
        (Comparator::AtLeast, "平方米")
    );
    assert_eq!(t.baseline.as_deref(), Some("2020年基期值：23.6平方米"));
    let t = find(&ts, 3472, "每万名城镇常住人口拥有社区工作者", 18.0);
    assert_eq!((t.comparator, t.unit.as_str()), (Comparator::Reach, "人"));
    // `有效遏制`, `1:0.80`, `持续提升` are not values.
    none_on(&ts, 97);
    let tables = ts
        .iter()
        .filter(|t| t.source == TargetSource::Table)
        .count();
    assert!(tables >= 50, "indicator table rows: {tables}");
}

#[test]
fn multi_target_sentences() {
    let Some((ts, _)) = load("003") else { return };
    // l.24 到2022年和2030年，居民心理健康素养水平分别不低于20%和30%
    let a = find(&ts, 24, "居民心理健康素养水平", 20.0);
    let b = find(&ts, 24, "居民心理健康素养水平", 30.0);
    assert_eq!((a.year, b.year), (Some(2022), Some(2030)));
    assert!(a.comparator == Comparator::AtLeast && b.comparator == Comparator::AtLeast);
    assert_eq!(a.unit, "%");
    // l.27: three clauses, each with two values paired with the two years.
    let t = find(&ts, 27, "孕产妇死亡率", 9.0);
    assert_eq!((t.unit.as_str(), t.year), ("/10万", Some(2030)));
    assert_eq!(t.comparator, Comparator::AtMost);
    assert_eq!(find(&ts, 27, "5岁以下儿童死亡率", 6.0).year, Some(2022));

    let Some((ts, _)) = load("004") else { return };
    // l.783 …死亡率、…煤矿百万吨死亡率和营运车辆万车死亡率与2015年相比分别下降30%、19%、32%和6%
    let t = find(&ts, 783, "亿元国内生产总值生产安全事故死亡率", 30.0);
    assert_eq!(t.comparator, Comparator::Decrease);
    assert_eq!(t.baseline.as_deref(), Some("与2015年相比"));
    assert_eq!(t.year, Some(2020));
    assert_eq!(find(&ts, 783, "煤矿百万吨死亡率", 32.0).year, Some(2020));
    assert_eq!(find(&ts, 783, "营运车辆万车死亡率", 6.0).unit, "%");
}

#[test]
fn running_text_targets() {
    let Some((ts, bytes)) = load("001") else {
        return;
    };
    // l.27 到2025年，…高新技术企业数量占全市比例超过40%
    let t = find(&ts, 27, "高新技术企业数量占全市比例", 40.0);
    assert_eq!(
        (t.comparator, t.unit.as_str(), t.year),
        (Comparator::MoreThan, "%", Some(2025))
    );
    let t = find(&ts, 27, "省级以上高新区主营业务收入", 500.0);
    assert_eq!((t.unit.as_str(), t.aspirational), ("亿元", true));
    // l.2471: three sentences, three years.
    let years: Vec<Option<i32>> = [300.0, 600.0, 900.0]
        .iter()
        .map(|v| find(&ts, 2471, "培育科技特派员数量", *v).year)
        .collect();
    assert_eq!(years, [Some(2021), Some(2023), Some(2025)]);
    // l.2473 建设不少于20家科技特派员工作站: the metric follows the value.
    let t = find(&ts, 2473, "建设科技特派员工作站", 20.0);
    assert_eq!((t.unit.as_str(), t.year), ("家", Some(2021)));
    // Provenance: the span is the phrase from the metric to the value.
    let t = find(&ts, 2376, "城市和县城建成区道路机械化清扫率", 100.0);
    let raw = std::str::from_utf8(&bytes[t.span.start_byte..t.span.end_byte]).expect("utf-8");
    assert_eq!(raw, "城市和县城建成区道路机械化清扫率达到100%");
    assert_eq!(t.year, Some(2021));
    // Rules, thresholds and conditions are not targets.
    none_on(&ts, 209); // 出资比例原则上不超过30%
    none_on(&ts, 903); // 不良事件的人数超过50人（含）
    none_on(&ts, 2279); // 80%以上居民同意且…20%以上的，也可纳入

    let Some((ts, _)) = load("002") else { return };
    // l.1474 人均预期寿命比2020年提高1岁 (target year from 到2025年 earlier).
    let t = find(&ts, 1474, "人均预期寿命", 1.0);
    assert_eq!(
        (t.comparator, t.unit.as_str()),
        (Comparator::Increase, "岁")
    );
    assert_eq!(t.baseline.as_deref(), Some("比2020年"));
    assert_eq!(t.year, Some(2025));
    // Achievements of the past plan are not targets: l.812 (发展现状),
    // l.1418 and l.1887 (到2020年… in 2021/2022 documents).
    none_on(&ts, 812);
    none_on(&ts, 1418);
    none_on(&ts, 1887);
    // Incentive terms (首次达到1亿元的，给予奖补) are not targets.
    none_on(&ts, 5515);
}

/// Precision spot check. A sample of every 9th target of the corpus (31
/// targets) was read by hand against the sentences: 30 correct; the wrong one is
/// 000 l.2895 `县级不低于4000平米` (a floor-area standard with the level as
/// metric). Two correct ones have a rough metric (003 l.777 `…污染物铬`
/// for 铬排放量; 001 l.3821 keeps the verb 推广应用). Here every target of
/// the corpus is checked against the false-positive shapes found while
/// building the extractor (the sample is printed with `--nocapture`).
#[test]
fn precision_spot_check() {
    let mut all = Vec::new();
    for f in ["000", "001", "002", "003", "004"] {
        let Some((ts, bytes)) = load(f) else { return };
        all.extend(ts.into_iter().map(|t| (f, t, bytes.clone())));
    }
    assert!(all.len() >= 200, "targets in the corpus: {}", all.len());
    let sample: Vec<_> = all.iter().skip(4).step_by(9).collect();
    assert!(sample.len() >= 30);
    for (f, t, _) in &sample {
        println!(
            "{f} l.{} {} | {} {}{} | year {:?} | {}",
            t.span.start_line, t.metric, t.comparator_text, t.value, t.unit, t.year, t.text
        );
    }
    for (f, t, bytes) in all.iter() {
        let at = format!("{f} l.{} {:?}", t.span.start_line, t.metric);
        // A year or a date is not a value.
        assert!(
            !(t.unit.is_empty() && t.value.fract() == 0.0 && (1900.0..=2100.0).contains(&t.value)),
            "{at}: value is a year"
        );
        assert!(t.value.is_finite() && t.value >= 0.0, "{at}");
        // Time spans in running text are deadlines or rules.
        if t.source == TargetSource::Text {
            assert!(
                ![
                    "年",
                    "日",
                    "天",
                    "个月",
                    "小时",
                    "分钟",
                    "个工作日",
                    "工作日"
                ]
                .contains(&t.unit.as_str()),
                "{at}: time unit in running text"
            );
            assert!(!t.comparator_text.is_empty(), "{at}: no comparator");
        }
        // A metric is a noun phrase: no leading label, digit or year, no rule cue.
        let first = t.metric.chars().next().unwrap_or(' ');
        assert!(
            !first.is_ascii_digit() || t.metric.contains("岁"),
            "{at}: metric starts with a number"
        );
        assert!(
            t.metric
                .chars()
                .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
                .count()
                >= 2,
            "{at}"
        );
        for cue in ["是指", "原则上", "不得", "到20", "（一）", "截至"] {
            assert!(!t.metric.contains(cue), "{at}: metric contains {cue}");
        }
        for cue in ["截至", "以来", "是指", "（含）"] {
            assert!(
                !t.text.contains(cue) || t.source == TargetSource::Table,
                "{at}: sentence with {cue}"
            );
        }
        if let Some(y) = t.year {
            assert!((2010..=2035).contains(&y), "{at}: year {y}");
        }
        // Provenance points at text holding the value.
        assert!(
            t.span.start_line <= t.span.end_line && t.span.start_byte < t.span.end_byte,
            "{at}"
        );
        let raw = bytes
            .get(t.span.start_byte..t.span.end_byte)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_else(|| panic!("{at}: span is not text"));
        let int = format!("{}", t.value.trunc() as i64);
        assert!(
            compact(raw).contains(&int),
            "{at}: span {raw:?} lacks {int}"
        );
    }
}
