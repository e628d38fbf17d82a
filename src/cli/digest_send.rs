//! `regionwatch digest send`: queue every recipient's digest of what is new
//! for them, then send everything due in the outbox; and `send-test-email`.
//!
//! MERGE NOTE (lead): the recipients and transport come from engineer A's
//! config ([digest], [smtp], [[recipients]]) once merged; until then
//! [`delivery_plan`] uses the file transport (the default without [smtp])
//! and the `--to` addresses, and [`fallback_render`] stands in for A's
//! `crate::digest::render::render`. Replace both; nothing else changes.

use chrono::Utc;
use lettre::message::Mailbox;

use super::Exit;
use super::setup::{ConfigArg, open_store, runtime};
use crate::config::Config;
use crate::digest::deliver::{SendReport, queue_for_recipient, send_pending};
use crate::digest::message::{self, Rendered};
use crate::digest::transport::Transport;
use crate::store::{AsyncStore, HighlightFilter, StoredHighlight};

#[derive(Debug, clap::Subcommand)]
pub enum DigestCommand {
    /// Queue each recipient's digest of what is new for them and send the outbox now.
    Send(SendArgs),
}

#[derive(Debug, clap::Args)]
pub struct SendArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// A recipient (repeatable); until [[recipients]] is configurable, the only ones.
    #[arg(long = "to", value_name = "EMAIL")]
    pub to: Vec<Mailbox>,
}

#[derive(Debug, clap::Args)]
pub struct TestEmailArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// Where to send the test message.
    #[arg(long = "to", value_name = "EMAIL")]
    pub to: Mailbox,
}

/// Who gets what, and how. (Placeholder: see the module's merge note.)
struct DeliveryPlan {
    transport: Transport,
    recipients: Vec<(Mailbox, HighlightFilter)>,
    max_items: usize,
    send_empty: bool,
}

fn delivery_plan(config: &Config, to: &[Mailbox]) -> DeliveryPlan {
    let dir = config
        .database
        .parent()
        .unwrap_or(std::path::Path::new("."))
        .join("outbox");
    DeliveryPlan {
        transport: Transport::File(dir),
        recipients: to
            .iter()
            .map(|m| (m.clone(), HighlightFilter::default()))
            .collect(),
        max_items: 200,
        send_empty: false,
    }
}

/// Stand-in for engineer A's renderer (see the module's merge note): a plain
/// list, scraped text HTML-escaped.
fn fallback_render(items: &[StoredHighlight]) -> Result<Rendered, String> {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let text: Vec<String> = items
        .iter()
        .map(|h| format!("- {}: {}", h.region, h.text))
        .collect();
    let html: Vec<String> = items
        .iter()
        .map(|h| format!("<li><b>{}</b>: {}</li>", escape(&h.region), escape(&h.text)))
        .collect();
    Ok(Rendered {
        subject: format!("regionwatch: {} new highlights", items.len()),
        text: text.join("\n"),
        html: format!("<ul>{}</ul>", html.join("\n")),
    })
}

pub fn run(command: &DigestCommand) -> Exit {
    let DigestCommand::Send(args) = command;
    let config = match args.config.load() {
        Ok(c) => c,
        Err(exit) => return exit,
    };
    let store = match open_store(&config) {
        Ok(s) => AsyncStore::new(s),
        Err(exit) => return exit,
    };
    let plan = delivery_plan(&config, &args.to);
    let now = Utc::now();
    let result = runtime().block_on(async {
        let from = plan.transport.from();
        for (to, filter) in plan.recipients.clone() {
            let from = from.clone();
            let (max, empty) = (plan.max_items, plan.send_empty);
            let queued = store
                .call(move |s| {
                    queue_for_recipient(s, &from, &to, &filter, max, empty, now, fallback_render)
                })
                .await?;
            if let Some(id) = queued {
                eprintln!("queued digest {id}");
            }
        }
        send_pending(&store, &plan.transport, now).await
    });
    match result {
        Ok(report) => print_report(&report, &plan.transport),
        Err(e) => {
            eprintln!("regionwatch: error: {e}");
            Exit::Failed
        }
    }
}

fn print_report(report: &SendReport, transport: &Transport) -> Exit {
    println!(
        "{} sent, {} to retry, {} failed (via {})",
        report.sent.len(),
        report.retrying.len(),
        report.failed.len(),
        transport.describe()
    );
    for (id, e) in &report.retrying {
        println!("  digest {id}: {e}");
    }
    for (id, e) in &report.failed {
        println!("  digest {id} FAILED: {e}");
    }
    if report.failed.is_empty() && report.retrying.is_empty() {
        Exit::Ok
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
    let transport = delivery_plan(&config, &[]).transport;
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
    let built = match message::build_with_id(id, &from, &args.to, &rendered, now.into()) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("regionwatch: error: {e}");
            return Exit::Failed;
        }
    };
    let (sender, recipient) = (from.email.to_string(), args.to.email.to_string());
    let sent =
        runtime().block_on(transport.send(&sender, &recipient, &built.message_id, &built.bytes));
    match sent {
        Ok(()) => {
            println!(
                "sent {} to {recipient} via {}",
                built.message_id,
                transport.describe()
            );
            Exit::Ok
        }
        Err(e) => {
            eprintln!("regionwatch: error: {e}");
            Exit::Failed
        }
    }
}
