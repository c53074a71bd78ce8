//! Web copies: one fixture per form of page a user copies from a
//! government site (all fictional: 某某市, 某政发 …). Each test names the
//! form it covers; `tests/realdocs.rs` measures the same on real pages.

use gongwen_core::{parse_text, Document, FieldSource, ParsedFile};

fn parse(s: &str) -> ParsedFile {
    parse_text("page.txt", s)
}

fn one(p: &ParsedFile) -> &Document {
    assert_eq!(p.documents.len(), 1, "a web copy is one document");
    &p.documents[0]
}

fn title(d: &Document) -> Option<&str> {
    d.header.title.as_ref().map(|f| f.value.as_str())
}

fn issuers(d: &Document) -> Vec<&str> {
    d.header.issuers.iter().map(|f| f.value.as_str()).collect()
}

fn number(d: &Document) -> Option<&str> {
    d.header.doc_number.as_ref().map(|f| f.value.raw.as_str())
}

fn date(d: &Document) -> Option<String> {
    d.header
        .date
        .as_ref()
        .and_then(|f| f.value.date)
        .map(|d| d.to_string())
}

const BODY: &str = "各县（市、区）人民政府，市政府各部门：\n　　现将有关事项通知如下。\n";

#[test]
fn clutter_breadcrumb_and_repeated_page_title_stay_out_of_the_fields() {
    let text = format!(
        "当前位置：首页 > 政务公开 > 政策文件\n某某市人民政府关于做好防汛工作的通知\n发布时间：2021-06-02 来源：市政府办 浏览量：120\n【字号：大 中 小】 打印 关闭\n某某市人民政府关于做好防汛工作的通知\n某政发〔2021〕7号\n{BODY}某某市人民政府\n2021年6月1日\n"
    );
    let p = parse(&text);
    let d = one(&p);
    assert_eq!(title(d), Some("关于做好防汛工作的通知"));
    assert_eq!(issuers(d), ["某某市人民政府"]);
    assert_eq!(number(d), Some("某政发〔2021〕7号"));
    // The signature date, not the page's publication date.
    assert_eq!(date(d).as_deref(), Some("2021-06-01"));
    // The lines taken as clutter are named: the breadcrumb (1) and the
    // font-size widget (4); the page line (3) is read as metadata.
    let clutter = d
        .diagnostics
        .iter()
        .find(|x| x.code == "page-clutter")
        .expect("clutter named");
    assert!(clutter.message.contains("第1、4行"), "{}", clutter.message);
    assert!(d
        .header
        .metadata
        .iter()
        .any(|f| f.value.0 == "发布时间" && f.span.start_line == 3));
}

#[test]
fn a_header_date_that_differs_from_the_signature_is_kept_as_evidence() {
    let text = format!("某某市人民政府关于做好防汛工作的通知\n某政发〔2021〕7号　　2021年6月3日\n{BODY}某某市人民政府\n2021年6月1日\n");
    let d = one(&parse(&text)).clone();
    assert_eq!(date(&d).as_deref(), Some("2021-06-01"));
    assert!(d
        .diagnostics
        .iter()
        .any(|x| x.code == "date-sources-differ"));
}

#[test]
fn metadata_in_bracket_runs_and_cells() {
    let text = format!(
        "[索引号]000000/2023-01[发文字号]某县府发〔2023〕21号[成文日期]2023年3月1日\n某某县人民政府关于调整工作机构的通知\n{BODY}"
    );
    let d = one(&parse(&text)).clone();
    assert_eq!(number(&d), Some("某县府发〔2023〕21号"));
    assert_eq!(
        d.header.doc_number.as_ref().map(|f| f.source),
        Some(FieldSource::Metadata)
    );
    assert_eq!(date(&d).as_deref(), Some("2023-03-01"));

    // A table row with cells set apart by spaces, labels letter-spaced.
    let text = format!(
        "索 引 号 000000/2023-02 主题分类 综合政务\n文  号 某县政办〔2023〕4号 有效性 有效\n关于印发某某县应急预案的通知\n{BODY}某某县人民政府办公室\n2023年2月1日\n"
    );
    let d = one(&parse(&text)).clone();
    assert_eq!(number(&d), Some("某县政办〔2023〕4号"));
    assert_eq!(issuers(&d), ["某某县人民政府办公室"]);
}

