//! The only code of Salyq that opens a network connection: one HTTP GET at a time, with a
//! timeout, through `ureq` (blocking, TLS by rustls with the Mozilla root certificates). It is
//! reached only from [`super::fetch`], which runs only when the user asks for official rates
//! (`salyq rates fetch`, or the window's "Get official rates…" button).

use std::time::Duration;

/// The largest answer read (a day of rates is a few kilobytes).
const MAX_ANSWER_BYTES: u64 = 4 << 20;

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpError {
    /// The server answered with this status (not 200).
    Status(u16),
    /// No answer in time.
    Timeout,
    /// The connection failed, or the answer could not be read (ureq's words).
    Transport(String),
}

impl HttpError {
    /// True when trying again may help (a timeout, a broken connection, a 5xx or 429 answer).
    pub fn is_transient(&self) -> bool {
        match self {
            HttpError::Status(s) => *s >= 500 || *s == 429 || *s == 408,
            HttpError::Timeout | HttpError::Transport(_) => true,
        }
    }
}

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HttpError::Status(s) => write!(f, "the server answered HTTP {s}"),
            HttpError::Timeout => f.write_str("no answer in time"),
            HttpError::Transport(e) => write!(f, "{e}"),
        }
    }
}

/// An HTTP client with one timeout for a whole request.
pub struct Client {
    agent: ureq::Agent,
}

impl Client {
    /// A client whose requests give up after `timeout`. `local` (a server on this machine, as
    /// in tests) bypasses any proxy set in the environment.
    pub fn new(timeout: Duration, local: bool) -> Client {
        let mut config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent(concat!("salyq/", env!("CARGO_PKG_VERSION")));
        if local {
            config = config.proxy(None);
        }
        Client {
            agent: ureq::Agent::new_with_config(config.build()),
        }
    }

    /// The body of the answer to `GET url`, when the status is 200.
    pub fn get(&self, url: &str) -> Result<Vec<u8>, HttpError> {
        let mut answer = self.agent.get(url).call().map_err(error)?;
        let status = answer.status().as_u16();
        if status != 200 {
            return Err(HttpError::Status(status));
        }
        answer
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_vec()
            .map_err(error)
    }
}

fn error(e: ureq::Error) -> HttpError {
    match e {
        ureq::Error::StatusCode(s) => HttpError::Status(s),
        ureq::Error::Timeout(_) => HttpError::Timeout,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => HttpError::Timeout,
        other => HttpError::Transport(other.to_string()),
    }
}
