//! A stored source file decoded for display: lines, and the map between
//! raw byte offsets (what every [`Span`](gongwen_core::Span) holds) and
//! offsets in the decoded text.

use gongwen_core::source::text::OffsetMap;

/// One decoded source file.
pub struct SourceFile {
    /// File name as stored.
    pub name: String,
    /// Length of the raw file in bytes.
    pub raw_len: usize,
    /// The decoded text (lossy UTF-8 when the file no longer decodes).
    pub text: String,
    offsets: OffsetMap,
    /// Text offset of the start of each line (line 1 first).
    line_starts: Vec<usize>,
    /// True when raw offsets and text offsets differ only by a shift, so
    /// a raw range can be decoded on its own (UTF-8).
    utf8: bool,
    raw: Vec<u8>,
}

impl SourceFile {
    /// Decode `raw` the way the parser did (gongwen_core::decode).
    pub fn new(name: &str, raw: Vec<u8>) -> Self {
        let (text, offsets) = match gongwen_core::decode(&raw) {
            Ok(d) => (d.text.into_owned(), d.offsets),
            Err(_) => (
                String::from_utf8_lossy(&raw).into_owned(),
                OffsetMap::Identity,
            ),
        };
        let utf8 = !matches!(offsets, OffsetMap::Table(_));
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' && i + 1 < text.len() {
                line_starts.push(i + 1);
            }
        }
        SourceFile {
            name: name.to_string(),
            raw_len: raw.len(),
            text,
            offsets,
            line_starts,
            utf8,
            raw,
        }
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Line `no` (1-based): its text offset and its text without the line
    /// terminator.
    pub fn line(&self, no: usize) -> Option<(usize, &str)> {
        let i = no.checked_sub(1)?;
        let start = *self.line_starts.get(i)?;
        let end = self
            .line_starts
            .get(i + 1)
            .map_or(self.text.len(), |n| n.saturating_sub(1));
        let s = self.text.get(start..end)?;
        let s = s.strip_suffix('\n').unwrap_or(s);
        Some((start, s.strip_suffix('\r').unwrap_or(s)))
    }

    /// Raw byte offset of text offset `t`.
    pub fn raw_of(&self, t: usize) -> usize {
        self.offsets.to_raw(t)
    }

    /// Text offset of raw byte offset `r`: the last char starting at or
    /// before it (a char boundary of `text`).
    pub fn text_of(&self, r: usize) -> usize {
        let t = match &self.offsets {
            OffsetMap::Identity => r,
            OffsetMap::Shift(s) => r.saturating_sub(*s),
            OffsetMap::Table(table) => {
                let key = u32::try_from(r).unwrap_or(u32::MAX);
                match table.binary_search_by_key(&key, |p| p.1) {
                    Ok(i) => table.get(i).map_or(0, |p| p.0 as usize),
                    Err(0) => 0,
                    Err(i) => table.get(i - 1).map_or(0, |p| p.0 as usize),
                }
            }
        };
        let mut t = t.min(self.text.len());
        while t > 0 && !self.text.is_char_boundary(t) {
            t -= 1;
        }
        t
    }

    /// 1-based line holding raw byte offset `r`.
    pub fn line_of_raw(&self, r: usize) -> usize {
        let t = self.text_of(r);
        match self.line_starts.binary_search(&t) {
            Ok(i) => i + 1,
            Err(i) => i.max(1),
        }
    }

    /// The raw bytes `[start, end)` as text. UTF-8 files are decoded
    /// lossily byte for byte; other encodings through the decoded text
    /// (the range widened to whole characters).
    pub fn slice_raw(&self, start: usize, end: usize) -> String {
        if self.utf8 {
            self.raw
                .get(start..end)
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default()
        } else {
            let a = self.text_of(start);
            let mut b = self.text_of(end);
            if self.raw_of(b) < end {
                b = self.text[b..]
                    .chars()
                    .next()
                    .map_or(b, |c| b + c.len_utf8());
            }
            self.text.get(a..b.max(a)).unwrap_or_default().to_string()
        }
    }

    /// Split line `no` into pieces by raw byte ranges `marks` (sorted by
    /// start, not overlapping): `(text, Some(mark index))` for a marked
    /// piece, `(text, None)` for the text between.
    pub fn pieces(&self, no: usize, marks: &[(usize, usize)]) -> Vec<(String, Option<usize>)> {
        let Some((start, text)) = self.line(no) else {
            return Vec::new();
        };
        let end = start + text.len();
        let mut out = Vec::new();
        let mut pos = start;
        for (k, &(rs, re)) in marks.iter().enumerate() {
            let a = self.text_of(rs).clamp(pos, end);
            let b = self.text_of(re).clamp(a, end);
            // A mark ending inside a char still covers that char.
            let b = if b < end && self.raw_of(b) < re && re > rs {
                self.text[b..end]
                    .chars()
                    .next()
                    .map_or(b, |c| b + c.len_utf8())
            } else {
                b
            };
            if b <= a {
                continue;
            }
            if a > pos {
                out.push((self.text[pos..a].to_string(), None));
            }
            out.push((self.text[a..b].to_string(), Some(k)));
            pos = b;
        }
        if pos < end {
            out.push((self.text[pos..end].to_string(), None));
        }
        out
    }

    /// Raw byte range of line `no` (without terminator).
    pub fn line_raw_range(&self, no: usize) -> Option<(usize, usize)> {
        let (start, text) = self.line(no)?;
        Some((self.raw_of(start), self.raw_of(start + text.len())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_pieces_utf8() {
        let f = SourceFile::new("a.txt", "第一行\r\n甲乙丙丁\n".as_bytes().to_vec());
        assert_eq!(f.line_count(), 2);
        assert_eq!(f.line(1).map(|l| l.1), Some("第一行"));
        assert_eq!(f.line(2).map(|l| l.1), Some("甲乙丙丁"));
        assert!(f.line(3).is_none());
        let (s, _) = f.line_raw_range(2).unwrap_or_default();
        // 乙丙 marked.
        let p = f.pieces(2, &[(s + 3, s + 9)]);
        assert_eq!(
            p,
            vec![
                ("甲".to_string(), None),
                ("乙丙".to_string(), Some(0)),
                ("丁".to_string(), None)
            ]
        );
        assert_eq!(f.slice_raw(s, s + 3), "甲");
        assert_eq!(f.line_of_raw(s + 4), 2);
    }

    #[test]
    fn gbk_offsets_map_back() {
        let bytes = gbk("标题\n正文内容\n");
        let f = SourceFile::new("g.txt", bytes);
        assert_eq!(f.line(2).map(|l| l.1), Some("正文内容"));
        // Raw: 标题 = 4 bytes, \n = 1, 正 starts at 5, each char 2 bytes.
        assert_eq!(f.slice_raw(5, 9), "正文");
        assert_eq!(f.pieces(2, &[(7, 9)])[1], ("文".to_string(), Some(0)));
    }

    /// GBK bytes of `s` (a tiny table: only the chars the test uses).
    fn gbk(s: &str) -> Vec<u8> {
        let table: &[(char, [u8; 2])] = &[
            ('标', [0xB1, 0xEA]),
            ('题', [0xCC, 0xE2]),
            ('正', [0xD5, 0xFD]),
            ('文', [0xCE, 0xC4]),
            ('内', [0xC4, 0xDA]),
            ('容', [0xC8, 0xDD]),
        ];
        let mut out = Vec::new();
        for c in s.chars() {
            match table.iter().find(|(k, _)| *k == c) {
                Some((_, b)) => out.extend_from_slice(b),
                None => out.push(c as u8),
            }
        }
        out
    }
}
