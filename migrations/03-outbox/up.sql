-- 03-outbox: digests waiting to be sent or already sent, the highlights each
-- carries, and which highlight was delivered to whom (exactly once).
-- A digest row holds the exact RFC 5322 bytes to send, so a retry re-sends
-- the very same message (same Message-ID) the first attempt may have delivered.

CREATE TABLE digests (
    id              INTEGER PRIMARY KEY,
    recipient       TEXT NOT NULL,           -- envelope recipient (address only)
    sender          TEXT NOT NULL,           -- envelope sender (address only)
    created_at      TEXT NOT NULL,
    message_id      TEXT NOT NULL UNIQUE,    -- with angle brackets, as in the header
    subject         TEXT NOT NULL,
    message         BLOB NOT NULL,           -- the exact bytes handed to the transport
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,           -- pending: not sent before this instant
    last_error      TEXT,
    sent_at         TEXT
) STRICT;
CREATE INDEX digests_due ON digests(status, next_attempt_at);
CREATE INDEX digests_recipient ON digests(recipient, status);

CREATE TABLE digest_items (
    digest_id    INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
    highlight_id INTEGER NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
    PRIMARY KEY (digest_id, highlight_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX digest_items_highlight ON digest_items(highlight_id);

-- The primary key is the "never twice to the same recipient" rule.
CREATE TABLE deliveries (
    recipient    TEXT NOT NULL,
    highlight_id INTEGER NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
    digest_id    INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
    PRIMARY KEY (recipient, highlight_id)
) STRICT, WITHOUT ROWID;
