//! Input robustness and layouts beyond the corpus.
//!
//! Every fixture here is fictional (某某市, 某政发 …) and written for these
//! tests; none is copied from the corpus.

use chrono::NaiveDate;
use gongwen_core::{
    parse_bytes, parse_text, DecodeError, Document, FieldSource, ParsedFile, Severity, Span,
};

// ---------------------------------------------------------------------------
// Helpers

fn parse(s: &str) -> ParsedFile {
    parse_text("fixture.txt", s)
}

fn only_doc(p: &ParsedFile) -> &Document {
    assert_eq!(
        p.documents.len(),
        1,
        "expected one document, got {:#?}",
        p.documents
            .iter()
            .map(|d| (d.span.start_line, title(d)))
            .collect::<Vec<_>>()
    );
    &p.documents[0]
}

fn title(d: &Document) -> Option<String> {
    d.header.title.as_ref().map(|f| f.value.clone())
}

fn issuers(d: &Document) -> Vec<String> {
    d.header.issuers.iter().map(|f| f.value.clone()).collect()
}

fn date(d: &Document) -> Option<NaiveDate> {
    d.header.date.as_ref().and_then(|f| f.value.date)
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn has_diag(d: &Document, code: &str) -> bool {
    d.diagnostics.iter().any(|x| x.code == code)
}

/// The raw bytes a span points at.
/// Attachments as (label, title, announced lines, present line).
type AttachmentRow<'a> = (
    &'a str,
    Option<&'a str>,
    Option<(usize, usize)>,
    Option<usize>,
);

fn attachment_rows(d: &Document) -> Vec<AttachmentRow<'_>> {
    d.attachments
        .iter()
        .map(|a| {
            (
                a.label.as_str(),
                a.title.as_deref(),
                a.announced.as_ref().map(|s| (s.start_line, s.end_line)),
                a.present.as_ref().map(|s| s.start_line),
            )
        })
        .collect()
}

/// A notice of 某某市人民政府办公室 (2023年4月2日) whose body is `body`
/// followed by the signature, then `after` (attachments).
fn notice(title: &str, body: &str, after: &str) -> String {
    format!(
        "某某市人民政府办公室\n关于印发{title}的通知\n某政办字〔2023〕9号\n各县（市、区）人民政府，市政府各部门：\n　　现将《{title}》印发给你们，请认真贯彻落实。\n{body}某某市人民政府办公室\n2023年4月2日\n{after}"
    )
}

fn raw<'a>(bytes: &'a [u8], s: &Span) -> &'a [u8] {
    &bytes[s.start_byte..s.end_byte]
}

/// A plain single-line standard document (UTF-8, LF).
const NOTICE: &str = "\
某某市人民政府
关于加强城市绿化管理工作的通知
某政发〔2022〕7号

各县（市、区）人民政府，市政府各部门：
　　为加强城市绿化管理，现就有关事项通知如下。
　　一、明确责任分工
　　各单位要按照职责分工抓好落实。
　　二、强化督促检查
　　市政府将适时组织检查。

某某市人民政府
2022年3月5日
（此件公开发布）
";

fn check_notice(d: &Document) {
    assert_eq!(issuers(d), ["某某市人民政府"]);
    assert_eq!(title(d).as_deref(), Some("关于加强城市绿化管理工作的通知"));
    assert_eq!(d.header.genre.as_deref(), Some("通知"));
    let n = &d.header.doc_number.as_ref().expect("文号").value;
    assert_eq!(n.raw, "某政发〔2022〕7号");
    assert_eq!(n.prefix.as_deref(), Some("某政发"));
    assert_eq!((n.year, n.serial), (Some(2022), Some(7)));
    assert_eq!(date(d), ymd(2022, 3, 5));
    assert_eq!(
        d.header
            .addressees
            .iter()
            .map(|f| f.value.as_str())
            .collect::<Vec<_>>(),
        ["各县（市、区）人民政府", "市政府各部门"]
    );
    assert_eq!(
        d.header.disclosure.as_ref().map(|f| f.value.as_str()),
        Some("此件公开发布")
    );
    assert_eq!(d.span.start_line, 1);
    assert_eq!(d.span.end_line, 14);
}

// ---------------------------------------------------------------------------
// Encodings and line ends

#[test]
fn plain_utf8_baseline() {
    let p = parse_bytes("n.txt", NOTICE.as_bytes()).expect("decodes");
    assert_eq!(p.encoding, "UTF-8");
    let d = only_doc(&p);
    check_notice(d);
    let t = &d.header.title.as_ref().expect("title").span;
    assert_eq!(
        raw(NOTICE.as_bytes(), t),
        "关于加强城市绿化管理工作的通知".as_bytes()
    );
}

#[test]
fn utf8_with_bom_offsets_point_into_raw_bytes() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(NOTICE.as_bytes());
    let p = parse_bytes("bom.txt", &bytes).expect("decodes");
    assert_eq!(p.encoding, "UTF-8 BOM");
    let d = only_doc(&p);
    check_notice(d);
    // The document starts after the BOM, and spans index the raw bytes.
    assert_eq!(d.span.start_byte, 3);
    assert_eq!(d.span.end_byte, bytes.len() - 1); // last line, no final \n
    let iss = &d.header.issuers[0].span;
    assert_eq!(raw(&bytes, iss), "某某市人民政府".as_bytes());
    let num = &d.header.doc_number.as_ref().expect("文号").span;
    assert_eq!(raw(&bytes, num), "某政发〔2022〕7号".as_bytes());
}

