//! `gongwen`: the command-line tool. Thin: argument parsing and output only;
//! parsing lives in gongwen-core, persistence in gongwen-store.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use gongwen_core::eval::{evaluate, render, GoldFile};
use gongwen_core::export::{ExportRecord, OutlineOut};
use gongwen_store::{FileInput, IngestOutcome, ListFilter, SqliteStore, Store};

mod render;

/// gongwen — 公文结构化：把政府公文（公报、汇编、单篇文件）拆分、识别并存入可检索的政策库。
///
/// Turns Chinese government documents into a structured store: each
/// document split out and identified (issuer, 文号, title, genre, date),
/// with its outline, tables and attachments, every element traceable to its
/// source bytes.
#[derive(Parser, Debug)]
#[command(name = "gongwen", version, about, long_about)]
struct Cli {
    /// Store directory (created if missing).
    #[arg(
        long,
        global = true,
        env = "GONGWEN_STORE",
        default_value = "./gongwen-data",
        value_name = "DIR"
    )]
    store: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Ingest files and folders (folders recursively, *.txt). Encodings:
    /// UTF-8 (with or without BOM), GB18030/GBK, UTF-16 with BOM.
    /// Exit code 1 when any file failed; the others still go in.
    Ingest {
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print one JSON object per file instead of text.
        #[arg(long)]
        json: bool,
    },
    /// List stored documents.
    List {
        /// Only documents with an issuer containing this text.
        #[arg(long)]
        issuer: Option<String>,
        /// Only documents dated in this year.
        #[arg(long)]
        year: Option<i32>,
        /// Only documents of this genre (文种), e.g. 通知, 实施意见.
        #[arg(long)]
        genre: Option<String>,
        /// Only documents with this 文号 (e.g. 廊政〔2015〕12号).
        #[arg(long)]
        doc_number: Option<String>,
        /// JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one document: header, attachments, outline, diagnostics.
    Show {
        /// Document id (from `list`).
        id: String,
        /// The export record as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export every document.
    Export {
        #[arg(long, value_enum, default_value_t = Format::Jsonl)]
        format: Format,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Score the store against an answer key (a folder of gold JSON files).
    /// Ingests nothing itself.
    Eval {
        /// Folder with one gold JSON file per corpus file.
        #[arg(long, value_name = "DIR")]
        gold: PathBuf,
        /// The report as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum Format {
    Jsonl,
    Markdown,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gongwen: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn open_store(dir: &Path) -> Result<SqliteStore> {
    SqliteStore::open(dir).with_context(|| format!("cannot open store {}", dir.display()))
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Ingest { paths, json } => ingest(&cli.store, &paths, json),
        Command::List {
            issuer,
            year,
            genre,
            doc_number,
            json,
        } => {
            let store = open_store(&cli.store)?;
            let rows = store.list(&ListFilter {
                issuer,
                year,
                genre,
                doc_number,
            })?;
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &rows)?;
                writeln!(out)?;
            } else {
                write!(out, "{}", render::list_table(&rows))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { id, json } => {
            let store = open_store(&cli.store)?;
            let Some(doc) = store.get(&id)? else {
                eprintln!("gongwen: no document with id {id:?} (see `gongwen list`)");
                return Ok(ExitCode::from(1));
            };
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &doc.record)?;
                writeln!(out)?;
            } else {
                write!(out, "{}", render::show(&doc.record))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { format, output } => {
            let store = open_store(&cli.store)?;
            let records = store.records()?;
            let mut sink: Box<dyn Write> = match &output {
                Some(p) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(p)
                        .with_context(|| format!("cannot create {}", p.display()))?,
                )),
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            match format {
                Format::Jsonl => {
                    for r in &records {
                        serde_json::to_writer(&mut sink, r)?;
                        writeln!(sink)?;
                    }
                }
                Format::Markdown => {
                    for r in &records {
                        write!(sink, "{}", render::markdown(r))?;
                    }
                }
            }
            sink.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { gold, json } => {
            let store = open_store(&cli.store)?;
            let golds = read_gold(&gold)?;
            if golds.is_empty() {
                bail!(
                    "no gold files (*.json with a \"documents\" list) in {}",
                    gold.display()
                );
            }
            let report = evaluate(&golds, &store.records()?);
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
            } else {
                write!(out, "{}", render(&report))?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Every `*.json` file in `dir` that is a gold file (has `documents`).
fn read_gold(dir: &Path) -> Result<Vec<GoldFile>> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read gold folder {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    entries.sort();
    for p in entries {
        let text =
            std::fs::read_to_string(&p).with_context(|| format!("cannot read {}", p.display()))?;
        let v: serde_json::Value =
            serde_json::from_str(&text).with_context(|| format!("{}: not JSON", p.display()))?;
        if v.get("documents").is_none() {
            continue; // e.g. clauses.json
        }
        let g: GoldFile = serde_json::from_value(v)
            .with_context(|| format!("{}: not a gold file", p.display()))?;
        out.push(g);
    }
    Ok(out)
}

/// Expand paths: files as given, folders recursively (`*.txt`, sorted).
fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = Vec::new();
            for e in walkdir::WalkDir::new(p).follow_links(true) {
                match e {
                    Ok(e) => {
                        let path = e.path();
                        if e.file_type().is_file()
                            && path
                                .extension()
                                .is_some_and(|x| x.eq_ignore_ascii_case("txt"))
                        {
                            found.push(path.to_path_buf());
                        }
                    }
                    Err(err) => errors.push((p.clone(), err.to_string())),
                }
            }
            found.sort();
            files.extend(found);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            errors.push((p.clone(), "no such file or folder".to_string()));
        }
    }
    (files, errors)
}

/// Largest file accepted (bytes): bigger inputs are refused with a clear
/// error rather than exhausting memory.
const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

fn ingest_one(store: &mut SqliteStore, path: &Path) -> Result<IngestOutcome> {
    let meta = std::fs::metadata(path).context("cannot read file")?;
    if meta.len() > MAX_FILE_BYTES {
        bail!(
            "file is {} MB, larger than the {} MB limit",
            meta.len() / 1_048_576,
            MAX_FILE_BYTES / 1_048_576
        );
    }
    let bytes = std::fs::read(path).context("cannot read file")?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let parsed = gongwen_core::parse_bytes(&name, &bytes)?;
    let shown = path.display().to_string();
    Ok(store.ingest(&FileInput {
        path: &shown,
        name: &name,
        bytes: &bytes,
        parsed: &parsed,
    })?)
}

fn ingest(store_dir: &Path, paths: &[PathBuf], json: bool) -> Result<ExitCode> {
    let mut store = open_store(store_dir)?;
    let (files, mut errors) = collect_files(paths);
    let bar = if files.len() > 1 {
        let b = indicatif::ProgressBar::new(files.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    let (mut added, mut unchanged, mut docs) = (0usize, 0usize, 0usize);
    let mut out = std::io::stdout().lock();
    for f in &files {
        bar.set_message(f.display().to_string());
        match ingest_one(&mut store, f) {
            Ok(outcome) => {
                let line = match &outcome {
                    IngestOutcome::Added {
                        documents,
                        replaced,
                    } => {
                        added += 1;
                        docs += documents;
                        if *replaced > 0 {
                            format!(
                                "{}: {documents} documents (replaced {replaced} of an earlier version)",
                                f.display()
                            )
                        } else {
                            format!("{}: {documents} documents", f.display())
                        }
                    }
                    IngestOutcome::Unchanged { documents } => {
                        unchanged += 1;
                        format!(
                            "{}: unchanged ({documents} documents already stored)",
                            f.display()
                        )
                    }
                };
                if json {
                    let v = serde_json::json!({"file": f.display().to_string(), "result": outcome});
                    bar.suspend(|| writeln!(out, "{v}"))?;
                } else {
                    bar.suspend(|| writeln!(out, "{line}"))?;
                }
            }
            Err(e) => {
                bar.suspend(|| eprintln!("gongwen: error: {}: {e:#}", f.display()));
                errors.push((f.clone(), format!("{e:#}")));
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    for (p, e) in errors.iter().filter(|(p, _)| !files.contains(p)) {
        eprintln!("gongwen: error: {}: {e}", p.display());
    }
    if !json {
        writeln!(
            out,
            "ingested {added} files ({docs} documents), {unchanged} unchanged, {} failed",
            errors.len()
        )?;
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Count outline nodes (used by the renderers).
pub(crate) fn count_nodes(nodes: &[OutlineOut]) -> usize {
    nodes.iter().map(|n| 1 + count_nodes(&n.children)).sum()
}

/// Keep the record type in scope for the renderers.
pub(crate) type Record = ExportRecord;
