//! `regionwatch digest send`: queue every recipient's digest of what is new
//! for them, then send everything due in the outbox; and `send-test-email`.

use chrono::Utc;
use lettre::message::Mailbox;

use super::Exit;
use super::setup::{ConfigArg, open_store, runtime};
use crate::digest::message;
use crate::digest::transport::Transport;
use crate::digest::{Rendered, RoundReport, compose_and_send, transport_for};
use crate::store::AsyncStore;

#[derive(Debug, clap::Subcommand)]
pub enum DigestCommand {
    /// Queue each recipient's digest of what is new for them and send the outbox now.
    Send(SendArgs),
}

#[derive(Debug, clap::Args)]
pub struct SendArgs {
    /// Only these recipients (their addresses as in [[recipients]]); repeatable.
    #[arg(long = "to", value_name = "EMAIL")]
    pub to: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct TestEmailArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// Where to send the test message [default: the first of [[recipients]]].
    #[arg(long = "to", value_name = "EMAIL")]
    pub to: Option<Mailbox>,
}

pub fn run(command: &DigestCommand, config: &ConfigArg) -> Exit {
    let DigestCommand::Send(args) = command;
    let mut config = match config.load() {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    if !args.to.is_empty() {
        config.recipients.retain(|r| {
            args.to
                .iter()
                .any(|t| r.address().eq_ignore_ascii_case(t.trim()))
        });
        if config.recipients.is_empty() {
            eprintln!(
                "regionwatch: error: none of {:?} is in [[recipients]]",
                args.to
            );
            return Exit::Usage;
        }
    }
    let store = match open_store(&config) {
        Ok(s) => AsyncStore::new(s),
        Err(exit) => return exit,
    };
    let transport = match transport_for(&config) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("regionwatch: error: {e}");
            return Exit::Failed;
        }
    };
    match runtime().block_on(compose_and_send(&config, &store, &transport, Utc::now())) {
        Ok(report) => print_round(&report, &transport),
        Err(e) => {
            eprintln!("regionwatch: error: {e}");
            Exit::Failed
        }
    }
}

/// Prints what the round did; exits [`Exit::Failed`] when a digest failed or waits for a retry.
fn print_round(round: &RoundReport, transport: &Transport) -> Exit {
    let report = &round.sent;
    let mut out = String::new();
    for (to, count) in &round.queued {
        out += &format!("queued a digest of {count} highlights for {to}\n");
    }
    out += &format!(
        "{} sent, {} to retry, {} failed (via {})\n",
        report.sent.len(),
        report.retrying.len(),
        report.failed.len(),
        transport.describe()
    );
    for (id, e) in &report.retrying {
        out += &format!("  digest {id}: {e}\n");
    }
    for (id, e) in &report.failed {
        out += &format!("  digest {id} FAILED: {e}\n");
    }
    // Printed once all is sent and recorded: a closed stdout cannot cut a round short.
    let printed = super::print_out(&out);
    if report.failed.is_empty() && report.retrying.is_empty() {
        printed
    } else {
        Exit::Failed
    }
}

/// `send-test-email`: one small message straight through the transport (not
/// the outbox), so that a configuration mistake shows at once.
pub fn send_test_email(args: &TestEmailArgs) -> Exit {
    let config = match args.config.load() {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    let transport = match transport_for(&config) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("regionwatch: error: {e}");
            return Exit::Failed;
        }
    };
    let Some(to) = args
        .to
        .clone()
        .or_else(|| config.recipients.first().map(|r| r.mailbox.clone()))
    else {
        eprintln!("regionwatch: error: give --to EMAIL, or configure [[recipients]]");
        return Exit::Usage;
    };
    let from = transport.from();
    let now = Utc::now();
    let id = format!(
        "<test-{}@{}>",
        now.format("%Y%m%d%H%M%S%3f"),
        from.email.domain()
    );
    let rendered = Rendered {
        subject: "regionwatch test message".into(),
        text: format!(
            "This test message was sent by regionwatch via {}.",
            transport.describe()
        ),
        html: "<p>This test message was sent by regionwatch.</p>".into(),
    };
    let built = match message::build_with_id(id, &from, &to, &rendered, now.into()) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("regionwatch: error: {e}");
            return Exit::Failed;
        }
    };
    let (sender, recipient) = (from.email.to_string(), to.email.to_string());
    let sent =
        runtime().block_on(transport.send(&sender, &recipient, &built.message_id, &built.bytes));
    match sent {
        Ok(()) => super::print_out(&format!(
            "sent {} to {recipient} via {}\n",
            built.message_id,
            transport.describe()
        )),
        Err(e) => {
            eprintln!("regionwatch: error: {e}");
            Exit::Failed
        }
    }
}
