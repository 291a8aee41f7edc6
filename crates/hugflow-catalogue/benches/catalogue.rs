//! Catalogue benchmarks (DESIGN §8): `cargo bench -p hugflow-catalogue` or `make bench`.
//!
//! 1. Ingest: a full crawl of N listing entries (default 500k) from the fake Hub, which runs
//!    in a child process so the peak RSS printed is the catalogue's own. The peer in the same
//!    run is a walk over the same listing that parses every page and keeps nothing, so the
//!    ratio is the cost SQLite and FTS add on top of the network and JSON.
//! 2. Search: p50/p99 of `Catalogue::search` (FTS5, ranked, counted) against a `LIKE` scan
//!    over the same columns of the same database, for queries typed a key at a time from the
//!    first letter, split by query length (1, 2, 3, 4+ characters).
//!
//! `BENCH_DATASETS=N` changes the corpus size; `BENCH_ROUNDS=R` the search repetitions
//! (`BENCH_LIKE_ROUNDS`, default 3, of them also time the `LIKE` peer, a quarter-second each);
//! `BENCH_KEEP=FILE` keeps the catalogue there and, when FILE exists, skips the ingest (for
//! working on search).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hugflow_catalogue::refresh::{PAGE_SIZE, full_crawl};
use hugflow_catalogue::{Catalogue, LISTED_FIELDS, ListedDataset, SearchQuery};
use hugflow_core::config::Secret;
use hugflow_core::progress::{Cancel, NoProgress};
use hugflow_hub::{HubClient, HubConfig, ListQuery};
use hugflow_testkit::hub::{Corpus, DEFAULT_TOKEN, FakeHub};

const SERVE_ARG: &str = "--serve-fake-hub";

/// What a user types, a key at a time, plus whole ids and multi-word queries.
const TYPED: &[&str] = &[
    "speech",
    "common voice",
    "librispeech",
    "asr",
    "audio",
    "image",
    "wiki",
    "medical",
    "code",
    "en",
    "instruct",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let datasets = hugflow_testkit::bench::env_number("BENCH_DATASETS", 500_000);
    if let Some(at) = args.iter().position(|a| a == SERVE_ARG) {
        let seed = args.get(at + 1).and_then(|s| s.parse().ok()).unwrap_or(42);
        serve(datasets, seed);
        return;
    }
    let rounds = hugflow_testkit::bench::env_number("BENCH_ROUNDS", 20);
    let like_rounds = hugflow_testkit::bench::env_number("BENCH_LIKE_ROUNDS", 3).min(rounds);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = std::env::var_os("BENCH_KEEP")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("catalogue.sqlite3"));
    println!("catalogue benchmarks over {datasets} datasets\n");
    if path.exists() {
        println!("ingest: skipped, {} exists\n", path.display());
    } else {
        bench_ingest(&path, datasets);
    }
    bench_search(&path, rounds, like_rounds);
}

fn bench_ingest(path: &std::path::Path, datasets: usize) {
    let (mut child, endpoint) = spawn_hub();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let hub = HubClient::new(HubConfig::new(endpoint).with_token(Some(Secret::new(DEFAULT_TOKEN))))
        .expect("a Hub client");
    let fetch = runtime.block_on(fetch_only(&hub));
    let catalogue = Catalogue::open(path).expect("open");
    let started = Instant::now();
    let report = runtime
        .block_on(full_crawl(
            &catalogue,
            &hub,
            PAGE_SIZE,
            &NoProgress,
            &Cancel::default(),
        ))
        .expect("full crawl");
    let ingest = started.elapsed();
    let peak = peak_rss_mib();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(report.inserted, datasets, "every listed dataset ingested");
    println!("ingest ({} pages):", report.pages);
    println!(
        "  listing walk, parse only (peer): {:>8.2} s",
        fetch.as_secs_f64()
    );
    println!(
        "  full crawl into SQLite + FTS5:   {:>8.2} s  ({:.2}x the peer; target <= 1.3x)",
        ingest.as_secs_f64(),
        ingest.as_secs_f64() / fetch.as_secs_f64()
    );
    println!("  peak RSS of the crawling process: {peak:.0} MiB (target < 200 MiB)\n");
}

/// Query lengths the search figures are split by: 1, 2, 3 and 4+ characters.
const LENGTHS: [&str; 4] = ["1", "2", "3", "4+"];

fn length_class(text: &str) -> usize {
    text.chars().count().clamp(1, 4) - 1
}

