//! Test support for the digest tests: a real SMTP server in-process
//! (mailin-embedded on 127.0.0.1:0) that records what it received and
//! answers DATA from a script, a raw SMTP server for what mailin cannot do
//! ([`raw`]), a store seeded with highlights ([`seed`]) and a small reader for
//! the received MIME bytes ([`mime`]).
#![allow(dead_code)] // each test file uses a different part

pub mod mime;
pub mod raw;
pub mod seed;
pub mod tls;

use std::collections::VecDeque;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};

use mailin_embedded::{Action, Handler, Response, Server, SslConfig, response};

/// One message the server accepted (250 to DATA).
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: Vec<u8>,
}

#[derive(Debug, Default)]
struct State {
    /// Replies to the end of DATA, in order; 250 once empty.
    data_replies: VecDeque<u16>,
    accepted: Vec<Received>,
    /// Every end of DATA, whatever the reply.
    data_ends: usize,
    mail_commands: usize,
    current: Option<Received>,
}

#[derive(Clone)]
struct Recorder(Arc<Mutex<State>>);

impl Handler for Recorder {
    fn mail(&mut self, _ip: IpAddr, _domain: &str, _from: &str) -> Response {
        self.0.lock().unwrap().mail_commands += 1;
        response::OK
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.0.lock().unwrap().current = Some(Received {
            from: from.to_owned(),
            to: to.to_vec(),
            data: Vec::new(),
        });
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(current) = self.0.lock().unwrap().current.as_mut() {
            current.data.extend_from_slice(buf);
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let mut state = self.0.lock().unwrap();
        state.data_ends += 1;
        let code = state.data_replies.pop_front().unwrap_or(250);
        let message = state.current.take().expect("DATA was started");
        if code == 250 {
            state.accepted.push(message);
            return response::OK;
        }
        // mailin stays in its DATA state after an error reply, so the client's
        // QUIT would go unanswered: reply, then close, as a real server may.
        let mut reply = Response::custom(code, format!("scripted reply {code}"));
        reply.action = Action::Close;
        reply
    }
}

/// A mailin-embedded server on an ephemeral loopback port. Its thread lives
/// as long as the test process (mailin has no shutdown).
pub struct SmtpServer {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl SmtpServer {
    /// Starts a server answering the ends of DATA with `data_replies` in
    /// order, then 250.
    pub fn start(data_replies: &[u16]) -> SmtpServer {
        Self::start_with(data_replies, SslConfig::None)
    }

    /// A server that offers STARTTLS with the certificate of `pki`.
    pub fn start_starttls(pki: &tls::TestPki) -> SmtpServer {
        let path = |p: &std::path::Path| p.to_str().unwrap().to_string();
        Self::start_with(
            &[],
            SslConfig::Trusted {
                cert_path: path(&pki.cert),
                key_path: path(&pki.key),
                chain_path: path(&pki.ca),
            },
        )
    }

    fn start_with(data_replies: &[u16], ssl: SslConfig) -> SmtpServer {
        let state = Arc::new(Mutex::new(State {
            data_replies: data_replies.iter().copied().collect(),
            ..State::default()
        }));
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().unwrap();
        let mut server = Server::new(Recorder(Arc::clone(&state)));
        server
            .with_name("test.invalid")
            .with_ssl(ssl)
            .expect("TLS set up")
            .with_num_threads(2)
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            // Only returns on a listener error, which the tests then see as refused connections.
            let _ = server.serve();
        });
        SmtpServer { addr, state }
    }

    /// Messages accepted so far.
    pub fn accepted(&self) -> Vec<Received> {
        self.state.lock().unwrap().accepted.clone()
    }

    /// Ends of DATA seen so far (accepted or not).
    pub fn data_ends(&self) -> usize {
        self.state.lock().unwrap().data_ends
    }

    pub fn mail_commands(&self) -> usize {
        self.state.lock().unwrap().mail_commands
    }

    /// Replaces what the coming DATA ends are answered with.
    pub fn script(&self, data_replies: &[u16]) {
        self.state.lock().unwrap().data_replies = data_replies.iter().copied().collect();
    }
}
