//! (being written)
use std::process::ExitCode;
#[derive(clap::Args)]
pub struct AutoplayArgs {}
pub fn run(_args: AutoplayArgs) -> ExitCode {
    eprintln!("autoplay: not built yet");
    ExitCode::FAILURE
}