#[test]
fn gbk_bytes_decode_and_spans_map_to_raw_gbk_offsets() {
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(NOTICE);
    assert!(!unmappable);
    let gbk = gbk.into_owned();
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "fixture must not be UTF-8"
    );
    let p = parse_bytes("gbk.txt", &gbk).expect("decodes");
    assert_eq!(p.encoding, "GB18030");
    let d = only_doc(&p);
    check_notice(d);
    let dec = |s: &Span| {
        let (t, bad) = encoding_rs::GBK.decode_without_bom_handling(raw(&gbk, s));
        assert!(!bad, "span {s:?} does not cut GBK characters cleanly");
        t.into_owned()
    };
    assert_eq!(dec(&d.header.issuers[0].span), "某某市人民政府");
    assert_eq!(
        dec(&d.header.title.as_ref().expect("title").span),
        "关于加强城市绿化管理工作的通知"
    );
    assert_eq!(
        dec(&d.header.doc_number.as_ref().expect("文号").span),
        "某政发〔2022〕7号"
    );
    assert_eq!(
        dec(&d.header.date.as_ref().expect("date").span),
        "2022年3月5日"
    );
    // Whole document: first byte 0, last byte the end of （此件公开发布）.
    assert_eq!(d.span.start_byte, 0);
    assert_eq!(d.span.end_byte, gbk.len() - 1);
    assert_eq!(dec(&d.span).trim_end(), NOTICE.trim_end());
}

#[test]
fn gb18030_four_byte_characters_keep_offsets_right() {
    // 𠀀 (U+20000) and € take 4 and 2 bytes in GB18030; a title after them
    // must still map back exactly.
    let text = "附注：𠀀€\n某某市人民政府\n关于做好防汛工作的通知\n某政发〔2022〕9号\n正文。\n";
    let (bytes, _, bad) = encoding_rs::GB18030.encode(text);
    assert!(!bad);
    let p = parse_bytes("gb.txt", &bytes).expect("decodes");
    assert_eq!(p.encoding, "GB18030");
    let d = only_doc(&p);
    let t = &d.header.title.as_ref().expect("title").span;
    let (s, _) = encoding_rs::GB18030.decode_without_bom_handling(raw(&bytes, t));
    assert_eq!(s, "关于做好防汛工作的通知");
}

#[test]
fn crlf_line_ends_give_the_same_documents_and_clean_spans() {
    let crlf = NOTICE.replace('\n', "\r\n");
    let p = parse_bytes("crlf.txt", crlf.as_bytes()).expect("decodes");
    let d = only_doc(&p);
    check_notice(d);
    assert_eq!(p.line_count, 14);
    for f in [
        &d.header.issuers[0].span,
        &d.header.title.as_ref().expect("title").span,
        &d.header.doc_number.as_ref().expect("文号").span,
        &d.header.date.as_ref().expect("date").span,
    ] {
        let r = raw(crlf.as_bytes(), f);
        assert!(!r.contains(&b'\r') && !r.contains(&b'\n'), "{f:?}");
    }
    // Lone CR line ends (old Mac) are not line ends; the file still parses.
    let cr = NOTICE.replace('\n', "\r");
    assert!(parse_bytes("cr.txt", cr.as_bytes()).is_ok());
}

#[test]
fn empty_blank_and_binary_files_are_rejected_with_a_clear_error() {
    let e = parse_bytes("empty.txt", b"").unwrap_err();
    assert_eq!(e, DecodeError::Empty);
    assert!(e.to_string().contains("empty"), "{e}");

    let e = parse_bytes("blank.txt", " \r\n\t\u{3000}\n".as_bytes()).unwrap_err();
    assert_eq!(e, DecodeError::Blank);
    assert!(e.to_string().contains("whitespace"), "{e}");
    let e = parse_bytes("bom-only.txt", &[0xEF, 0xBB, 0xBF]).unwrap_err();
    assert!(
        matches!(e, DecodeError::Blank | DecodeError::Empty),
        "{e:?}"
    );

    // A PNG header: NUL bytes.
    let png = [
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R',
    ];
    let e = parse_bytes("image.png", &png).unwrap_err();
    assert!(matches!(e, DecodeError::Binary { .. }), "{e:?}");
    assert!(e.to_string().contains("binary"), "{e}");

    // Control characters without any NUL byte.
    let ctl: Vec<u8> = (0..200u8).map(|i| 1 + i % 8).collect();
    let e = parse_bytes("ctl.bin", &ctl).unwrap_err();
    assert!(matches!(e, DecodeError::Binary { .. }), "{e:?}");

    // Bytes that are neither UTF-8 nor GB18030.
    let e = parse_bytes("junk.bin", &[b'a', 0xFF, 0xFF, 0xFF, b'b']).unwrap_err();
    assert!(matches!(e, DecodeError::Undecodable { .. }), "{e:?}");
    assert!(e.to_string().contains("offset 1"), "{e}");
}

