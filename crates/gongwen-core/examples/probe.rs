//! Developer aid: show which detector fires on lines A..B of a file.
//! `cargo run -p gongwen-core --example probe -- FILE A B`
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let (Some(path), Some(from), Some(to)) = (a.get(1), a.get(2), a.get(3)) else {
        eprintln!("usage: probe FILE FROM TO");
        return;
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let src = gongwen_core::source::text::SourceText::new(path, &text, Default::default());
    let cls = gongwen_core::structure::split::Classifier::new(&src);
    let (f, t): (usize, usize) = (from.parse().unwrap_or(1), to.parse().unwrap_or(1));
    for i in f.saturating_sub(1)..t.min(src.len()) {
        let c = &src.lines[i].compact;
        let d = cls.detect(i);
        println!(
            "{:5} skip={} issuer={} det={:?} {}",
            i + 1,
            cls.skip[i],
            gongwen_core::structure::split::issuer_name(c),
            d.map(|h| (h.kind, h.title, h.body_start + 1)),
            c.chars().take(40).collect::<String>()
        );
    }
}
