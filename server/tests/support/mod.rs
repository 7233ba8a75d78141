//! What the classroom server's integration tests and its two load benchmarks share: the
//! real `tcpip-classroom serve` binary on 127.0.0.1, scratch directories, WebSocket clients
//! that speak the room's JSON messages, and the figures a benchmark reads of a process. The
//! benchmarks include it by path; each includer uses the part it needs.

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tcpip_protocol::{ToClient, ToServer};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How long the server may take to say where it listens.
const STARTUP: Duration = Duration::from_secs(20);

/// A directory of its own under the system's temporary directory, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("tcpip-classroom-{}-{n}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch directory");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The server binary, killed (SIGKILL) when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    /// Everything it printed so far, stdout and stderr.
    output: Arc<Mutex<String>>,
}

impl Server {
    /// `tcpip-classroom serve` on a free port of 127.0.0.1, serving the web root `www` and
    /// keeping its rooms in `data`, with more `options`. The environment variable
    /// `binary_var`, when given and set, names another build to run instead (an older
    /// binary, to see which tests it fails or how it measures).
    pub fn start(binary_var: Option<&str>, www: &Path, data: &Path, options: &[&str]) -> Server {
        let binary = binary_var
            .and_then(std::env::var_os)
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_tcpip-classroom").into());
        let mut child = Command::new(binary)
            .args(["serve", "--addr", "127.0.0.1:0", "--data"])
            .arg(data)
            .arg("--dir")
            .arg(www)
            .args(options)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let output = Arc::new(Mutex::new(String::new()));
        let (port_tx, port_rx) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        // Both pipes are read to their end, so the server never blocks on a full one.
        for (pipe, port_tx) in [
            (Box::new(stdout) as Box<dyn Read + Send>, Some(port_tx)),
            (Box::new(stderr), None),
        ] {
            let output = Arc::clone(&output);
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    if let Some(port) = line
                        .strip_prefix("listening on http://127.0.0.1:")
                        .and_then(|rest| rest.trim_end_matches('/').parse::<u16>().ok())
                        && let Some(tx) = &port_tx
                    {
                        let _ = tx.send(port);
                    }
                    let mut out = output.lock().unwrap();
                    out.push_str(&line);
                    out.push('\n');
                }
            });
        }
        let port = port_rx.recv_timeout(STARTUP).unwrap_or_else(|_| {
            panic!(
                "no \"listening on\" line; the server said:\n{}",
                output.lock().unwrap()
            )
        });
        Server {
            child,
            port,
            output,
        }
    }

    pub fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A TCP connection to the server on `port` from another loopback address (`127.0.0.N`;
/// 1 is the server's own machine, which it does not limit per address). `nodelay`: Nagle
/// off, as browsers have it for WebSockets, so that a frame written in two pieces does not
/// wait for the server's delayed ACK (40 ms on Linux) in a measure; with Nagle on, a burst
/// of small messages reaches the server together, as a test of its limits wants.
pub async fn tcp_from(port: u16, n: u8, nodelay: bool) -> std::io::Result<TcpStream> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.bind(SocketAddr::from(([127, 0, 0, n], 0)))?;
    let tcp = socket
        .connect(SocketAddr::from(([127, 0, 0, 1], port)))
        .await?;
    tcp.set_nodelay(nodelay)?;
    Ok(tcp)
}

/// A WebSocket to the server on `port` from `127.0.0.N` (see [`tcp_from`] for `nodelay`);
/// `None` when the server turned it away. `config`: tungstenite's, e.g. a smaller read
/// buffer for a benchmark of many.
pub async fn websocket_from(
    port: u16,
    n: u8,
    nodelay: bool,
    config: Option<WebSocketConfig>,
) -> Option<Socket> {
    let tcp = tcp_from(port, n, nodelay).await.ok()?;
    let url = format!("ws://127.0.0.1:{port}/ws");
    let (ws, _) =
        tokio_tungstenite::client_async_with_config(url, MaybeTlsStream::Plain(tcp), config)
            .await
            .ok()?;
    Some(ws)
}

/// A small read buffer for a benchmark's many sockets: tungstenite zeroes the whole buffer
/// (128 KiB by default) every time a socket is polled, a third of a generator's user CPU on
/// the 2 cores it shares with the server; a browser pays nothing like it.
pub fn small_buffer() -> WebSocketConfig {
    WebSocketConfig::default().read_buffer_size(4 * 1024)
}

/// Sends one message as the browser does (JSON in a text frame); whether it went out.
pub async fn send(ws: &mut Socket, msg: &ToServer) -> bool {
    let text = serde_json::to_string(msg).expect("serialisable");
    ws.send(Message::text(text)).await.is_ok()
}

/// The next message of the server; `None` once the socket closed or a frame was no message.
pub async fn recv(ws: &mut Socket) -> Option<ToClient> {
    loop {
        match ws.next().await? {
            Ok(Message::Text(t)) => return serde_json::from_str(&t).ok(),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// A whole number from the environment variable `name`, or `default`.
pub fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The `p` quantile (0 to 1) of sorted microseconds, in milliseconds; NaN for none.
pub fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

/// Resident memory (kB) and CPU time (s) of a process, from /proc.
pub fn usage(pid: u32) -> (u64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let rss = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may hold spaces) start at ") ".
    let fields: Vec<&str> = stat
        .rsplit_once(") ")
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks: f64 = fields
        .get(11..13)
        .map(|f| f.iter().filter_map(|v| v.parse::<f64>().ok()).sum())
        .unwrap_or(0.0);
    (rss, ticks / 100.0)
}
