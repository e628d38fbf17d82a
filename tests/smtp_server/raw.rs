//! A minimal SMTP server on a raw socket, for the cases mailin cannot
//! express: dropping the connection right after the message's final dot
//! (no reply at all), recording every byte a client sends when the
//! server advertises AUTH but no STARTTLS, AUTH LOGIN's challenges,
//! refusing every login (535) and answering the end of DATA late.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// What the server does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// The first `n` connections are closed, unanswered, as soon as the
    /// message's final `.` arrives; later ones get 250.
    DropAfterData(usize),
    /// EHLO advertises AUTH PLAIN LOGIN and no STARTTLS; everything gets 250/235.
    AuthWithoutStarttls,
    /// EHLO advertises AUTH PLAIN LOGIN; every login is refused with 535.
    AuthRefused,
    /// EHLO advertises only AUTH LOGIN: the username and the password each
    /// answer a 334 challenge; everything gets 250/235.
    AuthLoginOnly,
    /// On the first `n` connections the 250 to the end of DATA comes this
    /// long after the final `.` (the message is stored first, as a slow real
    /// server does); later ones get it at once.
    SlowDataReply(std::time::Duration, usize),
}

#[derive(Debug, Default)]
struct Log {
    /// Everything each connection sent, in order.
    transcripts: Vec<Vec<u8>>,
    /// Complete messages received (including dropped ones).
    messages: Vec<Vec<u8>>,
    /// Messages answered with 250.
    accepted: Vec<Vec<u8>>,
}

pub struct RawServer {
    pub addr: SocketAddr,
    log: Arc<Mutex<Log>>,
}

impl RawServer {
    pub fn start(behaviour: Behaviour) -> RawServer {
        Self::accepting(move |stream, n, log| serve(stream, n, behaviour, log))
    }

    /// The same server behind implicit TLS (as on port 465), with the
    /// certificate of `pki`: every connection starts with the TLS handshake.
    pub fn start_implicit_tls(behaviour: Behaviour, pki: &super::tls::TestPki) -> RawServer {
        let config = Arc::new(pki.server_config());
        Self::accepting(move |stream, n, log| {
            let tls = rustls::ServerConnection::new(Arc::clone(&config)).expect("TLS session");
            // A failed handshake ends the connection, as a real server would.
            serve(rustls::StreamOwned::new(tls, stream), n, behaviour, log)
        })
    }

    /// Binds 127.0.0.1:0 and hands each connection (with its number) to `session`.
    fn accepting(
        session: impl Fn(TcpStream, usize, &Mutex<Log>) -> std::io::Result<()> + Send + 'static,
    ) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().unwrap();
        let log = Arc::new(Mutex::new(Log::default()));
        let shared = Arc::clone(&log);
        std::thread::spawn(move || {
            for (n, stream) in listener.incoming().enumerate() {
                let Ok(stream) = stream else { continue };
                // One connection at a time: the client under test sends one by one.
                let _ = session(stream, n, &shared);
            }
        });
        RawServer { addr, log }
    }

    /// All bytes received on all connections.
    pub fn transcript(&self) -> String {
        let log = self.log.lock().unwrap();
        String::from_utf8_lossy(&log.transcripts.concat()).into_owned()
    }

    pub fn connections(&self) -> usize {
        self.log.lock().unwrap().transcripts.len()
    }

    pub fn messages(&self) -> Vec<Vec<u8>> {
        self.log.lock().unwrap().messages.clone()
    }

    pub fn accepted(&self) -> Vec<Vec<u8>> {
        self.log.lock().unwrap().accepted.clone()
    }
}

fn serve(
    stream: impl Read + Write,
    n: usize,
    behaviour: Behaviour,
    log: &Mutex<Log>,
) -> std::io::Result<()> {
    let index = {
        let mut log = log.lock().unwrap();
        log.transcripts.push(Vec::new());
        log.transcripts.len() - 1
    };
    let record = |bytes: &[u8]| log.lock().unwrap().transcripts[index].extend_from_slice(bytes);
    let mut input = BufReader::new(stream);
    reply_with(&mut input, b"220 raw.test.invalid ESMTP\r\n")?;
    let mut line = Vec::new();
    // AUTH LOGIN: how many of its challenges (username, password) are still to answer.
    let mut login_challenges = 0;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        record(&line);
        let command = String::from_utf8_lossy(&line).to_ascii_uppercase();
        let reply: &[u8] = if login_challenges > 0 {
            login_challenges -= 1;
            if login_challenges == 1 {
                b"334 UGFzc3dvcmQ6\r\n" // "Password:"
            } else {
                b"235 ok\r\n"
            }
        } else if command.starts_with("EHLO") {
            match behaviour {
                Behaviour::AuthWithoutStarttls | Behaviour::AuthRefused => {
                    b"250-raw.test.invalid\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n"
                }
                Behaviour::AuthLoginOnly => {
                    b"250-raw.test.invalid\r\n250-AUTH LOGIN\r\n250 8BITMIME\r\n"
                }
                Behaviour::DropAfterData(_) | Behaviour::SlowDataReply(..) => {
                    b"250-raw.test.invalid\r\n250 8BITMIME\r\n"
                }
            }
        } else if command.starts_with("AUTH LOGIN") && behaviour == Behaviour::AuthLoginOnly {
            login_challenges = 2;
            b"334 VXNlcm5hbWU6\r\n" // "Username:"
        } else if command.starts_with("DATA") {
            reply_with(&mut input, b"354 go ahead\r\n")?;
            let message = read_message(&mut input, &record)?;
            let dropped = matches!(behaviour, Behaviour::DropAfterData(k) if n < k);
            let mut log = log.lock().unwrap();
            log.messages.push(message.clone());
            if dropped {
                return Ok(()); // closes the socket without a reply
            }
            log.accepted.push(message);
            drop(log);
            if let Behaviour::SlowDataReply(delay, k) = behaviour
                && n < k
            {
                std::thread::sleep(delay); // the delay under test, not a wait for something
            }
            b"250 queued\r\n"
        } else if command.starts_with("AUTH") && behaviour == Behaviour::AuthRefused {
            b"535 5.7.8 Authentication credentials invalid\r\n"
        } else if command.starts_with("AUTH") {
            b"235 ok\r\n"
        } else if command.starts_with("QUIT") {
            reply_with(&mut input, b"221 bye\r\n")?;
            return Ok(());
        } else {
            b"250 ok\r\n"
        };
        reply_with(&mut input, reply)?;
    }
}

/// Writes a reply on the connection `input` reads from.
fn reply_with(input: &mut BufReader<impl Read + Write>, reply: &[u8]) -> std::io::Result<()> {
    let stream = input.get_mut();
    stream.write_all(reply)?;
    stream.flush()
}

/// Reads DATA lines up to the lone `.`; returns the message (dot-unstuffed).
fn read_message(
    input: &mut BufReader<impl Read + Write>,
    record: &impl Fn(&[u8]),
) -> std::io::Result<Vec<u8>> {
    let mut message = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(message);
        }
        record(&line);
        if line == b".\r\n" {
            return Ok(message);
        }
        let unstuffed = if line.starts_with(b"..") {
            &line[1..]
        } else {
            &line[..]
        };
        message.extend_from_slice(unstuffed);
    }
}