#[test]
fn gbk_with_crlf_and_a_corrupt_byte() {
    let crlf = NOTICE.replace('\n', "\r\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&crlf);
    let gbk = gbk.into_owned();
    let p = parse_bytes("gbk-crlf.txt", &gbk).expect("decodes");
    let d = only_doc(&p);
    check_notice(d);
    let t = &d.header.title.as_ref().expect("title").span;
    let (s, _) = encoding_rs::GBK.decode_without_bom_handling(raw(&gbk, t));
    assert_eq!(s, "关于加强城市绿化管理工作的通知");

    // One byte that fits neither encoding: the error names its offset.
    let mut bad = gbk.clone();
    let at = bad.len() / 2 - bad.len() / 2 % 2; // keep GBK pairs aligned
    let at = (0..=at)
        .rev()
        .find(|&k| {
            encoding_rs::GBK
                .decode_without_bom_handling_and_without_replacement(&gbk[..k])
                .is_some()
        })
        .unwrap_or(0);
    bad.insert(at, 0xFF);
    let e = parse_bytes("bad.txt", &bad).unwrap_err();
    assert_eq!(e, DecodeError::Undecodable { offset: at });
    assert!(e.to_string().contains(&format!("offset {at}")), "{e}");
}

#[test]
fn utf16_with_bom_is_decoded() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in NOTICE.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let p = parse_bytes("u16.txt", &bytes).expect("decodes");
    assert_eq!(p.encoding, "UTF-16LE");
    let d = only_doc(&p);
    check_notice(d);
    let t = &d.header.title.as_ref().expect("title").span;
    let units: Vec<u16> = raw(&bytes, t)
        .chunks(2)
        .map(|c| u16::from_le_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
        .collect();
    assert_eq!(
        String::from_utf16_lossy(&units),
        "关于加强城市绿化管理工作的通知"
    );
}

// ---------------------------------------------------------------------------
// Website copy with a metadata block

const WEB_COPY: &str = "\
索引号：11130000MB0000000X/2022-00015
主题分类：城乡建设、环境保护\\其他
发文机关：某某市人民政府办公室
发文字号：某政办字〔2022〕15号
成文日期：2022年05月20日
发布日期：2022-05-23
有效性：有效

某某市人民政府办公室关于印发某某市公园绿地养护管理办法的通知

各县（市、区）人民政府，市政府各部门：
　　《某某市公园绿地养护管理办法》已经市政府同意，现印发给你们，请认真贯彻执行。

某某市公园绿地养护管理办法

　　第一条　为规范公园绿地养护管理，制定本办法。
　　第二条　本办法自2022年7月1日起施行。
";

fn metadata_value<'a>(d: &'a Document, key: &str) -> Option<&'a str> {
    d.header
        .metadata
        .iter()
        .find(|f| f.value.0 == key)
        .map(|f| f.value.1.as_str())
}

#[test]
fn website_metadata_block_fills_the_header() {
    let p = parse(WEB_COPY);
    let d = only_doc(&p);
    assert_eq!(d.span.start_line, 1);
    assert_eq!(issuers(d), ["某某市人民政府办公室"]);
    assert!(d
        .header
        .issuers
        .iter()
        .all(|f| f.source == FieldSource::Metadata));
    assert_eq!(
        title(d).as_deref(),
        Some("关于印发某某市公园绿地养护管理办法的通知")
    );
    let n = d.header.doc_number.as_ref().expect("文号");
    assert_eq!(n.source, FieldSource::Metadata);
    assert_eq!(n.value.prefix.as_deref(), Some("某政办字"));
    assert_eq!((n.value.year, n.value.serial), (Some(2022), Some(15)));
    assert_eq!(n.span.start_line, 4);
    let dt = d.header.date.as_ref().expect("date");
    assert_eq!(dt.source, FieldSource::Metadata);
    assert_eq!(dt.value.date, ymd(2022, 5, 20));
    assert_eq!(dt.span.start_line, 5);
    assert_eq!(metadata_value(d, "有效性"), Some("有效"));
    assert_eq!(metadata_value(d, "发布日期"), Some("2022-05-23"));
    assert_eq!(
        metadata_value(d, "主题分类"),
        Some("城乡建设、环境保护\\其他")
    );
    assert_eq!(d.header.metadata.len(), 7);
    assert!(d
        .header
        .metadata
        .iter()
        .all(|f| f.source == FieldSource::Metadata));
    assert_eq!(
        d.enclosed.first().map(|e| e.title.as_str()),
        Some("某某市公园绿地养护管理办法")
    );
    assert_eq!(
        d.enclosed
            .first()
            .and_then(|e| e.title_span.as_ref())
            .map(|s| s.start_line),
        Some(14)
    );
}