fn bench_search(path: &std::path::Path, rounds: usize, like_rounds: usize) {
    let catalogue = Catalogue::open(path).expect("open");
    let like = rusqlite::Connection::open(path).expect("open");
    let mut fts_times: [Vec<Duration>; 4] = Default::default();
    let mut like_times: [Vec<Duration>; 4] = Default::default();
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    // The peer runs in passes of its own: a LIKE scan reads the whole table, and interleaved
    // it would leave each FTS5 query that follows it with cold CPU caches, which is the
    // scan's cost, not the search's.
    for _ in 0..rounds {
        for query in TYPED {
            for text in typed_prefixes(query) {
                let took = time(|| {
                    let query = SearchQuery {
                        text: text.clone(),
                        limit: 50,
                        ..Default::default()
                    };
                    catalogue.search(&query).expect("search").total
                });
                fts_times[length_class(&text)].push(took);
                slowest.push((took, text.clone()));
            }
        }
    }
    for _ in 0..like_rounds {
        for query in TYPED {
            for text in typed_prefixes(query) {
                like_times[length_class(&text)].push(time(|| like_scan(&like, &text)));
            }
        }
    }
    let all = |times: &[Vec<Duration>; 4]| -> Vec<Duration> { times.concat() };
    let (fts50, fts99) = percentiles(&mut all(&fts_times));
    let (like50, like99) = percentiles(&mut all(&like_times));
    slowest.sort_by_key(|(took, _)| std::cmp::Reverse(*took));
    let mut seen = std::collections::HashSet::new();
    slowest.retain(|(_, text)| seen.insert(text.clone()));
    println!(
        "search ({} queries typed a key at a time from one letter, 50 rows + total; LIKE {} of them):",
        all(&fts_times).len(),
        all(&like_times).len()
    );
    println!(
        "  chars  queries   LIKE p50   LIKE p99   FTS5 p50   FTS5 p99  (ms; target FTS5 p99 <= 2 ms)"
    );
    for (class, name) in LENGTHS.iter().enumerate() {
        let (l50, l99) = percentiles(&mut like_times[class]);
        let (f50, f99) = percentiles(&mut fts_times[class]);
        println!(
            "  {name:>5} {:>8} {:>10.3} {:>10.3} {:>10.3} {:>10.3}",
            fts_times[class].len(),
            ms(l50),
            ms(l99),
            ms(f50),
            ms(f99)
        );
    }
    println!(
        "    all {:>8} {:>10.3} {:>10.3} {:>10.3} {:>10.3}  ({:.0}x faster at p99)",
        all(&fts_times).len(),
        ms(like50),
        ms(like99),
        ms(fts50),
        ms(fts99),
        like99.as_secs_f64() / fts99.as_secs_f64()
    );
    let slow: Vec<String> = slowest
        .iter()
        .take(5)
        .map(|(took, text)| format!("{text:?} {:.1} ms", ms(*took)))
        .collect();
    println!("  slowest FTS5 queries: {}", slow.join(", "));
}

/// Child mode: serve the generated corpus, print the URL, run until killed.
fn serve(datasets: usize, seed: u64) {
    let hub = FakeHub::start(Corpus::generate(datasets, seed));
    println!("{}", hub.url());
    loop {
        std::thread::park();
    }
}

fn spawn_hub() -> (Child, String) {
    let mut child = Command::new(std::env::current_exe().expect("own path"))
        .args([SERVE_ARG, "42"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the fake Hub process");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("piped stdout"))
        .read_line(&mut line)
        .expect("the fake Hub's URL");
    (child, line.trim().to_string())
}

/// Walks the same listing as the crawl and drops every page once parsed.
async fn fetch_only(hub: &HubClient) -> Duration {
    let started = Instant::now();
    let query = ListQuery {
        sort: Some("lastModified".into()),
        limit: Some(PAGE_SIZE),
        expand: LISTED_FIELDS.map(String::from).to_vec(),
        ..Default::default()
    };
    let mut page = hub
        .list_datasets_as::<ListedDataset>(&query)
        .await
        .expect("first page");
    while let Some(next) = page.next.take() {
        page = hub.next_page(&next).await.expect("next page");
    }
    started.elapsed()
}

/// The naive search: a case-insensitive substring of every word in any text column.
fn like_scan(conn: &rusqlite::Connection, text: &str) -> u64 {
    let words: Vec<String> = text.split_whitespace().map(|w| format!("%{w}%")).collect();
    let condition =
        vec!["(id LIKE ? OR title LIKE ? OR description LIKE ? OR tags LIKE ?)"; words.len()]
            .join(" AND ");
    let params: Vec<&String> = words.iter().flat_map(|w| [w, w, w, w]).collect();
    let total: i64 = conn
        .query_row(
            &format!("SELECT count(*) FROM datasets WHERE {condition}"),
            rusqlite::params_from_iter(&params),
            |r| r.get(0),
        )
        .expect("LIKE count");
    let mut statement = conn
        .prepare_cached(&format!(
            "SELECT id, title, downloads FROM datasets WHERE {condition} ORDER BY downloads DESC LIMIT 50"
        ))
        .expect("LIKE query");
    let rows = statement
        .query_map(rusqlite::params_from_iter(&params), |r| {
            r.get::<_, String>(0)
        })
        .expect("LIKE rows")
        .count();
    total as u64 + rows as u64
}

/// "s", "sp", "spe", … "speech": what search-as-you-type sends.
fn typed_prefixes(query: &str) -> Vec<String> {
    let chars: Vec<char> = query.chars().collect();
    (1..=chars.len())
        .map(|n| chars[..n].iter().collect::<String>())
        .filter(|s| !s.ends_with(' '))
        .collect()
}

fn time<T>(f: impl FnOnce() -> T) -> Duration {
    let started = Instant::now();
    std::hint::black_box(f());
    started.elapsed()
}

fn percentiles(times: &mut [Duration]) -> (Duration, Duration) {
    if times.is_empty() {
        return (Duration::ZERO, Duration::ZERO);
    }
    times.sort();
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    (at(0.50), at(0.99))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Peak resident set of this process (`VmHWM`), in MiB.
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kib| kib / 1024.0)
}
