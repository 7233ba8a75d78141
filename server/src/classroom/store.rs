//! Rooms on disk: `DATA/CODE.log`, one JSON [`Record`] per line. A batch of records is
//! written with one `write` and made durable with one `fdatasync` before anything it caused
//! is sent ("every accepted action is appended to a per-room log on disk
//! (fsync'd) before it is broadcast"), so what a browser was told is never lost by a crash.
//!
//! Each room syncs its own batch on tokio's blocking pool, as soon as it is ready. One disk
//! writer shared by all rooms, committing whatever was queued in rounds (write every
//! batch, fdatasync each file once, then answer every room), was measured against this
//! with the classroom load (500 players, 60 s, this 2-core machine, runs interleaved) and
//! was no better. p99: files of a round synced one after the other 117 and 305 ms, on four
//! threads 59 and 80 ms, this 45 and 57 ms; after the read-buffer fix of `ws.rs`, four
//! threads 28.6 and 59.9 ms, this 26.4 and 61.7 ms. A batch that arrives during a round
//! waits for that round and then its own, while fdatasyncs issued at the same time by
//! separate rooms already share the journal's commits.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::room::Record;

/// A room's log file, open for appending.
pub struct Log {
    file: Arc<File>,
    path: PathBuf,
    /// Bytes known to be on disk: everything before this was fsync'd.
    durable: u64,
}

/// A room read back from its log at start-up.
pub struct Loaded {
    pub path: PathBuf,
    pub records: Vec<Record>,
    /// Where each record's line ends in the file.
    ends: Vec<u64>,
    pub log: Log,
    /// The file lines were last set aside in (its name), and how many.
    pub aside: Option<(String, usize)>,
    /// Something worth telling the operator (a torn last line that was dropped, lines that
    /// were set aside).
    pub warning: Option<String>,
}

/// Where the log of room `code` lives.
pub fn path_of(data: &Path, code: &str) -> PathBuf {
    data.join(format!("{code}.log"))
}

impl Log {
    /// The log of a new room. Fails with [`io::ErrorKind::AlreadyExists`] when a room
    /// (even one that could not be loaded) already has this code, so codes stay unique.
    pub fn create(data: &Path, code: &str) -> io::Result<Log> {
        std::fs::create_dir_all(data)?;
        let path = path_of(data, code);
        let file = OpenOptions::new()
            .append(true)
            .create_new(true)
            .open(&path)?;
        // The new name must survive a crash too: fsync the directory that holds it.
        File::open(data)?.sync_all()?;
        Ok(Log {
            file: Arc::new(file),
            path,
            durable: 0,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many bytes of the file are durable (what a download may show).
    pub fn durable_len(&self) -> u64 {
        self.durable
    }

    /// Appends `records` with one write and one `fdatasync`; returns how long the disk
    /// took. Nothing of the batch may be sent before this returns `Ok`.
    pub async fn append(&mut self, records: &[Record]) -> Result<Duration, String> {
        let bytes = encode(records)?;
        let len = bytes.len() as u64;
        let file = Arc::clone(&self.file);
        let started = std::time::Instant::now();
        let written = tokio::task::spawn_blocking(move || -> io::Result<()> {
            let mut f: &File = &file;
            f.write_all(&bytes)?;
            f.sync_data()
        })
        .await
        .map_err(|e| format!("the disk writer stopped: {e}"))?;
        written.map_err(|e| format!("cannot write {}: {e}", self.path.display()))?;
        self.durable += len;
        Ok(started.elapsed())
    }
}

/// The records as log lines.
fn encode(records: &[Record]) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    for r in records {
        serde_json::to_writer(&mut bytes, r).map_err(|e| format!("cannot encode a record: {e}"))?;
        bytes.push(b'\n');
    }
    Ok(bytes)
}

/// A log found at start-up.
pub enum Found {
    /// A room that has not ended, read whole.
    Live(Loaded),
    /// A room that ended: only its first and last lines were read (its code and who may
    /// download it); its game is not loaded.
    Ended {
        path: PathBuf,
        code: String,
        token: String,
    },
}

/// Reads back every `*.log` of `data` (none when the directory does not exist yet). Each
/// `Err` names a file that was not loaded and why; the other rooms load regardless.
pub fn load_all(data: &Path) -> Vec<Result<Found, String>> {
    let entries = match std::fs::read_dir(data) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => return vec![Err(format!("cannot read {}: {e}", data.display()))],
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "log") && p.is_file())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| match ended(&p) {
            Some((code, token)) => Ok(Found::Ended {
                path: p,
                code,
                token,
            }),
            None => load(&p).map(Found::Live),
        })
        .collect()
}