/// gov.cn style: two labels per line separated by TABs or spaces, labels
/// letter-spaced, the title given in the block and again above the text.
#[test]
fn website_metadata_block_with_two_labels_per_line() {
    let text = "\
索 引 号：11130000MB0000000X/2021-00052\t主题分类：城乡建设、环境保护
发文机关：某某市人民政府办公室\t成文日期：2021年04月28日
标　　题：某某市人民政府办公室关于做好城市节水工作的通知
发文字号：某政办发〔2021〕10号\t发布日期：2021年05月08日

某某市人民政府办公室关于做好城市节水工作的通知
各县（市、区）人民政府，市政府各部门：
　　为做好城市节水工作，现将有关事项通知如下。
";
    let p = parse(text);
    let d = only_doc(&p);
    assert_eq!(issuers(d), ["某某市人民政府办公室"]);
    assert_eq!(title(d).as_deref(), Some("关于做好城市节水工作的通知"));
    let n = d.header.doc_number.as_ref().expect("文号");
    assert_eq!(n.value.raw, "某政办发〔2021〕10号");
    assert_eq!(n.source, FieldSource::Metadata);
    assert_eq!(date(d), ymd(2021, 4, 28));
    assert_eq!(metadata_value(d, "主题分类"), Some("城乡建设、环境保护"));
    assert_eq!(metadata_value(d, "发布日期"), Some("2021年05月08日"));
    assert_eq!(d.header.metadata.len(), 7);
}

#[test]
fn website_metadata_block_with_iso_dates_and_no_title_line() {
    let text = "\
索引号：000000/2020-1
发文机关：某某县人民政府
发文字号：某县政〔2020〕3号
成文日期：2020-09-10
名称：某某县人民政府关于调整防汛指挥部成员的通知
　　各乡镇人民政府，县直各部门：根据工作需要，调整如下。
";
    let p = parse(text);
    let d = only_doc(&p);
    assert_eq!(issuers(d), ["某某县人民政府"]);
    assert_eq!(title(d).as_deref(), Some("关于调整防汛指挥部成员的通知"));
    assert_eq!(
        d.header.title.as_ref().map(|f| f.source),
        Some(FieldSource::Metadata)
    );
    assert_eq!(date(d), ymd(2020, 9, 10));
}

// ---------------------------------------------------------------------------
// Header layouts

#[test]
fn issuer_and_title_on_one_line() {
    let text = "\
某某市人民政府关于做好春季植树造林工作的通知
某政字〔2023〕4号
各县（市、区）人民政府：
　　为做好春季植树造林工作，现通知如下。
某某市人民政府
2023年2月20日
";
    let p = parse(text);
    let d = only_doc(&p);
    assert_eq!(issuers(d), ["某某市人民政府"]);
    assert_eq!(title(d).as_deref(), Some("关于做好春季植树造林工作的通知"));
    let iss = &d.header.issuers[0].span;
    assert_eq!(raw(text.as_bytes(), iss), "某某市人民政府".as_bytes());
    assert_eq!(date(d), ymd(2023, 2, 20));
    assert_eq!(
        d.header
            .signature
            .iter()
            .map(|f| f.value.as_str())
            .collect::<Vec<_>>(),
        ["某某市人民政府"]
    );
}

/// GB/T 9704 order as printed on an original (红头) document: 发文机关标志
/// with `文件`, then the 发文字号, then the title (repeating the issuer).
#[test]
fn red_header_with_doc_number_above_the_title() {
    let text = "\
某某市人民政府文件
某政发〔2022〕12号
某某市人民政府关于表彰2021年度安全生产先进单位的决定
各县（市、区）人民政府，市政府各部门：
　　2021年，全市安全生产形势总体平稳。
某某市人民政府
2022年2月8日
";
    let p = parse(text);
    let d = only_doc(&p);
    assert_eq!(issuers(d), ["某某市人民政府"]);
    assert_eq!(
        raw(text.as_bytes(), &d.header.issuers[0].span),
        "某某市人民政府".as_bytes()
    );
    assert_eq!(
        title(d).as_deref(),
        Some("关于表彰2021年度安全生产先进单位的决定")
    );
    assert_eq!(
        d.header.doc_number.as_ref().map(|f| f.value.raw.as_str()),
        Some("某政发〔2022〕12号")
    );
    assert_eq!(d.header.addressees.len(), 2);
    assert_eq!(date(d), ymd(2022, 2, 8));
    assert_eq!(d.body_start_line, 5);

    // Without 文件, with 签发人 (上行文) and no addressee before the text.
    let text = "\
某某县人民政府
某县政〔2021〕5号　　　　　　签发人：某某某
关于某某县2020年度防汛工作情况的报告
　　现将我县2020年度防汛工作情况报告如下。
某某县人民政府
2021年1月6日
";
    let p = parse(text);
    let d = only_doc(&p);
    assert_eq!(issuers(d), ["某某县人民政府"]);
    assert_eq!(
        title(d).as_deref(),
        Some("关于某某县2020年度防汛工作情况的报告")
    );
    assert_eq!(d.header.genre.as_deref(), Some("报告"));
    assert_eq!(
        d.header.doc_number.as_ref().map(|f| f.value.serial),
        Some(Some(5))
    );
    assert_eq!(d.body_start_line, 4);
    assert_eq!(date(d), ymd(2021, 1, 6));

    // A bare `…文件` heading not followed by a 文号 starts nothing.
    let p = parse(&format!("某某市人民政府文件\n{NOTICE}"));
    assert_eq!(p.documents.len(), 1);
    assert_eq!(p.documents[0].span.start_line, 2);
}

