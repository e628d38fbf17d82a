//! Checks the `[fetch]` table: politeness, timeouts and limits, each with a default.

use std::time::Duration;

use toml::Spanned;

use super::{bounded, fault};
use crate::config::locate::Fault;
use crate::config::model::FetchSettings;
use crate::config::raw::RawFetch;

pub(super) fn fetch(raw: &RawFetch) -> Result<FetchSettings, Fault> {
    let defaults = FetchSettings::default();
    let user_agent = match &raw.user_agent {
        None => defaults.user_agent,
        Some(agent) => user_agent(agent)?,
    };
    let min_delay_ms = bounded(
        &raw.min_delay_ms,
        "fetch.min_delay_ms",
        FetchSettings::DEFAULT_MIN_DELAY_MS,
        0,
        3_600_000,
    )?;
    let connect_secs = bounded(
        &raw.connect_timeout_secs,
        "fetch.connect_timeout_secs",
        FetchSettings::DEFAULT_CONNECT_TIMEOUT_SECS,
        1,
        300,
    )?;
    let timeout_secs = bounded(
        &raw.timeout_secs,
        "fetch.timeout_secs",
        FetchSettings::DEFAULT_TIMEOUT_SECS,
        1,
        3600,
    )?;
    if let Some(timeout) = raw
        .timeout_secs
        .as_ref()
        .filter(|_| connect_secs > timeout_secs)
    {
        return Err(fault(
            timeout,
            "fetch.timeout_secs",
            format!(
                "{timeout_secs} is shorter than connect_timeout_secs ({connect_secs}); the total timeout must be at least the connect timeout"
            ),
        ));
    }
    Ok(FetchSettings {
        user_agent,
        min_delay: Duration::from_millis(min_delay_ms),
        jitter: jitter(&raw.jitter)?,
        allow_private_networks: raw.allow_private_networks.unwrap_or(false),
        connect_timeout: Duration::from_secs(connect_secs),
        timeout: Duration::from_secs(timeout_secs),
        max_body_bytes: bounded(
            &raw.max_body_bytes,
            "fetch.max_body_bytes",
            FetchSettings::DEFAULT_MAX_BODY_BYTES,
            1024,
            1 << 30,
        )?,
        max_redirects: bounded(
            &raw.max_redirects,
            "fetch.max_redirects",
            FetchSettings::DEFAULT_MAX_REDIRECTS as u64,
            0,
            10,
        )? as usize,
        retries: bounded(
            &raw.attempts,
            "fetch.attempts",
            u64::from(FetchSettings::DEFAULT_ATTEMPTS),
            1,
            10,
        )? as u32,
        obey_robots: raw.obey_robots.unwrap_or(true),
    })
}

fn user_agent(value: &Spanned<String>) -> Result<String, Fault> {
    let agent = value.get_ref();
    // A header value must be visible ASCII; a newline here would also split the request.
    if agent.trim().is_empty() || !agent.chars().all(|c| c == ' ' || c.is_ascii_graphic()) {
        return Err(fault(
            value,
            "fetch.user_agent",
            "must be non-empty printable ASCII; e.g. \"regionwatch/0.1 (+mailto:ops@example.org)\"",
        ));
    }
    Ok(agent.clone())
}

fn jitter(value: &Option<Spanned<f64>>) -> Result<f64, Fault> {
    let Some(jitter) = value else {
        return Ok(FetchSettings::DEFAULT_JITTER);
    };
    let number = *jitter.get_ref();
    if !(0.0..=1.0).contains(&number) {
        return Err(fault(
            jitter,
            "fetch.jitter",
            format!("{number} is out of range; use a share between 0.0 and 1.0"),
        ));
    }
    Ok(number)
}