#[test]
fn short_issuer_prefix_is_split_and_the_signature_names_the_organ() {
    let text = format!(
        "市政府关于印发某某市节水行动方案的通知\n某政发〔2020〕3号\n{BODY}某某市人民政府\n2020年5月14日\n"
    );
    let d = one(&parse(&text)).clone();
    assert_eq!(title(&d), Some("关于印发某某市节水行动方案的通知"));
    assert_eq!(issuers(&d), ["某某市人民政府"]);
    assert_eq!(
        d.header.issuers[0].source,
        FieldSource::Signature,
        "the organ signed in full wins over the short prefix"
    );

    // No signature: the short prefix is the issuer as printed.
    let d = one(&parse("省人民政府关于加快体育强省建设的意见\n某政发〔2017〕63号\n各市人民政府：\n　　现提出如下意见。\n")).clone();
    assert_eq!(issuers(&d), ["省人民政府"]);
    assert_eq!(title(&d), Some("关于加快体育强省建设的意见"));
}

#[test]
fn joint_issuers_without_a_separator_are_split() {
    let text =
        format!("中共某某市委某某市人民政府关于推进乡村振兴的实施意见\n某发〔2023〕11号\n{BODY}");
    let d = one(&parse(&text)).clone();
    assert_eq!(issuers(&d), ["中共某某市委", "某某市人民政府"]);
    assert_eq!(title(&d), Some("关于推进乡村振兴的实施意见"));
}

#[test]
fn doc_number_after_the_title_in_brackets_glued_or_in_front() {
    let d = one(&parse(&format!(
        "某某市人民政府关于表彰先进企业的决定（某政〔2010〕2号）\n{BODY}"
    )))
    .clone();
    assert_eq!(title(&d), Some("关于表彰先进企业的决定"));
    assert_eq!(number(&d), Some("某政〔2010〕2号"));

    let d = one(&parse(&format!(
        "某某市人民政府办公厅关于严肃工作纪律的通知\n（某政办发[2010]9号 2010年1月14日）\n{BODY}"
    )))
    .clone();
    assert_eq!(number(&d), Some("某政办发[2010]9号"));
    assert_eq!(date(&d).as_deref(), Some("2010-01-14"));

    let d = one(&parse(&format!(
        "某政发【2023】7号关于印发某某县应急预案的通知\n{BODY}"
    )))
    .clone();
    assert_eq!(title(&d), Some("关于印发某某县应急预案的通知"));
    assert_eq!(number(&d), Some("某政发【2023】7号"));
}

#[test]
fn malformed_printed_number_yields_to_the_metadata() {
    let text = format!(
        "发文字号：某政办〔2022〕15号\n成文日期：2022-03-26\n某某县人民政府办公室\n关于印发某某县防汛预案的通知\n某政办〔202215\n{BODY}"
    );
    let d = one(&parse(&text)).clone();
    assert_eq!(number(&d), Some("某政办〔2022〕15号"));
}

#[test]
fn loose_signature_dates() {
    for (printed, want) in [
        ("??2018年5月14日", "2018-05-14"),
        ("20171116", "2017-11-16"),
        ("2019-10-22", "2019-10-22"),
        ("二OO九年一月九日", "2009-01-09"),
    ] {
        let text =
            format!("某某市人民政府关于做好春节工作的通知\n{BODY}某某市人民政府\n{printed}\n");
        let d = one(&parse(&text)).clone();
        assert_eq!(date(&d).as_deref(), Some(want), "{printed}");
    }
}

#[test]
fn flattened_copy_reads_title_number_and_signature_date() {
    let text = "某某市人民政府关于同意设立某某学院的批复 某政函〔2017〕36号 市教育局：你局《关于设立某某学院的请示》收悉。经研究，同意设立某某学院。此复。某某市人民政府二〇一七年十二月一日\n";
    let d = one(&parse(text)).clone();
    assert_eq!(title(&d), Some("关于同意设立某某学院的批复"));
    assert_eq!(number(&d), Some("某政函〔2017〕36号"));
    assert_eq!(date(&d).as_deref(), Some("2017-12-01"));
}

