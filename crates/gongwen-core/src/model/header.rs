//! The header of a document (版头、主体、版记 elements of GB/T 9704-2012):
//! each value a [`Field`] with its [`Span`] and where it was read.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Span;

/// Where a header value was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldSource {
    /// The document header (版头): issuer line, title lines, 文号 line.
    Header,
    /// The signature block (发文机关署名 / 成文日期) at the end of the text.
    Signature,
    /// A website metadata block (索引号/发文机关/发文字号/成文日期 …).
    Metadata,
    /// The 文号 line (date printed on the same line as the 文号).
    DocNumberLine,
    /// Not printed; inferred (e.g. a 规章 promulgated by the mayor).
    Inferred,
    /// Taken from the promulgation sentence or the title.
    Text,
}

/// A value with its provenance and where it was read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field<T> {
    pub value: T,
    pub span: Span,
    pub source: FieldSource,
}

/// 发文字号 (文号), e.g. `廊政办〔2015〕11号`: agency prefix, year, serial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocNumber {
    /// As printed, all spaces removed.
    pub raw: String,
    /// Agency code (机关代字), `None` when printed bare (`〔2015〕16号`).
    pub prefix: Option<String>,
    pub year: Option<i32>,
    pub serial: Option<u32>,
}

/// 成文日期: raw as printed and the best reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocDate {
    /// As printed, spaces removed.
    pub raw: String,
    /// Best reading (ISO in JSON); `None` when unreadable.
    pub date: Option<NaiveDate>,
    /// True when the printed form is malformed (e.g. `2021年月3月18日`).
    pub malformed: bool,
}

/// GB/T 9704 header elements of a document (版头 and 版记 elements).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// 发文机关标志: one or more issuers (joint documents).
    pub issuers: Vec<Field<String>>,
    /// 标题: lines joined, spaces removed, no issuer prefix.
    pub title: Option<Field<String>>,
    /// 文种: the genre word that ends the title (longest match).
    pub genre: Option<String>,
    /// 发文字号.
    pub doc_number: Option<Field<DocNumber>>,
    /// 主送机关, split into units.
    pub addressees: Vec<Field<String>>,
    /// 发文机关署名 (signature lines).
    pub signature: Vec<Field<String>>,
    /// 成文日期.
    pub date: Option<Field<DocDate>>,
    /// 附注 such as （此件公开发布）.
    pub disclosure: Option<Field<String>>,
    /// Website metadata block, key → value, as printed.
    pub metadata: Vec<Field<(String, String)>>,
}
