//! Serve a store without the CLI:
//! `cargo run -p gongwen-server --example serve -- STORE_DIR [ADDR] [TODAY]`.

use std::net::SocketAddr;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "./gongwen-data".into()));
    let addr: SocketAddr = args
        .next()
        .unwrap_or_else(|| "127.0.0.1:8080".into())
        .parse()?;
    let today = args.next().map(|d| d.parse()).transpose()?;
    gongwen_server::serve_blocking(addr, dir, gongwen_server::ServeOptions { today })?;
    Ok(())
}
