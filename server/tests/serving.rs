//! The built game served like a production web server: the real `tcpip-classroom serve`
//! binary on 127.0.0.1 and plain HTTP/1.1 requests. The copy a browser gets is chosen by
//! its `Accept-Encoding` (RFC 9110 §12.5.3), hashed files are cached for a year, the page is
//! revalidated, and the page's headers allow no script but the game's own.

// Each test file and benchmark uses the part of the shared support it needs.
#[allow(dead_code)]
mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use base64::Engine;
use sha2::{Digest, Sha256};

use support::{Scratch, Server};

const WASM: &str = "tcpip-animated-7c1e0f2a9b3d7e84_bg.wasm";
const JS: &str = "tcpip-animated-7c1e0f2a9b3d7e84.js";
/// Trunk's inline module script that starts the game.
const START: &str = "\nimport init from '/tcpip-animated-7c1e0f2a9b3d7e84.js';\n\
                     await init({ module_or_path: '/tcpip-animated-7c1e0f2a9b3d7e84_bg.wasm' });\n";

const JOIN_WASM: &str = "join/tcpip-join-0c1e0f2a9b3d7e85_bg.wasm";
/// The inline script that starts the students' join page.
const JOIN_START: &str = "\nimport init from '/join/tcpip-join-0c1e0f2a9b3d7e85.js';\n\
                          await init({ module_or_path: '/join/tcpip-join-0c1e0f2a9b3d7e85_bg.wasm' });\n";

/// A built game in a directory of its own, removed when dropped: each compressible file
/// with its `.br` and `.gz` copy (distinct bytes, so the test sees which one was sent).
fn dist() -> Scratch {
    let dir = Scratch::new("serving");
    let page = format!(
        "<!DOCTYPE html><html><head><link rel=\"modulepreload\" href=\"/{JS}\">\
         <script type=\"module\">{START}</script></head><body></body></html>"
    );
    let join_page = format!(
        "<!DOCTYPE html><html><head><script type=\"module\">{JOIN_START}</script></head>\
         <body></body></html>"
    );
    std::fs::create_dir_all(dir.0.join("join")).expect("join/");
    let files: [(&str, &[u8]); 6] = [
        ("index.html", page.as_bytes()),
        ("join/index.html", join_page.as_bytes()),
        (WASM, b"\0asm raw module"),
        (JOIN_WASM, b"\0asm the students' module"),
        (JS, b"export default function init() {}"),
        ("favicon.svg", b"<svg/>"),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.0.join(name), bytes).expect("file");
        if name != "favicon.svg" {
            std::fs::write(dir.0.join(format!("{name}.br")), format!("br of {name}")).expect(".br");
            std::fs::write(dir.0.join(format!("{name}.gz")), format!("gz of {name}")).expect(".gz");
        }
    }
    dir
}

/// The server binary serving a built game, killed when dropped.
struct Served {
    server: Server,
    _dist: Scratch,
}

impl Served {
    fn start() -> Served {
        let dist = dist();
        let server = Server::start(None, &dist.0, &dist.0.join("data"), &[]);
        Served {
            server,
            _dist: dist,
        }
    }

