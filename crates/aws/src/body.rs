//! Object bodies read with a size cap, chunk by chunk.
//!
//! Whoever controls a bucket controls what `GetObject` sends: a log file's key can hold
//! gigabytes, and the length declared in the listing or the response can differ from
//! what arrives. These readers never hold more than one chunk of a body they have not
//! accepted: a declared length past the cap is refused before anything is read, and a
//! body that sends more than the cap is cut off at the first chunk past it.

use aws_sdk_s3::primitives::ByteStream;

/// Why a body was not read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// The declared length is past the cap; nothing was read.
    Declared { declared: u64, cap: u64 },
    /// More than the cap arrived (the declared length was absent or false); reading stopped.
    Sent { cap: u64 },
    /// The connection failed while reading.
    Read(String),
    /// Whatever the chunks were handed to refused one.
    Sink(String),
}

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Declared { declared, cap } => {
                write!(f, "{declared} bytes is past the {cap}-byte limit; nothing was read")
            }
            Self::Sent { cap } => write!(f, "more than {cap} bytes arrived (past the limit); reading stopped"),
            Self::Read(e) => write!(f, "reading the body: {e}"),
            Self::Sink(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for BodyError {}

/// Hands each chunk of `body` to `sink` in order, refusing more than `cap` bytes in all
/// (`declared`: the response's `Content-Length`). Returns the bytes read.
pub async fn each_chunk(
    mut body: ByteStream,
    declared: Option<i64>,
    cap: u64,
    mut sink: impl FnMut(&[u8]) -> Result<(), String>,
) -> Result<u64, BodyError> {
    if let Some(d) = declared.and_then(|d| u64::try_from(d).ok()).filter(|d| *d > cap) {
        return Err(BodyError::Declared { declared: d, cap });
    }
    let mut total = 0u64;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| BodyError::Read(e.to_string()))?;
        total = total.saturating_add(chunk.len() as u64);
        if total > cap {
            return Err(BodyError::Sent { cap });
        }
        sink(&chunk).map_err(BodyError::Sink)?;
    }
    Ok(total)
}

/// The whole body, if it is at most `cap` bytes (memory: at most `cap` plus one chunk).
pub async fn collect_capped(body: ByteStream, declared: Option<i64>, cap: u64) -> Result<Vec<u8>, BodyError> {
    let hint = declared.and_then(|d| usize::try_from(d).ok()).unwrap_or(0);
    let mut out = Vec::with_capacity(hint.min(usize::try_from(cap).unwrap_or(usize::MAX)).min(64 << 20));
    each_chunk(body, declared, cap, |c| {
        out.extend_from_slice(c);
        Ok(())
    })
    .await?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(chunks: &[&'static [u8]]) -> ByteStream {
        let body: Vec<u8> = chunks.concat();
        ByteStream::from(body)
    }

    #[tokio::test]
    async fn refuses_a_declared_length_past_the_cap_without_reading() {
        let mut handed = 0;
        let r = each_chunk(stream(&[b"abc"]), Some(10), 5, |_| {
            handed += 1;
            Ok(())
        })
        .await;
        assert_eq!(r, Err(BodyError::Declared { declared: 10, cap: 5 }));
        assert_eq!(handed, 0);
    }

    #[tokio::test]
    async fn stops_a_body_that_sends_more_than_it_declared() {
        let r = collect_capped(stream(&[b"0123456789"]), Some(4), 4).await;
        assert_eq!(r, Err(BodyError::Sent { cap: 4 }));
        assert_eq!(collect_capped(stream(&[b"0123"]), None, 4).await.as_deref(), Ok(&b"0123"[..]));
    }

    #[tokio::test]
    async fn a_refusing_sink_stops_the_read() {
        let r = each_chunk(stream(&[b"x"]), None, 4, |_| Err("disk full".into())).await;
        assert_eq!(r, Err(BodyError::Sink("disk full".into())));
    }
}
