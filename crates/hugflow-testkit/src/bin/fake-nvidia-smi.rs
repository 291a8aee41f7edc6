//! A fake `nvidia-smi` that replays a real capture from `shared/fixtures/nvidia-smi/`.
//!
//! `FAKE_NVIDIA_SMI_CAPTURE` names the capture file (default: the first one), and
//! `FAKE_NVIDIA_SMI_PHASE` picks `idle` or `load` (default `load`). It answers any
//! `--query-gpu=` or `--query-compute-apps=` field list from the capture's full table, with
//! or without `noheader`/`nounits`, `-L`, and `--loop-ms=N` (prints again every N ms).
//! An unknown field is refused as nvidia-smi refuses it.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use hugflow_testkit::nvidia_smi::Capture;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let captures = Capture::all();
    let wanted = std::env::var("FAKE_NVIDIA_SMI_CAPTURE").ok();
    let Some(capture) = captures.iter().find(|c| {
        wanted
            .as_deref()
            .is_none_or(|w| c.name == w || c.name.starts_with(w))
    }) else {
        eprintln!("fake nvidia-smi: no capture named {wanted:?}");
        return ExitCode::from(2);
    };
    let phase = std::env::var("FAKE_NVIDIA_SMI_PHASE").unwrap_or_else(|_| "load".into());
    let value = |prefix: &str| args.iter().find_map(|a| a.strip_prefix(prefix));
    let format = value("--format=").unwrap_or("csv");
    let loop_ms = value("--loop-ms=").and_then(|m| m.parse::<u64>().ok());
    let output = if args.iter().any(|a| a == "-L") {
        Ok(capture
            .section("capabilities", "-L")
            .map(|s| s.output.clone())
            .unwrap_or_default())
    } else if let Some(fields) = value("--query-gpu=") {
        table(capture, &phase, "--query-gpu=", fields, format)
    } else if let Some(fields) = value("--query-compute-apps=") {
        table(capture, &phase, "--query-compute-apps=", fields, format)
    } else {
        Ok(capture
            .section(&phase, "")
            .map(|s| s.output.clone())
            .unwrap_or_default())
    };
    let output = match output {
        Ok(output) => output,
        Err(message) => {
            println!("{message}");
            return ExitCode::from(2);
        }
    };
    let mut stdout = std::io::stdout().lock();
    loop {
        if stdout
            .write_all(output.as_bytes())
            .and_then(|()| stdout.flush())
            .is_err()
        {
            return ExitCode::SUCCESS; // the reader went away
        }
        match loop_ms {
            Some(ms) => std::thread::sleep(Duration::from_millis(ms)),
            None => return ExitCode::SUCCESS,
        }
    }
}

/// The asked fields, cut from the capture's full table of that query.
fn table(
    capture: &Capture,
    phase: &str,
    query: &str,
    fields: &str,
    format: &str,
) -> Result<String, String> {
    let section = capture
        .section(phase, query)
        .ok_or_else(|| format!("fake nvidia-smi: the capture has no {phase} {query} section"))?;
    let mut lines = section.output.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(", ").collect();
    let name_of = |h: &str| h.split(" [").next().unwrap_or(h).trim().to_string();
    let columns: Vec<usize> = fields
        .split(',')
        .map(|field| {
            let field = field
                .trim()
                .replace("clocks_throttle_reasons.", "clocks_event_reasons.");
            header
                .iter()
                .position(|h| name_of(h) == field)
                .ok_or_else(|| format!("Field \"{field}\" is not a valid field to query."))
        })
        .collect::<Result<_, _>>()?;
    let options: Vec<&str> = format.split(',').map(str::trim).collect();
    let (noheader, nounits) = (options.contains(&"noheader"), options.contains(&"nounits"));
    let mut out = String::new();
    if !noheader {
        let names: Vec<&str> = columns.iter().map(|&i| header[i]).collect();
        out.push_str(&names.join(", "));
        out.push('\n');
    }
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split(", ").collect();
        let picked: Vec<String> = columns
            .iter()
            .map(|&i| {
                let cell = cells.get(i).copied().unwrap_or("[N/A]");
                let has_unit = header[i].contains(" [");
                match cell.rsplit_once(' ') {
                    Some((number, _unit)) if nounits && has_unit && !cell.starts_with('[') => {
                        number.to_string()
                    }
                    _ => cell.to_string(),
                }
            })
            .collect();
        out.push_str(&picked.join(", "));
        out.push('\n');
    }
    Ok(out)
}
