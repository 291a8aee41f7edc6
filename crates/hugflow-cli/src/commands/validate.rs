use std::path::PathBuf;
use std::process::ExitCode;

use hugflow_ops::local::validate;

use crate::output::print_json;

pub fn run(files: &[PathBuf], json: bool) -> anyhow::Result<ExitCode> {
    let report = validate(files);
    if json {
        print_json(&report)?;
    } else {
        let mut invalid = 0;
        for file in &report.files {
            if file.ok {
                let kind = file.kind.map(|k| k.to_string()).unwrap_or_default();
                let id = file.hf_id.as_deref().unwrap_or_default();
                match &file.storage_name {
                    Some(name) => println!("ok: {}: {kind} {id} -> {name}", file.file),
                    None => println!("ok: {}: {kind} {id}", file.file),
                }
                continue;
            }
            invalid += 1;
            for error in &file.errors {
                let field = if error.field.is_empty() {
                    "file"
                } else {
                    &error.field
                };
                println!(
                    "{}:{}:{}: {field}: {}",
                    file.file, error.line, error.column, error.message
                );
                if let Some(hint) = &error.hint {
                    println!("    hint: {hint}");
                }
            }
        }
        if report.files.is_empty() {
            println!("no request files found (looked for *.yaml and *.yml)");
        } else {
            println!(
                "\n{} file(s) checked, {invalid} invalid",
                report.files.len()
            );
        }
    }
    Ok(if report.all_ok() && !report.files.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
