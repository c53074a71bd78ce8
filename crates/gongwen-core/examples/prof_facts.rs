use gongwen_core::text::{OffsetMap, SourceText};
fn main() {
    let dir = "../shared/corpus";
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        files.push(String::from_utf8(std::fs::read(e.path()).unwrap()).unwrap());
    }
    let parsed: Vec<_> = files
        .iter()
        .map(|t| {
            gongwen_core::parse_bytes_with(
                "f",
                t.as_bytes(),
                gongwen_core::ParseOptions { facts: false },
            )
            .unwrap()
        })
        .collect();
    let srcs: Vec<_> = files
        .iter()
        .map(|t| SourceText::new("f", t, OffsetMap::Identity))
        .collect();
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let t0 = std::time::Instant::now();
    for _ in 0..n {
        for t in &files {
            std::hint::black_box(
                gongwen_core::parse_bytes_with(
                    "f",
                    t.as_bytes(),
                    gongwen_core::ParseOptions { facts: false },
                )
                .unwrap(),
            );
        }
    }
    let st = t0.elapsed().as_secs_f64() * 1000.0 / n.max(1) as f64;
    let t = std::time::Instant::now();
    for _ in 0..n {
        for (p, src) in parsed.iter().zip(&srcs) {
            for d in &p.documents {
                let body =
                    gongwen_core::paragraphs::paragraphs(src, d.body_start_line, d.span.end_line);
                std::hint::black_box(gongwen_core::pipeline::extract_facts_from(src, d, &body));
                std::hint::black_box(gongwen_core::lint::source_diagnostics_from(src, d, &body));
            }
        }
    }
    let ft = t.elapsed().as_secs_f64() * 1000.0 / n.max(1) as f64;
    println!(
        "structure {st:.1} ms, facts {ft:.1} ms per corpus pass, ratio {:.2}",
        ft / st
    );
}
