//! The built game, served as a production web server would: the brotli or gzip copy the
//! release build wrote next to each file when the browser accepts it, file names that carry
//! a hash of their content cached for a year, the page itself revalidated on every load,
//! and headers that stop the page from running any script but the game's own.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HOST, REFERRER_POLICY, VARY,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};
use tcpip_protocol::msg::WS_PATH;
use tower_http::services::{ServeDir, ServeFile};

/// The game's files: `dir`, with the page (`index.html`) for every path that is not a file,
/// so a reload on any screen works. A `x.br` or `x.gz` next to `x` is sent instead of it to
/// a browser whose `Accept-Encoding` allows it (brotli preferred).
pub fn files(dir: &Path) -> ServeDir<ServeFile> {
    let page = ServeFile::new(dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(page)
}

/// A file whose name holds the hash of its content never changes under that name: a
/// new build writes a new name (Trunk's `app-1c5e0f2a9b3d7e84_bg.wasm`).
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else (the page, the favicon) may be kept but is checked with the server
/// (`If-Modified-Since`) before each use, so a new build is seen at the next load.
const REVALIDATE: &str = "no-cache";
/// Links out of the game (an RFC) tell nobody which page, room or join link they came from.
const REFERRER: &str = "no-referrer";

/// The hashes of the pages' inline scripts, for their Content-Security-Policy. Trunk starts
/// the game with an inline module script whose text names the hashed files of the build, so
/// the hash is taken from the pages being served (the whole game's and the students' join
/// page, `join/`), and taken again when a page changes (a rebuild while the server runs).
/// Both pages are the game's own, so either page's policy allows both pages' scripts.
#[derive(Clone)]
pub struct Page(Arc<[PageFile]>);

/// One page of the build and its scripts' hashes as last read.
struct PageFile {
    path: PathBuf,
    seen: Mutex<Option<Seen>>,
}

/// The page as last read: its modification time and size, and the hashes of its scripts.
struct Seen {
    modified: Option<SystemTime>,
    len: u64,
    hashes: String,
}

/// The pages of a build, relative to its directory.
const PAGES: [&str; 2] = ["index.html", "join/index.html"];

impl Page {
    pub fn new(dir: &Path) -> Page {
        Page(
            PAGES
                .iter()
                .map(|page| PageFile {
                    path: dir.join(page),
                    seen: Mutex::new(None),
                })
                .collect(),
        )
    }

    /// `'sha256-…'` for every inline script of the pages, space-separated (empty without
    /// a page).
    async fn script_hashes(&self) -> String {
        let mut all = Vec::new();
        for page in self.0.iter() {
            let hashes = page.script_hashes().await;
            if !hashes.is_empty() {
                all.push(hashes);
            }
        }
        all.join(" ")
    }
}

impl PageFile {
    async fn script_hashes(&self) -> String {
        let Ok(meta) = tokio::fs::metadata(&self.path).await else {
            return String::new();
        };
        let (modified, len) = (meta.modified().ok(), meta.len());
        if let Some(seen) = self.lock().as_ref()
            && seen.modified == modified
            && seen.len == len
        {
            return seen.hashes.clone();
        }
        let Ok(html) = tokio::fs::read_to_string(&self.path).await else {
            return String::new();
        };
        let hashes = inline_scripts(&html)
            .map(|script| {
                let digest = Sha256::digest(script.as_bytes());
                format!(
                    "'sha256-{}'",
                    base64::engine::general_purpose::STANDARD.encode(digest)
                )
            })
            .collect::<Vec<_>>()
            .join(" ");
        *self.lock() = Some(Seen {
            modified,
            len,
            hashes: hashes.clone(),
        });
        hashes
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Seen>> {
        // The cache holds no invariant a panic elsewhere could break.
        self.seen.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The text of every `<script>` without a `src` in `html`, exactly as a browser hashes it
/// for a CSP (the raw text up to `</script`; HTML comments skipped).
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let lower = html.to_ascii_lowercase();
    let mut scripts = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find('<') {
        let start = at + found;
        let rest = &lower[start..];
        if rest.starts_with("<!--") {
            let Some(end) = rest.find("-->") else { break };
            at = start + end + 3;
        } else if rest.starts_with("<script")
            && rest[7..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace())
        {
            let Some(open_end) = rest.find('>') else {
                break;
            };
            let body = start + open_end + 1;
            let Some(len) = lower[body..].find("</script") else {
                break;
            };
            if !has_src(&rest[..open_end]) {
                scripts.push(&html[body..body + len]);
            }
            at = body + len;
        } else {
            at = start + 1;
        }
    }
    scripts.into_iter()
}

/// Whether an opening `<script …` tag (lower-case, without its `>`) has a `src` attribute.
fn has_src(tag: &str) -> bool {
    tag.split(|c: char| c.is_ascii_whitespace())
        .any(|attr| attr == "src" || attr.starts_with("src="))
}

/// The Content-Security-Policy of the page: scripts only from this server (the game's
/// module and the inline script that starts it, by hash) and WebAssembly compiled from
/// them (`'wasm-unsafe-eval'`); connections to this server, the room's WebSocket included
/// (named with the host the browser used: older browsers do not count `ws:` as `'self'`);
/// nothing may frame the page, change its base URL or embed plugins.
fn content_security_policy(script_hashes: &str, host: Option<&str>) -> String {
    let mut script = String::from("'self' 'wasm-unsafe-eval'");
    if !script_hashes.is_empty() {
        script.push(' ');
        script.push_str(script_hashes);
    }
    let mut connect = String::from("'self'");
    if let Some(host) = host {
        connect.push_str(&format!(" ws://{host}{WS_PATH} wss://{host}{WS_PATH}"));
    }
    format!(
        "default-src 'self'; script-src {script}; style-src 'self'; connect-src {connect}; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// The `Host` a request names, when it is a plain host name or address with an optional
/// port: anything else could smuggle a directive into the policy.
fn plain_host(headers: &HeaderMap) -> Option<&str> {
    let host = headers.get(HOST)?.to_str().ok()?;
    let plain = !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    plain.then_some(host)
}

/// Whether a file name carries its content's hash as Trunk writes it: `name-<hex>.ext`,
/// the wasm as `name-<hex>_bg.wasm` (Trunk prints the 64-bit hash in hex, without leading
/// zeros, so at least 10 of its 16 digits are there but for one build in 16 million).
fn hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let Some((stem, _ext)) = file.split_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((_, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    (10..=16).contains(&hash.len())
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Adds the headers of a production web server to every response: no content sniffing and
/// no referrer for all; for the game's files, caching by name and `Vary: Accept-Encoding`
/// (a cache must not give a brotli copy to a browser that asked for none); for the page,
/// its Content-Security-Policy.
pub async fn headers(State(page): State<Page>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let host = plain_host(request.headers()).map(str::to_owned);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static(REFERRER));
    if path.starts_with("/api/") || path == WS_PATH {
        return response;
    }
    let html = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let ok = matches!(response.status(), StatusCode::OK | StatusCode::NOT_MODIFIED);
    let cache = if ok && !html && hashed(&path) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    if html {
        let policy = content_security_policy(&page.script_hashes().await, host.as_deref());
        if let Ok(value) = HeaderValue::from_str(&policy) {
            response
                .headers_mut()
                .insert(CONTENT_SECURITY_POLICY, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page as Trunk 0.21 writes it (abridged): preloads with integrity, and the inline
    /// module script that starts the game.
    const TRUNK_PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head>
<!-- a comment with <script>alert(1)</script> in it -->
<link rel="modulepreload" href="/tcpip-animated-7c1e0f2a9b3d7e84.js" crossorigin="anonymous" integrity="sha384-x">
<script src="/extra.js"></script>
<SCRIPT type="module">
import init, * as bindings from '/tcpip-animated-7c1e0f2a9b3d7e84.js';
const wasm = await init({ module_or_path: '/tcpip-animated-7c1e0f2a9b3d7e84_bg.wasm' });
window.wasmBindings = bindings;
</script><scripts>not a script</scripts></head><body></body></html>"#;

    #[test]
    fn only_inline_scripts_are_hashed_with_their_exact_text() {
        let scripts: Vec<_> = inline_scripts(TRUNK_PAGE).collect();
        assert_eq!(scripts.len(), 1, "{scripts:?}");
        assert!(scripts[0].starts_with("\nimport init, * as bindings"));
        assert!(scripts[0].ends_with("window.wasmBindings = bindings;\n"));
    }

    #[test]
    fn unfinished_markup_ends_the_scan_without_a_panic() {
        for page in ["<script", "<script>never closed", "<!-- open", "<", "<scri"] {
            assert_eq!(inline_scripts(page).count(), 0, "{page}");
        }
    }

    #[test]
    fn the_policy_allows_the_game_and_its_socket_only() {
        let csp = content_security_policy("'sha256-abc='", Some("192.168.1.20:8080"));
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc=';"),
            "{csp}"
        );
        assert!(
            csp.contains(
                "connect-src 'self' ws://192.168.1.20:8080/ws wss://192.168.1.20:8080/ws;"
            ),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    }

    #[test]
    fn a_host_that_is_not_plain_never_reaches_the_policy() {
        let mut headers = HeaderMap::new();
        for (host, plain) in [
            ("192.168.1.20:8080", true),
            ("[::1]:8080", true),
            ("classroom.local", true),
            ("evil; script-src *", false),
            ("a b", false),
            ("", false),
        ] {
            headers.insert(HOST, HeaderValue::from_str(host).unwrap());
            assert_eq!(plain_host(&headers).is_some(), plain, "{host}");
        }
    }

    #[test]
    fn hashed_names_are_those_trunk_writes() {
        for name in [
            "/tcpip-animated-7c1e0f2a9b3d7e84_bg.wasm",
            "/tcpip-animated-7c1e0f2a9b3d7e84.js",
            "/style-c1e0f2a9b3d7e84.css",
        ] {
            assert!(hashed(name), "{name}");
        }
        for name in [
            "/",
            "/index.html",
            "/favicon.svg",
            "/tcpip-animated.js",
            "/desk-screen.css",
            "/style-notahexhash00.css",
            "/style-abc.css",
        ] {
            assert!(!hashed(name), "{name}");
        }
    }
}
