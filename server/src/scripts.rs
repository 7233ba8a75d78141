//! What the script runners (`drill`, `referee`) share: turning the paths of the command line
//! into files, reading one as text, and the `PASS`/`FAIL` report with its closing count.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs `one` on every file (each a `what`, the word the messages use) the paths name (a
/// directory stands for every file in it with the extension `ext`), prints `PASS path` (with
/// what `one` adds, e.g. what was skipped) or `FAIL message` for each and then `N passed, M
/// failed`, and fails the process when anything failed.
pub fn run_all(
    paths: &[PathBuf],
    ext: &str,
    what: &str,
    mut one: impl FnMut(&Path) -> Result<String, String>,
) -> ExitCode {
    let (mut passed, mut failed) = (0usize, 0usize);
    for path in expand(paths, ext, what) {
        match path.and_then(|path| one(&path).map(|note| (path, note))) {
            Ok((path, note)) => {
                passed += 1;
                println!("PASS {}{note}", path.display());
            }
            Err(message) => {
                failed += 1;
                println!("FAIL {message}");
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The files named on the command line, directories expanded to their `*.ext` files (sorted,
/// so the output is the same on every machine). An unreadable or empty directory is a
/// failure.
fn expand(paths: &[PathBuf], ext: &str, what: &str) -> Vec<Result<PathBuf, String>> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(Ok(path.clone()));
            continue;
        }
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(e) => {
                out.push(Err(format!(
                    "{}: cannot list this directory: {e}",
                    path.display()
                )));
                continue;
            }
        };
        let mut scripts: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == ext))
            .collect();
        scripts.sort();
        if scripts.is_empty() {
            out.push(Err(format!(
                "{}: no .{ext} {what}s in this directory",
                path.display()
            )));
        }
        out.extend(scripts.into_iter().map(Ok));
    }
    out
}

/// The file as text; the error is `path: …` or, for bytes that are not UTF-8,
/// `path:LINE: …` with the line of the first bad byte.
pub fn read_text(path: &Path, what: &str) -> Result<String, String> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| format!("{shown}: cannot read the {what}: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let bad = e.utf8_error().valid_up_to();
        let line = bytes
            .get(..bad)
            .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
            + 1;
        format!("{shown}:{line}: this is not a text {what} (byte {bad} is not valid UTF-8)")
    })
}