/// The code and instructor token of a log whose last line says the room ended, reading
/// only its first line and its last few kilobytes.
fn ended(path: &Path) -> Option<(String, String)> {
    use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
    /// The `ended` record is a short line.
    const TAIL: u64 = 4096;
    let mut file = File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    file.seek(SeekFrom::Start(len.saturating_sub(TAIL))).ok()?;
    let mut tail = Vec::new();
    file.read_to_end(&mut tail).ok()?;
    let last = tail.strip_suffix(b"\n")?.rsplit(|b| *b == b'\n').next()?;
    let Ok(Record::Ended { .. }) = serde_json::from_slice(last) else {
        return None;
    };
    file.seek(SeekFrom::Start(0)).ok()?;
    let mut first = Vec::new();
    BufReader::new(file).read_until(b'\n', &mut first).ok()?;
    match serde_json::from_slice(&first).ok()? {
        Record::Created {
            code,
            instructor_token,
            ..
        } => Some((code, instructor_token)),
        _ => None,
    }
}

/// One room's log, checked line by line. A last line without its newline is the torn end
/// of a write a crash interrupted: nobody was told about it, so it is cut off (with a
/// warning) and the room loads without it. A complete line that is not a record (a disk
/// error, a hand edit) ends what can be trusted: it and everything after it are set aside
/// ([`Loaded::set_aside`]) and the room loads with the records before it.
fn load(path: &Path) -> Result<Loaded, String> {
    let name = path.display();
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    let parsed = parse(&bytes);
    let file = OpenOptions::new()
        .append(true)
        .open(path)
        .map_err(|e| format!("cannot open {name}: {e}"))?;
    let whole = parsed.whole;
    let mut warnings = Vec::new();
    if whole < bytes.len() {
        file.set_len(whole as u64)
            .and_then(|()| file.sync_all())
            .map_err(|e| format!("cannot cut the torn last line of {name}: {e}"))?;
        warnings.push(format!(
            "{name}: dropped an incomplete last line ({} bytes) left by a crash",
            bytes.len() - whole
        ));
    }
    let mut loaded = Loaded {
        path: path.to_path_buf(),
        records: parsed.records,
        ends: parsed.ends,
        log: Log {
            file: Arc::new(file),
            path: path.to_path_buf(),
            durable: whole as u64,
        },
        aside: None,
        warning: None,
    };
    if let Some((line, why)) = parsed.bad {
        warnings.push(loaded.set_aside(line - 1, &format!("line {line}: {why}"))?);
    }
    loaded.warning = (!warnings.is_empty()).then(|| warnings.join("; "));
    Ok(loaded)
}

impl Loaded {
    /// Keeps the first `keep` records and moves the rest of the file, from the record
    /// `why` is about, to a file next to the log (`CODE.log.bad-N`, never overwritten nor
    /// deleted), so that nothing is lost and the room can go on appending. Returns the
    /// notice for the operator and the instructor.
    pub fn set_aside(&mut self, keep: usize, why: &str) -> Result<String, String> {
        let name = self.path.display().to_string();
        let from = if keep == 0 { 0 } else { self.ends[keep - 1] };
        let bytes = std::fs::read(&self.path).map_err(|e| format!("cannot read {name}: {e}"))?;
        let rest = bytes.get(from as usize..).unwrap_or_default();
        let lines = rest
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .count();
        let mut n = 1;
        let (aside_path, mut aside_file) = loop {
            let p = self.path.with_extension(format!("log.bad-{n}"));
            match OpenOptions::new().write(true).create_new(true).open(&p) {
                Ok(f) => break (p, f),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => n += 1,
                Err(e) => return Err(format!("cannot create {}: {e}", p.display())),
            }
        };
        aside_file
            .write_all(rest)
            .and_then(|()| aside_file.sync_all())
            .map_err(|e| format!("cannot write {}: {e}", aside_path.display()))?;
        if let Some(dir) = self.path.parent() {
            File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(|e| format!("cannot sync {}: {e}", dir.display()))?;
        }
        self.log
            .file
            .set_len(from)
            .and_then(|()| self.log.file.sync_all())
            .map_err(|e| format!("cannot cut {name} after its last good record: {e}"))?;
        self.log.durable = from;
        self.records.truncate(keep);
        self.ends.truncate(keep);
        let file = aside_path
            .file_name()
            .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
        self.aside = Some((file, lines));
        Ok(format!(
            "{name}: {why}; {lines} line(s) from there on were set aside in {} and the room \
             loads with the {keep} record(s) before",
            aside_path.display()
        ))
    }
}

/// A log as read: the records up to the first bad one, where each record's line ends,
/// how many bytes are whole lines, and the first bad line (1-based) and why.
struct Parsed {
    records: Vec<Record>,
    ends: Vec<u64>,
    whole: usize,
    bad: Option<(usize, String)>,
}