#[test]
fn half_width_punctuation_throughout() {
    let text = "\
某某市人民政府办公室
关于印发某某市垃圾分类工作方案(试行)的通知
某政办字[2023]8号
各县(市、区)人民政府,市政府各部门:
    经市政府同意,现将《某某市垃圾分类工作方案(试行)》印发给你们,请认真贯彻落实。
    附件:1.垃圾分类任务分工表
         2.垃圾分类考核办法
某某市人民政府办公室
2023年4月2日
某某市垃圾分类工作方案(试行)
    一、工作目标
    到2025年,城区生活垃圾分类覆盖率达到90%以上。(牵头单位:市城管局;配合单位:市发改委)
附件1
垃圾分类任务分工表
    1.宣传发动(牵头单位:市城管局)
附件2
垃圾分类考核办法
    考核每年开展一次。
";
    let p = parse(text);
    let d = only_doc(&p);
    assert_eq!(issuers(d), ["某某市人民政府办公室"]);
    assert_eq!(
        title(d).as_deref(),
        Some("关于印发某某市垃圾分类工作方案(试行)的通知")
    );
    assert_eq!(d.header.genre.as_deref(), Some("通知"));
    let n = &d.header.doc_number.as_ref().expect("文号").value;
    assert_eq!(n.raw, "某政办字[2023]8号");
    assert_eq!(
        (n.prefix.as_deref(), n.year, n.serial),
        (Some("某政办字"), Some(2023), Some(8))
    );
    assert_eq!(
        d.header
            .addressees
            .iter()
            .map(|f| f.value.as_str())
            .collect::<Vec<_>>(),
        ["各县(市、区)人民政府", "市政府各部门"]
    );
    assert_eq!(date(d), ymd(2023, 4, 2));
    let e = d.enclosed.first().expect("enclosed");
    assert_eq!(e.title, "某某市垃圾分类工作方案(试行)");
    assert_eq!(e.genre.as_deref(), Some("方案"));
    assert_eq!(e.title_span.as_ref().map(|s| s.start_line), Some(10));
    assert_eq!(
        attachment_rows(d),
        [
            ("附件1", Some("垃圾分类任务分工表"), Some((6, 6)), Some(13)),
            ("附件2", Some("垃圾分类考核办法"), Some((7, 7)), Some(16)),
        ]
    );
    assert!(!has_diag(d, "attachment-missing"));
}

#[test]
fn traditional_characters_match_and_spans_keep_the_printed_text() {
    let text = "\
某某市人民政府辦公室
關於印發某某市節能工作實施方案的通知
某政辦〔2022〕3號
各縣（市、區）人民政府，市政府各部門：
　　現將《某某市節能工作實施方案》印發給你們，請認真貫徹執行。
某某市人民政府辦公室
2022年6月1日
某某市節能工作實施方案
　　一、總體要求
";
    let p = parse(text);
    let d = only_doc(&p);
    // Header values are as printed (spaces removed): a traditional copy
    // keeps its script in its fields; matching (genre words, 文号, the
    // enclosed title) reads the compact view, which folds it.
    assert_eq!(issuers(d), ["某某市人民政府辦公室"]);
    let t = d.header.title.as_ref().expect("title");
    assert_eq!(d.header.genre.as_deref(), Some("通知"));
    assert_eq!(t.value, "關於印發某某市節能工作實施方案的通知");
    assert_eq!(
        genre_of_title(&gongwen_core::source::text::compact(&t.value)),
        Some("通知")
    );
    assert_eq!(
        raw(text.as_bytes(), &t.span),
        "關於印發某某市節能工作實施方案的通知".as_bytes()
    );
    let n = &d.header.doc_number.as_ref().expect("文号").value;
    assert_eq!((n.year, n.serial), (Some(2022), Some(3)));
    assert_eq!(n.raw, "某政辦〔2022〕3號");
    assert_eq!(date(d), ymd(2022, 6, 1));
    assert_eq!(d.header.signature.len(), 1);
    let e = d.enclosed.first().expect("enclosed text");
    assert_eq!(e.title_span.as_ref().map(|s| s.start_line), Some(8));
}

fn genre_of_title(t: &str) -> Option<&'static str> {
    gongwen_core::grammar::genre_of(t)
}

#[test]
fn date_only_in_the_header_and_signature_without_date() {
    // 文号 and date on one line; the signature prints no date.
    let text = "\
某某县人民政府
关于公布县级权责清单的决定
某县政发〔2020〕11号                                        2020年9月10日
各乡镇人民政府，县直各部门：
　　现将县级权责清单予以公布。
某某县人民政府
（此件公开发布）
";
    let p = parse(text);
    let d = only_doc(&p);
    let dt = d.header.date.as_ref().expect("date");
    assert_eq!(dt.value.date, ymd(2020, 9, 10));
    assert_eq!(dt.source, FieldSource::DocNumberLine);
    assert!(!has_diag(d, "date-missing"));
    assert_eq!(
        d.header
            .signature
            .iter()
            .map(|f| f.value.as_str())
            .collect::<Vec<_>>(),
        ["某某县人民政府"]
    );
    assert_eq!(d.span.end_line, 7);

    // Date on its own header line under the title.
    let text = "\
某某县人民政府办公室
关于做好秋冬季森林防火工作的通知
2020年10月8日
各乡镇人民政府：
　　请做好森林防火工作。
某某县人民政府办公室
";
    let p = parse(text);
    let d = only_doc(&p);
    let dt = d.header.date.as_ref().expect("date");
    assert_eq!(dt.value.date, ymd(2020, 10, 8));
    assert_eq!(dt.source, FieldSource::Header);
    assert_eq!(d.header.signature.len(), 1);
}