#[test]
fn traditional_copy_keeps_its_script_in_the_fields() {
    let text = "某某市人民政府關於加快養老服務業發展的實施意見\n某府〔2015〕27號\n各區人民政府：\n　　現提出如下意見。\n";
    let d = one(&parse(text)).clone();
    assert_eq!(title(&d), Some("關於加快養老服務業發展的實施意見"));
    assert_eq!(issuers(&d), ["某某市人民政府"]);
    assert_eq!(number(&d), Some("某府〔2015〕27號"));
    assert_eq!(d.header.genre.as_deref(), Some("实施意见"));
}

#[test]
fn genre_from_the_text_when_no_title_is_printed() {
    let text = "某政函〔2021〕45号\n某某县人民政府：\n　　你县《关于调整水源保护区的请示》收悉。经研究，同意调整。\n　　此复。\n某某市人民政府\n2021年4月12日\n";
    let d = one(&parse(text)).clone();
    assert_eq!(title(&d), None);
    assert_eq!(d.header.genre.as_deref(), Some("批复"));
    assert_eq!(number(&d), Some("某政函〔2021〕45号"));
}

#[test]
fn decree_is_identified_as_the_rule_it_promulgates() {
    let text = "某某市人民政府令\n第 136 号\n《某某市停车管理规定》已经2020年1月2日市人民政府第8次常务会议通过，现予公布，自2020年3月1日起施行。\n市长　某某某\n2020年1月10日\n某某市停车管理规定\n第一条　为了规范停车管理，制定本规定。\n";
    let d = one(&parse(text)).clone();
    assert_eq!(title(&d), Some("某某市停车管理规定"));
    assert_eq!(issuers(&d), ["某某市人民政府"]);
    assert_eq!(number(&d), Some("第136号"));
    assert_eq!(date(&d).as_deref(), Some("2020-01-10"));
    assert_eq!(d.header.genre.as_deref(), Some("规定"));
}

#[test]
fn law_takes_the_date_of_its_latest_revision() {
    let text = "某某自治区消防条例|2022年修订版\n（2000年1月26日某某自治区第七届人民代表大会常务委员会第十一次会议通过　2022年5月26日某某自治区第十一届人民代表大会常务委员会第三十七次会议修订）\n第一条　为了预防火灾，制定本条例。\n";
    let d = one(&parse(text)).clone();
    assert_eq!(title(&d), Some("某某自治区消防条例"));
    assert_eq!(date(&d).as_deref(), Some("2022-05-26"));
}

#[test]
fn joint_signature_printed_in_columns() {
    let text = format!(
        "关于印发某某旅游实施意见的通知\n{BODY}\n某某自治区                  某某自治区\n发展和改革委员会            文化和旅游厅\n2019年6月17日\n"
    );
    let d = one(&parse(&text)).clone();
    assert_eq!(
        issuers(&d),
        ["某某自治区发展和改革委员会", "某某自治区文化和旅游厅"]
    );
}

#[test]
fn pinyin_inserted_by_a_mirror_site_does_not_hide_the_number() {
    let text = "某某省人民政府辦公廳印發(fā)關于深化改革若干措施的通知\n某府廳發(fā)〔2022〕5號\n各市人民政府：\n　　現印發給你們。\n";
    let d = one(&parse(text)).clone();
    assert_eq!(number(&d), Some("某府廳發(fā)〔2022〕5號"));
    assert_eq!(d.header.genre.as_deref(), Some("通知"));
}

#[test]
fn a_cited_title_or_a_signature_inside_a_web_copy_starts_no_document() {
    let text = "某某市人民政府关于印发某某市节能方案的通知\n某政〔2019〕8号\n各县（市、区）人民政府：\n　　现将《某某市节能方案》印发给你们，请认真贯彻执行。\n某某市人民政府\n2019年3月1日\n某某市节能方案\n　　一、总体要求\n　　按照《某某省人民政府关于加强节能工作的通知》要求，制定本方案。\n某某省人民政府关于加强节能工作的通知\n　　二、主要任务\n　　（一）节能改造。\n某某市发展和改革委员会\n2019年2月20日\n";
    let p = parse(text);
    let d = one(&p);
    assert_eq!(title(d), Some("关于印发某某市节能方案的通知"));
    assert_eq!(
        d.enclosed.first().map(|e| e.title.as_str()),
        Some("某某市节能方案")
    );
}

