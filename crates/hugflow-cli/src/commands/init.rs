use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use hugflow_core::checkout::Checkout;
use hugflow_core::init::init_checkout;

pub fn run(root: &Path, workflow: bool) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(root).with_context(|| format!("cannot create {}", root.display()))?;
    let checkout = Checkout::open(root)?;
    let report = init_checkout(&checkout, workflow)?;
    for path in &report.created {
        println!("created  {}", path.display());
    }
    for path in &report.kept {
        println!("kept     {} (already there)", path.display());
    }
    if report.created.is_empty() {
        println!("{} was already initialised", checkout.root.display());
    }
    println!(
        "\nNext: add a request under requests/add/ (see `hugflow validate --help`), commit it on a branch and open a pull request."
    );
    Ok(ExitCode::SUCCESS)
}