#[test]
fn no_date_anywhere_is_reported() {
    let text = "\
某某县人民政府
关于成立县防汛指挥部的通知
各乡镇人民政府：
　　经研究，决定成立县防汛指挥部。
";
    let p = parse(text);
    let d = only_doc(&p);
    assert!(d.header.date.is_none());
    assert!(has_diag(d, "date-missing"));
}

#[test]
fn joint_document_of_party_committee_and_government() {
    let text = "\
中共某某市委
某某市人民政府
关于全面推进乡村振兴的实施意见
某发〔2022〕1号
各县（市、区）党委和人民政府，市直各部门：
　　为全面推进乡村振兴，提出如下意见。
　　一、总体要求
中共某某市委
某某市人民政府
2022年1月10日
";
    let p = parse(text);
    let d = only_doc(&p);
    assert_eq!(issuers(d), ["中共某某市委", "某某市人民政府"]);
    assert_eq!(title(d).as_deref(), Some("关于全面推进乡村振兴的实施意见"));
    assert_eq!(d.header.genre.as_deref(), Some("实施意见"));
    assert_eq!(
        d.header.doc_number.as_ref().map(|f| f.value.prefix.clone()),
        Some(Some("某发".to_string()))
    );
    assert_eq!(
        d.header
            .signature
            .iter()
            .map(|f| f.value.as_str())
            .collect::<Vec<_>>(),
        ["中共某某市委", "某某市人民政府"]
    );
    assert_eq!(date(d), ymd(2022, 1, 10));
}

#[test]
fn joint_issuers_printed_on_one_line() {
    let text = "\
中共某某市委办公室　　某某市人民政府办公室
关于做好元旦春节期间有关工作的通知
某办字〔2022〕30号
各县（市、区）党委和人民政府：
　　现就有关工作通知如下。
中共某某市委办公室　　　某某市人民政府办公室
2022年12月20日
";
    let p = parse(text);
    let d = only_doc(&p);
    assert_eq!(issuers(d), ["中共某某市委办公室", "某某市人民政府办公室"]);
    let sp: Vec<_> = d
        .header
        .issuers
        .iter()
        .map(|f| {
            std::str::from_utf8(raw(text.as_bytes(), &f.span))
                .unwrap_or("")
                .trim_end()
        })
        .collect();
    // (A compact span ends where the next printed character begins, so the
    // first name's span includes the spaces after it.)
    assert_eq!(sp, ["中共某某市委办公室", "某某市人民政府办公室"]);
    assert_eq!(date(d), ymd(2022, 12, 20));
}

#[test]
fn law_as_published_by_a_peoples_congress() {
    let text = "\
某某省城市绿化条例

（2010年1月1日某某省第十一届人民代表大会常务委员会第十三次会议通过　根据2015年6月1日某某省第十二届人民代表大会常务委员会第十六次会议《关于修改〈某某省城市绿化条例〉的决定》第一次修正）

第一章　总　　则

第一条　为了促进城市绿化事业发展，改善生态环境，根据有关法律，结合本省实际，制定本条例。
第二条　本条例适用于本省行政区域内城市规划区的绿化规划、建设、保护和管理。
第二章　规划和建设
第三条　城市人民政府应当组织编制城市绿地系统规划。
第三章　附　　则
第四条　本条例自2010年3月1日起施行。
";
    let p = parse(text);
    let d = only_doc(&p);
    assert_eq!(title(d).as_deref(), Some("某某省城市绿化条例"));
    assert_eq!(d.header.genre.as_deref(), Some("条例"));
    assert!(d.header.doc_number.is_none());
    assert_eq!(date(d), ymd(2010, 1, 1));
    assert_eq!(d.span.start_line, 1);
    assert_eq!(d.span.end_line, 12);
    // The enacting body named in the event line, not a government.
    assert_eq!(issuers(d), ["某某省人民代表大会常务委员会"]);
    assert_eq!(d.header.issuers[0].source, FieldSource::Inferred);
    assert_eq!(d.body_start_line, 4);
}

#[test]
fn law_with_a_table_of_contents() {
    let text = "\
某某市河道管理条例
（2019年6月28日某某市第十五届人民代表大会常务委员会第二十次会议通过）
目　　录
第一章　总　　则
第二章　河道整治
第三章　附　　则
第一章　总　　则
第一条　为了加强河道管理，制定本条例。
第二章　河道整治
第二条　河道整治应当符合防洪规划。
第三章　附　　则
第三条　本条例自2019年10月1日起施行。
";
    let p = parse(text);
    let d = only_doc(&p);
    assert_eq!(title(d).as_deref(), Some("某某市河道管理条例"));
    assert_eq!(issuers(d), ["某某市人民代表大会常务委员会"]);
    assert_eq!(date(d), ymd(2019, 6, 28));
    assert_eq!(d.span.end_line, 12);
    assert!(d.header.doc_number.is_none());
}