    /// `GET path` with extra request headers: the status, the response headers (names in
    /// lower case) and the body.
    fn get(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        let mut s = TcpStream::connect(("127.0.0.1", self.server.port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut request = format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n",
            self.server.port
        );
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        s.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("response");
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("end of headers");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.lines();
        let status = lines.next().expect("status line")[9..12]
            .parse()
            .expect("status code");
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Response {
            status,
            headers,
            body: raw[split + 4..].to_vec(),
        }
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[test]
fn the_wasm_goes_out_in_the_encoding_the_browser_accepts() {
    let server = Served::start();
    let wasm = format!("/{WASM}");
    for (accept, encoding, body) in [
        (
            Some("gzip, deflate, br, zstd"),
            Some("br"),
            format!("br of {WASM}"),
        ),
        (
            Some("br;q=1.0, gzip;q=0.8"),
            Some("br"),
            format!("br of {WASM}"),
        ),
        (Some("gzip"), Some("gzip"), format!("gz of {WASM}")),
        (Some("br;q=0, gzip"), Some("gzip"), format!("gz of {WASM}")),
        (Some("identity"), None, "\0asm raw module".into()),
        (None, None, "\0asm raw module".into()),
    ] {
        let headers: Vec<_> = accept.map(|a| ("Accept-Encoding", a)).into_iter().collect();
        let r = server.get(&wasm, &headers);
        assert_eq!(r.status, 200, "{accept:?}");
        assert_eq!(r.header("content-encoding"), encoding, "{accept:?}");
        assert_eq!(String::from_utf8_lossy(&r.body), body, "{accept:?}");
        // The type is the wasm's, whichever copy: browsers compile it while it streams in
        // only when it is application/wasm.
        assert_eq!(r.header("content-type"), Some("application/wasm"));
        assert_eq!(
            r.header("content-length"),
            Some(body.len().to_string().as_str())
        );
        assert_eq!(
            r.header("cache-control"),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(r.header("vary"), Some("accept-encoding"));
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
    }
    let js = server.get(&format!("/{JS}"), &[("Accept-Encoding", "br")]);
    assert_eq!(js.header("content-encoding"), Some("br"));
    assert_eq!(js.header("content-type"), Some("text/javascript"));
    assert_eq!(
        js.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
}

#[test]
fn the_page_is_revalidated_and_runs_only_the_games_scripts() {
    let server = Served::start();
    let start_hash = hash_of(START);
    // The page itself, and any path that is not a file (a reload on another screen, or a
    // file of an older build, which must not be cached as if it were that file).
    for path in [
        "/",
        "/index.html",
        "/desk/red",
        "/tcpip-animated-0123456789abcdef_bg.wasm",
    ] {
        let r = server.get(path, &[("Accept-Encoding", "gzip")]);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-encoding"), Some("gzip"), "{path}");
        assert_eq!(String::from_utf8_lossy(&r.body), "gz of index.html");
        assert_eq!(r.header("cache-control"), Some("no-cache"), "{path}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
        let csp = r.header("content-security-policy").expect("a CSP");
        let directive = |name: &str| {
            csp.split(';')
                .map(str::trim)
                .find_map(|d| d.strip_prefix(name)?.strip_prefix(' '))
                .unwrap_or_else(|| panic!("no {name} in {csp}"))
        };
        // Both pages of the build are the game's own: either page may start.
        assert_eq!(
            directive("script-src"),
            format!(
                "'self' 'wasm-unsafe-eval' {start_hash} {}",
                hash_of(JOIN_START)
            ),
        );
        assert_eq!(directive("default-src"), "'self'");
        assert_eq!(directive("style-src"), "'self'");
        let ws = format!("ws://127.0.0.1:{}/ws", server.server.port);
        assert!(directive("connect-src").contains(&ws), "{csp}");
        assert_eq!(directive("object-src"), "'none'");
        assert_eq!(directive("frame-ancestors"), "'none'");
    }
    // A file whose name has no hash may change under the same name.
    let icon = server.get("/favicon.svg", &[("Accept-Encoding", "br")]);
    assert_eq!(icon.status, 200);
    assert_eq!(icon.header("content-encoding"), None, "no .br was written");
    assert_eq!(icon.header("cache-control"), Some("no-cache"));
    // A second look at the page is answered without the page.
    let modified = server.get("/", &[]);
    let since = modified.header("last-modified").expect("last-modified");
    let again = server.get("/", &[("If-Modified-Since", since)]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    // The API is not cached as a file, and is not a page.
    let info = server.get("/api/info", &[]);
    assert_eq!(info.status, 200);
    assert_eq!(info.header("cache-control"), None);
    assert_eq!(info.header("content-security-policy"), None);
    assert_eq!(info.header("x-content-type-options"), Some("nosniff"));
}

#[test]
fn a_rebuilt_page_gets_the_hash_of_its_new_script() {
    let server = Served::start();
    let before = server.get("/", &[]);
    let csp = before
        .header("content-security-policy")
        .unwrap()
        .to_string();
    let new_start = "console.log('rebuilt and longer');";
    std::fs::write(
        server._dist.0.join("index.html"),
        format!("<html><script type=module>{new_start}</script></html>"),
    )
    .unwrap();
    let after = server.get("/", &[]);
    let csp_after = after.header("content-security-policy").unwrap();
    let digest = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(new_start));
    assert!(csp_after.contains(&digest), "{csp_after}");
    assert_ne!(csp_after, csp);
}

/// A script's hash as a Content-Security-Policy names it.
fn hash_of(script: &str) -> String {
    let digest = Sha256::digest(script.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// A student's join link opens the students' page (`/join/`, its own smaller wasm), served
/// like the whole game's: revalidated, with a policy that lets its own start script run,
/// and its hashed wasm compressed and cached for a year.
#[test]
fn the_students_join_page_is_served_with_its_own_script_allowed() {
    let server = Served::start();
    let page = server.get("/join/", &[("Accept-Encoding", "gzip, br")]);
    assert_eq!(page.status, 200);
    assert_eq!(String::from_utf8_lossy(&page.body), "br of join/index.html");
    assert_eq!(page.header("cache-control"), Some("no-cache"));
    let csp = page.header("content-security-policy").expect("a CSP");
    assert!(csp.contains(&hash_of(JOIN_START)), "{csp}");
    let wasm = server.get(&format!("/{JOIN_WASM}"), &[("Accept-Encoding", "br")]);
    assert_eq!(wasm.status, 200);
    assert_eq!(wasm.header("content-encoding"), Some("br"));
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(
        wasm.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
}
