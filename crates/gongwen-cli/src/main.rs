//! `gongwen`: the command-line tool. Thin: argument parsing and output only;
//! parsing lives in gongwen-core, persistence in gongwen-store.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use gongwen_core::eval::{evaluate, evaluate_pages, render, render_pages, GoldFile, PageGold};
use gongwen_core::export::ExportRecord;
use gongwen_core::model::Role;
use gongwen_store::view as facts_view;
use gongwen_store::{
    FileInput, IngestOutcome, ListFilter, Paging, SqliteStore, StatusFilter, Store, TargetFilter,
    TaskFilter,
};

mod facts;
mod render;

use chrono::NaiveDate;

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

    /// The date taken as today for status (YYYY-MM-DD; default: the
    /// system date). For reproducible reports.
    #[arg(long, global = true, value_name = "DATE")]
    today: Option<NaiveDate>,

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
        /// Only documents in force (现行有效) on this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        in_force_on: Option<NaiveDate>,
        /// JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// What a document cites and what cites it (citations resolved to
    /// stored documents; ambiguous ones list their candidates).
    Links {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Legal status of a document on a date: 尚未生效 / 现行有效 /
    /// 已失效（有效期届满） / 已废止 / 未知, with the clause it rests on.
    Status {
        id: String,
        /// The date (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        on: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Documents whose validity (有效期) ends before a date: the 清理 list.
    Expiring {
        #[arg(long, value_name = "DATE")]
        before: NaiveDate,
        #[arg(long)]
        json: bool,
    },
    /// Assignments of work (责任分工), by unit, role and due date.
    Tasks {
        /// Unit as printed or any alias (市发改委 = 市发展和改革委员会).
        #[arg(long)]
        unit: Option<String>,
        /// lead | responsible | cooperating | supervising | implementing | member
        #[arg(long)]
        role: Option<String>,
        /// Only tasks with a resolved deadline before this date.
        #[arg(long, value_name = "DATE")]
        due_before: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = RowFormat::Table)]
        format: RowFormat,
    },
    /// A unit's dated deadlines as an iCalendar file.
    Calendar {
        #[arg(long)]
        unit: String,
        #[arg(long, value_enum, default_value_t = CalFormat::Ics)]
        format: CalFormat,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// The gazette editor's quality report: missing attachments, text
    /// duplicated across documents, 文号 collisions, malformed dates,
    /// deadlines before the document date, numbering gaps, unbalanced
    /// brackets, cited 文号 that differ from the cited document's.
    Lint {
        #[arg(long)]
        json: bool,
    },
    /// Quantitative targets (目标指标).
    Targets {
        /// Only targets for this year.
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, value_enum, default_value_t = RowFormat::Table)]
        format: RowFormat,
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
    /// Full-text search (jieba segmentation, BM25; phrases in "…", AND/OR/NOT;
    /// a 文号 goes straight to its document).
    Search {
        /// The query, e.g. 按职责分工负责, "按职责分工负责", 廊政办〔2015〕11号.
        query: String,
        #[arg(long)]
        issuer: Option<String>,
        #[arg(long)]
        genre: Option<String>,
        #[arg(long)]
        year: Option<i32>,
        /// 成文日期 on or after (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        from: Option<NaiveDate>,
        /// 成文日期 on or before (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        to: Option<NaiveDate>,
        /// in_force | expired | repealed | not_yet_effective | unknown (or 现行有效 …).
        #[arg(long)]
        status: Option<String>,
        /// Date the status is evaluated on (default today).
        #[arg(long, value_name = "DATE")]
        status_on: Option<NaiveDate>,
        /// Only documents assigning work to this unit.
        #[arg(long)]
        unit: Option<String>,
        /// relevance | date
        #[arg(long)]
        sort: Option<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long, default_value_t = 0)]
        offset: usize,
        #[arg(long)]
        json: bool,
    },
    /// Rebuild the search index from the store.
    Reindex,
    /// Serve the HTTP API and the web interface.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
    },
    /// Score the store against an answer key (a folder of gold JSON files).
    /// Ingests nothing itself.
    Eval {
        /// The answer key: a folder with one gold JSON file per corpus file,
        /// or one JSON file listing one document per input file (realdocs).
        #[arg(long, value_name = "DIR|FILE")]
        gold: PathBuf,
        /// The report as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq)]
enum RowFormat {
    Table,
    Csv,
    Json,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum CalFormat {
    Ics,
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
            // A closed pipe (`gongwen list | head`) is not an error.
            let broken_pipe = e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
                    || c.downcast_ref::<serde_json::Error>()
                        .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("gongwen: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn open_store(dir: &Path) -> Result<SqliteStore> {
    SqliteStore::open(dir).with_context(|| format!("cannot open store {}", dir.display()))
}

fn run(cli: Cli) -> Result<ExitCode> {
    let today = cli
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    match cli.command {
        Command::Ingest { paths, json } => ingest(&cli.store, &paths, json),
        Command::List {
            issuer,
            year,
            genre,
            doc_number,
            in_force_on,
            json,
        } => {
            let store = open_store(&cli.store)?;
            let rows = store
                .list(
                    &ListFilter {
                        issuer,
                        year,
                        genre,
                        doc_number,
                        in_force_on,
                    },
                    Paging::ALL,
                )?
                .items;
            print_json_or(json, &rows, || render::list_table(&rows))
        }
        Command::Show { id, json } => {
            let store = open_store(&cli.store)?;
            let Some(rec) = store.record(&id, today)? else {
                return Ok(not_found(&id));
            };
            print_json_or(json, &rec, || render::show(&rec))
        }
        Command::Export { format, output } => {
            let store = open_store(&cli.store)?;
            let mut sink: Box<dyn Write> = match &output {
                Some(p) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(p)
                        .with_context(|| format!("cannot create {}", p.display()))?,
                )),
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            // One document at a time: memory does not grow with the store.
            let mut failed: Option<std::io::Error> = None;
            store.for_each_linked(&mut |l| {
                let r = facts_view::record(&l, today);
                let written = match format {
                    Format::Jsonl => serde_json::to_writer(&mut sink, &r)
                        .map_err(std::io::Error::from)
                        .and_then(|()| writeln!(sink)),
                    Format::Markdown => write!(sink, "{}", render::markdown(&r)),
                };
                if let Err(e) = written {
                    failed.get_or_insert(e);
                }
                Ok(())
            })?;
            if let Some(e) = failed {
                return Err(e.into());
            }
            sink.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Links { id, json } => {
            let store = open_store(&cli.store)?;
            let Some(l) = store.linked(&id)? else {
                return Ok(not_found(&id));
            };
            let x = facts_view::links(&l, store.cited_by(&id)?);
            let title = l.document.header.title.as_ref().map(|t| t.value.as_str());
            print_json_or(json, &x, || facts::render_links(&x, title.unwrap_or("")))
        }
        Command::Status { id, on, json } => {
            let store = open_store(&cli.store)?;
            let Some(row) = store.status(&id, on.unwrap_or(today))? else {
                return Ok(not_found(&id));
            };
            print_json_or(json, &row, || {
                facts::render_status_rows(std::slice::from_ref(&row))
            })
        }
        Command::Expiring { before, json } => {
            let store = open_store(&cli.store)?;
            let rows = store
                .statuses(
                    &StatusFilter {
                        on: today,
                        state: None,
                        expires_before: Some(before),
                    },
                    Paging::ALL,
                )?
                .items;
            print_json_or(json, &rows, || facts::render_status_rows(&rows))
        }
        Command::Tasks {
            unit,
            role,
            due_before,
            format,
        } => {
            let store = open_store(&cli.store)?;
            let role = match role.as_deref() {
                None => None,
                Some(r) => Some(Role::from_name(r).with_context(|| {
                    format!("unknown role {r:?}: lead, responsible, cooperating, supervising, implementing or member")
                })?),
            };
            let rows = store
                .tasks(
                    &TaskFilter {
                        unit,
                        role,
                        due_before,
                    },
                    Paging::ALL,
                )?
                .items;
            match format {
                RowFormat::Csv => std::io::stdout()
                    .lock()
                    .write_all(facts::tasks_csv(&rows)?.as_bytes())?,
                _ => {
                    print_json_or(format == RowFormat::Json, &rows, || {
                        facts::render_tasks(&rows)
                    })?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Calendar {
            unit,
            format: CalFormat::Ics,
            output,
        } => {
            let store = open_store(&cli.store)?;
            let rows = store
                .tasks(
                    &TaskFilter {
                        unit: Some(unit.clone()),
                        role: None,
                        due_before: None,
                    },
                    Paging::ALL,
                )?
                .items;
            let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
            let text = facts_view::ics(&rows, &unit, &stamp);
            match output {
                Some(p) => std::fs::write(&p, text)
                    .with_context(|| format!("cannot write {}", p.display()))?,
                None => std::io::stdout().lock().write_all(text.as_bytes())?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Search {
            query,
            issuer,
            genre,
            year,
            from,
            to,
            status,
            status_on,
            unit,
            sort,
            limit,
            offset,
            json,
        } => {
            let store = open_store(&cli.store)?;
            let index = open_index(&cli.store, &store, today)?;
            let q = gongwen_search::SearchQuery {
                q: query,
                issuer,
                genre,
                year,
                date_from: from,
                date_to: to,
                status,
                status_on,
                unit,
                sort,
                offset,
                limit,
            };
            let res = index.search(&q, today, &store)?;
            print_json_or(json, &res, || render::search(&res))
        }
        Command::Reindex => {
            let store = open_store(&cli.store)?;
            let mut index = gongwen_search::SearchIndex::open(&cli.store.join("index"))?;
            let r = index.rebuild(&store, today)?;
            println!(
                "reindexed: {} documents, {} outline units",
                r.documents_added, r.units_added
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { addr } => {
            // Bring the index up to date before serving.
            {
                let store = open_store(&cli.store)?;
                open_index(&cli.store, &store, today)?;
            }
            gongwen_server::serve_blocking(
                addr,
                cli.store.clone(),
                gongwen_server::ServeOptions { today: cli.today },
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Lint { json } => {
            let store = open_store(&cli.store)?;
            // The one whole-collection report: every document, linked.
            let docs = store.documents()?;
            let refs: Vec<(String, &gongwen_core::Document)> =
                docs.iter().map(|(i, d)| (i.clone(), d)).collect();
            let linked = gongwen_core::corpus::link(&refs);
            let findings = gongwen_core::lint::lint(&refs, &linked);
            print_json_or(json, &findings, || gongwen_core::lint::render(&findings))
        }
        Command::Targets { year, format } => {
            let store = open_store(&cli.store)?;
            let rows = store.targets(&TargetFilter { year }, Paging::ALL)?.items;
            match format {
                RowFormat::Csv => std::io::stdout()
                    .lock()
                    .write_all(facts::targets_csv(&rows)?.as_bytes())?,
                _ => {
                    print_json_or(format == RowFormat::Json, &rows, || {
                        facts::render_targets(&rows)
                    })?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { gold, json } => {
            let store = open_store(&cli.store)?;
            if gold.is_file() {
                let text = std::fs::read_to_string(&gold)
                    .with_context(|| format!("cannot read {}", gold.display()))?;
                let pages: Vec<PageGold> = serde_json::from_str(&text).with_context(|| {
                    format!(
                        "{}: not a page answer key (a JSON list of {{\"file\": …}} entries)",
                        gold.display()
                    )
                })?;
                let report = evaluate_pages(&pages, &records(&store)?);
                return print_json_or(json, &report, || render_pages(&report));
            }
            let golds = read_gold(&gold)?;
            if golds.is_empty() {
                bail!(
                    "no gold files (*.json with a \"documents\" list) in {}",
                    gold.display()
                );
            }
            let report = evaluate(&golds, &records(&store)?);
            print_json_or(json, &report, || render(&report))
        }
    }
}

/// The search index of the store, synced with it (new and removed files,
/// changed statuses). The index lives in `<store>/index`.
fn open_index(
    store_dir: &Path,
    store: &SqliteStore,
    today: NaiveDate,
) -> Result<gongwen_search::SearchIndex> {
    let mut index = gongwen_search::SearchIndex::open(&store_dir.join("index"))
        .with_context(|| format!("cannot open the search index in {}", store_dir.display()))?;
    index.sync(store, today)?;
    Ok(index)
}

/// Every document's export record as parsed (facts unresolved): what the
/// answer keys score.
fn records(store: &SqliteStore) -> Result<Vec<ExportRecord>> {
    let mut out = Vec::new();
    store.for_each_linked(&mut |l| {
        let mut r = ExportRecord::from_document(&l.id, &l.document);
        r.source.file = l.file;
        out.push(r);
        Ok(())
    })?;
    Ok(out)
}

fn not_found(id: &str) -> ExitCode {
    eprintln!("gongwen: no document with id {id:?} (see `gongwen list`)");
    ExitCode::from(1)
}

/// Print `v` as pretty JSON, or the text `render` makes.
fn print_json_or<T: serde::Serialize>(
    json: bool,
    v: &T,
    render: impl FnOnce() -> String,
) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, v)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", render())?;
    }
    Ok(ExitCode::SUCCESS)
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

/// A file read and parsed, ready to store.
struct Parsed {
    bytes: Vec<u8>,
    name: String,
    parsed: gongwen_core::ParsedFile,
}

fn parse_one(path: &Path) -> Result<Parsed> {
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
    Ok(Parsed {
        bytes,
        name,
        parsed,
    })
}

fn store_one(store: &mut SqliteStore, path: &Path, p: &Parsed) -> Result<IngestOutcome> {
    let shown = path.display().to_string();
    Ok(store.ingest(&FileInput {
        path: &shown,
        name: &p.name,
        bytes: &p.bytes,
        parsed: &p.parsed,
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
    // Files are parsed on a second thread while this one stores the
    // previous ones (parsing and the database each take about half the
    // time); the channel keeps at most a few parsed files in memory.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Parsed>>(4);
    let to_parse = &files;
    std::thread::scope(|scope| -> Result<()> {
        scope.spawn(move || {
            for f in to_parse {
                if tx.send(parse_one(f)).is_err() {
                    break;
                }
            }
            drop(tx);
        });
        for (f, parsed) in files.iter().zip(rx.iter()) {
            bar.set_message(f.display().to_string());
            match parsed.and_then(|p| store_one(&mut store, f, &p)) {
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
                        let v =
                            serde_json::json!({"file": f.display().to_string(), "result": outcome});
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
        Ok(())
    })?;
    bar.finish_and_clear();
    // The search index follows the store (one sync per batch; a sync that
    // is interrupted is completed by the next command that opens it).
    if let Err(e) = open_index(store_dir, &store, chrono::Local::now().date_naive()) {
        eprintln!("gongwen: error: search index not updated: {e:#}");
        errors.push((store_dir.to_path_buf(), format!("{e:#}")));
    }
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