#[test]
fn regulation_of_a_government_adopted_at_an_executive_meeting() {
    let text = "\
某某市公共租赁住房管理办法
（2016年3月1日某某市人民政府第15次常务会议通过）
第一条　为了规范公共租赁住房管理，制定本办法。
第二条　本办法自2016年5月1日起施行。
";
    let p = parse(text);
    let d = only_doc(&p);
    assert_eq!(d.header.genre.as_deref(), Some("办法"));
    assert_eq!(issuers(d), ["某某市人民政府"]);
    assert_eq!(date(d), ymd(2016, 3, 1));
}

#[test]
fn law_with_event_lines_over_several_lines_and_state_council_regulation() {
    let text = "\
某某市养犬管理条例
（2012年8月30日某某市第十四届人民代表大会常务委员会第三次会议通过
2012年11月29日某某省第十一届人民代表大会常务委员会第三十二次会议批准）
第一条　为了加强养犬管理，制定本条例。
第二条　本条例自2013年1月1日起施行。
";
    let p = parse(text);
    let d = only_doc(&p);
    assert_eq!(title(d).as_deref(), Some("某某市养犬管理条例"));
    assert_eq!(date(d), ymd(2012, 8, 30));
    assert_eq!(issuers(d), ["某某市人民代表大会常务委员会"]);
    assert_eq!(d.body_start_line, 4);

    let text = "\
某某资源保护条例
（2001年3月1日中华人民共和国国务院令第300号公布　根据2016年2月6日《国务院关于修改部分行政法规的决定》修订）
第一条　为了保护某某资源，制定本条例。
";
    let p = parse(text);
    let d = only_doc(&p);
    assert_eq!(title(d).as_deref(), Some("某某资源保护条例"));
    // The date of the text in force: its latest revision (the realdocs
    // answer key's convention for a 题注 listing several events).
    assert_eq!(date(d), ymd(2016, 2, 6));
    assert_eq!(issuers(d), ["国务院"]);
}

// ---------------------------------------------------------------------------
// Dates and 文号

#[test]
fn dates_in_chinese_numerals_with_ling() {
    for (printed, want) in [
        ("二〇二二年三月五日", ymd(2022, 3, 5)),
        ("二○一九年十二月三十一日", ymd(2019, 12, 31)),
        ("二零二零年十月一日", ymd(2020, 10, 1)),
        ("２０２１年１１月２日", ymd(2021, 11, 2)),
        ("2021 年 6 月 18 日", ymd(2021, 6, 18)),
    ] {
        let text = format!(
            "某某市人民政府\n关于表彰先进集体的决定\n各县（市、区）人民政府：\n　　现予表彰。\n某某市人民政府\n{printed}\n"
        );
        let p = parse(&text);
        let d = only_doc(&p);
        let dt = d.header.date.as_ref().expect("date");
        assert_eq!(dt.value.date, want, "{printed}");
        assert!(!dt.value.malformed, "{printed}");
        assert_eq!(dt.source, FieldSource::Signature);
        assert_eq!(dt.span.start_line, 6);
    }
}

#[test]
fn malformed_date_is_kept_flagged_and_read() {
    let text = "\
某某市人民政府
关于调整最低工资标准的通知
某政字〔2021〕2号
各县（市、区）人民政府：
　　现将调整后的标准通知如下。
某某市人民政府
2021年月3月18日
";
    let p = parse(text);
    let d = only_doc(&p);
    let dt = d.header.date.as_ref().expect("date");
    assert!(dt.value.malformed);
    assert_eq!(dt.value.raw, "2021年月3月18日");
    assert_eq!(dt.value.date, ymd(2021, 3, 18));
    let diag = d
        .diagnostics
        .iter()
        .find(|x| x.code == "date-malformed")
        .expect("date-malformed diagnostic");
    assert_eq!(diag.line, 7);
    assert_eq!(diag.severity, Severity::Warning);

    // An impossible date: kept raw, no reading, flagged.
    let p = parse(&text.replace("2021年月3月18日", "2021年2月30日"));
    let d = only_doc(&p);
    let dt = d.header.date.as_ref().expect("date");
    assert!(dt.value.malformed && dt.value.date.is_none());
    assert!(has_diag(d, "date-malformed"));
}