#[test]
fn a_decree_number_names_the_organ_over_a_site_line() {
    let text = "某某省某某市人民政府\n某某市集贸市场管理规定\n某某市人民政府令第136号\n　　《某某市集贸市场管理规定》已经2009年12月10日市人民政府第88次常务会议通过，现予公布，自2010年2月1日起施行。\n";
    let d = one(&parse(text)).clone();
    assert_eq!(issuers(&d), ["某某市人民政府"]);
    assert_eq!(number(&d), Some("某某市人民政府令第136号"));
}

#[test]
fn a_bare_serial_is_completed_by_the_metadata() {
    let text = "[发文字号] 政府令〔2020〕293号\n[成文日期] 2020-07-29\n某某市建筑垃圾管理规定\n第293号\n　　《某某市建筑垃圾管理规定》已经市政府常务会议审议通过，现予公布。\n";
    let d = one(&parse(text)).clone();
    assert_eq!(number(&d), Some("政府令〔2020〕293号"));
}

#[test]
fn announcement_title_is_the_genre_after_the_organ() {
    let text = "某某市人民代表大会常务委员会公告\n（第58号）\n　　《某某市优化营商环境条例》已由某某市第十四届人民代表大会常务委员会第二十二次会议通过，现予公布，自2025年10月1日起施行。\n　　特此公告。\n某某市人民代表大会常务委员会\n2025年7月30日\n";
    let d = one(&parse(text)).clone();
    assert_eq!(title(&d), Some("公告"));
    assert_eq!(issuers(&d), ["某某市人民代表大会常务委员会"]);
    assert_eq!(number(&d), Some("第58号"));
    assert_eq!(date(&d).as_deref(), Some("2025-07-30"));
}

#[test]
fn flattened_signature_after_an_organ_or_a_signatory() {
    let text = "某某市运会组委会关于表扬先进单位的决定 各成员单位：近年来成绩显著。特此决定。附件：先进单位名单某某市第十六届运动会组委会2023年10月20日\n";
    let d = one(&parse(text)).clone();
    assert_eq!(date(&d).as_deref(), Some("2023-10-20"));
    let text = "某某部令\n2006年第8号\n《某某船舶管理规定》已于2006年6月7日经第7次部务会议通过，现予公布，自2006年8月1日起施行。部长某某某二〇〇六年七月五日\n";
    let d = one(&parse(text)).clone();
    assert_eq!(title(&d), Some("某某船舶管理规定"));
    assert_eq!(date(&d).as_deref(), Some("2006-07-05"));
}

#[test]
fn a_titleless_notice_names_its_enclosed_text_in_the_cover_sentence() {
    for sentence in [
        "　　《某某县自然灾害救助应急预案》已经县政府研究同意，现印发给你们，请认真执行。",
        "　　县民政局制定的《某某县自然灾害救助应急预案》已经县政府同意，现转发给你们。",
    ] {
        let text = format!(
            "各乡镇人民政府，县政府各部门：\n{sentence}\n某某县人民政府办公室\n2013年8月6日\n"
        );
        let d = one(&parse(&text)).clone();
        assert_eq!(
            d.enclosed.first().map(|e| e.title.as_str()),
            Some("某某县自然灾害救助应急预案"),
            "{sentence}"
        );
        assert_eq!(issuers(&d), ["某某县人民政府办公室"]);
    }
}

#[test]
fn genre_of_a_titleless_cover_notice_or_a_self_naming_text() {
    let text = "各区人民政府：\n　　我部制定了《关于推动市场开放的若干规定》，现印发给你们，请遵照执行。\n某某部\n2015年9月21日\n";
    let d = one(&parse(text)).clone();
    assert_eq!(d.header.genre.as_deref(), Some("通知"));
    let text = "〔2019〕第4号\n　　一、对需继续执行的规范性文件宣布继续有效。\n　　二、以本通告为准。\n某某区人民政府\n2019年1月25日\n";
    let d = one(&parse(text)).clone();
    assert_eq!(d.header.genre.as_deref(), Some("通告"));
}

#[test]
fn a_ministry_department_signs_its_letter() {
    let text = "关于征求《某某工作指南》意见的函\n各省应急管理厅：\n　　现将指南印送你们，请提出意见。\n某某部安全生产基础司\n2019年8月19日\n";
    let d = one(&parse(text)).clone();
    assert_eq!(issuers(&d), ["某某部安全生产基础司"]);
    assert_eq!(date(&d).as_deref(), Some("2019-08-19"));
}
