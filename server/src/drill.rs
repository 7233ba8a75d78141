//! (being written)
use std::process::ExitCode;
#[derive(clap::Args)]
pub struct DrillArgs {}
pub fn run(_args: DrillArgs) -> ExitCode {
    eprintln!("drill: not built yet");
    ExitCode::FAILURE
}