#[test]
fn doc_numbers_in_all_bracket_styles() {
    let cases: &[(&str, Option<&str>, i32, u32)] = &[
        ("某政发〔2022〕7号", Some("某政发"), 2022, 7),
        ("某政发[2022]7号", Some("某政发"), 2022, 7),
        ("某政发【2022】7号", Some("某政发"), 2022, 7),
        ("某政发 〔 2022 〕 7 号", Some("某政发"), 2022, 7),
        ("某 政 办 字 [2022] 17 号", Some("某政办字"), 2022, 17),
        ("某政发（2022）7号", Some("某政发"), 2022, 7),
        ("某政发﹝2022﹞7号", Some("某政发"), 2022, 7),
        ("某政发〔２０２２〕７号", Some("某政发"), 2022, 7),
        ("某政函〔2022〕第7号", Some("某政函"), 2022, 7),
        ("〔2022〕7号", None, 2022, 7),
        ("[2022]107号", None, 2022, 107),
    ];
    for &(printed, prefix, year, serial) in cases {
        let text = format!(
            "某某市人民政府\n关于开展安全生产大检查的通知\n{printed}\n各县（市、区）人民政府：\n　　请认真组织开展检查。\n"
        );
        let p = parse(&text);
        let d = only_doc(&p);
        let n = d.header.doc_number.as_ref().expect(printed);
        assert_eq!(n.value.prefix.as_deref(), prefix, "{printed}");
        assert_eq!((n.value.year, n.value.serial), (Some(year), Some(serial)));
        assert_eq!(n.span.start_line, 3);
        assert_eq!(title(d).as_deref(), Some("关于开展安全生产大检查的通知"));
    }
}

// ---------------------------------------------------------------------------
// Several documents in one file

#[test]
fn documents_run_into_each_other() {
    let text = format!(
        "{NOTICE}某某市人民政府办公室\n关于做好防汛工作的通知\n某政办字〔2022〕9号\n各县（市、区）人民政府：\n　　请做好防汛工作。\n某某市人民政府办公室\n二〇二二年五月六日\n"
    );
    let p = parse(&text);
    assert_eq!(p.documents.len(), 2);
    assert_eq!(p.documents[0].span.end_line, 14);
    assert_eq!(p.documents[1].span.start_line, 15);
    assert_eq!(date(&p.documents[1]), ymd(2022, 5, 6));
    check_notice(&p.documents[0]);
}

#[test]
fn two_website_copies_back_to_back() {
    let second = "\
索引号：000000/2020-2
发文机关：某某县人民政府办公室
发文字号：某县政办〔2020〕8号
成文日期：2020年10月12日
某某县人民政府办公室关于做好冬季供暖工作的通知
各乡镇人民政府：
　　请做好冬季供暖工作。
";
    let text = format!("{WEB_COPY}{second}");
    let p = parse(&text);
    assert_eq!(p.documents.len(), 2);
    let (a, b) = (&p.documents[0], &p.documents[1]);
    assert_eq!(a.span.end_line, 17);
    assert_eq!(b.span.start_line, 18);
    assert_eq!(issuers(b), ["某某县人民政府办公室"]);
    assert_eq!(title(b).as_deref(), Some("关于做好冬季供暖工作的通知"));
    assert_eq!(date(b), ymd(2020, 10, 12));
    assert_eq!(
        b.header.doc_number.as_ref().map(|f| f.value.raw.as_str()),
        Some("某县政办〔2020〕8号")
    );
}

#[test]
fn attachment_label_and_title_on_one_line() {
    // `附件2` + a wide gap + its title on one line is the attachment's
    // heading (002 l.3811 prints its 附件3 so); `附件1所列` in prose is not.
    let text = notice(
        "某某市节水工作方案",
        "　　附件：1.节水任务分工表\n　　　　　2.节水考核办法\n",
        "附件1\n节水任务分工表\n　　附件1所列任务由各牵头单位负责。\n附件2                          节水考核办法\n　　考核每年开展一次。\n",
    );
    let p = parse(&text);
    let d = only_doc(&p);
    assert_eq!(
        attachment_rows(d),
        [
            ("附件1", Some("节水任务分工表"), Some((6, 6)), Some(10)),
            ("附件2", Some("节水考核办法"), Some((7, 7)), Some(13)),
        ]
    );
    assert!(!has_diag(d, "attachment-missing"));
}

#[test]
fn announced_items_wrapped_over_lines_and_attachments_in_parts() {
    // 附件说明 items broken over two lines (001 l.884–888, l.3265–3275):
    // the tail joins its item, the list goes on; `附件2—1` / `附件2—2` are
    // the parts of attachment 2; an item printed nowhere stays absent.
    let text = notice(
        "某某市防汛工作方案",
        "　　附件：1.某某市防汛工作指挥部成员及\n\n职责分工\n\n2.防汛物资储备\n\n统计表\n\n3.防汛值班人员名单\n",
        "附件1\n某某市防汛工作指挥部成员及职责分工\n　　总指挥：市长\n附件2—1\n防汛物资储备统计表\n　　（略）\n附件2—2\n防汛物资储备统计表（续）\n　　（略）\n",
    );
    let p = parse(&text);
    let d = only_doc(&p);
    assert_eq!(
        attachment_rows(d),
        [
            (
                "附件1",
                Some("某某市防汛工作指挥部成员及职责分工"),
                Some((6, 8)),
                Some(17)
            ),
            (
                "附件2",
                Some("防汛物资储备统计表"),
                Some((10, 12)),
                Some(20)
            ),
            ("附件3", Some("防汛值班人员名单"), Some((14, 14)), None),
        ]
    );
    let missing: Vec<usize> = d
        .diagnostics
        .iter()
        .filter(|x| x.code == "attachment-missing")
        .map(|x| x.line)
        .collect();
    assert_eq!(missing, [14]);
}
