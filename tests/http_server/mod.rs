//! A real HTTP server on loopback for integration tests (tiny_http on port 0).
//!
//! Routes are a plain function from the request to a [`Reply`], so each test
//! states exactly what the server answers.

#![allow(dead_code)] // each test binary uses a different part of it

pub mod site;

use std::sync::Arc;
use std::thread::JoinHandle;

/// What the server answers for one path.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    pub fn status(status: u16) -> Self {
        Reply {
            status,
            headers: vec![],
            body: format!("status {status}").into_bytes(),
        }
    }

    pub fn redirect(location: &str) -> Self {
        Reply {
            status: 302,
            headers: vec![("Location".into(), location.into())],
            body: vec![],
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// The value of header `name` in `request`, if sent.
pub fn header_of(request: &tiny_http::Request, name: &str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.to_string())
}

/// A running server; stopped when dropped.
pub struct TestServer {
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
    pub base: String,
}

impl TestServer {
    /// Serves `routes` on 127.0.0.1 at a port chosen by the OS.
    pub fn start(routes: impl Fn(&tiny_http::Request) -> Reply + Send + 'static) -> Self {
        Self::start_on("127.0.0.1", routes)
    }

    /// Serves `routes` on loopback address `ip` (127.0.0.2 is a second "host").
    pub fn start_on(
        ip: &str,
        routes: impl Fn(&tiny_http::Request) -> Reply + Send + 'static,
    ) -> Self {
        let listener = nodelay_listener(ip).expect("bind loopback");
        let server = Arc::new(tiny_http::Server::from_listener(listener, None).expect("serve"));
        let port = server.server_addr().to_ip().expect("an IP listener").port();
        let serving = Arc::clone(&server);
        let thread = std::thread::spawn(move || {
            for request in serving.incoming_requests() {
                let reply = routes(&request);
                let mut response =
                    tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
                for (name, value) in &reply.headers {
                    let header = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
                        .expect("valid header");
                    response.add_header(header);
                }
                // The client may hang up early (that is what a body cap does).
                let _ = request.respond(response);
            }
        });
        TestServer {
            server,
            thread: Some(thread),
            base: format!("http://{ip}:{port}"),
        }
    }

    pub fn port(&self) -> u16 {
        self.server
            .server_addr()
            .to_ip()
            .expect("an IP listener")
            .port()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A server that answers one connection with a page promised at `len` bytes and then
/// sends it one byte per `every`: the "1 byte/s" attack that defeats read timeouts.
/// Its thread ends when the client hangs up.
pub fn trickle_server(every: std::time::Duration, len: usize) -> String {
    use std::io::{BufRead, BufReader};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else {
            return;
        };
        let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
        let mut line = String::new();
        // Read the request head up to its blank line.
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        trickle(stream, every, len);
    });
    base
}

/// Answers with a page promised at `len` bytes, then sends it one byte per
/// `every`, until done or the client hangs up.
pub fn trickle(mut stream: std::net::TcpStream, every: std::time::Duration, len: usize) {
    use std::io::Write;
    let head =
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len}\r\n\r\n");
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    for _ in 0..len {
        if stream
            .write_all(b"a")
            .and_then(|()| stream.flush())
            .is_err()
        {
            return;
        }
        std::thread::sleep(every);
    }
}

/// A listener on `ip`, port 0, whose accepted sockets send at once (TCP_NODELAY, which Linux
/// copies from the listener to each accepted socket): tiny_http writes a response's head and
/// body apart, and under Nagle's algorithm the body waited for the client's delayed ACK, about
/// 40 ms on every keep-alive request (2,500 pages took 100 s of waiting in pipeline_backlog).
fn nodelay_listener(ip: &str) -> std::io::Result<std::net::TcpListener> {
    use socket2::{Domain, Socket, Type};
    let ip: std::net::IpAddr = ip.parse().map_err(std::io::Error::other)?;
    let address = std::net::SocketAddr::new(ip, 0);
    let socket = Socket::new(Domain::for_address(address), Type::STREAM, None)?;
    socket.set_tcp_nodelay(true)?;
    socket.bind(&address.into())?;
    socket.listen(128)?;
    Ok(socket.into())
}
