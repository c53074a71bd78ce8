//! Dump the export records of files as JSON lines (developer aid):
//! `cargo run -p gongwen-core --example dump -- FILE...`
use gongwen_core::export::ExportRecord;

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let name = path.rsplit('/').next().unwrap_or(&path);
        match gongwen_core::parse_bytes(name, &bytes) {
            Ok(p) => {
                for d in &p.documents {
                    let r = ExportRecord::from_document(&format!("{}", d.ordinal + 1), d);
                    println!("{}", serde_json::to_string(&r).unwrap_or_default());
                }
                for d in &p.diagnostics {
                    eprintln!("{name}:{}: {} {}", d.line, d.code, d.message);
                }
            }
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
}