fn parse(bytes: &[u8]) -> Parsed {
    let whole = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let mut parsed = Parsed {
        records: Vec::new(),
        ends: Vec::new(),
        whole,
        bad: None,
    };
    let mut start = 0;
    for (i, line) in bytes[..whole].split_inclusive(|b| *b == b'\n').enumerate() {
        let end = start + line.len();
        match serde_json::from_slice(line.strip_suffix(b"\n").unwrap_or(line)) {
            Ok(record) => {
                parsed.records.push(record);
                parsed.ends.push(end as u64);
            }
            Err(e) => {
                parsed.bad = Some((i + 1, e.to_string()));
                break;
            }
        }
        start = end;
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcpip_stack::time::Instant;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tcpip-store-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn clock(secs: u64) -> Record {
        Record::Clock {
            at: Instant::from_secs(secs),
            speed_percent: 100,
            paused: false,
            hold: None,
            note: None,
        }
    }

    #[tokio::test]
    async fn appended_records_read_back_in_order() {
        let data = scratch("append");
        let mut log = Log::create(&data, "ABCDEF").unwrap();
        log.append(&[clock(1), clock(2)]).await.unwrap();
        log.append(&[clock(3)]).await.unwrap();
        let len = std::fs::metadata(log.path()).unwrap().len();
        assert_eq!(log.durable_len(), len);
        let loaded = load_all(&data);
        let [Ok(Found::Live(room))] = loaded.as_slice() else {
            panic!("one room expected");
        };
        assert_eq!(room.records, vec![clock(1), clock(2), clock(3)]);
        assert!(room.warning.is_none());
        // A code is never handed out twice, even across restarts.
        let again = Log::create(&data, "ABCDEF").err().map(|e| e.kind());
        assert_eq!(again, Some(io::ErrorKind::AlreadyExists));
        std::fs::remove_dir_all(&data).unwrap();
    }

    #[test]
    fn a_torn_last_line_is_cut_off_with_a_warning() {
        let data = scratch("torn");
        std::fs::create_dir_all(&data).unwrap();
        let path = path_of(&data, "ABCDEF");
        let mut text = encode(&[clock(1)]).unwrap();
        text.extend_from_slice(br#"{"record":"clock","at":"#);
        std::fs::write(&path, &text).unwrap();
        let Found::Live(loaded) = load_all(&data).pop().unwrap().unwrap() else {
            panic!("a live room expected");
        };
        assert_eq!(loaded.records, vec![clock(1)]);
        assert!(loaded.warning.unwrap().contains("incomplete last line"));
        // The file was cut back to whole lines, so the next append starts a fresh line.
        assert_eq!(std::fs::read(&path).unwrap(), encode(&[clock(1)]).unwrap());
        std::fs::remove_dir_all(&data).unwrap();
    }

    #[test]
    fn a_bad_line_and_what_follows_are_set_aside() {
        let data = scratch("bad");
        std::fs::create_dir_all(&data).unwrap();
        let mut text = encode(&[clock(1)]).unwrap();
        text.extend_from_slice(b"not json\n");
        text.extend(encode(&[clock(2)]).unwrap());
        let path = path_of(&data, "ABCDEF");
        std::fs::write(&path, &text).unwrap();
        std::fs::write(data.join("notes.txt"), "not a log").unwrap();
        let loaded = load_all(&data);
        let [Ok(Found::Live(room))] = loaded.as_slice() else {
            panic!("one room expected");
        };
        assert_eq!(room.records, vec![clock(1)]);
        let warning = room.warning.as_deref().unwrap();
        assert!(warning.contains("ABCDEF.log: line 2:"), "{warning}");
        assert!(warning.contains("2 line(s)"), "{warning}");
        assert_eq!(std::fs::read(&path).unwrap(), encode(&[clock(1)]).unwrap());
        let aside = std::fs::read(data.join("ABCDEF.log.bad-1")).unwrap();
        assert_eq!(aside, text[encode(&[clock(1)]).unwrap().len()..]);
        // A second bad start keeps the first file aside and writes another.
        std::fs::write(&path, b"garbage\n").unwrap();
        let Found::Live(again) = load_all(&data).pop().unwrap().unwrap() else {
            panic!("a live room expected");
        };
        assert!(again.records.is_empty());
        assert_eq!(
            std::fs::read(data.join("ABCDEF.log.bad-2")).unwrap(),
            b"garbage\n"
        );
        assert_eq!(std::fs::read(data.join("ABCDEF.log.bad-1")).unwrap(), aside);
        std::fs::remove_dir_all(&data).unwrap();
    }
}
