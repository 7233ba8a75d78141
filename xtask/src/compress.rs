//! The brotli and gzip copies of the built game, written next to each file (`x.wasm.br`,
//! `x.wasm.gz`) so the server sends what a browser accepts (`Accept-Encoding`) without
//! compressing anything per request: at build time there is time for the strongest settings
//! (brotli quality 11 gives 319 KB for a wasm that gzip -9 makes 398 KB).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Text and WebAssembly: what shrinks. Images such as PNG are compressed already.
const COMPRESSIBLE: [&str; 7] = ["html", "js", "css", "wasm", "svg", "json", "txt"];

/// brotli's strongest setting (RFC 7932 §9.1 allows windows up to 2^24 bytes; the whole
/// wasm fits in one, so a repeat anywhere in it can be referred to).
const BROTLI_QUALITY: i32 = 11;
const BROTLI_WINDOW_BITS: i32 = 24;

/// One file of the build and what a browser receives for it in each encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compressed {
    pub path: PathBuf,
    pub raw: u64,
    /// Bytes sent to a browser that accepts brotli: the `.br` copy, or the file itself
    /// when brotli does not make it smaller (then no copy is written).
    pub br: u64,
    /// The same for gzip.
    pub gz: u64,
}

impl Compressed {
    /// The file's extension (`wasm`, `js`, …).
    pub fn ext(&self) -> &str {
        self.path.extension().and_then(|e| e.to_str()).unwrap_or("")
    }
}

/// Writes the `.br` and `.gz` copy of every compressible file under `dir` (subdirectories
/// included), replacing older copies, and returns what each file weighs on the wire.
pub fn precompress(dir: &Path) -> Result<Vec<Compressed>, String> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let data = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let raw = data.len() as u64;
        let br = write_smaller(&path, "br", raw, &brotli(&data)?)?;
        let gz = write_smaller(&path, "gz", raw, &gzip(&data)?)?;
        out.push(Compressed { path, raw, br, gz });
    }
    Ok(out)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e))
        {
            files.push(path);
        }
    }
    Ok(())
}

/// Writes `path.ext` when `packed` is smaller than the file, removes a stale copy
/// otherwise, and returns the bytes a browser asking for that encoding gets.
fn write_smaller(path: &Path, ext: &str, raw: u64, packed: &[u8]) -> Result<u64, String> {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    let copy = PathBuf::from(name);
    if (packed.len() as u64) < raw {
        fs::write(&copy, packed).map_err(|e| format!("cannot write {}: {e}", copy.display()))?;
        Ok(packed.len() as u64)
    } else {
        match fs::remove_file(&copy) {
            Ok(()) => Ok(raw),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(raw),
            Err(e) => Err(format!("cannot remove {}: {e}", copy.display())),
        }
    }
}

fn brotli(data: &[u8]) -> Result<Vec<u8>, String> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        lgwin: BROTLI_WINDOW_BITS,
        size_hint: data.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)
        .map_err(|e| format!("brotli: {e}"))?;
    Ok(out)
}

fn gzip(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data)
        .and_then(|()| enc.finish())
        .map_err(|e| format!("gzip: {e}"))
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("snippets")).expect("scratch dir");
        dir
    }

    #[test]
    fn every_compressible_file_gets_copies_that_decode_to_it() {
        let dir = scratch("copies");
        let js = "export function start() { return 'TCP/IP Animated'; }\n".repeat(200);
        fs::write(dir.join("app-1f2e.js"), &js).expect("js");
        fs::write(dir.join("snippets").join("inline0.js"), &js).expect("snippet");
        fs::write(dir.join("picture.png"), [0x89, b'P', b'N', b'G']).expect("png");
        let report = precompress(&dir).expect("compressed");
        assert_eq!(report.len(), 2, "the png is left alone: {report:?}");
        for file in &report {
            assert_eq!(file.raw, js.len() as u64);
            assert!(file.br < file.gz && file.gz < file.raw, "{file:?}");
            let br = fs::read(format!("{}.br", file.path.display())).expect(".br");
            assert_eq!(br.len() as u64, file.br);
            let mut text = String::new();
            brotli::Decompressor::new(&br[..], 4096)
                .read_to_string(&mut text)
                .expect("brotli decodes");
            assert_eq!(text, js);
            let gz = fs::read(format!("{}.gz", file.path.display())).expect(".gz");
            assert_eq!(gz.len() as u64, file.gz);
            let mut text = String::new();
            flate2::read::GzDecoder::new(&gz[..])
                .read_to_string(&mut text)
                .expect("gzip decodes");
            assert_eq!(text, js);
        }
        assert!(!dir.join("picture.png.br").exists());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_compression_would_grow_is_sent_as_it_is() {
        let dir = scratch("tiny");
        fs::write(dir.join("index.html"), "<p>").expect("html");
        // A copy left by an earlier build must not be served instead of the new file.
        fs::write(dir.join("index.html.br"), "stale").expect("stale copy");
        let report = precompress(&dir).expect("compressed");
        assert_eq!(report[0].br, 3);
        assert_eq!(report[0].gz, 3);
        assert!(!dir.join("index.html.br").exists());
        assert!(!dir.join("index.html.gz").exists());
        let _ = fs::remove_dir_all(&dir);
    }
}
