//! Print the identified header of each document of the files given:
//! `cargo run -p gongwen-core --example show_header -- FILE...`.

fn main() {
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("{path}: cannot read");
            continue;
        };
        match gongwen_core::parse_bytes(&path, &bytes) {
            Ok(p) => {
                for d in &p.documents {
                    let h = &d.header;
                    println!("{path} lines {}-{}", d.span.start_line, d.span.end_line);
                    let show = |f: &gongwen_core::Field<String>| {
                        format!("{} [{:?} l.{}]", f.value, f.source, f.span.start_line)
                    };
                    println!(
                        "  issuers: {:?}",
                        h.issuers.iter().map(show).collect::<Vec<_>>()
                    );
                    println!("  title:   {:?}", h.title.as_ref().map(show));
                    println!(
                        "  文号:    {:?}",
                        h.doc_number.as_ref().map(|f| format!(
                            "{} [{:?} l.{}]",
                            f.value.raw, f.source, f.span.start_line
                        ))
                    );
                    println!(
                        "  date:    {:?}",
                        h.date.as_ref().map(|f| format!(
                            "{} {:?} [{:?} l.{}]",
                            f.value.raw, f.value.date, f.source, f.span.start_line
                        ))
                    );
                    println!(
                        "  genre:   {:?}  body from l.{}",
                        h.genre, d.body_start_line
                    );
                    println!(
                        "  enclosed: {:?}",
                        d.enclosed.iter().map(|e| &e.title).collect::<Vec<_>>()
                    );
                }
            }
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
}
